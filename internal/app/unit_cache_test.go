package app_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// TestDecodedUnitsFollowEveryChange: reads keep decoded units per node and share them between
// requests. Many readers at once (as the seller, and as an associate through /me) must each get
// the unit as it is at that moment, derived from its company as it is: a company's new associate
// shows in its division's inherited associates at the next read. Run with -race, it also checks
// that readers deriving fields on shared units do not write to what the others read.
func TestDecodedUnitsFollowEveryChange(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := acmeWorld(t, a, c)
		alice := w.customers["alice@acme.example"]
		asAlice := w.as("alice@acme.example", "acme")
		me := app.Me(asAlice)
		for round := range 3 {
			email := fmt.Sprintf("new%d@acme.example", round)
			w.customer(email)
			var wg sync.WaitGroup
			errs := make(chan error, 64)
			for range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range 5 {
						u, err := a.GetBusinessUnit(ctx, c, app.Ref{Key: "eng"})
						if err != nil {
							errs <- err
							return
						}
						if len(u.InheritedAssociates) != 2+round {
							errs <- fmt.Errorf("round %d: eng inherits %d associates", round, len(u.InheritedAssociates))
						}
						if _, err := a.GetAssociateUnit(ctx, asAlice, me, app.Ref{Key: "eng"}); err != nil {
							errs <- err
						}
						if _, err := a.QueryBusinessUnits(ctx, c, app.Query{}); err != nil {
							errs <- err
						}
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			w.associate("acme", email, "buyer", procura.InheritanceEnabled)
		}
		u, err := a.GetBusinessUnit(ctx, c, app.Ref{Key: "eng"})
		if err != nil || len(u.InheritedAssociates) != 5 {
			t.Fatalf("eng after three new associates of acme: %v, %v", u, err)
		}
		if u.InheritedAssociates[0].Customer.ID != alice {
			t.Errorf("first inherited associate: %+v", u.InheritedAssociates[0])
		}
	})
}
