package e2e

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labd/commercetools-go-sdk/platform"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	amqp "github.com/rabbitmq/amqp091-go"
)

// Helpers for the end-to-end proof of the events: receivers of the three destinations
// (a webhook receiver that checks each Standard Webhooks signature, a NATS JetStream consumer, a
// RabbitMQ consumer), each collecting the notifications it was given in the order it got them.

// The brokers every development and CI machine runs (.ci/run starts them).
const (
	natsURL     = "nats://127.0.0.1:4222"
	rabbitMQURI = "amqp://guest:guest@127.0.0.1:5672/"
)

// notification is what a receiver keeps of a Platform payload.
type notification struct {
	ID               string
	NotificationType string
	Type             string
	SequenceNumber   int64
	Version          int64
	Resource         struct{ TypeID, ID string }
	payload          []byte // as it arrived
}

// String is how a test compares notifications: type and place in its resource.
func (n notification) String() string {
	if n.NotificationType == "Message" {
		return fmt.Sprintf("%s#%d", n.Type, n.SequenceNumber)
	}
	return fmt.Sprintf("%s#%d", n.NotificationType, n.Version)
}

// inbox is what one receiver got, in order.
type inbox struct {
	mu  sync.Mutex
	got []notification
}

// add keeps a notification; dedupID is the id its transport gave it (webhook-id, Nats-Msg-Id,
// message-id), which is a message's own id (a change's payload has none).
func (b *inbox) add(t *testing.T, payload []byte, dedupID string) {
	var n notification
	if err := json.Unmarshal(payload, &n); err != nil || n.NotificationType == "" || dedupID == "" {
		t.Errorf("a notification that is no Platform payload (%v), or without an id (%q): %s", err, dedupID, clip(payload))
		return
	}
	if n.NotificationType != "Message" {
		n.ID = dedupID
	}
	n.payload = payload
	if dedupID != n.ID {
		t.Errorf("notification %s came with the id %q", n.ID, dedupID)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.got = append(b.got, n)
}

// all returns what arrived so far.
func (b *inbox) all() []notification {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.got)
}

// waitFor waits up to 30s until the inbox holds distinct notifications about every resource of
// want (a resource's id → how many), and returns what arrived.
func (b *inbox) waitFor(t *testing.T, what string, want map[string]int) []notification {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		got := b.all()
		have := map[string]int{}
		for _, n := range firstOfEach(got) {
			have[n.Resource.ID]++
		}
		done := true
		for id, n := range want {
			done = done && have[id] >= n
		}
		if done {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: within 30s got %v, want per resource %v", what, got, want)
		}
	}
}

// firstOfEach drops the repeats of a notification (same id), keeping the first.
func firstOfEach(ns []notification) []notification {
	seen := map[string]bool{}
	var out []notification
	for _, n := range ns {
		if !seen[n.ID] {
			seen[n.ID] = true
			out = append(out, n)
		}
	}
	return out
}

// ofResource lists, in order of arrival, the notifications about one resource.
func ofResource(ns []notification, id string) []string {
	out := []string{}
	for _, n := range ns {
		if n.Resource.ID == id {
			out = append(out, n.String())
		}
	}
	return out
}

// webhookReceiver is an HTTP destination on loopback that checks each request's Standard
// Webhooks signature against the subscription's secret. It can be taken down and brought back
// on the same address, made to answer 503, or made to hold requests.
type webhookReceiver struct {
	inbox
	t      *testing.T
	addr   string
	secret string // set once the subscription is made

	mu       sync.Mutex
	srv      *http.Server
	failing  bool
	delay    time.Duration   // how long each request takes to answer
	hold     chan struct{}   // when set, requests wait on it before being answered
	held     chan struct{}   // told of each request that waits
	inflight map[string]bool // the webhook-ids of the requests being answered
}

func newWebhookReceiver(t *testing.T) *webhookReceiver {
	r := &webhookReceiver{t: t, addr: freeAddr(t), inflight: map[string]bool{}}
	r.up()
	t.Cleanup(r.down)
	return r
}

func (r *webhookReceiver) url() string { return "http://" + r.addr + "/hooks" }

