package procura

// discountTotal applies a total-price discount: its amount is shared among the cart's parts
// (line items, custom line items and shippings) by their discounted totals, and within a part
// among its units, so that the parts add up exactly (decisions 0030 and 0040).
func (c *Cart) discountTotal(d *CartDiscount, all []*[]group) bool {
	totals := make([]int64, len(all))
	sum := int64(0)
	for i, gs := range all {
		for _, g := range *gs {
			totals[i] += g.quantity * g.unit
		}
		sum += totals[i]
	}
	off, ok := c.valueOff(d.Value, sum)
	if !ok || len(all) == 0 {
		return false
	}
	for i, part := range shareBy(off, totals) {
		*all[i] = spreadOverGroups(*all[i], part, d.ID)
	}
	if c.DiscountOnTotalPrice == nil {
		c.DiscountOnTotalPrice = &DiscountOnTotalPrice{DiscountedAmount: NewMoney(c.TotalPrice.CurrencyCode, 0), IncludedDiscounts: []DiscountPortion{}}
	}
	t := c.DiscountOnTotalPrice
	t.DiscountedAmount.CentAmount += off
	t.IncludedDiscounts = append(t.IncludedDiscounts, DiscountPortion{cartDiscountRef(d.ID), NewMoney(c.TotalPrice.CurrencyCode, off)})
	return true
}

// spreadOverGroups takes amount (at most their total) off a part's groups, shared by their
// totals, and within each group over its units.
func spreadOverGroups(gs []group, amount int64, discountID string) []group {
	gt := make([]int64, len(gs))
	for j, g := range gs {
		gt[j] = g.quantity * g.unit
	}
	var split []group
	for j, part := range shareBy(amount, gt) {
		split = append(split, spreadOverUnits(gs[j], part, discountID)...)
	}
	return split
}

// taxDiscountOnTotal sets how much of the taxed price the discounts on the total price took off:
// the cart's net and gross without them less its own. An untaxed cart (or one of external
// amounts, whose taxes are not Procura's) shows none.
func (c *Cart) taxDiscountOnTotal() {
	o := c.DiscountOnTotalPrice
	if o == nil {
		return
	}
	o.DiscountedNetAmount, o.DiscountedGrossAmount = nil, nil
	if c.TaxedPrice == nil || c.TaxMode == TaxExternalAmount {
		return
	}
	currency := c.TotalPrice.CurrencyCode
	onTotal := map[string]bool{}
	for _, p := range o.IncludedDiscounts {
		onTotal[p.Discount.ID] = true
	}
	var net, gross int64
	add := func(t TaxedPrice) {
		net, gross = net+t.TotalNet.CentAmount, gross+t.TotalGross.CentAmount
	}
	for i := range c.LineItems {
		li := &c.LineItems[i]
		add(c.taxUnits(currency, restored(lineUnits(li), onTotal), *li.TaxRate))
	}
	for i := range c.CustomLineItems {
		x := &c.CustomLineItems[i]
		add(c.taxUnits(currency, restored(customUnits(x), onTotal), *x.TaxRate))
	}
	for _, x := range c.shippings() {
		s := x.info
		gs := []group{{quantity: 1, unit: s.discounted().CentAmount}}
		if s.DiscountedPrice != nil {
			gs[0].shares = sharesOf(s.DiscountedPrice.IncludedDiscounts)
		}
		add(Tax(restored(gs, onTotal)[0].unit, currency, *s.TaxRate, c.TaxRoundingMode))
	}
	n, g := NewMoney(currency, net-c.TaxedPrice.TotalNet.CentAmount), NewMoney(currency, gross-c.TaxedPrice.TotalGross.CentAmount)
	o.DiscountedNetAmount, o.DiscountedGrossAmount = &n, &g
}

// restored gives the units back what the discounts ids took off them.
func restored(gs []group, ids map[string]bool) []group {
	out := make([]group, len(gs))
	for i, g := range gs {
		out[i] = group{quantity: g.quantity, unit: g.unit}
		for _, s := range g.shares {
			if ids[s.discountID] {
				out[i].unit += s.amount
			} else {
				out[i].shares = append(out[i].shares, s)
			}
		}
	}
	return out
}
