package e2e

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// TestCommerceBadInput: carts and orders refuse bad input with a clear 400 (or 409 for a stale
// version) and the right code, and write nothing.
func TestCommerceBadInput(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		sh := newShop(t, s)
		sh.customer(t, "alice")
		for _, key := range []string{"main", "outlet"} {
			if _, err := sh.c.Stores().Post(platform.StoreDraft{Key: key}).Execute(ctx); err != nil {
				t.Fatalf("create store %s: %v", key, err)
			}
		}
		sh.unit(t, "acme", "", "")
		sh.unit(t, "initech", "", `,"stores":[{"typeId":"store","key":"main"}]`)
		sh.grant(t, "acme", "alice", purchaserPerms...)
		sh.grant(t, "initech", "alice", purchaserPerms...)

		t.Run("cart drafts", func(t *testing.T) {
			before := sh.total(t, "carts")
			for _, c := range []struct {
				name, unit, body, code string
			}{
				{"unknown SKU", "acme", `{"currency":"EUR","lineItems":[{"sku":"NOPE-1","quantity":1}]}`, "ReferencedResourceNotFound"},
				{"quantity 0", "acme", `{"currency":"EUR","lineItems":[{"sku":"W-1","quantity":0}]}`, "InvalidInput"},
				{"negative quantity", "acme", `{"currency":"EUR","lineItems":[{"sku":"W-1","quantity":-2}]}`, "InvalidInput"},
				{"quantity over 1,000,000", "acme", `{"currency":"EUR","lineItems":[{"sku":"W-1","quantity":1000001}]}`, "InvalidInput"},
				{"a currency without a price", "acme", `{"currency":"GBP","lineItems":[{"sku":"W-1","quantity":1}]}`, "MatchingPriceNotFound"},
				{"an unknown SKU after a good one", "acme", `{"currency":"EUR","lineItems":[{"sku":"W-1","quantity":1},{"sku":"NOPE-2"}]}`, "ReferencedResourceNotFound"},
				{"a store the unit lacks", "initech", `{"currency":"EUR","store":{"typeId":"store","key":"outlet"},"lineItems":[{"sku":"W-1","quantity":1}]}`, "InvalidOperation"},
				{"no store for a unit with stores", "initech", `{"currency":"EUR","lineItems":[{"sku":"W-1","quantity":1}]}`, "InvalidOperation"},
			} {
				t.Run(c.name, func(t *testing.T) {
					r := s.do(t, http.MethodPost, sh.inUnit("alice", c.unit)+"/carts", sh.admin, []byte(c.body))
					expectErrorCode(t, r, c.code, http.StatusBadRequest)
				})
			}
			if n := sh.total(t, "carts"); n != before {
				t.Errorf("%d carts after the refused drafts, want %d", n, before)
			}
			// The same drafts with good values are accepted: the refusals were for the values.
			for _, c := range []struct{ unit, body string }{
				{"acme", `{"currency":"EUR","lineItems":[{"sku":"W-1","quantity":1000000}]}`},
				{"initech", `{"currency":"EUR","store":{"typeId":"store","key":"main"},"lineItems":[{"sku":"W-1","quantity":1}]}`},
			} {
				wantStatus(t, "good draft "+c.body, s.do(t, http.MethodPost, sh.inUnit("alice", c.unit)+"/carts", sh.admin, []byte(c.body)), http.StatusCreated)
			}
		})

		t.Run("cart updates", func(t *testing.T) {
			cart := sh.sellerCart(t, "alice", "acme", item{widgetSKU, 1})
			path := sh.inUnit("alice", "acme") + "/carts/" + cart.ID
			for _, c := range []struct{ name, action, code string }{
				{"add an unknown SKU", `{"action":"addLineItem","sku":"NOPE-1"}`, "ReferencedResourceNotFound"},
				{"add quantity 0", `{"action":"addLineItem","sku":"G-1","quantity":0}`, "InvalidInput"},
				{"add a negative quantity", `{"action":"addLineItem","sku":"G-1","quantity":-1}`, "InvalidInput"},
				{"add over 1,000,000", `{"action":"addLineItem","sku":"G-1","quantity":1000001}`, "InvalidInput"},
				{"grow a line item over 1,000,000", `{"action":"addLineItem","sku":"W-1","quantity":1000000}`, "InvalidInput"},
			} {
				t.Run(c.name, func(t *testing.T) {
					r := s.do(t, http.MethodPost, path, sh.admin, []byte(fmt.Sprintf(`{"version":%d,"actions":[%s]}`, cart.Version, c.action)))
					expectErrorCode(t, r, c.code, http.StatusBadRequest)
				})
			}
			m := sh.sellerGet(t, "carts/"+cart.ID)
			if version(t, m) != cart.Version || len(m["lineItems"].([]any)) != 1 {
				t.Errorf("cart after refused updates: version %d, %d line items; want %d and 1", version(t, m), len(m["lineItems"].([]any)), cart.Version)
			}
		})

		t.Run("orders", func(t *testing.T) {
			orders := sh.total(t, "orders")
			place := func(c *platform.Cart, v int) response {
				return s.do(t, http.MethodPost, sh.inUnit("alice", "acme")+"/orders", sh.admin,
					[]byte(fmt.Sprintf(`{"cart":{"typeId":"cart","id":%q},"version":%d}`, c.ID, v)))
			}
			empty := sh.sellerCart(t, "alice", "acme")
			expectErrorCode(t, place(empty, empty.Version), "InvalidOperation", http.StatusBadRequest)

			cart := sh.sellerCart(t, "alice", "acme", item{widgetSKU, 2})
			first := expectErrorCode(t, place(cart, cart.Version+1), "ConcurrentModification", http.StatusConflict)
			if cv, _ := first["currentVersion"].(float64); int(cv) != cart.Version {
				t.Errorf("stale version: currentVersion %v, want %d", first["currentVersion"], cart.Version)
			}
			if m := sh.sellerGet(t, "carts/"+cart.ID); m["cartState"] != "Active" || version(t, m) != cart.Version {
				t.Errorf("cart after a stale order: state %v version %d, want Active %d", m["cartState"], version(t, m), cart.Version)
			}
			if n := sh.total(t, "orders"); n != orders {
				t.Fatalf("%d orders after refusals, want %d", n, orders)
			}

			wantStatus(t, "order the cart", place(cart, cart.Version), http.StatusCreated)
			m := sh.sellerGet(t, "carts/"+cart.ID)
			if m["cartState"] != "Ordered" {
				t.Fatalf("cart state after ordering %v, want Ordered", m["cartState"])
			}
			expectErrorCode(t, place(cart, version(t, m)), "InvalidOperation", http.StatusBadRequest)
			if n := sh.total(t, "orders"); n != orders+1 {
				t.Errorf("%d orders after ordering a cart twice, want %d", n, orders+1)
			}
		})
	})
}
