package procura

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// testType builds a type for stores from a TypeDraft's JSON fieldDefinitions.
func testType(t *testing.T, fieldDefinitions string) *Type {
	t.Helper()
	var d TypeDraft
	if err := DecodeJSON([]byte(`{"key":"fields","name":{"en":"Fields"},"resourceTypeIds":["store"],"fieldDefinitions":`+fieldDefinitions+`}`), &d); err != nil {
		t.Fatal(err)
	}
	ty, err := NewType(d, "type-1", time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	return ty
}

// fieldOf is one optional field definition of the given field type (JSON).
func fieldOf(name, fieldType string) string {
	return fmt.Sprintf(`{"name":%q,"label":{"en":"x"},"required":false,"type":%s}`, name, fieldType)
}

// TestCustomValuesFollowTheirFieldType: each field type accepts its values and refuses others.
func TestCustomValuesFollowTheirFieldType(t *testing.T) {
	for _, tc := range []struct {
		fieldType string
		good, bad []string // JSON values
	}{
		{`{"name":"Boolean"}`, []string{`true`, `false`}, []string{`"true"`, `1`}},
		{`{"name":"String"}`, []string{`""`, `"text"`}, []string{`1`, `{"en":"x"}`}},
		{`{"name":"LocalizedString"}`, []string{`{"en":"x","de":"y"}`, `{}`}, []string{`"x"`, `{"en":1}`}},
		{`{"name":"Enum","values":[{"key":"a","label":"A"}]}`, []string{`"a"`}, []string{`"b"`, `{"key":"a"}`}},
		{`{"name":"LocalizedEnum","values":[{"key":"a","label":{"en":"A"}}]}`, []string{`"a"`}, []string{`"A"`, `1`}},
		{`{"name":"Number"}`, []string{`1`, `-2.5`}, []string{`"1"`, `true`}},
		{`{"name":"Money"}`, []string{`{"currencyCode":"EUR","centAmount":100}`, `{"type":"centPrecision","currencyCode":"EUR","centAmount":1,"fractionDigits":2}`},
			[]string{`{"currencyCode":"euro","centAmount":1}`, `{"currencyCode":"EUR"}`, `{"currencyCode":"EUR","centAmount":1.5}`, `100`, `{"currencyCode":"EUR","centAmount":1,"x":1}`}},
		{`{"name":"Date"}`, []string{`"2026-12-06"`}, []string{`"06.12.2026"`, `"2026-12-06T10:00:00Z"`}},
		{`{"name":"Time"}`, []string{`"10:00:00"`, `"23:59:59.500"`}, []string{`"25:00:00"`, `"10:00"`}},
		{`{"name":"DateTime"}`, []string{`"2026-12-06T10:00:00.000Z"`, `"2026-12-06T10:00:00+01:00"`}, []string{`"2026-12-06"`, `1`}},
		{`{"name":"Reference","referenceTypeId":"customer"}`, []string{`{"typeId":"customer","id":"c-1"}`},
			[]string{`{"typeId":"store","id":"s-1"}`, `{"typeId":"customer","key":"ann"}`, `{"typeId":"customer","id":""}`, `"c-1"`}},
		{`{"name":"Set","elementType":{"name":"Number"}}`, []string{`[]`, `[1,2,2]`}, []string{`1`, `[1,"2"]`}},
	} {
		ty := testType(t, "["+fieldOf("ff", tc.fieldType)+"]")
		for _, values := range []struct {
			list []string
			code string
		}{{tc.good, ""}, {tc.bad, CodeInvalidField}} {
			for _, v := range values.list {
				var value any
				if err := json.Unmarshal([]byte(v), &value); err != nil {
					t.Fatal(err)
				}
				c, err := NewCustomFields("custom", &CustomFieldsDraft{Type: &ResourceIdentifier{Key: "fields"}, Fields: map[string]any{"ff": value}})
				if err != nil {
					t.Fatal(err)
				}
				err = ty.CheckCustom(CustomSlot{Field: "custom", ResourceTypeID: "store", Custom: c})
				code := ErrorCode(err)
				if code == CodeRequiredField { // money without its amount
					code = CodeInvalidField
				}
				if err == nil && values.code != "" || err != nil && code != values.code {
					t.Errorf("%s with %s: got %v, want %q", tc.fieldType, v, err, values.code)
				}
			}
		}
	}
}

// TestCheckCustomStoresWhatTheReferenceAnswers: the type is named by id, money gets its type and
// fraction digits, sets lose repeated elements.
func TestCheckCustomStoresWhatTheReferenceAnswers(t *testing.T) {
	ty := testType(t, "["+fieldOf("price", `{"name":"Money"}`)+","+fieldOf("tags", `{"name":"Set","elementType":{"name":"String"}}`)+"]")
	c, err := NewCustomFields("custom", &CustomFieldsDraft{Type: &ResourceIdentifier{Key: "fields"},
		Fields: map[string]any{"price": map[string]any{"currencyCode": "JPY", "centAmount": 5.0}, "tags": []any{"a", "b", "a"}}})
	if err != nil {
		t.Fatal(err)
	}
	checkCode(t, ty.CheckCustom(CustomSlot{Field: "custom", ResourceTypeID: "store", Custom: c}), "")
	got, _ := json.Marshal(c)
	want := `{"type":{"typeId":"type","id":"type-1"},"fields":{"price":{"centAmount":5,"currencyCode":"JPY","fractionDigits":0,"type":"centPrecision"},"tags":["a","b"]}}`
	eq(t, "custom", string(got), want)
	if c.Written() {
		t.Error("checked custom fields still count as written")
	}
}

// TestCheckCustomAsksForWhatTheTypeRequires: the type's resource types, required fields and
// defined fields; a stored field whose definition is gone is dropped when others are written.
func TestCheckCustomAsksForWhatTheTypeRequires(t *testing.T) {
	ty := testType(t, `[{"name":"need","label":{"en":"n"},"required":true,"type":{"name":"String"}},`+fieldOf("note", `{"name":"String"}`)+`]`)
	check := func(resourceTypeID string, fields map[string]any) (*CustomFields, error) {
		c, err := NewCustomFields("custom", &CustomFieldsDraft{Type: &ResourceIdentifier{ID: "type-1"}, Fields: fields})
		if err != nil {
			t.Fatal(err)
		}
		return c, ty.CheckCustom(CustomSlot{Field: "custom", ResourceTypeID: resourceTypeID, Custom: c})
	}
	_, err := check("store", map[string]any{"note": "x"})
	checkCode(t, err, CodeRequiredField)
	_, err = check("customer", map[string]any{"need": "x"})
	checkCode(t, err, CodeInvalidInput)
	_, err = check("store", map[string]any{"need": "x", "other": "y"})
	checkCode(t, err, CodeInvalidField)

	stored := &CustomFields{Type: ResourceIdentifier{TypeID: TypeType, ID: "type-1"}, Fields: map[string]any{"need": "x", "gone": "y"}}
	checkCode(t, SetCustomField(stored, "note", "z"), "")
	checkCode(t, ty.CheckCustom(CustomSlot{Field: "custom", ResourceTypeID: "store", Custom: stored}), "")
	eq(t, "fields", stored.Fields, map[string]any{"need": "x", "note": "z"})
	checkCode(t, SetCustomField(stored, "gone", "again"), "")
	checkCode(t, ty.CheckCustom(CustomSlot{Field: "custom", ResourceTypeID: "store", Custom: stored}), CodeInvalidField)
}

// TestNewTypeRefusesBadDefinitions: names, labels, hints and each field type's own parts.
func TestNewTypeRefusesBadDefinitions(t *testing.T) {
	for _, tc := range []struct{ name, draft, code string }{
		{"no key", `{"name":{"en":"T"},"resourceTypeIds":["store"]}`, CodeRequiredField},
		{"no name", `{"key":"tt","resourceTypeIds":["store"]}`, CodeRequiredField},
		{"no resource types", `{"key":"tt","name":{"en":"T"}}`, CodeRequiredField},
		{"unknown resource type", `{"key":"tt","name":{"en":"T"},"resourceTypeIds":["spaceship"]}`, CodeInvalidField},
	} {
		var d TypeDraft
		if err := DecodeJSON([]byte(tc.draft), &d); err != nil {
			t.Fatal(err)
		}
		_, err := NewType(d, "id", time.Unix(0, 0))
		if ErrorCode(err) != tc.code {
			t.Errorf("%s: got %v, want %s", tc.name, err, tc.code)
		}
	}
	for _, tc := range []struct{ name, field, code string }{
		{"short name", fieldOf("x", `{"name":"String"}`), CodeInvalidField},
		{"no label", `{"name":"ff","required":false,"type":{"name":"String"}}`, CodeRequiredField},
		{"bad hint", `{"name":"ff","label":{"en":"x"},"required":false,"inputHint":"Wide","type":{"name":"String"}}`, CodeInvalidField},
		{"no type", `{"name":"ff","label":{"en":"x"},"required":false}`, CodeRequiredField},
		{"unknown type", fieldOf("ff", `{"name":"Colour"}`), CodeInvalidField},
		{"enum without values", fieldOf("ff", `{"name":"Enum"}`), CodeRequiredField},
		{"enum with a localized label", fieldOf("ff", `{"name":"Enum","values":[{"key":"a","label":{"en":"A"}}]}`), CodeInvalidField},
		{"localized enum with a plain label", fieldOf("ff", `{"name":"LocalizedEnum","values":[{"key":"a","label":"A"}]}`), CodeInvalidField},
		{"enum with a key twice", fieldOf("ff", `{"name":"Enum","values":[{"key":"a","label":"A"},{"key":"a","label":"B"}]}`), CodeDuplicateField},
		{"values of a string", fieldOf("ff", `{"name":"String","values":[]}`), CodeInvalidField},
		{"reference without its type", fieldOf("ff", `{"name":"Reference"}`), CodeRequiredField},
		{"reference to an unknown type", fieldOf("ff", `{"name":"Reference","referenceTypeId":"spaceship"}`), CodeInvalidField},
		{"set without elements", fieldOf("ff", `{"name":"Set"}`), CodeRequiredField},
		{"set of sets", fieldOf("ff", `{"name":"Set","elementType":{"name":"Set","elementType":{"name":"String"}}}`), CodeInvalidField},
		{"a name twice", fieldOf("ff", `{"name":"String"}`) + "," + fieldOf("ff", `{"name":"Number"}`), CodeDuplicateField},
	} {
		var d TypeDraft
		if err := DecodeJSON([]byte(`{"key":"tt","name":{"en":"T"},"resourceTypeIds":["store"],"fieldDefinitions":[`+tc.field+`]}`), &d); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		_, err := NewType(d, "id", time.Unix(0, 0))
		if ErrorCode(err) != tc.code {
			t.Errorf("%s: got %v, want %s", tc.name, err, tc.code)
		}
	}
}

// TestTypeActions applies each type update action, and refuses the ones that do not fit.
func TestTypeActions(t *testing.T) {
	newType := func() *Type {
		return testType(t, "["+fieldOf("color", `{"name":"Enum","values":[{"key":"red","label":"Red"},{"key":"blue","label":"Blue"}]}`)+","+
			fieldOf("sizes", `{"name":"Set","elementType":{"name":"LocalizedEnum","values":[{"key":"s","label":{"en":"S"}}]}}`)+","+
			fieldOf("note", `{"name":"String"}`)+"]")
	}
	values := func(ty *Type, field string) string {
		ft := ty.Field(field).Type
		if ft.Name == "Set" {
			ft = ft.ElementType
		}
		data, _ := json.Marshal(ft.Values)
		return string(data)
	}
	for _, tc := range []struct {
		name, action, code string
		check              func(t *testing.T, ty *Type)
	}{
		{"changeKey", `{"action":"changeKey","key":"other"}`, "", func(t *testing.T, ty *Type) { eq(t, "key", ty.Key, "other") }},
		{"changeKey invalid", `{"action":"changeKey","key":"x"}`, CodeInvalidInput, nil},
		{"changeName", `{"action":"changeName","name":{"en":"New"}}`, "", func(t *testing.T, ty *Type) { eq(t, "name", ty.Name, LocalizedString{"en": "New"}) }},
		{"setDescription", `{"action":"setDescription","description":{"en":"D"}}`, "", func(t *testing.T, ty *Type) { eq(t, "description", ty.Description, LocalizedString{"en": "D"}) }},
		{"addFieldDefinition", `{"action":"addFieldDefinition","fieldDefinition":` + fieldOf("count", `{"name":"Number"}`) + `}`, "",
			func(t *testing.T, ty *Type) { eq(t, "fields", len(ty.FieldDefinitions), 4) }},
		{"addFieldDefinition twice", `{"action":"addFieldDefinition","fieldDefinition":` + fieldOf("note", `{"name":"Number"}`) + `}`, CodeDuplicateField, nil},
		{"removeFieldDefinition", `{"action":"removeFieldDefinition","fieldName":"note"}`, "", func(t *testing.T, ty *Type) {
			if ty.Field("note") != nil {
				t.Error("note is still defined")
			}
		}},
		{"removeFieldDefinition unknown", `{"action":"removeFieldDefinition","fieldName":"nope"}`, CodeInvalidField, nil},
		{"changeLabel", `{"action":"changeLabel","fieldName":"note","label":{"en":"Note"}}`, "",
			func(t *testing.T, ty *Type) { eq(t, "label", ty.Field("note").Label, LocalizedString{"en": "Note"}) }},
		{"changeFieldDefinitionLabel", `{"action":"changeFieldDefinitionLabel","fieldName":"note","label":{"en":"N"}}`, "",
			func(t *testing.T, ty *Type) { eq(t, "label", ty.Field("note").Label, LocalizedString{"en": "N"}) }},
		{"changeInputHint", `{"action":"changeInputHint","fieldName":"note","inputHint":"MultiLine"}`, "",
			func(t *testing.T, ty *Type) { eq(t, "hint", ty.Field("note").InputHint, "MultiLine") }},
		{"changeInputHint of an enum", `{"action":"changeInputHint","fieldName":"color","inputHint":"MultiLine"}`, CodeInvalidOperation, nil},
		{"changeFieldDefinitionOrder", `{"action":"changeFieldDefinitionOrder","fieldNames":["note","sizes","color"]}`, "",
			func(t *testing.T, ty *Type) { eq(t, "first", ty.FieldDefinitions[0].Name, "note") }},
		{"changeFieldDefinitionOrder missing one", `{"action":"changeFieldDefinitionOrder","fieldNames":["note","color"]}`, CodeInvalidInput, nil},
		{"addEnumValue", `{"action":"addEnumValue","fieldName":"color","value":{"key":"green","label":"Green"}}`, "",
			func(t *testing.T, ty *Type) {
				eq(t, "values", values(ty, "color"), `[{"key":"red","label":"Red"},{"key":"blue","label":"Blue"},{"key":"green","label":"Green"}]`)
			}},
		{"addEnumValue twice", `{"action":"addEnumValue","fieldName":"color","value":{"key":"red","label":"Red"}}`, CodeDuplicateField, nil},
		{"addEnumValue to a localized enum", `{"action":"addEnumValue","fieldName":"sizes","value":{"key":"m","label":"M"}}`, CodeInvalidOperation, nil},
		{"addLocalizedEnumValue to a set", `{"action":"addLocalizedEnumValue","fieldName":"sizes","value":{"key":"m","label":{"en":"M"}}}`, "",
			func(t *testing.T, ty *Type) {
				eq(t, "values", values(ty, "sizes"), `[{"key":"s","label":{"en":"S"}},{"key":"m","label":{"en":"M"}}]`)
			}},
		{"changeEnumValueLabel", `{"action":"changeEnumValueLabel","fieldName":"color","value":{"key":"red","label":"Rot"}}`, "",
			func(t *testing.T, ty *Type) {
				eq(t, "values", values(ty, "color"), `[{"key":"red","label":"Rot"},{"key":"blue","label":"Blue"}]`)
			}},
		{"changeLocalizedEnumValueLabel unknown", `{"action":"changeLocalizedEnumValueLabel","fieldName":"sizes","value":{"key":"xl","label":{"en":"XL"}}}`, CodeInvalidField, nil},
		{"changeEnumValueOrder", `{"action":"changeEnumValueOrder","fieldName":"color","keys":["blue","red"]}`, "",
			func(t *testing.T, ty *Type) {
				eq(t, "values", values(ty, "color"), `[{"key":"blue","label":"Blue"},{"key":"red","label":"Red"}]`)
			}},
		{"changeLocalizedEnumValueOrder wrong keys", `{"action":"changeLocalizedEnumValueOrder","fieldName":"sizes","keys":["m"]}`, CodeInvalidField, nil},
		{"unknown action", `{"action":"removeEnumValues","fieldName":"color","keys":["red"]}`, CodeInvalidJSONInput, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ty := newType()
			err := ty.Apply(json.RawMessage(tc.action))
			checkCode(t, err, tc.code)
			if tc.check != nil {
				tc.check(t, ty)
			}
		})
	}
}
