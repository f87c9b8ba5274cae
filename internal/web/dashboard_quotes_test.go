package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/deliver"
)

// requestQuote has bob request a quote for a cart of n widgets in acme-engineering.
func (w *world) requestQuote(t *testing.T, n int64, comment string) *procura.QuoteRequest {
	t.Helper()
	cart := w.quoteCart(t, n)
	qr, err := w.a.CreateQuoteRequest(ctx, seller, app.Acting{Kind: procura.AsBackend, CustomerID: w.bob, UnitKey: "acme-engineering"},
		procura.QuoteRequestDraft{Cart: &procura.ResourceIdentifier{TypeID: procura.TypeCart, ID: cart.ID}, CartVersion: &cart.Version, Comment: comment})
	if err != nil {
		t.Fatal(err)
	}
	return qr
}

// TestDashboardQuotesWorkbench: a viewer sees the waiting request but may not stage, price, send
// or withdraw a quote (the API's 403, nothing written); sales stage a quote, price its line and
// give 10 % off, set its validity and comment, send it, and withdraw it; bad input is the API's
// 400 and changes nothing.
func TestDashboardQuotesWorkbench(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		qr := w.requestQuote(t, 100, "A better price for a hundred?")
		viewer, sales := w.staff(t, "vic@seller.example", "viewer"), w.staff(t, "sal@seller.example", "sales")

		p := viewer.get("demo/quote-requests")
		if p.status != http.StatusOK || !strings.Contains(p.body, `data-request="`+qr.ID+`"`) || !strings.Contains(p.body, "bob@acme.example") {
			t.Fatalf("the viewer's quote requests: %d %s", p.status, p.body)
		}
		if p := viewer.get("demo/quote-requests?state=Closed"); strings.Contains(p.body, qr.ID) {
			t.Errorf("the closed requests show a submitted one")
		}
		if p := viewer.get("demo/quote-requests?state=Nothing"); p.status != http.StatusBadRequest {
			t.Errorf("an unknown state: %d", p.status)
		}
		if p := viewer.get("demo/"); p.status != http.StatusOK || !strings.Contains(p.body, "Quote requests waiting: 1") {
			t.Errorf("the viewer's home: %d %s", p.status, p.body)
		}
		p = viewer.get("demo/quote-requests/" + qr.ID)
		if p.status != http.StatusOK || !strings.Contains(p.body, "The buyer: A better price for a hundred?") {
			t.Errorf("the request's page: %d %s", p.status, p.body)
		}
		if p := viewer.post("demo/quote-requests/"+qr.ID+"/staged-quotes", url.Values{"version": {itoa(qr.Version)}}); p.status != http.StatusForbidden ||
			!strings.Contains(p.body, "manage_staged_quotes") {
			t.Errorf("the viewer staging a quote: %d %s", p.status, p.body)
		}
		if page, _ := w.a.QueryStagedQuotes(ctx, seller, app.Query{Limit: 10}); page.Count != 0 {
			t.Fatalf("the viewer's refused post staged a quote")
		}
		if p := viewer.get("demo/quote-requests/no-such-request"); p.status != http.StatusNotFound {
			t.Errorf("an unknown request: %d", p.status)
		}

		p = sales.post("demo/quote-requests/"+qr.ID+"/staged-quotes", url.Values{"version": {itoa(qr.Version)}})
		if p.status != http.StatusSeeOther || !strings.HasPrefix(p.location, "/admin/demo/staged-quotes/") {
			t.Fatalf("sales staging a quote: %d %s %s", p.status, p.location, p.body)
		}
		staged := strings.TrimPrefix(p.location, "/admin/demo/staged-quotes/")
		sq, err := w.a.GetStagedQuote(ctx, seller, app.Ref{ID: staged})
		if err != nil {
			t.Fatal(err)
		}
		cart, err := w.a.GetCart(ctx, seller, app.Acting{}, app.Ref{ID: sq.QuotationCart.ID})
		if err != nil {
			t.Fatal(err)
		}
		line := cart.LineItems[0].ID
		p = sales.get("demo/staged-quotes/" + staged)
		if p.status != http.StatusOK || !strings.Contains(p.body, `id="price-`+line+`"`) {
			t.Fatalf("the staged quote's editor: %d %s", p.status, p.body)
		}
		prices := url.Values{"version": {itoa(cart.Version)}, "price-" + line: {"2.00"}, "discount": {"10"}}
		if p := viewer.post("demo/staged-quotes/"+staged+"/prices", prices); p.status != http.StatusForbidden {
			t.Errorf("the viewer pricing: %d", p.status)
		}
		for _, bad := range []url.Values{{"price-" + line: {"two"}}, {"discount": {"120"}}, {"price-" + line: {"2.001"}}} {
			form := url.Values{"version": {itoa(cart.Version)}}
			for k, v := range bad {
				form[k] = v
			}
			if p := sales.post("demo/staged-quotes/"+staged+"/prices", form); p.status != http.StatusBadRequest {
				t.Errorf("the prices %v: %d %s", bad, p.status, p.body)
			}
		}
		if got, _ := w.a.GetCart(ctx, seller, app.Acting{}, app.Ref{ID: cart.ID}); got.Version != cart.Version {
			t.Fatalf("a refused price changed the quotation cart")
		}
		if p := sales.post("demo/staged-quotes/"+staged+"/prices", prices); p.status != http.StatusSeeOther {
			t.Fatalf("sales pricing: %d %s", p.status, p.body)
		}
		p = sales.get("demo/staged-quotes/" + staged)
		if !strings.Contains(p.body, "180.00 USD") || !strings.Contains(p.body, `id="discount" name="discount" value="10"`) {
			t.Errorf("the priced staged quote (100 × 2.00 USD less 10 %%): %s", p.body)
		}
		details := url.Values{"version": {itoa(sq.Version)}, "change": {"details"}, "validTo": {"2099-12-31"}, "sellerComment": {"Our price for a hundred"}}
		if p := sales.post("demo/staged-quotes/"+staged, details); p.status != http.StatusSeeOther {
			t.Fatalf("sales setting the details: %d %s", p.status, p.body)
		}
		sq, _ = w.a.GetStagedQuote(ctx, seller, app.Ref{ID: staged})
		if sq.ValidTo != "2099-12-31T23:59:59.999Z" || sq.SellerComment != "Our price for a hundred" {
			t.Errorf("the staged quote's details: %q %q", sq.ValidTo, sq.SellerComment)
		}
		if p := sales.post("demo/staged-quotes/"+staged, url.Values{"version": {itoa(sq.Version)}, "change": {"details"}, "validTo": {"tomorrow"}}); p.status != http.StatusBadRequest {
			t.Errorf("a bad date: %d", p.status)
		}
		send := url.Values{"version": {itoa(sq.Version)}}
		if p := viewer.post("demo/staged-quotes/"+staged+"/send", send); p.status != http.StatusForbidden || !strings.Contains(p.body, "manage_quotes") {
			t.Errorf("the viewer sending: %d %s", p.status, p.body)
		}
		if page, _ := w.a.QueryQuotes(ctx, seller, app.Acting{}, app.Query{Limit: 10}); page.Count != 0 {
			t.Fatalf("the viewer's refused send made a quote")
		}
		if p := sales.post("demo/staged-quotes/"+staged+"/send", send); p.status != http.StatusSeeOther || p.location != "/admin/demo/quote-requests/"+qr.ID+"?done=sent" {
			t.Fatalf("sales sending: %d %s %s", p.status, p.location, p.body)
		}
		page, _ := w.a.QueryQuotes(ctx, seller, app.Acting{}, app.Query{Limit: 10})
		quotes := page.Items()
		if len(quotes) != 1 || quotes[0]["quoteState"] != procura.QuotePending || quotes[0]["totalPrice"].(map[string]any)["centAmount"].(float64) != 18000 {
			t.Fatalf("the quote sent: %v", quotes)
		}
		quote := quotes[0]["id"].(string)
		p = viewer.get("demo/quote-requests/" + qr.ID)
		if !strings.Contains(p.body, "awaiting the buyer&#39;s answer") || !strings.Contains(p.body, "The seller: Our price for a hundred") ||
			!strings.Contains(p.body, "valid until 2099-12-31 23:59 UTC") ||
			!regexp.MustCompile(`Offer of [^<]*: 180.00 USD`).MatchString(p.body) {
			t.Errorf("the history of offers: %s", p.body)
		}
		bob := w.browser(t).signIn("bob@acme.example")
		q, _ := w.a.GetQuote(ctx, seller, app.Acting{}, app.Ref{ID: quote})
		if p := bob.post("quotes/acme-engineering/"+quote, url.Values{"answer": {"renegotiate"}, "version": {itoa(q.Version)}, "comment": {"170.00 would do"}}); p.status != http.StatusSeeOther {
			t.Fatalf("bob renegotiating: %d %s", p.status, p.body)
		}
		if p := viewer.get("demo/quote-requests/" + qr.ID); !strings.Contains(p.body, "renegotiation asked") || !strings.Contains(p.body, "The buyer: 170.00 would do") {
			t.Errorf("the history after bob's renegotiation: %s", p.body)
		}
		sq, _ = w.a.GetStagedQuote(ctx, seller, app.Ref{ID: staged})
		if p := sales.post("demo/staged-quotes/"+staged, url.Values{"version": {itoa(sq.Version)}, "change": {"reopen"}}); p.status != http.StatusSeeOther {
			t.Fatalf("reopening: %d %s", p.status, p.body)
		}
		sq, _ = w.a.GetStagedQuote(ctx, seller, app.Ref{ID: staged})
		if p := sales.post("demo/staged-quotes/"+staged+"/send", url.Values{"version": {itoa(sq.Version)}}); p.status != http.StatusSeeOther {
			t.Fatalf("sending the second offer: %d %s", p.status, p.body)
		}
		p = viewer.get("demo/quote-requests/" + qr.ID)
		offers := regexp.MustCompile(`data-offer="([^"]+)"`).FindAllStringSubmatch(p.body, -1)
		if len(offers) != 2 || offers[0][1] != quote || !strings.Contains(p.body, "answered by a new offer") {
			t.Fatalf("the history after the second offer: %s", p.body)
		}
		second := offers[1][1]
		q, _ = w.a.GetQuote(ctx, seller, app.Acting{}, app.Ref{ID: second})
		if p := viewer.post("demo/quotes/"+second, url.Values{"version": {itoa(q.Version)}}); p.status != http.StatusForbidden {
			t.Errorf("the viewer withdrawing: %d", p.status)
		}
		if p := sales.post("demo/quotes/"+second, url.Values{"version": {"99"}}); p.status != http.StatusConflict {
			t.Errorf("withdrawing at an old version: %d", p.status)
		}
		if p := sales.post("demo/quotes/"+second, url.Values{"version": {itoa(q.Version)}}); p.status != http.StatusSeeOther {
			t.Fatalf("sales withdrawing: %d %s", p.status, p.body)
		}
		if q, _ := w.a.GetQuote(ctx, seller, app.Acting{}, app.Ref{ID: second}); q.QuoteState != procura.QuoteWithdrawn {
			t.Errorf("the quote after the withdrawal: %s", q.QuoteState)
		}

		other := w.requestQuote(t, 5, "")
		if p := viewer.post("demo/quote-requests/"+other.ID, url.Values{"version": {itoa(other.Version)}}); p.status != http.StatusForbidden {
			t.Errorf("the viewer rejecting a request: %d", p.status)
		}
		if p := sales.post("demo/quote-requests/"+other.ID, url.Values{"version": {itoa(other.Version)}}); p.status != http.StatusSeeOther {
			t.Errorf("sales rejecting a request: %d %s", p.status, p.body)
		}
		if got, _ := w.a.GetQuoteRequest(ctx, seller, app.Acting{}, app.Ref{ID: other.ID}); got.QuoteRequestState != procura.QuoteRequestRejected {
			t.Errorf("the request after the rejection: %s", got.QuoteRequestState)
		}
		if p := viewer.do(http.MethodGet, "demo/quote-requests?state=Rejected", nil, "Accept-Language", "de"); !strings.Contains(p.body, "Angebotsanfragen") ||
			!strings.Contains(p.body, "vom Verkäufer abgelehnt") || !strings.Contains(p.body, other.ID) {
			t.Errorf("the rejected requests in German: %s", p.body)
		}
	})
}

