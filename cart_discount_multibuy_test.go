package procura

import "testing"

// TestMultiBuyChoosesUnits: a multi-buy discount discounts discountedQuantity units for every
// triggerQuantity units its predicate matches, across line items, at most maxOccurrence times,
// the cheapest or the most expensive first; on custom line items alike.
func TestMultiBuyChoosesUnits(t *testing.T) {
	one := func(n int64) *int64 { return &n }
	free, hundred := int64(10000), []Money{NewMoney("EUR", 100)}
	for _, tc := range []struct {
		name    string
		target  CartDiscountTarget
		value   CartDiscountValue
		matches map[string]bool
		totals  map[string]int64
	}{
		{"buy 3, the cheapest free: two occurrences in six units, both of B",
			CartDiscountTarget{Type: TargetMultiBuyLineItems, TriggerQuantity: one(3), DiscountedQuantity: one(1), SelectionMode: SelectionCheapest},
			CartDiscountValue{Type: "relative", Permyriad: &free}, map[string]bool{"A": true, "B": true, "C": true},
			map[string]int64{"A": 3000, "B": 0, "C": 700, "X": 1000}},
		{"the most expensive free, once",
			CartDiscountTarget{Type: TargetMultiBuyLineItems, TriggerQuantity: one(3), DiscountedQuantity: one(1), MaxOccurrence: one(1), SelectionMode: SelectionMostExpensive},
			CartDiscountValue{Type: "relative", Permyriad: &free}, map[string]bool{"A": true, "B": true, "C": true},
			map[string]int64{"A": 2000, "B": 800, "C": 700, "X": 1000}},
		{"1.00 off one in two of A and C: C's unit and one of A",
			CartDiscountTarget{Type: TargetMultiBuyLineItems, TriggerQuantity: one(2), DiscountedQuantity: one(1), SelectionMode: SelectionCheapest},
			CartDiscountValue{Type: "absolute", Money: hundred}, map[string]bool{"A": true, "C": true},
			map[string]int64{"A": 2900, "B": 800, "C": 600, "X": 1000}},
		{"too few units: nothing",
			CartDiscountTarget{Type: TargetMultiBuyLineItems, TriggerQuantity: one(5), DiscountedQuantity: one(5), SelectionMode: SelectionCheapest},
			CartDiscountValue{Type: "relative", Permyriad: &free}, map[string]bool{"A": true, "C": true},
			map[string]int64{"A": 3000, "B": 800, "C": 700, "X": 1000}},
		{"custom line items: two of four at 1.00",
			CartDiscountTarget{Type: TargetMultiBuyCustomLineItems, TriggerQuantity: one(2), DiscountedQuantity: one(1), SelectionMode: SelectionCheapest},
			CartDiscountValue{Type: "fixed", Money: hundred}, map[string]bool{"X": true},
			map[string]int64{"A": 3000, "B": 800, "C": 700, "X": 700}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &Cart{TotalPrice: NewMoney("EUR", 0), TaxMode: TaxDisabled, DirectDiscounts: []any{}}
			for _, li := range []struct {
				id        string
				q, amount int64
			}{{"A", 3, 1000}, {"B", 2, 400}, {"C", 1, 700}} {
				c.LineItems = append(c.LineItems, LineItem{ID: li.id, Quantity: li.q, Price: Price{Value: NewMoney("EUR", li.amount)}})
			}
			c.CustomLineItems = []CustomLineItem{{ID: "X", Quantity: 4, Money: NewMoney("EUR", 250), PriceMode: CustomLineItemStandard}}
			target := tc.target
			c.picked = &picked{discounts: []applicable{{discount: &CartDiscount{Base: Base{ID: "d"}, Target: &target, Value: tc.value}, items: tc.matches}}}
			if err := c.sum(); err != nil {
				t.Fatal(err)
			}
			got := map[string]int64{"X": c.CustomLineItems[0].TotalPrice.CentAmount}
			sum := got["X"]
			for _, li := range c.LineItems {
				got[li.ID] = li.TotalPrice.CentAmount
				sum += got[li.ID]
			}
			for k, v := range tc.totals {
				if got[k] != v {
					t.Fatalf("%s is %d, want %d (all: %v)", k, got[k], v, got)
				}
			}
			if c.TotalPrice.CentAmount != sum {
				t.Fatalf("the total %s is not the items' %d", c.TotalPrice, sum)
			}
		})
	}
}
