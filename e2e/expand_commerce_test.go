package e2e

import (
	"net/http"
	"net/url"
	"testing"
)

// The expansions storefronts ask of quotes and approval flows (the Store Launchpad's quote and
// approval-flow pages): a quote's request (and that request's customer) and its staged quote's
// quotation cart, an approval flow's order. An API client expands what its scopes let it read; a
// customer's own token does not expand carts, orders or quotes.
func TestExpansionsOfQuotesAndFlows(t *testing.T) {
	ref := reference(t)
	forEachBackend(t, func(t *testing.T, s *server) {
		q := newQuotes(t, s)
		_, _, quote := q.pending(t, "quinn", 2, nil)
		q.createRule(t, "ruth", "acme", bigOrders("big"))
		order := q.order(t, "bob", "acme", "EUR", 12)
		flow := q.flowsOf(t, order.ID)[0]
		expand := func(paths ...string) string {
			v := url.Values{"expand": paths}
			return "?" + v.Encode()
		}
		get := func(path, token string) map[string]any {
			t.Helper()
			r := s.do(t, http.MethodGet, q.path(path), token, nil)
			if r.status != http.StatusOK {
				t.Fatalf("GET %s: %d %s", path, r.status, clip(r.body))
			}
			return decodeJSON(t, r.body)
		}
		obj := func(m map[string]any, field string) map[string]any {
			ref, _ := m[field].(map[string]any)
			o, _ := ref["obj"].(map[string]any)
			return o
		}

		as := "/as-associate/" + q.ids["quinn"] + "/in-business-unit/key=acme"
		path := as + "/quotes/" + quote.ID + expand("quoteRequest", "quoteRequest.customer", "stagedQuote.quotationCart")
		r := s.do(t, http.MethodGet, q.path(path), q.admin, nil)
		expectShape(t, ref, "Quote", "GET "+path, r.body)
		got := decodeJSON(t, r.body)
		request, staged := obj(got, "quoteRequest"), obj(got, "stagedQuote")
		if request == nil || obj(request, "customer")["email"] != emailOf("quinn") || staged == nil || obj(staged, "quotationCart") == nil {
			t.Errorf("the quote's expansions: request %v, staged %v", request != nil, staged != nil)
		}

		flowPath := "/as-associate/" + q.ids["bob"] + "/in-business-unit/key=acme/approval-flows/" + flow + expand("order")
		if o := obj(get(flowPath, q.admin), "order"); o == nil || o["id"] != order.ID {
			t.Errorf("the approval flow's order: %v", o)
		}

		quinn := mustToken(t, s, "quinn")
		if mine := get("/me/quotes/"+quote.ID+expand("quoteRequest", "stagedQuote"), quinn); obj(mine, "quoteRequest") != nil || obj(mine, "stagedQuote") != nil {
			t.Error("a customer's own token expanded a quote request or a staged quote")
		}
		viewer := s.token(t, s.newAPIClient(t, s.project, "view_quotes:"+s.project))
		if limited := get("/quotes/"+quote.ID+expand("quoteRequest"), viewer); obj(limited, "quoteRequest") != nil {
			t.Error("a client without view_quote_requests expanded a quote request")
		}
	})
}
