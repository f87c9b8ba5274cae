package sqlstore_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/sqlstore"
	"github.com/procura/procura/internal/sqlstore/sqltest"
	"github.com/procura/procura/internal/store"
)

// TestABatchOfWritesOnSQLite runs writes as one batch of SQLite's writer, which runs them without
// a savepoint each (decision 0070). A write that fails before it writes leaves the batch as it
// is; one that fails after it wrote, or panics, has the batch run again without it, the writes
// before it a second time; a write after SQLite ended the transaction by itself is refused, and
// the batch runs again with it. In every case a write's document is stored exactly when its
// outcome is a success.
func TestABatchOfWritesOnSQLite(t *testing.T) {
	errRefused := errors.New("refused")
	insert := func(tx store.Tx, id string) error {
		return tx.Docs("p").Insert(&store.Doc{Type: "t", ID: id, Version: 1, CreatedAt: "2026-01-01T00:00:00.000Z", Data: []byte(`{}`)})
	}
	// write is a write that inserts its document, then does what then says.
	type write struct {
		id   string
		then func(tx store.Tx, run int) error
	}
	ok := func(store.Tx, int) error { return nil }
	refuse := func(store.Tx, int) error { return errRefused }
	cases := []struct {
		name   string
		writes []write
		before func(tx store.Tx, run int) error // what the second write does before it inserts
		fails  string                           // the writes whose outcome is a failure
		reruns int64
		runs   []int // how often each write ran
	}{
		{name: "a write refused before it writes",
			writes: []write{{"a", ok}, {"", refuse}, {"c", ok}}, fails: "1", runs: []int{1, 1, 1}},
		{name: "a write refused after it wrote",
			writes: []write{{"a", ok}, {"b", refuse}, {"c", ok}}, fails: "1", reruns: 1, runs: []int{2, 1, 1}},
		{name: "a write that panics after it wrote",
			writes: []write{{"a", ok}, {"b", func(store.Tx, int) error { panic("b") }}, {"c", ok}}, fails: "1", reruns: 1, runs: []int{2, 1, 1}},
		{name: "a statement the database refuses",
			writes: []write{{"a", ok}, {"b", func(tx store.Tx, _ int) error { return insert(tx, "b") }}, {"c", ok}}, fails: "1", reruns: 1, runs: []int{2, 1, 1}},
		{name: "a second failure, in the batch run again",
			writes: []write{{"a", ok}, {"b", refuse}, {"c", refuse}, {"d", ok}}, fails: "12", reruns: 1, runs: []int{2, 1, 1, 1}},
		{name: "SQLite ends the transaction by itself",
			writes: []write{{"a", ok}, {"", ok}, {"c", ok}},
			before: func(tx store.Tx, run int) error {
				if run == 1 {
					return sqlstore.EndTransaction(tx)
				}
				return nil
			},
			reruns: 1, runs: []int{2, 2, 2}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := sqltest.Open(t, sqltest.Backends()[0])
			if err := db.Write(t.Context(), func(tx store.Tx) error { return tx.CreateProject(&procura.Project{ID: "p", Key: "p"}) }); err != nil {
				t.Fatal(err)
			}
			runs := make([]int, len(c.writes))
			var fns []func(store.Tx) error
			for i, w := range c.writes {
				fns = append(fns, func(tx store.Tx) error {
					runs[i]++
					if i == 1 && c.before != nil {
						if err := c.before(tx, runs[i]); err != nil {
							return err
						}
					}
					if w.id != "" {
						if err := insert(tx, w.id); err != nil {
							return err
						}
					}
					return w.then(tx, runs[i])
				})
			}
			reruns := db.Retries()
			outcomes := db.WriteTogether(fns...)
			err := db.Read(t.Context(), func(tx store.Tx) error {
				for i, w := range c.writes {
					if w.id == "" {
						continue
					}
					_, err := tx.Docs("p").Get("t", w.id)
					if stored := err == nil; stored != (outcomes[i] == nil) {
						t.Errorf("write %s: outcome %v, stored %v", w.id, outcomes[i], stored)
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if got := db.Retries() - reruns; got != c.reruns {
				t.Errorf("the batch ran again %d times, want %d", got, c.reruns)
			}
			if fmt.Sprint(runs) != fmt.Sprint(c.runs) {
				t.Errorf("the writes ran %v times, want %v", runs, c.runs)
			}
			for i, w := range c.writes {
				if failing := strings.Contains(c.fails, fmt.Sprint(i)); failing == (outcomes[i] == nil) {
					t.Errorf("write %d (%s): outcome %v", i, w.id, outcomes[i])
				}
			}
		})
	}
}