// up listens on the receiver's address again.
func (r *webhookReceiver) up() {
	var l net.Listener
	var err error
	for i := 0; i < 50; i++ { // the address a closed listener held may linger a moment
		if l, err = net.Listen("tcp", r.addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		r.t.Fatalf("webhook receiver: %v", err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(r.serveHTTP)}
	r.mu.Lock()
	r.srv = srv
	r.mu.Unlock()
	go srv.Serve(l)
}

// down closes the listener and every connection: deliveries meet a refused connection.
func (r *webhookReceiver) down() {
	r.mu.Lock()
	srv := r.srv
	r.srv = nil
	r.mu.Unlock()
	if srv != nil {
		srv.Close()
	}
}

func (r *webhookReceiver) setFailing(failing bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failing = failing
}

func (r *webhookReceiver) serveHTTP(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return
	}
	id := req.Header.Get("webhook-id")
	r.mu.Lock()
	failing, delay, hold, held, secret, twice := r.failing, r.delay, r.hold, r.held, r.secret, r.inflight[id]
	r.inflight[id] = true
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		delete(r.inflight, id)
		r.mu.Unlock()
	}()
	if twice {
		r.t.Errorf("webhook: two attempts at once to deliver %s", id)
	}
	time.Sleep(delay)
	if failing {
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
		return
	}
	if err := verifyWebhook(secret, req.Header, body); err != nil {
		r.t.Errorf("webhook: %v", err)
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	r.add(r.t, body, id)
	if hold != nil {
		held <- struct{}{}
		<-hold
	}
	w.WriteHeader(http.StatusNoContent)
}

// verifyWebhook checks a request as a Standard Webhooks consumer does: webhook-signature holds a
// "v1,<base64>" HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>" under the base64 key
// after the secret's "whsec_", and the timestamp is within five minutes of now.
func verifyWebhook(secret string, h http.Header, body []byte) error {
	id, ts, sigs := h.Get("webhook-id"), h.Get("webhook-timestamp"), h.Get("webhook-signature")
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil || !strings.HasPrefix(secret, "whsec_") || id == "" {
		return fmt.Errorf("secret %q or webhook-id %q unusable", secret, id)
	}
	at, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || time.Since(time.Unix(at, 0)).Abs() > 5*time.Minute {
		return fmt.Errorf("webhook-timestamp %q is not a time within five minutes", ts)
	}
	mac := hmac.New(sha256.New, key)
	fmt.Fprintf(mac, "%s.%s.", id, ts)
	mac.Write(body)
	want := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	for _, sig := range strings.Fields(sigs) {
		if v, ok := strings.CutPrefix(sig, "v1,"); ok && hmac.Equal([]byte(v), []byte(want)) {
			return nil
		}
	}
	return fmt.Errorf("webhook-signature %q does not verify", sigs)
}

// needBroker fails (in CI) or skips the test when nothing listens at addr.
func needBroker(t *testing.T, name, addr string) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err == nil {
		c.Close()
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s must run at %s in CI (.ci/run starts it): %v", name, addr, err)
	}
	t.Skipf("%s is not running at %s: %v", name, addr, err)
}

// natsConsumer is a JetStream stream of a subject of its own with an ordered consumer.
type natsConsumer struct {
	inbox
	subject string
}

func newNATSConsumer(t *testing.T) *natsConsumer {
	t.Helper()
	needBroker(t, "NATS", "127.0.0.1:4222")
	nc, err := nats.Connect(natsURL)
	if err != nil {
		t.Fatalf("NATS with JetStream at %s: %v", natsURL, err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	name := fmt.Sprintf("PROCURA_E2E_%d", time.Now().UnixNano())
	c := &natsConsumer{subject: "procura.e2e." + strings.ToLower(name)}
	stream, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: name, Subjects: []string{c.subject}, Storage: jetstream.MemoryStorage})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = js.DeleteStream(context.Background(), name) })
	cons, err := stream.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	cc, err := cons.Consume(func(m jetstream.Msg) { c.add(t, m.Data(), m.Headers().Get("Nats-Msg-Id")) })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cc.Stop)
	return c
}

// rabbitConsumer is a direct exchange of its own and a queue bound to it with the routing key
// "approvals".
type rabbitConsumer struct {
	inbox
	exchange string
}

