package app_test

import (
	"fmt"
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
		// 10% of the total with its shipping, 19.99 + 4.90, is 2.49 (2.489), shared by largest
		// remainder: 2.00 off the line, 0.49 off the shipping; 17.99 + 4.41 = 22.40 net; 19% of
		// 17.99 is 3.42 (3.4181), of 4.41 0.84 (0.8379). Without the discount the gross would be
		// 19.99 + 3.80 + 4.90 + 0.93 = 29.62, 2.96 more.
		if tp := cart.TaxedPrice; tp == nil || cart.TotalPrice.CentAmount != 2240 || tp.TotalGross.CentAmount != 2240+342+84 ||
			cart.ShippingInfo.DiscountedPrice == nil || cart.ShippingInfo.DiscountedPrice.Value.CentAmount != 441 {
			t.Fatalf("taxed with the discount: %s %+v %+v", cart.TotalPrice, tp, cart.ShippingInfo.DiscountedPrice)
		}
		if o := cart.DiscountOnTotalPrice; o.DiscountedAmount.CentAmount != 249 || o.DiscountedNetAmount == nil || o.DiscountedNetAmount.CentAmount != 249 ||
			o.DiscountedGrossAmount.CentAmount != 296 {
			t.Fatalf("the discount on the total, net and gross: %+v", o)
		}
		_, err = a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}, actions(cart.Version,
			`{"action":"setDirectDiscounts","discounts":[{"value":{"type":"relative","permyriad":100},"target":{"type":"totalPrice"}}]}`))
		wantCode(t, err, procura.CodeInvalidOperation)

		order := must[*procura.Order](t)(a.CreateOrder(ctx, c, asMe(alice), procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}, Version: &cart.Version}))
		if len(order.DiscountCodes) != 1 || order.DiscountOnTotalPrice == nil || order.DiscountOnTotalPrice.DiscountedAmount.CentAmount != 249 ||
			order.TotalPrice.CentAmount != 2240 || order.ShippingInfo.DiscountedPrice == nil || len(order.LineItems[0].DiscountedPricePerQuantity) != 1 {
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

// TestACodesLastApplicationIsTakenOnce: carts holding a code with one application left race to
// be ordered; one order takes it, the others are refused and write nothing.
func TestACodesLastApplicationIsTakenOnce(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := discountWorld(t, a, c)
		code := must[*procura.DiscountCode](t)(a.GetDiscountCode(ctx, c, app.Ref{Key: "save10"}))
		must[*procura.DiscountCode](t)(a.UpdateDiscountCode(ctx, c, app.Ref{Key: "save10"}, actions(code.Version,
			`{"action":"setMaxApplications","maxApplications":1}`, `{"action":"setMaxApplicationsPerCustomer"}`)))
		as := inUnit(w.customers["alice@acme.example"], "acme")
		const buyers = 4
		carts := make([]*procura.Cart, buyers)
		for i := range carts {
			cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, as, cartDraft("W-1")))
			carts[i] = must[*procura.Cart](t)(a.UpdateCart(ctx, c, as, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"addDiscountCode","code":"SAVE10"}`)))
		}
		errs := orderAtOnce(t, a, c, as, carts, procura.CodeDiscountCodeNonApplicable, procura.CodeConcurrentModification)
		// the other carts now show the code used up (one that was not ordered: the first that
		// failed, whichever won)
		loser := carts[0]
		if errs[0] == nil {
			loser = carts[1]
		}
		left := must[*procura.Cart](t)(a.UpdateCart(ctx, c, as, app.Ref{ID: loser.ID}, actions(loser.Version, `{"action":"recalculate"}`)))
		if left.DiscountCodes[0].State != procura.StateMaxApplicationReached || left.TotalPrice.CentAmount != 1999 {
			t.Fatalf("a cart with a used-up code: %+v %s", left.DiscountCodes, left.TotalPrice)
		}
	})
}

// TestLineItemDiscounts: a line-item target's predicate (the approval rules' line-item language)
// picks the lines it lowers; an inactive discount, one outside its validity and one of another
// store apply to none.
func TestLineItemDiscounts(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shippingWorld(t, a, c)
		must[*procura.Store](t)(a.CreateStore(ctx, c, procura.StoreDraft{Key: "outlet"}))
		for _, d := range []string{
			`{"key":"gadgets","name":{"en":"1.00 off gadgets"},"cartPredicate":"true","sortOrder":"0.9","value":{"type":"absolute","money":[{"currencyCode":"EUR","centAmount":100}]},"target":{"type":"lineItems","predicate":"sku = \"G-1\""}}`,
			`{"key":"off","name":{"en":"inactive"},"isActive":false,"cartPredicate":"true","sortOrder":"0.8","value":{"type":"relative","permyriad":5000},"target":{"type":"lineItems","predicate":"true"}}`,
			`{"key":"past","name":{"en":"past"},"validUntil":"2001-01-01T00:00:00Z","cartPredicate":"true","sortOrder":"0.7","value":{"type":"relative","permyriad":5000},"target":{"type":"lineItems","predicate":"true"}}`,
			`{"key":"outlet","name":{"en":"outlet"},"stores":[{"typeId":"store","key":"outlet"}],"cartPredicate":"true","sortOrder":"0.6","value":{"type":"relative","permyriad":5000},"target":{"type":"lineItems","predicate":"true"}}`,
		} {
			must[*procura.CartDiscount](t)(a.CreateCartDiscount(ctx, c, decodeDraft[procura.CartDiscountDraft](t, d)))
		}
		d := cartDraft("W-1", "G-1")
		d.LineItems[1].Quantity = qty(3)
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, inUnit(w.customers["alice@acme.example"], "acme"), d))
		widget, gadget := cart.LineItems[0], cart.LineItems[1]
		if len(widget.DiscountedPricePerQuantity) != 0 || widget.TotalPrice.CentAmount != 1999 ||
			len(gadget.DiscountedPricePerQuantity) != 1 || gadget.TotalPrice.CentAmount != 3*400 || cart.TotalPrice.CentAmount != 1999+1200 {
			t.Fatalf("1.00 off each gadget only: %+v %+v %s", widget.DiscountedPricePerQuantity, gadget.DiscountedPricePerQuantity, cart.TotalPrice)
		}
	})
}

// TestAnOrderRechecksItsCodes: a code deactivated since the cart was priced refuses the order,
// which writes nothing.
func TestAnOrderRechecksItsCodes(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := discountWorld(t, a, c)
		as := inUnit(w.customers["alice@acme.example"], "acme")
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, as, cartDraft("W-1")))
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, as, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"addDiscountCode","code":"SAVE10"}`)))
		code := must[*procura.DiscountCode](t)(a.GetDiscountCode(ctx, c, app.Ref{Key: "save10"}))
		must[*procura.DiscountCode](t)(a.UpdateDiscountCode(ctx, c, app.Ref{Key: "save10"}, actions(code.Version, `{"action":"changeIsActive","isActive":false}`)))
		_, err := a.CreateOrder(ctx, c, as, procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}, Version: &cart.Version})
		wantCode(t, err, procura.CodeDiscountCodeNonApplicable)
		again := must[*procura.Cart](t)(a.GetCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}))
		if again.CartState != procura.CartActive || again.Version != cart.Version {
			t.Fatalf("a refused order wrote the cart: %s %d", again.CartState, again.Version)
		}
		again = must[*procura.Cart](t)(a.UpdateCart(ctx, c, as, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"recalculate"}`)))
		if again.DiscountCodes[0].State != procura.StateNotActive || again.TotalPrice.CentAmount != 1999 {
			t.Fatalf("the recalculated cart: %+v %s", again.DiscountCodes, again.TotalPrice)
		}
	})
}

// TestTotalPriceDiscountCoversEveryShipping: 10% off the total of a cart of shipping mode
// Multiple falls on its line item, its custom line item and each shipping, shared to the cent;
// a rebate (a negative custom line item) takes no share; taxes are on the discounted amounts and
// discountOnTotalPrice shows the net and gross the discount took off.
func TestTotalPriceDiscountCoversEveryShipping(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := discountWorld(t, a, c)
		alice := w.customers["alice@acme.example"]
		std := must[*procura.TaxCategory](t)(a.GetTaxCategory(ctx, c, app.Ref{Key: "std"}))
		d := cartDraft("W-1")
		d.ShippingMode = procura.ShippingMultiple
		d.ShippingAddress = &procura.Address{Country: "DE"}
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, inUnit(alice, "acme"), d))
		tax := `"taxCategory":{"typeId":"tax-category","id":"` + std.ID + `"}`
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}, actions(cart.Version,
			`{"action":"addShippingMethod","shippingKey":"depot","shippingMethod":{"key":"post"},"shippingAddress":{"key":"depot","country":"DE"}}`,
			`{"action":"addShippingMethod","shippingKey":"site","shippingMethod":{"key":"post"},"shippingAddress":{"key":"site","country":"DE"}}`,
			`{"action":"addCustomLineItem","name":{"en":"Setup"},"slug":"setup","money":{"currencyCode":"EUR","centAmount":1000},`+tax+`}`,
			`{"action":"addCustomLineItem","name":{"en":"Rebate"},"slug":"rebate","money":{"currencyCode":"EUR","centAmount":-100},`+tax+`}`,
			`{"action":"addDiscountCode","code":"SAVE10"}`)))
		// 10% of 19.99 + 10.00 + 4.90 + 4.90 = 39.79 is 3.98: 2.00, 1.00, 0.49 and 0.49
		want := map[string]int64{"line": 1799, "setup": 900, "rebate": -100, "depot": 441, "site": 441}
		got := map[string]int64{"line": cart.LineItems[0].TotalPrice.CentAmount}
		for _, x := range cart.CustomLineItems {
			got[x.Slug] = x.TotalPrice.CentAmount
		}
		for _, s := range cart.Shipping {
			got[s.ShippingKey] = s.ShippingInfo.Price.CentAmount
			if p := s.ShippingInfo.DiscountedPrice; p != nil {
				got[s.ShippingKey] = p.Value.CentAmount
			}
		}
		for k, v := range want {
			if got[k] != v {
				t.Fatalf("%s is %d, want %d (all: %v)", k, got[k], v, got)
			}
		}
		if cart.TotalPrice.CentAmount != 3481 || len(cart.CustomLineItems[1].DiscountedPricePerQuantity) != 0 {
			t.Fatalf("the total: %s; the rebate %+v", cart.TotalPrice, cart.CustomLineItems[1])
		}
		// 19% of 17.99, 9.00, -1.00, 4.41 and 4.41: 3.42 + 1.71 - 0.19 + 0.84 + 0.84; without the
		// discount 3.80 + 1.90 - 0.19 + 0.93 + 0.93, so the gross is 4.73 less, the net 3.98
		if tp := cart.TaxedPrice; tp == nil || tp.TotalGross.CentAmount != 4143 || cart.CustomLineItems[0].TaxedPrice.TotalNet.CentAmount != 900 {
			t.Fatalf("taxed: %+v", tp)
		}
		if o := cart.DiscountOnTotalPrice; o == nil || o.DiscountedAmount.CentAmount != 398 || o.DiscountedNetAmount.CentAmount != 398 || o.DiscountedGrossAmount.CentAmount != 473 {
			t.Fatalf("discountOnTotalPrice: %+v", o)
		}
	})
}

// TestCustomLineItemDiscounts: a discount on the custom line items its predicate matches (by
// slug, name, money, custom fields) lowers each of their units and shows it in their
// discountedPricePerQuantity; the others, and the line items, keep their prices; a predicate
// naming a line item's field is refused.
func TestCustomLineItemDiscounts(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shippingWorld(t, a, c)
		must[*procura.CartDiscount](t)(a.CreateCartDiscount(ctx, c, decodeDraft[procura.CartDiscountDraft](t,
			`{"key":"half-setup","name":{"en":"half the setup"},"cartPredicate":"customLineItemExists(slug = \"setup\")","sortOrder":"0.9",
			"value":{"type":"relative","permyriad":5000},"target":{"type":"customLineItems","predicate":"slug = \"setup\" and name.en = \"Setup\" and money >= \"1.00 EUR\""}}`)))
		_, err := a.CreateCartDiscount(ctx, c, decodeDraft[procura.CartDiscountDraft](t,
			`{"name":{"en":"x"},"cartPredicate":"true","sortOrder":"0.8","value":{"type":"relative","permyriad":10},"target":{"type":"customLineItems","predicate":"sku = \"W-1\""}}`))
		wantCode(t, err, procura.CodeInvalidInput)

		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, inUnit(w.customers["alice@acme.example"], "acme"), cartDraft("W-1")))
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}, actions(cart.Version,
			`{"action":"addCustomLineItem","name":{"en":"Setup"},"slug":"setup","quantity":2,"money":{"currencyCode":"EUR","centAmount":1001}}`,
			`{"action":"addCustomLineItem","name":{"en":"Freight"},"slug":"freight","money":{"currencyCode":"EUR","centAmount":500}}`)))
		setup, freight := cart.CustomLineItems[0], cart.CustomLineItems[1]
		// half of 10.01 is 5.00 (5.005, half even), 5.01 left a unit
		if len(setup.DiscountedPricePerQuantity) != 1 || setup.DiscountedPricePerQuantity[0].Quantity != 2 ||
			setup.DiscountedPricePerQuantity[0].DiscountedPrice.Value.CentAmount != 501 || setup.TotalPrice.CentAmount != 1002 {
			t.Fatalf("half off each setup unit: %+v %s", setup.DiscountedPricePerQuantity, setup.TotalPrice)
		}
		if len(freight.DiscountedPricePerQuantity) != 0 || freight.TotalPrice.CentAmount != 500 || len(cart.LineItems[0].DiscountedPricePerQuantity) != 0 ||
			cart.TotalPrice.CentAmount != 1999+1002+500 {
			t.Fatalf("the freight and the widget keep their prices: %+v, total %s", freight, cart.TotalPrice)
		}
		// without the setup, the cart predicate no longer matches
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}, actions(cart.Version,
			`{"action":"removeCustomLineItem","customLineItemId":"`+setup.ID+`"}`)))
		if cart.TotalPrice.CentAmount != 1999+500 || len(cart.CustomLineItems[0].DiscountedPricePerQuantity) != 0 {
			t.Fatalf("without the setup: %s", cart.TotalPrice)
		}
	})
}

// TestGiftLineItemsInCarts: a gift discount gives a cart a free gadget while it matches; the
// buyer's removal refuses it (refusedGifts), the order keeps the gift and the refusals; a gift
// of a product that does not exist is refused when the discount is made.
func TestGiftLineItemsInCarts(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shippingWorld(t, a, c)
		alice := w.customers["alice@acme.example"]
		gadget := must[*procura.Product](t)(a.GetProduct(ctx, c, app.Ref{Key: "gadget"}))
		_, err := a.CreateCartDiscount(ctx, c, decodeDraft[procura.CartDiscountDraft](t,
			`{"name":{"en":"x"},"cartPredicate":"true","sortOrder":"0.8","value":{"type":"giftLineItem","product":{"typeId":"product","id":"nope"},"variantId":1}}`))
		wantCode(t, err, procura.CodeReferencedResourceNotFound)
		must[*procura.CartDiscount](t)(a.CreateCartDiscount(ctx, c, decodeDraft[procura.CartDiscountDraft](t,
			`{"key":"free-gadget","name":{"en":"a gadget for a widget"},"cartPredicate":"lineItemExists(sku = \"W-1\")","sortOrder":"0.9",
			"value":{"type":"giftLineItem","product":{"typeId":"product","id":"`+gadget.ID+`"},"variantId":1}}`)))

		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, inUnit(alice, "acme"), cartDraft("W-1")))
		if len(cart.LineItems) != 2 || cart.LineItems[1].LineItemMode != procura.LineItemGift || cart.LineItems[1].TotalPrice.CentAmount != 0 ||
			cart.TotalPrice.CentAmount != 1999 {
			t.Fatalf("a free gadget: %+v, total %s", cart.LineItems, cart.TotalPrice)
		}
		// the widget goes: the discount no longer matches, and the gift goes with it
		widget, gift := cart.LineItems[0].ID, cart.LineItems[1].ID
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, asMe(alice), app.Ref{ID: cart.ID}, actions(cart.Version,
			`{"action":"removeLineItem","lineItemId":"`+widget+`"}`)))
		if len(cart.LineItems) != 0 || len(cart.RefusedGifts) != 0 {
			t.Fatalf("without the widget: %+v %+v", cart.LineItems, cart.RefusedGifts)
		}
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, asMe(alice), app.Ref{ID: cart.ID}, actions(cart.Version,
			`{"action":"addLineItem","sku":"W-1"}`)))
		if len(cart.LineItems) != 2 || cart.LineItems[1].ID == gift {
			t.Fatalf("a new gift: %+v", cart.LineItems)
		}
		// the buyer removes the gift: refused, and not given again
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, asMe(alice), app.Ref{ID: cart.ID}, actions(cart.Version,
			`{"action":"removeLineItem","lineItemId":"`+cart.LineItems[1].ID+`"}`)))
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, asMe(alice), app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"recalculate"}`)))
		if len(cart.LineItems) != 1 || len(cart.RefusedGifts) != 1 || cart.RefusedGifts[0].TypeID != procura.TypeCartDiscount {
			t.Fatalf("a refused gift: %+v %+v", cart.LineItems, cart.RefusedGifts)
		}
		d := cartDraft("W-1")
		d.ShippingAddress = &procura.Address{Country: "DE"}
		second := must[*procura.Cart](t)(a.CreateCart(ctx, c, inUnit(alice, "acme"), d))
		order := must[*procura.Order](t)(a.CreateOrder(ctx, c, asMe(alice), procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: second.ID}, Version: &second.Version}))
		if len(order.LineItems) != 2 || order.LineItems[1].LineItemMode != procura.LineItemGift || order.TotalPrice.CentAmount != 1999 {
			t.Fatalf("the order's gift: %+v", order.LineItems)
		}
	})
}

