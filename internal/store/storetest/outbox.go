package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/procura/procura/internal/store"
)

// testOutbox: a claim takes only the first pending delivery of each line, once due, counts the
// attempt and holds it until the lease ends; only the last attempt's outcome is recorded; a
// delivered one lets the next of its line go; redelivery and purging.
func testOutbox(t *testing.T, s store.Store) {
	p := newProject(t, s, "acme")
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var ds []store.Delivery
	for i, line := range []string{"o1", "o1", "o2"} {
		ds = append(ds, store.Delivery{ID: fmt.Sprint("d", i), ProjectID: p.ID, SubscriptionID: "s", ResourceTypeID: "order",
			ResourceID: line, ResourceSeq: int64(i + 1), Payload: []byte(`{}`), DueAt: now})
	}
	mustWrite(t, s, func(tx store.Tx) error { return tx.EnqueueDeliveries(ds) })
	claim := func(at time.Time) []store.Delivery {
		t.Helper()
		var got []store.Delivery
		mustWrite(t, s, func(tx store.Tx) error {
			var err error
			got, err = tx.ClaimDeliveries(at, at.Add(time.Minute), 10)
			return err
		})
		return got
	}
	finish := func(d store.Delivery, want bool) {
		t.Helper()
		mustWrite(t, s, func(tx store.Tx) error {
			ok, err := tx.FinishDelivery(d, now)
			if err == nil && ok != want {
				err = fmt.Errorf("finishing attempt %d of %s: %v, want %v", d.Attempts, d.ID, ok, want)
			}
			return err
		})
	}
	ids := func(got []store.Delivery) string {
		out := ""
		for _, d := range got {
			out += fmt.Sprintf("%s#%d ", d.ID, d.Attempts)
		}
		return out
	}
	if got := ids(claim(now.Add(-time.Second))); got != "" {
		t.Fatalf("claimed before due: %s", got)
	}
	first := claim(now)
	if got := ids(first); got != "d0#1 d2#1 " {
		t.Fatalf("first claim: %s", got)
	}
	if got := ids(claim(now.Add(30 * time.Second))); got != "" {
		t.Fatalf("claimed during the lease: %s", got)
	}
	again := claim(now.Add(2 * time.Minute)) // the leases ran out: a second attempt
	if got := ids(again); got != "d0#2 d2#2 " {
		t.Fatalf("after the lease: %s", got)
	}
	stale := first[0]
	stale.State = store.DeliveryDelivered
	finish(stale, false)
	d0 := again[0]
	d0.State = store.DeliveryDelivered
	finish(d0, true)
	d2 := again[1]
	d2.State, d2.DueAt, d2.LastError = store.DeliveryPending, now.Add(time.Hour), "503"
	finish(d2, true)
	if got := ids(claim(now.Add(3 * time.Minute))); got != "d1#1 " {
		t.Fatalf("after d0 was delivered and d2 failed: %s", got)
	}
	var n int64
	mustWrite(t, s, func(tx store.Tx) error {
		var err error
		n, err = tx.RedeliverFrom(p.ID, "s", "order", "o1", 1, now.Add(4*time.Minute))
		return err
	})
	if n != 1 {
		t.Fatalf("redelivered %d, want d0 (d1 is pending still)", n)
	}
	mustWrite(t, s, func(tx store.Tx) error {
		var err error
		n, err = tx.PurgeDeliveries(now.Add(time.Hour))
		return err
	})
	if n != 0 {
		t.Fatalf("purged %d pending deliveries", n)
	}
	if got := ids(claim(now.Add(4 * time.Minute))); got != "d0#1 " {
		t.Fatalf("after the redelivery: %s", got)
	}
}
