package procura

import (
	"encoding/json"
	"time"
)

// Apply applies one quote-request update action. The seller (buyer false) has
// changeQuoteRequestState, changeCustomer, setCustomType and setCustomField; a buyer has
// cancelQuoteRequest, and changeQuoteRequestState to Cancelled. Nothing else of a submitted
// request changes.
func (qr *QuoteRequest) Apply(raw json.RawMessage, c Change, buyer bool) error {
	var a quoteAction
	if err := DecodeAction(raw, &a, quoteRequestActions); err != nil {
		return err
	}
	switch {
	case a.Action == "cancelQuoteRequest" || (buyer && a.Action == "changeQuoteRequestState" && a.QuoteRequestState == QuoteRequestCancelled):
		return qr.move(ActCancel, QuoteRequestCancelled)
	case buyer:
		return buyerOnly(a.Action, "cancelQuoteRequest")
	case a.Action == "changeQuoteRequestState":
		return qr.move(ActSellerSets, a.QuoteRequestState)
	case a.Action == "changeCustomer":
		ref, err := changeCustomer(a.Customer, c.Lookup)
		if err == nil {
			qr.Customer = ref
		}
		return err
	}
	if a.Action == "transitionState" {
		return a.transition(&qr.State, StateQuoteRequest, c)
	}
	if handled, err := a.applyCustom(a.Action, &qr.Custom); handled {
		return err
	}
	return UnknownAction(a.Action)
}

func (qr *QuoteRequest) move(action, to string) error {
	if err := CheckTransition(TypeQuoteRequest, qr.QuoteRequestState, action, to); err != nil {
		return err
	}
	qr.QuoteRequestState = to
	return nil
}

func buyerOnly(action string, allowed ...string) error {
	return InvalidOperation("'%s' is the seller's; a buyer may use %s.", action, joinQuoted(allowed))
}

func joinQuoted(list []string) string {
	s := ""
	for i, x := range list {
		if i > 0 {
			s += ", "
		}
		s += "'" + x + "'"
	}
	return s
}

func changeCustomer(ri *ResourceIdentifier, l Lookup) (*Reference, error) {
	if err := ri.Check("customer", TypeCustomer); err != nil {
		return nil, err
	}
	ref, err := l.Customer("customer", *ri)
	if err != nil {
		return nil, err
	}
	return &ref, nil
}

// Apply applies one staged-quote update action (the seller's): changeStagedQuoteState,
// setSellerComment, setValidTo, setCustomType, setCustomField.
func (sq *StagedQuote) Apply(raw json.RawMessage, c Change) error {
	var a quoteAction
	if err := DecodeAction(raw, &a, stagedQuoteActions); err != nil {
		return err
	}
	switch a.Action {
	case "changeStagedQuoteState":
		if err := CheckTransition(TypeStagedQuote, sq.StagedQuoteState, ActSellerSets, a.StagedQuoteState); err != nil {
			return err
		}
		sq.StagedQuoteState = a.StagedQuoteState
		return nil
	case "setSellerComment":
		sq.SellerComment = deref(a.SellerComment)
		return nil
	case "setValidTo":
		v := deref(a.ValidTo)
		if v != "" {
			if _, err := time.Parse(time.RFC3339, v); err != nil {
				return InvalidField("validTo", v)
			}
		}
		sq.ValidTo = v
		return nil
	}
	if a.Action == "transitionState" {
		return a.transition(&sq.State, StateStagedQuote, c)
	}
	if handled, err := a.applyCustom(a.Action, &sq.Custom); handled {
		return err
	}
	return UnknownAction(a.Action)
}

// Apply applies one quote update action at now. A buyer (buyer true) has changeMyQuoteState and
// changeQuoteState to Accepted or Declined, requestQuoteRenegotiation, and changeCustomer (handing
// the quote to a colleague); the seller has changeQuoteState, changeCustomer and the custom-field
// actions. A quote past its validTo cannot be accepted.
func (q *Quote) Apply(raw json.RawMessage, c Change, buyer bool) error {
	var a quoteAction
	if err := DecodeAction(raw, &a, quoteActions); err != nil {
		return err
	}
	switch {
	case a.Action == "requestQuoteRenegotiation":
		if err := q.move(ActRenegotiate, QuoteDeclinedForRenegotiation); err != nil {
			return err
		}
		q.BuyerComment = a.BuyerComment
		return nil
	case a.Action == "changeCustomer":
		ref, err := changeCustomer(a.Customer, c.Lookup)
		if err == nil {
			q.Customer = ref
		}
		return err
	case a.Action == "changeMyQuoteState" || (buyer && a.Action == "changeQuoteState"):
		return q.buyerDecides(a.QuoteState, c.Now)
	case buyer:
		return buyerOnly(a.Action, "changeMyQuoteState", "changeQuoteState", "requestQuoteRenegotiation", "changeCustomer")
	case a.Action == "changeQuoteState":
		if a.QuoteState == QuoteDeclinedForRenegotiation {
			return InvalidOperation("A quote is declined for renegotiation with requestQuoteRenegotiation.")
		}
		if a.QuoteState == QuoteAccepted && q.Expired(c.Now) {
			return q.expired()
		}
		return q.move(ActSellerSets, a.QuoteState)
	}
	if a.Action == "transitionState" {
		return a.transition(&q.State, StateQuote, c)
	}
	if handled, err := a.applyCustom(a.Action, &q.Custom); handled {
		return err
	}
	return UnknownAction(a.Action)
}

