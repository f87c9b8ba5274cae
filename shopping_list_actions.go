package procura

import (
	"encoding/json"
	"strings"
)

type shoppingListAction struct {
	Action            string              `json:"action"`
	ProductID         string              `json:"productId"`
	VariantID         int                 `json:"variantId"`
	SKU               string              `json:"sku"`
	Key               *string             `json:"key"`
	Quantity          *int64              `json:"quantity"`
	AddedAt           string              `json:"addedAt"`
	LineItemID        string              `json:"lineItemId"`
	LineItemKey       string              `json:"lineItemKey"`
	TextLineItemID    string              `json:"textLineItemId"`
	TextLineItemKey   string              `json:"textLineItemKey"`
	LineItemOrder     []string            `json:"lineItemOrder"`
	TextLineItemOrder []string            `json:"textLineItemOrder"`
	Name              json.RawMessage     `json:"name"` // a LocalizedString, or a custom field's name
	Description       LocalizedString     `json:"description"`
	Slug              LocalizedString     `json:"slug"`
	Customer          *ResourceIdentifier `json:"customer"`
	AnonymousID       *string             `json:"anonymousId"`
	Store             *ResourceIdentifier `json:"store"`
	BusinessUnit      *ResourceIdentifier `json:"businessUnit"`
	DeleteDays        *int                `json:"deleteDaysAfterLastModification"`
	Custom            *CustomFieldsDraft  `json:"custom"`
	Type              *ResourceIdentifier `json:"type"`
	Fields            map[string]any      `json:"fields"`
	Value             any                 `json:"value"`
}

// Apply applies one shopping-list update action. Errors: InvalidInput, InvalidField,
// RequiredField, InvalidOperation, DuplicateField, ReferencedResourceNotFound,
// MaxResourceLimitExceeded, InvalidJsonInput.
func (s *ShoppingList) Apply(raw json.RawMessage, c Change) error {
	var a shoppingListAction
	if err := DecodeAction(raw, &a, shoppingListActions); err != nil {
		return err
	}
	switch a.Action {
	case "addLineItem":
		return s.addLineItem(ShoppingListLineItemDraft{Key: deref(a.Key), ProductID: a.ProductID, VariantID: a.VariantID, SKU: a.SKU,
			Quantity: a.Quantity, AddedAt: a.AddedAt, Custom: a.Custom}, c)
	case "addTextLineItem":
		name, err := a.localizedName()
		if err != nil {
			return err
		}
		return s.addTextLineItem(TextLineItemDraft{Key: deref(a.Key), Name: name, Description: a.Description, Quantity: a.Quantity,
			AddedAt: a.AddedAt, Custom: a.Custom}, c)
	case "removeLineItem", "changeLineItemQuantity":
		i, err := s.lineItem(a.LineItemID, a.LineItemKey)
		if err != nil {
			return err
		}
		s.LineItems, err = changeQuantity(s.LineItems, i, a, &s.LineItems[i].Quantity)
		return err
	case "removeTextLineItem", "changeTextLineItemQuantity":
		i, err := s.textLineItem(a.TextLineItemID, a.TextLineItemKey)
		if err != nil {
			return err
		}
		s.TextLineItems, err = changeQuantity(s.TextLineItems, i, a, &s.TextLineItems[i].Quantity)
		return err
	case "changeLineItemsOrder":
		return reorder(s.LineItems, a.LineItemOrder, "lineItemOrder", func(li ShoppingListLineItem) string { return li.ID })
	case "changeTextLineItemsOrder":
		return reorder(s.TextLineItems, a.TextLineItemOrder, "textLineItemOrder", func(t TextLineItem) string { return t.ID })
	case "changeTextLineItemName":
		i, err := s.textLineItem(a.TextLineItemID, a.TextLineItemKey)
		if err != nil {
			return err
		}
		name, err := a.localizedName()
		if err == nil {
			s.TextLineItems[i].Name = name
		}
		return err
	case "setTextLineItemDescription":
		i, err := s.textLineItem(a.TextLineItemID, a.TextLineItemKey)
		if err == nil {
			s.TextLineItems[i].Description = a.Description
		}
		return err
	case "changeName":
		name, err := a.localizedName()
		if err == nil {
			s.Name = name
		}
		return err
	case "setDescription":
		s.Description = a.Description
	case "setKey":
		return setKey(&s.Key, a.Key)
	case "setSlug":
		return s.setSlug(a.Slug)
	case "setDeleteDaysAfterLastModification":
		return s.setDeleteDays(a.DeleteDays)
	case "setCustomer":
		return s.setCustomer(a.Customer, c.Lookup)
	case "setAnonymousId":
		if err := CheckAnonymousID("anonymousId", deref(a.AnonymousID)); err != nil {
			return err
		}
		if deref(a.AnonymousID) != "" && s.BusinessUnit != nil {
			return anonymousListInUnit()
		}
		s.AnonymousID = deref(a.AnonymousID)
	case "setStore":
		if err := s.setStore(a.Store, c.Lookup); err != nil {
			return err
		}
		return s.checkUnit(c.Lookup, false, true)
	case "setBusinessUnit":
		if s.AnonymousID != "" && s.Customer == nil {
			return anonymousListInUnit()
		}
		if a.BusinessUnit == nil {
			return RequiredField("businessUnit")
		}
		return s.setUnit(a.BusinessUnit, c.Lookup)
	default:
		return s.applyCustom(a)
	}
	return nil
}

