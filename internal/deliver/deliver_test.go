package deliver_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/deliver"
	"github.com/procura/procura/internal/sqlstore/sqltest"
	"github.com/procura/procura/internal/store"
)

var ctx = context.Background()

// clock is a test's time, moved on by hand so that backoffs pass at once.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// newApp opens an app over s that delivers with the real senders (private addresses allowed,
// as the test's receivers are local).
func newApp(s store.Store, clk *clock) *app.App {
	a := app.New(s)
	a.Now = clk.Now
	a.Senders = deliver.Senders(5*time.Second, true)
	a.Deliveries.MaxAttempts = 4
	return a
}

// eachBackend runs fn with an app over each backend, with the project "acme".
func eachBackend(t *testing.T, fn func(t *testing.T, a *app.App, clk *clock, open func() store.Store)) {
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			s := sqltest.Open(t, b)
			clk := &clock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
			a := newApp(s, clk)
			if _, err := a.CreateProject(ctx, "acme", ""); err != nil {
				t.Fatal(err)
			}
			fn(t, a, clk, func() store.Store { return s })
		})
	}
}

var seller = app.Caller{ProjectKey: "acme"}

func subscribe(t testing.TB, a *app.App, draft string) *procura.Subscription {
	t.Helper()
	var d procura.SubscriptionDraft
	if err := procura.DecodeJSON([]byte(draft), &d); err != nil {
		t.Fatal(err)
	}
	s, err := a.CreateSubscription(ctx, seller, d)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// written runs the app's write hooks in a write of the project, as the write path does, with
// one message per sequence number about the order o.
func written(t testing.TB, a *app.App, o string, seqs ...int64) {
	t.Helper()
	var w app.Written
	for _, n := range seqs {
		w.Messages = append(w.Messages, app.WrittenMessage{ResourceTypeID: "order", ResourceID: o, SequenceNumber: n, Type: "OrderCreated",
			JSON: json.RawMessage(fmt.Sprintf(`{"id":"m-%s-%d","sequenceNumber":%d,"resource":{"typeId":"order","id":%q},"resourceVersion":%d,"type":"OrderCreated","createdAt":"2026-03-01T12:00:00.000Z"}`, o, n, n, o, n))})
	}
	err := a.Store.Write(ctx, func(tx store.Tx) error {
		p, err := tx.ProjectByKey("acme")
		if err != nil {
			return err
		}
		for _, hook := range a.WriteHooks {
			if err := hook(tx, p.ID, w); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// drain runs deliveries, moving the clock past every backoff, until none is due.
func drain(t testing.TB, a *app.App, clk *clock, rounds int) {
	t.Helper()
	for range rounds {
		if _, err := a.RunDeliveries(ctx, clk.Now()); err != nil {
			t.Fatal(err)
		}
		clk.add(time.Hour)
	}
}

// receiver is a webhook endpoint that verifies each signature and records the payloads; while
// down, it answers 503.
type receiver struct {
	mu     sync.Mutex
	secret string
	down   bool
	got    []string // webhook-ids in arrival order
	bodies [][]byte
	bad    []string
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.down {
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	id, ts := req.Header.Get("webhook-id"), req.Header.Get("webhook-timestamp")
	key, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(r.secret, "whsec_"))
	if !verify(key, id, ts, body, req.Header.Get("webhook-signature")) {
		r.bad = append(r.bad, id)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	r.got, r.bodies = append(r.got, id), append(r.bodies, body)
}

// verify checks a signature as a receiver following the Standard Webhooks specification
// does, independently of deliver.Sign.
func verify(key []byte, id, ts string, body []byte, header string) bool {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + ts + "."))
	mac.Write(body)
	want := "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
	for _, sig := range strings.Fields(header) {
		if hmac.Equal([]byte(sig), []byte(want)) {
			return true
		}
	}
	return false
}

// webhook starts a receiver (down at first, when asked) and subscribes it, with key "erp", to
// the messages filter given; the receiver verifies with the secret the creation answered.
func webhook(t testing.TB, a *app.App, down bool, messages string) (*receiver, *procura.Subscription) {
	t.Helper()
	r := &receiver{down: down}
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	s := subscribe(t, a, `{"key":"erp","destination":{"type":"HTTP","url":"`+srv.URL+`"},"messages":`+messages+`}`)
	r.secret = s.Destination.Secret
	return r, s
}

func (r *receiver) ids() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.got...)
}

// Every delivery to an HTTP destination carries a signature that verifies with the secret the
// subscription's creation answered (and no later answer shows); the payload is the reference's
// message delivery payload.
func TestWebhookSignatureVerifies(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, clk *clock, _ func() store.Store) {
		r, _ := webhook(t, a, false, `[{"resourceTypeId":"order"}]`)
		if !procura.ValidWebhookSecret(r.secret) {
			t.Fatalf("secret %q", r.secret)
		}
		shown, err := a.GetSubscription(ctx, seller, app.Ref{Key: "erp"})
		if err != nil || shown.Destination.Secret != "" || shown.Status != procura.SubscriptionHealthy {
			t.Fatalf("GET shows %+v, %v", shown, err)
		}
		written(t, a, "o1", 1)
		drain(t, a, clk, 1)
		if got := r.ids(); len(got) != 1 || got[0] != "m-o1-1" || len(r.bad) > 0 {
			t.Fatalf("received %v, bad signatures %v", got, r.bad)
		}
		var p map[string]any
		if err := json.Unmarshal(r.bodies[0], &p); err != nil || p["notificationType"] != "Message" || p["projectKey"] != "acme" || p["type"] != "OrderCreated" {
			t.Fatalf("payload %s", r.bodies[0])
		}
		// A wrong secret does not verify.
		key, _ := procura.WebhookKey(procura.NewWebhookSecret())
		sig, _ := deliver.Sign(r.secret, "x", clk.Now(), []byte("{}"))
		if verify(key, "x", fmt.Sprint(clk.Now().Unix()), []byte("{}"), sig) {
			t.Fatal("a signature verified under another key")
		}
	})
}

