package app_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// The quote negotiation of the seeds ("Quote Lifecycle"): QuoteRequest -> StagedQuote -> Quote
// -> Order, with the permissions each buyer step needs.

// quoteBuyerPerms is a complete quote buyer role: the seeds' buyer plus what the requests and
// the orders from quotes need.
var quoteBuyerPerms = []procura.Permission{
	procura.CreateMyCarts, procura.UpdateMyCarts, procura.ViewMyCarts, procura.CreateMyOrdersFromMyCarts, procura.ViewMyOrders,
	procura.CreateMyQuoteRequestsFromMyCarts, procura.ViewMyQuoteRequests, procura.UpdateMyQuoteRequests,
	procura.ViewMyQuotes, procura.AcceptMyQuotes, procura.DeclineMyQuotes, procura.RenegotiateMyQuotes, procura.ReassignMyQuotes,
	procura.CreateMyOrdersFromMyQuotes,
}

// quoteWorld: approvalWorld plus the role "q-buyer" (quoteBuyerPerms) held in acme by quinn and
// by her colleague rita.
func quoteWorld(t *testing.T, a *app.App, c app.Caller) *world {
	w := approvalWorld(t, a, c)
	w.role("q-buyer", true, quoteBuyerPerms...)
	for _, e := range []string{"quinn@acme.example", "rita@acme.example"} {
		w.customer(e)
		w.associate("acme", e, "q-buyer", procura.InheritanceEnabled)
	}
	return w
}

func shipTo() *procura.Address {
	return &procura.Address{Country: "DE", City: "Berlin", StreetName: "Unter den Linden", PostalCode: "10117"}
}

// quoteCart is a cart of n widgets (19.99 EUR) shipped to Berlin, for customer in unit, made as
// who (an associate, or the seller with app.Acting{}).
func (w *world) quoteCart(who app.Acting, customer, unit string, n int64) *procura.Cart {
	w.t.Helper()
	d := cartDraft("W-1")
	d.LineItems[0].Quantity = qty(n)
	d.ShippingAddress = shipTo()
	if who.CustomerID == "" {
		d = withCustomer(d, customer, unit)
	}
	return must[*procura.Cart](w.t)(w.a.CreateCart(ctx, w.seller, who, d))
}

func requestDraft(cart *procura.Cart, comment string) procura.QuoteRequestDraft {
	return procura.QuoteRequestDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}, CartVersion: &cart.Version, Comment: comment}
}

// stage has the seller start a staged quote for qr, accepting the request.
func (w *world) stage(qr *procura.QuoteRequest) *procura.StagedQuote {
	w.t.Helper()
	return must[*procura.StagedQuote](w.t)(w.a.CreateStagedQuote(ctx, w.seller, procura.StagedQuoteDraft{
		QuoteRequest: &procura.ResourceIdentifier{ID: qr.ID}, QuoteRequestVersion: &qr.Version, QuoteRequestStateToAccepted: true}))
}

// priceQuotation has the seller set the widget line of the staged quote's quotation cart to cents
// each and, when permyriad > 0, a relative direct discount.
func (w *world) priceQuotation(sq *procura.StagedQuote, cents int64, permyriad int) *procura.Cart {
	w.t.Helper()
	cart := must[*procura.Cart](w.t)(w.a.GetCart(ctx, w.seller, app.Acting{}, app.Ref{ID: sq.QuotationCart.ID}))
	acts := []string{fmt.Sprintf(`{"action":"setLineItemPrice","lineItemId":%q,"externalPrice":{"currencyCode":"EUR","centAmount":%d}}`, cart.LineItems[0].ID, cents)}
	if permyriad > 0 {
		acts = append(acts, fmt.Sprintf(`{"action":"setDirectDiscounts","discounts":[{"value":{"type":"relative","permyriad":%d},"target":{"type":"totalPrice"}}]}`, permyriad))
	}
	return must[*procura.Cart](w.t)(w.a.UpdateCart(ctx, w.seller, app.Acting{}, app.Ref{ID: cart.ID}, actions(cart.Version, acts...)))
}

// send has the seller create the quote of sq, marking it Sent.
func (w *world) send(sq *procura.StagedQuote) *procura.Quote {
	w.t.Helper()
	sq = must[*procura.StagedQuote](w.t)(w.a.GetStagedQuote(ctx, w.seller, app.Ref{ID: sq.ID}))
	return must[*procura.Quote](w.t)(w.a.CreateQuote(ctx, w.seller, procura.QuoteDraft{
		StagedQuote: &procura.ResourceIdentifier{ID: sq.ID}, StagedQuoteVersion: &sq.Version, StagedQuoteStateToSent: true}))
}

// sellerQuote runs, entirely through the seller, a request for n widgets of owner in acme, a
// staged quote with the widget at 15.00, and a Pending quote, with validTo as given ("" none).
func (w *world) sellerQuote(owner string, n int64, validTo string) (*procura.QuoteRequest, *procura.StagedQuote, *procura.Quote) {
	w.t.Helper()
	cart := w.quoteCart(app.Acting{}, w.customers[owner], "acme", n)
	qr := must[*procura.QuoteRequest](w.t)(w.a.CreateQuoteRequest(ctx, w.seller, app.Acting{}, requestDraft(cart, "")))
	sq := w.stage(qr)
	w.priceQuotation(sq, 1500, 0)
	if validTo != "" {
		sq = must[*procura.StagedQuote](w.t)(w.a.UpdateStagedQuote(ctx, w.seller, app.Ref{ID: sq.ID}, actions(sq.Version,
			fmt.Sprintf(`{"action":"setValidTo","validTo":%q}`, validTo))))
	}
	return qr, sq, w.send(sq)
}

