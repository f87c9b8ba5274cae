package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// TestActionPolicyMatrix drives every update action of every buyer-facing resource through the
// use cases as every kind of caller that reaches its route, against procura.ActionPolicy (the
// table docs/security.md shows): an action the table gives the caller is never refused by it; an
// action it does not is refused with the table's refusal and writes nothing. The associate holds
// every permission, so no permission check stands in the way.
func TestActionPolicyMatrix(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := approvalWorld(t, a, c)
		w.role("everything", true, procura.AllPermissions...)
		max := w.customer("max@acme.example")
		w.associate("acme", "max@acme.example", "everything", procura.InheritanceEnabled)
		tok := w.as("max@acme.example", "")
		callers := map[procura.ActorKind][2]any{
			procura.AsSeller:    {c, app.Acting{}},
			procura.AsBackend:   {c, inUnit(max, "acme")},
			procura.AsAssociate: {tok, app.AsAssociate(tok, max, "acme")},
			procura.AsMe:        {tok, app.Me(tok)},
		}
		res := w.policyResources(max)
		for _, row := range procura.ActionPolicy() {
			r, ok := res[row.Resource]
			if !ok {
				t.Fatalf("no resource of type %s to try its actions on", row.Resource)
			}
			for kind, cw := range callers {
				if !row.Route.Has(kind) {
					continue // no route of this caller updates the resource
				}
				before := r.version(ctx)
				u := actions(before, `{"action":"`+row.Action+`"}`)
				_, err := r.update(ctx, cw[0].(app.Caller), cw[1].(app.Acting), u)
				refusal := procura.ActionRefusal(kind, row.Resource, row.Action)
				refused := procura.ErrorCode(err) == refusal.Code && err != nil && strings.Contains(err.Error(), "who may use it")
				switch {
				case row.Callers.Has(kind) && refused:
					t.Errorf("%s %s as %s: refused by the table, which allows it: %v", row.Resource, row.Action, kind, err)
				case !row.Callers.Has(kind) && !refused:
					t.Errorf("%s %s as %s: %v, want the table's refusal %q", row.Resource, row.Action, kind, err, refusal.Message)
				case !row.Callers.Has(kind) && r.version(ctx) != before:
					t.Errorf("%s %s as %s: refused, yet written", row.Resource, row.Action, kind)
				}
			}
		}
	})
}

// policyResource is one resource of each type the table governs: how to read its version and
// how to update it.
type policyResource struct {
	version func(context.Context) int64
	update  func(context.Context, app.Caller, app.Acting, procura.Update) (any, error)
}

// policyResources makes, for the associate owner in acme, a cart, an order, a quote request, a
// quote, an approval rule and an approval flow; with acme itself as the business unit.
func (w *world) policyResources(owner string) map[string]policyResource {
	a, seller := w.a, w.seller
	cart := must[*procura.Cart](w.t)(a.CreateCart(ctx, seller, app.Acting{}, withCustomer(cartDraft("W-1"), owner, "acme")))
	order := w.placeOrder("max@acme.example", "acme")
	qr, _, quote := w.sellerQuote("max@acme.example", 2, "")
	rule := w.rule("acme", "any-order", `lineItemCount >= 1`, `{"tiers":[{"and":[{"or":[{"associateRole":{"key":"ceo"}}]}]}]}`, "everything")
	flowOrder := w.orderOf("max@acme.example", "acme", 1)
	flow := w.flowOf(flowOrder)
	ref := func(id string) app.Ref { return app.Ref{ID: id} }
	return map[string]policyResource{
		procura.TypeBusinessUnit: {
			func(context.Context) int64 { return w.version("acme") },
			func(ctx context.Context, c app.Caller, who app.Acting, u procura.Update) (any, error) {
				if who.Kind == procura.AsSeller {
					return a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "acme"}, u)
				}
				who.UnitKey = ""
				return a.UpdateAssociateUnit(ctx, c, who, app.Ref{Key: "acme"}, u)
			}},
		procura.TypeCart: {
			func(ctx context.Context) int64 {
				return must[*procura.Cart](w.t)(a.GetCart(ctx, seller, app.Acting{}, ref(cart.ID))).Version
			},
			func(ctx context.Context, c app.Caller, who app.Acting, u procura.Update) (any, error) {
				return a.UpdateCart(ctx, c, who, ref(cart.ID), u)
			}},
		procura.TypeOrder: {
			func(ctx context.Context) int64 {
				return must[*procura.Order](w.t)(a.GetOrder(ctx, seller, app.Acting{}, ref(order.ID))).Version
			},
			func(ctx context.Context, c app.Caller, who app.Acting, u procura.Update) (any, error) {
				return a.UpdateOrder(ctx, c, who, ref(order.ID), u)
			}},
		procura.TypeQuoteRequest: {
			func(ctx context.Context) int64 {
				return must[*procura.QuoteRequest](w.t)(a.GetQuoteRequest(ctx, seller, app.Acting{}, ref(qr.ID))).Version
			},
			func(ctx context.Context, c app.Caller, who app.Acting, u procura.Update) (any, error) {
				return a.UpdateQuoteRequest(ctx, c, who, ref(qr.ID), u)
			}},
		procura.TypeQuote: {
			func(ctx context.Context) int64 {
				return must[*procura.Quote](w.t)(a.GetQuote(ctx, seller, app.Acting{}, ref(quote.ID))).Version
			},
			func(ctx context.Context, c app.Caller, who app.Acting, u procura.Update) (any, error) {
				return a.UpdateQuote(ctx, c, who, ref(quote.ID), u)
			}},
		procura.TypeApprovalRule: {
			func(ctx context.Context) int64 {
				return must[*procura.ApprovalRule](w.t)(a.GetApprovalRule(ctx, seller, app.Acting{}, ref(rule.ID))).Version
			},
			func(ctx context.Context, c app.Caller, who app.Acting, u procura.Update) (any, error) {
				return a.UpdateApprovalRule(ctx, c, who, ref(rule.ID), u)
			}},
		procura.TypeApprovalFlow: {
			func(ctx context.Context) int64 {
				return must[*procura.ApprovalFlow](w.t)(a.GetApprovalFlow(ctx, seller, app.Acting{}, ref(flow.ID))).Version
			},
			func(ctx context.Context, c app.Caller, who app.Acting, u procura.Update) (any, error) {
				return a.UpdateApprovalFlow(ctx, c, who, ref(flow.ID), u)
			}},
	}
}
