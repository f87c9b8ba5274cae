package app_test

import (
	"fmt"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/sqlstore/sqltest"
)

// BenchmarkCreateOrderWithRules places orders in a division governed by 50 Active rules (25 of
// its own, 25 inherited from its company), none of whose predicates match, against the same
// without rules: rule matching must cost at most 20% of order creation.
func BenchmarkCreateOrderWithRules(b *testing.B) {
	for _, backend := range sqltest.Backends() {
		for _, rules := range []int{0, 50} {
			b.Run(fmt.Sprintf("%s/rules=%d", backend.Name, rules), func(b *testing.B) {
				a, c := benchApp(b, backend)
				t := &testing.T{}
				w := approvalWorld(t, a, c)
				if t.Failed() {
					b.Fatal("setting up the world failed")
				}
				for i := 0; i < rules; i++ {
					unit := "acme"
					if i%2 == 0 {
						unit = "eng"
					}
					w.rule(unit, fmt.Sprint("rule-", i), fmt.Sprintf(`totalPrice >= "%d.00 EUR" and lineItemExists(sku = "NONE-%d")`, 1000+i, i), seedApprovers, "buyer-r")
				}
				bob := w.customers["bob@acme.example"]
				carts := make([]*procura.Cart, b.N)
				for i := range carts {
					d := cartDraft("W-1")
					d.LineItems[0].Quantity = qty(100)
					cart, err := a.CreateCart(ctx, c, inUnit(bob, "eng"), d)
					if err != nil {
						b.Fatal(err)
					}
					carts[i] = cart
				}
				b.ResetTimer()
				for _, cart := range carts {
					o, err := a.CreateOrder(ctx, c, inUnit(bob, "eng"), procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}, Version: &cart.Version})
					if err != nil || o.ApprovalStatus != "" {
						b.Fatalf("%v %q", err, o.ApprovalStatus)
					}
				}
			})
		}
	}
}

// benchApp is an App on a fresh database of backend with the project acme, for benchmarks.
func benchApp(b *testing.B, backend sqltest.Backend) (*app.App, app.Caller) {
	a := app.New(sqltest.Open(b, backend))
	a.Passwords = app.Argon2id{Cheap: true}
	if _, err := a.CreateProject(ctx, "acme", ""); err != nil {
		b.Fatal(err)
	}
	return a, app.Caller{ProjectKey: "acme"}
}
