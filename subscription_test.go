package procura

import (
	"encoding/json"
	"testing"
	"time"
)

func TestNewSubscription(t *testing.T) {
	for _, tc := range []struct {
		name, draft, code string
	}{
		{"an HTTP destination", `{"key":"erp","destination":{"type":"HTTP","url":"https://erp.example.com/h"},"messages":[{"resourceTypeId":"order"}]}`, ""},
		{"a given secret", `{"destination":{"type":"HTTP","url":"https://e.com","secret":"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"},"changes":[{"resourceTypeId":"quote"}]}`, ""},
		{"a short secret", `{"destination":{"type":"HTTP","url":"https://e.com","secret":"whsec_c2hvcnQ="},"changes":[{"resourceTypeId":"quote"}]}`, CodeInvalidField},
		{"NATS", `{"destination":{"type":"NATS","subject":"commerce.orders"},"messages":[{"resourceTypeId":"order","types":["OrderCreated"]}]}`, ""},
		{"a NATS wildcard", `{"destination":{"type":"NATS","subject":"commerce.>"},"messages":[{"resourceTypeId":"order"}]}`, CodeInvalidField},
		{"RabbitMQ", `{"destination":{"type":"RabbitMQ","uri":"amqp://guest:guest@mq:5672/","exchange":"commerce","routingKey":"orders"},"messages":[{"resourceTypeId":"order"}]}`, ""},
		{"RabbitMQ with a url", `{"destination":{"type":"RabbitMQ","uri":"amqp://mq/","url":"https://x"},"messages":[{"resourceTypeId":"order"}]}`, CodeInvalidInput},
		{"SQS", `{"destination":{"type":"SQS","queueUrl":"https://sqs","region":"eu-west-1"},"messages":[{"resourceTypeId":"order"}]}`, CodeInvalidField},
		{"an unknown type", `{"destination":{"type":"Pigeon"},"messages":[{"resourceTypeId":"order"}]}`, CodeInvalidField},
		{"no filter", `{"destination":{"type":"HTTP","url":"https://e.com"}}`, CodeInvalidInput},
		{"a bad resource type", `{"destination":{"type":"HTTP","url":"https://e.com"},"messages":[{"resourceTypeId":"Order!"}]}`, CodeInvalidField},
		{"events", `{"destination":{"type":"HTTP","url":"https://e.com"},"messages":[{"resourceTypeId":"order"}],"events":[{"resourceTypeId":"import-api"}]}`, CodeInvalidField},
		{"CloudEvents", `{"destination":{"type":"HTTP","url":"https://e.com"},"messages":[{"resourceTypeId":"order"}],"format":{"type":"CloudEvents","cloudEventsVersion":"1.0"}}`, ""},
		{"no destination", `{"messages":[{"resourceTypeId":"order"}]}`, CodeRequiredField},
	} {
		var d SubscriptionDraft
		if err := DecodeJSON([]byte(tc.draft), &d); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		s, err := NewSubscription(d, "s1", time.Now())
		if tc.code == "" && err != nil || tc.code != "" && ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.code)
			continue
		}
		if err == nil && (s.Status != SubscriptionHealthy || s.Destination.Type == DestinationHTTP && !ValidWebhookSecret(s.Destination.Secret)) {
			t.Errorf("%s: %+v", tc.name, s)
		}
	}
}

func TestSubscriptionActions(t *testing.T) {
	var d SubscriptionDraft
	_ = DecodeJSON([]byte(`{"destination":{"type":"HTTP","url":"https://e.com"},"messages":[{"resourceTypeId":"order","types":["OrderCreated"]}]}`), &d)
	s, err := NewSubscription(d, "s1", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	secret := s.Destination.Secret
	if !s.Selects("order", "OrderCreated") || s.Selects("order", "OrderStateChanged") || s.Follows("order") {
		t.Fatal("filters")
	}
	apply := func(a string) error { return s.Apply(json.RawMessage(a)) }
	s.Status, s.LastError = SubscriptionTemporaryError, "503"
	for _, a := range []string{
		`{"action":"setChanges","changes":[{"resourceTypeId":"order"}]}`,
		`{"action":"setMessages"}`,
		`{"action":"setKey","key":"erp"}`,
		`{"action":"changeDestination","destination":{"type":"HTTP","url":"https://other.example.com"}}`,
		`{"action":"changeFormat","format":{"type":"CloudEvents","cloudEventsVersion":"1.0"}}`,
	} {
		if err := apply(a); err != nil {
			t.Fatalf("%s: %v", a, err)
		}
	}
	if !s.Follows("order") || s.Selects("order", "OrderCreated") || s.Key != "erp" || s.Destination.Secret != secret ||
		s.Status != SubscriptionHealthy || s.LastError != "" || s.Format.Type != "CloudEvents" {
		t.Fatalf("%+v", s)
	}
	for a, code := range map[string]string{
		`{"action":"setChanges","changes":[]}`:                                       CodeInvalidInput, // no filter left
		`{"action":"changeDestination","destination":{"type":"SNS","topicArn":"x"}}`: CodeInvalidField,
		`{"action":"changeDestination"}`:                                             CodeRequiredField,
		`{"action":"setEvents","events":[{}]}`:                                       CodeInvalidField,
		`{"action":"changeFormat","format":{"type":"Binary"}}`:                       CodeInvalidField,
		`{"action":"setStatus"}`:                                                     CodeInvalidJSONInput,
	} {
		if err := apply(a); ErrorCode(err) != code {
			t.Errorf("%s: %v, want %s", a, err, code)
		}
	}
	for _, step := range []struct{ action, status string }{
		{`{"action":"suspend"}`, SubscriptionManuallySuspended},
		{`{"action":"changeDestination","destination":{"type":"HTTP","url":"https://e.com"}}`, SubscriptionManuallySuspended},
		{`{"action":"resume"}`, SubscriptionHealthy},
		{`{"action":"resume"}`, SubscriptionHealthy},
	} {
		if err := apply(step.action); err != nil || s.Status != step.status {
			t.Fatalf("%s: %v, status %q, want %q", step.action, err, s.Status, step.status)
		}
	}
	// A destination of another type, then HTTP again: a new secret.
	_ = apply(`{"action":"changeDestination","destination":{"type":"NATS","subject":"orders"}}`)
	_ = apply(`{"action":"changeDestination","destination":{"type":"HTTP","url":"https://e.com"}}`)
	if s.Destination.Secret == secret || !ValidWebhookSecret(s.Destination.Secret) {
		t.Fatal("a new HTTP destination kept an old or invalid secret")
	}
}
