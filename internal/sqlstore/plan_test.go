package sqlstore

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// TestPlanRunsAgainWhenItsReadsChanged: a write whose reads another writer changed between the
// two transactions of its plan runs again, whole, in a write transaction; one whose reads held is
// applied as planned. Either way the result is that of a write transaction.
func TestPlanRunsAgainWhenItsReadsChanged(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "plan.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	doc := func(id string, version int64, data string) *store.Doc {
		return &store.Doc{Type: "t", ID: id, Version: version, CreatedAt: "2026-01-01T00:00:00.000Z", Data: []byte(data)}
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.Write(ctx, func(tx store.Tx) error {
		if err := tx.CreateProject(&procura.Project{ID: "p", Key: "p"}); err != nil {
			return err
		}
		return tx.Docs("p").Insert(doc("x", 1, `{"n":1}`))
	}))
	// copyX writes y with what it read of x.
	runs := 0
	copyX := func(tx store.Tx) error {
		runs++
		x, err := tx.Docs("p").Get("t", "x")
		if err != nil {
			return err
		}
		y, err := tx.Docs("p").Get("t", "y")
		if err != nil {
			return tx.Docs("p").Insert(doc("y", 1, string(x.Data)))
		}
		return tx.Docs("p").Update(doc("y", y.Version+1, string(x.Data)), y.Version)
	}
	applied, rerun := db.Plans()
	must(db.Write(ctx, copyX))
	if a, r := db.Plans(); runs != 1 || a != applied+1 || r != rerun {
		t.Fatalf("an undisturbed write: %d runs, %d planned, %d again", runs, a-applied, r-rerun)
	}
	db.beforeApply = func() {
		db.beforeApply = nil
		must(db.Write(ctx, func(tx store.Tx) error { return tx.Docs("p").Update(doc("x", 2, `{"n":2}`), 1) }))
	}
	runs = 0
	must(db.Write(ctx, copyX))
	if runs != 2 {
		t.Fatalf("a write whose read changed ran %d times, want 2", runs)
	}
	must(db.Read(ctx, func(tx store.Tx) error {
		y, err := tx.Docs("p").Get("t", "y")
		if err == nil && (string(y.Data) != `{"n":2}` || y.Version != 2) {
			err = fmt.Errorf("y = %s at version %d, want x's new value at version 2", y.Data, y.Version)
		}
		return err
	}))
}
