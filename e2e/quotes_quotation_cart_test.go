package e2e

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// TestQuotationCartIsTheSellers: the quotation cart of a staged quote is the seller's workspace
// (spec §6.3). The buyer may not set its prices through /me (setLineItemPrice is no
// MyCartUpdateAction, so InvalidJsonInput), nor order it as a plain cart, which would skip the
// sending, the acceptance and validTo of the quote.
func TestQuotationCartIsTheSellers(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		q := newQuotes(t, s)
		quotation := func() *platform.Cart {
			qr := q.request(t, "quinn", q.buyerCart(t, "quinn", 10), "")
			return q.price(t, q.stage(t, qr), 1500, 0)
		}

		t.Run("no /me setLineItemPrice", func(t *testing.T) {
			qc := quotation()
			r := s.do(t, http.MethodPost, q.path("/me/carts/"+qc.ID), mustToken(t, s, "quinn"), []byte(fmt.Sprintf(
				`{"version":%d,"actions":[{"action":"setLineItemPrice","lineItemId":%q,"externalPrice":{"currencyCode":"EUR","centAmount":1}}]}`,
				qc.Version, qc.LineItems[0].ID)))
			if r.status != http.StatusBadRequest {
				t.Errorf("POST /me/carts/%s setLineItemPrice by the buyer: status %d body %s, want 400 InvalidJsonInput", qc.ID, r.status, clip(r.body))
			}
			got, err := q.c.Carts().WithId(qc.ID).Get().Execute(q.ctx)
			if err != nil {
				t.Fatal(err)
			}
			if centsOf(t, got.TotalPrice) != 15000 {
				t.Errorf("quotation cart total %d after the buyer's attempt, want the seller's 15000", centsOf(t, got.TotalPrice))
			}
		})

		t.Run("not ordered as a cart", func(t *testing.T) {
			qc := quotation()
			o, err := q.asAssociate("quinn", "acme").Orders().Post(platform.OrderFromCartDraft{
				Cart: &platform.CartResourceIdentifier{ID: ptr(qc.ID)}, Version: qc.Version}).Execute(q.ctx)
			if err == nil {
				t.Fatalf("buyer ordered the quotation cart of an unsent staged quote: order %s total %d, want 400 InvalidOperation", o.ID, centsOf(t, o.TotalPrice))
			}
			refused(t, "order of a quotation cart", err, "")
		})
	})
}
