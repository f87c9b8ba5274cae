package procura

// The order's actions on its custom line items (their workflow states and custom fields) and its
// move to another business unit. order.go dispatches to applyCustomLineItem.

// orderItemFields are the fields of the actions of this file.
type orderItemFields struct {
	CustomLineItemID  string              `json:"customLineItemId"`
	CustomLineItemKey string              `json:"customLineItemKey"`
	BusinessUnit      *ResourceIdentifier `json:"businessUnit"`
}

// orderCustomLineItemActions are the actions of this file and their fields.
var orderCustomLineItemActions = ActionFields{
	"transitionCustomLineItemState": {"customLineItemId", "customLineItemKey", "quantity", "fromState", "toState", "actualTransitionDate"},
	"importCustomLineItemState":     {"customLineItemId", "customLineItemKey", "state"},
	"setCustomLineItemCustomType":   {"customLineItemId", "customLineItemKey", "type", "fields"},
	"setCustomLineItemCustomField":  {"customLineItemId", "customLineItemKey", "name", "value"},
	"setBusinessUnit":               {"businessUnit"},
}

// applyCustomLineItem applies the actions of this file; handled reports whether a was one.
func (o *Order) applyCustomLineItem(a orderAction, c Change) (handled bool, err error) {
	if _, ok := orderCustomLineItemActions[a.Action]; !ok {
		return false, nil
	}
	if a.Action == "setBusinessUnit" {
		return true, o.setBusinessUnit(a.BusinessUnit, c)
	}
	x, _, err := customLineItemIn(o.CustomLineItems, a.CustomLineItemID, a.CustomLineItemKey)
	if err != nil {
		return true, err
	}
	it := stateItem{x.ID, x.Quantity, &x.State}
	switch a.Action {
	case "transitionCustomLineItemState":
		return true, transitionItemState(it, a, c)
	case "importCustomLineItemState":
		return true, importItemState(it, a, c)
	}
	return true, a.customAction.applyToCustomLineItem(a.Action, x)
}

// setBusinessUnit moves the order to another unit, as its cart could have been placed there: the
// unit is Active, the order's customer one of its associates and its store one of the unit's
// (CheckPlacement). Without a unit the order leaves its unit. An order whose approval flow is
// still Pending stays: its approvers are the unit's (decision 0035).
func (o *Order) setBusinessUnit(ri *ResourceIdentifier, c Change) error {
	if o.ApprovalStatus == FlowPending {
		return InvalidOperation("The order awaits approval in business unit '%s': it moves once the approval flow is settled.", o.BusinessUnit.Key)
	}
	if ri == nil {
		o.BusinessUnit = nil
		return nil
	}
	if err := ri.Check("businessUnit", TypeBusinessUnit); err != nil {
		return err
	}
	u, err := c.Lookup.Unit("businessUnit", *ri)
	if err != nil {
		return err
	}
	if err := CheckPlacement(u, o.CustomerID, o.Store, c.Lookup); err != nil {
		return err
	}
	o.BusinessUnit = &KeyReference{TypeID: TypeBusinessUnit, Key: u.Key}
	return nil
}
