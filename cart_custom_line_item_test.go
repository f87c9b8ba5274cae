package procura

import (
	"encoding/json"
	"fmt"
	"testing"
)

// TestCustomLineItemExternalTaxes: an External cart's custom line items take the rates set from
// outside, an ExternalAmount cart's the amounts, each only in its mode; a changed item drops its
// amount; the cart's taxedPrice waits for every item.
func TestCustomLineItemExternalTaxes(t *testing.T) {
	_, ch := taxWorld(t)
	c := taxedCart(t, ch, `{"currency":"EUR","taxMode":"External","shippingAddress":{"country":"DE"},"lineItems":[{"sku":"S-1","quantity":2}],
		"customLineItems":[{"key":"setup","name":{"en":"Setup"},"slug":"setup","money":{"currencyCode":"EUR","centAmount":1000}}]}`)
	li := c.LineItems[0].ID
	rate := `"externalTaxRate":{"name":"ext","amount":0.1,"country":"DE"}`
	if err := update(c, ch, `{"action":"setLineItemTaxRate","lineItemId":"`+li+`",`+rate+`}`); err != nil || c.TaxedPrice != nil {
		t.Fatalf("a custom line item without a rate leaves the cart without a taxed price: %v %+v", err, c.TaxedPrice)
	}
	if err := update(c, ch, `{"action":"setCustomLineItemTaxRate","customLineItemKey":"setup","externalTaxRate":{"name":"svc","amount":0.2,"country":"DE"}}`); err != nil {
		t.Fatal(err)
	}
	if tp := c.CustomLineItems[0].TaxedPrice; tp == nil || tp.TotalGross.CentAmount != 1200 || c.TaxedPrice == nil || c.TaxedPrice.TotalGross.CentAmount != 220+1200 {
		t.Fatalf("20%% on 10.00 and 10%% on 2.00: %+v %+v", tp, c.TaxedPrice)
	}
	cli := c.CustomLineItems[0].ID
	amount := `{"action":"setCustomLineItemTaxAmount","customLineItemId":"` + cli + `","externalTaxAmount":{"totalGross":{"currencyCode":"EUR","centAmount":%d},"taxRate":{"name":"x","amount":0.15,"country":"DE"}}}`
	if err := update(c, ch, fmt.Sprintf(amount, 1150)); ErrorCode(err) != CodeInvalidOperation {
		t.Fatalf("an amount in External mode: %v", err)
	}
	for _, bad := range []struct {
		action, code string
	}{
		{`{"action":"setCustomLineItemTaxRate","customLineItemId":"nope",` + rate + `}`, CodeInvalidInput},
		{`{"action":"setCustomLineItemTaxRate",` + rate + `}`, CodeRequiredField},
		{`{"action":"setCustomLineItemTaxRate","customLineItemId":"` + cli + `","shippingKey":"x",` + rate + `}`, CodeInvalidJSONInput},
	} {
		if err := update(c, ch, bad.action); ErrorCode(err) != bad.code {
			t.Errorf("%s: %v, want %s", bad.action, err, bad.code)
		}
	}
	if err := update(c, ch, `{"action":"setCustomLineItemTaxRate","customLineItemId":"`+cli+`"}`); err != nil || c.CustomLineItems[0].TaxRate != nil || c.TaxedPrice != nil {
		t.Fatalf("no rate removes it: %v %+v", err, c.CustomLineItems[0].TaxRate)
	}
	if err := update(c, ch, `{"action":"changeTaxMode","taxMode":"ExternalAmount"}`); err != nil {
		t.Fatal(err)
	}
	if err := update(c, ch, `{"action":"setCustomLineItemTaxRate","customLineItemId":"`+cli+`",`+rate+`}`); ErrorCode(err) != CodeInvalidOperation {
		t.Fatalf("a rate in ExternalAmount mode: %v", err)
	}
	if err := update(c, ch, fmt.Sprintf(amount, 999)); ErrorCode(err) != CodeInvalidInput {
		t.Fatalf("a gross below the net: %v", err)
	}
	if err := update(c, ch, fmt.Sprintf(amount, 1150)); err != nil {
		t.Fatal(err)
	}
	if tp := c.CustomLineItems[0].TaxedPrice; tp == nil || tp.TotalNet.CentAmount != 1000 || tp.TaxPortions[0].Amount.CentAmount != 150 {
		t.Fatalf("an external amount: %+v", tp)
	}
	if err := update(c, ch, `{"action":"changeCustomLineItemQuantity","customLineItemId":"`+cli+`","quantity":2}`); err != nil || c.CustomLineItems[0].TaxedPrice != nil {
		t.Fatalf("a changed item drops its amount: %v %+v", err, c.CustomLineItems[0].TaxedPrice)
	}
}

