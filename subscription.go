package procura

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// TypeSubscription is the type id of subscriptions.
const TypeSubscription = "subscription"

// The destinations Procura delivers to: HTTP (a Procura extension, signed as the Standard
// Webhooks specification says), a NATS JetStream subject and a RabbitMQ exchange.
const (
	DestinationHTTP     = "HTTP"
	DestinationNATS     = "NATS"
	DestinationRabbitMQ = "RabbitMQ"
)

// cloudDestinations are the reference's destinations, each a hosted service a self-hosted
// Procura does not deliver to.
var cloudDestinations = []string{"SQS", "SNS", "EventBridge", "EventGrid", "AzureServiceBus", "GoogleCloudPubSub",
	"ConfluentCloud", "IronMQ"}

// The health of a subscription, as the reference names it.
const (
	SubscriptionHealthy                   = "Healthy"
	SubscriptionConfigurationError        = "ConfigurationError"
	SubscriptionConfigurationErrorStopped = "ConfigurationErrorDeliveryStopped"
	SubscriptionTemporaryError            = "TemporaryError"
	SubscriptionManuallySuspended         = "ManuallySuspended"
)

// Subscription sends the messages and change notifications of the resources it names to a
// destination. LastError, a Procura extension, is why the last delivery failed.
type Subscription struct {
	Base
	Key         string                `json:"key,omitempty"`
	Destination Destination           `json:"destination"`
	Messages    []MessageSubscription `json:"messages"`
	Changes     []ChangeSubscription  `json:"changes"`
	Events      []json.RawMessage     `json:"events"`
	Format      DeliveryFormat        `json:"format"`
	Status      string                `json:"status"`
	LastError   string                `json:"lastError,omitempty"`
}

// Destination is where a subscription delivers: URL for HTTP and NATS (the server, default
// nats://127.0.0.1:4222), Subject for NATS, URI, Exchange and RoutingKey for RabbitMQ. Secret
// signs HTTP deliveries ("whsec_" and base64): given or generated on creation, answered then
// and never again.
type Destination struct {
	Type       string `json:"type"`
	URL        string `json:"url,omitempty"`
	Secret     string `json:"secret,omitempty"`
	Subject    string `json:"subject,omitempty"`
	URI        string `json:"uri,omitempty"`
	Exchange   string `json:"exchange,omitempty"`
	RoutingKey string `json:"routingKey,omitempty"`
}

// MessageSubscription selects the messages of a resource type (of Types only, when given).
type MessageSubscription struct {
	ResourceTypeID string   `json:"resourceTypeId"`
	Types          []string `json:"types,omitempty"`
}

// ChangeSubscription selects the creations, updates and deletions of a resource type.
type ChangeSubscription struct {
	ResourceTypeID string `json:"resourceTypeId"`
}

// DeliveryFormat is Platform (the reference's payloads) or CloudEvents (version 1.0).
type DeliveryFormat struct {
	Type               string `json:"type"`
	CloudEventsVersion string `json:"cloudEventsVersion,omitempty"`
}

// SubscriptionDraft creates a subscription.
type SubscriptionDraft struct {
	Key         string                `json:"key,omitempty"`
	Destination *json.RawMessage      `json:"destination"`
	Messages    []MessageSubscription `json:"messages,omitempty"`
	Changes     []ChangeSubscription  `json:"changes,omitempty"`
	Events      []json.RawMessage     `json:"events,omitempty"`
	Format      *DeliveryFormat       `json:"format,omitempty"`
}

// NewSubscription validates d and builds the subscription, Healthy.
func NewSubscription(d SubscriptionDraft, id string, now time.Time) (*Subscription, error) {
	if d.Key != "" {
		if err := CheckKey("key", d.Key); err != nil {
			return nil, err
		}
	}
	if d.Destination == nil {
		return nil, RequiredField("destination")
	}
	dest, err := NewDestination(*d.Destination, nil)
	if err != nil {
		return nil, err
	}
	s := &Subscription{Key: d.Key, Destination: dest, Status: SubscriptionHealthy, Format: DeliveryFormat{Type: "Platform"}}
	if err := s.setEvents(d.Events); err != nil {
		return nil, err
	}
	if d.Format != nil {
		if s.Format, err = checkFormat(*d.Format); err != nil {
			return nil, err
		}
	}
	if err := s.setFilters(d.Messages, d.Changes); err != nil {
		return nil, err
	}
	s.Stamp(id, now)
	return s, nil
}

