package procura

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

func deliveryOrder() (*Order, Change) {
	n := 0
	c := Change{Now: time.Now(), NewID: func() string { n++; return fmt.Sprintf("id-%d", n) }}
	o := &Order{LineItems: []LineItem{{ID: "li", Quantity: 3}, {ID: "other", Quantity: 1}}, ItemShippingAddresses: []Address{},
		ShippingAndTaxes: ShippingAndTaxes{ShippingInfo: &ShippingInfo{ShippingMethodName: "Standard", Deliveries: []Delivery{}}}}
	return o, c
}

// Deliveries and parcels hold at most what was ordered, of line items the order has.
func TestDeliveriesHoldWhatWasOrdered(t *testing.T) {
	o, c := deliveryOrder()
	apply := func(a string) error { return o.Apply(json.RawMessage(a), c) }
	for a, code := range map[string]string{
		`{"action":"addDelivery","items":[{"id":"li","quantity":4}]}`:                                                  CodeInvalidOperation,
		`{"action":"addDelivery","items":[{"id":"nope","quantity":1}]}`:                                                CodeInvalidInput,
		`{"action":"addDelivery","items":[{"id":"li","quantity":0}]}`:                                                  CodeInvalidInput,
		`{"action":"addDelivery","items":[{"id":"li","quantity":1}],"parcels":[{"items":[{"id":"li","quantity":2}]}]}`: CodeInvalidOperation,
		`{"action":"addDelivery","shippingKey":"second"}`:                                                              CodeInvalidInput,
		`{"action":"addParcelToDelivery","deliveryId":"nope"}`:                                                         CodeInvalidInput,
	} {
		if got := ErrorCode(apply(a)); got != code {
			t.Errorf("%s: %s, want %s", a, got, code)
		}
		o, c = deliveryOrder()
	}
	for _, a := range []string{
		`{"action":"addDelivery","deliveryKey":"d1","items":[{"id":"li","quantity":2}],"parcels":[{"key":"p1","items":[{"id":"li","quantity":1}]}]}`,
		`{"action":"addParcelToDelivery","deliveryKey":"d1","parcelKey":"p2","items":[{"id":"li","quantity":1}],"measurements":{"weightInGram":1200},"trackingData":{"trackingId":"T-1","carrier":"DHL"}}`,
		`{"action":"setParcelTrackingData","parcelKey":"p1","trackingData":{"trackingId":"T-0"}}`,
		`{"action":"setDeliveryAddress","deliveryKey":"d1","address":{"country":"DE","city":"Bonn"}}`,
		`{"action":"addDelivery","items":[{"id":"li","quantity":1},{"id":"other","quantity":1}]}`,
	} {
		if err := apply(a); err != nil {
			t.Fatalf("%s: %v", a, err)
		}
	}
	d := o.ShippingInfo.Deliveries[0]
	if len(o.ShippingInfo.Deliveries) != 2 || len(d.Parcels) != 2 || d.Parcels[0].TrackingData.TrackingID != "T-0" ||
		*d.Parcels[1].Measurements.WeightInGram != 1200 || d.Address.City != "Bonn" {
		t.Fatalf("deliveries %+v", o.ShippingInfo.Deliveries)
	}
	for a, code := range map[string]string{
		`{"action":"addDelivery","items":[{"id":"li","quantity":1}]}`:                            CodeInvalidOperation, // 2+1 delivered already
		`{"action":"setDeliveryItems","deliveryKey":"d1","items":[{"id":"li","quantity":1}]}`:    CodeInvalidOperation, // its parcels hold 2
		`{"action":"setParcelItems","parcelKey":"p1","items":[{"id":"li","quantity":2}]}`:        CodeInvalidOperation,
		`{"action":"setParcelMeasurements","parcelKey":"p1","measurements":{"weightInGram":-1}}`: CodeInvalidInput,
		`{"action":"addParcelToDelivery","deliveryKey":"d1","parcelKey":"p2"}`:                   CodeDuplicateField,
	} {
		if got := ErrorCode(apply(a)); got != code {
			t.Errorf("%s: %s, want %s", a, got, code)
		}
	}
	if err := apply(`{"action":"removeParcelFromDelivery","parcelKey":"p2"}`); err != nil || len(o.ShippingInfo.Deliveries[0].Parcels) != 1 {
		t.Fatalf("remove parcel: %v", err)
	}
	if err := apply(`{"action":"removeDelivery","deliveryKey":"d1"}`); err != nil || len(o.ShippingInfo.Deliveries) != 1 {
		t.Fatalf("remove delivery: %v", err)
	}
	for a, code := range map[string]string{
		`{"action":"setEstimatedDelivery","estimatedDelivery":{"from":"2026-12-09T00:00:00Z","until":"2026-12-08T00:00:00Z"}}`: CodeInvalidInput,
		`{"action":"setEstimatedDelivery","estimatedDelivery":{"from":"soon"}}`:                                                CodeInvalidField,
		`{"action":"setEstimatedDelivery","shippingKey":"second"}`:                                                             CodeInvalidInput,
		`{"action":"setShippingCustomType","shippingKey":"second"}`:                                                            CodeInvalidInput,
	} {
		if got := ErrorCode(apply(a)); got != code {
			t.Errorf("%s: %s, want %s", a, got, code)
		}
	}
	if err := apply(`{"action":"setEstimatedDelivery","estimatedDelivery":{"from":"2026-12-08T00:00:00Z","until":"2026-12-09T00:00:00Z"}}`); err != nil ||
		o.ShippingInfo.EstimatedDelivery.Until != "2026-12-09T00:00:00Z" {
		t.Fatalf("estimated delivery: %v", err)
	}
	// Without shipping info there is no delivery.
	o.ShippingInfo = nil
	if got := ErrorCode(apply(`{"action":"addDelivery"}`)); got != CodeInvalidOperation {
		t.Errorf("a delivery without shipping info: %s", got)
	}
}

func TestItemShippingAddresses(t *testing.T) {
	o, c := deliveryOrder()
	apply := func(a string) error { return o.Apply(json.RawMessage(a), c) }
	if err := apply(`{"action":"addItemShippingAddress","address":{"key":"dock","country":"DE"}}`); err != nil {
		t.Fatal(err)
	}
	for a, code := range map[string]string{
		`{"action":"addItemShippingAddress","address":{"key":"dock","country":"DE"}}`:    CodeDuplicateField,
		`{"action":"addItemShippingAddress","address":{"country":"DE"}}`:                 CodeRequiredField,
		`{"action":"updateItemShippingAddress","address":{"key":"gate","country":"DE"}}`: CodeInvalidInput,
		`{"action":"removeItemShippingAddress","addressKey":"gate"}`:                     CodeInvalidInput,
	} {
		if got := ErrorCode(apply(a)); got != code {
			t.Errorf("%s: %s, want %s", a, got, code)
		}
	}
	if err := apply(`{"action":"updateItemShippingAddress","address":{"key":"dock","country":"FR"}}`); err != nil || o.ItemShippingAddresses[0].Country != "FR" {
		t.Fatalf("update: %v", err)
	}
	if err := apply(`{"action":"removeItemShippingAddress","addressKey":"dock"}`); err != nil || len(o.ItemShippingAddresses) != 0 {
		t.Fatalf("remove: %v", err)
	}
}
