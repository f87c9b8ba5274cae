package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// The holes an attacker's review found in the access checks, each tried over HTTP as the attack
// was made, with the real binary, on both backends.

// unitBody is an update body of a unit at its current version.
func (w *world) unitBody(t *testing.T, key string, actions ...string) []byte {
	t.Helper()
	return []byte(fmt.Sprintf(`{"version":%d,"actions":[%s]}`, version(t, w.get(t, key)), strings.Join(actions, ",")))
}

// TestCompanyBoundaryOverHTTP: alice may change acme-eng's details and move it within acme, yet
// neither her own token nor the seller's backend acting as her may graft it into globex (where
// she is admin too) or make it a Company; the seller may.
func TestCompanyBoundaryOverHTTP(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		w := standardWorld(t, s)
		w.role(t, "mover", true, platform.PermissionUpdateBusinessUnitDetails, platform.PermissionUpdateParentUnit, platform.PermissionAddChildUnits)
		w.update(t, "acme", fmt.Sprintf(`{"action":"changeAssociate","associate":{"customer":{"typeId":"customer","id":%q},`+
			`"associateRoleAssignments":[{"associateRole":{"typeId":"associate-role","key":"admin"},"inheritance":"Enabled"},`+
			`{"associateRole":{"typeId":"associate-role","key":"mover"},"inheritance":"Enabled"}]}}`, w.ids["alice"]))
		w.associate(t, "globex", "alice", "mover", true)
		w.unit(t, "globex-ops", "globex", "")
		own := w.login(t, "alice", nil).AccessToken
		path := w.path("/as-associate/" + w.ids["alice"] + "/business-units/key=acme-eng")
		graft := `{"action":"setUnitType","unitType":"Division","parentUnit":{"typeId":"business-unit","key":"globex-ops"}}`
		leave := `{"action":"setUnitType","unitType":"Company"}`
		move := `{"action":"changeParentUnit","parentUnit":{"typeId":"business-unit","key":"globex"}}`
		for _, tc := range []struct{ who, token, action, code string }{
			{"own token", own, graft, "InvalidOperation"},
			{"own token", own, leave, "InvalidOperation"},
			{"own token", own, move, "InvalidOperation"},
			{"backend", w.admin, graft, "InvalidOperation"},
			{"backend", w.admin, leave, "InvalidOperation"},
			{"backend", w.admin, move, "InvalidOperation"},
		} {
			expectErrorCode(t, s.do(t, http.MethodPost, path, tc.token, w.unitBody(t, "acme-eng", tc.action)), tc.code, http.StatusBadRequest)
		}
		r := s.do(t, http.MethodPost, w.path("/me/business-units/key=acme-eng"), own, w.unitBody(t, "acme-eng", move))
		expectErrorCode(t, r, "InvalidOperation", http.StatusBadRequest)
		if u := w.get(t, "acme-eng"); version(t, u) != 1 {
			t.Fatalf("acme-eng changed by refused moves: %v", u)
		}
		// Within acme, the move is hers to make.
		w.unit(t, "acme-ops", "acme", "")
		r = s.do(t, http.MethodPost, path, own, w.unitBody(t, "acme-eng", `{"action":"changeParentUnit","parentUnit":{"typeId":"business-unit","key":"acme-ops"}}`))
		wantStatus(t, "alice moves acme-eng under acme-ops", r, http.StatusOK)
		// The seller crosses the boundary.
		w.update(t, "acme-eng", move)
		if u := w.get(t, "acme-eng"); u["topLevelUnit"].(map[string]any)["key"] != "globex" {
			t.Fatalf("the seller's move: %v", u["topLevelUnit"])
		}
	})
}

