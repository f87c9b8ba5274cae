package app_test

import (
	"encoding/json"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// shippingWorld extends shopWorld with a tax category "std" (DE 19%, not included), which the
// widget (W-1, 19.99 EUR) has, a zone "de" (DE) and the default shipping method "post"
// (4.90 EUR in de).
func shippingWorld(t *testing.T, a *app.App, c app.Caller) *world {
	t.Helper()
	w := shopWorld(t, a, c)
	w.shipping()
	return w
}

// shipping adds shippingWorld's tax category, zone and shipping method to a shopWorld.
func (w *world) shipping() {
	t, a, c := w.t, w.a, w.seller
	t.Helper()
	must[*procura.TaxCategory](t)(a.CreateTaxCategory(ctx, c, decodeDraft[procura.TaxCategoryDraft](t,
		`{"key":"std","name":"Standard","rates":[{"name":"19%","amount":0.19,"includedInPrice":false,"country":"DE"}]}`)))
	must[*procura.Zone](t)(a.CreateZone(ctx, c, procura.ZoneDraft{Key: "de", Name: "Germany", Locations: []procura.Location{{Country: "DE"}}}))
	must[*procura.ShippingMethod](t)(a.CreateShippingMethod(ctx, c, decodeDraft[procura.ShippingMethodDraft](t,
		`{"key":"post","name":"Post","isDefault":true,"taxCategory":{"key":"std"},
		"zoneRates":[{"zone":{"key":"de"},"shippingRates":[{"price":{"currencyCode":"EUR","centAmount":490}}]}]}`)))
	p := must[*procura.Product](t)(a.GetProduct(ctx, c, app.Ref{Key: "widget"}))
	must[*procura.Product](t)(a.UpdateProduct(ctx, c, app.Ref{Key: "widget"}, actions(p.Version, `{"action":"setTaxCategory","taxCategory":{"key":"std"}}`)))
}

func decodeDraft[T any](t *testing.T, s string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestCartShippingAndTaxes: matching-cart lists the method for a cart shipped to its zone and
// none for another; setShippingMethod prices and taxes the shipping; the cart's taxedPrice adds
// up the line and the shipping; the order keeps them.
func TestCartShippingAndTaxes(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shippingWorld(t, a, c)
		as := inUnit(w.customers["alice@acme.example"], "acme")
		d := cartDraft("W-1")
		d.ShippingAddress = &procura.Address{Country: "DE"}
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, as, d))
		page := must[*app.Page](t)(a.MatchingCart(ctx, c, app.Acting{}, cart.ID))
		if keysOf(page) != "post" {
			t.Fatalf("matching-cart: %s", keysOf(page))
		}
		fr := cartDraft("W-1")
		fr.ShippingAddress = &procura.Address{Country: "FR"}
		frCart := must[*procura.Cart](t)(a.CreateCart(ctx, c, as, fr))
		if page := must[*app.Page](t)(a.MatchingCart(ctx, c, app.Acting{}, frCart.ID)); page.Count != 0 {
			t.Errorf("matching-cart for FR: %s", keysOf(page))
		}
		_, err := a.UpdateCart(ctx, c, as, app.Ref{ID: frCart.ID}, actions(frCart.Version, `{"action":"setShippingMethod","shippingMethod":{"key":"post"}}`))
		wantCode(t, err, procura.CodeInvalidOperation)
		if page := must[*app.Page](t)(a.MatchingLocation(ctx, c, app.Location{Country: "DE", Currency: "EUR"})); keysOf(page) != "post" {
			t.Errorf("matching-location DE: %s", keysOf(page))
		}
		if page := must[*app.Page](t)(a.MatchingLocation(ctx, c, app.Location{Country: "DE", Currency: "JPY"})); page.Count != 0 {
			t.Errorf("matching-location in JPY: %s", keysOf(page))
		}
		must[*procura.ShippingMethod](t)(a.CreateShippingMethod(ctx, c, decodeDraft[procura.ShippingMethodDraft](t,
			`{"key":"express","name":"Express","isDefault":false,"taxCategory":{"key":"std"},"predicate":"totalPrice > \"100.00 EUR\"",
			"zoneRates":[{"zone":{"key":"de"},"shippingRates":[{"price":{"currencyCode":"EUR","centAmount":990}}]}]}`)))
		if page := must[*app.Page](t)(a.MatchingCart(ctx, c, app.Acting{}, cart.ID)); keysOf(page) != "post" {
			t.Errorf("a predicate over 100.00 EUR matched a cart of 19.99: %s", keysOf(page))
		}
		_, err = a.UpdateCart(ctx, c, as, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"setShippingMethod","shippingMethod":{"key":"express"}}`))
		wantCode(t, err, procura.CodeInvalidOperation)
		big := must[*procura.Cart](t)(a.UpdateCart(ctx, c, as, app.Ref{ID: frCart.ID}, actions(frCart.Version,
			`{"action":"setShippingAddress","address":{"country":"DE"}}`, `{"action":"changeLineItemQuantity","lineItemId":"`+frCart.LineItems[0].ID+`","quantity":6}`)))
		if page := must[*app.Page](t)(a.MatchingCart(ctx, c, app.Acting{}, big.ID)); keysOf(page) != "post,express" {
			t.Errorf("matching-cart of 119.94 EUR: %s", keysOf(page))
		}
		six := cartDraft("W-1")
		six.LineItems[0].Quantity, six.ShippingAddress = qty(6), &procura.Address{Country: "DE"}
		six.ShippingMethod = &procura.ResourceIdentifier{Key: "express"}
		if drafted := must[*procura.Cart](t)(a.CreateCart(ctx, c, as, six)); drafted.ShippingInfo == nil || drafted.TotalPrice.CentAmount != 6*1999+990 {
			t.Errorf("a draft shipped by express: %+v %s", drafted.ShippingInfo, drafted.TotalPrice)
		}
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, as, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"setShippingMethod","shippingMethod":{"key":"post"}}`)))
		// 19.99 + 4.90 = 24.89 net; 19% of 19.99 is 3.80 (3.7981), of 4.90 is 0.93 (0.931)
		tp := cart.TaxedPrice
		if tp == nil || tp.TotalNet.CentAmount != 2489 || tp.TotalGross.CentAmount != 2962 || cart.TotalPrice.CentAmount != 2489 ||
			cart.ShippingInfo.TaxedPrice.TotalGross.CentAmount != 583 || cart.LineItems[0].TaxedPrice.TotalGross.CentAmount != 2379 {
			t.Fatalf("taxed cart: %+v", tp)
		}
		order := must[*procura.Order](t)(a.CreateOrder(ctx, c, as, procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}, Version: &cart.Version}))
		if order.TaxedPrice == nil || *order.TaxedPrice.TotalTax != *tp.TotalTax || order.ShippingInfo.ShippingMethod.ID != cart.ShippingInfo.ShippingMethod.ID ||
			order.LineItems[0].TaxedPrice.TotalGross.CentAmount != 2379 {
			t.Fatalf("the order lost the cart's taxes: %+v %+v", order.TaxedPrice, order.ShippingInfo)
		}
	})
}

