package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/sqlstore/sqltest"
	"github.com/procura/procura/internal/store"
)

// TestConcurrentWritesKeepTheirOwnOutcome: many writers at once, on SQLite gathered into shared
// transactions. A writer that fails or panics keeps none of its writes and gets its own error or
// panic; every other writer's writes are kept. The same holds on PostgreSQL, where each write is
// a transaction of its own.
func TestConcurrentWritesKeepTheirOwnOutcome(t *testing.T) {
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			db := sqltest.Open(t, b)
			ctx := context.Background()
			if err := db.Write(ctx, func(tx store.Tx) error { return tx.CreateProject(&procura.Project{ID: "p", Key: "p"}) }); err != nil {
				t.Fatal(err)
			}
			const writers = 200
			errRefused := errors.New("refused")
			outcome := make([]any, writers)
			var wg sync.WaitGroup
			for i := range writers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					defer func() { outcome[i] = firstNonNil(outcome[i], recover()) }()
					outcome[i] = db.Write(ctx, func(tx store.Tx) error {
						d := tx.Docs("p")
						for n := range 2 {
							id := fmt.Sprintf("w%d-%d", i, n)
							if err := d.Insert(&store.Doc{Type: "t", ID: id, Version: 1, CreatedAt: "2026-01-01T00:00:00.000Z", Data: []byte(`{}`)}); err != nil {
								return err
							}
						}
						switch i % 5 {
						case 1:
							return errRefused
						case 2:
							panic(fmt.Sprint("writer ", i))
						case 3: // a duplicate id: the database refuses the statement
							return d.Insert(&store.Doc{Type: "t", ID: fmt.Sprintf("w%d-0", i), Version: 1, CreatedAt: "2026-01-01T00:00:00.000Z", Data: []byte(`{}`)})
						}
						return nil
					})
				}()
			}
			wg.Wait()
			err := db.Read(ctx, func(tx store.Tx) error {
				d := tx.Docs("p")
				for i := range writers {
					_, err := d.Get("t", fmt.Sprintf("w%d-1", i))
					kept := err == nil
					switch i % 5 {
					case 0, 4:
						if outcome[i] != nil || !kept {
							t.Errorf("writer %d: outcome %v, kept %v", i, outcome[i], kept)
						}
					case 1:
						if outcome[i] != errRefused || kept {
							t.Errorf("writer %d: outcome %v, kept %v", i, outcome[i], kept)
						}
					case 2:
						if outcome[i] != fmt.Sprint("writer ", i) || kept {
							t.Errorf("writer %d: outcome %v, kept %v", i, outcome[i], kept)
						}
					case 3:
						if e, _ := outcome[i].(error); e == nil || kept {
							t.Errorf("writer %d: outcome %v, kept %v", i, outcome[i], kept)
						}
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

func firstNonNil(a, b any) any {
	if a != nil {
		return a
	}
	return b
}
