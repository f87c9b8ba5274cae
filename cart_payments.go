package procura

import "encoding/json"

// cartPaymentActions are the cart's payment actions and their fields.
var cartPaymentActions = ActionFields{"addPayment": {"payment"}, "removePayment": {"payment"}}

type cartPaymentAction struct {
	Action  string              `json:"action"`
	Payment *ResourceIdentifier `json:"payment"`
}

// applyPayment applies addPayment or removePayment, which put a payment into the cart's payment
// info (its order takes it over); handled reports whether raw was one of them.
func (c *Cart) applyPayment(raw json.RawMessage, ch Change) (handled bool, err error) {
	if _, ok := cartPaymentActions[ActionName(raw)]; !ok {
		return false, nil
	}
	var a cartPaymentAction
	if err := DecodeAction(raw, &a, cartPaymentActions); err != nil {
		return true, err
	}
	if c.CartState == CartOrdered || c.CartState == CartMerged {
		return true, InvalidOperation("The cart is %s: it can no longer change.", c.CartState)
	}
	return true, changePayments(&c.PaymentInfo, a.Action, a.Payment, ch)
}
