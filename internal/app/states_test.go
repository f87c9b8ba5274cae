package app_test

import (
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

func (w *world) state(d procura.StateDraft) *procura.State {
	w.t.Helper()
	return must[*procura.State](w.t)(w.a.CreateState(ctx, w.seller, d))
}

func no() *bool { f := false; return &f }

func stateIDs(ids ...string) *[]procura.ResourceIdentifier {
	out := []procura.ResourceIdentifier{}
	for _, id := range ids {
		out = append(out, procura.ResourceIdentifier{Key: id})
	}
	return &out
}

// An order moves through the seller's states along their transitions (force skips them), never
// to a state of another type; a state in use or reachable from another cannot be deleted.
func TestOrderWorkflowStates(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		shipped := w.state(procura.StateDraft{Key: "shipped", Type: procura.StateOrder, Initial: no(), Transitions: stateIDs()})
		packed := w.state(procura.StateDraft{Key: "packed", Type: procura.StateOrder, Transitions: stateIDs("shipped")})
		w.state(procura.StateDraft{Key: "received", Type: procura.StateOrder})
		picked := w.state(procura.StateDraft{Key: "picked", Type: procura.StateLineItem})

		_, err := a.CreateState(ctx, c, procura.StateDraft{Key: "odd", Type: procura.StateOrder, Transitions: stateIDs("picked")})
		wantCode(t, err, procura.CodeInvalidInput)
		_, err = a.CreateState(ctx, c, procura.StateDraft{Key: "odd", Type: procura.StateOrder, Transitions: stateIDs("nowhere")})
		wantCode(t, err, procura.CodeReferencedResourceNotFound)
		_, err = a.CreateState(ctx, c, procura.StateDraft{Key: "odd", Type: "CartState"})
		wantCode(t, err, procura.CodeInvalidField)
		_, err = a.CreateState(ctx, c, procura.StateDraft{Type: procura.StateOrder})
		wantCode(t, err, procura.CodeRequiredField)
		_, err = a.CreateState(ctx, c, procura.StateDraft{Key: "packed", Type: procura.StateOrder})
		wantCode(t, err, procura.CodeDuplicateField)

		o := w.placeOrder("alice@acme.example", "acme")
		move := func(o *procura.Order, key string, force bool) (*procura.Order, error) {
			f := "false"
			if force {
				f = "true"
			}
			return a.UpdateOrder(ctx, c, app.Acting{}, app.Ref{ID: o.ID}, actions(o.Version,
				`{"action":"transitionState","state":{"typeId":"state","key":"`+key+`"},"force":`+f+`}`))
		}
		_, err = move(o, "shipped", false) // not initial
		wantCode(t, err, procura.CodeInvalidOperation)
		_, err = move(o, "picked", true) // a line item state
		wantCode(t, err, procura.CodeInvalidInput)
		o = must[*procura.Order](t)(move(o, "packed", false))
		if o.State == nil || o.State.ID != packed.ID {
			t.Fatalf("state %+v, want packed", o.State)
		}
		_, err = move(o, "received", false) // packed leads to shipped only
		wantCode(t, err, procura.CodeInvalidOperation)
		o = must[*procura.Order](t)(move(o, "shipped", false))
		_, err = move(o, "packed", false) // shipped leads nowhere
		wantCode(t, err, procura.CodeInvalidOperation)
		if got := must[*procura.Order](t)(a.GetOrder(ctx, c, app.Acting{}, app.Ref{ID: o.ID})); got.Version != o.Version || got.State.ID != shipped.ID {
			t.Fatalf("a refused transition wrote: %+v", got.State)
		}
		o = must[*procura.Order](t)(move(o, "received", true))

		// A buyer's own token does not move the seller's workflow.
		as := app.Acting{Kind: procura.AsAssociate, CustomerID: w.customers["alice@acme.example"], UnitKey: "acme"}
		_, err = a.UpdateOrder(ctx, w.as("alice@acme.example", ""), as, app.Ref{ID: o.ID}, actions(o.Version, `{"action":"transitionState","state":{"key":"received"},"force":true}`))
		wantCode(t, err, procura.CodeInvalidOperation)

		// In use: the order's state; reachable: shipped from packed.
		received := must[*procura.State](t)(a.GetState(ctx, c, app.Ref{Key: "received"}))
		_, err = a.DeleteState(ctx, c, app.Ref{Key: "received"}, received.Version)
		wantCode(t, err, procura.CodeReferenceExists)
		_, err = a.DeleteState(ctx, c, app.Ref{Key: "shipped"}, shipped.Version)
		wantCode(t, err, procura.CodeReferenceExists)
		must[*procura.State](t)(a.DeleteState(ctx, c, app.Ref{Key: "picked"}, picked.Version))
		// Clearing packed's transitions frees shipped.
		packed = must[*procura.State](t)(a.UpdateState(ctx, c, app.Ref{Key: "packed"}, actions(packed.Version, `{"action":"setTransitions"}`)))
		if packed.Transitions != nil {
			t.Fatalf("transitions %+v, want none (any)", packed.Transitions)
		}
		must[*procura.State](t)(a.DeleteState(ctx, c, app.Ref{Key: "shipped"}, shipped.Version))
		_, err = a.UpdateState(ctx, c, app.Ref{Key: "packed"}, actions(packed.Version, `{"action":"setTransitions","transitions":[{"key":"shipped"}]}`))
		wantCode(t, err, procura.CodeReferencedResourceNotFound)
		_, err = a.UpdateState(ctx, c, app.Ref{Key: "packed"}, actions(packed.Version-1, `{"action":"setName","name":{"en":"Packed"}}`))
		wantCode(t, err, procura.CodeConcurrentModification)
	})
}

