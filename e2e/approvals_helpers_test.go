package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// Helpers for the approval tests: the seeds' four-role example hierarchy (team lead or substitute,
// and engineering manager; then head of procurement; then CEO) held by associates of acme,
// rules made by an associate through the SDK, and orders of crates priced in EUR and USD.

const (
	crateSKU   = "C-1" // crate: 100.00 EUR and 100.00 USD
	crateCents = 10000

	roleLead       = "project-team-lead"
	roleSubstitute = "project-team-lead-substitute"
	roleEngManager = "engineering-manager"
	roleHead       = "head-of-procurement"
	roleCEO        = "ceo"
)

// The people of acme and the role each holds there (inheritance Enabled, so acme's divisions
// inherit them): bob is the requester, alice orders without a requester role, ruth manages rules,
// walt is named in no tier and holds no UpdateApprovalFlows.
var approvalPeople = [][2]string{
	{"bob", "buyer"}, {"alice", "shopper"}, {"lena", roleLead}, {"sam", roleSubstitute},
	{"emma", roleEngManager}, {"hugo", roleHead}, {"cleo", roleCEO}, {"ruth", "rule-admin"}, {"walt", "auditor"},
}

// approvals is a shop with the approval roles and people, the company acme and its division
// acme-eng, and the crate product.
type approvals struct {
	*shop
	ctx context.Context
}

func newApprovals(t *testing.T, s *server) *approvals {
	t.Helper()
	a := &approvals{shop: newShop(t, s), ctx: context.Background()}
	if _, err := a.c.Products().Post(platform.ProductDraft{
		Key:         ptr("crate"),
		ProductType: platform.ProductTypeResourceIdentifier{Key: ptr("tools")},
		Name:        platform.LocalizedString{"en": "The crate"},
		Slug:        platform.LocalizedString{"en": "crate"},
		MasterVariant: &platform.ProductVariantDraft{Sku: ptr(crateSKU), Prices: []platform.PriceDraft{
			{Value: platform.Money{CentAmount: crateCents, CurrencyCode: "EUR"}},
			{Value: platform.Money{CentAmount: crateCents, CurrencyCode: "USD"}},
		}},
		Publish: ptr(true),
	}).Execute(a.ctx); err != nil {
		t.Fatalf("create the crate: %v", err)
	}
	a.role(t, "buyer", true, purchaserPerms...)
	a.role(t, "shopper", true, purchaserPerms...)
	for _, r := range []string{roleLead, roleSubstitute, roleEngManager, roleHead, roleCEO} {
		a.role(t, r, true, approverPerms...)
	}
	a.role(t, "rule-admin", true, platform.PermissionCreateApprovalRules, platform.PermissionUpdateApprovalRules)
	a.role(t, "auditor", true, platform.PermissionViewOthersOrders)
	a.unit(t, "acme", "", "")
	a.unit(t, "acme-eng", "acme", "")
	for _, p := range approvalPeople {
		a.customer(t, p[0])
		a.associate(t, "acme", p[0], p[1], true)
	}
	return a
}

// hierarchy builds an approver hierarchy: each tier is a list of or-groups of role keys.
func hierarchy(tiers ...[][]string) platform.ApproverHierarchyDraft {
	h := platform.ApproverHierarchyDraft{Tiers: []platform.ApproverConjunctionDraft{}}
	for _, tier := range tiers {
		c := platform.ApproverConjunctionDraft{And: []platform.ApproverDisjunctionDraft{}}
		for _, group := range tier {
			d := platform.ApproverDisjunctionDraft{Or: []platform.RuleApproverDraft{}}
			for _, key := range group {
				d.Or = append(d.Or, platform.RuleApproverDraft{AssociateRole: platform.AssociateRoleResourceIdentifier{Key: ptr(key)}})
			}
			c.And = append(c.And, d)
		}
		h.Tiers = append(h.Tiers, c)
	}
	return h
}

// seedHierarchy is the seeds' example: (lead OR substitute) AND engineering manager; then head of
// procurement; then CEO.
func seedHierarchy() platform.ApproverHierarchyDraft {
	return hierarchy([][]string{{roleLead, roleSubstitute}, {roleEngManager}}, [][]string{{roleHead}}, [][]string{{roleCEO}})
}

// bigOrders is the rule of the seeds' example: orders of at least 1,000.00 EUR placed by buyers.
func bigOrders(key string) platform.ApprovalRuleDraft {
	return ruleDraft(key, `totalPrice >= "1000.00 EUR"`, seedHierarchy(), "buyer")
}