func (w *world) quoteNow(id string) *procura.Quote {
	w.t.Helper()
	return must[*procura.Quote](w.t)(w.a.GetQuote(ctx, w.seller, app.Acting{}, app.Ref{ID: id}))
}

func orderDraft(q *procura.Quote, toAccepted bool) procura.OrderFromQuoteDraft {
	return procura.OrderFromQuoteDraft{Quote: &procura.ResourceIdentifier{ID: q.ID}, Version: &q.Version, QuoteStateToAccepted: toAccepted}
}

// wantMissing requires err to be AssociateMissingPermission naming perm.
func wantMissing(t *testing.T, err error, perm procura.Permission) {
	t.Helper()
	wantCode(t, err, procura.CodeAssociateMissingPermission)
	pe := err.(*procura.Error)
	got, _ := pe.Fields["permissions"].([]procura.Permission)
	if !slices.Contains(got, perm) {
		t.Fatalf("AssociateMissingPermission names %v, want %s (%v)", pe.Fields["permissions"], perm, err)
	}
}

// TestTheSeedsQuoteLifecycle is the seeds' five steps, as-associate for the buyer: request,
// staged quote (request Accepted), quote (staged Sent), accept, order at the quoted price.
func TestTheSeedsQuoteLifecycle(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := quoteWorld(t, a, c)
		w.rule("acme", "big-orders", `totalPrice >= "1000.00 EUR"`, seedApprovers, "q-buyer")
		quinn := w.customers["quinn@acme.example"]
		as := inUnit(quinn, "acme")

		// Step 1: the buyer requests a quote for 100 widgets (1,999.00).
		cart := w.quoteCart(as, quinn, "acme", 100)
		qr := must[*procura.QuoteRequest](t)(a.CreateQuoteRequest(ctx, c, as, requestDraft(cart, "Requesting bulk discount for 100 units")))
		if qr.QuoteRequestState != procura.QuoteRequestSubmitted || qr.OwnerID() != quinn || qr.BusinessUnit == nil || qr.BusinessUnit.Key != "acme" ||
			qr.TotalPrice.CentAmount != 199900 || qr.Comment != "Requesting bulk discount for 100 units" || qr.Cart == nil || qr.Cart.ID != cart.ID ||
			qr.ShippingAddress == nil || qr.ShippingAddress.City != "Berlin" {
			t.Fatalf("quote request: %+v", qr)
		}
		must[*procura.QuoteRequest](t)(a.GetQuoteRequest(ctx, c, as, app.Ref{ID: qr.ID}))

		// Step 2: the seller stages a quote and accepts the request.
		sq := w.stage(qr)
		if sq.StagedQuoteState != procura.StagedQuoteInProgress || sq.QuoteRequest.ID != qr.ID || sq.QuotationCart.ID == "" ||
			sq.QuotationCart.ID == cart.ID || sq.Customer == nil || sq.Customer.ID != quinn || sq.BusinessUnit == nil || sq.BusinessUnit.Key != "acme" {
			t.Fatalf("staged quote: %+v", sq)
		}
		if got := must[*procura.QuoteRequest](t)(a.GetQuoteRequest(ctx, c, app.Acting{}, app.Ref{ID: qr.ID})); got.QuoteRequestState != procura.QuoteRequestAccepted {
			t.Fatalf("request after quoteRequestStateToAccepted: %s", got.QuoteRequestState)
		}
		qcart := must[*procura.Cart](t)(a.GetCart(ctx, c, app.Acting{}, app.Ref{ID: sq.QuotationCart.ID}))
		if qcart.Origin != "Quote" || qcart.TotalPrice.CentAmount != 199900 || len(qcart.LineItems) != 1 || qcart.LineItems[0].Quantity != 100 {
			t.Fatalf("quotation cart: origin %s total %d items %d", qcart.Origin, qcart.TotalPrice.CentAmount, len(qcart.LineItems))
		}
		// The seller lowers the price to 15.00 and grants 10%: 100 × 15.00 − 10% = 1,350.00.
		qcart = w.priceQuotation(sq, 1500, 1000)
		if qcart.TotalPrice.CentAmount != 135000 || qcart.LineItems[0].Price.Value.CentAmount != 1500 || qcart.LineItems[0].TotalPrice.CentAmount != 150000 {
			t.Fatalf("priced quotation cart: total %d, unit %d, line %d", qcart.TotalPrice.CentAmount, qcart.LineItems[0].Price.Value.CentAmount, qcart.LineItems[0].TotalPrice.CentAmount)
		}
		validTo := time.Now().UTC().Add(30 * 24 * time.Hour).Truncate(time.Second).Format(time.RFC3339)
		sq = must[*procura.StagedQuote](t)(a.UpdateStagedQuote(ctx, c, app.Ref{ID: sq.ID}, actions(sq.Version,
			fmt.Sprintf(`{"action":"setValidTo","validTo":%q}`, validTo), `{"action":"setSellerComment","sellerComment":"Bulk price, 10% off"}`)))
		if sq.ValidTo != validTo || sq.SellerComment != "Bulk price, 10% off" {
			t.Fatalf("staged quote validTo %q comment %q", sq.ValidTo, sq.SellerComment)
		}

		// Step 3: the seller sends the quote.
		q := w.send(sq)
		if q.QuoteState != procura.QuotePending || q.TotalPrice.CentAmount != 135000 || q.ValidTo != validTo || q.SellerComment != "Bulk price, 10% off" ||
			q.QuoteRequest.ID != qr.ID || q.StagedQuote.ID != sq.ID || q.OwnerID() != quinn || q.BusinessUnit == nil || q.BusinessUnit.Key != "acme" ||
			len(q.LineItems) != 1 || q.LineItems[0].Price.Value.CentAmount != 1500 || len(q.DirectDiscounts) != 1 {
			t.Fatalf("quote: %+v", q)
		}
		if got := must[*procura.StagedQuote](t)(a.GetStagedQuote(ctx, c, app.Ref{ID: sq.ID})); got.StagedQuoteState != procura.StagedQuoteSent {
			t.Fatalf("staged quote after stagedQuoteStateToSent: %s", got.StagedQuoteState)
		}

		// Step 4: the buyer accepts.
		q = must[*procura.Quote](t)(a.UpdateQuote(ctx, c, as, app.Ref{ID: q.ID}, actions(q.Version, `{"action":"changeQuoteState","quoteState":"Accepted"}`)))
		if q.QuoteState != procura.QuoteAccepted {
			t.Fatalf("accepted quote: %s", q.QuoteState)
		}

		// Step 5: the catalog price goes up; the order keeps the quoted total and enters approval.
		setWidgetPrice(t, a, c, 2999)
		o := must[*procura.Order](t)(a.CreateOrderFromQuote(ctx, c, as, orderDraft(q, true)))
		if o.TotalPrice.CentAmount != 135000 || o.Quote == nil || o.Quote.ID != q.ID || o.Origin != "Quote" || o.CustomerID != quinn ||
			o.BusinessUnit == nil || o.BusinessUnit.Key != "acme" || len(o.LineItems) != 1 || o.LineItems[0].Price.Value.CentAmount != 1500 {
			t.Fatalf("order from quote: total %d quote %+v origin %s customer %s", o.TotalPrice.CentAmount, o.Quote, o.Origin, o.CustomerID)
		}
		if o.ApprovalStatus != procura.FlowPending {
			t.Fatalf("a 1,350.00 order by a q-buyer: approval status %q, want Pending", o.ApprovalStatus)
		}
		if f := w.flowOf(o); len(f.Rules) != 1 || f.Status != procura.FlowPending {
			t.Fatalf("flow of the order: %d rules, status %s", len(f.Rules), f.Status)
		}
		// The quote is ordered once, even at its newest version.
		q = w.quoteNow(q.ID)
		if q.QuoteState != procura.QuoteAccepted {
			t.Fatalf("quote after the order: %s", q.QuoteState)
		}
		_, err := a.CreateOrderFromQuote(ctx, c, as, orderDraft(q, false))
		wantCode(t, err, procura.CodeInvalidOperation)
		_, err = a.CreateOrderFromQuote(ctx, c, app.Acting{}, orderDraft(q, false))
		wantCode(t, err, procura.CodeInvalidOperation)
		page := must[*app.Page](t)(a.QueryOrders(ctx, c, app.Acting{}, app.Query{Limit: 10, WithTotal: true, Where: []string{`quote(id = "` + q.ID + `")`}}))
		if *page.Total != 1 {
			t.Fatalf("%d orders of the quote, want 1", *page.Total)
		}
	})
}

