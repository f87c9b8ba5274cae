package app_test

import (
	"fmt"
	"mime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/mail"
	"github.com/procura/procura/internal/mail/mailtest"
)

// fourTiers: each tier a level of the seeds' hierarchy, one after the other.
const fourTiers = `{"tiers":[
 {"and":[{"or":[{"associateRole":{"key":"project-team-lead"}},{"associateRole":{"key":"project-team-lead-substitute"}}]}]},
 {"and":[{"or":[{"associateRole":{"key":"engineering-manager"}}]}]},
 {"and":[{"or":[{"associateRole":{"key":"head-of-procurement"}}]}]},
 {"and":[{"or":[{"associateRole":{"key":"ceo"}}]}]}]}`

// postbox is a real SMTP server and the sender that delivers the outbox to it.
type postbox struct {
	t   *testing.T
	a   *app.App
	srv *mailtest.Server
}

func newPostbox(t *testing.T, a *app.App) *postbox {
	return &postbox{t: t, a: a, srv: mailtest.Start(t)}
}

func (p *postbox) mailer() mail.SMTP {
	return mail.SMTP{Host: p.srv.Host, Port: p.srv.Port, TLS: mail.TLSNone, From: "orders@seller.example", Timeout: 5 * time.Second}
}

// expect sends what is due and checks that exactly the mails to want arrived, each with
// subject in its subject line; it returns them.
func (p *postbox) expect(subject string, want ...string) []mailtest.Received {
	p.t.Helper()
	if _, err := p.a.SendMails(ctx, p.mailer(), p.a.Now()); err != nil {
		p.t.Fatal(err)
	}
	got := p.srv.Take()
	slices.Sort(want)
	if rcpts := mailtest.Recipients(got); !slices.Equal(rcpts, want) {
		p.t.Fatalf("mailed %v, want %v", rcpts, want)
	}
	for _, m := range got {
		_, line, _ := strings.Cut(m.Data, "\nSubject: ")
		if decoded, err := new(mime.WordDecoder).DecodeHeader(strings.SplitN(line, "\n", 2)[0]); err != nil || !strings.Contains(decoded, subject) {
			p.t.Fatalf("to %v, want subject %q:\n%s", m.To, subject, m.Data)
		}
	}
	return got
}

// flowWorld is a postbox and the approval world with one rule of approvers for orders of
// 1,000.00 EUR or more.
func flowWorld(t *testing.T, a *app.App, c app.Caller, approvers string) (*postbox, *world) {
	box := newPostbox(t, a)
	w := approvalWorld(t, a, c)
	w.rule("acme", "levels", `totalPrice >= "1000.00 EUR"`, approvers, "buyer-r")
	return box, w
}

// firstTier are the approvers of fourTiers' first tier.
var firstTier = []string{"lena@acme.example", "sam@acme.example"}

func TestApproversHearOfAnOrderWhenTheirTierBecomesCurrent(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		box, w := flowWorld(t, a, c, fourTiers)
		order := w.orderOf("bob@acme.example", "acme", 76)
		box.expect("Order "+order.ID+" awaits your approval", firstTier...)
		f := w.flowOf(order)
		for _, step := range []struct{ approver, next string }{
			{"lena@acme.example", "emma@acme.example"},
			{"emma@acme.example", "hugo@acme.example"},
			{"hugo@acme.example", "cleo@acme.example"},
		} {
			f = must[*procura.ApprovalFlow](t)(w.decide(step.approver, "acme", f, `{"action":"approve"}`))
			box.expect("awaits your approval", step.next)
		}
		f = must[*procura.ApprovalFlow](t)(w.decide("cleo@acme.example", "acme", f, `{"action":"approve"}`))
		got := box.expect("Order "+order.ID+" is approved", "bob@acme.example")
		if !strings.Contains(got[0].Data, "1519.24 EUR") {
			t.Fatalf("the requester's mail lacks the total:\n%s", got[0].Data)
		}
		// A change to the decided flow tells no one.
		must[*procura.ApprovalFlow](t)(w.decide("cleo@acme.example", "acme", f, `{"action":"setCustomType"}`))
		box.expect("")
	})
}

