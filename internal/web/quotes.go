package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// quotesLimit bounds the lists of the quotes page.
const quotesLimit = 50

type quotesData struct {
	Unit     string
	Done     string
	Quotes   section[procura.Quote]
	Requests section[procura.QuoteRequest]
	Carts    section[cartRow]
}

// quotes lists, in the active unit, the quotes and quote requests the person may see (the
// as-associate lists of the API) and offers to request a quote for one of the unit's carts.
func (p *Portal) quotes(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	d := quotesData{Unit: s.BusinessUnit, Done: r.URL.Query().Get("done")}
	if s.BusinessUnit == "" {
		return p.render(w, r, s, http.StatusOK, "quotes", d, "quotes.title")
	}
	ctx, c, as := r.Context(), s.Caller(), asAssociate(s)
	newest := app.Query{Limit: quotesLimit, Sort: []string{"createdAt desc"}}
	var err error
	if d.Quotes, err = listed[procura.Quote](p.App.QueryQuotes(ctx, c, as, newest)); err != nil {
		return err
	}
	if d.Requests, err = listed[procura.QuoteRequest](p.App.QueryQuoteRequests(ctx, c, as, newest)); err != nil {
		return err
	}
	active := newest
	active.Where = []string{`cartState = "Active"`}
	if d.Carts, err = listed[cartRow](p.App.QueryCarts(ctx, c, as, active)); err != nil {
		return err
	}
	return p.render(w, r, s, http.StatusOK, "quotes", d, "quotes.title")
}

// requestQuote requests a quote for a cart of the active unit at the version the person saw, as
// the API's as-associate quote request does: from the quotes page, whose form names the cart as
// "id/version", or from a cart's checkout (carts/{id}/quote, with its version and a purchase
// order number).
func (p *Portal) requestQuote(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	id, v := r.PathValue("id"), r.PostFormValue("version")
	if id == "" {
		id, v, _ = strings.Cut(r.PostFormValue("cart"), "/")
	}
	version, err := strconv.ParseInt(v, 10, 64)
	if id == "" || err != nil {
		return procura.InvalidInput("The form names no cart at a version.")
	}
	_, err = p.App.CreateQuoteRequest(r.Context(), s.Caller(), asAssociate(s), procura.QuoteRequestDraft{
		Cart: &procura.ResourceIdentifier{TypeID: procura.TypeCart, ID: id}, CartVersion: &version,
		Comment: r.PostFormValue("comment"), PurchaseOrderNumber: r.PostFormValue("purchaseOrderNumber")})
	if err != nil {
		return err
	}
	http.Redirect(w, r, base(r)+"quotes?done=requested", http.StatusSeeOther)
	return nil
}

type quoteData struct {
	Quote   *procura.Quote
	Request *procura.QuoteRequest // nil when the person may not view requests
	Offers  []procura.Quote       // every quote of the request, oldest first
	Done    string
}

// quote shows a quote of a unit, read as an associate of that unit, with the history of its
// request: the request's comment and every offer made for it, with the seller's and the
// buyer's comments.
func (p *Portal) quote(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	ctx, c := r.Context(), s.Caller()
	as := app.AsAssociate(c, s.CustomerID, r.PathValue("unit"))
	q, err := p.App.GetQuote(ctx, c, as, app.Ref{ID: r.PathValue("id")})
	if err != nil {
		return err
	}
	d := quoteData{Quote: q}
	if done := r.URL.Query().Get("done"); done == "accept" || done == "decline" || done == "renegotiate" {
		d.Done = done
	}
	if d.Request, err = p.App.GetQuoteRequest(ctx, c, as, app.Ref{ID: q.QuoteRequest.ID}); procura.ErrorCode(err) == procura.CodeAssociateMissingPermission {
		d.Request = nil
	} else if err != nil {
		return err
	}
	offers, err := listed[procura.Quote](p.App.QueryQuotes(ctx, c, as, app.Query{Limit: quotesLimit, Sort: []string{"createdAt asc"},
		Where: []string{"quoteRequest(id = " + strconv.Quote(q.QuoteRequest.ID) + ")"}}))
	if err != nil {
		return err
	}
	d.Offers = offers.Rows
	return p.render(w, r, s, http.StatusOK, "quote", d, "quote.title", q.ID)
}

// answerQuote accepts, declines or asks to renegotiate a quote (with the buyer's comment) as an
// associate of its unit: the API's quote update, with its permissions and state checks.
func (p *Portal) answerQuote(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	version, err := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	if err != nil {
		return procura.InvalidInput("The form names no version of the quote.")
	}
	var action map[string]string
	answer := r.PostFormValue("answer")
	switch answer {
	case "accept":
		action = map[string]string{"action": "changeQuoteState", "quoteState": procura.QuoteAccepted}
	case "decline":
		action = map[string]string{"action": "changeQuoteState", "quoteState": procura.QuoteDeclined}
	case "renegotiate":
		action = map[string]string{"action": "requestQuoteRenegotiation", "buyerComment": r.PostFormValue("comment")}
	default:
		return procura.InvalidInput("The answer must be accept, decline or renegotiate.")
	}
	raw, err := json.Marshal(action)
	if err != nil {
		return err
	}
	c := s.Caller()
	unit, id := r.PathValue("unit"), r.PathValue("id")
	_, err = p.App.UpdateQuote(r.Context(), c, app.AsAssociate(c, s.CustomerID, unit), app.Ref{ID: id},
		procura.Update{Version: &version, Actions: []json.RawMessage{raw}})
	if err != nil {
		return err
	}
	http.Redirect(w, r, base(r)+"quotes/"+unit+"/"+id+"?done="+answer, http.StatusSeeOther)
	return nil
}
