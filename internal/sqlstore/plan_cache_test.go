package sqlstore_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/sqlstore"
	"github.com/procura/procura/internal/sqlstore/sqltest"
	"github.com/procura/procura/internal/store"
)

// TestPostgresPlansStatementsOnce: on PostgreSQL a connection plans each statement it keeps
// prepared once, for any values, unless the URL names another plan_cache_mode (decision 0062):
// a unit's lineage read ten times makes no plan for its values by default, and one each time
// when the URL asks for them, as a parameter or in its options.
func TestPostgresPlansStatementsOnce(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		param    string
		planned0 bool // whether the reads made plans for their values
	}{{"", false}, {"&plan_cache_mode=force_custom_plan", true}, {"&options=-c%20plan_cache_mode%3Dforce_custom_plan", true}} {
		t.Run("url"+c.param, func(t *testing.T) {
			db := oneSession(t, sqltest.PostgresURL(t)+c.param)
			p, _ := procura.NewProject("plans", "", "plans", time.Now())
			err := db.Write(ctx, func(tx store.Tx) error {
				if err := tx.CreateProject(p); err != nil {
					return err
				}
				for _, u := range [][2]string{{"c", ""}, {"c-d", "c"}, {"c-d-t", "c-d"}} {
					if err := tx.Docs(p.ID).Insert(&store.Doc{Type: "unit", ID: u[0], Key: u[0], Parent: u[1], Version: 1, Data: []byte(`{}`)}); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			for range 10 {
				err := db.Read(ctx, func(tx store.Tx) error {
					units, err := tx.Docs(p.ID).Lineage("unit", "c-d-t")
					if err == nil && len(units) != 3 {
						t.Fatalf("lineage of %d units, want 3", len(units))
					}
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			custom, err := db.QueryInt(ctx, `SELECT COALESCE(SUM(custom_plans), 0) FROM pg_prepared_statements WHERE statement LIKE '%RECURSIVE up%'`)
			if err != nil {
				t.Fatal(err)
			}
			if got := custom > 0; got != c.planned0 {
				t.Errorf("%d plans for the lineage's values, want them: %v", custom, c.planned0)
			}
		})
	}
}

// TestPostgresOptimizeAnalyzesChangedTables: Optimize analyzes on PostgreSQL the tables that
// changed by more than autovacuum's threshold since their last analysis (the documents, after
// 200 inserts), and not the others (the projects, after one).
func TestPostgresOptimizeAnalyzesChangedTables(t *testing.T) {
	ctx := context.Background()
	db := oneSession(t, sqltest.PostgresURL(t)) // the session that wrote flushes its counters (pg_stat_force_next_flush)
	// autovacuum, where it is on, would analyze the documents itself and leave Optimize nothing
	if err := db.Exec(ctx, `ALTER TABLE documents SET (autovacuum_enabled = off)`); err != nil {
		t.Fatal(err)
	}
	p, _ := procura.NewProject("stats", "", "stats", time.Now())
	err := db.Write(ctx, func(tx store.Tx) error {
		if err := tx.CreateProject(p); err != nil {
			return err
		}
		for i := range 200 {
			id := fmt.Sprint("o", i)
			if err := tx.Docs(p.ID).Insert(&store.Doc{Type: "order", ID: id, Version: 1, Data: []byte(`{}`)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(ctx, `SELECT pg_stat_force_next_flush()`); err != nil {
		t.Fatal(err)
	}
	lastAnalyzed := func(table string) int { // µs since the epoch, 0 for never
		t.Helper()
		n, err := db.QueryInt(ctx, `SELECT COALESCE(CAST(EXTRACT(EPOCH FROM last_analyze) * 1000000 AS BIGINT), 0)
			FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname = ?`, table)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	documents, projects := lastAnalyzed("documents"), lastAnalyzed("projects")
	if err := db.Optimize(ctx); err != nil {
		t.Fatal(err)
	}
	if lastAnalyzed("documents") == documents {
		t.Error("documents not analyzed after 200 inserts")
	}
	if lastAnalyzed("projects") != projects {
		t.Error("projects analyzed after one insert")
	}
}

// TestPostgresLineageReadsItsDepth: a unit's lineage on PostgreSQL reads the units of its
// lineage, not every unit of the project: among 600 other units, ten reads of a three-unit
// lineage touch a handful of table blocks each. (A plan for any values of a walk joined with
// the type's documents afterwards read them all.)
func TestPostgresLineageReadsItsDepth(t *testing.T) {
	ctx := context.Background()
	db := oneSession(t, sqltest.PostgresURL(t))
	p, _ := procura.NewProject("depth", "", "depth", time.Now())
	data := []byte(`{"name":"` + strings.Repeat("n", 400) + `"}`)
	err := db.Write(ctx, func(tx store.Tx) error {
		if err := tx.CreateProject(p); err != nil {
			return err
		}
		units := [][2]string{{"c", ""}, {"c-d", "c"}, {"c-d-t", "c-d"}}
		for i := range 600 {
			units = append(units, [2]string{fmt.Sprint("other", i), ""})
		}
		for _, u := range units {
			if err := tx.Docs(p.ID).Insert(&store.Doc{Type: "unit", ID: u[0], Key: u[0], Parent: u[1], Version: 1, Data: data}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Analyze(ctx); err != nil {
		t.Fatal(err)
	}
	blocks := func() int { // the documents' table blocks the reader's session has read
		t.Helper()
		if _, err := db.QueryReaderInt(ctx, `SELECT 1 FROM (SELECT pg_stat_force_next_flush()) f`); err != nil {
			t.Fatal(err)
		}
		n, err := db.QueryInt(ctx, `SELECT CAST(COALESCE(heap_blks_hit, 0) + COALESCE(heap_blks_read, 0) AS BIGINT)
			FROM pg_statio_user_tables WHERE schemaname = current_schema() AND relname = 'documents'`)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := blocks()
	for range 10 {
		err := db.Read(ctx, func(tx store.Tx) error {
			units, err := tx.Docs(p.ID).Lineage("unit", "c-d-t")
			if err == nil && (len(units) != 3 || units[0].Key != "c-d-t" || units[1].Key != "c-d" || units[2].Key != "c") {
				t.Fatalf("lineage of %d units, want c-d-t, c-d, c", len(units))
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	switch read := blocks() - before; {
	case read < 10:
		t.Fatalf("ten lineages read %d blocks: the counters did not count them", read)
	case read > 10*6:
		t.Errorf("ten lineages of three units read %d blocks of the documents", read)
	}
}

// oneSession opens the PostgreSQL database at url with one connection in each pool, closed when
// the test ends.
func oneSession(t *testing.T, url string) *sqlstore.DB {
	t.Helper()
	db, err := sqlstore.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.OneConnection()
	return db
}
