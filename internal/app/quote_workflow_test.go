package app_test

import (
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// Quote requests, staged quotes and quotes move through the seller's states of their own type;
// a buyer moves none of them, and a state a quote is in stays.
func TestQuoteWorkflowStates(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := quoteWorld(t, a, c)
		qr, sq, q := w.sellerQuote("quinn@acme.example", 2, "")
		qr = must[*procura.QuoteRequest](t)(a.GetQuoteRequest(ctx, c, app.Acting{}, app.Ref{ID: qr.ID}))
		sq = must[*procura.StagedQuote](t)(a.GetStagedQuote(ctx, c, app.Ref{ID: sq.ID}))
		w.state(procura.StateDraft{Key: "triaged", Type: procura.StateQuoteRequest})
		w.state(procura.StateDraft{Key: "drafting", Type: procura.StateStagedQuote})
		w.state(procura.StateDraft{Key: "chasing", Type: procura.StateQuote})
		move := func(key string) string {
			return `{"action":"transitionState","state":{"typeId":"state","key":"` + key + `"}}`
		}

		qr = must[*procura.QuoteRequest](t)(a.UpdateQuoteRequest(ctx, c, app.Acting{}, app.Ref{ID: qr.ID}, actions(qr.Version, move("triaged"))))
		sq = must[*procura.StagedQuote](t)(a.UpdateStagedQuote(ctx, c, app.Ref{ID: sq.ID}, actions(sq.Version, move("drafting"))))
		_, err := a.UpdateQuote(ctx, c, app.Acting{}, app.Ref{ID: q.ID}, actions(q.Version, move("drafting")))
		wantCode(t, err, procura.CodeInvalidInput)
		q = must[*procura.Quote](t)(a.UpdateQuote(ctx, c, app.Acting{}, app.Ref{ID: q.ID}, actions(q.Version, move("chasing"))))
		if qr.State == nil || sq.State == nil || q.State == nil {
			t.Fatalf("states %v %v %v", qr.State, sq.State, q.State)
		}
		quinn := w.customers["quinn@acme.example"]
		_, err = a.UpdateQuote(ctx, c, inUnit(quinn, "acme"), app.Ref{ID: q.ID}, actions(q.Version, move("chasing")))
		wantCode(t, err, procura.CodeInvalidOperation)
		chasing := must[*procura.State](t)(a.GetState(ctx, c, app.Ref{Key: "chasing"}))
		_, err = a.DeleteState(ctx, c, app.Ref{Key: "chasing"}, chasing.Version)
		wantCode(t, err, procura.CodeReferenceExists)
	})
}
