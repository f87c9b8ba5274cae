package app_test

import (
	"fmt"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// approvalWorld: shopWorld plus the seeds' four approver roles held by four associates of acme
// (inherited by eng), an approval admin, and a requester role "buyer-r" held by bob.
func approvalWorld(t *testing.T, a *app.App, c app.Caller) *world {
	w := shopWorld(t, a, c)
	approve := []procura.Permission{procura.UpdateApprovalFlows, procura.ViewOthersOrders}
	for _, r := range []string{"project-team-lead", "project-team-lead-substitute", "engineering-manager", "head-of-procurement", "ceo"} {
		w.role(r, true, approve...)
	}
	w.role("rule-admin", true, procura.CreateApprovalRules, procura.UpdateApprovalRules)
	w.role("buyer-r", true, procura.CreateMyCarts, procura.UpdateMyCarts, procura.ViewMyCarts, procura.CreateMyOrdersFromMyCarts, procura.ViewMyOrders)
	w.role("watcher", true, procura.ViewOthersOrders) // an approver role without UpdateApprovalFlows
	for _, p := range [][2]string{{"lena@acme.example", "project-team-lead"}, {"sam@acme.example", "project-team-lead-substitute"},
		{"emma@acme.example", "engineering-manager"}, {"hugo@acme.example", "head-of-procurement"}, {"cleo@acme.example", "ceo"},
		{"ruth@acme.example", "rule-admin"}, {"walt@acme.example", "watcher"}} {
		w.customer(p[0])
		w.associate("acme", p[0], p[1], procura.InheritanceEnabled)
	}
	w.grant("acme", "bob@acme.example", "buyer-r")
	return w
}

const seedApprovers = `{"tiers":[
 {"and":[{"or":[{"associateRole":{"key":"project-team-lead"}},{"associateRole":{"key":"project-team-lead-substitute"}}]},{"or":[{"associateRole":{"key":"engineering-manager"}}]}]},
 {"and":[{"or":[{"associateRole":{"key":"head-of-procurement"}}]}]},
 {"and":[{"or":[{"associateRole":{"key":"ceo"}}]}]}]}`

func (w *world) rule(unit, key, predicate, approvers string, requesters ...string) *procura.ApprovalRule {
	w.t.Helper()
	var d app.ApprovalRuleDraft
	reqs := ""
	for i, r := range requesters {
		if i > 0 {
			reqs += ","
		}
		reqs += `{"associateRole":{"key":"` + r + `"}}`
	}
	body := fmt.Sprintf(`{"key":%q,"name":%q,"status":"Active","predicate":%q,"approvers":%s,"requesters":[%s]}`, key, key, predicate, approvers, reqs)
	if err := procura.DecodeJSON([]byte(body), &d); err != nil {
		w.t.Fatal(err)
	}
	return must[*procura.ApprovalRule](w.t)(w.a.CreateApprovalRule(ctx, w.seller, inUnit(w.customers["ruth@acme.example"], unit), d))
}

// orderOf has email order n widgets (19.99 EUR each) in unit.
func (w *world) orderOf(email, unit string, n int64) *procura.Order {
	w.t.Helper()
	d := cartDraft("W-1")
	d.LineItems[0].Quantity = qty(n)
	cart := must[*procura.Cart](w.t)(w.a.CreateCart(ctx, w.seller, inUnit(w.customers[email], unit), d))
	return must[*procura.Order](w.t)(w.a.CreateOrder(ctx, w.seller, inUnit(w.customers[email], unit),
		procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}, Version: &cart.Version}))
}

func (w *world) flowOf(o *procura.Order) *procura.ApprovalFlow {
	w.t.Helper()
	page := must[*app.Page](w.t)(w.a.QueryApprovalFlows(ctx, w.seller, app.Acting{}, app.Query{Limit: 2, Where: []string{`order(id = "` + o.ID + `")`}}))
	if len(page.Items()) != 1 {
		w.t.Fatalf("%d flows for order %s", len(page.Items()), o.ID)
	}
	return must[*procura.ApprovalFlow](w.t)(w.a.GetApprovalFlow(ctx, w.seller, app.Acting{}, app.Ref{ID: page.Items()[0]["id"].(string)}))
}

func (w *world) decide(email, unit string, f *procura.ApprovalFlow, action string) (*procura.ApprovalFlow, error) {
	return w.a.UpdateApprovalFlow(ctx, w.seller, inUnit(w.customers[email], unit), app.Ref{ID: f.ID}, actions(f.Version, action))
}

