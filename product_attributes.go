package procura

import (
	"encoding/json"
	"slices"
	"time"
)

// value checks v against the attribute type and returns it in the reference's shape: an enum
// value (given by its key, or as {key, label}) as {key, label}, money as typed money, a date,
// time or datetime as ISO text, a reference as {typeId, id}.
func (t *AttributeType) value(field string, v any) (any, error) {
	bad := func() (any, error) { return nil, InvalidField(field, v) }
	switch t.Name {
	case "boolean":
		if _, ok := v.(bool); !ok {
			return bad()
		}
	case "text":
		if _, ok := v.(string); !ok {
			return bad()
		}
	case "number":
		if _, ok := v.(float64); !ok {
			return bad()
		}
	case "ltext":
		var ls LocalizedString
		if redecode(v, &ls) != nil || ls == nil {
			return bad()
		}
		return ls, nil
	case "enum", "lenum":
		key := enumKey(v)
		i := slices.IndexFunc(t.Values, func(e EnumValue) bool { return e.Key == key })
		if i < 0 {
			return bad()
		}
		return t.Values[i], nil
	case "money":
		var d MoneyDraft
		if redecode(v, &d) != nil {
			return bad()
		}
		return d.Money(field)
	case "date", "time", "datetime":
		return timeValue(t.Name, field, v)
	case "reference":
		var r Reference
		if redecode(v, &r) != nil || r.ID == "" || r.TypeID != t.ReferenceTypeID {
			return bad()
		}
		return Reference{TypeID: r.TypeID, ID: r.ID}, nil
	case "set":
		list, ok := v.([]any)
		if !ok {
			return bad()
		}
		out := make([]any, len(list))
		for i, e := range list {
			var err error
			if out[i], err = t.ElementType.value(field, e); err != nil {
				return nil, err
			}
		}
		return out, nil
	default:
		return bad()
	}
	return v, nil
}

// timeLayouts are the ISO 8601 forms of dates, times and datetimes.
var timeLayouts = map[string]string{"date": "2006-01-02", "time": "15:04:05", "datetime": time.RFC3339}

func timeValue(kind, field string, v any) (any, error) {
	s, _ := v.(string)
	at, err := time.Parse(timeLayouts[kind], s)
	if err != nil {
		return nil, InvalidField(field, v)
	}
	if kind == "datetime" {
		return FormatTime(at), nil
	}
	return s, nil
}

// heldAttributes is what a product held before a change, in either projection: the attribute
// values (by variant, 0 for the product level), the names, and the variants. A value the change
// kept as it was is not checked again (decision 0020).
type heldAttributes struct {
	values   map[attributeKey]bool
	names    map[attributeKey]bool // the key without its value
	variants map[int]bool          // 0 for the product level
}

type attributeKey struct {
	variant     int
	name, value string
}

// heldAttributes returns what p holds now; a new product holds nothing.
func (p *Product) heldAttributes() heldAttributes {
	h := heldAttributes{values: map[attributeKey]bool{}, names: map[attributeKey]bool{}, variants: map[int]bool{0: true}}
	for _, d := range []*ProductData{&p.MasterData.Current, &p.MasterData.Staged} {
		h.add(0, d.Attributes)
		for _, v := range d.AllVariants() {
			h.variants[v.ID] = true
			h.add(v.ID, v.Attributes)
		}
	}
	return h
}

func (h heldAttributes) add(variant int, list []Attribute) {
	for _, a := range list {
		h.values[attributeKey{variant, a.Name, canonicalJSON(a.Value)}] = true
		h.names[attributeKey{variant, a.Name, ""}] = true
	}
}

// canonicalJSON writes v as JSON with its objects' keys in order, so that a value reads the same
// whether it was decoded from the store or made by a check.
func canonicalJSON(v any) string {
	b, _ := json.Marshal(v)
	var plain any
	if json.Unmarshal(b, &plain) == nil {
		b, _ = json.Marshal(plain)
	}
	return string(b)
}

// checkAttributes validates the attributes of one projection of a product that a change wrote,
// against its type, and writes their values in the reference's shape; held is what the product
// held before the change (nothing for a new product), whose values are not checked again. Each
// written attribute is defined by the type at its level (product or variant), given once, of the
// declared type; a required attribute is present in a new variant (or product) and is not
// removed; the variants' values meet the constraint of each attribute written, removed, or
// given by a new variant.
func (t *ProductType) checkAttributes(d *ProductData, held heldAttributes) error {
	if d.Attributes == nil {
		d.Attributes = List[Attribute]{}
	}
	if _, err := t.checkList("attributes", "Product", 0, d.Attributes, held); err != nil {
		return err
	}
	variants := d.AllVariants()
	written := map[string]bool{} // the variant attributes whose constraints are checked
	for _, v := range variants {
		names, err := t.checkList("variants.attributes", "Variant", v.ID, v.Attributes, held)
		if err != nil {
			return err
		}
		for _, n := range names {
			written[n] = true
		}
	}
	var combination []string // the attributes whose values together differ per variant
	for _, def := range t.Attributes {
		if def.Level != "Variant" || !written[def.Name] {
			continue
		}
		values := make([]string, len(variants))
		for i, v := range variants {
			values[i] = attributeJSON(v.Attributes, def.Name)
		}
		switch def.AttributeConstraint {
		case "SameForAll":
			if slices.ContainsFunc(values, func(s string) bool { return s != values[0] }) {
				return InvalidOperation("The attribute '%s' must have the same value in every variant.", def.Name)
			}
		case "Unique":
			for i, s := range values {
				if s != "" && slices.Contains(values[:i], s) {
					return newError(CodeDuplicateAttributeValue, "The attribute '"+def.Name+"' has the value "+s+" in two variants.",
						"attribute", Attribute{Name: def.Name, Value: json.RawMessage(s)})
				}
			}
		}
	}
	for _, def := range t.Attributes {
		if def.Level == "Variant" && def.AttributeConstraint == "CombinationUnique" {
			combination = append(combination, def.Name)
		}
	}
	if !slices.ContainsFunc(combination, func(n string) bool { return written[n] }) {
		return nil
	}
	return checkCombination(variants, combination)
}

