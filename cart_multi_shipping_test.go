package procura

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// multiDraft: three shirts (3.00 EUR) shipped to an item shipping address "a" by the method
// "post" (home, DE: 5.00 at 19%) and by a courier of the seller's own (bavaria, DE-BY: 3.00 at 7%).
const multiDraft = `{"currency":"EUR","shippingMode":"Multiple","shippingAddress":{"country":"DE"},
	"itemShippingAddresses":[{"key":"a1","country":"DE"}],
	"lineItems":[{"sku":"S-1","quantity":3,"shippingDetails":{"targets":[{"addressKey":"a1","quantity":2,"shippingMethodKey":"home"},
		{"addressKey":"b1","quantity":1}]}}],
	"shipping":[{"key":"home","shippingMethod":{"key":"post"},"shippingAddress":{"country":"DE"}}],
	"customShipping":[{"key":"bavaria","shippingMethodName":"courier","shippingRate":{"price":{"currencyCode":"EUR","centAmount":300}},
		"taxCategory":{"key":"std"},"shippingAddress":{"country":"DE","state":"BY"}}]}`

// TestCartShipsBySeveralMethods: a cart of shipping mode Multiple prices each shipping at the
// rate of its address's zone and taxes it at its address; its total and taxed prices add them up;
// no quote is requested for it (the reference's rule), and its order keeps the shippings.
func TestCartShipsBySeveralMethods(t *testing.T) {
	_, ch := taxWorld(t)
	draft := decode[CartDraft](t, multiDraft)
	if _, err := NewCart(draft, "cart-1", ch); ErrorCode(err) != CodeInvalidInput {
		t.Fatalf("a target naming an unknown item shipping address: %v", err)
	}
	draft.ItemShippingAddresses = append(draft.ItemShippingAddresses, Address{Key: "b1", Country: "DE"})
	c, err := NewCart(draft, "cart-1", ch)
	if err != nil {
		t.Fatal(err)
	}
	if c.ShippingInfo != nil || len(c.Shipping) != 2 || c.Shipping[0].ShippingKey != "home" || c.Shipping[1].ShippingKey != "bavaria" {
		t.Fatalf("shippings: %+v", c.Shipping)
	}
	home, bavaria := c.Shipping[0].ShippingInfo, c.Shipping[1].ShippingInfo
	if home.Price.CentAmount != 500 || home.TaxedPrice.TotalGross.CentAmount != 595 || bavaria.TaxedPrice.TotalGross.CentAmount != 321 {
		t.Fatalf("each shipping at its address: %+v %+v", home.TaxedPrice, bavaria.TaxedPrice)
	}
	if c.TotalPrice.CentAmount != 300+500+300 || c.TaxedShippingPrice.TotalGross.CentAmount != 595+321 ||
		c.TaxedPrice.TotalGross.CentAmount != 357+595+321 {
		t.Fatalf("totals: %s, shipping %+v, taxed %+v", c.TotalPrice, c.TaxedShippingPrice, c.TaxedPrice)
	}
	if d := c.LineItems[0].ShippingDetails; !d.Valid || d.Targets[0].ShippingMethodKey != "home" {
		t.Fatalf("targets: %+v", d)
	}

	refused := map[string]string{
		`{"action":"addShippingMethod","shippingKey":"home","shippingMethod":{"key":"post"},"shippingAddress":{"country":"DE"}}`:                                                       CodeDuplicateField,
		`{"action":"addShippingMethod","shippingKey":"fr","shippingMethod":{"key":"post"},"shippingAddress":{"country":"FR"}}`:                                                         CodeInvalidOperation,
		`{"action":"addShippingMethod","shippingKey":"xx","shippingMethod":{"key":"post"}}`:                                                                                            CodeRequiredField,
		`{"action":"setShippingMethod","shippingMethod":{"key":"post"}}`:                                                                                                               CodeInvalidOperation,
		`{"action":"removeShippingMethod","shippingKey":"home"}`:                                                                                                                       CodeInvalidOperation,
		`{"action":"removeShippingMethod","shippingKey":"none"}`:                                                                                                                       CodeInvalidInput,
		`{"action":"setEstimatedDelivery","estimatedDelivery":{"from":"2026-12-09T00:00:00Z"}}`:                                                                                        CodeRequiredField,
		`{"action":"setEstimatedDelivery","shippingKey":"home","estimatedDelivery":{"from":"2026-12-09T00:00:00Z","until":"2026-12-08T00:00:00Z"}}`:                                    CodeInvalidInput,
		`{"action":"setLineItemShippingDetails","lineItemId":"` + c.LineItems[0].ID + `","shippingDetails":{"targets":[{"addressKey":"a1","quantity":1,"shippingMethodKey":"gone"}]}}`: CodeInvalidInput,
		`{"action":"setShippingMethodTaxRate","shippingKey":"home","externalTaxRate":{"name":"x","amount":0.1,"country":"DE"}}`:                                                        CodeInvalidOperation,
	}
	for action, code := range refused {
		if err := update(deepCopy(t, c), ch, action); ErrorCode(err) != code {
			t.Errorf("%s: %v, want %s", action, err, code)
		}
	}

	if err := update(c, ch, `{"action":"setEstimatedDelivery","shippingKey":"home","estimatedDelivery":{"from":"2026-12-08T00:00:00Z"}}`,
		`{"action":"removeShippingMethod","shippingKey":"bavaria"}`,
		`{"action":"addShippingMethod","shippingKey":"munich","shippingMethod":{"key":"post"},"shippingAddress":{"country":"DE","state":"BY"}}`,
		`{"action":"applyDeltaToLineItemShippingDetailsTargets","lineItemId":"`+c.LineItems[0].ID+`","targetsDelta":[{"addressKey":"b1","quantity":0,"shippingMethodKey":"munich"}]}`); err != nil {
		t.Fatal(err)
	}
	if len(c.Shipping) != 2 || c.Shipping[0].ShippingInfo.EstimatedDelivery == nil || c.Shipping[1].ShippingInfo.TaxedPrice.TotalGross.CentAmount != 535 ||
		c.TotalPrice.CentAmount != 300+500+500 || c.LineItems[0].ShippingDetails.Targets[1].ShippingMethodKey != "munich" {
		t.Fatalf("after the changes: %+v, %s, %+v", c.Shipping, c.TotalPrice, c.LineItems[0].ShippingDetails)
	}

	if err := update(c, ch, `{"action":"addCustomLineItem","key":"fee","name":{"en":"Fee"},"slug":"fee","money":{"currencyCode":"EUR","centAmount":100}}`); err != nil {
		t.Fatal(err)
	}
	quoted := deepCopy(t, c)
	quoted.CustomerID = "customer-1"
	if _, err := NewQuoteRequest(quoted, QuoteRequestDraft{}, "quote-1", time.Now()); ErrorCode(err) != CodeInvalidOperation {
		t.Errorf("a quote requested for a cart of mode Multiple: %v", err)
	}
	if err := c.Order(); err != nil {
		t.Fatal(err)
	}
	o, err := NewOrder(c, OrderFromCartDraft{Version: new(int64)}, "order-1", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if o.ShippingMode != ShippingMultiple || len(o.Shipping) != 2 || o.TaxedShippingPrice.TotalGross.CentAmount != 595+535 {
		t.Fatalf("the order keeps the shippings: %+v", o.Shipping)
	}
	checkOrderItemShipping(t, o)
}

// checkOrderItemShipping: an order's items' shipping details are set as on its cart, against its
// item shipping addresses and shippings; an address an item ships to stays; each delivery
// belongs to the shipping its key names, and all of them together hold at most what was ordered.
func checkOrderItemShipping(t *testing.T, o *Order) {
	t.Helper()
	line := `{"action":"setLineItemShippingDetails","lineItemId":"` + o.LineItems[0].ID + `","shippingDetails":{"targets":[`
	for action, code := range map[string]string{
		line + `{"addressKey":"a1","quantity":3,"shippingMethodKey":"gone"}]}}`:                                      CodeInvalidInput,
		line + `{"addressKey":"zz","quantity":3}]}}`:                                                                 CodeInvalidInput,
		line + `{"addressKey":"a1","quantity":4}]}}`:                                                                 CodeInvalidInput,
		`{"action":"setCustomLineItemShippingDetails","customLineItemKey":"nope","shippingDetails":{"targets":[]}}`:  CodeInvalidInput,
		`{"action":"removeItemShippingAddress","addressKey":"b1"}`:                                                   CodeInvalidOperation,
		`{"action":"setShippingCustomField","name":"x","value":1}`:                                                   CodeRequiredField,
		`{"action":"setEstimatedDelivery","shippingKey":"gone","estimatedDelivery":{"from":"2026-12-08T00:00:00Z"}}`: CodeInvalidInput,
	} {
		if err := deepCopy(t, o).Apply(json.RawMessage(action), Change{Now: time.Now()}); ErrorCode(err) != code {
			t.Errorf("%s: %v, want %s", action, err, code)
		}
	}
	for _, action := range []string{line + `{"addressKey":"a1","quantity":3,"shippingMethodKey":"munich"}]}}`,
		`{"action":"setCustomLineItemShippingDetails","customLineItemKey":"fee","shippingDetails":{"targets":[{"addressKey":"a1","quantity":1,"shippingMethodKey":"home"}]}}`,
		`{"action":"removeItemShippingAddress","addressKey":"b1"}`,
		`{"action":"setEstimatedDelivery","shippingKey":"munich","estimatedDelivery":{"from":"2026-12-08T00:00:00Z"}}`} {
		if err := o.Apply(json.RawMessage(action), Change{Now: time.Now()}); err != nil {
			t.Fatalf("%s: %v", action, err)
		}
	}
	delivery := `{"action":"addDelivery","deliveryKey":"%s","shippingKey":"%s","items":[{"id":"` + o.LineItems[0].ID + `","quantity":%d}]}`
	for action, code := range map[string]string{
		fmt.Sprintf(delivery, "d1", "", 1):       CodeRequiredField,
		fmt.Sprintf(delivery, "d1", "gone", 1):   CodeInvalidInput,
		fmt.Sprintf(delivery, "d1", "munich", 4): CodeInvalidOperation,
	} {
		if err := deepCopy(t, o).Apply(json.RawMessage(action), Change{Now: time.Now(), NewID: func() string { return "x" }}); ErrorCode(err) != code {
			t.Errorf("%s: %v, want %s", action, err, code)
		}
	}
	ids := 0
	next := Change{Now: time.Now(), NewID: func() string { ids++; return "delivery-" + itoa(ids) }}
	for _, action := range []string{fmt.Sprintf(delivery, "d1", "munich", 2), fmt.Sprintf(delivery, "d2", "home", 1)} {
		if err := o.Apply(json.RawMessage(action), next); err != nil {
			t.Fatalf("%s: %v", action, err)
		}
	}
	if err := deepCopy(t, o).Apply(json.RawMessage(fmt.Sprintf(delivery, "d3", "home", 1)), next); ErrorCode(err) != CodeInvalidOperation {
		t.Fatalf("the deliveries of all shippings together hold more than was ordered: %v", err)
	}
	if err := o.Apply(json.RawMessage(`{"action":"removeDelivery","deliveryKey":"d2"}`), next); err != nil ||
		len(o.Shipping[0].ShippingInfo.Deliveries) != 0 || len(o.Shipping[1].ShippingInfo.Deliveries) != 1 {
		t.Fatalf("deliveries per shipping: %v %+v", err, o.Shipping)
	}
	if d := o.LineItems[0].ShippingDetails; !d.Valid || d.Targets[0].ShippingMethodKey != "munich" || len(o.ItemShippingAddresses) != 1 ||
		o.CustomLineItems[0].ShippingDetails.Targets[0].ShippingMethodKey != "home" || o.Shipping[1].ShippingInfo.EstimatedDelivery == nil {
		t.Fatalf("the order's item shipping: %+v %+v %+v", d, o.CustomLineItems[0].ShippingDetails, o.Shipping)
	}
}

// TestShippingModesStayApart: a cart of mode Single takes no shippings, one of mode Multiple no
// single shipping method, and a target names a shipping only in mode Multiple; the single
// shipping's custom fields need its method and go with it.
func TestShippingModesStayApart(t *testing.T) {
	_, ch := taxWorld(t)
	for draft, code := range map[string]string{
		`{"currency":"EUR","shipping":[{"key":"home","shippingMethod":{"key":"post"},"shippingAddress":{"country":"DE"}}]}`: CodeInvalidInput,
		`{"currency":"EUR","shippingMode":"Multiple","shippingAddress":{"country":"DE"},"shippingMethod":{"key":"post"}}`:   CodeInvalidInput,
		`{"currency":"EUR","shippingMode":"Several"}`: CodeInvalidField,
		`{"currency":"EUR","shippingMode":"Multiple","customShipping":[{"key":"x","shippingMethodName":"courier","shippingRate":{"price":{"currencyCode":"USD","centAmount":1}},"shippingAddress":{"country":"DE"}}]}`: CodeInvalidInput,
	} {
		if _, err := NewCart(decode[CartDraft](t, draft), "cart-1", ch); ErrorCode(err) != code {
			t.Errorf("%s: %v, want %s", draft, err, code)
		}
	}
	c := taxedCart(t, ch, `{"currency":"EUR","shippingAddress":{"country":"DE"},"itemShippingAddresses":[{"key":"a1","country":"DE"}],
		"lineItems":[{"sku":"S-1","quantity":1}]}`)
	for action, code := range map[string]string{
		`{"action":"addShippingMethod","shippingKey":"home","shippingMethod":{"key":"post"},"shippingAddress":{"country":"DE"}}`:                                                       CodeInvalidOperation,
		`{"action":"removeShippingMethod","shippingKey":"home"}`:                                                                                                                       CodeInvalidOperation,
		`{"action":"setLineItemShippingDetails","lineItemId":"` + c.LineItems[0].ID + `","shippingDetails":{"targets":[{"addressKey":"a1","quantity":1,"shippingMethodKey":"home"}]}}`: CodeInvalidField,
		`{"action":"setEstimatedDelivery","estimatedDelivery":{"from":"2026-12-09T00:00:00Z"}}`:                                                                                        CodeInvalidOperation,
		`{"action":"setShippingCustomField","shippingKey":"home","name":"x","value":1}`:                                                                                                CodeInvalidInput,
		`{"action":"setShippingCustomType","type":{"key":"shipping-fields"}}`:                                                                                                          CodeInvalidOperation,
	} {
		if err := update(deepCopy(t, c), ch, action); ErrorCode(err) != code {
			t.Errorf("%s: %v, want %s", action, err, code)
		}
	}
	if err := update(c, ch, `{"action":"setShippingMethod","shippingMethod":{"key":"post"},"estimatedDelivery":{"from":"2026-12-08T00:00:00Z"}}`); err != nil ||
		c.ShippingInfo.EstimatedDelivery == nil || len(c.Shipping) != 0 {
		t.Fatalf("mode Single: %v %+v", err, c.ShippingInfo)
	}
	if err := update(c, ch, `{"action":"setShippingCustomType","type":{"key":"shipping-fields"}}`); err != nil || c.ShippingCustomFields == nil {
		t.Fatalf("the custom fields of the single shipping: %v", err)
	}
	if err := update(c, ch, `{"action":"setShippingMethod"}`); err != nil || c.ShippingCustomFields != nil {
		t.Fatalf("a removed shipping method kept its custom fields: %v", err)
	}
}

// deepCopy copies v, for an action that is expected to fail (the application throws away what a
// failed request changed).
func deepCopy[T any](t *testing.T, v *T) *T {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out T
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return &out
}
