package app_test

import (
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/refshape"
)

// Quote requests, staged quotes and quotes move through the seller's states of their own type,
// each move recorded as a message; a buyer moves none of them, and a state a quote is in stays.
func TestQuoteWorkflowStates(t *testing.T) {
	ref := must[*refshape.Types](t)(refshape.Reference())
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
		// Each move records its …StateTransition, not forced, with the reference's payload.
		messagesOn(t, a, c, true, 15)
		for id, typ := range map[string]string{qr.ID: "QuoteRequestStateTransition", sq.ID: "StagedQuoteStateTransition", q.ID: "QuoteStateTransition"} {
			ms := messagesWhere(t, a, c, app.Query{Where: []string{`resource(id = "` + id + `") and type = "` + typ + `"`}})
			if len(ms) != 1 || ms[0]["force"] != false || ms[0]["state"].(map[string]any)["typeId"] != "state" {
				t.Errorf("the %s messages: %v", typ, ms)
			}
			referenceShaped(t, ref, typ, ms)
		}
		quinn := w.customers["quinn@acme.example"]
		_, err = a.UpdateQuote(ctx, c, inUnit(quinn, "acme"), app.Ref{ID: q.ID}, actions(q.Version, move("chasing")))
		wantCode(t, err, procura.CodeInvalidOperation)
		chasing := must[*procura.State](t)(a.GetState(ctx, c, app.Ref{Key: "chasing"}))
		_, err = a.DeleteState(ctx, c, app.Ref{Key: "chasing"}, chasing.Version)
		wantCode(t, err, procura.CodeReferenceExists)
	})
}
