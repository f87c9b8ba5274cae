package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// The fields of the reference's ApprovalRule and ApprovalFlow.
var (
	ruleFields = []string{"id", "version", "createdAt", "lastModifiedAt", "createdBy", "lastModifiedBy", "key", "name",
		"description", "status", "predicate", "approvers", "requesters", "businessUnit", "custom"}
	flowFields = []string{"id", "version", "createdAt", "lastModifiedAt", "createdBy", "lastModifiedBy", "order", "businessUnit",
		"rules", "status", "rejection", "approvals", "eligibleApprovers", "pendingApprovers", "currentTierPendingApprovers", "custom"}
)

// TestApprovalSeller: the seller's extension endpoints list and create the rules of every unit
// and list the flows of every unit; the seller's order query leaves out the orders awaiting
// approval or rejected.
func TestApprovalSeller(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		a := newApprovals(t, s)
		a.unit(t, "globex", "", "")
		a.customer(t, "gary")
		a.associate(t, "globex", "gary", "buyer", false)
		a.associate(t, "globex", "cleo", roleCEO, false)
		acmeRule := a.createRule(t, "ruth", "acme", bigOrders("big-orders"))

		body := `{"businessUnit":{"typeId":"business-unit","key":"globex"},"key":"globex-big","name":"Globex big orders","status":"Active",` +
			`"predicate":"totalPrice >= \"1000.00 EUR\"","approvers":{"tiers":[{"and":[{"or":[{"associateRole":{"typeId":"associate-role","key":"ceo"}}]}]}]},` +
			`"requesters":[{"associateRole":{"typeId":"associate-role","key":"buyer"}}]}`
		r, m := a.raw(t, http.MethodPost, a.path("/approval-rules"), body)
		wantStatus(t, "seller creates a rule in globex", r, http.StatusCreated)
		globexRuleID, _ := m["id"].(string)
		if bu, _ := m["businessUnit"].(map[string]any); bu["key"] != "globex" || m["key"] != "globex-big" || version(t, m) != 1 {
			t.Errorf("seller's rule: businessUnit %v key %v version %v, want globex, globex-big, 1", m["businessUnit"], m["key"], m["version"])
		}
		r, _ = a.raw(t, http.MethodPost, a.path("/approval-rules"), `{"key":"nowhere","name":"n","status":"Active","predicate":"lineItemCount > 1",`+
			`"approvers":{"tiers":[{"and":[{"or":[{"associateRole":{"typeId":"associate-role","key":"ceo"}}]}]}]},"requesters":[{"associateRole":{"typeId":"associate-role","key":"buyer"}}]}`)
		if e := expectError(t, r, http.StatusBadRequest); e["code"] != "RequiredField" || e["field"] != "businessUnit" {
			t.Errorf("seller's rule without businessUnit: %v, want RequiredField businessUnit", e)
		}

		page := a.s.getJSON(t, a.path("/approval-rules"), a.admin)
		if got, want := idsOf(page), sorted(acmeRule.ID, globexRuleID); !slices.Equal(got, want) {
			t.Errorf("seller's rules %v, want %v", got, want)
		}
		onlyFields(t, "seller's rule", page, ruleFields)
		if m := a.s.getJSON(t, a.path("/approval-rules/"+globexRuleID), a.admin); m["name"] != "Globex big orders" {
			t.Errorf("GET the seller's rule: name %v", m["name"])
		}
		acmeRules, err := a.asAssociate("ruth", "acme").ApprovalRules().Get().Execute(a.ctx)
		if err != nil || len(acmeRules.Results) != 1 || acmeRules.Results[0].ID != acmeRule.ID {
			t.Errorf("acme's rules as ruth: %v %+v, want only %s", err, acmeRules, acmeRule.ID)
		}

		small := a.order(t, "bob", "acme", "EUR", 9)
		pending := a.order(t, "bob", "acme", "EUR", 15)
		approved := a.order(t, "bob", "acme", "EUR", 15)
		rejected := a.order(t, "bob", "acme", "EUR", 15)
		globex := a.order(t, "gary", "globex", "EUR", 12)
		f := a.flow(t, "lena", "acme", approved.ID)
		for _, who := range []string{"lena", "emma", "hugo", "cleo"} {
			f = a.approve(t, who, "acme", f)
		}
		if _, err := a.decide("sam", "acme", a.flow(t, "sam", "acme", rejected.ID), platform.ApprovalFlowRejectAction{Reason: ptr("no")}); err != nil {
			t.Fatalf("sam rejects: %v", err)
		}
		globexFlow := a.flow(t, "cleo", "globex", globex.ID)

		flows := a.s.getJSON(t, a.path("/approval-flows"), a.admin)
		want := sorted(a.flow(t, "lena", "acme", pending.ID).ID, f.ID, a.flow(t, "lena", "acme", rejected.ID).ID, globexFlow.ID)
		if got := idsOf(flows); !slices.Equal(got, want) {
			t.Errorf("seller's flows %v, want %v", got, want)
		}
		onlyFields(t, "seller's flow", flows, flowFields)
		if m := a.s.getJSON(t, a.path("/approval-flows/"+globexFlow.ID), a.admin); m["status"] != "Pending" {
			t.Errorf("GET globex's flow: status %v, want Pending", m["status"])
		}
		r = a.s.do(t, http.MethodGet, a.inUnit("lena", "acme")+"/approval-flows", a.admin, nil)
		wantStatus(t, "acme's flows as lena", r, http.StatusOK)
		var lenaFlows map[string]any
		_ = json.Unmarshal(r.body, &lenaFlows)
		onlyFields(t, "associate's flow", lenaFlows, flowFields)
		if n := len(idsOf(lenaFlows)); n != 3 {
			t.Errorf("acme's flows as lena: %d, want 3 (not globex's)", n)
		}

		for _, q := range []struct {
			where string
			want  []string
		}{
			{`approvalStatus is not defined or approvalStatus = "Approved"`, sorted(small.ID, approved.ID)},
			{`approvalStatus = "Pending"`, sorted(pending.ID, globex.ID)},
			{`approvalStatus = "Rejected"`, []string{rejected.ID}},
		} {
			got := idsOf(a.s.getJSON(t, a.path("/orders"+query("where", q.where, "limit", "50")), a.admin))
			if !slices.Equal(got, q.want) {
				t.Errorf("orders where %s: %v, want %v", q.where, got, q.want)
			}
		}

		// A view-only client reads the seller's endpoints but may not create.
		viewer := a.s.token(t, a.s.newAPIClient(t, a.s.project, "view_approval_rules:"+a.s.project, "view_approval_flows:"+a.s.project))
		if r := a.s.do(t, http.MethodGet, a.path("/approval-flows"), viewer, nil); r.status != http.StatusOK {
			t.Errorf("view_approval_flows lists flows: status %d", r.status)
		}
		r = a.s.do(t, http.MethodPost, a.path("/approval-rules"), viewer, []byte(body))
		expectErrorCode(t, r, "insufficient_scope", http.StatusForbidden)
		if n := a.total(t, "approval-rules"); n != 2 {
			t.Errorf("%d rules after the viewer's refused create, want 2", n)
		}
	})
}

// onlyFields checks that every result of a raw page has only the given fields.
func onlyFields(t *testing.T, what string, page map[string]any, allowed []string) {
	t.Helper()
	res, _ := page["results"].([]any)
	for _, r := range res {
		m, _ := r.(map[string]any)
		for k := range m {
			if !slices.Contains(allowed, k) {
				t.Errorf("%s %v has the field %q (= %s), which the reference does not define", what, m["id"], k, fmt.Sprint(m[k]))
			}
		}
	}
}
