package app_test

import (
	"strings"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// TestOrderCustomLineItems: the seller moves an order's custom line items through the line item
// states (no more than ordered, along the transitions) and sets their custom fields; a buyer's
// own token does neither; a refused action writes nothing; a state in use stays.
func TestOrderCustomLineItems(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		w.customType("fee-fields", "custom-line-item", "reason:String")
		w.state(procura.StateDraft{Key: "boxed", Type: procura.StateLineItem, Initial: no()})
		w.state(procura.StateDraft{Key: "picked", Type: procura.StateLineItem, Transitions: stateIDs("boxed")})
		alice := w.customers["alice@acme.example"]
		d := withCustomer(cartDraft("W-1"), alice, "acme")
		d.CustomLineItems = []procura.CustomLineItemDraft{{Key: "fee", Name: procura.LocalizedString{"en": "Fee"}, Slug: "fee", Quantity: qty(2),
			Money: &procura.MoneyDraft{CurrencyCode: "EUR", CentAmount: qty(100)}}}
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, app.Acting{}, d))
		o := must[*procura.Order](t)(a.CreateOrder(ctx, c, app.Acting{}, procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}, Version: &cart.Version}))
		update := func(acts ...string) (*procura.Order, error) {
			return a.UpdateOrder(ctx, c, app.Acting{}, app.Ref{ID: o.ID}, actions(o.Version, acts...))
		}
		for _, tc := range []struct{ action, code string }{
			{`{"action":"importCustomLineItemState","customLineItemKey":"fee","state":[{"quantity":3,"state":{"key":"picked"}}]}`, procura.CodeInvalidOperation},
			{`{"action":"importCustomLineItemState","customLineItemKey":"nope","state":[{"quantity":1,"state":{"key":"picked"}}]}`, procura.CodeInvalidInput},
			{`{"action":"importCustomLineItemState","state":[{"quantity":1,"state":{"key":"picked"}}]}`, procura.CodeRequiredField},
			{`{"action":"transitionCustomLineItemState","customLineItemKey":"fee","quantity":1,"fromState":{"key":"picked"},"toState":{"key":"boxed"}}`, procura.CodeInvalidOperation},
			{`{"action":"setCustomLineItemCustomType","customLineItemKey":"fee","type":{"key":"fee-fields"},"fields":{"reason":7}}`, procura.CodeInvalidField},
		} {
			if _, err := update(tc.action); procura.ErrorCode(err) != tc.code {
				t.Errorf("%s: %v, want %s", tc.action, err, tc.code)
			}
		}
		if got := must[*procura.Order](t)(a.GetOrder(ctx, c, app.Acting{}, app.Ref{ID: o.ID})); got.Version != o.Version {
			t.Fatalf("refused actions wrote: version %d, want %d", got.Version, o.Version)
		}
		own := w.as("alice@acme.example", "")
		_, err := a.UpdateOrder(ctx, own, app.Acting{Kind: procura.AsAssociate, CustomerID: alice, UnitKey: "acme"}, app.Ref{ID: o.ID},
			actions(o.Version, `{"action":"importCustomLineItemState","customLineItemKey":"fee","state":[{"quantity":1,"state":{"key":"picked"}}]}`))
		wantCode(t, err, procura.CodeInvalidOperation)

		o = must[*procura.Order](t)(update(
			`{"action":"importCustomLineItemState","customLineItemKey":"fee","state":[{"quantity":2,"state":{"key":"picked"}}]}`,
			`{"action":"transitionCustomLineItemState","customLineItemKey":"fee","quantity":1,"fromState":{"key":"picked"},"toState":{"key":"boxed"}}`,
			`{"action":"setCustomLineItemCustomType","customLineItemKey":"fee","type":{"key":"fee-fields"}}`,
			`{"action":"setCustomLineItemCustomField","customLineItemId":"`+o.CustomLineItems[0].ID+`","name":"reason","value":"rush"}`))
		fee := o.CustomLineItems[0]
		states, _ := procura.ItemStates(fee.State)
		boxed := must[*procura.State](t)(a.GetState(ctx, c, app.Ref{Key: "boxed"}))
		if len(states) != 2 || states[0].Quantity != 1 || states[1].Quantity != 1 || states[1].State.ID != boxed.ID ||
			fee.Custom == nil || fee.Custom.Fields["reason"] != "rush" {
			t.Fatalf("custom line item %+v", fee)
		}
		_, err = a.DeleteState(ctx, c, app.Ref{Key: "boxed"}, boxed.Version)
		wantCode(t, err, procura.CodeReferenceExists)
	})
}

