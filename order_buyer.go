package procura

import (
	"encoding/json"
	"slices"
)

// The order update actions the seller alone uses: an order's states, its number and its
// returns record the seller's fulfilment, and its customer email whom the seller writes to.
var sellerOrderActions = []string{"changeOrderState", "changeShipmentState", "changePaymentState", "setOrderNumber",
	"setCustomerEmail", "addReturnInfo"}

// buyerOrderActions are the order update actions a buyer may use on an order: what the buyer
// owns, their purchase order number and their own custom fields.
var buyerOrderActions = []string{"setPurchaseOrderNumber", "setCustomType", "setCustomField"}

// BuyerOrderAction decides whether a buyer (a customer with their own token, through /me or
// as an associate) may use the order update action raw. Any action of the seller's is refused
// with InvalidOperation naming the actions a buyer has; an action no order has stays unknown.
// The seller, and a trusted backend acting as an associate, use every action (Order.Apply).
func BuyerOrderAction(raw json.RawMessage) error {
	name := ActionName(raw)
	switch {
	case slices.Contains(buyerOrderActions, name):
		return nil
	case slices.Contains(sellerOrderActions, name):
		return buyerOnly(name, buyerOrderActions...)
	}
	return UnknownAction(name)
}

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
	return nil
}
