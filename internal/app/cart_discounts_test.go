package app_test

import (
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// discountWorld extends shippingWorld with a cart discount "ten" (10% off the total, requiring a
// code) and its code SAVE10, which a customer may apply once.
func discountWorld(t *testing.T, a *app.App, c app.Caller) *world {
	t.Helper()
	w := shippingWorld(t, a, c)
	must[*procura.CartDiscount](t)(a.CreateCartDiscount(ctx, c, decodeDraft[procura.CartDiscountDraft](t,
		`{"key":"ten","name":{"en":"10% off"},"cartPredicate":"totalPrice >= \"10.00 EUR\"","sortOrder":"0.5","requiresDiscountCode":true,
		"value":{"type":"relative","permyriad":1000},"target":{"type":"totalPrice"}}`)))
	must[*procura.DiscountCode](t)(a.CreateDiscountCode(ctx, c, decodeDraft[procura.DiscountCodeDraft](t,
		`{"key":"save10","code":"SAVE10","cartDiscounts":[{"typeId":"cart-discount","key":"ten"}],"maxApplicationsPerCustomer":1}`)))
	return w
}

// TestDiscountCodesOnCartsAndOrders: buyers who may update a cart add and remove codes, others
// may not; the cart's total and taxes show the discount; the order keeps it and counts the code,
// which a customer may then no longer use; a refused update writes nothing.
func TestDiscountCodesOnCartsAndOrders(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := discountWorld(t, a, c)
		alice, bob := w.customers["alice@acme.example"], w.customers["bob@acme.example"]
		own := app.Acting{Kind: procura.AsAssociate, CustomerID: alice, UnitKey: "acme"}
		d := cartDraft("W-1")
		d.ShippingAddress = &procura.Address{Country: "DE"}
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, inUnit(alice, "acme"), d))
		add := `{"action":"addDiscountCode","code":"SAVE10"}`

		// bob (CreateMyCarts only) may not update alice's cart, through his token or a backend
		_, err := a.UpdateCart(ctx, w.as("bob@acme.example", "acme"), app.Acting{Kind: procura.AsAssociate, CustomerID: bob, UnitKey: "acme"},
			app.Ref{ID: cart.ID}, actions(cart.Version, add))
		if err == nil {
			t.Fatal("bob added a code to alice's cart")
		}
		_, err = a.UpdateCart(ctx, c, inUnit(bob, "acme"), app.Ref{ID: cart.ID}, actions(cart.Version, add))
		if err == nil {
			t.Fatal("a backend acting for bob added a code to alice's cart")
		}
		_, err = a.UpdateCart(ctx, w.as("alice@acme.example", "acme"), own, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"addDiscountCode","code":"NOPE"}`))
		wantCode(t, err, procura.CodeDiscountCodeNonApplicable)
		if again := must[*procura.Cart](t)(a.GetCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID})); again.Version != cart.Version || len(again.DiscountCodes) != 0 {
			t.Fatalf("a refused update wrote: %d %+v", again.Version, again.DiscountCodes)
		}

		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, w.as("alice@acme.example", "acme"), own, app.Ref{ID: cart.ID}, actions(cart.Version, add)))
		if len(cart.DiscountCodes) != 1 || cart.DiscountCodes[0].State != procura.StateMatchesCart || cart.TotalPrice.CentAmount != 1799 {
			t.Fatalf("SAVE10 on 19.99: %+v %s", cart.DiscountCodes, cart.TotalPrice)
		}
		ref := `{"typeId":"discount-code","id":"` + cart.DiscountCodes[0].DiscountCode.ID + `"}`
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, asMe(alice), app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"removeDiscountCode","discountCode":`+ref+`}`)))
		if len(cart.DiscountCodes) != 0 || cart.TotalPrice.CentAmount != 1999 {
			t.Fatalf("removed through /me: %+v %s", cart.DiscountCodes, cart.TotalPrice)
		}
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, asMe(alice), app.Ref{ID: cart.ID}, actions(cart.Version, add,
			`{"action":"setShippingMethod","shippingMethod":{"key":"post"}}`)))
		// 17.99 + 4.90 = 22.89 net; 19% of 17.99 is 3.42 (3.4181), of 4.90 0.93
		if tp := cart.TaxedPrice; tp == nil || cart.TotalPrice.CentAmount != 2289 || tp.TotalGross.CentAmount != 2289+342+93 {
			t.Fatalf("taxed with the discount: %s %+v", cart.TotalPrice, tp)
		}
		_, err = a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}, actions(cart.Version,
			`{"action":"setDirectDiscounts","discounts":[{"value":{"type":"relative","permyriad":100},"target":{"type":"totalPrice"}}]}`))
		wantCode(t, err, procura.CodeInvalidOperation)

		order := must[*procura.Order](t)(a.CreateOrder(ctx, c, asMe(alice), procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}, Version: &cart.Version}))
		if len(order.DiscountCodes) != 1 || order.DiscountOnTotalPrice == nil || order.DiscountOnTotalPrice.DiscountedAmount.CentAmount != 200 ||
			order.TotalPrice.CentAmount != 2289 || len(order.LineItems[0].DiscountedPricePerQuantity) != 1 {
			t.Fatalf("the order lost the discount: %+v %+v", order.DiscountCodes, order.DiscountOnTotalPrice)
		}

		// alice applied SAVE10 once: a second cart shows it used up, and refuses to add it
		second := must[*procura.Cart](t)(a.CreateCart(ctx, c, inUnit(alice, "acme"), cartDraft("W-1")))
		_, err = a.UpdateCart(ctx, c, asMe(alice), app.Ref{ID: second.ID}, actions(second.Version, add))
		wantCode(t, err, procura.CodeDiscountCodeNonApplicable)
	})
}

