package oauth_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/httpapi"
	"github.com/procura/procura/internal/oauth"
	"github.com/procura/procura/internal/sqlstore/sqltest"
)

// TestParametersOnlyFromTheBody: credentials in the query string are refused with
// invalid_request; parameters are read from the form body only.
func TestParametersOnlyFromTheBody(t *testing.T) {
	ctx := context.Background()
	a := app.New(sqltest.Open(t, sqltest.Backend{Name: "sqlite", URL: sqltest.SQLiteURL}))
	a.Passwords = app.Argon2id{Cheap: true}
	if _, err := a.CreateProject(ctx, "acme", ""); err != nil {
		t.Fatal(err)
	}
	client, err := a.CreateAPIClient(ctx, "acme", "manage_project:acme", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.CreateCustomer(ctx, app.Caller{ProjectKey: "acme"}, procura.CustomerDraft{Email: "ann@a.example", Password: "correct horse"}); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := httptest.NewServer((&httpapi.Server{App: a, Log: log, MaxBody: 1 << 20}).Handler((&oauth.Handler{App: a, Log: log}).Routes()))
	t.Cleanup(srv.Close)

	post := func(path, query string, body url.Values) (int, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, srv.URL+path+"?"+query, strings.NewReader(body.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(client.ID, client.Secret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&m)
		return resp.StatusCode, m
	}
	grant := url.Values{"grant_type": {"password"}, "username": {"ann@a.example"}, "password": {"correct horse"}}
	const customers = "/oauth/acme/customers/token"

	if status, m := post(customers, "", grant); status != 200 || m["refresh_token"] == nil {
		t.Fatalf("password grant in the body: %d %v", status, m)
	}
	refresh := func() string { _, m := post(customers, "", grant); return m["refresh_token"].(string) }()
	for _, tc := range []struct{ name, path, query string }{
		{"password", customers, "password=correct+horse"},
		{"username", customers, "username=ann%40a.example"},
		{"client_secret", "/oauth/token", "client_secret=" + client.Secret},
		{"refresh_token", "/oauth/token", "refresh_token=" + refresh},
		{"token", "/oauth/token/revoke", "token=" + refresh},
	} {
		status, m := post(tc.path, tc.query, url.Values{"grant_type": {"client_credentials"}, "token": {"x"}})
		if status != 400 || m["error"] != "invalid_request" || !strings.Contains(m["error_description"].(string), tc.name) {
			t.Errorf("%s in the query string: %d %v, want 400 invalid_request naming it", tc.name, status, m)
		}
	}
	// Other parameters in the query string are not read: the grant type must be in the body.
	if status, m := post("/oauth/token", "grant_type=client_credentials", nil); status != 400 || m["error"] != "invalid_request" {
		t.Errorf("grant_type only in the query string: %d %v, want 400 invalid_request", status, m)
	}
	if status, m := post("/oauth/token", "", url.Values{"grant_type": {"client_credentials"}}); status != 200 || m["access_token"] == nil {
		t.Errorf("client credentials in the body: %d %v", status, m)
	}
	if status, m := post("/oauth/token", "", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}}); status != 200 || m["access_token"] == nil {
		t.Errorf("refresh token in the body: %d %v", status, m)
	}
}
