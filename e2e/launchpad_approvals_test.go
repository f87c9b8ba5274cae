package e2e

import (
	"net/http"
	"testing"
)

// TestLaunchpadApprovalCalls replays the approval calls of commercetools' B2B storefront (the
// Store Launchpad, R1-R4 and F1-F3 of its call inventory) with its API client's token: the
// admin writes a rule from the rule builder, a buyer's big order waits for approval, the
// thank-you page and the orders page read the order's flow, the admin approves one flow and
// rejects another, whose order the storefront then cancels. Flows are read with the order and
// the approvers' customers expanded, and every answer is checked for the fields the storefront's
// mappers read without a guard.
func TestLaunchpadApprovalCalls(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		lp := newLaunchpad(t, s)
		lp.role(t, "buyer", true, purchaserPerms...)
		lp.customer(t, "max")
		lp.associate(t, lpUnit, "max", "buyer", true)
		rules := lp.as("lena") + "/approval-rules"
		flows := lp.as("lena") + "/approval-flows"

		// R1: the rule builder's predicate and hierarchy, requesters by role key.
		rule := lp.call(t, "ApprovalRule", http.MethodPost, rules, `{"name":"Small orders","description":"from 50 EUR","status":"Active",`+
			`"predicate":"totalPrice.centAmount >= 5000 and currency = \"EUR\"",`+
			`"approvers":{"tiers":[{"and":[{"or":[{"associateRole":{"typeId":"associate-role","key":"admin"}}]}]}]},`+
			`"requesters":[{"associateRole":{"typeId":"associate-role","key":"buyer"}}]}`, http.StatusCreated)
		reads(t, "R1", rule, launchpadRuleReads...)
		id := rule["id"].(string)
		// R2: the rules page and a rule by id; R3 then R4: the edit form sends every field.
		page := results(t, "R2", lp.call(t, "ApprovalRulePagedQueryResponse", http.MethodGet, rules+query("where", `id in ("`+id+`")`,
			"where", `status in ("Active")`, "sort", "lastModifiedAt desc", "limit", "20", "offset", "0"), "", http.StatusOK))
		if len(page) != 1 {
			t.Fatalf("R2: %v", page)
		}
		reads(t, "R2", page[0], launchpadRuleReads...)
		rule = lp.call(t, "ApprovalRule", http.MethodGet, rules+"/"+id, "", http.StatusOK)
		rule = lp.act(t, "ApprovalRule", rules+"/"+id, rule["version"], `{"action":"setName","name":"Big orders"}`,
			`{"action":"setStatus","status":"Active"}`, `{"action":"setDescription","description":"from 100 EUR in Germany"}`,
			`{"action":"setKey","key":"big-orders"}`,
			`{"action":"setPredicate","predicate":"(totalPrice.centAmount >= 10000 and currency = \"EUR\") and country = \"DE\""}`,
			`{"action":"setApprovers","approvers":{"tiers":[{"and":[{"or":[{"associateRole":{"typeId":"associate-role","key":"admin"}}]}]}]}}`,
			`{"action":"setRequesters","requesters":[{"associateRole":{"typeId":"associate-role","key":"buyer"}}]}`)
		reads(t, "R4", rule, launchpadRuleReads...)
		if rule["key"] != "big-orders" || rule["name"] != "Big orders" {
			t.Fatalf("R4: %v", rule)
		}

		// Two orders of six widgets (119.94 EUR) by the buyer wait for approval; a small one does not.
		first := lp.placeOrder(t, "max", lp.newCart(t, "max", widgetSKU, 6))
		second := lp.placeOrder(t, "max", lp.newCart(t, "max", widgetSKU, 6))
		small := lp.placeOrder(t, "max", lp.newCart(t, "max", gadgetSKU, 1))
		// The thank-you page: D2 by id, F1 by the order's id (also the orders page's status per order).
		byOrder := func(orderIDs string) []map[string]any {
			return results(t, "F1", lp.call(t, "ApprovalFlowPagedQueryResponse", http.MethodGet,
				flows+expand(flowExpands, "where", `order(id in (`+orderIDs+`))`, "limit", "20", "offset", "0"), "", http.StatusOK))
		}
		got := byOrder(`"` + first["id"].(string) + `", "` + small["id"].(string) + `"`)
		if len(got) != 1 || got[0]["status"] != "Pending" {
			t.Fatalf("F1 the flows of the first and the small order: %v", got)
		}
		flow := got[0]
		reads(t, "F1", flow, launchpadFlowReads...)
		reads(t, "F1 order", obj(t, "F1", flow, "order"), launchpadOrderReads...)
		if obj(t, "F1", flow, "order")["id"] != first["id"] {
			t.Fatalf("F1 the flow's order: %v", flow["order"])
		}
		// The flows page: pending flows, newest change first.
		pending := results(t, "F1", lp.call(t, "ApprovalFlowPagedQueryResponse", http.MethodGet,
			flows+expand(flowExpands, "where", `status in ("Pending")`, "sort", "lastModifiedAt desc", "limit", "20"), "", http.StatusOK))
		if len(pending) != 2 {
			t.Fatalf("F1 pending flows: %v", pending)
		}

		// A buyer may not decide; F2 + F3: the admin approves the first.
		f := lp.call(t, "ApprovalFlow", http.MethodGet, lp.as("max")+"/approval-flows/"+flow["id"].(string)+expand(flowExpands), "", http.StatusOK)
		r := s.do(t, http.MethodPost, lp.path(lp.as("max")+"/approval-flows/"+flow["id"].(string)), lp.admin, []byte(`{"version":`+jsonText(f["version"])+`,"actions":[{"action":"approve"}]}`))
		wantStatus(t, "the buyer approves", r, http.StatusForbidden)
		one := flows + "/" + flow["id"].(string) + expand(flowExpands)
		f = lp.call(t, "ApprovalFlow", http.MethodGet, one, "", http.StatusOK)
		reads(t, "F2", f, launchpadFlowReads...)
		approved := lp.act(t, "ApprovalFlow", one, f["version"], `{"action":"approve"}`)
		reads(t, "F3", approved, launchpadFlowReads...)
		approver := obj(t, "F3", approved["approvals"].([]any)[0].(map[string]any)["approver"].(map[string]any), "customer")
		reads(t, "F3 approver", approver, launchpadCustomerReads...)
		if approved["status"] != "Approved" || approver["id"] != lp.ids["lena"] || obj(t, "F3", approved, "order")["id"] != first["id"] {
			t.Fatalf("F3 approved: %v %v", approved["status"], approver["id"])
		}

		// Reject the second with a reason; the storefront then cancels the flow's order (D3 + D4).
		got = byOrder(`"` + second["id"].(string) + `"`)
		if len(got) != 1 {
			t.Fatalf("F1 the second order's flow: %v", got)
		}
		one = flows + "/" + got[0]["id"].(string) + expand(flowExpands)
		f = lp.call(t, "ApprovalFlow", http.MethodGet, one, "", http.StatusOK)
		rejected := lp.act(t, "ApprovalFlow", one, f["version"], `{"action":"reject","reason":"too many widgets"}`)
		reads(t, "F3", rejected, launchpadFlowReads...)
		if rejected["status"] != "Rejected" || rejected["rejection"].(map[string]any)["reason"] != "too many widgets" {
			t.Fatalf("F3 rejected: %v %v", rejected["status"], rejected["rejection"])
		}
		lp.cancel(t, "lena", obj(t, "F3", rejected, "order"))
	})
}
