package app_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// TestQueriesRunInTheStore: conditions on indexed fields and their sort are answered by the
// store, the rest is tested one by one within the budget, and the two give the same answers;
// beyond the budget a query is refused naming the fields that indexes answer.
func TestQueriesRunInTheStore(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		alice, bob := w.customers["alice@acme.example"], w.customers["bob@acme.example"]
		var ids []string
		for i := range 8 {
			owner := alice
			if i%2 == 1 {
				owner = bob
			}
			d := withCustomer(cartDraft("W-1"), owner, "acme")
			d.LineItems[0].Quantity = qty(int64(i + 1))
			ids = append(ids, must[*procura.Cart](t)(a.CreateCart(ctx, c, app.Acting{}, d)).ID)
		}
		query := func(where string, sort ...string) ([]string, error) {
			page, err := a.QueryCarts(ctx, c, app.Acting{}, app.Query{Limit: 20, WithTotal: true, Where: []string{where}, Sort: sort})
			if err != nil {
				return nil, err
			}
			var got []string
			for _, m := range page.Items() {
				got = append(got, m["id"].(string))
			}
			if *page.Total != len(got) {
				t.Errorf("%s: total %d for %d results", where, *page.Total, len(got))
			}
			return got, nil
		}
		// In the store: customerId and businessUnit are columns, and so is id for sorting.
		inStore := must[[]string](t)(query(fmt.Sprintf(`customerId = %q and businessUnit(key = "acme")`, bob), "id asc"))
		want := []string{ids[1], ids[3], ids[5], ids[7]}
		slices.Sort(want)
		if !slices.Equal(inStore, want) {
			t.Fatalf("bob's carts by id: %v, want %v", inStore, want)
		}
		// The same with a condition left to memory (version is a number) and a sort on a field no
		// column holds: the same carts.
		inMemory := must[[]string](t)(query(fmt.Sprintf(`customerId = %q and version >= 1`, bob), "totalPrice.centAmount desc"))
		if !slices.Equal(inMemory, []string{ids[7], ids[5], ids[3], ids[1]}) {
			t.Fatalf("bob's carts by amount: %v", inMemory)
		}
		// Beyond the budget, a query that indexes cannot narrow is refused, naming what they answer.
		a.QueryBudget = 5
		_, err := query(`lineItems(quantity > 0)`)
		wantCode(t, err, procura.CodeInvalidInput)
		for _, field := range []string{"customerId", "businessUnit.key", "totalPrice.centAmount", "lastModifiedAt"} {
			if err == nil || !strings.Contains(err.Error(), field) {
				t.Fatalf("the refusal names the indexed fields (%s): %v", field, err)
			}
		}
		// Narrowed by an index to the budget, it runs.
		got := must[[]string](t)(query(fmt.Sprintf(`customerId = %q and lineItems(quantity > 5)`, bob)))
		if !slices.Equal(got, []string{ids[7], ids[5]}) {
			t.Fatalf("bob's carts of more than 5 widgets: %v", got)
		}
		// A whole query on indexed fields is never refused, whatever the budget.
		a.QueryBudget = 1
		if got := must[[]string](t)(query(`cartState = "Active"`)); len(got) != 8 {
			t.Fatalf("active carts: %d", len(got))
		}
	})
}

// TestUnitQueriesShowDerivedFields: units answered from the parent column still show their
// derived fields, computed for the units returned only.
func TestUnitQueriesShowDerivedFields(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := acmeWorld(t, a, c)
		page := must[*app.Page](t)(a.QueryBusinessUnits(ctx, c, app.Query{Limit: 20, Where: []string{`parentUnit(key = "acme")`}}))
		if len(page.Items()) != 1 {
			t.Fatalf("divisions of acme: %v", page.Items())
		}
		eng := page.Items()[0]
		if eng["key"] != "eng" || eng["topLevelUnit"].(map[string]any)["key"] != "acme" || len(eng["inheritedAssociates"].([]any)) != 2 {
			t.Fatalf("eng: %v", eng)
		}
		// Members are found through the units' references, as the predicate finds them.
		alice := w.customers["alice@acme.example"]
		for where, want := range map[string]string{
			`associates(customer(id = "` + alice + `"))`:                               "acme",
			`associates(associateRoleAssignments(associateRole(key = "admin")))`:       "acme,globex",
			`associates(customer(id = "` + alice + `")) and parentUnit is not defined`: "acme",
			`associates(customer(id in ("nobody")))`:                                   "",
		} {
			page := must[*app.Page](t)(a.QueryBusinessUnits(ctx, c, app.Query{Limit: 20, Where: []string{where}}))
			if keysOf(page) != want {
				t.Errorf("%s: %s, want %s", where, keysOf(page), want)
			}
		}
		a.QueryBudget = 1 // answered from references alone, whatever the budget
		page = must[*app.Page](t)(a.QueryBusinessUnits(ctx, c, app.Query{Limit: 20, Where: []string{`associates(customer(id = "` + alice + `"))`}}))
		if keysOf(page) != "acme" {
			t.Errorf("within the budget: %s", keysOf(page))
		}
		a.QueryBudget = 0
		// A predicate on a derived field runs on the candidates, with the fields derived.
		page = must[*app.Page](t)(a.QueryBusinessUnits(ctx, c, app.Query{Limit: 20, Where: []string{`topLevelUnit(key = "acme")`}, Sort: []string{"key desc"}}))
		if keysOf(page) != "eng,acme" {
			t.Fatalf("units of acme: %s", keysOf(page))
		}
	})
}

