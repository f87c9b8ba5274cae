package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestPortalQuotesInABrowser drives the five steps of a quote with a renegotiation through the
// portal of `procura serve --demo`: bob requests a quote for his cart in the portal, the seller
// stages and sends a quote through the API, bob finds it on his home page and asks to
// renegotiate with a comment, the seller sends a new offer, and bob accepts it after reading the
// offers' history. Carol, who may see bob's quotes but not renegotiate them, is refused a
// crafted renegotiation with the API's status.
func TestPortalQuotesInABrowser(t *testing.T) {
	inDemoPortal(t, func(t *testing.T, s *server, token string, ctx context.Context, portal string) {
		bob := s.demoCustomer(t, token, "bob@acme.example")
		path := "/demo/as-associate/" + bob + "/in-business-unit/key=acme-engineering/"
		if r := s.do(t, http.MethodPost, path+"carts", token, []byte(`{"currency":"USD","store":{"key":"main"},`+
			`"shippingAddress":{"country":"US","city":"Boston"},"lineItems":[{"sku":"BULK-WIDGET-001","quantity":100}]}`)); r.status != http.StatusCreated {
			t.Fatalf("bob's cart: %d %s", r.status, r.body)
		}

		// 1. bob requests a quote for his cart.
		signIn(t, ctx, portal, "bob@acme.example")
		run(t, ctx, chromedp.Navigate(portal+"quotes"), chromedp.WaitVisible(chromedp.ID("cart")))
		accessible(t, ctx, "the quotes page")
		run(t, ctx, chromedp.SendKeys(chromedp.ID("request-comment"), "A better price for a hundred?"),
			chromedp.Click(chromedp.ID("request-quote")), chromedp.WaitVisible(chromedp.CSS(".notice")))
		requests := s.getJSON(t, "/demo/quote-requests", token)["results"].([]any)
		if len(requests) != 1 || requests[0].(map[string]any)["comment"] != "A better price for a hundred?" {
			t.Fatalf("the quote requests after bob's: %v", requests)
		}
		request := requests[0].(map[string]any)

		// 2. and 3. the seller stages a quote and sends it.
		staged := s.sellerJSON(t, token, "/demo/staged-quotes", fmt.Sprintf(`{"quoteRequest":{"typeId":"quote-request","id":%q},"quoteRequestVersion":%v,`+
			`"quoteRequestStateToAccepted":true}`, request["id"], request["version"]))
		first := s.sendQuote(t, token, staged["id"].(string), "Our price for a hundred")

		// 4. bob finds the offer on his home page and asks to renegotiate with a comment.
		run(t, ctx, chromedp.Navigate(portal), chromedp.WaitVisible(chromedp.ID("quotes")))
		accessible(t, ctx, "the home page")
		screenshot(t, ctx, "portal/home")
		run(t, ctx, chromedp.Click(chromedp.CSS(`#quotes a[href$="/`+first+`"]`)), chromedp.WaitVisible(chromedp.ID("answer")))
		accessible(t, ctx, "a quote awaiting an answer")
		if body := text(t, ctx, "main"); !strings.Contains(body, "The seller: Our price for a hundred") || !strings.Contains(body, "250.00 USD") {
			t.Errorf("the first offer's page: %s", body)
		}
		run(t, ctx, chromedp.SendKeys(chromedp.ID("buyer-comment"), "200.00 would do"), chromedp.Click(chromedp.ID("renegotiate")),
			chromedp.WaitVisible(chromedp.CSS(".notice")))
		if q := s.getJSON(t, "/demo/quotes/"+first, token); q["quoteState"] != "DeclinedForRenegotiation" || q["buyerComment"] != "200.00 would do" {
			t.Fatalf("the first quote after bob's renegotiation: %v %v", q["quoteState"], q["buyerComment"])
		}

		// The seller reopens the staged quote and sends a new offer.
		cur := s.getJSON(t, "/demo/staged-quotes/"+staged["id"].(string), token)
		s.sellerJSON(t, token, "/demo/staged-quotes/"+staged["id"].(string), fmt.Sprintf(`{"version":%v,"actions":[`+
			`{"action":"changeStagedQuoteState","stagedQuoteState":"InProgress"}]}`, cur["version"]))
		second := s.sendQuote(t, token, staged["id"].(string), "Our best price")

		// Carol may see the quote but not renegotiate it: a crafted post is refused as the API
		// refuses her the same update.
		run(t, ctx, chromedp.Navigate(portal), chromedp.Click(chromedp.ID("sign-out")), chromedp.WaitVisible(chromedp.ID("sign-in")))
		signIn(t, ctx, portal, "carol@acme.example")
		jar, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{portal}})
		if err != nil {
			t.Fatal(err)
		}
		q := s.getJSON(t, "/demo/quotes/"+second, token)
		carol := s.demoCustomer(t, token, "carol@acme.example")
		api := s.do(t, http.MethodPost, "/demo/as-associate/"+carol+"/in-business-unit/key=acme-engineering/quotes/"+second, token,
			fmt.Appendf(nil, `{"version":%v,"actions":[{"action":"requestQuoteRenegotiation","buyerComment":"no"}]}`, q["version"]))
		form := url.Values{"answer": {"renegotiate"}, "version": {fmt.Sprint(q["version"])}, "comment": {"no"}}
		if st, _ := post(t, portal+"quotes/acme-engineering/"+second, form, jar.Cookies, nil); st != http.StatusForbidden || st != api.status {
			t.Errorf("carol's crafted renegotiation: %d, the API's: %d %s", st, api.status, api.body)
		}
		if q := s.getJSON(t, "/demo/quotes/"+second, token); q["quoteState"] != "Pending" {
			t.Fatalf("the second quote after carol's refused renegotiation: %v", q["quoteState"])
		}
		run(t, ctx, chromedp.Navigate(portal), chromedp.Click(chromedp.ID("sign-out")), chromedp.WaitVisible(chromedp.ID("sign-in")))

		// 5. bob reads the history of his request and accepts the new offer.
		signIn(t, ctx, portal, "bob@acme.example")
		run(t, ctx, chromedp.Navigate(portal), chromedp.Click(chromedp.CSS(`#quotes a[href$="/`+second+`"]`)), chromedp.WaitVisible(chromedp.ID("history")))
		if h := text(t, ctx, "#history"); !strings.Contains(h, "Our price for a hundred") || !strings.Contains(h, "Your company: 200.00 would do") ||
			!strings.Contains(h, "answered by a new offer") || !strings.Contains(h, "Our best price") {
			t.Errorf("the history bob reads: %s", h)
		}
		screenshot(t, ctx, "portal/quote")
		run(t, ctx, chromedp.Click(chromedp.ID("accept")), chromedp.WaitVisible(chromedp.CSS(".notice")))
		if body := text(t, ctx, "main"); !strings.Contains(body, "You accepted the quote.") {
			t.Errorf("after accepting: %s", body)
		}
		if q := s.getJSON(t, "/demo/quotes/"+second, token); q["quoteState"] != "Accepted" {
			t.Errorf("the second quote after bob accepted it: %v", q["quoteState"])
		}
	})
}

