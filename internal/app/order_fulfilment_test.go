package app_test

import (
	"strings"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// The seller's fulfilment actions on an order keep what the order's unit and lines allow: its
// customer an associate, its store one of the unit's, returned and stated quantities at most
// those ordered.
func TestOrderFulfilment(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		must[*procura.Store](t)(a.CreateStore(ctx, c, procura.StoreDraft{Key: "outlet"}))
		o := w.placeOrder("alice@acme.example", "acme")
		li := o.LineItems[0].ID
		w.state(procura.StateDraft{Key: "boxed", Type: procura.StateLineItem, Initial: no()})
		w.state(procura.StateDraft{Key: "picked", Type: procura.StateLineItem, Transitions: stateIDs("boxed")})
		w.state(procura.StateDraft{Key: "packed", Type: procura.StateOrder})
		update := func(acts ...string) (*procura.Order, error) {
			return a.UpdateOrder(ctx, c, app.Acting{}, app.Ref{ID: o.ID}, actions(o.Version, acts...))
		}
		for _, tc := range []struct{ action, code string }{
			{`{"action":"setCustomerId","customerId":"` + w.customers["carol@globex.example"] + `"}`, procura.CodeInvalidOperation},
			{`{"action":"setCustomerId","customerId":"nobody"}`, procura.CodeReferencedResourceNotFound},
			{`{"action":"setStore","store":{"key":"outlet"}}`, procura.CodeInvalidOperation},
			{`{"action":"setStore"}`, procura.CodeInvalidOperation},
			{`{"action":"setLocale","locale":"not a locale"}`, procura.CodeInvalidField},
			{`{"action":"setShippingAddress","address":{"city":"Bonn"}}`, procura.CodeRequiredField},
			{`{"action":"setReturnInfo","items":[{"items":[{"lineItemId":"` + li + `","quantity":2,"shipmentState":"Returned"}]}]}`, procura.CodeInvalidOperation},
			{`{"action":"setReturnInfo","items":[{"items":[{"lineItemId":"nope","quantity":1,"shipmentState":"Returned"}]}]}`, procura.CodeInvalidInput},
			{`{"action":"importLineItemState","lineItemId":"` + li + `","state":[{"quantity":2,"state":{"key":"picked"}}]}`, procura.CodeInvalidOperation},
			{`{"action":"importLineItemState","lineItemId":"` + li + `","state":[{"quantity":1,"state":{"key":"packed"}}]}`, procura.CodeInvalidInput},
			{`{"action":"transitionLineItemState","lineItemId":"` + li + `","quantity":1,"fromState":{"key":"picked"},"toState":{"key":"boxed"}}`, procura.CodeInvalidOperation},
			{`{"action":"updateSyncInfo","channel":{"key":"erp"},"externalId":"E-1"}`, procura.CodeReferencedResourceNotFound},
			{`{"action":"setReturnShipmentState","returnItemId":"nope","shipmentState":"Returned"}`, procura.CodeInvalidInput},
		} {
			_, err := update(tc.action)
			if procura.ErrorCode(err) != tc.code {
				t.Errorf("%s: %v, want %s", tc.action, err, tc.code)
			}
			if strings.Contains(tc.action, "updateSyncInfo") && !strings.Contains(err.Error(), "channels") {
				t.Errorf("updateSyncInfo: %v does not name the channels Procura lacks", err)
			}
		}
		if got := must[*procura.Order](t)(a.GetOrder(ctx, c, app.Acting{}, app.Ref{ID: o.ID})); got.Version != o.Version {
			t.Fatalf("refused actions wrote: version %d, want %d", got.Version, o.Version)
		}
		o = must[*procura.Order](t)(update(
			`{"action":"setCustomerId","customerId":"`+w.customers["bob@acme.example"]+`"}`,
			`{"action":"setStore","store":{"key":"main"}}`,
			`{"action":"setLocale","locale":"de-DE"}`,
			`{"action":"setShippingAddress","address":{"country":"DE","city":"Bonn"}}`,
			`{"action":"setBillingAddress","address":{"country":"DE","city":"Berlin"}}`,
			`{"action":"setReturnInfo","items":[{"items":[{"key":"r1","lineItemId":"`+li+`","quantity":1,"shipmentState":"Advised"}],"returnTrackingId":"RT-1"}]}`,
			`{"action":"setReturnShipmentState","returnItemKey":"r1","shipmentState":"Returned"}`,
			`{"action":"setReturnPaymentState","returnItemKey":"r1","paymentState":"Refunded"}`,
			`{"action":"importLineItemState","lineItemId":"`+li+`","state":[{"quantity":1,"state":{"key":"picked"}}]}`,
			`{"action":"transitionLineItemState","lineItemId":"`+li+`","quantity":1,"fromState":{"key":"picked"},"toState":{"key":"boxed"}}`))
		ret := o.ReturnInfo[0].Items[0]
		states, _ := procura.ItemStates(o.LineItems[0].State)
		boxed := must[*procura.State](t)(a.GetState(ctx, c, app.Ref{Key: "boxed"}))
		if o.CustomerID != w.customers["bob@acme.example"] || o.Store.Key != "main" || o.Locale != "de-DE" || o.ShippingAddress.City != "Bonn" ||
			o.BillingAddress.City != "Berlin" || ret.ShipmentState != "Returned" || ret.PaymentState != "Refunded" ||
			len(states) != 1 || states[0].State.ID != boxed.ID || states[0].Quantity != 1 {
			t.Fatalf("order %+v", o)
		}
		// More than was ordered moves nowhere; a state a line item is in stays.
		_, err := update(`{"action":"transitionLineItemState","lineItemId":"` + li + `","quantity":2,"fromState":{"key":"boxed"},"toState":{"key":"picked"}}`)
		wantCode(t, err, procura.CodeInvalidOperation)
		_, err = a.DeleteState(ctx, c, app.Ref{Key: "boxed"}, boxed.Version)
		wantCode(t, err, procura.CodeReferenceExists)
		// The fulfilment is the seller's: a buyer's own token changes no address of a placed order.
		bob := w.as("bob@acme.example", "")
		w.grant("acme", "bob@acme.example", "buyer", "shopper")
		as := app.Acting{Kind: procura.AsAssociate, CustomerID: bob.CustomerID, UnitKey: "acme"}
		_, err = a.UpdateOrder(ctx, bob, as, app.Ref{ID: o.ID}, actions(o.Version, `{"action":"setShippingAddress","address":{"country":"FR"}}`))
		wantCode(t, err, procura.CodeInvalidOperation)
		must[*procura.Order](t)(a.UpdateOrder(ctx, bob, as, app.Ref{ID: o.ID}, actions(o.Version, `{"action":"setPurchaseOrderNumber","purchaseOrderNumber":"PO-7"}`)))
	})
}
