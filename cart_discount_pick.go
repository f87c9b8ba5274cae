package procura

import (
	"slices"
	"time"
)

// DiscountSource is what choosing a cart's discounts reads: the project's cart discounts, its
// discount codes, and how often a code was applied (by orders), in all and by one customer.
type DiscountSource interface {
	Predicates
	CartDiscounts
	AllCartDiscounts() ([]*CartDiscount, error)
	AllDiscountGroups() ([]*DiscountGroup, error)
	DiscountCodeByID(id string) (*DiscountCode, error)     // nil when there is none
	DiscountCodeByCode(code string) (*DiscountCode, error) // nil when there is none
	Applications(codeID, customerID string) (total, ofCustomer int64, err error)
}

// pickDiscounts chooses the cart discounts that apply to the cart as it is before them (its
// line prices and shipping): active, valid now, of the cart's store, their predicates matching,
// and unlocked by one of the cart's discount codes when they require one; it sets each code's
// state. A cart with direct discounts takes no cart discounts (decision 0030).
func (c *Cart) pickDiscounts(ch Change) error {
	p := &picked{unlocked: map[int][]string{}}
	c.picked = p
	if ch.Discounts == nil || len(c.DirectDiscounts) > 0 {
		return nil
	}
	all, err := ch.Discounts.AllCartDiscounts()
	if err != nil {
		return err
	}
	if p.groups, err = groupsOf(all, ch.Discounts); err != nil {
		return err
	}
	byID := map[string]*CartDiscount{}
	for _, d := range all {
		byID[d.ID] = d
	}
	unlocked := map[string]bool{}
	for i := range c.DiscountCodes {
		info := &c.DiscountCodes[i]
		code, err := ch.Discounts.DiscountCodeByID(info.DiscountCode.ID)
		if err != nil {
			return err
		}
		state, ids, err := c.codeState(code, byID, ch)
		if err != nil {
			return err
		}
		info.State = state
		if state == StateMatchesCart {
			p.unlocked[i] = ids
			for _, id := range ids {
				unlocked[id] = true
			}
		}
	}
	for _, d := range all {
		if d.RequiresDiscountCode && !unlocked[d.ID] {
			continue
		}
		ok, err := c.discountMatches(d, ch)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		a := applicable{discount: d}
		if a.items, err = c.matchingItems(d.Target, ch.Discounts); err != nil {
			return err
		}
		p.discounts = append(p.discounts, a)
	}
	slices.SortStableFunc(p.discounts, func(a, b applicable) int {
		switch {
		case higherSortOrder(a.discount.SortOrder, b.discount.SortOrder):
			return -1
		case higherSortOrder(b.discount.SortOrder, a.discount.SortOrder):
			return 1
		}
		return 0
	})
	return nil
}

// groupsOf are the project's discount groups by id, read only when one of the discounts is in a
// group: a project without grouped discounts (most, and every one without cart discounts) saves
// the read at every pricing.
func groupsOf(discounts []*CartDiscount, src DiscountSource) (map[string]*DiscountGroup, error) {
	out := map[string]*DiscountGroup{}
	if !slices.ContainsFunc(discounts, func(d *CartDiscount) bool { return d.DiscountGroup != nil }) {
		return out, nil
	}
	groups, err := src.AllDiscountGroups()
	if err != nil {
		return nil, err
	}
	for _, g := range groups {
		out[g.ID] = g
	}
	return out, nil
}

// matchingItems are the line items or custom line items (by id) a target's predicate matches;
// nil for the other targets.
func (c *Cart) matchingItems(t *CartDiscountTarget, p Predicates) (map[string]bool, error) {
	if t == nil {
		return nil, nil // a gift line item's
	}
	out := map[string]bool{}
	switch t.itemsTarget() {
	case TargetLineItems:
		for i := range c.LineItems {
			m, err := p.MatchesLineItem(t.Predicate, c, &c.LineItems[i])
			if err != nil {
				return nil, err
			}
			out[c.LineItems[i].ID] = m
		}
	case TargetCustomLineItems:
		for i := range c.CustomLineItems {
			m, err := p.MatchesCustomLineItem(t.Predicate, c, &c.CustomLineItems[i])
			if err != nil {
				return nil, err
			}
			out[c.CustomLineItems[i].ID] = m
		}
	default:
		return nil, nil
	}
	return out, nil
}

