package app_test

import (
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// TestCartsShipBySeveralMethods: a trusted backend ships a cart of shipping mode Multiple by
// the method "post" and by a courier of its own, each shipping with custom fields of a
// "shipping" type; a customer's own token and /me may choose the mode but add no shippings; a
// refused update writes nothing; the order keeps the shippings, and the seller sets their
// custom fields there.
func TestCartsShipBySeveralMethods(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shippingWorld(t, a, c)
		w.customType("shipping-fields", "shipping", "note:String")
		w.customType("order-fields", "order", "po:String")
		alice := w.customers["alice@acme.example"]
		backend := inUnit(alice, "acme")
		own := app.Acting{Kind: procura.AsAssociate, CustomerID: alice, UnitKey: "acme"}
		aliceToken := w.as("alice@acme.example", "acme")
		d := cartDraft("W-1")
		d.ShippingMode, d.ShippingAddress = procura.ShippingMultiple, &procura.Address{Country: "DE"}
		d.Shipping = []procura.ShippingDraft{{ShippingMethod: &procura.ResourceIdentifier{Key: "post"},
			ShippingPartsDraft: procura.ShippingPartsDraft{Key: "home", ShippingAddress: &procura.Address{Country: "DE", City: "Berlin"}}}}
		_, err := a.CreateCart(ctx, aliceToken, asMe(alice), d)
		wantCode(t, err, procura.CodeInvalidJSONInput)
		_, err = a.CreateCart(ctx, aliceToken, own, d)
		wantCode(t, err, procura.CodeInvalidOperation)
		mine := cartDraft("W-1")
		mine.ShippingMode = procura.ShippingMultiple
		if cart := must[*procura.Cart](t)(a.CreateCart(ctx, aliceToken, own, mine)); cart.ShippingMode != procura.ShippingMultiple {
			t.Fatalf("an associate's cart of mode Multiple: %s", cart.ShippingMode)
		}

		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, backend, d))
		courier := `{"action":"addCustomShippingMethod","shippingKey":"courier","shippingMethodName":"Courier",
			"shippingRate":{"price":{"currencyCode":"EUR","centAmount":300}},"taxCategory":{"key":"std"},"shippingAddress":{"country":"DE"}}`
		for _, who := range []app.Acting{own, asMe(alice)} {
			_, err := a.UpdateCart(ctx, aliceToken, who, app.Ref{ID: cart.ID}, actions(cart.Version, courier))
			if err == nil {
				t.Fatalf("%v added a shipping", who.Kind)
			}
		}
		_, err = a.UpdateCart(ctx, c, backend, app.Ref{ID: cart.ID}, actions(cart.Version, courier,
			`{"action":"setShippingCustomType","shippingKey":"home","type":{"key":"order-fields"}}`))
		wantCode(t, err, procura.CodeInvalidInput)
		if again := must[*procura.Cart](t)(a.GetCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID})); again.Version != cart.Version || len(again.Shipping) != 1 {
			t.Fatalf("a refused update wrote: %d %+v", again.Version, again.Shipping)
		}
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, backend, app.Ref{ID: cart.ID}, actions(cart.Version, courier,
			`{"action":"setShippingCustomType","shippingKey":"home","type":{"key":"shipping-fields"},"fields":{"note":"gate 2"}}`)))
		// 19.99 + 4.90 + 3.00; 19% of each: 3.80, 0.93, 0.57
		if cart.TotalPrice.CentAmount != 2789 || cart.TaxedShippingPrice.TotalGross.CentAmount != 583+357 || cart.TaxedPrice.TotalGross.CentAmount != 2379+583+357 ||
			cart.Shipping[0].ShippingCustomFields == nil {
			t.Fatalf("the cart's shippings: %s %+v %+v", cart.TotalPrice, cart.TaxedPrice, cart.Shipping)
		}

		order := must[*procura.Order](t)(a.CreateOrder(ctx, c, backend, procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}, Version: &cart.Version}))
		if order.ShippingMode != procura.ShippingMultiple || len(order.Shipping) != 2 || order.Shipping[0].ShippingCustomFields.Fields["note"] != "gate 2" ||
			order.TotalPrice != cart.TotalPrice {
			t.Fatalf("the order's shippings: %+v", order.Shipping)
		}
		_, err = a.UpdateOrder(ctx, aliceToken, own, app.Ref{ID: order.ID}, actions(order.Version, `{"action":"setShippingCustomField","shippingKey":"home","name":"note","value":"gate 3"}`))
		if err == nil {
			t.Fatal("an associate's own token set a shipping's custom field on an order")
		}
		order = must[*procura.Order](t)(a.UpdateOrder(ctx, c, app.Acting{}, app.Ref{ID: order.ID}, actions(order.Version,
			`{"action":"setShippingCustomField","shippingKey":"home","name":"note","value":"gate 3"}`,
			`{"action":"setLineItemShippingDetails","lineItemId":"`+order.LineItems[0].ID+`","shippingDetails":{"targets":[]}}`)))
		if order.Shipping[0].ShippingCustomFields.Fields["note"] != "gate 3" || order.LineItems[0].ShippingDetails == nil {
			t.Fatalf("the seller's changes to the order: %+v", order.Shipping[0])
		}
	})
}

