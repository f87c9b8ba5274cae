package app_test

import (
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// TestPreviewPredicate: a predicate's preview matches exactly the recent orders an Active rule
// of that predicate started a flow for, among the orders the person may see in the unit and its
// divisions; a malformed predicate is the rules' InvalidInput; a person who may not see their
// colleagues' orders previews none of them.
func TestPreviewPredicate(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := approvalWorld(t, a, c)
		const pred = `totalPrice >= "1000.00 EUR"`
		w.rule("acme", "big-orders", pred, seedApprovers, "buyer-r")
		orders := []*procura.Order{w.orderOf("bob@acme.example", "eng", 100), w.orderOf("bob@acme.example", "eng", 1), w.orderOf("bob@acme.example", "eng", 60)}
		lena := inUnit(w.customers["lena@acme.example"], "acme")
		p, err := a.PreviewPredicate(ctx, c, lena, pred, 50)
		if err != nil || p.Recent != 3 {
			t.Fatalf("lena's preview: %v %+v", err, p)
		}
		matched := map[string]bool{}
		for _, o := range p.Matched {
			matched[o.ID] = true
		}
		for _, o := range orders {
			if matched[o.ID] != (o.ApprovalStatus != "") {
				t.Errorf("order %s (%d cents): matched %v, flow %q", o.ID, o.TotalPrice.CentAmount, matched[o.ID], o.ApprovalStatus)
			}
		}
		if len(p.Matched) != 2 {
			t.Errorf("matched %d orders, want 2", len(p.Matched))
		}
		if p, err := a.PreviewPredicate(ctx, c, lena, pred, 1); err != nil || p.Recent != 1 || len(p.Matched) != 1 || p.Matched[0].ID != orders[2].ID {
			t.Errorf("the last order only: %v %+v", err, p)
		}
		_, err = a.PreviewPredicate(ctx, c, lena, `totalPrice >=`, 50)
		wantCode(t, err, procura.CodeInvalidInput)
		if p, err := a.PreviewPredicate(ctx, c, inUnit(w.customers["ruth@acme.example"], "acme"), pred, 50); err != nil || p.Recent != 0 {
			t.Errorf("ruth, who may not see bob's orders: %v %+v", err, p)
		}
	})
}
