package refshape

import (
	"strings"
	"testing"
)

func TestCheckFindsWhatTheReferenceWants(t *testing.T) {
	ref, err := Reference()
	if err != nil {
		t.Fatal(err)
	}
	base := `"id":"s1","version":1,"createdAt":"2026-12-05T00:00:00Z","lastModifiedAt":"2026-12-05T00:00:00Z","key":"main",` +
		`"languages":[],"countries":[],"distributionChannels":[],"supplyChannels":[]`
	cases := []struct {
		name, typ, json string
		want            []string // substrings, one per expected problem; none = the answer fits
	}{
		{"a complete store", "Store", `{` + base + `,"productSelections":[]}`, nil},
		{"a missing required array", "Store", `{` + base + `}`, []string{"$.productSelections: missing"}},
		{"null for an array", "Store", `{` + base + `,"productSelections":null}`, []string{"$.productSelections: null"}},
		{"a number for a string", "Store", `{` + base + `,"productSelections":[],"key":7}`, []string{"$.key: want string"}},
		{"a localized string's values", "Store", `{` + base + `,"productSelections":[],"name":{"en":1}}`, []string{"$.name.en: want string"}},
		{"an extension field is not judged", "Store", `{` + base + `,"productSelections":[],"procuraOnly":{"x":null}}`, nil},
		{"a reference's subtype by typeId, and its expanded object", "Reference",
			`{"typeId":"customer","id":"c1","obj":{"id":"c1","version":1,"createdAt":"x","lastModifiedAt":"x","email":"a@b.c",` +
				`"addresses":[],"shippingAddressIds":[],"billingAddressIds":[],"isEmailVerified":false,"stores":[],"authenticationMode":"Password"}}`,
			[]string{"$.obj.customerGroupAssignments: missing (required by Customer)"}},
		{"a business unit's subtype by unitType", "BusinessUnit",
			`{"unitType":"Company","id":"u","version":1,"createdAt":"x","lastModifiedAt":"x","key":"k","status":"Active","storeMode":"Explicit",` +
				`"name":"n","addresses":[],"shippingAddressIds":[],"billingAddressIds":[],"associateMode":"Explicit","associates":[]}`,
			[]string{"$.approvalRuleMode: missing (required by Company)", "$.topLevelUnit: missing (required by Company)"}},
		{"an array's elements", "StorePagedQueryResponse", `{"limit":1,"offset":0,"count":1,"results":[{` + base + `}]}`,
			[]string{"$.results[0].productSelections: missing"}},
	}
	for _, c := range cases {
		got := ref.Check(c.typ, []byte(c.json))
		if len(got) != len(c.want) {
			t.Errorf("%s: got %d problems %q, want %d %q", c.name, len(got), got, len(c.want), c.want)
			continue
		}
		for _, w := range c.want {
			if !containsOne(got, w) {
				t.Errorf("%s: problems %q lack %q", c.name, got, w)
			}
		}
	}
}

func containsOne(lines []string, sub string) bool {
	for _, l := range lines {
		if strings.Contains(l, sub) {
			return true
		}
	}
	return false
}