// TestCartDiscountResources: sortOrder and code are unique; a discount a code unlocks cannot be
// deleted nor stop requiring a code; codes are found by where=code.
func TestCartDiscountResources(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		discountWorld(t, a, c)
		_, err := a.CreateCartDiscount(ctx, c, decodeDraft[procura.CartDiscountDraft](t,
			`{"name":{"en":"again"},"cartPredicate":"true","sortOrder":"0.5","value":{"type":"relative","permyriad":10},"target":{"type":"shipping"}}`))
		wantCode(t, err, procura.CodeDuplicateField)
		_, err = a.CreateDiscountCode(ctx, c, decodeDraft[procura.DiscountCodeDraft](t, `{"code":"SAVE10","cartDiscounts":[{"typeId":"cart-discount","key":"ten"}]}`))
		wantCode(t, err, procura.CodeDuplicateField)
		_, err = a.CreateCartDiscount(ctx, c, decodeDraft[procura.CartDiscountDraft](t,
			`{"name":{"en":"x"},"cartPredicate":"totalPrice >","sortOrder":"0.6","value":{"type":"relative","permyriad":10},"target":{"type":"shipping"}}`))
		wantCode(t, err, procura.CodeInvalidInput)
		_, err = a.CreateCartDiscount(ctx, c, decodeDraft[procura.CartDiscountDraft](t,
			`{"name":{"en":"x"},"cartPredicate":"true","sortOrder":"0.6","value":{"type":"relative","permyriad":10},"target":{"type":"lineItems","predicate":"colour = \"red\""}}`))
		wantCode(t, err, procura.CodeInvalidInput)
		ten := must[*procura.CartDiscount](t)(a.GetCartDiscount(ctx, c, app.Ref{Key: "ten"}))
		_, err = a.DeleteCartDiscount(ctx, c, app.Ref{Key: "ten"}, ten.Version)
		wantCode(t, err, procura.CodeReferenceExists)
		_, err = a.UpdateCartDiscount(ctx, c, app.Ref{Key: "ten"}, actions(ten.Version, `{"action":"changeRequiresDiscountCode","requiresDiscountCode":false}`))
		wantCode(t, err, procura.CodeReferenceExists)
		_, err = a.UpdateCartDiscount(ctx, c, app.Ref{Key: "ten"}, actions(ten.Version-1, `{"action":"changeIsActive","isActive":false}`))
		wantCode(t, err, procura.CodeConcurrentModification)
		page := must[*app.Page](t)(a.QueryDiscountCodes(ctx, c, app.Query{Limit: 20, Where: []string{`code = "SAVE10"`}}))
		if page.Count != 1 {
			t.Fatalf("where code: %d", page.Count)
		}
		code := must[*procura.DiscountCode](t)(a.GetDiscountCode(ctx, c, app.Ref{Key: "save10"}))
		must[*procura.DiscountCode](t)(a.DeleteDiscountCode(ctx, c, app.Ref{Key: "save10"}, code.Version))
		must[*procura.CartDiscount](t)(a.DeleteCartDiscount(ctx, c, app.Ref{Key: "ten"}, ten.Version))
	})
}
