package procura

import (
	"encoding/json"
	"math"
)

// ShippingAndTaxes is the money of a cart's shipping and taxes, which its order keeps.
type ShippingAndTaxes struct {
	ShippingInfo       *ShippingInfo `json:"shippingInfo,omitempty"`
	TaxedPrice         *TaxedPrice   `json:"taxedPrice,omitempty"`
	TaxedShippingPrice *TaxedPrice   `json:"taxedShippingPrice,omitempty"`
	// the custom fields and the shipping rate input of the shipping of mode Single
	ShippingCustomFields *CustomFields      `json:"shippingCustomFields,omitempty"`
	ShippingRateInput    *ShippingRateInput `json:"shippingRateInput,omitempty"`
}

// The cart's pricing is one pipeline, run after every change (decision 0026):
//
//  1. line prices: each line item's total, its price times its quantity, and the seller's custom
//     line items';
//  2. discounts: the cart discounts pickDiscounts chose lower the units of line items and custom
//     line items, and the shippings once priced (a discount on the total price is shared among
//     all of them, decision 0040), or else the cart's direct discounts lower the subtotal;
//  3. shipping: each shipping method's rate (or the rate's tier the cart selects), free above
//     its freeAbove, compared with the subtotal of step 2 as if the shippings took no share of
//     the discounts; step 2 then runs again with the shippings priced;
//  4. taxes: each line item's, custom line item's and shipping's taxed price at their rates, and
//     the cart's;
//  5. totals: the subtotal and the shippings make the totalPrice.
//
// sum runs it on the rates the cart holds; pickRates (Reprice) first chooses those rates anew.
func (c *Cart) sum() error {
	currency := c.TotalPrice.CurrencyCode
	sub, discounted, err := c.subtotal(false)
	if err != nil {
		return err
	}
	for _, x := range c.shippings() {
		x.info.setPrice(sub, x.input)
	}
	if sub, discounted, err = c.subtotal(true); err != nil {
		return err
	}
	total := sub.CentAmount
	for _, x := range c.shippings() {
		shipping := x.info.discounted().CentAmount
		if shipping > math.MaxInt64-total {
			return InvalidOperation("The cart's total is larger than Procura can represent.")
		}
		total += shipping
	}
	c.TotalPrice = NewMoney(currency, total)
	c.tax(discounted)
	c.taxDiscountOnTotal()
	return nil
}

// subtotal runs steps 1 and 2 of the pipeline: the line items and custom line items, discounted,
// and whether direct discounts lowered them. Before the shippings are priced (priced false)
// their discounts change nothing, so that the subtotal their price depends on is the items'
// as the discounts would leave them if the shippings took no share (decision 0040).
func (c *Cart) subtotal(priced bool) (Money, bool, error) {
	currency := c.TotalPrice.CurrencyCode
	c.discountParts(priced)
	sub, err := total(currency, c.LineItems)
	if err != nil {
		return sub, false, err
	}
	c.TotalLineItemQuantity = lineItemQuantity(c.LineItems)
	if sub.CentAmount, err = plusCustomLineItems(sub.CentAmount, c.CustomLineItems); err != nil {
		return sub, false, err
	}
	sub, discounted := c.discount(sub)
	return sub, discounted, nil
}

// lineItemQuantity is the sum of the line items' quantities; custom line items do not count.
func lineItemQuantity(lines []LineItem) int64 {
	n := int64(0)
	for _, li := range lines {
		n += li.Quantity
	}
	return n
}

