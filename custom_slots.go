package procura

// This file says, for each resource with custom fields, where they are and for which
// ResourceTypeId (type.go) their type must be defined.

// slot returns the slot of custom, or none when there are no custom fields.
func slot(field, resourceTypeID string, custom *CustomFields) []CustomSlot {
	if custom == nil {
		return nil
	}
	return []CustomSlot{{Field: field, ResourceTypeID: resourceTypeID, Custom: custom}}
}

// addressSlots returns the slots of the addresses' custom fields.
func addressSlots(field string, addresses ...*Address) []CustomSlot {
	var out []CustomSlot
	for _, a := range addresses {
		if a != nil {
			out = append(out, slot(field, "address", a.Custom)...)
		}
	}
	return out
}

// lineItemSlots returns the slots of line items' custom fields.
func lineItemSlots(items []LineItem) []CustomSlot {
	var out []CustomSlot
	for i := range items {
		out = append(out, slot("lineItems", "line-item", items[i].Custom)...)
	}
	return out
}

// postalSlots returns the slots of a shipping and a billing address.
func postalSlots(shipping, billing *Address) []CustomSlot {
	return append(addressSlots("shippingAddress", shipping), addressSlots("billingAddress", billing)...)
}

func (b *addressBook) slots() []CustomSlot {
	var out []CustomSlot
	for i := range b.Addresses {
		out = append(out, addressSlots("addresses", &b.Addresses[i])...)
	}
	return out
}

// CustomSlots implements Customizable.
func (u *BusinessUnit) CustomSlots() []CustomSlot {
	return append(slot("custom", "business-unit", u.Custom), u.addressBook.slots()...)
}

// CustomSlots implements Customizable.
func (c *Customer) CustomSlots() []CustomSlot {
	return append(slot("custom", "customer", c.Custom), c.addressBook.slots()...)
}

// CustomSlots implements Customizable.
func (r *AssociateRole) CustomSlots() []CustomSlot { return slot("custom", "associate-role", r.Custom) }

// CustomSlots implements Customizable.
func (g *CustomerGroup) CustomSlots() []CustomSlot { return slot("custom", "customer-group", g.Custom) }

// CustomSlots implements Customizable.
func (s *Store) CustomSlots() []CustomSlot { return slot("custom", "store", s.Custom) }

// CustomSlots implements Customizable.
func (c *Category) CustomSlots() []CustomSlot {
	return append(slot("custom", "category", c.Custom), assetSlots("assets", c.Assets)...)
}

// CustomSlots implements Customizable: the custom fields of the prices and the assets of both
// projections' variants.
func (p *Product) CustomSlots() []CustomSlot {
	var out []CustomSlot
	for _, d := range []*ProductData{&p.MasterData.Current, &p.MasterData.Staged} {
		for _, v := range d.AllVariants() {
			for i := range v.Prices {
				out = append(out, slot("prices", "product-price", v.Prices[i].Custom)...)
			}
			out = append(out, assetSlots("assets", v.Assets)...)
		}
	}
	return out
}

// CustomSlots implements Customizable.
func (r *ApprovalRule) CustomSlots() []CustomSlot { return slot("custom", "approval-rule", r.Custom) }

// CustomSlots implements Customizable.
func (f *ApprovalFlow) CustomSlots() []CustomSlot { return slot("custom", "approval-flow", f.Custom) }

// CustomSlots implements Customizable: carts share their types with orders.
func (c *Cart) CustomSlots() []CustomSlot {
	out := append(append(slot("custom", "order", c.Custom), postalSlots(c.ShippingAddress, c.BillingAddress)...), lineItemSlots(c.LineItems)...)
	out = append(out, customLineItemSlots(c.CustomLineItems)...)
	for i := range c.ItemShippingAddresses {
		out = append(out, addressSlots("itemShippingAddresses", &c.ItemShippingAddresses[i])...)
	}
	return append(out, c.shipView().slots()...)
}

// customLineItemSlots are the slots of a cart's or an order's custom line items.
func customLineItemSlots(items []CustomLineItem) []CustomSlot {
	var out []CustomSlot
	for i := range items {
		out = append(out, slot("customLineItems", "custom-line-item", items[i].Custom)...)
	}
	return out
}

// CustomSlots implements Customizable.
func (o *Order) CustomSlots() []CustomSlot {
	out := append(append(slot("custom", "order", o.Custom), postalSlots(o.ShippingAddress, o.BillingAddress)...), lineItemSlots(o.LineItems)...)
	out = append(out, customLineItemSlots(o.CustomLineItems)...)
	for i := range o.ReturnInfo {
		for j := range o.ReturnInfo[i].Items {
			out = append(out, slot("returnInfo.items.custom", "order-return-item", o.ReturnInfo[i].Items[j].Custom)...)
		}
	}
	return append(append(out, o.deliverySlots()...), o.shipView().slots()...)
}

// offerSlots are the slots of a quote request's or a quote's offer.
func (o *Offer) offerSlots() []CustomSlot {
	return append(append(slot("custom", "quote", o.Custom), postalSlots(o.ShippingAddress, o.BillingAddress)...), lineItemSlots(o.LineItems)...)
}

// CustomSlots implements Customizable: quote requests, staged quotes and quotes share "quote".
func (q *QuoteRequest) CustomSlots() []CustomSlot { return q.Offer.offerSlots() }

// CustomSlots implements Customizable.
func (q *Quote) CustomSlots() []CustomSlot { return q.Offer.offerSlots() }

// CustomSlots implements Customizable.
func (q *StagedQuote) CustomSlots() []CustomSlot { return slot("custom", "quote", q.Custom) }

// customOrCopy returns the custom fields a draft gives, or else a copy of from's: a staged quote
// takes its quote request's, a quote its staged quote's, as in the reference.
func customOrCopy(d *CustomFieldsDraft, from *CustomFields) (*CustomFields, error) {
	if d != nil || from == nil {
		return NewCustomFields("custom", d)
	}
	c := &CustomFields{Type: from.Type, Fields: make(map[string]any, len(from.Fields))}
	for k, v := range from.Fields {
		c.Fields[k] = v
	}
	return c, nil
}
