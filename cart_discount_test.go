package procura

import (
	"encoding/json"
	"strings"
	"testing"
)

// fakeDiscounts holds the cart discounts and discount codes of the discount tests; predicates
// are "true" and "false" (cart and line items alike).
type fakeDiscounts struct {
	*fakeRates
	discounts    []*CartDiscount
	groups       []*DiscountGroup
	groupReads   int // calls of AllDiscountGroups
	codes        []*DiscountCode
	applications map[string]int64
}

func (f *fakeDiscounts) CheckItemPredicate(field, target, src string) error {
	return f.CheckPredicate(field, src)
}

func (f *fakeDiscounts) MatchesLineItem(src string, c *Cart, li *LineItem) (bool, error) {
	return src == "true", nil
}

func (f *fakeDiscounts) MatchesCustomLineItem(src string, c *Cart, x *CustomLineItem) (bool, error) {
	return src == "true", nil
}

func (f *fakeDiscounts) CartDiscount(field string, ri ResourceIdentifier) (*CartDiscount, error) {
	for _, d := range f.discounts {
		if d.ID == ri.ID || (ri.Key != "" && d.Key == ri.Key) {
			return d, nil
		}
	}
	return nil, ReferencedNotFound(TypeCartDiscount, ri.ID, ri.Key)
}

func (f *fakeDiscounts) AllCartDiscounts() ([]*CartDiscount, error) { return f.discounts, nil }

func (f *fakeDiscounts) AllDiscountGroups() ([]*DiscountGroup, error) {
	f.groupReads++
	return f.groups, nil
}

func (f *fakeDiscounts) DiscountGroup(field string, ri ResourceIdentifier) (*DiscountGroup, error) {
	for _, g := range f.groups {
		if g.ID == ri.ID || (ri.Key != "" && g.Key == ri.Key) {
			return g, nil
		}
	}
	return nil, ReferencedNotFound(TypeDiscountGroup, ri.ID, ri.Key)
}

func (f *fakeDiscounts) DiscountCodeByID(id string) (*DiscountCode, error) {
	for _, c := range f.codes {
		if c.ID == id {
			return c, nil
		}
	}
	return nil, nil
}

func (f *fakeDiscounts) DiscountCodeByCode(code string) (*DiscountCode, error) {
	for _, c := range f.codes {
		if c.Code == code {
			return c, nil
		}
	}
	return nil, nil
}

func (f *fakeDiscounts) Applications(codeID, customerID string) (int64, int64, error) {
	return f.applications[codeID], f.applications[codeID+"/"+customerID], nil
}

// discountWorld is taxWorld with discounts.
func discountWorld(t *testing.T) (*fakeDiscounts, Change) {
	t.Helper()
	rates, ch := taxWorld(t)
	f := &fakeDiscounts{fakeRates: rates, applications: map[string]int64{}}
	ch.Discounts, ch.DiscountGroups = f, f
	return f, ch
}

func (f *fakeDiscounts) discount(t *testing.T, ch Change, id, draft string) *CartDiscount {
	t.Helper()
	d, err := NewCartDiscount(decode[CartDiscountDraft](t, draft), id, ch, f)
	if err != nil {
		t.Fatal(err)
	}
	f.discounts = append(f.discounts, d)
	return d
}

func (f *fakeDiscounts) code(t *testing.T, ch Change, id, draft string) *DiscountCode {
	t.Helper()
	d, err := NewDiscountCode(decode[DiscountCodeDraft](t, draft), id, ch, f, f)
	if err != nil {
		t.Fatal(err)
	}
	f.codes = append(f.codes, d)
	return d
}