// applyCustom applies the actions that set custom fields: the list's, a line item's, a text line
// item's.
func (s *ShoppingList) applyCustom(a shoppingListAction) error {
	custom := customAction{Type: a.Type, Fields: a.Fields, Value: a.Value}
	if len(a.Name) > 0 {
		if err := json.Unmarshal(a.Name, &custom.Name); err != nil {
			return shapeError("actions.name", "expected a string")
		}
	}
	at := strings.LastIndex(a.Action, "Custom")
	if at < 0 {
		return UnknownAction(a.Action)
	}
	var target **CustomFields
	switch a.Action[:at] {
	case "set":
		target = &s.Custom
	case "setLineItem":
		i, err := s.lineItem(a.LineItemID, a.LineItemKey)
		if err != nil {
			return err
		}
		target = &s.LineItems[i].Custom
	case "setTextLineItem":
		i, err := s.textLineItem(a.TextLineItemID, a.TextLineItemKey)
		if err != nil {
			return err
		}
		target = &s.TextLineItems[i].Custom
	default:
		return UnknownAction(a.Action)
	}
	return custom.apply("set"+a.Action[at:], target) // setCustomType or setCustomField
}

// localizedName decodes the action's name as a non-empty LocalizedString.
func (a shoppingListAction) localizedName() (LocalizedString, error) {
	if len(a.Name) == 0 || string(a.Name) == "null" {
		return nil, RequiredField("name")
	}
	var name LocalizedString
	if err := json.Unmarshal(a.Name, &name); err != nil {
		return nil, shapeError("actions.name", "expected a LocalizedString")
	}
	if len(name) == 0 {
		return nil, RequiredField("name")
	}
	return name, nil
}

// setCustomer sets the list's customer (nil: none) and checks it against the list's unit.
func (s *ShoppingList) setCustomer(ri *ResourceIdentifier, l Lookup) error {
	if ri == nil {
		s.Customer = nil
		return nil
	}
	if err := ri.Check("customer", TypeCustomer); err != nil {
		return err
	}
	ref, err := l.Customer("customer", *ri)
	if err != nil {
		return err
	}
	s.Customer = &ref
	return s.checkUnit(l, true, false)
}

// changeQuantity applies removeLineItem / changeLineItemQuantity (and their text twins) to item i
// of items, whose quantity q points to: removing without a quantity, or down to zero, removes it;
// a quantity of 0 set removes it too, as the reference does.
func changeQuantity[T any](items []T, i int, a shoppingListAction, q *int64) ([]T, error) {
	remove := func() []T { return append(items[:i], items[i+1:]...) }
	if strings.HasPrefix(a.Action, "remove") {
		switch {
		case a.Quantity == nil || *a.Quantity >= *q:
			return remove(), nil
		case *a.Quantity < 1:
			return items, InvalidInput("quantity must be at least 1; it is %d.", *a.Quantity)
		}
		*q -= *a.Quantity
		return items, nil
	}
	switch {
	case a.Quantity == nil:
		return items, RequiredField("quantity")
	case *a.Quantity == 0:
		return remove(), nil
	}
	if err := CheckQuantity("quantity", *a.Quantity); err != nil {
		return items, err
	}
	*q = *a.Quantity
	return items, nil
}

