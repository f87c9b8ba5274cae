package procura

import "strings"

// nestedCustomActions set the custom fields of a cart's or an order's line items and of its
// shipping and billing addresses.
var nestedCustomActions = ActionFields{
	"setLineItemCustomType":         {"lineItemId", "lineItemKey", "type", "fields"},
	"setLineItemCustomField":        {"lineItemId", "lineItemKey", "name", "value"},
	"setShippingAddressCustomType":  {"type", "fields"},
	"setShippingAddressCustomField": {"name", "value"},
	"setBillingAddressCustomType":   {"type", "fields"},
	"setBillingAddressCustomField":  {"name", "value"},
}

// applyNested applies one of nestedCustomActions to the line item (by id or key) or the address
// it names; handled reports whether action was one of them.
func (a customAction) applyNested(action, lineItemID, lineItemKey string, items []LineItem, shipping, billing *Address) (handled bool, err error) {
	if _, ok := nestedCustomActions[action]; !ok {
		return false, nil
	}
	var custom **CustomFields
	part, which, _ := strings.Cut(strings.TrimPrefix(action, "set"), "Custom")
	switch part {
	case "LineItem":
		i := lineItemIndex(items, lineItemID, lineItemKey)
		if i < 0 {
			return true, lineItemNotFound(lineItemID, lineItemKey)
		}
		custom = &items[i].Custom
	case "ShippingAddress", "BillingAddress":
		addr := shipping
		if part == "BillingAddress" {
			addr = billing
		}
		if addr == nil {
			return true, InvalidOperation("There is no %s to give custom fields.", strings.ToLower(part[:1])+part[1:])
		}
		custom = &addr.Custom
	}
	return true, a.apply("setCustom"+which, custom)
}

// lineItemIndex finds a line item by id, else by key; -1 when neither names one.
func lineItemIndex(items []LineItem, id, key string) int {
	for i, li := range items {
		if id != "" && li.ID == id || id == "" && key != "" && li.Key == key {
			return i
		}
	}
	return -1
}

func lineItemNotFound(id, key string) error {
	if id == "" && key == "" {
		return RequiredField("lineItemId")
	}
	if id == "" {
		return InvalidInput("There is no line item with the key '%s'.", key)
	}
	return InvalidInput("There is no line item '%s'.", id)
}
