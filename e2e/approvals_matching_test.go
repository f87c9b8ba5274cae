package e2e

import (
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// TestApprovalMatching: a flow starts only for an order at or above the threshold placed by a
// holder of a requester role.
func TestApprovalMatching(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		a := newApprovals(t, s)
		a.createRule(t, "ruth", "acme", bigOrders("big-orders"))
		small := a.order(t, "bob", "acme", "EUR", 9) // 900.00 EUR
		a.noApproval(t, "an order below the threshold", small.ID)
		byShopper := a.order(t, "alice", "acme", "EUR", 15) // 1,500.00 EUR, no requester role
		a.noApproval(t, "an order by an associate without a requester role", byShopper.ID)
		edge := a.order(t, "bob", "acme", "EUR", 10) // exactly 1,000.00 EUR: >= matches
		if f := a.flow(t, "lena", "acme", edge.ID); f.Status != platform.ApprovalFlowStatusPending {
			t.Errorf("flow of the 1,000.00 EUR order: %s, want Pending", f.Status)
		}
		a.wantOrder(t, edge.ID, "Pending")
		if got := a.total(t, "approval-flows"); got != 1 {
			t.Errorf("%d flows in the project, want 1", got)
		}
	})
}

// TestApprovalCurrency: totalPrice >= "1000.00 EUR" does not match a 1,500.00 USD order (a money
// comparison across currencies is false), whereas the reference's currency trap
// totalPrice.centAmount >= 100000 does.
func TestApprovalCurrency(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		a := newApprovals(t, s)
		rule := a.createRule(t, "ruth", "acme", bigOrders("big-orders"))
		usd := a.order(t, "bob", "acme", "USD", 15) // 1,500.00 USD
		a.noApproval(t, "a USD order against a EUR threshold", usd.ID)

		got, err := a.asAssociate("ruth", "acme").ApprovalRules().WithId(rule.ID).Post(platform.ApprovalRuleUpdate{Version: rule.Version,
			Actions: []platform.ApprovalRuleUpdateAction{platform.ApprovalRuleSetPredicateAction{Predicate: "totalPrice.centAmount >= 100000"}}}).Execute(a.ctx)
		if err != nil {
			t.Fatalf("setPredicate: %v", err)
		}
		if got.Predicate != "totalPrice.centAmount >= 100000" || got.Version != rule.Version+1 {
			t.Fatalf("after setPredicate: %q version %d", got.Predicate, got.Version)
		}
		usd2 := a.order(t, "bob", "acme", "USD", 15)
		f := a.flow(t, "lena", "acme", usd2.ID)
		if len(f.Rules) != 1 || f.Rules[0].Predicate != "totalPrice.centAmount >= 100000" {
			t.Errorf("flow rules %+v, want the copy with the centAmount predicate", f.Rules)
		}
		a.wantOrder(t, usd2.ID, "Pending")
		a.noApproval(t, "the first USD order after the rule changed", usd.ID)
	})
}

// TestApprovalDivision: a Division (approvalRuleMode ExplicitAndFromParent by default) inherits
// its Company's rule, the flow belongs to the division; a Division set to Explicit does not.
func TestApprovalDivision(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		a := newApprovals(t, s)
		a.createRule(t, "ruth", "acme", bigOrders("big-orders"))
		if mode := a.get(t, "acme-eng")["approvalRuleMode"]; mode != "ExplicitAndFromParent" {
			t.Errorf("acme-eng approvalRuleMode %v, want ExplicitAndFromParent", mode)
		}
		o := a.order(t, "bob", "acme-eng", "EUR", 15)
		f := a.flow(t, "lena", "acme-eng", o.ID) // checks businessUnit = acme-eng
		if len(f.Rules) != 1 || f.Rules[0].BusinessUnit.Key != "acme" {
			t.Errorf("division flow rules %+v, want acme's rule", f.Rules)
		}
		wantApprovers(t, "division flow", f, platform.ApprovalFlowStatusPending, allSeedRoles, allSeedRoles, tierOneRoles)
		page, err := a.asAssociate("lena", "acme").ApprovalFlows().Get().Execute(a.ctx)
		if err != nil || len(page.Results) != 0 {
			t.Errorf("acme's flows: %v %d results, want none (the flow is the division's)", err, len(page.Results))
		}
		_, err = a.decide("lena", "acme", f, platform.ApprovalFlowApproveAction{})
		notFound(t, "approving the division's flow through acme's path", err)
		f = a.approve(t, "lena", "acme-eng", f)
		wantApprovers(t, "division flow after the lead", f, platform.ApprovalFlowStatusPending,
			allSeedRoles, []string{roleEngManager, roleHead, roleCEO}, []string{roleEngManager})
		a.wantOrder(t, o.ID, "Pending")

		a.update(t, "acme-eng", `{"action":"changeApprovalRuleMode","approvalRuleMode":"Explicit"}`)
		if mode := a.get(t, "acme-eng")["approvalRuleMode"]; mode != "Explicit" {
			t.Fatalf("acme-eng approvalRuleMode %v after the change, want Explicit", mode)
		}
		explicit := a.order(t, "bob", "acme-eng", "EUR", 15)
		a.noApproval(t, "an order of an Explicit division", explicit.ID)
		company := a.order(t, "bob", "acme", "EUR", 15)
		a.flow(t, "lena", "acme", company.ID)
	})
}
