package procura

import (
	"encoding/json"
	"testing"
)

// TestGiftLineItems: a gift discount gives the cart a free unit of its variant, a line of its
// own (lineItemMode GiftLineItem) that the buyer's units do not merge into; a gift that cannot be
// priced is not given; the gift goes when the discount stops matching; a gift the buyer removes
// goes to refusedGifts and is not given again.
func TestGiftLineItems(t *testing.T) {
	f, ch := discountWorld(t)
	gift := f.discount(t, ch, "gift", `{"name":{"en":"a free shirt"},"cartPredicate":"true","sortOrder":"0.9","value":{"type":"giftLineItem","product":{"typeId":"product","id":"p"},"variantId":1}}`)
	f.discount(t, ch, "unpriced", `{"name":{"en":"a blue shirt"},"cartPredicate":"true","sortOrder":"0.8","value":{"type":"giftLineItem","product":{"typeId":"product","id":"p"},"variantId":2}}`)
	if gift.Target != nil || gift.Value.Product == nil || gift.Value.VariantID != 1 {
		t.Fatalf("the gift discount: %+v", gift)
	}
	c := taxedCart(t, ch, `{"currency":"EUR","lineItems":[{"sku":"S-1","quantity":3}]}`)
	if err := update(c, ch, `{"action":"addLineItem","sku":"S-1","quantity":1}`); err != nil {
		t.Fatal(err)
	}
	if len(c.LineItems) != 2 || c.LineItems[0].Quantity != 4 || c.LineItems[0].LineItemMode != LineItemStandard {
		t.Fatalf("the buyer's line and the gift: %+v", c.LineItems)
	}
	g := c.LineItems[1]
	if g.LineItemMode != LineItemGift || g.Quantity != 1 || g.TotalPrice.CentAmount != 0 || len(g.DiscountedPricePerQuantity) != 1 ||
		g.DiscountedPricePerQuantity[0].DiscountedPrice.IncludedDiscounts[0].Discount.ID != "gift" || c.TotalPrice.CentAmount != 400 {
		t.Fatalf("a free shirt: %+v, total %s", g, c.TotalPrice)
	}
	// a second unit of the gift line costs its price
	if err := update(c, ch, `{"action":"changeLineItemQuantity","lineItemId":"`+g.ID+`","quantity":2}`); err != nil {
		t.Fatal(err)
	}
	if again := c.LineItems[1]; again.ID != g.ID || again.TotalPrice.CentAmount != 100 || c.TotalPrice.CentAmount != 500 {
		t.Fatalf("two units of the gift line, one free: %+v, total %s", again, c.TotalPrice)
	}
	// the discount stops matching: the gift goes
	gift.CartPredicate = "false"
	if err := update(c, ch, `{"action":"recalculate"}`); err != nil {
		t.Fatal(err)
	}
	if len(c.LineItems) != 1 || c.TotalPrice.CentAmount != 400 {
		t.Fatalf("without the gift: %+v, total %s", c.LineItems, c.TotalPrice)
	}
	gift.CartPredicate = "true"
	if err := update(c, ch, `{"action":"recalculate"}`); err != nil || len(c.LineItems) != 2 {
		t.Fatalf("the gift again: %v %+v", err, c.LineItems)
	}
	// the buyer removes it: refused, not given again
	if err := update(c, ch, `{"action":"removeLineItem","lineItemId":"`+c.LineItems[1].ID+`"}`, `{"action":"recalculate"}`); err != nil {
		t.Fatal(err)
	}
	if len(c.LineItems) != 1 || len(c.RefusedGifts) != 1 || c.RefusedGifts[0].ID != "gift" {
		t.Fatalf("a refused gift: %+v %+v", c.LineItems, c.RefusedGifts)
	}
	if err := update(c, ch, `{"action":"recalculate"}`); err != nil || len(c.LineItems) != 1 {
		t.Fatalf("a refused gift given again: %v %+v", err, c.LineItems)
	}
	if b, _ := json.Marshal(c); !json.Valid(b) {
		t.Fatal("the cart does not marshal")
	}
}
