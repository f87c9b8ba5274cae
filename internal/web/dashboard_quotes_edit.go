package web

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/httpapi"
)

// The staged-quote editor. A staged quote's prices are those of its quotation cart, as in the
// reference: the seller sets each line's price (setLineItemPrice, an external price) and a
// discount on the total (setDirectDiscounts, relative) through the API's cart update; its
// validity and comment are the staged quote's own actions; sending creates the quote.

type stagedQuoteData struct {
	Staged   *procura.StagedQuote
	Cart     *procura.Cart
	Prices   map[string]string // each line's unit price as the price field shows it
	Discount string            // the relative direct discount in percent, "" without one
	ValidTo  string            // the date of validTo, for the date field
	Done     string
}

// stagedQuote shows the editor of a staged quote and its quotation cart.
func (d *Dashboard) stagedQuote(w http.ResponseWriter, r *http.Request, s *app.StaffSession, c app.Caller) error {
	ctx := r.Context()
	if err := httpapi.Permit(c, "GET /{project}/staged-quotes/{ref}"); err != nil {
		return err
	}
	sq, err := d.App.GetStagedQuote(ctx, c, app.Ref{ID: r.PathValue("id")})
	if err != nil {
		return err
	}
	if err := httpapi.Permit(c, "GET /{project}/carts/{ref}"); err != nil {
		return err
	}
	cart, err := d.App.GetCart(ctx, c, app.Acting{}, app.Ref{ID: sq.QuotationCart.ID})
	if err != nil {
		return err
	}
	data := stagedQuoteData{Staged: sq, Cart: cart, Done: r.URL.Query().Get("done"), Prices: map[string]string{}}
	for _, li := range cart.LineItems {
		data.Prices[li.ID] = decimal(li.Price.Value.CentAmount, li.Price.Value.FractionDigits)
	}
	if t, err := time.Parse(time.RFC3339, sq.ValidTo); err == nil {
		data.ValidTo = t.UTC().Format(time.DateOnly)
	}
	raw, err := json.Marshal(cart.DirectDiscounts)
	var discounts []procura.DirectDiscount
	if err == nil {
		err = json.Unmarshal(raw, &discounts)
	}
	if err != nil {
		return err
	}
	if len(discounts) == 1 && discounts[0].Value.Type == "relative" {
		data.Discount = strings.TrimSuffix(strings.TrimRight(decimal(discounts[0].Value.Permyriad, 2), "0"), ".")
	}
	return d.render(w, r, s, http.StatusOK, "staged-quote", data, "dashboard.stagedQuote", cmp.Or(sq.Key, sq.ID))
}

// priceQuote sets the quotation cart's line prices and its discount in one cart update at the
// version the seller saw: a line whose field is empty goes back to the catalog's price, an
// empty or zero discount removes it.
func (d *Dashboard) priceQuote(w http.ResponseWriter, r *http.Request, _ *app.StaffSession, c app.Caller) error {
	ctx := r.Context()
	if err := httpapi.Permit(c, "POST /{project}/carts/{ref}"); err != nil {
		return err
	}
	sq, err := d.App.GetStagedQuote(ctx, c, app.Ref{ID: r.PathValue("id")})
	if err != nil {
		return err
	}
	cart, err := d.App.GetCart(ctx, c, app.Acting{}, app.Ref{ID: sq.QuotationCart.ID})
	if err != nil {
		return err
	}
	currency := cart.TotalPrice.CurrencyCode
	var actions []any
	for _, li := range cart.LineItems {
		a := map[string]any{"action": "setLineItemPrice", "lineItemId": li.ID}
		if v := strings.TrimSpace(r.PostFormValue("price-" + li.ID)); v != "" {
			cents, err := minorUnits(v, procura.FractionDigits(currency))
			if err != nil {
				return procura.InvalidInput("The price '%s' of %s is not an amount in %s.", v, li.Variant.SKU, currency)
			}
			a["externalPrice"] = map[string]any{"currencyCode": currency, "centAmount": cents}
		}
		actions = append(actions, a)
	}
	discounts := []any{}
	if v := strings.TrimSpace(r.PostFormValue("discount")); v != "" {
		permyriad, err := minorUnits(v, 2)
		if err != nil || permyriad > 10000 {
			return procura.InvalidInput("The discount '%s' is not a percentage from 0 to 100.", v)
		}
		if permyriad > 0 {
			discounts = append(discounts, map[string]any{"value": map[string]any{"type": "relative", "permyriad": permyriad}, "target": map[string]any{"type": "totalPrice"}})
		}
	}
	u, err := formUpdate(r, "quotation cart", append(actions, map[string]any{"action": "setDirectDiscounts", "discounts": discounts})...)
	if err != nil {
		return err
	}
	if _, err := d.App.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}, u); err != nil {
		return err
	}
	http.Redirect(w, r, projectBase(r)+"staged-quotes/"+sq.ID+"?done=priced", http.StatusSeeOther)
	return nil
}

