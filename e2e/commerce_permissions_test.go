package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// fixture is what a matrix case acts on.
type fixture struct {
	cart  *platform.Cart
	order *platform.Order
	count int // carts or orders before the call
}

// matrixCase is one as-associate operation: the permission it needs on the associate's own
// resource (my) and on a colleague's (others); also are granted in both runs.
type matrixCase struct {
	op          string
	my, others  platform.Permission
	also        map[string][]platform.Permission // per kind ("My", "Others")
	onlyMy      bool
	status      int
	setup       func(t *testing.T, owner string) fixture
	call        func(t *testing.T, f fixture, owner string) response
	nothingDone func(t *testing.T, f fixture)
}

// TestCommercePermissionMatrix: every as-associate cart and order endpoint, for the associate's
// own resource and a colleague's, refused with 403 AssociateMissingPermission naming the needed
// permission (and writing nothing) when the role holds only the sibling permission, and allowed
// with a role holding exactly the needed one.
func TestCommercePermissionMatrix(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		sh := newShop(t, s)
		for _, n := range []string{"dan", "bob"} {
			sh.customer(t, n)
		}
		sh.unit(t, "acme", "", "")
		sh.grant(t, "acme", "bob", purchaserPerms...)
		sh.grant(t, "acme", "dan", purchaserPerms...)
		in := sh.inUnit("dan", "acme")
		cartOf := func(t *testing.T, owner string) fixture {
			return fixture{cart: sh.sellerCart(t, owner, "acme", item{widgetSKU, 1})}
		}
		orderOf := func(t *testing.T, owner string) fixture {
			return fixture{order: sh.sellerOrder(t, owner, "acme"), count: sh.total(t, "carts")}
		}
		cartUnchanged := func(state string) func(t *testing.T, f fixture) {
			return func(t *testing.T, f fixture) {
				m := sh.sellerGet(t, "carts/"+f.cart.ID)
				if version(t, m) != f.cart.Version || m["cartState"] != state || m["purchaseOrderNumber"] != nil {
					t.Errorf("cart after a refusal: version %d state %v PO %v, want version %d, %s, no PO",
						version(t, m), m["cartState"], m["purchaseOrderNumber"], f.cart.Version, state)
				}
			}
		}
		orderUnchanged := func(t *testing.T, f fixture) {
			m := sh.sellerGet(t, "orders/"+f.order.ID)
			if version(t, m) != f.order.Version || m["orderState"] != "Open" {
				t.Errorf("order after a refusal: version %d state %v, want version %d Open", version(t, m), m["orderState"], f.order.Version)
			}
		}
		cartCount := func(t *testing.T, f fixture) {
			if n := sh.total(t, "carts"); n != f.count {
				t.Errorf("%d carts after a refusal, want %d", n, f.count)
			}
		}
		cases := []matrixCase{
			{op: "create cart", my: platform.PermissionCreateMyCarts, others: platform.PermissionCreateOthersCarts, status: http.StatusCreated,
				setup: func(t *testing.T, _ string) fixture { return fixture{count: sh.total(t, "carts")} },
				call: func(t *testing.T, _ fixture, owner string) response {
					customer := ""
					if owner != "dan" {
						customer = fmt.Sprintf(`,"customerId":%q`, sh.ids[owner])
					}
					return s.do(t, http.MethodPost, in+"/carts", sh.admin, []byte(`{"currency":"EUR","lineItems":[{"sku":"W-1","quantity":1}]`+customer+`}`))
				},
				nothingDone: cartCount},
			{op: "get cart", my: platform.PermissionViewMyCarts, others: platform.PermissionViewOthersCarts, status: http.StatusOK, setup: cartOf,
				call: func(t *testing.T, f fixture, _ string) response {
					return s.do(t, http.MethodGet, in+"/carts/"+f.cart.ID, sh.admin, nil)
				},
				nothingDone: cartUnchanged("Active")},
			{op: "update cart", my: platform.PermissionUpdateMyCarts, others: platform.PermissionUpdateOthersCarts, status: http.StatusOK, setup: cartOf,
				call: func(t *testing.T, f fixture, _ string) response {
					return s.do(t, http.MethodPost, in+"/carts/"+f.cart.ID, sh.admin, []byte(fmt.Sprintf(
						`{"version":%d,"actions":[{"action":"setPurchaseOrderNumber","purchaseOrderNumber":"PO-M"}]}`, f.cart.Version)))
				},
				nothingDone: cartUnchanged("Active")},
			{op: "delete cart", my: platform.PermissionDeleteMyCarts, others: platform.PermissionDeleteOthersCarts, status: http.StatusOK, setup: cartOf,
				call: func(t *testing.T, f fixture, _ string) response {
					return s.do(t, http.MethodDelete, in+fmt.Sprintf("/carts/%s?version=%d", f.cart.ID, f.cart.Version), sh.admin, nil)
				},
				nothingDone: cartUnchanged("Active")},
			{op: "order from cart", my: platform.PermissionCreateMyOrdersFromMyCarts, others: platform.PermissionCreateOrdersFromOthersCarts,
				status: http.StatusCreated,
				setup: func(t *testing.T, owner string) fixture {
					f := cartOf(t, owner)
					f.count = sh.total(t, "orders")
					return f
				},
				call: func(t *testing.T, f fixture, _ string) response {
					return s.do(t, http.MethodPost, in+"/orders", sh.admin, []byte(fmt.Sprintf(`{"cart":{"typeId":"cart","id":%q},"version":%d}`, f.cart.ID, f.cart.Version)))
				},
				nothingDone: func(t *testing.T, f fixture) {
					cartUnchanged("Active")(t, f)
					if n := sh.total(t, "orders"); n != f.count {
						t.Errorf("%d orders after a refusal, want %d", n, f.count)
					}
				}},
			{op: "get order", my: platform.PermissionViewMyOrders, others: platform.PermissionViewOthersOrders, status: http.StatusOK, setup: orderOf,
				call: func(t *testing.T, f fixture, _ string) response {
					return s.do(t, http.MethodGet, in+"/orders/"+f.order.ID, sh.admin, nil)
				},
				nothingDone: orderUnchanged},
			{op: "update order", my: platform.PermissionUpdateMyOrders, others: platform.PermissionUpdateOthersOrders, status: http.StatusOK, setup: orderOf,
				call: func(t *testing.T, f fixture, _ string) response {
					return s.do(t, http.MethodPost, in+"/orders/"+f.order.ID, sh.admin, []byte(fmt.Sprintf(
						`{"version":%d,"actions":[{"action":"changeOrderState","orderState":"Confirmed"}]}`, f.order.Version)))
				},
				nothingDone: orderUnchanged},
			{op: "replicate order (view part)", my: platform.PermissionViewMyOrders, others: platform.PermissionViewOthersOrders,
				also: map[string][]platform.Permission{
					"My":     {platform.PermissionCreateMyCarts},
					"Others": {platform.PermissionCreateMyCarts, platform.PermissionCreateOthersCarts},
				},
				status: http.StatusCreated, setup: orderOf, call: replicate(sh, in), nothingDone: cartCount},
			{op: "replicate order (create part)", my: platform.PermissionCreateMyCarts, onlyMy: true,
				also:   map[string][]platform.Permission{"My": {platform.PermissionViewMyOrders}},
				status: http.StatusCreated, setup: orderOf, call: replicate(sh, in), nothingDone: cartCount},
		}
		for _, tc := range cases {
			for _, kind := range []string{"My", "Others"} {
				if kind == "Others" && tc.onlyMy {
					continue
				}
				owner, need, sibling := "dan", tc.my, tc.others
				if kind == "Others" {
					owner, need, sibling = "bob", tc.others, tc.my
				}
				t.Run(tc.op+"/"+kind, func(t *testing.T) {
					f := tc.setup(t, owner)
					without := append([]platform.Permission{}, tc.also[kind]...)
					if sibling != "" {
						without = append(without, sibling)
					}
					sh.grant(t, "acme", "dan", without...)
					missingFor(t, tc.call(t, f, owner), sh.ids["dan"], "acme", need)
					tc.nothingDone(t, f)
					sh.grant(t, "acme", "dan", append([]platform.Permission{need}, tc.also[kind]...)...)
					r := tc.call(t, f, owner)
					wantStatus(t, fmt.Sprintf("%s with %s", tc.op, need), r, tc.status)
				})
			}
		}
	})
}

