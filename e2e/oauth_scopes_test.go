package e2e

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
)

// Clients ask for the scopes they need, as the SDKs do: any subset of what the client holds
// (manage_project holds every scope, manage_X holds view_X), and the token says what it was
// given; a customer's token asked for with the client's own scopes gets the customer scopes.
func TestTokensForTheScopesAskedFor(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		p := s.project
		w := newWorld(t, s)
		w.customer(t, "ida")
		cc := func(c apiClient, scope string) response {
			return s.postForm(t, "/oauth/token", c, url.Values{"grant_type": {"client_credentials"}, "scope": {scope}})
		}

		narrow := decodeToken(t, "a narrower scope", cc(s.admin, "view_products:"+p+" view_customers:"+p))
		if narrow.Scope != "view_products:"+p+" view_customers:"+p {
			t.Fatalf("the token's scope %q, want what was asked for", narrow.Scope)
		}
		if r := s.do(t, http.MethodGet, w.path("/customers"), narrow.AccessToken, nil); r.status != http.StatusOK {
			t.Errorf("the narrowed token reads customers: %d", r.status)
		}
		if r := s.do(t, http.MethodGet, w.path("/orders"), narrow.AccessToken, nil); r.status != http.StatusForbidden {
			t.Errorf("the narrowed token reads orders: %d, want 403", r.status)
		}
		if r := s.do(t, http.MethodPost, w.path("/customers"), narrow.AccessToken, []byte(`{"email":"x@x.example","password":"Secret-x-123"}`)); r.status != http.StatusForbidden {
			t.Errorf("the narrowed token creates a customer: %d, want 403", r.status)
		}

		viewer := s.newAPIClient(t, p, "view_orders:"+p)
		decodeToken(t, "the scope the client holds", cc(viewer, "view_orders:"+p))
		for _, asked := range []string{"manage_orders:" + p, "view_orders:other-project", "view_customers:" + p, "fly_to_the_moon:" + p} {
			oauthError(t, "a client asking "+asked, cc(viewer, asked), http.StatusBadRequest, "invalid_scope")
		}

		// The TypeScript SDK's password flow sends the client's own scopes.
		tok := decodeToken(t, "password flow with the client's scopes", s.passwordGrant(t, emailOf("ida"), passwordOf("ida"),
			url.Values{"scope": {"manage_project:" + p}}))
		if tok.has("manage_project:"+p) || !tok.has("manage_my_profile:"+p) || !tok.has("customer_id:"+w.ids["ida"]) {
			t.Fatalf("the customer's token scope %q, want the customer scopes and no manage_project", tok.Scope)
		}
		if r := s.do(t, http.MethodGet, w.path("/customers"), tok.AccessToken, nil); r.status != http.StatusForbidden {
			t.Errorf("the customer's token reads all customers: %d, want 403", r.status)
		}
	})
}

// A resource server asks whether a token is active (RFC 7662), with a client that holds
// introspect_oauth_tokens; a client without it is refused.
func TestTokenIntrospection(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		p := s.project
		w := newWorld(t, s)
		w.customer(t, "ivo")
		session := w.login(t, "ivo", nil)
		inspector := s.newAPIClient(t, p, "introspect_oauth_tokens:"+p)
		introspect := func(c apiClient, token string) (int, map[string]any) {
			r := s.postForm(t, "/oauth/introspect", c, url.Values{"token": {token}})
			var m map[string]any
			_ = json.Unmarshal(r.body, &m)
			return r.status, m
		}
		status, info := introspect(inspector, session.AccessToken)
		if status != http.StatusOK || info["active"] != true || info["scope"] != session.Scope || info["client_id"] != s.admin.ID || info["exp"] == nil {
			t.Fatalf("a live customer token: %d %v", status, info)
		}
		if _, info := introspect(inspector, "not-a-token"); info["active"] != false || len(info) != 1 {
			t.Errorf("an unknown token: %v, want only active false", info)
		}
		s.revoke(t, session.RefreshToken)
		if _, info := introspect(inspector, session.AccessToken); info["active"] != false {
			t.Errorf("a revoked token: %v", info)
		}
		// A token bound to a unit is inactive once its customer has left the unit.
		w.unit(t, "ivo-co", "", "")
		w.role(t, "member", true)
		w.associate(t, "ivo-co", "ivo", "member", true)
		bound := w.login(t, "ivo", url.Values{"business_unit": {"ivo-co"}})
		if _, info := introspect(inspector, bound.AccessToken); info["active"] != true {
			t.Fatalf("a bound token: %v", info)
		}
		w.update(t, "ivo-co", `{"action":"removeAssociate","customer":{"id":"`+w.ids["ivo"]+`"}}`)
		if _, info := introspect(inspector, bound.AccessToken); info["active"] != false {
			t.Errorf("a token bound to a unit its customer left: %v", info)
		}
		viewer := s.newAPIClient(t, p, "view_orders:"+p)
		if status, _ := introspect(viewer, w.admin); status != http.StatusForbidden {
			t.Errorf("a client without introspect_oauth_tokens: %d, want 403", status)
		}
	})
}