var resourceTypeIDPattern = regexp.MustCompile(`^[a-z][a-z-]*$`)

// setFilters sets what the subscription selects: at least one message or change filter.
func (s *Subscription) setFilters(messages []MessageSubscription, changes []ChangeSubscription) error {
	if len(messages) == 0 && len(changes) == 0 {
		return InvalidInput("A subscription needs at least one of messages or changes.")
	}
	for _, m := range messages {
		if !resourceTypeIDPattern.MatchString(m.ResourceTypeID) {
			return InvalidField("messages.resourceTypeId", m.ResourceTypeID)
		}
	}
	for _, c := range changes {
		if !resourceTypeIDPattern.MatchString(c.ResourceTypeID) {
			return InvalidField("changes.resourceTypeId", c.ResourceTypeID)
		}
	}
	s.Messages, s.Changes = orEmpty(messages), orEmpty(changes)
	return nil
}

// setEvents: Procura records no events (the reference's import and checkout events), so only
// an empty list is taken.
func (s *Subscription) setEvents(events []json.RawMessage) error {
	if len(events) > 0 {
		return Unsupported("events", events, "events (Procura delivers messages and changes)")
	}
	s.Events = []json.RawMessage{}
	return nil
}

func checkFormat(f DeliveryFormat) (DeliveryFormat, error) {
	switch f.Type {
	case "Platform":
		return DeliveryFormat{Type: "Platform"}, nil
	case "CloudEvents":
		if f.CloudEventsVersion != "1.0" {
			return f, InvalidField("format.cloudEventsVersion", f.CloudEventsVersion, "1.0")
		}
		return f, nil
	}
	return f, InvalidField("format.type", f.Type, "Platform", "CloudEvents")
}

// NewDestination validates a destination; an HTTP destination keeps the secret it is given,
// else the one it had (old), else a new one.
func NewDestination(raw json.RawMessage, old *Destination) (Destination, error) {
	var kind struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(raw, &kind); err != nil {
		return Destination{}, InvalidJSON(err.Error())
	}
	for _, cloud := range cloudDestinations {
		if kind.Type == cloud {
			e := InvalidField("destination.type", kind.Type, DestinationHTTP, DestinationNATS, DestinationRabbitMQ)
			e.Message = "Procura does not deliver to " + cloud + ", a hosted service; it delivers to HTTP, NATS and RabbitMQ destinations."
			return Destination{}, e
		}
	}
	var d Destination
	if err := decodeStrict(raw, &d, "destination"); err != nil {
		return d, err
	}
	switch d.Type {
	case DestinationHTTP:
		return d, d.checkHTTP(old)
	case DestinationNATS:
		if d.URL == "" {
			d.URL = "nats://127.0.0.1:4222"
		}
		if err := checkURL("destination.url", d.URL, "nats", "tls"); err != nil {
			return d, err
		}
		if d.Subject == "" || strings.ContainsAny(d.Subject, " \t*>") {
			return d, InvalidField("destination.subject", d.Subject)
		}
		return d, onlyFields(d, Destination{Type: d.Type, URL: d.URL, Subject: d.Subject})
	case DestinationRabbitMQ:
		if err := checkURL("destination.uri", d.URI, "amqp", "amqps"); err != nil {
			return d, err
		}
		return d, onlyFields(d, Destination{Type: d.Type, URI: d.URI, Exchange: d.Exchange, RoutingKey: d.RoutingKey})
	}
	return d, InvalidField("destination.type", d.Type, DestinationHTTP, DestinationNATS, DestinationRabbitMQ)
}

// onlyFields refuses the fields of other destination types.
func onlyFields(d, kept Destination) error {
	if d != kept {
		return InvalidInput("A %s destination takes only the fields of its type.", d.Type)
	}
	return nil
}

