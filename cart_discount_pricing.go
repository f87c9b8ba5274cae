package procura

import (
	"slices"
)

// Discount code states on a cart.
const (
	StateMatchesCart           = "MatchesCart"
	StateDoesNotMatchCart      = "DoesNotMatchCart"
	StateNotActive             = "NotActive"
	StateNotValid              = "NotValid"
	StateMaxApplicationReached = "MaxApplicationReached"
	StateStoppedByPrevious     = "ApplicationStoppedByPreviousDiscount"
)

// Discounted is what cart discounts did to a cart, which its order keeps: the discount codes
// with their states, and the discount on the total price.
type Discounted struct {
	DiscountCodes        []DiscountCodeInfo    `json:"discountCodes"`
	DiscountOnTotalPrice *DiscountOnTotalPrice `json:"discountOnTotalPrice,omitempty"`
}

// OrderDiscounts is what an order keeps of its cart's Discounted: an order has no codes unless
// its cart had some (an order of a quote has none).
type OrderDiscounts struct {
	DiscountCodes        []DiscountCodeInfo    `json:"discountCodes,omitempty"`
	DiscountOnTotalPrice *DiscountOnTotalPrice `json:"discountOnTotalPrice,omitempty"`
}

// DiscountCodeInfo is a discount code on a cart and its state.
type DiscountCodeInfo struct {
	DiscountCode Reference `json:"discountCode"`
	State        string    `json:"state"`
}

// QuantityPrice is how many units of a line item have one discounted unit price.
type QuantityPrice struct {
	Quantity        int64           `json:"quantity"`
	DiscountedPrice DiscountedPrice `json:"discountedPrice"`
}

// DiscountedPrice is a discounted price and, per discount, how much it took off.
type DiscountedPrice struct {
	Value             Money             `json:"value"`
	IncludedDiscounts []DiscountPortion `json:"includedDiscounts"`
}

// DiscountPortion is what one discount took off.
type DiscountPortion struct {
	Discount         Reference `json:"discount"`
	DiscountedAmount Money     `json:"discountedAmount"`
}

// DiscountOnTotalPrice is what the discounts on the total price took off.
type DiscountOnTotalPrice struct {
	DiscountedAmount  Money             `json:"discountedAmount"`
	IncludedDiscounts []DiscountPortion `json:"includedDiscounts"`
}

// applicable is a cart discount that applies to a cart, and for a line-item target the line
// items it matches (chosen by pickDiscounts, which evaluates the predicates).
type applicable struct {
	discount *CartDiscount
	lines    map[string]bool
}

// picked is what pickDiscounts chose: the discounts that apply, highest sortOrder first, and per
// discount code (by index in the cart's discountCodes) the discounts it unlocked.
type picked struct {
	discounts []applicable
	unlocked  map[int][]string
}

// unitShare is the discount of one unit of a group of a line item.
type unitShare struct {
	discountID string
	amount     int64
}

// group is a number of units of a line item at the same discounted unit price.
type group struct {
	quantity int64
	unit     int64
	shares   []unitShare
}

// discountLines runs step 2 of the pipeline on the discounts pickDiscounts chose: it sets each
// line item's discountedPricePerQuantity and total, the cart's discountOnTotalPrice and the
// discount codes' states; shipping discounts are returned for step 3. A cart priced without a
// choice (a Frozen cart) keeps the discounts its lines have.
func (c *Cart) discountLines() (shipping []applicable) {
	if c.DiscountCodes == nil {
		c.DiscountCodes = []DiscountCodeInfo{}
	}
	if c.picked == nil {
		c.keepLineDiscounts()
		return nil // each shipping keeps its own (discountShipping)
	}
	currency := c.TotalPrice.CurrencyCode
	groups := make([][]group, len(c.LineItems))
	for i, li := range c.LineItems {
		if li.PriceMode != PriceExternalTotal { // a total the seller set takes no cart discount
			groups[i] = []group{{quantity: li.Quantity, unit: li.Price.Value.CentAmount}}
		}
	}
	c.DiscountOnTotalPrice = nil
	applied := map[string]bool{}
	stopped := false
	for _, a := range c.picked.discounts {
		d := a.discount
		matched := false
		switch d.Target.Type {
		case TargetLineItems:
			matched = c.discountEachUnit(d, a.lines, groups)
		case TargetTotalPrice:
			matched = c.discountTotal(d, groups)
		case TargetShipping:
			if len(c.shippings()) > 0 {
				if _, ok := d.Value.moneyIn(currency); ok || d.Value.Type == "relative" {
					shipping, matched = append(shipping, a), true
				}
			}
		}
		applied[d.ID] = matched
		if matched && d.StackingMode == StopAfterThisDiscount {
			stopped = true
			break
		}
	}
	for i := range c.LineItems {
		c.LineItems[i].setGroups(mergeGroups(groups[i]))
	}
	c.stateStopped(applied, stopped)
	return shipping
}