func TestTheSeedsApprovalHierarchy(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := approvalWorld(t, a, c)
		w.rule("acme", "big-orders", `totalPrice >= "1000.00 EUR"`, seedApprovers, "buyer-r")
		// Below the threshold: no flow.
		small := w.orderOf("bob@acme.example", "acme", 10)
		if small.ApprovalStatus != "" {
			t.Fatalf("a 199.90 order got approval status %q", small.ApprovalStatus)
		}
		// 1,500.00 (75 × 19.99 = 1,499.25; 76 × 19.99 = 1,519.24).
		big := w.orderOf("bob@acme.example", "acme", 76)
		if big.ApprovalStatus != procura.FlowPending || big.OrderState != procura.OrderOpen {
			t.Fatalf("big order: %s %s", big.ApprovalStatus, big.OrderState)
		}
		f := w.flowOf(big)
		if len(f.Rules) != 1 || roleKeys(f.CurrentTierPendingApprovers) != "[project-team-lead project-team-lead-substitute engineering-manager]" {
			t.Fatalf("new flow: %d rules, current %s", len(f.Rules), roleKeys(f.CurrentTierPendingApprovers))
		}
		// The watcher holds no UpdateApprovalFlows; the requester may not approve their own.
		_, err := w.decide("walt@acme.example", "acme", f, `{"action":"approve"}`)
		wantCode(t, err, procura.CodeAssociateMissingPermission)
		// Early approval by the head of procurement settles tier 1.
		f = must[*procura.ApprovalFlow](t)(w.decide("hugo@acme.example", "acme", f, `{"action":"approve"}`))
		if roleKeys(f.CurrentTierPendingApprovers) != "[ceo]" {
			t.Fatalf("after early approval: %s", roleKeys(f.CurrentTierPendingApprovers))
		}
		// A stale version loses.
		stale := *f
		stale.Version--
		_, err = w.decide("cleo@acme.example", "acme", &stale, `{"action":"approve"}`)
		wantCode(t, err, procura.CodeConcurrentModification)
		f = must[*procura.ApprovalFlow](t)(w.decide("cleo@acme.example", "acme", f, `{"action":"approve"}`))
		if f.Status != procura.FlowApproved {
			t.Fatalf("after the CEO: %s", f.Status)
		}
		if got := must[*procura.Order](t)(a.GetOrder(ctx, c, app.Acting{}, app.Ref{ID: big.ID})); got.ApprovalStatus != procura.FlowApproved {
			t.Fatalf("order approval status %s", got.ApprovalStatus)
		}
		_, err = w.decide("lena@acme.example", "acme", f, `{"action":"reject","reason":"late"}`)
		wantCode(t, err, procura.CodeInvalidOperation)
	})
}

func TestRejectionAndInheritance(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := approvalWorld(t, a, c)
		w.rule("acme", "big-orders", `totalPrice >= "1000.00 EUR"`, seedApprovers, "buyer-r")
		// eng inherits acme's rule (approvalRuleMode ExplicitAndFromParent by default); bob
		// orders there with his inherited roles.
		o := w.orderOf("bob@acme.example", "eng", 100)
		f := w.flowOf(o)
		if f.BusinessUnit.Key != "eng" {
			t.Fatalf("flow unit %s", f.BusinessUnit.Key)
		}
		_, err := w.decide("lena@acme.example", "acme", f, `{"action":"approve"}`)
		wantCode(t, err, procura.CodeResourceNotFound) // the flow is eng's, not acme's
		f = must[*procura.ApprovalFlow](t)(w.decide("lena@acme.example", "eng", f, `{"action":"reject","reason":"no budget"}`))
		if f.Status != procura.FlowRejected || f.Rejection.Reason != "no budget" || len(f.PendingApprovers) != 0 {
			t.Fatalf("rejected flow: %+v", f)
		}
		if got := must[*procura.Order](t)(a.GetOrder(ctx, c, app.Acting{}, app.Ref{ID: o.ID})); got.ApprovalStatus != procura.FlowRejected {
			t.Fatalf("order approval status %s", got.ApprovalStatus)
		}
		// The seller can leave out orders awaiting approval or rejected.
		page := must[*app.Page](t)(a.QueryOrders(ctx, c, app.Acting{}, app.Query{Limit: 20, WithTotal: true,
			Where: []string{`approvalStatus is not defined or approvalStatus = "Approved"`}}))
		if *page.Total != 0 {
			t.Fatalf("%d orders ready to fulfil; want 0", *page.Total)
		}
		// An Explicit division does not inherit the rule.
		must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "eng"}, actions(w.version("eng"), `{"action":"changeApprovalRuleMode","approvalRuleMode":"Explicit"}`)))
		if o := w.orderOf("bob@acme.example", "eng", 100); o.ApprovalStatus != "" {
			t.Fatalf("an Explicit division's order got a flow")
		}
		// Nor does a requester without a requester role get one.
		if o := w.orderOf("alice@acme.example", "acme", 100); o.ApprovalStatus != "" {
			t.Fatalf("alice (no requester role) got a flow")
		}
	})
}

