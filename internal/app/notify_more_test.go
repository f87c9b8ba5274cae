package app_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/store"
)

func updateProject(t *testing.T, a *app.App, c app.Caller, action string) {
	t.Helper()
	p := must[*procura.Project](t)(a.GetProject(ctx, c))
	must[*procura.Project](t)(a.UpdateProject(ctx, c, actions(p.Version, action)))
}

// The buyer hears of a quote when it is sent, and once (however many nodes look) when it is
// about to expire.
func TestBuyersHearOfQuotesSentAndAboutToExpire(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		box := newPostbox(t, a)
		w := quoteWorld(t, a, c)
		box.expect("")
		soon := time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)
		w.sellerQuote("quinn@acme.example", 10, soon)
		got := box.expect("Your quote is ready", "quinn@acme.example")
		if !strings.Contains(got[0].Data, "150.00 EUR") {
			t.Fatalf("no total:\n%s", got[0].Data)
		}
		w.sellerQuote("rita@acme.example", 10, time.Now().Add(10*24*time.Hour).UTC().Format(time.RFC3339))
		box.expect("Your quote is ready", "rita@acme.example")
		// Two nodes look at once, then again: quinn's quote (within 3 days) is told of once, rita's
		// (10 days away) not yet.
		var wg sync.WaitGroup
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := a.NotifyExpiringQuotes(ctx, time.Now()); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		must[int](t)(a.NotifyExpiringQuotes(ctx, time.Now()))
		box.expect("Your quote expires soon", "quinn@acme.example")
		// A week ahead, rita's is told of; quinn's has expired.
		updateProject(t, a, c, `{"action":"changeQuoteExpiringDays","quoteExpiringDays":14}`)
		must[int](t)(a.NotifyExpiringQuotes(ctx, time.Now().Add(7*24*time.Hour)))
		box.expect("Your quote expires soon", "rita@acme.example")
	})
}

// A company's admins (who may manage its associates) hear of a join request; its other
// associates do not.
func TestAdminsHearOfJoinRequests(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		box := newPostbox(t, a)
		w := acmeWorld(t, a, c)
		w.customer("otto@acme.example")
		w.associate("eng", "otto@acme.example", "admin", procura.InheritanceEnabled) // an admin of a division only
		setJoinPolicy(t, w, `{"action":"setJoinPolicy","joinPolicy":"Approval","defaultAssociateRole":{"key":"buyer"}}`)
		if err := signUp(a, c, "eve@elsewhere.example", "acme"); err != nil {
			t.Fatal(err)
		}
		got := box.expect("eve@elsewhere.example asks to join acme", "alice@acme.example")
		if !strings.Contains(got[0].Data, "join requests") {
			t.Fatalf("mail:\n%s", got[0].Data)
		}
	})
}

// Token mails go out only once the project has set their link, and carry the token in it.
func TestTokenMailsCarryTheProjectsLink(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		box := newPostbox(t, a)
		w := acmeWorld(t, a, c)
		must[*app.CustomerToken](t)(a.CreatePasswordToken(ctx, c, app.PasswordTokenDraft{Email: "bob@acme.example"}))
		box.expect("")
		updateProject(t, a, c, `{"action":"setNotificationLink","kind":"passwordReset","url":"https://shop.example/reset?token={token}"}`)
		updateProject(t, a, c, `{"action":"setNotificationLink","kind":"emailVerification","url":"https://shop.example/verify/{token}"}`)
		tok := must[*app.CustomerToken](t)(a.CreatePasswordToken(ctx, c, app.PasswordTokenDraft{Email: "bob@acme.example"}))
		got := box.expect("Reset your password", "bob@acme.example")
		if body := strings.ReplaceAll(got[0].Data, "=\n", ""); !strings.Contains(body, "https://shop.example/reset?token=3D"+tok.Value) ||
			!strings.Contains(body, `<a href=3D"https://shop.example/reset?token=3D`+tok.Value+`">`) {
			t.Fatalf("no link with the token %s:\n%s", tok.Value, got[0].Data)
		}
		et := must[*app.CustomerToken](t)(a.CreateEmailToken(ctx, c, app.EmailTokenDraft{ID: w.customers["bob@acme.example"], TTLMinutes: 60}))
		got = box.expect("Confirm your email address", "bob@acme.example")
		if !strings.Contains(strings.ReplaceAll(got[0].Data, "=\n", ""), "https://shop.example/verify/"+et.Value) {
			t.Fatalf("no link with the token:\n%s", got[0].Data)
		}
		for _, bad := range []string{
			`{"action":"setNotificationLink","kind":"passwordReset","url":"https://shop.example/reset"}`,
			`{"action":"setNotificationLink","kind":"passwordReset","url":"javascript:{token}"}`,
			`{"action":"setNotificationLink","kind":"quoteSent","url":"https://shop.example/{token}"}`,
		} {
			p := must[*procura.Project](t)(a.GetProject(ctx, c))
			_, err := a.UpdateProject(ctx, c, actions(p.Version, bad))
			wantCode(t, err, procura.CodeInvalidField)
		}
	})
}