func TestQuoteRenegotiation(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := quoteWorld(t, a, c)
		quinn := w.customers["quinn@acme.example"]
		as := inUnit(quinn, "acme")
		qr, sq, first := w.sellerQuote("quinn@acme.example", 100, "")
		first = must[*procura.Quote](t)(a.UpdateQuote(ctx, c, as, app.Ref{ID: first.ID}, actions(first.Version,
			`{"action":"requestQuoteRenegotiation","buyerComment":"Can you do 14.00?"}`)))
		if first.QuoteState != procura.QuoteDeclinedForRenegotiation || first.BuyerComment != "Can you do 14.00?" {
			t.Fatalf("after requestQuoteRenegotiation: %s %q", first.QuoteState, first.BuyerComment)
		}
		// Neither accepted nor ordered while awaiting a new offer.
		_, err := a.UpdateQuote(ctx, c, as, app.Ref{ID: first.ID}, actions(first.Version, `{"action":"changeQuoteState","quoteState":"Accepted"}`))
		wantCode(t, err, procura.CodeInvalidOperation)
		_, err = a.CreateOrderFromQuote(ctx, c, as, orderDraft(first, true))
		wantCode(t, err, procura.CodeInvalidOperation)
		// A Sent staged quote makes no new quote until it is reopened.
		sq = must[*procura.StagedQuote](t)(a.GetStagedQuote(ctx, c, app.Ref{ID: sq.ID}))
		_, err = a.CreateQuote(ctx, c, procura.QuoteDraft{StagedQuote: &procura.ResourceIdentifier{ID: sq.ID}, StagedQuoteVersion: &sq.Version})
		wantCode(t, err, procura.CodeInvalidOperation)
		sq = must[*procura.StagedQuote](t)(a.UpdateStagedQuote(ctx, c, app.Ref{ID: sq.ID}, actions(sq.Version,
			`{"action":"changeStagedQuoteState","stagedQuoteState":"InProgress"}`)))
		if sq.StagedQuoteState != procura.StagedQuoteInProgress {
			t.Fatalf("reopened staged quote: %s", sq.StagedQuoteState)
		}
		w.priceQuotation(sq, 1400, 0)
		second := w.send(sq)
		if second.QuoteState != procura.QuotePending || second.TotalPrice.CentAmount != 140000 || second.QuoteRequest.ID != qr.ID || second.ID == first.ID {
			t.Fatalf("second quote: %s total %d", second.QuoteState, second.TotalPrice.CentAmount)
		}
		if got := w.quoteNow(first.ID); got.QuoteState != procura.QuoteRenegotiationAddressed || got.TotalPrice.CentAmount != 150000 {
			t.Fatalf("first quote after the new offer: %s total %d, want RenegotiationAddressed 150000", got.QuoteState, got.TotalPrice.CentAmount)
		}
		where := []string{`quoteRequest(id = "` + qr.ID + `")`}
		for name, who := range map[string]app.Acting{"seller": {}, "buyer": as} {
			page := must[*app.Page](t)(a.QueryQuotes(ctx, c, who, app.Query{Limit: 10, WithTotal: true, Where: where}))
			ids := []string{}
			for _, r := range page.Items() {
				ids = append(ids, fmt.Sprint(r["id"]))
			}
			slices.Sort(ids)
			want := []string{first.ID, second.ID}
			slices.Sort(want)
			if *page.Total != 2 || !slices.Equal(ids, want) {
				t.Fatalf("%s: offers of the request %v (total %d), want %v", name, ids, *page.Total, want)
			}
		}
		// The new offer can be accepted and ordered.
		o := must[*procura.Order](t)(a.CreateOrderFromQuote(ctx, c, as, orderDraft(second, true)))
		if o.TotalPrice.CentAmount != 140000 {
			t.Fatalf("order of the second quote: %d", o.TotalPrice.CentAmount)
		}
	})
}