// TestPortalApprovalRulesInABrowser: alice, the admin, checks a predicate in the portal (an
// error of the API's parser, then a preview of the recent orders it matches) and creates the
// rule; bob, a buyer without CreateApprovalRules, is refused a crafted creation with the API's
// status.
func TestPortalApprovalRulesInABrowser(t *testing.T) {
	inDemoPortal(t, func(t *testing.T, s *server, token string, ctx context.Context, portal string) {
		bobs := s.demoOrder(t, token, "bob@acme.example", 500)
		alices := s.demoOrder(t, token, "alice@acme.example", 2)

		signIn(t, ctx, portal, "alice@acme.example")
		run(t, ctx, chromedp.Navigate(portal+"rules"), chromedp.Click(chromedp.ID("new-rule")), chromedp.WaitVisible(chromedp.ID("rule-form")),
			chromedp.SendKeys(chromedp.ID("rule-name"), "Large orders"), chromedp.SendKeys(chromedp.ID("rule-key"), "large"),
			chromedp.SendKeys(chromedp.ID("rule-predicate"), `totalPrice >=`), chromedp.Click(chromedp.ID("check")),
			chromedp.WaitVisible(chromedp.ID("rule-error")))
		if msg := text(t, ctx, "#rule-error"); !strings.Contains(msg, "Malformed predicate") {
			t.Errorf("checking a malformed predicate: %s", msg)
		}
		run(t, ctx, chromedp.SetValue(chromedp.ID("rule-predicate"), `totalPrice >= "1000.00 USD"`), chromedp.Click(chromedp.ID("check")),
			chromedp.WaitVisible(chromedp.ID("preview")))
		if p := text(t, ctx, "#preview"); !strings.Contains(p, "matches 1 of the last 2 orders") ||
			value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#preview [data-order="`+bobs+`"]').length`)) != 1 ||
			value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#preview [data-order="`+alices+`"]').length`)) != 0 {
			t.Errorf("the preview: %s", p)
		}
		accessible(t, ctx, "the rule form with its preview")
		screenshot(t, ctx, "portal/rule")
		run(t, ctx, chromedp.SendKeys(chromedp.ID("rule-requesters"), "buyer"), chromedp.SendKeys(chromedp.ID("rule-approvers"), "approver"),
			chromedp.Click(chromedp.ID("save-rule")), chromedp.WaitVisible(chromedp.CSS(".notice")))
		accessible(t, ctx, "the approval rules")
		alice := s.demoCustomer(t, token, "alice@acme.example")
		rules := s.getJSON(t, "/demo/as-associate/"+alice+"/in-business-unit/key=acme-corp/approval-rules/key=large", token)
		if rules["predicate"] != `totalPrice >= "1000.00 USD"` || rules["status"] != "Active" {
			t.Errorf("the rule alice created: %v", rules)
		}
		run(t, ctx, chromedp.Navigate(portal), chromedp.Click(chromedp.ID("sign-out")), chromedp.WaitVisible(chromedp.ID("sign-in")))

		signIn(t, ctx, portal, "bob@acme.example")
		jar, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{portal}})
		if err != nil {
			t.Fatal(err)
		}
		bob := s.demoCustomer(t, token, "bob@acme.example")
		api := s.do(t, http.MethodPost, "/demo/as-associate/"+bob+"/in-business-unit/key=acme-engineering/approval-rules", token,
			[]byte(`{"name":"Mine","status":"Active","predicate":"true","requesters":[],"approvers":{"tiers":[]}}`))
		form := url.Values{"do": {"save"}, "name": {"Mine"}, "status": {"Active"}, "predicate": {"true"}, "approvers": {"approver"}}
		if st, _ := post(t, portal+"rules/new", form, jar.Cookies, nil); st != http.StatusForbidden || st != api.status {
			t.Errorf("bob's crafted rule: %d, the API's: %d %s", st, api.status, api.body)
		}
		if n := len(s.getJSON(t, "/demo/approval-rules", token)["results"].([]any)); n != 2 {
			t.Errorf("rules after bob's refusal: %d", n)
		}
	})
}