// TestDashboardHomeNamesLongPendingOrders: an order awaiting approval appears on the home page
// once it has waited more than a day; a subscription whose deliveries fail appears with its
// last error, one the seller suspended does not.
func TestDashboardHomeNamesLongPendingOrders(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		viewer := w.staff(t, "vic@seller.example", "viewer")
		if p := viewer.get("demo/"); !strings.Contains(p.body, "more than a day: 0") || strings.Contains(p.body, w.bobsOrder.ID) ||
			!strings.Contains(p.body, "Every subscription delivers.") {
			t.Errorf("the home of a new pending order: %s", p.body)
		}
		failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusBadGateway) }))
		t.Cleanup(failing.Close)
		w.a.Senders = deliver.Senders(5*time.Second, true)
		for _, key := range []string{"erp", "paused"} {
			var d procura.SubscriptionDraft
			err := procura.DecodeJSON([]byte(`{"key":"`+key+`","destination":{"type":"HTTP","url":"`+failing.URL+`"},"messages":[{"resourceTypeId":"order"}]}`), &d)
			if err == nil {
				_, err = w.a.CreateSubscription(ctx, seller, d)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if _, err := w.a.UpdateSubscription(ctx, seller, app.Ref{Key: "paused"}, update(1, `{"action":"suspend"}`)); err != nil {
			t.Fatal(err)
		}
		w.order(t, "alice@acme.example", 3)
		if _, err := w.a.RunDeliveries(ctx, time.Now()); err != nil {
			t.Fatal(err)
		}
		if p := viewer.get("demo/"); !strings.Contains(p.body, "deliveries fail: 1") || !strings.Contains(p.body, "erp · HTTP · TemporaryError") ||
			strings.Contains(p.body, "paused") {
			t.Errorf("the home with a failing subscription: %s", p.body)
		}
		w.a.Now = func() time.Time { return time.Now().Add(25 * time.Hour) }
		viewer = w.staff(t, "val@seller.example", "viewer") // the first one's session has ended
		if p := viewer.get("demo/"); !strings.Contains(p.body, "more than a day: 1") || !strings.Contains(p.body, w.bobsOrder.ID) {
			t.Errorf("the home a day later: %s", p.body)
		}
	})
}

// TestDashboardHomeNamesLockedAccounts: a customer locked out of signing in is on the home page
// of every role that reads the customers (every staff role does; the app's test refuses a caller
// without view_customers).
func TestDashboardHomeNamesLockedAccounts(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		support := w.staff(t, "sue@seller.example", "support")
		if p := support.get("demo/"); !strings.Contains(p.body, "No customer is locked out.") {
			t.Errorf("the home before a lockout: %s", p.body)
		}
		w.lockOut(t, "bob@acme.example")
		if p := support.get("demo/"); !strings.Contains(p.body, "locked out of signing in (1)") || !strings.Contains(p.body, ">bob@acme.example</a> · locked until") {
			t.Errorf("the home with bob locked out: %s", p.body)
		}
		if p := w.staff(t, "pat@seller.example", "viewer").get("demo/"); !strings.Contains(p.body, "bob@acme.example") {
			t.Errorf("a viewer's home does not name bob: %s", p.body)
		}
	})
}
