package procura

import (
	"encoding/json"
	"regexp"
	"slices"
	"time"
)

// Type defines the custom fields that resources of the types it names may have.
type Type struct {
	Base
	Key              string                `json:"key"`
	Name             LocalizedString       `json:"name"`
	Description      LocalizedString       `json:"description,omitempty"`
	ResourceTypeIDs  []string              `json:"resourceTypeIds"`
	FieldDefinitions List[FieldDefinition] `json:"fieldDefinitions"`
}

// TypeDraft creates a type.
type TypeDraft struct {
	Key              string            `json:"key"`
	Name             LocalizedString   `json:"name"`
	Description      LocalizedString   `json:"description,omitempty"`
	ResourceTypeIDs  []string          `json:"resourceTypeIds"`
	FieldDefinitions []FieldDefinition `json:"fieldDefinitions,omitempty"`
}

// FieldDefinition defines one custom field.
type FieldDefinition struct {
	Type      *FieldType      `json:"type"`
	Name      string          `json:"name"`
	Label     LocalizedString `json:"label"`
	Required  bool            `json:"required"`
	InputHint string          `json:"inputHint,omitempty"`
}

// FieldType is the type of a custom field's value: its name, and for enums their values, for
// references the type they reference, for sets the type of their elements.
type FieldType struct {
	Name            string                  `json:"name"`
	Values          *[]CustomFieldEnumValue `json:"values,omitempty"`
	ReferenceTypeID string                  `json:"referenceTypeId,omitempty"`
	ElementType     *FieldType              `json:"elementType,omitempty"`
}

// CustomFieldEnumValue is one value of an Enum (a string label) or LocalizedEnum (a localized label) field.
type CustomFieldEnumValue struct {
	Key   string          `json:"key"`
	Label json.RawMessage `json:"label"`
}

// MaxFieldDefinitions bounds the fields one type defines.
const MaxFieldDefinitions = 500

// ResourceTypeIDs are the resources and data types a type may be defined for (the reference's
// ResourceTypeId): carts and orders share "order"; quote requests, staged quotes and quotes
// share "quote".
var ResourceTypeIDs = []string{"address", "asset", "approval-flow", "approval-rule", "associate-role",
	"business-unit", "cart-discount", "category", "channel", "customer", "customer-group",
	"custom-line-item", "discount-code", "inventory-entry", "line-item", "order", "order-edit",
	"order-delivery", "order-parcel", "order-return-item", "payment", "payment-interface-interaction",
	"payment-method", "payment-method-info", "product-price", "product-selection", "product-tailoring",
	"quote", "reservation", "review", "recurring-order", "shipping", "shipping-method", "shopping-list",
	"shopping-list-text-line-item", "standalone-price", "store", "transaction"}

// fieldReferenceTypeIDs are the resource types a Reference field may reference.
var fieldReferenceTypeIDs = []string{"approval-flow", "approval-rule", "associate-role", "business-unit",
	"cart", "cart-discount", "category", "channel", "customer", "customer-group", "key-value-document",
	"order", "product", "product-type", "review", "state", "shipping-method", "zone"}

// fieldTypeNames are the names of the field types.
var fieldTypeNames = []string{"Boolean", "String", "LocalizedString", "Enum", "LocalizedEnum", "Number",
	"Money", "Date", "Time", "DateTime", "Reference", "Set"}

var fieldNamePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{2,36}$`)

// NewType validates d and builds the type.
func NewType(d TypeDraft, id string, now time.Time) (*Type, error) {
	if err := CheckKey("key", d.Key); err != nil {
		return nil, err
	}
	if d.Name == nil {
		return nil, RequiredField("name")
	}
	if d.ResourceTypeIDs == nil {
		return nil, RequiredField("resourceTypeIds")
	}
	for _, r := range d.ResourceTypeIDs {
		if !slices.Contains(ResourceTypeIDs, r) {
			return nil, InvalidField("resourceTypeIds", r, ResourceTypeIDs...)
		}
	}
	if len(d.FieldDefinitions) > MaxFieldDefinitions {
		return nil, LimitExceeded("type", "A type defines at most %d fields.", MaxFieldDefinitions)
	}
	t := &Type{Key: d.Key, Name: d.Name, Description: d.Description, ResourceTypeIDs: slices.Compact(slices.Clone(d.ResourceTypeIDs))}
	for _, f := range d.FieldDefinitions {
		if err := t.addField("fieldDefinitions", f); err != nil {
			return nil, err
		}
	}
	t.Stamp(id, now)
	return t, nil
}

// Field returns the definition of the field name, or nil.
func (t *Type) Field(name string) *FieldDefinition {
	for i := range t.FieldDefinitions {
		if t.FieldDefinitions[i].Name == name {
			return &t.FieldDefinitions[i]
		}
	}
	return nil
}

// addField validates a field definition and appends it.
func (t *Type) addField(field string, f FieldDefinition) error {
	if !fieldNamePattern.MatchString(f.Name) {
		return InvalidField(field+".name", f.Name)
	}
	if t.Field(f.Name) != nil {
		return DuplicateField(field+".name", f.Name)
	}
	if f.Label == nil {
		return RequiredField(field + ".label")
	}
	if err := checkInputHint(field+".inputHint", f.InputHint); err != nil {
		return err
	}
	if err := checkFieldType(field+".type", f.Type, true); err != nil {
		return err
	}
	if len(t.FieldDefinitions) >= MaxFieldDefinitions {
		return LimitExceeded("type", "A type defines at most %d fields.", MaxFieldDefinitions)
	}
	t.FieldDefinitions = append(t.FieldDefinitions, f)
	return nil
}

func checkInputHint(field, hint string) error {
	if hint != "" && hint != "SingleLine" && hint != "MultiLine" {
		return InvalidField(field, hint, "SingleLine", "MultiLine")
	}
	return nil
}

// checkFieldType validates a field type; a set's elements may not be sets.
func checkFieldType(field string, ft *FieldType, setAllowed bool) error {
	if ft == nil {
		return RequiredField(field)
	}
	if !slices.Contains(fieldTypeNames, ft.Name) || (ft.Name == "Set" && !setAllowed) {
		return InvalidField(field+".name", ft.Name, fieldTypeNames...)
	}
	enum := ft.Name == "Enum" || ft.Name == "LocalizedEnum"
	switch {
	case enum != (ft.Values != nil) && enum:
		return RequiredField(field + ".values")
	case !enum && ft.Values != nil:
		return InvalidField(field+".values", "values", "only Enum and LocalizedEnum have values")
	case (ft.Name == "Reference") != (ft.ReferenceTypeID != ""):
		if ft.Name == "Reference" {
			return RequiredField(field + ".referenceTypeId")
		}
		return InvalidField(field+".referenceTypeId", ft.ReferenceTypeID, "only Reference has a referenceTypeId")
	case ft.Name == "Reference" && !slices.Contains(fieldReferenceTypeIDs, ft.ReferenceTypeID):
		return InvalidField(field+".referenceTypeId", ft.ReferenceTypeID, fieldReferenceTypeIDs...)
	case (ft.Name == "Set") != (ft.ElementType != nil):
		if ft.Name == "Set" {
			return RequiredField(field + ".elementType")
		}
		return InvalidField(field+".elementType", "elementType", "only Set has an elementType")
	case ft.Name == "Set":
		return checkFieldType(field+".elementType", ft.ElementType, false)
	}
	if enum {
		for _, v := range *ft.Values {
			if err := checkEnumValue(field+".values", ft.Name, v); err != nil {
				return err
			}
			if n := countKeys(*ft.Values, v.Key); n > 1 {
				return DuplicateField(field+".values.key", v.Key)
			}
		}
	}
	return nil
}

// checkEnumValue validates a value of an Enum (string label) or LocalizedEnum (localized label).
func checkEnumValue(field, kind string, v CustomFieldEnumValue) error {
	if v.Key == "" {
		return RequiredField(field + ".key")
	}
	if len(v.Label) == 0 || string(v.Label) == "null" {
		return RequiredField(field + ".label")
	}
	var label any = new(string)
	if kind == "LocalizedEnum" {
		label = &LocalizedString{}
	}
	if err := json.Unmarshal(v.Label, label); err != nil {
		return InvalidField(field+".label", string(v.Label))
	}
	return nil
}

func countKeys(values []CustomFieldEnumValue, key string) int {
	n := 0
	for _, v := range values {
		if v.Key == key {
			n++
		}
	}
	return n
}

// CheckAgainst refuses a field definition whose name another type for one of the same resource
// types defines with another field type (the reference: both must have the same type).
func (t *Type) CheckAgainst(others []*Type) error {
	for _, o := range others {
		if o.ID == t.ID || !slices.ContainsFunc(o.ResourceTypeIDs, func(r string) bool { return slices.Contains(t.ResourceTypeIDs, r) }) {
			continue
		}
		for _, f := range t.FieldDefinitions {
			if g := o.Field(f.Name); g != nil && !sameFieldType(f.Type, g.Type) {
				return InvalidInput("The field '%s' is of type %s in the type '%s', which is for some of the same resources: a field of a name has one type.",
					f.Name, describeFieldType(g.Type), o.Key)
			}
		}
	}
	return nil
}

// sameFieldType compares field types by kind (an enum's values may differ).
func sameFieldType(a, b *FieldType) bool {
	return describeFieldType(a) == describeFieldType(b)
}

func describeFieldType(ft *FieldType) string {
	switch ft.Name {
	case "Set":
		return "Set of " + describeFieldType(ft.ElementType)
	case "Reference":
		return "Reference to " + ft.ReferenceTypeID
	}
	return ft.Name
}
