package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labd/commercetools-go-sdk/platform"
)

// TestARolledBackChangeLeavesNoTrace: requests that fail leave no message, no history record, no
// delivery and no mail. A customer update whose second action fails, and one at a stale version,
// leave the customer as it was; six requests racing to order one cart place one order: on
// PostgreSQL a loser that read the cart before the winner committed inserts its order and its
// approval flow and only then meets the cart's new version (ConcurrentModification, rolled back
// whole); the others, as on SQLite, find the cart already ordered. Only the winner's
// OrderCreated and ApprovalFlowCreated exist, are recorded and delivered, and only its flow's
// approvers are mailed.
func TestARolledBackChangeLeavesNoTrace(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		hook := newWebhookReceiver(t)
		a := newApprovals(t, s)
		enableMessages(t, a.c)
		a.createRule(t, "ruth", "acme", bigOrders("big-orders"))
		hook.subscribe(t, s, a.admin, `"messages":[{"resourceTypeId":"customer"},{"resourceTypeId":"order"},{"resourceTypeId":"approval-flow"}]`)
		bob := a.ids["bob"]
		history := func(query string) []map[string]any {
			t.Helper()
			var page struct{ Results []map[string]any }
			r := s.do(t, http.MethodGet, a.path("/history"+query), a.admin, nil)
			wantStatus(t, "the history "+query, r, http.StatusOK)
			if err := json.Unmarshal(r.body, &page); err != nil {
				t.Fatal(err)
			}
			return page.Results
		}
		bobsHistory := len(history("/customer/" + bob))
		bobsMessages := messagesOf(t, s, a.admin, bob)
		version := int64(a.sellerGet(t, "customers/"+bob)["version"].(float64))

		failing := fmt.Sprintf(`{"version":%d,"actions":[{"action":"setFirstName","firstName":"Rolled back"},{"action":"removeAddress","addressId":"no-such-address"}]}`, version)
		expectError(t, s.do(t, http.MethodPost, a.path("/customers/"+bob), a.admin, []byte(failing)), http.StatusBadRequest)
		stale := fmt.Sprintf(`{"version":%d,"actions":[{"action":"setFirstName","firstName":"Stale"}]}`, version-1)
		expectErrorCode(t, s.do(t, http.MethodPost, a.path("/customers/"+bob), a.admin, []byte(stale)), "ConcurrentModification", http.StatusConflict)

		cart, err := a.asAssociate("bob", "acme").Carts().Post(platform.CartDraft{Currency: "EUR", LineItems: lineItems(item{crateSKU, 15})}).Execute(a.ctx)
		if err != nil {
			t.Fatal(err)
		}
		statuses := raceToOrder(t, s.base+a.inUnit("bob", "acme")+"/orders", a.admin, cart.ID, int64(cart.Version), 6)
		if placed := statuses[http.StatusCreated]; placed != 1 || statuses[http.StatusBadRequest]+statuses[http.StatusConflict] != 5 {
			t.Fatalf("six racing orders of one cart answered %v, want one 201 and five 400 or 409", statuses)
		}
		t.Logf("six racing orders of one cart: %v", statuses)
		orders := idsOf(s.getJSON(t, a.path("/orders"+query("where", fmt.Sprintf("cart(id=%q)", cart.ID))), a.admin))
		if len(orders) != 1 {
			t.Fatalf("orders of the cart: %v", orders)
		}
		flow := a.flow(t, "lena", "acme", orders[0])
		rename(t, s, a.admin, bob, version, "Committed") // delivered after whatever came before

		if n := len(history("/customer/" + bob)); n != bobsHistory+1 {
			t.Errorf("bob's history has %d records, want %d", n, bobsHistory+1)
		}
		for _, typ := range []string{"order", "approval-flow"} {
			if n := len(history("?limit=500&resourceType=" + typ)); n != 1 {
				t.Errorf("%d history records of %s, want 1", n, typ)
			}
		}
		want := map[string][]string{bob: append(bobsMessages, fmt.Sprintf("CustomerFirstNameSet#%d", len(bobsMessages)+1)),
			orders[0]: {"OrderCreated#1"}, flow.ID: {"ApprovalFlowCreated#1"}}
		for id, w := range want {
			if got := messagesOf(t, s, a.admin, id); strings.Join(got, " ") != strings.Join(w, " ") {
				t.Errorf("messages of %s: %v, want %v", id, got, w)
			}
		}
		if r := s.do(t, http.MethodGet, a.path("/messages?limit=500"), a.admin, nil); bytes.Contains(r.body, []byte("Rolled back")) ||
			bytes.Contains(r.body, []byte("Stale")) || bytes.Count(r.body, []byte(`"type":"OrderCreated"`)) != 1 {
			t.Errorf("the messages hold a failed request's: %s", clip(r.body))
		}

		hook.waitFor(t, "the committed messages", map[string]int{bob: 1, orders[0]: 1, flow.ID: 1})
		time.Sleep(200 * time.Millisecond) // room for one too many
		got := hook.all()
		if len(got) != 3 || len(repeated(got)) != 0 {
			t.Errorf("delivered %v, want bob's new first name, the order and its flow, once each", got)
		}
		wantEachInOrder(t, s, a.admin, got, []string{orders[0], flow.ID})

		var mails []struct{ Kind, To string }
		if err := json.Unmarshal(s.cli(t, "mails", "--project", s.project), &mails); err != nil {
			t.Fatal(err)
		}
		pending := 0
		for _, m := range mails {
			if m.Kind == "approvalPending" {
				pending++
			}
		}
		if pending != 3 { // lena, sam and emma, for the one flow
			t.Errorf("approval mails %+v, want three", mails)
		}
	}, quickDeliveries...)
}

// raceToOrder sends n requests at once, each ordering the cart at version, and counts their
// answers by status.
func raceToOrder(t *testing.T, url, token, cartID string, version int64, n int) map[int]int {
	t.Helper()
	body := fmt.Sprintf(`{"cart":{"typeId":"cart","id":%q},"version":%d}`, cartID, version)
	statuses := map[int]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", "application/json")
			<-start
			status := 0
			if resp, err := http.DefaultClient.Do(req); err == nil {
				status = resp.StatusCode
				resp.Body.Close()
			}
			mu.Lock()
			statuses[status]++
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	return statuses
}