// A project's own template, in the customer's locale, replaces the built-in one; one that does
// not render is refused.
func TestProjectTemplatesPerLocale(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		box := newPostbox(t, a)
		w := quoteWorld(t, a, c)
		updateProject(t, a, c, `{"action":"setNotificationTemplate","kind":"quoteSent","locale":"de","subject":"Ihr Angebot über {{.Total}}","text":"Hallo {{.Name}}, Ihr Angebot ist da.","html":"<p>Hallo {{.Name}}</p>"}`)
		w.sellerQuote("quinn@acme.example", 10, "")
		box.expect("Your quote is ready", "quinn@acme.example") // quinn has no locale: the project's first language, en
		rita := w.customers["rita@acme.example"]
		cu := must[*procura.Customer](t)(a.GetCustomer(ctx, c, app.Ref{ID: rita}))
		must[*procura.Customer](t)(a.UpdateCustomer(ctx, c, app.Ref{ID: rita}, actions(cu.Version, `{"action":"setLocale","locale":"de-AT"}`)))
		w.sellerQuote("rita@acme.example", 10, "")
		got := box.expect("Ihr Angebot über 150.00 EUR", "rita@acme.example")
		if !strings.Contains(got[0].Data, "<p>Hallo rita@acme.example</p>") {
			t.Fatalf("mail:\n%s", got[0].Data)
		}
		for _, bad := range []string{
			`{"action":"setNotificationTemplate","kind":"quoteSent","locale":"de","subject":"{{.Nope}}","text":"x"}`,
			`{"action":"setNotificationTemplate","kind":"quoteSent","locale":"de","subject":"x","text":"{{if}}"}`,
			`{"action":"setNotificationTemplate","kind":"quoteSent","locale":"de","subject":"x"}`,
			`{"action":"setNotificationTemplate","kind":"nothing","locale":"de","subject":"x","text":"y"}`,
			`{"action":"setNotificationTemplate","kind":"quoteSent","locale":"de","subject":"x","text":"{{range 1000000000}}{{range 1000000000}}{{end}}{{end}}"}`,
			`{"action":"setNotificationTemplate","kind":"quoteSent","locale":"de","subject":"x","text":"{{if .Name}}{{with .Email}}{{range 3}}{{end}}{{end}}{{end}}"}`,
			`{"action":"setNotificationTemplate","kind":"quoteSent","locale":"de","subject":"x","text":"{{define \"a\"}}{{template \"a\"}}{{end}}{{template \"a\"}}"}`,
			`{"action":"setNotificationTemplate","kind":"quoteSent","locale":"de","subject":"x","text":"y","html":"{{block \"b\" .}}{{end}}"}`,
		} {
			p := must[*procura.Project](t)(a.GetProject(ctx, c))
			_, err := a.UpdateProject(ctx, c, actions(p.Version, bad))
			if code := procura.ErrorCode(err); code != procura.CodeInvalidField && code != procura.CodeRequiredField {
				t.Errorf("%s: %v", bad, err)
			}
		}
		// Removing it brings the built-in one back.
		updateProject(t, a, c, `{"action":"setNotificationTemplate","kind":"quoteSent","locale":"de"}`)
		w.sellerQuote("rita@acme.example", 10, "")
		box.expect("Your quote is ready", "rita@acme.example")
	})
}

