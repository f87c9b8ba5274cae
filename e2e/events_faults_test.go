package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The customers' messages, a selection every fault test subscribes to.
const customerMessages = `"messages":[{"resourceTypeId":"customer"}]`

// theSubscription reads the project's one subscription.
func theSubscription(t *testing.T, s *server, token string) (sub struct{ ID, Status, LastError string }) {
	t.Helper()
	r := s.do(t, http.MethodGet, "/"+s.project+"/subscriptions", token, nil)
	wantStatus(t, "the subscriptions", r, http.StatusOK)
	var page struct {
		Results []struct{ ID, Status, LastError string }
	}
	if err := json.Unmarshal(r.body, &page); err != nil || len(page.Results) != 1 {
		t.Fatalf("the subscriptions: %v %s", err, clip(r.body))
	}
	return page.Results[0]
}

// customerHook starts a webhook receiver subscribed to the customers' messages of s, with the
// messages enabled, and returns it with a token of s's admin client.
func customerHook(t *testing.T, s *server) (*webhookReceiver, string) {
	t.Helper()
	hook := newWebhookReceiver(t)
	token := s.token(t, s.admin)
	enableMessages(t, s.adminSDK(t))
	hook.subscribe(t, s, token, customerMessages)
	return hook, token
}

// TestDeliveriesOutlastAReceiverOutage: the webhook receiver is down (connections refused), then
// answers 503, then comes back: the subscription says TemporaryError with the last error meanwhile,
// and Healthy after; every message arrives, each resource's in order, and none twice (no node
// stopped, so the at-least-once contract allows no repeat here). The outage lasts two seconds:
// serve runs with --delivery-backoff 100ms (doubled after each attempt) instead of 5s.
func TestDeliveriesOutlastAReceiverOutage(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		hook, token := customerHook(t, s)
		hook.down()
		ids := customerChanges(t, token, 3, 3, func(int) *server { return s })
		time.Sleep(time.Second)
		hook.setFailing(true)
		hook.up()
		time.Sleep(time.Second)
		if sub := theSubscription(t, s, token); sub.Status != "TemporaryError" || sub.LastError == "" {
			t.Errorf("during the outage: status %q, last error %q", sub.Status, sub.LastError)
		}
		if got := hook.all(); len(got) != 0 {
			t.Fatalf("delivered during the outage: %v", got)
		}
		hook.setFailing(false)
		got := hook.waitFor(t, "after the outage", map[string]int{ids[0]: 4, ids[1]: 4, ids[2]: 4})
		wantEachInOrder(t, s, token, got, ids)
		if again := repeated(got); len(again) != 0 {
			t.Errorf("received twice: %v", again)
		}
		if status := theSubscription(t, s, token).Status; status != "Healthy" {
			t.Errorf("after the outage: status %q", status)
		}
	}, append(quickDeliveries, "--delivery-attempts", "30")...)
}

// TestDeliveriesSurviveAKilledServer: serve is killed (SIGKILL) while the receiver holds its first
// deliveries, with more waiting in the outbox, and started again on the same database: every
// message arrives, each resource's in order, and only the deliveries under way at the kill
// arrive twice (the documented at-least-once repeat). The restarted node takes them up once
// their lease (twice --delivery-timeout, plus 10s) has run out.
func TestDeliveriesSurviveAKilledServer(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		hook, token := customerHook(t, s)
		hook.mu.Lock()
		hook.hold, hook.held = make(chan struct{}), make(chan struct{}, 100)
		hook.mu.Unlock()
		ids := customerChanges(t, token, 2, 2, func(int) *server { return s })
		select {
		case <-hook.held:
		case <-time.After(10 * time.Second):
			t.Fatal("no delivery within 10s")
		}
		if err := s.proc.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		time.Sleep(200 * time.Millisecond)
		beforeKill := firstOfEach(hook.all())
		hook.mu.Lock()
		close(hook.hold)
		hook.hold = nil
		hook.mu.Unlock()

		if err := s.serve(t); err != nil {
			t.Fatal(err)
		}
		for _, id := range ids { // written after the restart, delivered after the rest
			rename(t, s, token, id, 3, "After the restart")
		}
		got := hook.waitFor(t, "after the restart", map[string]int{ids[0]: 4, ids[1]: 4})
		wantEachInOrder(t, s, token, got, ids)
		var under []string
		for _, n := range beforeKill {
			under = append(under, n.ID)
		}
		for _, id := range repeated(got) {
			if !slices.Contains(under, id) {
				t.Errorf("%s arrived twice, but was not under way at the kill (%v)", id, under)
			}
		}
		if len(beforeKill) == 0 || len(repeated(got)) == 0 {
			t.Errorf("no delivery was under way at the kill: before %v, after %v", beforeKill, got)
		}
	}, quickDeliveries...)
}

