package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// The approvers of the seeds' four-role rule, in ACME Engineering: (team lead or their substitute,
// and the engineering manager), then the head of procurement, then the CEO. Each holds ViewOthersCarts but neither
// CreateMyCarts nor UpdateOthersCarts.
var shopApprovers = [][2]string{{"lena", "project-team-lead"}, {"emma", "engineering-manager"}, {"hugo", "head-of-procurement"}, {"cleo", "ceo"}}

// TestPortalShopInABrowser: bob fills a named cart by pasting a quick order, freezes it, chooses
// his unit's addresses and orders it with a purchase order number; the seeds' four-role rule takes
// the order through three tiers, each approver seeing it in their inbox only when their tier is
// current, and the CEO rejects it. An approver's crafted posts to create a cart or add to bob's
// are refused with 403 and change nothing.
func TestPortalShopInABrowser(t *testing.T) {
	bin := chromium(t)
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			s := startServer(t, b.url(t), "--demo", "--mail-dir", t.TempDir(), "--smtp-from", "demo@procura.localhost")
			token := s.token(t, s.newAPIClient(t, "demo", "manage_project:demo"))
			s.fourRoleRule(t, token)
			portal := s.base + "/portal/demo/"
			ctx := browse(t, bin)

			// bob: the catalog, a named cart, a pasted quick order, freezing.
			signIn(t, ctx, portal, "bob@acme.example")
			run(t, ctx, chromedp.Click(chromedp.CSS(`a[href$="/products"]`)), chromedp.WaitVisible(chromedp.ID("q")),
				chromedp.SendKeys(chromedp.ID("q"), "widget"), chromedp.Submit(chromedp.ID("q")))
			arrive(t, ctx, "q=widget") // the catalog before the search has #products too
			run(t, ctx, chromedp.WaitVisible(chromedp.ID("products")))
			if body := text(t, ctx, "#products"); !strings.Contains(body, "Bulk widget") || !strings.Contains(body, "2.50 USD") || strings.Contains(body, "crate") {
				t.Errorf("the catalog's widgets: %s", body)
			}
			accessible(t, ctx, "the catalog")
			run(t, ctx, chromedp.Click(chromedp.CSS("#products a")), chromedp.WaitVisible(chromedp.ID("variants")))
			accessible(t, ctx, "a product")
			run(t, ctx, chromedp.Click(chromedp.CSS(`a[href$="/carts"]`)), chromedp.WaitVisible(chromedp.ID("cart-name")),
				chromedp.SendKeys(chromedp.ID("cart-name"), "plant-restock"), chromedp.Click(chromedp.ID("create-cart")),
				chromedp.WaitVisible(chromedp.ID("empty-cart")),
				chromedp.SendKeys(chromedp.ID("lines"), "BULK-WIDGET-001,400\nNO-SUCH-SKU,1"), chromedp.Click(chromedp.ID("add-items")),
				chromedp.WaitVisible(chromedp.ID("cart-error")))
			if msg := text(t, ctx, "#cart-error"); !strings.Contains(msg, "No product has the SKU NO-SUCH-SKU. Nothing was added.") {
				t.Errorf("the unknown SKU: %s", msg)
			}
			accessible(t, ctx, "a refused quick order")
			run(t, ctx, chromedp.SetValue(chromedp.ID("lines"), "BULK-WIDGET-001,400\nBULK-WIDGET-001;100"),
				chromedp.SendKeys(chromedp.ID("sku-1"), "CRATE-001"), chromedp.SendKeys(chromedp.ID("quantity-1"), "2"),
				chromedp.Click(chromedp.ID("add-items")), chromedp.WaitVisible(chromedp.ID("cart-total")))
			if total := text(t, ctx, "#cart-total"); total != "1,340.00 USD" {
				t.Errorf("the cart's total: %s", total)
			}
			accessible(t, ctx, "a cart")
			screenshot(t, ctx, "portal/cart")
			run(t, ctx, chromedp.EmulateViewport(390, 844), chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("cart-total")))
			accessible(t, ctx, "a cart on a phone")
			screenshot(t, ctx, "portal/cart-phone")
			run(t, ctx, chromedp.EmulateViewport(1280, 900), chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("cart-total")))
			loc := value(t, ctx, chromedp.Location())
			cartID := loc[strings.LastIndex(loc, "/")+1:]
			cartID, _, _ = strings.Cut(cartID, "?")
			run(t, ctx, chromedp.Click(chromedp.ID("freeze")), chromedp.WaitVisible(chromedp.ID("unfreeze")))

			// lena may see bob's cart but not change it, nor make one of her own.
			lena := portalCookies(t, portal, "lena@acme.example")
			before := s.getJSON(t, "/demo/carts/"+cartID, token)
			version := fmt.Sprint(before["version"])
			if st, _ := post(t, portal+"carts/"+cartID+"/items", url.Values{"version": {version}, "lines": {"CRATE-001,50"}}, lena, nil); st != http.StatusForbidden {
				t.Errorf("lena's crafted quick order in bob's cart: %d", st)
			}
			if st, _ := post(t, portal+"carts", url.Values{"name": {"lenas"}}, lena, nil); st != http.StatusForbidden {
				t.Errorf("lena's crafted cart: %d", st)
			}
			if st, _ := post(t, portal+"products/add", url.Values{"sku": {"CRATE-001"}, "quantity": {"1"}, "cart": {"new"}}, lena, nil); st != http.StatusForbidden {
				t.Errorf("lena's crafted add to a new cart: %d", st)
			}
			if after := s.getJSON(t, "/demo/carts/"+cartID, token); fmt.Sprint(after["version"]) != version {
				t.Errorf("bob's cart changed after the refused posts: %v", after)
			}
			if carts := s.getJSON(t, "/demo/carts", token); carts["count"] != float64(1) {
				t.Errorf("lena's refused posts made carts: %v", carts)
			}

			// bob orders with his unit's addresses and a purchase order number.
			run(t, ctx, chromedp.Click(chromedp.ID("to-checkout")), chromedp.WaitVisible(chromedp.ID("use-addresses")),
				chromedp.Click(chromedp.ID("use-addresses")), chromedp.WaitVisible(chromedp.CSS(".notice")))
			if ship := text(t, ctx, "#cart-shipping"); !strings.Contains(ship, "Austin") {
				t.Errorf("the cart's shipping address: %s", ship)
			}
			accessible(t, ctx, "the checkout")
			screenshot(t, ctx, "portal/checkout")
			run(t, ctx, chromedp.SendKeys(chromedp.ID("po"), "PO-9001"), chromedp.Click(chromedp.ID("place-order")), chromedp.WaitVisible(chromedp.ID("reorder")))
			loc = value(t, ctx, chromedp.Location())
			orderID := loc[strings.LastIndex(loc, "/")+1:]
			if body := text(t, ctx, "main"); !strings.Contains(body, "Purchase order number: PO-9001") || !strings.Contains(body, "awaiting approval") {
				t.Errorf("bob's order: %s", body)
			}
			accessible(t, ctx, "an order placed in the shop")
			signOut(t, ctx)

			// Three tiers: each approver finds the order only when their tier is current.
			card := `section[data-order="` + orderID + `"]`
			inbox := func(email string, want bool) {
				t.Helper()
				signIn(t, ctx, portal, email)
				run(t, ctx, chromedp.Navigate(portal+"approvals"), chromedp.WaitVisible(chromedp.CSS("h1")))
				if n := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('`+card+`').length`)); (n == 1) != want {
					t.Errorf("%s's inbox holds the order: %v, want %v", email, n == 1, want)
				}
			}
			decide := func(email, button, reason string) {
				t.Helper()
				inbox(email, true)
				if reason != "" {
					run(t, ctx, chromedp.SendKeys(chromedp.CSS(card+" textarea"), reason))
				}
				run(t, ctx, chromedp.Click(chromedp.CSS(card+" button."+button)), chromedp.WaitVisible(chromedp.CSS(".notice")))
				signOut(t, ctx)
			}
			inbox("hugo@acme.example", false)
			signOut(t, ctx)
			decide("lena@acme.example", "approve", "")
			inbox("cleo@acme.example", false)
			signOut(t, ctx)
			decide("emma@acme.example", "approve", "")
			inbox("cleo@acme.example", false)
			signOut(t, ctx)
			decide("hugo@acme.example", "approve", "")
			decide("cleo@acme.example", "reject", "Not this quarter")
			if got := s.approvalStatus(t, token, orderID); got != "Rejected" {
				t.Fatalf("the order after the CEO's rejection: %s", got)
			}
			signIn(t, ctx, portal, "bob@acme.example")
			run(t, ctx, chromedp.Navigate(portal+"orders/acme-engineering/"+orderID), chromedp.WaitVisible(chromedp.ID("reorder")))
			if body := text(t, ctx, "main"); !strings.Contains(body, "Status: Rejected") || !strings.Contains(body, "Not this quarter") {
				t.Errorf("bob's rejected order: %s", body)
			}
			// Order again: a new open cart with the same items.
			run(t, ctx, chromedp.Click(chromedp.ID("reorder")), chromedp.WaitVisible(chromedp.ID("quick-order")))
			if total := text(t, ctx, "#cart-total"); total != "1,340.00 USD" {
				t.Errorf("the cart ordered again: %s", total)
			}
			run(t, ctx, chromedp.Click(chromedp.CSS(`a[href$="/carts"]`)), chromedp.WaitVisible(chromedp.ID("carts")))
			accessible(t, ctx, "the carts")
		})
	}
}

func signOut(t *testing.T, ctx context.Context) {
	t.Helper()
	run(t, ctx, chromedp.Click(chromedp.ID("sign-out")), chromedp.WaitVisible(chromedp.ID("sign-in")))
}

// portalCookies signs email in to the portal without the browser and returns its session cookie.
func portalCookies(t *testing.T, portal, email string) []*network.Cookie {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.PostForm(portal+"sign-in", url.Values{"email": {email}, "password": {"procura-demo"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var out []*network.Cookie
	for _, c := range resp.Cookies() {
		out = append(out, &network.Cookie{Name: c.Name, Value: c.Value})
	}
	if resp.StatusCode != http.StatusSeeOther || len(out) != 1 {
		t.Fatalf("signing %s in: %d %v", email, resp.StatusCode, out)
	}
	return out
}

// fourRoleRule sets up, through the API, the seeds' four-role rule in ACME Engineering in place of
// the demo's rule: its roles, an associate of the division holding each, and the rule for orders of
// 1,000.00 USD or more by buyers.
func (s *server) fourRoleRule(t *testing.T, token string) {
	t.Helper()
	must := func(r response, want int, what string) map[string]any {
		t.Helper()
		if r.status != want {
			t.Fatalf("%s: %d %s", what, r.status, r.body)
		}
		return decodeJSON(t, r.body)
	}
	var assocs []string
	for _, role := range []string{"project-team-lead", "project-team-lead-substitute", "engineering-manager", "head-of-procurement", "ceo"} {
		must(s.do(t, http.MethodPost, "/demo/associate-roles", token, fmt.Appendf(nil,
			`{"key":%q,"name":%q,"buyerAssignable":true,"permissions":["ViewOthersCarts","ViewOthersOrders","UpdateApprovalFlows"]}`, role, role)), http.StatusCreated, "role "+role)
	}
	for _, p := range shopApprovers {
		c := must(s.do(t, http.MethodPost, "/demo/customers", token, fmt.Appendf(nil, `{"email":"%s@acme.example","password":"procura-demo"}`, p[0])), http.StatusCreated, "customer "+p[0])
		id := c["customer"].(map[string]any)["id"].(string)
		assocs = append(assocs, fmt.Sprintf(`{"action":"addAssociate","associate":{"customer":{"typeId":"customer","id":%q},"associateRoleAssignments":[{"associateRole":{"typeId":"associate-role","key":%q},"inheritance":"Enabled"}]}}`, id, p[1]))
	}
	unit := s.getJSON(t, "/demo/business-units/key=acme-engineering", token)
	must(s.do(t, http.MethodPost, "/demo/business-units/key=acme-engineering", token, fmt.Appendf(nil, `{"version":%v,"actions":[%s]}`, unit["version"], strings.Join(assocs, ","))), http.StatusOK, "the approvers")
	alice := s.getJSON(t, "/demo/customers?where="+url.QueryEscape(`email = "alice@acme.example"`), token)["results"].([]any)[0].(map[string]any)["id"].(string)
	rules := "/demo/as-associate/" + alice + "/in-business-unit/key=acme-corp/approval-rules/key=high-value"
	demoRule := s.getJSON(t, rules, token)
	must(s.do(t, http.MethodPost, rules, token, fmt.Appendf(nil, `{"version":%v,"actions":[{"action":"setStatus","status":"Inactive"}]}`, demoRule["version"])), http.StatusOK, "the demo's rule set inactive")
	must(s.do(t, http.MethodPost, "/demo/as-associate/"+alice+"/in-business-unit/key=acme-engineering/approval-rules", token, []byte(`{"key":"four-roles","name":"Seed rule",
		"status":"Active","predicate":"totalPrice >= \"1000.00 USD\"","requesters":[{"associateRole":{"key":"buyer"}}],"approvers":{"tiers":[
		{"and":[{"or":[{"associateRole":{"key":"project-team-lead"}},{"associateRole":{"key":"project-team-lead-substitute"}}]},{"or":[{"associateRole":{"key":"engineering-manager"}}]}]},
		{"and":[{"or":[{"associateRole":{"key":"head-of-procurement"}}]}]},{"and":[{"or":[{"associateRole":{"key":"ceo"}}]}]}]}}`)), http.StatusCreated, "the four-role rule")
}
