package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// TestJoinPolicy: a customer naming a company at /me/signup joins according to its joinPolicy:
// Closed refuses, Approval waits for an associate with UpdateAssociates, EmailDomain waits for the
// email to be verified.
func TestJoinPolicy(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		w := newWorld(t, s)
		w.role(t, "member", true, platform.PermissionCreateMyCarts)
		w.role(t, "gatekeeper", true, platform.PermissionUpdateAssociates, platform.PermissionCreateMyCarts)
		w.customer(t, "keeper")
		w.customer(t, "pleb")
		w.unit(t, "closed-co", "", "")
		w.unit(t, "appr-co", "", `,"joinPolicy":"Approval","defaultAssociateRole":{"typeId":"associate-role","key":"member"}`)
		w.unit(t, "dom-co", "", "")
		w.update(t, "dom-co", `{"action":"setJoinPolicy","joinPolicy":"EmailDomain","allowedEmailDomains":["dom.example"],`+
			`"defaultAssociateRole":{"typeId":"associate-role","key":"member"}}`)
		w.associate(t, "appr-co", "keeper", "gatekeeper", false)
		w.associate(t, "appr-co", "pleb", "member", false)
		if u := w.get(t, "closed-co"); u["joinPolicy"] != nil && u["joinPolicy"] != "Closed" {
			t.Errorf("closed-co joinPolicy %v, want Closed or absent", u["joinPolicy"])
		}
		if u := w.get(t, "appr-co"); u["joinPolicy"] != "Approval" {
			t.Errorf("appr-co joinPolicy %v, want Approval", u["joinPolicy"])
		}
		visitor := s.token(t, s.newAPIClient(t, s.project, "manage_my_profile:"+s.project))

		signup := func(t *testing.T, email, unit string) response {
			t.Helper()
			body := fmt.Sprintf(`{"email":%q,"password":"Joiner-pass-1","joinBusinessUnit":{"typeId":"business-unit","key":%q}}`, email, unit)
			return s.do(t, http.MethodPost, w.path("/me/signup"), visitor, []byte(body))
		}
		created := func(t *testing.T, r response) string {
			t.Helper()
			if r.status != http.StatusCreated {
				t.Fatalf("signup: status %d, want 201; body %s", r.status, clip(r.body))
			}
			var res struct {
				Customer struct{ ID, Email string } `json:"customer"`
			}
			_ = json.Unmarshal(r.body, &res)
			return res.Customer.ID
		}
		tokenOf := func(t *testing.T, email string) string {
			t.Helper()
			return decodeToken(t, "sign-in of "+email, s.passwordGrant(t, email, "Joiner-pass-1", nil)).AccessToken
		}
		// myRequest returns the only join request of the customer of tok.
		myRequest := func(t *testing.T, tok string) map[string]any {
			t.Helper()
			page := s.getJSON(t, w.path("/me/join-requests"), tok)
			res, _ := page["results"].([]any)
			if len(res) != 1 {
				t.Fatalf("/me/join-requests: %d results, want 1: %v", len(res), page)
			}
			m, _ := res[0].(map[string]any)
			return m
		}
		unitKey := func(jr map[string]any) any { bu, _ := jr["businessUnit"].(map[string]any); return bu["key"] }
		roleOf := func(t *testing.T, unit, id string) []string { return associateRoles(t, w.get(t, unit))[id] }
		keeperList := "/as-associate/" + w.ids["keeper"] + "/in-business-unit/key=appr-co/join-requests"
		backend := s.token(t, s.newAPIClient(t, s.project, "manage_business_units:"+s.project))

		t.Run("Closed", func(t *testing.T) {
			n := w.customerCount(t)
			expectErrorCode(t, signup(t, "carl@closed.example", "closed-co"), "InvalidOperation", http.StatusBadRequest)
			if _, ok := w.customerByEmail(t, "carl@closed.example"); ok || w.customerCount(t) != n {
				t.Errorf("a customer was created by a refused sign-up (count %d, was %d)", w.customerCount(t), n)
			}
		})

		t.Run("Approval: accept", func(t *testing.T) {
			ann := created(t, signup(t, "ann@any.example", "appr-co"))
			annTok := tokenOf(t, "ann@any.example")
			jr := myRequest(t, annTok)
			if jr["state"] != "Pending" || unitKey(jr) != "appr-co" {
				t.Fatalf("ann's request: %v", jr)
			}
			id, _ := jr["id"].(string)
			page := s.getJSON(t, w.path(keeperList), backend)
			if res, _ := page["results"].([]any); len(res) != 1 || res[0].(map[string]any)["id"] != id {
				t.Errorf("keeper's list: %v, want ann's request %s", page, id)
			}
			// pleb (no UpdateAssociates) can neither list nor decide.
			plebList := "/as-associate/" + w.ids["pleb"] + "/in-business-unit/key=appr-co/join-requests"
			missingPermissionRaw(t, s.do(t, http.MethodGet, w.path(plebList), backend, nil), platform.PermissionUpdateAssociates)
			missingPermissionRaw(t, s.do(t, http.MethodPost, w.path(plebList+"/"+id), backend, []byte(`{"version":1,"actions":[{"action":"accept"}]}`)),
				platform.PermissionUpdateAssociates)
			if got := myRequest(t, annTok)["state"]; got != "Pending" || roleOf(t, "appr-co", ann) != nil {
				t.Fatalf("after pleb's refused accept: state %v, ann's roles %v", got, roleOf(t, "appr-co", ann))
			}
			// ann cannot act for appr-co yet.
			oauthError(t, "token for appr-co before acceptance", s.passwordGrant(t, "ann@any.example", "Joiner-pass-1", url.Values{"business_unit": {"appr-co"}}), 400, "invalid_grant")

			r := s.do(t, http.MethodPost, w.path(keeperList+"/"+id), backend, []byte(`{"version":1,"actions":[{"action":"accept"}]}`))
			if r.status != http.StatusOK {
				t.Fatalf("keeper accepts: %d %s", r.status, clip(r.body))
			}
			var got map[string]any
			_ = json.Unmarshal(r.body, &got)
			decided, _ := got["decidedBy"].(map[string]any)
			if got["state"] != "Accepted" || decided["id"] != w.ids["keeper"] {
				t.Errorf("accepted request: state %v decidedBy %v", got["state"], got["decidedBy"])
			}
			if roles := roleOf(t, "appr-co", ann); !reflect.DeepEqual(roles, []string{"member"}) {
				t.Errorf("ann's roles in appr-co = %v, want [member]", roles)
			}
			if st := myRequest(t, annTok)["state"]; st != "Accepted" {
				t.Errorf("ann sees state %v", st)
			}
			w.login(t, "keeper", nil) // sanity
			decodeToken(t, "token for appr-co after acceptance", s.passwordGrant(t, "ann@any.example", "Joiner-pass-1", url.Values{"business_unit": {"appr-co"}}))
			// A decided request cannot be decided again.
			v := int(got["version"].(float64))
			r = s.do(t, http.MethodPost, w.path(keeperList+"/"+id), backend, []byte(fmt.Sprintf(`{"version":%d,"actions":[{"action":"decline","reason":"x"}]}`, v)))
			expectErrorCode(t, r, "InvalidOperation", http.StatusBadRequest)
		})

		t.Run("Approval: decline with the keeper's own token", func(t *testing.T) {
			dan := created(t, signup(t, "dan@any.example", "appr-co"))
			danTok := tokenOf(t, "dan@any.example")
			id, _ := myRequest(t, danTok)["id"].(string)
			keeperTok := w.login(t, "keeper", nil).AccessToken
			r := s.do(t, http.MethodPost, w.path("/in-business-unit/key=appr-co/me/join-requests/"+id), keeperTok,
				[]byte(`{"version":1,"actions":[{"action":"decline","reason":"Unknown to us"}]}`))
			if r.status != http.StatusOK {
				t.Fatalf("keeper declines: %d %s", r.status, clip(r.body))
			}
			jr := myRequest(t, danTok)
			if jr["state"] != "Declined" || jr["reason"] != "Unknown to us" {
				t.Errorf("dan's request: state %v reason %v", jr["state"], jr["reason"])
			}
			if roles := roleOf(t, "appr-co", dan); roles != nil {
				t.Errorf("declined dan is an associate: %v", roles)
			}
			// The customer account itself exists.
			if _, ok := w.customerByEmail(t, "dan@any.example"); !ok {
				t.Error("dan's account is missing")
			}
		})

		t.Run("EmailDomain", func(t *testing.T) {
			expectErrorCode(t, signup(t, "eve@wrong.example", "dom-co"), "InvalidOperation", http.StatusBadRequest)
			if _, ok := w.customerByEmail(t, "eve@wrong.example"); ok {
				t.Error("eve (wrong domain) was created")
			}
			erik := created(t, signup(t, "erik@dom.example", "dom-co"))
			erikTok := tokenOf(t, "erik@dom.example")
			if st := myRequest(t, erikTok)["state"]; st != "AwaitingEmailVerification" {
				t.Errorf("erik's request state %v", st)
			}
			if roles := roleOf(t, "dom-co", erik); roles != nil {
				t.Fatalf("erik joined before verifying his email: %v", roles)
			}
			emailToken := func(id string) string {
				r := s.do(t, http.MethodPost, w.path("/customers/email-token"), w.admin, []byte(fmt.Sprintf(`{"id":%q,"ttlMinutes":10}`, id)))
				if r.status != http.StatusCreated && r.status != http.StatusOK {
					t.Fatalf("email-token: %d %s", r.status, clip(r.body))
				}
				var et struct{ Value string }
				_ = json.Unmarshal(r.body, &et)
				if et.Value == "" {
					t.Fatalf("email-token without value: %s", r.body)
				}
				return et.Value
			}
			r := s.do(t, http.MethodPost, w.path("/me/email/confirm"), erikTok, []byte(fmt.Sprintf(`{"tokenValue":%q}`, emailToken(erik))))
			if r.status != http.StatusOK {
				t.Fatalf("erik confirms: %d %s", r.status, clip(r.body))
			}
			var cu map[string]any
			_ = json.Unmarshal(r.body, &cu)
			if cu["isEmailVerified"] != true {
				t.Errorf("isEmailVerified = %v", cu["isEmailVerified"])
			}
			if st := myRequest(t, erikTok)["state"]; st != "Accepted" {
				t.Errorf("erik's request after verification: %v", st)
			}
			if roles := roleOf(t, "dom-co", erik); !reflect.DeepEqual(roles, []string{"member"}) {
				t.Errorf("erik's roles in dom-co = %v, want [member]", roles)
			}

			// The seller's confirmation endpoint settles it too; the domain matches case-insensitively.
			fay := created(t, signup(t, "Fay@DOM.example", "dom-co"))
			r = s.do(t, http.MethodPost, w.path("/customers/email/confirm"), w.admin, []byte(fmt.Sprintf(`{"tokenValue":%q}`, emailToken(fay))))
			if r.status != http.StatusOK {
				t.Fatalf("seller confirms fay: %d %s", r.status, clip(r.body))
			}
			if roles := roleOf(t, "dom-co", fay); !reflect.DeepEqual(roles, []string{"member"}) {
				t.Errorf("fay's roles in dom-co = %v, want [member]", roles)
			}
			// Another customer's email token is refused on /me/email/confirm.
			gil := created(t, signup(t, "gil@dom.example", "dom-co"))
			r = s.do(t, http.MethodPost, w.path("/me/email/confirm"), erikTok, []byte(fmt.Sprintf(`{"tokenValue":%q}`, emailToken(gil))))
			expectErrorCode(t, r, "InvalidOperation", http.StatusBadRequest)
			if roles := roleOf(t, "dom-co", gil); roles != nil {
				t.Errorf("gil joined through erik's confirmation: %v", roles)
			}
		})
	})
}