// An early approval by a higher tier settles the tiers below it: only the tier now current hears.
// (Of a tier of two entries, approving one makes no tier current: TestHalfATierTellsNoOne.)
func TestAnEarlyApprovalTellsOnlyTheTierNowCurrent(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		box, w := flowWorld(t, a, c, fourTiers)
		f := w.flowOf(w.orderOf("bob@acme.example", "acme", 76))
		box.expect("awaits your approval", firstTier...)
		must[*procura.ApprovalFlow](t)(w.decide("hugo@acme.example", "acme", f, `{"action":"approve"}`))
		box.expect("awaits your approval", "cleo@acme.example")
	})
}

func TestHalfATierTellsNoOne(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		box, w := flowWorld(t, a, c, seedApprovers)
		f := w.flowOf(w.orderOf("bob@acme.example", "acme", 76))
		box.expect("awaits your approval", "lena@acme.example", "sam@acme.example", "emma@acme.example")
		f = must[*procura.ApprovalFlow](t)(w.decide("emma@acme.example", "acme", f, `{"action":"approve"}`))
		box.expect("") // tier 1 still waits for a lead
		must[*procura.ApprovalFlow](t)(w.decide("sam@acme.example", "acme", f, `{"action":"approve"}`))
		box.expect("awaits your approval", "hugo@acme.example")
	})
}

func TestARejectedFlowTellsTheRequesterWhy(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		box, w := flowWorld(t, a, c, fourTiers)
		f := w.flowOf(w.orderOf("bob@acme.example", "acme", 76))
		box.expect("awaits your approval", firstTier...)
		must[*procura.ApprovalFlow](t)(w.decide("sam@acme.example", "acme", f, `{"action":"reject","reason":"over budget"}`))
		got := box.expect("is rejected", "bob@acme.example")
		if !strings.Contains(got[0].Data, "Reason: over budget") {
			t.Fatalf("no reason:\n%s", got[0].Data)
		}
	})
}

// A change that fails writes no mail: the approval that would tell the next tier is rolled back
// with the action after it.
func TestARolledBackChangeMailsNoOne(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		box, w := flowWorld(t, a, c, fourTiers)
		f := w.flowOf(w.orderOf("bob@acme.example", "acme", 76))
		box.expect("awaits your approval", firstTier...)
		_, err := w.a.UpdateApprovalFlow(ctx, w.seller, inUnit(w.customers["lena@acme.example"], "acme"), app.Ref{ID: f.ID},
			actions(f.Version, `{"action":"approve"}`, `{"action":"setCustomField","name":"note","value":"x"}`))
		if err == nil {
			t.Fatal("the failing action was accepted")
		}
		box.expect("")
		must[*procura.ApprovalFlow](t)(w.decide("lena@acme.example", "acme", f, `{"action":"approve"}`))
		box.expect("awaits your approval", "emma@acme.example")
	})
}

func TestAKindTurnedOffIsNotMailed(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		box, w := flowWorld(t, a, c, fourTiers)
		setNotification(t, a, c, procura.NotifyApprovalPending, false)
		f := w.flowOf(w.orderOf("bob@acme.example", "acme", 76))
		must[*procura.ApprovalFlow](t)(w.decide("lena@acme.example", "acme", f, `{"action":"approve"}`))
		box.expect("")
		setNotification(t, a, c, procura.NotifyApprovalPending, true)
		f = w.flowOf(w.orderOf("bob@acme.example", "acme", 77))
		box.expect("awaits your approval", firstTier...)
	})
}

func setNotification(t *testing.T, a *app.App, c app.Caller, kind string, enabled bool) {
	t.Helper()
	p := must[*procura.Project](t)(a.GetProject(ctx, c))
	must[*procura.Project](t)(a.UpdateProject(ctx, c, actions(p.Version, fmt.Sprintf(`{"action":"changeNotificationEnabled","kind":%q,"enabled":%t}`, kind, enabled))))
}