// TestBuyersSetNoTaxes: a trusted backend sets a line's external tax rate; a customer's own
// token and /me may not, nor choose the tax mode of a new cart; a refused update writes nothing.
func TestBuyersSetNoTaxes(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shippingWorld(t, a, c)
		alice := w.customers["alice@acme.example"]
		backend := inUnit(alice, "acme")
		own := app.Acting{Kind: procura.AsAssociate, CustomerID: alice, UnitKey: "acme"}
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, backend, cartDraft("W-1")))
		for _, who := range []app.Acting{own, asMe(alice)} {
			_, err := a.UpdateCart(ctx, w.as("alice@acme.example", "acme"), who, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"changeTaxMode","taxMode":"Disabled"}`))
			if err == nil {
				t.Fatalf("%v changed the tax mode", who.Kind)
			}
			d := cartDraft("W-1")
			d.TaxMode = procura.TaxDisabled
			_, err = a.CreateCart(ctx, w.as("alice@acme.example", "acme"), who, d)
			wantCode(t, err, procura.CodeInvalidJSONInput)
		}
		rate := `{"action":"setLineItemTaxRate","lineItemId":"` + cart.LineItems[0].ID + `","externalTaxRate":{"name":"ext","amount":0.1,"country":"DE"}}`
		_, err := a.UpdateCart(ctx, c, backend, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"changeTaxMode","taxMode":"External"}`, `{"action":"nope"}`))
		wantCode(t, err, procura.CodeInvalidJSONInput)
		if again := must[*procura.Cart](t)(a.GetCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID})); again.Version != cart.Version || again.TaxMode != procura.TaxPlatform {
			t.Fatalf("a refused update wrote: %d %s", again.Version, again.TaxMode)
		}
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, backend, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"changeTaxMode","taxMode":"External"}`, rate)))
		if cart.LineItems[0].TaxRate == nil || cart.TaxedPrice == nil || cart.TaxedPrice.TotalGross.CentAmount != 2199 {
			t.Fatalf("an external rate: %+v", cart.TaxedPrice)
		}
		_, err = a.UpdateCart(ctx, c, backend, app.Ref{ID: cart.ID}, actions(cart.Version-1, `{"action":"changeTaxRoundingMode","taxRoundingMode":"HalfUp"}`))
		wantCode(t, err, procura.CodeConcurrentModification)
	})
}

// TestTaxAndShippingResources: keys and the default are unique, what a shipping method or a
// product uses cannot be deleted, and bad input is refused with the reference's errors.
func TestTaxAndShippingResources(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		shippingWorld(t, a, c)
		_, err := a.CreateShippingMethod(ctx, c, decodeDraft[procura.ShippingMethodDraft](t, `{"key":"express","name":"Express","isDefault":true,"taxCategory":{"key":"std"},"zoneRates":[]}`))
		wantCode(t, err, procura.CodeDuplicateField)
		_, err = a.CreateTaxCategory(ctx, c, procura.TaxCategoryDraft{Key: "std", Name: "again"})
		wantCode(t, err, procura.CodeDuplicateField)
		_, err = a.CreateShippingMethod(ctx, c, decodeDraft[procura.ShippingMethodDraft](t, `{"name":"X","isDefault":false,"taxCategory":{"key":"none"},"zoneRates":[]}`))
		wantCode(t, err, procura.CodeReferencedResourceNotFound)
		_, err = a.CreateShippingMethod(ctx, c, decodeDraft[procura.ShippingMethodDraft](t, `{"name":"X","isDefault":false,"taxCategory":{"key":"std"},"zoneRates":[],"predicate":"totalPrice >"}`))
		wantCode(t, err, procura.CodeInvalidInput)
		express := must[*procura.ShippingMethod](t)(a.CreateShippingMethod(ctx, c, decodeDraft[procura.ShippingMethodDraft](t,
			`{"key":"express","name":"Express","isDefault":false,"taxCategory":{"key":"std"},"zoneRates":[],"predicate":"totalPrice > \"100.00 EUR\""}`)))
		std := must[*procura.TaxCategory](t)(a.GetTaxCategory(ctx, c, app.Ref{Key: "std"}))
		_, err = a.DeleteTaxCategory(ctx, c, app.Ref{Key: "std"}, std.Version)
		wantCode(t, err, procura.CodeReferenceExists)
		de := must[*procura.Zone](t)(a.GetZone(ctx, c, app.Ref{Key: "de"}))
		_, err = a.DeleteZone(ctx, c, app.Ref{Key: "de"}, de.Version)
		wantCode(t, err, procura.CodeReferenceExists)
		_, err = a.UpdateShippingMethod(ctx, c, app.Ref{Key: "express"}, actions(express.Version, `{"action":"addZone","zone":{"key":"de"}}`, `{"action":"changeIsDefault","isDefault":true}`))
		wantCode(t, err, procura.CodeDuplicateField)
		express = must[*procura.ShippingMethod](t)(a.UpdateShippingMethod(ctx, c, app.Ref{Key: "express"}, actions(express.Version, `{"action":"addZone","zone":{"key":"de"}}`,
			`{"action":"addShippingRate","zone":{"key":"de"},"shippingRate":{"price":{"currencyCode":"EUR","centAmount":990}}}`)))
		if len(express.ZoneRates) != 1 || express.ZoneRates[0].ShippingRates[0].Price.CentAmount != 990 {
			t.Fatalf("zone rates: %+v", express.ZoneRates)
		}
		post := must[*procura.ShippingMethod](t)(a.GetShippingMethod(ctx, c, app.Ref{Key: "post"}))
		must[*procura.ShippingMethod](t)(a.DeleteShippingMethod(ctx, c, app.Ref{Key: "post"}, post.Version))
		must[*procura.ShippingMethod](t)(a.DeleteShippingMethod(ctx, c, app.Ref{Key: "express"}, express.Version))
		must[*procura.Zone](t)(a.DeleteZone(ctx, c, app.Ref{Key: "de"}, de.Version))
	})
}

// TestShippingMethodsOfAStore: a method of a store matches the carts of that store only; an
// in-store path lists the store's methods; matching-cart-location matches the cart as if shipped
// to the location given.
func TestShippingMethodsOfAStore(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shippingWorld(t, a, c)
		must[*procura.Store](t)(a.CreateStore(ctx, c, procura.StoreDraft{Key: "other"}))
		must[*procura.ShippingMethod](t)(a.CreateShippingMethod(ctx, c, decodeDraft[procura.ShippingMethodDraft](t,
			`{"key":"pickup","name":"Pickup","isDefault":false,"taxCategory":{"key":"std"},"stores":[{"key":"other"}],
			"zoneRates":[{"zone":{"key":"de"},"shippingRates":[{"price":{"currencyCode":"EUR","centAmount":0}}]}]}`)))
		as := inUnit(w.customers["alice@acme.example"], "acme")
		d := cartDraft("W-1") // in store main
		d.ShippingAddress = &procura.Address{Country: "FR"}
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, as, d))
		if page := must[*app.Page](t)(a.MatchingCartLocation(ctx, c, app.Acting{}, cart.ID, app.Location{Country: "DE"})); keysOf(page) != "post" {
			t.Errorf("matching-cart-location DE: %s", keysOf(page))
		}
		_, err := a.UpdateCart(ctx, c, as, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"setShippingAddress","address":{"country":"DE"}}`,
			`{"action":"setShippingMethod","shippingMethod":{"key":"pickup"}}`))
		wantCode(t, err, procura.CodeInvalidOperation)
		inMain := c
		inMain.Store = "main"
		if page := must[*app.Page](t)(a.MatchingLocation(ctx, inMain, app.Location{Country: "DE"})); keysOf(page) != "post" {
			t.Errorf("in store main: %s", keysOf(page))
		}
		if page := must[*app.Page](t)(a.MatchingCartLocation(ctx, inMain, app.Acting{}, cart.ID, app.Location{Country: "DE"})); keysOf(page) != "post" {
			t.Errorf("in store main, the cart of main: %s", keysOf(page))
		}
		inOther := c
		inOther.Store = "other"
		_, err = a.MatchingCart(ctx, inOther, app.Acting{}, cart.ID)
		wantCode(t, err, procura.CodeResourceNotFound)
		if page := must[*app.Page](t)(a.MatchingLocation(ctx, c, app.Location{Country: "DE"})); keysOf(page) != "post,pickup" {
			t.Errorf("every store: %s", keysOf(page))
		}
		_, err = a.MatchingCart(ctx, c, app.Acting{}, "")
		wantCode(t, err, procura.CodeRequiredField)
		_, err = a.MatchingCart(ctx, c, app.Acting{}, cart.ID) // shipped to FR: no method matches
		if err != nil {
			t.Fatal(err)
		}
		_, err = a.MatchingLocation(ctx, c, app.Location{Country: "DE", Currency: "euro"})
		wantCode(t, err, procura.CodeInvalidField)
	})
}

