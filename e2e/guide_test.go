package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGuide runs every request of docs/guide.md, in order, against `procura serve --demo` and
// checks each answer the guide shows, so that the guide cannot drift from what Procura does.
func TestGuide(t *testing.T) {
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join(root, "docs", "guide.md"))
	if err != nil {
		t.Fatal(err)
	}
	exchanges, err := parseGuide(string(src))
	if err != nil {
		t.Fatalf("docs/guide.md: %v", err)
	}
	if len(exchanges) < 40 {
		t.Fatalf("docs/guide.md holds %d exchanges; its stories need more", len(exchanges))
	}
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			s := startServer(t, b.url(t), "--demo", "--mail-dir", t.TempDir(), "--smtp-from", "demo@procura.localhost")
			// The client `serve --demo` prints: the guide's reader copies its id and secret.
			c := s.newAPIClient(t, "demo", "manage_project:demo")
			vars := guideVars{"clientId": c.ID, "clientSecret": c.Secret}
			for _, x := range exchanges {
				if err := x.run(s.base, vars); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// TestGuideRunnerRefusesWrongAnswers: the runner fails an answer that differs from the guide's in
// its status, a field's value, a missing field or an array's length, and takes the values of
// {{name}} for later requests.
func TestGuideRunnerRefusesWrongAnswers(t *testing.T) {
	const got = `{"id":"c1","version":3,"lineItems":[{"sku":"A"},{"sku":"B"}],"cartState":"Active"}`
	for _, c := range []struct {
		answer string
		status int
		fails  string // "" passes
	}{
		{"HTTP/1.1 201 Created\n{\"cartState\": \"Active\"}", 201, ""},
		{"HTTP/1.1 200 OK\n{\"cartState\": \"Active\"}", 201, "status 201, the guide shows 200"},
		{"HTTP/1.1 201 Created\n{\"cartState\": \"Frozen\"}", 201, `at cartState: got "Active", the guide shows "Frozen"`},
		{"HTTP/1.1 201 Created\n{\"key\": \"x\"}", 201, `no field "key"`},
		{"HTTP/1.1 201 Created\n{\"lineItems\": [{\"sku\": \"A\"}]}", 201, "at lineItems: 2 elements, the guide shows 1"},
		{"HTTP/1.1 201 Created\n{\"lineItems\": [{\"sku\": \"A\"}, \"...\"]}", 201, ""},
		{"HTTP/1.1 201 Created\n{\"lineItems\": [{\"sku\": \"B\"}, \"...\"]}", 201, `at lineItems[0].sku: got "A"`},
		{"HTTP/1.1 201 Created\n{\"version\": 4}", 201, "at version: got 3, the guide shows 4"},
		{"HTTP/1.1 201 Created\n{\"id\": \"{{=cartId}}\"}", 201, `at id: got "c1", the guide shows "c0"`},
		{"HTTP/1.1 201 Gone", 201, `status 201 is "Created"`},
	} {
		vars := guideVars{"cartId": "c0"}
		want, err := parseAnswer(strings.Split(c.answer, "\n"), vars)
		if err == nil {
			err = want.check(c.status, []byte(got), vars)
		}
		switch {
		case c.fails == "" && err != nil:
			t.Errorf("%q: %v, want it to pass", c.answer, err)
		case c.fails != "" && (err == nil || !strings.Contains(err.Error(), c.fails)):
			t.Errorf("%q: error %v, want one containing %q", c.answer, err, c.fails)
		}
	}

	vars := guideVars{}
	want, err := parseAnswer([]string{"HTTP/1.1 201 Created", `{"id": "{{cartId}}", "version": {{cartVersion}}}`}, vars)
	if err != nil {
		t.Fatal(err)
	}
	if err := want.check(201, []byte(got), vars); err != nil {
		t.Fatal(err)
	}
	x := exchange{line: 7, req: []string{"POST /demo/carts/{{cartId}}", "Authorization: Basic id:secret", "", `{"version": {{cartVersion}}}`}}
	req, err := x.request("http://h", vars)
	if err != nil {
		t.Fatal(err)
	}
	if req.URL.Path != "/demo/carts/c1" || req.Header.Get("Authorization") != "Basic aWQ6c2VjcmV0" || req.Header.Get("Content-Type") != "application/json" {
		t.Errorf("request %s %s, headers %v", req.Method, req.URL, req.Header)
	}
	x.req[0] = "GET /demo/carts/{{orderId}}"
	if _, err := x.request("http://h", vars); err == nil || !strings.Contains(err.Error(), "{{orderId}} is used before") {
		t.Errorf("an unknown placeholder: %v", err)
	}
	if _, err := parseGuide("```http\nGET /demo\n```\ntext\n```http\nGET /demo\n```\n"); err == nil || !strings.Contains(err.Error(), "line 2: a request without an answer") {
		t.Errorf("a request without an answer: %v", err)
	}
}
