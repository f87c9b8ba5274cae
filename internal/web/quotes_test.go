package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/httpapi"
)

var seller = app.Caller{ProjectKey: "demo"}

// quoteCart has bob's company open a cart of n widgets for bob in acme-engineering, shipped to
// an address, as a quote request needs.
func (w *world) quoteCart(t testing.TB, n int64) *procura.Cart {
	t.Helper()
	as := app.Acting{Kind: procura.AsBackend, CustomerID: w.bob, UnitKey: "acme-engineering"}
	cart, err := w.a.CreateCart(ctx, seller, as, procura.CartDraft{Currency: "USD", Store: &procura.ResourceIdentifier{Key: "main"},
		ShippingAddress: &procura.Address{Country: "US", City: "Boston"}, LineItems: []procura.LineItemDraft{{SKU: "BULK-WIDGET-001", Quantity: &n}}})
	if err != nil {
		t.Fatal(err)
	}
	return cart
}

// offer has the seller answer the request with a quote: a new staged quote, or the one given
// reopened, with a comment.
func (w *world) offer(t *testing.T, qr *procura.QuoteRequest, sq *procura.StagedQuote, comment string) (*procura.StagedQuote, *procura.Quote) {
	t.Helper()
	var err error
	if sq == nil {
		sq, err = w.a.CreateStagedQuote(ctx, seller, procura.StagedQuoteDraft{QuoteRequest: &procura.ResourceIdentifier{ID: qr.ID},
			QuoteRequestVersion: &qr.Version, QuoteRequestStateToAccepted: true})
	} else if sq, err = w.a.GetStagedQuote(ctx, seller, app.Ref{ID: sq.ID}); err == nil {
		sq, err = w.a.UpdateStagedQuote(ctx, seller, app.Ref{ID: sq.ID}, update(sq.Version, `{"action":"changeStagedQuoteState","stagedQuoteState":"InProgress"}`))
	}
	if err == nil {
		sq, err = w.a.UpdateStagedQuote(ctx, seller, app.Ref{ID: sq.ID}, update(sq.Version, `{"action":"setSellerComment","sellerComment":"`+comment+`"}`))
	}
	if err != nil {
		t.Fatal(err)
	}
	q, err := w.a.CreateQuote(ctx, seller, procura.QuoteDraft{StagedQuote: &procura.ResourceIdentifier{ID: sq.ID}, StagedQuoteVersion: &sq.Version,
		StagedQuoteStateToSent: true})
	if err != nil {
		t.Fatal(err)
	}
	return sq, q
}

func update(version int64, actions ...string) procura.Update {
	u := procura.Update{Version: &version}
	for _, a := range actions {
		u.Actions = append(u.Actions, json.RawMessage(a))
	}
	return u
}

func (w *world) quoteNow(t *testing.T, id string) *procura.Quote {
	t.Helper()
	q, err := w.a.GetQuote(ctx, seller, app.Acting{}, app.Ref{ID: id})
	if err != nil {
		t.Fatal(err)
	}
	return q
}

var cartOption = regexp.MustCompile(`<option value="([^"/]+/\d+)">`)

