package e2e

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// TestCommerceOtherUnit: a cart or order of another unit, reached through the path's unit, is
// 400 InvalidOperation for every operation, even for an associate holding every permission, and
// nothing changes.
func TestCommerceOtherUnit(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		sh := newShop(t, s)
		sh.customer(t, "dan")
		sh.customer(t, "gary")
		sh.unit(t, "acme", "", "")
		sh.unit(t, "globex", "", "")
		all := append(slices.Clone(purchaserPerms), platform.PermissionViewOthersCarts, platform.PermissionUpdateOthersCarts,
			platform.PermissionDeleteMyCarts, platform.PermissionDeleteOthersCarts, platform.PermissionCreateOthersCarts,
			platform.PermissionViewOthersOrders, platform.PermissionUpdateMyOrders, platform.PermissionUpdateOthersOrders,
			platform.PermissionCreateOrdersFromOthersCarts)
		sh.grant(t, "acme", "dan", all...)
		sh.grant(t, "globex", "gary", purchaserPerms...)
		cart := sh.sellerCart(t, "gary", "globex", item{widgetSKU, 1})
		order := sh.sellerOrder(t, "gary", "globex")
		orders := sh.total(t, "orders")
		carts := sh.total(t, "carts")
		in := sh.inUnit("dan", "acme")
		// Another unit's resource is not found through this unit's path: its existence is not
		// disclosed.
		const notFound, refNotFound = "ResourceNotFound", "ReferencedResourceNotFound"
		for _, c := range []struct {
			name, method, path, body, code string
		}{
			{"get cart", http.MethodGet, "/carts/" + cart.ID, "", notFound},
			{"update cart", http.MethodPost, "/carts/" + cart.ID, fmt.Sprintf(`{"version":%d,"actions":[{"action":"setPurchaseOrderNumber","purchaseOrderNumber":"X"}]}`, cart.Version), notFound},
			{"delete cart", http.MethodDelete, fmt.Sprintf("/carts/%s?version=%d", cart.ID, cart.Version), "", notFound},
			{"order the cart", http.MethodPost, "/orders", fmt.Sprintf(`{"cart":{"typeId":"cart","id":%q},"version":%d}`, cart.ID, cart.Version), refNotFound},
			{"replicate the cart", http.MethodPost, "/carts/replicate", fmt.Sprintf(`{"reference":{"typeId":"cart","id":%q}}`, cart.ID), refNotFound},
			{"get order", http.MethodGet, "/orders/" + order.ID, "", notFound},
			{"update order", http.MethodPost, "/orders/" + order.ID, fmt.Sprintf(`{"version":%d,"actions":[{"action":"changeOrderState","orderState":"Confirmed"}]}`, order.Version), notFound},
			{"replicate the order", http.MethodPost, "/carts/replicate", fmt.Sprintf(`{"reference":{"typeId":"order","id":%q}}`, order.ID), refNotFound},
		} {
			t.Run(c.name, func(t *testing.T) {
				var body []byte
				if c.body != "" {
					body = []byte(c.body)
				}
				status := http.StatusNotFound
				if c.code == refNotFound {
					status = http.StatusBadRequest
				}
				expectErrorCode(t, s.do(t, c.method, in+c.path, sh.admin, body), c.code, status)
			})
		}
		m := sh.sellerGet(t, "carts/"+cart.ID)
		if version(t, m) != cart.Version || m["cartState"] != "Active" {
			t.Errorf("globex cart changed: version %d state %v", version(t, m), m["cartState"])
		}
		m = sh.sellerGet(t, "orders/"+order.ID)
		if version(t, m) != order.Version || m["orderState"] != "Open" {
			t.Errorf("globex order changed: version %d state %v", version(t, m), m["orderState"])
		}
		if o, c := sh.total(t, "orders"), sh.total(t, "carts"); o != orders || c != carts {
			t.Errorf("%d orders and %d carts after the refusals, want %d and %d", o, c, orders, carts)
		}
	})
}

// TestCommerceMeIsOwn: through /me a customer reaches only their own carts and orders; another
// customer's are 404 and stay as they were.
func TestCommerceMeIsOwn(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		sh := newShop(t, s)
		sh.customer(t, "alice")
		sh.customer(t, "bob")
		alice, _ := s.passwordSDK(t, emailOf("alice"), passwordOf("alice"))
		bob, bobTok := s.passwordSDK(t, emailOf("bob"), passwordOf("bob"))
		draft := platform.MyCartDraft{Currency: "EUR", LineItems: []platform.MyLineItemDraft{{Sku: ptr(widgetSKU), Quantity: ptr(2)}}}
		cart, err := alice.Me().Carts().Post(draft).Execute(ctx)
		if err != nil {
			t.Fatalf("alice creates a /me cart: %v", err)
		}
		if deref(cart.CustomerId) != sh.ids["alice"] || cart.TotalPrice.CentAmount != 2*widgetCents {
			t.Fatalf("alice's /me cart: customer %v total %d", deref(cart.CustomerId), cart.TotalPrice.CentAmount)
		}
		other, err := alice.Me().Carts().Post(draft).Execute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		order, err := alice.Me().Orders().Post(platform.MyOrderFromCartDraft{ID: other.ID, Version: other.Version}).Execute(ctx)
		if err != nil {
			t.Fatalf("alice orders her /me cart: %v", err)
		}

		_, err = bob.Me().Carts().WithId(cart.ID).Get().Execute(ctx)
		notFound(t, "bob GET /me/carts/{alice's}", err)
		_, err = bob.Me().Orders().WithId(order.ID).Get().Execute(ctx)
		notFound(t, "bob GET /me/orders/{alice's}", err)
		tok := bobTok.AccessToken
		expectErrorCode(t, s.do(t, http.MethodPost, sh.path("/me/carts/"+cart.ID), tok, []byte(fmt.Sprintf(
			`{"version":%d,"actions":[{"action":"setPurchaseOrderNumber","purchaseOrderNumber":"B"}]}`, cart.Version))), "ResourceNotFound", http.StatusNotFound)
		expectErrorCode(t, s.do(t, http.MethodDelete, sh.path(fmt.Sprintf("/me/carts/%s?version=%d", cart.ID, cart.Version)), tok, nil), "ResourceNotFound", http.StatusNotFound)
		carts, err := bob.Me().Carts().Get().Execute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		orders, err := bob.Me().Orders().Get().Execute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(carts.Results) != 0 || len(orders.Results) != 0 {
			t.Errorf("bob's /me/carts and /me/orders list %d carts and %d orders, want none", len(carts.Results), len(orders.Results))
		}
		got, err := alice.Me().Carts().WithId(cart.ID).Get().Execute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != cart.Version || got.PurchaseOrderNumber != nil {
			t.Errorf("alice's cart after bob's attempts: version %d PO %v, want %d and none", got.Version, deref(got.PurchaseOrderNumber), cart.Version)
		}
	})
}