// reorder puts items in the order of ids, which must name each of them exactly once.
func reorder[T any](items []T, ids []string, field string, id func(T) string) error {
	if len(ids) != len(items) {
		return InvalidInput("%s must name each of the %d items of the list exactly once; it names %d.", field, len(items), len(ids))
	}
	byID := make(map[string]T, len(items))
	for _, it := range items {
		byID[id(it)] = it
	}
	out := make([]T, 0, len(items))
	for _, x := range ids {
		it, ok := byID[x]
		if !ok {
			return InvalidInput("%s names '%s', which is not an item of the list, or names it twice.", field, x)
		}
		delete(byID, x)
		out = append(out, it)
	}
	copy(items, out)
	return nil
}

// lineItem finds a line item by id, else by key.
func (s *ShoppingList) lineItem(id, key string) (int, error) {
	for i, li := range s.LineItems {
		if id != "" && li.ID == id || id == "" && key != "" && li.Key == key {
			return i, nil
		}
	}
	return -1, lineItemNotFound(id, key)
}

// textLineItem finds a text line item by id, else by key.
func (s *ShoppingList) textLineItem(id, key string) (int, error) {
	for i, t := range s.TextLineItems {
		if id != "" && t.ID == id || id == "" && key != "" && t.Key == key {
			return i, nil
		}
	}
	switch {
	case id == "" && key == "":
		return -1, RequiredField("textLineItemId")
	case id == "":
		return -1, InvalidInput("There is no text line item with the key '%s'.", key)
	}
	return -1, InvalidInput("There is no text line item '%s'.", id)
}

// shoppingListActions are the shopping-list update actions and their fields, all of the
// reference's.
var shoppingListActions = withCustom(ActionFields{
	"addLineItem":                        {"productId", "variantId", "sku", "key", "quantity", "addedAt", "custom"},
	"removeLineItem":                     {"lineItemId", "lineItemKey", "quantity"},
	"changeLineItemQuantity":             {"lineItemId", "lineItemKey", "quantity"},
	"changeLineItemsOrder":               {"lineItemOrder"},
	"addTextLineItem":                    {"name", "description", "key", "quantity", "addedAt", "custom"},
	"removeTextLineItem":                 {"textLineItemId", "textLineItemKey", "quantity"},
	"changeTextLineItemQuantity":         {"textLineItemId", "textLineItemKey", "quantity"},
	"changeTextLineItemName":             {"textLineItemId", "textLineItemKey", "name"},
	"changeTextLineItemsOrder":           {"textLineItemOrder"},
	"setTextLineItemDescription":         {"textLineItemId", "textLineItemKey", "description"},
	"setLineItemCustomType":              {"lineItemId", "lineItemKey", "type", "fields"},
	"setLineItemCustomField":             {"lineItemId", "lineItemKey", "name", "value"},
	"setTextLineItemCustomType":          {"textLineItemId", "textLineItemKey", "type", "fields"},
	"setTextLineItemCustomField":         {"textLineItemId", "textLineItemKey", "name", "value"},
	"changeName":                         {"name"},
	"setDescription":                     {"description"},
	"setKey":                             {"key"},
	"setSlug":                            {"slug"},
	"setCustomer":                        {"customer"},
	"setAnonymousId":                     {"anonymousId"},
	"setStore":                           {"store"},
	"setBusinessUnit":                    {"businessUnit"},
	"setDeleteDaysAfterLastModification": {"deleteDaysAfterLastModification"},
})

// myShoppingListActions are the actions of the reference's MyShoppingList (/me): no key, slug,
// customer, anonymous session, store or unit.
var myShoppingListActions = []string{"addLineItem", "removeLineItem", "changeLineItemQuantity", "changeLineItemsOrder",
	"addTextLineItem", "removeTextLineItem", "changeTextLineItemQuantity", "changeTextLineItemName", "changeTextLineItemsOrder",
	"setTextLineItemDescription", "setLineItemCustomType", "setLineItemCustomField", "setTextLineItemCustomType",
	"setTextLineItemCustomField", "changeName", "setDescription", "setDeleteDaysAfterLastModification", "setCustomType", "setCustomField"}
