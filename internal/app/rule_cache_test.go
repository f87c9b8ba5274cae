package app_test

import (
	"context"
	"errors"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/store"
)

// batchMates runs two writes as one transaction that then commits nothing, as a SQLite batch
// whose COMMIT fails: the first write is held back (and answered as if it had run alone), then
// run together with the next.
type batchMates struct {
	store.Store
	hold, failing bool
	held          func(store.Tx) error
}

var errCommit = errors.New("the batch's COMMIT failed")

func (s *batchMates) Write(ctx context.Context, fn func(store.Tx) error) error {
	switch {
	case s.hold:
		s.hold, s.held = false, fn
		return nil
	case s.failing:
		s.failing = false
		held := s.held
		return s.Store.Write(ctx, func(tx store.Tx) error {
			if err := held(tx); err != nil {
				return err
			}
			if err := fn(tx); err != nil {
				return err
			}
			return errCommit
		})
	}
	return s.Store.Write(ctx, fn)
}

// The node keeps an approval rule, decoded and compiled, only once the transaction that read it
// has committed: an order placed in a batch with a change of the rule that never committed must
// not leave that change to match later orders, when another change commits at the same version.
func TestARuleIsKeptOnlyOnceItsReadCommitted(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := approvalWorld(t, a, c)
		r := w.rule("acme", "big-orders", `totalPrice >= "1000.00 EUR"`, seedApprovers, "buyer-r")
		bob, ruth := w.customers["bob@acme.example"], w.customers["ruth@acme.example"]
		d := cartDraft("W-1")
		d.LineItems[0].Quantity = qty(10) // 199.90 EUR
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, w.seller, inUnit(bob, "acme"), d))
		order := func() (*procura.Order, error) {
			return a.CreateOrder(ctx, w.seller, inUnit(bob, "acme"), procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}, Version: &cart.Version})
		}
		s := &batchMates{Store: a.Store, hold: true}
		a.Store = s
		if _, err := a.UpdateApprovalRule(ctx, w.seller, inUnit(ruth, "acme"), app.Ref{ID: r.ID},
			actions(r.Version, `{"action":"setPredicate","predicate":"totalPrice >= \"1.00 EUR\""}`)); err != nil {
			t.Fatal(err)
		}
		s.failing = true
		if _, err := order(); !errors.Is(err, errCommit) {
			t.Fatalf("the order: %v, want the batch's failure", err)
		}
		a.Store = s.Store
		must[*procura.ApprovalRule](t)(a.UpdateApprovalRule(ctx, w.seller, inUnit(ruth, "acme"), app.Ref{ID: r.ID},
			actions(r.Version, `{"action":"setPredicate","predicate":"totalPrice >= \"100000.00 EUR\""}`)))
		if o := must[*procura.Order](t)(order()); o.ApprovalStatus != "" {
			t.Fatalf("a 199.90 EUR order under a rule of 100,000 EUR got approval status %q: matched by a change never committed", o.ApprovalStatus)
		}
	})
}
