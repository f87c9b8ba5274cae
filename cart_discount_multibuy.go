package procura

import (
	"cmp"
	"slices"
)

// Selection modes of a multi-buy target: which of the units it matches it discounts.
const (
	SelectionCheapest      = "Cheapest"
	SelectionMostExpensive = "MostExpensive"
)

// itemsTarget is the target whose items a target's predicate names: a multi-buy target's
// (TargetLineItems or TargetCustomLineItems), or the target's own type.
func (t *CartDiscountTarget) itemsTarget() string {
	switch t.Type {
	case TargetMultiBuyLineItems:
		return TargetLineItems
	case TargetMultiBuyCustomLineItems:
		return TargetCustomLineItems
	}
	return t.Type
}

// hasMultiBuy reports whether a target draft gives any of a multi-buy target's fields.
func (t *CartDiscountTarget) hasMultiBuy() bool {
	return t.TriggerQuantity != nil || t.DiscountedQuantity != nil || t.MaxOccurrence != nil || t.SelectionMode != ""
}

// setMultiBuy checks and sets a multi-buy target's fields from its draft d: every
// triggerQuantity units the predicate matches (in all the cart's items) trigger one occurrence,
// at most maxOccurrence times (unlimited without it), and each occurrence discounts
// discountedQuantity units, at most triggerQuantity, chosen by selectionMode.
func (t *CartDiscountTarget) setMultiBuy(d *CartDiscountTarget) error {
	for _, q := range []struct {
		name     string
		v        *int64
		required bool
	}{{"target.triggerQuantity", d.TriggerQuantity, true}, {"target.discountedQuantity", d.DiscountedQuantity, true}, {"target.maxOccurrence", d.MaxOccurrence, false}} {
		if q.v == nil {
			if q.required {
				return RequiredField(q.name)
			}
			continue
		}
		if *q.v < 1 || *q.v > MaxQuantity {
			return InvalidField(q.name, *q.v)
		}
	}
	if *d.DiscountedQuantity > *d.TriggerQuantity {
		return InvalidInput("target.discountedQuantity (%d) must not be more than target.triggerQuantity (%d).", *d.DiscountedQuantity, *d.TriggerQuantity)
	}
	if d.SelectionMode == "" {
		return RequiredField("target.selectionMode")
	}
	if err := checkOneOf("target.selectionMode", d.SelectionMode, SelectionCheapest, SelectionMostExpensive); err != nil {
		return err
	}
	t.TriggerQuantity, t.DiscountedQuantity, t.MaxOccurrence, t.SelectionMode = d.TriggerQuantity, d.DiscountedQuantity, d.MaxOccurrence, d.SelectionMode
	return nil
}

// unitAt is a group of units of one of a cart's items (by index), for choosing a multi-buy
// discount's units.
type unitAt struct{ item, group int }

// discountMultiBuy applies a multi-buy discount to the units of the items it matches (by id):
// of all their units, occurrences × discountedQuantity are discounted, the cheapest or the most
// expensive first (by their price so far; among equals, the cart's order). It reports whether it
// applied (an occurrence, and the value has the cart's currency).
func (c *Cart) discountMultiBuy(d *CartDiscount, matches map[string]bool, ids []string, groups [][]group) bool {
	t := d.Target
	var at []unitAt
	units := int64(0)
	for i, id := range ids {
		if matches[id] {
			for j, g := range groups[i] {
				at, units = append(at, unitAt{i, j}), units+g.quantity
			}
		}
	}
	occurrences := units / *t.TriggerQuantity
	if t.MaxOccurrence != nil {
		occurrences = min(occurrences, *t.MaxOccurrence)
	}
	if _, ok := c.valueOff(d.Value, 0); !ok || occurrences == 0 {
		return false
	}
	slices.SortStableFunc(at, func(a, b unitAt) int {
		ua, ub := groups[a.item][a.group].unit, groups[b.item][b.group].unit
		if t.SelectionMode == SelectionMostExpensive {
			ua, ub = ub, ua
		}
		return cmp.Compare(ua, ub)
	})
	chosen := make([][]int64, len(groups)) // per item and group, how many units
	left := occurrences * *t.DiscountedQuantity
	for _, u := range at {
		if left == 0 {
			break
		}
		if chosen[u.item] == nil {
			chosen[u.item] = make([]int64, len(groups[u.item]))
		}
		n := min(left, groups[u.item][u.group].quantity)
		chosen[u.item][u.group], left = n, left-n
	}
	for i, counts := range chosen {
		if counts != nil {
			groups[i] = c.offSomeUnits(d, groups[i], counts)
		}
	}
	return true
}

// offSomeUnits takes a discount's value off counts[j] units of each group j, which splits a
// group whose units are not all discounted in two.
func (c *Cart) offSomeUnits(d *CartDiscount, gs []group, counts []int64) []group {
	var out []group
	for j, g := range gs {
		if n := counts[j]; n > 0 {
			part := []group{{quantity: n, unit: g.unit, shares: slices.Clone(g.shares)}}
			c.offEachUnit(d, part)
			out = append(out, part[0])
			g.quantity -= n
		}
		if g.quantity > 0 {
			out = append(out, g)
		}
	}
	return out
}
