package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
)

// A storefront's company switcher: /me says which company a bound token acts for, and
// /me/companies lists the customer's companies, the active one marked, without showing more of
// them; switching is a refresh of the token, bound to another company.
func TestCompanySwitcher(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		w := standardWorld(t, s)
		w.associate(t, "acme-eng", "gary", "buyer", false) // gary: admin of globex, buyer in acme's division
		companies := func(token string) string {
			t.Helper()
			page := s.getJSON(t, w.path("/me/companies"), token)
			out := ""
			for _, r := range page["results"].([]any) {
				c := r.(map[string]any)
				out += fmt.Sprintf("%s:%v:%v ", c["key"], c["active"], c["name"])
				if c["associates"] != nil || c["addresses"] != nil {
					t.Errorf("a switcher's company shows more than its name: %v", c)
				}
			}
			return out
		}

		unbound := w.login(t, "gary", nil)
		if got := companies(unbound.AccessToken); got != "acme:false:Unit acme globex:false:Unit globex " {
			t.Errorf("an unbound token's companies: %q", got)
		}
		if me := s.getJSON(t, w.path("/me"), unbound.AccessToken); me["activeBusinessUnit"] != nil {
			t.Errorf("an unbound token's /me names a company: %v", me["activeBusinessUnit"])
		}

		bound := w.login(t, "gary", url.Values{"business_unit": {"globex"}})
		if got := companies(bound.AccessToken); got != "acme:false:Unit acme globex:true:Unit globex " {
			t.Errorf("a token bound to globex: %q", got)
		}
		me := s.getJSON(t, w.path("/me"), bound.AccessToken)
		if active, _ := me["activeBusinessUnit"].(map[string]any); active["key"] != "globex" {
			t.Errorf("/me of a token bound to globex: %v", me["activeBusinessUnit"])
		}
		// Listed, acme is not acted in: its units stay out of reach of the globex-bound token.
		if r := s.do(t, http.MethodGet, w.path("/me/business-units/key=acme-eng"), bound.AccessToken, nil); r.status != http.StatusNotFound {
			t.Errorf("the globex-bound token reads acme-eng: %d", r.status)
		}
		switched := decodeToken(t, "switch to acme", s.refreshGrant(t, bound.RefreshToken, url.Values{"business_unit": {"acme-eng"}}))
		if got := companies(switched.AccessToken); got != "acme:true:Unit acme globex:false:Unit globex " {
			t.Errorf("after switching to acme-eng: %q", got)
		}

		if r := s.do(t, http.MethodGet, w.path("/me/companies"), w.admin, nil); r.status != http.StatusForbidden {
			t.Errorf("/me/companies with a client's token: %d, want 403", r.status)
		}
		if got := companies(w.login(t, "alice", nil).AccessToken); got != "acme:false:Unit acme " {
			t.Errorf("alice's companies: %q", got)
		}
	})
}
