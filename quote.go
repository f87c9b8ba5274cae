package procura

import (
	"encoding/json"
	"time"
)

// Type ids of the negotiation resources.
const (
	TypeQuoteRequest = "quote-request"
	TypeStagedQuote  = "staged-quote"
	TypeQuote        = "quote"
)

// Offer is what a quote request and a quote carry of the cart they come from.
type Offer struct {
	Customer           *Reference    `json:"customer,omitempty"`
	BusinessUnit       *KeyReference `json:"businessUnit,omitempty"`
	Store              *KeyReference `json:"store,omitempty"`
	LineItems          []LineItem    `json:"lineItems"`
	CustomLineItems    []any         `json:"customLineItems"`
	TotalPrice         Money         `json:"totalPrice"`
	TaxMode            string        `json:"taxMode"`
	TaxRoundingMode    string        `json:"taxRoundingMode"`
	TaxCalculationMode string        `json:"taxCalculationMode"`
	PriceRoundingMode  string        `json:"priceRoundingMode"`
	ShippingAddress    *Address      `json:"shippingAddress,omitempty"`
	BillingAddress     *Address      `json:"billingAddress,omitempty"`
	Country            string        `json:"country,omitempty"`
	DirectDiscounts    []any         `json:"directDiscounts"`
	// ItemShippingAddresses: Procura ships a cart to one address; always empty.
	ItemShippingAddresses List[Address] `json:"itemShippingAddresses"`
	PurchaseOrderNumber   string        `json:"purchaseOrderNumber,omitempty"`
	Custom                *CustomFields `json:"custom,omitempty"`
}

// offerOf copies a cart's offer.
func offerOf(c *Cart) Offer {
	o := Offer{BusinessUnit: c.BusinessUnit, Store: c.Store, LineItems: c.LineItems, CustomLineItems: []any{}, TotalPrice: c.TotalPrice,
		TaxMode: c.TaxMode, TaxRoundingMode: c.TaxRoundingMode, TaxCalculationMode: c.TaxCalculationMode, PriceRoundingMode: c.PriceRoundingMode,
		ShippingAddress: c.ShippingAddress, BillingAddress: c.BillingAddress, Country: c.Country, DirectDiscounts: c.DirectDiscounts,
		PurchaseOrderNumber: c.PurchaseOrderNumber}
	if o.DirectDiscounts == nil {
		o.DirectDiscounts = []any{}
	}
	if c.CustomerID != "" {
		o.Customer = &Reference{TypeID: TypeCustomer, ID: c.CustomerID}
	}
	return o
}

// OwnerID returns the id of the customer an offer belongs to.
func (o *Offer) OwnerID() string {
	if o.Customer == nil {
		return ""
	}
	return o.Customer.ID
}

// QuoteRequest is a buyer's request for a quote, made from a cart. Once submitted only its state
// changes (and, by the seller, its customer), as the seeds warn.
type QuoteRequest struct {
	Base
	Key               string     `json:"key,omitempty"`
	QuoteRequestState string     `json:"quoteRequestState"`
	Comment           string     `json:"comment,omitempty"`
	Cart              *Reference `json:"cart,omitempty"`
	// State is the request's step in the seller's own workflow (transitionState).
	State *Reference `json:"state,omitempty"`
	Offer
}

// QuoteRequestDraft asks for a quote for a cart at the version the buyer saw.
type QuoteRequestDraft struct {
	Cart                *ResourceIdentifier `json:"cart,omitempty"`
	CartID              string              `json:"cartId,omitempty"` // the /me draft names the cart by id
	CartVersion         *int64              `json:"cartVersion"`
	Key                 string              `json:"key,omitempty"`
	Comment             string              `json:"comment,omitempty"`
	PurchaseOrderNumber string              `json:"purchaseOrderNumber,omitempty"`
	Custom              *CustomFieldsDraft  `json:"custom,omitempty"`
	State               *ResourceIdentifier `json:"state,omitempty"`
}