func TestQuoteDeclineReassignAndExpiry(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := quoteWorld(t, a, c)
		quinn, rita := w.customers["quinn@acme.example"], w.customers["rita@acme.example"]
		as := inUnit(quinn, "acme")

		t.Run("decline", func(t *testing.T) {
			_, _, q := w.sellerQuote("quinn@acme.example", 10, "")
			q = must[*procura.Quote](t)(a.UpdateQuote(ctx, c, as, app.Ref{ID: q.ID}, actions(q.Version, `{"action":"changeQuoteState","quoteState":"Declined"}`)))
			if q.QuoteState != procura.QuoteDeclined {
				t.Fatalf("declined quote: %s", q.QuoteState)
			}
			_, err := a.UpdateQuote(ctx, c, as, app.Ref{ID: q.ID}, actions(q.Version, `{"action":"changeQuoteState","quoteState":"Accepted"}`))
			wantCode(t, err, procura.CodeInvalidOperation)
			_, err = a.CreateOrderFromQuote(ctx, c, as, orderDraft(q, true))
			wantCode(t, err, procura.CodeInvalidOperation)
		})

		t.Run("reassign", func(t *testing.T) {
			_, _, q := w.sellerQuote("quinn@acme.example", 10, "")
			// carol is no associate of acme.
			_, err := a.UpdateQuote(ctx, c, as, app.Ref{ID: q.ID}, actions(q.Version,
				fmt.Sprintf(`{"action":"changeCustomer","customer":{"typeId":"customer","id":%q}}`, w.customers["carol@globex.example"])))
			wantCode(t, err, procura.CodeInvalidOperation)
			if got := w.quoteNow(q.ID); got.OwnerID() != quinn || got.Version != q.Version {
				t.Fatalf("a refused reassignment changed the quote: owner %s version %d", got.OwnerID(), got.Version)
			}
			q = must[*procura.Quote](t)(a.UpdateQuote(ctx, c, as, app.Ref{ID: q.ID}, actions(q.Version,
				fmt.Sprintf(`{"action":"changeCustomer","customer":{"typeId":"customer","id":%q}}`, rita))))
			if q.OwnerID() != rita {
				t.Fatalf("reassigned quote belongs to %s, want rita %s", q.OwnerID(), rita)
			}
			// Now it is rita's: quinn (My permissions only) no longer sees it; rita orders it.
			_, err = a.GetQuote(ctx, c, as, app.Ref{ID: q.ID})
			wantMissing(t, err, procura.ViewOthersQuotes)
			o := must[*procura.Order](t)(a.CreateOrderFromQuote(ctx, c, inUnit(rita, "acme"), orderDraft(q, true)))
			if o.CustomerID != rita {
				t.Fatalf("order of the reassigned quote belongs to %s, want rita", o.CustomerID)
			}
		})

		t.Run("expired", func(t *testing.T) {
			past := time.Now().UTC().Add(-time.Hour).Truncate(time.Second).Format(time.RFC3339)
			_, _, q := w.sellerQuote("quinn@acme.example", 10, past)
			if q.ValidTo != past || q.QuoteState != procura.QuotePending {
				t.Fatalf("quote validTo %q state %s", q.ValidTo, q.QuoteState)
			}
			_, err := a.UpdateQuote(ctx, c, as, app.Ref{ID: q.ID}, actions(q.Version, `{"action":"changeQuoteState","quoteState":"Accepted"}`))
			wantCode(t, err, procura.CodeInvalidOperation)
			_, err = a.CreateOrderFromQuote(ctx, c, as, orderDraft(q, true))
			wantCode(t, err, procura.CodeInvalidOperation)
			_, err = a.CreateOrderFromQuote(ctx, c, as, orderDraft(q, false))
			wantCode(t, err, procura.CodeInvalidOperation)
			if got := w.quoteNow(q.ID); got.QuoteState != procura.QuotePending || got.Version != q.Version {
				t.Fatalf("expired quote after refusals: %s v%d", got.QuoteState, got.Version)
			}
			// A future validTo is accepted.
			_, _, q = w.sellerQuote("quinn@acme.example", 10, time.Now().UTC().Add(time.Hour).Format(time.RFC3339))
			must[*procura.Quote](t)(a.UpdateQuote(ctx, c, as, app.Ref{ID: q.ID}, actions(q.Version, `{"action":"changeQuoteState","quoteState":"Accepted"}`)))
		})
	})
}

