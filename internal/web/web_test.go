package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/httpapi"
	"github.com/procura/procura/internal/web"
)

// TestWithoutSessionToSignIn: without a session a page sends the browser to the sign-in page and
// a form does nothing.
func TestWithoutSessionToSignIn(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		b := w.browser(t)
		if p := b.get("orders"); p.status != http.StatusSeeOther || p.location != "/portal/demo/sign-in?next=%2Fportal%2Fdemo%2Forders" {
			t.Errorf("orders without a session: %d %q", p.status, p.location)
		}
		flow := w.flowOf(t, w.bobsOrder)
		p := b.post("approvals/acme-engineering/"+flow.ID, url.Values{"decision": {"approve"}, "version": {"1"}})
		if p.status != http.StatusSeeOther || p.location != "/portal/demo/sign-in" {
			t.Errorf("approving without a session: %d %q", p.status, p.location)
		}
		b.http.Jar.SetCookies(mustURL(t, w.srv.URL+"/portal/demo/"), []*http.Cookie{{Name: "procura_session", Value: "forged", Path: "/portal/demo/"}})
		if p := b.get("approvals"); p.status != http.StatusSeeOther {
			t.Errorf("a forged session: %d", p.status)
		}
		if f := w.flowOf(t, w.bobsOrder); f.Status != procura.FlowPending {
			t.Errorf("the flow was decided without a session: %s", f.Status)
		}
	})
}

// TestCrossSiteRefused: a form posted from another site is refused with 403 and does nothing,
// even with the approver's session; from the portal itself it works.
func TestCrossSiteRefused(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		carol := w.browser(t).signIn("carol@acme.example")
		action, version := carol.approvalForm(t, w.bobsOrder)
		form := url.Values{"decision": {"approve"}, "version": {version}}
		for _, h := range [][]string{{"Sec-Fetch-Site", "cross-site"}, {"Origin", "https://evil.example"}} {
			p := carol.post(action, form, h...)
			if p.status != http.StatusForbidden || !strings.Contains(p.body, "another site") {
				t.Errorf("%s: %d %s", h, p.status, p.body)
			}
		}
		if p := w.browser(t).post("sign-in", url.Values{"email": {"carol@acme.example"}, "password": {"procura-demo"}}, "Sec-Fetch-Site", "cross-site"); p.status != http.StatusForbidden {
			t.Errorf("a cross-site sign-in: %d", p.status)
		}
		if f := w.flowOf(t, w.bobsOrder); f.Status != procura.FlowPending {
			t.Fatalf("a cross-site form decided the flow: %s", f.Status)
		}
		if p := carol.post(action, form, "Sec-Fetch-Site", "same-origin"); p.status != http.StatusSeeOther || p.location != "/portal/demo/approvals?done=approved" {
			t.Fatalf("approving: %d %q %s", p.status, p.location, p.body)
		}
		if f := w.flowOf(t, w.bobsOrder); f.Status != procura.FlowApproved {
			t.Errorf("the flow after the approval: %s", f.Status)
		}
	})
}

// TestOrdersAsTheAPIDecides: bob, a buyer without ViewOthersOrders, sees his orders and not
// alice's, has no company tab, and reading alice's order gets the API's refusal; carol, the
// approver, sees the company's orders and alice's.
func TestOrdersAsTheAPIDecides(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		bob := w.browser(t).signIn("bob@acme.example")
		for _, path := range []string{"orders", "orders?view=company"} {
			p := bob.get(path)
			if p.status != http.StatusOK || !strings.Contains(p.body, w.bobsOrder.ID) || strings.Contains(p.body, w.alices.ID) {
				t.Errorf("bob's %s: %d, his order %v, alice's %v", path, p.status, strings.Contains(p.body, w.bobsOrder.ID), strings.Contains(p.body, w.alices.ID))
			}
			if strings.Contains(p.body, `id="tab-company"`) {
				t.Errorf("bob is offered the company's orders")
			}
		}
		p := bob.get("orders/acme-engineering/" + w.alices.ID)
		_, apiErr := w.a.GetOrder(ctx, app.Caller{ProjectKey: "demo", CustomerID: w.bob}, app.AsAssociate(app.Caller{CustomerID: w.bob}, w.bob, "acme-engineering"), app.Ref{ID: w.alices.ID})
		if apiErr == nil || p.status != httpapi.Status(apiErr) || p.status != http.StatusForbidden || strings.Contains(p.body, w.alices.ID) {
			t.Errorf("bob reading alice's order: %d (the API: %v) %s", p.status, apiErr, p.body)
		}
		if p := bob.get("orders/acme-corp/" + w.bobsOrder.ID); p.status != http.StatusNotFound {
			t.Errorf("bob's order in a unit he is not in: %d", p.status)
		}
		if p := bob.get("orders/acme-engineering/" + w.bobsOrder.ID); p.status != http.StatusOK || !strings.Contains(p.body, "1,250.00 USD") ||
			!strings.Contains(p.body, "awaiting approval") {
			t.Errorf("bob's own order: %d %s", p.status, p.body)
		}

		carol := w.browser(t).signIn("carol@acme.example")
		p = carol.get("orders?view=company")
		if p.status != http.StatusOK || !strings.Contains(p.body, w.bobsOrder.ID) || !strings.Contains(p.body, w.alices.ID) || !strings.Contains(p.body, `id="tab-company"`) {
			t.Errorf("carol's company orders: %d %s", p.status, p.body)
		}
		if p := carol.get("orders"); strings.Contains(p.body, w.bobsOrder.ID) {
			t.Errorf("carol's own orders list bob's")
		}
		if p := carol.get("orders/acme-engineering/" + w.alices.ID); p.status != http.StatusOK {
			t.Errorf("carol reading alice's order: %d", p.status)
		}
	})
}