// TestCustomLineItemShippingTargetsDelta: the delta adds to a custom line item's targets, drops
// the ones at zero and refuses to ship more than the item's quantity or to unknown addresses.
func TestCustomLineItemShippingTargetsDelta(t *testing.T) {
	_, ch := taxWorld(t)
	c := taxedCart(t, ch, `{"currency":"EUR","itemShippingAddresses":[{"key":"aa","country":"DE"},{"key":"bb","country":"DE"}],
		"customLineItems":[{"key":"kit","name":{"en":"Kit"},"slug":"kit","quantity":4,"money":{"currencyCode":"EUR","centAmount":100}}]}`)
	delta := func(targets string) string {
		return `{"action":"applyDeltaToCustomLineItemShippingDetailsTargets","customLineItemKey":"kit","targetsDelta":` + targets + `}`
	}
	if err := update(c, ch, delta(`[{"addressKey":"aa","quantity":3},{"addressKey":"bb","quantity":1}]`)); err != nil {
		t.Fatal(err)
	}
	if d := c.CustomLineItems[0].ShippingDetails; d == nil || len(d.Targets) != 2 || !d.Valid {
		t.Fatalf("targets: %+v", d)
	}
	if err := update(c, ch, delta(`[{"addressKey":"bb","quantity":-1}]`)); err != nil {
		t.Fatal(err)
	}
	if d := c.CustomLineItems[0].ShippingDetails; len(d.Targets) != 1 || d.Targets[0].AddressKey != "aa" || d.Valid {
		t.Fatalf("a target at zero goes, and 3 of 4 is not valid: %+v", d)
	}
	for _, bad := range []struct {
		targets, code string
	}{{`[{"addressKey":"aa","quantity":2}]`, CodeInvalidInput}, {`[{"addressKey":"aa","quantity":-4}]`, CodeInvalidInput},
		{`[{"addressKey":"zz","quantity":1}]`, CodeInvalidInput}} {
		before, _ := json.Marshal(c.CustomLineItems[0].ShippingDetails)
		if err := update(c, ch, delta(bad.targets)); ErrorCode(err) != bad.code {
			t.Errorf("%s: %v", bad.targets, err)
		}
		if after, _ := json.Marshal(c.CustomLineItems[0].ShippingDetails); string(after) != string(before) {
			t.Errorf("%s changed the targets: %s", bad.targets, after)
		}
	}
}

// TestPriceRoundingMode: a cart's priceRoundingMode rounds its relative discounts' amounts; the
// draft and the action take the reference's rounding modes, and only from the seller's side.
func TestPriceRoundingMode(t *testing.T) {
	f, ch := discountWorld(t)
	f.discount(t, ch, "half", `{"name":{"en":"0.5%"},"cartPredicate":"true","sortOrder":"0.5","value":{"type":"relative","permyriad":50},"target":{"type":"lineItems","predicate":"true"}}`)
	c := taxedCart(t, ch, `{"currency":"EUR","lineItems":[{"sku":"S-1","quantity":1}]}`)
	if err := update(c, ch); err != nil || c.PriceRoundingMode != HalfEven || c.TotalPrice.CentAmount != 100 {
		t.Fatalf("HalfEven takes 0.5 cent off as nothing: %v %s %s", err, c.PriceRoundingMode, c.TotalPrice)
	}
	if err := update(c, ch, `{"action":"changePriceRoundingMode","priceRoundingMode":"HalfUp"}`); err != nil || c.TotalPrice.CentAmount != 99 {
		t.Fatalf("HalfUp takes one cent off: %v %s", err, c.TotalPrice)
	}
	if err := update(c, ch, `{"action":"changePriceRoundingMode","priceRoundingMode":"Up"}`); ErrorCode(err) != CodeInvalidField || c.PriceRoundingMode != HalfUp {
		t.Fatalf("an unknown mode: %v %s", err, c.PriceRoundingMode)
	}
	d := taxedCart(t, ch, `{"currency":"EUR","priceRoundingMode":"HalfUp","lineItems":[{"sku":"S-1","quantity":1}]}`)
	if err := update(d, ch); err != nil || d.TotalPrice.CentAmount != 99 {
		t.Fatalf("the draft's mode: %v %s", err, d.TotalPrice)
	}
	if _, err := NewCart(decode[CartDraft](t, `{"currency":"EUR","priceRoundingMode":"Down"}`), "x", ch); ErrorCode(err) != CodeInvalidField {
		t.Fatalf("a draft's unknown mode: %v", err)
	}
	if CartTaxDraftAllowed(AsMe, CartTaxDraft{PriceRoundingMode: HalfUp}) == nil || CartTaxDraftAllowed(AsSeller, CartTaxDraft{PriceRoundingMode: HalfUp}) != nil {
		t.Fatal("a draft's priceRoundingMode is the seller's and its backend's to choose")
	}
}

// TestReservationExpiration: without reservations the action changes nothing, but takes only
// the reference's range.
func TestReservationExpiration(t *testing.T) {
	_, ch := taxWorld(t)
	c := taxedCart(t, ch, `{"currency":"EUR","lineItems":[{"sku":"S-1","quantity":1}]}`)
	before, _ := json.Marshal(c)
	if err := update(c, ch, `{"action":"setReservationExpirationInMinutes","reservationExpirationInMinutes":30}`); err != nil {
		t.Fatal(err)
	}
	if after, _ := json.Marshal(c); string(after) != string(before) {
		t.Fatalf("the cart changed: %s", after)
	}
	for _, bad := range []string{`0`, `44641`, `null`, `1.5`} {
		err := update(c, ch, `{"action":"setReservationExpirationInMinutes","reservationExpirationInMinutes":`+bad+`}`)
		if code := ErrorCode(err); code != CodeInvalidField && code != CodeRequiredField && code != CodeInvalidJSONInput {
			t.Errorf("%s: %v", bad, err)
		}
	}
}