func TestApprovalRuleValidation(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := approvalWorld(t, a, c)
		ruth, bob := w.customers["ruth@acme.example"], w.customers["bob@acme.example"]
		draft := func(predicate, approvers, requesters string) app.ApprovalRuleDraft {
			var d app.ApprovalRuleDraft
			body := fmt.Sprintf(`{"name":"r","status":"Active","predicate":%q,"approvers":%s,"requesters":%s}`, predicate, approvers, requesters)
			if err := procura.DecodeJSON([]byte(body), &d); err != nil {
				t.Fatal(err)
			}
			return d
		}
		okApprovers := `{"tiers":[{"and":[{"or":[{"associateRole":{"key":"ceo"}}]}]}]}`
		okRequesters := `[{"associateRole":{"key":"buyer-r"}}]`
		tests := []struct {
			name string
			d    app.ApprovalRuleDraft
			code string
		}{
			{"an unparsable predicate", draft(`totalPrice >=`, okApprovers, okRequesters), procura.CodeInvalidInput},
			{"an unknown field", draft(`shoeSize > 3`, okApprovers, okRequesters), procura.CodeInvalidInput},
			{"no tiers", draft(`lineItemCount > 1`, `{"tiers":[]}`, okRequesters), procura.CodeInvalidInput},
			{"six tiers", draft(`lineItemCount > 1`, `{"tiers":[`+repeat(`{"and":[{"or":[{"associateRole":{"key":"ceo"}}]}]}`, 6)+`]}`, okRequesters), procura.CodeInvalidInput},
			{"an empty group", draft(`lineItemCount > 1`, `{"tiers":[{"and":[{"or":[]}]}]}`, okRequesters), procura.CodeInvalidInput},
			{"an unknown role", draft(`lineItemCount > 1`, `{"tiers":[{"and":[{"or":[{"associateRole":{"key":"pope"}}]}]}]}`, okRequesters), procura.CodeReferencedResourceNotFound},
			{"no requesters", draft(`lineItemCount > 1`, okApprovers, `[]`), procura.CodeInvalidInput},
			{"a requester twice", draft(`lineItemCount > 1`, okApprovers, `[{"associateRole":{"key":"buyer-r"}},{"associateRole":{"key":"buyer-r"}}]`), procura.CodeDuplicateField},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := a.CreateApprovalRule(ctx, c, inUnit(ruth, "acme"), tt.d)
				wantCode(t, err, tt.code)
			})
		}
		// Permissions both ways.
		good := draft(`lineItemCount > 1`, okApprovers, okRequesters)
		_, err := a.CreateApprovalRule(ctx, c, inUnit(bob, "acme"), good)
		wantCode(t, err, procura.CodeAssociateMissingPermission)
		r := must[*procura.ApprovalRule](t)(a.CreateApprovalRule(ctx, c, inUnit(ruth, "acme"), good))
		_, err = a.UpdateApprovalRule(ctx, c, inUnit(bob, "acme"), app.Ref{ID: r.ID}, actions(1, `{"action":"setStatus","status":"Inactive"}`))
		wantCode(t, err, procura.CodeAssociateMissingPermission)
		r = must[*procura.ApprovalRule](t)(a.UpdateApprovalRule(ctx, c, inUnit(ruth, "acme"), app.Ref{ID: r.ID}, actions(1, `{"action":"setStatus","status":"Inactive"}`)))
		if r.Status != procura.StatusInactive {
			t.Fatal(r.Status)
		}
	})
}

func repeat(s string, n int) string {
	out := s
	for i := 1; i < n; i++ {
		out += "," + s
	}
	return out
}

func roleKeys(rs []procura.RuleApprover) string {
	var out []string
	for _, r := range rs {
		out = append(out, r.AssociateRole.Key)
	}
	return fmt.Sprint(out)
}
