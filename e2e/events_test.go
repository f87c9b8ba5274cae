package e2e

import (
	"slices"
	"testing"
	"time"

	"github.com/procura/procura/internal/mail/mailtest"
)

// TestAnApprovedOrderReachesEveryDestination: the seeds' four-role rule drives an order through
// every tier while a webhook receiver (each signature checked as Standard Webhooks says), a NATS
// JetStream consumer and a RabbitMQ consumer each receive exactly the reference's messages,
// each resource's in order: OrderCreated; ApprovalFlowCreated, an ApprovalFlowApproved per
// approver, ApprovalFlowCompleted. The approvers of each tier are mailed once, when their tier
// becomes current and not before; the requester when the flow is approved.
func TestAnApprovedOrderReachesEveryDestination(t *testing.T) {
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

		ref := reference(t)
		want := map[string]int{o.ID: 1, f.ID: 6}
		wantFlow := []string{"ApprovalFlowCreated#1", "ApprovalFlowApproved#2", "ApprovalFlowApproved#3",
			"ApprovalFlowApproved#4", "ApprovalFlowApproved#5", "ApprovalFlowCompleted#6"}
		for _, r := range []struct {
			name string
			box  *inbox
		}{{"the webhook receiver", &hook.inbox}, {"the NATS consumer", &nc.inbox}, {"the RabbitMQ consumer", &rc.inbox}} {
			got := r.box.waitFor(t, r.name, want)
			time.Sleep(200 * time.Millisecond) // room for a notification too many
			got = r.box.all()
			if len(got) != 7 {
				t.Errorf("%s got %d notifications, want 7: %v", r.name, len(got), got)
			}
			for _, n := range got { // the reference's delivery payload, and the message it carries
				expectShape(t, ref, "MessageDeliveryPayload", r.name+"'s "+n.String(), n.payload)
				expectShape(t, ref, n.Type+"Message", r.name+"'s "+n.String(), n.payload)
			}
			if order := ofResource(got, o.ID); !slices.Equal(order, []string{"OrderCreated#1"}) {
				t.Errorf("%s: the order's %v", r.name, order)
			}
			if flow := ofResource(got, f.ID); !slices.Equal(flow, wantFlow) {
				t.Errorf("%s: the flow's %v, want %v", r.name, flow, wantFlow)
			}
		}
	}, append(mailTo(smtp, "100ms"), quickDeliveries...)...)
}
