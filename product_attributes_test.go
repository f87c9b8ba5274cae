package procura

import (
	"encoding/json"
	"testing"
)

// newShirt creates a product of shirtType from the JSON of its variants and attributes.
func newShirt(t *testing.T, pt *ProductType, fields string) (*Product, error) {
	t.Helper()
	var d ProductDraft
	if err := DecodeJSON([]byte(`{"productType":{"id":"pt-shirt"},"name":{"en":"Shirt"},"slug":{"en":"shirt"}`+fields+`}`), &d); err != nil {
		t.Fatal(err)
	}
	return NewProduct(d, pt, "p-shirt", newWorld().change())
}

// TestProductAttributesOfTheirType: values of every type are accepted and answered in the
// reference's shape; undefined names, wrong types, missing required attributes and broken
// constraints are refused.
func TestProductAttributesOfTheirType(t *testing.T) {
	pt := shirtType(t)
	p, err := newShirt(t, pt, `,"attributes":[{"name":"origin","value":"PT"}],
		"masterVariant":{"sku":"S-1","attributes":[{"name":"color","value":"red"},{"name":"size","value":{"key":"m"}},{"name":"brand","value":"Acme"},
			{"name":"care","value":{"en":"wash cold"}},{"name":"weight","value":0.2},{"name":"msrp","value":{"currencyCode":"EUR","centAmount":1999}},
			{"name":"since","value":"2024-02-29"},{"name":"opens","value":"08:30:00"},{"name":"launch","value":"2024-03-01T10:00:00+01:00"},
			{"name":"organic","value":true},{"name":"related","value":{"typeId":"product","id":"p2"}},{"name":"tags","value":["new","eco"]}]},
		"variants":[{"sku":"S-2","attributes":[{"name":"color","value":"red"},{"name":"size","value":"l"},{"name":"brand","value":"Acme"}]}]`)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(p.MasterData.Current.MasterVariant.Attributes)
	want := `[{"name":"color","value":{"key":"red","label":"Red"}},{"name":"size","value":{"key":"m","label":{"en":"M"}}},{"name":"brand","value":"Acme"},` +
		`{"name":"care","value":{"en":"wash cold"}},{"name":"weight","value":0.2},{"name":"msrp","value":{"type":"centPrecision","currencyCode":"EUR","centAmount":1999,"fractionDigits":2}},` +
		`{"name":"since","value":"2024-02-29"},{"name":"opens","value":"08:30:00"},{"name":"launch","value":"2024-03-01T09:00:00.000Z"},` +
		`{"name":"organic","value":true},{"name":"related","value":{"typeId":"product","id":"p2"}},{"name":"tags","value":[{"key":"new","label":"New"},{"key":"eco","label":"Eco"}]}]`
	if string(got) != want {
		t.Errorf("attributes answered as\n%s\nwant\n%s", got, want)
	}
	if a := p.MasterData.Current.Attributes; len(a) != 1 || a[0].Value != "PT" {
		t.Errorf("product attributes %+v", a)
	}
	red := `{"name":"color","value":"red"}`
	for _, bad := range []struct{ name, fields, code string }{
		{"undefined", `,"masterVariant":{"attributes":[` + red + `,{"name":"shade","value":"x"}]}`, CodeAttributeNameDoesNotExist},
		{"required missing", `,"masterVariant":{"attributes":[{"name":"ean","value":"1"}]}`, CodeRequiredField},
		{"enum key unknown", `,"masterVariant":{"attributes":[{"name":"color","value":"pink"}]}`, CodeInvalidField},
		{"text as number", `,"masterVariant":{"attributes":[` + red + `,{"name":"ean","value":4}]}`, CodeInvalidField},
		{"ltext as text", `,"masterVariant":{"attributes":[` + red + `,{"name":"care","value":"wash"}]}`, CodeInvalidField},
		{"money without currency", `,"masterVariant":{"attributes":[` + red + `,{"name":"msrp","value":{"centAmount":1}}]}`, CodeRequiredField},
		{"bad date", `,"masterVariant":{"attributes":[` + red + `,{"name":"since","value":"2024-02-30"}]}`, CodeInvalidField},
		{"bad time", `,"masterVariant":{"attributes":[` + red + `,{"name":"opens","value":"25:00:00"}]}`, CodeInvalidField},
		{"bad datetime", `,"masterVariant":{"attributes":[` + red + `,{"name":"launch","value":"tomorrow"}]}`, CodeInvalidField},
		{"boolean as text", `,"masterVariant":{"attributes":[` + red + `,{"name":"organic","value":"yes"}]}`, CodeInvalidField},
		{"reference of another type", `,"masterVariant":{"attributes":[` + red + `,{"name":"related","value":{"typeId":"category","id":"c"}}]}`, CodeInvalidField},
		{"set as one value", `,"masterVariant":{"attributes":[` + red + `,{"name":"tags","value":"new"}]}`, CodeInvalidField},
		{"given twice", `,"masterVariant":{"attributes":[` + red + `,` + red + `]}`, CodeDuplicateField},
		{"product attribute on a variant", `,"masterVariant":{"attributes":[` + red + `,{"name":"origin","value":"PT"}]}`, CodeInvalidOperation},
		{"variant attribute on the product", `,"masterVariant":{"attributes":[` + red + `]},"attributes":[` + red + `]`, CodeInvalidOperation},
		{"SameForAll", `,"masterVariant":{"attributes":[` + red + `,{"name":"brand","value":"A"}]},"variants":[{"attributes":[{"name":"color","value":"blue"},{"name":"brand","value":"B"}]}]`, CodeInvalidOperation},
		{"Unique", `,"masterVariant":{"attributes":[` + red + `,{"name":"ean","value":"1"}]},"variants":[{"attributes":[{"name":"color","value":"blue"},{"name":"ean","value":"1"}]}]`, CodeDuplicateAttributeValue},
		{"CombinationUnique", `,"masterVariant":{"attributes":[` + red + `,{"name":"size","value":"m"}]},"variants":[{"attributes":[` + red + `,{"name":"size","value":"m"}]}]`, CodeDuplicateAttributeValues},
	} {
		if _, err := newShirt(t, pt, bad.fields); ErrorCode(err) != bad.code {
			t.Errorf("%s: got %v, want %s", bad.name, err, bad.code)
		}
	}
}