// TestOwnTokenAsAssociateIsMeOverHTTP: a customer's own token on /as-associate/{self}/ gets what
// /me allows, not the trusted backend's set: approval rules cannot be switched off, associates
// cannot be cut off, another company's store cannot be taken, a unit cannot be made Active.
func TestOwnTokenAsAssociateIsMeOverHTTP(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		w := standardWorld(t, s)
		w.project(t, `{"action":"setMyBusinessUnitAssociateRoleOnCreation","associateRole":{"typeId":"associate-role","key":"admin"}}`)
		if r := s.do(t, http.MethodPost, w.path("/stores"), w.admin, []byte(`{"key":"globex-store"}`)); r.status != http.StatusCreated {
			t.Fatalf("create store: %d %s", r.status, clip(r.body))
		}
		own := w.login(t, "alice", nil).AccessToken
		units := w.path("/as-associate/" + w.ids["alice"] + "/business-units")
		for _, action := range []string{`{"action":"changeApprovalRuleMode","approvalRuleMode":"Explicit"}`,
			`{"action":"changeAssociateMode","associateMode":"Explicit"}`} {
			r := s.do(t, http.MethodPost, units+"/key=acme-eng", own, w.unitBody(t, "acme-eng", action))
			expectErrorCode(t, r, "InvalidOperation", http.StatusBadRequest)
		}
		for _, draft := range []string{
			`{"key":"x1","name":"x","unitType":"Company","storeMode":"Explicit","stores":[{"typeId":"store","key":"globex-store"}]}`,
			`{"key":"x2","name":"x","unitType":"Company","status":"Active"}`,
		} {
			expectErrorCode(t, s.do(t, http.MethodPost, units, own, []byte(draft)), "InvalidInput", http.StatusBadRequest)
		}
		r := s.do(t, http.MethodPost, units, own, []byte(`{"key":"x3","name":"x","unitType":"Company"}`))
		wantStatus(t, "alice creates a company with her own token", r, http.StatusCreated)
		if u := w.get(t, "x3"); u["status"] != "Inactive" {
			t.Errorf("x3 status %v, want the project's Inactive", u["status"])
		}
		// The trusted backend keeps the reference's whole set.
		r = s.do(t, http.MethodPost, units+"/key=acme-eng", w.admin, w.unitBody(t, "acme-eng", `{"action":"changeApprovalRuleMode","approvalRuleMode":"Explicit"}`))
		wantStatus(t, "the backend as alice changes the approval rule mode", r, http.StatusOK)
	})
}

// TestNoOneWidensTheirOwnReachOverHTTP: a division made with AddChildUnits alone does not make
// its creator its admin; an admin of acme alone cannot make their role pass down to acme-eng.
func TestNoOneWidensTheirOwnReachOverHTTP(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		w := standardWorld(t, s)
		w.project(t, `{"action":"setMyBusinessUnitAssociateRoleOnCreation","associateRole":{"typeId":"associate-role","key":"admin"}}`)
		w.role(t, "grower", true, platform.PermissionAddChildUnits)
		w.customer(t, "dora")
		w.associate(t, "acme", "dora", "grower", true)
		dora := w.login(t, "dora", nil).AccessToken
		r := s.do(t, http.MethodPost, w.path("/me/business-units"), dora,
			[]byte(`{"key":"doras","name":"Dora's","unitType":"Division","parentUnit":{"typeId":"business-unit","key":"acme"}}`))
		wantStatus(t, "dora creates a division", r, http.StatusCreated)
		if roles := associateRoles(t, w.get(t, "doras")); len(roles) != 0 {
			t.Errorf("dora's division gives her %v, want no explicit role", roles)
		}

		w.customer(t, "dan")
		w.associate(t, "acme", "dan", "admin", false)
		dan := w.login(t, "dan", nil).AccessToken
		spread := fmt.Sprintf(`{"action":"changeAssociate","associate":{"customer":{"typeId":"customer","id":%q},`+
			`"associateRoleAssignments":[{"associateRole":{"typeId":"associate-role","key":"admin"},"inheritance":"Enabled"}]}}`, w.ids["dan"])
		for _, path := range []string{"/me/business-units/key=acme", "/as-associate/" + w.ids["dan"] + "/business-units/key=acme"} {
			for _, token := range []string{dan, w.admin} {
				if token == w.admin && strings.HasPrefix(path, "/me") {
					continue
				}
				expectErrorCode(t, s.do(t, http.MethodPost, w.path(path), token, w.unitBody(t, "acme", spread)), "InvalidOperation", http.StatusBadRequest)
			}
		}
		if roles := associateRoles(t, w.get(t, "acme-eng")); len(roles[w.ids["dan"]]) != 0 {
			t.Errorf("dan reaches acme-eng: %v", roles)
		}
	})
}