// TestStoreAndMemoryAgree: a query answered by the store (amounts, modification times, states,
// units, creation times, and sorts on them) returns what the same query evaluated document by
// document in memory returns, for carts and orders in two currencies.
func TestStoreAndMemoryAgree(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		clock := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		a.Now = func() time.Time { clock = clock.Add(time.Minute); return clock }
		people := []string{w.customers["alice@acme.example"], w.customers["bob@acme.example"]}
		var orders []*procura.Order
		for i := range 14 {
			d := withCustomer(cartDraft("W-1", "G-1"), people[i%2], []string{"acme", "eng"}[i%3%2])
			d.LineItems[0].Quantity = qty(int64(i%5 + 1)) // amounts repeat: ties in amount sorts
			if i%4 == 3 {
				d = withCustomer(cartDraft("W-1"), people[i%2], "acme")
				d.Currency, d.Country = "USD", "US"
				d.LineItems[0].Quantity = qty(int64(i))
			}
			cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, app.Acting{}, d))
			if i%3 == 0 {
				continue // stays a cart
			}
			orders = append(orders, must[*procura.Order](t)(a.CreateOrder(ctx, c, app.Acting{}, procura.OrderFromCartDraft{
				Cart: &procura.ResourceIdentifier{ID: cart.ID}, Version: &cart.Version})))
		}
		// Orders change state in another order than they were made: lastModifiedAt differs from
		// createdAt's order.
		for i := len(orders) - 1; i >= 0; i -= 2 {
			o := orders[i]
			must[*procura.Order](t)(a.UpdateOrder(ctx, c, app.Acting{}, app.Ref{ID: o.ID},
				actions(o.Version, `{"action":"changeOrderState","orderState":"`+[]string{"Confirmed", "Complete", "Cancelled"}[i%3]+`"}`)))
		}
		middle := clock.Add(-12 * time.Minute).Format(procura.TimeFormat)
		wheres := []string{
			`totalPrice(centAmount > 5000)`,
			`totalPrice(centAmount >= 4498)`,
			`totalPrice(centAmount < 4498.5)`,
			`totalPrice(centAmount <= 2499)`,
			`totalPrice(centAmount > 2498.5)`,
			`totalPrice(centAmount in (2499, 4498, 17500, 1))`,
			`totalPrice(centAmount = 2499.5)`,
			`totalPrice(centAmount > -1) and customerId = "` + people[1] + `"`,
			`totalPrice(currencyCode = "EUR" and centAmount > 4000)`,
			`totalPrice(centAmount > 3000) and businessUnit(key = "acme")`,
			`lastModifiedAt > "` + middle + `"`,
			`lastModifiedAt <= "` + middle + `" and totalPrice(centAmount < 9000)`,
			`lastModifiedAt in ("` + orders[len(orders)-2].LastModifiedAt + `", "x")`, // an order never changed
			`createdAt >= "` + middle + `" or totalPrice(centAmount > 6000)`,          // all in memory either way
		}
		sorts := [][]string{nil, {"createdAt desc"}, {"lastModifiedAt desc"}, {"lastModifiedAt asc"},
			{"totalPrice.centAmount asc"}, {"totalPrice.centAmount desc", "lastModifiedAt asc"}}
		type querier func(ctx context.Context, c app.Caller, who app.Acting, q app.Query) (*app.Page, error)
		for typ, q := range map[string]querier{"cart": a.QueryCarts, "order": a.QueryOrders} {
			run := func(where string, sort []string) ([]string, int) {
				t.Helper()
				page := must[*app.Page](t)(q(ctx, c, app.Acting{}, app.Query{Limit: 100, WithTotal: true, Where: []string{where}, Sort: sort}))
				var ids []string
				for _, m := range page.Items() {
					ids = append(ids, m["id"].(string))
				}
				return ids, *page.Total
			}
			wheres := append(wheres, `orderState = "Open" and totalPrice(centAmount > 3000)`, `orderState in ("Confirmed", "Complete") and lastModifiedAt > "`+middle+`"`)
			for _, where := range wheres {
				for _, sort := range sorts {
					// In the store (id asc makes ties come out in one order)...
					inStore, total := run(where, append(slices.Clone(sort), "id asc"))
					// ...and in memory: a predicate under not(not(…)) and a sort key no column
					// holds are tested and sorted one by one.
					inMemory, memTotal := run("not(not("+where+"))", append(slices.Clone(sort), "id asc", "version asc"))
					if !slices.Equal(inStore, inMemory) || total != memTotal || total != len(inStore) {
						t.Errorf("%ss where %s sort %v: store %v (total %d), memory %v (total %d)", typ, where, sort, inStore, total, inMemory, memTotal)
					}
				}
			}
			// The amount and modification-time conditions above are the store's: they run
			// whatever the budget, where their memory form is refused.
			a.QueryBudget = 1
			run(`totalPrice(centAmount > 0) and lastModifiedAt > "2026"`, []string{"totalPrice.centAmount desc", "lastModifiedAt asc"})
			_, err := q(ctx, c, app.Acting{}, app.Query{Limit: 20, Where: []string{`not(not(totalPrice(centAmount > 0)))`}})
			wantCode(t, err, procura.CodeInvalidInput)
			a.QueryBudget = 0
		}
	})
}