// TestProductsFollowTheirType: renamed attributes, changed enum keys and labels and removed
// definitions reach the products of the type; a removed enum value a required attribute holds
// is refused.
func TestProductsFollowTheirType(t *testing.T) {
	pt := shirtType(t)
	p, err := newShirt(t, pt, `,"masterVariant":{"attributes":[{"name":"color","value":"red"},{"name":"weight","value":1},{"name":"tags","value":["new","eco"]},{"name":"ean","value":"1"}]}`)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []string{
		`{"action":"changeAttributeName","attributeName":"ean","newAttributeName":"gtin"}`,
		`{"action":"changeEnumKey","attributeName":"color","key":"red","newKey":"crimson"}`,
		`{"action":"changePlainEnumValueLabel","attributeName":"color","newValue":{"key":"crimson","label":"Crimson"}}`,
		`{"action":"removeEnumValues","attributeName":"tags","keys":["eco"]}`,
		`{"action":"removeAttributeDefinition","name":"weight"}`,
	} {
		if err := pt.Apply(json.RawMessage(a), true); err != nil {
			t.Fatalf("%s: %v", a, err)
		}
	}
	stored, _ := json.Marshal(p)
	var loaded Product // as the store gives it back
	_ = json.Unmarshal(stored, &loaded)
	if err := loaded.FollowType(pt); err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(loaded.MasterData.Current.MasterVariant.Attributes)
	want := `[{"name":"color","value":{"key":"crimson","label":"Crimson"}},{"name":"tags","value":[{"key":"new","label":"New"}]},{"name":"gtin","value":"1"}]`
	if string(got) != want {
		t.Errorf("followed attributes %s, want %s", got, want)
	}
	pt.Followed = TypeChanges{}
	if err := pt.Apply(json.RawMessage(`{"action":"removeEnumValues","attributeName":"color","keys":["crimson"]}`), true); err != nil {
		t.Fatal(err)
	}
	if err := loaded.FollowType(pt); ErrorCode(err) != CodeRequiredField {
		t.Errorf("removing the enum value a required attribute holds: %v", err)
	}
}
