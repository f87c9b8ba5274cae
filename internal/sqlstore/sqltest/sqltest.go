// Package sqltest gives tests a fresh, migrated database of each kind: a temporary SQLite file,
// and a schema of its own in the PostgreSQL that PROCURA_TEST_POSTGRES names.
package sqltest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/procura/procura/internal/sqlstore"
)

// EnvPostgres names the variable holding the PostgreSQL URL for tests.
const EnvPostgres = "PROCURA_TEST_POSTGRES"

// Backend is a kind of database tests run against.
type Backend struct {
	Name string
	// URL returns the URL of a new empty database (a file or a schema) that is removed when t ends.
	URL func(t testing.TB) string
}

// Backends returns SQLite always and PostgreSQL when it is configured.
func Backends() []Backend {
	return []Backend{{"sqlite", SQLiteURL}, {"postgres", PostgresURL}}
}

// SQLiteURL returns the URL of a new SQLite file in t's temporary directory.
func SQLiteURL(t testing.TB) string {
	return "sqlite:" + filepath.Join(t.TempDir(), "procura.db")
}

// PostgresURL returns the URL of a new schema in the test PostgreSQL, dropped at the end of t.
// Without PROCURA_TEST_POSTGRES the test is skipped, or fails when CI is set: CI must run it.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set: CI must run the PostgreSQL tests", EnvPostgres)
		}
		t.Skipf("PostgreSQL tests skipped: set %s to a postgres:// URL to run them", EnvPostgres)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "procura_test_" + hex.EncodeToString(b)
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("PostgreSQL at %s: %v", EnvPostgres, err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err == nil {
			_, _ = db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
			db.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Open opens and migrates a new database of backend b, closed when t ends.
func Open(t testing.TB, b Backend) *sqlstore.DB {
	t.Helper()
	db, err := sqlstore.Open(context.Background(), b.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
