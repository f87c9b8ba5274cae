package e2e

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/labd/commercetools-go-sdk/platform"
)

// TestQuoteLifecycle drives the seeds' five steps through the SDK: the buyer requests a quote
// as an associate, the seller stages it (request Accepted), prices the quotation cart below the
// catalog with a 10% direct discount, sets validTo and a comment and sends the quote (staged
// Sent); the buyer accepts it and orders it after the catalog price went up: the order has the
// quoted total, refers to the quote and enters the approval flow of the matching rule; a second
// order of the quote is refused.
func TestQuoteLifecycle(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		q := newQuotes(t, s)
		q.createRule(t, "ruth", "acme", ruleDraft("quote-orders", `totalPrice >= "1000.00 EUR"`, seedHierarchy(), "q-buyer"))
		quinn := q.asAssociate("quinn", "acme")

		// Step 1: 100 widgets (1,999.00).
		cart := q.buyerCart(t, "quinn", 100)
		qr := q.request(t, "quinn", cart, "Requesting bulk discount for 100 units")
		if qr.QuoteRequestState != platform.QuoteRequestStateSubmitted || qr.Customer.ID != q.ids["quinn"] || qr.BusinessUnit == nil ||
			qr.BusinessUnit.Key != "acme" || centsOf(t, qr.TotalPrice) != 100*widgetCents || deref(qr.Comment) != "Requesting bulk discount for 100 units" ||
			qr.Cart == nil || qr.Cart.ID != cart.ID || qr.ShippingAddress == nil || deref(qr.ShippingAddress.City) != "Berlin" {
			t.Fatalf("quote request: %+v", qr)
		}
		if got, err := quinn.QuoteRequests().WithId(qr.ID).Get().Execute(q.ctx); err != nil || got.Version != qr.Version {
			t.Fatalf("buyer reads her request: %v", err)
		}

		// Step 2.
		sq := q.stage(t, qr)
		if sq.StagedQuoteState != platform.StagedQuoteStateInProgress || sq.QuoteRequest.ID != qr.ID || sq.QuotationCart.ID == "" ||
			sq.QuotationCart.ID == cart.ID || sq.Customer == nil || sq.Customer.ID != q.ids["quinn"] || sq.BusinessUnit == nil || sq.BusinessUnit.Key != "acme" {
			t.Fatalf("staged quote: %+v", sq)
		}
		if got, err := q.c.QuoteRequests().WithId(qr.ID).Get().Execute(q.ctx); err != nil || got.QuoteRequestState != platform.QuoteRequestStateAccepted {
			t.Fatalf("request after quoteRequestStateToAccepted: %v %v", err, got)
		}
		qc := q.price(t, sq, 1500, 1000)
		if qc.Origin != platform.CartOriginQuote || centsOf(t, qc.TotalPrice) != 135000 || len(qc.LineItems) != 1 || qc.LineItems[0].Quantity != 100 {
			t.Fatalf("quotation cart: origin %s total %d", qc.Origin, centsOf(t, qc.TotalPrice))
		}
		validTo := time.Now().UTC().Add(30 * 24 * time.Hour).Truncate(time.Second)
		sq = q.updateStaged(t, sq, platform.StagedQuoteSetValidToAction{ValidTo: &validTo},
			platform.StagedQuoteSetSellerCommentAction{SellerComment: ptr("Bulk price, 10% off")})
		if sq.ValidTo == nil || !sq.ValidTo.Equal(validTo) || deref(sq.SellerComment) != "Bulk price, 10% off" {
			t.Fatalf("staged quote validTo %v comment %v", deref(sq.ValidTo), deref(sq.SellerComment))
		}

		// Step 3.
		quote := q.send(t, sq)
		if quote.QuoteState != platform.QuoteStatePending || centsOf(t, quote.TotalPrice) != 135000 || quote.ValidTo == nil || !quote.ValidTo.Equal(validTo) ||
			deref(quote.SellerComment) != "Bulk price, 10% off" || quote.QuoteRequest.ID != qr.ID || quote.StagedQuote.ID != sq.ID ||
			quote.Customer == nil || quote.Customer.ID != q.ids["quinn"] || quote.BusinessUnit == nil || quote.BusinessUnit.Key != "acme" ||
			len(quote.LineItems) != 1 || centsOf(t, quote.LineItems[0].Price.Value) != 1500 || len(quote.DirectDiscounts) != 1 {
			t.Fatalf("quote: %+v", quote)
		}
		if got, err := q.c.StagedQuotes().WithId(sq.ID).Get().Execute(q.ctx); err != nil || got.StagedQuoteState != platform.StagedQuoteStateSent {
			t.Fatalf("staged quote after stagedQuoteStateToSent: %v %v", err, got)
		}
		page, err := quinn.Quotes().Get().Execute(q.ctx)
		if err != nil || page.Count != 1 || page.Results[0].ID != quote.ID {
			t.Fatalf("buyer lists her quotes: %v %+v", err, page)
		}

		// Step 4.
		quote, err = q.changeQuote("quinn", quote, platform.QuoteChangeQuoteStateAction{QuoteState: platform.QuoteStateAccepted})
		if err != nil || quote.QuoteState != platform.QuoteStateAccepted {
			t.Fatalf("buyer accepts: %v %v", err, quote)
		}

		// Step 5, after the catalog price went up.
		q.setPrice(t, q.widget, 2999)
		o, err := q.orderQuote("quinn", quote, true)
		if err != nil {
			t.Fatalf("buyer orders the quote: %v", err)
		}
		if centsOf(t, o.TotalPrice) != 135000 || o.Quote == nil || o.Quote.ID != quote.ID || o.Origin != platform.CartOriginQuote ||
			deref(o.CustomerId) != q.ids["quinn"] || o.BusinessUnit == nil || o.BusinessUnit.Key != "acme" {
			t.Fatalf("order from quote: total %d quote %+v origin %s customer %v", centsOf(t, o.TotalPrice), o.Quote, o.Origin, deref(o.CustomerId))
		}
		q.wantOrder(t, o.ID, "Pending")
		if ids := q.flowsOf(t, o.ID); len(ids) != 1 {
			t.Fatalf("flows of the order from the quote: %v, want one", ids)
		}
		// Once only, even at the quote's newest version and through the seller.
		quote = q.quoteNow(t, quote.ID)
		_, err = q.orderQuote("quinn", quote, false)
		refused(t, "second order of the quote by the buyer", err, "already been ordered")
		_, err = q.c.Orders().OrderQuote().Post(platform.OrderFromQuoteDraft{Quote: platform.QuoteResourceIdentifier{ID: ptr(quote.ID)},
			Version: quote.Version}).Execute(q.ctx)
		refused(t, "second order of the quote by the seller", err, "already been ordered")
	})
}