// CartRef returns the id of the draft's cart.
func (d QuoteRequestDraft) CartRef() (string, error) {
	if d.CartVersion == nil {
		return "", RequiredField("cartVersion")
	}
	if d.Cart != nil && d.Cart.ID != "" {
		return d.Cart.ID, nil
	}
	if d.CartID != "" {
		return d.CartID, nil
	}
	return "", RequiredField("cart")
}

// NewQuoteRequest submits a quote request for cart: it must belong to a customer, hold line
// items and a shipping address, and not be ordered.
func NewQuoteRequest(cart *Cart, d QuoteRequestDraft, id string, now time.Time) (*QuoteRequest, error) {
	if err := noState(d.State); err != nil {
		return nil, err
	}
	switch {
	case cart.CustomerID == "":
		return nil, InvalidOperation("A quote can only be requested for a cart of a customer.")
	case cart.CartState != CartActive && cart.CartState != CartFrozen:
		return nil, InvalidOperation("The cart is %s: a quote can only be requested for an Active cart.", cart.CartState)
	case len(cart.LineItems) == 0:
		return nil, InvalidOperation("A quote cannot be requested for an empty cart.")
	case cart.ShippingAddress == nil:
		return nil, InvalidOperation("A quote can only be requested for a cart with a shipping address.")
	case len(cart.DiscountCodes) > 0:
		return nil, InvalidOperation("A quote cannot be requested for a cart with discount codes: remove them first.")
	case cart.ShippingMode == ShippingMultiple:
		return nil, InvalidOperation("A quote cannot be requested for a cart of shipping mode Multiple.")
	}
	if d.Key != "" {
		if err := CheckKey("key", d.Key); err != nil {
			return nil, err
		}
	}
	qr := &QuoteRequest{Key: d.Key, QuoteRequestState: QuoteRequestSubmitted, Comment: d.Comment,
		Cart: &Reference{TypeID: TypeCart, ID: cart.ID}, Offer: offerOf(cart)}
	var err error
	if qr.Custom, err = NewCustomFields("custom", d.Custom); err != nil {
		return nil, err
	}
	if d.PurchaseOrderNumber != "" {
		qr.PurchaseOrderNumber = d.PurchaseOrderNumber
	}
	qr.Stamp(id, now)
	return qr, nil
}

// StagedQuote is the seller's workspace for an offer: a quotation cart whose prices and direct
// discounts the seller edits through the cart endpoints.
type StagedQuote struct {
	Base
	Key                 string        `json:"key,omitempty"`
	StagedQuoteState    string        `json:"stagedQuoteState"`
	Customer            *Reference    `json:"customer,omitempty"`
	QuoteRequest        Reference     `json:"quoteRequest"`
	QuotationCart       Reference     `json:"quotationCart"`
	ValidTo             string        `json:"validTo,omitempty"`
	SellerComment       string        `json:"sellerComment,omitempty"`
	BusinessUnit        *KeyReference `json:"businessUnit,omitempty"`
	Store               *KeyReference `json:"store,omitempty"`
	PurchaseOrderNumber string        `json:"purchaseOrderNumber,omitempty"`
	Custom              *CustomFields `json:"custom,omitempty"`
	// State is the staged quote's step in the seller's own workflow (transitionState).
	State *Reference `json:"state,omitempty"`
}

// StagedQuoteDraft starts the seller's work on a quote request.
type StagedQuoteDraft struct {
	QuoteRequest                *ResourceIdentifier `json:"quoteRequest"`
	QuoteRequestVersion         *int64              `json:"quoteRequestVersion"`
	QuoteRequestStateToAccepted bool                `json:"quoteRequestStateToAccepted,omitempty"`
	Key                         string              `json:"key,omitempty"`
	Custom                      *CustomFieldsDraft  `json:"custom,omitempty"`
	State                       *ResourceIdentifier `json:"state,omitempty"`
}

