package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
)

// TestCommerceConcurrentOrders: eight requests order the same cart at once over HTTP; exactly
// one order is created, the others are refused (409 ConcurrentModification or 400
// InvalidOperation), and the cart is Ordered once.
func TestCommerceConcurrentOrders(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		sh := newShop(t, s)
		sh.customer(t, "alice")
		sh.unit(t, "acme", "", "")
		sh.grant(t, "acme", "alice", purchaserPerms...)
		cart := sh.sellerCart(t, "alice", "acme", item{widgetSKU, 2})
		body := []byte(fmt.Sprintf(`{"cart":{"typeId":"cart","id":%q},"version":%d}`, cart.ID, cart.Version))
		path := sh.inUnit("alice", "acme") + "/orders"

		const n = 8
		var wg sync.WaitGroup
		start := make(chan struct{})
		answers := make([]response, n)
		for i := range answers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				answers[i] = s.do(t, http.MethodPost, path, sh.admin, body)
			}()
		}
		close(start)
		wg.Wait()

		created := 0
		var orderID string
		for i, r := range answers {
			switch r.status {
			case http.StatusCreated:
				created++
				var o struct {
					ID string `json:"id"`
				}
				_ = json.Unmarshal(r.body, &o)
				orderID = o.ID
			case http.StatusConflict:
				expectErrorCode(t, r, "ConcurrentModification", http.StatusConflict)
			case http.StatusBadRequest:
				expectErrorCode(t, r, "InvalidOperation", http.StatusBadRequest)
			default:
				t.Errorf("request %d: status %d, want 201, 409 or 400; body %s", i, r.status, clip(r.body))
			}
		}
		if created != 1 {
			t.Fatalf("%d requests created an order, want exactly 1", created)
		}
		if got := sh.total(t, "orders"); got != 1 {
			t.Errorf("%d orders stored, want 1", got)
		}
		m := sh.sellerGet(t, "orders/"+orderID)
		if c, _ := m["cart"].(map[string]any); c["id"] != cart.ID {
			t.Errorf("order %s has cart %v, want %s", orderID, m["cart"], cart.ID)
		}
		if m := sh.sellerGet(t, "carts/"+cart.ID); m["cartState"] != "Ordered" || version(t, m) != cart.Version+1 {
			t.Errorf("cart after the race: state %v version %d, want Ordered %d", m["cartState"], version(t, m), cart.Version+1)
		}
	})
}
