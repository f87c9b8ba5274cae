package e2e

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestDashboardPeopleInABrowser drives the dashboard's customers, roles and catalog pages of
// `procura serve --demo` with a real Chromium. bob locked himself out; a support member finds him,
// resets the lockout (bob then signs in to the portal), and may neither end his sessions nor edit
// a role, through the pages or by crafted forms. An admin creates a role with the permission
// matrix, changes the widget's price and publishes it: the portal's catalog shows the new price.
func TestDashboardPeopleInABrowser(t *testing.T) {
	bin := chromium(t)
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			s := startServer(t, b.url(t), "--demo", "--mail-dir", t.TempDir(), "--smtp-from", "demo@procura.localhost")
			token := s.token(t, s.newAPIClient(t, "demo", "manage_project:demo"))
			support, admin := s.staff(t, "sue@seller.example", "support"), s.staff(t, "ada@seller.example", "admin")
			dashboard, portal := s.base+"/admin/", s.base+"/portal/demo/"
			lockOut(t, portal, "bob@acme.example")
			ctx := browse(t, bin)

			// Support finds bob, locked, and resets the lockout.
			staffSignIn(t, ctx, dashboard, "sue@seller.example", support)
			run(t, ctx, chromedp.Click(chromedp.CSS(`nav a[href$="/customers"]`)), chromedp.WaitVisible(chromedp.ID("q")))
			accessible(t, ctx, "the customers")
			search(t, ctx, "bob", "customers")
			screenshot(t, ctx, "dashboard/customers")
			run(t, ctx, chromedp.Click(chromedp.CSS(`#customers a`)), chromedp.WaitVisible(chromedp.ID("lockout")))
			if l := text(t, ctx, "#lockout"); !strings.Contains(l, "Locked after too many failed sign-ins") {
				t.Errorf("bob's lockout: %s", l)
			}
			if body := text(t, ctx, "#memberships"); !strings.Contains(body, "ACME Engineering Division") || !strings.Contains(body, "buyer") {
				t.Errorf("bob's companies: %s", body)
			}
			accessible(t, ctx, "a customer")
			screenshot(t, ctx, "dashboard/customer")
			if n := count(t, ctx, "#end-sessions"); n != 0 {
				t.Errorf("support is offered to end the sessions")
			}
			customer := value(t, ctx, chromedp.Location())
			run(t, ctx, chromedp.Click(chromedp.ID("reset-lockout")), chromedp.WaitVisible(chromedp.ID("done")))
			if l := text(t, ctx, "#lockout"); !strings.Contains(l, "Not locked") {
				t.Errorf("bob's lockout after the reset: %s", l)
			}
			history := s.getJSON(t, "/demo/history?actor="+url.QueryEscape("sue@seller.example"), token)
			if n, _ := history["count"].(float64); n != 1 || !strings.Contains(jsonText(history), "resetLockout") {
				t.Errorf("the reset in the history: %v", history)
			}

			// Support may not end bob's sessions nor edit a role: the pages offer neither, and
			// crafted forms are refused with the API's 403.
			run(t, ctx, chromedp.Navigate(dashboard+"demo/roles/new"), chromedp.WaitVisible(chromedp.ID("error-message")))
			if msg := text(t, ctx, "#error-message"); !strings.Contains(msg, "manage_associate_roles:demo") {
				t.Errorf("support's new role: %s", msg)
			}
			accessible(t, ctx, "a refused page")
			run(t, ctx, chromedp.Navigate(dashboard+"demo/roles/buyer"), chromedp.WaitVisible(chromedp.ID("matrix")))
			if n := count(t, ctx, "#save-role"); n != 0 {
				t.Errorf("support is offered to save the buyer role")
			}
			accessible(t, ctx, "a role, read only")
			jar, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{dashboard}})
			if err != nil {
				t.Fatal(err)
			}
			if st, _ := post(t, customer+"/sessions", url.Values{}, jar.Cookies, nil); st != http.StatusForbidden {
				t.Errorf("support's crafted end of the sessions: %d", st)
			}
			if st, _ := post(t, dashboard+"demo/roles/buyer", url.Values{"version": {"1"}, "permission": {"ViewOthersOrders"}}, jar.Cookies, nil); st != http.StatusForbidden {
				t.Errorf("support's crafted role: %d", st)
			}
			if perms := rolePermissions(t, s, token, "buyer"); strings.Contains(perms, "ViewOthersOrders") {
				t.Fatalf("support changed the buyer role")
			}
			run(t, ctx, chromedp.Click(chromedp.ID("sign-out")), chromedp.WaitVisible(chromedp.ID("sign-in")))

			// bob signs in again.
			signIn(t, ctx, portal, "bob@acme.example")
			signOut(t, ctx)

			// The admin creates a role with the matrix.
			staffSignIn(t, ctx, dashboard, "ada@seller.example", admin)
			run(t, ctx, chromedp.Click(chromedp.CSS(`nav a[href$="/roles"]`)), chromedp.WaitVisible(chromedp.ID("roles")))
			accessible(t, ctx, "the roles")
			screenshot(t, ctx, "dashboard/roles")
			run(t, ctx, chromedp.Click(chromedp.ID("new-role")), chromedp.WaitVisible(chromedp.ID("matrix")),
				chromedp.SendKeys(chromedp.ID("role-key"), "reviewer"), chromedp.SendKeys(chromedp.ID("role-name"), "Reviewer"),
				chromedp.Click(chromedp.ID("buyer-assignable")), chromedp.Click(chromedp.ID("perm-ViewMyOrders")),
				chromedp.Click(chromedp.ID("perm-ViewOthersOrders")), chromedp.Click(chromedp.ID("perm-ViewMyQuotes")))
			accessible(t, ctx, "a new role")
			run(t, ctx, chromedp.Click(chromedp.ID("save-role")), chromedp.WaitVisible(chromedp.ID("done")))
			screenshot(t, ctx, "dashboard/role")
			if perms := rolePermissions(t, s, token, "reviewer"); perms != "ViewMyOrders ViewOthersOrders ViewMyQuotes" {
				t.Errorf("the new role's permissions: %s", perms)
			}

			// … changes the widget's price and publishes it.
			run(t, ctx, chromedp.Click(chromedp.CSS(`nav a[href$="/products"]`)), chromedp.WaitVisible(chromedp.ID("q")))
			search(t, ctx, "BULK-WIDGET", "products")
			accessible(t, ctx, "the products")
			run(t, ctx, chromedp.Click(chromedp.CSS(`#products a`)), chromedp.WaitVisible(chromedp.ID("prices-1")),
				chromedp.SendKeys(chromedp.CSS(`#prices-1 input[name=amount]`), "3.75"), chromedp.Click(chromedp.CSS(`#prices-1 button[value=changePrice]`)),
				chromedp.WaitVisible(chromedp.ID("done")))
			if p := text(t, ctx, "#publication"); !strings.Contains(p, "changes not yet published") {
				t.Errorf("the widget after the price change: %s", p)
			}
			run(t, ctx, chromedp.Click(chromedp.ID("publish")))
			arrive(t, ctx, "done=publish") // the page before shows #done too
			if p := text(t, ctx, "#prices-1"); !strings.Contains(p, "3.75 USD") {
				t.Errorf("the widget's prices: %s", p)
			}
			accessible(t, ctx, "a product")
			screenshot(t, ctx, "dashboard/product")
			run(t, ctx, chromedp.Click(chromedp.ID("sign-out")), chromedp.WaitVisible(chromedp.ID("sign-in")))

			// The portal's catalog shows the new price.
			signIn(t, ctx, portal, "bob@acme.example")
			run(t, ctx, chromedp.Navigate(portal+"products"), chromedp.WaitVisible(chromedp.CSS("main h1")))
			if body := text(t, ctx, "main"); !strings.Contains(body, "3.75 USD") {
				t.Errorf("the portal's catalog after publishing: %s", body)
			}
		})
	}
}

// lockOut signs email in to the portal with a wrong password until the account is locked.
func lockOut(t *testing.T, portal, email string) {
	t.Helper()
	var st int
	for range 6 {
		resp, err := http.PostForm(portal+"sign-in", url.Values{"email": {email}, "password": {"wrong-password"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		st = resp.StatusCode
	}
	if st != http.StatusTooManyRequests {
		t.Fatalf("%s is not locked out: %d", email, st)
	}
}

// count is how many elements the CSS selector sel finds.
func count(t *testing.T, ctx context.Context, sel string) int {
	t.Helper()
	return value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+strconv.Quote(sel)+`).length`))
}
