package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

var purchaserPerms = []platform.Permission{
	platform.PermissionCreateMyCarts, platform.PermissionUpdateMyCarts, platform.PermissionViewMyCarts,
	platform.PermissionCreateMyOrdersFromMyCarts, platform.PermissionViewMyOrders,
}

// TestCommerceFlow drives the whole B2B buying flow through the official SDK: a catalog, an
// associate's cart frozen against a price change, the order, colleagues who may or may not see
// it (the seeds' shared company orders), "order the same again", and /me/orders per legal entity.
func TestCommerceFlow(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		sh := newShop(t, s)
		for _, n := range []string{"alice", "bob", "dan", "gary"} {
			sh.customer(t, n)
		}
		sh.unit(t, "acme", "", "")
		sh.unit(t, "globex", "", "")
		sh.grant(t, "acme", "alice", purchaserPerms...)
		sh.grant(t, "acme", "bob", platform.PermissionViewMyOrders, platform.PermissionViewOthersOrders)
		sh.grant(t, "acme", "dan", platform.PermissionViewMyOrders)
		sh.grant(t, "globex", "bob", purchaserPerms...)
		sh.grant(t, "globex", "gary", purchaserPerms...)
		alice := sh.asAssociate("alice", "acme")

		var cart *platform.Cart
		var order *platform.Order
		steps := []struct {
			name string
			run  func(t *testing.T)
		}{
			{"associate creates a cart by SKU", func(t *testing.T) {
				var err error
				cart, err = alice.Carts().Post(platform.CartDraft{Currency: "EUR", LineItems: lineItems(item{widgetSKU, 3}, item{gadgetSKU, 2})}).Execute(ctx)
				if err != nil {
					t.Fatal(err)
				}
				checkCart(t, cart, platform.CartStateActive, 3*widgetCents+2*gadgetCents)
				if cart.BusinessUnit == nil || cart.BusinessUnit.Key != "acme" || deref(cart.CustomerId) != sh.ids["alice"] {
					t.Errorf("cart unit %+v customer %v, want acme and alice %s", cart.BusinessUnit, deref(cart.CustomerId), sh.ids["alice"])
				}
				if got, want := skuQuantities(cart.LineItems), []string{"G-1×2", "W-1×3"}; !slices.Equal(got, want) {
					t.Errorf("line items %v, want %v", got, want)
				}
			}},
			{"freeze", func(t *testing.T) {
				var err error
				cart, err = alice.Carts().WithId(cart.ID).Post(platform.CartUpdate{Version: cart.Version,
					Actions: []platform.CartUpdateAction{platform.CartFreezeCartAction{}}}).Execute(ctx)
				if err != nil {
					t.Fatal(err)
				}
				checkCart(t, cart, platform.CartStateFrozen, 3*widgetCents+2*gadgetCents)
				if cart.FreezeStrategy == nil || *cart.FreezeStrategy != platform.FreezeStrategySoftFreeze {
					t.Errorf("freezeStrategy %v, want SoftFreeze", deref(cart.FreezeStrategy))
				}
			}},
			{"price change leaves the frozen cart alone", func(t *testing.T) {
				sh.setPrice(t, sh.widget, 2999)
				got, err := alice.Carts().WithId(cart.ID).Get().Execute(ctx)
				if err != nil {
					t.Fatal(err)
				}
				checkCart(t, got, platform.CartStateFrozen, 3*widgetCents+2*gadgetCents)
				checkUnitPrice(t, got.LineItems, widgetSKU, widgetCents)
				cart, err = alice.Carts().WithId(cart.ID).Post(platform.CartUpdate{Version: got.Version,
					Actions: []platform.CartUpdateAction{platform.CartSetPurchaseOrderNumberAction{PurchaseOrderNumber: ptr("PO-42")}}}).Execute(ctx)
				if err != nil {
					t.Fatal(err)
				}
				checkCart(t, cart, platform.CartStateFrozen, 3*widgetCents+2*gadgetCents)
				checkUnitPrice(t, cart.LineItems, widgetSKU, widgetCents)
				if deref(cart.PurchaseOrderNumber) != "PO-42" || cart.Version != got.Version+1 {
					t.Errorf("after setPurchaseOrderNumber: PO %v version %d, want PO-42 and %d", deref(cart.PurchaseOrderNumber), cart.Version, got.Version+1)
				}
				_, err = alice.Carts().WithId(cart.ID).Post(platform.CartUpdate{Version: cart.Version,
					Actions: []platform.CartUpdateAction{platform.CartAddLineItemAction{Sku: ptr(gadgetSKU)}}}).Execute(ctx)
				if code := sdkError(t, err, http.StatusBadRequest).Errors[0]; !isCode(code, "InvalidOperation") {
					t.Errorf("addLineItem on a frozen cart: %+v, want InvalidOperation", code)
				}
			}},
			{"associate orders the cart", func(t *testing.T) {
				var err error
				order, err = alice.Orders().Post(platform.OrderFromCartDraft{Cart: &platform.CartResourceIdentifier{ID: ptr(cart.ID)}, Version: cart.Version}).Execute(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if order.TotalPrice.CentAmount != 3*widgetCents+2*gadgetCents || order.TotalPrice.CurrencyCode != "EUR" {
					t.Errorf("order total %+v, want %d EUR (the frozen price)", order.TotalPrice, 3*widgetCents+2*gadgetCents)
				}
				if order.OrderState != platform.OrderStateOpen || order.Cart == nil || order.Cart.ID != cart.ID ||
					order.BusinessUnit == nil || order.BusinessUnit.Key != "acme" || deref(order.CustomerId) != sh.ids["alice"] ||
					deref(order.PurchaseOrderNumber) != "PO-42" {
					t.Errorf("order %s state %s cart %+v unit %+v customer %v PO %v", order.ID, order.OrderState, order.Cart,
						order.BusinessUnit, deref(order.CustomerId), deref(order.PurchaseOrderNumber))
				}
				if got, want := skuQuantities(order.LineItems), []string{"G-1×2", "W-1×3"}; !slices.Equal(got, want) {
					t.Errorf("order line items %v, want %v", got, want)
				}
				got, err := alice.Carts().WithId(cart.ID).Get().Execute(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if got.CartState != platform.CartStateOrdered {
					t.Errorf("cart state after ordering %s, want Ordered", got.CartState)
				}
			}},
			{"a colleague with ViewOthersOrders sees the order", func(t *testing.T) {
				bob := sh.asAssociate("bob", "acme")
				page, err := bob.Orders().Get().Execute(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if got := orderIDs(page.Results); !slices.Equal(got, []string{order.ID}) {
					t.Errorf("bob's as-associate orders of acme: %v, want [%s]", got, order.ID)
				}
				if _, err := bob.Orders().WithId(order.ID).Get().Execute(ctx); err != nil {
					t.Errorf("bob GET order: %v", err)
				}
				m := sh.s.getJSON(t, sh.inUnit("bob", "acme")+"/company-orders", sh.admin)
				if got := idsOf(m); !slices.Equal(got, []string{order.ID}) {
					t.Errorf("bob's company-orders of acme: %v, want [%s]", got, order.ID)
				}
				m = sh.s.getJSON(t, sh.inUnit("bob", "acme")+"/company-orders"+query("state", "Open"), sh.admin)
				if got := idsOf(m); !slices.Equal(got, []string{order.ID}) {
					t.Errorf("bob's open company-orders: %v, want [%s]", got, order.ID)
				}
				m = sh.s.getJSON(t, sh.inUnit("bob", "acme")+"/company-orders"+query("state", "Cancelled"), sh.admin)
				if got := idsOf(m); len(got) != 0 {
					t.Errorf("bob's cancelled company-orders: %v, want none", got)
				}
				r := sh.s.do(t, http.MethodGet, sh.inUnit("bob", "acme")+"/company-orders"+query("state", "Lost"), sh.admin, nil)
				expectErrorCode(t, r, "InvalidField", http.StatusBadRequest)
			}},
			{"a colleague with ViewMyOrders only does not", func(t *testing.T) {
				dan := sh.asAssociate("dan", "acme")
				page, err := dan.Orders().Get().Execute(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if got := orderIDs(page.Results); len(got) != 0 {
					t.Errorf("dan's as-associate orders of acme: %v, want none", got)
				}
				_, err = dan.Orders().WithId(order.ID).Get().Execute(ctx)
				missingPermission(t, err, platform.PermissionViewOthersOrders)
				m := sh.s.getJSON(t, sh.inUnit("dan", "acme")+"/company-orders", sh.admin)
				if got := idsOf(m); len(got) != 0 {
					t.Errorf("dan's company-orders of acme: %v, want none", got)
				}
			}},
			{"replicate the order at today's price", func(t *testing.T) {
				replica, err := alice.Carts().Replicate().Post(platform.ReplicaCartDraft{Reference: platform.OrderReference{ID: order.ID}}).Execute(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if replica.ID == cart.ID {
					t.Fatal("replicate returned the ordered cart itself")
				}
				checkCart(t, replica, platform.CartStateActive, 3*2999+2*gadgetCents)
				checkUnitPrice(t, replica.LineItems, widgetSKU, 2999)
				if got, want := skuQuantities(replica.LineItems), []string{"G-1×2", "W-1×3"}; !slices.Equal(got, want) {
					t.Errorf("replica line items %v, want %v", got, want)
				}
				if replica.BusinessUnit == nil || replica.BusinessUnit.Key != "acme" || deref(replica.CustomerId) != sh.ids["alice"] {
					t.Errorf("replica unit %+v customer %v, want acme and alice", replica.BusinessUnit, deref(replica.CustomerId))
				}
			}},
			{"/me/orders follows the legal entity of the token", func(t *testing.T) {
				byDan := sh.sellerOrder(t, "dan", "acme")
				byBob := sh.sellerOrder(t, "bob", "globex")
				sh.sellerOrder(t, "gary", "globex")
				meOrders := func(what string, c *platform.ByProjectKeyRequestBuilder) []string {
					t.Helper()
					page, err := c.Me().Orders().Get().Execute(ctx)
					if err != nil {
						t.Fatalf("%s: %v", what, err)
					}
					return orderIDs(page.Results)
				}
				inAcme := sh.login(t, "bob", url.Values{"business_unit": {"acme"}})
				if inAcme.BusinessUnit != "acme" {
					t.Fatalf("token bound to acme answers business_unit %q", inAcme.BusinessUnit)
				}
				if got, want := meOrders("bob in acme", sh.s.tokenSDK(t, inAcme.AccessToken)), sorted(order.ID, byDan.ID); !slices.Equal(got, want) {
					t.Errorf("bob's /me/orders bound to acme (ViewOthersOrders): %v, want the colleagues' %v", got, want)
				}
				inGlobex := sh.login(t, "bob", url.Values{"business_unit": {"globex"}})
				if got, want := meOrders("bob in globex", sh.s.tokenSDK(t, inGlobex.AccessToken)), []string{byBob.ID}; !slices.Equal(got, want) {
					t.Errorf("bob's /me/orders bound to globex (ViewMyOrders only): %v, want his own %v", got, want)
				}
				unbound, _ := sh.s.passwordSDK(t, emailOf("bob"), passwordOf("bob"))
				if got, want := meOrders("bob unbound", unbound), []string{byBob.ID}; !slices.Equal(got, want) {
					t.Errorf("bob's /me/orders without a unit: %v, want his own %v", got, want)
				}
			}},
		}
		for _, st := range steps {
			if !t.Run(st.name, st.run) {
				t.Fatalf("step %q failed; later steps depend on it", st.name)
			}
		}
	})
}

func checkCart(t *testing.T, c *platform.Cart, state platform.CartState, cents int) {
	t.Helper()
	if c.CartState != state || c.TotalPrice.CentAmount != cents || c.TotalPrice.CurrencyCode != "EUR" {
		t.Errorf("cart %s: state %s total %d %s, want %s and %d EUR", c.ID, c.CartState, c.TotalPrice.CentAmount, c.TotalPrice.CurrencyCode, state, cents)
	}
}

// checkUnitPrice checks the unit price and line total of the line item with sku.
func checkUnitPrice(t *testing.T, lis []platform.LineItem, sku string, cents int) {
	t.Helper()
	for _, li := range lis {
		if deref(li.Variant.Sku) == sku {
			if got := centsOf(t, li.Price.Value); got != cents || li.TotalPrice.CentAmount != cents*li.Quantity {
				t.Errorf("%s: unit price %d total %d, want %d and %d", sku, got, li.TotalPrice.CentAmount, cents, cents*li.Quantity)
			}
			return
		}
	}
	t.Errorf("no line item with SKU %s", sku)
}

// isCode reports whether an SDK error object has the given code.
func isCode(e platform.ErrorObject, code string) bool {
	var v struct {
		Code string `json:"code"`
	}
	b, _ := json.Marshal(e)
	_ = json.Unmarshal(b, &v)
	return v.Code == code
}
