package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/sqlstore/sqltest"
	"github.com/procura/procura/internal/store"
)

// A transaction keeps copies in the node's caches only once it has committed: one that read the
// project's settings and the role table and then failed leaves none, one that committed leaves
// both.
func TestCopiesAreKeptOnCommit(t *testing.T) {
	ctx := context.Background()
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			a, c := acmeApp(t, b)
			failed := errors.New("the use case failed")
			readBoth := func(l *lookup) error {
				if _, err := l.project(); err != nil {
					return err
				}
				_, err := rolePermissions(l)
				return err
			}
			kept := func() (project, roles bool) {
				a.caches.projects.m.Range(func(any, any) bool { project = true; return false })
				a.caches.roles.m.Range(func(any, any) bool { roles = true; return false })
				return project, roles
			}
			err := a.write(ctx, c, func(l *lookup) error {
				if err := readBoth(l); err != nil {
					return err
				}
				return failed
			})
			if !errors.Is(err, failed) {
				t.Fatal(err)
			}
			if project, roles := kept(); project || roles {
				t.Fatalf("a failed write kept the project (%v) or the roles (%v)", project, roles)
			}
			if err := a.write(ctx, c, readBoth); err != nil {
				t.Fatal(err)
			}
			if project, roles := kept(); !project || !roles {
				t.Fatalf("a committed write kept the project (%v) and the roles (%v)", project, roles)
			}
		})
	}
}

// A transaction reads the versions of the node's copies again after it took a lock: on
// PostgreSQL, a change committed by another while it waited for the lock counts.
func TestGenerationsAreReadAgainAfterALock(t *testing.T) {
	ctx := context.Background()
	for _, b := range sqltest.Backends() {
		if b.Name != "postgres" {
			continue // SQLite's one writer: nothing commits during a write
		}
		t.Run(b.Name, func(t *testing.T) {
			a, c := acmeApp(t, b)
			current, err := a.GetProject(ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			err = a.write(ctx, c, func(l *lookup) error {
				before, err := l.generations()
				if err != nil {
					return err
				}
				p, err := a.UpdateProject(ctx, c, procura.Update{Version: &current.Version, Actions: []json.RawMessage{json.RawMessage(`{"action":"changeName","name":"Renamed"}`)}})
				if err != nil {
					return err
				}
				if again, err := l.generations(); err != nil || again.project != before.project {
					t.Errorf("without a lock, the transaction's versions changed: %+v %v", again, err)
				}
				if err := l.docs.Lock("a lock"); err != nil {
					return err
				}
				after, err := l.generations()
				if err == nil && after.project != p.Version {
					t.Errorf("after a lock the project's version is %d, want %d", after.project, p.Version)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// acmeApp is a node on a fresh database of backend b, with project "acme", and a caller of it.
func acmeApp(t *testing.T, b sqltest.Backend) (*App, Caller) {
	t.Helper()
	a := New(sqltest.Open(t, b))
	if _, err := a.CreateProject(context.Background(), "acme", ""); err != nil {
		t.Fatal(err)
	}
	return a, Caller{ProjectKey: "acme"}
}

// rolledBack is a store whose writes all run and then roll back, as a write of a SQLite batch
// that runs again does the first time (decision 0070).
type rolledBack struct{ store.Store }

var errRolledBack = errors.New("rolled back after it ran")

func (s rolledBack) Write(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.Write(ctx, func(tx store.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errRolledBack
	})
}

// The write hook keeps the project's subscriptions, with their secrets, only once its write has
// committed: an update that drew a new secret and then rolled back leaves no copy behind, and one
// that committed leaves the copy of what it committed.
func TestSubscriptionsAreKeptOnCommit(t *testing.T) {
	ctx := context.Background()
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			a, c := acmeApp(t, b)
			var d procura.SubscriptionDraft
			if err := procura.DecodeJSON([]byte(`{"destination":{"type":"NATS","subject":"q"},"changes":[{"resourceTypeId":"quote"}]}`), &d); err != nil {
				t.Fatal(err)
			}
			s, err := a.CreateSubscription(ctx, c, d)
			if err != nil {
				t.Fatal(err)
			}
			a.caches.subscriptions.Clear()
			toHTTP := func() (*procura.Subscription, error) {
				action, _ := json.Marshal(map[string]any{"action": "changeDestination", "destination": map[string]string{"type": "HTTP", "url": "https://example.com/hook"}})
				return a.UpdateSubscription(ctx, c, Ref{ID: s.ID}, procura.Update{Version: &s.Version, Actions: []json.RawMessage{action}})
			}
			kept := func() (secret string, ok bool) {
				a.caches.subscriptions.Range(func(_, v any) bool {
					for _, sub := range v.(cachedSubscriptions).list {
						secret, ok = sub.Destination.Secret, true
					}
					return false
				})
				return secret, ok
			}
			db := a.Store
			a.Store = rolledBack{db}
			if _, err := toHTTP(); !errors.Is(err, errRolledBack) {
				t.Fatalf("the update: %v, want it rolled back", err)
			}
			if secret, ok := kept(); ok {
				t.Fatalf("a rolled back update left the node a copy of the subscriptions (secret %.12s…)", secret)
			}
			a.Store = db
			if _, err := toHTTP(); err != nil {
				t.Fatal(err)
			}
			var stored string
			err = a.read(ctx, "acme", func(l *lookup) error {
				doc, err := l.docs.Get(procura.TypeSubscription, s.ID)
				if err != nil {
					return err
				}
				sub, err := subscriptionKind.decoded(nil, doc)
				stored = sub.Destination.Secret
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if secret, ok := kept(); !ok || secret != stored {
				t.Fatalf("after the update committed the node keeps %v (secret %.12s…), want the committed secret", ok, secret)
			}
		})
	}
}

// listDocs counts the lists of a project's subscriptions.
type listDocs struct {
	store.Docs
	lists *int
}

func (d listDocs) List(typ string) ([]*store.Doc, error) {
	if typ == procura.TypeSubscription {
		*d.lists++
	}
	return d.Docs.List(typ)
}

// A claim of deliveries lists a project's subscriptions once, however many of its deliveries it
// claims, when the node has no current copy of them (as after another node changed one).
func TestAClaimListsAProjectsSubscriptionsOnce(t *testing.T) {
	ctx := context.Background()
	a, c := acmeApp(t, sqltest.Backends()[0])
	var d procura.SubscriptionDraft
	if err := procura.DecodeJSON([]byte(`{"destination":{"type":"NATS","subject":"q"},"changes":[{"resourceTypeId":"associate-role"}]}`), &d); err != nil {
		t.Fatal(err)
	}
	if _, err := a.CreateSubscription(ctx, c, d); err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		if _, err := a.CreateAssociateRole(ctx, c, procura.AssociateRoleDraft{Key: fmt.Sprint("r", i)}); err != nil {
			t.Fatal(err)
		}
	}
	a.caches.subscriptions.Clear()
	lists := 0
	a.Store = SpyStore{Store: a.Store, Wrap: func(d store.Docs) store.Docs { return listDocs{Docs: d, lists: &lists} }}
	if _, err := a.RunDeliveries(ctx, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if lists != 1 {
		t.Fatalf("one claim of 20 deliveries listed the project's subscriptions %d times, want once", lists)
	}
}
