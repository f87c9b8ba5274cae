package e2e

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// TestOrderPricesThroughTheSDK: through the SDK, a cart ordered after a price rise is ordered at
// today's price, and its order shows the cart's direct discount that explains the total. The
// frozen-prices setting (raw HTTP: an extension) is the seller's: a client with only
// view_project_settings or manage_orders is refused, manage_project_settings changes it.
func TestOrderPricesThroughTheSDK(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		sh := newShop(t, s)
		sh.customer(t, "ada")
		cart := sh.sellerCart(t, "ada", "", item{widgetSKU, 2})
		cart, err := sh.c.Carts().WithId(cart.ID).Post(platform.CartUpdate{Version: cart.Version, Actions: []platform.CartUpdateAction{
			platform.CartSetDirectDiscountsAction{Discounts: []platform.DirectDiscountDraft{
				{Value: platform.CartDiscountValueRelativeDraft{Permyriad: 1000}, Target: platform.CartDiscountTotalPriceTarget{}},
				{Value: platform.CartDiscountValueAbsoluteDraft{Money: []platform.Money{{CentAmount: 100, CurrencyCode: "EUR"}}}, Target: platform.CartDiscountTotalPriceTarget{}}}},
		}}).Execute(ctx)
		if err != nil {
			t.Fatalf("set a direct discount: %v", err)
		}
		sh.setPrice(t, sh.widget, 2999)
		o, err := sh.c.Orders().Post(platform.OrderFromCartDraft{Cart: &platform.CartResourceIdentifier{ID: ptr(cart.ID)}, Version: cart.Version}).Execute(ctx)
		if err != nil {
			t.Fatalf("order the cart: %v", err)
		}
		// 2 × 29.99 = 59.98, less 10% (6.00) = 53.98, less 1.00 = 52.98
		if got := centsOf(t, o.TotalPrice); got != 5298 || centsOf(t, o.LineItems[0].Price.Value) != 2999 || len(o.DirectDiscounts) != 2 {
			t.Fatalf("order: total %d, unit %d, %d direct discounts; want 5298, 2999, 2", got, centsOf(t, o.LineItems[0].Price.Value), len(o.DirectDiscounts))
		}
		r := s.do(t, http.MethodGet, sh.path("/orders/"+o.ID), sh.admin, nil)
		wantStatus(t, "the order", r, http.StatusOK)
		expectShape(t, reference(t), "Order", "the order with direct discounts", r.body)

		change := func(token string, days int) response {
			p := s.getJSON(t, sh.path(""), sh.admin)
			body := fmt.Sprintf(`{"version":%v,"actions":[{"action":"changeFrozenPricesDays","frozenPricesDays":%d}]}`, p["version"], days)
			return s.do(t, http.MethodPost, sh.path(""), token, []byte(body))
		}
		for _, scope := range []string{"view_project_settings", "manage_orders"} {
			token := s.token(t, s.newAPIClient(t, s.project, scope+":"+s.project))
			expectError(t, change(token, 7), http.StatusForbidden)
		}
		if carts, _ := s.getJSON(t, sh.path(""), sh.admin)["carts"].(map[string]any); carts["frozenPricesDays"] != float64(30) {
			t.Fatalf("carts after the refused changes: %v, want frozenPricesDays 30", carts)
		}
		manager := s.token(t, s.newAPIClient(t, s.project, "manage_project_settings:"+s.project))
		wantStatus(t, "changeFrozenPricesDays", change(manager, 7), http.StatusOK)
		if carts, _ := s.getJSON(t, sh.path(""), sh.admin)["carts"].(map[string]any); carts["frozenPricesDays"] != float64(7) {
			t.Fatalf("carts after the change: %v, want frozenPricesDays 7", carts)
		}
		expectErrorCode(t, change(manager, 0), "InvalidField", http.StatusBadRequest)
	})
}