// TestCartDiscountDrafts: what a draft and the actions refuse, each naming what is wrong, and
// what they accept.
func TestCartDiscountDrafts(t *testing.T) {
	f, ch := discountWorld(t)
	good := `"name":{"en":"ten"},"cartPredicate":"true","sortOrder":"0.5"`
	for _, tc := range []struct{ draft, code, says string }{
		{`{"name":{"en":"ten"},"cartPredicate":"true","value":{"type":"relative","permyriad":1000},"target":{"type":"totalPrice"}}`, CodeRequiredField, "sortOrder"},
		{`{"name":{"en":"x"},"cartPredicate":"true","sortOrder":"1","value":{"type":"relative","permyriad":1000},"target":{"type":"totalPrice"}}`, CodeInvalidInput, "between 0 and 1"},
		{`{"name":{"en":"x"},"cartPredicate":"true","sortOrder":"0.50","value":{"type":"relative","permyriad":1000},"target":{"type":"totalPrice"}}`, CodeInvalidInput, "trailing zeros"},
		{`{` + good + `,"value":{"type":"relative","permyriad":0},"target":{"type":"totalPrice"}}`, CodeInvalidField, "permyriad"},
		{`{` + good + `,"value":{"type":"giftLineItem","product":{"typeId":"product","id":"p"},"variantId":1},"target":{"type":"totalPrice"}}`, CodeInvalidInput, "has no target"},
		{`{` + good + `,"value":{"type":"giftLineItem","product":{"typeId":"product","id":"p"}}}`, CodeRequiredField, "variantId"},
		{`{` + good + `,"value":{"type":"giftLineItem","product":{"typeId":"product","id":"p"},"variantId":9}}`, CodeInvalidInput, "no variant 9"},
		{`{` + good + `,"value":{"type":"giftLineItem","product":{"typeId":"product","id":"p"},"variantId":1,"supplyChannel":{"typeId":"channel","key":"w"}}}`, CodeReferencedResourceNotFound, "no channels"},
		{`{` + good + `,"value":{"type":"relative","permyriad":10}}`, CodeRequiredField, "target"},
		{`{` + good + `,"value":{"type":"relative","permyriad":10},"target":{"type":"customLineItems"}}`, CodeRequiredField, "target.predicate"},
		{`{` + good + `,"value":{"type":"relative","permyriad":10},"target":{"type":"multiBuyCustomLineItems","predicate":"true"}}`, CodeRequiredField, "triggerQuantity"},
		{`{` + good + `,"value":{"type":"relative","permyriad":10},"target":{"type":"multiBuyLineItems","predicate":"true","triggerQuantity":2,"discountedQuantity":3,"selectionMode":"Cheapest"}}`, CodeInvalidInput, "discountedQuantity (3)"},
		{`{` + good + `,"value":{"type":"relative","permyriad":10},"target":{"type":"multiBuyLineItems","predicate":"true","triggerQuantity":0,"discountedQuantity":1,"selectionMode":"Cheapest"}}`, CodeInvalidField, "triggerQuantity"},
		{`{` + good + `,"value":{"type":"relative","permyriad":10},"target":{"type":"multiBuyLineItems","predicate":"true","triggerQuantity":2,"discountedQuantity":1,"maxOccurrence":0,"selectionMode":"Cheapest"}}`, CodeInvalidField, "maxOccurrence"},
		{`{` + good + `,"value":{"type":"relative","permyriad":10},"target":{"type":"multiBuyLineItems","predicate":"true","triggerQuantity":2,"discountedQuantity":1}}`, CodeRequiredField, "selectionMode"},
		{`{` + good + `,"value":{"type":"relative","permyriad":10},"target":{"type":"multiBuyLineItems","predicate":"true","triggerQuantity":2,"discountedQuantity":1,"selectionMode":"Random"}}`, CodeInvalidField, "selectionMode"},
		{`{` + good + `,"value":{"type":"relative","permyriad":10},"target":{"type":"lineItems","predicate":"true","triggerQuantity":2}}`, CodeInvalidInput, "Only a multi-buy target"},
		{`{` + good + `,"value":{"type":"relative","permyriad":10},"target":{"type":"lineItems","predicate":"sku ="}}`, CodeInvalidInput, "Malformed predicate"},
		{`{"name":{"en":"x"},"cartPredicate":"totalPrice >","sortOrder":"0.5","value":{"type":"relative","permyriad":10},"target":{"type":"shipping"}}`, CodeInvalidInput, "Malformed predicate"},
		{`{` + good + `,"value":{"type":"absolute","money":[{"currencyCode":"EUR","centAmount":1},{"currencyCode":"EUR","centAmount":2}]},"target":{"type":"shipping"}}`, CodeInvalidInput, "two amounts in EUR"},
		{`{` + good + `,"value":{"type":"absolute","money":[{"currencyCode":"EUR","centAmount":1}],"applicationMode":"EvenDistribution"},"target":{"type":"lineItems","predicate":"true"}}`, CodeInvalidField, "spread evenly"},
		{`{` + good + `,"value":{"type":"relative","permyriad":10},"target":{"type":"shipping"},"stackingMode":"Never"}`, CodeInvalidField, "stackingMode"},
		{`{` + good + `,"value":{"type":"relative","permyriad":10},"target":{"type":"shipping"},"validFrom":"2030-01-01T00:00:00Z","validUntil":"2029-01-01T00:00:00Z"}`, CodeInvalidInput, "validFrom"},
		{`{` + good + `,"value":{"type":"relative","permyriad":10},"target":{"type":"shipping"},"discountGroup":{"typeId":"discount-group","key":"none"}}`, CodeReferencedResourceNotFound, "discount-group"},
		{`{` + good + `,"value":{"type":"relative","permyriad":10},"target":{"type":"shipping"},"recurringOrderScope":{"type":"AnyOrder"}}`, CodeInvalidField, "recurring orders"},
	} {
		_, err := NewCartDiscount(decode[CartDiscountDraft](t, tc.draft), "d", ch, f)
		if ErrorCode(err) != tc.code || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s: got %v, want %s saying %q", tc.draft, err, tc.code, tc.says)
		}
	}
	d := f.discount(t, ch, "d1", `{`+good+`,"value":{"type":"fixed","money":[{"currencyCode":"EUR","centAmount":50}]},"target":{"type":"lineItems","predicate":"true"}}`)
	if !d.IsActive || d.StackingMode != Stacking || d.RequiresDiscountCode || d.RecurringOrderScope.Type != "NonRecurringOrdersOnly" || len(d.Stores) != 0 {
		t.Fatalf("the defaults: %+v", d)
	}
	for _, tc := range []struct{ action, code string }{
		{`{"action":"changeSortOrder","sortOrder":"0"}`, CodeInvalidInput},
		{`{"action":"setDiscountGroup","discountGroup":{"typeId":"discount-group","key":"none"}}`, CodeReferencedResourceNotFound},
		{`{"action":"setDiscountGroup"}`, CodeRequiredField},
		{`{"action":"changeTarget","target":{"type":"pattern"}}`, CodeInvalidField},
		{`{"action":"changeValue","value":{"type":"relative"}}`, CodeRequiredField},
		{`{"action":"changeName","name":{}}`, CodeRequiredField},
		{`{"action":"changeIsActive"}`, CodeRequiredField},
		{`{"action":"removeStore","store":{"typeId":"store","key":"nowhere"}}`, CodeReferencedResourceNotFound},
	} {
		if err := d.Apply(json.RawMessage(tc.action), ch, f); ErrorCode(err) != tc.code {
			t.Errorf("%s: got %v, want %s", tc.action, err, tc.code)
		}
	}
	for _, a := range []string{`{"action":"changeSortOrder","sortOrder":"0.75"}`, `{"action":"changeStackingMode","stackingMode":"StopAfterThisDiscount"}`,
		`{"action":"setValidFromAndUntil","validFrom":"2020-01-01T00:00:00Z"}`, `{"action":"changeIsActive","isActive":false}`,
		`{"action":"changeValue","value":{"type":"relative","permyriad":2500}}`, `{"action":"setKey","key":"quarter"}`,
		`{"action":"setRecurringOrderScope","recurringOrderScope":{"type":"NonRecurringOrdersOnly"}}`} {
		if err := d.Apply(json.RawMessage(a), ch, f); err != nil {
			t.Fatalf("%s: %v", a, err)
		}
	}
	if d.SortOrder != "0.75" || d.StackingMode != StopAfterThisDiscount || d.IsActive || *d.Value.Permyriad != 2500 || d.Key != "quarter" || d.ValidFrom == "" {
		t.Fatalf("after the actions: %+v", d)
	}
	if !higherSortOrder("0.75", "0.5") || higherSortOrder("0.5", "0.75") || !higherSortOrder("0.1", "0.09") {
		t.Fatal("sortOrder compares as decimals")
	}
}