// TestQuoteRenegotiationRound: the buyer asks for a better offer, the seller reopens the staged
// quote and sends a new quote; the first becomes RenegotiationAddressed and both are listed as
// the request's offers.
func TestQuoteRenegotiationRound(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		q := newQuotes(t, s)
		qr, sq, first := q.pending(t, "quinn", 100, nil)
		first, err := q.changeQuote("quinn", first, platform.QuoteRequestQuoteRenegotiationAction{BuyerComment: ptr("Can you do 14.00?")})
		if err != nil || first.QuoteState != platform.QuoteStateDeclinedForRenegotiation || deref(first.BuyerComment) != "Can you do 14.00?" {
			t.Fatalf("requestQuoteRenegotiation: %v %+v", err, first)
		}
		_, err = q.orderQuote("quinn", first, true)
		refused(t, "order of a quote awaiting renegotiation", err, "DeclinedForRenegotiation")
		sq = q.updateStaged(t, sq, platform.StagedQuoteChangeStagedQuoteStateAction{StagedQuoteState: platform.StagedQuoteStateInProgress})
		if sq.StagedQuoteState != platform.StagedQuoteStateInProgress {
			t.Fatalf("reopened staged quote: %s", sq.StagedQuoteState)
		}
		q.price(t, sq, 1400, 0)
		second := q.send(t, sq)
		if second.QuoteState != platform.QuoteStatePending || centsOf(t, second.TotalPrice) != 140000 || second.QuoteRequest.ID != qr.ID {
			t.Fatalf("second quote: %s %d", second.QuoteState, centsOf(t, second.TotalPrice))
		}
		if got := q.quoteNow(t, first.ID); got.QuoteState != platform.QuoteStateRenegotiationAddressed {
			t.Fatalf("first quote after the new offer: %s, want RenegotiationAddressed", got.QuoteState)
		}
		where := []string{fmt.Sprintf("quoteRequest(id=%q)", qr.ID)}
		want := sorted(first.ID, second.ID)
		sellerPage, err := q.c.Quotes().Get().Where(where).Execute(q.ctx)
		if err != nil {
			t.Fatal(err)
		}
		buyerPage, err := q.asAssociate("quinn", "acme").Quotes().Get().Where(where).Execute(q.ctx)
		if err != nil {
			t.Fatal(err)
		}
		for name, page := range map[string]*platform.QuotePagedQueryResponse{"seller": sellerPage, "buyer": buyerPage} {
			ids := []string{}
			for _, r := range page.Results {
				ids = append(ids, r.ID)
			}
			slices.Sort(ids)
			if !slices.Equal(ids, want) || page.Total == nil || *page.Total != 2 {
				t.Errorf("%s: offers of the request %v (total %v), want %v", name, ids, deref(page.Total), want)
			}
		}
		o, err := q.orderQuote("quinn", second, true)
		if err != nil || centsOf(t, o.TotalPrice) != 140000 {
			t.Fatalf("order of the second quote: %v", err)
		}
	})
}

