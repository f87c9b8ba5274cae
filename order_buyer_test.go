package procura

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestBuyerOrderActions(t *testing.T) {
	for _, tc := range []struct {
		action string
		code   string // "" when a customer's own token may use it
	}{
		{"setPurchaseOrderNumber", ""},
		{"setCustomType", ""},
		{"setCustomField", ""},
		{"changeOrderState", CodeInvalidOperation},
		{"changePaymentState", CodeInvalidOperation},
		{"changeShipmentState", CodeInvalidOperation},
		{"setOrderNumber", CodeInvalidOperation},
		{"setCustomerEmail", CodeInvalidOperation},
		{"addReturnInfo", CodeInvalidOperation},
		{"setOrderState", ""}, // no such action: Order.Apply reports it as unknown
	} {
		err := ActionAllowed(AsAssociate, TypeOrder, tc.action)
		if tc.code == "" {
			if err != nil {
				t.Errorf("%s: %v, want allowed", tc.action, err)
			}
			continue
		}
		if got := ErrorCode(err); got != tc.code {
			t.Errorf("%s: code %q (%v), want %q", tc.action, got, err, tc.code)
		}
		if err := ActionAllowed(AsBackend, TypeOrder, tc.action); err != nil {
			t.Errorf("%s: the trusted backend is refused: %v", tc.action, err)
		}
	}
}

// TestOrderActionListsMatchApply: every action the table lists for orders is one Order.Apply
// knows, so that no action is refused to a buyer as unknown by mistake.
func TestOrderActionListsMatchApply(t *testing.T) {
	for name := range orderActions {
		o := &Order{}
		err := o.Apply(json.RawMessage(`{"action":"`+name+`"}`), Change{Now: time.Now(), NewID: func() string { return "id" }})
		if err != nil && strings.Contains(err.Error(), "unknown action") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestBuyerOrderDraft(t *testing.T) {
	v := int64(1)
	base := OrderFromCartDraft{Cart: &ResourceIdentifier{ID: "c"}, Version: &v, PurchaseOrderNumber: "PO-1"}
	if err := BuyerOrderDraft(base); err != nil {
		t.Fatalf("a draft with the cart and a purchase order number: %v", err)
	}
	for name, d := range map[string]OrderFromCartDraft{
		"orderNumber":   {OrderNumber: "N-1"},
		"orderState":    {OrderState: OrderConfirmed},
		"shipmentState": {ShipmentState: "Shipped"},
		"paymentState":  {PaymentState: "Paid"},
	} {
		d.Cart, d.Version = base.Cart, base.Version
		err := BuyerOrderDraft(d)
		if ErrorCode(err) != CodeInvalidOperation || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: %v, want InvalidOperation naming it", name, err)
		}
	}
}

func TestOrderStatesAreValidated(t *testing.T) {
	ch := Change{Now: time.Now(), NewID: func() string { return "r1" }}
	for _, tc := range []struct {
		action string
		field  string // "" when the action is valid
	}{
		{`{"action":"changeOrderState","orderState":"Complete"}`, ""},
		{`{"action":"changeOrderState","orderState":"Shipped"}`, "orderState"},
		{`{"action":"changePaymentState","paymentState":"CreditOwed"}`, ""},
		{`{"action":"changePaymentState"}`, ""}, // removes it, as in the reference
		{`{"action":"changePaymentState","paymentState":"<script>x</script>"}`, "paymentState"},
		{`{"action":"changePaymentState","paymentState":"paid"}`, "paymentState"},
		{`{"action":"changeShipmentState","shipmentState":"Backorder"}`, ""},
		{`{"action":"changeShipmentState","shipmentState":"Cancelled"}`, "shipmentState"}, // the reference spells it Canceled
		{`{"action":"addReturnInfo","items":[{"lineItemId":"li","quantity":1,"shipmentState":"Returned"}]}`, ""},
		{`{"action":"addReturnInfo","items":[{"lineItemId":"li","quantity":1,"shipmentState":"Lost"}]}`, "shipmentState"},
	} {
		o := &Order{OrderState: OrderOpen, PaymentState: "Pending", ShipmentState: "Pending", LineItems: []LineItem{{ID: "li", Quantity: 1}}}
		err := o.Apply(json.RawMessage(tc.action), ch)
		if tc.field == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.action, err)
			}
			continue
		}
		e, ok := err.(*Error)
		if !ok || e.Code != CodeInvalidField || e.Fields["field"] != tc.field || e.Fields["allowedValues"] == nil {
			t.Errorf("%s: %v, want InvalidField %s with the allowed values", tc.action, err, tc.field)
		}
		if o.OrderState != OrderOpen || o.PaymentState != "Pending" || o.ShipmentState != "Pending" || len(o.ReturnInfo) != 0 {
			t.Errorf("%s: the order changed: %+v", tc.action, o)
		}
	}
}

func TestNewOrderValidatesStates(t *testing.T) {
	v := int64(1)
	cart := &Cart{CartState: CartActive}
	for _, tc := range []struct {
		draft OrderFromCartDraft
		field string
	}{
		{OrderFromCartDraft{OrderState: OrderConfirmed, PaymentState: "Paid", ShipmentState: "Ready"}, ""},
		{OrderFromCartDraft{}, ""},
		{OrderFromCartDraft{OrderState: "Pending"}, "orderState"},
		{OrderFromCartDraft{PaymentState: "<script>x</script>"}, "paymentState"},
		{OrderFromCartDraft{ShipmentState: "Lost"}, "shipmentState"},
	} {
		tc.draft.Version = &v
		_, err := NewOrder(cart, tc.draft, "o1", time.Now())
		if tc.field == "" {
			if err != nil {
				t.Errorf("%+v: %v", tc.draft, err)
			}
			continue
		}
		if e, ok := err.(*Error); !ok || e.Code != CodeInvalidField || e.Fields["field"] != tc.field {
			t.Errorf("%+v: %v, want InvalidField %s", tc.draft, err, tc.field)
		}
	}
}
