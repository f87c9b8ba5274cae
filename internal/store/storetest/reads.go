package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// testReadsDoNotWrite: a read refuses every write it is asked for and leaves nothing behind. On
// PostgreSQL a read runs over the pool, outside any transaction, so a write that got through
// would commit on its own.
func testReadsDoNotWrite(t *testing.T, s store.Store) {
	p := newProject(t, s, "reader")
	mustWrite(t, s, func(tx store.Tx) error { return tx.Docs(p.ID).Insert(doc("kept", "k", 1)) })
	changed := doc("kept", "k", 2)
	changed.Data = []byte(`{"changed":true}`)
	withRefs := *changed
	withRefs.Refs = []store.Ref{{Type: "customer", ID: "c1"}}
	other, err := procura.NewProject("other-reader", "", "id-other-reader", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	writes := map[string]func(tx store.Tx) error{
		"insert":         func(tx store.Tx) error { return tx.Docs(p.ID).Insert(doc("new", "n", 1)) },
		"update":         func(tx store.Tx) error { return tx.Docs(p.ID).Update(changed, 1) },
		"update refs":    func(tx store.Tx) error { return tx.Docs(p.ID).Update(&withRefs, 1) },
		"delete":         func(tx store.Tx) error { return tx.Docs(p.ID).Delete("thing", "kept", 1) },
		"create project": func(tx store.Tx) error { return tx.CreateProject(other) },
	}
	for name, write := range writes {
		if err := s.Read(ctx, write); err == nil {
			t.Errorf("a read's %s went through", name)
		}
	}
	err = s.Read(ctx, func(tx store.Tx) error {
		d := tx.Docs(p.ID)
		if got, err := d.Get("thing", "kept"); err != nil || got.Version != 1 {
			return fmt.Errorf("the kept document after the reads: %+v %v, want version 1", got, err)
		}
		if _, err := d.Get("thing", "new"); err == nil {
			return fmt.Errorf("a read inserted a document")
		}
		if _, err := tx.ProjectByKey("other-reader"); err == nil {
			return fmt.Errorf("a read created a project")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
