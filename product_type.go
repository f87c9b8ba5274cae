package procura

import (
	"encoding/json"
	"regexp"
	"slices"
	"time"
)

// ProductType describes a kind of product: its name, key and the definitions of the attributes
// its products have.
type ProductType struct {
	Base
	Key         string                `json:"key,omitempty"`
	Name        string                `json:"name"`
	Description string                `json:"description"`
	Attributes  []AttributeDefinition `json:"attributes"`
	// Followed is what the last actions changed that the type's products must follow (renamed
	// attributes, changed enum keys, removed definitions); never stored.
	Followed TypeChanges `json:"-"`
}

// TypeChanges is what a product type's update changes in its products' attribute values, in
// the order of the actions.
type TypeChanges struct {
	Steps []TypeStep
	Any   bool // some product may have to change
}

// TypeStep is one change products follow: the attribute Name renamed to NewName (when Key is
// ""; removed when NewName is "" too), or its enum value Key given the key NewKey ("" for
// removed; Key again for a new label).
type TypeStep struct{ Name, NewName, Key, NewKey string }

// AttributeDefinition defines one attribute of the products of a type.
type AttributeDefinition struct {
	Type                AttributeType   `json:"type"`
	Name                string          `json:"name"`
	Label               LocalizedString `json:"label"`
	IsRequired          bool            `json:"isRequired"`
	AttributeConstraint string          `json:"attributeConstraint"`
	InputTip            LocalizedString `json:"inputTip,omitempty"`
	InputHint           string          `json:"inputHint"`
	IsSearchable        bool            `json:"isSearchable"`
	Level               string          `json:"level"`
}

// AttributeDefinitionDraft defines an attribute in a draft or addAttributeDefinition.
type AttributeDefinitionDraft struct {
	Type                *AttributeType  `json:"type"`
	Name                string          `json:"name"`
	Label               LocalizedString `json:"label"`
	IsRequired          *bool           `json:"isRequired"`
	AttributeConstraint string          `json:"attributeConstraint,omitempty"`
	InputTip            LocalizedString `json:"inputTip,omitempty"`
	InputHint           string          `json:"inputHint,omitempty"`
	IsSearchable        *bool           `json:"isSearchable,omitempty"`
	Level               string          `json:"level,omitempty"`
}

// AttributeType is the type of an attribute's values: its name, the values of an enum, the
// type id of a reference, the element type of a set.
type AttributeType struct {
	Name            string         `json:"name"`
	Values          []EnumValue    `json:"values,omitempty"`
	ReferenceTypeID string         `json:"referenceTypeId,omitempty"`
	ElementType     *AttributeType `json:"elementType,omitempty"`
	TypeReference   *Reference     `json:"typeReference,omitempty"`
}

// MarshalJSON writes an enum's values even when there are none, as the reference requires.
func (t AttributeType) MarshalJSON() ([]byte, error) {
	type plain AttributeType
	if t.isEnum() {
		return json.Marshal(struct {
			plain
			Values []EnumValue `json:"values"`
		}{plain(t), append([]EnumValue{}, t.Values...)})
	}
	return json.Marshal(plain(t))
}

func (t *AttributeType) isEnum() bool { return t.Name == "enum" || t.Name == "lenum" }

// EnumValue is a value of an enum (a label of text) or a localized enum (a localized label).
type EnumValue struct {
	Key   string `json:"key"`
	Label any    `json:"label"`
}

