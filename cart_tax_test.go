package procura

import (
	"encoding/json"
	"strings"
	"testing"
)

// fakeRates holds the tax categories, zones and shipping methods of the cart tests, by id.
type fakeRates struct {
	categories map[string]*TaxCategory
	zones      map[string]*Zone
	methods    map[string]*ShippingMethod
	product    *Product
	inputType  *ShippingRateInputType
}

func (f *fakeRates) TaxCategory(field string, ri ResourceIdentifier) (*TaxCategory, error) {
	if t, ok := f.categories[ri.IDOrKey()]; ok {
		return t, nil
	}
	return nil, ReferencedNotFound(TypeTaxCategory, ri.ID, ri.Key)
}

func (f *fakeRates) Zone(field string, ri ResourceIdentifier) (*Zone, error) {
	if z, ok := f.zones[ri.IDOrKey()]; ok {
		return z, nil
	}
	return nil, ReferencedNotFound(TypeZone, ri.ID, ri.Key)
}

func (f *fakeRates) ShippingMethod(field string, ri ResourceIdentifier) (*ShippingMethod, error) {
	if m, ok := f.methods[ri.IDOrKey()]; ok {
		return m, nil
	}
	return nil, ReferencedNotFound(TypeShippingMethod, ri.ID, ri.Key)
}

// CheckPredicate and Matches understand two predicates: "true" and "false".
func (f *fakeRates) CheckPredicate(field, src string) error {
	if src != "true" && src != "false" {
		return InvalidInput("Malformed predicate: %s", src)
	}
	return nil
}

func (f *fakeRates) Matches(src string, c *Cart) (bool, error) { return src == "true", nil }

func (f *fakeRates) ShippingRateInputType() (*ShippingRateInputType, error) { return f.inputType, nil }

func (f *fakeRates) ProductBySKU(sku string) (*Product, error) { return f.product, nil }
func (f *fakeRates) Product(id string) (*Product, error)       { return f.product, nil }

// taxWorld: a published shirt (S-1, 1.00 EUR) taxed by "std" (DE 19% not included, DE-BY 7%,
// FR 20% included), a zone "de" (DE) and a method "post" shipping there for 5.00 EUR, free from
// 10.00 EUR on, taxed by "std".
func taxWorld(t *testing.T) (*fakeRates, Change) {
	t.Helper()
	p, _ := shirtWithVariants(t)
	p.TaxCategory = &Reference{TypeID: TypeTaxCategory, ID: "std"}
	f := &fakeRates{product: p, categories: map[string]*TaxCategory{}, zones: map[string]*Zone{}, methods: map[string]*ShippingMethod{}}
	w := newWorld()
	ch := w.change()
	ch.Rates, ch.Catalog = f, f
	std, err := NewTaxCategory(decode[TaxCategoryDraft](t, `{"key":"std","name":"standard","rates":[
		{"name":"19%","amount":0.19,"includedInPrice":false,"country":"DE"},
		{"name":"7%","amount":0.07,"includedInPrice":false,"country":"DE","state":"BY"},
		{"name":"20%","amount":0.2,"includedInPrice":true,"country":"FR"}]}`), "std", ch)
	if err != nil {
		t.Fatal(err)
	}
	f.categories["std"] = std
	de, err := NewZone(ZoneDraft{Key: "de", Name: "Germany", Locations: []Location{{Country: "DE"}}}, "de", ch)
	if err != nil {
		t.Fatal(err)
	}
	f.zones["de"] = de
	post, err := NewShippingMethod(decode[ShippingMethodDraft](t, `{"key":"post","name":"Post","isDefault":true,
		"taxCategory":{"key":"std"},"zoneRates":[{"zone":{"key":"de"},"shippingRates":[
			{"price":{"currencyCode":"EUR","centAmount":500},"freeAbove":{"currencyCode":"EUR","centAmount":1000}}]}]}`), "post", ch)
	if err != nil {
		t.Fatal(err)
	}
	f.methods["post"] = post
	return f, ch
}