// TestQuotePermissionMatrix: each quote operation as-associate, refused without its permission
// (AssociateMissingPermission naming it) and allowed with exactly it, for the associate's own
// resource (My) and a colleague's (Others).
func TestQuotePermissionMatrix(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := quoteWorld(t, a, c)
		w.associate("acme", "dan@acme.example", "buyer", procura.InheritanceEnabled)
		dan := w.customers["dan@acme.example"]
		as := inUnit(dan, "acme")
		owners := map[string]string{"My": "dan@acme.example", "Others": "quinn@acme.example"}
		made := map[procura.Permission]bool{}
		only := func(p procura.Permission) string {
			if !made[p] {
				w.role("qo-"+string(p), true, p)
				made[p] = true
			}
			return "qo-" + string(p)
		}
		quoteAction := func(action string) func(q *procura.Quote) error {
			return func(q *procura.Quote) error {
				_, err := a.UpdateQuote(ctx, c, as, app.Ref{ID: q.ID}, actions(q.Version, action))
				return err
			}
		}
		for _, kind := range []string{"My", "Others"} {
			owner := owners[kind]
			ownerID := w.customers[owner]
			// Operations on a cart.
			requestPerm := map[string]procura.Permission{"My": procura.CreateMyQuoteRequestsFromMyCarts, "Others": procura.CreateQuoteRequestsFromOthersCarts}[kind]
			t.Run(string(requestPerm), func(t *testing.T) {
				cart := w.quoteCart(app.Acting{}, ownerID, "acme", 1)
				w.grant("acme", "dan@acme.example", "buyer")
				_, err := a.CreateQuoteRequest(ctx, c, as, requestDraft(cart, ""))
				wantMissing(t, err, requestPerm)
				w.grant("acme", "dan@acme.example", only(requestPerm))
				qr := must[*procura.QuoteRequest](t)(a.CreateQuoteRequest(ctx, c, as, requestDraft(cart, "")))
				if qr.OwnerID() != ownerID {
					t.Fatalf("request belongs to %s, want the cart's owner %s", qr.OwnerID(), ownerID)
				}
			})
			// Operations on a quote request.
			for _, tc := range []struct {
				perm procura.Permission
				run  func(qr *procura.QuoteRequest) error
			}{
				{procura.Permission("View" + kind + "QuoteRequests"), func(qr *procura.QuoteRequest) error {
					_, err := a.GetQuoteRequest(ctx, c, as, app.Ref{ID: qr.ID})
					return err
				}},
				{procura.Permission("Update" + kind + "QuoteRequests"), func(qr *procura.QuoteRequest) error {
					got, err := a.UpdateQuoteRequest(ctx, c, as, app.Ref{ID: qr.ID}, actions(qr.Version, `{"action":"cancelQuoteRequest"}`))
					if err == nil && got.QuoteRequestState != procura.QuoteRequestCancelled {
						t.Fatalf("cancelled request: %s", got.QuoteRequestState)
					}
					return err
				}},
			} {
				t.Run(string(tc.perm), func(t *testing.T) {
					cart := w.quoteCart(app.Acting{}, ownerID, "acme", 1)
					qr := must[*procura.QuoteRequest](t)(a.CreateQuoteRequest(ctx, c, app.Acting{}, requestDraft(cart, "")))
					w.grant("acme", "dan@acme.example", "buyer")
					wantMissing(t, tc.run(qr), tc.perm)
					w.grant("acme", "dan@acme.example", only(tc.perm))
					if err := tc.run(qr); err != nil {
						t.Fatalf("with %s: %v", tc.perm, err)
					}
				})
			}
			// Operations on a quote.
			for _, tc := range []struct {
				perm procura.Permission
				run  func(q *procura.Quote) error
				want string // the quote's state afterwards
			}{
				{procura.Permission("View" + kind + "Quotes"), func(q *procura.Quote) error {
					_, err := a.GetQuote(ctx, c, as, app.Ref{ID: q.ID})
					return err
				}, procura.QuotePending},
				{procura.Permission("Accept" + kind + "Quotes"), quoteAction(`{"action":"changeQuoteState","quoteState":"Accepted"}`), procura.QuoteAccepted},
				{procura.Permission("Decline" + kind + "Quotes"), quoteAction(`{"action":"changeQuoteState","quoteState":"Declined"}`), procura.QuoteDeclined},
				{procura.Permission("Renegotiate" + kind + "Quotes"), quoteAction(`{"action":"requestQuoteRenegotiation","buyerComment":"less"}`), procura.QuoteDeclinedForRenegotiation},
				{procura.Permission("Reassign" + kind + "Quotes"), quoteAction(fmt.Sprintf(`{"action":"changeCustomer","customer":{"typeId":"customer","id":%q}}`, w.customers["bob@acme.example"])), procura.QuotePending},
				{map[string]procura.Permission{"My": procura.CreateMyOrdersFromMyQuotes, "Others": procura.CreateOrdersFromOthersQuotes}[kind], func(q *procura.Quote) error {
					o, err := a.CreateOrderFromQuote(ctx, c, as, orderDraft(q, true))
					if err == nil && (o.Quote == nil || o.Quote.ID != q.ID || o.CustomerID != q.OwnerID()) {
						t.Fatalf("order from quote: quote %+v customer %s", o.Quote, o.CustomerID)
					}
					return err
				}, procura.QuoteAccepted},
			} {
				t.Run(string(tc.perm), func(t *testing.T) {
					_, _, q := w.sellerQuote(owner, 1, "")
					w.grant("acme", "dan@acme.example", "buyer")
					wantMissing(t, tc.run(q), tc.perm)
					if got := w.quoteNow(q.ID); got.Version != q.Version || got.QuoteState != procura.QuotePending {
						t.Fatalf("a refused %s changed the quote: %s v%d", tc.perm, got.QuoteState, got.Version)
					}
					w.grant("acme", "dan@acme.example", only(tc.perm))
					if err := tc.run(q); err != nil {
						t.Fatalf("with %s: %v", tc.perm, err)
					}
					if got := w.quoteNow(q.ID); got.QuoteState != tc.want {
						t.Fatalf("with %s: quote %s, want %s", tc.perm, got.QuoteState, tc.want)
					}
				})
			}
		}

		// The seeds' anti-pattern: a buyer role without CreateMyQuoteRequestsFromMyCarts.
		t.Run("seed buyer without CreateMyQuoteRequestsFromMyCarts", func(t *testing.T) {
			seedBuyer := []procura.Permission{procura.CreateMyCarts, procura.UpdateMyCarts, procura.ViewMyCarts, procura.CreateMyOrdersFromMyCarts,
				procura.ViewMyOrders, procura.UpdateMyOrders, procura.ViewMyQuotes, procura.AcceptMyQuotes, procura.DeclineMyQuotes, procura.RenegotiateMyQuotes}
			w.role("seed-buyer-incomplete", true, seedBuyer...)
			w.role("seed-buyer", true, append(slices.Clone(seedBuyer), procura.CreateMyQuoteRequestsFromMyCarts)...)
			w.grant("acme", "dan@acme.example", "seed-buyer-incomplete")
			cart := w.quoteCart(as, dan, "acme", 5)
			_, err := a.CreateQuoteRequest(ctx, c, as, requestDraft(cart, ""))
			wantMissing(t, err, procura.CreateMyQuoteRequestsFromMyCarts)
			pe := err.(*procura.Error)
			if fmt.Sprint(pe.Fields["permissions"]) != fmt.Sprint([]procura.Permission{procura.CreateMyQuoteRequestsFromMyCarts}) {
				t.Fatalf("permissions %v, want exactly [CreateMyQuoteRequestsFromMyCarts]", pe.Fields["permissions"])
			}
			w.grant("acme", "dan@acme.example", "seed-buyer")
			must[*procura.QuoteRequest](t)(a.CreateQuoteRequest(ctx, c, as, requestDraft(cart, "")))
		})
	})
}

