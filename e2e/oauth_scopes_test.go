package e2e

import (
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
