package httpapi

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestStrictJSONOverHTTP: an update action with a field it does not have, a case-variant key and
// a duplicate key are refused with 400 InvalidJsonInput naming the path; malformed JSON keeps the
// reference's message; nothing is written.
func TestStrictJSONOverHTTP(t *testing.T) {
	s, ts := testServer(t)
	token := tokenFor(t, s.App, "acme", "manage_stores:acme")
	post := func(path, body string) (int, string, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, ts.URL+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var e struct {
			Message string `json:"message"`
			Errors  []struct {
				Code string `json:"code"`
			} `json:"errors"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&e)
		code := ""
		if len(e.Errors) > 0 {
			code = e.Errors[0].Code
		}
		return resp.StatusCode, code, e.Message
	}
	if status, _, msg := post("/acme/stores", `{"key":"berlin","name":{"en":"Berlin"}}`); status != http.StatusCreated {
		t.Fatalf("creating the store: %d %s", status, msg)
	}
	tests := []struct {
		name, body string
		status     int
		msg        string
	}{
		{name: "a field the action does not have", body: `{"version":1,"actions":[{"action":"setName","name":{"en":"B"}},{"action":"setLanguages","languages":["en"],"name":{"en":"C"}}]}`,
			status: 400, msg: `actions[1]: unknown field "name" for action "setLanguages"`},
		{name: "a case-variant key", body: `{"version":1,"actions":[{"action":"setName","name":{"en":"B"}},{"action":"setLanguages","Languages":["en"]}]}`,
			status: 400, msg: `actions[1]: unknown field "Languages" (field names are case-sensitive: "languages")`},
		{name: "a case-variant key in the envelope", body: `{"VERSION":1,"actions":[]}`,
			status: 400, msg: `unknown field "VERSION" (field names are case-sensitive: "version")`},
		{name: "a duplicate key", body: `{"version":1,"actions":[{"action":"setLanguages","languages":["en"],"languages":["de"]}]}`,
			status: 400, msg: `actions[0]: duplicate field "languages"`},
		{name: "a value of the wrong kind", body: `{"version":1,"actions":[{"action":"setLanguages","languages":"en"}]}`,
			status: 400, msg: `actions[0].languages: expected an array, got a string`},
		{name: "malformed JSON", body: `{"version":1,"actions":[`, status: 400, msg: "Request body does not contain valid JSON."},
		{name: "the same update, well formed", body: `{"version":1,"actions":[{"action":"setName","name":{"en":"B"}},{"action":"setLanguages","languages":["en"]}]}`,
			status: 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, code, msg := post("/acme/stores/key=berlin", tc.body)
			if status != tc.status {
				t.Fatalf("status %d (%s: %s), want %d", status, code, msg, tc.status)
			}
			if tc.status == 200 {
				return
			}
			if code != "InvalidJsonInput" || msg != tc.msg {
				t.Errorf("got %s %q, want InvalidJsonInput %q", code, msg, tc.msg)
			}
		})
	}
}