// buyerDecides accepts or declines the quote for the buyer.
func (q *Quote) buyerDecides(state string, now time.Time) error {
	switch state {
	case QuoteAccepted:
		if q.Expired(now) {
			return q.expired()
		}
		return q.move(ActAccept, QuoteAccepted)
	case QuoteDeclined:
		return q.move(ActDecline, QuoteDeclined)
	}
	return InvalidField("quoteState", state, QuoteAccepted, QuoteDeclined)
}

func (q *Quote) expired() error {
	return InvalidOperation("The quote expired at %s: it can no longer be accepted or ordered.", q.ValidTo)
}

func (q *Quote) move(action, to string) error {
	if err := CheckTransition(TypeQuote, q.QuoteState, action, to); err != nil {
		return err
	}
	q.QuoteState = to
	return nil
}

// Address marks a quote awaiting renegotiation as addressed by a newer quote.
func (q *Quote) Address() error { return q.move(ActAddress, QuoteRenegotiationAddressed) }

// Order checks that the quote can be ordered at now (Pending or Accepted, and not expired); with
// toAccepted a Pending quote becomes Accepted.
func (q *Quote) Order(now time.Time, toAccepted bool) error {
	if q.Expired(now) {
		return q.expired()
	}
	if err := CheckTransition(TypeQuote, q.QuoteState, ActOrder, QuoteAccepted); err != nil {
		return err
	}
	if toAccepted {
		q.QuoteState = QuoteAccepted
	}
	return nil
}

// NewOrderFromQuote makes the order of a quote: its line items at the quoted prices, never
// repriced, its direct discounts, unit, store and customer, and the order number the draft gives.
func NewOrderFromQuote(q *Quote, d OrderFromQuoteDraft, id string, now time.Time) (*Order, error) {
	if err := checkOrderNumber(d.OrderNumber); err != nil {
		return nil, err
	}
	o := &Order{OrderNumber: d.OrderNumber, PurchaseOrderNumber: q.PurchaseOrderNumber, CustomerID: q.OwnerID(), BusinessUnit: q.BusinessUnit, Store: q.Store,
		LineItems: q.LineItems, CustomLineItems: []CustomLineItem{}, TotalPrice: q.TotalPrice, TaxMode: q.TaxMode, TaxRoundingMode: q.TaxRoundingMode,
		TaxCalculationMode: q.TaxCalculationMode, InventoryMode: "None", OrderState: OrderOpen, ShippingAddress: q.ShippingAddress,
		BillingAddress: q.BillingAddress, ShippingMode: ShippingSingle, Shipping: []Shipping{}, ItemShippingAddresses: []Address{}, RefusedGifts: []Reference{},
		SyncInfo: []any{}, ReturnInfo: []ReturnInfo{}, Quote: &Reference{TypeID: TypeQuote, ID: q.ID}, Origin: "Quote", Country: q.Country,
		Custom: q.Custom, DirectDiscounts: q.DirectDiscounts}
	o.Stamp(id, now)
	return o, nil
}

// The update actions of quote requests, staged quotes and quotes, and their fields.
var (
	quoteRequestActions = withCustom(ActionFields{
		"transitionState":         {"state", "force"},
		"changeQuoteRequestState": {"quoteRequestState"}, "cancelQuoteRequest": {}, "changeCustomer": {"customer"},
	})
	stagedQuoteActions = withCustom(ActionFields{
		"transitionState":        {"state", "force"},
		"changeStagedQuoteState": {"stagedQuoteState"}, "setSellerComment": {"sellerComment"}, "setValidTo": {"validTo"},
	})
	quoteActions = withCustom(ActionFields{
		"transitionState":           {"state", "force"},
		"requestQuoteRenegotiation": {"buyerComment"}, "changeCustomer": {"customer"},
		"changeMyQuoteState": {"quoteState"}, "changeQuoteState": {"quoteState"},
	})
)

// transition moves a negotiation resource's workflow state (the seller's: a buyer's actions are
// refused before this).
func (a quoteAction) transition(state **Reference, typ string, c Change) error {
	ref, err := c.Workflow.Transition(typ, *state, a.State, a.Force)
	if err == nil {
		*state = ref
	}
	return err
}
