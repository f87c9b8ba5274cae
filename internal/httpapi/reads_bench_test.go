package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkReadRequests serves the load harness's read requests in process (no network): what
// the server spends per request from routing to the written answer. A company with two
// divisions and ten associates, as the harness seeds them.
//
//	go test ./internal/httpapi -run '^$' -bench ReadRequests -benchmem
func BenchmarkReadRequests(b *testing.B) {
	t := &testing.T{}
	s, ts := testServer(t)
	defer ts.Close()
	token := tokenFor(t, s.App, "acme", "manage_project:acme")
	h := s.Handler(nil)
	do := func(method, path, body string) map[string]any {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 300 {
			b.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body)
		}
		var out map[string]any
		_ = json.Unmarshal(rec.Body.Bytes(), &out)
		return out
	}
	do("POST", "/acme/associate-roles", `{"key":"buyer","buyerAssignable":true,"permissions":["CreateMyCarts","UpdateMyCarts","ViewMyCarts","CreateMyOrdersFromMyCarts","ViewMyOrders"]}`)
	pt := do("POST", "/acme/product-types", `{"key":"pt","name":"pt","description":"pt"}`)
	p := do("POST", "/acme/products", fmt.Sprintf(`{"productType":{"typeId":"product-type","id":%q},"key":"p1","name":{"en":"P"},"slug":{"en":"p1"},
		"masterVariant":{"sku":"SKU-1","prices":[{"value":{"currencyCode":"EUR","centAmount":1234}}]}}`, pt["id"]))
	do("POST", "/acme/products/"+p["id"].(string), `{"version":1,"actions":[{"action":"publish"}]}`)
	co := do("POST", "/acme/business-units", `{"unitType":"Company","key":"co","name":"Co"}`)
	for _, d := range []string{"co-d1", "co-d2"} {
		do("POST", "/acme/business-units", fmt.Sprintf(`{"unitType":"Division","key":%q,"name":"D","parentUnit":{"typeId":"business-unit","key":"co"}}`, d))
	}
	var actions []string
	var customer string
	for i := range 10 {
		c := do("POST", "/acme/customers", fmt.Sprintf(`{"email":"c%d@example.com","password":"correct horse battery"}`, i))
		customer = c["customer"].(map[string]any)["id"].(string)
		actions = append(actions, fmt.Sprintf(`{"action":"addAssociate","associate":{"customer":{"typeId":"customer","id":%q},
			"associateRoleAssignments":[{"associateRole":{"typeId":"associate-role","key":"buyer"},"inheritance":"Enabled"}]}}`, customer))
	}
	do("POST", "/acme/business-units/"+co["id"].(string), fmt.Sprintf(`{"version":1,"actions":[%s]}`, strings.Join(actions, ",")))
	cart := do("POST", "/acme/carts", fmt.Sprintf(`{"currency":"EUR","customerId":%q,"businessUnit":{"typeId":"business-unit","key":"co"},
		"lineItems":[{"sku":"SKU-1","quantity":2}],"shippingAddress":{"country":"DE"}}`, customer))
	for _, r := range []struct{ name, path string }{
		{"unit-by-key", "/acme/business-units/key=co-d1"},
		{"role-by-key", "/acme/associate-roles/key=buyer"},
		{"query-children", `/acme/business-units?where=parentUnit(key%3D%22co%22)`},
		{"cart-by-id", "/acme/carts/" + cart["id"].(string)},
		{"as-associate-cart", "/acme/as-associate/" + customer + "/in-business-unit/key=co/carts/" + cart["id"].(string)},
	} {
		b.Run(r.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", r.path, nil)
			req.Header.Set("Authorization", "Bearer "+token)
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d %s", r.path, rec.Code, rec.Body)
				}
			}
		})
	}
}