// An order placed by the seller may start in a state; a buyer's draft names none.
func TestOrderDraftState(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		open := w.state(procura.StateDraft{Key: "received", Type: procura.StateOrder})
		alice := w.as("alice@acme.example", "")
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, alice, app.Me(alice), cartDraft("W-1")))
		state := &procura.ResourceIdentifier{Key: "received"}
		_, err := a.CreateOrder(ctx, alice, app.Me(alice), procura.OrderFromCartDraft{ID: cart.ID, Version: &cart.Version, State: state})
		wantCode(t, err, procura.CodeInvalidOperation)
		_, err = a.CreateOrder(ctx, c, app.Acting{}, procura.OrderFromCartDraft{ID: cart.ID, Version: &cart.Version, State: &procura.ResourceIdentifier{Key: "none"}})
		wantCode(t, err, procura.CodeReferencedResourceNotFound)
		o := must[*procura.Order](t)(a.CreateOrder(ctx, c, app.Acting{}, procura.OrderFromCartDraft{ID: cart.ID, Version: &cart.Version, State: state}))
		if o.State == nil || o.State.ID != open.ID {
			t.Fatalf("state %+v", o.State)
		}
	})
}

// A product starts in a state of type ProductState its draft names and moves along its states'
// transitions (force skips them), never to a state of another type; a state a product is in
// cannot be deleted.
func TestProductWorkflowStates(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		w.state(procura.StateDraft{Key: "review", Type: procura.StateProduct, Initial: no(), Transitions: stateIDs()})
		w.state(procura.StateDraft{Key: "draft", Type: procura.StateProduct, Transitions: stateIDs("review")})
		w.state(procura.StateDraft{Key: "packed", Type: procura.StateOrder})
		pt := must[*procura.ProductType](t)(a.GetProductType(ctx, c, app.Ref{Key: "thing"}))
		draft := procura.ProductDraft{Key: "lamp", ProductType: &procura.ResourceIdentifier{ID: pt.ID}, Name: procura.LocalizedString{"en": "Lamp"},
			Slug: procura.LocalizedString{"en": "lamp"}, State: &procura.ResourceIdentifier{Key: "packed"}}
		_, err := a.CreateProduct(ctx, c, draft)
		wantCode(t, err, procura.CodeInvalidInput) // an order's state
		draft.State = &procura.ResourceIdentifier{Key: "draft"}
		p := must[*procura.Product](t)(a.CreateProduct(ctx, c, draft))
		draftState := must[*procura.State](t)(a.GetState(ctx, c, app.Ref{Key: "draft"}))
		if p.State == nil || p.State.ID != draftState.ID {
			t.Fatalf("state %+v, want draft", p.State)
		}
		move := func(p *procura.Product, key, force string) (*procura.Product, error) {
			return a.UpdateProduct(ctx, c, app.Ref{ID: p.ID}, actions(p.Version, `{"action":"transitionState","state":{"key":"`+key+`"},"force":`+force+`}`))
		}
		p = must[*procura.Product](t)(move(p, "review", "false"))
		_, err = move(p, "draft", "false") // review leads nowhere
		wantCode(t, err, procura.CodeInvalidOperation)
		_, err = move(p, "packed", "true")
		wantCode(t, err, procura.CodeInvalidInput)
		if got := must[*procura.Product](t)(a.GetProduct(ctx, c, app.Ref{ID: p.ID})); got.Version != p.Version {
			t.Fatalf("a refused transition wrote version %d", got.Version)
		}
		p = must[*procura.Product](t)(move(p, "draft", "true"))
		_, err = a.DeleteState(ctx, c, app.Ref{Key: "draft"}, draftState.Version)
		wantCode(t, err, procura.CodeReferenceExists)
	})
}
