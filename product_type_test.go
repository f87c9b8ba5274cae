package procura

import (
	"encoding/json"
	"testing"
	"time"
)

// shirtType is a product type with one attribute of each kind the tests use.
func shirtType(t *testing.T) *ProductType {
	t.Helper()
	var d ProductTypeDraft
	if err := DecodeJSON([]byte(`{"key":"shirt","name":"Shirt","description":"shirts","attributes":[
		{"name":"color","label":{"en":"Color"},"isRequired":true,"attributeConstraint":"CombinationUnique","type":{"name":"enum","values":[{"key":"red","label":"Red"},{"key":"blue","label":"Blue"}]}},
		{"name":"size","label":{"en":"Size"},"isRequired":false,"attributeConstraint":"CombinationUnique","type":{"name":"lenum","values":[{"key":"m","label":{"en":"M"}},{"key":"l","label":{"en":"L"}}]}},
		{"name":"ean","label":{"en":"EAN"},"isRequired":false,"attributeConstraint":"Unique","type":{"name":"text"}},
		{"name":"brand","label":{"en":"Brand"},"isRequired":false,"attributeConstraint":"SameForAll","type":{"name":"text"}},
		{"name":"care","label":{"en":"Care"},"isRequired":false,"type":{"name":"ltext"},"inputHint":"MultiLine"},
		{"name":"weight","label":{"en":"Weight"},"isRequired":false,"type":{"name":"number"}},
		{"name":"msrp","label":{"en":"MSRP"},"isRequired":false,"type":{"name":"money"}},
		{"name":"since","label":{"en":"Since"},"isRequired":false,"type":{"name":"date"}},
		{"name":"opens","label":{"en":"Opens"},"isRequired":false,"type":{"name":"time"}},
		{"name":"launch","label":{"en":"Launch"},"isRequired":false,"type":{"name":"datetime"}},
		{"name":"organic","label":{"en":"Organic"},"isRequired":false,"type":{"name":"boolean"}},
		{"name":"related","label":{"en":"Related"},"isRequired":false,"type":{"name":"reference","referenceTypeId":"product"}},
		{"name":"tags","label":{"en":"Tags"},"isRequired":false,"type":{"name":"set","elementType":{"name":"enum","values":[{"key":"new","label":"New"},{"key":"eco","label":"Eco"}]}}},
		{"name":"origin","label":{"en":"Origin"},"isRequired":false,"level":"Product","type":{"name":"text"}}
	]}`), &d); err != nil {
		t.Fatal(err)
	}
	pt, err := NewProductType(d, "pt-shirt", time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	return pt
}

// TestProductTypeDefinitions: a draft's definitions get the reference's defaults, and bad
// definitions are refused with the error naming the problem.
func TestProductTypeDefinitions(t *testing.T) {
	pt := shirtType(t)
	ean := pt.Definition("ean")
	if ean.InputHint != "SingleLine" || !ean.IsSearchable || ean.Level != "Variant" || pt.Definition("weight").AttributeConstraint != "None" {
		t.Errorf("defaults not applied: %+v", *ean)
	}
	raw, _ := json.Marshal(pt.Definition("color").Type)
	if string(raw) != `{"name":"enum","values":[{"key":"red","label":"Red"},{"key":"blue","label":"Blue"}]}` {
		t.Errorf("enum type answered as %s", raw)
	}
	for _, bad := range []struct{ draft, code string }{
		{`{"name":"x1","label":{"en":"X"},"isRequired":false,"type":{"name":"colour"}}`, CodeInvalidField},
		{`{"name":"x1","label":{"en":"X"},"isRequired":false,"type":{"name":"nested","typeReference":{"typeId":"product-type","id":"p"}}}`, CodeInvalidField},
		{`{"name":"x1","label":{"en":"X"},"isRequired":false,"type":{"name":"reference"}}`, CodeRequiredField},
		{`{"name":"x1","label":{"en":"X"},"isRequired":false,"type":{"name":"reference","referenceTypeId":"planet"}}`, CodeInvalidField},
		{`{"name":"x1","label":{"en":"X"},"isRequired":false,"type":{"name":"set"}}`, CodeRequiredField},
		{`{"name":"x1","label":{"en":"X"},"isRequired":false,"type":{"name":"enum","values":[{"key":"a","label":{"en":"A"}}]}}`, CodeInvalidField},
		{`{"name":"x1","label":{"en":"X"},"isRequired":false,"type":{"name":"lenum","values":[{"key":"a","label":"A"}]}}`, CodeInvalidField},
		{`{"name":"x1","label":{"en":"X"},"isRequired":false,"type":{"name":"enum","values":[{"key":"a","label":"A"},{"key":"a","label":"B"}]}}`, CodeDuplicateField},
		{`{"name":"x1","label":{"en":"X"},"isRequired":false,"attributeConstraint":"Always","type":{"name":"text"}}`, CodeInvalidField},
		{`{"name":"x1","label":{"en":"X"},"isRequired":false,"level":"Product","attributeConstraint":"Unique","type":{"name":"text"}}`, CodeInvalidOperation},
		{`{"name":"x1","label":{"en":"X"},"type":{"name":"text"}}`, CodeRequiredField},
		{`{"name":"ean","label":{"en":"X"},"isRequired":false,"type":{"name":"text"}}`, CodeDuplicateField},
		{`{"name":"a b","label":{"en":"X"},"isRequired":false,"type":{"name":"text"}}`, CodeInvalidField},
	} {
		err := pt.Apply(json.RawMessage(`{"action":"addAttributeDefinition","attribute":`+bad.draft+`}`), false)
		if ErrorCode(err) != bad.code {
			t.Errorf("%s: got %v, want %s", bad.draft, err, bad.code)
		}
	}
	if len(pt.Attributes) != 14 {
		t.Errorf("a refused definition was added: %d definitions", len(pt.Attributes))
	}
}

// TestProductTypeActions applies each product type action, and the refusals the reference has.
func TestProductTypeActions(t *testing.T) {
	pt := shirtType(t)
	apply := func(action string, used bool) error { return pt.Apply(json.RawMessage(action), used) }
	for _, a := range []string{
		`{"action":"setKey","key":"shirts"}`,
		`{"action":"changeName","name":"Shirts"}`,
		`{"action":"changeDescription","description":"all shirts"}`,
		`{"action":"addAttributeDefinition","attribute":{"name":"fit","label":{"en":"Fit"},"isRequired":false,"type":{"name":"text"}}}`,
		`{"action":"changeLabel","attributeName":"fit","label":{"en":"The fit"}}`,
		`{"action":"setInputTip","attributeName":"fit","inputTip":{"en":"slim or loose"}}`,
		`{"action":"changeInputHint","attributeName":"fit","newValue":"MultiLine"}`,
		`{"action":"changeIsSearchable","attributeName":"fit","isSearchable":false}`,
		`{"action":"changeAttributeConstraint","attributeName":"brand","newValue":"None"}`,
		`{"action":"addPlainEnumValue","attributeName":"color","value":{"key":"green","label":"Green"}}`,
		`{"action":"addLocalizedEnumValue","attributeName":"size","value":{"key":"s","label":{"en":"S"}}}`,
		`{"action":"changePlainEnumValueLabel","attributeName":"color","newValue":{"key":"green","label":"Grass"}}`,
		`{"action":"changeLocalizedEnumValueLabel","attributeName":"size","newValue":{"key":"s","label":{"en":"Small"}}}`,
		`{"action":"changePlainEnumValueOrder","attributeName":"color","values":[{"key":"green","label":"Grass"},{"key":"red","label":"Red"},{"key":"blue","label":"Blue"}]}`,
		`{"action":"changeLocalizedEnumValueOrder","attributeName":"size","values":[{"key":"s","label":{"en":"Small"}},{"key":"m","label":{"en":"M"}},{"key":"l","label":{"en":"L"}}]}`,
		`{"action":"changeEnumKey","attributeName":"color","key":"green","newKey":"grass"}`,
		`{"action":"removeEnumValues","attributeName":"tags","keys":["eco"]}`,
		`{"action":"changeAttributeName","attributeName":"fit","newAttributeName":"cut"}`,
		`{"action":"removeAttributeDefinition","name":"weight"}`,
	} {
		if err := apply(a, true); err != nil {
			t.Fatalf("%s: %v", a, err)
		}
	}
	cut := pt.Definition("cut")
	if pt.Key != "shirts" || pt.Name != "Shirts" || cut == nil || cut.Label["en"] != "The fit" || cut.InputHint != "MultiLine" || cut.IsSearchable ||
		pt.Definition("weight") != nil || pt.Definition("brand").AttributeConstraint != "None" {
		t.Fatalf("actions not applied: %+v", pt)
	}
	if v := pt.Definition("color").Type.Values; len(v) != 3 || v[0].Key != "grass" || v[0].Label != "Grass" {
		t.Errorf("color values %+v", v)
	}
	if v := pt.Definition("tags").Type.ElementType.Values; len(v) != 1 || v[0].Key != "new" {
		t.Errorf("tags values %+v", v)
	}
	if err := apply(`{"action":"changeAttributeOrderByName","attributeNames":["cut"]}`, false); ErrorCode(err) != CodeInvalidInput {
		t.Errorf("an order naming one of the definitions: %v", err)
	}
	var names []string
	for i := len(pt.Attributes) - 1; i >= 0; i-- {
		names = append(names, pt.Attributes[i].Name)
	}
	order, _ := json.Marshal(names)
	if err := apply(`{"action":"changeAttributeOrderByName","attributeNames":`+string(order)+`}`, false); err != nil || pt.Attributes[0].Name != names[0] {
		t.Errorf("changeAttributeOrderByName: %v", err)
	}
	for _, bad := range []struct{ action, code string }{
		{`{"action":"addAttributeDefinition","attribute":{"name":"must","label":{"en":"M"},"isRequired":true,"type":{"name":"text"}}}`, CodeInvalidOperation},
		{`{"action":"changeAttributeConstraint","attributeName":"cut","newValue":"Unique"}`, CodeInvalidOperation},
		{`{"action":"changeAttributeConstraint","attributeName":"cut","newValue":"Sometimes"}`, CodeInvalidField},
		{`{"action":"changeLabel","attributeName":"nope","label":{"en":"x"}}`, CodeAttributeNameDoesNotExist},
		{`{"action":"removeAttributeDefinition","name":"nope"}`, CodeAttributeNameDoesNotExist},
		{`{"action":"addPlainEnumValue","attributeName":"size","value":{"key":"x","label":"X"}}`, CodeInvalidOperation},
		{`{"action":"addPlainEnumValue","attributeName":"color","value":{"key":"red","label":"Red"}}`, CodeDuplicateField},
		{`{"action":"changeEnumKey","attributeName":"color","key":"red","newKey":"blue"}`, CodeDuplicateField},
		{`{"action":"removeEnumValues","attributeName":"color","keys":["violet"]}`, CodeInvalidInput},
		{`{"action":"changeAttributeName","attributeName":"cut","newAttributeName":"ean"}`, CodeDuplicateField},
		{`{"action":"changeInputHint","attributeName":"cut","newValue":"Tall"}`, CodeInvalidField},
		{`{"action":"changeName","name":""}`, CodeRequiredField},
		{`{"action":"changeLabel","attributeName":"cut","label":{"en":"x"},"extra":1}`, CodeInvalidJSONInput},
	} {
		if err := apply(bad.action, true); ErrorCode(err) != bad.code {
			t.Errorf("%s: got %v, want %s", bad.action, err, bad.code)
		}
	}
	if err := apply(`{"action":"addAttributeDefinition","attribute":{"name":"must","label":{"en":"M"},"isRequired":true,"type":{"name":"text"}}}`, false); err != nil {
		t.Errorf("a required attribute on a type without products: %v", err)
	}
}

// TestAttributeTypeConflicts: an attribute name has one type across the project's product types;
// enum values may differ.
func TestAttributeTypeConflicts(t *testing.T) {
	shirt := shirtType(t)
	other := func(typ string) *ProductType {
		var d ProductTypeDraft
		if err := DecodeJSON([]byte(`{"name":"Shoe","attributes":[{"name":"color","label":{"en":"C"},"isRequired":false,"type":`+typ+`}]}`), &d); err != nil {
			t.Fatal(err)
		}
		pt, err := NewProductType(d, "pt-shoe", time.Unix(0, 0))
		if err != nil {
			t.Fatal(err)
		}
		return pt
	}
	if err := other(`{"name":"enum","values":[{"key":"black","label":"Black"}]}`).CheckConflicts([]*ProductType{shirt}); err != nil {
		t.Errorf("other enum values: %v", err)
	}
	err := other(`{"name":"text"}`).CheckConflicts([]*ProductType{shirt})
	if e, ok := err.(*Error); !ok || e.Code != CodeAttributeDefinitionTypeConflict || e.Fields["conflictingProductTypeId"] != "pt-shirt" {
		t.Errorf("another type of color: %v", err)
	}
	if err := shirt.CheckConflicts([]*ProductType{shirt}); err != nil {
		t.Errorf("a type conflicts with itself: %v", err)
	}
}
