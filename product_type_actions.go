package procura

import (
	"encoding/json"
	"slices"
)

type productTypeAction struct {
	Action           string                    `json:"action"`
	Key              *string                   `json:"key"`
	Name             string                    `json:"name"`
	Description      *string                   `json:"description"`
	Attribute        *AttributeDefinitionDraft `json:"attribute"`
	AttributeName    string                    `json:"attributeName"`
	NewAttributeName string                    `json:"newAttributeName"`
	Label            LocalizedString           `json:"label"`
	InputTip         LocalizedString           `json:"inputTip"`
	NewValue         json.RawMessage           `json:"newValue"`
	IsSearchable     *bool                     `json:"isSearchable"`
	Value            *EnumValue                `json:"value"`
	Values           []EnumValue               `json:"values"`
	Keys             []string                  `json:"keys"`
	NewKey           string                    `json:"newKey"`
	Attributes       []AttributeDefinition     `json:"attributes"`
	AttributeNames   []string                  `json:"attributeNames"`
}

// Apply applies one product type update action. used says whether products have the type: a
// required attribute cannot then be added, as they lack it. The changes the type's products must
// follow are collected in t.Followed.
func (t *ProductType) Apply(raw json.RawMessage, used bool) error {
	var a productTypeAction
	if err := DecodeAction(raw, &a, productTypeActions); err != nil {
		return err
	}
	switch a.Action {
	case "setKey":
		return setKey(&t.Key, a.Key)
	case "changeName":
		if a.Name == "" {
			return RequiredField("name")
		}
		t.Name = a.Name
		return nil
	case "changeDescription":
		if a.Description == nil {
			return RequiredField("description")
		}
		t.Description = *a.Description
		return nil
	case "addAttributeDefinition":
		if a.Attribute == nil {
			return RequiredField("attribute")
		}
		if used && deref(a.Attribute.IsRequired) {
			return InvalidOperation("The product type has products, which lack the new required attribute '%s': add it as not required.", a.Attribute.Name)
		}
		return t.addDefinition(*a.Attribute)
	case "removeAttributeDefinition":
		i := slices.IndexFunc(t.Attributes, func(d AttributeDefinition) bool { return d.Name == a.Name })
		if i < 0 {
			return attributeNotFound(a.Name)
		}
		t.Attributes = slices.Delete(t.Attributes, i, i+1)
		t.Followed.Steps = append(t.Followed.Steps, TypeStep{Name: a.Name})
		t.Followed.Any = true
		return nil
	case "changeAttributeOrder", "changeAttributeOrderByName":
		names := a.AttributeNames
		if a.Action == "changeAttributeOrder" {
			names = nil
			for _, d := range a.Attributes {
				names = append(names, d.Name)
			}
		}
		return t.reorder(names)
	}
	d := t.Definition(a.AttributeName)
	if d == nil {
		if a.AttributeName == "" {
			return RequiredField("attributeName")
		}
		return attributeNotFound(a.AttributeName)
	}
	return t.applyToDefinition(d, a)
}

// applyToDefinition applies an action that names one attribute definition.
func (t *ProductType) applyToDefinition(d *AttributeDefinition, a productTypeAction) error {
	switch a.Action {
	case "changeLabel":
		if len(a.Label) == 0 {
			return RequiredField("label")
		}
		d.Label = a.Label
	case "setInputTip":
		d.InputTip = a.InputTip
	case "changeIsSearchable":
		if a.IsSearchable == nil {
			return RequiredField("isSearchable")
		}
		d.IsSearchable = *a.IsSearchable
	case "changeInputHint":
		var hint string
		if err := json.Unmarshal(a.NewValue, &hint); err != nil || !slices.Contains(inputHints, hint) {
			return InvalidField("newValue", string(a.NewValue), inputHints...)
		}
		d.InputHint = hint
	case "changeAttributeConstraint":
		var c string
		if err := json.Unmarshal(a.NewValue, &c); err != nil || !slices.Contains(attributeConstraints, c) {
			return InvalidField("newValue", string(a.NewValue), attributeConstraints...)
		}
		// As the reference: a constraint may only be lifted, which no product can break.
		if c != d.AttributeConstraint && c != "None" {
			return InvalidOperation("The constraint of '%s' may only change from %s to None.", d.Name, d.AttributeConstraint)
		}
		d.AttributeConstraint = c
	case "changeAttributeName":
		if !attributeNamePattern.MatchString(a.NewAttributeName) {
			return InvalidField("newAttributeName", a.NewAttributeName)
		}
		if t.Definition(a.NewAttributeName) != nil {
			return DuplicateField("newAttributeName", a.NewAttributeName)
		}
		t.Followed.Steps = append(t.Followed.Steps, TypeStep{Name: d.Name, NewName: a.NewAttributeName})
		t.Followed.Any = true
		d.Name = a.NewAttributeName
	default:
		return t.applyToEnum(d, a)
	}
	return nil
}

