package procura

import "encoding/json"

// This file holds what a cart says of the recurring order it may become: the recurrence info of
// its line items and custom line items, and the actions that set it.

// RecurrenceInfo names the recurrence policy a line item is ordered again by; a line item's also
// says how its price is chosen in the orders to come (PriceSelectionMode).
type RecurrenceInfo struct {
	RecurrencePolicy   Reference `json:"recurrencePolicy"`
	PriceSelectionMode string    `json:"priceSelectionMode,omitempty"`
}

// RecurrenceInfoDraft sets a RecurrenceInfo.
type RecurrenceInfoDraft struct {
	RecurrencePolicy   *ResourceIdentifier `json:"recurrencePolicy"`
	PriceSelectionMode string              `json:"priceSelectionMode,omitempty"`
}

// The price selection modes: Fixed keeps the price a line item had when its recurring order was
// made; Dynamic prices every order anew.
const (
	PriceFixed   = "Fixed"
	PriceDynamic = "Dynamic"
)

// RecurrencePolicies finds the recurrence policy a resource identifier names
// (ReferencedResourceNotFound when there is none).
type RecurrencePolicies interface {
	RecurrencePolicy(field string, ri ResourceIdentifier) (*RecurrencePolicy, error)
}

// recurrenceInfo resolves a draft: a line item's needs its price selection mode, a custom line
// item's has none (its money is what the seller set).
func recurrenceInfo(field string, d *RecurrenceInfoDraft, policies RecurrencePolicies, line bool) (*RecurrenceInfo, error) {
	if d == nil {
		return nil, nil
	}
	if err := d.RecurrencePolicy.Check(field+".recurrencePolicy", TypeRecurrencePolicy); err != nil {
		return nil, err
	}
	switch {
	case line:
		if err := checkOneOf(field+".priceSelectionMode", d.PriceSelectionMode, PriceFixed, PriceDynamic); err != nil {
			return nil, err
		}
	case d.PriceSelectionMode != "":
		return nil, InvalidInput("%s: a custom line item's recurrence info has no priceSelectionMode.", field)
	}
	if policies == nil {
		return nil, ReferencedNotFound(TypeRecurrencePolicy, d.RecurrencePolicy.ID, d.RecurrencePolicy.Key)
	}
	p, err := policies.RecurrencePolicy(field+".recurrencePolicy", *d.RecurrencePolicy)
	if err != nil {
		return nil, err
	}
	return &RecurrenceInfo{RecurrencePolicy: Reference{TypeID: TypeRecurrencePolicy, ID: p.ID}, PriceSelectionMode: d.PriceSelectionMode}, nil
}

// sameRecurrence reports whether two line items recur alike (and so may be merged).
func sameRecurrence(a, b *RecurrenceInfo) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

type cartRecurrenceAction struct {
	Action            string               `json:"action"`
	LineItemID        string               `json:"lineItemId"`
	LineItemKey       string               `json:"lineItemKey"`
	CustomLineItemID  string               `json:"customLineItemId"`
	CustomLineItemKey string               `json:"customLineItemKey"`
	RecurrenceInfo    *RecurrenceInfoDraft `json:"recurrenceInfo"`
}

// cartRecurrenceActions are the actions of this file and their fields.
var cartRecurrenceActions = ActionFields{
	"setLineItemRecurrenceInfo":       {"lineItemId", "lineItemKey", "recurrenceInfo"},
	"setCustomLineItemRecurrenceInfo": {"customLineItemId", "customLineItemKey", "recurrenceInfo"},
}