// TestOrderBusinessUnit: the seller alone moves an order to another unit, as its cart could have
// been placed there (the customer an associate, the store one of the unit's); the order is then
// listed under the new unit and company, and not while its approval is pending.
func TestOrderBusinessUnit(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := approvalWorld(t, a, c)
		alice := w.customers["alice@acme.example"]
		w.grant("globex", "carol@globex.example", "spender")
		o := w.placeOrder("alice@acme.example", "acme")
		move := `{"action":"setBusinessUnit","businessUnit":{"key":"globex"}}`
		globexOrders := func() int {
			page := must[*app.Page](t)(a.QueryCompanyOrders(ctx, c, inUnit(w.customers["carol@globex.example"], "globex"), app.Query{Limit: 20}, app.CompanyFilter{Company: true}))
			return len(page.Items())
		}
		// Denied: the trusted backend acting for an associate, and a buyer's own token.
		own := w.as("alice@acme.example", "")
		for _, caller := range []app.Caller{c, own} {
			_, err := a.UpdateOrder(ctx, caller, app.AsAssociate(caller, alice, "acme"), app.Ref{ID: o.ID}, actions(o.Version, move))
			wantCode(t, err, procura.CodeInvalidOperation)
		}
		// Refused: alice is no associate of globex yet, then globex has not the order's store.
		_, err := a.UpdateOrder(ctx, c, app.Acting{}, app.Ref{ID: o.ID}, actions(o.Version, move))
		wantCode(t, err, procura.CodeInvalidOperation)
		w.associate("globex", "alice@acme.example", "buyer", procura.InheritanceEnabled)
		_, err = a.UpdateOrder(ctx, c, app.Acting{}, app.Ref{ID: o.ID}, actions(o.Version, move))
		wantCode(t, err, procura.CodeInvalidOperation)
		_, err = a.UpdateOrder(ctx, c, app.Acting{}, app.Ref{ID: o.ID}, actions(o.Version, `{"action":"setBusinessUnit","businessUnit":{"key":"nowhere"}}`))
		wantCode(t, err, procura.CodeReferencedResourceNotFound)
		if got := must[*procura.Order](t)(a.GetOrder(ctx, c, app.Acting{}, app.Ref{ID: o.ID})); got.Version != o.Version || globexOrders() != 0 {
			t.Fatalf("refused moves wrote: version %d, want %d", got.Version, o.Version)
		}
		must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "globex"}, actions(w.version("globex"), `{"action":"addStore","store":{"key":"main"}}`)))
		o = must[*procura.Order](t)(a.UpdateOrder(ctx, c, app.Acting{}, app.Ref{ID: o.ID}, actions(o.Version, move)))
		if o.BusinessUnit.Key != "globex" || globexOrders() != 1 {
			t.Fatalf("moved order in %s; globex lists %d orders", o.BusinessUnit.Key, globexOrders())
		}
		o = must[*procura.Order](t)(a.UpdateOrder(ctx, c, app.Acting{}, app.Ref{ID: o.ID}, actions(o.Version, `{"action":"setBusinessUnit"}`)))
		if o.BusinessUnit != nil || globexOrders() != 0 {
			t.Fatalf("an order without a unit: %+v; globex lists %d orders", o.BusinessUnit, globexOrders())
		}
		// An order awaiting approval stays where its approvers are.
		w.rule("acme", "big-orders", `totalPrice >= "1000.00 EUR"`, seedApprovers, "buyer-r")
		big := w.orderOf("bob@acme.example", "acme", 76)
		w.associate("globex", "bob@acme.example", "buyer", procura.InheritanceEnabled)
		_, err = a.UpdateOrder(ctx, c, app.Acting{}, app.Ref{ID: big.ID}, actions(big.Version, move))
		wantCode(t, err, procura.CodeInvalidOperation)
		if big.ApprovalStatus != procura.FlowPending || !strings.Contains(err.Error(), "approval") {
			t.Fatalf("an order %s refused with %v", big.ApprovalStatus, err)
		}
	})
}
