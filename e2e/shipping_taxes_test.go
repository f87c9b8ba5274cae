package e2e

import (
	"context"
	"net/http"
	"strconv"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// TestCheckoutWithShippingAndTaxes drives a checkout through the official SDK: the seller makes
// a tax category, a zone and a shipping method and taxes the widget; an associate's cart shipped
// to Germany finds the method through matching-cart, ships by it, and is taxed to the cent;
// its order keeps the taxed price. The answers have the reference's shapes.
func TestCheckoutWithShippingAndTaxes(t *testing.T) {
	ref := reference(t)
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		sh, method := shippingShop(t, s)

		alice := sh.asAssociate("alice", "acme")
		cart, err := alice.Carts().Post(platform.CartDraft{Currency: "EUR", LineItems: lineItems(item{widgetSKU, 3}),
			ShippingAddress: &platform.BaseAddress{Country: "DE", City: ptr("Berlin")}}).Execute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		matching, err := sh.c.ShippingMethods().MatchingCart().Get().CartId(cart.ID).Expand([]string{"zoneRates[*].zone"}).Execute(ctx)
		if err != nil {
			t.Fatalf("matching-cart: %v", err)
		}
		if len(matching.Results) != 1 || matching.Results[0].ID != method.ID || len(matching.Results[0].ZoneRates) != 1 ||
			matching.Results[0].ZoneRates[0].Zone.Obj == nil || matching.Results[0].ZoneRates[0].ShippingRates[0].IsMatching == nil || !*matching.Results[0].ZoneRates[0].ShippingRates[0].IsMatching {
			t.Fatalf("matching-cart: %+v", matching.Results)
		}
		if byLocation, err := sh.c.ShippingMethods().MatchingCartLocation().Get().CartId(cart.ID).Country("FR").Execute(ctx); err != nil || len(byLocation.Results) != 0 {
			t.Fatalf("matching-cart-location FR: %v %+v", err, byLocation)
		}
		if byLocation, err := sh.c.ShippingMethods().MatchingLocation().Get().Country("DE").Execute(ctx); err != nil || len(byLocation.Results) != 1 {
			t.Fatalf("matching-location DE: %v %+v", err, byLocation)
		}
		// matching-cart reads the cart: to view_shipping_methods alone no cart is found
		shippingOnly := s.token(t, s.newAPIClient(t, s.project, "view_shipping_methods:"+s.project))
		both := s.token(t, s.newAPIClient(t, s.project, "view_shipping_methods:"+s.project, "view_orders:"+s.project))
		wantStatus(t, "matching-cart without view_orders", s.do(t, http.MethodGet, sh.path("/shipping-methods/matching-cart?cartId="+cart.ID), shippingOnly, nil), http.StatusNotFound)
		wantStatus(t, "matching-cart with view_orders", s.do(t, http.MethodGet, sh.path("/shipping-methods/matching-cart?cartId="+cart.ID), both, nil), http.StatusOK)
		wantStatus(t, "matching-location", s.do(t, http.MethodGet, sh.path("/shipping-methods/matching-location?country=DE"), shippingOnly, nil), http.StatusOK)
		ordersOnly := s.token(t, s.newAPIClient(t, s.project, "view_orders:"+s.project))
		wantStatus(t, "zones without view_shipping_methods", s.do(t, http.MethodGet, sh.path("/zones"), ordersOnly, nil), http.StatusForbidden)
		wantStatus(t, "tax categories without view_tax_categories", s.do(t, http.MethodGet, sh.path("/tax-categories"), both, nil), http.StatusForbidden)
		cart, err = alice.Carts().WithId(cart.ID).Post(platform.CartUpdate{Version: cart.Version, Actions: []platform.CartUpdateAction{
			platform.CartSetShippingMethodAction{ShippingMethod: &platform.ShippingMethodResourceIdentifier{ID: &method.ID}}}}).Execute(ctx)
		if err != nil {
			t.Fatalf("setShippingMethod: %v", err)
		}
		// 3 × 19.99 = 59.97 (+ 11.39 tax: 11.3943) and 4.90 shipping (+ 0.93: 0.931): 64.87 net, 77.19 gross
		if cart.TaxedPrice == nil || cart.TaxedPrice.TotalNet.CentAmount != 6487 || cart.TaxedPrice.TotalGross.CentAmount != 7719 ||
			len(cart.TaxedPrice.TaxPortions) != 1 || cart.TaxedPrice.TaxPortions[0].Amount.CentAmount != 1232 {
			t.Fatalf("the cart's taxedPrice: %+v", cart.TaxedPrice)
		}
		if cart.ShippingInfo == nil || cart.ShippingInfo.ShippingMethodState != platform.ShippingMethodStateMatchesCart ||
			cart.ShippingInfo.Price.CentAmount != 490 || cart.TaxedShippingPrice == nil || cart.TaxedShippingPrice.TotalGross.CentAmount != 583 ||
			cart.LineItems[0].TaxRate == nil || cart.LineItems[0].TaxedPrice.TotalGross.CentAmount != 7136 {
			t.Fatalf("the cart's shipping and line taxes: %+v %+v", cart.ShippingInfo, cart.LineItems[0].TaxedPrice)
		}
		// a customer's own token may not set tax rates (the trusted backend above acts for alice)
		own := sh.s.do(t, http.MethodPost, sh.inUnit("alice", "acme")+"/carts/"+cart.ID, sh.login(t, "alice", nil).AccessToken,
			[]byte(`{"version":`+strconv.Itoa(cart.Version)+`,"actions":[{"action":"changeTaxMode","taxMode":"Disabled"}]}`))
		wantStatus(t, "a customer's own token changing the tax mode", own, http.StatusBadRequest)

		order, err := alice.Orders().Post(platform.OrderFromCartDraft{Cart: &platform.CartResourceIdentifier{ID: &cart.ID}, Version: cart.Version}).Execute(ctx)
		if err != nil {
			t.Fatalf("order: %v", err)
		}
		if order.TaxedPrice == nil || order.TaxedPrice.TotalGross.CentAmount != 7719 || order.ShippingInfo == nil ||
			order.ShippingInfo.ShippingMethod.ID != method.ID || order.TaxedShippingPrice.TotalGross.CentAmount != 583 {
			t.Fatalf("the order's taxes: %+v %+v", order.TaxedPrice, order.ShippingInfo)
		}

		for _, c := range []struct{ typ, path string }{
			{"TaxCategory", "/tax-categories/key=std"},
			{"TaxCategoryPagedQueryResponse", "/tax-categories"},
			{"Zone", "/zones/key=de"},
			{"ZonePagedQueryResponse", "/zones"},
			{"ShippingMethod", "/shipping-methods/key=post"},
			{"ShippingMethodPagedQueryResponse", "/shipping-methods"},
			{"ShippingMethodPagedQueryResponse", "/shipping-methods/matching-cart?cartId=" + cart.ID},
			{"ShippingMethodPagedQueryResponse", "/shipping-methods/matching-location?country=DE&currency=EUR"},
			{"Cart", "/carts/" + cart.ID},
			{"Order", "/orders/" + order.ID},
		} {
			r := s.do(t, http.MethodGet, sh.path(c.path), sh.admin, nil)
			if r.status != http.StatusOK {
				t.Fatalf("GET %s: %d %s", c.path, r.status, clip(r.body))
			}
			expectShape(t, ref, c.typ, c.path, r.body)
		}
	})
}