func TestQuoteBadInput(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := quoteWorld(t, a, c)
		quinn := w.customers["quinn@acme.example"]
		as := inUnit(quinn, "acme")
		countRequests := func() int {
			return *must[*app.Page](t)(a.QueryQuoteRequests(ctx, c, app.Acting{}, app.Query{Limit: 1, WithTotal: true})).Total
		}
		before := countRequests()

		t.Run("no shipping address", func(t *testing.T) {
			cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, as, cartDraft("W-1")))
			_, err := a.CreateQuoteRequest(ctx, c, as, requestDraft(cart, ""))
			wantCode(t, err, procura.CodeInvalidOperation)
		})
		t.Run("empty cart", func(t *testing.T) {
			d := cartDraft()
			d.ShippingAddress = shipTo()
			cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, as, d))
			_, err := a.CreateQuoteRequest(ctx, c, as, requestDraft(cart, ""))
			wantCode(t, err, procura.CodeInvalidOperation)
		})
		t.Run("ordered cart", func(t *testing.T) {
			cart := w.quoteCart(as, quinn, "acme", 1)
			must[*procura.Order](t)(a.CreateOrder(ctx, c, as, procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}, Version: &cart.Version}))
			cart = must[*procura.Cart](t)(a.GetCart(ctx, c, as, app.Ref{ID: cart.ID}))
			_, err := a.CreateQuoteRequest(ctx, c, as, requestDraft(cart, ""))
			wantCode(t, err, procura.CodeInvalidOperation)
		})
		t.Run("stale cart version", func(t *testing.T) {
			cart := w.quoteCart(as, quinn, "acme", 1)
			stale := *cart
			must[*procura.Cart](t)(a.UpdateCart(ctx, c, as, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"changeLineItemQuantity","lineItemId":"`+cart.LineItems[0].ID+`","quantity":7}`)))
			_, err := a.CreateQuoteRequest(ctx, c, as, requestDraft(&stale, ""))
			wantCode(t, err, procura.CodeConcurrentModification)
		})
		t.Run("a cart of another unit", func(t *testing.T) {
			cart := w.quoteCart(as, quinn, "acme", 1)
			_, err := a.CreateQuoteRequest(ctx, c, inUnit(quinn, "eng"), requestDraft(cart, ""))
			wantCode(t, err, procura.CodeReferencedResourceNotFound)
		})
		if after := countRequests(); after != before {
			t.Fatalf("refused requests were written: %d requests, want %d", after, before)
		}

		t.Run("a submitted request does not change", func(t *testing.T) {
			cart := w.quoteCart(as, quinn, "acme", 10)
			qr := must[*procura.QuoteRequest](t)(a.CreateQuoteRequest(ctx, c, as, requestDraft(cart, "")))
			cart = must[*procura.Cart](t)(a.GetCart(ctx, c, as, app.Ref{ID: cart.ID}))
			must[*procura.Cart](t)(a.UpdateCart(ctx, c, as, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"changeLineItemQuantity","lineItemId":"`+cart.LineItems[0].ID+`","quantity":3}`)))
			got := must[*procura.QuoteRequest](t)(a.GetQuoteRequest(ctx, c, as, app.Ref{ID: qr.ID}))
			if got.LineItems[0].Quantity != 10 || got.TotalPrice.CentAmount != 19990 || got.Version != qr.Version {
				t.Fatalf("request after its cart changed: quantity %d total %d v%d", got.LineItems[0].Quantity, got.TotalPrice.CentAmount, got.Version)
			}
			// The buyer has no seller actions on it.
			for _, act := range []string{`{"action":"changeQuoteRequestState","quoteRequestState":"Accepted"}`,
				fmt.Sprintf(`{"action":"changeCustomer","customer":{"typeId":"customer","id":%q}}`, w.customers["rita@acme.example"])} {
				_, err := a.UpdateQuoteRequest(ctx, c, as, app.Ref{ID: qr.ID}, actions(qr.Version, act))
				if err == nil {
					t.Fatalf("the buyer applied %s", act)
				}
			}
		})
		t.Run("a cancelled request is not quoted", func(t *testing.T) {
			cart := w.quoteCart(as, quinn, "acme", 1)
			qr := must[*procura.QuoteRequest](t)(a.CreateQuoteRequest(ctx, c, as, requestDraft(cart, "")))
			qr = must[*procura.QuoteRequest](t)(a.UpdateQuoteRequest(ctx, c, as, app.Ref{ID: qr.ID}, actions(qr.Version, `{"action":"cancelQuoteRequest"}`)))
			if qr.QuoteRequestState != procura.QuoteRequestCancelled {
				t.Fatalf("cancelled request: %s", qr.QuoteRequestState)
			}
			_, err := a.CreateStagedQuote(ctx, c, procura.StagedQuoteDraft{QuoteRequest: &procura.ResourceIdentifier{ID: qr.ID}, QuoteRequestVersion: &qr.Version, QuoteRequestStateToAccepted: true})
			wantCode(t, err, procura.CodeInvalidOperation)
			// Nor cancelled twice, nor cancelled once Accepted.
			_, err = a.UpdateQuoteRequest(ctx, c, as, app.Ref{ID: qr.ID}, actions(qr.Version, `{"action":"cancelQuoteRequest"}`))
			wantCode(t, err, procura.CodeInvalidOperation)
			qr2, _, _ := w.sellerQuote("quinn@acme.example", 1, "")
			qr2 = must[*procura.QuoteRequest](t)(a.GetQuoteRequest(ctx, c, as, app.Ref{ID: qr2.ID}))
			_, err = a.UpdateQuoteRequest(ctx, c, as, app.Ref{ID: qr2.ID}, actions(qr2.Version, `{"action":"cancelQuoteRequest"}`))
			wantCode(t, err, procura.CodeInvalidOperation)
		})

		t.Run("/me quotes take changeMyQuoteState and requestQuoteRenegotiation only", func(t *testing.T) {
			_, _, q := w.sellerQuote("quinn@acme.example", 1, "")
			me := w.as("quinn@acme.example", "")
			for _, act := range []string{
				`{"action":"changeQuoteState","quoteState":"Accepted"}`,
				fmt.Sprintf(`{"action":"changeCustomer","customer":{"typeId":"customer","id":%q}}`, w.customers["rita@acme.example"]),
			} {
				_, err := a.UpdateQuote(ctx, me, app.Me(me), app.Ref{ID: q.ID}, actions(q.Version, act))
				if err == nil {
					t.Fatalf("/me accepted %s", act)
				}
				if code := procura.ErrorCode(err); code != procura.CodeInvalidJSONInput && code != procura.CodeInvalidOperation {
					t.Fatalf("/me %s: %v, want InvalidJsonInput or InvalidOperation", act, err)
				}
			}
			if got := w.quoteNow(q.ID); got.Version != q.Version || got.QuoteState != procura.QuotePending {
				t.Fatalf("refused /me actions changed the quote: %s v%d", got.QuoteState, got.Version)
			}
			// Another customer's quote does not exist through /me.
			rita := w.as("rita@acme.example", "")
			_, err := a.UpdateQuote(ctx, rita, app.Me(rita), app.Ref{ID: q.ID}, actions(q.Version, `{"action":"changeMyQuoteState","quoteState":"Accepted"}`))
			wantCode(t, err, procura.CodeResourceNotFound)
			q = must[*procura.Quote](t)(a.UpdateQuote(ctx, me, app.Me(me), app.Ref{ID: q.ID}, actions(q.Version, `{"action":"changeMyQuoteState","quoteState":"Accepted"}`)))
			if q.QuoteState != procura.QuoteAccepted {
				t.Fatalf("/me accept: %s", q.QuoteState)
			}
			o := must[*procura.Order](t)(a.CreateOrderFromQuote(ctx, me, app.Me(me), procura.OrderFromQuoteDraft{ID: q.ID, Version: &q.Version}))
			if o.Quote == nil || o.Quote.ID != q.ID || o.TotalPrice.CentAmount != 1500 {
				t.Fatalf("/me order from quote: %+v total %d", o.Quote, o.TotalPrice.CentAmount)
			}
		})
	})
}