// TestQuoteDeclineReassignExpiry: a declined quote cannot be ordered; a quote is handed to a
// colleague but not to a stranger; an expired quote is neither accepted nor ordered; /me accepts
// and orders with changeMyQuoteState and /me/orders/quotes.
func TestQuoteDeclineReassignExpiry(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		q := newQuotes(t, s)

		t.Run("decline", func(t *testing.T) {
			_, _, quote := q.pending(t, "quinn", 10, nil)
			quote, err := q.changeQuote("quinn", quote, platform.QuoteChangeQuoteStateAction{QuoteState: platform.QuoteStateDeclined})
			if err != nil || quote.QuoteState != platform.QuoteStateDeclined {
				t.Fatalf("decline: %v %v", err, quote)
			}
			_, err = q.orderQuote("quinn", quote, true)
			refused(t, "order of a declined quote", err, "Declined")
			_, err = q.changeQuote("quinn", quote, platform.QuoteChangeQuoteStateAction{QuoteState: platform.QuoteStateAccepted})
			refused(t, "accepting a declined quote", err, "Declined")
		})

		t.Run("reassign", func(t *testing.T) {
			_, _, quote := q.pending(t, "quinn", 10, nil)
			_, err := q.changeQuote("quinn", quote, platform.QuoteChangeCustomerAction{Customer: platform.CustomerResourceIdentifier{ID: ptr(q.ids["carol"])}})
			refused(t, "reassignment to a stranger", err, "not an associate")
			quote, err = q.changeQuote("quinn", quote, platform.QuoteChangeCustomerAction{Customer: platform.CustomerResourceIdentifier{ID: ptr(q.ids["rita"])}})
			if err != nil || quote.Customer == nil || quote.Customer.ID != q.ids["rita"] {
				t.Fatalf("reassignment to rita: %v %+v", err, quote)
			}
			_, err = q.asAssociate("quinn", "acme").Quotes().WithId(quote.ID).Get().Execute(q.ctx)
			missingPermission(t, err, platform.PermissionViewOthersQuotes)
			o, err := q.orderQuote("rita", quote, true)
			if err != nil || deref(o.CustomerId) != q.ids["rita"] {
				t.Fatalf("rita orders the quote handed to her: %v", err)
			}
		})

		t.Run("expired", func(t *testing.T) {
			past := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
			_, _, quote := q.pending(t, "quinn", 10, &past)
			if quote.ValidTo == nil || !quote.ValidTo.Equal(past) {
				t.Fatalf("quote validTo %v, want %v", deref(quote.ValidTo), past)
			}
			_, err := q.changeQuote("quinn", quote, platform.QuoteChangeQuoteStateAction{QuoteState: platform.QuoteStateAccepted})
			refused(t, "accepting an expired quote", err, "expired")
			_, err = q.orderQuote("quinn", quote, true)
			refused(t, "ordering an expired quote", err, "expired")
			if got := q.quoteNow(t, quote.ID); got.QuoteState != platform.QuoteStatePending || got.Version != quote.Version {
				t.Errorf("expired quote after the refusals: %s v%d", got.QuoteState, got.Version)
			}
		})

		t.Run("/me", func(t *testing.T) {
			_, _, quote := q.pending(t, "quinn", 10, nil)
			me, _ := s.passwordSDK(t, emailOf("quinn"), passwordOf("quinn"))
			mine, err := me.Me().Quotes().WithId(quote.ID).Post(platform.MyQuoteUpdate{Version: quote.Version,
				Actions: []platform.MyQuoteUpdateAction{platform.MyQuoteChangeMyQuoteStateAction{QuoteState: platform.MyQuoteStateAccepted}}}).Execute(q.ctx)
			if err != nil || mine.QuoteState != platform.QuoteStateAccepted {
				t.Fatalf("/me accepts: %v %+v", err, mine)
			}
			o, err := me.Me().Orders().OrderQuote().Post(platform.MyOrderFromQuoteDraft{ID: mine.ID, Version: mine.Version}).Execute(q.ctx)
			if err != nil || o.Quote == nil || o.Quote.ID != quote.ID || centsOf(t, o.TotalPrice) != 15000 {
				t.Fatalf("/me orders the quote: %v %+v", err, o)
			}
			// /me renegotiates too (the seeds' extension), with RenegotiateMyQuotes and a comment.
			renegotiate := func(who string, quote *platform.Quote) response {
				return s.do(t, http.MethodPost, q.path("/me/quotes/"+quote.ID), mustToken(t, s, who),
					[]byte(fmt.Sprintf(`{"version":%d,"actions":[{"action":"requestQuoteRenegotiation","buyerComment":"5%% less, please"}]}`, quote.Version)))
			}
			_, _, other := q.pending(t, "quinn", 10, nil)
			wantStatus(t, "quinn renegotiates through /me", renegotiate("quinn", other), http.StatusOK)
			if got := q.quoteNow(t, other.ID); got.QuoteState != platform.QuoteStateDeclinedForRenegotiation || deref(got.BuyerComment) != "5% less, please" {
				t.Errorf("quote after a /me renegotiation: %s %q", got.QuoteState, deref(got.BuyerComment))
			}
			q.role(t, "q-no-renegotiation", true, slices.DeleteFunc(slices.Clone(quoteBuyerPerms),
				func(p platform.Permission) bool { return p == platform.PermissionRenegotiateMyQuotes })...)
			q.customer(t, "nora")
			q.associate(t, "acme", "nora", "q-no-renegotiation", true)
			_, _, hers := q.pending(t, "nora", 10, nil)
			missingPermissionRaw(t, renegotiate("nora", hers), platform.PermissionRenegotiateMyQuotes)
			if got := q.quoteNow(t, hers.ID); got.QuoteState != platform.QuoteStatePending {
				t.Errorf("quote after a refused /me renegotiation: %s", got.QuoteState)
			}
		})
	})
}