// TestApprovalsInbox: the approver sees bob's order in her inbox with its tier, approves it, and
// it leaves the inbox; bob, its requester, never sees it there; a rejection takes its reason.
func TestApprovalsInbox(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		bob := w.browser(t).signIn("bob@acme.example")
		if p := bob.get("approvals"); !strings.Contains(p.body, `id="no-approvals"`) {
			t.Errorf("bob's inbox: %s", p.body)
		}
		carol := w.browser(t).signIn("carol@acme.example")
		p := carol.get("approvals")
		if !strings.Contains(p.body, w.bobsOrder.ID) || !strings.Contains(p.body, "Tier 1: needs one of: approver") || strings.Contains(p.body, w.alices.ID) {
			t.Fatalf("carol's inbox: %s", p.body)
		}
		action, version := carol.approvalForm(t, w.bobsOrder)
		if p := carol.post(action, url.Values{"decision": {"approve"}, "version": {version}}); p.status != http.StatusSeeOther {
			t.Fatalf("approving: %d %s", p.status, p.body)
		}
		if p := carol.get("approvals?done=approved"); strings.Contains(p.body, w.bobsOrder.ID) || !strings.Contains(p.body, "You approved the order.") {
			t.Errorf("carol's inbox after approving: %s", p.body)
		}
		if p := carol.post(action, url.Values{"decision": {"approve"}, "version": {version}}); p.status != http.StatusConflict {
			t.Errorf("approving again at the old version: %d", p.status)
		}
		p = bob.get("orders/acme-engineering/" + w.bobsOrder.ID)
		if !strings.Contains(p.body, "Approved by a colleague (approver)") {
			t.Errorf("bob's order after the approval: %s", p.body)
		}

		_, big := w.order(t, "bob@acme.example", 800)
		action, version = carol.approvalForm(t, big)
		if p := carol.post(action, url.Values{"decision": {"reject"}, "version": {version}, "reason": {"Over budget"}}); p.status != http.StatusSeeOther {
			t.Fatalf("rejecting: %d %s", p.status, p.body)
		}
		if f := w.flowOf(t, big); f.Status != procura.FlowRejected || f.Rejection.Reason != "Over budget" {
			t.Errorf("the rejected flow: %+v", f)
		}
		if p := carol.post(action, url.Values{"decision": {"maybe"}, "version": {version}}); p.status != http.StatusBadRequest {
			t.Errorf("neither approve nor reject: %d", p.status)
		}
	})
}

