package e2e

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestDashboardInABrowser drives the seller's dashboard of `procura serve --demo` with a real
// Chromium, seed 000's story: the seller's admin finds ACME, opens its customer groups, is warned
// whom a permission added to the buyer role reaches, and gives the buyers ViewOthersOrders
// ("orders: read for legal entity"); bob then sees alice's order among the company's orders in
// the portal. A viewer trying the same, through the pages and by a crafted form, is refused with
// the API's 403 and changes nothing.
func TestDashboardInABrowser(t *testing.T) {
	bin := chromium(t)
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			s := startServer(t, b.url(t), "--demo", "--mail-dir", t.TempDir(), "--smtp-from", "demo@procura.localhost")
			token := s.token(t, s.newAPIClient(t, "demo", "manage_project:demo"))
			alices := s.demoOrder(t, token, "alice@acme.example", 2) // 5.00 USD
			admin, viewer := s.staff(t, "ada@seller.example", "admin"), s.staff(t, "vic@seller.example", "viewer")
			dashboard := s.base + "/admin/"
			ctx := browse(t, bin)

			// The viewer sees the groups, and is refused the permission through the pages.
			staffSignIn(t, ctx, dashboard, "vic@seller.example", viewer)
			openGroups(t, ctx)
			run(t, ctx, chromedp.SetValue(chromedp.ID("permission-buyer"), "ViewOthersOrders"), chromedp.Click(chromedp.ID("add-permission-buyer")),
				chromedp.WaitVisible(chromedp.ID("confirm-permission")), chromedp.Click(chromedp.ID("confirm-permission")),
				chromedp.WaitVisible(chromedp.ID("error-message")))
			if msg := text(t, ctx, "#error-message"); !strings.Contains(msg, "You may not do this") || !strings.Contains(msg, "manage_associate_roles:demo") {
				t.Errorf("the viewer's permission: %s", msg)
			}
			accessible(t, ctx, "the dashboard's error page")
			// … and by a crafted form with the viewer's session.
			jar, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{dashboard}})
			if err != nil {
				t.Fatal(err)
			}
			form := url.Values{"permission": {"ViewOthersOrders"}, "version": {"1"}, "company": {"acme-corp"}}
			if st, _ := post(t, dashboard+"demo/roles/buyer/permissions", form, jar.Cookies, nil); st != http.StatusForbidden {
				t.Errorf("the viewer's crafted form: %d", st)
			}
			members := url.Values{"change": {"add"}, "email": {"bob@acme.example"}, "role": {"approver"}, "unit": {"acme-corp"}}
			if st, _ := post(t, dashboard+"demo/companies/acme-corp/members", members, jar.Cookies, nil); st != http.StatusForbidden {
				t.Errorf("the viewer's crafted member: %d", st)
			}
			if perms := rolePermissions(t, s, token, "buyer"); strings.Contains(perms, "ViewOthersOrders") {
				t.Fatalf("the viewer gave the buyers ViewOthersOrders")
			}
			run(t, ctx, chromedp.Navigate(dashboard+"demo/companies"), chromedp.Click(chromedp.ID("sign-out")), chromedp.WaitVisible(chromedp.ID("sign-in")))

			// bob sees no colleague's order yet.
			portal := s.base + "/portal/demo/"
			signIn(t, ctx, portal, "bob@acme.example")
			run(t, ctx, chromedp.Navigate(portal+"orders?view=company"), chromedp.WaitVisible(chromedp.ID("sign-out")))
			if body := text(t, ctx, "main"); strings.Contains(body, "5.00 USD") {
				t.Fatalf("bob sees alice's order before the permission: %s", body)
			}
			run(t, ctx, chromedp.Click(chromedp.ID("sign-out")), chromedp.WaitVisible(chromedp.ID("sign-in")))

			// The admin gives the buyers the right to see the company's orders, warned whom it reaches.
			staffSignIn(t, ctx, dashboard, "ada@seller.example", admin)
			openGroups(t, ctx)
			if body := text(t, ctx, "#group-approver"); !strings.Contains(body, "ViewOthersOrders (orders: read for legal entity)") {
				t.Errorf("the approvers' permissions: %s", body)
			}
			run(t, ctx, chromedp.SetValue(chromedp.ID("permission-buyer"), "ViewOthersOrders"), chromedp.Click(chromedp.ID("add-permission-buyer")),
				chromedp.WaitVisible(chromedp.ID("warning")))
			if w := text(t, ctx, "#warning"); !strings.Contains(w, "Companies: 1. People: 1.") || !strings.Contains(w, "ACME Corporation (acme-corp): bob@acme.example") {
				t.Errorf("the warning: %s", w)
			}
			accessible(t, ctx, "the warning before a permission is added")
			screenshot(t, ctx, "dashboard/add-permission")
			run(t, ctx, chromedp.Click(chromedp.ID("confirm-permission")), chromedp.WaitVisible(chromedp.CSS(".notice")))
			if body := text(t, ctx, "#group-buyer"); !strings.Contains(body, "ViewOthersOrders (orders: read for legal entity)") {
				t.Errorf("the buyers' permissions after the change: %s", body)
			}
			history := s.getJSON(t, "/demo/history?actor="+url.QueryEscape("ada@seller.example"), token)
			if n, _ := history["count"].(float64); n != 1 {
				t.Errorf("the admin's change in the history: %v", history)
			}
			run(t, ctx, chromedp.Click(chromedp.ID("sign-out")), chromedp.WaitVisible(chromedp.ID("sign-in")))

			// bob now sees alice's order among the company's.
			signIn(t, ctx, portal, "bob@acme.example")
			run(t, ctx, chromedp.Click(chromedp.ID("tab-company")))
			arrive(t, ctx, "view=company") // the customer's own orders have #orders too
			run(t, ctx, chromedp.WaitVisible(chromedp.ID("orders")))
			if body := text(t, ctx, "#orders"); !strings.Contains(body, "5.00 USD") || !strings.Contains(body, alices) {
				t.Errorf("bob's company orders after the permission: %s", body)
			}
			run(t, ctx, chromedp.Navigate(portal+"orders/acme-engineering/"+alices), chromedp.WaitVisible(chromedp.CSS("h1")))
			if body := text(t, ctx, "main"); !strings.Contains(body, "5.00 USD") {
				t.Errorf("bob reading alice's order: %s", body)
			}
		})
	}
}