// TestDiscountCodeDrafts: a code unlocks only discounts that require one; limits are not
// negative.
func TestDiscountCodeDrafts(t *testing.T) {
	f, ch := discountWorld(t)
	f.discount(t, ch, "auto", `{"name":{"en":"a"},"cartPredicate":"true","sortOrder":"0.1","value":{"type":"relative","permyriad":10},"target":{"type":"shipping"}}`)
	f.discount(t, ch, "coded", `{"name":{"en":"c"},"cartPredicate":"true","sortOrder":"0.2","requiresDiscountCode":true,"value":{"type":"relative","permyriad":10},"target":{"type":"shipping"}}`)
	for _, tc := range []struct{ draft, code string }{
		{`{"code":"X","cartDiscounts":[{"typeId":"cart-discount","id":"auto"}]}`, CodeInvalidInput},
		{`{"code":"X","cartDiscounts":[]}`, CodeRequiredField},
		{`{"code":"","cartDiscounts":[{"typeId":"cart-discount","id":"coded"}]}`, CodeRequiredField},
		{`{"code":"A B","cartDiscounts":[{"typeId":"cart-discount","id":"coded"}]}`, CodeInvalidField},
		{`{"code":"X","cartDiscounts":[{"typeId":"cart-discount","id":"none"}]}`, CodeReferencedResourceNotFound},
		{`{"code":"X","cartDiscounts":[{"typeId":"cart-discount","id":"coded"}],"maxApplications":-1}`, CodeInvalidField},
		{`{"code":"X","cartDiscounts":[{"typeId":"cart-discount","id":"coded"}],"cartPredicate":"nonsense"}`, CodeInvalidInput},
	} {
		if _, err := NewDiscountCode(decode[DiscountCodeDraft](t, tc.draft), "c", ch, f, f); ErrorCode(err) != tc.code {
			t.Errorf("%s: got %v, want %s", tc.draft, err, tc.code)
		}
	}
	c := f.code(t, ch, "c1", `{"code":"SAVE","cartDiscounts":[{"typeId":"cart-discount","id":"coded"}],"groups":["a","a","b"]}`)
	if !c.IsActive || len(c.Groups) != 2 || c.CartDiscounts[0].ID != "coded" {
		t.Fatalf("the code: %+v", c)
	}
	if err := c.Apply(json.RawMessage(`{"action":"changeCartDiscounts","cartDiscounts":[{"typeId":"cart-discount","id":"auto"}]}`), f, f); ErrorCode(err) != CodeInvalidInput {
		t.Fatalf("a discount without a code: %v", err)
	}
	for _, a := range []string{`{"action":"setMaxApplications","maxApplications":3}`, `{"action":"changeIsActive","isActive":false}`,
		`{"action":"setValidUntil","validUntil":"2031-01-01T00:00:00Z"}`, `{"action":"changeGroups","groups":[]}`, `{"action":"setName","name":{"en":"Save"}}`} {
		if err := c.Apply(json.RawMessage(a), f, f); err != nil {
			t.Fatalf("%s: %v", a, err)
		}
	}
	if *c.MaxApplications != 3 || c.IsActive || len(c.Groups) != 0 || c.Name["en"] != "Save" {
		t.Fatalf("after the actions: %+v", c)
	}
}