// TestSeparationOfDutiesOverHTTP: cleo, a CEO who may order her colleagues' carts, places bob's
// cart as an order; the order says so, and she may not approve it.
func TestSeparationOfDutiesOverHTTP(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		a := newApprovals(t, s)
		a.createRule(t, "ruth", "acme", bigOrders("big-orders"))
		a.role(t, "orderer", true, platform.PermissionCreateOrdersFromOthersCarts)
		a.update(t, "acme", fmt.Sprintf(`{"action":"changeAssociate","associate":{"customer":{"typeId":"customer","id":%q},`+
			`"associateRoleAssignments":[{"associateRole":{"typeId":"associate-role","key":%q},"inheritance":"Enabled"},`+
			`{"associateRole":{"typeId":"associate-role","key":"orderer"},"inheritance":"Enabled"}]}}`, a.ids["cleo"], roleCEO))
		cart, err := a.asAssociate("bob", "acme").Carts().Post(platform.CartDraft{Currency: "EUR", LineItems: lineItems(item{crateSKU, 15})}).Execute(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		cleo := a.login(t, "cleo", nil).AccessToken
		r := s.do(t, http.MethodPost, a.inUnit("cleo", "acme")+"/orders", cleo,
			[]byte(fmt.Sprintf(`{"cart":{"typeId":"cart","id":%q},"version":%d}`, cart.ID, cart.Version)))
		wantStatus(t, "cleo orders bob's cart", r, http.StatusCreated)
		var o struct {
			ID         string
			CustomerID string `json:"customerId"`
			CreatedBy  struct {
				Customer, Associate struct{ ID string }
			} `json:"createdBy"`
		}
		if err := json.Unmarshal(r.body, &o); err != nil {
			t.Fatal(err)
		}
		if o.CustomerID != a.ids["bob"] || o.CreatedBy.Associate.ID != a.ids["cleo"] || o.CreatedBy.Customer.ID != a.ids["cleo"] {
			t.Fatalf("order of %s created by %+v, want bob's placed by cleo", o.CustomerID, o.CreatedBy)
		}
		f := a.flow(t, "walt", "acme", o.ID)
		_, err = a.decide("cleo", "acme", f, platform.ApprovalFlowApproveAction{})
		refused(t, "cleo approves the order she placed", err, "placed the order")
		a.wantOrder(t, o.ID, "Pending")
	})
}

// TestListsAgreeWithReadsOverHTTP: bob, holding only ViewOthersCarts, may not read his own cart,
// nor find it in the list.
func TestListsAgreeWithReadsOverHTTP(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		sh := newShop(t, s)
		sh.customer(t, "alice")
		sh.customer(t, "bob")
		sh.unit(t, "acme", "", "")
		sh.grant(t, "acme", "alice", purchaserPerms...)
		sh.grant(t, "acme", "bob", platform.PermissionViewOthersCarts)
		own := sh.sellerCart(t, "bob", "acme", item{widgetSKU, 1})
		theirs := sh.sellerCart(t, "alice", "acme", item{widgetSKU, 1})
		bob := sh.login(t, "bob", nil).AccessToken
		carts := sh.inUnit("bob", "acme") + "/carts"
		missingPermissionRaw(t, s.do(t, http.MethodGet, carts+"/"+own.ID, bob, nil), platform.PermissionViewMyCarts)
		page := s.getJSON(t, carts+query("where", fmt.Sprintf("customerId=%q", sh.ids["bob"])), bob)
		if ids := idsOf(page); len(ids) != 0 {
			t.Errorf("bob's own carts listed: %v", ids)
		}
		if ids := idsOf(s.getJSON(t, carts, bob)); len(ids) != 1 || ids[0] != theirs.ID {
			t.Errorf("bob's list: %v, want alice's cart %s only", ids, theirs.ID)
		}
	})
}

// TestAssociateErrorsDiscloseNoUnitOverHTTP: a unit of another company and a unit that does not
// exist answer alike on the as-associate endpoints.
func TestAssociateErrorsDiscloseNoUnitOverHTTP(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		w := standardWorld(t, s)
		alice := w.login(t, "alice", nil).AccessToken
		var answers []string
		for _, unit := range []string{"globex", "no-such-unit"} {
			rule := `{"key":"r","name":"r","status":"Active","predicate":"lineItemCount > 1",` +
				`"approvers":{"tiers":[{"and":[{"or":[{"associateRole":{"typeId":"associate-role","key":"approver"}}]}]}]},"requesters":[]}`
			for _, rest := range []string{"GET /carts", "GET /approval-rules", "POST /approval-rules", "GET /join-requests"} {
				method, tail, _ := strings.Cut(rest, " ")
				var body []byte
				if method == http.MethodPost {
					body = []byte(rule)
				}
				r := s.do(t, method, w.path("/as-associate/"+w.ids["alice"]+"/in-business-unit/key="+unit+tail), alice, body)
				var answer struct{ Errors []struct{ Code string } }
				_ = json.Unmarshal(r.body, &answer)
				if len(answer.Errors) == 0 {
					t.Fatalf("%s in %s: status %d, want an error", rest, unit, r.status)
				}
				answers = append(answers, fmt.Sprintf("%s %d %s", rest, r.status, answer.Errors[0].Code))
			}
		}
		if strings.Join(answers[:4], "|") != strings.Join(answers[4:], "|") {
			t.Fatalf("globex and an unknown unit answer differently: %v", answers)
		}
	})
}
