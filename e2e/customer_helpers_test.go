package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/labd/commercetools-go-sdk/platform"
	"golang.org/x/oauth2"
)

// Helpers for the customer-facing tests: customers, their password-flow tokens, and a small
// world of roles, units and associates set up through the admin client.

// tokenResp is the token endpoint's answer.
type tokenResp struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in"`
	Scope        string `json:"scope"`
	RefreshToken string `json:"refresh_token"`
	BusinessUnit string `json:"business_unit"`
}

func (tr tokenResp) has(scope string) bool { return slices.Contains(strings.Fields(tr.Scope), scope) }

// postForm posts a form to an OAuth endpoint with c's HTTP Basic credentials.
func (s *server) postForm(t *testing.T, path string, c apiClient, form url.Values) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(c.ID, c.Secret)
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: b}
}

func decodeToken(t *testing.T, what string, r response) tokenResp {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("%s: status %d, want 200; body %s", what, r.status, clip(r.body))
	}
	var tr tokenResp
	if err := json.Unmarshal(r.body, &tr); err != nil || tr.AccessToken == "" {
		t.Fatalf("%s: bad token response (%v): %s", what, err, clip(r.body))
	}
	return tr
}

// passwordGrant asks the customer token endpoint; extra adds parameters (business_unit, scope…).
func (s *server) passwordGrant(t *testing.T, email, password string, extra url.Values) response {
	t.Helper()
	form := url.Values{"grant_type": {"password"}, "username": {email}, "password": {password}}
	for k, v := range extra {
		form[k] = v
	}
	return s.postForm(t, "/oauth/"+s.project+"/customers/token", s.admin, form)
}

func (s *server) refreshGrant(t *testing.T, refresh string, extra url.Values) response {
	t.Helper()
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}}
	for k, v := range extra {
		form[k] = v
	}
	return s.postForm(t, "/oauth/token", s.admin, form)
}

func (s *server) revoke(t *testing.T, token string) {
	t.Helper()
	r := s.postForm(t, "/oauth/token/revoke", s.admin, url.Values{"token": {token}})
	if r.status != http.StatusOK {
		t.Fatalf("revoke: status %d, want 200; body %s", r.status, clip(r.body))
	}
}

// oauthError checks an OAuth error answer: status, the "error" field and errors[0].code.
func oauthError(t *testing.T, what string, r response, status int, code string) {
	t.Helper()
	var body struct {
		Error  string `json:"error"`
		Errors []struct {
			Code string `json:"code"`
		} `json:"errors"`
	}
	_ = json.Unmarshal(r.body, &body)
	if r.status != status || body.Error != code || len(body.Errors) == 0 || body.Errors[0].Code != code {
		t.Errorf("%s: status %d error %q, want %d %q; body %s", what, r.status, body.Error, status, code, clip(r.body))
	}
}

// tokenSDK is the SDK authenticated with a fixed bearer token (a customer's).
func (s *server) tokenSDK(t *testing.T, token string) *platform.ByProjectKeyRequestBuilder {
	t.Helper()
	hc := oauth2.NewClient(context.Background(), oauth2.StaticTokenSource(&oauth2.Token{AccessToken: token, TokenType: "Bearer"}))
	client, err := platform.NewClient(&platform.ClientConfig{URL: s.base, HTTPClient: hc})
	if err != nil {
		t.Fatal(err)
	}
	return client.WithProjectKey(s.project)
}

// passwordSDK signs a customer in with golang.org/x/oauth2's password flow against the customer
// token endpoint and returns the SDK with that token, and the token.
func (s *server) passwordSDK(t *testing.T, email, password string) (*platform.ByProjectKeyRequestBuilder, *oauth2.Token) {
	t.Helper()
	cfg := oauth2.Config{
		ClientID: s.admin.ID, ClientSecret: s.admin.Secret,
		Endpoint: oauth2.Endpoint{TokenURL: s.base + "/oauth/" + s.project + "/customers/token", AuthStyle: oauth2.AuthStyleInHeader},
	}
	tok, err := cfg.PasswordCredentialsToken(context.Background(), email, password)
	if err != nil {
		t.Fatalf("password flow for %s: %v", email, err)
	}
	return s.tokenSDK(t, tok.AccessToken), tok
}

