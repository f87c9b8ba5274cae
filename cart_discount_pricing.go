package procura

import (
	"slices"
)

// Discount code states on a cart.
const (
	StateMatchesCart            = "MatchesCart"
	StateDoesNotMatchCart       = "DoesNotMatchCart"
	StateNotActive              = "NotActive"
	StateNotValid               = "NotValid"
	StateMaxApplicationReached  = "MaxApplicationReached"
	StateStoppedByPrevious      = "ApplicationStoppedByPreviousDiscount"
	StateStoppedByGroupBestDeal = "ApplicationStoppedByGroupBestDeal"
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

// DiscountOnTotalPrice is what the discounts on the total price took off, and when the cart is
// taxed, how much of its net and of its gross.
type DiscountOnTotalPrice struct {
	DiscountedAmount      Money             `json:"discountedAmount"`
	IncludedDiscounts     []DiscountPortion `json:"includedDiscounts"`
	DiscountedNetAmount   *Money            `json:"discountedNetAmount,omitempty"`
	DiscountedGrossAmount *Money            `json:"discountedGrossAmount,omitempty"`
}

// applicable is a cart discount that applies to a cart, and for a target of line items or
// custom line items the items it matches, by id (chosen by pickDiscounts, which evaluates the
// predicates).
type applicable struct {
	discount *CartDiscount
	items    map[string]bool
}

// picked is what pickDiscounts chose: the discounts that apply, highest sortOrder first (a
// discount group's at its sortOrder, together), and per discount code (by index in the cart's
// discountCodes) the discounts it unlocked.
type picked struct {
	discounts []applicable
	unlocked  map[int][]string
	groups    map[string]*DiscountGroup // the project's discount groups, by id
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

// parts are a cart's amounts that cart discounts lower, each as groups of units at one
// discounted price: its line items, its custom line items and its shippings (a shipping is one
// unit). A part without groups takes no discount: a line item whose total the seller set, a
// custom line item of price mode External or a negative one (a rebate), or the shippings before
// they are priced.
type parts struct {
	lines, customs, ships [][]group
}

// all lists every part, for the discounts on the total price.
func (p *parts) all() []*[]group {
	var out []*[]group
	for _, list := range [][][]group{p.lines, p.customs, p.ships} {
		for i := range list {
			out = append(out, &list[i])
		}
	}
	return out
}

// undiscounted are the cart's parts before its discounts; the shippings' only when priced.
func (c *Cart) undiscounted(priced bool) *parts {
	p := &parts{lines: make([][]group, len(c.LineItems)), customs: make([][]group, len(c.CustomLineItems)), ships: make([][]group, len(c.shippings()))}
	for i, li := range c.LineItems {
		if li.PriceMode != PriceExternalTotal { // a total the seller set takes no cart discount
			p.lines[i] = []group{{quantity: li.Quantity, unit: li.Price.Value.CentAmount}}
		}
	}
	for i, x := range c.CustomLineItems {
		if x.takesDiscounts() {
			p.customs[i] = []group{{quantity: x.Quantity, unit: x.Money.CentAmount}}
		}
	}
	for i, x := range c.shippings() {
		if priced {
			p.ships[i] = []group{{quantity: 1, unit: x.info.Price.CentAmount}}
		}
	}
	return p
}

// takesDiscounts reports whether cart discounts lower a custom line item: one of price mode
// Standard (External ones take none, as the reference says) that costs something (a rebate is
// the seller's own and stays as given, decision 0040).
func (x *CustomLineItem) takesDiscounts() bool {
	return x.PriceMode != CustomLineItemExternal && x.Money.CentAmount > 0
}

// discountParts runs step 2 of the pipeline on the discounts pickDiscounts chose: it sets each
// line item's and custom line item's discountedPricePerQuantity and total, the shippings'
// discounted prices once priced, the cart's discountOnTotalPrice and the discount codes'
// states. A cart priced without a choice (a Frozen cart) keeps the discounts its parts have.
func (c *Cart) discountParts(priced bool) {
	if c.DiscountCodes == nil {
		c.DiscountCodes = []DiscountCodeInfo{}
	}
	if c.picked == nil {
		c.keepDiscounts(priced)
		return
	}
	p := c.undiscounted(priced)
	c.DiscountOnTotalPrice = nil
	applied, lost := map[string]bool{}, map[string]bool{}
	stopped := false
	for i := 0; i < len(c.picked.discounts) && !stopped; {
		run := c.picked.groupRun(i)
		a := run[0]
		if len(run) > 1 {
			a = c.bestDeal(run, p)
			for _, x := range run {
				lost[x.discount.ID] = x.discount.ID != a.discount.ID
			}
		}
		applied[a.discount.ID] = c.applyDiscount(a, p)
		stopped = applied[a.discount.ID] && a.discount.StackingMode == StopAfterThisDiscount
		i += len(run)
	}
	c.setParts(p, priced)
	c.stateStopped(applied, lost, stopped)
}

// applyDiscount applies one discount to the cart's parts; it reports whether it applied.
func (c *Cart) applyDiscount(a applicable, p *parts) bool {
	d := a.discount
	switch d.targetType() {
	case ValueGiftLineItem:
		return c.discountGift(d, p.lines)
	case TargetLineItems:
		return c.discountEachUnit(d, a.items, c.lineIDs(), p.lines)
	case TargetCustomLineItems:
		return c.discountEachUnit(d, a.items, c.customIDs(), p.customs)
	case TargetMultiBuyLineItems:
		return c.discountMultiBuy(d, a.items, c.lineIDs(), p.lines)
	case TargetMultiBuyCustomLineItems:
		return c.discountMultiBuy(d, a.items, c.customIDs(), p.customs)
	case TargetTotalPrice:
		return c.discountTotal(d, p.all())
	case TargetShipping:
		return c.discountShippings(d, p.ships)
	}
	return false
}

// setParts sets the discounted prices and totals of the cart's parts from their groups.
func (c *Cart) setParts(p *parts, priced bool) {
	currency := c.TotalPrice.CurrencyCode
	for i := range c.LineItems {
		c.LineItems[i].setGroups(mergeGroups(p.lines[i]))
	}
	for i := range c.CustomLineItems {
		x := &c.CustomLineItems[i]
		x.DiscountedPricePerQuantity, x.TotalPrice = discountedUnits(currency, mergeGroups(p.customs[i]))
		if len(p.customs[i]) == 0 {
			x.TotalPrice = x.Money.Times(x.Quantity)
		}
	}
	if !priced {
		return
	}
	for i, x := range c.shippings() {
		x.info.DiscountedPrice = nil
		if dp, _ := discountedUnits(currency, p.ships[i]); len(dp) > 0 {
			x.info.DiscountedPrice = &dp[0].DiscountedPrice
		}
	}
}

// discountShippings applies a shipping discount to each shipping on its own; it reports whether
// it applied (the cart has a shipping, and the value has the cart's currency), priced or not.
func (c *Cart) discountShippings(d *CartDiscount, ships [][]group) bool {
	if _, ok := c.valueOff(d.Value, 0); !ok || len(ships) == 0 {
		return false
	}
	for _, gs := range ships {
		c.offEachUnit(d, gs)
	}
	return true
}

// discountEachUnit applies a discount on line items (or custom line items) to each unit of the
// items it matches (by id); it reports whether it applied (some item that takes discounts
// matched, and the value has the cart's currency).
func (c *Cart) discountEachUnit(d *CartDiscount, matches map[string]bool, ids []string, groups [][]group) bool {
	matched := false
	for i, id := range ids {
		if matches[id] && len(groups[i]) > 0 {
			if !c.offEachUnit(d, groups[i]) {
				return false
			}
			matched = true
		}
	}
	return matched
}

// offEachUnit takes a discount's value off each unit of groups; false when the value has no
// amount in the cart's currency.
func (c *Cart) offEachUnit(d *CartDiscount, groups []group) bool {
	for j := range groups {
		g := &groups[j]
		off, ok := c.valueOff(d.Value, g.unit)
		if !ok {
			return false
		}
		if off > 0 {
			g.unit -= off
			g.shares = append(g.shares, unitShare{d.ID, off})
		}
	}
	return true
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
	case ValueGiftLineItem:
		return amount, true
	}
	return 0, false
}

func (c *Cart) priceRounding() string { return or(c.PriceRoundingMode, "HalfEven") }

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
	if li.PriceMode == PriceExternalTotal {
		li.DiscountedPricePerQuantity = []QuantityPrice{}
		return // its total is the seller's, as set
	}
	li.DiscountedPricePerQuantity, li.TotalPrice = discountedUnits(li.Price.Value.CurrencyCode, gs)
}

