package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
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
// its bound key changes (decision 0060). Analyze writes none, Optimize drops those a full ANALYZE
// left, and so does opening the database; the row counts stay, and the writer plans by them at
// once (a sample would tell it that a = 1 is rare, and it would read the index on a).
func TestSQLiteKeepsNoSamples(t *testing.T) {
	path := filepath.Join(t.TempDir(), "procura.db")
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { db.Close() }()
	for _, q := range []string{`CREATE TABLE skew (a INTEGER, b INTEGER)`, `CREATE INDEX skew_a ON skew(a)`, `CREATE INDEX skew_b ON skew(b)`,
		`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 1999)
		INSERT INTO skew SELECT CASE WHEN i = 0 THEN 1 ELSE 0 END, i % 2 FROM n`} {
		if err := db.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	count := func(table string) int {
		t.Helper()
		n, err := db.QueryInt(ctx, `SELECT count(*) FROM `+table)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	readsIndexA := func() bool {
		t.Helper()
		plan, err := db.WriterPlan(ctx, `SELECT * FROM skew WHERE a = 1 AND b = 1`)
		if err != nil {
			t.Fatal(err)
		}
		return strings.Contains(plan, "skew_a")
	}
	fullAnalyze := func() {
		t.Helper()
		if err := db.Exec(ctx, `ANALYZE`); err != nil {
			t.Fatal(err)
		}
		if count("sqlite_stat4") == 0 || !readsIndexA() {
			t.Fatal("a full ANALYZE wrote no samples, or the writer did not plan by them: the test shows nothing")
		}
	}
	for _, step := range []struct {
		name string
		run  func() error
	}{
		{"Analyze", func() error { return db.Analyze(ctx) }},
		{"Optimize after a full ANALYZE", func() error { fullAnalyze(); return db.Optimize(ctx) }},
		{"opening after a full ANALYZE", func() error {
			fullAnalyze()
			if err := db.Close(); err != nil {
				return err
			}
			db, err = sqlstore.Open(ctx, "sqlite:"+path)
			return err
		}},
	} {
		if err := step.run(); err != nil {
			t.Fatal(err)
		}
		if n := count("sqlite_stat4"); n != 0 {
			t.Errorf("%s: %d samples left", step.name, n)
		}
		if count("sqlite_stat1") == 0 {
			t.Errorf("%s: no row counts left", step.name)
		}
		if readsIndexA() {
			t.Errorf("%s: the writer still plans by the samples", step.name)
		}
	}
}
