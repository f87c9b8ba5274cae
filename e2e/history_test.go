package e2e

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// TestChangeHistory: the seeds' approval scenario leaves its history: the order placed by bob, the
// flow it started, lena's approval with the action she sent; emma's approval at a stale version
// fails and leaves no record. The seller reads it per resource; an associate holding
// ViewCompanyHistory reads their company's, without the seller's fields; one without it is
// refused; another company's auditor sees none of it.
func TestChangeHistory(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		a := newApprovals(t, s)
		historyRole := platform.Permission("ViewCompanyHistory")
		a.role(t, "history-auditor", true, historyRole)
		a.customer(t, "ada")
		a.associate(t, "acme", "ada", "history-auditor", true)
		a.unit(t, "globex", "", "")
		a.customer(t, "gus")
		a.associate(t, "globex", "gus", "history-auditor", true)

		a.createRule(t, "ruth", "acme", bigOrders("big-orders"))
		o := a.order(t, "bob", "acme", "EUR", 15)
		f := a.flow(t, "lena", "acme", o.ID)
		a.approve(t, "lena", "acme", f)
		if _, err := a.decide("emma", "acme", f, platform.ApprovalFlowApproveAction{}); err == nil {
			t.Fatal("an approval at a stale version succeeded")
		}

		records := func(path, token string, status int) []map[string]any {
			t.Helper()
			r := s.do(t, http.MethodGet, path, token, nil)
			wantStatus(t, "GET "+path, r, status)
			var page struct {
				Results []map[string]any `json:"results"`
			}
			if status == http.StatusOK {
				if err := json.Unmarshal(r.body, &page); err != nil {
					t.Fatalf("%s: %v", path, err)
				}
			}
			return page.Results
		}
		flow := records(a.path("/history/approval-flow/"+f.ID), a.admin, http.StatusOK)
		if len(flow) != 2 || flow[0]["change"] != "ResourceUpdated" || flow[1]["change"] != "ResourceCreated" {
			t.Fatalf("the flow's history: %v, want lena's approval then its creation", flow)
		}
		approval := flow[0]
		if got, _ := json.Marshal(approval["actions"]); string(got) != `[{"action":"approve"}]` {
			t.Errorf("lena's approval recorded the actions %s", got)
		}
		by, _ := approval["createdBy"].(map[string]any)
		if associate, _ := by["associate"].(map[string]any); associate["id"] != a.ids["lena"] || by["clientId"] == nil ||
			approval["requestId"] == nil || approval["clientAddress"] != "127.0.0.1" {
			t.Errorf("lena's approval is recorded as %v", approval)
		}
		placed := records(a.path("/history?resourceType=order&resourceId="+o.ID), a.admin, http.StatusOK)
		if len(placed) < 1 || placed[len(placed)-1]["change"] != "ResourceCreated" {
			t.Errorf("the order's history: %v", placed)
		}

		acme := records(a.inUnit("ada", "acme")+"/history?resourceType=approval-flow", a.admin, http.StatusOK)
		if len(acme) != 2 {
			t.Fatalf("ada's view of the flows: %v", acme)
		}
		if by, _ := acme[0]["createdBy"].(map[string]any); by["clientId"] != nil || acme[0]["requestId"] != nil || acme[0]["clientAddress"] != nil {
			t.Errorf("an associate's record shows the seller's fields: %v", acme[0])
		}
		records(a.inUnit("walt", "acme")+"/history", a.admin, http.StatusForbidden)
		records(a.inUnit("gus", "acme")+"/history", a.admin, http.StatusForbidden)
		globex := records(a.inUnit("gus", "globex")+"/history", a.admin, http.StatusOK)
		if len(globex) == 0 {
			t.Error("gus sees no record of globex")
		}
		for _, r := range globex {
			if raw, _ := json.Marshal(r); strings.Contains(string(raw), "acme") || r["resourceKey"] != "globex" {
				t.Errorf("gus's view of globex holds %s", raw)
			}
		}
	})
}
