package procura

import "slices"

// A gift line item: a discount of value giftLineItem adds one unit of a product variant to the
// carts it matches, free, and takes it away when it stops matching (decision 0040).
const (
	ValueGiftLineItem = "giftLineItem"

	LineItemStandard = "Standard"
	LineItemGift     = "GiftLineItem"
)

// setGift checks and sets a gift line item's product variant: the product (by id) must exist
// and have the variant; Procura has no channels.
func (v *CartDiscountValue) setGift(d CartDiscountValueDraft, c Change) error {
	if d.Product == nil {
		return RequiredField("value.product")
	}
	if err := d.Product.Check("value.product", TypeProduct); err != nil {
		return err
	}
	if d.Product.ID == "" {
		return RequiredField("value.product.id")
	}
	if d.VariantID == nil {
		return RequiredField("value.variantId")
	}
	if err := noChannel("value.supplyChannel", d.SupplyChannel); err != nil {
		return err
	}
	if err := noChannel("value.distributionChannel", d.DistChannel); err != nil {
		return err
	}
	if c.Catalog == nil {
		return InvalidOperation("Gift line items cannot be given here.")
	}
	p, err := c.Catalog.Product(d.Product.ID)
	if err != nil {
		return err
	}
	if p == nil {
		return ReferencedNotFound(TypeProduct, d.Product.ID, "")
	}
	if p.MasterData.Current.Variant(*d.VariantID, "") == nil && p.MasterData.Staged.Variant(*d.VariantID, "") == nil {
		return InvalidInput("The product '%s' has no variant %d.", p.ID, *d.VariantID)
	}
	v.Product, v.VariantID = &Reference{TypeID: TypeProduct, ID: p.ID}, *d.VariantID
	return nil
}

// checkGiftTarget: a gift line item discount has no target (the gift is what it gives) and is in
// no discount group, every other discount has a target.
func (cd *CartDiscount) checkGiftTarget() error {
	gift := cd.Value.Type == ValueGiftLineItem
	switch {
	case gift && cd.DiscountGroup != nil:
		return InvalidInput("A discount of value giftLineItem cannot be in a discount group.")
	case gift && cd.Target != nil:
		return InvalidInput("A discount of value giftLineItem has no target.")
	case !gift && cd.Target == nil:
		return RequiredField("target")
	}
	return nil
}

// targetType is what a discount lowers: its target's type, or a gift line item.
func (cd *CartDiscount) targetType() string {
	if cd.Value.Type == ValueGiftLineItem {
		return ValueGiftLineItem
	}
	return cd.Target.Type
}

// isGiftOf reports whether li is the gift line item a gift value gives.
func (li *LineItem) isGiftOf(v CartDiscountValue) bool {
	return li.LineItemMode == LineItemGift && v.Product != nil && li.ProductID == v.Product.ID && li.Variant.ID == v.VariantID
}

// takeGifts takes the gift line items out of the cart, so that the discounts' predicates see
// the cart without them (giveGifts gives back those that still apply).
func (c *Cart) takeGifts() []LineItem {
	var gifts []LineItem
	c.LineItems = slices.DeleteFunc(c.LineItems, func(li LineItem) bool {
		if li.LineItemMode == LineItemGift {
			gifts = append(gifts, li)
		}
		return li.LineItemMode == LineItemGift
	})
	return gifts
}

// giveGifts gives the cart the gift line item of each gift discount chosen (pickDiscounts): the
// one it had (gifts), or a new unit of the variant at its price. A gift the buyer removed
// (refuseGift) goes to refusedGifts, and a refused gift is not given again; nor is a gift that
// cannot be priced for the cart (its product unpublished, or without a price in the cart's
// currency and country), nor one beyond the cart's line items limit.
func (c *Cart) giveGifts(gifts []LineItem, ch Change) error {
	for _, a := range c.picked.discounts {
		d := a.discount
		if d.Value.Type != ValueGiftLineItem || slices.ContainsFunc(c.LineItems, func(li LineItem) bool { return li.isGiftOf(d.Value) }) {
			continue
		}
		if slices.ContainsFunc(c.refused, func(li LineItem) bool { return li.isGiftOf(d.Value) }) &&
			!slices.ContainsFunc(c.RefusedGifts, func(r Reference) bool { return r.ID == d.ID }) {
			c.RefusedGifts = append(c.RefusedGifts, cartDiscountRef(d.ID))
		}
		if slices.ContainsFunc(c.RefusedGifts, func(r Reference) bool { return r.ID == d.ID }) || len(c.LineItems) >= MaxLineItems {
			continue
		}
		if i := slices.IndexFunc(gifts, func(li LineItem) bool { return li.isGiftOf(d.Value) }); i >= 0 {
			c.LineItems = append(c.LineItems, gifts[i])
			continue
		}
		li, err := c.pricing(ch).newLineItem(LineItemDraft{ProductID: d.Value.Product.ID, VariantID: d.Value.VariantID}, ch.NewID())
		switch {
		case err == nil:
			li.LineItemMode = LineItemGift
			c.LineItems = append(c.LineItems, li)
		case ErrorCode(err) == CodeInternal:
			return err
		}
	}
	c.refused = nil
	return nil
}

// refuseGift records that the buyer removed a gift line item: its discount goes to the cart's
// refusedGifts when the cart is priced again.
func (c *Cart) refuseGift(li LineItem) {
	if li.LineItemMode == LineItemGift {
		c.refused = append(c.refused, li)
	}
}

// discountGift takes the whole price off one unit of the gift line item a gift discount gave;
// it reports whether the cart has it.
func (c *Cart) discountGift(d *CartDiscount, lines [][]group) bool {
	i := slices.IndexFunc(c.LineItems, func(li LineItem) bool { return li.isGiftOf(d.Value) })
	if i < 0 || len(lines[i]) == 0 {
		return false
	}
	counts := make([]int64, len(lines[i]))
	counts[0] = 1
	lines[i] = c.offSomeUnits(d, lines[i], counts)
	return true
}
