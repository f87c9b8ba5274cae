package procura

// An order's items' shipping details: set as on its cart, against the order's item shipping
// addresses and, in shipping mode Multiple, its shippings' keys. order.go dispatches to
// applyItemShipping.

// orderItemShippingActions are the actions of this file and their fields.
var orderItemShippingActions = ActionFields{
	"setLineItemShippingDetails":       {"lineItemId", "lineItemKey", "shippingDetails"},
	"setCustomLineItemShippingDetails": {"customLineItemId", "customLineItemKey", "shippingDetails"},
}

// orderItemShippingFields are the fields of this file's actions that other order actions lack.
type orderItemShippingFields struct {
	ShippingDetails *ItemShippingDetailsDraft `json:"shippingDetails"` // the custom line item's id and key: orderItemFields
}

// applyItemShipping applies the actions of this file; handled reports whether a was one of them.
func (o *Order) applyItemShipping(a orderAction) (handled bool, err error) {
	switch a.Action {
	case "setLineItemShippingDetails":
		i := lineItemIndex(o.LineItems, a.LineItemID, a.LineItemKey)
		if i < 0 {
			return true, lineItemNotFound(a.LineItemID, a.LineItemKey)
		}
		return true, o.setShippingDetails(&o.LineItems[i].ShippingDetails, a.ShippingDetails, o.LineItems[i].Quantity)
	case "setCustomLineItemShippingDetails":
		x, _, err := customLineItemIn(o.CustomLineItems, a.CustomLineItemID, a.CustomLineItemKey)
		if err != nil {
			return true, err
		}
		return true, o.setShippingDetails(&x.ShippingDetails, a.ShippingDetails, x.Quantity)
	}
	return false, nil
}

// setShippingDetails sets (or, without a draft, removes) an item's shipping details.
func (o *Order) setShippingDetails(dst **ItemShippingDetails, d *ItemShippingDetailsDraft, q int64) error {
	if d == nil {
		*dst = nil
		return nil
	}
	details, err := newShippingDetails("shippingDetails", o.ItemShippingAddresses, d, q)
	if err != nil {
		return err
	}
	if err := o.shipView().checkKeys([]*ItemShippingDetails{details}); err != nil {
		return err
	}
	*dst = details
	return nil
}

// shippingDetailsAll returns the shipping details of every item of the order that has them.
func (o *Order) shippingDetailsAll() []*ItemShippingDetails {
	var out []*ItemShippingDetails
	for i := range o.LineItems {
		if d := o.LineItems[i].ShippingDetails; d != nil {
			out = append(out, d)
		}
	}
	for i := range o.CustomLineItems {
		if d := o.CustomLineItems[i].ShippingDetails; d != nil {
			out = append(out, d)
		}
	}
	return out
}