// TestCartDiscountChangesReachEveryNodeAtOnce: two nodes over one database; a node that priced
// carts with the project's cart discounts prices the next cart with another node's change of
// them: one created, deactivated, activated again, deleted.
func TestCartDiscountChangesReachEveryNodeAtOnce(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shippingWorld(t, a, c)
		other := app.New(a.Store)
		alice := w.customers["alice@acme.example"]
		total := func() int64 { // a new cart of one line at 19.99, priced by the other node
			t.Helper()
			return must[*procura.Cart](t)(other.CreateCart(ctx, c, inUnit(alice, "acme"), cartDraft("W-1"))).TotalPrice.CentAmount
		}
		if got := total(); got != 1999 {
			t.Fatalf("without a discount: %d", got)
		}
		five := must[*procura.CartDiscount](t)(a.CreateCartDiscount(ctx, c, decodeDraft[procura.CartDiscountDraft](t,
			`{"key":"five","name":{"en":"5% off"},"cartPredicate":"totalPrice >= \"1.00 EUR\"","sortOrder":"0.5",
			"value":{"type":"relative","permyriad":500},"target":{"type":"totalPrice"}}`)))
		if got := total(); got != 1899 {
			t.Fatalf("with the discount created on the first node: %d", got)
		}
		for _, step := range []struct {
			active bool
			want   int64
		}{{false, 1999}, {true, 1899}} {
			five = must[*procura.CartDiscount](t)(a.UpdateCartDiscount(ctx, c, app.Ref{Key: "five"},
				actions(five.Version, fmt.Sprintf(`{"action":"changeIsActive","isActive":%v}`, step.active))))
			if got := total(); got != step.want {
				t.Fatalf("with the discount's isActive %v on the first node: %d, want %d", step.active, got, step.want)
			}
		}
		must[*procura.CartDiscount](t)(a.DeleteCartDiscount(ctx, c, app.Ref{Key: "five"}, five.Version))
		if got := total(); got != 1999 {
			t.Fatalf("with the discount deleted on the first node: %d", got)
		}
		if err := app.KeptSettings(other); err != nil {
			t.Fatal(err)
		}
	})
}
