package httpapi

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/sqlstore/sqltest"
)

// testServer serves the API over a fresh SQLite database with projects "acme" and "other".
func testServer(t *testing.T) (*Server, *httptest.Server) {
	t.Helper()
	a := app.New(sqltest.Open(t, sqltest.Backend{Name: "sqlite", URL: sqltest.SQLiteURL}))
	a.Passwords = app.Argon2id{Cheap: true}
	for _, p := range []string{"acme", "other"} {
		if _, err := a.CreateProject(context.Background(), p, ""); err != nil {
			t.Fatal(err)
		}
	}
	s := &Server{App: a, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), MaxBody: 1 << 20}
	ts := httptest.NewServer(s.Handler(nil))
	t.Cleanup(ts.Close)
	return s, ts
}

// tokenFor issues a token with the given scopes in project.
func tokenFor(t *testing.T, a *app.App, project string, scopes ...string) string {
	t.Helper()
	ctx := context.Background()
	c, err := a.CreateAPIClient(ctx, project, strings.Join(scopes, " "), "", "")
	if err != nil {
		t.Fatal(err)
	}
	tok, err := a.ClientCredentials(ctx, c.ID, c.Secret, "")
	if err != nil {
		t.Fatal(err)
	}
	return tok.AccessToken
}

func call(t *testing.T, ts *httptest.Server, method, path, token, body string) int {
	t.Helper()
	status, _ := callCode(t, ts, method, path, token, body)
	return status
}

