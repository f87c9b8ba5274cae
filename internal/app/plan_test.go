package app_test

import (
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/sqlstore"
	"github.com/procura/procura/internal/sqlstore/sqltest"
)

// TestOrdersArePlannedOnAReader: on SQLite, creating a cart and placing it as an order run on a
// reader, and only their writes take the writer; a use case whose reads changed in between runs
// again in a write transaction, with the same result as without the plan.
func TestOrdersArePlannedOnAReader(t *testing.T) {
	a := app.New(sqltest.Open(t, sqltest.Backends()[0]))
	a.Passwords = app.Argon2id{Cheap: true}
	if _, err := a.CreateProject(ctx, "acme", ""); err != nil {
		t.Fatal(err)
	}
	c := app.Caller{ProjectKey: "acme"}
	w := shopWorld(t, a, c)
	db := a.Store.(*sqlstore.DB)
	alice := w.customers["alice@acme.example"]
	applied, rerun := db.Plans()
	cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, inUnit(alice, "acme"), cartDraft("W-1")))
	must[*procura.Order](t)(a.CreateOrder(ctx, c, inUnit(alice, "acme"), procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}, Version: &cart.Version}))
	if a2, r2 := db.Plans(); a2-applied != 2 || r2 != rerun {
		t.Fatalf("planned %d, ran again %d; want the cart and the order planned", a2-applied, r2-rerun)
	}
	// A stale version: refused as before, through the write transaction.
	_, err := a.CreateOrder(ctx, c, inUnit(alice, "acme"), procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}, Version: &cart.Version})
	wantCode(t, err, procura.CodeConcurrentModification)
}