// world is a project set up through the admin client.
type world struct {
	s     *server
	c     *platform.ByProjectKeyRequestBuilder
	admin string            // admin access token
	ids   map[string]string // customer name -> id
	units map[string]string // unit key -> id
}

func newWorld(t *testing.T, s *server) *world {
	return &world{s: s, c: s.adminSDK(t), admin: s.token(t, s.admin), ids: map[string]string{}, units: map[string]string{}}
}

func (w *world) path(p string) string { return "/" + w.s.project + p }

func emailOf(name string) string    { return name + "@" + name + "-mail.example" }
func passwordOf(name string) string { return "Secret-" + name + "-123" }

func (w *world) role(t *testing.T, key string, buyerAssignable bool, perms ...platform.Permission) {
	t.Helper()
	if _, err := w.c.AssociateRoles().Post(platform.AssociateRoleDraft{
		Key: key, Name: ptr("Role " + key), BuyerAssignable: &buyerAssignable, Permissions: perms,
	}).Execute(context.Background()); err != nil {
		t.Fatalf("create role %s: %v", key, err)
	}
}

// customer creates name with emailOf(name) and passwordOf(name).
func (w *world) customer(t *testing.T, name string) string {
	t.Helper()
	return w.customerWithEmail(t, name, emailOf(name))
}

func (w *world) customerWithEmail(t *testing.T, name, email string) string {
	t.Helper()
	res, err := w.c.Customers().Post(platform.CustomerDraft{Email: email, Password: ptr(passwordOf(name))}).Execute(context.Background())
	if err != nil {
		t.Fatalf("create customer %s: %v", name, err)
	}
	w.ids[name] = res.Customer.ID
	return res.Customer.ID
}

// unit creates a Company (parent "") or a Division from raw extra JSON fields (may be "").
func (w *world) unit(t *testing.T, key, parent, extra string) string {
	t.Helper()
	body := fmt.Sprintf(`{"unitType":"Company","key":%q,"name":"Unit %s"%s}`, key, key, extra)
	if parent != "" {
		body = fmt.Sprintf(`{"unitType":"Division","key":%q,"name":"Unit %s","parentUnit":{"typeId":"business-unit","key":%q}%s}`, key, key, parent, extra)
	}
	r := w.s.do(t, http.MethodPost, w.path("/business-units"), w.admin, []byte(body))
	if r.status != http.StatusCreated {
		t.Fatalf("create unit %s: status %d body %s", key, r.status, clip(r.body))
	}
	var u struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(r.body, &u)
	w.units[key] = u.ID
	return u.ID
}

// get reads a unit through the general endpoint.
func (w *world) get(t *testing.T, key string) map[string]any {
	t.Helper()
	return w.s.getJSON(t, w.path("/business-units/key="+key), w.admin)
}

func version(t *testing.T, m map[string]any) int {
	t.Helper()
	v, ok := m["version"].(float64)
	if !ok {
		t.Fatalf("no version in %v", m)
	}
	return int(v)
}

// update applies actions (JSON objects) to a unit through the general endpoint.
func (w *world) update(t *testing.T, key string, actions ...string) map[string]any {
	t.Helper()
	body := fmt.Sprintf(`{"version":%d,"actions":[%s]}`, version(t, w.get(t, key)), strings.Join(actions, ","))
	r := w.s.do(t, http.MethodPost, w.path("/business-units/key="+key), w.admin, []byte(body))
	if r.status != http.StatusOK {
		t.Fatalf("update %s with %s: status %d body %s", key, body, r.status, clip(r.body))
	}
	var m map[string]any
	_ = json.Unmarshal(r.body, &m)
	return m
}

