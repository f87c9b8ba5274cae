package e2e

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// TestApprovalRuleValidation: bad rules are refused with 400 and nothing is written; creating
// and updating rules need CreateApprovalRules and UpdateApprovalRules; an Inactive rule starts no
// flow, and re-activated it does again.
func TestApprovalRuleValidation(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		a := newApprovals(t, s)
		ceoOnly := hierarchy([][]string{{roleCEO}})
		six := hierarchy([][]string{{roleCEO}}, [][]string{{roleCEO}}, [][]string{{roleCEO}}, [][]string{{roleCEO}}, [][]string{{roleCEO}}, [][]string{{roleCEO}})
		noRequesters := ruleDraft("bad-rule", "lineItemCount > 1", ceoOnly)
		cases := []struct {
			name string
			d    platform.ApprovalRuleDraft
			code string
			msg  *regexp.Regexp // what the message must say, so that the draft failed for this reason
		}{
			{"an unparsable predicate", ruleDraft("bad-rule", `totalPrice >= "1000.00 EUR" and`, ceoOnly, "buyer"), "InvalidInput", regexp.MustCompile(`^Malformed predicate: at 31: .*end of input`)},
			{"an unknown field", ruleDraft("bad-rule", `shoeSize > 3`, ceoOnly, "buyer"), "InvalidInput", regexp.MustCompile(`^Malformed predicate: at 0: unknown identifier "shoeSize"`)},
			{"money compared with a number", ruleDraft("bad-rule", `totalPrice >= 1000`, ceoOnly, "buyer"), "InvalidInput", regexp.MustCompile(`^Malformed predicate: at 14: .*money`)},
			{"no tiers", ruleDraft("bad-rule", "lineItemCount > 1", hierarchy(), "buyer"), "InvalidInput", regexp.MustCompile(`1 to 5 tiers.*0 were given`)},
			{"six tiers", ruleDraft("bad-rule", "lineItemCount > 1", six, "buyer"), "InvalidInput", regexp.MustCompile(`1 to 5 tiers.*6 were given`)},
			{"an empty or", ruleDraft("bad-rule", "lineItemCount > 1", hierarchy([][]string{{}}), "buyer"), "InvalidInput", regexp.MustCompile(`'or' is empty`)},
			{"an unknown role", ruleDraft("bad-rule", "lineItemCount > 1", hierarchy([][]string{{"pope"}}), "buyer"), "ReferencedResourceNotFound", regexp.MustCompile(`key 'pope'`)},
			{"an unknown requester role", ruleDraft("bad-rule", "lineItemCount > 1", ceoOnly, "nobody"), "ReferencedResourceNotFound", regexp.MustCompile(`key 'nobody'`)},
			{"no requesters", noRequesters, "InvalidInput", regexp.MustCompile(`at least one requester`)},
			{"a requester twice", ruleDraft("bad-rule", "lineItemCount > 1", ceoOnly, "buyer", "buyer"), "DuplicateField", regexp.MustCompile(`'buyer'.*requesters`)},
		}
		for _, tc := range cases {
			_, err := a.asAssociate("ruth", "acme").ApprovalRules().Post(tc.d).Execute(a.ctx)
			if err == nil {
				t.Errorf("%s: rule created, want 400 %s", tc.name, tc.code)
				continue
			}
			e := sdkError(t, err, http.StatusBadRequest).Errors[0]
			if !isCode(e, tc.code) {
				t.Errorf("%s: %+v, want %s", tc.name, e, tc.code)
			}
			if !tc.msg.MatchString(errMessage(e)) {
				t.Errorf("%s: message %q, want it to match %s", tc.name, errMessage(e), tc.msg)
			}
		}
		if n := a.total(t, "approval-rules"); n != 0 {
			t.Fatalf("%d rules stored after the refused drafts, want 0", n)
		}

		_, err := a.asAssociate("bob", "acme").ApprovalRules().Post(bigOrders("big-orders")).Execute(a.ctx)
		missingPermission(t, err, platform.PermissionCreateApprovalRules)
		if n := a.total(t, "approval-rules"); n != 0 {
			t.Fatalf("%d rules stored after bob's refused draft, want 0", n)
		}
		rule := a.createRule(t, "ruth", "acme", bigOrders("big-orders"))
		_, err = a.asAssociate("ruth", "acme").ApprovalRules().Post(bigOrders("big-orders")).Execute(a.ctx)
		if e := sdkError(t, err, http.StatusBadRequest).Errors[0]; !isCode(e, "DuplicateField") {
			t.Errorf("a second rule with key big-orders: %+v, want DuplicateField", e)
		}

		rules := a.asAssociate("ruth", "acme").ApprovalRules()
		setStatus := func(who string, version int, st platform.ApprovalRuleStatus) (*platform.ApprovalRule, error) {
			return a.asAssociate(who, "acme").ApprovalRules().WithId(rule.ID).Post(platform.ApprovalRuleUpdate{Version: version,
				Actions: []platform.ApprovalRuleUpdateAction{platform.ApprovalRuleSetStatusAction{Status: st}}}).Execute(a.ctx)
		}
		_, err = setStatus("bob", rule.Version, platform.ApprovalRuleStatusInactive)
		missingPermission(t, err, platform.PermissionUpdateApprovalRules)
		_, err = rules.WithId(rule.ID).Post(platform.ApprovalRuleUpdate{Version: rule.Version, Actions: []platform.ApprovalRuleUpdateAction{
			platform.ApprovalRuleSetPredicateAction{Predicate: "totalPrice >="}}}).Execute(a.ctx)
		if e := sdkError(t, err, http.StatusBadRequest).Errors[0]; !isCode(e, "InvalidInput") || !strings.HasPrefix(errMessage(e), "Malformed predicate: at 13:") {
			t.Errorf("setPredicate with a malformed predicate: %+v, want InvalidInput at 13", e)
		}
		got, err := rules.WithKey("big-orders").Get().Execute(a.ctx)
		if err != nil || got.Version != rule.Version || got.Status != platform.ApprovalRuleStatusActive || got.Predicate != rule.Predicate {
			t.Fatalf("rule after the refused updates: %v %+v, want it unchanged at version %d", err, got, rule.Version)
		}

		off, err := setStatus("ruth", rule.Version, platform.ApprovalRuleStatusInactive)
		if err != nil || off.Status != platform.ApprovalRuleStatusInactive || off.Version != rule.Version+1 {
			t.Fatalf("ruth sets the rule Inactive: %v %+v", err, off)
		}
		a.noApproval(t, "a big order under an Inactive rule", a.order(t, "bob", "acme", "EUR", 15).ID)
		on, err := setStatus("ruth", off.Version, platform.ApprovalRuleStatusActive)
		if err != nil || on.Status != platform.ApprovalRuleStatusActive {
			t.Fatalf("ruth sets the rule Active again: %v %+v", err, on)
		}
		o := a.order(t, "bob", "acme", "EUR", 15)
		a.flow(t, "lena", "acme", o.ID)
		a.wantOrder(t, o.ID, "Pending")
	})
}
