package e2e

import (
	"context"
	"net/http"
	"strconv"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// TestCheckoutWithTwoShippings drives a cart of shipping mode Multiple through the official SDK
// to an order: three widgets, two to the Berlin office by the seller's method "post", one to
// the Munich office by a courier the trusted backend adds; each shipping is priced and taxed on
// its own, the cart's totals add them up, the order keeps them, and the seller re-routes the
// order's line item. The answers have the reference's shapes.
func TestCheckoutWithTwoShippings(t *testing.T) {
	ref := reference(t)
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		sh, method := shippingShop(t, s)

		alice := sh.asAssociate("alice", "acme")
		multiple := platform.ShippingModeMultiple
		cart, err := alice.Carts().Post(platform.CartDraft{Currency: "EUR", LineItems: lineItems(item{widgetSKU, 3}), ShippingMode: &multiple,
			ShippingAddress: &platform.BaseAddress{Country: "DE", City: ptr("Berlin")},
			ItemShippingAddresses: []platform.BaseAddress{{Key: ptr("berlin-office"), Country: "DE", City: ptr("Berlin")},
				{Key: ptr("munich-office"), Country: "DE", City: ptr("Munich")}},
			Shipping: []platform.ShippingDraft{{Key: "berlin", ShippingMethod: &platform.ShippingMethodReference{ID: method.ID},
				ShippingAddress: platform.BaseAddress{Country: "DE", City: ptr("Berlin")}}}}).Execute(ctx)
		if err != nil {
			t.Fatalf("a cart of shipping mode Multiple: %v", err)
		}
		cart, err = alice.Carts().WithId(cart.ID).Post(platform.CartUpdate{Version: cart.Version, Actions: []platform.CartUpdateAction{
			munichCourier(),
			platform.CartSetLineItemShippingDetailsAction{LineItemId: &cart.LineItems[0].ID, ShippingDetails: &platform.ItemShippingDetailsDraft{
				Targets: []platform.ItemShippingTarget{{AddressKey: "berlin-office", Quantity: 2, ShippingMethodKey: ptr("berlin")},
					{AddressKey: "munich-office", Quantity: 1, ShippingMethodKey: ptr("munich")}}}},
		}}).Execute(ctx)
		if err != nil {
			t.Fatalf("addCustomShippingMethod and the targets: %v", err)
		}
		// 59.97 (+ 11.39), 4.90 (+ 0.93) and 3.00 (+ 0.57): 67.87 net, 80.76 gross
		if cart.ShippingMode != platform.ShippingModeMultiple || len(cart.Shipping) != 2 || cart.ShippingInfo != nil ||
			cart.Shipping[0].ShippingInfo.TaxedPrice.TotalGross.CentAmount != 583 || cart.Shipping[1].ShippingInfo.TaxedPrice.TotalGross.CentAmount != 357 {
			t.Fatalf("the cart's shippings: %+v", cart.Shipping)
		}
		if cart.TotalPrice.CentAmount != 6787 || cart.TaxedPrice == nil || cart.TaxedPrice.TotalGross.CentAmount != 8076 ||
			cart.TaxedShippingPrice == nil || cart.TaxedShippingPrice.TotalGross.CentAmount != 940 || !cart.LineItems[0].ShippingDetails.Valid {
			t.Fatalf("the cart's totals: %+v %+v %+v", cart.TotalPrice, cart.TaxedPrice, cart.TaxedShippingPrice)
		}
		// a customer's own token adds no shipping: MyCart has no such action
		own := s.do(t, http.MethodPost, sh.inUnit("alice", "acme")+"/carts/"+cart.ID, sh.login(t, "alice", nil).AccessToken,
			[]byte(`{"version":`+strconv.Itoa(cart.Version)+`,"actions":[{"action":"removeShippingMethod","shippingKey":"munich"}]}`))
		wantStatus(t, "a customer's own token removing a shipping", own, http.StatusBadRequest)

		order, err := alice.Orders().Post(platform.OrderFromCartDraft{Cart: &platform.CartResourceIdentifier{ID: &cart.ID}, Version: cart.Version}).Execute(ctx)
		if err != nil {
			t.Fatalf("order: %v", err)
		}
		if order.ShippingMode != platform.ShippingModeMultiple || len(order.Shipping) != 2 || order.Shipping[1].ShippingKey != "munich" ||
			order.TaxedPrice.TotalGross.CentAmount != 8076 || *order.LineItems[0].ShippingDetails.Targets[1].ShippingMethodKey != "munich" {
			t.Fatalf("the order's shippings: %+v %+v", order.Shipping, order.LineItems[0].ShippingDetails)
		}
		order, err = sh.c.Orders().WithId(order.ID).Post(platform.OrderUpdate{Version: order.Version, Actions: []platform.OrderUpdateAction{
			platform.OrderSetLineItemShippingDetailsAction{LineItemId: &order.LineItems[0].ID, ShippingDetails: &platform.ItemShippingDetailsDraft{
				Targets: []platform.ItemShippingTarget{{AddressKey: "berlin-office", Quantity: 3, ShippingMethodKey: ptr("berlin")}}}},
		}}).Execute(ctx)
		if err != nil || len(order.LineItems[0].ShippingDetails.Targets) != 1 {
			t.Fatalf("setLineItemShippingDetails on the order: %v", err)
		}

		expectShapes(t, s, ref, sh.path, sh.admin, []shapeOf{{"Cart", "/carts/" + cart.ID}, {"Order", "/orders/" + order.ID}})
	})
}

