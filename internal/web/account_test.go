package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/httpapi"
)

// TestJoinRequestsAndHistory: a visitor signs up asking to join ACME, whose policy is Approval;
// alice (UpdateAssociates) sees the request and accepts it as buyer, bob is refused deciding it
// with the API's answer. The history needs ViewCompanyHistory: refused to alice until her role
// has it, then it lists the acceptance.
func TestJoinRequestsAndHistory(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		w.sellerUpdate(t, "acme-corp", `{"action":"setJoinPolicy","joinPolicy":"Approval","defaultAssociateRole":{"typeId":"associate-role","key":"buyer"}}`)
		erin := w.browser(t)
		p := erin.post("sign-up", url.Values{"email": {"erin@example.org"}, "password": {"Erin-joins-2026"}, "firstName": {"Erin"}, "company": {"acme-corp"}})
		if p.status != http.StatusSeeOther || p.location != "/portal/demo/orders" {
			t.Fatalf("erin signs up: %d %q %s", p.status, p.location, p.body)
		}
		if p := erin.get("security"); p.status != http.StatusOK {
			t.Errorf("erin is not signed in after signing up: %d", p.status)
		}
		again := w.browser(t).post("sign-up", url.Values{"email": {"Erin@example.org"}, "password": {"Erin-joins-2026"}})
		if again.status != http.StatusBadRequest || !strings.Contains(again.body, "exists already") {
			t.Errorf("a second sign-up with erin's email: %d %s", again.status, again.body)
		}
		if p := w.browser(t).post("sign-up", url.Values{"email": {"fay@example.org"}, "password": {"password"}}); p.status != http.StatusBadRequest || w.customerID(t, "fay@example.org") != "" {
			t.Errorf("a sign-up with a common password: %d", p.status)
		}
		erinID := w.customerID(t, "erin@example.org")

		alice, bob := w.browser(t).signIn("alice@acme.example"), w.browser(t).signIn("bob@acme.example")
		p = alice.get("colleagues?unit=acme-corp")
		i := strings.Index(p.body, `data-request="`)
		if p.status != http.StatusOK || i < 0 || !strings.Contains(p.body, "erin@example.org") {
			t.Fatalf("alice's join requests: %d %s", p.status, p.body)
		}
		id := p.body[i+len(`data-request="`):]
		id = id[:strings.IndexByte(id, '"')]
		decide := url.Values{"version": {"1"}, "decision": {"accept"}, "role": {"buyer"}}
		_, apiErr := w.a.DecideJoinRequest(ctx, app.Caller{ProjectKey: "demo", CustomerID: w.bob}, app.AsAssociate(app.Caller{CustomerID: w.bob}, w.bob, "acme-corp"),
			app.Ref{ID: id}, procura.Update{Version: ptr(int64(1))})
		if p := bob.post("join-requests/acme-corp/"+id, decide); apiErr == nil || p.status != httpapi.Status(apiErr) {
			t.Errorf("bob decides erin's request: %d, the API: %v", p.status, apiErr)
		}
		wantStatus(t, "an unknown decision", alice.post("join-requests/acme-corp/"+id, url.Values{"version": {"1"}, "decision": {"maybe"}}), http.StatusBadRequest)
		if w.roles(t, "acme-corp", erinID) != "" {
			t.Fatal("erin joined by a refused decision")
		}
		if p := alice.post("join-requests/acme-corp/"+id, decide); p.status != http.StatusSeeOther || !strings.HasSuffix(p.location, "done=accepted") {
			t.Fatalf("alice accepts erin: %d %s", p.status, p.body)
		}
		if got := w.roles(t, "acme-corp", erinID); got != "buyer" {
			t.Errorf("erin's roles: %q", got)
		}
		if p := alice.get("colleagues?unit=acme-corp"); !strings.Contains(p.body, `id="no-requests"`) {
			t.Errorf("the decided request is still listed")
		}

		p = alice.get("history") // the demo's admin holds ViewCompanyHistory; bob, a buyer, does not

		if p.status != http.StatusOK || !strings.Contains(p.body, "business-unit acme-corp") || !strings.Contains(p.body, "<td>you</td><td>business-unit acme-corp · acme-corp</td><td>changed: associates") {
			t.Errorf("alice's history: %d %s", p.status, p.body)
		}
		wantStatus(t, "bob's history", bob.get("history"), http.StatusForbidden)
	})
}

