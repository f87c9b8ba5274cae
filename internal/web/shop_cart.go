package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/httpapi"
)

// quickRows is how many SKU and quantity rows the quick order form offers.
const quickRows = 5

type cartData struct {
	Cart   *procura.Cart
	Mine   bool
	Rows   []int
	Paste  string // the pasted lines of a quick order that was refused, to mend them
	Error  string // why the quick order was refused
	Done   string
	Frozen bool
}

// cart shows a cart of the unit, read as the associate: the API's read, with its refusals.
func (p *Portal) cart(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	sh, err := p.shopOf(r, s)
	if err != nil {
		return err
	}
	return p.showCart(w, r, s, sh, http.StatusOK, cartData{Done: r.URL.Query().Get("done")})
}

func (p *Portal) showCart(w http.ResponseWriter, r *http.Request, s *app.Session, sh *shop, status int, d cartData) error {
	cart, err := p.App.GetCart(r.Context(), sh.c, sh.as, app.Ref{ID: r.PathValue("id")})
	if err != nil {
		return err
	}
	d.Cart, d.Mine, d.Frozen = cart, cart.CustomerID == s.CustomerID, cart.CartState == procura.CartFrozen
	for i := range quickRows {
		d.Rows = append(d.Rows, i+1)
	}
	return p.render(w, r, s, status, "cart", d, "cart.title", cartName(langOf(r), cart.Key))
}

// cartName is how the pages name a cart: its key, else "unnamed".
func cartName(l lang, key string) string {
	if key == "" {
		return l.T("cart.unnamed")
	}
	return key
}

// addItems adds the quick order's rows and pasted lines to the cart in one update: the API's
// addLineItem by SKU, one action per line. A bad line or an unknown SKU refuses them all, and the
// cart page shows why with the pasted lines to mend.
func (p *Portal) addItems(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	sh, err := p.shopOf(r, s)
	if err != nil {
		return err
	}
	items, err := quickOrder(r)
	if err == nil {
		var actions []any
		for _, it := range items {
			actions = append(actions, action("addLineItem", "sku", it.sku, "quantity", it.quantity))
		}
		if _, err = p.updateCart(r, sh, actions...); err == nil {
			http.Redirect(w, r, base(r)+"carts/"+r.PathValue("id")+"?done=added", http.StatusSeeOther)
			return nil
		}
	}
	l := langOf(r)
	d := cartData{Paste: r.PostFormValue("lines")}
	var lr *lineRefusal
	var rf *refusal
	var pe *procura.Error
	switch {
	case errors.As(err, &lr):
		d.Error = l.T(lr.key, lr.line, lr.text)
	case errors.As(err, &rf) && rf.status == http.StatusBadRequest:
		d.Error = l.T(rf.key)
	case errors.As(err, &pe) && httpapi.Status(pe) == http.StatusBadRequest:
		d.Error = l.T("error.badRequest", pe.Message)
		if unknown := p.unknownSKUs(r, sh, items); len(unknown) > 0 {
			d.Error = l.T("quick.unknown", strings.Join(unknown, ", "))
		}
	default:
		return err
	}
	return p.showCart(w, r, s, sh, http.StatusBadRequest, d)
}

// quickItem is one line of a quick order.
type quickItem struct {
	sku      string
	quantity int64
}

// lineRefusal refuses a quick order's line, naming it.
type lineRefusal struct {
	key  string
	line int
	text string
}

func (e *lineRefusal) Error() string { return e.key }

// quickOrder reads the form's SKU and quantity rows, then its pasted "SKU,quantity" lines (a
// comma, semicolon or tab between them, as a spreadsheet copies them).
func quickOrder(r *http.Request) ([]quickItem, error) {
	if err := r.ParseForm(); err != nil {
		return nil, procura.InvalidInput("The form cannot be read.")
	}
	var out []quickItem
	skus, qtys := r.PostForm["sku"], r.PostForm["quantity"]
	for i, sku := range skus {
		sku = strings.TrimSpace(sku)
		q := ""
		if i < len(qtys) {
			q = strings.TrimSpace(qtys[i])
		}
		if sku == "" && q == "" {
			continue
		}
		it, err := quickLine(sku, q, i+1, sku+" "+q, "quick.badRow")
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	for i, line := range strings.Split(r.PostFormValue("lines"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		fields := strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ';' || r == '\t' })
		if len(fields) != 2 {
			return nil, &lineRefusal{"quick.badLine", i + 1, line}
		}
		it, err := quickLine(strings.TrimSpace(fields[0]), strings.TrimSpace(fields[1]), i+1, line, "quick.badLine")
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	if len(out) == 0 {
		return nil, refused(http.StatusBadRequest, "quick.nothing")
	}
	return out, nil
}

func quickLine(sku, quantity string, n int, text, key string) (quickItem, error) {
	q, err := strconv.ParseInt(quantity, 10, 64)
	if sku == "" || err != nil || q < 1 {
		return quickItem{}, &lineRefusal{key, n, text}
	}
	return quickItem{sku, q}, nil
}

// unknownSKUs names the SKUs of items no published product holds, by the catalog's search.
func (p *Portal) unknownSKUs(r *http.Request, sh *shop, items []quickItem) []string {
	var values []any
	for _, it := range items {
		values = append(values, it.sku)
	}
	if len(values) == 0 {
		return nil
	}
	limit := min(len(values), 100) // the search's largest page
	res, err := p.App.SearchProducts(r.Context(), sh.c, app.SearchRequest{Limit: &limit, MarkMatchingVariants: true,
		Query: &app.SearchExpr{Exact: &app.SearchValue{Field: "variants.sku", Values: values}}})
	if err != nil {
		return nil
	}
	known := map[string]bool{}
	for _, hit := range res.Results {
		if hit.MatchingVariants != nil {
			for _, v := range hit.MatchingVariants.MatchedVariants {
				known[v.SKU] = true
			}
		}
	}
	var out []string
	for _, it := range items {
		if !known[it.sku] {
			out = append(out, it.sku)
			known[it.sku] = true // named once
		}
	}
	return out
}

// changeLine sets a line's quantity (0 removes it): the API's changeLineItemQuantity.
func (p *Portal) changeLine(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	q, err := strconv.ParseInt(r.PostFormValue("quantity"), 10, 64)
	if err != nil || q < 0 {
		return procura.InvalidInput("The quantity must be a whole number, 0 or more.")
	}
	return p.cartAction(w, r, s, "changed", action("changeLineItemQuantity", "lineItemId", r.PathValue("line"), "quantity", q))
}

// freeze and unfreeze hold the cart's prices for an approval, or release them: the API's
// freezeCart and unfreezeCart.
func (p *Portal) freeze(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	return p.cartAction(w, r, s, "frozen", action("freezeCart"))
}

func (p *Portal) unfreeze(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	return p.cartAction(w, r, s, "unfrozen", action("unfreezeCart"))
}

// cartAction applies one action to the path's cart and shows it with the notice done.
func (p *Portal) cartAction(w http.ResponseWriter, r *http.Request, s *app.Session, done string, a any) error {
	sh, err := p.shopOf(r, s)
	if err != nil {
		return err
	}
	if _, err := p.updateCart(r, sh, a); err != nil {
		return err
	}
	http.Redirect(w, r, base(r)+"carts/"+r.PathValue("id")+"?done="+done, http.StatusSeeOther)
	return nil
}