// TestSignInAndSessions: a wrong password is refused with the API's lockout; the security page
// lists both of carol's sessions, and signing out everywhere ends them both.
func TestSignInAndSessions(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		b := w.browser(t)
		p := b.post("sign-in", url.Values{"email": {"bob@acme.example"}, "password": {"wrong"}})
		if p.status != http.StatusBadRequest || !strings.Contains(p.body, "The email or password is not right.") {
			t.Errorf("a wrong password: %d %s", p.status, p.body)
		}
		for range 5 {
			p = b.post("sign-in", url.Values{"email": {"bob@acme.example"}, "password": {"wrong"}})
		}
		if p.status != http.StatusTooManyRequests {
			t.Errorf("the sixth wrong password: %d", p.status)
		}
		if p := b.post("sign-in", url.Values{"email": {"bob@acme.example"}, "password": {"procura-demo"}}); p.status != http.StatusTooManyRequests {
			t.Errorf("the right password while locked: %d", p.status)
		}

		one, two := w.browser(t).signIn("carol@acme.example"), w.browser(t).signIn("carol@acme.example")
		p = one.get("security")
		if n := strings.Count(p.body, "<tr><td>"); n != 2 || !strings.Contains(p.body, "(this browser)") {
			t.Errorf("carol's sessions: %d %s", n, p.body)
		}
		if p := one.post("security/sign-out-everywhere", url.Values{}); p.status != http.StatusSeeOther || p.location != "/portal/demo/sign-in" {
			t.Errorf("signing out everywhere: %d %q", p.status, p.location)
		}
		if p := two.get("orders"); p.status != http.StatusSeeOther {
			t.Errorf("the other browser after signing out everywhere: %d", p.status)
		}
		three := w.browser(t).signIn("carol@acme.example")
		if p := three.post("sign-out", url.Values{}); p.status != http.StatusSeeOther {
			t.Errorf("signing out: %d", p.status)
		}
		if p := three.get("orders"); p.status != http.StatusSeeOther {
			t.Errorf("after signing out: %d", p.status)
		}
		for next, want := range map[string]string{"https://evil.example/": "/portal/demo/", "//evil.example/portal/demo/x": "/portal/demo/",
			"/portal/other/orders": "/portal/demo/", "/portal/demo/security": "/portal/demo/security"} {
			p := w.browser(t).post("sign-in", url.Values{"email": {"alice@acme.example"}, "password": {"procura-demo"}, "next": {next}})
			if p.status != http.StatusSeeOther || p.location != want {
				t.Errorf("signed in with next %q: %d %q, want %q", next, p.status, p.location, want)
			}
		}
	})
}

// TestCompanySwitcher: the switcher lists the person's company, and switching to a company they
// are not in is refused as the API refuses a unit it does not disclose.
func TestCompanySwitcher(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		bob := w.browser(t).signIn("bob@acme.example")
		if p := bob.get("orders"); !strings.Contains(p.body, `<option value="acme-corp" selected>ACME Corporation</option>`) {
			t.Errorf("bob's switcher: %s", p.body)
		}
		if p := bob.post("company", url.Values{"company": {"acme-corp"}}); p.status != http.StatusSeeOther {
			t.Errorf("switching to his company: %d %s", p.status, p.body)
		}
		if p := bob.post("company", url.Values{"company": {"globex"}}); p.status != http.StatusNotFound {
			t.Errorf("switching to a company he is not in: %d", p.status)
		}
		if p := bob.get("no-such-page"); p.status != http.StatusNotFound || !strings.Contains(p.body, "There is no such page.") {
			t.Errorf("an unknown page: %d", p.status)
		}
	})
}

var formRe = regexp.MustCompile(`action="/portal/demo/(approvals/[^"]+)">\s*<input type="hidden" name="version" value="(\d+)">`)

// approvalForm finds the form of o's flow in the browser's inbox: its path and version.
func (b *browser) approvalForm(t *testing.T, o *procura.Order) (string, string) {
	t.Helper()
	p := b.get("approvals")
	i := strings.Index(p.body, `data-order="`+o.ID+`"`)
	if i < 0 {
		t.Fatalf("order %s is not in the inbox: %s", o.ID, p.body)
	}
	m := formRe.FindStringSubmatch(p.body[i:])
	if m == nil {
		t.Fatalf("no form for order %s", o.ID)
	}
	return m[1], m[2]
}

// flowOf reads o's approval flow as the seller.
func (w *world) flowOf(t *testing.T, o *procura.Order) *procura.ApprovalFlow {
	t.Helper()
	page, err := w.a.QueryApprovalFlows(ctx, app.Caller{ProjectKey: "demo"}, app.Acting{}, app.Query{Where: []string{`order(id = "` + o.ID + `")`}, Limit: 1})
	if err != nil || page.Count != 1 {
		t.Fatalf("the flow of %s: %v %+v", o.ID, err, page)
	}
	f, err := w.a.GetApprovalFlow(ctx, app.Caller{ProjectKey: "demo"}, app.Acting{}, app.Ref{ID: page.Items()[0]["id"].(string)})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func mustURL(t *testing.T, s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestSessionCookie: the session's cookie is HttpOnly and SameSite=Lax on the project's portal
// path, and Secure when the sign-in came over TLS through a trusted proxy.
func TestSessionCookie(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		portal := (&web.Portal{App: w.a, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
			Proxies: httpapi.Proxies{netip.MustParsePrefix("10.0.0.0/8")}}).Handler()
		for _, proto := range []string{"", "https"} {
			form := url.Values{"email": {"carol@acme.example"}, "password": {"procura-demo"}}
			r := httptest.NewRequest(http.MethodPost, "/portal/demo/sign-in", strings.NewReader(form.Encode()))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r.RemoteAddr = "10.0.0.2:4000"
			if proto != "" {
				r.Header.Set("X-Forwarded-Proto", proto)
			}
			rec := httptest.NewRecorder()
			portal.ServeHTTP(rec, r)
			cookies := rec.Result().Cookies()
			if rec.Code != http.StatusSeeOther || len(cookies) != 1 {
				t.Fatalf("sign-in: %d %v", rec.Code, cookies)
			}
			c := cookies[0]
			if c.Name != "procura_session" || len(c.Value) < 40 || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/portal/demo/" || c.Secure != (proto == "https") {
				t.Errorf("the cookie (proto %q): %+v", proto, c)
			}
		}
	})
}

