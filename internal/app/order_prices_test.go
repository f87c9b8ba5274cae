package app_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// stopClock gives the App a clock the test moves (by the returned function).
func stopClock(a *app.App) (advance func(time.Duration)) {
	now := time.Now().UTC()
	a.Now = func() time.Time { return now }
	return func(d time.Duration) { now = now.Add(d) }
}

const day = 24 * time.Hour

func orderOf(cart *procura.Cart) procura.OrderFromCartDraft {
	return procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}, Version: &cart.Version}
}

// TestOrderRepricesAnActiveCart: on every route, a cart ordered days after its last update
// is ordered at today's price, and the cart is saved so, Ordered; the approval rules see the
// repriced total.
func TestOrderRepricesAnActiveCart(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := approvalWorld(t, a, c)
		advance := stopClock(a)
		alice := w.customers["alice@acme.example"]
		inStore := c
		inStore.Store = "main"
		for _, route := range []struct {
			name   string
			caller app.Caller
			who    app.Acting
		}{
			{"general", c, app.Acting{}},
			{"as-associate", c, inUnit(alice, "acme")},
			{"me", w.as("alice@acme.example", "acme"), asMe(alice)},
			{"in-store", inStore, app.Acting{}},
		} {
			setWidgetPrice(t, a, c, 1999)
			cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, app.Acting{}, withCustomer(cartDraft("W-1"), alice, "acme")))
			setWidgetPrice(t, a, c, 2999)
			advance(90 * day)
			o, err := a.CreateOrder(ctx, route.caller, route.who, orderOf(cart))
			if err != nil {
				t.Fatalf("%s: %v", route.name, err)
			}
			if o.TotalPrice.CentAmount != 2999 || o.LineItems[0].Price.Value.CentAmount != 2999 {
				t.Fatalf("%s: order at %d (unit %d), want today's 2999", route.name, o.TotalPrice.CentAmount, o.LineItems[0].Price.Value.CentAmount)
			}
			saved := must[*procura.Cart](t)(a.GetCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}))
			if saved.CartState != procura.CartOrdered || saved.TotalPrice.CentAmount != 2999 {
				t.Fatalf("%s: the ordered cart is %s at %d", route.name, saved.CartState, saved.TotalPrice.CentAmount)
			}
		}

		w.rule("acme", "above-25", `totalPrice >= "25.00 EUR"`, seedApprovers, "shopper")
		setWidgetPrice(t, a, c, 1999)
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, inUnit(alice, "acme"), cartDraft("W-1")))
		setWidgetPrice(t, a, c, 2999)
		o := must[*procura.Order](t)(a.CreateOrder(ctx, c, inUnit(alice, "acme"), orderOf(cart)))
		if o.ApprovalStatus != procura.FlowPending {
			t.Fatalf("a cart of 19.99 repriced to 29.99: approval status %q, want Pending", o.ApprovalStatus)
		}
	})
}

