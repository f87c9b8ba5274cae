package httpapi

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

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
	req, _ := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestEveryRouteChecksItsScope calls every route with a token that holds every scope but the
// route's (403), with a token of another project holding it (403), without a token (401), and
// with exactly the route's scope (anything but 401 and 403).
func TestEveryRouteChecksItsScope(t *testing.T) {
	s, ts := testServer(t)
	var others []string
	for _, name := range app.KnownScopes {
		others = append(others, name+":acme")
	}
	for _, rt := range s.routes() {
		method, pattern, _ := strings.Cut(rt.pattern, " ")
		path := strings.NewReplacer("{project}", "acme", "{ref}", "key=nope", "{customer}", "nobody").Replace(pattern)
		t.Run(rt.pattern, func(t *testing.T) {
			var without []string
			for _, sc := range others {
				name, _, _ := strings.Cut(sc, ":")
				if name != rt.scope && name != "manage_project" && !(strings.HasPrefix(rt.scope, "view_") && name == "manage_"+strings.TrimPrefix(rt.scope, "view_")) {
					without = append(without, sc)
				}
			}
			cases := []struct {
				name  string
				token string
				deny  int
			}{
				{"all other scopes", tokenFor(t, s.App, "acme", without...), http.StatusForbidden},
				{"the scope in another project", tokenFor(t, s.App, "other", rt.scope+":other"), http.StatusForbidden},
				{"no token", "", http.StatusUnauthorized},
			}
			for _, c := range cases {
				if got := call(t, ts, method, path, c.token, "{}"); got != c.deny {
					t.Errorf("%s: got %d, want %d", c.name, got, c.deny)
				}
			}
			got := call(t, ts, method, path, tokenFor(t, s.App, "acme", rt.scope+":acme"), "{}")
			if got == http.StatusForbidden || got == http.StatusUnauthorized {
				t.Errorf("with scope %s: got %d", rt.scope, got)
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
