package app

import "testing"

// TestWithField: a field is set in a JSON object as it is written, replaced where the object has
// it already, and appended otherwise; every other byte stays.
func TestWithField(t *testing.T) {
	for _, tc := range []struct{ obj, want string }{
		{`{}`, `{"obj":1}`},
		{`{ }`, `{"obj":1}`},
		{`{"typeId":"customer","id":"c1"}`, `{"typeId":"customer","id":"c1","obj":1}`},
		{`{"typeId": "customer", "id": "c1" }`, `{"typeId": "customer", "id": "c1","obj":1}`},
		{`{"obj":{"old":[1,2]},"id":"c1"}`, `{"obj":1,"id":"c1"}`},
		{`{"id":"c1","obj" : "x"}`, `{"id":"c1","obj" : 1}`},
		{`{"nested":{"obj":2},"id":"c1"}`, `{"nested":{"obj":2},"id":"c1","obj":1}`},
	} {
		got, err := withField([]byte(tc.obj), "obj", []byte("1"))
		if err != nil || string(got) != tc.want {
			t.Errorf("withField(%s) = %s, %v; want %s", tc.obj, got, err, tc.want)
		}
	}
	if _, err := withField([]byte(`{"id":`), "obj", []byte("1")); err == nil {
		t.Error("a broken object was accepted")
	}
}

// TestWithoutFields: a field is cut out of a JSON object with its key and one comma, wherever it
// stands; an object without it stays as it is.
func TestWithoutFields(t *testing.T) {
	for _, tc := range []struct{ obj, want string }{
		{`{"passwordHash":"h"}`, `{}`},
		{`{"passwordHash":"h","id":"c1"}`, `{"id":"c1"}`},
		{`{ "passwordHash" : "h" , "id":"c1"}`, `{ "id":"c1"}`},
		{`{"id":"c1","passwordHash":"h"}`, `{"id":"c1"}`},
		{`{"id":"c1","passwordHash":{"a":[1,"}"]},"email":"x"}`, `{"id":"c1","email":"x"}`},
		{`{"id":"c1","nested":{"passwordHash":"h"}}`, `{"id":"c1","nested":{"passwordHash":"h"}}`},
		{`{"id":"c1"}`, `{"id":"c1"}`},
	} {
		got, err := withoutFields([]byte(tc.obj), "passwordHash")
		if err != nil || string(got) != tc.want {
			t.Errorf("withoutFields(%s) = %s, %v; want %s", tc.obj, got, err, tc.want)
		}
	}
}