// TestPagesInGerman: a browser asking for German gets the pages in German, with money and dates
// as German writes them; one asking for a language without a catalog gets English.
func TestPagesInGerman(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		bob := w.browser(t).signIn("bob@acme.example")
		p := bob.do(http.MethodGet, "orders", nil, "Accept-Language", "de-DE,de;q=0.9,en;q=0.8")
		for _, want := range []string{`<html lang="de">`, "Meine Bestellungen", "1.250,00 USD", "Offen", "Abmelden"} {
			if !strings.Contains(p.body, want) {
				t.Errorf("bob's orders in German lack %q: %s", want, p.body)
			}
		}
		if regexp.MustCompile(`\d{4}-\d{2}-\d{2} \d{2}:\d{2}`).MatchString(p.body) {
			t.Errorf("a date written the English way on a German page: %s", p.body)
		}
		p = bob.do(http.MethodGet, "orders", nil, "Accept-Language", "fr-CH, fr;q=0.9")
		if !strings.Contains(p.body, `<html lang="en">`) || !strings.Contains(p.body, "1,250.00 USD") || !strings.Contains(p.body, "My orders") {
			t.Errorf("bob's orders in French fall back to English: %s", p.body)
		}
	})
}

// TestOrdersFiltered: the orders list is narrowed by unit, buyer, state, approval status and
// date, as the API's query of the same conditions; a filter never widens what a person sees
// (bob filtering the company's orders by alice's email sees none), and a value that is not one
// is refused with 400.
func TestOrdersFiltered(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		carol := w.browser(t).signIn("carol@acme.example")
		today := time.Now().UTC().Format(time.DateOnly)
		tomorrow := time.Now().UTC().AddDate(0, 0, 1).Format(time.DateOnly)
		for query, want := range map[string][]*procura.Order{
			"":                                      {w.bobsOrder, w.alices},
			"&approval=Pending":                     {w.bobsOrder},
			"&email=alice%40acme.example":           {w.alices},
			"&state=Open&unit=acme-engineering":     {w.bobsOrder, w.alices},
			"&state=Complete":                       {},
			"&unit=acme-corp":                       {},
			"&from=" + today + "&to=" + today:       {w.bobsOrder, w.alices},
			"&from=" + tomorrow:                     {},
			"&approval=Approved&email=bob%40acme.x": {},
		} {
			p := carol.get("orders?view=company" + query)
			if p.status != http.StatusOK {
				t.Errorf("%s: %d %s", query, p.status, p.body)
				continue
			}
			for _, o := range []*procura.Order{w.bobsOrder, w.alices} {
				if got, wanted := strings.Contains(p.body, `data-order="`+o.ID), slices.Contains(want, o); got != wanted {
					t.Errorf("carol's company orders %s: order of %s shown %v, want %v", query, o.CustomerEmail, got, wanted)
				}
			}
		}
		if p := carol.get("orders?view=company"); !strings.Contains(p.body, `<option value="acme-engineering">`) {
			t.Errorf("the filter does not offer the company's units: %s", p.body)
		}
		for _, bad := range []string{"&from=yesterday", "&state=Lost", "&approval=Maybe"} {
			if p := carol.get("orders?view=company" + bad); p.status != http.StatusBadRequest {
				t.Errorf("%s: %d, want 400", bad, p.status)
			}
		}
		bob := w.browser(t).signIn("bob@acme.example")
		if p := bob.get("orders?view=company&email=alice%40acme.example"); p.status != http.StatusOK || strings.Contains(p.body, w.alices.ID) {
			t.Errorf("bob filtering by alice's email: %d, her order shown %v", p.status, strings.Contains(p.body, w.alices.ID))
		}
	})
}
