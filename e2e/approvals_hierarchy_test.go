package e2e

import (
	"net/http"
	"slices"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

var (
	allSeedRoles = []string{roleLead, roleSubstitute, roleEngManager, roleHead, roleCEO}
	tierOneRoles = []string{roleLead, roleSubstitute, roleEngManager}
)

// TestApprovalHierarchy: the seeds' example as one rule made by an associate; a 1,500.00 EUR order
// by a buyer starts one Pending flow, the order stays Open with approvalStatus Pending, and the
// approvers act tier by tier until the flow and the order are Approved.
func TestApprovalHierarchy(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		a := newApprovals(t, s)
		rule := a.createRule(t, "ruth", "acme", bigOrders("big-orders"))
		if got := roleKeysOf(rule.Approvers.Tiers[0].And[0].Or); !slices.Equal(got, []string{roleLead, roleSubstitute}) {
			t.Errorf("rule tier 1 group 1 = %v, want the lead and the substitute", got)
		}
		if len(rule.Requesters) != 1 || rule.Requesters[0].AssociateRole.Key != "buyer" {
			t.Errorf("rule requesters %+v, want [buyer]", rule.Requesters)
		}

		o := a.order(t, "bob", "acme", "EUR", 15) // 1,500.00 EUR
		if ids := a.flowsOf(t, o.ID); len(ids) != 1 {
			t.Fatalf("flows of the 1,500.00 EUR order: %v, want exactly one", ids)
		}
		a.wantOrder(t, o.ID, "Pending")
		r := s.do(t, http.MethodGet, a.inUnit("bob", "acme")+"/orders/"+o.ID, a.admin, nil)
		wantStatus(t, "bob reads his order", r, http.StatusOK)
		if !jsonHas(t, r.body, "approvalStatus", "Pending") {
			t.Errorf("bob's view of the order lacks approvalStatus Pending: %s", clip(r.body))
		}

		f := a.flow(t, "lena", "acme", o.ID)
		if len(f.Rules) != 1 || f.Rules[0].ID != rule.ID || f.Rules[0].Predicate != rule.Predicate || len(f.Approvals) != 0 || f.Rejection != nil {
			t.Errorf("new flow: rules %+v approvals %d rejection %v, want a copy of rule %s, none, none", f.Rules, len(f.Approvals), f.Rejection, rule.ID)
		}
		wantApprovers(t, "new flow", f, platform.ApprovalFlowStatusPending, allSeedRoles, allSeedRoles, tierOneRoles)

		f = a.approve(t, "lena", "acme", f)
		wantApprovers(t, "after the team lead", f, platform.ApprovalFlowStatusPending,
			allSeedRoles, []string{roleEngManager, roleHead, roleCEO}, []string{roleEngManager})
		// The substitute may still approve while tier 1 is open (reference §5.3): the approval is
		// recorded and changes nothing, since the lead already settled their group.
		f = a.approve(t, "sam", "acme", f)
		wantApprovers(t, "after the substitute too", f, platform.ApprovalFlowStatusPending,
			allSeedRoles, []string{roleEngManager, roleHead, roleCEO}, []string{roleEngManager})
		a.wantOrder(t, o.ID, "Pending")

		f = a.approve(t, "emma", "acme", f)
		wantApprovers(t, "after the engineering manager", f, platform.ApprovalFlowStatusPending,
			[]string{roleHead, roleCEO}, []string{roleHead, roleCEO}, []string{roleHead})

		f = a.approve(t, "hugo", "acme", f)
		wantApprovers(t, "after the head of procurement", f, platform.ApprovalFlowStatusPending,
			[]string{roleCEO}, []string{roleCEO}, []string{roleCEO})
		a.wantOrder(t, o.ID, "Pending")

		f = a.approve(t, "cleo", "acme", f)
		wantApprovers(t, "after the CEO", f, platform.ApprovalFlowStatusApproved, nil, nil, nil)
		want := []string{a.ids["lena"], a.ids["sam"], a.ids["emma"], a.ids["hugo"], a.ids["cleo"]}
		if got := approverIDs(f); !slices.Equal(got, want) {
			t.Errorf("approvals by %v, want %v", got, want)
		}
		if roles := f.Approvals[4].Approver.AssociateRoleAssignments; len(roles) != 1 || roles[0].AssociateRole.Key != roleCEO {
			t.Errorf("the CEO's approval records roles %+v, want [ceo]", roles)
		}
		a.wantOrder(t, o.ID, "Approved")
		got, err := a.asAssociate("cleo", "acme").ApprovalFlows().WithId(f.ID).Get().Execute(a.ctx)
		if err != nil || got.Status != platform.ApprovalFlowStatusApproved || got.Version != f.Version {
			t.Fatalf("re-read flow: %v %+v, want Approved at version %d", err, got, f.Version)
		}
		_, err = a.decide("cleo", "acme", f, platform.ApprovalFlowApproveAction{})
		refused(t, "approving an Approved flow", err, "Approved")
	})
}

