package app

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// Sender delivers one notification to a destination of its type. An error whose
// Configuration method reports true is the destination's fault (a refused address, an
// unknown exchange, a 4xx answer) rather than a passing one.
type Sender interface {
	Send(ctx context.Context, d procura.Destination, n Notification) error
}

// Notification is what one delivery attempt sends: the same ID and payload at every attempt.
type Notification struct {
	ID      string
	At      time.Time
	Payload []byte
	// CloudEvents: the payload is a CloudEvent (its content type says so).
	CloudEvents bool
}

// DeliverySettings say how the outbox is worked off (decision 0037).
type DeliverySettings struct {
	MaxAttempts int           // attempts before a delivery is dead-lettered
	Backoff     time.Duration // the wait after the first failed attempt, doubled after each
	MaxBackoff  time.Duration
	Lease       time.Duration // how long an attempt holds its delivery; longer than a send may last
	Batch       int           // deliveries claimed at once
	Retention   time.Duration // how long delivered and dead deliveries are kept for redelivery
}

// DefaultDeliverySettings: 10 attempts over about an hour and a half.
var DefaultDeliverySettings = DeliverySettings{MaxAttempts: 10, Backoff: 5 * time.Second, MaxBackoff: 30 * time.Minute,
	Lease: time.Minute, Batch: 32, Retention: 7 * 24 * time.Hour}

// RunDeliveries works off the deliveries due at now: claims them (each the first of its line,
// so a resource's notifications go out in order), sends them outside any transaction, and
// records each outcome and the subscription's health. It returns how many were delivered.
// Any number of nodes may run it over one database: a claim is exclusive (store.Outbox).
func (a *App) RunDeliveries(ctx context.Context, now time.Time) (int, error) {
	set := a.Deliveries
	var claimed []store.Delivery
	err := a.Store.Write(ctx, func(tx store.Tx) error {
		var err error
		claimed, err = tx.ClaimDeliveries(now, now.Add(set.Lease), set.Batch)
		return err
	})
	if err != nil || len(claimed) == 0 {
		return 0, err
	}
	var wg sync.WaitGroup
	results := make([]error, len(claimed))
	for i := range claimed { // distinct lines: their order among each other does not matter
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = a.deliverOne(ctx, &claimed[i], now)
		}()
	}
	wg.Wait()
	delivered := 0
	for i, d := range claimed {
		if results[i] != nil {
			return delivered, results[i]
		}
		if d.State == store.DeliveryDelivered {
			delivered++
		}
	}
	return delivered, nil
}

// deliverOne sends one claimed delivery and records the outcome.
func (a *App) deliverOne(ctx context.Context, d *store.Delivery, now time.Time) error {
	sendErr, configuration := a.send(ctx, d)
	status, lastError := procura.SubscriptionHealthy, ""
	d.State, d.LastError = store.DeliveryDelivered, ""
	if sendErr != nil {
		lastError = sendErr.Error()
		d.State, d.LastError, d.DueAt = store.DeliveryPending, lastError, now.Add(a.backoff(d.Attempts))
		status = procura.SubscriptionTemporaryError
		if configuration {
			status = procura.SubscriptionConfigurationError
		}
		if d.Attempts >= a.Deliveries.MaxAttempts || errors.Is(sendErr, errSubscriptionGone) {
			d.State = store.DeliveryDead
			if configuration {
				status = procura.SubscriptionConfigurationErrorStopped
			}
		}
	}
	return a.Store.Write(ctx, func(tx store.Tx) error {
		ok, err := tx.FinishDelivery(*d, a.Now())
		if err != nil || !ok {
			return err // !ok: the lease ran out and a later attempt owns the delivery now
		}
		return setSubscriptionHealth(tx.Docs(d.ProjectID), d.SubscriptionID, status, lastError, a.Now())
	})
}

// errSubscriptionGone: a delivery whose subscription was deleted is dead at once.
var errSubscriptionGone = errors.New("the subscription was deleted")

// configurationError is implemented by the senders' errors that are the destination's fault.
type configurationError interface{ Configuration() bool }

// send sends d to its subscription's destination; it reports whether a failure is the
// destination's configuration's fault.
func (a *App) send(ctx context.Context, d *store.Delivery) (error, bool) {
	var sub *storedSubscription
	err := a.Store.Read(ctx, func(tx store.Tx) error {
		doc, err := tx.Docs(d.ProjectID).Get(procura.TypeSubscription, d.SubscriptionID)
		if err == nil {
			sub, err = subscriptionKind.decoded(nil, doc)
		}
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return errSubscriptionGone, true
	}
	if err != nil {
		return err, false
	}
	sender, ok := a.Senders[sub.Destination.Type]
	if !ok {
		return fmt.Errorf("this node delivers no %s destination", sub.Destination.Type), true
	}
	err = sender.Send(ctx, sub.Destination, Notification{ID: d.ID, At: a.Now(), Payload: d.Payload,
		CloudEvents: sub.Format.Type == "CloudEvents"})
	var c configurationError
	return err, errors.As(err, &c) && c.Configuration()
}

// backoff is the wait after attempt number n failed: exponential, capped, with jitter (half to
// all of it), so that the deliveries of a destination that comes back do not all retry at once.
func (a *App) backoff(n int) time.Duration {
	wait := a.Deliveries.Backoff
	for i := 1; i < n && wait < a.Deliveries.MaxBackoff; i++ {
		wait *= 2
	}
	wait = min(wait, a.Deliveries.MaxBackoff)
	return wait/2 + time.Duration(rand.Int64N(int64(wait/2)+1))
}

// Redelivery asks for a subscription's notifications about a resource type (about one
// resource, when ResourceID is set) from a sequence number on (a version, for changes) to be
// delivered again (a Procura extension).
type Redelivery struct {
	Subscription       *procura.ResourceIdentifier `json:"subscription"`
	ResourceTypeID     string                      `json:"resourceTypeId"`
	ResourceID         string                      `json:"resourceId,omitempty"`
	FromSequenceNumber int64                       `json:"fromSequenceNumber"`
}

// Redelivered says how many deliveries are due again.
type Redelivered struct {
	Count int64 `json:"count"`
}

// Redeliver makes the deliveries a Redelivery names due again, as long as the outbox keeps
// them (DeliverySettings.Retention), whether they were delivered or dead-lettered.
func (a *App) Redeliver(ctx context.Context, c Caller, d Redelivery) (*Redelivered, error) {
	if err := d.Subscription.Check("subscription", procura.TypeSubscription); err != nil {
		return nil, err
	}
	if d.ResourceTypeID == "" {
		return nil, procura.RequiredField("resourceTypeId")
	}
	out := &Redelivered{}
	err := a.write(ctx, c.ProjectKey, func(l *lookup) error {
		doc, err := l.doc("subscription", procura.TypeSubscription, *d.Subscription)
		if err != nil {
			return err
		}
		out.Count, err = l.tx.RedeliverFrom(l.projectID, doc.ID, d.ResourceTypeID, d.ResourceID, d.FromSequenceNumber, a.Now())
		return err
	})
	return out, err
}

// PurgeDeliveries removes the deliveries done longer ago than the retention.
func (a *App) PurgeDeliveries(ctx context.Context) (int64, error) {
	var n int64
	err := a.Store.Write(ctx, func(tx store.Tx) error {
		var err error
		n, err = tx.PurgeDeliveries(a.Now().Add(-a.Deliveries.Retention))
		return err
	})
	return n, err
}