// TestPasswordAndEmailPages: forgetting a password answers the same whether the email is known;
// a reset with the mailed token sets the password once; a confirmation with the email token
// verifies the email once, and settles an EmailDomain join.
func TestPasswordAndEmailPages(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		known := w.browser(t).post("forgot-password", url.Values{"email": {"bob@acme.example"}})
		unknown := w.browser(t).post("forgot-password", url.Values{"email": {"nobody@acme.example"}})
		if known.status != http.StatusOK || unknown.status != http.StatusOK || !strings.Contains(known.body, `id="forgot-done"`) ||
			strings.ReplaceAll(known.body, "bob@acme.example", "") != strings.ReplaceAll(unknown.body, "nobody@acme.example", "") {
			t.Errorf("forgot-password, known %d and unknown %d differ", known.status, unknown.status)
		}
		for i := 2; i <= 5; i++ {
			wantStatus(t, "a forgotten password asked again", w.browser(t).post("forgot-password", url.Values{"email": {"nobody@acme.example"}}), http.StatusOK)
		}
		if p := w.browser(t).post("forgot-password", url.Values{"email": {"Nobody@acme.example"}}); p.status != http.StatusTooManyRequests || !strings.Contains(p.body, "Too many attempts") {
			t.Errorf("the sixth request for one email in the window: %d %s", p.status, p.body)
		}
		token, err := w.a.CreatePasswordToken(ctx, seller, app.PasswordTokenDraft{Email: "bob@acme.example"})
		if err != nil {
			t.Fatal(err)
		}
		b := w.browser(t)
		if p := b.get("reset-password?token=" + url.QueryEscape(token.Value)); p.status != http.StatusOK || !strings.Contains(p.body, token.Value) {
			t.Errorf("the reset page: %d", p.status)
		}
		wantStatus(t, "a weak new password", b.post("reset-password", url.Values{"token": {token.Value}, "password": {"12345678"}}), http.StatusBadRequest)
		if p := b.post("reset-password", url.Values{"token": {token.Value}, "password": {"Bob-new-password-1"}}); p.status != http.StatusOK || !strings.Contains(p.body, `id="reset-done"`) {
			t.Fatalf("the reset: %d %s", p.status, p.body)
		}
		wantStatus(t, "the token used again", b.post("reset-password", url.Values{"token": {token.Value}, "password": {"Bob-other-password-2"}}), http.StatusBadRequest)
		if _, err := w.a.Login(ctx, seller, procura.CustomerSignIn{Email: "bob@acme.example", Password: "Bob-new-password-1"}, "127.0.0.1"); err != nil {
			t.Errorf("bob signs in with the new password: %v", err)
		}

		w.sellerUpdate(t, "acme-corp", `{"action":"setJoinPolicy","joinPolicy":"EmailDomain","allowedEmailDomains":["acme.example"],"defaultAssociateRole":{"typeId":"associate-role","key":"buyer"}}`)
		if p := w.browser(t).post("sign-up", url.Values{"email": {"gus@acme.example"}, "password": {"Gus-joins-2026"}, "company": {"acme-corp"}}); p.status != http.StatusSeeOther {
			t.Fatalf("gus signs up: %d %s", p.status, p.body)
		}
		gus := w.customerID(t, "gus@acme.example")
		if w.roles(t, "acme-corp", gus) != "" {
			t.Fatal("gus joined before confirming his email")
		}
		et, err := w.a.CreateEmailToken(ctx, seller, app.EmailTokenDraft{ID: gus, TTLMinutes: 60})
		if err != nil {
			t.Fatal(err)
		}
		if p := b.get("verify-email?token=" + url.QueryEscape(et.Value)); p.status != http.StatusOK || w.roles(t, "acme-corp", gus) != "" {
			t.Errorf("opening the verification link changed something: %d", p.status)
		}
		wantStatus(t, "an unknown email token", b.post("verify-email", url.Values{"token": {"forged"}}), http.StatusBadRequest)
		if p := b.post("verify-email", url.Values{"token": {et.Value}}); p.status != http.StatusOK || !strings.Contains(p.body, `id="verify-done"`) {
			t.Fatalf("the confirmation: %d %s", p.status, p.body)
		}
		if got := w.roles(t, "acme-corp", gus); got != "buyer" {
			t.Errorf("gus after confirming: %q", got)
		}
		wantStatus(t, "the email token used again", b.post("verify-email", url.Values{"token": {et.Value}}), http.StatusBadRequest)
	})
}