// TestQuotationCartIsTheSellers: the quotation cart is the seller's workspace (spec §6.3); the
// buyer may neither set its prices through /me (setLineItemPrice is no MyCartUpdateAction) nor
// order it as a plain cart, which would skip the quote, its sending, acceptance and validTo.
func TestQuotationCartIsTheSellers(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := quoteWorld(t, a, c)
		quinn := w.customers["quinn@acme.example"]
		as := inUnit(quinn, "acme")
		quotation := func() *procura.Cart {
			cart := w.quoteCart(as, quinn, "acme", 10)
			qr := must[*procura.QuoteRequest](t)(a.CreateQuoteRequest(ctx, c, as, requestDraft(cart, "")))
			return w.priceQuotation(w.stage(qr), 1500, 0)
		}

		t.Run("no /me setLineItemPrice", func(t *testing.T) {
			qc := quotation()
			me := w.as("quinn@acme.example", "")
			_, err := a.UpdateCart(ctx, me, app.Me(me), app.Ref{ID: qc.ID}, actions(qc.Version,
				fmt.Sprintf(`{"action":"setLineItemPrice","lineItemId":%q,"externalPrice":{"currencyCode":"EUR","centAmount":1}}`, qc.LineItems[0].ID)))
			if code := procura.ErrorCode(err); code != procura.CodeInvalidJSONInput && code != procura.CodeInvalidOperation {
				t.Errorf("buyer sets a price on the quotation cart through /me: err %v, want InvalidJsonInput", err)
			}
			if got := must[*procura.Cart](t)(a.GetCart(ctx, c, app.Acting{}, app.Ref{ID: qc.ID})); got.TotalPrice.CentAmount != 15000 {
				t.Errorf("quotation cart total %d after the buyer's attempt, want the seller's 15000", got.TotalPrice.CentAmount)
			}
		})
		t.Run("not ordered as a cart", func(t *testing.T) {
			got := quotation()
			o, err := a.CreateOrder(ctx, c, as, procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: got.ID}, Version: &got.Version})
			if procura.ErrorCode(err) != procura.CodeInvalidOperation {
				total := int64(-1)
				if o != nil {
					total = o.TotalPrice.CentAmount
				}
				t.Errorf("buyer orders the quotation cart of an unsent staged quote: err %v (order total %d), want InvalidOperation", err, total)
			}
		})
	})
}