// A receiver down for a while gets, once back, every notification in order per resource, and
// the subscription's health says what happened meanwhile.
func TestReceiverDownThenBack(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, clk *clock, _ func() store.Store) {
		r, _ := webhook(t, a, true, `[{"resourceTypeId":"order","types":["OrderCreated"]}]`)
		written(t, a, "o1", 1, 2)
		written(t, a, "o2", 1)
		written(t, a, "o1", 3)
		drain(t, a, clk, 2)
		if got := r.ids(); len(got) != 0 {
			t.Fatalf("a receiver that is down received %v", got)
		}
		down, err := a.GetSubscription(ctx, seller, app.Ref{Key: "erp"})
		if err != nil || down.Status != procura.SubscriptionTemporaryError || !strings.Contains(down.LastError, "503") {
			t.Fatalf("status %q, last error %q, %v", down.Status, down.LastError, err)
		}
		r.mu.Lock()
		r.down = false
		r.mu.Unlock()
		drain(t, a, clk, 4)
		var o1 []string
		for _, id := range r.ids() {
			if strings.HasPrefix(id, "m-o1-") {
				o1 = append(o1, id)
			}
		}
		if strings.Join(o1, " ") != "m-o1-1 m-o1-2 m-o1-3" || len(r.ids()) != 4 {
			t.Fatalf("received %v", r.ids())
		}
		up, _ := a.GetSubscription(ctx, seller, app.Ref{Key: "erp"})
		if up.Status != procura.SubscriptionHealthy || up.LastError != "" {
			t.Fatalf("status %q, last error %q", up.Status, up.LastError)
		}
		// Redelivery from a sequence number sends them again, in order.
		n, err := a.Redeliver(ctx, seller, app.Redelivery{Subscription: &procura.ResourceIdentifier{Key: "erp"}, ResourceTypeID: "order", ResourceID: "o1", FromSequenceNumber: 2})
		if err != nil || n.Count != 2 {
			t.Fatalf("redelivered %+v, %v", n, err)
		}
		drain(t, a, clk, 2)
		if got := r.ids(); strings.Join(got[4:], " ") != "m-o1-2 m-o1-3" {
			t.Fatalf("received %v", got)
		}
	})
}