// TestClassifiedShippingRates: once the seller sets the project's shippingRateInputType, a
// shipping method takes tiers of that type, and a cart whose input classifies it as heavy ships
// at the heavy tier's price, which matching-cart marks; a customer's own draft gives no input,
// and a tier of another type is refused.
func TestClassifiedShippingRates(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shippingWorld(t, a, c)
		alice := w.customers["alice@acme.example"]
		tiered := func(tierType, tier string) error {
			_, err := a.CreateShippingMethod(ctx, c, decodeDraft[procura.ShippingMethodDraft](t, `{"key":"freight","name":"Freight","taxCategory":{"key":"std"},
				"zoneRates":[{"zone":{"key":"de"},"shippingRates":[{"price":{"currencyCode":"EUR","centAmount":990},
				"tiers":[{"type":"`+tierType+`",`+tier+`,"price":{"currencyCode":"EUR","centAmount":4900}}]}]}]}`))
			return err
		}
		wantCode(t, tiered("CartClassification", `"value":"heavy"`), procura.CodeInvalidInput)
		p := must[*procura.Project](t)(a.GetProject(ctx, c))
		must[*procura.Project](t)(a.UpdateProject(ctx, c, actions(p.Version, `{"action":"setShippingRateInputType","shippingRateInputType":
			{"type":"CartClassification","values":[{"key":"light","label":{"en":"Light"}},{"key":"heavy","label":{"en":"Heavy"}}]}}`)))
		wantCode(t, tiered("CartValue", `"minimumCentAmount":0`), procura.CodeInvalidInput)
		if err := tiered("CartClassification", `"value":"heavy"`); err != nil {
			t.Fatal(err)
		}
		d := cartDraft("W-1")
		d.ShippingAddress, d.ShippingMethod = &procura.Address{Country: "DE"}, &procura.ResourceIdentifier{Key: "freight"}
		d.ShippingRateInput = &procura.ShippingRateInputDraft{Type: procura.InputClassification, Key: "heavy"}
		_, err := a.CreateCart(ctx, w.as("alice@acme.example", "acme"), app.Acting{Kind: procura.AsAssociate, CustomerID: alice, UnitKey: "acme"}, d)
		wantCode(t, err, procura.CodeInvalidOperation)
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, inUnit(alice, "acme"), d))
		if cart.ShippingInfo.Price.CentAmount != 4900 || cart.TotalPrice.CentAmount != 1999+4900 || cart.ShippingRateInput.Key != "heavy" {
			t.Fatalf("a heavy cart: %s %+v", cart.TotalPrice, cart.ShippingRateInput)
		}
		page := must[*app.Page](t)(a.MatchingCart(ctx, c, app.Acting{}, cart.ID))
		var freight map[string]any
		for _, m := range page.Results {
			if m["key"] == "freight" {
				freight = m
			}
		}
		if freight == nil || freight["zoneRates"].([]any)[0].(map[string]any)["shippingRates"].([]any)[0].(map[string]any)["tiers"].([]any)[0].(map[string]any)["isMatching"] != true {
			t.Fatalf("matching-cart marks the heavy tier: %+v", freight)
		}
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, inUnit(alice, "acme"), app.Ref{ID: cart.ID}, actions(cart.Version,
			`{"action":"setShippingRateInput","shippingRateInput":{"type":"Classification","key":"light"}}`)))
		if cart.ShippingInfo.Price.CentAmount != 990 {
			t.Fatalf("a light cart: %s", cart.ShippingInfo.Price)
		}
	})
}
