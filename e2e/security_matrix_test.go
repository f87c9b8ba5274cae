package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// meRoute is one /me or as-associate endpoint; {who} in path is replaced by the customer the
// call acts as, and body may read the current state.
type meRoute struct {
	method, path string
	body         func(t *testing.T, w *world) string
	onUnit       bool // it targets the company acme (or a join request of it)
}

const fakeID = "00000000-0000-4000-8000-000000000000"

func acmeRename(t *testing.T, w *world) string {
	return fmt.Sprintf(`{"version":%d,"actions":[{"action":"changeName","name":"Pwned"}]}`, version(t, w.get(t, "acme")))
}

func meRoutes() []meRoute {
	static := func(s string) func(*testing.T, *world) string { return func(*testing.T, *world) string { return s } }
	colleague := func(t *testing.T, w *world) string {
		return fmt.Sprintf(`{"version":%d,"customer":{"email":"intruder@evil.example","password":"Intruder-123"},`+
			`"associateRoleAssignments":[{"associateRole":{"typeId":"associate-role","key":"buyer"}}]}`, version(t, w.get(t, "acme")))
	}
	accept := static(`{"version":1,"actions":[{"action":"accept"}]}`)
	division := static(`{"unitType":"Division","key":"sec-div","name":"X","parentUnit":{"typeId":"business-unit","key":"acme"}}`)
	return []meRoute{
		{"GET", "/me", nil, false},
		{"POST", "/me", static(`{"version":1,"actions":[{"action":"setFirstName","firstName":"Pwned"}]}`), false},
		{"POST", "/me/password", static(`{"version":1,"currentPassword":"x","newPassword":"Pwned-password-1"}`), false},
		{"GET", "/me/join-requests", nil, false},
		{"GET", "/me/business-units", nil, false},
		{"POST", "/me/business-units", static(`{"unitType":"Company","key":"sec-co","name":"X"}`), false},
		{"GET", "/me/business-units/key=acme", nil, true},
		{"POST", "/me/business-units/key=acme", acmeRename, true},
		{"POST", "/me/business-units/" + "{acmeID}", acmeRename, true},
		{"POST", "/in-business-unit/key=acme/me/customers", colleague, true},
		{"GET", "/in-business-unit/key=acme/me/join-requests", nil, true},
		{"POST", "/in-business-unit/key=acme/me/join-requests/" + fakeID, accept, true},
		{"GET", "/as-associate/{who}/business-units", nil, false},
		{"POST", "/as-associate/{who}/business-units", division, true},
		{"GET", "/as-associate/{who}/business-units/key=acme", nil, true},
		{"GET", "/as-associate/{who}/business-units/{acmeID}", nil, true},
		{"POST", "/as-associate/{who}/business-units/key=acme", acmeRename, true},
		{"GET", "/as-associate/{who}/in-business-unit/key=acme/join-requests", nil, true},
		{"POST", "/as-associate/{who}/in-business-unit/key=acme/join-requests/" + fakeID, accept, true},
	}
}

// snapshot is what the matrix must leave unchanged.
type snapshot struct {
	acme      map[string]any
	customers int
	alice     any
}

func takeSnapshot(t *testing.T, w *world) snapshot {
	alice := w.s.getJSON(t, w.path("/customers/"+w.ids["alice"]), w.admin)
	return snapshot{acme: w.get(t, "acme"), customers: w.customerCount(t), alice: alice["version"]}
}

