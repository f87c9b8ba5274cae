package app

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/procura/procura/internal/store"
)

// Counters are what the node counts for its metrics (internal/metrics reads them at each
// scrape): plain atomic numbers, so that the use cases need no metrics library.
type Counters struct {
	TokenCacheHits   atomic.Int64 // bearer tokens verified from the node's cache
	TokenCacheMisses atomic.Int64 // bearer tokens read from the database
	// SignInFailures counts customers' sign-ins refused for a wrong email or password;
	// SignInsLocked the attempts refused because their account or address was locked (the one
	// that locks it too), and Lockouts the locks set (of accounts, addresses and anonymous
	// sessions' addresses).
	SignInFailures, SignInsLocked, Lockouts atomic.Int64
}

// DeliveryAttempt is told of each attempt to deliver a subscription's notification: how long
// the send took and its outcome (delivered, pending to try again, or dead). Nil: no one is told.
type DeliveryAttempt func(subscriptionID string, took time.Duration, outcome string)

// Gauges counts, across every project, what waits in the outboxes and the approval flows by
// state, for the metrics.
func (a *App) Gauges(ctx context.Context) (store.Gauges, error) { return a.Store.Gauges(ctx, a.Now()) }
