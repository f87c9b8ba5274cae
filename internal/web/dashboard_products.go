package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/httpapi"
)

// The catalog's basics in the dashboard (decision 0056): products found by name or SKU, a
// product's variants with their prices per currency and country (added, changed, removed in the
// staged data) and its publication; every change is the API's update of the product.

// catalogRow is a product as the list shows it.
type catalogRow struct {
	ID, Key, Name, SKUs string
	Published, Staged   bool
}

type catalogListData struct {
	Query    string
	Products []catalogRow
	More     bool
}

// products lists the products by key; with a search, those whose name or a variant's SKU holds it.
func (d *Dashboard) products(w http.ResponseWriter, r *http.Request, s *app.StaffSession, c app.Caller) error {
	if err := httpapi.Permit(c, "GET /{project}/products"); err != nil {
		return err
	}
	l, q := langOf(r), strings.TrimSpace(r.URL.Query().Get("q"))
	data := catalogListData{Query: q}
	var err error
	data.Products, data.More, err = search(func(offset int) (*app.Page, error) {
		return d.App.QueryProducts(r.Context(), c, app.Query{Sort: []string{"key asc"}, Limit: app.MaxLimit, Offset: offset})
	}, func(p procura.Product) (catalogRow, bool) {
		st := p.MasterData.Staged
		var skus []string
		for _, v := range append([]procura.Variant{st.MasterVariant}, st.Variants...) {
			skus = append(skus, v.SKU)
		}
		row := catalogRow{ID: p.ID, Key: p.Key, Name: l.Local(st.Name), SKUs: strings.Join(skus, ", "),
			Published: p.MasterData.Published, Staged: p.MasterData.HasStagedChanges}
		return row, q == "" || containsFold(row.Name, q) || containsFold(row.SKUs, q)
	})
	if err != nil {
		return err
	}
	return d.render(w, r, s, http.StatusOK, "products", data, "people.products")
}

type catalogProductData struct {
	Product  *procura.Product
	Name     string
	Variants []procura.Variant // staged
	MayEdit  bool
	Done     string
}

// product shows a product's staged variants and prices, and whether it is published.
func (d *Dashboard) product(w http.ResponseWriter, r *http.Request, s *app.StaffSession, c app.Caller) error {
	if err := httpapi.Permit(c, "GET /{project}/products/{ref}"); err != nil {
		return err
	}
	p, err := d.App.GetProduct(r.Context(), c, app.Ref{ID: r.PathValue("id")})
	if err != nil {
		return err
	}
	st := p.MasterData.Staged
	data := catalogProductData{Product: p, Name: langOf(r).Local(st.Name), Variants: append([]procura.Variant{st.MasterVariant}, st.Variants...),
		MayEdit: httpapi.Permit(c, "POST /{project}/products/{ref}") == nil, Done: r.URL.Query().Get("done")}
	return d.render(w, r, s, http.StatusOK, "product", data, "people.productTitle", data.Name)
}

// changeProduct sends the form's change of a product (a price added, changed or removed; the
// product published or unpublished) as the API's update, at the version the page showed.
func (d *Dashboard) changeProduct(w http.ResponseWriter, r *http.Request, _ *app.StaffSession, c app.Caller) error {
	if err := httpapi.Permit(c, "POST /{project}/products/{ref}"); err != nil {
		return err
	}
	version, err := formVersion(r, "product")
	if err != nil {
		return err
	}
	var action map[string]any
	switch change := r.PostFormValue("change"); change {
	case "addPrice", "changePrice":
		price, err := priceDraft(r)
		if err != nil {
			return err
		}
		action = map[string]any{"action": change, "price": price, "staged": true}
		if change == "addPrice" {
			variant, err := strconv.Atoi(r.PostFormValue("variant"))
			if err != nil {
				return procura.InvalidInput("The form names no variant.")
			}
			action["variantId"] = variant
		} else {
			action["priceId"] = r.PostFormValue("price")
		}
	case "removePrice":
		action = map[string]any{"action": change, "priceId": r.PostFormValue("price"), "staged": true}
	case "publish":
		action = map[string]any{"action": change, "scope": "All"}
	case "unpublish":
		action = map[string]any{"action": change}
	default:
		return procura.InvalidInput("The change must be addPrice, changePrice, removePrice, publish or unpublish.")
	}
	raw, err := json.Marshal(action)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if _, err := d.App.UpdateProduct(r.Context(), c, app.Ref{ID: id}, procura.Update{Version: &version, Actions: []json.RawMessage{raw}}); err != nil {
		return err
	}
	http.Redirect(w, r, projectBase(r)+"products/"+url.PathEscape(id)+"?done="+url.QueryEscape(r.PostFormValue("change")), http.StatusSeeOther)
	return nil
}

// priceDraft reads a price of the form: its currency, country (optional) and amount in the
// currency's unit ("12.50" or "12,50").
func priceDraft(r *http.Request) (procura.PriceDraft, error) {
	currency := strings.ToUpper(strings.TrimSpace(r.PostFormValue("currency")))
	if err := procura.CheckCurrency("currency", currency); err != nil {
		return procura.PriceDraft{}, err
	}
	cents, err := parseAmount(r.PostFormValue("amount"), procura.FractionDigits(currency))
	if err != nil {
		return procura.PriceDraft{}, err
	}
	return procura.PriceDraft{Value: procura.MoneyDraft{CurrencyCode: currency, CentAmount: &cents},
		Country: strings.ToUpper(strings.TrimSpace(r.PostFormValue("country")))}, nil
}

// parseAmount reads a non-negative decimal amount with at most digits decimals, in minor units.
func parseAmount(s string, digits int) (int64, error) {
	whole, frac, _ := strings.Cut(strings.ReplaceAll(strings.TrimSpace(s), ",", "."), ".")
	bad := procura.InvalidInput("The amount %q is not a number with at most %d decimals.", s, digits)
	if whole == "" || len(frac) > digits || strings.Trim(whole+frac, "0123456789") != "" || len(whole) > 12 {
		return 0, bad
	}
	frac += strings.Repeat("0", digits-len(frac))
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil {
		return 0, bad
	}
	return n, nil
}
