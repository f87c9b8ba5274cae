package procura

import (
	"encoding/json"
	"testing"
)

// oneProduct is a catalog of one published product, SKU A-1 at 10.00 EUR.
type oneProduct struct{ p *Product }

func (c oneProduct) ProductBySKU(sku string) (*Product, error) {
	if sku == "A-1" {
		return c.p, nil
	}
	return nil, nil
}

func (c oneProduct) Product(id string) (*Product, error) {
	if id == c.p.ID {
		return c.p, nil
	}
	return nil, nil
}

type oneGroup struct{}

func (oneGroup) CustomerGroup(field string, ri ResourceIdentifier) (Reference, error) {
	if ri.ID == "g1" || ri.Key == "gold" {
		return Reference{TypeID: TypeCustomerGroup, ID: "g1"}, nil
	}
	return Reference{}, ReferencedNotFound(TypeCustomerGroup, ri.ID, ri.Key)
}

func cartChange(l *fakeLookup) Change {
	v := Variant{ID: 1, SKU: "A-1", Prices: []Price{{ID: "p1", Value: NewMoney("EUR", 1000)}}}
	p := &Product{Base: Base{ID: "prod-1"}, MasterData: ProductCatalogData{Published: true,
		Current: ProductData{Name: LocalizedString{"en": "Anvil"}, MasterVariant: v}}}
	n := 0
	return Change{Now: testNow, NewID: func() string { n++; return "id-" + itoa(n) }, Lookup: l, Catalog: oneProduct{p},
		Groups: oneGroup{}, ClientID: "seller-client", Languages: func() ([]string, error) { return []string{"en", "de-DE"}, nil }}
}