// TestSecurityMatrix calls every /me and as-associate route with tokens that must not work
// there, and checks each answer's status and code and that nothing was written.
func TestSecurityMatrix(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		w := standardWorld(t, s)
		for _, n := range []string{"dave", "erin"} {
			w.customer(t, n)
		}
		w.associate(t, "acme", "dave", "admin", true)

		call := func(t *testing.T, rt meRoute, tok, who string) response {
			t.Helper()
			p := strings.NewReplacer("{who}", w.ids[who], "{acmeID}", w.units["acme"]).Replace(rt.path)
			var body []byte
			if rt.body != nil {
				body = []byte(rt.body(t, w))
			}
			return s.do(t, rt.method, w.path(p), tok, body)
		}

		// Tokens that are dead by the time they are used.
		dead := map[string]string{}
		t.Run("revoked refresh token", func(t *testing.T) {
			tr := w.login(t, "alice", nil)
			refreshed := decodeToken(t, "refresh", s.refreshGrant(t, tr.RefreshToken, nil))
			s.getJSON(t, w.path("/me"), refreshed.AccessToken) // works before the revocation
			s.revoke(t, tr.RefreshToken)
			oauthError(t, "refresh after revocation", s.refreshGrant(t, tr.RefreshToken, nil), 400, "invalid_grant")
			s.revoke(t, tr.RefreshToken) // RFC 7009: a second revocation is still 200
			dead["revoked refresh (first access token)"] = tr.AccessToken
			dead["revoked refresh (refreshed access token)"] = refreshed.AccessToken
		})
		t.Run("revoked access token", func(t *testing.T) {
			tr := w.login(t, "alice", nil)
			s.revoke(t, tr.AccessToken)
			dead["revoked access token"] = tr.AccessToken
			// Its refresh token still works.
			decodeToken(t, "refresh after revoking the access token only", s.refreshGrant(t, tr.RefreshToken, nil))
		})
		t.Run("bound to a unit the customer has left", func(t *testing.T) {
			tr := w.login(t, "dave", url.Values{"business_unit": {"acme"}})
			s.getJSON(t, w.path("/me/business-units/key=acme"), tr.AccessToken)
			w.update(t, "acme", fmt.Sprintf(`{"action":"removeAssociate","customer":{"typeId":"customer","id":%q}}`, w.ids["dave"]))
			dead["bound to a unit left"] = tr.AccessToken
			oauthError(t, "refresh for the unit left", s.refreshGrant(t, tr.RefreshToken, nil), 400, "invalid_grant")
		})
		t.Run("deleted customer", func(t *testing.T) {
			tr := w.login(t, "erin", nil)
			r := s.do(t, http.MethodDelete, w.path("/customers/"+w.ids["erin"]+"?version=1"), w.admin, nil)
			if r.status != http.StatusOK {
				t.Fatalf("delete erin: %d %s", r.status, clip(r.body))
			}
			dead["deleted customer"] = tr.AccessToken
			oauthError(t, "refresh of a deleted customer", s.refreshGrant(t, tr.RefreshToken, nil), 400, "invalid_grant")
		})
		t.Run("expired token", func(t *testing.T) {
			t.Skip("not tested: --token-ttl has a minimum of 1m, too slow for a test; expiry is refused by the same check as an unknown token")
		})

		before := takeSnapshot(t, w)
		garyTok := w.login(t, "gary", nil).AccessToken
		names := slices.Sorted(func(yield func(string) bool) {
			for k := range dead {
				if !yield(k) {
					return
				}
			}
		})
		for _, name := range names {
			t.Run(name, func(t *testing.T) {
				for _, rt := range meRoutes() {
					r := call(t, rt, dead[name], "alice")
					if r.status != http.StatusUnauthorized {
						t.Errorf("%s %s: status %d, want 401; body %s", rt.method, rt.path, r.status, clip(r.body))
						continue
					}
					expectErrorCode(t, r, "invalid_token", http.StatusUnauthorized)
				}
			})
		}

		t.Run("customer of another company", func(t *testing.T) {
			for _, rt := range meRoutes() {
				if !rt.onUnit {
					continue
				}
				r := call(t, rt, garyTok, "gary")
				want, status := "ResourceNotFound", http.StatusNotFound
				switch {
				case rt.method == "POST" && rt.path == "/as-associate/{who}/business-units":
					want, status = "ReferencedResourceNotFound", http.StatusBadRequest // the parent is not found
				case strings.HasPrefix(rt.path, "/as-associate/{who}/in-business-unit/"):
					// As an associate in a unit they do not act for, existing or not.
					want, status = "AssociateMissingPermission", http.StatusForbidden
				}
				if r.status != status {
					t.Errorf("%s %s: status %d, want %d; body %s", rt.method, rt.path, r.status, status, clip(r.body))
					continue
				}
				expectErrorCode(t, r, want, status)
			}
			if got := keysOf(t, s.getJSON(t, w.path("/me/business-units"), garyTok)); !slices.Equal(got, []string{"globex"}) {
				t.Errorf("gary's units: %v", got)
			}
		})

		t.Run("acting under someone else's id", func(t *testing.T) {
			for _, rt := range meRoutes() {
				if !strings.HasPrefix(rt.path, "/as-associate/") {
					continue
				}
				r := call(t, rt, garyTok, "alice")
				if r.status != http.StatusForbidden {
					t.Errorf("%s %s as alice with gary's token: status %d, want 403; body %s", rt.method, rt.path, r.status, clip(r.body))
					continue
				}
				expectErrorCode(t, r, "insufficient_scope", http.StatusForbidden)
			}
		})

		t.Run("nothing written", func(t *testing.T) {
			after := takeSnapshot(t, w)
			if !reflect.DeepEqual(before, after) {
				t.Errorf("state changed:\nbefore %+v\nafter  %+v", before, after)
			}
			for _, key := range []string{"sec-div", "sec-co"} {
				r := s.do(t, http.MethodGet, w.path("/business-units/key="+key), w.admin, nil)
				expectErrorCode(t, r, "ResourceNotFound", http.StatusNotFound)
			}
			if _, ok := w.customerByEmail(t, "intruder@evil.example"); ok {
				t.Error("a colleague was created by a denied call")
			}
			// alice's password is unchanged.
			w.login(t, "alice", nil)
		})
	})
}