// TestCartDiscountsPriceACart: three shirts at 1.00 EUR shipped to Germany (5.00, 19%): an
// automatic 10% on line items, a coded free shipping and a coded 0.50 EUR off the total apply by
// sortOrder (the total's discount after the shipping is free falls on the lines); the lines,
// shipping and taxes show them and add up.
func TestCartDiscountsPriceACart(t *testing.T) {
	f, ch := discountWorld(t)
	f.discount(t, ch, "ten", `{"name":{"en":"10%"},"cartPredicate":"true","sortOrder":"0.9","value":{"type":"relative","permyriad":1000},"target":{"type":"lineItems","predicate":"true"}}`)
	f.discount(t, ch, "fifty", `{"name":{"en":"-0.50"},"cartPredicate":"true","sortOrder":"0.5","requiresDiscountCode":true,"value":{"type":"absolute","money":[{"currencyCode":"EUR","centAmount":50}]},"target":{"type":"totalPrice"}}`)
	f.discount(t, ch, "ship", `{"name":{"en":"free shipping"},"cartPredicate":"true","sortOrder":"0.6","requiresDiscountCode":true,"value":{"type":"relative","permyriad":10000},"target":{"type":"shipping"}}`)
	f.code(t, ch, "c-save", `{"code":"SAVE","cartDiscounts":[{"typeId":"cart-discount","id":"fifty"},{"typeId":"cart-discount","id":"ship"}]}`)
	f.code(t, ch, "c-off", `{"code":"OFF","isActive":false,"cartDiscounts":[{"typeId":"cart-discount","id":"fifty"}]}`)
	f.code(t, ch, "c-never", `{"code":"NEVER","cartPredicate":"false","cartDiscounts":[{"typeId":"cart-discount","id":"fifty"}]}`)
	c := taxedCart(t, ch, `{"currency":"EUR","lineItems":[{"sku":"S-1","quantity":3}],"shippingAddress":{"country":"DE"},"shippingMethod":{"key":"post"}}`)
	li := c.LineItems[0]
	if li.TotalPrice.CentAmount != 270 || len(li.DiscountedPricePerQuantity) != 1 || li.DiscountedPricePerQuantity[0].DiscountedPrice.Value.CentAmount != 90 ||
		c.TotalPrice.CentAmount != 770 {
		t.Fatalf("10%% on each shirt: %+v, total %s", li, c.TotalPrice)
	}
	if err := update(c, ch, `{"action":"addDiscountCode","code":"NOPE"}`); ErrorCode(err) != CodeDiscountCodeNonApplicable {
		t.Fatalf("an unknown code: %v", err)
	}
	if err := update(c, ch, `{"action":"addDiscountCode","code":"OFF"}`); ErrorCode(err) != CodeDiscountCodeNonApplicable {
		t.Fatalf("an inactive code: %v", err)
	}
	if err := update(c, ch, `{"action":"addDiscountCode","code":"SAVE"}`, `{"action":"addDiscountCode","code":"NEVER"}`); err != nil {
		t.Fatal(err)
	}
	if c.DiscountCodes[0].State != StateMatchesCart || c.DiscountCodes[1].State != StateDoesNotMatchCart {
		t.Fatalf("the codes' states: %+v", c.DiscountCodes)
	}
	if err := c.Order(); ErrorCode(err) != CodeDiscountCodeNonApplicable || c.CartState != CartActive {
		t.Fatalf("ordering with a code that does not match: %v", err)
	}
	// 270 - 50 = 220 over 3 units: 73, 73, 74 off 90 → two at 73 (17 off), one at 74 (16 off)
	li = c.LineItems[0]
	if li.TotalPrice.CentAmount != 220 || len(li.DiscountedPricePerQuantity) != 2 {
		t.Fatalf("0.50 off the total, shared among the units: %+v", li.DiscountedPricePerQuantity)
	}
	units := int64(0)
	for _, p := range li.DiscountedPricePerQuantity {
		off := int64(0)
		for _, d := range p.DiscountedPrice.IncludedDiscounts {
			off += d.DiscountedAmount.CentAmount
		}
		if p.DiscountedPrice.Value.CentAmount+off != 100 {
			t.Fatalf("a unit's discounts and price make its price: %+v", p)
		}
		units += p.Quantity * p.DiscountedPrice.Value.CentAmount
	}
	if units != 220 || c.DiscountOnTotalPrice == nil || c.DiscountOnTotalPrice.DiscountedAmount.CentAmount != 50 {
		t.Fatalf("discountOnTotalPrice: %+v", c.DiscountOnTotalPrice)
	}
	s := c.ShippingInfo
	if s.Price.CentAmount != 500 || s.DiscountedPrice == nil || s.DiscountedPrice.Value.CentAmount != 0 || c.TotalPrice.CentAmount != 220 {
		t.Fatalf("free shipping: %+v, total %s", s, c.TotalPrice)
	}
	if tp := c.TaxedPrice; tp == nil || tp.TotalNet.CentAmount != 220 || tp.TotalGross.CentAmount != 262 || s.TaxedPrice.TotalGross.CentAmount != 0 {
		t.Fatalf("19%% of 2.20: %+v", tp)
	}
	if err := update(c, ch, `{"action":"addDiscountCode","code":"SAVE"}`); ErrorCode(err) != CodeInvalidOperation {
		t.Fatalf("a code twice: %v", err)
	}
	if err := update(c, ch, `{"action":"setDirectDiscounts","discounts":[{"value":{"type":"relative","permyriad":100},"target":{"type":"totalPrice"}}]}`); ErrorCode(err) != CodeInvalidOperation {
		t.Fatalf("direct discounts on a cart with codes: %v", err)
	}
	// a StopAfterThisDiscount above the coded ones stops them
	f.discounts[0].StackingMode = StopAfterThisDiscount
	if err := update(c, ch, `{"action":"recalculate"}`); err != nil {
		t.Fatal(err)
	}
	if c.DiscountCodes[0].State != StateStoppedByPrevious || c.TotalPrice.CentAmount != 770 || c.DiscountOnTotalPrice != nil {
		t.Fatalf("stopped: %+v, total %s", c.DiscountCodes, c.TotalPrice)
	}
	f.discounts[0].StackingMode = Stacking
	f.applications["c-save"] = 1
	f.codes[0].MaxApplications = new(int64)
	*f.codes[0].MaxApplications = 1
	if err := update(c, ch, `{"action":"recalculate"}`); err != nil {
		t.Fatal(err)
	}
	if c.DiscountCodes[0].State != StateMaxApplicationReached || c.TotalPrice.CentAmount != 770 {
		t.Fatalf("used up: %+v", c.DiscountCodes)
	}
	ref := c.DiscountCodes[0].DiscountCode
	if err := update(c, ch, `{"action":"removeDiscountCode","discountCode":{"typeId":"discount-code","id":"`+ref.ID+`"}}`); err != nil || len(c.DiscountCodes) != 1 {
		t.Fatalf("removing a code: %v %+v", err, c.DiscountCodes)
	}
	if err := update(c, ch, `{"action":"removeDiscountCode","discountCode":{"typeId":"discount-code","id":"`+ref.ID+`"}}`); ErrorCode(err) != CodeInvalidInput {
		t.Fatalf("removing a code the cart lacks: %v", err)
	}
}

