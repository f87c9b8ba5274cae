package httpapi

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestHistoryRecordsTheRequest: a write's record names the request (the id its answer carries in
// X-Correlation-ID) and the address it came from, and is found by resource on both routes.
func TestHistoryRecordsTheRequest(t *testing.T) {
	s, ts := testServer(t)
	token := tokenFor(t, s.App, "acme", "manage_project:acme")
	do := func(method, path, body string) (*http.Response, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return resp, out
	}
	resp, created := do("POST", "/acme/stores", `{"key":"berlin"}`)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("creating a store: %d %v", resp.StatusCode, created)
	}
	requestID := resp.Header.Get("X-Correlation-ID")
	for _, path := range []string{"/acme/history?resourceType=store&from=2000-01-01T00:00:00Z", "/acme/history/store/" + created["id"].(string)} {
		resp, page := do("GET", path, "")
		results, _ := page["results"].([]any)
		if resp.StatusCode != http.StatusOK || len(results) != 1 {
			t.Fatalf("%s: %d %v", path, resp.StatusCode, page)
		}
		rec := results[0].(map[string]any)
		if rec["requestId"] != requestID || rec["clientAddress"] != "127.0.0.1" || rec["change"] != "ResourceCreated" {
			t.Errorf("%s: record %v, want request %s from 127.0.0.1", path, rec, requestID)
		}
	}
	for _, path := range []string{"/acme/history?from=yesterday", "/acme/history?where=id%3D%221%22", "/acme/history?limit=501", "/acme/history?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z"} {
		if got, code := callCode(t, ts, "GET", path, token, ""); got != http.StatusBadRequest || code != "InvalidInput" {
			t.Errorf("%s: got %d %s, want 400 InvalidInput", path, got, code)
		}
	}
}
