package procura

import (
	"encoding/json"
	"testing"
)

// TestDiscountGroupsTakeTheBestDeal: of a group's discounts only the one that takes the most off
// the cart as it stands applies (the free shipping, 5.00, over 10% of the lines, 2.00, and 3.00
// off the total); a discount outside the group still applies; a code whose discount lost shows
// ApplicationStoppedByGroupBestDeal; without the shipping the 3.00 off the total wins.
func TestDiscountGroupsTakeTheBestDeal(t *testing.T) {
	group := &Reference{TypeID: TypeDiscountGroup, ID: "g"}
	ten, all := int64(1000), int64(10000)
	discount := func(id, target string, v CartDiscountValue, g *Reference) applicable {
		return applicable{discount: &CartDiscount{Base: Base{ID: id}, StackingMode: Stacking, Target: &CartDiscountTarget{Type: target}, Value: v, DiscountGroup: g},
			items: map[string]bool{"A": true}}
	}
	for _, tc := range []struct {
		name      string
		shipped   bool
		winner    string
		total     int64
		codeState string
	}{
		{"shipped: the free shipping", true, "free-shipping", 2000 - 100, StateStoppedByGroupBestDeal},
		{"not shipped: 3.00 off the total", false, "three-off", 2000 - 100 - 300, StateStoppedByGroupBestDeal},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &Cart{TotalPrice: NewMoney("EUR", 0), TaxMode: TaxDisabled, DirectDiscounts: []any{},
				LineItems:  []LineItem{{ID: "A", Quantity: 2, Price: Price{Value: NewMoney("EUR", 1000)}}},
				Discounted: Discounted{DiscountCodes: []DiscountCodeInfo{{DiscountCode: Reference{TypeID: TypeDiscountCode, ID: "code"}, State: StateMatchesCart}}}}
			if tc.shipped {
				c.ShippingInfo = &ShippingInfo{ShippingRate: ShippingRate{Price: NewMoney("EUR", 500)}}
			}
			c.picked = &picked{unlocked: map[int][]string{0: {"ten-percent"}}, discounts: []applicable{
				discount("one-off", TargetLineItems, CartDiscountValue{Type: "absolute", Money: []Money{NewMoney("EUR", 50)}}, nil),
				discount("ten-percent", TargetLineItems, CartDiscountValue{Type: "relative", Permyriad: &ten}, group),
				discount("three-off", TargetTotalPrice, CartDiscountValue{Type: "absolute", Money: []Money{NewMoney("EUR", 300)}}, group),
				discount("free-shipping", TargetShipping, CartDiscountValue{Type: "relative", Permyriad: &all}, group),
			}}
			if err := c.sum(); err != nil {
				t.Fatal(err)
			}
			used := map[string]bool{}
			for _, p := range c.LineItems[0].DiscountedPricePerQuantity {
				for _, d := range p.DiscountedPrice.IncludedDiscounts {
					used[d.Discount.ID] = true
				}
			}
			if c.ShippingInfo != nil && c.ShippingInfo.DiscountedPrice != nil {
				used[c.ShippingInfo.DiscountedPrice.IncludedDiscounts[0].Discount.ID] = true
			}
			if !used["one-off"] || !used[tc.winner] || len(used) != 2 || c.TotalPrice.CentAmount != tc.total || c.DiscountCodes[0].State != tc.codeState {
				b, _ := json.Marshal(c.LineItems[0].DiscountedPricePerQuantity)
				t.Fatalf("used %v, total %s, code %s; lines %s", used, c.TotalPrice, c.DiscountCodes[0].State, b)
			}
		})
	}
}

// TestDiscountGroupDrafts: a group's key and sortOrder are checked; a cart discount in a group
// takes its sortOrder and may not change it, leaves it only with a sortOrder of its own, and is
// no gift.
func TestDiscountGroupDrafts(t *testing.T) {
	f, ch := discountWorld(t)
	for _, tc := range []struct{ draft, code string }{
		{`{"sortOrder":"0.5"}`, CodeRequiredField},
		{`{"key":"g","sortOrder":"1.5"}`, CodeInvalidInput},
	} {
		if _, err := NewDiscountGroup(decode[DiscountGroupDraft](t, tc.draft), "g", ch); ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.draft, err, tc.code)
		}
	}
	g, err := NewDiscountGroup(decode[DiscountGroupDraft](t, `{"key":"summer","sortOrder":"0.7"}`), "g1", ch)
	if err != nil || !g.IsActive {
		t.Fatalf("%v %+v", err, g)
	}
	f.groups = append(f.groups, g)
	d := f.discount(t, ch, "d", `{"name":{"en":"x"},"cartPredicate":"true","discountGroup":{"typeId":"discount-group","key":"summer"},"value":{"type":"relative","permyriad":10},"target":{"type":"shipping"}}`)
	if d.SortOrder != "0.7" || d.DiscountGroup == nil || d.DiscountGroup.ID != "g1" {
		t.Fatalf("in the group: %+v", d)
	}
	for _, tc := range []struct{ action, code string }{
		{`{"action":"changeSortOrder","sortOrder":"0.3"}`, CodeInvalidOperation},
		{`{"action":"setDiscountGroup"}`, CodeRequiredField},
		{`{"action":"setDiscountGroup","discountGroup":{"typeId":"discount-group","key":"summer"},"sortOrder":"0.2"}`, CodeInvalidInput},
		{`{"action":"changeValue","value":{"type":"giftLineItem","product":{"typeId":"product","id":"p"},"variantId":1}}`, CodeInvalidInput},
	} {
		if err := d.Apply(json.RawMessage(tc.action), ch, f); ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.action, err, tc.code)
		}
	}
	if err := d.Apply(json.RawMessage(`{"action":"setDiscountGroup","sortOrder":"0.3"}`), ch, f); err != nil || d.DiscountGroup != nil || d.SortOrder != "0.3" {
		t.Fatalf("out of the group: %v %+v", err, d)
	}
	if err := g.Apply(json.RawMessage(`{"action":"setIsActive","isActive":false}`)); err != nil || g.IsActive {
		t.Fatalf("setIsActive: %v", err)
	}
}

// TestDiscountGroupsAreReadOnlyForGroupedDiscounts: pricing reads the project's discount groups
// only when one of its cart discounts is in a group.
func TestDiscountGroupsAreReadOnlyForGroupedDiscounts(t *testing.T) {
	f := &fakeDiscounts{groups: []*DiscountGroup{{Base: Base{ID: "g"}, IsActive: true}}}
	loose := &CartDiscount{Base: Base{ID: "loose"}}
	grouped := &CartDiscount{Base: Base{ID: "grouped"}, DiscountGroup: &Reference{TypeID: TypeDiscountGroup, ID: "g"}}
	for _, tc := range []struct {
		name      string
		discounts []*CartDiscount
		reads     int
	}{
		{"no discounts", nil, 0},
		{"one outside any group", []*CartDiscount{loose}, 0},
		{"one in a group", []*CartDiscount{loose, grouped}, 1},
	} {
		f.groupReads = 0
		groups, err := groupsOf(tc.discounts, f)
		if err != nil || f.groupReads != tc.reads || (tc.reads == 1) != (groups["g"] != nil) {
			t.Errorf("%s: %v, %d reads, groups %v", tc.name, err, f.groupReads, groups)
		}
	}
}