// The attribute constraints, levels and text input hints of the reference.
var (
	attributeConstraints = []string{"None", "Unique", "CombinationUnique", "SameForAll"}
	attributeLevels      = []string{"Variant", "Product"}
	inputHints           = []string{"SingleLine", "MultiLine"}
	attributeTypeNames   = []string{"boolean", "text", "ltext", "enum", "lenum", "number", "money", "date", "time", "datetime", "reference", "set", "nested"}
	// referenceTypeIDs are the reference's AttributeReferenceTypeId values.
	referenceTypeIDs = []string{"associate-role", "attribute-group", "business-unit", "cart", "cart-discount", "category",
		"channel", "customer", "customer-group", "discount-code", "key-value-document", "payment", "product",
		"product-discount", "product-price", "product-selection", "product-type", "order", "order-edit", "shipping-method",
		"shopping-list", "state", "store", "tax-category", "type", "zone"}
	attributeNamePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{2,256}$`)
)

// ProductTypeDraft creates a product type.
type ProductTypeDraft struct {
	Key         string                     `json:"key,omitempty"`
	Name        string                     `json:"name"`
	Description string                     `json:"description,omitempty"`
	Attributes  []AttributeDefinitionDraft `json:"attributes,omitempty"`
}

// NewProductType validates d and builds the product type.
func NewProductType(d ProductTypeDraft, id string, now time.Time) (*ProductType, error) {
	if d.Key != "" {
		if err := CheckKey("key", d.Key); err != nil {
			return nil, err
		}
	}
	if d.Name == "" {
		return nil, RequiredField("name")
	}
	t := &ProductType{Key: d.Key, Name: d.Name, Description: d.Description, Attributes: []AttributeDefinition{}}
	for _, ad := range d.Attributes {
		if err := t.addDefinition(ad); err != nil {
			return nil, err
		}
	}
	t.Stamp(id, now)
	return t, nil
}

// Definition returns the definition of the attribute name, or nil.
func (t *ProductType) Definition(name string) *AttributeDefinition {
	for i := range t.Attributes {
		if t.Attributes[i].Name == name {
			return &t.Attributes[i]
		}
	}
	return nil
}

func (t *ProductType) addDefinition(d AttributeDefinitionDraft) error {
	if !attributeNamePattern.MatchString(d.Name) {
		if d.Name == "" {
			return RequiredField("attributes.name")
		}
		return InvalidField("attributes.name", d.Name)
	}
	if t.Definition(d.Name) != nil {
		return DuplicateField("attributes.name", d.Name)
	}
	if len(d.Label) == 0 {
		return RequiredField("attributes.label")
	}
	if d.IsRequired == nil {
		return RequiredField("attributes.isRequired")
	}
	if d.Type == nil {
		return RequiredField("attributes.type")
	}
	def := AttributeDefinition{Type: *d.Type, Name: d.Name, Label: d.Label, IsRequired: *d.IsRequired,
		AttributeConstraint: orDefault(d.AttributeConstraint, "None"), InputTip: d.InputTip,
		InputHint: orDefault(d.InputHint, "SingleLine"), IsSearchable: d.IsSearchable == nil || *d.IsSearchable,
		Level: orDefault(d.Level, "Variant")}
	if err := def.Type.check("attributes.type"); err != nil {
		return err
	}
	for _, c := range []struct {
		field, value string
		allowed      []string
	}{
		{"attributes.attributeConstraint", def.AttributeConstraint, attributeConstraints},
		{"attributes.inputHint", def.InputHint, inputHints},
		{"attributes.level", def.Level, attributeLevels},
	} {
		if !slices.Contains(c.allowed, c.value) {
			return InvalidField(c.field, c.value, c.allowed...)
		}
	}
	if def.Level == "Product" && def.AttributeConstraint != "None" {
		return InvalidOperation("The product-level attribute '%s' has one value per product: its constraint must be None.", def.Name)
	}
	t.Attributes = append(t.Attributes, def)
	return nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// check validates an attribute type: a known name, enum values with distinct keys and labels of
// the enum's kind, a reference's type id, a set's element type. Nested attributes are refused.
func (t *AttributeType) check(field string) error {
	if !slices.Contains(attributeTypeNames, t.Name) {
		return InvalidField(field+".name", t.Name, attributeTypeNames...)
	}
	if t.Name == "nested" {
		return Unsupported(field+".name", t.Name, "nested attributes")
	}
	if !t.isEnum() && t.Values != nil {
		return InvalidJSON(field + ": only an enum has values")
	}
	if (t.Name == "reference") != (t.ReferenceTypeID != "") {
		if t.ReferenceTypeID == "" {
			return RequiredField(field + ".referenceTypeId")
		}
		return InvalidJSON(field + ": only a reference has a referenceTypeId")
	}
	if t.ReferenceTypeID != "" && !slices.Contains(referenceTypeIDs, t.ReferenceTypeID) {
		return InvalidField(field+".referenceTypeId", t.ReferenceTypeID, referenceTypeIDs...)
	}
	if t.TypeReference != nil {
		return InvalidJSON(field + ": only a nested type has a typeReference")
	}
	if (t.Name == "set") != (t.ElementType != nil) {
		if t.ElementType == nil {
			return RequiredField(field + ".elementType")
		}
		return InvalidJSON(field + ": only a set has an elementType")
	}
	if t.ElementType != nil {
		if t.ElementType.Name == "set" {
			return Unsupported(field+".elementType.name", "set", "sets of sets")
		}
		if err := t.ElementType.check(field + ".elementType"); err != nil {
			return err
		}
	}
	seen := map[string]bool{}
	for i, v := range t.Values {
		label, err := t.enumLabel(field+".values.label", v.Label)
		if err != nil {
			return err
		}
		if v.Key == "" {
			return RequiredField(field + ".values.key")
		}
		if seen[v.Key] {
			return DuplicateField(field+".values.key", v.Key)
		}
		seen[v.Key] = true
		t.Values[i].Label = label
	}
	return nil
}

// enumLabel checks a label of the enum: text for enum, a localized string for lenum.
func (t *AttributeType) enumLabel(field string, label any) (any, error) {
	if t.Name == "enum" {
		if s, ok := label.(string); ok {
			return s, nil
		}
		return nil, InvalidField(field, label)
	}
	var ls LocalizedString
	if err := redecode(label, &ls); err != nil || len(ls) == 0 {
		return nil, InvalidField(field, label)
	}
	return ls, nil
}

// redecode decodes a value already read as JSON into v, strictly.
func redecode(value, v any) error {
	raw, err := json.Marshal(value)
	if err != nil {
		return err
	}
	return DecodeJSON(raw, v)
}

// enumType returns the enum type of a definition: its own, or its set's elements'; nil for
// another type.
func (d *AttributeDefinition) enumType() *AttributeType {
	if d.Type.ElementType != nil {
		if d.Type.ElementType.isEnum() {
			return d.Type.ElementType
		}
		return nil
	}
	if d.Type.isEnum() {
		return &d.Type
	}
	return nil
}

// CheckConflicts refuses an attribute of t whose name another product type of the project
// defines with another type (the reference's AttributeDefinitionTypeConflict); enum values may
// differ.
func (t *ProductType) CheckConflicts(others []*ProductType) error {
	for _, o := range others {
		if o.ID == t.ID {
			continue
		}
		for _, d := range t.Attributes {
			od := o.Definition(d.Name)
			if od != nil && !sameKind(&d.Type, &od.Type) {
				return newError(CodeAttributeDefinitionTypeConflict, "The attribute '"+d.Name+"' has another type in the product type '"+o.Name+"'.",
					"conflictingAttributeName", d.Name, "conflictingProductTypeId", o.ID, "conflictingProductTypeName", o.Name)
			}
		}
	}
	return nil
}

// sameKind compares two attribute types but for the values of enums.
func sameKind(a, b *AttributeType) bool {
	if a.Name != b.Name || a.ReferenceTypeID != b.ReferenceTypeID || (a.ElementType == nil) != (b.ElementType == nil) {
		return false
	}
	return a.ElementType == nil || sameKind(a.ElementType, b.ElementType)
}
