package sqlstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/sqlstore/sqltest"
	"github.com/procura/procura/internal/store"
)

// BenchmarkHierarchy reads a unit with its ancestors, and a company's units, among 50,000 other
// documents: one Lineage or Descendants query against the reads one by one they replace.
//
//	PROCURA_TEST_POSTGRES=postgres://… go test ./internal/sqlstore -run '^$' -bench Hierarchy
func BenchmarkHierarchy(b *testing.B) {
	ctx := context.Background()
	for _, be := range sqltest.Backends() {
		b.Run(be.Name, func(b *testing.B) {
			db := sqltest.Open(b, be)
			p, _ := procura.NewProject("bench", "", "bench", time.Now())
			err := db.Write(ctx, func(tx store.Tx) error {
				if err := tx.CreateProject(p); err != nil {
					return err
				}
				d := tx.Docs(p.ID)
				for c := range 100 { // 100 companies, each with 3 divisions of 2 teams
					units := [][2]string{{fmt.Sprint("c", c), ""}}
					for v := range 3 {
						div := fmt.Sprint("c", c, "-d", v)
						units = append(units, [2]string{div, fmt.Sprint("c", c)}, [2]string{div + "-t0", div}, [2]string{div + "-t1", div})
					}
					for _, u := range units {
						if err := d.Insert(&store.Doc{Type: "unit", ID: u[0], Key: u[0], Parent: u[1], Version: 1, Data: []byte(`{"key":"` + u[0] + `"}`)}); err != nil {
							return err
						}
					}
				}
				for i := range 50000 {
					id := fmt.Sprint("o", i)
					if err := d.Insert(&store.Doc{Type: "order", ID: id, Parent: fmt.Sprint("c", i%100, "-d1"), Version: 1, Data: []byte(`{}`)}); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			if err := db.Analyze(ctx); err != nil {
				b.Fatal(err)
			}
			read := func(b *testing.B, fn func(d store.Docs, i int) (int, error), want int) {
				for i := 0; b.Loop(); i++ {
					err := db.Read(ctx, func(tx store.Tx) error {
						n, err := fn(tx.Docs(p.ID), i)
						if err == nil && n != want {
							err = fmt.Errorf("%d documents, want %d", n, want)
						}
						return err
					})
					if err != nil {
						b.Fatal(err)
					}
				}
			}
			b.Run("Lineage", func(b *testing.B) {
				read(b, func(d store.Docs, i int) (int, error) {
					docs, err := d.Lineage("unit", fmt.Sprint("c", i%100, "-d1-t1"))
					return len(docs), err
				}, 3)
			})
			b.Run("GetByKey×3", func(b *testing.B) {
				read(b, func(d store.Docs, i int) (int, error) {
					n := 0
					for key := fmt.Sprint("c", i%100, "-d1-t1"); key != ""; n++ {
						doc, err := d.GetByKey("unit", key)
						if err != nil {
							return n, err
						}
						key = doc.Parent
					}
					return n, nil
				}, 3)
			})
			b.Run("Descendants", func(b *testing.B) {
				read(b, func(d store.Docs, i int) (int, error) {
					docs, err := d.Descendants("unit", fmt.Sprint("c", i%100))
					return len(docs), err
				}, 9)
			})
			b.Run("Children×10", func(b *testing.B) {
				read(b, func(d store.Docs, i int) (int, error) {
					queue, n := []string{fmt.Sprint("c", i%100)}, 0
					for len(queue) > 0 {
						kids, err := d.Children("unit", queue[0])
						if err != nil {
							return n, err
						}
						queue = queue[1:]
						for _, k := range kids {
							queue, n = append(queue, k.Key), n+1
						}
					}
					return n, nil
				}, 9)
			})
		})
	}
}