// discount applies the cart's direct discounts to the subtotal (never below zero), and reports
// whether any applied.
func (c *Cart) discount(t Money) (Money, bool) {
	applied := false
	for _, raw := range c.DirectDiscounts {
		d, ok := raw.(DirectDiscount)
		if !ok {
			b, _ := json.Marshal(raw)
			if json.Unmarshal(b, &d) != nil {
				continue
			}
		}
		switch d.Value.Type {
		case "relative":
			// (t × p + 5000) / 10000, split so that it cannot overflow
			whole, rest := t.CentAmount/10000, t.CentAmount%10000
			t.CentAmount -= whole*d.Value.Permyriad + (rest*d.Value.Permyriad+5000)/10000
		case "absolute":
			if len(d.Value.Money) == 1 && d.Value.Money[0].CentAmount != nil {
				t.CentAmount -= *d.Value.Money[0].CentAmount
			}
		}
		t.CentAmount = max(t.CentAmount, 0)
		applied = true
	}
	return t, applied
}

// setPrice sets a shipping's price: its rate's (or the tier's the cart's discounted subtotal or
// input selects), or nothing from freeAbove on (compared with that subtotal).
func (s *ShippingInfo) setPrice(sub Money, input *ShippingRateInput) {
	s.Price = s.ShippingRate.priceFor(sub.CentAmount, input)
	if f := s.ShippingRate.FreeAbove; f != nil && sub.CentAmount >= f.CentAmount {
		s.Price.CentAmount = 0
	}
}

// tax computes the taxed prices. Platform and External carts tax each line item and the
// shipping at the rate they hold; the cart's taxedPrice adds them up, once every one of them has
// a rate. An ExternalAmount cart keeps the amounts set from outside while the price they were set
// for stays. A Disabled cart has no taxes. While direct discounts lower the cart's total, the
// cart has no taxedPrice: they are not spread over its line items.
func (c *Cart) tax(discounted bool) {
	currency := c.TotalPrice.CurrencyCode
	if c.TaxMode == TaxDisabled {
		c.clearTaxes()
		return
	}
	var parts []*TaxedPrice
	complete := true
	for i := range c.LineItems {
		li := &c.LineItems[i]
		switch {
		case c.TaxMode == TaxExternalAmount:
			if li.TaxedPrice != nil && li.TaxedPrice.TotalNet != li.TotalPrice {
				li.TaxedPrice = nil // the line changed since its tax was set
			}
		case li.TaxRate != nil:
			t := c.taxUnits(currency, lineUnits(li), *li.TaxRate)
			li.TaxedPrice = &t
		default:
			li.TaxedPrice = nil
		}
		complete = complete && li.TaxedPrice != nil
		parts = append(parts, li.TaxedPrice)
	}
	for i := range c.CustomLineItems {
		x := &c.CustomLineItems[i]
		switch {
		case c.TaxMode == TaxExternalAmount:
			if x.TaxedPrice != nil && x.TaxedPrice.TotalNet != x.TotalPrice {
				x.TaxedPrice = nil // the item changed since its tax was set
			}
		case x.TaxRate != nil:
			t := c.taxUnits(currency, customUnits(x), *x.TaxRate)
			x.TaxedPrice = &t
		default:
			x.TaxedPrice = nil
		}
		complete = complete && x.TaxedPrice != nil
		parts = append(parts, x.TaxedPrice)
	}
	shippingParts, shippingComplete := c.taxShippings()
	complete = complete && shippingComplete
	parts = append(parts, shippingParts...)
	c.TaxedShippingPrice = nil
	if len(shippingParts) > 0 && shippingComplete {
		t := addTaxed(currency, shippingParts)
		c.TaxedShippingPrice = &t
	}
	switch {
	case c.TaxMode == TaxExternalAmount:
		if c.TaxedPrice != nil && c.TaxedPrice.TotalNet != c.TotalPrice {
			c.TaxedPrice = nil // set by setCartTotalTax for another total
		}
	case complete && !discounted && len(parts) > 0:
		t := addTaxed(currency, parts)
		c.TaxedPrice = &t
	default:
		c.TaxedPrice = nil
	}
}