func ruleDraft(key, predicate string, h platform.ApproverHierarchyDraft, requesters ...string) platform.ApprovalRuleDraft {
	d := platform.ApprovalRuleDraft{Key: ptr(key), Name: "Rule " + key, Status: platform.ApprovalRuleStatusActive,
		Predicate: predicate, Approvers: h, Requesters: []platform.RuleRequesterDraft{}}
	for _, r := range requesters {
		d.Requesters = append(d.Requesters, platform.RuleRequesterDraft{AssociateRole: platform.AssociateRoleResourceIdentifier{Key: ptr(r)}})
	}
	return d
}

// createRule has who create d in unit through the SDK (CreateApprovalRules) and checks the answer.
func (a *approvals) createRule(t *testing.T, who, unit string, d platform.ApprovalRuleDraft) *platform.ApprovalRule {
	t.Helper()
	r, err := a.asAssociate(who, unit).ApprovalRules().Post(d).Execute(a.ctx)
	if err != nil {
		t.Fatalf("%s creates rule %s in %s: %v", who, deref(d.Key), unit, err)
	}
	if r.ID == "" || r.Version != 1 || deref(r.Key) != deref(d.Key) || r.Status != d.Status || r.Predicate != d.Predicate ||
		r.BusinessUnit.Key != unit || len(r.Approvers.Tiers) != len(d.Approvers.Tiers) || len(r.Requesters) != len(d.Requesters) {
		t.Fatalf("created rule %+v does not match the draft %+v in unit %s", r, d, unit)
	}
	return r
}

// order has who order n crates in currency in unit through the SDK's as-associate endpoints.
func (a *approvals) order(t *testing.T, who, unit, currency string, n int) *platform.Order {
	t.Helper()
	as := a.asAssociate(who, unit)
	cart, err := as.Carts().Post(platform.CartDraft{Currency: currency, LineItems: lineItems(item{crateSKU, n})}).Execute(a.ctx)
	if err != nil {
		t.Fatalf("%s creates a cart in %s: %v", who, unit, err)
	}
	o, err := as.Orders().Post(platform.OrderFromCartDraft{Cart: &platform.CartResourceIdentifier{ID: ptr(cart.ID)}, Version: cart.Version}).Execute(a.ctx)
	if err != nil {
		t.Fatalf("%s orders in %s: %v", who, unit, err)
	}
	if o.TotalPrice.CentAmount != n*crateCents || o.TotalPrice.CurrencyCode != currency || o.OrderState != platform.OrderStateOpen {
		t.Fatalf("order of %d crates: total %d %s state %s, want %d %s Open", n, o.TotalPrice.CentAmount, o.TotalPrice.CurrencyCode, o.OrderState, n*crateCents, currency)
	}
	return o
}

// orderStates reads an order through the general endpoint (raw HTTP: approvalStatus is a Procura
// field the SDK drops) and returns its orderState and approvalStatus ("" when absent).
func (a *approvals) orderStates(t *testing.T, orderID string) (orderState, approvalStatus string) {
	t.Helper()
	m := a.sellerGet(t, "orders/"+orderID)
	orderState, _ = m["orderState"].(string)
	if v, ok := m["approvalStatus"]; ok {
		s, isString := v.(string)
		if !isString || s == "" {
			t.Fatalf("order %s: approvalStatus %#v, want a status or no field", orderID, v)
		}
		approvalStatus = s
	}
	return orderState, approvalStatus
}

// wantOrder checks an order's orderState (always Open here) and approvalStatus.
func (a *approvals) wantOrder(t *testing.T, orderID, approvalStatus string) {
	t.Helper()
	state, status := a.orderStates(t, orderID)
	if state != "Open" || status != approvalStatus {
		t.Errorf("order %s: orderState %q approvalStatus %q, want Open and %q", orderID, state, status, approvalStatus)
	}
}

// flowsOf lists, through the seller's endpoint, the flows of an order.
func (a *approvals) flowsOf(t *testing.T, orderID string) []string {
	t.Helper()
	return idsOf(a.s.getJSON(t, a.path("/approval-flows"+query("where", fmt.Sprintf("order(id=%q)", orderID))), a.admin))
}

// noApproval checks that an order has no flow and no approvalStatus.
func (a *approvals) noApproval(t *testing.T, what, orderID string) {
	t.Helper()
	if ids := a.flowsOf(t, orderID); len(ids) != 0 {
		t.Errorf("%s: flows %v for order %s, want none", what, ids, orderID)
	}
	a.wantOrder(t, orderID, "")
}

