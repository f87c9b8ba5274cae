package app_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

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
		_, err := query(`totalPrice(centAmount > 0)`)
		wantCode(t, err, procura.CodeInvalidInput)
		if err == nil || !strings.Contains(err.Error(), "customerId") || !strings.Contains(err.Error(), "businessUnit.key") {
			t.Fatalf("the refusal names the indexed fields: %v", err)
		}
		// Narrowed by an index to the budget, it runs.
		got := must[[]string](t)(query(fmt.Sprintf(`customerId = %q and totalPrice(centAmount > 5000)`, bob)))
		if !slices.Equal(got, []string{ids[7], ids[5], ids[3]}) {
			t.Fatalf("bob's carts above 50.00: %v", got)
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