// TestCartsRoundAsTheProjectSays: a new cart takes the project's carts.taxRoundingMode and
// carts.priceRoundingMode unless its draft (the seller's) names them.
func TestCartsRoundAsTheProjectSays(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shippingWorld(t, a, c)
		p := must[*procura.Project](t)(a.GetProject(ctx, c))
		must[*procura.Project](t)(a.UpdateProject(ctx, c, actions(p.Version, `{"action":"changeTaxRoundingMode","taxRoundingMode":"HalfDown"}`,
			`{"action":"changePriceRoundingMode","priceRoundingMode":"HalfUp"}`)))
		as := inUnit(w.customers["alice@acme.example"], "acme")
		if cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, as, cartDraft("W-1"))); cart.TaxRoundingMode != procura.HalfDown || cart.PriceRoundingMode != procura.HalfUp {
			t.Errorf("rounding modes %s, %s, want the project's HalfDown and HalfUp", cart.TaxRoundingMode, cart.PriceRoundingMode)
		}
		d := withCustomer(cartDraft("W-1"), w.customers["alice@acme.example"], "acme")
		d.TaxRoundingMode, d.PriceRoundingMode = procura.HalfUp, procura.HalfDown
		if cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, app.Acting{}, d)); cart.TaxRoundingMode != procura.HalfUp || cart.PriceRoundingMode != procura.HalfDown {
			t.Errorf("the seller's draft: %s, %s", cart.TaxRoundingMode, cart.PriceRoundingMode)
		}
	})
}
