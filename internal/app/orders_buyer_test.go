package app_test

import (
	"fmt"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// TestBuyersChangeOnlyWhatABuyerOwns: with her own token, through /me or as an associate,
// alice may set her order's purchase order number but none of the seller's fields (states,
// order number), although she holds UpdateMyOrders; the seller and a trusted backend acting as
// alice keep every action. Bad state values are refused to everyone.
func TestBuyersChangeOnlyWhatABuyerOwns(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		alice, aliceID := w.as("alice@acme.example", ""), w.customers["alice@acme.example"]
		for i, caller := range []struct {
			name  string
			c     app.Caller
			who   app.Acting
			buyer bool
		}{
			{"alice as associate", alice, app.AsAssociate(alice, aliceID, "acme"), true},
			{"trusted backend as alice", c, inUnit(aliceID, "acme"), false},
			{"seller", c, app.Acting{}, false},
		} {
			t.Run(caller.name, func(t *testing.T) {
				o := w.placeOrder("alice@acme.example", "acme")
				update := func(action string) (*procura.Order, error) {
					return a.UpdateOrder(ctx, caller.c, caller.who, app.Ref{ID: o.ID}, actions(o.Version, action))
				}
				stored := func() *procura.Order {
					return must[*procura.Order](t)(a.GetOrder(ctx, c, app.Acting{}, app.Ref{ID: o.ID}))
				}
				number := fmt.Sprintf("N-%d", i)
				for _, tc := range []struct {
					action string
					got    func(*procura.Order) string
					want   string
				}{
					{`{"action":"changeOrderState","orderState":"Confirmed"}`, func(o *procura.Order) string { return o.OrderState }, "Confirmed"},
					{`{"action":"changePaymentState","paymentState":"Paid"}`, func(o *procura.Order) string { return o.PaymentState }, "Paid"},
					{`{"action":"changeShipmentState","shipmentState":"Shipped"}`, func(o *procura.Order) string { return o.ShipmentState }, "Shipped"},
					{`{"action":"setOrderNumber","orderNumber":"` + number + `"}`, func(o *procura.Order) string { return o.OrderNumber }, number},
				} {
					got, err := update(tc.action)
					if caller.buyer {
						wantCode(t, err, procura.CodeInvalidOperation)
						if s := stored(); s.Version != o.Version || tc.got(s) == tc.want {
							t.Errorf("%s: stored version %d, value %q after a refusal", tc.action, s.Version, tc.got(s))
						}
						continue
					}
					if err != nil {
						t.Fatalf("%s: %v", tc.action, err)
					}
					if tc.got(got) != tc.want || tc.got(stored()) != tc.want {
						t.Errorf("%s: value %q, want %q", tc.action, tc.got(got), tc.want)
					}
					o = got
				}
				// No caller has setOrderState: the reference's action is changeOrderState.
				_, err := update(`{"action":"setOrderState","orderState":"Complete"}`)
				wantCode(t, err, procura.CodeInvalidJSONInput)

				// Every caller sets the purchase order number.
				o = must[*procura.Order](t)(update(`{"action":"setPurchaseOrderNumber","purchaseOrderNumber":"PO-` + number + `"}`))
				if o.PurchaseOrderNumber != "PO-"+number || stored().PurchaseOrderNumber != "PO-"+number {
					t.Errorf("purchase order number %q", o.PurchaseOrderNumber)
				}

				// Bad state values are refused to everyone and stored by no one.
				for _, bad := range []string{
					`{"action":"changePaymentState","paymentState":"<script>x</script>"}`,
					`{"action":"changeShipmentState","shipmentState":"Lost"}`,
					`{"action":"changeOrderState","orderState":"Paid"}`,
				} {
					_, err := update(bad)
					want := procura.CodeInvalidField
					if caller.buyer {
						want = procura.CodeInvalidOperation // the action itself is the seller's
					}
					wantCode(t, err, want)
					if s := stored(); s.Version != o.Version || s.PaymentState == "<script>x</script>" || s.ShipmentState == "Lost" || s.OrderState == "Paid" {
						t.Errorf("%s: stored %+v", bad, s)
					}
				}
			})
		}
	})
}

// TestBuyersPlaceOrdersWithoutTheSellersFields: a buyer's order draft names the cart and a
// purchase order number; the order number and the states are the seller's, whom a trusted
// backend acting as the buyer may set, and bad states are refused to everyone.
func TestBuyersPlaceOrdersWithoutTheSellersFields(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		alice, aliceID := w.as("alice@acme.example", ""), w.customers["alice@acme.example"]
		place := func(caller app.Caller, who app.Acting, d procura.OrderFromCartDraft) (*procura.Order, error) {
			cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, app.Acting{}, withCustomer(cartDraft("W-1"), aliceID, "acme")))
			d.Cart, d.Version = &procura.ResourceIdentifier{ID: cart.ID}, &cart.Version
			return a.CreateOrder(ctx, caller, who, d)
		}
		for _, who := range []app.Acting{app.Me(alice), app.AsAssociate(alice, aliceID, "acme")} {
			for _, d := range []procura.OrderFromCartDraft{{OrderNumber: "X-1"}, {OrderState: "Confirmed"}, {PaymentState: "Paid"}, {ShipmentState: "Shipped"}} {
				_, err := place(alice, who, d)
				wantCode(t, err, procura.CodeInvalidOperation)
			}
			o := must[*procura.Order](t)(place(alice, who, procura.OrderFromCartDraft{PurchaseOrderNumber: "PO-A"}))
			if o.PurchaseOrderNumber != "PO-A" || o.PaymentState != "" || o.OrderState != procura.OrderOpen {
				t.Errorf("alice's order: %+v", o)
			}
		}
		for i, who := range []app.Acting{inUnit(aliceID, "acme"), {}} {
			o := must[*procura.Order](t)(place(c, who, procura.OrderFromCartDraft{OrderNumber: fmt.Sprintf("S-%d", i), PaymentState: "Paid", ShipmentState: "Ready"}))
			if o.PaymentState != "Paid" || o.ShipmentState != "Ready" {
				t.Errorf("backend's order: %+v", o)
			}
			_, err := place(c, who, procura.OrderFromCartDraft{PaymentState: "<script>x</script>"})
			wantCode(t, err, procura.CodeInvalidField)
		}
	})
}
