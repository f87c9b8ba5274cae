package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/sqlstore"
	"github.com/procura/procura/internal/store"
)

// TestOptimizeGivesSQLitePlannerStatistics: the statistics of a database filled after its
// migrations describe its documents as they were then (none, migration 0009 analyzed an empty
// table); Optimize brings them up to what is stored.
func TestOptimizeGivesSQLitePlannerStatistics(t *testing.T) {
	path := filepath.Join(t.TempDir(), "procura.db")
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Write(ctx, func(tx store.Tx) error {
		if err := tx.CreateProject(&procura.Project{ID: "p", Key: "p"}); err != nil {
			return err
		}
		for i := range 300 {
			if err := tx.Docs("p").Insert(&store.Doc{Type: "t", ID: fmt.Sprint(i), Version: 1, CreatedAt: "2026-01-01T00:00:00.000Z", Data: []byte(`{}`)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// rows is the number of documents the statistics believe in (the first number of an index's).
	rows := func() int {
		t.Helper()
		raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		var n int
		err = raw.QueryRow(`SELECT max(CAST(stat AS INTEGER)) FROM sqlite_stat1 WHERE tbl = 'documents'`).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := rows(); n >= 300 {
		t.Fatalf("the statistics believe in %d documents before Optimize", n)
	}
	if err := db.Optimize(ctx); err != nil {
		t.Fatal(err)
	}
	if n := rows(); n < 300 {
		t.Fatalf("the statistics believe in %d documents after Optimize, want 300", n)
	}
}

// TestSQLiteKeepsNoSamples: with samples (sqlite_stat4) SQLite prepares a look-up again whenever
// its bound key changes (decision 0060). Analyze writes none, and Optimize drops those a full
// ANALYZE run by hand left, keeping the row counts.
func TestSQLiteKeepsNoSamples(t *testing.T) {
	path := filepath.Join(t.TempDir(), "procura.db")
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Write(ctx, func(tx store.Tx) error {
		if err := tx.CreateProject(&procura.Project{ID: "p", Key: "p"}); err != nil {
			return err
		}
		for i := range 300 {
			doc := &store.Doc{Type: "t", ID: fmt.Sprint(i), Key: fmt.Sprint("k", i), Version: 1, CreatedAt: "2026-01-01T00:00:00.000Z", Data: []byte(`{}`)}
			if err := tx.Docs("p").Insert(doc); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	count := func(table string) int {
		t.Helper()
		var n int
		if err := raw.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, step := range []struct {
		name string
		run  func() error
	}{
		{"Analyze", func() error { return db.Analyze(ctx) }},
		{"Optimize after a full ANALYZE", func() error {
			if _, err := raw.Exec(`ANALYZE`); err != nil {
				return err
			}
			if n := count("sqlite_stat4"); n == 0 {
				t.Fatal("a full ANALYZE wrote no samples: this SQLite keeps none, and the test shows nothing")
			}
			return db.Optimize(ctx)
		}},
	} {
		if err := step.run(); err != nil {
			t.Fatal(err)
		}
		if n := count("sqlite_stat4"); n != 0 {
			t.Errorf("%s: %d samples left", step.name, n)
		}
		if n := count("sqlite_stat1"); n == 0 {
			t.Errorf("%s: no row counts left", step.name)
		}
	}
}