// TestApprovalEarly: the head of procurement approves first, which settles tier 1 (the seeds:
// "early approval automatically approves all lower levels"); only the CEO is left, and a tier 1
// approver can no longer act.
func TestApprovalEarly(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		a := newApprovals(t, s)
		a.createRule(t, "ruth", "acme", bigOrders("big-orders"))
		o := a.order(t, "bob", "acme", "EUR", 15)
		f := a.approve(t, "hugo", "acme", a.flow(t, "hugo", "acme", o.ID))
		wantApprovers(t, "after the early approval", f, platform.ApprovalFlowStatusPending,
			[]string{roleCEO}, []string{roleCEO}, []string{roleCEO})
		_, err := a.decide("lena", "acme", f, platform.ApprovalFlowApproveAction{})
		refused(t, "the team lead after tier 1 was settled early", err, "of a tier still open")
		a.wantOrder(t, o.ID, "Pending")
		f = a.approve(t, "cleo", "acme", f)
		wantApprovers(t, "after the CEO", f, platform.ApprovalFlowStatusApproved, nil, nil, nil)
		if got, want := approverIDs(f), []string{a.ids["hugo"], a.ids["cleo"]}; !slices.Equal(got, want) {
			t.Errorf("approvals by %v, want %v", got, want)
		}
		a.wantOrder(t, o.ID, "Approved")
	})
}

// TestApprovalRejection: the substitute rejects at tier 1 with a reason; the flow and the order are
// Rejected, the rejection names who and why, the approver lists are empty and the flow takes no
// more actions.
func TestApprovalRejection(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		a := newApprovals(t, s)
		a.createRule(t, "ruth", "acme", bigOrders("big-orders"))
		o := a.order(t, "bob", "acme", "EUR", 15)
		f := a.approve(t, "lena", "acme", a.flow(t, "sam", "acme", o.ID))
		got, err := a.decide("sam", "acme", f, platform.ApprovalFlowRejectAction{Reason: ptr("over budget")})
		if err != nil {
			t.Fatalf("the substitute rejects: %v", err)
		}
		f = *got
		wantApprovers(t, "after the rejection", f, platform.ApprovalFlowStatusRejected, nil, nil, nil)
		if f.Rejection == nil || f.Rejection.Rejecter.Customer.ID != a.ids["sam"] || deref(f.Rejection.Reason) != "over budget" || f.Rejection.RejectedAt.IsZero() {
			t.Errorf("rejection %+v, want sam (%s), \"over budget\" and a time", f.Rejection, a.ids["sam"])
		}
		if f.Version != 3 || len(f.Approvals) != 1 {
			t.Errorf("rejected flow: version %d with %d approvals, want 3 and the lead's one", f.Version, len(f.Approvals))
		}
		a.wantOrder(t, o.ID, "Rejected")
		_, err = a.decide("emma", "acme", f, platform.ApprovalFlowApproveAction{})
		refused(t, "approving a Rejected flow", err, "Rejected")
		_, err = a.decide("cleo", "acme", f, platform.ApprovalFlowRejectAction{})
		refused(t, "rejecting a Rejected flow", err, "Rejected")
		if again := a.flow(t, "emma", "acme", o.ID); again.Version != f.Version || again.Status != platform.ApprovalFlowStatusRejected {
			t.Errorf("flow after the refused actions: version %d status %s, want %d Rejected", again.Version, again.Status, f.Version)
		}
	})
}
