package e2e

import (
	"context"
	"net/http"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
	"github.com/procura/procura/internal/refshape"
)

// TestTotalDiscountOverTwoShippings drives a discount on the total price through the official
// SDK: 10% off the total of a cart of shipping mode Multiple falls on its line item and on each
// shipping, shared to the cent; the taxes are on the discounted amounts, discountOnTotalPrice
// shows the net and gross it took off, and the order keeps it all. The answers have the
// reference's shapes.
func TestTotalDiscountOverTwoShippings(t *testing.T) {
	ref := reference(t)
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		sh, method := shippingShop(t, s)
		if _, err := sh.c.CartDiscounts().Post(platform.CartDiscountDraft{Key: ptr("tenth"), Name: platform.LocalizedString{"en": "10% off everything"},
			CartPredicate: "true", SortOrder: ptr("0.6"), Value: platform.CartDiscountValueRelativeDraft{Permyriad: 1000},
			Target: platform.CartDiscountTotalPriceTarget{}}).Execute(ctx); err != nil {
			t.Fatalf("create the cart discount: %v", err)
		}
		alice := sh.asAssociate("alice", "acme")
		multiple := platform.ShippingModeMultiple
		cart, err := alice.Carts().Post(platform.CartDraft{Currency: "EUR", LineItems: lineItems(item{widgetSKU, 3}), ShippingMode: &multiple,
			ShippingAddress: &platform.BaseAddress{Country: "DE"},
			Shipping: []platform.ShippingDraft{{Key: "berlin", ShippingMethod: &platform.ShippingMethodReference{ID: method.ID},
				ShippingAddress: platform.BaseAddress{Country: "DE", City: ptr("Berlin")}}}}).Execute(ctx)
		if err != nil {
			t.Fatalf("a cart of shipping mode Multiple: %v", err)
		}
		cart, err = alice.Carts().WithId(cart.ID).Post(platform.CartUpdate{Version: cart.Version, Actions: []platform.CartUpdateAction{
			munichCourier()}}).Execute(ctx)
		if err != nil {
			t.Fatalf("addCustomShippingMethod: %v", err)
		}
		// 10% of 59.97 + 4.90 + 3.00 = 67.87 is 6.79: 6.00 off the widgets, 0.49 and 0.30 off the
		// shippings; 53.97 (+ 10.25), 4.41 (+ 0.84), 2.70 (+ 0.51): 61.08 net, 72.68 gross. Without
		// the discount the gross would be 80.76, 8.08 more.
		if cart.TotalPrice.CentAmount != 6108 || cart.TaxedPrice == nil || cart.TaxedPrice.TotalGross.CentAmount != 7268 {
			t.Fatalf("the discounted totals: %+v %+v", cart.TotalPrice, cart.TaxedPrice)
		}
		for i, want := range []int{441, 270} {
			if p := cart.Shipping[i].ShippingInfo.DiscountedPrice; p == nil || p.Value.(platform.CentPrecisionMoney).CentAmount != want {
				t.Fatalf("shipping %d's discounted price: %+v", i, p)
			}
		}
		o := cart.DiscountOnTotalPrice
		if o == nil || o.DiscountedAmount.(platform.CentPrecisionMoney).CentAmount != 679 || o.DiscountedNetAmount == nil ||
			o.DiscountedNetAmount.(platform.CentPrecisionMoney).CentAmount != 679 || o.DiscountedGrossAmount.(platform.CentPrecisionMoney).CentAmount != 808 {
			t.Fatalf("discountOnTotalPrice: %+v", o)
		}
		order, err := alice.Orders().Post(platform.OrderFromCartDraft{Cart: &platform.CartResourceIdentifier{ID: &cart.ID}, Version: cart.Version}).Execute(ctx)
		if err != nil {
			t.Fatalf("order: %v", err)
		}
		if order.TotalPrice.CentAmount != 6108 || order.DiscountOnTotalPrice == nil || order.Shipping[1].ShippingInfo.DiscountedPrice == nil {
			t.Fatalf("the order lost the discount: %+v %+v", order.TotalPrice, order.DiscountOnTotalPrice)
		}
		expectShapes(t, s, ref, sh.path, sh.admin, []shapeOf{{"Cart", "/carts/" + cart.ID}, {"Order", "/orders/" + order.ID}, {"CartDiscount", "/cart-discounts/key=tenth"}})
	})
}

