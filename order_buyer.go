package procura

// buyerOrderActions are the order update actions a customer's own token may use on an order
// (the policy table): what the buyer owns, their purchase order number and their own custom
// fields. The rest (states, order number, returns, customer email) records the seller's
// fulfilment.
var buyerOrderActions = []string{"setPurchaseOrderNumber", "setCustomType", "setCustomField"}

// BuyerOrderDraft decides whether a buyer may place an order with draft d: the order number and
// the states are the seller's to set, as in the reference's MyOrderFromCartDraft, which has
// neither; the purchase order number is the buyer's.
func BuyerOrderDraft(d OrderFromCartDraft) error {
	for _, f := range []struct{ name, value string }{{"orderNumber", d.OrderNumber}, {"orderState", d.OrderState},
		{"shipmentState", d.ShipmentState}, {"paymentState", d.PaymentState}} {
		if f.value != "" {
			return InvalidOperation("'%s' is the seller's to set; a buyer's order draft names the cart, its version and the purchase order number.", f.name)
		}
	}
	if d.State != nil {
		return InvalidOperation("'state' is the seller's to set; a buyer's order draft names the cart, its version and the purchase order number.")
	}
	if d.Custom != nil {
		return InvalidOperation("'custom' is the seller's to set at placing; a buyer's order draft names the cart, its version and the purchase order number.")
	}
	return nil
}
