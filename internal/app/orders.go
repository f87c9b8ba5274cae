package app

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// storedOrder is an order with the company it is listed under (a column, not in the JSON).
type storedOrder struct {
	procura.Order
	Company string `json:"-"` // a column only: set at every save (companyOf)
}

// orderKind indexes orders by number (Key), by cart (Unique: one order per cart), by unit,
// customer, company and state, for the company-orders listing, and by amount.
var orderKind = kind[storedOrder, *storedOrder]{
	typ: procura.TypeOrder,
	index: func(o *storedOrder) store.Doc {
		d := store.Doc{Key: o.OrderNumber, Parent: unitOf(o.BusinessUnit), Owner: o.CustomerID, Group: o.Company, State: o.OrderState,
			Amount: &o.TotalPrice.CentAmount, Refs: orderRefs(&o.Order)}
		switch {
		case o.Cart != nil:
			d.Unique = o.Cart.ID
		case o.Quote != nil:
			d.Unique = "quote/" + o.Quote.ID // one order per quote, as per cart
		}
		return d
	},
	keyName:    "orderNumber",
	uniqueName: "cart",
}

// CreateOrder places a cart at the version the client saw: the cart is priced for the order
// (priceForOrder), becomes Ordered and is saved so, the order copies it and its approval flow
// starts when rules match, on the order's total, in one transaction; a cart is ordered
// at most once, even by concurrent requests. Through as-associate the cart must be in the path's unit and the associate needs
// CreateMyOrdersFromMyCarts (their cart) or CreateOrdersFromOthersCarts; through /me, the cart
// must be the customer's and, in a unit, CreateMyOrdersFromMyCarts.
func (a *App) CreateOrder(ctx context.Context, c Caller, who Acting, d procura.OrderFromCartDraft) (*procura.Order, error) {
	cartID, err := d.CartID()
	if err != nil {
		return nil, err
	}
	if who.Kind.CustomerToken() { // a buyer's own token places only what a buyer owns
		if err := procura.BuyerOrderDraft(d); err != nil {
			return nil, err
		}
	}
	var out *procura.Order
	read := func(l *lookup, x *access) error {
		cart, _, err := a.cartAt(l, x, procura.PlaceOrders, cartID, *d.Version)
		if err != nil || !repricedAtOrder(cart) {
			return err
		}
		return newCatalog(l).prefetchLines(cart)
	}
	err = a.actingAhead(ctx, c, who, read, func(l *lookup, x *access) error {
		cart, doc, err := a.cartAt(l, x, procura.PlaceOrders, cartID, *d.Version)
		if err != nil {
			return err
		}
		recurring, err := a.recurs(cart)
		if err != nil {
			return err
		}
		if out, err = a.placeCart(l, cart, doc.Version, d, createdBy(c, who), recurring); err != nil || recurring == nil {
			return err
		}
		return a.recurFrom(l, c, cart, recurring, out)
	})
	return out, err
}

// priceForOrder prices a cart at the moment of ordering: an Active cart at today's prices, a
// Frozen one at its own while the project's carts.frozenPricesDays hold them (decision 0031).
func (a *App) priceForOrder(l *lookup, cart *procura.Cart) error {
	p, err := l.project()
	if err != nil {
		return err
	}
	k := newCatalog(l)
	if repricedAtOrder(cart) {
		if err := k.prefetchLines(cart); err != nil {
			return err
		}
	}
	return cart.PriceForOrder(a.changeIn(l, k), p.Carts.FrozenPricesDays)
}

// repricedAtOrder reports whether a cart is priced anew when it is ordered: an Active one is, a
// Frozen one keeps its prices.
func repricedAtOrder(cart *procura.Cart) bool { return cart.CartState == procura.CartActive }

// placeCart places cart, stored at version expected (0: a new cart): it re-checks its unit,
// orders it, starts the order's approval flow and saves both; recurring names the recurring
// order that placed it.
func (a *App) placeCart(l *lookup, cart *procura.Cart, expected int64, d procura.OrderFromCartDraft, by *procura.ClientLogging,
	recurring *procura.Reference) (*procura.Order, error) {
	if err := a.checkPlacement(l, cart.BusinessUnit, cart.CustomerID, cart.Store); err != nil {
		return nil, err
	}
	if err := a.priceForOrder(l, cart); err != nil {
		return nil, err
	}
	if err := cart.Order(); err != nil {
		return nil, err
	}
	if err := a.applyCodes(l, cart); err != nil {
		return nil, err
	}
	order, err := procura.NewOrder(cart, d, a.NewID(), a.Now())
	if err != nil {
		return nil, err
	}
	order.CreatedBy, order.RecurringOrder = by, recurring
	if d.State != nil {
		if order.State, err = l.Transition(procura.StateOrder, nil, d.State, true); err != nil {
			return nil, err
		}
	}
	if err := paymentsFree(l, order); err != nil {
		return nil, err
	}
	flow, err := a.startApproval(l, order)
	if err != nil {
		return nil, err
	}
	if err := a.saveOrderAndFlow(l, order, flow); err != nil {
		return nil, err
	}
	cart.Touch(a.Now())
	return order, a.saveCart(l, cart, expected)
}

