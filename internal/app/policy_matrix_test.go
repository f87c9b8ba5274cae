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
				u := actions(before, `{"action":"`+row.Action+`"`+keepOwner(row.Action, max)+`}`)
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

// keepOwner gives the actions that would take the resource from its owner or its unit the
// owner's id or acme, so that the owner's callers still reach it for the actions after them.
func keepOwner(action, owner string) string {
	switch action {
	case "setCustomerId":
		return `,"customerId":"` + owner + `"`
	case "setBusinessUnit":
		return `,"businessUnit":{"key":"acme"}`
	}
	return ""
}

// policyResource is one resource of each type the table governs: how to read its version and
// how to update it.
type policyResource struct {
	version func(context.Context) int64
	update  func(context.Context, app.Caller, app.Acting, procura.Update) (any, error)
}

// policyResources makes, for the associate owner in acme, a cart, an order, a quote request, a
// quote, a shopping list, an approval rule and an approval flow; with acme itself as the business
// unit, and the owner's own account.
func (w *world) policyResources(owner string) map[string]policyResource {
	a, seller := w.a, w.seller
	cart := must[*procura.Cart](w.t)(a.CreateCart(ctx, seller, app.Acting{}, withCustomer(cartDraft("W-1"), owner, "acme")))
	order := w.placeOrder("max@acme.example", "acme")
	qr, _, quote := w.sellerQuote("max@acme.example", 2, "")
	rule := w.rule("acme", "any-order", `lineItemCount >= 1`, `{"tiers":[{"and":[{"or":[{"associateRole":{"key":"ceo"}}]}]}]}`, "everything")
	flowOrder := w.orderOf("max@acme.example", "acme", 1)
	flow := w.flowOf(flowOrder)
	list := must[*procura.ShoppingList](w.t)(a.CreateShoppingList(ctx, seller, app.Acting{}, listDraft(owner, "acme", "W-1")))
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
		procura.TypeCart:         buyerResource(w, cart.ID, a.GetCart, a.UpdateCart),
		procura.TypeOrder:        buyerResource(w, order.ID, a.GetOrder, a.UpdateOrder),
		procura.TypeQuoteRequest: buyerResource(w, qr.ID, a.GetQuoteRequest, a.UpdateQuoteRequest),
		procura.TypeQuote:        buyerResource(w, quote.ID, a.GetQuote, a.UpdateQuote),
		procura.TypeShoppingList: ownedBy(w, owner, list.ID, buyerResource(w, list.ID, a.GetShoppingList, a.UpdateShoppingList), a.UpdateShoppingList),
		procura.TypeApprovalRule: buyerResource(w, rule.ID, a.GetApprovalRule, a.UpdateApprovalRule),
		procura.TypeApprovalFlow: buyerResource(w, flow.ID, a.GetApprovalFlow, a.UpdateApprovalFlow),
		procura.TypeCustomer: { // the owner's account: the seller's, and their own through /me
			func(ctx context.Context) int64 {
				return must[*procura.Customer](w.t)(a.GetCustomer(ctx, seller, app.Ref{ID: owner})).Version
			},
			func(ctx context.Context, c app.Caller, who app.Acting, u procura.Update) (any, error) {
				if who.Kind == procura.AsMe {
					return a.UpdateMe(ctx, c, u)
				}
				return a.UpdateCustomer(ctx, c, app.Ref{ID: owner}, u)
			}},
	}
}

// buyerResource is the resource id of a buyer-facing type, read by the seller and updated by
// the caller.
func buyerResource[T interface{ Meta() *procura.Base }](w *world, id string,
	get func(context.Context, app.Caller, app.Acting, app.Ref) (T, error),
	update func(context.Context, app.Caller, app.Acting, app.Ref, procura.Update) (T, error)) policyResource {
	return policyResource{
		func(ctx context.Context) int64 {
			return must[T](w.t)(get(ctx, w.seller, app.Acting{}, app.Ref{ID: id})).Meta().Version
		},
		func(ctx context.Context, c app.Caller, who app.Acting, u procura.Update) (any, error) {
			return update(ctx, c, who, app.Ref{ID: id}, u)
		},
	}
}

// ownedBy gives a shopping list back to owner after the seller's actions (setCustomer without a
// customer unsets it), so that the next caller still reaches it.
func ownedBy(w *world, owner, id string, r policyResource,
	update func(context.Context, app.Caller, app.Acting, app.Ref, procura.Update) (*procura.ShoppingList, error)) policyResource {
	return policyResource{r.version, func(ctx context.Context, c app.Caller, who app.Acting, u procura.Update) (any, error) {
		out, err := r.update(ctx, c, who, u)
		if who.Kind == procura.AsSeller {
			list := must[*procura.ShoppingList](w.t)(w.a.GetShoppingList(ctx, w.seller, app.Acting{}, app.Ref{ID: id}))
			if list.CustomerID() != owner {
				must[*procura.ShoppingList](w.t)(update(ctx, w.seller, app.Acting{}, app.Ref{ID: list.ID},
					actions(list.Version, `{"action":"setCustomer","customer":{"id":"`+owner+`"}}`)))
			}
		}
		return out, err
	}}
}
