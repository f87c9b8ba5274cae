package app_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// placeOrder has customer email create and order a cart of W-1 in unit, through the seller.
func (w *world) placeOrder(email, unit string) *procura.Order {
	w.t.Helper()
	d := cartDraft("W-1")
	d.CustomerID, d.BusinessUnit = w.customers[email], &procura.ResourceIdentifier{Key: unit}
	if unit == "globex" {
		d.Store = nil // globex sells without stores
	}
	cart := must[*procura.Cart](w.t)(w.a.CreateCart(ctx, w.seller, app.Acting{}, d))
	return must[*procura.Order](w.t)(w.a.CreateOrder(ctx, w.seller, app.Acting{}, procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}, Version: &cart.Version}))
}

func TestOrderPermissionMatrix(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		w.associate("acme", "dan@acme.example", "buyer", procura.InheritanceEnabled)
		for _, p := range []procura.Permission{procura.ViewMyOrders, procura.ViewOthersOrders, procura.UpdateMyOrders, procura.UpdateOthersOrders,
			procura.CreateMyOrdersFromMyCarts, procura.CreateOrdersFromOthersCarts} {
			w.role("only-"+string(p), true, p)
		}
		dan, bob := w.customers["dan@acme.example"], w.customers["bob@acme.example"]
		as := inUnit(dan, "acme")
		for kind, owner := range map[string]string{"My": "dan@acme.example", "Others": "bob@acme.example"} {
			view := procura.Permission("View" + kind + "Orders")
			upd := procura.Permission("Update" + kind + "Orders")
			t.Run(string(view), func(t *testing.T) {
				o := w.placeOrder(owner, "acme")
				w.grant("acme", "dan@acme.example", "buyer")
				_, err := a.GetOrder(ctx, c, as, app.Ref{ID: o.ID})
				wantCode(t, err, procura.CodeAssociateMissingPermission)
				w.grant("acme", "dan@acme.example", "only-"+string(view))
				must[*procura.Order](t)(a.GetOrder(ctx, c, as, app.Ref{ID: o.ID}))
			})
			t.Run(string(upd), func(t *testing.T) {
				o := w.placeOrder(owner, "acme")
				w.grant("acme", "dan@acme.example", "buyer")
				change := actions(o.Version, `{"action":"changeOrderState","orderState":"Confirmed"}`)
				_, err := a.UpdateOrder(ctx, c, as, app.Ref{ID: o.ID}, change)
				wantCode(t, err, procura.CodeAssociateMissingPermission)
				w.grant("acme", "dan@acme.example", "only-"+string(upd))
				if o := must[*procura.Order](t)(a.UpdateOrder(ctx, c, as, app.Ref{ID: o.ID}, change)); o.OrderState != procura.OrderConfirmed {
					t.Fatalf("order state %s", o.OrderState)
				}
			})
		}
		for kind, owner := range map[string]string{"My": dan, "Others": bob} {
			perm := map[string]procura.Permission{"My": procura.CreateMyOrdersFromMyCarts, "Others": procura.CreateOrdersFromOthersCarts}[kind]
			t.Run(string(perm), func(t *testing.T) {
				cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, app.Acting{}, withCustomer(cartDraft("W-1"), owner, "acme")))
				place := procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}, Version: &cart.Version}
				w.grant("acme", "dan@acme.example", "only-"+string(procura.ViewMyOrders))
				_, err := a.CreateOrder(ctx, c, as, place)
				wantCode(t, err, procura.CodeAssociateMissingPermission)
				w.grant("acme", "dan@acme.example", "only-"+string(perm))
				must[*procura.Order](t)(a.CreateOrder(ctx, c, as, place))
			})
		}
	})
}

