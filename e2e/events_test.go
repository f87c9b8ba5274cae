package e2e

import (
	"slices"
	"testing"
	"time"

	"github.com/labd/commercetools-go-sdk/platform"

	"github.com/procura/procura/internal/mail/mailtest"
)

// TestApprovalEventsReachEveryDestination: the seeds' four-role rule drives an order through
// every tier while a webhook receiver (each signature checked as Standard Webhooks says), a NATS
// JetStream consumer and a RabbitMQ consumer each receive exactly the reference's messages,
// each resource's in order: OrderCreated; ApprovalFlowCreated, an ApprovalFlowApproved per
// approver, ApprovalFlowCompleted. The approvers of each tier are mailed once, when their tier
// becomes current and not before; the requester when the flow is approved. A second order,
// rejected at the first tier, brings ApprovalFlowRejected and a mail to its requester only.
func TestApprovalEventsReachEveryDestination(t *testing.T) {
	smtp := mailtest.Start(t)
	forEachBackend(t, func(t *testing.T, s *server) {
		hook, nc, rc := newWebhookReceiver(t), newNATSConsumer(t), newRabbitConsumer(t)
		a := newApprovals(t, s)
		selection := `"messages":[{"resourceTypeId":"order"},{"resourceTypeId":"approval-flow"}]`
		hook.subscribe(t, s, a.admin, selection)
		subscribe(t, s, a.admin, `{"destination":{"type":"NATS","url":"`+natsURL+`","subject":"`+nc.subject+`"},`+selection+`}`)
		subscribe(t, s, a.admin, `{"destination":{"type":"RabbitMQ","uri":"`+rabbitMQURI+`","exchange":"`+rc.exchange+`","routingKey":"approvals"},`+selection+`}`)
		a.createRule(t, "ruth", "acme", bigOrders("big-orders"))

		mailed := func(step string, want ...string) {
			t.Helper()
			var wantTo []string
			for _, who := range want {
				wantTo = append(wantTo, emailOf(who))
			}
			slices.Sort(wantTo)
			var got []string
			for deadline := time.Now().Add(10 * time.Second); len(got) < len(wantTo) && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
				got = append(got, mailtest.Recipients(smtp.Take())...)
			}
			time.Sleep(300 * time.Millisecond) // a few more sender rounds, to catch a mail too many
			got = append(got, mailtest.Recipients(smtp.Take())...)
			slices.Sort(got)
			if !slices.Equal(got, wantTo) {
				t.Errorf("%s: mailed %v, want %v", step, got, wantTo)
			}
		}
		mailed("before any order")
		o := a.order(t, "bob", "acme", "EUR", 15)
		mailed("the order waits for the first tier", "lena", "sam", "emma")
		f := a.flow(t, "lena", "acme", o.ID)
		f = a.approve(t, "lena", "acme", f)
		mailed("the first tier half approved")
		f = a.approve(t, "emma", "acme", f)
		mailed("the second tier is current", "hugo")
		f = a.approve(t, "hugo", "acme", f)
		mailed("the third tier is current", "cleo")
		f = a.approve(t, "cleo", "acme", f)
		mailed("the flow is approved", "bob")

		// A second order, rejected at the first tier: its requester is told, no later tier is.
		o2 := a.order(t, "bob", "acme", "EUR", 12)
		mailed("the second order waits for the first tier", "lena", "sam", "emma")
		f2 := a.flow(t, "emma", "acme", o2.ID)
		if _, err := a.decide("emma", "acme", f2, platform.ApprovalFlowRejectAction{Reason: ptr("Over budget")}); err != nil {
			t.Fatalf("emma rejects: %v", err)
		}
		mailed("the second flow is rejected", "bob")

		ref := reference(t)
		want := map[string][]string{o.ID: {"OrderCreated#1"}, o2.ID: {"OrderCreated#1"},
			f.ID: {"ApprovalFlowCreated#1", "ApprovalFlowApproved#2", "ApprovalFlowApproved#3",
				"ApprovalFlowApproved#4", "ApprovalFlowApproved#5", "ApprovalFlowCompleted#6"},
			f2.ID: {"ApprovalFlowCreated#1", "ApprovalFlowRejected#2", "ApprovalFlowCompleted#3"}}
		counts, total := map[string]int{}, 0
		for id, w := range want {
			counts[id], total = len(w), total+len(w)
		}
		for _, r := range []struct {
			name string
			box  *inbox
		}{{"the webhook receiver", &hook.inbox}, {"the NATS consumer", &nc.inbox}, {"the RabbitMQ consumer", &rc.inbox}} {
			r.box.waitFor(t, r.name, counts)
			time.Sleep(200 * time.Millisecond) // room for a notification too many
			got := r.box.all()
			if len(got) != total {
				t.Errorf("%s got %d notifications, want %d: %v", r.name, len(got), total, got)
			}
			for _, n := range got { // the reference's delivery payload, and the message it carries
				expectShape(t, ref, "MessageDeliveryPayload", r.name+"'s "+n.String(), n.payload)
				expectShape(t, ref, n.Type+"Message", r.name+"'s "+n.String(), n.payload)
			}
			for id, w := range want {
				if got := ofResource(got, id); !slices.Equal(got, w) {
					t.Errorf("%s: resource %s had %v, want %v", r.name, id, got, w)
				}
			}
		}
	}, append(mailTo(smtp, "100ms"), quickDeliveries...)...)
}