func newRabbitConsumer(t *testing.T) *rabbitConsumer {
	t.Helper()
	needBroker(t, "RabbitMQ", "127.0.0.1:5672")
	conn, err := amqp.Dial(rabbitMQURI)
	if err != nil {
		t.Fatalf("RabbitMQ at %s: %v", rabbitMQURI, err)
	}
	t.Cleanup(func() { conn.Close() })
	ch, err := conn.Channel()
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("procura-e2e-%d", time.Now().UnixNano())
	if err := ch.ExchangeDeclare(name, amqp.ExchangeDirect, false, false, false, false, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ch.ExchangeDelete(name, false, false) })
	q, err := ch.QueueDeclare(name, false, true, true, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := ch.QueueBind(q.Name, "approvals", name, false, nil); err != nil {
		t.Fatal(err)
	}
	deliveries, err := ch.Consume(q.Name, "", true, true, false, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &rabbitConsumer{exchange: name}
	go func() {
		for d := range deliveries {
			c.add(t, d.Body, d.MessageId)
		}
	}()
	return c
}

// subscribe creates a subscription from a draft's JSON and returns its HTTP secret, if any.
func subscribe(t *testing.T, s *server, token, draft string) string {
	t.Helper()
	r := s.do(t, http.MethodPost, "/"+s.project+"/subscriptions", token, []byte(draft))
	wantStatus(t, "create a subscription", r, http.StatusCreated)
	var created struct{ Destination struct{ Secret string } }
	if err := json.Unmarshal(r.body, &created); err != nil {
		t.Fatal(err)
	}
	return created.Destination.Secret
}

// webhookSubscription subscribes r to selection (the draft's "messages" and "changes" fields).
func (r *webhookReceiver) subscribe(t *testing.T, s *server, token, selection string) {
	t.Helper()
	secret := subscribe(t, s, token, `{"destination":{"type":"HTTP","url":"`+r.url()+`"},`+selection+`}`)
	r.mu.Lock()
	r.secret = secret
	r.mu.Unlock()
}

// enableMessages turns the project's messages on, so that GET /messages answers them.
func enableMessages(t *testing.T, c *platform.ByProjectKeyRequestBuilder) {
	t.Helper()
	ctx := context.Background()
	p, err := c.Get().Execute(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Post(platform.ProjectUpdate{Version: p.Version, Actions: []platform.ProjectUpdateAction{
		platform.ProjectChangeMessagesConfigurationAction{MessagesConfiguration: platform.MessagesConfigurationDraft{Enabled: true, DeleteDaysAfterCreation: 15}},
	}}).Execute(ctx); err != nil {
		t.Fatalf("enable messages: %v", err)
	}
}

// quickDeliveries are serve's flags that make the outbox worked off often and retried soon.
var quickDeliveries = []string{"--webhook-allow-private", "--delivery-interval", "50ms", "--delivery-backoff", "100ms", "--delivery-timeout", "1s"}

// customerChanges has token create n customers through the HTTP API, each then renamed
// renames times, and returns their ids. node picks the server of each request (nodes of one
// database).
func customerChanges(t *testing.T, token string, n, renames int, node func(i int) *server) []string {
	t.Helper()
	var ids []string
	for i := range n {
		s := node(i)
		r := s.do(t, http.MethodPost, "/"+s.project+"/customers", token,
			[]byte(fmt.Sprintf(`{"email":"c%d-%d@events.example","password":"Secret-123-abc"}`, i, time.Now().UnixNano())))
		wantStatus(t, "create a customer", r, http.StatusCreated)
		var created struct{ Customer struct{ ID string } }
		if err := json.Unmarshal(r.body, &created); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, created.Customer.ID)
	}
	for k := range renames {
		for i, id := range ids {
			rename(t, node(i+k), token, id, int64(k+1), fmt.Sprintf("Name %d", k))
		}
	}
	return ids
}

// rename sets a customer's first name at version.
func rename(t *testing.T, s *server, token, id string, version int64, name string) {
	t.Helper()
	body := fmt.Sprintf(`{"version":%d,"actions":[{"action":"setFirstName","firstName":%q}]}`, version, name)
	wantStatus(t, "rename a customer", s.do(t, http.MethodPost, "/"+s.project+"/customers/"+id, token, []byte(body)), http.StatusOK)
}

// messagesOf lists the messages GET /messages answers about a resource, in sequence.
func messagesOf(t *testing.T, s *server, token, id string) []string {
	t.Helper()
	q := fmt.Sprintf(`?limit=500&sort=sequenceNumber+asc&where=resource(id%%3D%%22%s%%22)`, id)
	var page struct{ Results []notification }
	r := s.do(t, http.MethodGet, "/"+s.project+"/messages"+q, token, nil)
	wantStatus(t, "the messages of "+id, r, http.StatusOK)
	if err := json.Unmarshal(r.body, &page); err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, n := range page.Results {
		n.NotificationType = "Message"
		out = append(out, n.String())
	}
	return out
}

// wantEachInOrder checks that got holds, per resource of ids, the messages GET /messages answers,
// first arrivals in order.
func wantEachInOrder(t *testing.T, s *server, token string, got []notification, ids []string) {
	t.Helper()
	firsts := firstOfEach(got)
	for _, id := range ids {
		if got, want := ofResource(firsts, id), messagesOf(t, s, token, id); !slices.Equal(got, want) {
			t.Errorf("resource %s: received %v, want %v", id, got, want)
		}
	}
}

// repeated lists the ids that arrived more than once.
func repeated(ns []notification) []string {
	count := map[string]int{}
	var out []string
	for _, n := range ns {
		if count[n.ID]++; count[n.ID] == 2 {
			out = append(out, n.ID)
		}
	}
	return out
}
