package sqlstore_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/procura/procura"

	"github.com/procura/procura/internal/sqlstore/sqltest"
	"github.com/procura/procura/internal/store"
	"github.com/procura/procura/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T) store.Store { return sqltest.Open(t, b) })
		})
	}
}

// TestDocumentSizeBound: a document larger than the bound is refused on insert and on update,
// and nothing of it is kept.
func TestDocumentSizeBound(t *testing.T) {
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			db := sqltest.Open(t, b)
			db.SetMaxDocumentBytes(100)
			ctx := context.Background()
			big := []byte(`{"x":"` + strings.Repeat("a", 200) + `"}`)
			err := db.Write(ctx, func(tx store.Tx) error {
				if err := tx.CreateProject(&procura.Project{ID: "p", Key: "p"}); err != nil {
					return err
				}
				d := tx.Docs("p")
				if err := d.Insert(&store.Doc{Type: "t", ID: "small", Version: 1, CreatedAt: "2026-01-01T00:00:00.000Z", Data: []byte(`{}`)}); err != nil {
					return err
				}
				var tooLarge *store.TooLargeError
				if err := d.Insert(&store.Doc{Type: "t", ID: "big", Version: 1, CreatedAt: "2026-01-01T00:00:00.000Z", Data: big}); !errors.As(err, &tooLarge) || tooLarge.Size != len(big) || tooLarge.MaxBytes != 100 {
					t.Errorf("insert: %v", err)
				}
				if err := d.Update(&store.Doc{Type: "t", ID: "small", Version: 2, CreatedAt: "2026-01-01T00:00:00.000Z", Data: big}, 1); !errors.As(err, &tooLarge) {
					t.Errorf("update: %v", err)
				}
				if got, err := d.Get("t", "small"); err != nil || got.Version != 1 || string(got.Data) != `{}` {
					t.Errorf("small after the refused update: %+v %v", got, err)
				}
				if _, err := d.Get("t", "big"); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("big: %v", err)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestReadsDoNotWrite: a read that tries to write is refused, on both backends (on PostgreSQL
// a read runs on the pool, outside a transaction that could have been read-only).
func TestReadsDoNotWrite(t *testing.T) {
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			db := sqltest.Open(t, b)
			ctx := context.Background()
			if err := db.Write(ctx, func(tx store.Tx) error { return tx.CreateProject(&procura.Project{ID: "p", Key: "p"}) }); err != nil {
				t.Fatal(err)
			}
			err := db.Read(ctx, func(tx store.Tx) error {
				return tx.Docs("p").Insert(&store.Doc{Type: "t", ID: "x", Version: 1, CreatedAt: "2026-01-01T00:00:00.000Z", Data: []byte(`{}`)})
			})
			if err == nil {
				t.Fatal("a read wrote a document")
			}
			_ = db.Read(ctx, func(tx store.Tx) error {
				if _, err := tx.Docs("p").Get("t", "x"); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("the document a read tried to write: %v", err)
				}
				return nil
			})
		})
	}
}

// TestReady: a freshly migrated database is ready, on both backends.
func TestReady(t *testing.T) {
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			if err := sqltest.Open(t, b).Ready(context.Background()); err != nil {
				t.Fatal(err)
			}
		})
	}
}