// TestOrderFromQuoteRechecksTheUnit: as an order from a cart, an order from a quote is refused
// once its owner is no longer an associate of the unit, or the unit is Inactive.
func TestOrderFromQuoteRechecksTheUnit(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := quoteWorld(t, a, c)
		_, _, gone := w.sellerQuote("quinn@acme.example", 3, "")
		_, _, kept := w.sellerQuote("rita@acme.example", 3, "")
		must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "acme"}, actions(w.version("acme"),
			`{"action":"removeAssociate","customer":{"id":"`+w.customers["quinn@acme.example"]+`"}}`)))
		_, err := a.CreateOrderFromQuote(ctx, c, app.Acting{}, orderDraft(gone, true))
		wantCode(t, err, procura.CodeInvalidOperation)
		must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "acme"}, actions(w.version("acme"), `{"action":"changeStatus","status":"Inactive"}`)))
		_, err = a.CreateOrderFromQuote(ctx, c, app.Acting{}, orderDraft(kept, true))
		wantCode(t, err, procura.CodeInvalidOperation)
		must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "acme"}, actions(w.version("acme"), `{"action":"changeStatus","status":"Active"}`)))
		must[*procura.Order](t)(a.CreateOrderFromQuote(ctx, c, app.Acting{}, orderDraft(w.quoteNow(kept.ID), true)))
	})
}

// An order from a quote takes the order number the draft gives (the Store Launchpad numbers its
// orders by date); one in use or longer than 256 characters is refused and nothing is written.
func TestOrderFromQuoteTakesAnOrderNumber(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := quoteWorld(t, a, c)
		as := inUnit(w.customers["quinn@acme.example"], "acme")
		_, _, first := w.sellerQuote("quinn@acme.example", 2, "")
		_, _, second := w.sellerQuote("quinn@acme.example", 3, "")
		d := orderDraft(first, true)
		d.OrderNumber = "2026-12-6-55555"
		o := must[*procura.Order](t)(a.CreateOrderFromQuote(ctx, c, as, d))
		if o.OrderNumber != "2026-12-6-55555" || o.Quote == nil || o.Quote.ID != first.ID {
			t.Fatalf("the order: number %q quote %+v", o.OrderNumber, o.Quote)
		}
		d = orderDraft(second, true)
		d.OrderNumber = "2026-12-6-55555"
		_, err := a.CreateOrderFromQuote(ctx, c, as, d)
		wantCode(t, err, procura.CodeDuplicateField)
		d.OrderNumber = strings.Repeat("9", 257)
		_, err = a.CreateOrderFromQuote(ctx, c, as, d)
		wantCode(t, err, procura.CodeInvalidField)
		if got := w.quoteNow(second.ID); got.QuoteState != procura.QuotePending || got.Version != second.Version {
			t.Fatalf("a refused order changed the quote: %s version %d", got.QuoteState, got.Version)
		}
	})
}