// lineIDs and customIDs are the ids of the cart's line items and custom line items.
func (c *Cart) lineIDs() []string {
	return idsOf(c.LineItems, func(li LineItem) string { return li.ID })
}

func (c *Cart) customIDs() []string {
	return idsOf(c.CustomLineItems, func(x CustomLineItem) string { return x.ID })
}

func idsOf[T any](items []T, id func(T) string) []string {
	ids := make([]string, len(items))
	for i, x := range items {
		ids[i] = id(x)
	}
	return ids
}

// discountMatches reports whether a discount applies to the cart, its code aside: active, valid
// now, of the cart's store, of an active discount group if in one, its predicate matching.
func (c *Cart) discountMatches(d *CartDiscount, ch Change) (bool, error) {
	if !d.IsActive || !d.ValidAt(ch.Now) || !d.InStore(c.storeKey()) || d.checkGiftTarget() != nil {
		return false, nil
	}
	if g := d.DiscountGroup; g != nil && (c.picked.groups[g.ID] == nil || !c.picked.groups[g.ID].IsActive) {
		return false, nil // a discount of a deleted or inactive group
	}
	return ch.Discounts.Matches(d.CartPredicate, c)
}

func (c *Cart) storeKey() string {
	if c.Store == nil {
		return ""
	}
	return c.Store.Key
}

// codeState is the state of a discount code on the cart, and the discounts it unlocks when it
// matches: a code that is gone or inactive, or whose discounts are all inactive, is NotActive;
// one outside its validity, or whose active discounts all are, NotValid; one applied as often as
// it may be (in all, or by the cart's customer), MaxApplicationReached; one whose predicate, or
// every one of whose discounts, does not match the cart, DoesNotMatchCart.
func (c *Cart) codeState(code *DiscountCode, byID map[string]*CartDiscount, ch Change) (string, []string, error) {
	if code == nil || !code.IsActive {
		return StateNotActive, nil, nil
	}
	if !code.ValidAt(ch.Now) {
		return StateNotValid, nil, nil
	}
	var active []*CartDiscount
	for _, r := range code.CartDiscounts {
		if d := byID[r.ID]; d != nil && d.IsActive {
			active = append(active, d)
		}
	}
	if len(active) == 0 {
		return StateNotActive, nil, nil
	}
	if !slices.ContainsFunc(active, func(d *CartDiscount) bool { return d.ValidAt(ch.Now) }) {
		return StateNotValid, nil, nil
	}
	if reached, err := c.codeUsedUp(code, ch.Discounts); reached || err != nil {
		return StateMaxApplicationReached, nil, err
	}
	if code.CartPredicate != "" {
		ok, err := ch.Discounts.Matches(code.CartPredicate, c)
		if err != nil || !ok {
			return StateDoesNotMatchCart, nil, err
		}
	}
	var ids []string
	for _, d := range active {
		ok, err := c.discountMatches(d, ch)
		if err != nil {
			return "", nil, err
		}
		if ok {
			ids = append(ids, d.ID)
		}
	}
	if len(ids) == 0 {
		return StateDoesNotMatchCart, nil, nil
	}
	return StateMatchesCart, ids, nil
}

