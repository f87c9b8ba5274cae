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
	Suspended   time.Duration // how long the deliveries of a suspended subscription wait between looks
}

// DefaultDeliverySettings: 10 attempts over about an hour and a half.
var DefaultDeliverySettings = DeliverySettings{MaxAttempts: 10, Backoff: 5 * time.Second, MaxBackoff: 30 * time.Minute,
	Lease: time.Minute, Batch: 128, Retention: 7 * 24 * time.Hour, Suspended: 30 * time.Second}

// RunDeliveries works off the deliveries due at now: claims them (each the first of its line,
// so a resource's notifications go out in order), sends them outside any transaction, and
// records each outcome and the subscription's health. It returns how many were delivered.
// Any number of nodes may run it over one database: a claim is exclusive (store.Outbox).
func (a *App) RunDeliveries(ctx context.Context, now time.Time) (int, error) {
	var claimed []store.Delivery
	var subs map[string]*procura.Subscription // by id
	var kept []func()                         // the node's copies, once the claim has committed
	err := a.Store.Write(ctx, func(tx store.Tx) error {
		subs, kept = map[string]*procura.Subscription{}, nil
		listed := map[string]bool{} // the projects whose subscriptions this attempt has
		var err error
		if claimed, err = tx.ClaimDeliveries(now, now.Add(a.Deliveries.Lease), a.Deliveries.Batch); err != nil {
			return err
		}
		for _, d := range claimed {
			if listed[d.ProjectID] {
				continue
			}
			listed[d.ProjectID] = true
			c, err := a.projectSubscriptions(tx, d.ProjectID, seenGeneration{}, func(keep func()) { kept = append(kept, keep) }) // the node's copy while current
			if err != nil {
				return err
			}
			for _, s := range c.list {
				subs[s.ID] = s
			}
		}
		return nil
	})
	if err != nil || len(claimed) == 0 {
		return 0, err
	}
	for _, keep := range kept {
		keep()
	}
	health := make([]string, len(claimed)) // the status each outcome gives its subscription
	var wg sync.WaitGroup
	for i := range claimed { // distinct lines: their order among each other does not matter
		wg.Add(1)
		go func() {
			defer wg.Done()
			start := time.Now()
			health[i] = a.deliverOne(ctx, subs[claimed[i].SubscriptionID], &claimed[i], now)
			if a.OnDeliveryAttempt != nil && health[i] != procura.SubscriptionManuallySuspended {
				a.OnDeliveryAttempt(claimed[i].SubscriptionID, time.Since(start), claimed[i].State)
			}
		}()
	}
	wg.Wait()
	delivered := 0
	err = a.Store.Write(ctx, func(tx store.Tx) error {
		delivered = 0
		for i, d := range claimed {
			if health[i] == procura.SubscriptionManuallySuspended {
				if err := tx.PostponeDelivery(d, now.Add(a.Deliveries.Suspended)); err != nil {
					return err
				}
				continue
			}
			ok, err := tx.FinishDelivery(d, a.Now())
			if err != nil {
				return err
			}
			if !ok {
				continue // the lease ran out and a later attempt owns the delivery now
			}
			if d.State == store.DeliveryDelivered {
				delivered++
			}
			if err := setSubscriptionHealth(tx.Docs(d.ProjectID), d.SubscriptionID, health[i], d.LastError, a.Now()); err != nil {
				return err
			}
		}
		return nil
	})
	return delivered, err
}

// deliverOne sends one claimed delivery to its subscription (nil: deleted), sets its outcome
// and returns the subscription's status after it; a suspended subscription's is not sent.
func (a *App) deliverOne(ctx context.Context, sub *procura.Subscription, d *store.Delivery, now time.Time) string {
	if sub != nil && sub.Status == procura.SubscriptionManuallySuspended {
		return sub.Status // not sent: postponed
	}
	sendErr, configuration := a.send(ctx, sub, d)
	if sendErr == nil {
		d.State, d.LastError = store.DeliveryDelivered, ""
		return procura.SubscriptionHealthy
	}
	status := procura.SubscriptionTemporaryError
	if configuration {
		status = procura.SubscriptionConfigurationError
	}
	d.State, d.LastError, d.DueAt = store.DeliveryPending, sendErr.Error(), now.Add(a.backoff(d.Attempts))
	if d.Attempts >= a.Deliveries.MaxAttempts || sub == nil {
		d.State = store.DeliveryDead
		if configuration {
			status = procura.SubscriptionConfigurationErrorStopped
		}
	}
	return status
}

// configurationError is implemented by the senders' errors that are the destination's fault.
type configurationError interface{ Configuration() bool }

// send sends d to its subscription's destination; it reports whether a failure is the
// destination's configuration's fault.
func (a *App) send(ctx context.Context, sub *procura.Subscription, d *store.Delivery) (error, bool) {
	if sub == nil {
		return errors.New("the subscription was deleted"), true
	}
	sender, ok := a.Senders[sub.Destination.Type]
	if !ok {
		return fmt.Errorf("this node delivers no %s destination", sub.Destination.Type), true
	}
	err := sender.Send(ctx, sub.Destination, Notification{ID: d.ID, At: a.Now(), Payload: d.Payload,
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
	err := a.write(ctx, c, func(l *lookup) error {
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