// TestMultiBuyThroughTheSDK: "buy three, the cheapest at half price" (a multi-buy target) on a
// cart of three widgets and two gadgets discounts one gadget; a third gadget, the sixth unit,
// makes a second occurrence; the discount keeps its target's shape.
func TestMultiBuyThroughTheSDK(t *testing.T) {
	ref := reference(t)
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		sh, _ := shippingShop(t, s)
		if _, err := sh.c.CartDiscounts().Post(platform.CartDiscountDraft{Key: ptr("three-for-two-and-a-half"), Name: platform.LocalizedString{"en": "buy 3, the cheapest at half price"},
			CartPredicate: "true", SortOrder: ptr("0.6"), Value: platform.CartDiscountValueRelativeDraft{Permyriad: 5000},
			Target: platform.MultiBuyLineItemsTarget{Predicate: "true", TriggerQuantity: 3, DiscountedQuantity: 1, SelectionMode: platform.SelectionModeCheapest}}).Execute(ctx); err != nil {
			t.Fatalf("create the multi-buy discount: %v", err)
		}
		alice := sh.asAssociate("alice", "acme")
		cart, err := alice.Carts().Post(platform.CartDraft{Currency: "EUR", LineItems: lineItems(item{widgetSKU, 3}, item{gadgetSKU, 2})}).Execute(ctx)
		if err != nil {
			t.Fatalf("the cart: %v", err)
		}
		// 5 units, one occurrence: a gadget at 2.50; 59.97 + 5.00 + 2.50
		gadget := cart.LineItems[1]
		if cart.TotalPrice.CentAmount != 6747 || len(gadget.DiscountedPricePerQuantity) != 1 || gadget.DiscountedPricePerQuantity[0].Quantity != 1 ||
			gadget.DiscountedPricePerQuantity[0].DiscountedPrice.Value.(platform.CentPrecisionMoney).CentAmount != 250 || len(cart.LineItems[0].DiscountedPricePerQuantity) != 0 {
			t.Fatalf("one gadget at half price: %+v %+v", cart.TotalPrice, gadget.DiscountedPricePerQuantity)
		}
		cart, err = alice.Carts().WithId(cart.ID).Post(platform.CartUpdate{Version: cart.Version, Actions: []platform.CartUpdateAction{
			platform.CartChangeLineItemQuantityAction{LineItemId: &gadget.ID, Quantity: 3}}}).Execute(ctx)
		if err != nil || cart.TotalPrice.CentAmount != 5997+1500-500 || cart.LineItems[1].DiscountedPricePerQuantity[0].Quantity != 2 {
			t.Fatalf("six units, two occurrences: two gadgets at half price: %v %+v", err, cart.LineItems[1].DiscountedPricePerQuantity)
		}
		expectShapes(t, s, ref, sh.path, sh.admin, []shapeOf{{"Cart", "/carts/" + cart.ID}, {"CartDiscount", "/cart-discounts/key=three-for-two-and-a-half"}})
	})
}

// TestDiscountGroupsThroughTheSDK: the seller makes a discount group and two cart discounts in it;
// a cart gets only the better of the two. Discount groups are read with view_cart_discounts and
// made with manage_cart_discounts only; the answers have the reference's shapes.
func TestDiscountGroupsThroughTheSDK(t *testing.T) {
	ref := reference(t)
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		sh, _ := shippingShop(t, s)
		if _, err := sh.c.DiscountGroups().Post(platform.DiscountGroupDraft{Key: "spring", SortOrder: "0.7"}).Execute(ctx); err != nil {
			t.Fatalf("create the discount group: %v", err)
		}
		group := &platform.DiscountGroupResourceIdentifier{Key: ptr("spring")}
		for _, d := range []platform.CartDiscountDraft{
			{Key: ptr("ten"), Name: platform.LocalizedString{"en": "10%"}, CartPredicate: "true", DiscountGroup: group,
				Value: platform.CartDiscountValueRelativeDraft{Permyriad: 1000}, Target: platform.CartDiscountLineItemsTarget{Predicate: "true"}},
			{Key: ptr("three-off"), Name: platform.LocalizedString{"en": "3.00 off"}, CartPredicate: "true", DiscountGroup: group,
				Value: platform.CartDiscountValueAbsoluteDraft{Money: []platform.Money{{CurrencyCode: "EUR", CentAmount: 300}}}, Target: platform.CartDiscountTotalPriceTarget{}},
		} {
			if _, err := sh.c.CartDiscounts().Post(d).Execute(ctx); err != nil {
				t.Fatalf("create the cart discount %s: %v", *d.Key, err)
			}
		}
		alice := sh.asAssociate("alice", "acme")
		cart, err := alice.Carts().Post(platform.CartDraft{Currency: "EUR", LineItems: lineItems(item{widgetSKU, 1})}).Execute(ctx)
		if err != nil || cart.TotalPrice.CentAmount != 1999-300 {
			t.Fatalf("3.00 off beats 10%% of 19.99: %v %+v", err, cart)
		}
		viewer := s.token(t, s.newAPIClient(t, s.project, "view_cart_discounts:"+s.project))
		orders := s.token(t, s.newAPIClient(t, s.project, "manage_orders:"+s.project))
		wantStatus(t, "discount groups with view_cart_discounts", s.do(t, http.MethodGet, sh.path("/discount-groups"), viewer, nil), http.StatusOK)
		wantStatus(t, "discount groups with manage_orders", s.do(t, http.MethodGet, sh.path("/discount-groups"), orders, nil), http.StatusForbidden)
		wantStatus(t, "a discount group with only view_cart_discounts", s.do(t, http.MethodPost, sh.path("/discount-groups"), viewer,
			[]byte(`{"key":"autumn","sortOrder":"0.3"}`)), http.StatusForbidden)
		expectShapes(t, s, ref, sh.path, sh.admin, []shapeOf{{"DiscountGroup", "/discount-groups/key=spring"}, {"DiscountGroupPagedQueryResponse", "/discount-groups"},
			{"CartDiscount", "/cart-discounts/key=ten"}, {"Cart", "/carts/" + cart.ID}})
	})
}

