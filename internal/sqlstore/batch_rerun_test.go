package sqlstore_test

import (
	"context"
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
		{name: "a write refused before it wrote, then one after it wrote",
			writes: []write{{"a", ok}, {"", refuse}, {"c", refuse}}, fails: "12", reruns: 1, runs: []int{2, 2, 1}},
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
			db := batchDB(t)
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
			outcomes := db.WriteTogether(nil, fns...)
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

// A write whose caller gave up before its turn is answered with its context's error and does not
// run, nor does it have the batch run again, nor run when the batch runs again for another.
func TestABatchAnswersAWriteWhoseCallerGaveUp(t *testing.T) {
	db := batchDB(t)
	gone, cancel := context.WithCancel(t.Context())
	cancel()
	runs := [3]int{}
	outcomes := db.WriteTogether(onlyIn(1, gone), func(tx store.Tx) error {
		runs[0]++
		return insert(tx, "a")
	}, func(tx store.Tx) error {
		runs[1]++
		return insert(tx, "b")
	})
	if outcomes[0] != nil || outcomes[1] != context.Canceled || runs != [3]int{1, 0, 0} || db.Retries() != 0 {
		t.Fatalf("outcomes %v, runs %v, the batch ran again %d times", outcomes, runs, db.Retries())
	}
	outcomes = db.WriteTogether(onlyIn(1, gone), func(tx store.Tx) error {
		runs[0]++
		return insert(tx, "a2")
	}, func(tx store.Tx) error {
		runs[1]++
		return insert(tx, "b2")
	}, func(tx store.Tx) error {
		runs[2]++
		if err := insert(tx, "c2"); err != nil {
			return err
		}
		return errors.New("refused after it wrote")
	})
	if outcomes[0] != nil || outcomes[1] != context.Canceled || outcomes[2] == nil || runs != [3]int{3, 0, 1} || db.Retries() != 1 {
		t.Fatalf("outcomes %v, runs %v, the batch ran again %d times", outcomes, runs, db.Retries())
	}
}

// A batch that commits nothing answers every write that ran with its failure, a refusal given
// because of another write of it too: that write's change was never committed.
func TestABatchThatCommitsNothingFailsEveryWriteOfIt(t *testing.T) {
	db := batchDB(t)
	errTaken := errors.New("the key is taken")
	outcomes := db.WriteTogether(nil, func(tx store.Tx) error {
		return insert(tx, "k")
	}, func(tx store.Tx) error {
		if _, err := tx.Docs("p").Get("t", "k"); err == nil {
			return errTaken
		}
		return insert(tx, "k")
	}, func(tx store.Tx) error {
		return sqlstore.EndTransaction(tx) // as SQLite after an I/O error: the COMMIT then fails
	})
	for i, o := range outcomes {
		if o == nil || o == errTaken {
			t.Errorf("write %d: %v, want the batch's failure", i, o)
		}
	}
}

// When a batch runs again, a write before the one that failed runs again even if its caller gave
// up meanwhile, and a refusal is given again: every answer holds for the state the batch commits
// (here, a key the first write takes, which the second finds taken).
func TestABatchRunAgainAnswersFromTheStateItCommits(t *testing.T) {
	db := batchDB(t)
	first, giveUp := context.WithCancel(t.Context())
	defer giveUp()
	errTaken := errors.New("the key is taken")
	runs := [3]int{}
	outcomes := db.WriteTogether(onlyIn(0, first), func(tx store.Tx) error {
		runs[0]++
		return insert(tx, "k")
	}, func(tx store.Tx) error {
		runs[1]++
		if _, err := tx.Docs("p").Get("t", "k"); err == nil {
			return errTaken
		}
		return insert(tx, "k")
	}, func(tx store.Tx) error {
		runs[2]++
		giveUp() // the first write's caller gives up while this one runs
		if err := insert(tx, "c"); err != nil {
			return err
		}
		return errors.New("refused after it wrote")
	})
	var stored bool
	if err := db.Read(t.Context(), func(tx store.Tx) error {
		_, err := tx.Docs("p").Get("t", "k")
		stored = err == nil
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if outcomes[0] != nil || outcomes[1] != errTaken || outcomes[2] == nil || !stored || runs != [3]int{2, 2, 1} {
		t.Fatalf("outcomes %v, k stored %v, runs %v", outcomes, stored, runs)
	}
}

// onlyIn gives write n of a batch the context ctx, and the others none of their own.
func onlyIn(n int, ctx context.Context) func(int) context.Context {
	return func(i int) context.Context {
		if i == n {
			return ctx
		}
		return nil
	}
}

// batchDB is a SQLite store with a project "p".
func batchDB(t *testing.T) *sqlstore.DB {
	db := sqltest.Open(t, sqltest.Backends()[0])
	if err := db.Write(t.Context(), func(tx store.Tx) error { return tx.CreateProject(&procura.Project{ID: "p", Key: "p"}) }); err != nil {
		t.Fatal(err)
	}
	return db
}

// insert writes a document of project "p" with id.
func insert(tx store.Tx, id string) error {
	return tx.Docs("p").Insert(&store.Doc{Type: "t", ID: id, Version: 1, CreatedAt: "2026-01-01T00:00:00.000Z", Data: []byte(`{}`)})
}
