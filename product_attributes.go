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

// CheckAttributes validates the attributes of one projection of a product against its type, and
// writes their values in the reference's shape: each attribute defined by the type at its level
// (product or variant), once, of the declared type; every required attribute present; the
// variants' values meeting each attribute's constraint.
func (t *ProductType) CheckAttributes(d *ProductData) error {
	if d.Attributes == nil {
		d.Attributes = List[Attribute]{}
	}
	if err := t.checkList("attributes", "Product", d.Attributes); err != nil {
		return err
	}
	variants := d.AllVariants()
	for _, v := range variants {
		if err := t.checkList("variants.attributes", "Variant", v.Attributes); err != nil {
			return err
		}
	}
	var combination []string // the attributes whose values together differ per variant
	for _, def := range t.Attributes {
		if def.Level != "Variant" {
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
		case "CombinationUnique":
			combination = append(combination, def.Name)
		}
	}
	return checkCombination(variants, combination)
}

// checkList validates one list of attributes: of the product (level Product) or a variant.
func (t *ProductType) checkList(field, level string, list []Attribute) error {
	for i, a := range list {
		def := t.Definition(a.Name)
		if def == nil {
			return attributeNotFound(a.Name)
		}
		if def.Level != level {
			return InvalidOperation("The attribute '%s' is an attribute of the %s level.", a.Name, def.Level)
		}
		if slices.ContainsFunc(list[:i], func(b Attribute) bool { return b.Name == a.Name }) {
			return DuplicateField(field+".name", a.Name)
		}
		v, err := def.Type.value(field+"."+a.Name, a.Value)
		if err != nil {
			return err
		}
		list[i].Value = v
	}
	for _, def := range t.Attributes {
		if def.Level == level && def.IsRequired && !slices.ContainsFunc(list, func(a Attribute) bool { return a.Name == def.Name }) {
			return RequiredField(field + "." + def.Name)
		}
	}
	return nil
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
// attributes, enum keys changed or removed, labels changed, definitions removed; then checks it
// against the type.
func (p *Product) FollowType(t *ProductType) error {
	for _, d := range []*ProductData{&p.MasterData.Current, &p.MasterData.Staged} {
		lists := []*List[Attribute]{&d.Attributes}
		for _, v := range d.AllVariants() {
			lists = append(lists, (*List[Attribute])(&v.Attributes))
		}
		for _, list := range lists {
			*list = followList(*list, t)
		}
		if err := t.CheckAttributes(d); err != nil {
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
			case s.Key == "":
				list[i].Name = s.NewName
			default:
				list[i].Value = withEnumKey(list[i].Value, s.Key, s.NewKey)
			}
		}
	}
	out := list[:0]
	for _, a := range list {
		if t.Definition(a.Name) != nil && a.Value != nil {
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
