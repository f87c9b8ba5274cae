package procura

import "encoding/json"

// A cart draft's and addLineItem's fields that do what an update action does are open only to
// the callers of that action (policy.go): a customer's own draft takes no custom line items, no
// customer group and no seller's prices, as the reference's MyCartDraft and MyLineItemDraft
// lack them.

// lineItemFieldActions maps the fields of a line item draft to the action whose callers may give them.
var lineItemFieldActions = []struct{ field, action string }{
	{"externalPrice", "setLineItemPrice"}, {"externalTotalPrice", "setLineItemTotalPrice"}, {"inventoryMode", "setLineItemInventoryMode"},
}

// fieldAllowed refuses field when a caller of kind k may not use action on carts.
func fieldAllowed(k ActorKind, field, action string) error {
	callers, ok := ActionCallers(TypeCart, action)
	if !ok || callers.Has(k) {
		return nil
	}
	if k == AsMe || k == AsAnonymous {
		return shapeError(field, "not a field of a cart draft of /me (who may give it: "+callers.String()+")")
	}
	return InvalidOperation("%s of a cart is not for a %s (who may give it: %s).", field, k, callers)
}

// lineItemDraftAllowed checks the fields of one line item draft.
func lineItemDraftAllowed(k ActorKind, field string, d LineItemDraft) error {
	given := map[string]bool{"externalPrice": d.ExternalPrice != nil, "externalTotalPrice": d.ExternalTotalPrice != nil,
		"inventoryMode": d.InventoryMode != ""}
	for _, f := range lineItemFieldActions {
		if given[f.field] {
			if err := fieldAllowed(k, field+f.field, f.action); err != nil {
				return err
			}
		}
	}
	return nil
}

// CartDraftAllowed refuses the fields of d a caller of kind k may not give.
func CartDraftAllowed(k ActorKind, d CartDraft) error {
	if len(d.CustomLineItems) > 0 {
		if err := fieldAllowed(k, "customLineItems", "addCustomLineItem"); err != nil {
			return err
		}
	}
	if d.CustomerGroup != nil {
		if err := fieldAllowed(k, "customerGroup", "setCustomerGroup"); err != nil {
			return err
		}
	}
	for i := range d.ItemShippingAddresses {
		if err := AddressCustomAllowed(k, TypeCart, "setItemShippingAddressCustomType", "itemShippingAddresses", &d.ItemShippingAddresses[i]); err != nil {
			return err
		}
	}
	for _, li := range d.LineItems {
		if err := lineItemDraftAllowed(k, "lineItems.", li); err != nil {
			return err
		}
	}
	return CartShippingDraftAllowed(k, d.CartShippingDraft)
}

// CartActionAllowed refuses the fields of an addLineItem a caller of kind k may not give.
func CartActionAllowed(k ActorKind, raw json.RawMessage) error {
	if ActionName(raw) != "addLineItem" {
		return nil
	}
	var d LineItemDraft
	if json.Unmarshal(raw, &d) != nil {
		return nil // the action reports its own bad input
	}
	return lineItemDraftAllowed(k, "actions.", d)
}
