package app

import (
	"bytes"
	"encoding/json"
	"maps"
	"testing"
)

var memberSamples = []string{
	`{}`, ` { } `, `{"a":1}`, `{"a" : "x\"}{[" , "b":[1,{"c":"]"}],"d":{"e":{"f":null}},"g":true,"h":-1.5e3}`,
	"{\n\t\"k\\u00e9y\": \"v\",\n\t\"x\": [ ]\n}", `{"a":1,"a":2}`, `{"<&>":"\u003c"}`,
	// not objects, or broken ones
	``, `null`, `[1]`, `"s"`, `{`, `{"a"`, `{"a":`, `{"a":1`, `{"a":1,}`, `{"a" 1}`, `{"a":"x}`, `{"a":[1,2}`, `{a:1}`, `{"a":1}}`,
}

// fields reads the members of what encoding/json reads as an object, and nothing of what it
// does not.
func TestFieldsReadsWhatTheDecoderReads(t *testing.T) {
	for _, s := range memberSamples {
		checkFields(t, []byte(s))
	}
}

func FuzzFields(f *testing.F) {
	for _, s := range memberSamples {
		f.Add([]byte(s))
	}
	f.Fuzz(checkFields)
}

func checkFields(t *testing.T, raw []byte) {
	got := fields(raw)
	var want map[string]json.RawMessage
	if json.Unmarshal(raw, &want) != nil || want == nil {
		if got != nil && json.Valid(raw) {
			t.Errorf("fields(%q) = %v, want nil", raw, got)
		}
		return
	}
	if !maps.EqualFunc(got, want, func(a, b json.RawMessage) bool { return bytes.Equal(a, b) }) {
		t.Errorf("fields(%q) = %q, want %q", raw, got, want)
	}
}

func TestWithoutFieldCutsOneMember(t *testing.T) {
	for _, c := range []struct{ in, name, want string }{
		{`{"a":1,"b":2,"c":3}`, "a", `{"b":2,"c":3}`},
		{`{"a":1,"b":2,"c":3}`, "b", `{"a":1,"c":3}`},
		{`{"a":1,"b":2,"c":3}`, "c", `{"a":1,"b":2}`},
		{`{"a":1}`, "a", `{}`},
		{`{"a":1}`, "z", `{"a":1}`},
		{`{"a":{"b":1},"b":2}`, "b", `{"a":{"b":1}}`},
	} {
		got, err := withoutField([]byte(c.in), c.name)
		if err != nil || string(got) != c.want {
			t.Errorf("withoutField(%s, %s) = %s, %v; want %s", c.in, c.name, got, err, c.want)
		}
	}
	if _, err := withoutField([]byte(`{"a":`), "a"); err == nil {
		t.Error("a broken object was cut")
	}
}

func TestAppendObjectWritesValidSortedJSON(t *testing.T) {
	got := appendObject(nil, map[string]json.RawMessage{"b": json.RawMessage(`[1]`), "a\"<": json.RawMessage(`"x"`)})
	if want := `{"a\"\u003c":"x","b":[1]}`; string(got) != want {
		t.Errorf("appendObject = %s, want %s", got, want)
	}
}
