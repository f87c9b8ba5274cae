package app_test

import (
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// Carts take their products from those the node has decoded, and see a product's change at
// the next cart; every test run through eachBackend checks that nothing changed a kept product.
func TestCartsTakeTheNodesDecodedProducts(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		as := inUnit(w.customers["alice@acme.example"], "acme")
		must[*procura.Cart](t)(a.CreateCart(ctx, c, as, cartDraft("W-1", "G-1")))
		if n, err := app.KeptProducts(a); err != nil || n != 2 {
			t.Fatalf("%d products kept (%v), want the widget and the gadget", n, err)
		}
		setWidgetPrice(t, a, c, 2999)
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, as, cartDraft("W-1", "W-1")))
		if cart.TotalPrice.CentAmount != 2*2999 {
			t.Fatalf("a cart after the widget's new price is at %d, want %d", cart.TotalPrice.CentAmount, 2*2999)
		}
		if n, err := app.KeptProducts(a); err != nil || n != 2 {
			t.Fatalf("%d products kept (%v) after the widget changed, want 2", n, err)
		}
	})
}
