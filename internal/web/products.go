package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// The product catalog of the shop: the API's product search and product projections, at the
// prices of the active unit's store (its currency and country).

// catalogLimit is how many products a catalog page lists.
const catalogLimit = 24

type productsData struct {
	Query      string
	Products   []*procura.ProductProjection
	Total      int
	Page       int // from 1
	Prev, Next int // the pages before and after, 0 when there is none
}

// products searches the published products by name or SKU (every product without a query).
func (p *Portal) products(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	sh, err := p.shopOf(r, s)
	if err != nil {
		return err
	}
	d := productsData{Query: strings.TrimSpace(r.URL.Query().Get("q")), Page: 1}
	if n, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && n > 1 {
		d.Page = n
	}
	limit, offset, pp := catalogLimit, (d.Page-1)*catalogLimit, sh.prices()
	req := app.SearchRequest{Limit: &limit, Offset: &offset, ProductProjectionParameters: &app.SearchProjection{
		PriceCurrency: pp.Currency, PriceCountry: pp.Country, StoreProjection: pp.Store}}
	if d.Query != "" {
		lang := langOf(r).Tag
		req.Query = &app.SearchExpr{Or: []app.SearchExpr{
			{FullTextPrefix: &app.SearchValue{Field: "name", Language: lang, Value: d.Query}},
			{FullTextPrefix: &app.SearchValue{Field: "name", Language: "en", Value: d.Query}},
			{Exact: &app.SearchValue{Field: "variants.sku", Value: d.Query}},
		}}
	}
	res, err := p.App.SearchProducts(r.Context(), sh.c, req)
	if err != nil {
		return err
	}
	d.Total = res.Total
	if d.Page > 1 {
		d.Prev = d.Page - 1
	}
	if offset+len(res.Results) < res.Total {
		d.Next = d.Page + 1
	}
	for _, hit := range res.Results {
		var pr procura.ProductProjection
		if err := json.Unmarshal(hit.ProductProjection, &pr); err != nil {
			return err
		}
		d.Products = append(d.Products, &pr)
	}
	return p.render(w, r, s, http.StatusOK, "products", d, "products.title")
}

type productData struct {
	Product  *procura.ProductProjection
	Variants []procura.Variant
	Carts    []cartRow // the person's open carts to add to
}

// product shows a published product with its variants at the shop's prices, and a form to add a
// variant to one of the person's carts.
func (p *Portal) product(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	sh, err := p.shopOf(r, s)
	if err != nil {
		return err
	}
	pr, err := p.App.GetProductProjection(r.Context(), sh.c, app.Ref{ID: r.PathValue("id")}, sh.prices())
	if err != nil {
		return err
	}
	d := productData{Product: pr, Variants: append([]procura.Variant{pr.MasterVariant}, pr.Variants...)}
	page, err := p.App.QueryCarts(r.Context(), sh.c, sh.as, app.Query{Where: []string{`cartState = "Active"`, "customerId = " + strconv.Quote(s.CustomerID)},
		Sort: []string{"lastModifiedAt desc"}, Limit: 50})
	if err != nil {
		return err
	}
	if d.Carts, err = rows[cartRow](page); err != nil {
		return err
	}
	return p.render(w, r, s, http.StatusOK, "product", d, "product.title", langOf(r).Local(pr.Name))
}

// addToCart adds a quantity of a SKU to the chosen cart, or to a new cart ("new"): the API's
// addLineItem, or its cart creation with the line.
func (p *Portal) addToCart(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	sh, err := p.shopOf(r, s)
	if err != nil {
		return err
	}
	it, err := quickLine(strings.TrimSpace(r.PostFormValue("sku")), r.PostFormValue("quantity"), 1, "", "quick.badRow")
	if err != nil {
		return procura.InvalidInput("The quantity must be a whole number, 1 or more.")
	}
	id := r.PostFormValue("cart")
	if id == "new" || id == "" {
		q := it.quantity
		d, err := p.draft(r, sh, "", procura.LineItemDraft{SKU: it.sku, Quantity: &q})
		if err != nil {
			return err
		}
		cart, err := p.App.CreateCart(r.Context(), sh.c, sh.as, d)
		if err != nil {
			return err
		}
		id = cart.ID
	} else {
		cart, err := p.App.GetCart(r.Context(), sh.c, sh.as, app.Ref{ID: id})
		if err != nil {
			return err
		}
		if _, err := p.changeCart(r, sh, id, cart.Version, action("addLineItem", "sku", it.sku, "quantity", it.quantity)); err != nil {
			return err
		}
	}
	http.Redirect(w, r, base(r)+"carts/"+id+"?done=added", http.StatusSeeOther)
	return nil
}
