package app

import (
	"context"
	"encoding/json"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// recurringKind indexes recurring orders by key, unit, customer and state (what the runner
// looks for), and records the cart each one orders again.
var recurringKind = kind[procura.RecurringOrder, *procura.RecurringOrder]{
	typ: procura.TypeRecurringOrder,
	index: func(r *procura.RecurringOrder) store.Doc {
		d := store.Doc{Key: r.Key, Parent: unitOf(r.BusinessUnit), State: r.RecurringOrderState,
			Refs: []store.Ref{{Type: procura.TypeCart, ID: r.Cart.ID}}}
		if r.Customer != nil {
			d.Owner = r.Customer.ID
		}
		return d
	},
}

// policyRefs are the recurrence policies a cart's items name, so that none is deleted while a
// cart (a recurring order's among them) recurs by it; never nil, as items may stop recurring.
func policyRefs(c *procura.Cart) []store.Ref {
	refs := []store.Ref{}
	for i := range c.LineItems {
		if info := c.LineItems[i].RecurrenceInfo; info != nil {
			refs = append(refs, store.Ref{Type: procura.TypeRecurrencePolicy, ID: info.RecurrencePolicy.ID})
		}
	}
	for i := range c.CustomLineItems {
		if info := c.CustomLineItems[i].RecurrenceInfo; info != nil {
			refs = append(refs, store.Ref{Type: procura.TypeRecurrencePolicy, ID: info.RecurrencePolicy.ID})
		}
	}
	return refs
}

// CreateRecurringOrder makes a recurring order of a cart at the version the client saw, whose
// items recur by one policy: its cart is a copy of the recurring items (origin RecurringOrder),
// the first order due at startsAt (decision 0033). The cart given stays as it is.
func (a *App) CreateRecurringOrder(ctx context.Context, c Caller, d procura.RecurringOrderDraft) (*procura.RecurringOrder, error) {
	if err := d.CheckEnvelope(); err != nil {
		return nil, err
	}
	var out *procura.RecurringOrder
	err := a.acting(ctx, c, Acting{}, func(l *lookup, x *access) error {
		src, _, err := a.cartAt(l, x, procura.ViewCarts, d.Cart.ID, *d.CartVersion)
		if err != nil {
			return err
		}
		if src.CartState != procura.CartActive {
			return procura.InvalidOperation("The cart '%s' is %s: a recurring order is made of an Active cart.", src.ID, src.CartState)
		}
		if err := a.checkPlacement(l, src.BusinessUnit, src.CustomerID, src.Store); err != nil {
			return err
		}
		out, err = a.newRecurring(l, x, src, d, a.NewID(), nil)
		return err
	})
	return out, err
}

// newRecurring makes and saves the recurring order id of src's recurring items, and its cart;
// origin is the order it was made with, if any.
func (a *App) newRecurring(l *lookup, x *access, src *procura.Cart, d procura.RecurringOrderDraft, id string,
	origin *procura.Order) (*procura.RecurringOrder, error) {
	policyID, _, err := procura.CartRecurrence(src)
	if err != nil {
		return nil, err
	}
	if policyID == "" {
		return nil, procura.InvalidOperation("No item of the cart '%s' has recurrence info: a recurring order orders again the items that have.", src.ID)
	}
	policy, err := l.RecurrencePolicy("cart", procura.ResourceIdentifier{ID: policyID})
	if err != nil {
		return nil, err
	}
	tmpl, err := a.recurringCart(l, x, src, true)
	if err != nil {
		return nil, err
	}
	tmpl.Origin = procura.OriginRecurringOrder
	if err := a.saveCart(l, tmpl, 0); err != nil {
		return nil, err
	}
	r, err := procura.NewRecurringOrder(d, tmpl, policy.Schedule, id, a.Now())
	if err != nil {
		return nil, err
	}
	if origin != nil {
		r.Originated(origin.ID, a.Now())
	}
	return r, recurringKind.insert(l.docs, r)
}

// recurs returns the reference of the recurring order an order of cart starts, when its items
// recur (nil otherwise): the reference's usual way to a recurring order.
func (a *App) recurs(cart *procura.Cart) (*procura.Reference, error) {
	policyID, _, err := procura.CartRecurrence(cart)
	if err != nil || policyID == "" {
		return nil, err
	}
	return &procura.Reference{TypeID: procura.TypeRecurringOrder, ID: a.NewID()}, nil
}

// recurFrom makes the recurring order ref of order, placed from src: that order is its origin and
// its first occurrence. The seller's access reads the cart, whoever placed it.
func (a *App) recurFrom(l *lookup, c Caller, src *procura.Cart, ref *procura.Reference, order *procura.Order) error {
	x, err := newAccess(l, Caller{ProjectKey: c.ProjectKey}, Acting{})
	if err != nil {
		return err
	}
	_, err = a.newRecurring(l, x, src, procura.RecurringOrderDraft{}, ref.ID, order)
	return err
}

// recurringCartRight refuses what is done to a recurring order's cart but through the recurring
// order: ordering it, requesting a quote of it, deleting it; a buyer views it only. The seller may
// change it, and so what the orders to come hold.
func recurringCartRight(x *access, right procura.Right, id string) error {
	if right == procura.ViewCarts || right == procura.UpdateCarts && x.seller() {
		return nil
	}
	return procura.InvalidOperation("The cart '%s' is a recurring order's: it is ordered, and deleted, through the recurring order.", id)
}

// recurringCart makes a new cart of src's recurring items (KeepRecurring), not yet saved.
func (a *App) recurringCart(l *lookup, x *access, src *procura.Cart, template bool) (*procura.Cart, error) {
	draft, err := a.replicaDraft(l, x, ReplicaCartDraft{Reference: &procura.Reference{TypeID: procura.TypeCart, ID: src.ID}})
	if err != nil {
		return nil, err
	}
	procura.KeepRecurring(&draft, src, template)
	ch, err := a.newCartChange(l, draft.LineItems)
	if err != nil {
		return nil, err
	}
	cart, err := procura.NewCart(draft, a.NewID(), ch)
	if err != nil {
		return nil, err
	}
	if template {
		procura.KeepCustomRecurrence(cart, src)
	}
	return cart, nil
}

// GetRecurringOrder returns the recurring order r names.
func (a *App) GetRecurringOrder(ctx context.Context, c Caller, r Ref) (*procura.RecurringOrder, error) {
	return recurringKind.get(ctx, a, c, r)
}

// QueryRecurringOrders pages through the project's recurring orders.
func (a *App) QueryRecurringOrders(ctx context.Context, c Caller, q Query) (*Page, error) {
	return recurringKind.query(ctx, a, c, q)
}

// UpdateRecurringOrder applies recurring order update actions.
func (a *App) UpdateRecurringOrder(ctx context.Context, c Caller, r Ref, u procura.Update) (*procura.RecurringOrder, error) {
	return recurringKind.update(ctx, a, c, r, u, func(l *lookup, ro *procura.RecurringOrder, raw json.RawMessage) error {
		return ro.Apply(raw, a.Now(), l)
	})
}

// DeleteRecurringOrder deletes a recurring order and its cart; the orders it placed stay.
func (a *App) DeleteRecurringOrder(ctx context.Context, c Caller, r Ref, version int64) (*procura.RecurringOrder, error) {
	return recurringKind.remove(ctx, a, c, r, version, func(l *lookup, ro *procura.RecurringOrder) error {
		doc, err := l.docs.Get(procura.TypeCart, ro.Cart.ID)
		if err != nil {
			return err
		}
		return remove(l.docs, doc, doc.Version)
	})
}
