package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestPortalSwitchCompany: carol, the approver at ACME and a buyer at Globex, sees bob's order
// among ACME's company orders; switched to Globex she has no company orders, does not see dave's
// order there, and reading it is refused with the API's 403.
func TestPortalSwitchCompany(t *testing.T) {
	bin := chromium(t)
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			s := startServer(t, b.url(t), "--demo", "--mail-dir", t.TempDir(), "--smtp-from", "demo@procura.localhost")
			token := s.token(t, s.newAPIClient(t, "demo", "manage_project:demo"))
			carol, dave := s.customerID(t, token, "carol@acme.example"), s.createCustomer(t, token, "dave@globex.example")
			r := s.do(t, http.MethodPost, "/demo/business-units", token, fmt.Appendf(nil, `{"key":"globex","name":"Globex","unitType":"Company",
				"stores":[{"key":"main"}],"associates":[%s,%s]}`, associate(carol, "buyer"), associate(dave, "buyer")))
			if r.status != http.StatusCreated {
				t.Fatalf("globex: %d %s", r.status, r.body)
			}
			bobs := s.demoOrder(t, token, "bob@acme.example", 2)
			daves := s.placeOrder(t, token, dave, "globex", 3)
			portal := s.base + "/portal/demo/"
			ctx := browse(t, bin)

			signIn(t, ctx, portal, "carol@acme.example")
			run(t, ctx, chromedp.Navigate(portal+"orders?view=company"), chromedp.WaitVisible(chromedp.ID("orders")))
			if body := text(t, ctx, "#orders"); !strings.Contains(body, "5.00 USD") {
				t.Errorf("carol's ACME orders lack bob's %s: %s", bobs, body)
			}
			short, cancel := context.WithTimeout(ctx, 20*time.Second)
			defer cancel()
			run(t, short, chromedp.SetValue(chromedp.ID("company"), "globex"), chromedp.Submit(chromedp.ID("company")),
				chromedp.WaitVisible(chromedp.ID("tab-mine")))
			if n := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("#tab-company").length`)); n != 0 {
				t.Errorf("carol, a buyer at Globex, is offered its company orders")
			}
			run(t, ctx, chromedp.Navigate(portal+"orders?view=company"), chromedp.WaitVisible(chromedp.CSS("h1")))
			if body := text(t, ctx, "main"); strings.Contains(body, "7.50 USD") || strings.Contains(body, "5.00 USD") {
				t.Errorf("carol's Globex orders: %s", body)
			}
			api := s.do(t, http.MethodGet, "/demo/as-associate/"+carol+"/in-business-unit/key=globex/orders/"+daves, token, nil)
			run(t, ctx, chromedp.Navigate(portal+"orders/globex/"+daves), chromedp.WaitVisible(chromedp.ID("error-message")))
			if msg := text(t, ctx, "#error-message"); api.status != http.StatusForbidden || !strings.Contains(msg, "ViewOthersOrders") {
				t.Errorf("carol reading dave's order: %s (the API: %d)", msg, api.status)
			}
			run(t, short, chromedp.Navigate(portal+"orders"), chromedp.SetValue(chromedp.ID("company"), "acme-corp"), chromedp.Submit(chromedp.ID("company")),
				chromedp.WaitVisible(chromedp.ID("tab-company")))
		})
	}
}

// TestPortalInviteColleague: alice, ACME's admin, invites dan into engineering as a buyer; bob, a
// buyer without UpdateAssociates, is refused removing him or inviting another by a crafted post,
// with the API's 403; dan follows the mailed link, sets his password and signs in to ACME.
func TestPortalInviteColleague(t *testing.T) {
	bin := chromium(t)
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			mails := t.TempDir()
			s := startServer(t, b.url(t), "--demo", "--mail-dir", mails, "--smtp-from", "demo@procura.localhost", "--mail-interval", "200ms")
			token := s.token(t, s.newAPIClient(t, "demo", "manage_project:demo"))
			portal := s.base + "/portal/demo/"
			ctx := browse(t, bin)

			signIn(t, ctx, portal, "alice@acme.example")
			run(t, ctx, chromedp.Click(chromedp.CSS(`a[href$="/company"]`)), chromedp.WaitVisible(chromedp.ID("to-colleagues")))
			accessible(t, ctx, "the company's page")
			screenshot(t, ctx, "portal/company")
			run(t, ctx, chromedp.Click(chromedp.ID("to-colleagues")), chromedp.WaitVisible(chromedp.ID("unit")),
				chromedp.SetValue(chromedp.ID("unit"), "acme-engineering"), chromedp.Submit(chromedp.ID("unit")), chromedp.WaitVisible(chromedp.ID("invite")))
			accessible(t, ctx, "the colleagues of a unit")
			screenshot(t, ctx, "portal/colleagues")
			run(t, ctx, chromedp.SendKeys(chromedp.ID("invite-email"), "dan@acme.example"), chromedp.Click(chromedp.ID("invite-role-buyer")),
				chromedp.Click(chromedp.ID("invite-submit")), chromedp.WaitVisible(chromedp.CSS(".notice")))
			dan := s.customerID(t, token, "dan@acme.example")
			if row := text(t, ctx, `tr[data-customer="`+dan+`"] td.roles`); row != "buyer" {
				t.Errorf("dan's roles on alice's page: %q", row)
			}
			if got := s.unitRoles(t, token, "acme-engineering", dan); got != "buyer" {
				t.Fatalf("dan's roles in engineering: %q", got)
			}
			for _, page := range []string{"units", "history"} {
				run(t, ctx, chromedp.Navigate(portal+page), chromedp.WaitVisible(chromedp.CSS("h1")))
				accessible(t, ctx, "the company's "+page)
			}
			screenshot(t, ctx, "portal/history")
			run(t, ctx, chromedp.Navigate(portal+"orders"), chromedp.Click(chromedp.ID("sign-out")), chromedp.WaitVisible(chromedp.ID("sign-in")))

			signIn(t, ctx, portal, "bob@acme.example")
			jar, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{portal}})
			if err != nil {
				t.Fatal(err)
			}
			version := fmt.Sprint(s.getJSON(t, "/demo/business-units/key=acme-engineering", token)["version"])
			if st, _ := post(t, portal+"colleagues/acme-engineering/"+dan+"/remove", url.Values{"version": {version}}, jar.Cookies, nil); st != http.StatusForbidden {
				t.Errorf("bob's crafted removal of dan: %d", st)
			}
			invite := url.Values{"version": {version}, "email": {"eve@acme.example"}, "role": {"buyer"}}
			if st, _ := post(t, portal+"colleagues/acme-engineering/invite", invite, jar.Cookies, nil); st != http.StatusForbidden {
				t.Errorf("bob's crafted invitation: %d", st)
			}
			api := s.do(t, http.MethodPost, "/demo/as-associate/"+s.customerID(t, token, "bob@acme.example")+"/business-units/key=acme-engineering", token,
				fmt.Appendf(nil, `{"version":%s,"actions":[{"action":"removeAssociate","customer":{"typeId":"customer","id":%q}}]}`, version, dan))
			if api.status != http.StatusForbidden || s.unitRoles(t, token, "acme-engineering", dan) != "buyer" || s.customerID(t, token, "eve@acme.example") != "" {
				t.Fatalf("after bob's refused posts (the API: %d): dan %q", api.status, s.unitRoles(t, token, "acme-engineering", dan))
			}
			run(t, ctx, chromedp.Click(chromedp.ID("sign-out")), chromedp.WaitVisible(chromedp.ID("sign-in")))

			link := mailedLink(t, mails, "passwordReset", "dan@acme.example")
			if !strings.HasPrefix(link, portal+"reset-password?token=") {
				t.Fatalf("the link in dan's mail: %s", link)
			}
			run(t, ctx, chromedp.Navigate(link), chromedp.WaitVisible(chromedp.ID("password")))
			accessible(t, ctx, "the page to set a new password")
			run(t, ctx, chromedp.SendKeys(chromedp.ID("password"), "procura-demo"), chromedp.Click(chromedp.ID("reset")), chromedp.WaitVisible(chromedp.ID("reset-done")))
			signIn(t, ctx, portal, "dan@acme.example")
			if company := value(t, ctx, chromedp.Evaluate[string](`document.querySelector("#company option:checked").textContent`)); !strings.Contains(company, "ACME") {
				t.Errorf("dan's company: %q", company)
			}
		})
	}
}

// mailedLink waits up to 10s for a mail of kind to email in the mail directory and returns the
// portal link in it.
func mailedLink(t *testing.T, dir, kind, email string) string {
	t.Helper()
	link := regexp.MustCompile(`https?://[^\s"<>]+/portal/[^\s"<>]+token=[^\s"<>]+`)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		files, _ := filepath.Glob(filepath.Join(dir, "*-"+kind+"-*.eml"))
		for _, f := range files {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			body := strings.NewReplacer("=\r\n", "", "=\n", "", "=3D", "=").Replace(string(raw))
			if strings.Contains(body, email) {
				if m := link.FindString(body); m != "" {
					return strings.ReplaceAll(m, "&amp;", "&")
				}
			}
		}
	}
	t.Fatalf("no %s mail to %s within 10s", kind, email)
	return ""
}

