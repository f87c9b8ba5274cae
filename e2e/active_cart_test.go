package e2e

import (
	"net/http"
	"strconv"
	"testing"
)

// /me/active-cart: the customer's most recently changed Active cart, as the SDKs' storefront
// helpers read it; 404 when there is none, and never another customer's.
func TestMyActiveCart(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		sh := newShop(t, s)
		sh.customer(t, "amy")
		sh.customer(t, "ben")
		amy := sh.login(t, "amy", nil).AccessToken
		ben := sh.login(t, "ben", nil).AccessToken
		active := func(token string, want int) map[string]any {
			t.Helper()
			r := s.do(t, http.MethodGet, sh.path("/me/active-cart"), token, nil)
			if r.status != want {
				t.Fatalf("GET /me/active-cart: %d, want %d: %s", r.status, want, clip(r.body))
			}
			return decodeJSON(t, r.body)
		}
		cart := func(token string) map[string]any {
			t.Helper()
			r := s.do(t, http.MethodPost, sh.path("/me/carts"), token, []byte(`{"currency":"EUR","lineItems":[{"sku":"`+widgetSKU+`","quantity":1}]}`))
			if r.status != http.StatusCreated {
				t.Fatalf("create a cart: %d %s", r.status, clip(r.body))
			}
			return decodeJSON(t, r.body)
		}
		expectErrorCode(t, s.do(t, http.MethodGet, sh.path("/me/active-cart"), amy, nil), "ResourceNotFound", http.StatusNotFound)
		first := cart(amy)
		second := cart(amy)
		if got := active(amy, http.StatusOK); got["id"] != second["id"] {
			t.Errorf("the active cart: %v, want the newest %v", got["id"], second["id"])
		}
		r := s.do(t, http.MethodPost, sh.path("/me/carts/"+first["id"].(string)), amy,
			[]byte(`{"version":`+strconv.Itoa(int(first["version"].(float64)))+`,"actions":[{"action":"changeLineItemQuantity","lineItemId":"`+
				first["lineItems"].([]any)[0].(map[string]any)["id"].(string)+`","quantity":3}]}`))
		wantStatus(t, "change the first cart", r, http.StatusOK)
		if got := active(amy, http.StatusOK); got["id"] != first["id"] {
			t.Errorf("the active cart after a change: %v, want %v", got["id"], first["id"])
		}
		expectErrorCode(t, s.do(t, http.MethodGet, sh.path("/me/active-cart"), ben, nil), "ResourceNotFound", http.StatusNotFound)
		expectError(t, s.do(t, http.MethodGet, sh.path("/me/active-cart"), sh.admin, nil), http.StatusForbidden)
	})
}