// staff creates a member of the seller's staff in the demo project with the CLI and returns the
// password it generated.
func (s *server) staff(t *testing.T, email, role string) string {
	t.Helper()
	var m struct{ Email, Role, Password string }
	s.cliJSON(t, &m, "staff", "create", "--email", email, "--role", role, "--project", "demo")
	if m.Email != email || m.Role != role || len(m.Password) < 16 {
		t.Fatalf("staff create printed %+v", m)
	}
	return m.Password
}

// staffSignIn opens the dashboard, which asks for a sign-in, and signs the staff member in.
func staffSignIn(t *testing.T, ctx context.Context, dashboard, email, password string) {
	t.Helper()
	run(t, ctx, chromedp.Navigate(dashboard), chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), email), chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Click(chromedp.ID("sign-in")), chromedp.WaitVisible(chromedp.ID("sign-out")))
}

// search submits the page's search form with query and waits for the answer's element id: the
// answer's form holds the query (the page before it had an empty field, so its elements are not
// taken for the answer's).
func search(t *testing.T, ctx context.Context, query, id string) {
	t.Helper()
	run(t, ctx, chromedp.SendKeys(chromedp.ID("q"), query), chromedp.Click(chromedp.ID("search")),
		chromedp.WaitVisible(chromedp.CSS(`#q[value="`+query+`"]`)), chromedp.WaitVisible(chromedp.ID(id)))
}

// openGroups finds ACME by a part of its name and opens its customer groups.
func openGroups(t *testing.T, ctx context.Context) {
	t.Helper()
	accessible(t, ctx, "the dashboard's first page")
	search(t, ctx, "acme", "companies")
	accessible(t, ctx, "the companies found")
	screenshot(t, ctx, "dashboard/companies")
	run(t, ctx, chromedp.Click(chromedp.CSS(`#companies a[href$="/companies/acme-corp"]`)), chromedp.WaitVisible(chromedp.ID("groups-link")))
	accessible(t, ctx, "a company's page")
	screenshot(t, ctx, "dashboard/company")
	run(t, ctx, chromedp.Click(chromedp.ID("groups-link")), chromedp.WaitVisible(chromedp.ID("group-buyer")))
	accessible(t, ctx, "a company's customer groups")
	screenshot(t, ctx, "dashboard/groups")
}

// rolePermissions reads a role's permissions through the API.
func rolePermissions(t *testing.T, s *server, token, key string) string {
	t.Helper()
	r := s.getJSON(t, "/demo/associate-roles/key="+key, token)
	var perms []string
	for _, p := range r["permissions"].([]any) {
		perms = append(perms, p.(string))
	}
	return strings.Join(perms, " ")
}