// TestTwoNodesDeliverEachNotificationOnce: two serve processes over one PostgreSQL database,
// both delivering every 50ms, while the changes are written through both and the receiver,
// slow to answer, first refuses them for a second (503): no notification is ever sent by two
// attempts at once, each arrives exactly once once accepted, each resource's in order, and the
// two nodes' reports of the subscription's health do not get in each other's way.
func TestTwoNodesDeliverEachNotificationOnce(t *testing.T) {
	s := startServer(t, postgresURL(t), quickDeliveries...)
	nodes := []*server{s, s.anotherNode(t)}
	hook, token := customerHook(t, s)
	hook.mu.Lock()
	hook.delay = 20 * time.Millisecond
	hook.mu.Unlock()
	hook.setFailing(true)
	ids := customerChanges(t, token, 6, 4, func(i int) *server { return nodes[i%2] })
	time.Sleep(time.Second)
	if status := theSubscription(t, nodes[1], token).Status; status != "TemporaryError" {
		t.Errorf("while the receiver refuses: status %q", status)
	}
	hook.setFailing(false)
	want := map[string]int{}
	for _, id := range ids {
		want[id] = 5
	}
	hook.waitFor(t, "from two nodes", want)
	time.Sleep(300 * time.Millisecond) // room for a repeat
	got := hook.all()
	wantEachInOrder(t, s, token, got, ids)
	if again := repeated(got); len(again) != 0 {
		t.Errorf("delivered twice: %v", again)
	}
	if status := theSubscription(t, s, token).Status; status != "Healthy" {
		t.Errorf("after the refusals: status %q", status)
	}
}

// TestDeadLettersAreRedelivered: with --delivery-attempts 2 and the receiver down, a customer's
// messages are dead-lettered and stay so when it comes back; a redelivery from a sequence number
// sends them again, in order, as often as it is asked for.
func TestDeadLettersAreRedelivered(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		hook, token := customerHook(t, s)
		hook.down()
		id := customerChanges(t, token, 1, 1, func(int) *server { return s })[0]
		time.Sleep(1500 * time.Millisecond) // two attempts of each, 100ms apart
		hook.up()
		time.Sleep(500 * time.Millisecond)
		if got := hook.all(); len(got) != 0 {
			t.Fatalf("dead letters were delivered: %v", got)
		}
		redeliver := func(from, count int) {
			t.Helper()
			body := fmt.Sprintf(`{"subscription":{"id":%q},"resourceTypeId":"customer","resourceId":%q,"fromSequenceNumber":%d}`,
				theSubscription(t, s, token).ID, id, from)
			r := s.do(t, http.MethodPost, "/"+s.project+"/subscriptions/redeliveries", token, []byte(body))
			if want := fmt.Sprintf(`{"count":%d}`, count); r.status != http.StatusOK || strings.TrimSpace(string(r.body)) != want {
				t.Fatalf("redeliver from %d: %d %s, want %s", from, r.status, r.body, want)
			}
		}
		redeliver(2, 1)
		hook.waitFor(t, "the redelivered rename", map[string]int{id: 1})
		// The sender records the delivery, and the subscription's health with it, once the
		// receiver has answered: until then it is pending, and a redelivery leaves it out.
		for deadline := time.Now().Add(10 * time.Second); theSubscription(t, s, token).Status != "Healthy"; time.Sleep(50 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("the redelivered rename was not recorded as delivered within 10s")
			}
		}
		redeliver(1, 2)
		for deadline := time.Now().Add(10 * time.Second); len(hook.all()) < 3 && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		}
		time.Sleep(200 * time.Millisecond) // room for one too many
		want := []string{"CustomerFirstNameSet#2", "CustomerCreated#1", "CustomerFirstNameSet#2"}
		if got := ofResource(hook.all(), id); !slices.Equal(got, want) {
			t.Errorf("received %v, want %v", got, want)
		}
	}, append(quickDeliveries, "--delivery-attempts", "2")...)
}
