package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// TestLegalEntitySwitch is the seeds' legal-entity case: a customer who is an associate of two
// companies gets a token bound to one, switches to the other with the refresh grant, and has the
// permissions and the view of the active company only.
func TestLegalEntitySwitch(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		w := newWorld(t, s)
		w.role(t, "editor", true, platform.PermissionUpdateBusinessUnitDetails, platform.PermissionCreateMyCarts)
		w.role(t, "member", true, platform.PermissionCreateMyCarts)
		w.customer(t, "multi")
		w.unit(t, "alpha", "", "")
		w.unit(t, "alpha-d", "alpha", "")
		w.unit(t, "beta", "", "")
		w.unit(t, "gamma", "", "")
		w.associate(t, "alpha", "multi", "editor", true)
		w.associate(t, "beta", "multi", "member", false)

		list := func(t *testing.T, tok string) []string {
			t.Helper()
			return keysOf(t, s.getJSON(t, w.path("/me/business-units"), tok))
		}
		rename := func(t *testing.T, tok, key, name string) response {
			t.Helper()
			body := fmt.Sprintf(`{"version":%d,"actions":[{"action":"changeName","name":%q}]}`, version(t, w.get(t, key)), name)
			return s.do(t, http.MethodPost, w.path("/me/business-units/key="+key), tok, []byte(body))
		}

		unbound := w.login(t, "multi", nil)
		if unbound.BusinessUnit != "" {
			t.Errorf("unbound token: business_unit %q", unbound.BusinessUnit)
		}
		if got := list(t, unbound.AccessToken); !slices.Equal(got, []string{"alpha", "alpha-d", "beta"}) {
			t.Errorf("unbound token lists %v, want [alpha alpha-d beta]", got)
		}

		a := w.login(t, "multi", url.Values{"business_unit": {"alpha"}})
		if a.BusinessUnit != "alpha" || !a.has("business_unit:alpha") {
			t.Errorf("token bound to alpha: business_unit %q scope %q", a.BusinessUnit, a.Scope)
		}
		t.Run("bound to A", func(t *testing.T) {
			if got := list(t, a.AccessToken); !slices.Equal(got, []string{"alpha", "alpha-d"}) {
				t.Errorf("token bound to alpha lists %v, want [alpha alpha-d]", got)
			}
			r := s.do(t, http.MethodGet, w.path("/me/business-units/key=beta"), a.AccessToken, nil)
			expectErrorCode(t, r, "ResourceNotFound", http.StatusNotFound)
			// The as-associate view with the same token is confined likewise.
			page := s.getJSON(t, w.path("/as-associate/"+w.ids["multi"]+"/business-units"), a.AccessToken)
			if got := keysOf(t, page); !slices.Equal(got, []string{"alpha", "alpha-d"}) {
				t.Errorf("as-associate with token bound to alpha lists %v", got)
			}
			if r := rename(t, a.AccessToken, "alpha", "Alpha renamed"); r.status != http.StatusOK {
				t.Fatalf("rename alpha with token bound to alpha: %d %s", r.status, clip(r.body))
			}
			if got := w.get(t, "alpha")["name"]; got != "Alpha renamed" {
				t.Errorf("alpha name %v", got)
			}
			// Even beta, where the customer is an associate, is out of reach.
			r = rename(t, a.AccessToken, "beta", "Beta via alpha")
			expectErrorCode(t, r, "ResourceNotFound", http.StatusNotFound)
		})

		t.Run("switch to B with the refresh grant", func(t *testing.T) {
			b := decodeToken(t, "refresh to beta", s.refreshGrant(t, a.RefreshToken, url.Values{"business_unit": {"beta"}}))
			if b.BusinessUnit != "beta" || !b.has("business_unit:beta") || b.has("business_unit:alpha") || !b.has("customer_id:"+w.ids["multi"]) {
				t.Errorf("refreshed token: business_unit %q scope %q", b.BusinessUnit, b.Scope)
			}
			if got := list(t, b.AccessToken); !slices.Equal(got, []string{"beta"}) {
				t.Errorf("token bound to beta lists %v, want [beta]", got)
			}
			v := version(t, w.get(t, "beta"))
			missingPermissionRaw(t, rename(t, b.AccessToken, "beta", "Beta renamed"), platform.PermissionUpdateBusinessUnitDetails)
			if u := w.get(t, "beta"); u["name"] != "Unit beta" || version(t, u) != v {
				t.Errorf("beta after refused rename: %v v%v", u["name"], u["version"])
			}
			expectErrorCode(t, rename(t, b.AccessToken, "alpha", "Alpha via beta"), "ResourceNotFound", http.StatusNotFound)

			// Back to A by legalEntityId (the unit's id); the same update succeeds there.
			back := decodeToken(t, "refresh to alpha by id", s.refreshGrant(t, a.RefreshToken, url.Values{"legalEntityId": {w.units["alpha"]}}))
			if back.BusinessUnit != "alpha" {
				t.Errorf("refresh with legalEntityId of alpha: business_unit %q", back.BusinessUnit)
			}
			if r := rename(t, back.AccessToken, "alpha", "Alpha again"); r.status != http.StatusOK {
				t.Errorf("rename alpha after switching back: %d %s", r.status, clip(r.body))
			}
			// A refresh without a unit stays with the refresh token's unit.
			same := decodeToken(t, "plain refresh", s.refreshGrant(t, a.RefreshToken, nil))
			if same.BusinessUnit != "alpha" {
				t.Errorf("plain refresh: business_unit %q, want alpha", same.BusinessUnit)
			}
		})

		t.Run("a unit the customer does not act for", func(t *testing.T) {
			oauthError(t, "password grant for gamma", s.passwordGrant(t, emailOf("multi"), passwordOf("multi"), url.Values{"business_unit": {"gamma"}}), 400, "invalid_grant")
			oauthError(t, "password grant for an unknown unit", s.passwordGrant(t, emailOf("multi"), passwordOf("multi"), url.Values{"business_unit": {"nope"}}), 400, "invalid_grant")
			oauthError(t, "refresh to gamma", s.refreshGrant(t, a.RefreshToken, url.Values{"business_unit": {"gamma"}}), 400, "invalid_grant")
			oauthError(t, "refresh to gamma by id", s.refreshGrant(t, a.RefreshToken, url.Values{"legalEntityId": {w.units["gamma"]}}), 400, "invalid_grant")
		})
	})
}
