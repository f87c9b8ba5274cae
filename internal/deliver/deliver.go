// Package deliver sends the notifications of subscriptions to their destinations: HTTP
// endpoints (signed as the Standard Webhooks specification says), NATS JetStream subjects and
// RabbitMQ exchanges (decision 0037).
package deliver

import (
	"time"

	"github.com/procura/procura/internal/app"
)

// Senders returns a sender per destination type; timeout bounds each send, and allowPrivate
// lets HTTP deliveries reach loopback, private and link-local addresses.
func Senders(timeout time.Duration, allowPrivate bool) map[string]app.Sender {
	return map[string]app.Sender{
		"HTTP":     NewHTTP(timeout, allowPrivate),
		"NATS":     NewNATS(timeout),
		"RabbitMQ": NewRabbitMQ(timeout),
	}
}

// configError is a failure that is the destination's configuration's fault: it will not pass
// by trying again unchanged.
type configError struct{ err error }

func (e configError) Error() string       { return e.err.Error() }
func (e configError) Unwrap() error       { return e.err }
func (e configError) Configuration() bool { return true }

func contentType(n app.Notification) string {
	if n.CloudEvents {
		return "application/cloudevents+json"
	}
	return "application/json"
}
