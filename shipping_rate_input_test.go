package procura

import "testing"

// tieredMethod adds to f a method shipping to zone "de" in EUR for 9.00 with the tiers given,
// taxed by "std".
func tieredMethod(t *testing.T, f *fakeRates, ch Change, key, tiers string) {
	t.Helper()
	m, err := NewShippingMethod(decode[ShippingMethodDraft](t, `{"key":"`+key+`","name":"`+key+`","taxCategory":{"key":"std"},
		"zoneRates":[{"zone":{"key":"de"},"shippingRates":[{"price":{"currencyCode":"EUR","centAmount":900},"tiers":`+tiers+`}]}]}`), key, ch)
	if err != nil {
		t.Fatal(err)
	}
	f.methods[key] = m
}

// TestTieredShippingRates: a rate's tiers are of the project's shippingRateInputType; the cart's
// discounted subtotal selects a CartValue tier (the highest minimum it reaches), the cart's
// shipping rate input a classification's or a score's; without a selected tier the rate's own
// price holds; the selected tier is marked isMatching.
func TestTieredShippingRates(t *testing.T) {
	f, ch := taxWorld(t)
	value := `[{"type":"CartValue","minimumCentAmount":200,"price":{"currencyCode":"EUR","centAmount":500}},
		{"type":"CartValue","minimumCentAmount":500,"price":{"currencyCode":"EUR","centAmount":300}}]`
	for tiers, code := range map[string]string{
		value: CodeInvalidInput, // the project has no shippingRateInputType yet
		`[{"type":"CartScore","score":1,"priceFunction":{"currencyCode":"EUR","function":"x"}}]`:     CodeInvalidField,
		`[{"type":"CartValue","minimumCentAmount":1,"price":{"currencyCode":"USD","centAmount":1}}]`: CodeInvalidInput,
		`[{"type":"CartValue","minimumCentAmount":1,"price":{"currencyCode":"EUR","centAmount":1}},
		  {"type":"CartValue","minimumCentAmount":1,"price":{"currencyCode":"EUR","centAmount":2}}]`: CodeDuplicateField,
		`[{"type":"CartValue","minimumCentAmount":1,"price":{"currencyCode":"EUR","centAmount":1}},
		  {"type":"CartScore","score":1,"price":{"currencyCode":"EUR","centAmount":2}}]`: CodeInvalidInput,
	} {
		_, err := NewShippingMethod(decode[ShippingMethodDraft](t, `{"name":"x","taxCategory":{"key":"std"},"zoneRates":[{"zone":{"key":"de"},"shippingRates":[
			{"price":{"currencyCode":"EUR","centAmount":900},"tiers":`+tiers+`}]}]}`), "x", ch)
		if ErrorCode(err) != code {
			t.Errorf("%s: %v, want %s", tiers, err, code)
		}
	}

	f.inputType = &ShippingRateInputType{Type: TierCartValue}
	tieredMethod(t, f, ch, "tiered", value)
	c := taxedCart(t, ch, `{"currency":"EUR","shippingAddress":{"country":"DE"},"lineItems":[{"sku":"S-1","quantity":1}],"shippingMethod":{"key":"tiered"}}`)
	for _, step := range []struct {
		quantity, price int64
		matching        int
	}{{1, 900, -1}, {3, 500, 0}, {6, 300, 1}} {
		if err := update(c, ch, `{"action":"changeLineItemQuantity","lineItemId":"`+c.LineItems[0].ID+`","quantity":`+itoa(int(step.quantity))+`}`); err != nil {
			t.Fatal(err)
		}
		s := c.ShippingInfo
		if s.Price.CentAmount != step.price || c.TotalPrice.CentAmount != 100*step.quantity+step.price {
			t.Errorf("%d items: shipping %s, total %s, want %d", step.quantity, s.Price, c.TotalPrice, step.price)
		}
		for i, tier := range s.ShippingRate.Tiers {
			if *tier.IsMatching != (i == step.matching) {
				t.Errorf("%d items: tier %d isMatching %v", step.quantity, i, *tier.IsMatching)
			}
		}
	}
	if f.methods["tiered"].ZoneRates[0].ShippingRates[0].Tiers[0].IsMatching != nil {
		t.Error("pricing a cart marked the method's own tiers")
	}
	if err := update(deepCopy(t, c), ch, `{"action":"setShippingRateInput","shippingRateInput":{"type":"Score","score":1}}`); ErrorCode(err) != CodeInvalidOperation {
		t.Errorf("an input where the cart's value selects: %v", err)
	}

	f.inputType = &ShippingRateInputType{Type: TierCartClassification, Values: []CustomFieldEnumValue{
		{Key: "small", Label: []byte(`{"en":"Small"}`)}, {Key: "large", Label: []byte(`{"en":"Large"}`)}}}
	tieredMethod(t, f, ch, "classy", `[{"type":"CartClassification","value":"large","price":{"currencyCode":"EUR","centAmount":1500}}]`)
	c = taxedCart(t, ch, `{"currency":"EUR","shippingAddress":{"country":"DE"},"lineItems":[{"sku":"S-1","quantity":1}],
		"shippingMethod":{"key":"classy"},"shippingRateInput":{"type":"Classification","key":"large"}}`)
	if c.ShippingInfo.Price.CentAmount != 1500 || string(c.ShippingRateInput.Label) != `{"en":"Large"}` {
		t.Fatalf("a large cart: %s %+v", c.ShippingInfo.Price, c.ShippingRateInput)
	}
	for action, code := range map[string]string{
		`{"action":"setShippingRateInput","shippingRateInput":{"type":"Classification","key":"huge"}}`: CodeInvalidField,
		`{"action":"setShippingRateInput","shippingRateInput":{"type":"Score","score":1}}`:             CodeInvalidField,
	} {
		if err := update(deepCopy(t, c), ch, action); ErrorCode(err) != code {
			t.Errorf("%s: %v, want %s", action, err, code)
		}
	}
	if err := update(c, ch, `{"action":"setShippingRateInput","shippingRateInput":{"type":"Classification","key":"small"}}`); err != nil ||
		c.ShippingInfo.Price.CentAmount != 900 {
		t.Fatalf("a small cart: %v %s", err, c.ShippingInfo.Price)
	}

	f.inputType = &ShippingRateInputType{Type: TierCartScore}
	tieredMethod(t, f, ch, "scored", `[{"type":"CartScore","score":2,"price":{"currencyCode":"EUR","centAmount":700}}]`)
	c = taxedCart(t, ch, `{"currency":"EUR","shippingMode":"Multiple","lineItems":[{"sku":"S-1","quantity":1}],
		"shipping":[{"key":"home","shippingMethod":{"key":"scored"},"shippingAddress":{"country":"DE"},"shippingRateInput":{"type":"Score","score":2}},
			{"key":"away","shippingMethod":{"key":"scored"},"shippingAddress":{"country":"DE"}}]}`)
	if c.Shipping[0].ShippingInfo.Price.CentAmount != 700 || c.Shipping[1].ShippingInfo.Price.CentAmount != 900 || c.TotalPrice.CentAmount != 100+700+900 {
		t.Fatalf("scored shippings: %+v %s", c.Shipping, c.TotalPrice)
	}
	if err := update(deepCopy(t, c), ch, `{"action":"setShippingRateInput","shippingRateInput":{"type":"Score","score":2}}`); ErrorCode(err) != CodeInvalidOperation {
		t.Errorf("a cart of mode Multiple has its inputs per shipping: %v", err)
	}
}
