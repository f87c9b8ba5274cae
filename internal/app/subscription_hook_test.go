package app_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/store"
)

// hooked runs the app's write hooks over w in one write of the project, as the write path does;
// fail makes the write fail after them.
func hooked(t *testing.T, a *app.App, w app.Written, fail error) error {
	t.Helper()
	return a.Store.Write(ctx, func(tx store.Tx) error {
		p, err := tx.ProjectByKey("acme")
		if err != nil {
			return err
		}
		for _, hook := range a.WriteHooks {
			if err := hook(tx, p.ID, w); err != nil {
				return err
			}
		}
		return fail
	})
}

// due claims every delivery due, as a worker would.
func due(t *testing.T, a *app.App) []store.Delivery {
	t.Helper()
	var out []store.Delivery
	err := a.Store.Write(ctx, func(tx store.Tx) error {
		var err error
		out, err = tx.ClaimDeliveries(time.Now().Add(time.Hour), time.Now().Add(2*time.Hour), 100)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func subscription(t *testing.T, a *app.App, c app.Caller, draft string) *procura.Subscription {
	t.Helper()
	var d procura.SubscriptionDraft
	if err := procura.DecodeJSON([]byte(draft), &d); err != nil {
		t.Fatal(err)
	}
	return must[*procura.Subscription](t)(a.CreateSubscription(ctx, c, d))
}

// The write hook enqueues one delivery per change and per subscription that follows it, in the
// reference's payloads; it sees subscriptions made or deleted since its node last read them; a
// write that rolls back leaves no delivery.
func TestWriteHookEnqueuesDeliveries(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		created := app.ResourceChange{ResourceTypeID: "quote", ResourceID: "q1", Version: 1, Kind: app.ResourceCreated,
			JSON: json.RawMessage(`{"id":"q1","key":"q-1","version":1,"lastModifiedAt":"2026-03-01T12:00:00.000Z"}`)}
		updated := created
		updated.Version, updated.Kind = 2, app.ResourceUpdated
		if err := hooked(t, a, app.Written{Changes: []app.ResourceChange{created}}, nil); err != nil {
			t.Fatal(err)
		}
		if got := due(t, a); len(got) != 0 {
			t.Fatalf("no subscription, yet %d deliveries", len(got))
		}
		platform := subscription(t, a, c, `{"destination":{"type":"NATS","subject":"q"},"changes":[{"resourceTypeId":"quote"}]}`)
		cloud := subscription(t, a, c, `{"destination":{"type":"NATS","subject":"q"},"changes":[{"resourceTypeId":"quote"}],"format":{"type":"CloudEvents","cloudEventsVersion":"1.0"}}`)
		subscription(t, a, c, `{"destination":{"type":"NATS","subject":"o"},"changes":[{"resourceTypeId":"order"}]}`)

		if err := hooked(t, a, app.Written{Changes: []app.ResourceChange{updated}}, errors.New("rolled back")); err == nil {
			t.Fatal("the write did not fail")
		}
		if got := due(t, a); len(got) != 0 {
			t.Fatalf("a rolled-back write left %d deliveries", len(got))
		}
		if err := hooked(t, a, app.Written{Changes: []app.ResourceChange{updated}}, nil); err != nil {
			t.Fatal(err)
		}
		got := due(t, a)
		if len(got) != 2 {
			t.Fatalf("%d deliveries, want one per quote subscription", len(got))
		}
		for _, d := range got {
			var p map[string]any
			if err := json.Unmarshal(d.Payload, &p); err != nil {
				t.Fatal(err)
			}
			if d.SubscriptionID == cloud.ID {
				if p["specversion"] != "1.0" || p["type"] != "com.commercetools.quote.change.ResourceUpdated" || p["subject"] != "q1" || p["sequence"] != "2" {
					t.Fatalf("CloudEvent %s", d.Payload)
				}
				p = p["data"].(map[string]any)
			} else if d.SubscriptionID != platform.ID {
				t.Fatalf("a delivery to %s", d.SubscriptionID)
			}
			ids, _ := p["resourceUserProvidedIdentifiers"].(map[string]any)
			if p["notificationType"] != "ResourceUpdated" || p["projectKey"] != "acme" || p["version"] != 2.0 || p["oldVersion"] != 1.0 ||
				p["modifiedAt"] != "2026-03-01T12:00:00.000Z" || ids["key"] != "q-1" {
				t.Fatalf("payload %s", d.Payload)
			}
		}
		// Deleted: no longer delivered to. (Another quote: q1's line waits for its first delivery.)
		must[*procura.Subscription](t)(a.DeleteSubscription(ctx, c, app.Ref{ID: cloud.ID}, cloud.Version))
		other := created
		other.ResourceID = "q2"
		if err := hooked(t, a, app.Written{Changes: []app.ResourceChange{other, updated}}, nil); err != nil {
			t.Fatal(err)
		}
		if got := due(t, a); len(got) != 1 || got[0].SubscriptionID != platform.ID || got[0].ResourceID != "q2" {
			t.Fatalf("after the delete: %+v", got)
		}
	})
}

// A write sees the subscriptions another node made or deleted since it last wrote: the
// generation it checks its copy against is read with its events, in the same statement.
func TestWritesSeeAnotherNodesSubscriptions(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		other := app.New(a.Store) // a second node over the same database
		role := func(key string) {
			t.Helper()
			must[*procura.AssociateRole](t)(a.CreateAssociateRole(ctx, c, procura.AssociateRoleDraft{Key: key}))
		}
		role("first") // the node's copy: no subscription
		if got := due(t, a); len(got) != 0 {
			t.Fatalf("no subscription, yet %d deliveries", len(got))
		}
		s := subscription(t, other, c, `{"destination":{"type":"NATS","subject":"r"},"changes":[{"resourceTypeId":"associate-role"}],"messages":[{"resourceTypeId":"associate-role"}]}`)
		role("second")
		if got := due(t, a); len(got) != 1 || got[0].SubscriptionID != s.ID || got[0].ResourceTypeID != "associate-role" {
			t.Fatalf("after another node subscribed: %d deliveries, want the new role's first", len(got)) // the next waits for it
		}
		must[*procura.Subscription](t)(other.DeleteSubscription(ctx, c, app.Ref{ID: s.ID}, s.Version))
		role("third")
		if got := due(t, a); len(got) != 0 {
			t.Fatalf("after another node unsubscribed: %d deliveries", len(got))
		}
	})
}