func newTestCart(t *testing.T, ch Change, draft string) *Cart {
	t.Helper()
	var d CartDraft
	if err := DecodeJSON([]byte(draft), &d); err != nil {
		t.Fatal(err)
	}
	c, err := NewCart(d, "cart-1", ch)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// apply applies one action to a copy of c; on an error the copy is dropped, as the application
// drops a failed request.
func apply(t *testing.T, c *Cart, ch Change, action string, wantCode string) *Cart {
	t.Helper()
	b, _ := json.Marshal(c)
	var cp Cart
	if err := json.Unmarshal(b, &cp); err != nil {
		t.Fatal(err)
	}
	err := cp.Apply(json.RawMessage(action), ch)
	checkCode(t, err, wantCode)
	if err != nil {
		return c
	}
	return &cp
}

func TestCartLocaleIsOneOfTheProjectsLanguages(t *testing.T) {
	ch := cartChange(newWorld())
	c := newTestCart(t, ch, `{"currency":"EUR","locale":"de-DE"}`)
	eq(t, "locale", c.Locale, "de-DE")
	c = apply(t, c, ch, `{"action":"setLocale","locale":"en"}`, "")
	eq(t, "locale", c.Locale, "en")
	apply(t, c, ch, `{"action":"setLocale","locale":"fr"}`, CodeInvalidField)
	apply(t, c, ch, `{"action":"setLocale","locale":"not a locale"}`, CodeInvalidField)
	c = apply(t, c, ch, `{"action":"setLocale"}`, "")
	eq(t, "no locale", c.Locale, "")
	var d CartDraft
	_ = DecodeJSON([]byte(`{"currency":"EUR","locale":"fr"}`), &d)
	_, err := NewCart(d, "cart-2", ch)
	checkCode(t, err, CodeInvalidField)
}

func TestCustomLineItemsCountInTheTotal(t *testing.T) {
	ch := cartChange(newWorld())
	c := newTestCart(t, ch, `{"currency":"EUR","lineItems":[{"sku":"A-1","quantity":2}],
		"customLineItems":[{"name":{"en":"Freight"},"slug":"freight","money":{"currencyCode":"EUR","centAmount":500},"key":"fr",
		"taxCategory":{"typeId":"tax-category","id":"tc-1"}}]}`)
	eq(t, "total", c.TotalPrice.CentAmount, int64(2500))
	eq(t, "line items' quantity, without the custom ones", c.TotalLineItemQuantity, int64(2))
	eq(t, "tax category stored", c.CustomLineItems[0].TaxCategory.ID, "tc-1")
	eq(t, "price mode", c.CustomLineItems[0].PriceMode, "Standard")
	c = apply(t, c, ch, `{"action":"changeCustomLineItemQuantity","customLineItemKey":"fr","quantity":3}`, "")
	eq(t, "total after quantity", c.TotalPrice.CentAmount, int64(3500))
	eq(t, "line items' quantity after the custom one's", c.TotalLineItemQuantity, int64(2))
	id := c.CustomLineItems[0].ID
	c = apply(t, c, ch, `{"action":"changeCustomLineItemMoney","customLineItemId":"`+id+`","money":{"currencyCode":"EUR","centAmount":100}}`, "")
	eq(t, "total after money", c.TotalPrice.CentAmount, int64(2300))
	c = apply(t, c, ch, `{"action":"addCustomLineItem","name":{"en":"Rebate"},"slug":"rebate","money":{"currencyCode":"EUR","centAmount":-5000}}`, "")
	eq(t, "a rebate never takes the total below zero", c.TotalPrice.CentAmount, int64(0))
	c = apply(t, c, ch, `{"action":"removeCustomLineItem","customLineItemId":"`+c.CustomLineItems[1].ID+`"}`, "")
	eq(t, "total after removal", c.TotalPrice.CentAmount, int64(2300))
	c = apply(t, c, ch, `{"action":"changeCustomLineItemPriceMode","customLineItemKey":"fr","mode":"External"}`, "")
	eq(t, "price mode", c.CustomLineItems[0].PriceMode, "External")

	for _, bad := range []struct{ action, code string }{
		{`{"action":"addCustomLineItem","name":{"en":"X"},"slug":"freight","money":{"currencyCode":"EUR","centAmount":1}}`, CodeDuplicateField},
		{`{"action":"addCustomLineItem","name":{"en":"X"},"slug":"x","money":{"currencyCode":"USD","centAmount":1}}`, CodeInvalidInput},
		{`{"action":"addCustomLineItem","name":{"en":"X"},"slug":"x"}`, CodeRequiredField},
		{`{"action":"addCustomLineItem","slug":"x","money":{"currencyCode":"EUR","centAmount":1}}`, CodeRequiredField},
		{`{"action":"addCustomLineItem","name":{"en":"X"},"slug":"x","money":{"currencyCode":"EUR","centAmount":1},"taxCategory":{"typeId":"channel","id":"c"}}`, CodeInvalidField},
		{`{"action":"addCustomLineItem","name":{"en":"X"},"slug":"x","money":{"currencyCode":"EUR","centAmount":1},"priceMode":"Free"}`, CodeInvalidField},
		{`{"action":"changeCustomLineItemQuantity","customLineItemKey":"fr","quantity":-1}`, CodeInvalidInput},
		{`{"action":"changeCustomLineItemQuantity","customLineItemKey":"nope","quantity":1}`, CodeInvalidInput},
		{`{"action":"changeCustomLineItemMoney","customLineItemKey":"fr"}`, CodeRequiredField},
		{`{"action":"changeCustomLineItemPriceMode","customLineItemKey":"fr","mode":"Platform"}`, CodeInvalidField},
		{`{"action":"removeCustomLineItem"}`, CodeRequiredField},
	} {
		apply(t, c, ch, bad.action, bad.code)
	}
	c = apply(t, c, ch, `{"action":"changeCustomLineItemQuantity","customLineItemKey":"fr","quantity":0}`, "")
	eq(t, "quantity 0 removes", len(c.CustomLineItems), 0)
	eq(t, "total", c.TotalPrice.CentAmount, int64(2000))
}

func TestItemShippingAddressesAndDetails(t *testing.T) {
	ch := cartChange(newWorld())
	c := newTestCart(t, ch, `{"currency":"EUR","itemShippingAddresses":[{"key":"berlin","country":"DE"},{"key":"paris","country":"FR"}],
		"lineItems":[{"sku":"A-1","quantity":5,"key":"anvils","shippingDetails":{"targets":[{"addressKey":"berlin","quantity":2}]}}]}`)
	li := c.LineItems[0]
	eq(t, "targets", len(li.ShippingDetails.Targets), 1)
	eq(t, "valid (2 of 5)", li.ShippingDetails.Valid, false)
	c = apply(t, c, ch, `{"action":"setLineItemShippingDetails","lineItemKey":"anvils","shippingDetails":{"targets":[
		{"addressKey":"berlin","quantity":2},{"addressKey":"paris","quantity":3}]}}`, "")
	eq(t, "valid (5 of 5)", c.LineItems[0].ShippingDetails.Valid, true)
	c = apply(t, c, ch, `{"action":"applyDeltaToLineItemShippingDetailsTargets","lineItemKey":"anvils","targetsDelta":[
		{"addressKey":"paris","quantity":-3},{"addressKey":"berlin","quantity":1}]}`, "")
	eq(t, "paris gone", c.LineItems[0].ShippingDetails.Targets, []ItemShippingTarget{{AddressKey: "berlin", Quantity: 3}})
	c = apply(t, c, ch, `{"action":"changeLineItemQuantity","lineItemId":"`+li.ID+`","quantity":3}`, "")
	eq(t, "valid after the quantity changed", c.LineItems[0].ShippingDetails.Valid, true)

	for _, bad := range []struct{ action, code string }{
		{`{"action":"setLineItemShippingDetails","lineItemKey":"anvils","shippingDetails":{"targets":[{"addressKey":"rome","quantity":1}]}}`, CodeInvalidInput},
		{`{"action":"setLineItemShippingDetails","lineItemKey":"anvils","shippingDetails":{"targets":[{"addressKey":"berlin","quantity":4}]}}`, CodeInvalidInput},
		{`{"action":"setLineItemShippingDetails","lineItemKey":"anvils","shippingDetails":{"targets":[{"addressKey":"berlin","quantity":1},{"addressKey":"berlin","quantity":1}]}}`, CodeDuplicateField},
		{`{"action":"setLineItemShippingDetails","lineItemKey":"anvils","shippingDetails":{"targets":[{"addressKey":"berlin","quantity":0}]}}`, CodeInvalidField},
		{`{"action":"applyDeltaToLineItemShippingDetailsTargets","lineItemKey":"anvils","targetsDelta":[{"addressKey":"paris","quantity":-1}]}`, CodeInvalidInput},
		{`{"action":"applyDeltaToLineItemShippingDetailsTargets","lineItemKey":"anvils","targetsDelta":[{"addressKey":"paris","quantity":1}]}`, CodeInvalidInput},
		{`{"action":"removeItemShippingAddress","addressKey":"berlin"}`, CodeInvalidOperation},
		{`{"action":"addItemShippingAddress","address":{"key":"paris","country":"FR"}}`, CodeDuplicateField},
		{`{"action":"addItemShippingAddress","address":{"country":"FR"}}`, CodeRequiredField},
		{`{"action":"updateItemShippingAddress","address":{"key":"rome","country":"IT"}}`, CodeInvalidInput},
		{`{"action":"setItemShippingAddressCustomType","addressKey":"rome"}`, CodeInvalidInput},
	} {
		apply(t, c, ch, bad.action, bad.code)
	}
	c = apply(t, c, ch, `{"action":"updateItemShippingAddress","address":{"key":"paris","country":"FR","city":"Paris"}}`, "")
	eq(t, "updated", c.ItemShippingAddresses[1].City, "Paris")
	c = apply(t, c, ch, `{"action":"removeItemShippingAddress","addressKey":"paris"}`, "")
	eq(t, "addresses", len(c.ItemShippingAddresses), 1)

	var d CartDraft
	_ = DecodeJSON([]byte(`{"currency":"EUR","lineItems":[{"sku":"A-1","shippingDetails":{"targets":[{"addressKey":"x","quantity":1}]}}]}`), &d)
	_, err := NewCart(d, "cart-2", ch)
	checkCode(t, err, CodeInvalidInput)
}

func TestCartCustomerGroupDaysOrderAndInventory(t *testing.T) {
	l := newWorld()
	ch := cartChange(l)
	c := newTestCart(t, ch, `{"currency":"EUR","customerGroup":{"key":"gold"},"deleteDaysAfterLastModification":30,
		"inventoryMode":"ReserveOnOrder","lineItems":[{"sku":"A-1","key":"a"},{"sku":"A-1","key":"b","inventoryMode":"TrackOnly"}]}`)
	eq(t, "group", c.CustomerGroup.ID, "g1")
	eq(t, "days", *c.DeleteDaysAfterLastModification, 30)
	eq(t, "inventory mode", c.InventoryMode, "ReserveOnOrder")
	eq(t, "line inventory mode", c.LineItems[1].InventoryMode, "TrackOnly")
	a, b := c.LineItems[0].ID, c.LineItems[1].ID
	c = apply(t, c, ch, `{"action":"changeLineItemsOrder","lineItemOrder":["`+b+`","`+a+`"]}`, "")
	eq(t, "first", c.LineItems[0].Key, "b")
	apply(t, c, ch, `{"action":"changeLineItemsOrder","lineItemOrder":["`+b+`"]}`, CodeInvalidInput)
	apply(t, c, ch, `{"action":"changeLineItemsOrder","lineItemOrder":["`+b+`","`+b+`"]}`, CodeDuplicateField)
	apply(t, c, ch, `{"action":"changeLineItemsOrder","lineItemOrder":["`+b+`","x"]}`, CodeInvalidInput)
	c = apply(t, c, ch, `{"action":"setCustomerGroup"}`, "")
	eq(t, "no group", c.CustomerGroup == nil, true)
	apply(t, c, ch, `{"action":"setCustomerGroup","customerGroup":{"key":"silver"}}`, CodeReferencedResourceNotFound)
	apply(t, c, ch, `{"action":"setDeleteDaysAfterLastModification","deleteDaysAfterLastModification":0}`, CodeInvalidField)
	c = apply(t, c, ch, `{"action":"setDeleteDaysAfterLastModification"}`, "")
	eq(t, "no days", c.DeleteDaysAfterLastModification == nil, true)
	c = apply(t, c, ch, `{"action":"setLineItemInventoryMode","lineItemKey":"a","inventoryMode":"None"}`, "")
	apply(t, c, ch, `{"action":"setLineItemInventoryMode","lineItemKey":"a","inventoryMode":"Always"}`, CodeInvalidField)
	apply(t, c, ch, `{"action":"setLineItemDistributionChannel","lineItemKey":"a","distributionChannel":{"key":"eu"}}`, CodeReferencedResourceNotFound)
	apply(t, c, ch, `{"action":"setLineItemSupplyChannel","lineItemKey":"a","supplyChannel":{"key":"eu"}}`, CodeReferencedResourceNotFound)
	apply(t, c, ch, `{"action":"setLineItemSupplyChannel","lineItemKey":"a"}`, "")
	apply(t, c, ch, `{"action":"addLineItem","sku":"A-1","distributionChannel":{"key":"eu"}}`, CodeReferencedResourceNotFound)
}

func TestCartCustomerIDKeepsTheUnitRule(t *testing.T) {
	l := newWorld()
	u := l.company(t, "acme")
	u.Associates = []Associate{{Customer: Reference{TypeID: TypeCustomer, ID: "c1"}}}
	ch := cartChange(l)
	c := newTestCart(t, ch, `{"currency":"EUR","customerId":"c1","businessUnit":{"key":"acme"}}`)
	apply(t, c, ch, `{"action":"setCustomerId","customerId":"c2"}`, CodeInvalidOperation) // not an associate of acme
	apply(t, c, ch, `{"action":"setCustomerId","customerId":"c99"}`, CodeReferencedResourceNotFound)
	c = apply(t, c, ch, `{"action":"setCustomerId"}`, "")
	eq(t, "a unit's cart without a customer", c.CustomerID, "")
	c = apply(t, c, ch, `{"action":"setCustomerId","customerId":"c1"}`, "")
	eq(t, "customer", c.CustomerID, "c1")
	free := newTestCart(t, ch, `{"currency":"EUR","anonymousId":"session-1"}`)
	free = apply(t, free, ch, `{"action":"setCustomerId","customerId":"c2"}`, "")
	eq(t, "owner", free.Owner(), "c2")
}

func TestLineItemTotalPriceAndExternalPrices(t *testing.T) {
	ch := cartChange(newWorld())
	c := newTestCart(t, ch, `{"currency":"EUR","lineItems":[{"sku":"A-1","quantity":2,"key":"a"},
		{"sku":"A-1","quantity":1,"key":"b","externalPrice":{"currencyCode":"EUR","centAmount":700}},
		{"sku":"A-1","quantity":2,"key":"c","externalTotalPrice":{"price":{"currencyCode":"EUR","centAmount":900},"totalPrice":{"currencyCode":"EUR","centAmount":1500}},
		 "addedAt":"2026-07-01T10:00:00Z"}]}`)
	eq(t, "total", c.TotalPrice.CentAmount, int64(2000+700+1500))
	eq(t, "external total mode", c.LineItems[2].PriceMode, PriceExternalTotal)
	eq(t, "addedAt", c.LineItems[2].AddedAt, "2026-07-01T10:00:00.000Z")
	c = apply(t, c, ch, `{"action":"setLineItemTotalPrice","lineItemKey":"a","externalTotalPrice":{"price":{"currencyCode":"EUR","centAmount":800},"totalPrice":{"currencyCode":"EUR","centAmount":1000}}}`, "")
	eq(t, "line total", c.LineItems[0].TotalPrice.CentAmount, int64(1000))
	if err := c.Reprice(ch); err != nil {
		t.Fatal(err)
	}
	eq(t, "repricing keeps the seller's total", c.LineItems[0].TotalPrice.CentAmount, int64(1000))
	c = apply(t, c, ch, `{"action":"changeLineItemQuantity","lineItemId":"`+c.LineItems[0].ID+`","quantity":3}`, "")
	eq(t, "a new quantity returns to the catalog", c.LineItems[0].PriceMode, PricePlatform)
	apply(t, c, ch, `{"action":"setLineItemTotalPrice","lineItemKey":"a","externalTotalPrice":{"price":{"currencyCode":"USD","centAmount":800},"totalPrice":{"currencyCode":"USD","centAmount":1000}}}`, CodeInvalidInput)
	apply(t, c, ch, `{"action":"setLineItemTotalPrice","lineItemKey":"a","externalTotalPrice":{"price":{"currencyCode":"EUR","centAmount":800}}}`, CodeRequiredField)
	c = apply(t, c, ch, `{"action":"setLineItemTotalPrice","lineItemKey":"c"}`, "")
	eq(t, "catalog again", c.LineItems[2].TotalPrice.CentAmount, int64(2000))
	var d CartDraft
	_ = DecodeJSON([]byte(`{"currency":"EUR","lineItems":[{"sku":"A-1","addedAt":"yesterday"}]}`), &d)
	_, err := NewCart(d, "cart-2", ch)
	checkCode(t, err, CodeInvalidField)
}

func TestCartLock(t *testing.T) {
	ch := cartChange(newWorld())
	c := newTestCart(t, ch, `{"currency":"EUR"}`)
	apply(t, c, ch, `{"action":"unlockCart"}`, CodeInvalidOperation)
	c = apply(t, c, ch, `{"action":"lockCart"}`, "")
	eq(t, "lock", *c.Lock, CartLock{ClientID: "seller-client", CreatedAt: FormatTime(testNow)})
	apply(t, c, ch, `{"action":"lockCart"}`, CodeInvalidOperation)
	c = apply(t, c, ch, `{"action":"unlockCart"}`, "")
	eq(t, "unlocked", c.Lock == nil, true)
}

func TestFrozenCartRefusesCustomLineItems(t *testing.T) {
	ch := cartChange(newWorld())
	c := newTestCart(t, ch, `{"currency":"EUR","lineItems":[{"sku":"A-1"}]}`)
	c = apply(t, c, ch, `{"action":"freezeCart"}`, "")
	apply(t, c, ch, `{"action":"addCustomLineItem","name":{"en":"X"},"slug":"x","money":{"currencyCode":"EUR","centAmount":1}}`, CodeInvalidOperation)
	apply(t, c, ch, `{"action":"setLineItemTotalPrice","lineItemId":"`+c.LineItems[0].ID+`"}`, CodeInvalidOperation)
}

func TestCartDraftFieldsOfTheSellerAlone(t *testing.T) {
	d := CartDraft{Currency: "EUR", CustomLineItems: []CustomLineItemDraft{{Slug: "x"}}}
	checkCode(t, CartDraftAllowed(AsSeller, d), "")
	checkCode(t, CartDraftAllowed(AsBackend, d), "")
	checkCode(t, CartDraftAllowed(AsMe, d), CodeInvalidJSONInput)
	checkCode(t, CartDraftAllowed(AsAssociate, d), CodeInvalidOperation)
	d = CartDraft{Currency: "EUR", CustomerGroup: &ResourceIdentifier{Key: "gold"}}
	checkCode(t, CartDraftAllowed(AsSeller, d), "")
	checkCode(t, CartDraftAllowed(AsBackend, d), CodeInvalidOperation)
	checkCode(t, CartDraftAllowed(AsAnonymous, d), CodeInvalidJSONInput)
	one := int64(1)
	d = CartDraft{Currency: "EUR", LineItems: []LineItemDraft{{SKU: "A-1", ExternalPrice: &MoneyDraft{CurrencyCode: "EUR", CentAmount: &one}}}}
	checkCode(t, CartDraftAllowed(AsSeller, d), "")
	checkCode(t, CartDraftAllowed(AsMe, d), CodeInvalidJSONInput)
	d = CartDraft{Currency: "EUR", ItemShippingAddresses: []Address{{Key: "a", Country: "DE", Custom: &CustomFields{}}}}
	checkCode(t, CartDraftAllowed(AsBackend, d), "")
	checkCode(t, CartDraftAllowed(AsMe, d), CodeInvalidJSONInput)
	checkCode(t, CartDraftAllowed(AsMe, CartDraft{Currency: "EUR", Locale: "en", ItemShippingAddresses: []Address{{Key: "a", Country: "DE"}}}), "")
	checkCode(t, CartActionAllowed(AsMe, json.RawMessage(`{"action":"addLineItem","sku":"A-1","externalTotalPrice":{}}`)), CodeInvalidJSONInput)
	checkCode(t, CartActionAllowed(AsSeller, json.RawMessage(`{"action":"addLineItem","sku":"A-1","externalTotalPrice":{}}`)), "")
	checkCode(t, CartActionAllowed(AsMe, json.RawMessage(`{"action":"addLineItem","sku":"A-1","shippingDetails":{"targets":[]}}`)), "")
}

func TestOrderCarriesLocaleCustomLineItemsAndAddresses(t *testing.T) {
	ch := cartChange(newWorld())
	c := newTestCart(t, ch, `{"currency":"EUR","locale":"en","itemShippingAddresses":[{"key":"home","country":"DE"}],
		"lineItems":[{"sku":"A-1"}],"customLineItems":[{"name":{"en":"Fee"},"slug":"fee","money":{"currencyCode":"EUR","centAmount":100}}]}`)
	v := int64(1)
	o, err := NewOrder(c, OrderFromCartDraft{Version: &v}, "o1", testNow)
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "locale", o.Locale, "en")
	eq(t, "custom line items", len(o.CustomLineItems), 1)
	eq(t, "addresses", len(o.ItemShippingAddresses), 1)
	eq(t, "total", o.TotalPrice.CentAmount, int64(1100))
	parts, err := ReplicaPartsOf(o.Locale, o.ItemShippingAddresses, o.CustomLineItems)
	if err != nil {
		t.Fatal(err)
	}
	var d CartDraft
	d.Currency = "EUR"
	parts.Into(&d, nil)
	r, err := NewCart(d, "cart-2", ch)
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "replica total", r.TotalPrice.CentAmount, int64(100))
	eq(t, "replica slug", r.CustomLineItems[0].Slug, "fee")
	eq(t, "replica address", r.ItemShippingAddresses[0].Key, "home")
}

func TestMergeTakesTheSessionsCustomLineItems(t *testing.T) {
	ch := cartChange(newWorld())
	fee := `{"name":{"en":"Fee"},"slug":"fee","money":{"currencyCode":"EUR","centAmount":100}}`
	from := newTestCart(t, ch, `{"currency":"EUR","anonymousId":"s-1","itemShippingAddresses":[{"key":"home","country":"DE"}],
		"customLineItems":[`+fee+`,{"name":{"en":"Gift wrap"},"slug":"gift","money":{"currencyCode":"EUR","centAmount":300},
		"shippingDetails":{"targets":[{"addressKey":"home","quantity":1}]}}]}`)
	into := newTestCart(t, ch, `{"currency":"EUR","customerId":"c1","customLineItems":[`+fee+`]}`)
	if err := into.Merge(from, ch); err != nil {
		t.Fatal(err)
	}
	eq(t, "custom line items", len(into.CustomLineItems), 2)
	eq(t, "the merged one", into.CustomLineItems[1].Slug, "gift")
	eq(t, "without the session's addresses", into.CustomLineItems[1].ShippingDetails == nil, true)
	eq(t, "total", into.TotalPrice.CentAmount, int64(400))
}