// applyToEnum applies an action on the values of an enum attribute (or a set of enums).
func (t *ProductType) applyToEnum(d *AttributeDefinition, a productTypeAction) error {
	e := d.enumType()
	localized := a.Action == "addLocalizedEnumValue" || a.Action == "changeLocalizedEnumValueLabel" || a.Action == "changeLocalizedEnumValueOrder"
	plain := a.Action == "addPlainEnumValue" || a.Action == "changePlainEnumValueLabel" || a.Action == "changePlainEnumValueOrder"
	if e == nil || localized && e.Name != "lenum" || plain && e.Name != "enum" {
		return InvalidOperation("The attribute '%s' is not of a type '%s' applies to.", d.Name, a.Action)
	}
	switch a.Action {
	case "addPlainEnumValue", "addLocalizedEnumValue":
		if a.Value == nil {
			return RequiredField("value")
		}
		next := *e
		next.Values = append(slices.Clone(e.Values), *a.Value)
		if err := next.check("value"); err != nil {
			return err
		}
		*e = next
	case "changePlainEnumValueLabel", "changeLocalizedEnumValueLabel":
		var v EnumValue
		if err := DecodeJSON(a.NewValue, &v); err != nil {
			return err
		}
		i := slices.IndexFunc(e.Values, func(x EnumValue) bool { return x.Key == v.Key })
		if i < 0 {
			return InvalidInput("The attribute '%s' has no enum value '%s'.", d.Name, v.Key)
		}
		label, err := e.enumLabel("newValue.label", v.Label)
		if err != nil {
			return err
		}
		e.Values[i].Label = label
		t.follow(d.Name, v.Key, v.Key)
	case "changePlainEnumValueOrder", "changeLocalizedEnumValueOrder":
		order := make([]EnumValue, 0, len(a.Values))
		for _, v := range a.Values {
			i := slices.IndexFunc(e.Values, func(x EnumValue) bool { return x.Key == v.Key })
			if i < 0 {
				return InvalidInput("The attribute '%s' has no enum value '%s'.", d.Name, v.Key)
			}
			order = append(order, e.Values[i])
		}
		if len(order) != len(e.Values) {
			return InvalidInput("The new order must name each of the %d values of '%s' once.", len(e.Values), d.Name)
		}
		e.Values = order
	case "changeEnumKey":
		i := slices.IndexFunc(e.Values, func(x EnumValue) bool { return x.Key == deref(a.Key) })
		if i < 0 {
			return InvalidInput("The attribute '%s' has no enum value '%s'.", d.Name, deref(a.Key))
		}
		if a.NewKey == "" {
			return RequiredField("newKey")
		}
		if slices.ContainsFunc(e.Values, func(x EnumValue) bool { return x.Key == a.NewKey }) {
			return DuplicateField("newKey", a.NewKey)
		}
		e.Values[i].Key = a.NewKey
		t.follow(d.Name, deref(a.Key), a.NewKey)
	case "removeEnumValues":
		for _, k := range a.Keys {
			i := slices.IndexFunc(e.Values, func(x EnumValue) bool { return x.Key == k })
			if i < 0 {
				return InvalidInput("The attribute '%s' has no enum value '%s'.", d.Name, k)
			}
			e.Values = slices.Delete(e.Values, i, i+1)
			t.follow(d.Name, k, "")
		}
	default:
		return UnknownAction(a.Action)
	}
	return nil
}

// follow records that products must follow a change of the enum key of the attribute name
// (to newKey, "" for removed; key == newKey for a new label).
func (t *ProductType) follow(name, key, newKey string) {
	t.Followed.Steps = append(t.Followed.Steps, TypeStep{Name: name, Key: key, NewKey: newKey})
	t.Followed.Any = true
}

// reorder orders the attribute definitions by names, which must name each of them once.
func (t *ProductType) reorder(names []string) error {
	order := make([]AttributeDefinition, 0, len(names))
	for _, n := range names {
		d := t.Definition(n)
		if d == nil {
			return attributeNotFound(n)
		}
		if slices.ContainsFunc(order, func(x AttributeDefinition) bool { return x.Name == n }) {
			return DuplicateField("attributeNames", n)
		}
		order = append(order, *d)
	}
	if len(order) != len(t.Attributes) {
		return InvalidInput("The new order must name each of the %d attribute definitions once.", len(t.Attributes))
	}
	t.Attributes = order
	return nil
}

// attributeNotFound is the reference's AttributeNameDoesNotExist error.
func attributeNotFound(name string) *Error {
	return newError(CodeAttributeNameDoesNotExist, "Attribute definition for '"+name+"' does not exist on type.",
		"invalidAttributeName", name)
}

// productTypeActions are the product type update actions and their fields.
var productTypeActions = ActionFields{
	"setKey":                        {"key"},
	"changeName":                    {"name"},
	"changeDescription":             {"description"},
	"addAttributeDefinition":        {"attribute"},
	"removeAttributeDefinition":     {"name"},
	"changeAttributeOrder":          {"attributes"},
	"changeAttributeOrderByName":    {"attributeNames"},
	"changeLabel":                   {"attributeName", "label"},
	"setInputTip":                   {"attributeName", "inputTip"},
	"changeIsSearchable":            {"attributeName", "isSearchable"},
	"changeInputHint":               {"attributeName", "newValue"},
	"changeAttributeConstraint":     {"attributeName", "newValue"},
	"changeAttributeName":           {"attributeName", "newAttributeName"},
	"addPlainEnumValue":             {"attributeName", "value"},
	"addLocalizedEnumValue":         {"attributeName", "value"},
	"changePlainEnumValueLabel":     {"attributeName", "newValue"},
	"changeLocalizedEnumValueLabel": {"attributeName", "newValue"},
	"changePlainEnumValueOrder":     {"attributeName", "values"},
	"changeLocalizedEnumValueOrder": {"attributeName", "values"},
	"changeEnumKey":                 {"attributeName", "key", "newKey"},
	"removeEnumValues":              {"attributeName", "keys"},
}
