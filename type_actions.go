package procura

import (
	"encoding/json"
	"slices"
)

type typeAction struct {
	Action          string                `json:"action"`
	Key             *string               `json:"key"`
	Name            LocalizedString       `json:"name"`
	Description     LocalizedString       `json:"description"`
	FieldDefinition *FieldDefinition      `json:"fieldDefinition"`
	FieldName       string                `json:"fieldName"`
	FieldNames      []string              `json:"fieldNames"`
	Label           LocalizedString       `json:"label"`
	InputHint       string                `json:"inputHint"`
	Value           *CustomFieldEnumValue `json:"value"`
	Keys            []string              `json:"keys"`
}

// typeActions are the type update actions and their fields.
var typeActions = ActionFields{
	"changeKey": {"key"}, "changeName": {"name"}, "setDescription": {"description"},
	"addFieldDefinition": {"fieldDefinition"}, "removeFieldDefinition": {"fieldName"},
	"changeLabel": {"fieldName", "label"}, "changeFieldDefinitionLabel": {"fieldName", "label"},
	"changeInputHint": {"fieldName", "inputHint"}, "changeFieldDefinitionOrder": {"fieldNames"},
	"addEnumValue": {"fieldName", "value"}, "addLocalizedEnumValue": {"fieldName", "value"},
	"changeEnumValueLabel": {"fieldName", "value"}, "changeLocalizedEnumValueLabel": {"fieldName", "value"},
	"changeEnumValueOrder": {"fieldName", "keys"}, "changeLocalizedEnumValueOrder": {"fieldName", "keys"},
}

// enumKinds says which kind of enum each enum action works on.
var enumKinds = map[string]string{
	"addEnumValue": "Enum", "changeEnumValueLabel": "Enum", "changeEnumValueOrder": "Enum",
	"addLocalizedEnumValue": "LocalizedEnum", "changeLocalizedEnumValueLabel": "LocalizedEnum",
	"changeLocalizedEnumValueOrder": "LocalizedEnum",
}

// Apply applies one type update action. Removing a field definition leaves the values stored
// on resources until their custom fields are next written (decision 0019); enum values can be
// added, relabelled and reordered but not removed, so no stored value becomes invalid.
func (t *Type) Apply(raw json.RawMessage) error {
	var a typeAction
	if err := DecodeAction(raw, &a, typeActions); err != nil {
		return err
	}
	if kind, ok := enumKinds[a.Action]; ok {
		return t.applyEnum(a, kind)
	}
	switch a.Action {
	case "changeKey":
		if err := CheckKey("key", deref(a.Key)); err != nil {
			return err
		}
		t.Key = *a.Key
	case "changeName":
		if a.Name == nil {
			return RequiredField("name")
		}
		t.Name = a.Name
	case "setDescription":
		t.Description = a.Description
	case "addFieldDefinition":
		if a.FieldDefinition == nil {
			return RequiredField("fieldDefinition")
		}
		return t.addField("fieldDefinition", *a.FieldDefinition)
	case "changeFieldDefinitionOrder":
		return t.reorderFields(a.FieldNames)
	default:
		return t.applyToField(a)
	}
	return nil
}

// applyToField applies an action on one field definition: removeFieldDefinition, changeLabel
// (and its deprecated name changeFieldDefinitionLabel), changeInputHint.
func (t *Type) applyToField(a typeAction) error {
	f := t.Field(a.FieldName)
	if f == nil {
		return InvalidField("fieldName", a.FieldName)
	}
	switch a.Action {
	case "removeFieldDefinition":
		t.FieldDefinitions = slices.DeleteFunc(t.FieldDefinitions, func(d FieldDefinition) bool { return d.Name == a.FieldName })
	case "changeLabel", "changeFieldDefinitionLabel":
		if a.Label == nil {
			return RequiredField("label")
		}
		f.Label = a.Label
	case "changeInputHint":
		if a.InputHint == "" {
			return RequiredField("inputHint")
		}
		if !slices.Contains([]string{"String", "LocalizedString"}, textName(f.Type)) {
			return InvalidOperation("The field '%s' is of type %s: only text fields have an input hint.", f.Name, f.Type.Name)
		}
		if err := checkInputHint("inputHint", a.InputHint); err != nil {
			return err
		}
		f.InputHint = a.InputHint
	}
	return nil
}

// textName is the name of a field type, or of its elements for a set.
func textName(ft *FieldType) string {
	if ft.Name == "Set" {
		return ft.ElementType.Name
	}
	return ft.Name
}

// reorderFields puts the field definitions in the order names gives, which must name each once.
func (t *Type) reorderFields(names []string) error {
	if len(names) != len(t.FieldDefinitions) {
		return InvalidInput("fieldNames must name each of the type's %d field definitions once.", len(t.FieldDefinitions))
	}
	out := make(List[FieldDefinition], 0, len(names))
	for _, n := range names {
		f := t.Field(n)
		if f == nil || slices.ContainsFunc(out, func(d FieldDefinition) bool { return d.Name == n }) {
			return InvalidField("fieldNames", n)
		}
		out = append(out, *f)
	}
	t.FieldDefinitions = out
	return nil
}

// applyEnum applies an action on the values of an enum field (or a set of enums) of kind.
func (t *Type) applyEnum(a typeAction, kind string) error {
	f := t.Field(a.FieldName)
	if f == nil {
		return InvalidField("fieldName", a.FieldName)
	}
	ft := f.Type
	if ft.Name == "Set" {
		ft = ft.ElementType
	}
	if ft.Name != kind {
		return InvalidOperation("The field '%s' is not of type %s.", f.Name, kind)
	}
	values := *ft.Values
	if a.Action == "changeEnumValueOrder" || a.Action == "changeLocalizedEnumValueOrder" {
		return reorderValues(ft, a.Keys)
	}
	if a.Value == nil {
		return RequiredField("value")
	}
	if err := checkEnumValue("value", kind, *a.Value); err != nil {
		return err
	}
	i := slices.IndexFunc(values, func(v CustomFieldEnumValue) bool { return v.Key == a.Value.Key })
	switch {
	case a.Action == "addEnumValue" || a.Action == "addLocalizedEnumValue":
		if i >= 0 {
			return DuplicateField("value.key", a.Value.Key)
		}
		values = append(values, *a.Value)
	case i < 0:
		return InvalidField("value.key", a.Value.Key)
	default:
		values[i].Label = a.Value.Label
	}
	*ft.Values = values
	return nil
}

// reorderValues puts an enum's values in the order keys gives, which must name each once.
func reorderValues(ft *FieldType, keys []string) error {
	values := *ft.Values
	if len(keys) != len(values) {
		return InvalidInput("keys must name each of the field's %d values once.", len(values))
	}
	out := make([]CustomFieldEnumValue, 0, len(keys))
	for _, k := range keys {
		i := slices.IndexFunc(values, func(v CustomFieldEnumValue) bool { return v.Key == k })
		if i < 0 || slices.ContainsFunc(out, func(v CustomFieldEnumValue) bool { return v.Key == k }) {
			return InvalidField("keys", k)
		}
		out = append(out, values[i])
	}
	*ft.Values = out
	return nil
}
