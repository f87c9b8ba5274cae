package app

import (
	"context"
	"encoding/json"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// storedCart is a cart with the company (top-level unit) it is listed under, which is stored in
// the document's group column, not in its JSON: a page of carts is sent as stored.
type storedCart struct {
	procura.Cart
	Company string `json:"-"` // a column only: set at every save (companyOf)
}

var cartKind = kind[storedCart, *storedCart]{
	typ: procura.TypeCart,
	index: func(c *storedCart) store.Doc {
		return store.Doc{Key: c.Key, Parent: unitOf(c.BusinessUnit), Owner: c.Owner(), Group: c.Company, State: c.CartState,
			Amount: &c.TotalPrice.CentAmount, Refs: policyRefs(&c.Cart)}
	},
}

func unitOf(ref *procura.KeyReference) string {
	if ref == nil {
		return ""
	}
	return ref.Key
}

// companyOf returns the top-level unit of the unit ref names ("" without one).
func companyOf(l *lookup, ref *procura.KeyReference) (string, error) {
	if ref == nil {
		return "", nil
	}
	u, err := l.unitByKey(ref.Key)
	if err != nil {
		return "", err
	}
	chain, err := l.chain(u)
	if err != nil {
		return "", err
	}
	return topLevel(chain), nil
}

func (a *App) cartChange(l *lookup) procura.Change { return a.changeIn(l, newCatalog(l)) }

func (a *App) changeIn(l *lookup, k *catalog) procura.Change {
	return procura.Change{Now: a.Now(), NewID: a.NewID, Lookup: l, Catalog: k, Groups: l, Languages: l.languages, Rates: l, Discounts: l, Policies: l}
}

// newCartChange is cartChange for a new cart: the products of its line items are read at once.
func (a *App) newCartChange(l *lookup, items []procura.LineItemDraft) (procura.Change, error) {
	k := newCatalog(l)
	skus := make([]string, len(items))
	for i, li := range items {
		skus[i] = li.SKU
	}
	return a.changeIn(l, k), k.prefetch(skus)
}

// CreateCart creates a cart. Through /me the cart is the customer's (in the unit their token
// acts for, unless the draft names one); through as-associate it is in the path's unit and the
// associate's unless the draft names a colleague.
func (a *App) CreateCart(ctx context.Context, c Caller, who Acting, d procura.CartDraft) (*procura.Cart, error) {
	var out *procura.Cart
	read := func(l *lookup, x *access) error {
		_, _, err := a.cartToCreate(l, x, c, d)
		return err
	}
	err := a.actingAhead(ctx, c, who, read, func(l *lookup, x *access) error {
		d, ch, err := a.cartToCreate(l, x, c, d)
		if err != nil {
			return err
		}
		cart, err := procura.NewCart(d, a.NewID(), ch)
		if err != nil {
			return err
		}
		if err := checkInStoreCart(c, cart); err != nil {
			return err
		}
		out = cart
		return a.saveCart(l, cart, 0)
	})
	return out, err
}

// cartToCreate shapes a copy of a cart draft for the caller and checks it, and reads the products
// of its lines: all that creating the cart reads.
func (a *App) cartToCreate(l *lookup, x *access, c Caller, d procura.CartDraft) (procura.CartDraft, procura.Change, error) {
	if err := x.shapeDraft(&d, c); err != nil {
		return d, procura.Change{}, err
	}
	inStoreCart(c, &d)
	if err := projectRounding(l, &d); err != nil {
		return d, procura.Change{}, err
	}
	if d.CustomerID != "" {
		if _, err := l.Customer("customerId", procura.ResourceIdentifier{ID: d.CustomerID}); err != nil {
			return d, procura.Change{}, err
		}
	}
	if err := x.check(procura.CreateCarts, unitKeyOf(d.BusinessUnit, l), ownerOf(d)); err != nil {
		return d, procura.Change{}, err
	}
	ch, err := a.newCartChange(l, d.LineItems)
	return d, ch, err
}

// shapeDraft fills in what /me and as-associate decide themselves: the customer and the unit,
// or the anonymous session (which has no unit).
func (x *access) shapeDraft(d *procura.CartDraft, c Caller) error {
	if !x.seller() && d.AnonymousID != "" {
		return procura.InvalidInput("The seller alone names the anonymous session of a cart: anonymousId must be empty.")
	}
	if err := procura.CartDraftAllowed(x.Kind, *d); err != nil {
		return err
	}
	if err := procura.AddressCustomAllowed(x.Kind, procura.TypeCart, "setShippingAddressCustomType", "shippingAddress", d.ShippingAddress); err != nil {
		return err
	}
	if err := procura.AddressCustomAllowed(x.Kind, procura.TypeCart, "setBillingAddressCustomType", "billingAddress", d.BillingAddress); err != nil {
		return err
	}
	if err := procura.CartTaxDraftAllowed(x.Kind, d.CartTaxDraft); err != nil {
		return err
	}
	switch {
	case x.seller():
	case x.Kind == procura.AsAnonymous:
		if d.CustomerID != "" || d.BusinessUnit != nil {
			return procura.InvalidInput("An anonymous session's cart has no customer and no business unit: sign in first.")
		}
		d.AnonymousID = x.AnonymousID
	case x.Kind == procura.AsMe:
		if d.CustomerID != "" && d.CustomerID != x.CustomerID {
			return procura.InvalidInput("A customer creates carts for themselves: customerId must be empty or their own.")
		}
		d.CustomerID = x.CustomerID
		if d.BusinessUnit == nil && c.BusinessUnit != "" {
			d.BusinessUnit = &procura.ResourceIdentifier{Key: c.BusinessUnit}
		}
	default:
		d.BusinessUnit = &procura.ResourceIdentifier{Key: x.path} // the path decides, as in the reference
		if d.CustomerID == "" {
			d.CustomerID = x.CustomerID
		}
	}
	return nil
}

// unitKeyOf resolves the key of the unit a draft names ("" when none or unknown: the draft's
// validation reports it).
func unitKeyOf(ri *procura.ResourceIdentifier, l *lookup) string {
	if ri == nil {
		return ""
	}
	if ri.Key != "" {
		return ri.Key
	}
	if u, err := l.Unit("businessUnit", *ri); err == nil {
		return u.Key
	}
	return ""
}

// saveCart stores a cart under its company.
func (a *App) saveCart(l *lookup, cart *procura.Cart, expected int64) error {
	company, err := companyOf(l, cart.BusinessUnit)
	if err != nil {
		return err
	}
	return cartKind.save(l.docs, &storedCart{Cart: *cart, Company: company}, expected)
}

// loadCart loads a cart the caller may perform o on.
func (a *App) loadCart(l *lookup, x *access, right procura.Right, r Ref) (*procura.Cart, *store.Doc, error) {
	doc, err := x.loadDoc(l, procura.TypeCart, right, r)
	if err != nil {
		return nil, nil, err
	}
	sc, err := cartKind.decoded(l, doc)
	if err != nil {
		return nil, nil, err
	}
	if right != procura.UpdateCarts { // an update checks each action's caller first (applyToCart)
		if err := x.unlocked(&sc.Cart, right); err != nil {
			return nil, nil, err
		}
	}
	if sc.Origin == procura.OriginRecurringOrder {
		if err := recurringCartRight(x, right, sc.ID); err != nil {
			return nil, nil, err
		}
	}
	if sc.Origin == "Quote" && (right == procura.PlaceOrders || right == procura.RequestQuotes || (!x.seller() && right != procura.ViewCarts)) {
		return nil, nil, procura.InvalidOperation("The cart '%s' is the quotation cart of a staged quote: the seller prices it, and the buyer orders the quote made from it.", sc.ID)
	}
	return &sc.Cart, doc, nil
}

// cartAt loads, for an order or a quote request, a cart the caller may perform o on, at the
// version the client saw; a cart they cannot reach is a ReferencedResourceNotFound.
func (a *App) cartAt(l *lookup, x *access, right procura.Right, id string, version int64) (*procura.Cart, *store.Doc, error) {
	cart, doc, err := a.loadCart(l, x, right, Ref{ID: id})
	if err != nil {
		return nil, nil, referenced(err, procura.TypeCart, id)
	}
	return cart, doc, checkVersion(doc, version)
}

// GetCart returns a cart the caller may view.
func (a *App) GetCart(ctx context.Context, c Caller, who Acting, r Ref) (*procura.Cart, error) {
	return shownAs[procura.Cart](ctx, a, c, who, procura.TypeCart, r)
}

// UpdateCart applies cart update actions; an Active cart is then repriced, as the reference
// recalculates carts on every update.
func (a *App) UpdateCart(ctx context.Context, c Caller, who Acting, r Ref, u procura.Update) (*procura.Cart, error) {
	var out *procura.Cart
	read := func(l *lookup, x *access) error { // the actions may add products; these stay
		cart, doc, err := a.loadCart(l, x, procura.UpdateCarts, r)
		if err == nil {
			err = checkUpdateVersion(doc, u)
		}
		if err != nil || cart.CartState != procura.CartActive {
			return err
		}
		return newCatalog(l).prefetchLines(cart)
	}
	err := a.actingAhead(ctx, c, who, read, func(l *lookup, x *access) error {
		cart, doc, err := a.loadCart(l, x, procura.UpdateCarts, r)
		if err != nil {
			return err
		}
		if err := l.checkUpdate(doc, u); err != nil {
			return err
		}
		k := newCatalog(l)
		ch := a.changeIn(l, k)
		ch.Payments, ch.Workflow, ch.Lists = attachable{l: l, who: who}, l, visibleLists{a, l, x}
		ch.ClientID = c.ClientID
		if err := x.apply(procura.TypeCart, u, func(raw json.RawMessage) error { return x.applyToCart(cart, raw, ch) }); err != nil {
			return err
		}
		if cart.CartState == procura.CartActive {
			if err := k.prefetchLines(cart); err != nil {
				return err
			}
			if err := cart.Reprice(ch); err != nil {
				return err
			}
		}
		cart.Touch(a.Now())
		out = cart
		return a.saveCart(l, cart, doc.Version)
	})
	return out, err
}

// applyToCart applies one action; moving the cart to another unit through /me is checked as
// creating it there.
func (x *access) applyToCart(cart *procura.Cart, raw json.RawMessage, ch procura.Change) error {
	if err := procura.CartActionAllowed(x.Kind, raw); err != nil {
		return err
	}
	if err := x.unlocked(cart, procura.UpdateCarts); err != nil {
		return err
	}
	if err := cart.Apply(raw, ch); err != nil {
		return err
	}
	if name := procura.ActionName(raw); name != "setBusinessUnit" && name != "setCustomerId" || x.seller() {
		return nil
	}
	return x.check(procura.CreateCarts, unitOf(cart.BusinessUnit), cart.Owner())
}

// ownerOf is the owner of the cart a draft makes.
func ownerOf(d procura.CartDraft) string {
	return (&procura.Cart{CustomerID: d.CustomerID, AnonymousID: d.AnonymousID}).Owner()
}

// DeleteCart deletes a cart the caller may delete.
func (a *App) DeleteCart(ctx context.Context, c Caller, who Acting, r Ref, version int64) (*procura.Cart, error) {
	var out *procura.Cart
	err := a.acting(ctx, c, who, func(l *lookup, x *access) error {
		cart, doc, err := a.loadCart(l, x, procura.DeleteCarts, r)
		if err != nil {
			return err
		}
		out = cart
		return remove(l.docs, doc, version)
	})
	return out, err
}

// ReplicaCartDraft makes a new cart from a cart or an order: "order the same again".
type ReplicaCartDraft struct {
	Reference *procura.Reference `json:"reference"`
	Key       string             `json:"key,omitempty"`
}

// ReplicateCart creates an Active cart with the line items of a cart or an order the caller may
// view, at today's prices, in the same unit and store: the seller's copy is for the same
// customer; an associate's or a customer's copy is their own.
func (a *App) ReplicateCart(ctx context.Context, c Caller, who Acting, d ReplicaCartDraft) (*procura.Cart, error) {
	if d.Reference == nil || d.Reference.ID == "" {
		return nil, procura.RequiredField("reference")
	}
	var out *procura.Cart
	err := a.acting(ctx, c, who, func(l *lookup, x *access) error {
		draft, err := a.replicaDraft(l, x, d)
		if err != nil {
			return err
		}
		if !x.seller() {
			draft.CustomerID, draft.AnonymousID = x.CustomerID, x.AnonymousID // whoever orders the same again owns the new cart
		}
		if err := x.check(procura.CreateCarts, unitKeyOf(draft.BusinessUnit, l), ownerOf(draft)); err != nil {
			return err
		}
		ch, err := a.newCartChange(l, draft.LineItems)
		if err != nil {
			return err
		}
		cart, err := procura.NewCart(draft, a.NewID(), ch)
		if err != nil {
			return err
		}
		if err := checkInStoreCart(c, cart); err != nil {
			return err
		}
		out = cart
		return a.saveCart(l, cart, 0)
	})
	return out, err
}

// replicaDraft reads the source and returns the draft of its copy.
func (a *App) replicaDraft(l *lookup, x *access, d ReplicaCartDraft) (procura.CartDraft, error) {
	var src struct {
		currency, customer, email, po string
		country                       string
		unit, store                   *procura.KeyReference
		items                         []procura.LineItem
		shipping, billing             *procura.Address
		parts                         procura.ReplicaParts
	}
	switch d.Reference.TypeID {
	case procura.TypeCart:
		cart, _, err := a.loadCart(l, x, procura.ViewCarts, Ref{ID: d.Reference.ID})
		if err != nil {
			return procura.CartDraft{}, referenced(err, procura.TypeCart, d.Reference.ID)
		}
		src.currency, src.customer, src.email, src.po = cart.TotalPrice.CurrencyCode, cart.CustomerID, cart.CustomerEmail, cart.PurchaseOrderNumber
		src.unit, src.store, src.items, src.shipping, src.billing = cart.BusinessUnit, cart.Store, cart.LineItems, cart.ShippingAddress, cart.BillingAddress
		src.country = cart.Country
		src.parts = procura.ReplicaParts{Locale: cart.Locale, ItemShippingAddresses: cart.ItemShippingAddresses, CustomLineItems: cart.CustomLineItems}
	case procura.TypeOrder:
		o, _, err := a.loadOrder(l, x, procura.ViewOrders, Ref{ID: d.Reference.ID})
		if err != nil {
			return procura.CartDraft{}, referenced(err, procura.TypeOrder, d.Reference.ID)
		}
		src.currency, src.customer, src.email, src.po = o.TotalPrice.CurrencyCode, o.CustomerID, o.CustomerEmail, o.PurchaseOrderNumber
		src.unit, src.store, src.items, src.shipping, src.billing = o.BusinessUnit, o.Store, o.LineItems, o.ShippingAddress, o.BillingAddress
		src.country = o.Country
		if src.parts, err = procura.ReplicaPartsOf(o.Locale, o.ItemShippingAddresses, o.CustomLineItems); err != nil {
			return procura.CartDraft{}, err
		}
	default:
		return procura.CartDraft{}, procura.InvalidField("reference.typeId", d.Reference.TypeID, procura.TypeCart, procura.TypeOrder)
	}
	draft := procura.CartDraft{Key: d.Key, Currency: src.currency, CustomerID: src.customer, CustomerEmail: src.email,
		PurchaseOrderNumber: src.po, ShippingAddress: src.shipping, BillingAddress: src.billing, Country: src.country}
	if src.unit != nil {
		draft.BusinessUnit = &procura.ResourceIdentifier{Key: src.unit.Key}
	}
	if src.store != nil {
		draft.Store = &procura.ResourceIdentifier{Key: src.store.Key}
	}
	for _, li := range src.items {
		q := li.Quantity
		draft.LineItems = append(draft.LineItems, procura.LineItemDraft{ProductID: li.ProductID, VariantID: li.Variant.ID, Quantity: &q})
	}
	src.parts.Into(&draft, src.items)
	return draft, nil
}

// referenced turns a missing source into ReferencedResourceNotFound.
func referenced(err error, typ, id string) error {
	if procura.ErrorCode(err) == procura.CodeResourceNotFound {
		return procura.ReferencedNotFound(typ, id, "")
	}
	return err
}

// ActiveCart returns the caller's most recently changed Active cart (/me/active-cart), as
// stored; ResourceNotFound when there is none.
func (a *App) ActiveCart(ctx context.Context, c Caller, who Acting) (json.RawMessage, error) {
	page, err := a.QueryCarts(ctx, c, who, Query{Where: []string{`cartState = "Active"`}, Sort: []string{"lastModifiedAt desc"}, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(page.raw) == 0 {
		return nil, procura.NotFound("active cart")
	}
	return page.raw[0], nil
}
