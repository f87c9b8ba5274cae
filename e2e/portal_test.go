package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestPortalInABrowser drives the buyer portal of `procura serve --demo` with a real Chromium:
// bob, a buyer without ViewOthersOrders, sees his order and not alice's, and is refused hers as
// the API refuses it; carol, the approver, sees both, finds bob's order in her inbox and approves
// it; a form posted from another site, and one without a session, are refused and change nothing.
func TestPortalInABrowser(t *testing.T) {
	bin := chromium(t)
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			s := startServer(t, b.url(t), "--demo", "--mail-dir", t.TempDir(), "--smtp-from", "demo@procura.localhost")
			token := s.token(t, s.newAPIClient(t, "demo", "manage_project:demo"))
			bobs := s.demoOrder(t, token, "bob@acme.example", 500) // 1,250.00 USD: awaits the approver
			alices := s.demoOrder(t, token, "alice@acme.example", 2)
			portal := s.base + "/portal/demo/"
			ctx := browse(t, bin)

			for _, page := range []string{"sign-in", "sign-up", "forgot-password"} {
				run(t, ctx, chromedp.Navigate(portal+page), chromedp.WaitVisible(chromedp.ID("email")))
				accessible(t, ctx, "the "+page+" page")
			}

			// bob
			signIn(t, ctx, portal, "bob@acme.example")
			accessible(t, ctx, "bob's orders")
			body := text(t, ctx, "main")
			if !strings.Contains(body, "1,250.00 USD") || strings.Contains(body, "5.00 USD") {
				t.Errorf("bob's orders: %s", body)
			}
			if n := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("#tab-company").length`)); n != 0 {
				t.Errorf("bob is offered the company's orders")
			}
			run(t, ctx, chromedp.Navigate(portal+"orders?view=company"))
			if body := text(t, ctx, "main"); strings.Contains(body, "5.00 USD") {
				t.Errorf("bob's company orders show alice's order: %s", body)
			}
			run(t, ctx, chromedp.Navigate(portal+"orders/acme-engineering/"+alices))
			if msg := text(t, ctx, "#error-message"); !strings.Contains(msg, "You may not do this") || !strings.Contains(msg, "ViewOthersOrders") {
				t.Errorf("bob reading alice's order: %s", msg)
			}
			accessible(t, ctx, "the error page")
			run(t, ctx, chromedp.Navigate(portal+"orders"), chromedp.Click(chromedp.ID("sign-out")), chromedp.WaitVisible(chromedp.ID("sign-in")))

			// carol
			signIn(t, ctx, portal, "carol@acme.example")
			run(t, ctx, chromedp.Click(chromedp.ID("tab-company")))
			arrive(t, ctx, "view=company") // the customer's own orders have #orders too
			run(t, ctx, chromedp.WaitVisible(chromedp.ID("orders")))
			if body := text(t, ctx, "#orders"); !strings.Contains(body, "1,250.00 USD") || !strings.Contains(body, "5.00 USD") {
				t.Errorf("carol's company orders: %s", body)
			}
			accessible(t, ctx, "carol's company orders")
			screenshot(t, ctx, "portal/orders")
			run(t, ctx, chromedp.Click(chromedp.CSS(`a[href$="/approvals"]`)), chromedp.WaitVisible(chromedp.CSS("h1")))
			card := `section[data-order="` + bobs + `"]`
			action := value(t, ctx, chromedp.AttributeValue(chromedp.CSS(card+" form"), "action")).Value
			version := value(t, ctx, chromedp.AttributeValue(chromedp.CSS(card+` input[name="version"]`), "value")).Value
			if body := text(t, ctx, card); !strings.Contains(body, "Tier 1: needs one of: approver — awaiting approval") {
				t.Errorf("bob's order in carol's inbox: %s", body)
			}
			accessible(t, ctx, "carol's approvals")
			screenshot(t, ctx, "portal/approvals")

			// Another site (another port: same-site, so the Lax cookie goes along) posts an approval.
			evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprintf(w, `<!doctype html><form method="post" action="%s%s"><input type="hidden" name="decision" value="approve">`+
					`<input type="hidden" name="version" value="%s"><button id="go">Win a prize</button></form>`, s.base, action, version)
			}))
			defer evil.Close()
			run(t, ctx, chromedp.Navigate(evil.URL), chromedp.Click(chromedp.ID("go")), chromedp.WaitVisible(chromedp.ID("error-message")))
			if msg := text(t, ctx, "#error-message"); !strings.Contains(msg, "another site") {
				t.Errorf("the other site's form: %s", msg)
			}
			// A crafted request without the session, and one with it from another origin.
			run(t, ctx, chromedp.Navigate(portal+"approvals"))
			jar, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{portal}})
			if err != nil {
				t.Fatal(err)
			}
			cookies := jar.Cookies
			form := url.Values{"decision": {"approve"}, "version": {version}}
			if st, loc := post(t, s.base+action, form, nil, nil); st != http.StatusSeeOther || !strings.HasSuffix(loc, "/portal/demo/sign-in") {
				t.Errorf("a crafted approval without the session: %d %s", st, loc)
			}
			if st, _ := post(t, s.base+action, form, cookies, map[string]string{"Origin": "https://evil.example"}); st != http.StatusForbidden {
				t.Errorf("a crafted approval from another origin: %d", st)
			}
			if got := s.approvalStatus(t, token, bobs); got != "Pending" {
				t.Fatalf("bob's order after the refused approvals: %s", got)
			}

			run(t, ctx, chromedp.Click(chromedp.CSS(card+" button.approve")), chromedp.WaitVisible(chromedp.CSS(".notice")))
			if body := text(t, ctx, "main"); strings.Contains(body, bobs) || !strings.Contains(body, "You approved the order.") {
				t.Errorf("carol's inbox after approving: %s", body)
			}
			if got := s.approvalStatus(t, token, bobs); got != "Approved" {
				t.Errorf("bob's order after carol's approval: %s", got)
			}
			run(t, ctx, chromedp.Navigate(portal+"orders/acme-engineering/"+bobs))
			if body := text(t, ctx, "main"); !strings.Contains(body, "Approved by you (approver)") {
				t.Errorf("bob's order as carol sees it: %s", body)
			}
			accessible(t, ctx, "an order with its approval flow")
			screenshot(t, ctx, "portal/order")
			run(t, ctx, chromedp.Navigate(portal+"security"), chromedp.WaitVisible(chromedp.CSS("h1")))
			accessible(t, ctx, "the security page")
			// On a phone: the same pages, narrow.
			run(t, ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(portal+"orders?view=company"), chromedp.WaitVisible(chromedp.ID("orders")))
			accessible(t, ctx, "the company orders on a phone")
			screenshot(t, ctx, "portal/orders-phone")
		})
	}
}

// chromium finds the Chromium binary; without one the test is skipped, or fails in CI.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("Chromium is not installed, but CI is set: the portal's browser tests must run in CI")
	}
	t.Skip("Chromium is not installed: apt-get install chromium")
	return ""
}

// browse starts a headless Chromium with a profile of its own; it is stopped when t ends.
func browse(t *testing.T, bin string) context.Context {
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true), chromedp.Flag("disable-dev-shm-usage", true)}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browser, cancel := chromedp.NewContext(alloc)
	run(t, browser) // starts the browser, which lives as long as this context
	// A ceiling, not a wait: a loaded machine runs each page's accessibility check slowly.
	ctx, cancelTimeout := context.WithTimeout(browser, 8*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	return ctx
}

func run(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

func value[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// arrive waits until the browser has loaded a page whose address's query holds each of pairs
// ("done=details", "q=widget"). After a form is sent, waiting for an element the page before also
// had finds it at once, while the browser is still leaving that page.
func arrive(t *testing.T, ctx context.Context, pairs ...string) {
	t.Helper()
	cond := `document.readyState === "complete"`
	for _, p := range pairs {
		k, v, _ := strings.Cut(p, "=")
		cond += ` && new URLSearchParams(location.search).get(` + strconv.Quote(k) + `) === ` + strconv.Quote(v)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		// An evaluation the navigation interrupts fails; the next one reads the new page.
		there, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond))
		if err == nil && there {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the browser did not arrive at a page with %v (last error: %v)", pairs, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// text returns the visible text of the first element the CSS selector sel finds.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return value(t, ctx, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
}

// signIn opens the portal's orders, which ask for a sign-in, and signs email in: the browser is
// then on the orders page.
func signIn(t *testing.T, ctx context.Context, portal, email string) {
	t.Helper()
	run(t, ctx, chromedp.Navigate(portal+"orders"), chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), email), chromedp.SendKeys(chromedp.ID("password"), "procura-demo"),
		chromedp.Click(chromedp.ID("sign-in")), chromedp.WaitVisible(chromedp.ID("sign-out")))
}

// post sends a form as a crafted request would, without following a redirect.
func post(t *testing.T, to string, form url.Values, cookies []*network.Cookie, header map[string]string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, to, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	for _, c := range cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Location")
}

// demoOrder places, through the API as the trusted backend, an order of n widgets by email in
// acme-engineering and returns its id.
func (s *server) demoOrder(t *testing.T, token, email string, n int) string {
	t.Helper()
	customers := s.getJSON(t, "/demo/customers?where="+url.QueryEscape(`email = "`+email+`"`), token)
	id := customers["results"].([]any)[0].(map[string]any)["id"].(string)
	path := "/demo/as-associate/" + id + "/in-business-unit/key=acme-engineering/"
	r := s.do(t, http.MethodPost, path+"carts", token, fmt.Appendf(nil,
		`{"currency":"USD","store":{"key":"main"},"lineItems":[{"sku":"BULK-WIDGET-001","quantity":%d}]}`, n))
	var cart struct {
		ID      string `json:"id"`
		Version int64  `json:"version"`
	}
	if r.status != http.StatusCreated || json.Unmarshal(r.body, &cart) != nil {
		t.Fatalf("%s's cart: %d %s", email, r.status, r.body)
	}
	r = s.do(t, http.MethodPost, path+"orders", token, fmt.Appendf(nil, `{"cart":{"id":%q},"version":%d}`, cart.ID, cart.Version))
	var order struct{ ID string }
	if r.status != http.StatusCreated || json.Unmarshal(r.body, &order) != nil {
		t.Fatalf("%s's order: %d %s", email, r.status, r.body)
	}
	return order.ID
}

func (s *server) approvalStatus(t *testing.T, token, orderID string) string {
	t.Helper()
	o := s.getJSON(t, "/demo/orders/"+orderID, token)
	st, _ := o["approvalStatus"].(string)
	return st
}