func TestMyOrdersAreMine(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		alice, bob := w.as("alice@acme.example", ""), w.as("bob@acme.example", "")
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, alice, app.Me(alice), cartDraft("W-1")))
		if cart.CustomerID != alice.CustomerID || cart.BusinessUnit != nil {
			t.Fatalf("/me cart: %+v", cart)
		}
		// bob may neither see nor order alice's cart; she may order it.
		_, err := a.GetCart(ctx, bob, app.Me(bob), app.Ref{ID: cart.ID})
		wantCode(t, err, procura.CodeResourceNotFound)
		_, err = a.CreateOrder(ctx, bob, app.Me(bob), procura.OrderFromCartDraft{ID: cart.ID, Version: &cart.Version})
		wantCode(t, err, procura.CodeReferencedResourceNotFound)
		o := must[*procura.Order](t)(a.CreateOrder(ctx, alice, app.Me(alice), procura.OrderFromCartDraft{ID: cart.ID, Version: &cart.Version}))
		_, err = a.GetOrder(ctx, bob, app.Me(bob), app.Ref{ID: o.ID})
		wantCode(t, err, procura.CodeResourceNotFound)
		// In a unit, /me needs the My permissions: bob is a buyer (CreateMyCarts only).
		d := cartDraft("W-1")
		d.BusinessUnit = &procura.ResourceIdentifier{Key: "acme"}
		b2b := must[*procura.Cart](t)(a.CreateCart(ctx, bob, app.Me(bob), d))
		_, err = a.CreateOrder(ctx, bob, app.Me(bob), procura.OrderFromCartDraft{ID: b2b.ID, Version: &b2b.Version})
		wantCode(t, err, procura.CodeAssociateMissingPermission)
		// A customer who is no associate of a unit cannot have a cart there.
		carol := w.as("carol@globex.example", "")
		_, err = a.CreateCart(ctx, carol, app.Me(carol), d)
		wantCode(t, err, procura.CodeResourceNotFound)
	})
}

// TestSharedCompanyOrders is the seeds' first scenario: ViewOthersOrders shows the colleagues'
// orders, per unit and through inheritance; without it, only one's own.
func TestSharedCompanyOrders(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		w.role("viewer", true, procura.ViewMyOrders, procura.ViewOthersOrders)
		w.role("mine-only", true, procura.ViewMyOrders)
		w.associate("eng", "dan@acme.example", "mine-only", procura.InheritanceDisabled)
		w.associate("globex", "alice@acme.example", "mine-only", procura.InheritanceEnabled)
		w.grant("acme", "bob@acme.example", "buyer", "viewer") // bob: every acme order, eng's by inheritance
		byBob := w.placeOrder("bob@acme.example", "acme")
		byAlice := w.placeOrder("alice@acme.example", "acme")
		byDan := w.placeOrder("dan@acme.example", "eng")
		inGlobex := w.placeOrder("carol@globex.example", "globex")
		aliceInGlobex := w.placeOrder("alice@acme.example", "globex")
		ids := func(p *app.Page) string {
			var out []string
			for _, m := range p.Items() {
				out = append(out, m["id"].(string))
			}
			return strings.Join(out, ",")
		}
		join := func(os ...*procura.Order) string {
			var out []string
			for _, o := range os {
				out = append(out, o.ID)
			}
			return strings.Join(out, ",")
		}
		q := app.Query{Limit: 20, WithTotal: true}
		company := func(email, unit string, cf app.CompanyFilter) string {
			return ids(must[*app.Page](t)(a.QueryCompanyOrders(ctx, c, inUnit(w.customers[email], unit), q, cf)))
		}
		if got, want := company("bob@acme.example", "acme", app.CompanyFilter{}), join(byDan, byAlice, byBob); got != want {
			t.Errorf("bob (viewer at acme) sees %s, want %s", got, want)
		}
		if got, want := company("dan@acme.example", "eng", app.CompanyFilter{}), join(byDan); got != want {
			t.Errorf("dan (mine-only) sees %s, want %s", got, want)
		}
		if got, want := company("bob@acme.example", "acme", app.CompanyFilter{Unit: "eng"}), join(byDan); got != want {
			t.Errorf("bob narrowed to eng sees %s, want %s", got, want)
		}
		if got := company("bob@acme.example", "acme", app.CompanyFilter{States: []string{procura.OrderCancelled}}); got != "" {
			t.Errorf("bob's cancelled orders: %s", got)
		}
		// The legal-entity case: alice sees colleagues' orders in acme? No: she holds admin and
		// shopper there (ViewMyOrders only), so her own; in globex her own as well.
		if got, want := company("alice@acme.example", "acme", app.CompanyFilter{}), join(byAlice); got != want {
			t.Errorf("alice in acme sees %s, want %s", got, want)
		}
		// Switching the active company switches what /me/orders shows.
		w.grant("acme", "alice@acme.example", "admin", "shopper", "viewer")
		inAcme, inGlobexTok := w.as("alice@acme.example", "acme"), w.as("alice@acme.example", "globex")
		if got, want := ids(must[*app.Page](t)(a.QueryOrders(ctx, inAcme, app.Me(inAcme), q))), join(byDan, byAlice, byBob); got != want {
			t.Errorf("alice's /me/orders bound to acme: %s, want %s", got, want)
		}
		if got, want := ids(must[*app.Page](t)(a.QueryOrders(ctx, inGlobexTok, app.Me(inGlobexTok), q))), join(aliceInGlobex); got != want {
			t.Errorf("alice's /me/orders bound to globex: %s, want %s", got, want)
		}
		_ = inGlobex
		// A buyer of a division only, bound to it, sees the division's orders they may see.
		danInEng := w.as("dan@acme.example", "eng")
		if got, want := ids(must[*app.Page](t)(a.QueryOrders(ctx, danInEng, app.Me(danInEng), q))), join(byDan); got != want {
			t.Errorf("dan's /me/orders bound to eng: %s, want %s", got, want)
		}
	})
}

