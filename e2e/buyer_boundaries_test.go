package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// TestBuyerOrderUpdateOverHTTP: on the as-associate order update, alice's own token may set her
// order's purchase order number but not its payment state (400 InvalidOperation, nothing
// written), although she holds UpdateMyOrders; the seller's backend acting as alice may, and
// a payment state outside the reference's values is refused to it too.
func TestBuyerOrderUpdateOverHTTP(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		sh := newShop(t, s)
		sh.customer(t, "alice")
		sh.unit(t, "acme", "", "")
		sh.grant(t, "acme", "alice", append(purchaserPerms, platform.PermissionUpdateMyOrders)...)
		order := sh.sellerOrder(t, "alice", "acme")
		aliceTok := sh.login(t, "alice", nil).AccessToken
		path := sh.inUnit("alice", "acme") + "/orders/" + order.ID
		body := func(version int, action string) []byte {
			return []byte(fmt.Sprintf(`{"version":%d,"actions":[%s]}`, version, action))
		}
		paid := `{"action":"changePaymentState","paymentState":"Paid"}`

		first := expectErrorCode(t, s.do(t, http.MethodPost, path, aliceTok, body(order.Version, paid)), "InvalidOperation", http.StatusBadRequest)
		if msg, _ := first["message"].(string); !strings.Contains(msg, "who may use it: seller, trusted backend") {
			t.Errorf("message %q does not say who may use the action", msg)
		}
		if m := sh.sellerGet(t, "orders/"+order.ID); version(t, m) != order.Version || m["paymentState"] != nil {
			t.Fatalf("order after alice's refused update: version %d paymentState %v", version(t, m), m["paymentState"])
		}

		r := s.do(t, http.MethodPost, path, aliceTok, body(order.Version, `{"action":"setPurchaseOrderNumber","purchaseOrderNumber":"PO-A"}`))
		wantStatus(t, "alice sets her purchase order number", r, http.StatusOK)
		v := order.Version + 1

		r = s.do(t, http.MethodPost, path, sh.admin, body(v, `{"action":"changePaymentState","paymentState":"<script>x</script>"}`))
		expectErrorCode(t, r, "InvalidField", http.StatusBadRequest)

		r = s.do(t, http.MethodPost, path, sh.admin, body(v, paid))
		wantStatus(t, "the seller's backend as alice sets the payment state", r, http.StatusOK)
		if m := sh.sellerGet(t, "orders/"+order.ID); m["paymentState"] != "Paid" || m["purchaseOrderNumber"] != "PO-A" {
			t.Errorf("order: paymentState %v purchaseOrderNumber %v, want Paid and PO-A", m["paymentState"], m["purchaseOrderNumber"])
		}
	})
}

// TestExpansionOverHTTP: alice writes her own id and bob's into references in her own record's
// custom fields (references by key are refused there); GET /me?expand= shows her record, never
// bob's. More than twenty expand parameters are refused before anything is written.
func TestExpansionOverHTTP(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		w := newWorld(t, s)
		for _, n := range []string{"alice", "bob"} {
			id := w.customer(t, n)
			c := s.getJSON(t, w.path("/customers/"+id), w.admin)
			r := s.do(t, http.MethodPost, w.path("/customers/"+id), w.admin,
				[]byte(fmt.Sprintf(`{"version":%d,"actions":[{"action":"setKey","key":"%s-key"}]}`, version(t, c), n)))
			wantStatus(t, "set "+n+"'s key", r, http.StatusOK)
		}
		r := s.do(t, http.MethodPost, w.path("/types"), w.admin, []byte(`{"key":"refs","name":{"en":"Refs"},"resourceTypeIds":["customer"],"fieldDefinitions":[`+
			`{"name":"mine","label":{"en":"mine"},"required":false,"type":{"name":"Reference","referenceTypeId":"customer"}},`+
			`{"name":"bob","label":{"en":"bob"},"required":false,"type":{"name":"Reference","referenceTypeId":"customer"}},`+
			`{"name":"own","label":{"en":"own"},"required":false,"type":{"name":"Reference","referenceTypeId":"customer"}},`+
			`{"name":"xx","label":{"en":"xx"},"required":false,"type":{"name":"String"}}]}`))
		wantStatus(t, "create the type refs", r, http.StatusCreated)
		tok := w.login(t, "alice", nil).AccessToken
		me := s.getJSON(t, w.path("/me"), tok)
		r = s.do(t, http.MethodPost, w.path("/me"), tok, []byte(fmt.Sprintf(`{"version":%d,"actions":[`+
			`{"action":"setCustomType","type":{"typeId":"type","key":"refs"}},`+
			`{"action":"setCustomField","name":"bob","value":{"typeId":"customer","key":"bob-key"}}]}`, version(t, me))))
		expectErrorCode(t, r, "InvalidField", http.StatusBadRequest) // a Reference field holds an id
		r = s.do(t, http.MethodPost, w.path("/me"), tok, []byte(fmt.Sprintf(`{"version":%d,"actions":[`+
			`{"action":"setCustomType","type":{"typeId":"type","key":"refs"}},`+
			`{"action":"setCustomField","name":"mine","value":{"typeId":"customer","id":%q}},`+
			`{"action":"setCustomField","name":"bob","value":{"typeId":"customer","id":%q}},`+
			`{"action":"setCustomField","name":"own","value":{"typeId":"customer","id":%q}}]}`, version(t, me), w.ids["alice"], w.ids["bob"], w.ids["alice"])))
		wantStatus(t, "alice writes references into her record", r, http.StatusOK)

		r = s.do(t, http.MethodGet, w.path("/me?expand=custom.fields.mine&expand=custom.fields.bob&expand=custom.fields.own"), tok, nil)
		wantStatus(t, "GET /me with expansions", r, http.StatusOK)
		if strings.Contains(string(r.body), emailOf("bob")) {
			t.Fatalf("bob's record leaked through expansion: %s", clip(r.body))
		}
		got := s.getJSON(t, w.path("/me?expand=custom.fields.mine&expand=custom.fields.bob&expand=custom.fields.own"), tok)
		fields := got["custom"].(map[string]any)["fields"].(map[string]any)
		objID := func(name string) any {
			obj, _ := fields[name].(map[string]any)["obj"].(map[string]any)
			return obj["id"]
		}
		if objID("mine") != w.ids["alice"] || objID("bob") != nil || objID("own") != w.ids["alice"] {
			t.Errorf("expanded ids mine=%v bob=%v own=%v, want alice's, none, alice's", objID("mine"), objID("bob"), objID("own"))
		}

		twenty := strings.Repeat("&expand=custom.fields.own", 20)
		wantStatus(t, "twenty expand parameters", s.do(t, http.MethodGet, w.path("/me?"+twenty[1:]), tok, nil), http.StatusOK)
		expectErrorCode(t, s.do(t, http.MethodGet, w.path("/me?"+twenty[1:]+"&expand=custom.fields.mine"), tok, nil), "InvalidInput", http.StatusBadRequest)
		before := s.getJSON(t, w.path("/me"), tok)
		r = s.do(t, http.MethodPost, w.path("/me?"+twenty[1:]+"&expand=custom.fields.mine"), tok,
			[]byte(fmt.Sprintf(`{"version":%d,"actions":[{"action":"setCustomField","name":"xx","value":"y"}]}`, version(t, before))))
		expectErrorCode(t, r, "InvalidInput", http.StatusBadRequest)
		if after := s.getJSON(t, w.path("/me"), tok); version(t, after) != version(t, before) {
			t.Errorf("an update with twenty-one expand parameters was applied: version %d, want %d", version(t, after), version(t, before))
		}
	})
}