func replicate(sh *shop, in string) func(t *testing.T, f fixture, _ string) response {
	return func(t *testing.T, f fixture, _ string) response {
		return sh.s.do(t, http.MethodPost, in+"/carts/replicate", sh.admin, []byte(fmt.Sprintf(`{"reference":{"typeId":"order","id":%q}}`, f.order.ID)))
	}
}

// TestCommerceQueryVisibility: the as-associate cart and order queries show the associate's own
// resources with the My view permission, the colleagues' only with Others, and refuse an
// associate with neither.
func TestCommerceQueryVisibility(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		sh := newShop(t, s)
		for _, n := range []string{"dan", "bob"} {
			sh.customer(t, n)
		}
		sh.unit(t, "acme", "", "")
		sh.grant(t, "acme", "bob", purchaserPerms...)
		sh.grant(t, "acme", "dan", purchaserPerms...)
		for _, owner := range []string{"dan", "bob"} {
			sh.sellerCart(t, owner, "acme", item{widgetSKU, 1})
			sh.sellerOrder(t, owner, "acme")
		}
		for _, tc := range []struct {
			resource   string
			my, others platform.Permission
		}{
			{"carts", platform.PermissionViewMyCarts, platform.PermissionViewOthersCarts},
			{"orders", platform.PermissionViewMyOrders, platform.PermissionViewOthersOrders},
		} {
			t.Run(tc.resource, func(t *testing.T) {
				path := sh.inUnit("dan", "acme") + "/" + tc.resource
				// Besides the open carts above, the ordered carts behind the orders are theirs too.
				allMine := ownedBy(t, sh, tc.resource, sh.ids["dan"])
				allTheirs := ownedBy(t, sh, tc.resource, sh.ids["bob"])
				if len(allMine) == 0 || len(allTheirs) == 0 {
					t.Fatalf("seller query by customerId: dan's %v, bob's %v", allMine, allTheirs)
				}

				sh.grant(t, "acme", "dan", tc.my)
				got := idsOf(s.getJSON(t, path+"?limit=500", sh.admin))
				if !slices.Equal(got, allMine) {
					t.Errorf("with %s: %v, want exactly dan's %v (not bob's %v)", tc.my, got, allMine, allTheirs)
				}
				sh.grant(t, "acme", "dan", tc.others)
				got = idsOf(s.getJSON(t, path+"?limit=500", sh.admin))
				if !containsAll(got, allTheirs) {
					t.Errorf("with %s: %v, want bob's %v among them", tc.others, got, allTheirs)
				}
				sh.grant(t, "acme", "dan", platform.PermissionCreateMyCarts)
				missingFor(t, s.do(t, http.MethodGet, path, sh.admin, nil), sh.ids["dan"], "acme", tc.my, tc.others)
			})
		}
	})
}

