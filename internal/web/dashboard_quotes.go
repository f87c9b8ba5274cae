package web

import (
	"cmp"
	"context"
	"net/http"
	"slices"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/httpapi"
)

// The quotes workbench: the seller's quote requests, a request's staged quotes and offers, and
// the staged-quote editor (dashboard_quotes_edit.go). Each page calls the use case of the API's
// quote-requests, staged-quotes, quotes or carts route it names.

// dashboardRows bounds the dashboard's lists.
const dashboardRows = 50

// quoteRequestStates are the states the requests list filters by.
var quoteRequestStates = procura.States[procura.TypeQuoteRequest]

type quoteRequestsData struct {
	State    string
	States   []string
	Requests []procura.QuoteRequest
	Emails   map[string]string
}

// quoteRequests lists the project's quote requests: of one state, or the Submitted first (the
// ones waiting for the seller), then the others, newest first; 50 at most.
func (d *Dashboard) quoteRequests(w http.ResponseWriter, r *http.Request, s *app.StaffSession, c app.Caller) error {
	if err := httpapi.Permit(c, "GET /{project}/quote-requests"); err != nil {
		return err
	}
	data := quoteRequestsData{State: r.URL.Query().Get("state"), States: quoteRequestStates}
	var err error
	switch {
	case data.State != "" && !slices.Contains(quoteRequestStates, data.State):
		return procura.InvalidInput("The quote request state '%s' is not one of %v.", data.State, quoteRequestStates)
	case data.State != "":
		data.Requests, err = d.requestsWhere(r.Context(), c, dashboardRows, "quoteRequestState = "+quoted(data.State))
	default:
		data.Requests, err = d.requestsWhere(r.Context(), c, dashboardRows, "quoteRequestState = "+quoted(procura.QuoteRequestSubmitted))
		if err == nil && len(data.Requests) < dashboardRows {
			var rest []procura.QuoteRequest
			rest, err = d.requestsWhere(r.Context(), c, dashboardRows-len(data.Requests), "quoteRequestState != "+quoted(procura.QuoteRequestSubmitted))
			data.Requests = append(data.Requests, rest...)
		}
	}
	if err != nil {
		return err
	}
	var ids []string
	for _, q := range data.Requests {
		if q.Customer != nil && !slices.Contains(ids, q.Customer.ID) {
			ids = append(ids, q.Customer.ID)
		}
	}
	if data.Emails, err = d.emails(r.Context(), c, ids); err != nil {
		return err
	}
	return d.render(w, r, s, http.StatusOK, "quote-requests", data, "dashboard.quoteRequests")
}

// requestsWhere is the newest limit requests of the condition, as the API's query answers.
func (d *Dashboard) requestsWhere(ctx context.Context, c app.Caller, limit int, where string) ([]procura.QuoteRequest, error) {
	page, err := d.App.QueryQuoteRequests(ctx, c, app.Acting{}, app.Query{Where: []string{where}, Sort: []string{"createdAt desc"}, Limit: limit})
	if err != nil {
		return nil, err
	}
	return rows[procura.QuoteRequest](page)
}

type quoteRequestData struct {
	Request  *procura.QuoteRequest
	Customer string
	Staged   []procura.StagedQuote
	Offers   []procura.Quote // oldest first: the history of offers and renegotiations
	Done     string
}

// quoteRequest shows a request: what the buyer asked, its staged quotes, and every offer sent
// for it with the seller's and the buyer's comments; it offers to stage a quote, to reject the
// request and to withdraw an offer still open.
func (d *Dashboard) quoteRequest(w http.ResponseWriter, r *http.Request, s *app.StaffSession, c app.Caller) error {
	ctx := r.Context()
	if err := httpapi.Permit(c, "GET /{project}/quote-requests/{ref}"); err != nil {
		return err
	}
	qr, err := d.App.GetQuoteRequest(ctx, c, app.Acting{}, app.Ref{ID: r.PathValue("id")})
	if err != nil {
		return err
	}
	data := quoteRequestData{Request: qr, Done: r.URL.Query().Get("done")}
	ofRequest := app.Query{Where: []string{"quoteRequest(id = " + quoted(qr.ID) + ")"}, Sort: []string{"createdAt asc"}, Limit: dashboardRows}
	if err := httpapi.Permit(c, "GET /{project}/staged-quotes"); err != nil {
		return err
	}
	page, err := d.App.QueryStagedQuotes(ctx, c, ofRequest)
	if err == nil {
		data.Staged, err = rows[procura.StagedQuote](page)
	}
	if err != nil {
		return err
	}
	if err := httpapi.Permit(c, "GET /{project}/quotes"); err != nil {
		return err
	}
	if page, err = d.App.QueryQuotes(ctx, c, app.Acting{}, ofRequest); err == nil {
		data.Offers, err = rows[procura.Quote](page)
	}
	if err != nil {
		return err
	}
	if qr.Customer != nil {
		emails, err := d.emails(ctx, c, []string{qr.Customer.ID})
		if err != nil {
			return err
		}
		data.Customer = emails[qr.Customer.ID]
	}
	return d.render(w, r, s, http.StatusOK, "quote-request", data, "dashboard.quoteRequest", cmp.Or(qr.Key, qr.ID))
}