// callCode returns the status and the first error code of the answer.
func callCode(t *testing.T, ts *httptest.Server, method, path, token, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var e struct {
		Errors []struct {
			Code string `json:"code"`
		} `json:"errors"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&e)
	if len(e.Errors) == 0 {
		return resp.StatusCode, ""
	}
	return resp.StatusCode, e.Errors[0].Code
}

// customerToken signs alice in with the password flow through a client holding scopes.
func customerToken(t *testing.T, a *app.App, alice string, scopes ...string) string {
	t.Helper()
	ctx := context.Background()
	c, err := a.CreateAPIClient(ctx, "acme", strings.Join(scopes, " "), "", "")
	if err != nil {
		t.Fatal(err)
	}
	tok, err := a.PasswordGrant(ctx, c.ID, c.Secret, "acme", alice, "correct horse", "", app.UnitChoice{}, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	return tok.AccessToken
}

// withoutScope lists every scope of project acme except those that grant name.
func withoutScope(name string) []string {
	var out []string
	for _, n := range app.KnownScopes {
		if !(app.Scopes{n + ":acme"}).Allows(name, "acme") {
			out = append(out, n+":acme")
		}
	}
	return out
}

type attempt struct {
	name, token, path string
	want              int // the refusal expected; 0: anything but 401 and 403
}

// storeAttempts are the calls of rt with store-scoped tokens: on an in-store path of store s1,
// the scope of s1 lets the caller through and that of s2 does not; on any other path, a
// store-scoped scope is refused.
func storeAttempts(t *testing.T, s *Server, rt route, path string) []attempt {
	if !slices.Contains(app.StoreScopes, rt.scope) {
		return nil
	}
	token := func(store string) string {
		scope := rt.scope + ":acme:" + store
		if rt.token == customer || rt.token == shopper {
			return customerToken(t, s.App, "alice@acme.example", scope)
		}
		return tokenFor(t, s.App, "acme", scope)
	}
	if !rt.inStore() {
		return []attempt{{"a store-scoped scope on a general path", token("s1"), path, http.StatusForbidden}}
	}
	return []attempt{
		{"the scope of the path's store", token("s1"), path, 0},
		{"the scope of another store", token("s2"), path, http.StatusForbidden},
	}
}

// TestEveryRouteChecksWhoMayCall calls every route with tokens that lack what the route needs
// (the scope, the project, the customer, the right associate) and with one that has it.
func TestEveryRouteChecksWhoMayCall(t *testing.T) {
	s, ts := testServer(t)
	ctx := context.Background()
	alice, err := s.App.CreateCustomer(ctx, app.Caller{ProjectKey: "acme"}, procura.CustomerDraft{Email: "alice@acme.example", Password: "correct horse"})
	if err != nil {
		t.Fatal(err)
	}
	aliceID := alice.Customer.ID
	for _, rt := range s.routes() {
		method, pattern, _ := strings.Cut(rt.pattern, " ")
		path := func(associate string) string {
			return strings.NewReplacer("{project}", "acme", "{ref}", "key=nope", "{customer}", "nobody",
				"{unit}", "key=nope", "{associate}", associate, "{store}", "key=s1").Replace(pattern)
		}
		t.Run(rt.pattern, func(t *testing.T) {
			attempts := []attempt{
				{"no token", "", path(aliceID), http.StatusUnauthorized},
				{"all other scopes", tokenFor(t, s.App, "acme", withoutScope(rt.scope)...), path(aliceID), http.StatusForbidden},
				{"the scope in another project", tokenFor(t, s.App, "other", rt.scope+":other"), path(aliceID), http.StatusForbidden},
			}
			client := tokenFor(t, s.App, "acme", rt.scope+":acme")
			switch rt.token {
			case general:
				attempts = append(attempts, attempt{"the scope", client, path(aliceID), 0})
			case customer:
				attempts = append(attempts,
					attempt{"an API client's token", client, path(aliceID), http.StatusForbidden},
					attempt{"a customer's token with the scope", customerToken(t, s.App, "alice@acme.example", rt.scope+":acme"), path(aliceID), 0})
			case visitor:
				attempts = append(attempts,
					attempt{"a customer's token", customerToken(t, s.App, "alice@acme.example", rt.scope+":acme"), path(aliceID), http.StatusBadRequest},
					attempt{"an API client's token", client, path(aliceID), 0})
			case associate:
				mine := customerToken(t, s.App, "alice@acme.example", customerScopes[rt.scope]+":acme")
				attempts = append(attempts,
					attempt{"a view scope only", tokenFor(t, s.App, "acme", "view_business_units:acme"), path(aliceID), http.StatusForbidden},
					attempt{"a customer's token acting as someone else", mine, path("someone-else"), http.StatusForbidden},
					attempt{"a customer's token acting as themselves", mine, path(aliceID), 0},
					attempt{"an API client's token with the manage scope", client, path("anyone"), 0})
			}
			attempts = append(attempts, storeAttempts(t, s, rt, path(aliceID))...)
			for _, at := range attempts {
				got, code := callCode(t, ts, method, at.path, at.token, "{}")
				wantCode := map[int]string{http.StatusForbidden: "insufficient_scope", http.StatusUnauthorized: "invalid_token"}[at.want]
				if at.want != 0 && (got != at.want || (wantCode != "" && code != wantCode)) {
					t.Errorf("%s: got %d %s, want %d %s", at.name, got, code, at.want, wantCode)
				}
				// Let through: whatever the use case answers, it is not the route refusing the token.
				if at.want == 0 && (code == "insufficient_scope" || code == "invalid_token") {
					t.Errorf("%s: got %d %s, want the request let through", at.name, got, code)
				}
			}
		})
	}
}

func TestHeadAndUnknownPaths(t *testing.T) {
	s, ts := testServer(t)
	tok := tokenFor(t, s.App, "acme", "manage_project:acme")
	if got := call(t, ts, http.MethodHead, "/acme/business-units", tok, ""); got != http.StatusOK {
		t.Errorf("HEAD collection: got %d, want 200", got)
	}
	if got := call(t, ts, http.MethodHead, "/acme/business-units/key=nope", tok, ""); got != http.StatusNotFound {
		t.Errorf("HEAD missing unit: got %d, want 404", got)
	}
	if got := call(t, ts, http.MethodGet, "/acme/no-such-thing", tok, ""); got != http.StatusNotFound {
		t.Errorf("unknown path: got %d, want 404", got)
	}
	if got := call(t, ts, http.MethodGet, "/acme/business-units?limit=501", tok, ""); got != http.StatusBadRequest {
		t.Errorf("limit over 500: got %d, want 400", got)
	}
	if got := call(t, ts, http.MethodGet, "/acme/business-units?where=key%3D", tok, ""); got != http.StatusBadRequest {
		t.Errorf("malformed where: got %d, want 400", got)
	}
}