func associate(customerID, role string) string {
	return fmt.Sprintf(`{"customer":{"typeId":"customer","id":%q},"associateRoleAssignments":[{"associateRole":{"key":%q}}]}`, customerID, role)
}

// customerID finds a customer by email through the API ("" for none).
func (s *server) customerID(t *testing.T, token, email string) string {
	t.Helper()
	found := s.getJSON(t, "/demo/customers?where="+url.QueryEscape(`email = "`+email+`"`), token)["results"].([]any)
	if len(found) == 0 {
		return ""
	}
	return found[0].(map[string]any)["id"].(string)
}

func (s *server) createCustomer(t *testing.T, token, email string) string {
	t.Helper()
	r := s.do(t, http.MethodPost, "/demo/customers", token, fmt.Appendf(nil, `{"email":%q,"password":"procura-demo"}`, email))
	if r.status != http.StatusCreated {
		t.Fatalf("customer %s: %d %s", email, r.status, r.body)
	}
	return s.customerID(t, token, email)
}

// placeOrder places, as the trusted backend, an order of n widgets by a customer in a unit and
// returns its id.
func (s *server) placeOrder(t *testing.T, token, customer, unit string, n int) string {
	t.Helper()
	path := "/demo/as-associate/" + customer + "/in-business-unit/key=" + unit + "/"
	r := s.do(t, http.MethodPost, path+"carts", token, fmt.Appendf(nil, `{"currency":"USD","store":{"key":"main"},"lineItems":[{"sku":"BULK-WIDGET-001","quantity":%d}]}`, n))
	cart := decoded(t, r)
	r = s.do(t, http.MethodPost, path+"orders", token, fmt.Appendf(nil, `{"cart":{"id":%q},"version":%v}`, cart["id"], cart["version"]))
	return decoded(t, r)["id"].(string)
}

// unitRoles are a customer's explicit roles in a unit, read through the API.
func (s *server) unitRoles(t *testing.T, token, unit, customer string) string {
	t.Helper()
	for _, a := range s.getJSON(t, "/demo/business-units/key="+unit, token)["associates"].([]any) {
		as := a.(map[string]any)
		if as["customer"].(map[string]any)["id"] != customer {
			continue
		}
		var keys []string
		for _, ra := range as["associateRoleAssignments"].([]any) {
			keys = append(keys, ra.(map[string]any)["associateRole"].(map[string]any)["key"].(string))
		}
		return strings.Join(keys, ",")
	}
	return ""
}

// decoded is a 201's JSON body.
func decoded(t *testing.T, r response) map[string]any {
	t.Helper()
	var v map[string]any
	if r.status != http.StatusCreated || json.Unmarshal(r.body, &v) != nil {
		t.Fatalf("%d %s", r.status, r.body)
	}
	return v
}
