package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// TestApprovalDeciders: an associate whose role is named in a tier but who lacks
// UpdateApprovalFlows is refused with 403; the requester may not decide their own order (400)
// until the project allows it.
func TestApprovalDeciders(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		a := newApprovals(t, s)
		// walt's auditor role is tier 1; rita is a buyer and the CEO.
		a.createRule(t, "ruth", "acme", ruleDraft("audited", `totalPrice >= "1000.00 EUR"`,
			hierarchy([][]string{{"auditor"}}, [][]string{{roleCEO}}), "buyer"))
		a.customer(t, "rita")
		a.update(t, "acme", fmt.Sprintf(`{"action":"addAssociate","associate":{"customer":{"typeId":"customer","id":%q},`+
			`"associateRoleAssignments":[{"associateRole":{"typeId":"associate-role","key":"buyer"},"inheritance":"Enabled"},`+
			`{"associateRole":{"typeId":"associate-role","key":%q},"inheritance":"Enabled"}]}}`, a.ids["rita"], roleCEO))

		f := a.flow(t, "walt", "acme", a.order(t, "bob", "acme", "EUR", 15).ID)
		wantApprovers(t, "new flow", f, platform.ApprovalFlowStatusPending, []string{"auditor", roleCEO}, []string{"auditor", roleCEO}, []string{"auditor"})
		for _, action := range []platform.ApprovalFlowUpdateAction{platform.ApprovalFlowApproveAction{}, platform.ApprovalFlowRejectAction{Reason: ptr("no")}} {
			_, err := a.decide("walt", "acme", f, action)
			missingPermission(t, err, platform.PermissionUpdateApprovalFlows)
			amp, _ := sdkError(t, err, http.StatusForbidden).Errors[0].(platform.AssociateMissingPermissionError)
			if deref(amp.Associate.ID) != a.ids["walt"] || (deref(amp.BusinessUnit.Key) != "acme" && deref(amp.BusinessUnit.ID) != a.units["acme"]) {
				t.Errorf("AssociateMissingPermission names %+v in %+v, want walt %s in acme", amp.Associate, amp.BusinessUnit, a.ids["walt"])
			}
		}
		if again := a.flow(t, "walt", "acme", f.Order.ID); again.Version != f.Version || len(again.Approvals) != 0 {
			t.Errorf("flow after the refused actions: version %d, %d approvals; want %d and none", again.Version, len(again.Approvals), f.Version)
		}

		own := a.flow(t, "rita", "acme", a.order(t, "rita", "acme", "EUR", 15).ID)
		_, err := a.decide("rita", "acme", own, platform.ApprovalFlowApproveAction{})
		refused(t, "the requester approves their own order", err, "placed the order")
		_, err = a.decide("rita", "acme", own, platform.ApprovalFlowRejectAction{})
		refused(t, "the requester rejects their own order", err, "placed the order")
		a.wantOrder(t, own.Order.ID, "Pending")

		a.project(t, `{"action":"changeRequesterMayApprove","allow":true}`)
		own = a.approve(t, "rita", "acme", own) // the CEO tier, early: settles the auditor's tier too
		wantApprovers(t, "after rita's own approval", own, platform.ApprovalFlowStatusApproved, nil, nil, nil)
		a.wantOrder(t, own.Order.ID, "Approved")
	})
}

// TestApprovalConcurrent: two approvers act on the same version at once over HTTP; one wins, the
// other gets 409 ConcurrentModification, re-reads and retries. The lead and the engineering
// manager are both needed in tier 1, so the loser's retry succeeds. Then the head of procurement
// races the CEO: if the head wins, the CEO's retry approves the flow; if the CEO wins, the early
// approval settles every tier, the flow is Approved and the head's retry is 400.
func TestApprovalConcurrent(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		a := newApprovals(t, s)
		a.createRule(t, "ruth", "acme", bigOrders("big-orders"))
		o := a.order(t, "bob", "acme", "EUR", 15)

		winner, loser, retry := a.race(t, o.ID, "lena", "emma")
		wantStatus(t, loser+" retries after losing to "+winner, retry, http.StatusOK)
		wantApprovers(t, "after both tier 1 approvals", a.flow(t, "lena", "acme", o.ID), platform.ApprovalFlowStatusPending,
			[]string{roleHead, roleCEO}, []string{roleHead, roleCEO}, []string{roleHead})

		winner, loser, retry = a.race(t, o.ID, "hugo", "cleo")
		if winner == "hugo" {
			wantStatus(t, "the CEO retries after the head of procurement", retry, http.StatusOK)
		} else {
			if e := expectErrorCode(t, retry, "InvalidOperation", http.StatusBadRequest); !strings.Contains(fmt.Sprint(e["message"]), "Approved") {
				t.Errorf("the head's retry after the CEO approved: %v, want a message saying the flow is Approved", e["message"])
			}
		}
		f := a.flow(t, "lena", "acme", o.ID)
		wantApprovers(t, "after the second race", f, platform.ApprovalFlowStatusApproved, nil, nil, nil)
		if n := len(f.Approvals); (winner == "hugo" && n != 4) || (winner == "cleo" && n != 3) {
			t.Errorf("%d approvals after %s won, want %d", n, winner, map[string]int{"hugo": 4, "cleo": 3}[winner])
		}
		a.wantOrder(t, o.ID, "Approved")
	})
}

// race has two associates approve the order's flow at the same version concurrently, checks
// that one got 200 and the other 409 ConcurrentModification, then has the loser re-read the flow
// and retry; it returns the winner, the loser and the retry's answer.
func (a *approvals) race(t *testing.T, orderID, one, other string) (winner, loser string, retry response) {
	t.Helper()
	f := a.flow(t, one, "acme", orderID)
	body := []byte(fmt.Sprintf(`{"version":%d,"actions":[{"action":"approve"}]}`, f.Version))
	rivals := []string{one, other}
	answers := make([]response, 2)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, who := range rivals {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			answers[i] = a.s.do(t, http.MethodPost, a.inUnit(who, "acme")+"/approval-flows/"+f.ID, a.admin, body)
		}()
	}
	close(start)
	wg.Wait()
	w, l := 0, 1
	if answers[0].status != http.StatusOK {
		w, l = 1, 0
	}
	if answers[w].status != http.StatusOK {
		t.Fatalf("%s and %s: statuses %d and %d, want one 200; bodies %s / %s", one, other, answers[0].status, answers[1].status, clip(answers[0].body), clip(answers[1].body))
	}
	first := expectErrorCode(t, answers[l], "ConcurrentModification", http.StatusConflict)
	if cv, _ := first["currentVersion"].(float64); int(cv) != f.Version+1 {
		t.Errorf("%s lost: currentVersion %v, want %d", rivals[l], first["currentVersion"], f.Version+1)
	}
	cur := a.flow(t, rivals[l], "acme", orderID)
	if got := approverIDs(cur); cur.Version != f.Version+1 || len(got) != len(f.Approvals)+1 || got[len(got)-1] != a.ids[rivals[w]] {
		t.Fatalf("after %s won: version %d approvals %v, want %d with %s's last", rivals[w], cur.Version, got, f.Version+1, a.ids[rivals[w]])
	}
	again := []byte(fmt.Sprintf(`{"version":%d,"actions":[{"action":"approve"}]}`, cur.Version))
	return rivals[w], rivals[l], a.s.do(t, http.MethodPost, a.inUnit(rivals[l], "acme")+"/approval-flows/"+f.ID, a.admin, again)
}