// flow finds, as who in unit, the one flow of an order with the SDK's where=order(id="…").
func (a *approvals) flow(t *testing.T, who, unit, orderID string) platform.ApprovalFlow {
	t.Helper()
	page, err := a.asAssociate(who, unit).ApprovalFlows().Get().Where([]string{fmt.Sprintf("order(id=%q)", orderID)}).Execute(a.ctx)
	if err != nil {
		t.Fatalf("%s queries the flows of order %s in %s: %v", who, orderID, unit, err)
	}
	if len(page.Results) != 1 || page.Count != 1 {
		t.Fatalf("flows of order %s in %s: count %d, %d results, want exactly 1", orderID, unit, page.Count, len(page.Results))
	}
	f := page.Results[0]
	if f.Order.ID != orderID || f.BusinessUnit.Key != unit {
		t.Fatalf("flow %s: order %s unit %s, want %s and %s", f.ID, f.Order.ID, f.BusinessUnit.Key, orderID, unit)
	}
	return f
}

// decide sends one action on f as who in unit, at f's version.
func (a *approvals) decide(who, unit string, f platform.ApprovalFlow, action platform.ApprovalFlowUpdateAction) (*platform.ApprovalFlow, error) {
	return a.asAssociate(who, unit).ApprovalFlows().WithId(f.ID).Post(platform.ApprovalFlowUpdate{
		Version: f.Version, Actions: []platform.ApprovalFlowUpdateAction{action}}).Execute(a.ctx)
}

// approve has who approve f and checks the new version and the approval recorded last.
func (a *approvals) approve(t *testing.T, who, unit string, f platform.ApprovalFlow) platform.ApprovalFlow {
	t.Helper()
	got, err := a.decide(who, unit, f, platform.ApprovalFlowApproveAction{})
	if err != nil {
		t.Fatalf("%s approves flow %s: %v", who, f.ID, err)
	}
	if got.Version != f.Version+1 || len(got.Approvals) != len(f.Approvals)+1 {
		t.Fatalf("after %s approved: version %d with %d approvals, want %d and %d", who, got.Version, len(got.Approvals), f.Version+1, len(f.Approvals)+1)
	}
	if last := got.Approvals[len(got.Approvals)-1]; last.Approver.Customer.ID != a.ids[who] || last.ApprovedAt.IsZero() {
		t.Errorf("last approval by %s at %v, want %s (%s) with a time", last.Approver.Customer.ID, last.ApprovedAt, who, a.ids[who])
	}
	return *got
}

// refused requires err to be a 400 InvalidOperation whose message contains reason (which tells
// why, so that the request is known to fail for the reason the test means).
func refused(t *testing.T, what string, err error, reason string) {
	t.Helper()
	er := sdkError(t, err, http.StatusBadRequest)
	if !isCode(er.Errors[0], "InvalidOperation") || !strings.Contains(errMessage(er.Errors[0]), reason) {
		t.Errorf("%s: %+v, want InvalidOperation saying %q", what, er.Errors[0], reason)
	}
}

// roleKeysOf returns the sorted role keys of approver lists.
func roleKeysOf(rs []platform.RuleApprover) []string {
	out := []string{}
	for _, r := range rs {
		out = append(out, r.AssociateRole.Key)
	}
	slices.Sort(out)
	return out
}

// wantApprovers checks the three approver lists of a flow (as sets of role keys) and its status.
func wantApprovers(t *testing.T, step string, f platform.ApprovalFlow, status platform.ApprovalFlowStatus, eligible, pending, current []string) {
	t.Helper()
	if f.Status != status {
		t.Errorf("%s: status %s, want %s", step, f.Status, status)
	}
	for _, l := range []struct {
		name      string
		got, want []string
	}{
		{"eligibleApprovers", roleKeysOf(f.EligibleApprovers), eligible},
		{"pendingApprovers", roleKeysOf(f.PendingApprovers), pending},
		{"currentTierPendingApprovers", roleKeysOf(f.CurrentTierPendingApprovers), current},
	} {
		want := slices.Clone(l.want)
		slices.Sort(want)
		if !slices.Equal(l.got, want) {
			t.Errorf("%s: %s = %v, want %v", step, l.name, l.got, want)
		}
	}
}

// approverIDs lists the customer ids of a flow's approvals, in order.
func approverIDs(f platform.ApprovalFlow) []string {
	out := []string{}
	for _, ap := range f.Approvals {
		out = append(out, ap.Approver.Customer.ID)
	}
	return out
}

// errMessage reads the message of an SDK error object.
func errMessage(e platform.ErrorObject) string {
	var v struct {
		Message string `json:"message"`
	}
	b, _ := json.Marshal(e)
	_ = json.Unmarshal(b, &v)
	return v.Message
}

// jsonHas reports whether a JSON object has the string field key equal to want.
func jsonHas(t *testing.T, body []byte, key, want string) bool {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("body is no JSON object (%v): %s", err, clip(body))
	}
	got, ok := m[key].(string)
	return ok && got == want
}