// NewStagedQuote starts a staged quote for a Submitted or Accepted request, with quotationCart
// the new cart the seller will price.
func NewStagedQuote(qr *QuoteRequest, d StagedQuoteDraft, quotationCart, id string, now time.Time) (*StagedQuote, error) {
	if err := noState(d.State); err != nil {
		return nil, err
	}
	if qr.QuoteRequestState != QuoteRequestSubmitted && qr.QuoteRequestState != QuoteRequestAccepted {
		return nil, InvalidOperation("The quote request is %s: only a Submitted or Accepted request can be quoted.", qr.QuoteRequestState)
	}
	if d.QuoteRequestStateToAccepted && qr.QuoteRequestState == QuoteRequestSubmitted {
		if err := CheckTransition(TypeQuoteRequest, qr.QuoteRequestState, ActSellerSets, QuoteRequestAccepted); err != nil {
			return nil, err
		}
		qr.QuoteRequestState = QuoteRequestAccepted
	}
	if d.Key != "" {
		if err := CheckKey("key", d.Key); err != nil {
			return nil, err
		}
	}
	sq := &StagedQuote{Key: d.Key, StagedQuoteState: StagedQuoteInProgress, Customer: qr.Customer,
		QuoteRequest: Reference{TypeID: TypeQuoteRequest, ID: qr.ID}, QuotationCart: Reference{TypeID: TypeCart, ID: quotationCart},
		BusinessUnit: qr.BusinessUnit, Store: qr.Store, PurchaseOrderNumber: qr.PurchaseOrderNumber}
	var err error
	if sq.Custom, err = customOrCopy(d.Custom, qr.Custom); err != nil {
		return nil, err
	}
	sq.Stamp(id, now)
	return sq, nil
}

// Quote is a binding offer to a buyer.
type Quote struct {
	Base
	Key           string    `json:"key,omitempty"`
	QuoteState    string    `json:"quoteState"`
	QuoteRequest  Reference `json:"quoteRequest"`
	StagedQuote   Reference `json:"stagedQuote"`
	ValidTo       string    `json:"validTo,omitempty"`
	SellerComment string    `json:"sellerComment,omitempty"`
	BuyerComment  string    `json:"buyerComment,omitempty"`
	// State is the quote's step in the seller's own workflow (transitionState).
	State *Reference `json:"state,omitempty"`
	Offer
}

// QuoteDraft sends the offer of a staged quote.
type QuoteDraft struct {
	StagedQuote            *ResourceIdentifier `json:"stagedQuote"`
	StagedQuoteVersion     *int64              `json:"stagedQuoteVersion"`
	StagedQuoteStateToSent bool                `json:"stagedQuoteStateToSent,omitempty"`
	Key                    string              `json:"key,omitempty"`
	Custom                 *CustomFieldsDraft  `json:"custom,omitempty"`
	State                  *ResourceIdentifier `json:"state,omitempty"`
}

// NewQuote makes the quote of a staged quote that is InProgress, with the prices and discounts of
// its quotation cart.
func NewQuote(sq *StagedQuote, cart *Cart, d QuoteDraft, id string, now time.Time) (*Quote, error) {
	if err := noState(d.State); err != nil {
		return nil, err
	}
	if sq.StagedQuoteState != StagedQuoteInProgress {
		return nil, InvalidOperation("The staged quote is %s: a quote is made from a staged quote InProgress.", sq.StagedQuoteState)
	}
	if len(cart.LineItems) == 0 {
		return nil, InvalidOperation("The quotation cart is empty.")
	}
	if d.StagedQuoteStateToSent {
		sq.StagedQuoteState = StagedQuoteSent
	}
	if d.Key != "" {
		if err := CheckKey("key", d.Key); err != nil {
			return nil, err
		}
	}
	q := &Quote{Key: d.Key, QuoteState: QuotePending, QuoteRequest: sq.QuoteRequest, StagedQuote: Reference{TypeID: TypeStagedQuote, ID: sq.ID},
		ValidTo: sq.ValidTo, SellerComment: sq.SellerComment, Offer: offerOf(cart)}
	q.Customer, q.BusinessUnit, q.Store = sq.Customer, sq.BusinessUnit, sq.Store
	var err error
	if q.Custom, err = customOrCopy(d.Custom, sq.Custom); err != nil {
		return nil, err
	}
	if sq.PurchaseOrderNumber != "" {
		q.PurchaseOrderNumber = sq.PurchaseOrderNumber
	}
	q.Stamp(id, now)
	return q, nil
}