// discountedUnits are the discounted prices of groups of units (those a discount lowered), and
// the groups' total.
func discountedUnits(currency string, gs []group) ([]QuantityPrice, Money) {
	out := []QuantityPrice{}
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
		out = append(out, p)
	}
	return out, NewMoney(currency, total)
}

// keptGroups are the units of a line (quantity at unit each) as its discounted prices hold them,
// the units they do not cover at the unit price; all at the unit price when they cover more
// than the quantity (it changed since).
func keptGroups(dp []QuantityPrice, quantity, unit int64) []group {
	var gs []group
	covered := int64(0)
	for _, p := range dp {
		g := group{quantity: p.Quantity, unit: p.DiscountedPrice.Value.CentAmount, shares: sharesOf(p.DiscountedPrice.IncludedDiscounts)}
		gs, covered = append(gs, g), covered+p.Quantity
	}
	if covered > quantity {
		gs, covered = nil, 0
	}
	if covered < quantity {
		gs = append(gs, group{quantity: quantity - covered, unit: unit})
	}
	return gs
}

// sharesOf are a discounted price's portions as shares of a unit.
func sharesOf(ps []DiscountPortion) []unitShare {
	var out []unitShare
	for _, d := range ps {
		out = append(out, unitShare{d.Discount.ID, d.DiscountedAmount.CentAmount})
	}
	return out
}