// applyRecurrence applies setLineItemRecurrenceInfo or setCustomLineItemRecurrenceInfo (no
// recurrence info: the item is ordered once); handled reports whether raw was one of them.
func (c *Cart) applyRecurrence(raw json.RawMessage, ch Change) (handled bool, err error) {
	if _, ok := cartRecurrenceActions[ActionName(raw)]; !ok {
		return false, nil
	}
	var a cartRecurrenceAction
	if err := DecodeAction(raw, &a, cartRecurrenceActions); err != nil {
		return true, err
	}
	if c.CartState != CartActive {
		return true, InvalidOperation("The cart is %s: only an Active cart changes its recurrence.", c.CartState)
	}
	line := a.Action == "setLineItemRecurrenceInfo"
	info, err := recurrenceInfo("recurrenceInfo", a.RecurrenceInfo, ch.Policies, line)
	if err != nil {
		return true, err
	}
	if !line {
		cl, _, err := c.customLineItem(a.CustomLineItemID, a.CustomLineItemKey)
		if err == nil {
			cl.RecurrenceInfo = info
		}
		return true, err
	}
	if a.LineItemID == "" && a.LineItemKey == "" {
		return true, RequiredField("lineItemId")
	}
	li, err := c.lineItemByIDOrKey(a.LineItemID, a.LineItemKey)
	if err == nil {
		li.RecurrenceInfo = info
	}
	return true, err
}

// CartRecurrence returns the one recurrence policy (its id) the cart's recurring items name,
// and whether every item of the cart recurs. No item recurring: "".
func CartRecurrence(c *Cart) (policyID string, all bool, err error) {
	all = true
	note := func(info *RecurrenceInfo) error {
		if info == nil {
			all = false
			return nil
		}
		if policyID != "" && info.RecurrencePolicy.ID != policyID {
			return InvalidOperation("The cart's items recur by different recurrence policies ('%s' and '%s'): a recurring order follows one.", policyID, info.RecurrencePolicy.ID)
		}
		policyID = info.RecurrencePolicy.ID
		return nil
	}
	for i := range c.LineItems {
		if err := note(c.LineItems[i].RecurrenceInfo); err != nil {
			return "", false, err
		}
	}
	for i := range c.CustomLineItems {
		if err := note(c.CustomLineItems[i].RecurrenceInfo); err != nil {
			return "", false, err
		}
	}
	return policyID, all, nil
}

// KeepRecurring turns the draft of a replica of src (its line items and custom line items in
// src's order) into the draft of a recurring order's cart: only the items that recur, a Fixed
// line at the price it has in src, the others at today's. A template keeps their recurrence
// info; the cart of an order placed from it does not (that order recurs no further).
func KeepRecurring(d *CartDraft, src *Cart, template bool) {
	var lines []LineItemDraft
	for i, li := range src.LineItems {
		info := li.RecurrenceInfo
		if info == nil || i >= len(d.LineItems) {
			continue
		}
		ld := d.LineItems[i]
		if info.PriceSelectionMode == PriceFixed {
			v := li.Price.Value.CentAmount
			ld.ExternalPrice = &MoneyDraft{CurrencyCode: li.Price.Value.CurrencyCode, CentAmount: &v}
		}
		if template {
			ld.RecurrenceInfo = &RecurrenceInfoDraft{RecurrencePolicy: &ResourceIdentifier{ID: info.RecurrencePolicy.ID}, PriceSelectionMode: info.PriceSelectionMode}
		}
		lines = append(lines, ld)
	}
	var custom []CustomLineItemDraft
	for i, cl := range src.CustomLineItems {
		if cl.RecurrenceInfo != nil && i < len(d.CustomLineItems) {
			custom = append(custom, d.CustomLineItems[i])
		}
	}
	d.LineItems, d.CustomLineItems = lines, custom
}

// KeepCustomRecurrence gives a template's custom line items the recurrence info of the src items
// they were made from (KeepRecurring kept them in order).
func KeepCustomRecurrence(tmpl, src *Cart) {
	j := 0
	for _, cl := range src.CustomLineItems {
		if cl.RecurrenceInfo != nil && j < len(tmpl.CustomLineItems) {
			tmpl.CustomLineItems[j].RecurrenceInfo = cl.RecurrenceInfo
			j++
		}
	}
}