// discountEachUnit applies a line-item discount to each unit of the lines it matches; it reports
// whether it applied (some line matched, and the value has the cart's currency).
func (c *Cart) discountEachUnit(d *CartDiscount, lines map[string]bool, groups [][]group) bool {
	matched := false
	for i, li := range c.LineItems {
		if !lines[li.ID] {
			continue
		}
		for j := range groups[i] {
			g := &groups[i][j]
			off, ok := c.valueOff(d.Value, g.unit)
			if !ok {
				return false
			}
			matched = true
			if off > 0 {
				g.unit -= off
				g.shares = append(g.shares, unitShare{d.ID, off})
			}
		}
	}
	return matched
}

// valueOff is how much value takes off amount (never more than it); false when the value has no
// amount in the cart's currency.
func (c *Cart) valueOff(v CartDiscountValue, amount int64) (int64, bool) {
	switch v.Type {
	case "relative":
		return min(times(amount, *v.Permyriad*100, c.priceRounding()), amount), true
	case "absolute":
		m, ok := v.moneyIn(c.TotalPrice.CurrencyCode)
		return min(m, amount), ok
	case "fixed":
		m, ok := v.moneyIn(c.TotalPrice.CurrencyCode)
		return max(amount-m, 0), ok
	}
	return 0, false
}

func (c *Cart) priceRounding() string { return or(c.PriceRoundingMode, "HalfEven") }

// discountTotal applies a total-price discount: its amount is shared among the line items by
// their discounted totals, and within a line among its units, so that the parts add up exactly
// (decision 0030).
func (c *Cart) discountTotal(d *CartDiscount, groups [][]group) bool {
	totals := make([]int64, len(groups))
	sum := int64(0)
	for i, gs := range groups {
		for _, g := range gs {
			totals[i] += g.quantity * g.unit
		}
		sum += totals[i]
	}
	off, ok := c.valueOff(d.Value, sum)
	if !ok || len(groups) == 0 {
		return false
	}
	for i, part := range shareBy(off, totals) {
		gt := make([]int64, len(groups[i]))
		for j, g := range groups[i] {
			gt[j] = g.quantity * g.unit
		}
		var split []group
		for j, gpart := range shareBy(part, gt) {
			split = append(split, spreadOverUnits(groups[i][j], gpart, d.ID)...)
		}
		groups[i] = split
	}
	if c.DiscountOnTotalPrice == nil {
		c.DiscountOnTotalPrice = &DiscountOnTotalPrice{DiscountedAmount: NewMoney(c.TotalPrice.CurrencyCode, 0), IncludedDiscounts: []DiscountPortion{}}
	}
	t := c.DiscountOnTotalPrice
	t.DiscountedAmount.CentAmount += off
	t.IncludedDiscounts = append(t.IncludedDiscounts, DiscountPortion{cartDiscountRef(d.ID), NewMoney(c.TotalPrice.CurrencyCode, off)})
	return true
}

// spreadOverUnits takes amount (at most the group's total) off a group's units: each unit the
// same, and the units left over one more, which splits the group in two.
func spreadOverUnits(g group, amount int64, discountID string) []group {
	if amount == 0 {
		return []group{g}
	}
	base, extra := amount/g.quantity, amount%g.quantity
	var out []group
	if extra > 0 {
		more := group{quantity: extra, unit: g.unit - base - 1, shares: append(slices.Clone(g.shares), unitShare{discountID, base + 1})}
		out = append(out, more)
	}
	if g.quantity-extra > 0 {
		rest := group{quantity: g.quantity - extra, unit: g.unit - base, shares: slices.Clone(g.shares)}
		if base > 0 {
			rest.shares = append(rest.shares, unitShare{discountID, base})
		}
		out = append(out, rest)
	}
	return out
}

// mergeGroups joins groups of the same unit price and shares.
func mergeGroups(gs []group) []group {
	var out []group
	for _, g := range gs {
		i := slices.IndexFunc(out, func(x group) bool { return x.unit == g.unit && slices.Equal(x.shares, g.shares) })
		if i < 0 {
			out = append(out, g)
			continue
		}
		out[i].quantity += g.quantity
	}
	return out
}

// setGroups sets a line item's discounted prices and its total from its groups.
func (li *LineItem) setGroups(gs []group) {
	currency := li.Price.Value.CurrencyCode
	li.DiscountedPricePerQuantity = []QuantityPrice{}
	if li.PriceMode == PriceExternalTotal {
		return // its total is the seller's, as set
	}
	total := int64(0)
	for _, g := range gs {
		total += g.quantity * g.unit
		if len(g.shares) == 0 {
			continue
		}
		p := QuantityPrice{Quantity: g.quantity, DiscountedPrice: DiscountedPrice{Value: NewMoney(currency, g.unit)}}
		for _, s := range g.shares {
			p.DiscountedPrice.IncludedDiscounts = append(p.DiscountedPrice.IncludedDiscounts, DiscountPortion{cartDiscountRef(s.discountID), NewMoney(currency, s.amount)})
		}
		li.DiscountedPricePerQuantity = append(li.DiscountedPricePerQuantity, p)
	}
	li.TotalPrice = NewMoney(currency, total)
}