// TestOrderRepricesEachLineFromItsProduct: the products of a cart's lines are read together at
// ordering and at a cart's update, and each line gets its own product's price of the day; a line
// whose product is gone refuses the order or the update, which then writes nothing.
func TestOrderRepricesEachLineFromItsProduct(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		as := inUnit(w.customers["alice@acme.example"], "acme")
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, as, cartDraft("W-1", "G-1", "W-1")))
		setWidgetPrice(t, a, c, 2999)
		o := must[*procura.Order](t)(a.CreateOrder(ctx, c, as, orderOf(cart)))
		if len(o.LineItems) != 2 || o.TotalPrice.CentAmount != 2*2999+500 {
			t.Fatalf("order of %d lines at %d, want 2 lines at %d", len(o.LineItems), o.TotalPrice.CentAmount, 2*2999+500)
		}
		for _, li := range o.LineItems {
			if want := map[string]int64{"W-1": 2999, "G-1": 500}[li.Variant.SKU]; li.Price.Value.CentAmount != want {
				t.Errorf("line %s at %d, want %d", li.Variant.SKU, li.Price.Value.CentAmount, want)
			}
		}

		cart = must[*procura.Cart](t)(a.CreateCart(ctx, c, as, cartDraft("W-1", "G-1")))
		setWidgetPrice(t, a, c, 3999)
		email := func(version int64) procura.Update {
			return actions(version, `{"action":"setCustomerEmail","email":"buyer@acme.example"}`)
		}
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}, email(cart.Version)))
		if cart.TotalPrice.CentAmount != 3999+500 {
			t.Fatalf("a cart updated after the widget's price changed is at %d, want %d", cart.TotalPrice.CentAmount, 3999+500)
		}

		gadget := must[*procura.Product](t)(a.GetProduct(ctx, c, app.Ref{Key: "gadget"}))
		must[*procura.Product](t)(a.DeleteProduct(ctx, c, app.Ref{Key: "gadget"}, gadget.Version))
		_, err := a.CreateOrder(ctx, c, as, orderOf(cart))
		wantCode(t, err, procura.CodeReferencedResourceNotFound)
		_, err = a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}, email(cart.Version))
		wantCode(t, err, procura.CodeReferencedResourceNotFound)
		saved := must[*procura.Cart](t)(a.GetCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}))
		if saved.CartState != procura.CartActive || saved.Version != cart.Version {
			t.Fatalf("a refused order and update left the cart %s at version %d (was %d)", saved.CartState, saved.Version, cart.Version)
		}
	})
}

