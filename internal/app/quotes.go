package app

import (
	"context"
	"encoding/json"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// The negotiation: a buyer requests a quote from a cart, the seller prices it in a staged quote
// and sends a quote, the buyer accepts, declines or asks to renegotiate, and an order is made
// from the accepted quote.

type storedQuoteRequest struct {
	procura.QuoteRequest
	Company string `json:"-"` // a column only: set at every save (companyOf)
}

type storedQuote struct {
	procura.Quote
	Company string `json:"-"` // a column only: set at every save (companyOf)
}

// offerIndex lists a request or a quote by key, unit, customer, company, state and amount;
// quotes also reference their request, so that a request's offers can be found.
func offerIndex(key string, o *procura.Offer, company, state string) store.Doc {
	return store.Doc{Key: key, Parent: unitOf(o.BusinessUnit), Owner: o.OwnerID(), Group: company, State: state,
		Amount: &o.TotalPrice.CentAmount}
}

var quoteRequestKind = kind[storedQuoteRequest, *storedQuoteRequest]{
	typ: procura.TypeQuoteRequest,
	index: func(q *storedQuoteRequest) store.Doc {
		return withState(offerIndex(q.Key, &q.Offer, q.Company, q.QuoteRequestState), q.State)
	},
}

var stagedQuoteKind = kind[procura.StagedQuote, *procura.StagedQuote]{
	typ: procura.TypeStagedQuote,
	index: func(s *procura.StagedQuote) store.Doc {
		return withState(store.Doc{Key: s.Key, Parent: unitOf(s.BusinessUnit), State: s.StagedQuoteState}, s.State)
	},
}

var quoteKind = kind[storedQuote, *storedQuote]{
	typ: procura.TypeQuote,
	index: func(q *storedQuote) store.Doc {
		d := offerIndex(q.Key, &q.Offer, q.Company, q.QuoteState)
		d.Refs = []store.Ref{{Type: procura.TypeQuoteRequest, ID: q.QuoteRequest.ID}}
		return withState(d, q.State)
	},
}

// CreateQuoteRequest requests a quote for a cart at the version the buyer saw. As-associate it
// needs CreateMyQuoteRequestsFromMyCarts (their cart) or CreateQuoteRequestsFromOthersCarts.
func (a *App) CreateQuoteRequest(ctx context.Context, c Caller, who Acting, d procura.QuoteRequestDraft) (*procura.QuoteRequest, error) {
	cartID, err := d.CartRef()
	if err != nil {
		return nil, err
	}
	if d.Custom != nil { // the draft's custom fields are for whoever may set them (policy.go)
		if err := procura.ActionAllowed(who.Kind, procura.TypeQuoteRequest, "setCustomType"); err != nil {
			return nil, err
		}
	}
	var out *procura.QuoteRequest
	err = a.acting(ctx, c, who, func(l *lookup, x *access) error {
		cart, _, err := a.cartAt(l, x, procura.RequestQuotes, cartID, *d.CartVersion)
		if err != nil {
			return err
		}
		qr, err := procura.NewQuoteRequest(cart, d, a.NewID(), a.Now())
		if err != nil {
			return err
		}
		out = qr
		return a.saveQuoteRequest(l, qr, 0)
	})
	return out, err
}

func (a *App) saveQuoteRequest(l *lookup, qr *procura.QuoteRequest, expected int64) error {
	company, err := companyOf(l, qr.BusinessUnit)
	if err != nil {
		return err
	}
	return quoteRequestKind.save(l.docs, &storedQuoteRequest{QuoteRequest: *qr, Company: company}, expected)
}

func (a *App) saveQuote(l *lookup, q *procura.Quote, expected int64) error {
	company, err := companyOf(l, q.BusinessUnit)
	if err != nil {
		return err
	}
	return quoteKind.save(l.docs, &storedQuote{Quote: *q, Company: company}, expected)
}

// loadQuoteRequest loads a request the caller may perform o on.
func (a *App) loadQuoteRequest(l *lookup, x *access, right procura.Right, r Ref) (*procura.QuoteRequest, *store.Doc, error) {
	doc, err := x.loadDoc(l, procura.TypeQuoteRequest, right, r)
	if err != nil {
		return nil, nil, err
	}
	sq, err := quoteRequestKind.decoded(l, doc)
	if err != nil {
		return nil, nil, err
	}
	return &sq.QuoteRequest, doc, nil
}

// loadQuote loads a quote the caller may perform o on.
func (a *App) loadQuote(l *lookup, x *access, right procura.Right, r Ref) (*procura.Quote, *store.Doc, error) {
	doc, err := x.loadDoc(l, procura.TypeQuote, right, r)
	if err != nil {
		return nil, nil, err
	}
	sq, err := quoteKind.decoded(l, doc)
	if err != nil {
		return nil, nil, err
	}
	return &sq.Quote, doc, nil
}

// GetQuoteRequest returns a request the caller may view.
func (a *App) GetQuoteRequest(ctx context.Context, c Caller, who Acting, r Ref) (*procura.QuoteRequest, error) {
	return shownAs[procura.QuoteRequest](ctx, a, c, who, procura.TypeQuoteRequest, r)
}

// QueryQuoteRequests pages through the requests the caller may view.
func (a *App) QueryQuoteRequests(ctx context.Context, c Caller, who Acting, q Query) (*Page, error) {
	return a.queryB2B(ctx, c, who, q, procura.TypeQuoteRequest, procura.ViewQuoteRequests)
}

// UpdateQuoteRequest applies request update actions: the seller's, or the buyer's cancellation
// (UpdateMyQuoteRequests or UpdateOthersQuoteRequests as an associate).
func (a *App) UpdateQuoteRequest(ctx context.Context, c Caller, who Acting, r Ref, u procura.Update) (*procura.QuoteRequest, error) {
	var out *procura.QuoteRequest
	err := a.acting(ctx, c, who, func(l *lookup, x *access) error {
		qr, doc, err := a.loadQuoteRequest(l, x, procura.UpdateQuoteRequests, r)
		if err != nil {
			return err
		}
		if err := l.checkUpdate(doc, u); err != nil {
			return err
		}
		ch := a.change(l)
		if err := x.apply(procura.TypeQuoteRequest, u, func(raw json.RawMessage) error { return qr.Apply(raw, ch, !x.seller()) }); err != nil {
			return err
		}
		qr.Touch(a.Now())
		out = qr
		return a.saveQuoteRequest(l, qr, doc.Version)
	})
	return out, err
}

// CreateStagedQuote starts the seller's work on a request: a quotation cart with the requested
// line items, and the request Accepted when asked.
func (a *App) CreateStagedQuote(ctx context.Context, c Caller, d procura.StagedQuoteDraft) (*procura.StagedQuote, error) {
	if d.QuoteRequest == nil || d.QuoteRequestVersion == nil {
		return nil, procura.RequiredField("quoteRequest")
	}
	var out *procura.StagedQuote
	err := a.write(ctx, c, func(l *lookup) error {
		docs := l.docs

		qr, doc, err := a.loadQuoteRequest(l, sellerAccessIn(l, c), procura.ViewQuoteRequests, Ref{ID: d.QuoteRequest.ID, Key: d.QuoteRequest.Key})
		if err != nil {
			return referenced(err, procura.TypeQuoteRequest, d.QuoteRequest.ID)
		}
		if err := checkVersion(doc, *d.QuoteRequestVersion); err != nil {
			return err
		}
		cart := procura.NewQuotationCart(qr, a.NewID(), a.Now())
		sq, err := procura.NewStagedQuote(qr, d, cart.ID, a.NewID(), a.Now())
		if err != nil {
			return err
		}
		if err := a.saveCart(l, cart, 0); err != nil {
			return err
		}
		if qr.QuoteRequestState != stateOf(doc) {
			qr.Touch(a.Now())
			if err := a.saveQuoteRequest(l, qr, doc.Version); err != nil {
				return err
			}
		}
		out = sq
		return stagedQuoteKind.insert(docs, sq)
	})
	return out, err
}

func stateOf(doc *store.Doc) string { return doc.State }

// GetStagedQuote returns a staged quote (the seller's).
func (a *App) GetStagedQuote(ctx context.Context, c Caller, r Ref) (*procura.StagedQuote, error) {
	return shownAs[procura.StagedQuote](ctx, a, c, Acting{}, procura.TypeStagedQuote, r)
}

// QueryStagedQuotes pages through the staged quotes.
func (a *App) QueryStagedQuotes(ctx context.Context, c Caller, q Query) (*Page, error) {
	return stagedQuoteKind.query(ctx, a, c, inStoreQuery(c, q))
}

// UpdateStagedQuote applies staged-quote update actions.
func (a *App) UpdateStagedQuote(ctx context.Context, c Caller, r Ref, u procura.Update) (*procura.StagedQuote, error) {
	return stagedQuoteKind.updateAs(ctx, a, c, r, u, func(l *lookup, sq *procura.StagedQuote) (func(json.RawMessage) error, error) {
		ch := a.change(l)
		return func(raw json.RawMessage) error { return sq.Apply(raw, ch) }, storeIs(c.Store, sq.Store, r)
	})
}

// DeleteStagedQuote deletes a staged quote.
func (a *App) DeleteStagedQuote(ctx context.Context, c Caller, r Ref, version int64) (*procura.StagedQuote, error) {
	return stagedQuoteKind.remove(ctx, a, c, r, version, func(_ *lookup, sq *procura.StagedQuote) error { return storeIs(c.Store, sq.Store, r) })
}

// CreateQuote sends the offer of a staged quote InProgress; earlier quotes of the same request
// that await renegotiation become RenegotiationAddressed.
func (a *App) CreateQuote(ctx context.Context, c Caller, d procura.QuoteDraft) (*procura.Quote, error) {
	if d.StagedQuote == nil || d.StagedQuoteVersion == nil {
		return nil, procura.RequiredField("stagedQuote")
	}
	var out *procura.Quote
	err := a.write(ctx, c, func(l *lookup) error {
		docs := l.docs

		sq, doc, err := stagedQuoteKind.load(l, Ref{ID: d.StagedQuote.ID, Key: d.StagedQuote.Key})
		if err == nil {
			err = storeIs(c.Store, sq.Store, Ref{ID: d.StagedQuote.ID, Key: d.StagedQuote.Key})
		}
		if err != nil {
			return referenced(err, procura.TypeStagedQuote, d.StagedQuote.ID)
		}
		if err := checkVersion(doc, *d.StagedQuoteVersion); err != nil {
			return err
		}
		cart, _, err := a.loadCart(l, sellerAccess(l), procura.ViewCarts, Ref{ID: sq.QuotationCart.ID})
		if err != nil {
			return err
		}
		q, err := procura.NewQuote(sq, cart, d, a.NewID(), a.Now())
		if err != nil {
			return err
		}
		if err := a.addressRenegotiations(l, q.QuoteRequest.ID); err != nil {
			return err
		}
		sq.Touch(a.Now())
		if err := stagedQuoteKind.save(docs, sq, doc.Version); err != nil {
			return err
		}
		out = q
		if err := a.saveQuote(l, q, 0); err != nil {
			return err
		}
		return a.notifyQuote(l, procura.NotifyQuoteSent, q, "")
	})
	return out, err
}

// addressRenegotiations marks the request's quotes awaiting renegotiation as addressed.
func (a *App) addressRenegotiations(l *lookup, requestID string) error {
	refs, err := l.docs.ReferencedBy(store.Ref{Type: procura.TypeQuoteRequest, ID: requestID}, 1000)
	if err != nil {
		return err
	}
	for _, ref := range refs {
		if ref.Type != procura.TypeQuote {
			continue
		}
		q, doc, err := quoteKind.load(l, Ref{ID: ref.ID})
		if err != nil {
			return err
		}
		if q.QuoteState != procura.QuoteDeclinedForRenegotiation {
			continue
		}
		if err := q.Address(); err != nil {
			return err
		}
		q.Touch(a.Now())
		if err := a.saveQuote(l, &q.Quote, doc.Version); err != nil {
			return err
		}
	}
	return nil
}

// GetQuote returns a quote the caller may view.
func (a *App) GetQuote(ctx context.Context, c Caller, who Acting, r Ref) (*procura.Quote, error) {
	return shownAs[procura.Quote](ctx, a, c, who, procura.TypeQuote, r)
}

// QueryQuotes pages through the quotes the caller may view; where=quoteRequest(id="…") lists the
// offers of one request.
func (a *App) QueryQuotes(ctx context.Context, c Caller, who Acting, q Query) (*Page, error) {
	return a.queryB2B(ctx, c, who, q, procura.TypeQuote, procura.ViewQuotes)
}

// quoteOp is the permission pair a buyer's quote action needs.
func quoteOp(raw json.RawMessage) procura.Right {
	name, state := procura.QuoteAction(raw)
	switch {
	case name == "requestQuoteRenegotiation":
		return procura.RenegotiateQuotes
	case name == "changeCustomer":
		return procura.ReassignQuotes
	case state == procura.QuoteDeclined:
		return procura.DeclineQuotes
	}
	return procura.AcceptQuotes
}

// UpdateQuote applies quote update actions: the seller's, or the buyer's (accept, decline,
// renegotiate, reassign to a colleague), each with its My or Others permission as an associate.
// Through /me only changeMyQuoteState is possible, as in the reference.
func (a *App) UpdateQuote(ctx context.Context, c Caller, who Acting, r Ref, u procura.Update) (*procura.Quote, error) {
	var out *procura.Quote
	err := a.acting(ctx, c, who, func(l *lookup, x *access) error {
		// Each action checks its own permission below; an update without actions needs to view.
		first := procura.ViewQuotes
		if len(u.Actions) > 0 {
			first = quoteOp(u.Actions[0])
		}
		q, doc, err := a.loadQuote(l, x, first, r)
		if err != nil {
			return err
		}
		if err := l.checkUpdate(doc, u); err != nil {
			return err
		}
		owner := q.OwnerID()
		ch := a.change(l)
		err = x.apply(procura.TypeQuote, u, func(raw json.RawMessage) error {
			if err := x.check(quoteOp(raw), unitOf(q.BusinessUnit), owner); err != nil {
				return err
			}
			if err := q.Apply(raw, ch, !x.seller()); err != nil {
				return err
			}
			return a.checkReassignment(l, q)
		})
		if err != nil {
			return err
		}
		q.Touch(a.Now())
		out = q
		return a.saveQuote(l, q, doc.Version)
	})
	return out, err
}

// checkReassignment: a quote of a unit goes only to one of the unit's associates.
func (a *App) checkReassignment(l *lookup, q *procura.Quote) error {
	if q.BusinessUnit == nil || q.Customer == nil {
		return nil
	}
	ok, _, err := isAssociateOf(l, q.Customer.ID, Ref{Key: q.BusinessUnit.Key})
	if err == nil && !ok {
		err = procura.InvalidOperation("The customer '%s' is not an associate of business unit '%s'.", q.Customer.ID, q.BusinessUnit.Key)
	}
	return err
}

// DeleteQuote deletes a quote (the seller only).
func (a *App) DeleteQuote(ctx context.Context, c Caller, r Ref, version int64) (*procura.Quote, error) {
	sq, err := quoteKind.remove(ctx, a, c, r, version, func(_ *lookup, q *storedQuote) error { return storeIs(c.Store, q.Store, r) })
	if err != nil {
		return nil, err
	}
	return &sq.Quote, nil
}

// DeleteQuoteRequest deletes a quote request (the seller only).
func (a *App) DeleteQuoteRequest(ctx context.Context, c Caller, r Ref, version int64) (*procura.QuoteRequest, error) {
	sq, err := quoteRequestKind.remove(ctx, a, c, r, version, func(_ *lookup, qr *storedQuoteRequest) error { return storeIs(c.Store, qr.Store, r) })
	if err != nil {
		return nil, err
	}
	return &sq.QuoteRequest, nil
}

// CreateOrderFromQuote orders a Pending or Accepted quote that has not expired, at the quoted
// prices, once, while its owner is still an associate of its Active unit; the order passes
// through approval rules like any other. As-associate it needs
// CreateMyOrdersFromMyQuotes or CreateOrdersFromOthersQuotes.
func (a *App) CreateOrderFromQuote(ctx context.Context, c Caller, who Acting, d procura.OrderFromQuoteDraft) (*procura.Order, error) {
	quoteID, err := d.QuoteID()
	if err != nil {
		return nil, err
	}
	var out *procura.Order
	err = a.acting(ctx, c, who, func(l *lookup, x *access) error {
		q, doc, err := a.loadQuote(l, x, procura.OrderQuotes, Ref{ID: quoteID})
		if err != nil {
			return referenced(err, procura.TypeQuote, quoteID)
		}
		if err := checkVersion(doc, *d.Version); err != nil {
			return err
		}
		if err := q.Order(a.Now(), d.QuoteStateToAccepted); err != nil {
			return err
		}
		order, err := procura.NewOrderFromQuote(q, d, a.NewID(), a.Now())
		if err != nil {
			return err
		}
		order.CreatedBy = createdBy(c, who)
		if err := a.checkPlacement(l, order.BusinessUnit, order.CustomerID, order.Store); err != nil {
			return err
		}
		flow, err := a.startApproval(l, order)
		if err != nil {
			return err
		}
		if err := a.saveOrderAndFlow(l, order, flow); err != nil {
			return err
		}
		q.Touch(a.Now())
		out = order
		return a.saveQuote(l, q, doc.Version)
	})
	return out, err
}

// withState records the workflow state a document is in, so that the state is not deleted.
func withState(d store.Doc, state *procura.Reference) store.Doc {
	if state != nil {
		d.Refs = append(d.Refs, store.Ref{Type: procura.TypeState, ID: state.ID})
	}
	return d
}