// stageQuote starts a staged quote for the request at the version the seller saw, accepting the
// request: the API's POST /{project}/staged-quotes.
func (d *Dashboard) stageQuote(w http.ResponseWriter, r *http.Request, _ *app.StaffSession, c app.Caller) error {
	if err := httpapi.Permit(c, "POST /{project}/staged-quotes"); err != nil {
		return err
	}
	version, err := formVersion(r, "quote request")
	if err != nil {
		return err
	}
	sq, err := d.App.CreateStagedQuote(r.Context(), c, procura.StagedQuoteDraft{QuoteRequestVersion: &version, QuoteRequestStateToAccepted: true,
		QuoteRequest: &procura.ResourceIdentifier{TypeID: procura.TypeQuoteRequest, ID: r.PathValue("id")}})
	if err != nil {
		return err
	}
	http.Redirect(w, r, projectBase(r)+"staged-quotes/"+sq.ID, http.StatusSeeOther)
	return nil
}

// rejectRequest rejects a request the seller will not quote: the API's changeQuoteRequestState.
func (d *Dashboard) rejectRequest(w http.ResponseWriter, r *http.Request, _ *app.StaffSession, c app.Caller) error {
	if err := httpapi.Permit(c, "POST /{project}/quote-requests/{ref}"); err != nil {
		return err
	}
	u, err := formUpdate(r, "quote request", map[string]any{"action": "changeQuoteRequestState", "quoteRequestState": procura.QuoteRequestRejected})
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if _, err := d.App.UpdateQuoteRequest(r.Context(), c, app.Acting{}, app.Ref{ID: id}, u); err != nil {
		return err
	}
	http.Redirect(w, r, projectBase(r)+"quote-requests/"+id+"?done=rejected", http.StatusSeeOther)
	return nil
}

// withdrawQuote withdraws an offer the buyer has not answered or asked to renegotiate: the API's
// changeQuoteState to Withdrawn; the request's page shows it.
func (d *Dashboard) withdrawQuote(w http.ResponseWriter, r *http.Request, _ *app.StaffSession, c app.Caller) error {
	if err := httpapi.Permit(c, "POST /{project}/quotes/{ref}"); err != nil {
		return err
	}
	u, err := formUpdate(r, "quote", map[string]any{"action": "changeQuoteState", "quoteState": procura.QuoteWithdrawn})
	if err != nil {
		return err
	}
	q, err := d.App.UpdateQuote(r.Context(), c, app.Acting{}, app.Ref{ID: r.PathValue("id")}, u)
	if err != nil {
		return err
	}
	http.Redirect(w, r, projectBase(r)+"quote-requests/"+q.QuoteRequest.ID+"?done=withdrawn", http.StatusSeeOther)
	return nil
}

// commerceRoutes adds the quotes workbench, the orders and their pages.
func (d *Dashboard) commerceRoutes(mux *http.ServeMux) {
	mux.Handle("GET /admin/{project}/quote-requests", d.inProject(d.quoteRequests))
	mux.Handle("GET /admin/{project}/quote-requests/{id}", d.inProject(d.quoteRequest))
	mux.Handle("POST /admin/{project}/quote-requests/{id}", d.inProject(d.rejectRequest))
	mux.Handle("POST /admin/{project}/quote-requests/{id}/staged-quotes", d.inProject(d.stageQuote))
	mux.Handle("GET /admin/{project}/staged-quotes/{id}", d.inProject(d.stagedQuote))
	mux.Handle("POST /admin/{project}/staged-quotes/{id}", d.inProject(d.editStagedQuote))
	mux.Handle("POST /admin/{project}/staged-quotes/{id}/prices", d.inProject(d.priceQuote))
	mux.Handle("POST /admin/{project}/staged-quotes/{id}/send", d.inProject(d.sendQuote))
	mux.Handle("POST /admin/{project}/quotes/{id}", d.inProject(d.withdrawQuote))
	mux.Handle("GET /admin/{project}/orders", d.inProject(d.sellerOrders))
	mux.Handle("GET /admin/{project}/orders/{id}", d.inProject(d.sellerOrder))
	mux.Handle("POST /admin/{project}/orders/{id}", d.inProject(d.changeOrder))
}
