package loadtest_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/loadtest"
	"github.com/procura/procura/internal/sqlstore/sqltest"
	"github.com/procura/procura/internal/store"
)

var ctx = context.Background()

// generated is a small generated project and the orders the generator reported.
type generated struct {
	res     *loadtest.Result
	orders  []procura.Order // the bulk orders and the template, newest first
	company map[string]string
}

func generate(t *testing.T, s store.Store, cfg loadtest.Config) *generated {
	t.Helper()
	g := &generated{company: map[string]string{}}
	cfg.Each = func(o *procura.Order, company string) {
		g.orders = append(g.orders, *o)
		g.company[o.ID] = company
	}
	res, err := loadtest.Generate(ctx, s, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.Orders != cfg.Orders || len(g.orders) != cfg.Orders {
		t.Fatalf("generated %d orders (%d reported), want %d", res.Orders, len(g.orders), cfg.Orders)
	}
	g.res = res
	g.orders = append(g.orders, *res.Template)
	g.company[res.Template.ID] = res.World.Companies[0].Key
	slices.SortFunc(g.orders, func(a, b procura.Order) int { return strings.Compare(b.CreatedAt, a.CreatedAt) })
	return g
}

// The generator's documents must be what the app writes: the app lists, reads and updates them.
func TestGeneratedOrdersReadBack(t *testing.T) {
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			db := sqltest.Open(t, b)
			g := generate(t, db, loadtest.Config{Project: "gen", Companies: 3, Divisions: 2, Orders: 500, Seed: 7, Batch: 64, Workers: 2})
			a := app.New(db)
			c := app.Caller{ProjectKey: "gen"}
			checkColumns(t, db)

			for _, co := range g.res.World.Companies {
				manager := co.In(co.Key)[0]
				if manager.Role != loadtest.RoleManager {
					t.Fatalf("first associate of %s is a %s", co.Key, manager.Role)
				}
				checkListing(t, a, c, g, manager, func(o procura.Order) bool { return g.company[o.ID] == co.Key })
				for _, unit := range co.Units() {
					for _, as := range co.In(unit) {
						if as.Role == loadtest.RoleBuyer {
							checkListing(t, a, c, g, as, func(o procura.Order) bool {
								return o.BusinessUnit.Key == unit && o.CustomerID == as.CustomerID
							})
						}
					}
				}
			}

			for _, i := range []int{0, 1, 17, 250, len(g.orders) - 1} {
				want := g.orders[i]
				co := companyByKey(g.res.World, g.company[want.ID])
				manager := co.In(co.Key)[0]
				got, err := a.GetOrder(ctx, c, app.Acting{Kind: procura.AsBackend, CustomerID: manager.CustomerID, UnitKey: want.BusinessUnit.Key}, app.Ref{ID: want.ID})
				if err != nil {
					t.Fatalf("manager gets order %s in %s: %v", want.ID, want.BusinessUnit.Key, err)
				}
				sameJSON(t, got, &want)
				got, err = a.GetOrder(ctx, c, app.Acting{Kind: procura.AsBackend, CustomerID: want.CustomerID, UnitKey: want.BusinessUnit.Key}, app.Ref{ID: want.ID})
				if err != nil {
					t.Fatalf("owner gets order %s: %v", want.ID, err)
				}
				sameJSON(t, got, &want)
				if want.OrderNumber != "" {
					got, err = a.GetOrder(ctx, c, app.Acting{}, app.Ref{Key: want.OrderNumber})
					if err != nil {
						t.Fatalf("seller gets order number %s: %v", want.OrderNumber, err)
					}
					sameJSON(t, got, &want)
				}
			}

			o := g.orders[100]
			v := o.Version
			up, err := a.UpdateOrder(ctx, c, app.Acting{}, app.Ref{ID: o.ID}, procura.Update{Version: &v,
				Actions: []json.RawMessage{json.RawMessage(`{"action":"changeOrderState","orderState":"Cancelled"}`)}})
			if err != nil || up.Version != v+1 || up.OrderState != procura.OrderCancelled {
				t.Fatalf("updating a generated order: %v, %+v", err, up)
			}

			w, err := loadtest.LoadWorld(ctx, db, "gen")
			if err != nil {
				t.Fatal(err)
			}
			if len(w.Companies) != 3 || len(w.WithRole(loadtest.RoleManager)) != 3 || len(w.WithRole(loadtest.RoleBuyer)) != 3+3*2*2 {
				t.Fatalf("LoadWorld: %d companies, %d managers, %d buyers", len(w.Companies), len(w.WithRole(loadtest.RoleManager)), len(w.WithRole(loadtest.RoleBuyer)))
			}
		})
	}
}

