package e2e

import (
	"testing"
	"time"

	"github.com/labd/commercetools-go-sdk/platform"
)

// Helpers for the quote tests: the approvals world (acme, its people and the seeds' approver
// roles) plus quote buyers quinn and rita holding the role "q-buyer" in acme, and the seller's
// side of the negotiation through the general endpoints.

// quoteBuyerPerms: the seeds' buyer role plus what requests and orders from quotes need.
var quoteBuyerPerms = []platform.Permission{
	platform.PermissionCreateMyCarts, platform.PermissionUpdateMyCarts, platform.PermissionViewMyCarts,
	platform.PermissionCreateMyOrdersFromMyCarts, platform.PermissionViewMyOrders,
	platform.PermissionCreateMyQuoteRequestsFromMyCarts, platform.PermissionViewMyQuoteRequests, platform.PermissionUpdateMyQuoteRequests,
	platform.PermissionViewMyQuotes, platform.PermissionAcceptMyQuotes, platform.PermissionDeclineMyQuotes,
	platform.PermissionRenegotiateMyQuotes, platform.PermissionReassignMyQuotes, platform.PermissionCreateMyOrdersFromMyQuotes,
}

// seedBuyerPerms is the seeds' "buyer" role, verbatim.
var seedBuyerPerms = []platform.Permission{
	platform.PermissionCreateMyCarts, platform.PermissionUpdateMyCarts, platform.PermissionViewMyCarts,
	platform.PermissionCreateMyOrdersFromMyCarts, platform.PermissionViewMyOrders, platform.PermissionUpdateMyOrders,
	platform.PermissionCreateMyQuoteRequestsFromMyCarts, platform.PermissionViewMyQuotes, platform.PermissionAcceptMyQuotes,
	platform.PermissionDeclineMyQuotes, platform.PermissionRenegotiateMyQuotes,
}

type quotes struct {
	*approvals
}

func newQuotes(t *testing.T, s *server) *quotes {
	t.Helper()
	q := &quotes{approvals: newApprovals(t, s)}
	q.role(t, "q-buyer", true, quoteBuyerPerms...)
	for _, n := range []string{"quinn", "rita", "carol"} {
		q.customer(t, n)
	}
	q.associate(t, "acme", "quinn", "q-buyer", true)
	q.associate(t, "acme", "rita", "q-buyer", true)
	return q
}

func berlin() *platform.BaseAddress {
	return &platform.BaseAddress{Country: "DE", City: ptr("Berlin"), StreetName: ptr("Unter den Linden"), PostalCode: ptr("10117")}
}

// buyerCart has who create, as an associate of acme, a cart of n widgets shipped to Berlin.
func (q *quotes) buyerCart(t *testing.T, who string, n int) *platform.Cart {
	t.Helper()
	cart, err := q.asAssociate(who, "acme").Carts().Post(platform.CartDraft{Currency: "EUR", LineItems: lineItems(item{widgetSKU, n}),
		ShippingAddress: berlin()}).Execute(q.ctx)
	if err != nil {
		t.Fatalf("%s creates a cart: %v", who, err)
	}
	return cart
}

// request has who request a quote for cart as an associate of acme.
func (q *quotes) request(t *testing.T, who string, cart *platform.Cart, comment string) *platform.QuoteRequest {
	t.Helper()
	qr, err := q.asAssociate(who, "acme").QuoteRequests().Post(platform.QuoteRequestDraft{
		Cart: platform.CartResourceIdentifier{ID: ptr(cart.ID)}, CartVersion: cart.Version, Comment: ptr(comment)}).Execute(q.ctx)
	if err != nil {
		t.Fatalf("%s requests a quote: %v", who, err)
	}
	return qr
}

// stage has the seller start a staged quote for qr, accepting the request.
func (q *quotes) stage(t *testing.T, qr *platform.QuoteRequest) *platform.StagedQuote {
	t.Helper()
	sq, err := q.c.StagedQuotes().Post(platform.StagedQuoteDraft{QuoteRequest: platform.QuoteRequestResourceIdentifier{ID: ptr(qr.ID)},
		QuoteRequestVersion: qr.Version, QuoteRequestStateToAccepted: ptr(true)}).Execute(q.ctx)
	if err != nil {
		t.Fatalf("seller stages a quote: %v", err)
	}
	return sq
}