func decode[T any](t *testing.T, s string) T {
	t.Helper()
	var v T
	if err := DecodeJSON([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// update applies the actions as the application does: each action, then the repricing.
func update(c *Cart, ch Change, actions ...string) error {
	for _, a := range actions {
		if err := c.Apply(json.RawMessage(a), ch); err != nil {
			return err
		}
	}
	return c.Reprice(ch)
}

func taxedCart(t *testing.T, ch Change, draft string) *Cart {
	t.Helper()
	c, err := NewCart(decode[CartDraft](t, draft), "cart-1", ch)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCartTaxesAndShipping: a Platform cart is taxed once it has a shipping address, at the rate
// of the address's country or state; its shipping method must match; the shipping is free from
// freeAbove on; the cart's taxedPrice adds the lines and the shipping up.
func TestCartTaxesAndShipping(t *testing.T) {
	_, ch := taxWorld(t)
	c := taxedCart(t, ch, `{"currency":"EUR","lineItems":[{"sku":"S-1","quantity":3}]}`)
	if c.TaxMode != TaxPlatform || c.TaxedPrice != nil || c.LineItems[0].TaxRate != nil {
		t.Fatalf("a cart without an address is not taxed: %+v", c)
	}
	if err := update(c, ch, `{"action":"setShippingMethod","shippingMethod":{"key":"post"}}`); ErrorCode(err) != CodeInvalidOperation {
		t.Fatalf("a shipping method without an address: %v", err)
	}
	if err := update(c, ch, `{"action":"setShippingAddress","address":{"country":"FR"}}`); err != nil {
		t.Fatal(err)
	}
	if err := update(c, ch, `{"action":"setShippingMethod","shippingMethod":{"key":"post"}}`); ErrorCode(err) != CodeInvalidOperation ||
		!strings.Contains(err.Error(), "no rate in EUR for FR") {
		t.Fatalf("a method without a zone of FR: %v", err)
	}
	if tp := c.TaxedPrice; tp == nil || tp.TotalGross.CentAmount != 300 || tp.TotalNet.CentAmount != 250 {
		t.Fatalf("20%% included in 3.00: %+v", tp)
	}
	if err := update(c, ch, `{"action":"setShippingAddress","address":{"country":"DE"}}`,
		`{"action":"setShippingMethod","shippingMethod":{"key":"post"}}`); err != nil {
		t.Fatal(err)
	}
	s := c.ShippingInfo
	if s.Price.CentAmount != 500 || s.ShippingMethodState != MatchesCart || s.TaxedPrice.TotalGross.CentAmount != 595 || c.TotalPrice.CentAmount != 800 {
		t.Fatalf("shipping 5.00 + 19%%: %+v, total %s", s, c.TotalPrice)
	}
	if tp := c.TaxedPrice; tp.TotalNet.CentAmount != 800 || tp.TotalGross.CentAmount != 952 || len(tp.TaxPortions) != 1 ||
		c.TaxedShippingPrice.TotalGross.CentAmount != 595 {
		t.Fatalf("cart 8.00 + 19%%: %+v", tp)
	}
	if err := update(c, ch, `{"action":"setShippingAddress","address":{"country":"DE","state":"BY"}}`); err != nil {
		t.Fatal(err)
	}
	if r := c.LineItems[0].TaxRate; r.Amount != 0.07 || c.TaxedPrice.TotalGross.CentAmount != 856 {
		t.Fatalf("Bavaria's 7%%: %+v %+v", r, c.TaxedPrice)
	}
	if err := update(c, ch, quantityAction("changeLineItemQuantity", c.LineItems[0].ID, 10)); err != nil {
		t.Fatal(err)
	}
	if c.ShippingInfo.Price.CentAmount != 0 || c.TotalPrice.CentAmount != 1000 || c.TaxedPrice.TotalGross.CentAmount != 1070 {
		t.Fatalf("free shipping from 10.00: %+v %s", c.ShippingInfo, c.TotalPrice)
	}
	if err := update(c, ch, `{"action":"setShippingAddress","address":{"country":"FR"}}`); err != nil {
		t.Fatal(err)
	}
	if c.ShippingInfo.ShippingMethodState != DoesNotMatchCart {
		t.Fatalf("the method no longer matches: %+v", c.ShippingInfo)
	}
	if err := update(c, ch, `{"action":"setShippingMethod"}`); err != nil || c.ShippingInfo != nil {
		t.Fatalf("removing the shipping method: %v", err)
	}
}

func quantityAction(action, lineItem string, q int) string {
	return `{"action":"` + action + `","lineItemId":"` + lineItem + `","quantity":` + itoa(q) + `}`
}

// TestShippingMethodMatching: an inactive method, one of another store, one whose predicate does
// not match, and one without a rate in the cart's currency are refused.
func TestShippingMethodMatching(t *testing.T) {
	f, ch := taxWorld(t)
	c := taxedCart(t, ch, `{"currency":"EUR","shippingAddress":{"country":"DE"},"lineItems":[{"sku":"S-1"}]}`)
	post := f.methods["post"]
	for _, bad := range []struct {
		name   string
		change func(m *ShippingMethod)
	}{
		{"inactive", func(m *ShippingMethod) { m.Active = false }},
		{"predicate", func(m *ShippingMethod) { m.Predicate = "false" }},
		{"store", func(m *ShippingMethod) { m.Stores = []KeyReference{{TypeID: TypeStore, Key: "s1"}} }},
		{"currency", func(m *ShippingMethod) { m.ZoneRates[0].ShippingRates[0].Price.CurrencyCode = "USD" }},
	} {
		m := *post
		m.ZoneRates = []ZoneRate{{Zone: post.ZoneRates[0].Zone, ShippingRates: append([]ShippingRate{}, post.ZoneRates[0].ShippingRates...)}}
		bad.change(&m)
		f.methods["post"] = &m
		if err := update(c, ch, `{"action":"setShippingMethod","shippingMethod":{"key":"post"}}`); ErrorCode(err) != CodeInvalidOperation {
			t.Errorf("%s: %v", bad.name, err)
		}
	}
	f.methods["post"] = post
	post.Predicate = "true"
	if err := update(c, ch, `{"action":"setShippingMethod","shippingMethod":{"key":"post"}}`); err != nil {
		t.Fatal(err)
	}
}

// TestCartTaxModes: External rates and ExternalAmount amounts are set only in their mode; the
// amounts of a changed line are dropped; setCartTotalTax must add up; Disabled has no taxes.
func TestCartTaxModes(t *testing.T) {
	_, ch := taxWorld(t)
	c := taxedCart(t, ch, `{"currency":"EUR","taxMode":"External","shippingAddress":{"country":"DE"},"lineItems":[{"sku":"S-1","quantity":2}],
		"shippingMethod":{"key":"post"},"externalTaxRateForShippingMethod":{"name":"ship","amount":0.05,"country":"DE"}}`)
	li := c.LineItems[0].ID
	rate := `"externalTaxRate":{"name":"ext","amount":0.1,"country":"DE"}`
	if c.TaxedPrice != nil || c.ShippingInfo.TaxedPrice.TotalGross.CentAmount != 525 {
		t.Fatalf("an External cart without line rates: %+v %+v", c.TaxedPrice, c.ShippingInfo.TaxedPrice)
	}
	if err := update(c, ch, `{"action":"setLineItemTaxRate","lineItemId":"`+li+`",`+rate+`}`); err != nil {
		t.Fatal(err)
	}
	if c.TaxedPrice == nil || c.TaxedPrice.TotalGross.CentAmount != 745 {
		t.Fatalf("10%% on 2.00 and 5%% on 5.00: %+v", c.TaxedPrice)
	}
	if err := update(c, ch, `{"action":"setShippingMethod"}`); err != nil || c.TaxedPrice.TotalGross.CentAmount != 220 {
		t.Fatalf("without shipping: %v %+v", err, c.TaxedPrice)
	}
	if err := update(c, ch, `{"action":"setLineItemTaxAmount","lineItemId":"`+li+`","externalTaxAmount":{"totalGross":{"currencyCode":"EUR","centAmount":230},"taxRate":{"name":"x","amount":0.15,"country":"DE"}}}`); ErrorCode(err) != CodeInvalidOperation {
		t.Fatalf("an amount in External mode: %v", err)
	}
	if err := update(c, ch, `{"action":"changeTaxMode","taxMode":"ExternalAmount"}`); err != nil || c.TaxedPrice != nil || c.LineItems[0].TaxRate != nil {
		t.Fatalf("a new mode clears the rates: %v %+v", err, c.TaxedPrice)
	}
	if err := update(c, ch, `{"action":"setLineItemTaxRate","lineItemId":"`+li+`",`+rate+`}`); ErrorCode(err) != CodeInvalidOperation {
		t.Fatalf("a rate in ExternalAmount mode: %v", err)
	}
	if err := update(c, ch, `{"action":"setLineItemTaxAmount","lineItemId":"`+li+`","externalTaxAmount":{"totalGross":{"currencyCode":"EUR","centAmount":230},"taxRate":{"name":"x","amount":0.15,"country":"DE"}}}`); err != nil {
		t.Fatal(err)
	}
	if tp := c.LineItems[0].TaxedPrice; tp.TotalNet.CentAmount != 200 || tp.TaxPortions[0].Amount.CentAmount != 30 {
		t.Fatalf("an external amount: %+v", tp)
	}
	total := `{"action":"setCartTotalTax","externalTotalGross":{"currencyCode":"EUR","centAmount":230},"externalTaxPortions":[{"rate":0.15,"amount":{"currencyCode":"EUR","centAmount":%d}}]}`
	if err := update(c, ch, strings.Replace(total, "%d", "29", 1)); ErrorCode(err) != CodeInvalidInput {
		t.Fatalf("portions that do not add up: %v", err)
	}
	if err := update(c, ch, strings.Replace(total, "%d", "30", 1)); err != nil || c.TaxedPrice.TotalGross.CentAmount != 230 {
		t.Fatalf("setCartTotalTax: %v %+v", err, c.TaxedPrice)
	}
	if err := update(c, ch, quantityAction("changeLineItemQuantity", li, 3)); err != nil || c.TaxedPrice != nil || c.LineItems[0].TaxedPrice != nil {
		t.Fatalf("a changed line drops its amounts: %v %+v", err, c.TaxedPrice)
	}
	if err := update(c, ch, `{"action":"changeTaxMode","taxMode":"Disabled"}`); err != nil || c.TaxedPrice != nil {
		t.Fatalf("Disabled: %v", err)
	}
	for _, bad := range []string{`{"action":"changeTaxMode","taxMode":"Sometimes"}`, `{"action":"changeTaxRoundingMode","taxRoundingMode":"Up"}`,
		`{"action":"changeTaxCalculationMode","taxCalculationMode":"CartLevel"}`} {
		if err := update(c, ch, bad); ErrorCode(err) != CodeInvalidField {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

// TestBuyersChooseNoTaxModes: a customer's draft may not choose a tax mode; the seller's may.
func TestBuyersChooseNoTaxModes(t *testing.T) {
	d := CartTaxDraft{TaxMode: TaxDisabled}
	if err := CartTaxDraftAllowed(AsMe, d); ErrorCode(err) != CodeInvalidJSONInput {
		t.Errorf("through /me: %v", err)
	}
	if err := CartTaxDraftAllowed(AsAssociate, CartTaxDraft{TaxRoundingMode: HalfUp}); err == nil {
		t.Error("a customer's own token chose a rounding mode")
	}
	if err := CartTaxDraftAllowed(AsMe, CartTaxDraft{ExternalTaxRateForShippingMethod: &TaxRateDraft{Name: "x"}}); err == nil {
		t.Error("a customer set the shipping's tax rate")
	}
	if err := CartTaxDraftAllowed(AsSeller, d); err != nil {
		t.Errorf("the seller: %v", err)
	}
	if err := CartTaxDraftAllowed(AsMe, CartTaxDraft{ShippingMethod: &ResourceIdentifier{Key: "post"}}); err != nil {
		t.Errorf("a shipping method: %v", err)
	}
	for _, a := range []string{"setLineItemTaxRate", "setLineItemTaxAmount", "setCartTotalTax", "changeTaxMode", "setShippingMethodTaxAmount"} {
		if ActionAllowed(AsMe, TypeCart, a) == nil || ActionAllowed(AsAssociate, TypeCart, a) == nil || ActionAllowed(AsBackend, TypeCart, a) != nil {
			t.Errorf("%s: taxes are the seller's and its backend's", a)
		}
	}
}

// TestTaxCategoryRates: one rate per country and state; sub-rates add up to the amount; rates
// are replaced in place and removed by id or key.
func TestTaxCategoryRates(t *testing.T) {
	f, ch := taxWorld(t)
	std := f.categories["std"]
	for _, bad := range []struct{ action, code string }{
		{`{"action":"addTaxRate","taxRate":{"name":"x","amount":0.1,"includedInPrice":false,"country":"DE"}}`, CodeInvalidInput},
		{`{"action":"addTaxRate","taxRate":{"name":"x","amount":1.5,"includedInPrice":false,"country":"AT"}}`, CodeInvalidInput},
		{`{"action":"addTaxRate","taxRate":{"name":"x","amount":0.1234567,"includedInPrice":false,"country":"AT"}}`, CodeInvalidInput},
		{`{"action":"addTaxRate","taxRate":{"name":"x","amount":0.1,"country":"AT"}}`, CodeRequiredField},
		{`{"action":"addTaxRate","taxRate":{"name":"x","amount":0.1,"includedInPrice":true,"country":"AT","subRates":[{"name":"a","amount":0.05}]}}`, CodeInvalidInput},
		{`{"action":"removeTaxRate","taxRateId":"nope"}`, CodeInvalidInput},
		{`{"action":"changeName","name":""}`, CodeRequiredField},
	} {
		if err := std.Apply(json.RawMessage(bad.action), ch); ErrorCode(err) != bad.code {
			t.Errorf("%s: %v, want %s", bad.action, err, bad.code)
		}
	}
	if err := std.Apply(json.RawMessage(`{"action":"addTaxRate","taxRate":{"key":"at","name":"AT","includedInPrice":true,"country":"AT","subRates":[{"name":"a","amount":0.05},{"name":"b","amount":0.15}]}}`), ch); err != nil {
		t.Fatal(err)
	}
	if r := std.RateFor("AT", ""); r == nil || r.Amount != 0.2 {
		t.Fatalf("sub-rates make the amount: %+v", r)
	}
	id := std.Rates[0].ID
	if err := std.Apply(json.RawMessage(`{"action":"replaceTaxRate","taxRateId":"`+id+`","taxRate":{"name":"16%","amount":0.16,"includedInPrice":false,"country":"DE"}}`), ch); err != nil {
		t.Fatal(err)
	}
	if std.Rates[0].ID != id || std.Rates[0].Amount != 0.16 {
		t.Fatalf("replaced in place: %+v", std.Rates[0])
	}
	if err := std.Apply(json.RawMessage(`{"action":"removeTaxRate","taxRateKey":"at"}`), ch); err != nil || std.RateFor("AT", "") != nil {
		t.Fatalf("removed by key: %v", err)
	}
	if r := std.RateFor("DE", "HH"); r == nil || r.Amount != 0.16 {
		t.Fatalf("a state without its own rate has the country's: %+v", r)
	}
}

// TestZonesAndShippingMethods: locations are unique; a method has one rate per zone and
// currency, no tiers, existing zones, tax categories and stores, and a predicate that parses.
func TestZonesAndShippingMethods(t *testing.T) {
	f, ch := taxWorld(t)
	de := f.zones["de"]
	if err := de.Apply(json.RawMessage(`{"action":"addLocation","location":{"country":"DE"}}`)); ErrorCode(err) != CodeInvalidInput {
		t.Errorf("a location twice: %v", err)
	}
	if err := de.Apply(json.RawMessage(`{"action":"addLocation","location":{"country":"AT","state":"Tirol"}}`)); err != nil || !de.Contains("AT", "Tirol") || de.Contains("AT", "") {
		t.Errorf("a state: %v", err)
	}
	if err := de.Apply(json.RawMessage(`{"action":"removeLocation","location":{"country":"FR"}}`)); ErrorCode(err) != CodeInvalidInput {
		t.Errorf("removing a location the zone lacks: %v", err)
	}
	post := f.methods["post"]
	for _, bad := range []struct{ action, code string }{
		{`{"action":"addShippingRate","zone":{"key":"de"},"shippingRate":{"price":{"currencyCode":"EUR","centAmount":1}}}`, CodeInvalidInput},
		{`{"action":"addShippingRate","zone":{"key":"de"},"shippingRate":{"price":{"currencyCode":"USD","centAmount":1},"tiers":[{"type":"CartValue","minimumCentAmount":0,"price":{"currencyCode":"USD","centAmount":1}}]}}`, CodeInvalidInput},
		{`{"action":"addShippingRate","zone":{"key":"de"},"shippingRate":{"price":{"currencyCode":"USD","centAmount":1},"freeAbove":{"currencyCode":"EUR","centAmount":1}}}`, CodeInvalidInput},
		{`{"action":"addZone","zone":{"key":"mars"}}`, CodeReferencedResourceNotFound},
		{`{"action":"changeTaxCategory","taxCategory":{"key":"none"}}`, CodeReferencedResourceNotFound},
		{`{"action":"addStore","store":{"key":"nowhere"}}`, CodeReferencedResourceNotFound},
		{`{"action":"setPredicate","predicate":"lineItemCount( >"}`, CodeInvalidInput},
		{`{"action":"removeShippingRate","zone":{"key":"de"},"shippingRate":{"price":{"currencyCode":"EUR","centAmount":501}}}`, CodeInvalidInput},
	} {
		if err := post.Apply(json.RawMessage(bad.action), ch); ErrorCode(err) != bad.code {
			t.Errorf("%s: %v, want %s", bad.action, err, bad.code)
		}
	}
	for _, a := range []string{`{"action":"addShippingRate","zone":{"key":"de"},"shippingRate":{"price":{"currencyCode":"JPY","centAmount":800}}}`,
		`{"action":"removeShippingRate","zone":{"key":"de"},"shippingRate":{"price":{"currencyCode":"EUR","centAmount":500},"freeAbove":{"currencyCode":"EUR","centAmount":1000}}}`,
		`{"action":"addStore","store":{"key":"s1"}}`, `{"action":"setPredicate","predicate":"true"}`,
		`{"action":"setLocalizedName","localizedName":{"de":"Post"}}`, `{"action":"changeActive","active":false}`} {
		if err := post.Apply(json.RawMessage(a), ch); err != nil {
			t.Fatalf("%s: %v", a, err)
		}
	}
	if r := post.RateFor([]string{"de"}, "JPY"); r == nil || r.Price.FractionDigits != 0 || post.RateFor([]string{"de"}, "EUR") != nil {
		t.Fatalf("rates: %+v", post.ZoneRates)
	}
	if err := post.Apply(json.RawMessage(`{"action":"removeZone","zone":{"key":"de"}}`), ch); err != nil || len(post.ZoneRates) != 0 {
		t.Fatalf("removeZone: %v", err)
	}
}

// TestProductTaxCategory: a product's tax category must exist; setTaxCategory without one
// removes it.
func TestProductTaxCategory(t *testing.T) {
	_, ch := taxWorld(t)
	p, pt := shirtWithVariants(t)
	if err := p.Apply(json.RawMessage(`{"action":"setTaxCategory","taxCategory":{"key":"none"}}`), pt, ch); ErrorCode(err) != CodeReferencedResourceNotFound {
		t.Errorf("an unknown tax category: %v", err)
	}
	if err := p.Apply(json.RawMessage(`{"action":"setTaxCategory","taxCategory":{"key":"std"}}`), pt, ch); err != nil || p.TaxCategory == nil || p.TaxCategory.ID != "std" {
		t.Fatalf("setTaxCategory: %v %+v", err, p.TaxCategory)
	}
	if err := p.Apply(json.RawMessage(`{"action":"setTaxCategory"}`), pt, ch); err != nil || p.TaxCategory != nil {
		t.Fatalf("removing it: %v", err)
	}
	if _, err := NewProduct(decode[ProductDraft](t, `{"productType":{"id":"x"},"name":{"en":"x"},"slug":{"en":"x-1"},"masterVariant":{"attributes":[{"name":"color","value":"red"}]},"taxCategory":{"key":"none"}}`), pt, "p", ch); ErrorCode(err) != CodeReferencedResourceNotFound {
		t.Errorf("a draft with an unknown tax category: %v", err)
	}
}

// A seller's custom line items are priced with the cart: in its total, taxed at their own tax
// category's rate, a rebate's taxes negative; the cart's taxedPrice adds them up.
func TestCustomLineItemsAreTaxed(t *testing.T) {
	_, ch := taxWorld(t)
	c := taxedCart(t, ch, `{"currency":"EUR","shippingAddress":{"country":"DE"},"lineItems":[{"sku":"S-1","quantity":3}]}`)
	if err := update(c, ch,
		`{"action":"addCustomLineItem","name":{"en":"Setup"},"slug":"setup","money":{"currencyCode":"EUR","centAmount":1000},"taxCategory":{"typeId":"tax-category","id":"std"}}`,
		`{"action":"addCustomLineItem","name":{"en":"Rebate"},"slug":"rebate","money":{"currencyCode":"EUR","centAmount":-100},"taxCategory":{"typeId":"tax-category","id":"std"}}`); err != nil {
		t.Fatal(err)
	}
	if c.TotalPrice.CentAmount != 300+1000-100 {
		t.Fatalf("total %s, want 12.00", c.TotalPrice)
	}
	setup, rebate := c.CustomLineItems[0].TaxedPrice, c.CustomLineItems[1].TaxedPrice
	if setup == nil || setup.TotalGross.CentAmount != 1190 || rebate == nil || rebate.TotalGross.CentAmount != -119 {
		t.Fatalf("custom line items at 19%%: %+v %+v", setup, rebate)
	}
	tp := c.TaxedPrice
	if tp == nil || tp.TotalNet.CentAmount != 1200 || tp.TotalGross.CentAmount != 1200+57+190-19 {
		t.Fatalf("the cart's taxed price: %+v", tp)
	}
	if err := update(c, ch, `{"action":"addCustomLineItem","name":{"en":"Untaxed"},"slug":"x","money":{"currencyCode":"EUR","centAmount":50}}`); err != nil {
		t.Fatal(err)
	}
	if c.TaxedPrice != nil {
		t.Fatalf("a custom line item without a tax category leaves the cart without a taxed price: %+v", c.TaxedPrice)
	}
}