func TestReturnsAndOrderNumbers(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		o := w.placeOrder("alice@acme.example", "acme")
		li := o.LineItems[0].ID
		ret := func(version int64, n int) error {
			_, err := a.UpdateOrder(ctx, c, app.Acting{}, app.Ref{ID: o.ID}, actions(version,
				fmt.Sprintf(`{"action":"addReturnInfo","items":[{"lineItemId":%q,"quantity":%d,"shipmentState":"Returned"}]}`, li, n)))
			return err
		}
		wantCode(t, ret(1, 2), procura.CodeInvalidOperation) // one was ordered
		if err := ret(1, 1); err != nil {
			t.Fatal(err)
		}
		wantCode(t, ret(2, 1), procura.CodeInvalidOperation)
		must[*procura.Order](t)(a.UpdateOrder(ctx, c, app.Acting{}, app.Ref{ID: o.ID}, actions(2, `{"action":"setOrderNumber","orderNumber":"A-1"}`)))
		if got := must[*procura.Order](t)(a.GetOrder(ctx, c, app.Acting{}, app.Ref{Key: "A-1"})); got.ID != o.ID {
			t.Fatal("order-number= found another order")
		}
		other := w.placeOrder("alice@acme.example", "acme")
		_, err := a.UpdateOrder(ctx, c, app.Acting{}, app.Ref{ID: other.ID}, actions(1, `{"action":"setOrderNumber","orderNumber":"A-1"}`))
		wantCode(t, err, procura.CodeDuplicateField)
	})
}

// TestMovedDivisionTakesItsOrders: a division moved to another company takes its carts and
// orders (and its own divisions') into that company's listing, and out of the old one's.
func TestMovedDivisionTakesItsOrders(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		w.unit("eng-tools", "eng")
		w.role("viewer", true, procura.ViewMyOrders, procura.ViewOthersOrders)
		w.grant("acme", "bob@acme.example", "viewer")
		w.grant("globex", "carol@globex.example", "admin", "viewer")
		inEng := w.placeOrder("alice@acme.example", "eng")
		inTools := w.placeOrder("alice@acme.example", "eng-tools")
		inAcme := w.placeOrder("alice@acme.example", "acme")
		company := func(email, unit string) string {
			p := must[*app.Page](t)(a.QueryCompanyOrders(ctx, c, inUnit(w.customers[email], unit), app.Query{Limit: 20}, app.CompanyFilter{Company: true}))
			var ids []string
			for _, m := range p.Items() {
				ids = append(ids, m["id"].(string))
			}
			return strings.Join(ids, ",")
		}
		if got, want := company("bob@acme.example", "acme"), strings.Join([]string{inAcme.ID, inTools.ID, inEng.ID}, ","); got != want {
			t.Fatalf("before the move acme shows %s, want %s", got, want)
		}
		must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "globex"}, actions(w.version("globex"), `{"action":"addStore","store":{"key":"main"}}`)))
		must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "eng"}, actions(w.version("eng"), `{"action":"changeParentUnit","parentUnit":{"key":"globex"}}`)))
		if got, want := company("bob@acme.example", "acme"), inAcme.ID; got != want {
			t.Errorf("after the move acme shows %s, want %s", got, want)
		}
		if got, want := company("carol@globex.example", "globex"), strings.Join([]string{inTools.ID, inEng.ID}, ","); got != want {
			t.Errorf("after the move globex shows %s, want %s", got, want)
		}
		// A Division that becomes a Company takes them along again.
		must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "eng-tools"}, actions(w.version("eng-tools"),
			`{"action":"changeAssociateMode","associateMode":"Explicit"}`, `{"action":"changeApprovalRuleMode","approvalRuleMode":"Explicit"}`,
			`{"action":"setStoreMode","storeMode":"Explicit","stores":[{"key":"main"}]}`, `{"action":"setUnitType","unitType":"Company"}`)))
		w.associate("eng-tools", "carol@globex.example", "viewer", procura.InheritanceEnabled)
		if got, want := company("carol@globex.example", "eng-tools"), inTools.ID; got != want {
			t.Errorf("eng-tools as a company shows %s, want %s", got, want)
		}
		if got, want := company("carol@globex.example", "globex"), inEng.ID; got != want {
			t.Errorf("globex without eng-tools shows %s, want %s", got, want)
		}
	})
}
