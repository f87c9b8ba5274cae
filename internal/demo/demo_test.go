package demo_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/demo"
	"github.com/procura/procura/internal/sqlstore/sqltest"
)

// TestFill fills a project and checks that the seeds' company works: the engineering division
// inherits its company's people and store, and bob's large order there awaits the approver.
func TestFill(t *testing.T) {
	ctx := context.Background()
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			a := app.New(sqltest.Open(t, b))
			a.Passwords = app.Argon2id{Cheap: true}
			if _, err := a.CreateProject(ctx, "demo", ""); err != nil {
				t.Fatal(err)
			}
			c := app.Caller{ProjectKey: "demo"}
			if err := demo.Fill(ctx, a, c); err != nil {
				t.Fatal(err)
			}
			eng, err := a.GetBusinessUnit(ctx, c, app.Ref{Key: "acme-engineering"})
			if err != nil || len(eng.InheritedAssociates) != 2 || len(eng.InheritedStores) != 1 {
				t.Fatalf("acme-engineering: %v %+v", err, eng)
			}
			bob, err := a.Login(ctx, c, procura.CustomerSignIn{Email: "bob@acme.example", Password: demo.Password}, "127.0.0.1")
			if err != nil {
				t.Fatal(err)
			}
			q := int64(500)
			cart, err := a.CreateCart(ctx, c, app.Acting{Kind: procura.AsBackend, CustomerID: bob.Customer.ID, UnitKey: "acme-engineering"}, procura.CartDraft{
				Currency: "USD", Store: &procura.ResourceIdentifier{Key: "main"},
				LineItems: []procura.LineItemDraft{{SKU: "BULK-WIDGET-001", Quantity: &q}}})
			if err != nil {
				t.Fatal(err)
			}
			o, err := a.CreateOrder(ctx, c, app.Acting{Kind: procura.AsBackend, CustomerID: bob.Customer.ID, UnitKey: "acme-engineering"},
				procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}, Version: &cart.Version})
			if err != nil || o.TotalPrice.CentAmount != 125000 || o.ApprovalStatus != procura.FlowPending {
				t.Fatalf("bob's order of 500 widgets: %v %+v", err, o)
			}
			// The company's admin adds a colleague with the buyer and the approver roles herself.
			alice, err := a.Login(ctx, c, procura.CustomerSignIn{Email: "alice@acme.example", Password: demo.Password}, "127.0.0.1")
			if err != nil {
				t.Fatal(err)
			}
			as := c
			as.CustomerID = alice.Customer.ID
			acme, err := a.GetBusinessUnit(ctx, c, app.Ref{Key: "acme-corp"})
			if err != nil {
				t.Fatal(err)
			}
			var d procura.MyBusinessUnitAssociateDraft
			body := `{"version":` + fmt.Sprint(acme.Version) + `,"customer":{"email":"dave@acme.example","password":"` + demo.Password + `"},` +
				`"associateRoleAssignments":[{"associateRole":{"key":"buyer"}},{"associateRole":{"key":"approver"}}]}`
			if err := procura.DecodeJSON([]byte(body), &d); err != nil {
				t.Fatal(err)
			}
			if _, err := a.CreateColleague(ctx, as, app.MeIn(as, "acme-corp"), d); err != nil {
				t.Fatalf("alice adds a buyer and approver: %v", err)
			}
		})
	}
}