// A suspended subscription's deliveries wait, however long, without using up their attempts;
// resumed, it gets them all.
func TestSuspendedSubscriptionWaits(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, clk *clock, _ func() store.Store) {
		r, s := webhook(t, a, false, `[{"resourceTypeId":"order"}]`)
		update := func(version int64, action string) *procura.Subscription {
			t.Helper()
			s, err := a.UpdateSubscription(ctx, seller, app.Ref{Key: "erp"}, procura.Update{Version: &version, Actions: []json.RawMessage{json.RawMessage(action)}})
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		s = update(s.Version, `{"action":"suspend"}`)
		written(t, a, "o1", 1, 2)
		drain(t, a, clk, 6) // more rounds than attempts allowed
		if got := r.ids(); len(got) != 0 {
			t.Fatalf("a suspended subscription received %v", got)
		}
		if s, _ := a.GetSubscription(ctx, seller, app.Ref{Key: "erp"}); s.Status != procura.SubscriptionManuallySuspended {
			t.Fatalf("status %q", s.Status)
		}
		update(s.Version, `{"action":"resume"}`)
		drain(t, a, clk, 2)
		if got := r.ids(); strings.Join(got, " ") != "m-o1-1 m-o1-2" {
			t.Fatalf("resumed, received %v", got)
		}
	})
}

// A destination that stays down is dead-lettered after the attempts allowed; a destination
// that refuses (a 4xx answer) is a configuration error, and stops once they run out.
func TestDeadLetter(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, clk *clock, _ func() store.Store) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusGone) }))
		defer srv.Close()
		subscribe(t, a, `{"key":"gone","destination":{"type":"HTTP","url":"`+srv.URL+`"},"messages":[{"resourceTypeId":"order"}]}`)
		written(t, a, "o1", 1)
		drain(t, a, clk, 1)
		s, _ := a.GetSubscription(ctx, seller, app.Ref{Key: "gone"})
		if s.Status != procura.SubscriptionConfigurationError {
			t.Fatalf("status %q", s.Status)
		}
		drain(t, a, clk, 5)
		s, _ = a.GetSubscription(ctx, seller, app.Ref{Key: "gone"})
		if s.Status != procura.SubscriptionConfigurationErrorStopped || !strings.Contains(s.LastError, "410") {
			t.Fatalf("status %q, last error %q", s.Status, s.LastError)
		}
		if n, err := a.RunDeliveries(ctx, clk.Now()); n != 0 || err != nil {
			t.Fatalf("a dead delivery was tried again: %d, %v", n, err)
		}
	})
}

// Loopback, private and link-local targets are refused unless the operator allows them.
func TestWebhookRefusesPrivateTargets(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits++ }))
	defer srv.Close()
	n := app.Notification{ID: "x", At: time.Now(), Payload: []byte("{}")}
	dest := procura.Destination{Type: "HTTP", URL: srv.URL, Secret: procura.NewWebhookSecret()}
	err := deliver.NewHTTP(time.Second, false).Send(ctx, dest, n)
	var c interface{ Configuration() bool }
	if err == nil || !errors.As(err, &c) || !c.Configuration() || hits != 0 {
		t.Fatalf("a loopback target: %v, %d requests", err, hits)
	}
	for _, u := range []string{strings.Replace(srv.URL, "127.0.0.1", "localhost", 1), "http://10.1.2.3:1/", "http://169.254.169.254/latest", "http://[::1]:1/", "http://192.168.0.1:1/"} {
		dest.URL = u
		if err := deliver.NewHTTP(time.Second, false).Send(ctx, dest, n); err == nil || !strings.Contains(err.Error(), "not public") {
			t.Fatalf("%s: %v", u, err)
		}
	}
	dest.URL = srv.URL
	if err := deliver.NewHTTP(time.Second, true).Send(ctx, dest, n); err != nil || hits != 1 {
		t.Fatalf("allowed: %v, %d requests", err, hits)
	}
}

// Redirects are not followed: a 3xx answer is a configuration error.
func TestWebhookFollowsNoRedirect(t *testing.T) {
	target := 0
	dst := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { target++ }))
	defer dst.Close()
	srv := httptest.NewServer(http.RedirectHandler(dst.URL, http.StatusTemporaryRedirect))
	defer srv.Close()
	err := deliver.NewHTTP(time.Second, true).Send(ctx, procura.Destination{Type: "HTTP", URL: srv.URL, Secret: procura.NewWebhookSecret()},
		app.Notification{ID: "x", At: time.Now(), Payload: []byte("{}")})
	if err == nil || target != 0 {
		t.Fatalf("redirect: %v, %d requests to its target", err, target)
	}
}