// price has the seller set the first line of sq's quotation cart to cents each and, when
// permyriad > 0, a relative direct discount on the total.
func (q *quotes) price(t *testing.T, sq *platform.StagedQuote, cents, permyriad int) *platform.Cart {
	t.Helper()
	cart, err := q.c.Carts().WithId(sq.QuotationCart.ID).Get().Execute(q.ctx)
	if err != nil {
		t.Fatalf("seller reads the quotation cart: %v", err)
	}
	acts := []platform.CartUpdateAction{platform.CartSetLineItemPriceAction{LineItemId: ptr(cart.LineItems[0].ID),
		ExternalPrice: &platform.Money{CentAmount: cents, CurrencyCode: "EUR"}}}
	if permyriad > 0 {
		acts = append(acts, platform.CartSetDirectDiscountsAction{Discounts: []platform.DirectDiscountDraft{{
			Value: platform.CartDiscountValueRelativeDraft{Permyriad: permyriad}, Target: platform.CartDiscountTotalPriceTarget{}}}})
	}
	cart, err = q.c.Carts().WithId(cart.ID).Post(platform.CartUpdate{Version: cart.Version, Actions: acts}).Execute(q.ctx)
	if err != nil {
		t.Fatalf("seller prices the quotation cart: %v", err)
	}
	return cart
}

// updateStaged applies staged-quote actions as the seller.
func (q *quotes) updateStaged(t *testing.T, sq *platform.StagedQuote, acts ...platform.StagedQuoteUpdateAction) *platform.StagedQuote {
	t.Helper()
	cur, err := q.c.StagedQuotes().WithId(sq.ID).Get().Execute(q.ctx)
	if err != nil {
		t.Fatalf("seller reads the staged quote: %v", err)
	}
	got, err := q.c.StagedQuotes().WithId(sq.ID).Post(platform.StagedQuoteUpdate{Version: cur.Version, Actions: acts}).Execute(q.ctx)
	if err != nil {
		t.Fatalf("seller updates the staged quote: %v", err)
	}
	return got
}

// send has the seller create the quote of sq, marking it Sent.
func (q *quotes) send(t *testing.T, sq *platform.StagedQuote) *platform.Quote {
	t.Helper()
	cur, err := q.c.StagedQuotes().WithId(sq.ID).Get().Execute(q.ctx)
	if err != nil {
		t.Fatalf("seller reads the staged quote: %v", err)
	}
	quote, err := q.c.Quotes().Post(platform.QuoteDraft{StagedQuote: platform.StagedQuoteResourceIdentifier{ID: ptr(sq.ID)},
		StagedQuoteVersion: cur.Version, StagedQuoteStateToSent: ptr(true)}).Execute(q.ctx)
	if err != nil {
		t.Fatalf("seller sends the quote: %v", err)
	}
	return quote
}

// pending runs request, staged quote (widget at 15.00) and quote for n widgets of who; validTo
// is set when not nil.
func (q *quotes) pending(t *testing.T, who string, n int, validTo *time.Time) (*platform.QuoteRequest, *platform.StagedQuote, *platform.Quote) {
	t.Helper()
	qr := q.request(t, who, q.buyerCart(t, who, n), "")
	sq := q.stage(t, qr)
	q.price(t, sq, 1500, 0)
	if validTo != nil {
		sq = q.updateStaged(t, sq, platform.StagedQuoteSetValidToAction{ValidTo: validTo})
	}
	return qr, sq, q.send(t, sq)
}

// quoteNow reads a quote through the seller.
func (q *quotes) quoteNow(t *testing.T, id string) *platform.Quote {
	t.Helper()
	got, err := q.c.Quotes().WithId(id).Get().Execute(q.ctx)
	if err != nil {
		t.Fatalf("seller reads quote %s: %v", id, err)
	}
	return got
}

// changeQuote has who (an associate of acme) apply one action to quote at its version.
func (q *quotes) changeQuote(who string, quote *platform.Quote, act platform.QuoteUpdateAction) (*platform.Quote, error) {
	return q.asAssociate(who, "acme").Quotes().WithId(quote.ID).Post(platform.QuoteUpdate{Version: quote.Version,
		Actions: []platform.QuoteUpdateAction{act}}).Execute(q.ctx)
}

// orderQuote has who order quote as an associate of acme.
func (q *quotes) orderQuote(who string, quote *platform.Quote, toAccepted bool) (*platform.Order, error) {
	return q.asAssociate(who, "acme").Orders().OrderQuote().Post(platform.OrderFromQuoteDraft{
		Quote: platform.QuoteResourceIdentifier{ID: ptr(quote.ID)}, Version: quote.Version, QuoteStateToAccepted: ptr(toAccepted)}).Execute(q.ctx)
}
