package procura

import (
	"encoding/json"
	"slices"
)

// TypeDiscountGroup is the type of discount groups.
const TypeDiscountGroup = "discount-group"

// DiscountGroup groups cart discounts of which only the best deal for a cart applies, at the
// group's sortOrder, while the group is active (decision 0040).
type DiscountGroup struct {
	Base
	Key         string          `json:"key"`
	Name        LocalizedString `json:"name,omitempty"`
	Description LocalizedString `json:"description,omitempty"`
	SortOrder   string          `json:"sortOrder"`
	IsActive    bool            `json:"isActive"`
}

// DiscountGroupDraft creates a discount group.
type DiscountGroupDraft struct {
	Key         string          `json:"key"`
	Name        LocalizedString `json:"name,omitempty"`
	Description LocalizedString `json:"description,omitempty"`
	SortOrder   string          `json:"sortOrder"`
	IsActive    *bool           `json:"isActive,omitempty"`
}

// DiscountGroups finds discount groups: the one a cart discount names, and all of the project's
// (for pricing carts).
type DiscountGroups interface {
	DiscountGroup(field string, ri ResourceIdentifier) (*DiscountGroup, error)
	AllDiscountGroups() ([]*DiscountGroup, error)
}

// NewDiscountGroup validates d and builds the discount group; its sortOrder is a cart
// discount's (unique among discount groups and cart discounts: the application checks it).
func NewDiscountGroup(d DiscountGroupDraft, id string, c Change) (*DiscountGroup, error) {
	if err := CheckKey("key", d.Key); err != nil {
		return nil, err
	}
	g := &DiscountGroup{Key: d.Key, Name: d.Name, Description: d.Description, IsActive: d.IsActive == nil || *d.IsActive}
	if err := checkSortOrder(d.SortOrder); err != nil {
		return nil, err
	}
	g.SortOrder = d.SortOrder
	g.Stamp(id, c.Now)
	return g, nil
}

type discountGroupAction struct {
	Action      string          `json:"action"`
	Key         *string         `json:"key"`
	Name        LocalizedString `json:"name"`
	Description LocalizedString `json:"description"`
	SortOrder   *string         `json:"sortOrder"`
	IsActive    *bool           `json:"isActive"`
}

var discountGroupActions = ActionFields{
	"setKey":         {"key"},
	"setName":        {"name"},
	"setDescription": {"description"},
	"setSortOrder":   {"sortOrder"},
	"setIsActive":    {"isActive"},
}

// Apply applies one discount group update action (every action of the reference).
func (g *DiscountGroup) Apply(raw json.RawMessage) error {
	var a discountGroupAction
	if err := DecodeAction(raw, &a, discountGroupActions); err != nil {
		return err
	}
	switch a.Action {
	case "setKey":
		if err := CheckKey("key", deref(a.Key)); err != nil {
			return err
		}
		g.Key = *a.Key
	case "setName":
		g.Name = a.Name
	case "setDescription":
		g.Description = a.Description
	case "setSortOrder":
		if err := checkSortOrder(deref(a.SortOrder)); err != nil {
			return err
		}
		g.SortOrder = *a.SortOrder
	case "setIsActive":
		if a.IsActive == nil {
			return RequiredField("isActive")
		}
		g.IsActive = *a.IsActive
	}
	return nil
}

// setGroup puts a cart discount in the discount group ri names, where it takes the group's
// sortOrder (a sortOrder given must be the group's); without ri it leaves its group, and needs a
// sortOrder of its own again. A gift line item is in no group: the best deal of a group is the
// discount that takes the most off, and a gift takes nothing off what the cart holds.
func (cd *CartDiscount) setGroup(ri *ResourceIdentifier, sortOrder string, c Change) error {
	if ri == nil {
		cd.DiscountGroup = nil
		return cd.setSortOrder(sortOrder)
	}
	if c.DiscountGroups == nil {
		return InvalidOperation("Discount groups cannot be named here.")
	}
	if err := ri.Check("discountGroup", TypeDiscountGroup); err != nil {
		return err
	}
	g, err := c.DiscountGroups.DiscountGroup("discountGroup", *ri)
	if err != nil {
		return err
	}
	if sortOrder != "" && sortOrder != g.SortOrder {
		return InvalidInput("A cart discount in the discount group '%s' takes its sortOrder %s, not %s.", g.Key, g.SortOrder, sortOrder)
	}
	cd.DiscountGroup, cd.SortOrder = &Reference{TypeID: TypeDiscountGroup, ID: g.ID}, g.SortOrder
	return cd.checkGiftTarget()
}

// groupRun is the discounts from the i-th on that are in its discount group (they follow each
// other, at the group's sortOrder), or the i-th alone when it is in none.
func (p *picked) groupRun(i int) []applicable {
	g := p.discounts[i].discount.DiscountGroup
	j := i + 1
	for g != nil && j < len(p.discounts) && p.discounts[j].discount.DiscountGroup != nil && p.discounts[j].discount.DiscountGroup.ID == g.ID {
		j++
	}
	return p.discounts[i:j]
}

// bestDeal is the discount of a group's run that takes the most off the cart's parts as they
// are (each tried on a copy); among equals, the first (the oldest discount).
func (c *Cart) bestDeal(run []applicable, p *parts) applicable {
	best, most := run[0], int64(-1)
	before := p.total()
	onTotal := c.DiscountOnTotalPrice
	for _, a := range run {
		try := p.clone()
		if onTotal != nil {
			kept := *onTotal
			kept.IncludedDiscounts = slices.Clone(onTotal.IncludedDiscounts)
			c.DiscountOnTotalPrice = &kept
		}
		if c.applyDiscount(a, try) && before-try.total() > most {
			best, most = a, before-try.total()
		}
		c.DiscountOnTotalPrice = onTotal
	}
	return best
}

// clone copies the parts, their groups and shares.
func (p *parts) clone() *parts {
	cp := func(list [][]group) [][]group {
		out := make([][]group, len(list))
		for i, gs := range list {
			for _, g := range gs {
				g.shares = slices.Clone(g.shares)
				out[i] = append(out[i], g)
			}
		}
		return out
	}
	return &parts{lines: cp(p.lines), customs: cp(p.customs), ships: cp(p.ships)}
}

// total is what the parts cost.
func (p *parts) total() int64 {
	sum := int64(0)
	for _, gs := range p.all() {
		for _, g := range *gs {
			sum += g.quantity * g.unit
		}
	}
	return sum
}