// A mail the server refuses for now is tried again later; one it refuses for good, or that
// fails every try, ends failed; none is sent twice, however many nodes send at once.
func TestTheSenderRetriesAndGivesUp(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		box := newPostbox(t, a)
		w := quoteWorld(t, a, c)
		a.MailAttempts = 2
		box.srv.Refuse("rita@acme.example")
		box.srv.SetBusy(true)
		w.sellerQuote("quinn@acme.example", 10, "")
		w.sellerQuote("rita@acme.example", 10, "")
		box.expect("") // both refused for now
		box.srv.SetBusy(false)
		box.expect("") // not yet due again
		later := time.Now().Add(2 * time.Minute)
		if n := must[int](t)(a.SendMails(ctx, box.mailer(), later)); n != 1 {
			t.Fatalf("sent %d on the second try", n)
		}
		if got := box.srv.Take(); len(got) != 1 || got[0].To[0] != "quinn@acme.example" {
			t.Fatalf("second try delivered %+v", got)
		}
		// rita's was tried twice: failed, never tried again.
		if n := must[int](t)(a.SendMails(ctx, box.mailer(), later.Add(24*time.Hour))); n != 0 {
			t.Fatalf("sent %d after the last try", n)
		}
		byTo := map[string]app.OutboxMail{}
		for _, m := range must[[]app.OutboxMail](t)(a.Outbox(ctx, c, 10)) {
			byTo[m.To] = m
		}
		if q, r := byTo["quinn@acme.example"], byTo["rita@acme.example"]; q.Status != "sent" || q.Attempts != 2 ||
			r.Status != "failed" || r.Attempts != 2 || !strings.Contains(r.LastError, "550") {
			t.Fatalf("the outbox: %+v", byTo)
		}
		_, err := a.Outbox(ctx, c, 501)
		wantCode(t, err, procura.CodeInvalidField)
		// Many mails, three senders at once: each delivered once.
		for i := range 12 {
			w.customer(fmt.Sprintf("q%d@acme.example", i))
			w.associate("acme", fmt.Sprintf("q%d@acme.example", i), "q-buyer", procura.InheritanceEnabled)
			w.sellerQuote(fmt.Sprintf("q%d@acme.example", i), 1, "")
		}
		var wg sync.WaitGroup
		for range 3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := a.SendMails(ctx, box.mailer(), time.Now()); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if got := box.srv.Take(); len(got) != 12 {
			t.Fatalf("delivered %d mails, want 12 each once", len(got))
		}
	})
}

// slowMailer takes two minutes of the app's clock for each mail it sends, and counts the sends of
// each mail.
type slowMailer struct {
	clock *time.Time
	sent  map[string]int
}

func (m *slowMailer) Send(_ context.Context, mail *store.Mail) error {
	*m.clock = m.clock.Add(2 * time.Minute)
	m.sent[mail.ID]++
	return nil
}

// A sender starts no mail late in its claim: what it could not send in time waits for the claim to
// run out and goes with the next sender, each mail once.
func TestASlowSenderLeavesWhatItCannotSendInTime(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := quoteWorld(t, a, c)
		for i := range 5 {
			w.customer(fmt.Sprintf("s%d@acme.example", i))
			w.associate("acme", fmt.Sprintf("s%d@acme.example", i), "q-buyer", procura.InheritanceEnabled)
			w.sellerQuote(fmt.Sprintf("s%d@acme.example", i), 1, "")
		}
		clock := time.Now()
		a.Now = func() time.Time { return clock }
		m := &slowMailer{clock: &clock, sent: map[string]int{}}
		claimed := clock
		if n := must[int](t)(a.SendMails(ctx, m, claimed)); n != 3 { // at 0, 2 and 4 minutes into a 5-minute claim
			t.Fatalf("the first sender sent %d, want 3", n)
		}
		if n := must[int](t)(a.SendMails(ctx, m, claimed.Add(4*time.Minute))); n != 0 {
			t.Fatalf("a sender took %d mails still claimed", n)
		}
		if n := must[int](t)(a.SendMails(ctx, m, claimed.Add(5*time.Minute+time.Second))); n != 2 {
			t.Fatalf("the next sender sent %d, want the 2 left", n)
		}
		for id, n := range m.sent {
			if n != 1 {
				t.Errorf("mail %s sent %d times", id, n)
			}
		}
	})
}