// inDemoPortal runs story on each backend against `procura serve --demo`, with the seller's
// token and a browser: the portal's address is portal.
func inDemoPortal(t *testing.T, story func(t *testing.T, s *server, token string, ctx context.Context, portal string)) {
	bin := chromium(t)
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			s := startServer(t, b.url(t), "--demo", "--mail-dir", t.TempDir(), "--smtp-from", "demo@procura.localhost")
			story(t, s, s.token(t, s.newAPIClient(t, "demo", "manage_project:demo")), browse(t, bin), s.base+"/portal/demo/")
		})
	}
}

// demoCustomer returns the id of the demo's customer of email.
func (s *server) demoCustomer(t *testing.T, token, email string) string {
	t.Helper()
	customers := s.getJSON(t, "/demo/customers?where="+url.QueryEscape(`email = "`+email+`"`), token)
	return customers["results"].([]any)[0].(map[string]any)["id"].(string)
}

// sellerJSON posts body to path as the seller and returns the answer, which must be a success.
func (s *server) sellerJSON(t *testing.T, token, path, body string) map[string]any {
	t.Helper()
	r := s.do(t, http.MethodPost, path, token, []byte(body))
	var out map[string]any
	if r.status/100 != 2 || json.Unmarshal(r.body, &out) != nil {
		t.Fatalf("POST %s: %d %s", path, r.status, r.body)
	}
	return out
}

// sendQuote has the seller comment on the staged quote and send its quote; it returns the
// quote's id.
func (s *server) sendQuote(t *testing.T, token, staged, comment string) string {
	t.Helper()
	cur := s.getJSON(t, "/demo/staged-quotes/"+staged, token)
	sq := s.sellerJSON(t, token, "/demo/staged-quotes/"+staged, fmt.Sprintf(`{"version":%v,"actions":[{"action":"setSellerComment","sellerComment":%q}]}`,
		cur["version"], comment))
	q := s.sellerJSON(t, token, "/demo/quotes", fmt.Sprintf(`{"stagedQuote":{"typeId":"staged-quote","id":%q},"stagedQuoteVersion":%v,"stagedQuoteStateToSent":true}`,
		staged, sq["version"]))
	return q["id"].(string)
}
