package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/httpapi"
)

// ruleForm is a filled rule form.
func ruleForm(do, predicate string) url.Values {
	return url.Values{"do": {do}, "name": {"Big widget orders"}, "key": {"big-widgets"}, "status": {"Active"}, "predicate": {predicate},
		"requesters": {"buyer"}, "approvers": {"approver\nadmin / approver; approver"}}
}

// TestApprovalRules: alice, the admin, checks a predicate (a malformed one shows the API's
// parser error with 400; a good one previews which recent orders it matches: bob's large order,
// not her small one), creates the rule and edits it. Bob, a buyer without CreateApprovalRules,
// is refused with the API's status and creates nothing; a rule of another unit is not found for
// him, and an edit at an old version is a conflict.
func TestApprovalRules(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		alice := w.browser(t).signIn("alice@acme.example")
		p := alice.get("rules")
		if p.status != http.StatusOK || !strings.Contains(p.body, "High Value Order Approval") || !strings.Contains(p.body, `id="new-rule"`) {
			t.Fatalf("alice's rules: %d %s", p.status, p.body)
		}
		p = alice.post("rules/new", ruleForm("check", `totalPrice >= `))
		if p.status != http.StatusBadRequest || !strings.Contains(p.body, "Malformed predicate") || strings.Contains(p.body, `id="preview"`) {
			t.Errorf("checking a malformed predicate: %d %s", p.status, p.body)
		}
		p = alice.post("rules/new", ruleForm("check", `totalPrice >= "1000.00 USD"`))
		preview := p.body[strings.Index(p.body, `id="preview"`):]
		if p.status != http.StatusOK || !strings.Contains(preview, "matches 1 of the last 2 orders") || !strings.Contains(preview, w.bobsOrder.ID) ||
			strings.Contains(preview, w.alices.ID) || !strings.Contains(p.body, `value="big-widgets"`) {
			t.Errorf("checking a predicate: %d %s", p.status, p.body)
		}
		if n := countRules(t, w); n != 1 {
			t.Fatalf("checking saved a rule: %d rules", n)
		}
		if p := alice.post("rules/new", ruleForm("save", `totalPrice >= `)); p.status != http.StatusBadRequest || !strings.Contains(p.body, "The rule was not saved") {
			t.Errorf("saving a malformed predicate: %d %s", p.status, p.body)
		}
		p = alice.post("rules/new", ruleForm("save", `lineItemCount(sku = "BULK-WIDGET-001") > 0`))
		if p.status != http.StatusSeeOther || !strings.HasPrefix(p.location, "/portal/demo/rules/") {
			t.Fatalf("saving the rule: %d %q %s", p.status, p.location, p.body)
		}
		id := strings.TrimSuffix(strings.TrimPrefix(p.location, "/portal/demo/rules/"), "?done=saved")
		rule, err := w.a.GetApprovalRule(ctx, seller, app.Acting{}, app.Ref{ID: id})
		if err != nil || rule.BusinessUnit.Key != "acme-corp" || len(rule.Approvers.Tiers) != 2 || len(rule.Approvers.Tiers[1].And) != 2 ||
			len(rule.Approvers.Tiers[1].And[0].Or) != 2 || rule.Requesters[0].AssociateRole.Key != "buyer" {
			t.Fatalf("the saved rule: %v %+v", err, rule)
		}
		p = alice.get("rules/" + id + "?done=saved")
		if !strings.Contains(p.body, "The rule was saved.") || !strings.Contains(p.body, "admin / approver; approver") {
			t.Errorf("the saved rule's page: %s", p.body)
		}
		edit := ruleForm("save", rule.Predicate)
		edit.Set("status", "Inactive")
		edit.Set("version", itoa(rule.Version))
		if p := alice.post("rules/"+id, edit); p.status != http.StatusSeeOther {
			t.Fatalf("editing the rule: %d %s", p.status, p.body)
		}
		if got, _ := w.a.GetApprovalRule(ctx, seller, app.Acting{}, app.Ref{ID: id}); got.Status != procura.StatusInactive {
			t.Errorf("the edited rule: %s", got.Status)
		}
		if p := alice.post("rules/"+id, edit); p.status != http.StatusConflict {
			t.Errorf("editing at the old version: %d", p.status)
		}

		carol := w.browser(t).signIn("carol@acme.example")
		current, _ := w.a.GetApprovalRule(ctx, seller, app.Acting{}, app.Ref{ID: id})
		edit.Set("version", itoa(current.Version))
		edit.Set("status", "Active")
		if p := carol.post("rules/"+id, edit); p.status != http.StatusForbidden || !strings.Contains(p.body, "UpdateApprovalRules") {
			t.Errorf("carol, an approver, editing the rule: %d %s", p.status, p.body)
		}
		if got, _ := w.a.GetApprovalRule(ctx, seller, app.Acting{}, app.Ref{ID: id}); got.Status != procura.StatusInactive || got.Version != current.Version {
			t.Errorf("the rule after carol's refused edit: %s %d", got.Status, got.Version)
		}

		bob := w.browser(t).signIn("bob@acme.example")
		if p := bob.get("rules"); p.status != http.StatusOK || strings.Contains(p.body, `id="new-rule"`) {
			t.Errorf("bob's rules: %d", p.status)
		}
		_, apiErr := w.a.CreateApprovalRule(ctx, app.Caller{ProjectKey: "demo", CustomerID: w.bob}, app.AsAssociate(app.Caller{CustomerID: w.bob}, w.bob, "acme-engineering"),
			app.ApprovalRuleDraft{ApprovalRuleDraft: procura.ApprovalRuleDraft{Name: "x", Status: "Active", Predicate: "true"}})
		p = bob.post("rules/new", ruleForm("save", `totalPrice >= "1.00 USD"`))
		if apiErr == nil || p.status != httpapi.Status(apiErr) || p.status != http.StatusForbidden || !strings.Contains(p.body, "CreateApprovalRules") {
			t.Errorf("bob creating a rule: %d (the API: %v) %s", p.status, apiErr, p.body)
		}
		if p := bob.get("rules/" + id); p.status != http.StatusNotFound {
			t.Errorf("bob reading a rule of acme-corp: %d", p.status)
		}
		if n := countRules(t, w); n != 2 {
			t.Errorf("rules after bob's refusal: %d", n)
		}
	})
}

func countRules(t *testing.T, w *world) int {
	t.Helper()
	page, err := w.a.QueryApprovalRules(ctx, seller, app.Acting{}, app.Query{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	return page.Count
}