// codeUsedUp reports whether a code was applied as often as it may be: maxApplications orders
// in all, or maxApplicationsPerCustomer orders of the cart's customer (a cart without a customer
// cannot use a code limited per customer).
func (c *Cart) codeUsedUp(code *DiscountCode, src DiscountSource) (bool, error) {
	if code.MaxApplications == nil && code.MaxApplicationsPerCustomer == nil {
		return false, nil
	}
	if code.MaxApplicationsPerCustomer != nil && c.CustomerID == "" {
		return true, nil
	}
	total, mine, err := src.Applications(code.ID, c.CustomerID)
	if err != nil {
		return false, err
	}
	return (code.MaxApplications != nil && total >= *code.MaxApplications) ||
		(code.MaxApplicationsPerCustomer != nil && mine >= *code.MaxApplicationsPerCustomer), nil
}

// addDiscountCode adds a discount code by its code. A cart with direct discounts (a quote's)
// takes no codes, as the seeds say; a code that does not exist, is inactive, outside its
// validity or used up is not applicable. Its state is decided when the cart is priced.
func (c *Cart) addDiscountCode(code string, ch Change) error {
	if code == "" {
		return RequiredField("code")
	}
	if len(c.DirectDiscounts) > 0 {
		return InvalidOperation("The cart has direct discounts (a quote's prices): discount codes cannot be added to it.")
	}
	if ch.Discounts == nil {
		return InvalidOperation("Discount codes cannot be added here.")
	}
	dc, err := ch.Discounts.DiscountCodeByCode(code)
	if err != nil {
		return err
	}
	if dc == nil {
		return DiscountCodeNonApplicable(code, "DoesNotExist", "The discount code '%s' does not exist.", code)
	}
	for _, info := range c.DiscountCodes {
		if info.DiscountCode.ID == dc.ID {
			return InvalidOperation("The cart already has the discount code '%s'.", code)
		}
	}
	if len(c.DiscountCodes) >= MaxDiscountCodesInCart {
		return LimitExceeded("cart", "A cart has at most %d discount codes.", MaxDiscountCodesInCart)
	}
	switch {
	case !dc.IsActive:
		return DiscountCodeNonApplicable(code, StateNotActive, "The discount code '%s' is not active.", code)
	case !dc.ValidAt(ch.Now):
		return DiscountCodeNonApplicable(code, "TimeRangeNonApplicable", "The discount code '%s' is not valid at %s.", code, ch.Now.UTC().Format(time.RFC3339))
	}
	if reached, err := c.codeUsedUp(dc, ch.Discounts); err != nil {
		return err
	} else if reached {
		return DiscountCodeNonApplicable(code, StateMaxApplicationReached, "The discount code '%s' was applied as often as it may be.", code)
	}
	c.DiscountCodes = append(c.DiscountCodes, DiscountCodeInfo{DiscountCode: Reference{TypeID: TypeDiscountCode, ID: dc.ID}, State: StateMatchesCart})
	return nil
}

// removeDiscountCode removes a discount code from the cart.
func (c *Cart) removeDiscountCode(ref *Reference) error {
	if ref == nil || ref.ID == "" {
		return RequiredField("discountCode")
	}
	for i, info := range c.DiscountCodes {
		if info.DiscountCode.ID == ref.ID {
			c.DiscountCodes = slices.Delete(c.DiscountCodes, i, i+1)
			return nil
		}
	}
	return InvalidInput("The cart has no discount code '%s'.", ref.ID)
}

// AppliedCodes are the discount codes an order made from the cart applies: those that match it
// and whose discounts took something off.
func (c *Cart) AppliedCodes() []string {
	var ids []string
	for _, info := range c.DiscountCodes {
		if info.State == StateMatchesCart {
			ids = append(ids, info.DiscountCode.ID)
		}
	}
	return ids
}

// codesApply refuses to order a cart with a discount code that does not apply to it (any state
// but MatchesCart), as the reference does: the buyer removes it or changes the cart first.
func (c *Cart) codesApply() error {
	for _, info := range c.DiscountCodes {
		if info.State != StateMatchesCart {
			return DiscountCodeNonApplicable(info.DiscountCode.ID, info.State,
				"The discount code '%s' does not apply to the cart (%s): remove it to order.", info.DiscountCode.ID, info.State)
		}
	}
	return nil
}