func (d *Destination) checkHTTP(old *Destination) error {
	if err := checkURL("destination.url", d.URL, "http", "https"); err != nil {
		return err
	}
	switch {
	case d.Secret != "":
		if !ValidWebhookSecret(d.Secret) {
			return InvalidField("destination.secret", "…", `"whsec_" followed by the base64 of 24 to 64 bytes`)
		}
	case old != nil && old.Type == DestinationHTTP:
		d.Secret = old.Secret
	default:
		d.Secret = NewWebhookSecret()
	}
	return onlyFields(*d, Destination{Type: d.Type, URL: d.URL, Secret: d.Secret})
}

func checkURL(field, raw string, schemes ...string) error {
	if raw == "" {
		return RequiredField(field)
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || !slices.Contains(schemes, u.Scheme) {
		return InvalidField(field, raw)
	}
	return nil
}

const webhookSecretPrefix = "whsec_"

// NewWebhookSecret returns a new signing secret: "whsec_" and the base64 of 32 random bytes.
func NewWebhookSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return webhookSecretPrefix + base64.StdEncoding.EncodeToString(b)
}

// ValidWebhookSecret reports whether s is "whsec_" and the base64 of 24 to 64 bytes.
func ValidWebhookSecret(s string) bool {
	key, err := WebhookKey(s)
	return err == nil && len(key) >= 24 && len(key) <= 64
}

// WebhookKey returns the bytes a webhook secret stands for.
func WebhookKey(secret string) ([]byte, error) {
	return base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, webhookSecretPrefix))
}

var subscriptionActions = ActionFields{
	"setKey":            {"key"},
	"setMessages":       {"messages"},
	"setChanges":        {"changes"},
	"setEvents":         {"events"},
	"changeDestination": {"destination"},
	"changeFormat":      {"format"},
	"suspend":           {},
	"resume":            {},
}

type subscriptionAction struct {
	Action      string                `json:"action"`
	Key         *string               `json:"key"`
	Messages    []MessageSubscription `json:"messages"`
	Changes     []ChangeSubscription  `json:"changes"`
	Events      []json.RawMessage     `json:"events"`
	Destination *json.RawMessage      `json:"destination"`
	Format      *DeliveryFormat       `json:"format"`
}

// Apply applies one subscription update action: setKey, setMessages, setChanges, setEvents,
// changeDestination, and Procura's extensions changeFormat (the reference fixes the format at
// creation), suspend (ManuallySuspended: deliveries wait) and resume. A new destination makes a
// subscription that is not suspended Healthy again.
func (s *Subscription) Apply(raw json.RawMessage) error {
	var a subscriptionAction
	if err := DecodeAction(raw, &a, subscriptionActions); err != nil {
		return err
	}
	switch a.Action {
	case "setKey":
		return setKey(&s.Key, a.Key)
	case "setMessages":
		return s.setFilters(a.Messages, s.Changes)
	case "setChanges":
		return s.setFilters(s.Messages, a.Changes)
	case "setEvents":
		return s.setEvents(a.Events)
	case "suspend":
		s.Status, s.LastError = SubscriptionManuallySuspended, ""
		return nil
	case "resume":
		if s.Status == SubscriptionManuallySuspended {
			s.Status = SubscriptionHealthy
		}
		return nil
	case "changeFormat":
		if a.Format == nil {
			return RequiredField("format")
		}
		f, err := checkFormat(*a.Format)
		if err == nil {
			s.Format = f
		}
		return err
	}
	if a.Destination == nil {
		return RequiredField("destination")
	}
	d, err := NewDestination(*a.Destination, &s.Destination)
	if err != nil {
		return err
	}
	s.Destination, s.LastError = d, ""
	if s.Status != SubscriptionManuallySuspended {
		s.Status = SubscriptionHealthy
	}
	return nil
}

// Selects reports whether the subscription takes a message of a type about a resource type.
func (s *Subscription) Selects(resourceTypeID, messageType string) bool {
	for _, m := range s.Messages {
		if m.ResourceTypeID == resourceTypeID && (len(m.Types) == 0 || slices.Contains(m.Types, messageType)) {
			return true
		}
	}
	return false
}

// Follows reports whether the subscription takes the changes of a resource type.
func (s *Subscription) Follows(resourceTypeID string) bool {
	for _, c := range s.Changes {
		if c.ResourceTypeID == resourceTypeID {
			return true
		}
	}
	return false
}