// createdBy names who places an order: the API client, and the customer of the token or the
// associate the client acts for.
func createdBy(c Caller, who Acting) *procura.ClientLogging {
	cl := &procura.ClientLogging{ClientID: c.ClientID, ExternalUserID: c.Staff}
	if c.CustomerID != "" {
		cl.Customer = &procura.Reference{TypeID: procura.TypeCustomer, ID: c.CustomerID}
	}
	if who.Kind == procura.AsBackend || who.Kind == procura.AsAssociate {
		cl.Associate = &procura.Reference{TypeID: procura.TypeCustomer, ID: who.CustomerID}
	}
	return cl
}

// checkPlacement re-checks at order time what may have changed since the cart or the quote was
// made: its unit is still Active, its customer still an associate, its store still the unit's.
func (a *App) checkPlacement(l *lookup, unit *procura.KeyReference, customerID string, store *procura.KeyReference) error {
	if unit == nil {
		return nil
	}
	u, err := l.unitByKey(unit.Key)
	if err != nil {
		return err
	}
	return procura.CheckPlacement(u, customerID, store, l)
}

// saveOrder stores an order under its company; a second order of the same cart is refused.
func (a *App) saveOrder(l *lookup, o *procura.Order, expected int64) error {
	company, err := companyOf(l, o.BusinessUnit)
	if err != nil {
		return err
	}
	err = orderKind.save(l.docs, &storedOrder{Order: *o, Company: company}, expected)
	var pe *procura.Error
	if errors.As(err, &pe) && pe.Code == procura.CodeDuplicateField && pe.Fields["field"] == "cart" {
		if o.Quote != nil {
			return procura.InvalidOperation("The quote '%s' has already been ordered.", o.Quote.ID)
		}
		return procura.InvalidOperation("The cart '%s' has already been ordered.", o.Cart.ID)
	}
	return err
}

// loadOrder loads an order the caller may perform o on.
func (a *App) loadOrder(l *lookup, x *access, right procura.Right, r Ref) (*procura.Order, *store.Doc, error) {
	doc, err := x.loadDoc(l, procura.TypeOrder, right, r)
	if err != nil {
		return nil, nil, err
	}
	so, err := orderKind.decoded(l, doc)
	if err != nil {
		return nil, nil, err
	}
	return &so.Order, doc, nil
}

// GetOrder returns an order the caller may view (by id, or by order number as the key).
func (a *App) GetOrder(ctx context.Context, c Caller, who Acting, r Ref) (*procura.Order, error) {
	return shownAs[procura.Order](ctx, a, c, who, procura.TypeOrder, r)
}

// UpdateOrder applies order update actions (UpdateMyOrders or UpdateOthersOrders); a buyer
// with their own token only the buyer's actions.
func (a *App) UpdateOrder(ctx context.Context, c Caller, who Acting, r Ref, u procura.Update) (*procura.Order, error) {
	var out *procura.Order
	err := a.acting(ctx, c, who, func(l *lookup, x *access) error {
		o, doc, err := a.loadOrder(l, x, procura.UpdateOrders, r)
		if err != nil {
			return err
		}
		if err := l.checkUpdate(doc, u); err != nil {
			return err
		}
		ch := a.change(l)
		ch.Payments = attachable{l, who, o.ID}
		err = x.apply(procura.TypeOrder, u, func(raw json.RawMessage) error { return o.Apply(raw, ch) })
		if err != nil {
			return err
		}
		if c.Store != "" && (o.Store == nil || o.Store.Key != c.Store) {
			return procura.InvalidOperation("An order reached in store '%s' stays in it.", c.Store)
		}
		o.Touch(a.Now())
		out = o
		return a.saveOrder(l, o, doc.Version)
	})
	return out, err
}

// DeleteOrder deletes an order (the seller only).
func (a *App) DeleteOrder(ctx context.Context, c Caller, r Ref, version int64) (*procura.Order, error) {
	so, err := orderKind.remove(ctx, a, c, r, version, func(_ *lookup, so *storedOrder) error {
		return storeIs(c.Store, so.Store, r)
	})
	if err != nil {
		return nil, err
	}
	return &so.Order, nil
}

// orderRefs are the documents an order references, so that they cannot be deleted while it
// does: its workflow state, its line items' states and its payments.
func orderRefs(o *procura.Order) []store.Ref {
	refs := []store.Ref{}
	if o.State != nil {
		refs = append(refs, store.Ref{Type: procura.TypeState, ID: o.State.ID})
	}
	items := make([][]any, 0, len(o.LineItems)+len(o.CustomLineItems))
	for i := range o.LineItems {
		items = append(items, o.LineItems[i].State)
	}
	for i := range o.CustomLineItems {
		items = append(items, o.CustomLineItems[i].State)
	}
	for _, state := range items {
		states, _ := procura.ItemStates(state) // what the order holds was checked when written
		for _, is := range states {
			refs = append(refs, store.Ref{Type: procura.TypeState, ID: is.State.ID})
		}
	}
	if o.PaymentInfo != nil {
		for _, p := range o.PaymentInfo.Payments {
			refs = append(refs, store.Ref{Type: procura.TypePayment, ID: p.ID})
		}
	}
	return refs
}
