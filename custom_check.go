package procura

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// CustomSlot is one place of a resource that holds custom fields: the resource itself, or one of
// its addresses, say, each checked against types defined for its ResourceTypeID.
type CustomSlot struct {
	Field          string
	ResourceTypeID string
	Custom         *CustomFields
}

// Customizable is a resource with custom fields.
type Customizable interface {
	CustomSlots() []CustomSlot
}

// CheckCustom checks the custom fields of slot, which this type (named by the slot) must define,
// and makes the slot name the type by id. Every value is checked against its definition and
// every required field must have one. A field this request wrote must be defined; a stored field
// whose definition was removed since is dropped, as the reference drops them.
func (t *Type) CheckCustom(slot CustomSlot) error {
	c := slot.Custom
	if !slices.Contains(t.ResourceTypeIDs, slot.ResourceTypeID) {
		return InvalidInput("The type '%s' is not defined for '%s' (its resourceTypeIds: %v), so it cannot give %s its custom fields.",
			t.Key, slot.ResourceTypeID, t.ResourceTypeIDs, slot.Field)
	}
	for name, v := range c.Fields {
		field := slot.Field + ".fields." + name
		def := t.Field(name)
		switch {
		case def == nil && (c.written.all || slices.Contains(c.written.fields, name)):
			e := InvalidField(field, name)
			e.Message = fmt.Sprintf("The type '%s' defines no field '%s'.", t.Key, name)
			return e
		case def == nil:
			delete(c.Fields, name)
		default:
			out, err := checkFieldValue(field, def.Type, v)
			if err != nil {
				return err
			}
			c.Fields[name] = out
		}
	}
	for _, def := range t.FieldDefinitions {
		if _, ok := c.Fields[def.Name]; def.Required && !ok {
			return RequiredField(slot.Field + ".fields." + def.Name)
		}
	}
	c.Type = ResourceIdentifier{TypeID: TypeType, ID: t.ID}
	c.written = customWrite{}
	return nil
}

// checkFieldValue checks that v is a value of type ft and returns it as it is stored: money
// with its type and fraction digits, a set without repeated elements.
func checkFieldValue(field string, ft *FieldType, v any) (any, error) {
	bad := InvalidField(field, v, "a value of type "+ft.Name)
	ok := false
	switch ft.Name {
	case "Boolean":
		_, ok = v.(bool)
	case "String":
		_, ok = v.(string)
	case "Number":
		_, ok = v.(float64)
	case "LocalizedString":
		ok = isLocalizedString(v)
	case "Enum", "LocalizedEnum":
		s, isString := v.(string)
		ok = isString && slices.ContainsFunc(*ft.Values, func(e CustomFieldEnumValue) bool { return e.Key == s })
	case "Date":
		ok = isTime(v, "2006-01-02")
	case "Time":
		ok = isTime(v, "15:04:05") || isTime(v, "15:04:05.000")
	case "DateTime":
		ok = isTime(v, time.RFC3339Nano)
	case "Reference":
		m, isObject := v.(map[string]any)
		id, _ := m["id"].(string)
		ok = isObject && m["typeId"] == ft.ReferenceTypeID && id != "" && len(m) == 2
	case "Money":
		return checkMoneyValue(field, v, bad)
	case "Set":
		return checkSetValue(field, ft.ElementType, v, bad)
	}
	if !ok {
		return nil, bad
	}
	return v, nil
}

func isLocalizedString(v any) bool {
	m, ok := v.(map[string]any)
	for _, s := range m {
		if _, isString := s.(string); !isString {
			return false
		}
	}
	return ok
}

func isTime(v any, layout string) bool {
	s, ok := v.(string)
	if !ok {
		return false
	}
	_, err := time.Parse(layout, s)
	return err == nil
}

// checkMoneyValue accepts money as a draft gives it (currencyCode, centAmount, and optionally
// type centPrecision and the currency's fractionDigits) and stores it as centPrecision money.
func checkMoneyValue(field string, v any, bad error) (any, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, bad
	}
	var d MoneyDraft
	if err := decodeStrict(data, &d, field); err != nil {
		return nil, bad
	}
	if d.Type != "" && d.Type != "centPrecision" {
		return nil, Unsupported(field+".type", d.Type, "high-precision money")
	}
	m, err := d.Money(field)
	if err != nil {
		return nil, err
	}
	return map[string]any{"type": m.Type, "currencyCode": m.CurrencyCode, "centAmount": float64(m.CentAmount), "fractionDigits": float64(m.FractionDigits)}, nil
}

// checkSetValue checks an array of elements of type elem, and drops repeated elements.
func checkSetValue(field string, elem *FieldType, v any, bad error) (any, error) {
	list, ok := v.([]any)
	if !ok {
		return nil, bad
	}
	out := make([]any, 0, len(list))
	seen := map[string]bool{}
	for i, e := range list {
		e, err := checkFieldValue(fmt.Sprintf("%s[%d]", field, i), elem, e)
		if err != nil {
			return nil, err
		}
		data, _ := json.Marshal(e)
		if !seen[string(data)] {
			seen[string(data)] = true
			out = append(out, e)
		}
	}
	return out, nil
}