// TestDirectDiscountsBlockCodes: a cart with direct discounts (a quote's) refuses discount codes,
// as the seeds say, and takes no cart discounts.
func TestDirectDiscountsBlockCodes(t *testing.T) {
	f, ch := discountWorld(t)
	f.discount(t, ch, "ten", `{"name":{"en":"10%"},"cartPredicate":"true","sortOrder":"0.9","value":{"type":"relative","permyriad":1000},"target":{"type":"lineItems","predicate":"true"}}`)
	f.discount(t, ch, "coded", `{"name":{"en":"c"},"cartPredicate":"true","sortOrder":"0.2","requiresDiscountCode":true,"value":{"type":"relative","permyriad":10},"target":{"type":"totalPrice"}}`)
	f.code(t, ch, "c", `{"code":"SAVE","cartDiscounts":[{"typeId":"cart-discount","id":"coded"}]}`)
	c := taxedCart(t, ch, `{"currency":"EUR","lineItems":[{"sku":"S-1","quantity":2}]}`)
	if err := update(c, ch, `{"action":"setDirectDiscounts","discounts":[{"value":{"type":"absolute","money":[{"currencyCode":"EUR","centAmount":30}]},"target":{"type":"totalPrice"}}]}`); err != nil {
		t.Fatal(err)
	}
	if c.TotalPrice.CentAmount != 170 || len(c.LineItems[0].DiscountedPricePerQuantity) != 0 {
		t.Fatalf("the direct discount alone: %s %+v", c.TotalPrice, c.LineItems[0])
	}
	if b, _ := json.Marshal(c.DirectDiscounts); !strings.Contains(string(b), `"money":[{"currencyCode":"EUR","centAmount":30,"fractionDigits":2,"type":"centPrecision"}]`) {
		t.Fatalf("the absolute discount's money as the reference shows it: %s", b)
	}
	err := update(c, ch, `{"action":"addDiscountCode","code":"SAVE"}`)
	if ErrorCode(err) != CodeInvalidOperation || !strings.Contains(err.Error(), "direct discounts") {
		t.Fatalf("a code on a cart with direct discounts: %v", err)
	}
}

