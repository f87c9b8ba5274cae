package deliver_test

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/sqlstore/sqltest"
	"github.com/procura/procura/internal/store"
)

// The brokers every development and CI machine runs (.ci/run starts them).
const (
	natsURL     = "nats://127.0.0.1:4222"
	rabbitMQURI = "amqp://guest:guest@127.0.0.1:5672/"
)

// A NATS JetStream consumer receives the notifications, in order, as CloudEvents when asked;
// a subject no stream takes is a configuration error.
func TestNATSConsumerReceives(t *testing.T) {
	nc, err := nats.Connect(natsURL)
	if err != nil {
		t.Fatalf("NATS with JetStream must run at %s: %v", natsURL, err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("PROCURA_TEST_%d", time.Now().UnixNano())
	subject := "procura.test." + strings.ToLower(name)
	stream, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: name, Subjects: []string{subject}, Storage: jetstream.MemoryStorage})
	if err != nil {
		t.Fatal(err)
	}
	defer js.DeleteStream(ctx, name)
	eachBackend(t, func(t *testing.T, a *app.App, clk *clock, _ func() store.Store) {
		subscribe(t, a, `{"key":"nats","destination":{"type":"NATS","url":"`+natsURL+`","subject":"`+subject+`"},
			"messages":[{"resourceTypeId":"order"}],"format":{"type":"CloudEvents","cloudEventsVersion":"1.0"}}`)
		subscribe(t, a, `{"key":"nowhere","destination":{"type":"NATS","subject":"procura.nowhere.`+name+`"},"messages":[{"resourceTypeId":"order"}]}`)
		before, _ := stream.Info(ctx)
		written(t, a, "o1", 1, 2)
		drain(t, a, clk, 2)
		cons, err := stream.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{OptStartSeq: before.State.LastSeq + 1})
		if err != nil {
			t.Fatal(err)
		}
		batch, err := cons.Fetch(2, jetstream.FetchMaxWait(2*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		var seqs []string
		for m := range batch.Messages() {
			var e struct {
				SpecVersion string `json:"specversion"`
				Type        string `json:"type"`
				Sequence    string `json:"sequence"`
				Data        struct{ NotificationType string }
			}
			if err := json.Unmarshal(m.Data(), &e); err != nil || e.SpecVersion != "1.0" || e.Type != "com.commercetools.order.message.OrderCreated" || e.Data.NotificationType != "Message" {
				t.Fatalf("event %s", m.Data())
			}
			seqs = append(seqs, e.Sequence)
		}
		if strings.Join(seqs, " ") != "1 2" {
			t.Fatalf("sequences %v", seqs)
		}
		s, _ := a.GetSubscription(ctx, seller, app.Ref{Key: "nowhere"})
		if s.Status != procura.SubscriptionConfigurationError {
			t.Fatalf("a subject no stream takes: %q %q", s.Status, s.LastError)
		}
	})
}

// A RabbitMQ consumer receives the notifications through the exchange and routing key, in
// order; an exchange that does not exist is a configuration error.
func TestRabbitMQConsumerReceives(t *testing.T) {
	conn, err := amqp.Dial(rabbitMQURI)
	if err != nil {
		t.Fatalf("RabbitMQ must run at 127.0.0.1:5672: %v", err)
	}
	defer conn.Close()
	ch, err := conn.Channel()
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("procura-test-%d", time.Now().UnixNano())
	if err := ch.ExchangeDeclare(name, "direct", false, true, false, false, nil); err != nil {
		t.Fatal(err)
	}
	q, err := ch.QueueDeclare(name, false, true, true, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := ch.QueueBind(q.Name, "orders", name, false, nil); err != nil {
		t.Fatal(err)
	}
	msgs, err := ch.Consume(q.Name, "", true, true, false, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	eachBackend(t, func(t *testing.T, a *app.App, clk *clock, _ func() store.Store) {
		subscribe(t, a, `{"key":"rabbit","destination":{"type":"RabbitMQ","uri":"`+rabbitMQURI+`","exchange":"`+name+`","routingKey":"orders"},"messages":[{"resourceTypeId":"order"}]}`)
		subscribe(t, a, `{"key":"nowhere","destination":{"type":"RabbitMQ","uri":"`+rabbitMQURI+`","exchange":"`+name+`-missing","routingKey":"orders"},"messages":[{"resourceTypeId":"order"}]}`)
		written(t, a, "o1", 1, 2)
		drain(t, a, clk, 2)
		var ids []string
		for range 2 {
			select {
			case m := <-msgs:
				ids = append(ids, m.MessageId)
			case <-time.After(2 * time.Second):
				t.Fatalf("received %v", ids)
			}
		}
		if strings.Join(ids, " ") != "m-o1-1 m-o1-2" {
			t.Fatalf("received %v", ids)
		}
		s, _ := a.GetSubscription(ctx, seller, app.Ref{Key: "nowhere"})
		if s.Status != procura.SubscriptionConfigurationError {
			t.Fatalf("an exchange that does not exist: %q %q", s.Status, s.LastError)
		}
	})
}

// Two nodes over one PostgreSQL work off one outbox: each delivery attempt is claimed by one
// of them, so the receiver gets every notification once.
func TestTwoWorkersDeliverEachAttemptOnce(t *testing.T) {
	for _, b := range sqltest.Backends() {
		if b.Name != "postgres" {
			continue
		}
		s := sqltest.Open(t, b)
		clk := &clock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
		one, two := newApp(s, clk), newApp(s, clk)
		if _, err := one.CreateProject(ctx, "acme", ""); err != nil {
			t.Fatal(err)
		}
		r := &receiver{}
		srv := httptest.NewServer(r)
		defer srv.Close()
		r.secret = subscribe(t, one, `{"destination":{"type":"HTTP","url":"`+srv.URL+`"},"messages":[{"resourceTypeId":"order"}]}`).Destination.Secret
		for i := range 40 {
			written(t, one, fmt.Sprintf("o%d", i%8), int64(i/8+1))
		}
		// Each worker runs until everything is delivered (a run finds nothing of a resource
		// whose delivery another holds, so a fixed number of runs may end first on a busy
		// machine), or for 20 seconds.
		var wg sync.WaitGroup
		deadline := time.Now().Add(20 * time.Second)
		for _, a := range []*app.App{one, two, one, two} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for len(r.ids()) < 40 && time.Now().Before(deadline) {
					if _, err := a.RunDeliveries(ctx, clk.Now()); err != nil {
						t.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
		got := r.ids()
		seen := map[string]bool{}
		for _, id := range got {
			if seen[id] {
				t.Fatalf("%s delivered twice: %v", id, got)
			}
			seen[id] = true
		}
		if len(got) != 40 {
			t.Fatalf("delivered %d of 40", len(got))
		}
	}
}
