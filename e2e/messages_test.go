package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// TestTheMessagesOfAnApprovedOrder: an order that needs the seeds' four-role approval goes through
// every tier; the SDK reads its messages and its flow's, in order: OrderCreated,
// ApprovalFlowCreated, one ApprovalFlowApproved per approver, ApprovalFlowCompleted; each
// numbered per resource and made by the associate who acted.
func TestTheMessagesOfAnApprovedOrder(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		a := newApprovals(t, s)
		enableMessages(t, a.c)
		a.createRule(t, "ruth", "acme", bigOrders("big-orders"))
		o := a.order(t, "bob", "acme", "EUR", 15)
		f := a.flow(t, "lena", "acme", o.ID)
		approvers := []string{"lena", "emma", "hugo", "cleo"}
		for _, who := range approvers {
			f = a.approve(t, who, "acme", f)
		}

		where := fmt.Sprintf(`resource(id in (%q, %q))`, o.ID, f.ID)
		page, err := a.c.Messages().Get().Where([]string{where}).Sort([]string{"createdAt asc"}).Limit(100).Execute(a.ctx)
		if err != nil {
			t.Fatal(err)
		}
		// The SDK's Message decoder knows no order messages (v1.9.0 maps them as OrderMessage only):
		// it leaves them nil, so the same page is read as JSON for those.
		r := s.do(t, http.MethodGet, a.path("/messages?sort=createdAt+asc&limit=100&where="+url.QueryEscape(where)), a.admin, nil)
		wantStatus(t, "the messages as JSON", r, http.StatusOK)
		var raw struct{ Results []json.RawMessage }
		if err := json.Unmarshal(r.body, &raw); err != nil || len(raw.Results) != len(page.Results) {
			t.Fatalf("the messages as JSON: %v, %d results, the SDK read %d", err, len(raw.Results), len(page.Results))
		}
		var got []string
		var approvedBy []string
		for i, m := range page.Results {
			if m == nil {
				var created platform.OrderCreatedMessage
				if err := json.Unmarshal(raw.Results[i], &created); err != nil || !strings.Contains(string(raw.Results[i]), `"type":"OrderCreated"`) {
					t.Fatalf("message %d: %v %s", i, err, clip(raw.Results[i]))
				}
				m = created
			}
			switch m := m.(type) {
			case platform.OrderCreatedMessage:
				got = append(got, fmt.Sprintf("OrderCreated#%d", m.SequenceNumber))
				if m.Order.ID != o.ID || m.Resource.(platform.OrderReference).ID != o.ID || m.CreatedBy == nil || m.CreatedBy.Associate == nil ||
					m.CreatedBy.Associate.ID != a.ids["bob"] {
					t.Errorf("OrderCreated: order %s resource %+v createdBy %+v", m.Order.ID, m.Resource, m.CreatedBy)
				}
			case platform.ApprovalFlowCreatedMessage:
				got = append(got, fmt.Sprintf("ApprovalFlowCreated#%d", m.SequenceNumber))
				if m.ApprovalFlow.ID != f.ID || m.ApprovalFlow.Order.ID != o.ID {
					t.Errorf("ApprovalFlowCreated: flow %s of order %s", m.ApprovalFlow.ID, m.ApprovalFlow.Order.ID)
				}
			case platform.ApprovalFlowApprovedMessage:
				got = append(got, fmt.Sprintf("ApprovalFlowApproved#%d", m.SequenceNumber))
				approvedBy = append(approvedBy, m.Associate.ID)
				if m.Order.ID != o.ID || m.CreatedBy == nil || m.CreatedBy.Associate == nil || m.CreatedBy.Associate.ID != m.Associate.ID {
					t.Errorf("ApprovalFlowApproved: order %s, associate %s, createdBy %+v", m.Order.ID, m.Associate.ID, m.CreatedBy)
				}
			case platform.ApprovalFlowCompletedMessage:
				got = append(got, fmt.Sprintf("ApprovalFlowCompleted#%d", m.SequenceNumber))
				if m.Status != platform.ApprovalFlowStatusApproved || m.Order.ID != o.ID || m.ResourceVersion != f.Version {
					t.Errorf("ApprovalFlowCompleted: %s of order %s at flow version %d, want Approved at %d", m.Status, m.Order.ID, m.ResourceVersion, f.Version)
				}
			default:
				got = append(got, fmt.Sprintf("%T", m))
			}
		}
		want := []string{"OrderCreated#1", "ApprovalFlowCreated#1", "ApprovalFlowApproved#2", "ApprovalFlowApproved#3",
			"ApprovalFlowApproved#4", "ApprovalFlowApproved#5", "ApprovalFlowCompleted#6"}
		if !slices.Equal(got, want) {
			t.Fatalf("messages %v, want %v", got, want)
		}
		for i, who := range approvers {
			if approvedBy[i] != a.ids[who] {
				t.Errorf("approval %d by %s, want %s", i+1, approvedBy[i], who)
			}
		}
		last := page.Results[len(page.Results)-1].(platform.ApprovalFlowCompletedMessage)
		one, err := a.c.Messages().WithId(last.ID).Get().Execute(a.ctx)
		if err != nil {
			t.Fatal(err)
		}
		// The SDK hands a single message over undecoded, as the JSON object it is.
		if m, ok := (*one).(map[string]any); !ok || m["id"] != last.ID || m["type"] != "ApprovalFlowCompleted" {
			t.Errorf("GET /messages/%s: %T %+v", last.ID, *one, *one)
		}

		// view_messages reads them; a client without it may not.
		reader := s.token(t, s.newAPIClient(t, s.project, "view_messages:"+s.project))
		wantStatus(t, "view_messages", s.do(t, http.MethodGet, a.path("/messages?limit=1"), reader, nil), http.StatusOK)
		wantStatus(t, "view_messages, one message", s.do(t, http.MethodGet, a.path("/messages/"+last.ID), reader, nil), http.StatusOK)
		other := s.token(t, s.newAPIClient(t, s.project, "view_orders:"+s.project))
		expectError(t, s.do(t, http.MethodGet, a.path("/messages"), other, nil), http.StatusForbidden)
		expectError(t, s.do(t, http.MethodGet, a.path("/messages/"+last.ID), other, nil), http.StatusForbidden)
	})
}
