package e2e

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestDashboardOperationsInABrowser drives the dashboard's operations with a real Chromium: a
// viewer and a sales member are refused the API clients' page and a crafted form, and nothing is
// written; the admin creates an API client, copies its id and secret from the page, and the
// commercetools Go SDK reads the business units with it until the admin revokes it; the admin
// changes the project's settings, suspends a subscription and asks its redelivery, finds their
// own changes in the history, and adds a member of the staff who signs in with the password
// shown once. Every page is checked with axe-core, the history and the subscriptions also on a
// phone.
func TestDashboardOperationsInABrowser(t *testing.T) {
	bin := chromium(t)
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			s := startServer(t, b.url(t), "--demo", "--mail-dir", t.TempDir(), "--smtp-from", "demo@procura.localhost")
			token := s.token(t, s.newAPIClient(t, "demo", "manage_project:demo"))
			s.sellerJSON(t, token, "/demo/subscriptions", `{"key":"erp","destination":{"type":"HTTP","url":"http://127.0.0.1:9/hook"},"changes":[{"resourceTypeId":"order"}]}`)
			admin, viewer, sales := s.staff(t, "ada@seller.example", "admin"), s.staff(t, "vic@seller.example", "viewer"), s.staff(t, "sal@seller.example", "sales")
			project := s.getJSON(t, "/demo", token)
			dashboard := s.base + "/admin/"
			ctx := browse(t, bin)

			// The viewer reads the subscriptions and the history, and is refused the API clients.
			staffSignIn(t, ctx, dashboard, "vic@seller.example", viewer)
			s.demoOrder(t, token, "alice@acme.example", 1) // the server refuses to deliver the order's change to a loopback hook
			health := ""
			for range 40 { // the node delivers every second
				run(t, ctx, chromedp.Navigate(dashboard+"demo/subscriptions"), chromedp.WaitVisible(chromedp.CSS("section.card h2")))
				if health = text(t, ctx, ".health"); health != "Healthy" {
					break
				}
				time.Sleep(250 * time.Millisecond)
			}
			if last := text(t, ctx, ".last-error"); health != "ConfigurationError" || !strings.Contains(last, "not public") {
				t.Errorf("the failing subscription's health: %s, %s", health, last)
			}
			accessible(t, ctx, "the viewer's subscriptions")
			screenshot(t, ctx, "dashboard/subscriptions")
			run(t, ctx, chromedp.Navigate(dashboard+"demo/clients"), chromedp.WaitVisible(chromedp.ID("error-message")))
			if msg := text(t, ctx, "#error-message"); !strings.Contains(msg, "You may not do this") || !strings.Contains(msg, "manage_project:demo") {
				t.Errorf("the viewer's API clients: %s", msg)
			}
			accessible(t, ctx, "the refusal of the API clients")
			refuseCrafted(t, ctx, dashboard, "the viewer")
			run(t, ctx, chromedp.Navigate(dashboard+"demo/companies"), chromedp.Click(chromedp.ID("sign-out")), chromedp.WaitVisible(chromedp.ID("sign-in")))
			staffSignIn(t, ctx, dashboard, "sal@seller.example", sales)
			refuseCrafted(t, ctx, dashboard, "sales")
			run(t, ctx, chromedp.Navigate(dashboard+"demo/companies"), chromedp.Click(chromedp.ID("sign-out")), chromedp.WaitVisible(chromedp.ID("sign-in")))

			// The admin creates an API client; the SDK works with the id and secret the page shows.
			staffSignIn(t, ctx, dashboard, "ada@seller.example", admin)
			run(t, ctx, chromedp.Navigate(dashboard+"demo/clients"), chromedp.WaitVisible(chromedp.ID("clients")))
			// the demo's client and this test's: none of the refused forms
			if n := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("#clients tbody tr").length`)); n != 2 {
				t.Errorf("the clients before the admin's: %d (refused forms wrote some?)", n)
			}
			accessible(t, ctx, "the API clients")
			run(t, ctx, chromedp.Click(chromedp.ID("scope-view_business_units")), chromedp.Click(chromedp.ID("scope-view_orders")),
				chromedp.Click(chromedp.ID("create-client-submit")), chromedp.WaitVisible(chromedp.ID("new-client")))
			c := apiClient{ID: text(t, ctx, "#client-id"), Secret: text(t, ctx, "#client-secret"), Scope: text(t, ctx, "#client-scope")}
			if c.Scope != "view_business_units:demo view_orders:demo" || len(c.Secret) < 16 {
				t.Errorf("the new client: %+v", c)
			}
			accessible(t, ctx, "the new API client")
			screenshot(t, ctx, "dashboard/clients")
			sdk := s.sdk(t, c, "demo")
			units, err := sdk.BusinessUnits().Get().Execute(context.Background())
			if err != nil || units.Count == 0 {
				t.Fatalf("the SDK with the dashboard's client: %v %+v", err, units)
			}
			run(t, ctx, chromedp.Navigate(dashboard+"demo/clients"), chromedp.WaitVisible(chromedp.ID("clients")))
			if body := text(t, ctx, "main"); strings.Contains(body, c.Secret) {
				t.Errorf("the secret is shown again")
			}
			run(t, ctx, chromedp.Click(chromedp.CSS(`form[action$="/clients/`+c.ID+`/delete"] button`)), chromedp.WaitVisible(chromedp.CSS(".notice")))
			if _, err := sdk.BusinessUnits().Get().Execute(context.Background()); err == nil {
				t.Errorf("the SDK works after the client was revoked")
			}

			// Project settings: units buyers create are Inactive, with the buyer role; messages kept 30 days.
			run(t, ctx, chromedp.Navigate(dashboard+"demo/settings"), chromedp.WaitVisible(chromedp.ID("settings")),
				chromedp.SetValue(chromedp.ID("unit-status"), "Inactive"), chromedp.SetValue(chromedp.ID("unit-role"), "buyer"),
				chromedp.SetValue(chromedp.ID("messages-days"), "30"), chromedp.Click(chromedp.ID("settings-submit")), chromedp.WaitVisible(chromedp.CSS(".notice")))
			accessible(t, ctx, "the project settings")
			screenshot(t, ctx, "dashboard/settings")
			p := s.getJSON(t, "/demo", token)
			if p["version"] != project["version"].(float64)+1 {
				t.Errorf("the project changed more than once (by a refused form?): version %v", p["version"])
			}
			bu, msgs := p["businessUnits"].(map[string]any), p["messages"].(map[string]any)
			if bu["myBusinessUnitStatusOnCreation"] != "Inactive" || bu["myBusinessUnitAssociateRoleOnCreation"].(map[string]any)["key"] != "buyer" ||
				msgs["deleteDaysAfterCreation"] != float64(30) {
				t.Errorf("the project after the settings: %v %v", bu, msgs)
			}

			// Subscriptions: suspend erp, ask its orders again from the first.
			run(t, ctx, chromedp.Navigate(dashboard+"demo/subscriptions"), chromedp.WaitVisible(chromedp.CSS("section.card h2")),
				chromedp.Click(chromedp.CSS(`button[id^="suspend-"]`)), chromedp.WaitVisible(chromedp.CSS(`button[id^="resume-"]`)))
			if h := text(t, ctx, ".health"); h != "ManuallySuspended" {
				t.Errorf("the health after suspending: %s", h)
			}
			run(t, ctx, chromedp.Click(chromedp.CSS(`button[id^="redeliver-"]`)), chromedp.WaitVisible(chromedp.ID("redelivered")))
			if n := text(t, ctx, "#redelivered"); !strings.Contains(n, "Deliveries due again: ") {
				t.Errorf("the redelivery: %s", n)
			}
			accessible(t, ctx, "the subscriptions")

			// The history finds the admin's change of the subscription under their email.
			run(t, ctx, chromedp.Navigate(dashboard+"demo/history"), chromedp.WaitVisible(chromedp.ID("history-filter")),
				chromedp.SendKeys(chromedp.ID("h-actor"), "ada@seller.example"), chromedp.SendKeys(chromedp.ID("h-type"), "subscription"),
				chromedp.Click(chromedp.ID("history-submit")), chromedp.WaitVisible(chromedp.CSS(`#h-actor[value="ada@seller.example"]`)))
			if body := text(t, ctx, "#history"); !strings.Contains(body, "updated: suspend") || !strings.Contains(body, "ada@seller.example") ||
				strings.Contains(body, "created") {
				t.Errorf("the admin's history: %s", body)
			}
			accessible(t, ctx, "the history")
			screenshot(t, ctx, "dashboard/history")
			run(t, ctx, chromedp.EmulateViewport(390, 844), chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("history")))
			accessible(t, ctx, "the history on a phone")
			run(t, ctx, chromedp.Navigate(dashboard+"demo/subscriptions"), chromedp.WaitVisible(chromedp.CSS("section.card h2")))
			accessible(t, ctx, "the subscriptions on a phone")
			run(t, ctx, chromedp.EmulateViewport(800, 600))

			// The admin adds sue to the staff; she signs in with the password shown once.
			run(t, ctx, chromedp.Navigate(dashboard+"demo/staff"), chromedp.WaitVisible(chromedp.ID("add-staff")),
				chromedp.SendKeys(chromedp.ID("staff-email"), "sue@seller.example"), chromedp.SetValue(chromedp.ID("staff-role"), "support"),
				chromedp.Click(chromedp.ID("add-staff-submit")), chromedp.WaitVisible(chromedp.ID("new-member")))
			password := text(t, ctx, "#member-password")
			if body := text(t, ctx, "#staff-list"); !strings.Contains(body, "sue@seller.example") || strings.Contains(body, "mal@seller.example") {
				t.Errorf("the staff after adding sue: %s", body)
			}
			accessible(t, ctx, "the staff")
			screenshot(t, ctx, "dashboard/staff")
			run(t, ctx, chromedp.Click(chromedp.ID("sign-out")), chromedp.WaitVisible(chromedp.ID("sign-in")))
			staffSignIn(t, ctx, dashboard, "sue@seller.example", password)
			if who := text(t, ctx, "#staff"); !strings.Contains(who, "sue@seller.example") {
				t.Errorf("sue signed in as %s", who)
			}
		})
	}
}

// refuseCrafted posts the forms that create an API client, add a member of the staff and change
// the project's settings with the browser's session of a member who may do none: the API's 403.
func refuseCrafted(t *testing.T, ctx context.Context, dashboard, who string) {
	t.Helper()
	jar, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{dashboard}})
	if err != nil {
		t.Fatal(err)
	}
	for path, form := range map[string]url.Values{
		"demo/clients":  {"scope": {"manage_project"}},
		"demo/staff":    {"email": {"mal@seller.example"}, "role": {"admin"}, "projects": {"this"}},
		"demo/settings": {"version": {"1"}, "status": {"Inactive"}, "days": {"10"}},
	} {
		if st, body := post(t, dashboard+path, form, jar.Cookies, nil); st != http.StatusForbidden || strings.Contains(body, "client-secret") ||
			strings.Contains(body, "member-password") {
			t.Errorf("%s's crafted %s: %d", who, path, st)
		}
	}
}