// TestQuoteNegotiation: bob requests a quote for his cart in the portal, the seller offers, bob
// asks to renegotiate with a comment, the seller offers again, and bob accepts: the quote's page
// shows every offer with both sides' comments. Carol, who may see bob's quotes but not
// renegotiate them, is refused with the API's status and changes nothing; a quote of a unit the
// person is not in is not found.
func TestQuoteNegotiation(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		cart := w.quoteCart(t, 100)
		bob := w.browser(t).signIn("bob@acme.example")
		p := bob.get("quotes")
		m := cartOption.FindStringSubmatch(p.body)
		if p.status != http.StatusOK || m == nil || m[1] != cart.ID+"/"+itoa(cart.Version) {
			t.Fatalf("bob's quotes page offers no cart: %d %s", p.status, p.body)
		}
		if p := w.browser(t).signIn("carol@acme.example").get("quotes"); p.status != http.StatusOK || !strings.Contains(p.body, "ViewMyQuoteRequests") {
			t.Errorf("carol's role lists no quote requests, and her page does not say why: %d %s", p.status, p.body)
		}
		if p := bob.post("quotes/requests", url.Values{"cart": {cart.ID + "/" + itoa(cart.Version+1)}}); p.status != http.StatusConflict {
			t.Errorf("a request for a cart at another version: %d", p.status)
		}
		if p := bob.post("quotes/requests", url.Values{"cart": {m[1]}, "comment": {"A better price for a hundred?"}}); p.status != http.StatusSeeOther || p.location != "/portal/demo/quotes?done=requested" {
			t.Fatalf("requesting a quote: %d %q %s", p.status, p.location, p.body)
		}
		page, err := w.a.QueryQuoteRequests(ctx, seller, app.Acting{}, app.Query{Limit: 2})
		if err != nil || page.Count != 1 {
			t.Fatalf("the requests after bob's: %v %+v", err, page)
		}
		qr, err := w.a.GetQuoteRequest(ctx, seller, app.Acting{}, app.Ref{ID: page.Items()[0]["id"].(string)})
		if err != nil || qr.Comment != "A better price for a hundred?" || qr.OwnerID() != w.bob {
			t.Fatalf("bob's request: %v %+v", err, qr)
		}

		sq, first := w.offer(t, qr, nil, "Our price for a hundred")
		if p := bob.get(""); !strings.Contains(p.body, first.ID) || !strings.Contains(p.body, "250.00 USD") {
			t.Errorf("bob's home shows no quote awaiting him: %s", p.body)
		}
		path := "quotes/acme-engineering/" + first.ID
		carol := w.browser(t).signIn("carol@acme.example")
		form := url.Values{"answer": {"renegotiate"}, "version": {itoa(first.Version)}, "comment": {"200.00 would do"}}
		_, apiErr := w.a.UpdateQuote(ctx, app.Caller{ProjectKey: "demo", CustomerID: w.carol(t)}, app.AsAssociate(app.Caller{CustomerID: "x"}, w.carol(t), "acme-engineering"),
			app.Ref{ID: first.ID}, update(first.Version, `{"action":"requestQuoteRenegotiation","buyerComment":"no"}`))
		if p := carol.post(path, form); apiErr == nil || p.status != httpapi.Status(apiErr) || p.status != http.StatusForbidden || !strings.Contains(p.body, "RenegotiateOthersQuotes") {
			t.Errorf("carol renegotiating bob's quote: %d (the API: %v) %s", p.status, apiErr, p.body)
		}
		if got := w.quoteNow(t, first.ID); got.QuoteState != procura.QuotePending {
			t.Fatalf("bob's quote after carol's refused renegotiation: %s", got.QuoteState)
		}
		if p := bob.get("quotes/acme-corp/" + first.ID); p.status != http.StatusNotFound {
			t.Errorf("bob's quote under a unit he is not in: %d", p.status)
		}
		if p := bob.post(path, url.Values{"answer": {"haggle"}, "version": {itoa(first.Version)}}); p.status != http.StatusBadRequest {
			t.Errorf("an unknown answer: %d", p.status)
		}
		if p := bob.post(path, form); p.status != http.StatusSeeOther || p.location != "/portal/demo/"+path+"?done=renegotiate" {
			t.Fatalf("bob renegotiating: %d %q %s", p.status, p.location, p.body)
		}
		if got := w.quoteNow(t, first.ID); got.QuoteState != procura.QuoteDeclinedForRenegotiation || got.BuyerComment != "200.00 would do" {
			t.Fatalf("the quote after bob's renegotiation: %s %q", got.QuoteState, got.BuyerComment)
		}
		if p := bob.post(path, url.Values{"answer": {"accept"}, "version": {itoa(first.Version)}}); p.status != http.StatusConflict {
			t.Errorf("accepting at the old version: %d", p.status)
		}

		_, second := w.offer(t, qr, sq, "Our best price")
		p = bob.get("quotes/acme-engineering/" + second.ID)
		for _, want := range []string{"The seller: Our price for a hundred", "Your company: 200.00 would do", "The seller: Our best price",
			"answered by a new offer", `id="accept"`} {
			if !strings.Contains(p.body, want) {
				t.Errorf("the second quote's page lacks %q: %s", want, p.body)
			}
		}
		if p := bob.post("quotes/acme-engineering/"+second.ID, url.Values{"answer": {"accept"}, "version": {itoa(second.Version)}}); p.status != http.StatusSeeOther {
			t.Fatalf("bob accepting: %d %s", p.status, p.body)
		}
		if got := w.quoteNow(t, second.ID); got.QuoteState != procura.QuoteAccepted {
			t.Errorf("the second quote after bob accepted it: %s", got.QuoteState)
		}
		if p := bob.get("quotes/acme-engineering/" + second.ID + "?done=accept"); !strings.Contains(p.body, "You accepted the quote.") || strings.Contains(p.body, `id="accept"`) {
			t.Errorf("the accepted quote's page: %s", p.body)
		}

		other := w.quoteCart(t, 2)
		qr, err = w.a.CreateQuoteRequest(ctx, seller, app.Acting{Kind: procura.AsBackend, CustomerID: w.bob, UnitKey: "acme-engineering"},
			procura.QuoteRequestDraft{Cart: &procura.ResourceIdentifier{ID: other.ID}, CartVersion: &other.Version})
		if err != nil {
			t.Fatal(err)
		}
		_, third := w.offer(t, qr, nil, "For two")
		if p := bob.post("quotes/acme-engineering/"+third.ID, url.Values{"answer": {"decline"}, "version": {itoa(third.Version)}}); p.status != http.StatusSeeOther {
			t.Fatalf("bob declining: %d %s", p.status, p.body)
		}
		if got := w.quoteNow(t, third.ID); got.QuoteState != procura.QuoteDeclined {
			t.Errorf("the declined quote: %s", got.QuoteState)
		}
	})
}
