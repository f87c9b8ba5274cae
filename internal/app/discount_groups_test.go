package app_test

import (
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// TestDiscountGroupsInCarts: a group's sortOrder is unique among groups and cart discounts; its
// discounts take its sortOrder and follow it; a cart gets only the best deal of the group; an
// inactive group's discounts do not apply; a group holds at most 100; a group in use is not
// deleted.
func TestDiscountGroupsInCarts(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shippingWorld(t, a, c)
		alice := w.customers["alice@acme.example"]
		g := must[*procura.DiscountGroup](t)(a.CreateDiscountGroup(ctx, c, procura.DiscountGroupDraft{Key: "summer", SortOrder: "0.7"}))
		_, err := a.CreateDiscountGroup(ctx, c, procura.DiscountGroupDraft{Key: "winter", SortOrder: "0.7"})
		wantCode(t, err, procura.CodeDuplicateField)
		must[*procura.CartDiscount](t)(a.CreateCartDiscount(ctx, c, decodeDraft[procura.CartDiscountDraft](t,
			`{"key":"solo","name":{"en":"solo"},"cartPredicate":"true","sortOrder":"0.6","value":{"type":"relative","permyriad":100},"target":{"type":"shipping"}}`)))
		_, err = a.CreateDiscountGroup(ctx, c, procura.DiscountGroupDraft{Key: "winter", SortOrder: "0.6"})
		wantCode(t, err, procura.CodeDuplicateField)
		_, err = a.CreateCartDiscount(ctx, c, decodeDraft[procura.CartDiscountDraft](t,
			`{"name":{"en":"x"},"cartPredicate":"true","sortOrder":"0.7","value":{"type":"relative","permyriad":100},"target":{"type":"shipping"}}`))
		wantCode(t, err, procura.CodeDuplicateField)
		for _, d := range []string{
			`{"key":"ten","name":{"en":"10%"},"cartPredicate":"true","discountGroup":{"typeId":"discount-group","key":"summer"},"value":{"type":"relative","permyriad":1000},"target":{"type":"lineItems","predicate":"true"}}`,
			`{"key":"five-off","name":{"en":"5.00 off"},"cartPredicate":"true","discountGroup":{"typeId":"discount-group","key":"summer"},"value":{"type":"absolute","money":[{"currencyCode":"EUR","centAmount":500}]},"target":{"type":"totalPrice"}}`,
		} {
			if cd := must[*procura.CartDiscount](t)(a.CreateCartDiscount(ctx, c, decodeDraft[procura.CartDiscountDraft](t, d))); cd.SortOrder != "0.7" {
				t.Fatalf("a discount of the group at %s", cd.SortOrder)
			}
		}
		// 19.99: 10% is 2.00, 5.00 off the total is more
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, inUnit(alice, "acme"), cartDraft("W-1")))
		if cart.TotalPrice.CentAmount != 1499 || len(cart.LineItems[0].DiscountedPricePerQuantity) != 1 ||
			len(cart.LineItems[0].DiscountedPricePerQuantity[0].DiscountedPrice.IncludedDiscounts) != 1 {
			t.Fatalf("the best deal of the group: %s %+v", cart.TotalPrice, cart.LineItems[0].DiscountedPricePerQuantity)
		}
		// five widgets: 10% is 9.995, more than 5.00
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, asMe(alice), app.Ref{ID: cart.ID}, actions(cart.Version,
			`{"action":"changeLineItemQuantity","lineItemId":"`+cart.LineItems[0].ID+`","quantity":5}`)))
		if cart.TotalPrice.CentAmount != 5*1799 {
			t.Fatalf("10%% on five widgets: %s", cart.TotalPrice)
		}
		// the group moves: its discounts follow; inactive, none of them applies
		g = must[*procura.DiscountGroup](t)(a.UpdateDiscountGroup(ctx, c, app.Ref{Key: "summer"}, actions(g.Version,
			`{"action":"setSortOrder","sortOrder":"0.8"}`, `{"action":"setIsActive","isActive":false}`)))
		if ten := must[*procura.CartDiscount](t)(a.GetCartDiscount(ctx, c, app.Ref{Key: "ten"})); ten.SortOrder != "0.8" || ten.Version != 2 {
			t.Fatalf("the discount did not follow its group: %s v%d", ten.SortOrder, ten.Version)
		}
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, asMe(alice), app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"recalculate"}`)))
		if cart.TotalPrice.CentAmount != 5*1999 {
			t.Fatalf("an inactive group's discounts applied: %s", cart.TotalPrice)
		}
		// a group holds at most 100 discounts
		in := `{"name":{"en":"more"},"cartPredicate":"false","discountGroup":{"typeId":"discount-group","key":"summer"},"value":{"type":"relative","permyriad":1},"target":{"type":"shipping"}}`
		for i := 2; i < app.MaxDiscountsInGroup; i++ {
			must[*procura.CartDiscount](t)(a.CreateCartDiscount(ctx, c, decodeDraft[procura.CartDiscountDraft](t, in)))
		}
		_, err = a.CreateCartDiscount(ctx, c, decodeDraft[procura.CartDiscountDraft](t, in))
		wantCode(t, err, procura.CodeMaxResourceLimitExceeded)
		_, err = a.DeleteDiscountGroup(ctx, c, app.Ref{Key: "summer"}, g.Version)
		wantCode(t, err, procura.CodeReferenceExists)
		if again := must[*procura.DiscountGroup](t)(a.GetDiscountGroup(ctx, c, app.Ref{Key: "summer"})); again.Version != g.Version {
			t.Fatalf("a refused delete wrote: %d", again.Version)
		}
	})
}