// shippingShop is a shop where alice purchases in unit acme, and the seller has made a tax
// category "std" (19% in DE, not included), a zone "de" and the default shipping method "post"
// (4.90 EUR in de, free from 100.00 EUR), and taxed the widget by "std"; with the method.
func shippingShop(t *testing.T, s *server) (*shop, *platform.ShippingMethod) {
	t.Helper()
	ctx := context.Background()
	sh := newShop(t, s)
	sh.customer(t, "alice")
	sh.unit(t, "acme", "", "")
	sh.grant(t, "acme", "alice", purchaserPerms...)
	sh.taxWidget(t)
	zone, err := sh.c.Zones().Post(platform.ZoneDraft{Key: ptr("de"), Name: "Germany", Locations: []platform.Location{{Country: "DE"}}}).Execute(ctx)
	if err != nil {
		t.Fatalf("create the zone: %v", err)
	}
	method, err := sh.c.ShippingMethods().Post(platform.ShippingMethodDraft{Key: ptr("post"), Name: "Post", IsDefault: true,
		LocalizedName: &platform.LocalizedString{"de": "Post"},
		TaxCategory:   platform.TaxCategoryResourceIdentifier{Key: ptr("std")},
		ZoneRates: []platform.ZoneRateDraft{{Zone: platform.ZoneResourceIdentifier{ID: &zone.ID},
			ShippingRates: []platform.ShippingRateDraft{{Price: platform.Money{CurrencyCode: "EUR", CentAmount: 490},
				FreeAbove: &platform.Money{CurrencyCode: "EUR", CentAmount: 10000}}}}}}).Execute(ctx)
	if err != nil {
		t.Fatalf("create the shipping method: %v", err)
	}
	return sh, method
}
