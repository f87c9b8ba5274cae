package e2e

import (
	"encoding/json"
	"strings"
	"testing"
)

// Subscriptions over HTTP: the seller's scopes allow and deny them, the HTTP destination's
// secret is answered once, and the reference's cloud destinations answer a 400 that names what
// Procura delivers to.
func TestSubscriptionsResource(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		manage := s.token(t, s.newAPIClient(t, s.project, "manage_subscriptions:"+s.project))
		view := s.token(t, s.newAPIClient(t, s.project, "view_subscriptions:"+s.project))
		other := s.token(t, s.newAPIClient(t, s.project, "view_orders:"+s.project))
		base := "/" + s.project + "/subscriptions"
		draft := `{"key":"erp","destination":{"type":"HTTP","url":"https://erp.example.com/hooks"},
			"messages":[{"resourceTypeId":"order","types":["OrderCreated"]}],"changes":[{"resourceTypeId":"quote"}]}`

		if r := s.do(t, "POST", base, view, []byte(draft)); r.status != 403 || !strings.Contains(string(r.body), "insufficient_scope") {
			t.Fatalf("create with view_subscriptions: %d %s", r.status, r.body)
		}
		r := s.do(t, "POST", base, manage, []byte(draft))
		if r.status != 201 {
			t.Fatalf("create: %d %s", r.status, r.body)
		}
		var created struct {
			ID          string
			Version     int64
			Status      string
			Format      struct{ Type string }
			Destination struct{ Type, URL, Secret string }
		}
		if err := json.Unmarshal(r.body, &created); err != nil || !strings.HasPrefix(created.Destination.Secret, "whsec_") ||
			created.Status != "Healthy" || created.Format.Type != "Platform" {
			t.Fatalf("created %s", r.body)
		}
		ref := reference(t)
		for _, token := range []string{view, manage} {
			r := s.do(t, "GET", base+"/key=erp", token, nil)
			if r.status != 200 || strings.Contains(string(r.body), "whsec_") {
				t.Fatalf("GET: %d %s", r.status, r.body)
			}
			expectShape(t, ref, "Subscription", "a subscription", r.body)
			if r := s.do(t, "GET", base, token, nil); r.status != 200 || !strings.Contains(string(r.body), `"erp"`) || strings.Contains(string(r.body), "whsec_") {
				t.Fatalf("query: %d %s", r.status, r.body)
			}
		}
		if r := s.do(t, "GET", base+"/"+created.ID, other, nil); r.status != 403 {
			t.Fatalf("GET with view_orders: %d %s", r.status, r.body)
		}
		update := `{"version":1,"actions":[{"action":"setChanges","changes":[]},{"action":"changeDestination","destination":{"type":"RabbitMQ","uri":"amqp://guest:guest@127.0.0.1:5672/","exchange":"commerce","routingKey":"orders"}}]}`
		if r := s.do(t, "POST", base+"/key=erp", view, []byte(update)); r.status != 403 {
			t.Fatalf("update with view_subscriptions: %d %s", r.status, r.body)
		}
		if r := s.do(t, "POST", base+"/key=erp", manage, []byte(update)); r.status != 200 || !strings.Contains(string(r.body), `"changes":[]`) {
			t.Fatalf("update: %d %s", r.status, r.body)
		}
		for _, bad := range []string{
			`{"destination":{"type":"SQS","queueUrl":"https://sqs","region":"eu-west-1"},"messages":[{"resourceTypeId":"order"}]}`,
			`{"destination":{"type":"GoogleCloudPubSub","projectId":"p","topic":"t"},"messages":[{"resourceTypeId":"order"}]}`,
		} {
			r := s.do(t, "POST", base, manage, []byte(bad))
			if r.status != 400 || !strings.Contains(string(r.body), "HTTP, NATS and RabbitMQ") {
				t.Fatalf("a cloud destination: %d %s", r.status, r.body)
			}
		}
		for _, bad := range []string{
			`{"destination":{"type":"HTTP","url":"ftp://x"},"messages":[{"resourceTypeId":"order"}]}`,
			`{"destination":{"type":"HTTP","url":"https://x"}}`,
			`{"destination":{"type":"NATS","subject":"orders.*"},"messages":[{"resourceTypeId":"order"}]}`,
			`{"destination":{"type":"HTTP","url":"https://x"},"messages":[{"resourceTypeId":"order"}],"format":{"type":"CloudEvents","cloudEventsVersion":"0.3"}}`,
		} {
			if r := s.do(t, "POST", base, manage, []byte(bad)); r.status != 400 {
				t.Fatalf("%s: %d %s", bad, r.status, r.body)
			}
		}
		redeliver := `{"subscription":{"key":"erp"},"resourceTypeId":"order","fromSequenceNumber":1}`
		if r := s.do(t, "POST", base+"/redeliveries", view, []byte(redeliver)); r.status != 403 {
			t.Fatalf("redeliver with view_subscriptions: %d %s", r.status, r.body)
		}
		if r := s.do(t, "POST", base+"/redeliveries", manage, []byte(redeliver)); r.status != 200 || strings.TrimSpace(string(r.body)) != `{"count":0}` {
			t.Fatalf("redeliver: %d %s", r.status, r.body)
		}
		if r := s.do(t, "DELETE", base+"/key=erp?version=2", view, nil); r.status != 403 {
			t.Fatalf("delete with view_subscriptions: %d %s", r.status, r.body)
		}
		if r := s.do(t, "DELETE", base+"/key=erp?version=2", manage, nil); r.status != 200 {
			t.Fatalf("delete: %d %s", r.status, r.body)
		}
	})
}