// TestCartDraftDiscountCodes: a cart draft's discountCodes are added as addDiscountCode adds them.
func TestCartDraftDiscountCodes(t *testing.T) {
	f, ch := discountWorld(t)
	f.discount(t, ch, "coded", `{"name":{"en":"c"},"cartPredicate":"true","sortOrder":"0.2","requiresDiscountCode":true,"value":{"type":"fixed","money":[{"currencyCode":"EUR","centAmount":60}]},"target":{"type":"lineItems","predicate":"true"}}`)
	f.code(t, ch, "c", `{"code":"SAVE","cartDiscounts":[{"typeId":"cart-discount","id":"coded"}]}`)
	c := taxedCart(t, ch, `{"currency":"EUR","lineItems":[{"sku":"S-1","quantity":2}],"discountCodes":["SAVE"]}`)
	if len(c.DiscountCodes) != 1 || c.DiscountCodes[0].State != StateMatchesCart || c.TotalPrice.CentAmount != 120 {
		t.Fatalf("a draft's code, each shirt fixed at 0.60: %+v %s", c.DiscountCodes, c.TotalPrice)
	}
	if _, err := NewCart(decode[CartDraft](t, `{"currency":"EUR","discountCodes":["NOPE"]}`), "c2", ch); ErrorCode(err) != CodeDiscountCodeNonApplicable {
		t.Fatalf("a draft's unknown code: %v", err)
	}
}

