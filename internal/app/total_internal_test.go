package app

import (
	"context"
	"fmt"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/sqlstore/sqltest"
)

// A query with a predicate counts its total up to the maximum offset, as the reference does,
// whether the store answers it or it is tested document by document; without a predicate it
// counts them all.
func TestAPredicatesTotalStopsAtTheMaximumOffset(t *testing.T) {
	defer func(was int) { totalUpTo = was }(totalUpTo)
	totalUpTo = 3
	ctx := context.Background()
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			a, c := acmeApp(t, b)
			for i := 1; i <= 5; i++ {
				if _, err := a.CreateCustomerGroup(ctx, c, procura.CustomerGroupDraft{Key: fmt.Sprint("g", i), GroupName: fmt.Sprint("G", i)}); err != nil {
					t.Fatal(err)
				}
			}
			all := `key in ("g1", "g2", "g3", "g4", "g5")`
			for _, tt := range []struct {
				name  string
				q     Query
				total int
			}{
				{"no predicate", Query{Limit: 2}, 5},
				{"an indexed predicate, counted", Query{Where: []string{all}, Limit: 2}, 3},
				{"an indexed predicate, a short page", Query{Where: []string{all}, Limit: 20}, 3},
				{"a predicate tested one by one", Query{Where: []string{`name != "none"`}, Limit: 2}, 3},
				{"fewer matches than the limit", Query{Where: []string{`key in ("g1", "g2")`}, Limit: 1}, 2},
			} {
				tt.q.WithTotal = true
				page, err := a.QueryCustomerGroups(ctx, c, tt.q)
				if err != nil {
					t.Fatal(err)
				}
				wantTotal(t, tt.name, page, tt.total)
			}
			// A predicate the use case adds of its own (an in-store listing's store) leaves a
			// query without the client's predicate counted in full.
			if _, err := a.CreateStore(ctx, c, procura.StoreDraft{Key: "shop"}); err != nil {
				t.Fatal(err)
			}
			for i := 1; i <= 5; i++ {
				if _, err := a.CreateCustomer(ctx, c, procura.CustomerDraft{Email: fmt.Sprint("c", i, "@acme.example"), Password: "correct horse"}); err != nil {
					t.Fatal(err)
				}
			}
			in := c
			in.Store = "shop"
			for _, tt := range []struct {
				name  string
				q     Query
				total int
			}{
				{"in a store, no predicate", Query{Limit: 2}, 5},
				{"in a store, a predicate", Query{Where: []string{`email != "none"`}, Limit: 2}, 3},
			} {
				tt.q.WithTotal = true
				page, err := a.QueryCustomers(ctx, in, tt.q)
				if err != nil {
					t.Fatal(err)
				}
				wantTotal(t, tt.name, page, tt.total)
			}
		})
	}
}

func wantTotal(t *testing.T, name string, page *Page, total int) {
	t.Helper()
	if page.Total == nil {
		t.Errorf("%s: no total", name)
	} else if *page.Total != total {
		t.Errorf("%s: total %d, want %d", name, *page.Total, total)
	}
}