// mustToken signs name in with the password flow and returns the access token.
func mustToken(t *testing.T, s *server, name string) string {
	t.Helper()
	_, tok := s.passwordSDK(t, emailOf(name), passwordOf(name))
	return tok.AccessToken
}

// TestQuotePermissionsMissing is the seeds' anti-pattern: a buyer role without
// CreateMyQuoteRequestsFromMyCarts gets AssociateMissingPermission naming it; with the seeds'
// complete buyer role the request goes through. Without AcceptMyQuotes and
// CreateMyOrdersFromMyQuotes the quote is neither accepted nor ordered.
func TestQuotePermissionsMissing(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		q := newQuotes(t, s)
		q.customer(t, "dan")
		incomplete := []platform.Permission{}
		for _, p := range seedBuyerPerms {
			if p != platform.PermissionCreateMyQuoteRequestsFromMyCarts {
				incomplete = append(incomplete, p)
			}
		}
		q.role(t, "seed-buyer-incomplete", true, incomplete...)
		q.role(t, "seed-buyer", true, seedBuyerPerms...)
		q.associate(t, "acme", "dan", "seed-buyer-incomplete", false)
		cart := q.buyerCart(t, "dan", 5)
		draft := platform.QuoteRequestDraft{Cart: platform.CartResourceIdentifier{ID: ptr(cart.ID)}, CartVersion: cart.Version}
		_, err := q.asAssociate("dan", "acme").QuoteRequests().Post(draft).Execute(q.ctx)
		missingPermission(t, err, platform.PermissionCreateMyQuoteRequestsFromMyCarts)
		if n := q.total(t, "quote-requests"); n != 0 {
			t.Fatalf("%d quote requests after the refusal, want 0", n)
		}
		q.update(t, "acme", fmt.Sprintf(`{"action":"changeAssociate","associate":{"customer":{"typeId":"customer","id":%q},`+
			`"associateRoleAssignments":[{"associateRole":{"typeId":"associate-role","key":"seed-buyer"},"inheritance":"Disabled"}]}}`, q.ids["dan"]))
		if _, err := q.asAssociate("dan", "acme").QuoteRequests().Post(draft).Execute(q.ctx); err != nil {
			t.Fatalf("with the seeds' buyer role: %v", err)
		}

		// bob ("buyer": carts and orders, no quote permissions) neither accepts nor orders his quote.
		_, _, quote := q.pending(t, "quinn", 1, nil)
		quote, err = q.c.Quotes().WithId(quote.ID).Post(platform.QuoteUpdate{Version: quote.Version, Actions: []platform.QuoteUpdateAction{
			platform.QuoteChangeCustomerAction{Customer: platform.CustomerResourceIdentifier{ID: ptr(q.ids["bob"])}}}}).Execute(q.ctx)
		if err != nil {
			t.Fatalf("seller hands the quote to bob: %v", err)
		}
		_, err = q.changeQuote("bob", quote, platform.QuoteChangeQuoteStateAction{QuoteState: platform.QuoteStateAccepted})
		missingPermission(t, err, platform.PermissionAcceptMyQuotes)
		_, err = q.orderQuote("bob", quote, true)
		missingPermission(t, err, platform.PermissionCreateMyOrdersFromMyQuotes)
		// quinn (My permissions only) may not accept bob's quote: that needs AcceptOthersQuotes.
		_, err = q.changeQuote("quinn", quote, platform.QuoteChangeQuoteStateAction{QuoteState: platform.QuoteStateAccepted})
		missingPermission(t, err, platform.PermissionAcceptOthersQuotes)
	})
}
