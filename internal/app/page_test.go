package app

import (
	"encoding/json"
	"testing"
)

// TestPageJSON: a page of stored documents is written with them spliced in as they are, and
// reads back as the same page.
func TestPageJSON(t *testing.T) {
	total := 7
	for _, c := range []struct {
		page Page
		want string
	}{
		{Page{Limit: 20, Count: 2, Total: &total, raw: []json.RawMessage{[]byte(`{"id":"a"}`), []byte(`{"id":"b","n":[1,2]}`)}},
			`{"limit":20,"offset":0,"count":2,"total":7,"results":[{"id":"a"},{"id":"b","n":[1,2]}]}`},
		{Page{Limit: 5, Offset: 10, raw: []json.RawMessage{}}, `{"limit":5,"offset":10,"count":0,"results":[]}`},
		{Page{Limit: 1, Count: 1, Results: []map[string]any{{"id": "c"}}}, `{"limit":1,"offset":0,"count":1,"results":[{"id":"c"}]}`},
	} {
		got, err := c.page.MarshalJSON()
		if err != nil || string(got) != c.want || !json.Valid(got) {
			t.Errorf("MarshalJSON = %s, %v; want %s", got, err, c.want)
		}
	}
}
