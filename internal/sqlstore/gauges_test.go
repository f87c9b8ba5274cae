package sqlstore_test

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/sqlstore/sqltest"
	"github.com/procura/procura/internal/store"
)

// TestGauges: the deliveries due and dead, the mails not yet sent and the approval flows by
// project and state are counted across projects; deliveries not yet due and mails sent are not.
func TestGauges(t *testing.T) {
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			db := sqltest.Open(t, b)
			ctx := context.Background()
			now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
			if g, err := db.Gauges(ctx, now); err != nil || g.DeliveriesDue+g.DeliveriesDead+g.MailsPending != 0 || len(g.ApprovalFlows) != 0 {
				t.Fatalf("empty: %+v %v", g, err)
			}
			err := db.Write(ctx, func(tx store.Tx) error {
				for _, p := range []string{"p1", "p2"} {
					if err := tx.CreateProject(&procura.Project{ID: p, Key: "key-" + p}); err != nil {
						return err
					}
				}
				flows := map[string][]string{"p1": {"Pending", "Pending", "Approved"}, "p2": {"Rejected"}}
				for p, states := range flows {
					for i, s := range states {
						if err := tx.Docs(p).Insert(&store.Doc{Type: "approval-flow", ID: fmt.Sprint(p, i), Version: 1, State: s,
							CreatedAt: "2026-12-01T00:00:00.000Z", Data: []byte(`{}`)}); err != nil {
							return err
						}
					}
				}
				var ds []store.Delivery
				for i, due := range []time.Time{now.Add(-time.Minute), now, now.Add(time.Hour)} {
					ds = append(ds, store.Delivery{ID: fmt.Sprint("d", i), ProjectID: "p1", SubscriptionID: "s", ResourceTypeID: "order",
						ResourceID: fmt.Sprint("o", i), ResourceSeq: 1, Payload: []byte(`{}`), State: store.DeliveryPending, DueAt: due})
				}
				if err := tx.EnqueueDeliveries(ds); err != nil {
					return err
				}
				claimed, err := tx.ClaimDeliveries(now, now.Add(time.Minute), 1)
				if err != nil || len(claimed) != 1 {
					return fmt.Errorf("claim: %v %v", claimed, err)
				}
				claimed[0].State = store.DeliveryDead
				if ok, err := tx.FinishDelivery(claimed[0], now); !ok || err != nil {
					return fmt.Errorf("finish: %v %v", ok, err)
				}
				for i, st := range []string{store.MailPending, store.MailPending, store.MailSent} {
					m := &store.Mail{ID: fmt.Sprint("m", i), ProjectID: "p2", Kind: "k", To: "a@b.example", Status: store.MailPending, NextAt: now, CreatedAt: now}
					if _, err := tx.AddMail(m); err != nil {
						return err
					}
					if st == store.MailSent {
						m.Status = st
						if err := tx.SaveMailAttempt(m); err != nil {
							return err
						}
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			g, err := db.Gauges(ctx, now)
			if err != nil {
				t.Fatal(err)
			}
			if g.DeliveriesDue != 1 || g.DeliveriesDead != 1 || g.MailsPending != 2 {
				t.Errorf("outboxes: due %d (want 1), dead %d (want 1), mails pending %d (want 2)", g.DeliveriesDue, g.DeliveriesDead, g.MailsPending)
			}
			want := []store.StateCount{{Project: "key-p1", State: "Approved", Count: 1}, {Project: "key-p1", State: "Pending", Count: 2},
				{Project: "key-p2", State: "Rejected", Count: 1}}
			if !reflect.DeepEqual(g.ApprovalFlows, want) {
				t.Errorf("approval flows: %+v, want %+v", g.ApprovalFlows, want)
			}
			if later, _ := db.Gauges(ctx, now.Add(2*time.Hour)); later.DeliveriesDue != 2 {
				t.Errorf("two hours later, due: %d, want 2", later.DeliveriesDue)
			}
		})
	}
}

// TestPoolStatsAndRetries: the pools are named by role, and a transaction the database aborts
// (here two that deadlock, on PostgreSQL) is counted as it runs again.
func TestPoolStatsAndRetries(t *testing.T) {
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			db := sqltest.Open(t, b)
			names := map[string]bool{}
			for n := range db.PoolStats() {
				names[n] = true
			}
			if want := map[string]bool{"writer": true, "reader": true}; b.Name == "postgres" {
				if !reflect.DeepEqual(names, map[string]bool{"pool": true}) {
					t.Errorf("pools: %v, want the one pool", names)
				}
			} else if !reflect.DeepEqual(names, want) {
				t.Errorf("pools: %v, want %v", names, want)
			}
			if db.Retries() != 0 {
				t.Fatalf("retries before any write: %d", db.Retries())
			}
			if b.Name != "postgres" {
				return // SQLite runs one write at a time: nothing to abort
			}
			ctx := context.Background()
			if err := db.Write(ctx, func(tx store.Tx) error { return tx.CreateProject(&procura.Project{ID: "p", Key: "p"}) }); err != nil {
				t.Fatal(err)
			}
			var both sync.WaitGroup // each takes its first lock, then waits for the other's: a deadlock
			both.Add(2)
			var wg sync.WaitGroup
			for _, order := range [][2]string{{"a", "b"}, {"b", "a"}} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					first := true
					err := db.Write(ctx, func(tx store.Tx) error {
						if err := tx.Docs("p").Lock(order[0]); err != nil {
							return err
						}
						if first {
							first = false
							both.Done()
							both.Wait()
						}
						return tx.Docs("p").Lock(order[1])
					})
					if err != nil {
						t.Error(err)
					}
				}()
			}
			wg.Wait()
			if db.Retries() < 1 {
				t.Errorf("retries after a deadlock: %d, want at least 1", db.Retries())
			}
		})
	}
}