// checkList validates the attributes a change wrote in one list: of the product (level Product,
// variant 0) or of a variant. It returns the names written, removed, or, in a new list, defined
// at the level.
func (t *ProductType) checkList(field, level string, variant int, list []Attribute, held heldAttributes) ([]string, error) {
	isNew := !held.variants[variant]
	var written []string
	for i, a := range list {
		if !isNew && held.values[attributeKey{variant, a.Name, canonicalJSON(a.Value)}] {
			continue // kept as stored
		}
		written = append(written, a.Name)
		def := t.Definition(a.Name)
		if def == nil {
			return nil, attributeNotFound(a.Name)
		}
		if def.Level != level {
			return nil, InvalidOperation("The attribute '%s' is an attribute of the %s level.", a.Name, def.Level)
		}
		if slices.ContainsFunc(list[i+1:], func(b Attribute) bool { return b.Name == a.Name }) ||
			slices.ContainsFunc(list[:i], func(b Attribute) bool { return b.Name == a.Name }) {
			return nil, DuplicateField(field+".name", a.Name)
		}
		v, err := def.Type.value(field+"."+a.Name, a.Value)
		if err != nil {
			return nil, err
		}
		list[i].Value = v
	}
	for _, def := range t.Attributes {
		if def.Level != level || slices.ContainsFunc(list, func(a Attribute) bool { return a.Name == def.Name }) {
			continue
		}
		removed := held.names[attributeKey{variant, def.Name, ""}]
		if def.IsRequired && (isNew || removed) {
			return nil, RequiredField(field + "." + def.Name)
		}
		if isNew || removed {
			written = append(written, def.Name)
		}
	}
	return written, nil
}

// checkCombination refuses two variants with the same values of the CombinationUnique attributes.
func checkCombination(variants []*Variant, names []string) error {
	if len(names) == 0 {
		return nil
	}
	seen := map[string]bool{}
	for _, v := range variants {
		var key []string
		var attrs []Attribute
		for _, n := range names {
			s := attributeJSON(v.Attributes, n)
			key = append(key, s)
			if s != "" {
				attrs = append(attrs, Attribute{Name: n, Value: json.RawMessage(s)})
			}
		}
		k, _ := json.Marshal(key)
		if seen[string(k)] {
			return newError(CodeDuplicateAttributeValues, "Two variants have the same combination of the attributes' values.", "attributes", attrs)
		}
		seen[string(k)] = true
	}
	return nil
}

// attributeJSON returns the JSON of the value of the attribute name in list, "" when it is not set.
func attributeJSON(list []Attribute, name string) string {
	for _, a := range list {
		if a.Name == name {
			b, _ := json.Marshal(a.Value)
			return string(b)
		}
	}
	return ""
}

// setAttribute sets (a nil value: removes) the attribute name in list.
func setAttribute(list []Attribute, name string, value any) []Attribute {
	i := slices.IndexFunc(list, func(a Attribute) bool { return a.Name == name })
	switch {
	case value == nil && i >= 0:
		return slices.Delete(list, i, i+1)
	case value == nil:
		return list
	case i >= 0:
		list[i].Value = value
		return list
	}
	return append(list, Attribute{Name: name, Value: value})
}

// FollowType makes the product follow the changes of its type t (t.Followed): renamed
// attributes, enum keys changed or removed, labels changed, definitions removed; then checks
// what it changed against the type. Attributes the changes do not name stay as they are.
func (p *Product) FollowType(t *ProductType) error {
	held := p.heldAttributes()
	for _, d := range []*ProductData{&p.MasterData.Current, &p.MasterData.Staged} {
		lists := []*List[Attribute]{&d.Attributes}
		for _, v := range d.AllVariants() {
			lists = append(lists, (*List[Attribute])(&v.Attributes))
		}
		for _, list := range lists {
			*list = followList(*list, t)
		}
		if err := t.checkAttributes(d, held); err != nil {
			return err
		}
	}
	return nil
}

// followList applies the type's changes to one list of attributes.
func followList(list []Attribute, t *ProductType) []Attribute {
	for _, s := range t.Followed.Steps {
		for i := range list {
			switch {
			case list[i].Name != s.Name:
			case s.Key == "" && s.NewName == "":
				list[i].Value = nil // its definition was removed
			case s.Key == "":
				list[i].Name = s.NewName
			default:
				list[i].Value = withEnumKey(list[i].Value, s.Key, s.NewKey)
			}
		}
	}
	out := list[:0]
	for _, a := range list {
		if a.Value != nil {
			out = append(out, a)
		}
	}
	return out
}

// withEnumKey gives an enum value (or the values of a set) of the key the new key; nil (or no
// element) for "".
func withEnumKey(v any, key, newKey string) any {
	if list, ok := v.([]any); ok {
		out := []any{}
		for _, e := range list {
			if e = withEnumKey(e, key, newKey); e != nil {
				out = append(out, e)
			}
		}
		return out
	}
	if enumKey(v) != key {
		return v
	}
	if newKey == "" {
		return nil
	}
	return newKey
}

// enumKey returns the key of an enum value given by its key, as {key, label}, or as read back.
func enumKey(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case EnumValue:
		return v.Key
	case map[string]any:
		key, _ := v["key"].(string)
		return key
	}
	return ""
}
