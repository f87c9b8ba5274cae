package e2e

import (
	"context"
	"fmt"
	"net/http"
	"testing"
)

// TestLaunchpadQuoteCalls replays the quote calls of commercetools' B2B storefront (the Store
// Launchpad, Q1-Q9 of its call inventory) with its API client's token: a quote requested from
// the cart (which the storefront then deletes), the header's and the quotes page's queries, a
// request cancelled, and the seller's quotes renegotiated, declined and accepted into an order
// numbered by the storefront. Every answer is checked against the reference and for the fields
// the storefront's mappers read without a guard, through the expansions it asks for.
func TestLaunchpadQuoteCalls(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		lp := newLaunchpad(t, s)
		as := lp.as("lena")
		requestReads := func(what string, qr map[string]any) map[string]any {
			t.Helper()
			reads(t, what, qr, launchpadQuoteRequestReads...)
			if qr["store"].(map[string]any)["key"] != lpStore || qr["businessUnit"].(map[string]any)["key"] != lpUnit {
				t.Errorf("%s: store %v unit %v", what, qr["store"], qr["businessUnit"])
			}
			return qr
		}
		// Q1 + C17: the quote checkout (addresses first: the reference asks a shipping address of a
		// quote's cart), then the cart is deleted at the version read before.
		request := func(n int, comment string) map[string]any {
			t.Helper()
			c := lp.checkoutAddresses(t, "lena", lp.newCart(t, "lena", widgetSKU, n))
			qr := requestReads("Q1", lp.call(t, "QuoteRequest", http.MethodPost, as+"/quote-requests", fmt.Sprintf(`{"cart":{"typeId":"cart","id":%q},`+
				`"cartVersion":%v,"comment":%q,"purchaseOrderNumber":"PO-%d"}`, c["id"], c["version"], comment, n), http.StatusCreated))
			lp.call(t, "Cart", http.MethodDelete, as+"/carts/"+c["id"].(string)+"?version="+jsonText(c["version"]), "", http.StatusOK)
			return qr
		}
		first := request(10, "a better price for ten?")
		if first["comment"] != "a better price for ten?" || first["purchaseOrderNumber"] != "PO-10" || first["quoteRequestState"] != "Submitted" {
			t.Fatalf("Q1: %v %v %v", first["comment"], first["purchaseOrderNumber"], first["quoteRequestState"])
		}

		// Q2: the header's badge and the quotes page; Q3: one request, its customer expanded. (The
		// pages' optional accountId filter, customerId="…", names no field of a quote request.)
		q2 := expand([]string{"customer"}, "where", `id in ("`+first["id"].(string)+`")`,
			"where", `quoteRequestState in ("Submitted")`, "where", `store(key="`+lpStore+`")`, "sort", "lastModifiedAt desc", "limit", "20", "offset", "0", "text.en", "ten")
		page := results(t, "Q2", lp.call(t, "QuoteRequestPagedQueryResponse", http.MethodGet, as+"/quote-requests"+q2, "", http.StatusOK))
		if len(page) != 1 {
			t.Fatalf("Q2: %v", page)
		}
		reads(t, "Q2 customer", obj(t, "Q2", requestReads("Q2", page[0]), "customer"), launchpadCustomerReads...)
		reads(t, "Q3 customer", obj(t, "Q3", requestReads("Q3", lp.call(t, "QuoteRequest", http.MethodGet,
			as+"/quote-requests/"+first["id"].(string)+expand([]string{"customer"}), "", http.StatusOK)), "customer"), launchpadCustomerReads...)

		// Q4: another request cancelled (Q3 reads its version first).
		other := request(2, "never mind")
		current := lp.call(t, "QuoteRequest", http.MethodGet, as+"/quote-requests/"+other["id"].(string)+expand([]string{"customer"}), "", http.StatusOK)
		cancelled := requestReads("Q4", lp.act(t, "QuoteRequest", as+"/quote-requests/"+other["id"].(string), current["version"],
			`{"action":"changeQuoteRequestState","quoteRequestState":"Cancelled"}`))
		if cancelled["quoteRequestState"] != "Cancelled" {
			t.Fatalf("Q4: %v", cancelled["quoteRequestState"])
		}

		// The seller quotes 15.00 a widget on the first request and on two more.
		toRenegotiate, toAccept, toDecline := lp.quote(t, first), lp.quote(t, request(4, "for four")), lp.quote(t, request(3, "for three"))
		quoteReads := func(what string, q map[string]any) map[string]any {
			t.Helper()
			reads(t, what, q, launchpadQuoteReads...)
			requestReads(what+" quoteRequest", obj(t, what, q, "quoteRequest"))
			return q
		}

		// Q5: the quotes page, with the request and the quotation cart expanded.
		q5 := expand([]string{"quoteRequest", "stagedQuote.quotationCart"}, "where", `quoteState in ("Pending")`, "where", `store(key="`+lpStore+`")`, "sort", "lastModifiedAt desc", "limit", "20", "offset", "0")
		quotes := results(t, "Q5", lp.call(t, "QuotePagedQueryResponse", http.MethodGet, as+"/quotes"+q5, "", http.StatusOK))
		if len(quotes) != 3 {
			t.Fatalf("Q5: %d quotes", len(quotes))
		}
		for _, q := range quotes {
			quoteReads("Q5", q)
			reads(t, "Q5 quotationCart", obj(t, "Q5", obj(t, "Q5", q, "stagedQuote"), "quotationCart"), launchpadCartReads...)
		}
		// Q6: the quote page reads the quote (and each button reads its version there first).
		q6 := expand([]string{"customer", "quoteRequest", "quoteRequest.customer", "stagedQuote.quotationCart"})
		page6 := func(id string) map[string]any {
			t.Helper()
			q := quoteReads("Q6", lp.call(t, "Quote", http.MethodGet, as+"/quotes/"+id+q6, "", http.StatusOK))
			reads(t, "Q6 customer", obj(t, "Q6", q, "customer"), launchpadCustomerReads...)
			reads(t, "Q6 quoteRequest.customer", obj(t, "Q6", obj(t, "Q6", q, "quoteRequest"), "customer"), launchpadCustomerReads...)
			if q["totalPrice"].(map[string]any)["centAmount"] == nil {
				t.Fatalf("Q6 the quote's total: %v", q["totalPrice"])
			}
			return q
		}
		q7 := expand([]string{"quoteRequest", "quoteRequest.customer"})

		// Q8: renegotiate with a comment; Q7: decline.
		q := page6(toRenegotiate)
		renegotiated := quoteReads("Q8", lp.act(t, "Quote", as+"/quotes/"+toRenegotiate+q7, q["version"],
			`{"action":"requestQuoteRenegotiation","buyerComment":"12.00 would do"}`))
		if renegotiated["quoteState"] != "DeclinedForRenegotiation" || renegotiated["buyerComment"] != "12.00 would do" {
			t.Fatalf("Q8: %v %v", renegotiated["quoteState"], renegotiated["buyerComment"])
		}
		q = page6(toDecline)
		if declined := quoteReads("Q7", lp.act(t, "Quote", as+"/quotes/"+toDecline+q7, q["version"],
			`{"action":"changeQuoteState","quoteState":"Declined"}`)); declined["quoteState"] != "Declined" {
			t.Fatalf("Q7: %v", declined["quoteState"])
		}

		// Q9: accept, as an order from the quote with the storefront's order number; then Q6 again.
		q = page6(toAccept)
		order := lp.call(t, "Order", http.MethodPost, as+"/orders/quotes", fmt.Sprintf(`{"version":%v,"quote":{"typeId":"quote","id":%q},`+
			`"quoteStateToAccepted":true,"orderNumber":"2026-12-6-55555"}`, q["version"], toAccept), http.StatusCreated)
		reads(t, "Q9", order, launchpadOrderReads...)
		if order["orderNumber"] != "2026-12-6-55555" || order["quote"].(map[string]any)["id"] != toAccept ||
			order["totalPrice"].(map[string]any)["centAmount"] != float64(4*1500) {
			t.Fatalf("Q9 the order: %v %v %v", order["orderNumber"], order["quote"], order["totalPrice"])
		}
		if accepted := page6(toAccept); accepted["quoteState"] != "Accepted" {
			t.Fatalf("Q9 then Q6: %v", accepted["quoteState"])
		}
		// The accepted quote's order is the buyer's: the orders page finds it.
		if got := results(t, "D2", lp.call(t, "OrderPagedQueryResponse", http.MethodGet, as+"/orders"+expand(orderExpands,
			"where", `orderNumber in ("2026-12-6-55555")`), "", http.StatusOK)); len(got) != 1 {
			t.Fatalf("D2 the quote's order: %v", got)
		}
	})
}

// quote has the seller answer the quote request qr with a quote of 15.00 a widget (through the
// general endpoints, as the Merchant Center does) and returns the quote's id.
func (lp *launchpad) quote(t *testing.T, qr map[string]any) string {
	t.Helper()
	q := &quotes{approvals: &approvals{shop: lp.shop, ctx: context.Background()}}
	sdkRequest, err := lp.c.QuoteRequests().WithId(qr["id"].(string)).Get().Execute(q.ctx)
	if err != nil {
		t.Fatalf("the seller reads the quote request: %v", err)
	}
	sq := q.stage(t, sdkRequest)
	q.price(t, sq, 1500, 0)
	return q.send(t, sq).ID
}