func addAssociateJSON(customerID, role string, inherit bool) string {
	inh := "Disabled"
	if inherit {
		inh = "Enabled"
	}
	return fmt.Sprintf(`{"action":"addAssociate","associate":{"customer":{"typeId":"customer","id":%q},`+
		`"associateRoleAssignments":[{"associateRole":{"typeId":"associate-role","key":%q},"inheritance":%q}]}}`, customerID, role, inh)
}

func (w *world) associate(t *testing.T, unit, name, role string, inherit bool) {
	t.Helper()
	w.update(t, unit, addAssociateJSON(w.ids[name], role, inherit))
}

// project applies project update actions.
func (w *world) project(t *testing.T, actions ...string) {
	t.Helper()
	p := w.s.getJSON(t, w.path(""), w.admin)
	body := fmt.Sprintf(`{"version":%d,"actions":[%s]}`, version(t, p), strings.Join(actions, ","))
	r := w.s.do(t, http.MethodPost, w.path(""), w.admin, []byte(body))
	if r.status != http.StatusOK {
		t.Fatalf("update project with %s: status %d body %s", body, r.status, clip(r.body))
	}
}

// login signs name in with the password flow (extra: business_unit etc.) and requires success.
func (w *world) login(t *testing.T, name string, extra url.Values) tokenResp {
	t.Helper()
	tr := decodeToken(t, "password grant for "+name, w.s.passwordGrant(t, emailOf(name), passwordOf(name), extra))
	if tr.RefreshToken == "" || !tr.has("customer_id:"+w.ids[name]) {
		t.Fatalf("password grant for %s: refresh_token %q scope %q, want a refresh token and customer_id:%s", name, tr.RefreshToken, tr.Scope, w.ids[name])
	}
	return tr
}

// associateRoles returns, per customer id, the role keys of the unit's explicit associates.
func associateRoles(t *testing.T, unit map[string]any) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	as, _ := unit["associates"].([]any)
	for _, a := range as {
		am, _ := a.(map[string]any)
		cu, _ := am["customer"].(map[string]any)
		id, _ := cu["id"].(string)
		ras, _ := am["associateRoleAssignments"].([]any)
		roles := []string{}
		for _, ra := range ras {
			ram, _ := ra.(map[string]any)
			role, _ := ram["associateRole"].(map[string]any)
			k, _ := role["key"].(string)
			roles = append(roles, k)
		}
		slices.Sort(roles)
		out[id] = roles
	}
	return out
}

// customerByEmail reports whether a customer with email exists (and its id).
func (w *world) customerByEmail(t *testing.T, email string) (string, bool) {
	t.Helper()
	q := url.Values{"where": {fmt.Sprintf("email = %q", email)}}
	m := w.s.getJSON(t, w.path("/customers?"+q.Encode()), w.admin)
	res, _ := m["results"].([]any)
	if len(res) == 0 {
		return "", false
	}
	first, _ := res[0].(map[string]any)
	id, _ := first["id"].(string)
	return id, true
}

func (w *world) customerCount(t *testing.T) int {
	t.Helper()
	m := w.s.getJSON(t, w.path("/customers?limit=500"), w.admin)
	res, _ := m["results"].([]any)
	return len(res)
}