// Expired reports whether the quote is past its validTo at now.
func (q *Quote) Expired(now time.Time) bool {
	if q.ValidTo == "" {
		return false
	}
	t, err := time.Parse(time.RFC3339, q.ValidTo)
	return err == nil && !now.Before(t)
}

type quoteAction struct {
	Action            string              `json:"action"`
	QuoteRequestState string              `json:"quoteRequestState"`
	StagedQuoteState  string              `json:"stagedQuoteState"`
	QuoteState        string              `json:"quoteState"`
	BuyerComment      string              `json:"buyerComment"`
	SellerComment     *string             `json:"sellerComment"`
	ValidTo           *string             `json:"validTo"`
	Customer          *ResourceIdentifier `json:"customer"`
	State             *ResourceIdentifier `json:"state"`
	Force             bool                `json:"force"`
	customAction
}

// QuoteAction names a quote update action and what it needs: the state-changing intent and,
// for the buyer, the target state.
func QuoteAction(raw json.RawMessage) (name, quoteState string) {
	var a quoteAction
	_ = json.Unmarshal(raw, &a)
	return a.Action, a.QuoteState
}

// NewQuotationCart makes the cart in which the seller prices a quote request: its line items at
// the requested prices, for the same customer, unit and store (origin Quote).
func NewQuotationCart(qr *QuoteRequest, id string, now time.Time) *Cart {
	c := &Cart{CustomerID: qr.OwnerID(), BusinessUnit: qr.BusinessUnit, Store: qr.Store, LineItems: append([]LineItem{}, qr.LineItems...),
		CustomLineItems: []CustomLineItem{}, TotalPrice: qr.TotalPrice, TaxMode: qr.TaxMode, TaxRoundingMode: qr.TaxRoundingMode,
		TaxCalculationMode: qr.TaxCalculationMode, PriceRoundingMode: qr.PriceRoundingMode, InventoryMode: "None", CartState: CartActive,
		ShippingAddress: qr.ShippingAddress, BillingAddress: qr.BillingAddress, ShippingMode: ShippingSingle, Shipping: []Shipping{},
		ItemShippingAddresses: []Address{}, DirectDiscounts: []any{}, RefusedGifts: []Reference{}, Origin: "Quote",
		Country: qr.Country, PurchaseOrderNumber: qr.PurchaseOrderNumber, Discounted: Discounted{DiscountCodes: []DiscountCodeInfo{}}}
	for i := range c.LineItems {
		c.LineItems[i].PriceMode = "ExternalPrice" // the requested prices stay until the seller changes them
	}
	c.Stamp(id, now)
	return c
}

// OrderFromQuoteDraft makes an order from a quote at the version the buyer saw; /me names the
// quote by id.
type OrderFromQuoteDraft struct {
	Quote                *ResourceIdentifier `json:"quote,omitempty"`
	ID                   string              `json:"id,omitempty"`
	Version              *int64              `json:"version"`
	QuoteStateToAccepted bool                `json:"quoteStateToAccepted,omitempty"`
	OrderNumber          string              `json:"orderNumber,omitempty"`
}

// QuoteID returns the id of the draft's quote.
func (d OrderFromQuoteDraft) QuoteID() (string, error) {
	if d.Version == nil {
		return "", RequiredField("version")
	}
	if d.Quote != nil && d.Quote.ID != "" {
		return d.Quote.ID, nil
	}
	if d.ID != "" {
		return d.ID, nil
	}
	return "", RequiredField("quote")
}