// shapeOf is a path to read and the reference type its answer has.
type shapeOf struct{ typ, path string }

// expectShapes reads each path with the token and checks its answer's shape against the reference.
func expectShapes(t *testing.T, s *server, ref *refshape.Types, path func(string) string, token string, cases []shapeOf) {
	t.Helper()
	for _, c := range cases {
		r := s.do(t, http.MethodGet, path(c.path), token, nil)
		if r.status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", c.path, r.status, clip(r.body))
		}
		expectShape(t, ref, c.typ, c.path, r.body)
	}
}

// TestGiftLineItemThroughTheSDK: a gift discount gives a cart with a widget a free gadget (a
// line of mode GiftLineItem); the buyer removes it and the cart's refusedGifts names the
// discount, which gives it no more. The answers have the reference's shapes.
func TestGiftLineItemThroughTheSDK(t *testing.T) {
	ref := reference(t)
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		sh, _ := shippingShop(t, s)
		gift, err := sh.c.CartDiscounts().Post(platform.CartDiscountDraft{Key: ptr("free-gadget"), Name: platform.LocalizedString{"en": "a gadget for a widget"},
			CartPredicate: `lineItemExists(sku = "W-1")`, SortOrder: ptr("0.6"),
			Value: platform.CartDiscountValueGiftLineItemDraft{Product: platform.ProductResourceIdentifier{ID: &sh.gadget}, VariantId: 1}}).Execute(ctx)
		if err != nil {
			t.Fatalf("create the gift discount: %v", err)
		}
		alice := sh.asAssociate("alice", "acme")
		cart, err := alice.Carts().Post(platform.CartDraft{Currency: "EUR", LineItems: lineItems(item{widgetSKU, 1})}).Execute(ctx)
		if err != nil || len(cart.LineItems) != 2 || cart.LineItems[1].LineItemMode != platform.LineItemModeGiftLineItem || cart.TotalPrice.CentAmount != 1999 {
			t.Fatalf("a free gadget: %v %+v", err, cart)
		}
		expectShapes(t, s, ref, sh.path, sh.admin, []shapeOf{{"Cart", "/carts/" + cart.ID}})
		cart, err = alice.Carts().WithId(cart.ID).Post(platform.CartUpdate{Version: cart.Version, Actions: []platform.CartUpdateAction{
			platform.CartRemoveLineItemAction{LineItemId: &cart.LineItems[1].ID}}}).Execute(ctx)
		if err != nil || len(cart.LineItems) != 1 || len(cart.RefusedGifts) != 1 || cart.RefusedGifts[0].ID != gift.ID {
			t.Fatalf("the refused gift: %v %+v", err, cart)
		}
		expectShapes(t, s, ref, sh.path, sh.admin, []shapeOf{{"Cart", "/carts/" + cart.ID}, {"CartDiscount", "/cart-discounts/key=free-gadget"}})
	})
}