// keysOf lists the sorted keys of a raw query answer.
func keysOf(t *testing.T, page map[string]any) []string {
	t.Helper()
	out := []string{}
	res, _ := page["results"].([]any)
	for _, r := range res {
		m, _ := r.(map[string]any)
		k, _ := m["key"].(string)
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// missingPermission requires err to be the SDK's 403 AssociateMissingPermission naming perms.
func missingPermission(t *testing.T, err error, perms ...platform.Permission) {
	t.Helper()
	er := sdkErr(t, err, http.StatusForbidden)
	amp, ok := er.Errors[0].(platform.AssociateMissingPermissionError)
	if !ok {
		t.Fatalf("errors[0] is %T %+v, want AssociateMissingPermissionError", er.Errors[0], er.Errors[0])
	}
	samePerms(t, "AssociateMissingPermission", amp.Permissions, perms)
}

// missingPermissionRaw is missingPermission for a raw answer.
func missingPermissionRaw(t *testing.T, r response, perms ...platform.Permission) {
	t.Helper()
	first := expectErrorCode(t, r, "AssociateMissingPermission", http.StatusForbidden)
	got := []platform.Permission{}
	ps, _ := first["permissions"].([]any)
	for _, p := range ps {
		s, _ := p.(string)
		got = append(got, platform.Permission(s))
	}
	samePerms(t, "AssociateMissingPermission", got, perms)
}

// notFound requires the SDK's answer to a 404.
func notFound(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, platform.ErrNotFound) {
		t.Errorf("%s: err %v, want 404 (platform.ErrNotFound)", what, err)
	}
}

// standardWorld: roles admin, buyer, approver (buyerAssignable) and owner (the project's role for
// units customers create); companies acme (with the division acme-eng) and globex; alice is
// admin and bob buyer of acme (both inherited by acme-eng), gary admin of globex.
func standardWorld(t *testing.T, s *server) *world {
	t.Helper()
	w := newWorld(t, s)
	w.role(t, "admin", true, adminPerms...)
	w.role(t, "buyer", true, buyerPerms...)
	w.role(t, "approver", true, approverPerms...)
	w.role(t, "owner", true, platform.PermissionAddChildUnits, platform.PermissionUpdateBusinessUnitDetails,
		platform.PermissionUpdateAssociates, platform.PermissionUpdateParentUnit)
	for _, n := range []string{"alice", "bob", "gary"} {
		w.customer(t, n)
	}
	w.unit(t, "acme", "", "")
	w.unit(t, "acme-eng", "acme", "")
	w.unit(t, "globex", "", "")
	w.associate(t, "acme", "alice", "admin", true)
	w.associate(t, "acme", "bob", "buyer", true)
	w.associate(t, "globex", "gary", "admin", true)
	return w
}

// typedRoles returns, per customer id, the sorted role keys of typed associates.
func typedRoles(as []platform.Associate) map[string][]string {
	out := map[string][]string{}
	for _, a := range as {
		roles := []string{}
		for _, ra := range a.AssociateRoleAssignments {
			roles = append(roles, ra.AssociateRole.Key)
		}
		slices.Sort(roles)
		out[a.Customer.ID] = roles
	}
	return out
}

// sdkErr is sdkError that also accepts the GenericRequestError some SDK builders return for every
// status they do not list (e.g. POST /in-business-unit/key=…/me/customers lists only 201), decoding
// its body as an ErrorResponse.
func sdkErr(t *testing.T, err error, status int) platform.ErrorResponse {
	t.Helper()
	var ge platform.GenericRequestError
	if errors.As(err, &ge) {
		var er platform.ErrorResponse
		if jerr := json.Unmarshal(ge.Content, &er); jerr != nil {
			t.Fatalf("status %d with a body that is no ErrorResponse (%v): %s", ge.StatusCode, jerr, clip(ge.Content))
		}
		if ge.StatusCode != status || er.StatusCode != status || len(er.Errors) == 0 {
			t.Fatalf("status %d (statusCode %d), want %d: %s", ge.StatusCode, er.StatusCode, status, clip(ge.Content))
		}
		return er
	}
	return sdkError(t, err, status)
}

// sdkErrCode requires err to be an error answer of status whose first error has code.
func sdkErrCode(t *testing.T, what string, err error, status int, code string) {
	t.Helper()
	if e := sdkErr(t, err, status); !isCode(e.Errors[0], code) {
		t.Errorf("%s: %+v, want %s", what, e.Errors[0], code)
	}
}