// editStagedQuote applies the form's change of the staged quote in one update: its validity and
// the seller's comment (details), or its state: reopened for a renegotiation, or closed.
func (d *Dashboard) editStagedQuote(w http.ResponseWriter, r *http.Request, _ *app.StaffSession, c app.Caller) error {
	if err := httpapi.Permit(c, "POST /{project}/staged-quotes/{ref}"); err != nil {
		return err
	}
	var actions []any
	change := r.PostFormValue("change")
	switch change {
	case "details":
		validTo := ""
		if v := strings.TrimSpace(r.PostFormValue("validTo")); v != "" {
			day, err := time.Parse(time.DateOnly, v)
			if err != nil {
				return procura.InvalidInput("The date '%s' of validTo is not a date (YYYY-MM-DD).", v)
			}
			validTo = day.Add(24*time.Hour - time.Millisecond).Format(procura.TimeFormat) // valid through that day, UTC
		}
		actions = []any{map[string]any{"action": "setValidTo", "validTo": validTo},
			map[string]any{"action": "setSellerComment", "sellerComment": r.PostFormValue("sellerComment")}}
	case "reopen":
		actions = []any{map[string]any{"action": "changeStagedQuoteState", "stagedQuoteState": procura.StagedQuoteInProgress}}
	case "close":
		actions = []any{map[string]any{"action": "changeStagedQuoteState", "stagedQuoteState": procura.StagedQuoteClosed}}
	default:
		return procura.InvalidInput("The change must be details, reopen or close.")
	}
	u, err := formUpdate(r, "staged quote", actions...)
	if err != nil {
		return err
	}
	sq, err := d.App.UpdateStagedQuote(r.Context(), c, app.Ref{ID: r.PathValue("id")}, u)
	if err != nil {
		return err
	}
	http.Redirect(w, r, projectBase(r)+"staged-quotes/"+sq.ID+"?done="+change, http.StatusSeeOther)
	return nil
}

// sendQuote sends the staged quote's offer to the buyer, marking it Sent: the API's POST
// /{project}/quotes at the version the seller saw.
func (d *Dashboard) sendQuote(w http.ResponseWriter, r *http.Request, _ *app.StaffSession, c app.Caller) error {
	if err := httpapi.Permit(c, "POST /{project}/quotes"); err != nil {
		return err
	}
	version, err := formVersion(r, "staged quote")
	if err != nil {
		return err
	}
	q, err := d.App.CreateQuote(r.Context(), c, procura.QuoteDraft{StagedQuoteVersion: &version, StagedQuoteStateToSent: true,
		StagedQuote: &procura.ResourceIdentifier{TypeID: procura.TypeStagedQuote, ID: r.PathValue("id")}})
	if err != nil {
		return err
	}
	http.Redirect(w, r, projectBase(r)+"quote-requests/"+q.QuoteRequest.ID+"?done=sent", http.StatusSeeOther)
	return nil
}

// minorUnits reads a decimal amount such as 12.50 or 12,5 in units of digits fraction digits
// (1250 for 2): no sign, no more fraction digits than digits.
func minorUnits(s string, digits int) (int64, error) {
	whole, frac, _ := strings.Cut(strings.Replace(s, ",", ".", 1), ".")
	if whole == "" || len(frac) > digits || strings.ContainsAny(whole+frac, "+-") {
		return 0, fmt.Errorf("not an amount: %q", s)
	}
	frac += strings.Repeat("0", digits-len(frac))
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil || n < 0 || n > 1e15 {
		return 0, fmt.Errorf("not an amount: %q", s)
	}
	return n, nil
}

// decimal writes n minor units of digits fraction digits as minorUnits reads them: 1250 is 12.50.
func decimal(n int64, digits int) string {
	if digits == 0 {
		return strconv.FormatInt(n, 10)
	}
	div := int64(1)
	for range digits {
		div *= 10
	}
	return fmt.Sprintf("%d.%0*d", n/div, digits, n%div)
}
