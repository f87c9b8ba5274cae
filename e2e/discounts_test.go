package e2e

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// TestCheckoutWithADiscountCode drives discounts through the official SDK: the seller makes a
// cart discount that requires a code and its code; a buyer's cart adds the code, and its total
// and taxed price show the discount; the order keeps it. A quote's cart with direct discounts
// refuses a code. Only the seller's scopes reach the discount resources. The answers have the
// reference's shapes.
func TestCheckoutWithADiscountCode(t *testing.T) {
	ref := reference(t)
	forEachBackend(t, func(t *testing.T, s *server) {
		q := newQuotes(t, s)
		ctx := q.ctx
		q.taxWidget(t)

		discount, err := q.c.CartDiscounts().Post(platform.CartDiscountDraft{Key: ptr("ten"), Name: platform.LocalizedString{"en": "10% off"},
			CartPredicate: `totalPrice >= "10.00 EUR"`, SortOrder: ptr("0.7"), RequiresDiscountCode: ptr(true),
			Value: platform.CartDiscountValueRelativeDraft{Permyriad: 1000}, Target: platform.CartDiscountTotalPriceTarget{}}).Execute(ctx)
		if err != nil {
			t.Fatalf("create the cart discount: %v", err)
		}
		code, err := q.c.DiscountCodes().Post(platform.DiscountCodeDraft{Key: ptr("welcome"), Code: "WELCOME10",
			CartDiscounts: []platform.CartDiscountResourceIdentifier{{ID: &discount.ID}}}).Execute(ctx)
		if err != nil {
			t.Fatalf("create the discount code: %v", err)
		}
		if _, err := q.c.DiscountCodes().Post(platform.DiscountCodeDraft{Code: "WELCOME10",
			CartDiscounts: []platform.CartDiscountResourceIdentifier{{ID: &discount.ID}}}).Execute(ctx); err == nil {
			t.Fatal("a second WELCOME10 was created")
		}

		// the buyer's cart of two widgets: 39.98, 10% off 35.98; 19% of 35.98 is 6.84 (6.8362)
		cart := q.buyerCart(t, "quinn", 2)
		quinn := q.asAssociate("quinn", "acme")
		if _, err := quinn.Carts().WithId(cart.ID).Post(platform.CartUpdate{Version: cart.Version, Actions: []platform.CartUpdateAction{
			platform.CartAddDiscountCodeAction{Code: "NOSUCHCODE"}}}).Execute(ctx); err == nil || !strings.Contains(err.Error(), "does not exist") {
			t.Fatalf("an unknown code: %v", err)
		}
		cart, err = quinn.Carts().WithId(cart.ID).Post(platform.CartUpdate{Version: cart.Version, Actions: []platform.CartUpdateAction{
			platform.CartAddDiscountCodeAction{Code: "WELCOME10"}}}).Execute(ctx)
		if err != nil {
			t.Fatalf("addDiscountCode: %v", err)
		}
		if len(cart.DiscountCodes) != 1 || cart.DiscountCodes[0].DiscountCode.ID != code.ID || cart.DiscountCodes[0].State != platform.DiscountCodeStateMatchesCart {
			t.Fatalf("the cart's codes: %+v", cart.DiscountCodes)
		}
		if cart.TotalPrice.CentAmount != 3598 || cart.DiscountOnTotalPrice == nil || cart.DiscountOnTotalPrice.DiscountedAmount.(platform.CentPrecisionMoney).CentAmount != 400 {
			t.Fatalf("the discounted total: %+v %+v", cart.TotalPrice, cart.DiscountOnTotalPrice)
		}
		if tp := cart.TaxedPrice; tp == nil || tp.TotalNet.CentAmount != 3598 || tp.TotalGross.CentAmount != 4282 {
			t.Fatalf("the taxed price: %+v", tp)
		}
		if li := cart.LineItems[0]; len(li.DiscountedPricePerQuantity) != 1 || li.DiscountedPricePerQuantity[0].Quantity != 2 ||
			li.DiscountedPricePerQuantity[0].DiscountedPrice.Value.(platform.CentPrecisionMoney).CentAmount != 1799 {
			t.Fatalf("the line's discounted prices: %+v", li.DiscountedPricePerQuantity)
		}

		// the storefront reads the code through the expansion; no quote for a cart with a code
		buyer := q.login(t, "quinn", nil).AccessToken
		r := s.do(t, http.MethodGet, q.inUnit("quinn", "acme")+"/carts/"+cart.ID+"?expand="+url.QueryEscape("discountCodes[*].discountCode"), buyer, nil)
		wantStatus(t, "a cart with its codes expanded", r, http.StatusOK)
		if !strings.Contains(string(r.body), `"code":"WELCOME10"`) {
			t.Fatalf("the expanded code: %s", clip(r.body))
		}
		if _, err := quinn.QuoteRequests().Post(platform.QuoteRequestDraft{Cart: platform.CartResourceIdentifier{ID: ptr(cart.ID)},
			CartVersion: cart.Version, Comment: ptr("cheaper?")}).Execute(ctx); err == nil || !strings.Contains(err.Error(), "discount codes") {
			t.Fatalf("a quote for a cart with a code: %v", err)
		}

		order, err := quinn.Orders().Post(platform.OrderFromCartDraft{Cart: &platform.CartResourceIdentifier{ID: &cart.ID}, Version: cart.Version}).Execute(ctx)
		if err != nil {
			t.Fatalf("order: %v", err)
		}
		if len(order.DiscountCodes) != 1 || order.TotalPrice.CentAmount != 3598 || order.TaxedPrice == nil || order.TaxedPrice.TotalGross.CentAmount != 4282 ||
			len(order.LineItems[0].DiscountedPricePerQuantity) != 1 {
			t.Fatalf("the order lost the discount: %+v %+v", order.DiscountCodes, order.TotalPrice)
		}

		// a quote's cart priced with a direct discount refuses codes (the seeds' rule)
		sq := q.stage(t, q.request(t, "rita", q.buyerCart(t, "rita", 1), "a better price, please"))
		quoted := q.price(t, sq, 1500, 500)
		r = s.do(t, http.MethodPost, q.path("/carts/"+quoted.ID), q.admin,
			[]byte(`{"version":`+strconv.Itoa(quoted.Version)+`,"actions":[{"action":"addDiscountCode","code":"WELCOME10"}]}`))
		wantStatus(t, "a code on a quote's cart with direct discounts", r, http.StatusBadRequest)
		if !strings.Contains(string(r.body), "direct discounts") {
			t.Fatalf("the refusal does not say why: %s", clip(r.body))
		}

		// the discount resources are the seller's: a buyer's token and an orders client are refused
		orders := s.token(t, s.newAPIClient(t, s.project, "manage_orders:"+s.project))
		viewer := s.token(t, s.newAPIClient(t, s.project, "view_cart_discounts:"+s.project, "view_discount_codes:"+s.project))
		wantStatus(t, "cart discounts with a buyer's token", s.do(t, http.MethodGet, q.path("/cart-discounts"), buyer, nil), http.StatusForbidden)
		wantStatus(t, "discount codes with manage_orders", s.do(t, http.MethodGet, q.path("/discount-codes"), orders, nil), http.StatusForbidden)
		wantStatus(t, "discount codes with view_discount_codes", s.do(t, http.MethodGet, q.path("/discount-codes"), viewer, nil), http.StatusOK)
		wantStatus(t, "a cart discount with only view_cart_discounts", s.do(t, http.MethodPost, q.path("/cart-discounts"), viewer,
			[]byte(`{"name":{"en":"x"},"cartPredicate":"true","sortOrder":"0.3","value":{"type":"relative","permyriad":10},"target":{"type":"shipping"}}`)), http.StatusForbidden)

		for _, c := range []struct{ typ, path string }{
			{"CartDiscount", "/cart-discounts/key=ten"},
			{"CartDiscountPagedQueryResponse", "/cart-discounts"},
			{"DiscountCode", "/discount-codes/key=welcome"},
			{"DiscountCodePagedQueryResponse", "/discount-codes"},
			{"Cart", "/carts/" + cart.ID},
			{"Cart", "/carts/" + quoted.ID},
			{"Order", "/orders/" + order.ID},
		} {
			r := s.do(t, http.MethodGet, q.path(c.path), q.admin, nil)
			if r.status != http.StatusOK {
				t.Fatalf("GET %s: %d %s", c.path, r.status, clip(r.body))
			}
			expectShape(t, ref, c.typ, c.path, r.body)
		}
	})
}