func (c *Cart) clearTaxes() {
	for i := range c.LineItems {
		c.LineItems[i].TaxRate, c.LineItems[i].TaxedPrice = nil, nil
	}
	for i := range c.CustomLineItems {
		c.CustomLineItems[i].TaxRate, c.CustomLineItems[i].TaxedPrice = nil, nil
	}
	for _, x := range c.shippings() {
		x.info.TaxRate, x.info.TaxedPrice = nil, nil
	}
	c.TaxedPrice, c.TaxedShippingPrice = nil, nil
}

// taxShippings taxes each shipping at the rate it holds (see tax), and reports whether every one
// has a taxed price.
func (c *Cart) taxShippings() (parts []*TaxedPrice, complete bool) {
	complete = true
	for _, x := range c.shippings() {
		s := x.info
		switch {
		case c.TaxMode == TaxExternalAmount:
			if s.TaxedPrice != nil && s.TaxedPrice.TotalNet != s.discounted() {
				s.TaxedPrice = nil
			}
		case s.TaxRate != nil:
			t := Tax(s.discounted().CentAmount, c.TotalPrice.CurrencyCode, *s.TaxRate, c.TaxRoundingMode)
			s.TaxedPrice = &t
		default:
			s.TaxedPrice = nil
		}
		complete = complete && s.TaxedPrice != nil
		parts = append(parts, s.TaxedPrice)
	}
	return parts, complete
}

// taxAddress is where a cart's goods are taxed: its shipping address (nil without one).
func (c *Cart) taxAddress() *Address { return c.ShippingAddress }

// pickRates chooses the rates of a Platform cart anew: each line item's from its product's tax
// category, each custom line item's from its own, for the shipping address, and each shipping's
// from its method's for its address; and checks that the shipping methods still match the cart
// (shippingMethodState). External rates stay.
func (c *Cart) pickRates(ch Change) error {
	if err := c.rematchShipping(ch); err != nil {
		return err
	}
	if c.TaxMode != TaxPlatform {
		return nil
	}
	addr := c.taxAddress()
	categories := map[string]*TaxCategory{} // each read once
	for i := range c.LineItems {
		li := &c.LineItems[i]
		li.TaxRate = nil
		if addr == nil || ch.Rates == nil {
			continue
		}
		p, err := ch.Catalog.Product(li.ProductID)
		if err != nil {
			return err
		}
		if p == nil || p.TaxCategory == nil {
			continue
		}
		if li.TaxRate, err = rateIn(ch, categories, p.TaxCategory.ID, addr); err != nil {
			return err
		}
	}
	for i := range c.CustomLineItems {
		x := &c.CustomLineItems[i]
		x.TaxRate = nil
		if addr != nil && x.TaxCategory != nil && ch.Rates != nil {
			var err error
			if x.TaxRate, err = rateIn(ch, categories, x.TaxCategory.ID, addr); err != nil {
				return err
			}
		}
	}
	for _, x := range c.shippings() {
		s := x.info
		s.TaxRate = nil
		if x.addr != nil && s.TaxCategory != nil && ch.Rates != nil {
			var err error
			if s.TaxRate, err = rateIn(ch, categories, s.TaxCategory.ID, x.addr); err != nil {
				return err
			}
		}
	}
	return nil
}

// rateIn is the rate of a tax category (read into categories once) for an address (nil for none).
func rateIn(ch Change, categories map[string]*TaxCategory, categoryID string, addr *Address) (*TaxRate, error) {
	t, ok := categories[categoryID]
	if !ok {
		var err error
		t, err = ch.Rates.TaxCategory("taxCategory", ResourceIdentifier{ID: categoryID})
		if ErrorCode(err) == CodeReferencedResourceNotFound {
			t, err = nil, nil // deleted since: no rate
		}
		if err != nil {
			return nil, err
		}
		categories[categoryID] = t
	}
	if t == nil {
		return nil, nil
	}
	r := t.RateFor(addr.Country, addr.State)
	if r == nil {
		return nil, nil
	}
	rate := *r
	return &rate, nil
}