// A seed gives the same orders.
func TestGenerateIsDeterministic(t *testing.T) {
	var ids [2][]string
	for i := range ids {
		db := sqltest.Open(t, sqltest.Backend{Name: "sqlite", URL: sqltest.SQLiteURL})
		g := generate(t, db, loadtest.Config{Project: "gen", Companies: 2, Divisions: 1, Orders: 50, Seed: 3})
		for _, o := range g.orders {
			ids[i] = append(ids[i], o.ID+o.CustomerID+o.CreatedAt+o.BusinessUnit.Key)
		}
	}
	if !slices.Equal(ids[0], ids[1]) {
		t.Fatal("the same seed made different orders")
	}
}

// checkColumns: every stored order's indexed columns say what its JSON says, as app's orderKind
// writes them.
func checkColumns(t *testing.T, s store.Store) {
	t.Helper()
	n := 0
	err := s.Read(ctx, func(tx store.Tx) error {
		p, err := tx.ProjectByKey("gen")
		if err != nil {
			return err
		}
		return tx.Docs(p.ID).Scan(procura.TypeOrder, func(d *store.Doc) error {
			n++
			var o procura.Order
			if err := json.Unmarshal(d.Data, &o); err != nil {
				return err
			}
			want := []any{o.ID, o.OrderNumber, o.Cart.ID, o.BusinessUnit.Key, o.CustomerID, o.OrderState, o.Version, o.CreatedAt, o.LastModifiedAt, o.TotalPrice.CentAmount}
			got := []any{d.ID, d.Key, d.Unique, d.Parent, d.Owner, d.State, d.Version, d.CreatedAt, d.ModifiedAt, int64(-1)}
			if d.Amount != nil {
				got[len(got)-1] = *d.Amount
			}
			if !slices.Equal(got, want) || d.Group == "" || strings.Contains(string(d.Data), `"company"`) {
				t.Errorf("order %s: columns %+v (group %q), from its JSON %+v", d.ID, got, d.Group, want)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 501 {
		t.Fatalf("%d orders stored, want 501", n)
	}
}

// checkListing compares the first page and the total of as's company orders with the orders
// visible selects.
func checkListing(t *testing.T, a *app.App, c app.Caller, g *generated, as loadtest.Associate, visible func(procura.Order) bool) {
	t.Helper()
	var want []string
	for _, o := range g.orders {
		if visible(o) {
			want = append(want, o.ID)
		}
	}
	page, err := a.QueryCompanyOrders(ctx, c, app.Acting{Kind: procura.AsBackend, CustomerID: as.CustomerID, UnitKey: as.Unit}, app.Query{Limit: 20, WithTotal: true}, app.CompanyFilter{})
	if err != nil {
		t.Fatalf("%s %s in %s: %v", as.Role, as.Email, as.Unit, err)
	}
	var got []string
	for _, m := range page.Items() {
		got = append(got, m["id"].(string))
		if _, ok := m["company"]; ok {
			t.Fatalf("the listing shows the stored company field")
		}
	}
	if len(want) == 0 || page.Total == nil || *page.Total != len(want) || !slices.Equal(got, want[:min(20, len(want))]) {
		t.Fatalf("%s %s in %s: total %v, first page %v; want total %d, first page %v", as.Role, as.Email, as.Unit, page.Total, got, len(want), want[:min(20, len(want))])
	}
}

func companyByKey(w *loadtest.World, key string) *loadtest.Company {
	for _, c := range w.Companies {
		if c.Key == key {
			return c
		}
	}
	return nil
}

func sameJSON(t *testing.T, got, want *procura.Order) {
	t.Helper()
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Fatalf("read back:\n%s\nwant:\n%s", g, w)
	}
}