// TestFrozenCartPricesAtOrdering: a cart frozen less than the project's frozenPricesDays ago
// (30 by default) is ordered at its frozen price; past them ordering is refused and writes
// nothing, until the seller lengthens the setting or the buyer unfreezes (today's price).
func TestFrozenCartPricesAtOrdering(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		advance := stopClock(a)
		as := inUnit(w.customers["alice@acme.example"], "acme")
		frozen := func() *procura.Cart {
			cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, as, cartDraft("W-1")))
			return must[*procura.Cart](t)(a.UpdateCart(ctx, c, as, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"freezeCart","strategy":"HardFreeze"}`)))
		}
		young, old := frozen(), frozen()
		if young.FrozenAt != procura.FormatTime(a.Now()) {
			t.Fatalf("frozenAt %q, want %q", young.FrozenAt, procura.FormatTime(a.Now()))
		}
		setWidgetPrice(t, a, c, 2999)

		advance(30*day - time.Minute)
		if o := must[*procura.Order](t)(a.CreateOrder(ctx, c, as, orderOf(young))); o.TotalPrice.CentAmount != 1999 {
			t.Fatalf("frozen 30 days less a minute ago: ordered at %d, want 1999", o.TotalPrice.CentAmount)
		}

		advance(time.Minute)
		_, err := a.CreateOrder(ctx, c, as, orderOf(old))
		wantCode(t, err, procura.CodeInvalidOperation)
		if got := must[*procura.Cart](t)(a.GetCart(ctx, c, app.Acting{}, app.Ref{ID: old.ID})); got.Version != old.Version || got.CartState != procura.CartFrozen {
			t.Fatalf("the refused cart is %s at version %d, want Frozen at %d", got.CartState, got.Version, old.Version)
		}
		page := must[*app.Page](t)(a.QueryOrders(ctx, c, app.Acting{}, app.Query{Limit: 10, WithTotal: true}))
		if *page.Total != 1 {
			t.Fatalf("%d orders stored, want 1", *page.Total)
		}

		p := must[*procura.Project](t)(a.GetProject(ctx, c))
		p = must[*procura.Project](t)(a.UpdateProject(ctx, c, actions(p.Version, `{"action":"changeFrozenPricesDays","frozenPricesDays":31}`)))
		if p.Carts.FrozenPricesDays != 31 {
			t.Fatalf("frozenPricesDays %d, want 31", p.Carts.FrozenPricesDays)
		}
		_, err = a.UpdateProject(ctx, c, actions(p.Version, `{"action":"changeFrozenPricesDays","frozenPricesDays":0}`))
		wantCode(t, err, procura.CodeInvalidField)
		if o := must[*procura.Order](t)(a.CreateOrder(ctx, c, as, orderOf(old))); o.TotalPrice.CentAmount != 1999 {
			t.Fatalf("frozen 30 days ago, held 31: ordered at %d, want 1999", o.TotalPrice.CentAmount)
		}

		stale := frozen()
		advance(31 * day)
		_, err = a.CreateOrder(ctx, c, as, orderOf(stale))
		wantCode(t, err, procura.CodeInvalidOperation)
		stale = must[*procura.Cart](t)(a.UpdateCart(ctx, c, as, app.Ref{ID: stale.ID}, actions(stale.Version, `{"action":"unfreezeCart"}`)))
		if o := must[*procura.Order](t)(a.CreateOrder(ctx, c, as, orderOf(stale))); o.TotalPrice.CentAmount != 2999 {
			t.Fatalf("unfrozen: ordered at %d, want today's 2999", o.TotalPrice.CentAmount)
		}
	})
}

// TestQuoteOrderKeepsTheQuote: an order of a quote, placed days later after a price rise, keeps
// the quoted prices and shows the quote's direct discounts, which explain its total; an order
// of a cart shows the cart's.
func TestQuoteOrderKeepsTheQuote(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := quoteWorld(t, a, c)
		advance := stopClock(a)
		quinn := w.customers["quinn@acme.example"]
		cart := w.quoteCart(app.Acting{}, quinn, "acme", 10)
		qr := must[*procura.QuoteRequest](t)(a.CreateQuoteRequest(ctx, c, app.Acting{}, requestDraft(cart, "")))
		sq := w.stage(qr)
		w.priceQuotation(sq, 1500, 1000)
		q := w.send(sq)
		setWidgetPrice(t, a, c, 2999)
		advance(60 * day)
		o := must[*procura.Order](t)(a.CreateOrderFromQuote(ctx, c, inUnit(quinn, "acme"), orderDraft(q, true)))
		if o.TotalPrice.CentAmount != 13500 || o.LineItems[0].Price.Value.CentAmount != 1500 || o.LineItems[0].TotalPrice.CentAmount != 15000 {
			t.Fatalf("order of the quote: total %d, unit %d, line %d", o.TotalPrice.CentAmount, o.LineItems[0].Price.Value.CentAmount, o.LineItems[0].TotalPrice.CentAmount)
		}
		got, _ := json.Marshal(o.DirectDiscounts)
		if want, _ := json.Marshal(q.DirectDiscounts); len(o.DirectDiscounts) != 1 || string(got) != string(want) {
			t.Fatalf("order's direct discounts %s, want the quote's %s", got, want)
		}
		shown := must[*procura.Order](t)(a.GetOrder(ctx, c, app.Acting{}, app.Ref{ID: o.ID}))
		if len(shown.DirectDiscounts) != 1 {
			t.Fatalf("the stored order shows %d direct discounts, want 1", len(shown.DirectDiscounts))
		}

		direct := w.quoteCart(app.Acting{}, quinn, "acme", 1)
		direct = must[*procura.Cart](t)(a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: direct.ID}, actions(direct.Version,
			`{"action":"setDirectDiscounts","discounts":[{"value":{"type":"relative","permyriad":1000},"target":{"type":"totalPrice"}}]}`)))
		o = must[*procura.Order](t)(a.CreateOrder(ctx, c, app.Acting{}, orderOf(direct)))
		if o.TotalPrice.CentAmount != 2699 || len(o.DirectDiscounts) != 1 {
			t.Fatalf("order of a cart with a direct discount: total %d, %d direct discounts", o.TotalPrice.CentAmount, len(o.DirectDiscounts))
		}
	})
}