// TestClassifiedShippingThroughTheSDK: the seller classifies carts (the project's
// shippingRateInputType), gives the method "post" a tier for heavy carts, and a cart classified
// heavy ships at that tier's price, marked isMatching; the project, the method and the cart have
// the reference's shapes.
func TestClassifiedShippingThroughTheSDK(t *testing.T) {
	ref := reference(t)
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		sh, method := shippingShop(t, s)
		p, err := sh.c.Get().Execute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sh.c.Post(platform.ProjectUpdate{Version: p.Version, Actions: []platform.ProjectUpdateAction{
			platform.ProjectSetShippingRateInputTypeAction{ShippingRateInputType: platform.CartClassificationType{
				Values: []platform.CustomFieldLocalizedEnumValue{{Key: "heavy", Label: platform.LocalizedString{"en": "Heavy"}}}}}}}).Execute(ctx); err != nil {
			t.Fatalf("setShippingRateInputType: %v", err)
		}
		if _, err := sh.c.ShippingMethods().WithId(method.ID).Post(platform.ShippingMethodUpdate{Version: method.Version, Actions: []platform.ShippingMethodUpdateAction{
			platform.ShippingMethodRemoveShippingRateAction{Zone: platform.ZoneResourceIdentifier{ID: &method.ZoneRates[0].Zone.ID},
				ShippingRate: platform.ShippingRateDraft{Price: platform.Money{CurrencyCode: "EUR", CentAmount: 490},
					FreeAbove: &platform.Money{CurrencyCode: "EUR", CentAmount: 10000}}},
			platform.ShippingMethodAddShippingRateAction{Zone: platform.ZoneResourceIdentifier{ID: &method.ZoneRates[0].Zone.ID},
				ShippingRate: platform.ShippingRateDraft{Price: platform.Money{CurrencyCode: "EUR", CentAmount: 990},
					Tiers: []platform.ShippingRatePriceTier{platform.CartClassificationTier{Value: "heavy", Price: platform.Money{CurrencyCode: "EUR", CentAmount: 4900}}}}},
		}}).Execute(ctx); err != nil {
			t.Fatalf("a tiered rate: %v", err)
		}
		cart, err := sh.asAssociate("alice", "acme").Carts().Post(platform.CartDraft{Currency: "EUR", LineItems: lineItems(item{widgetSKU, 1}),
			ShippingAddress:   &platform.BaseAddress{Country: "DE"},
			ShippingMethod:    &platform.ShippingMethodResourceIdentifier{ID: &method.ID},
			ShippingRateInput: platform.ClassificationShippingRateInputDraft{Key: "heavy"}}).Execute(ctx)
		if err != nil {
			t.Fatalf("a heavy cart: %v", err)
		}
		tier, ok := cart.ShippingInfo.ShippingRate.Tiers[0].(platform.CartClassificationTier)
		if !ok || cart.ShippingInfo.Price.CentAmount != 4900 || tier.IsMatching == nil || !*tier.IsMatching {
			t.Fatalf("the heavy cart's shipping: %+v", cart.ShippingInfo)
		}
		for _, c := range []struct{ typ, path string }{{"Project", ""}, {"ShippingMethod", "/shipping-methods/" + method.ID}, {"Cart", "/carts/" + cart.ID}} {
			r := s.do(t, http.MethodGet, sh.path(c.path), sh.admin, nil)
			if r.status != http.StatusOK {
				t.Fatalf("GET %s: %d %s", c.path, r.status, clip(r.body))
			}
			expectShape(t, ref, c.typ, c.path, r.body)
		}
	})
}

// munichCourier adds the shipping "munich" to Munich by a courier for 3.00 EUR, taxed by "std".
func munichCourier() platform.CartAddCustomShippingMethodAction {
	return platform.CartAddCustomShippingMethodAction{ShippingKey: "munich", ShippingMethodName: "Courier",
		ShippingAddress: platform.BaseAddress{Country: "DE", City: ptr("Munich")},
		ShippingRate:    platform.ShippingRateDraft{Price: platform.Money{CurrencyCode: "EUR", CentAmount: 300}},
		TaxCategory:     &platform.TaxCategoryResourceIdentifier{Key: ptr("std")}}
}
