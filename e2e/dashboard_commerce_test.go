package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestDashboardQuotesAndOrdersInABrowser drives the seller's quotes workbench and orders in
// `procura serve --demo` with a real Chromium: bob asks for a quote; sam, of the seller's sales
// staff, finds the request on the dashboard's home, stages a quote, prices the widgets at 2.00
// USD with 10 % off, sets its validity and comment; vic, a viewer, is refused sending it through
// the page and by a crafted form, and no quote is made; sam sends it, and bob accepts it in the
// portal. Then sam finds an order pending approval among the company's orders and ships it.
func TestDashboardQuotesAndOrdersInABrowser(t *testing.T) {
	bin := chromium(t)
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			s := startServer(t, b.url(t), "--demo", "--mail-dir", t.TempDir(), "--smtp-from", "demo@procura.localhost")
			token := s.token(t, s.newAPIClient(t, "demo", "manage_project:demo"))
			bob := s.demoCustomer(t, token, "bob@acme.example")
			unit := "/demo/as-associate/" + bob + "/in-business-unit/key=acme-engineering/"
			cart := s.sellerJSON(t, token, unit+"carts", `{"currency":"USD","store":{"key":"main"},`+
				`"shippingAddress":{"country":"US","city":"Boston"},"lineItems":[{"sku":"BULK-WIDGET-001","quantity":100}]}`)
			request := s.sellerJSON(t, token, unit+"quote-requests", `{"cart":{"typeId":"cart","id":"`+cart["id"].(string)+`"},"cartVersion":`+
				fmt.Sprint(cart["version"])+`,"comment":"A better price for a hundred?"}`)
			pending := s.demoOrder(t, token, "bob@acme.example", 500) // 1,250.00 USD: awaits approval
			sam, vic := s.staff(t, "sam@seller.example", "sales"), s.staff(t, "vic@seller.example", "viewer")
			dashboard := s.base + "/admin/"
			ctx := browse(t, bin)

			// sam finds the request on the home page and stages a quote for it.
			staffSignIn(t, ctx, dashboard, "sam@seller.example", sam)
			run(t, ctx, chromedp.Navigate(dashboard+"demo/"), chromedp.WaitVisible(chromedp.ID("waiting-requests")))
			if h := text(t, ctx, "#waiting-requests"); !strings.Contains(h, "Quote requests waiting: 1") {
				t.Errorf("the home's waiting requests: %s", h)
			}
			accessible(t, ctx, "the dashboard's home")
			screenshot(t, ctx, "dashboard/home")
			run(t, ctx, chromedp.Click(chromedp.CSS(`#waiting-requests a[href$="/quote-requests"]`)), chromedp.WaitVisible(chromedp.ID("quote-requests")))
			accessible(t, ctx, "the quote requests")
			screenshot(t, ctx, "dashboard/quote-requests")
			run(t, ctx, chromedp.Click(chromedp.CSS(`#quote-requests a[href$="/`+request["id"].(string)+`"]`)), chromedp.WaitVisible(chromedp.ID("stage-quote")))
			if c := text(t, ctx, "#request-comment"); !strings.Contains(c, "A better price for a hundred?") {
				t.Errorf("the request's comment: %s", c)
			}
			accessible(t, ctx, "a quote request")
			run(t, ctx, chromedp.Click(chromedp.ID("stage-quote")), chromedp.WaitVisible(chromedp.ID("prices")))
			staged := value(t, ctx, chromedp.Evaluate[string](`location.pathname.split("/").pop()`))

			// … prices it at 2.00 USD a widget with 10 % off, valid until the end of 2099.
			run(t, ctx, chromedp.SetValue(chromedp.CSS(`#prices input[id^="price-"]`), "2.00"), chromedp.SetValue(chromedp.ID("discount"), "10"),
				chromedp.Click(chromedp.ID("save-prices")))
			arrive(t, ctx, "done=priced")
			if total := text(t, ctx, "#quote-total"); total != "180.00 USD" {
				t.Errorf("the quote's total after 10 %% off 100 × 2.00 USD: %s", total)
			}
			run(t, ctx, chromedp.SetValue(chromedp.ID("valid-to"), "2099-12-31"), chromedp.SendKeys(chromedp.ID("seller-comment"), "Our price for a hundred"),
				chromedp.Click(chromedp.ID("save-details")))
			arrive(t, ctx, "done=details") // the page before shows a notice too
			accessible(t, ctx, "the staged-quote editor")
			screenshot(t, ctx, "dashboard/staged-quote")
			run(t, ctx, chromedp.Click(chromedp.ID("sign-out")), chromedp.WaitVisible(chromedp.ID("sign-in")))

			// vic, a viewer, may read it but not send it: through the page or a crafted form.
			staffSignIn(t, ctx, dashboard, "vic@seller.example", vic)
			run(t, ctx, chromedp.Navigate(dashboard+"demo/staged-quotes/"+staged), chromedp.WaitVisible(chromedp.ID("send-quote")),
				chromedp.Click(chromedp.ID("send-quote")), chromedp.WaitVisible(chromedp.ID("error-message")))
			if msg := text(t, ctx, "#error-message"); !strings.Contains(msg, "manage_quotes:demo") {
				t.Errorf("the viewer sending the quote: %s", msg)
			}
			accessible(t, ctx, "the dashboard's refusal")
			jar, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{dashboard}})
			if err != nil {
				t.Fatal(err)
			}
			sq := s.getJSON(t, "/demo/staged-quotes/"+staged, token)
			if st, _ := post(t, dashboard+"demo/staged-quotes/"+staged+"/send", url.Values{"version": {fmt.Sprint(sq["version"])}}, jar.Cookies, nil); st != http.StatusForbidden {
				t.Errorf("the viewer's crafted send: %d", st)
			}
			if n := s.getJSON(t, "/demo/quotes", token)["count"]; n != 0.0 {
				t.Fatalf("the viewer's refused sends made %v quotes", n)
			}
			run(t, ctx, chromedp.Navigate(dashboard+"demo/"), chromedp.Click(chromedp.ID("sign-out")), chromedp.WaitVisible(chromedp.ID("sign-in")))

			// sam sends it; the request's history shows the offer.
			staffSignIn(t, ctx, dashboard, "sam@seller.example", sam)
			run(t, ctx, chromedp.Navigate(dashboard+"demo/staged-quotes/"+staged), chromedp.Click(chromedp.ID("send-quote")),
				chromedp.WaitVisible(chromedp.ID("history")))
			if h := text(t, ctx, "#history"); !strings.Contains(h, "180.00 USD, awaiting the buyer's answer") || !strings.Contains(h, "The seller: Our price for a hundred") {
				t.Errorf("the request's history after sending: %s", h)
			}
			accessible(t, ctx, "a quote request with its offer")
			screenshot(t, ctx, "dashboard/quote-request")
			quotes := s.getJSON(t, "/demo/quotes", token)["results"].([]any)
			if len(quotes) != 1 {
				t.Fatalf("the quotes after sending: %v", quotes)
			}
			quote := quotes[0].(map[string]any)["id"].(string)

			// sam finds bob's order among ACME's orders pending approval and ships it.
			run(t, ctx, chromedp.Navigate(dashboard+"demo/orders"), chromedp.WaitVisible(chromedp.ID("filter")),
				chromedp.SetValue(chromedp.ID("f-company"), "acme-corp"), chromedp.SetValue(chromedp.ID("f-approval"), "Pending"),
				chromedp.Click(chromedp.ID("apply-filter")))
			arrive(t, ctx, "company=acme-corp", "approval=Pending") // the unfiltered list has #orders too
			run(t, ctx, chromedp.WaitVisible(chromedp.ID("orders")))
			if rows := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#orders tbody tr').length`)); rows != 1 {
				t.Errorf("ACME's orders pending approval: %d rows", rows)
			}
			accessible(t, ctx, "the seller's orders")
			screenshot(t, ctx, "dashboard/orders")
			run(t, ctx, chromedp.Click(chromedp.CSS(`#orders a[href$="/`+pending+`"]`)), chromedp.WaitVisible(chromedp.CSS(".flow")))
			accessible(t, ctx, "an order with its approval flow")
			screenshot(t, ctx, "dashboard/order")
			run(t, ctx, chromedp.SetValue(chromedp.ID("state-shipment"), "Shipped"), chromedp.Click(chromedp.ID("save-shipment")),
				chromedp.WaitVisible(chromedp.CSS(".notice")))
			if o := s.getJSON(t, "/demo/orders/"+pending, token); o["shipmentState"] != "Shipped" {
				t.Errorf("the order's shipment after sam's change: %v", o["shipmentState"])
			}
			run(t, ctx, chromedp.Click(chromedp.ID("sign-out")), chromedp.WaitVisible(chromedp.ID("sign-in")))

			// bob accepts the quote in the portal.
			portal := s.base + "/portal/demo/"
			signIn(t, ctx, portal, "bob@acme.example")
			run(t, ctx, chromedp.Navigate(portal+"quotes/acme-engineering/"+quote), chromedp.WaitVisible(chromedp.ID("answer")))
			if body := text(t, ctx, "main"); !strings.Contains(body, "180.00 USD") || !strings.Contains(body, "The seller: Our price for a hundred") {
				t.Errorf("the quote bob reads: %s", body)
			}
			run(t, ctx, chromedp.Click(chromedp.ID("accept")), chromedp.WaitVisible(chromedp.CSS(".notice")))
			if q := s.getJSON(t, "/demo/quotes/"+quote, token); q["quoteState"] != "Accepted" {
				t.Errorf("the quote after bob accepted it: %v", q["quoteState"])
			}
		})
	}
}