// TestFrozenCartsAndQuotesWithCodes: a SoftFreeze keeps the prices but not the discounts (codes
// come and go); a HardFreeze freezes them too; a cart with codes cannot be quoted.
func TestFrozenCartsAndQuotesWithCodes(t *testing.T) {
	f, ch := discountWorld(t)
	f.discount(t, ch, "coded", `{"name":{"en":"c"},"cartPredicate":"true","sortOrder":"0.2","requiresDiscountCode":true,"value":{"type":"absolute","money":[{"currencyCode":"EUR","centAmount":10}]},"target":{"type":"lineItems","predicate":"true"}}`)
	f.code(t, ch, "c", `{"code":"SAVE","cartDiscounts":[{"typeId":"cart-discount","id":"coded"}]}`)
	c := taxedCart(t, ch, `{"currency":"EUR","customerId":"cu","lineItems":[{"sku":"S-1","quantity":2}],"shippingAddress":{"country":"DE"}}`)
	if err := update(c, ch, `{"action":"freezeCart","strategy":"SoftFreeze"}`); err != nil {
		t.Fatal(err)
	}
	if err := c.Apply(json.RawMessage(`{"action":"addDiscountCode","code":"SAVE"}`), ch); err != nil || c.TotalPrice.CentAmount != 180 {
		t.Fatalf("a code on a soft-frozen cart: %v %s", err, c.TotalPrice)
	}
	if _, err := NewQuoteRequest(c, QuoteRequestDraft{}, "qr", ch.Now); ErrorCode(err) != CodeInvalidOperation {
		t.Fatalf("a quote for a cart with codes: %v", err)
	}
	if err := c.Apply(json.RawMessage(`{"action":"unfreezeCart"}`), ch); err != nil {
		t.Fatal(err)
	}
	if err := update(c, ch, `{"action":"freezeCart","strategy":"HardFreeze"}`); err != nil {
		t.Fatal(err)
	}
	ref := `{"typeId":"discount-code","id":"c"}`
	if err := c.Apply(json.RawMessage(`{"action":"removeDiscountCode","discountCode":`+ref+`}`), ch); ErrorCode(err) != CodeInvalidOperation {
		t.Fatalf("a code off a hard-frozen cart: %v", err)
	}
	if err := c.Apply(json.RawMessage(`{"action":"setShippingAddress","address":{"country":"DE","state":"BY"}}`), ch); err != nil || c.TotalPrice.CentAmount != 180 {
		t.Fatalf("a hard-frozen cart keeps its discounts: %v %s", err, c.TotalPrice)
	}
}