// ownedBy lists the ids of the carts or orders of a customer, through the general endpoint.
func ownedBy(t *testing.T, sh *shop, resource, customerID string) []string {
	t.Helper()
	return idsOf(sh.s.getJSON(t, sh.path("/"+resource+query("where", fmt.Sprintf("customerId = %q", customerID), "limit", "500")), sh.admin))
}

func containsAll(got, want []string) bool {
	for _, w := range want {
		if !containsAny(got, []string{w}) {
			return false
		}
	}
	return true
}

func containsAny(got, any []string) bool {
	for _, g := range got {
		for _, a := range any {
			if g == a {
				return true
			}
		}
	}
	return false
}

// missingFor is missingPermissionRaw that also checks the error names the associate and the unit.
func missingFor(t *testing.T, r response, customerID, unit string, perms ...platform.Permission) {
	t.Helper()
	missingPermissionRaw(t, r, perms...)
	var body struct {
		Errors []struct {
			Associate    map[string]any `json:"associate"`
			BusinessUnit map[string]any `json:"businessUnit"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(r.body, &body); err != nil || len(body.Errors) == 0 {
		t.Fatalf("AssociateMissingPermission body: %v %s", err, clip(r.body))
	}
	e := body.Errors[0]
	if e.Associate["id"] != customerID || (e.BusinessUnit["key"] != unit && e.BusinessUnit["id"] == nil) {
		t.Errorf("AssociateMissingPermission names associate %v and unit %v, want customer %s and unit %s", e.Associate, e.BusinessUnit, customerID, unit)
	}
}
