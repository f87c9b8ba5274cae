package app

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// storedSubscription is a subscription as stored: its HTTP destination's signing secret is kept
// beside the resource, where no answer but the one that set it shows it (decision 0037).
type storedSubscription struct {
	procura.Subscription
	Secret string `json:"secret,omitempty"`
}

func (s *storedSubscription) Meta() *procura.Base { return s.Subscription.Meta() }

var subscriptionKind = kind[storedSubscription, *storedSubscription]{
	typ:     procura.TypeSubscription,
	lock:    subscriptionGeneration,
	private: []string{"secret"},
	index:   func(s *storedSubscription) store.Doc { return store.Doc{Key: s.Key} },
	decode: func(_ *lookup, doc *store.Doc) (*storedSubscription, error) {
		s := &storedSubscription{}
		err := json.Unmarshal(doc.Data, s)
		s.Destination.Secret = s.Secret
		return s, err
	},
	stored: func(s *storedSubscription) *storedSubscription {
		c := *s
		c.Secret, c.Destination.Secret = s.Destination.Secret, ""
		return &c
	},
	afterSave: func(a *App, l *lookup, _ *storedSubscription) error { return bumpSubscriptions(l.docs, a.Now()) },
}

// CreateSubscription creates a subscription; its answer is the only one that shows the HTTP
// destination's secret.
func (a *App) CreateSubscription(ctx context.Context, c Caller, d procura.SubscriptionDraft) (*procura.Subscription, error) {
	s, err := procura.NewSubscription(d, a.NewID(), a.Now())
	if err != nil {
		return nil, err
	}
	return s, a.write(ctx, c, func(l *lookup) error {
		if err := subscriptionKind.insert(l.docs, &storedSubscription{Subscription: *s}); err != nil {
			return err
		}
		return bumpSubscriptions(l.docs, a.Now())
	})
}

// GetSubscription returns the subscription r names with its delivery health.
func (a *App) GetSubscription(ctx context.Context, c Caller, r Ref) (*procura.Subscription, error) {
	s, err := subscriptionKind.get(ctx, a, c, r)
	if err != nil {
		return nil, err
	}
	return s.shown(""), nil
}

// QuerySubscriptions pages through the project's subscriptions.
func (a *App) QuerySubscriptions(ctx context.Context, c Caller, q Query) (*Page, error) {
	return subscriptionKind.query(ctx, a, c, q)
}

// UpdateSubscription applies subscription update actions; the answer shows the HTTP
// destination's secret only when the update set a new one.
func (a *App) UpdateSubscription(ctx context.Context, c Caller, r Ref, u procura.Update) (*procura.Subscription, error) {
	var before string
	s, err := subscriptionKind.updateAs(ctx, a, c, r, u, func(_ *lookup, s *storedSubscription) (func(json.RawMessage) error, error) {
		before = s.Destination.Secret
		return func(raw json.RawMessage) error { return s.Apply(raw) }, nil
	})
	if err != nil {
		return nil, err
	}
	return s.shown(before), nil
}

// DeleteSubscription deletes a subscription; what it had yet to deliver is not delivered.
func (a *App) DeleteSubscription(ctx context.Context, c Caller, r Ref, version int64) (*procura.Subscription, error) {
	s, err := subscriptionKind.remove(ctx, a, c, r, version, func(l *lookup, _ *storedSubscription) error {
		return bumpSubscriptions(l.docs, a.Now())
	})
	if err != nil {
		return nil, err
	}
	return s.shown(""), nil
}

// shown is the subscription as answered: without the secret, unless it is not the one it had
// before (hidden).
func (s *storedSubscription) shown(hidden string) *procura.Subscription {
	out := s.Subscription
	if out.Destination.Secret == hidden || hidden == "" {
		out.Destination.Secret = ""
	}
	return &out
}

// The subscriptions of a project are kept per node (for the write hook, subscription_hook.go)
// and checked against a generation every change of a subscription bumps.
const subscriptionGeneration = "subscription-generation"

func bumpSubscriptions(d store.Docs, now time.Time) error {
	return bump(d, subscriptionGeneration, subscriptionGeneration, now)
}

// setSubscriptionHealth records how the last delivery to a subscription went, without a new
// version of the resource: health is the outbox's state, not the seller's change.
func setSubscriptionHealth(d store.Docs, id, status, lastError string, now time.Time) error {
	doc, err := d.Get(procura.TypeSubscription, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil // deleted meanwhile
	}
	if err != nil {
		return err
	}
	s, err := subscriptionKind.decoded(nil, doc)
	if err != nil {
		return err
	}
	if s.Status == status && s.LastError == lastError || s.Status == procura.SubscriptionManuallySuspended {
		return nil
	}
	if err := d.Lock(subscriptionGeneration); err != nil { // as the seller's updates do
		return err
	}
	if doc, err = d.Get(procura.TypeSubscription, id); err != nil {
		return err
	}
	if s, err = subscriptionKind.decoded(nil, doc); err != nil || s.Status == procura.SubscriptionManuallySuspended {
		return err // suspended meanwhile: the seller's status stays
	}
	s.Status, s.LastError = status, lastError
	return subscriptionKind.save(d, s, doc.Version)
}
