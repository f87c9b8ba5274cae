package procura

import (
	"encoding/json"
	"testing"
	"time"
)

// TestPricesForOrder: at ordering an Active cart takes today's prices and discounts; a Frozen
// cart keeps its prices for frozenDays from its freezing (a soft freeze takes today's
// discounts), and past them is refused unchanged; unfreezing and freezing again restarts the
// count at today's prices; a cart frozen before the freezing was recorded counts from its
// creation.
func TestPricesForOrder(t *testing.T) {
	day := 24 * time.Hour
	newCart := func(t *testing.T) (*fakeDiscounts, Change, *Cart) {
		f, ch := discountWorld(t)
		return f, ch, taxedCart(t, ch, `{"currency":"EUR","customerId":"cu","lineItems":[{"sku":"S-1","quantity":2}],"shippingAddress":{"country":"DE"}}`)
	}
	setPrice := func(f *fakeDiscounts, cents int64) {
		f.product.MasterData.Current.MasterVariant.Prices[0].Value.CentAmount = cents
	}
	at := func(ch Change, d time.Duration) Change { ch.Now = testNow.Add(d); return ch }
	act := func(t *testing.T, c *Cart, ch Change, action string) {
		t.Helper()
		if err := c.Apply(json.RawMessage(action), ch); err != nil {
			t.Fatalf("%s: %v", action, err)
		}
	}

	t.Run("an Active cart takes today's prices and discounts", func(t *testing.T) {
		f, ch, c := newCart(t)
		setPrice(f, 150)
		f.discount(t, ch, "ten", `{"name":{"en":"ten"},"cartPredicate":"true","sortOrder":"0.1","value":{"type":"absolute","money":[{"currencyCode":"EUR","centAmount":10}]},"target":{"type":"lineItems","predicate":"true"}}`)
		if err := c.PriceForOrder(at(ch, 90*day), 30); err != nil || c.LineItems[0].Price.Value.CentAmount != 150 || c.TotalPrice.CentAmount != 280 {
			t.Fatalf("active cart at ordering: %v, unit %d, total %s", err, c.LineItems[0].Price.Value.CentAmount, c.TotalPrice)
		}
	})
	t.Run("a hard-frozen cart keeps its prices and discounts for the days, then is refused", func(t *testing.T) {
		f, ch, c := newCart(t)
		act(t, c, ch, `{"action":"freezeCart","strategy":"HardFreeze"}`)
		if c.FrozenAt != FormatTime(testNow) {
			t.Fatalf("frozenAt %q, want %q", c.FrozenAt, FormatTime(testNow))
		}
		setPrice(f, 150)
		f.discount(t, ch, "ten", `{"name":{"en":"ten"},"cartPredicate":"true","sortOrder":"0.1","value":{"type":"absolute","money":[{"currencyCode":"EUR","centAmount":10}]},"target":{"type":"lineItems","predicate":"true"}}`)
		if err := c.PriceForOrder(at(ch, 30*day-time.Second), 30); err != nil || c.TotalPrice.CentAmount != 200 {
			t.Fatalf("frozen 30 days less a second: %v %s", err, c.TotalPrice)
		}
		before, _ := json.Marshal(c)
		if err := c.PriceForOrder(at(ch, 30*day), 30); ErrorCode(err) != CodeInvalidOperation {
			t.Fatalf("frozen 30 days: %v, want InvalidOperation", err)
		}
		if after, _ := json.Marshal(c); string(after) != string(before) {
			t.Fatal("a refused cart changed")
		}
		if err := c.PriceForOrder(at(ch, 30*day), 31); err != nil || c.TotalPrice.CentAmount != 200 {
			t.Fatalf("frozen 30 days, held 31: %v %s", err, c.TotalPrice)
		}
	})
	t.Run("a soft-frozen cart keeps its prices, not its discounts", func(t *testing.T) {
		f, ch, c := newCart(t)
		act(t, c, ch, `{"action":"freezeCart"}`)
		setPrice(f, 150)
		f.discount(t, ch, "ten", `{"name":{"en":"ten"},"cartPredicate":"true","sortOrder":"0.1","value":{"type":"absolute","money":[{"currencyCode":"EUR","centAmount":10}]},"target":{"type":"lineItems","predicate":"true"}}`)
		if err := c.PriceForOrder(at(ch, day), 30); err != nil || c.LineItems[0].Price.Value.CentAmount != 100 || c.TotalPrice.CentAmount != 180 {
			t.Fatalf("soft-frozen cart at ordering: %v, unit %d, total %s", err, c.LineItems[0].Price.Value.CentAmount, c.TotalPrice)
		}
	})
	t.Run("unfreezing reprices, and freezing again counts anew", func(t *testing.T) {
		f, ch, c := newCart(t)
		act(t, c, ch, `{"action":"freezeCart"}`)
		setPrice(f, 150)
		act(t, c, at(ch, 20*day), `{"action":"unfreezeCart"}`)
		if c.FrozenAt != "" || c.TotalPrice.CentAmount != 300 {
			t.Fatalf("unfrozen: frozenAt %q total %s", c.FrozenAt, c.TotalPrice)
		}
		act(t, c, at(ch, 20*day), `{"action":"freezeCart"}`)
		setPrice(f, 170)
		if err := c.PriceForOrder(at(ch, 40*day), 30); err != nil || c.TotalPrice.CentAmount != 300 {
			t.Fatalf("refrozen 20 days ago: %v %s", err, c.TotalPrice)
		}
	})
	t.Run("a cart frozen before frozenAt was recorded counts from its creation", func(t *testing.T) {
		_, ch, c := newCart(t)
		c.Stamp("cart-1", testNow.Add(-40*day))
		act(t, c, ch, `{"action":"freezeCart"}`)
		c.FrozenAt = ""
		if err := c.PriceForOrder(ch, 30); ErrorCode(err) != CodeInvalidOperation {
			t.Fatalf("created 40 days ago, frozen since: %v, want InvalidOperation", err)
		}
	})
}