// keepLineDiscounts keeps the discounted prices of each line item whose quantities they cover
// (a cart priced without choosing its discounts again), and drops the others.
func (c *Cart) keepLineDiscounts() {
	for i := range c.LineItems {
		li := &c.LineItems[i]
		var gs []group
		covered := int64(0)
		for _, p := range li.DiscountedPricePerQuantity {
			g := group{quantity: p.Quantity, unit: p.DiscountedPrice.Value.CentAmount}
			for _, d := range p.DiscountedPrice.IncludedDiscounts {
				g.shares = append(g.shares, unitShare{d.Discount.ID, d.DiscountedAmount.CentAmount})
			}
			gs, covered = append(gs, g), covered+p.Quantity
		}
		if covered > li.Quantity {
			gs, covered = nil, 0
		}
		if covered < li.Quantity {
			gs = append(gs, group{quantity: li.Quantity - covered, unit: li.Price.Value.CentAmount})
		}
		li.setGroups(gs)
	}
}

// keptDiscounts is a shipping's discount as the cart holds it, as fixed amounts.
func (s *ShippingInfo) keptDiscounts() []applicable {
	if s.DiscountedPrice == nil {
		return nil
	}
	var out []applicable
	for _, p := range s.DiscountedPrice.IncludedDiscounts {
		amount := p.DiscountedAmount
		out = append(out, applicable{discount: &CartDiscount{Base: Base{ID: p.Discount.ID},
			Value: CartDiscountValue{Type: "keep", Money: []Money{amount}}}})
	}
	return out
}

// discountShipping takes the shipping discounts off a shipping's price (step 3), each discount
// off each shipping, and returns the price left. A cart priced without choosing its discounts
// keeps each shipping's.
func (c *Cart) discountShipping(s *ShippingInfo, ds []applicable) int64 {
	if c.picked == nil {
		ds = s.keptDiscounts()
	}
	s.DiscountedPrice = nil
	price := s.Price.CentAmount
	var portions []DiscountPortion
	for _, a := range ds {
		var off int64
		if a.discount.Value.Type == "keep" {
			off = min(a.discount.Value.Money[0].CentAmount, price)
		} else {
			off, _ = c.valueOff(a.discount.Value, price)
		}
		if off == 0 {
			continue
		}
		price -= off
		portions = append(portions, DiscountPortion{cartDiscountRef(a.discount.ID), NewMoney(s.Price.CurrencyCode, off)})
	}
	if len(portions) > 0 {
		s.DiscountedPrice = &DiscountedPrice{Value: NewMoney(s.Price.CurrencyCode, price), IncludedDiscounts: portions}
	}
	return price
}

// stateStopped marks the discount codes whose discounts all matched but were stopped by a
// previous discount's StopAfterThisDiscount.
func (c *Cart) stateStopped(applied map[string]bool, stopped bool) {
	for i := range c.DiscountCodes {
		info := &c.DiscountCodes[i]
		if info.State != StateMatchesCart || !stopped {
			continue
		}
		any := false
		for _, id := range c.picked.unlocked[i] {
			any = any || applied[id]
		}
		if !any {
			info.State = StateStoppedByPrevious
		}
	}
}

func cartDiscountRef(id string) Reference { return Reference{TypeID: TypeCartDiscount, ID: id} }

// taxLine taxes a line item at its discounted total: at LineItemLevel the total at once, at
// UnitPriceLevel each discounted unit price times its quantity.
func (c *Cart) taxLine(li *LineItem, rate TaxRate) TaxedPrice {
	if len(li.DiscountedPricePerQuantity) == 0 {
		return TaxLine(li.Price.Value, li.Quantity, rate, c.TaxRoundingMode, c.TaxCalculationMode)
	}
	if c.TaxCalculationMode != UnitPriceLevel {
		return Tax(li.TotalPrice.CentAmount, li.TotalPrice.CurrencyCode, rate, c.TaxRoundingMode)
	}
	var parts []*TaxedPrice
	covered := int64(0)
	for _, p := range li.DiscountedPricePerQuantity {
		t := TaxLine(p.DiscountedPrice.Value, p.Quantity, rate, c.TaxRoundingMode, c.TaxCalculationMode)
		parts, covered = append(parts, &t), covered+p.Quantity
	}
	if covered < li.Quantity {
		t := TaxLine(li.Price.Value, li.Quantity-covered, rate, c.TaxRoundingMode, c.TaxCalculationMode)
		parts = append(parts, &t)
	}
	return addTaxed(li.TotalPrice.CurrencyCode, parts)
}

// discounted is the shipping's price less its discounts.
func (s *ShippingInfo) discounted() Money {
	if s.DiscountedPrice != nil {
		return s.DiscountedPrice.Value
	}
	return s.Price
}