// keepDiscounts prices a cart without choosing its discounts again: each line item and custom
// line item keeps the discounted prices that cover its quantity, and each priced shipping the
// amounts its discounts took off, at most its price.
func (c *Cart) keepDiscounts(priced bool) {
	p := c.undiscounted(priced)
	for i, li := range c.LineItems {
		p.lines[i] = keptGroups(li.DiscountedPricePerQuantity, li.Quantity, li.Price.Value.CentAmount)
	}
	for i, x := range c.CustomLineItems {
		if x.takesDiscounts() {
			p.customs[i] = keptGroups(x.DiscountedPricePerQuantity, x.Quantity, x.Money.CentAmount)
		}
	}
	for i, x := range c.shippings() {
		if !priced || x.info.DiscountedPrice == nil {
			continue
		}
		g := &p.ships[i][0]
		for _, d := range x.info.DiscountedPrice.IncludedDiscounts {
			if off := min(d.DiscountedAmount.CentAmount, g.unit); off > 0 {
				g.unit -= off
				g.shares = append(g.shares, unitShare{d.Discount.ID, off})
			}
		}
	}
	c.setParts(p, priced)
}

// stateStopped marks the discount codes whose discounts all matched but none applied: beaten
// by a better deal of their discount group, or stopped by a previous discount's
// StopAfterThisDiscount.
func (c *Cart) stateStopped(applied, lost map[string]bool, stopped bool) {
	for i := range c.DiscountCodes {
		info := &c.DiscountCodes[i]
		if info.State != StateMatchesCart {
			continue
		}
		any, beaten := false, false
		for _, id := range c.picked.unlocked[i] {
			any, beaten = any || applied[id], beaten || lost[id]
		}
		switch {
		case any:
		case beaten:
			info.State = StateStoppedByGroupBestDeal
		case stopped:
			info.State = StateStoppedByPrevious
		}
	}
}

func cartDiscountRef(id string) Reference { return Reference{TypeID: TypeCartDiscount, ID: id} }

// taxUnits taxes the units of a line item or custom line item (their groups, as keptGroups
// reads them): at LineItemLevel their total at once, at UnitPriceLevel each group's unit price
// times its quantity.
func (c *Cart) taxUnits(currency string, gs []group, rate TaxRate) TaxedPrice {
	if c.TaxCalculationMode != UnitPriceLevel {
		total := int64(0)
		for _, g := range gs {
			total += g.quantity * g.unit
		}
		return Tax(total, currency, rate, c.TaxRoundingMode)
	}
	parts := make([]*TaxedPrice, len(gs))
	for i, g := range gs {
		t := TaxLine(NewMoney(currency, g.unit), g.quantity, rate, c.TaxRoundingMode, c.TaxCalculationMode)
		parts[i] = &t
	}
	if len(parts) == 1 {
		return *parts[0]
	}
	return addTaxed(currency, parts)
}

// lineUnits and customUnits are the units of a line item and a custom line item.
func lineUnits(li *LineItem) []group {
	return keptGroups(li.DiscountedPricePerQuantity, li.Quantity, li.Price.Value.CentAmount)
}

func customUnits(x *CustomLineItem) []group {
	return keptGroups(x.DiscountedPricePerQuantity, x.Quantity, x.Money.CentAmount)
}

// discounted is the shipping's price less its discounts.
func (s *ShippingInfo) discounted() Money {
	if s.DiscountedPrice != nil {
		return s.DiscountedPrice.Value
	}
	return s.Price
}
