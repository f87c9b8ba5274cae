package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// The shop of the active unit (decision 0050): the catalog at the prices of the unit's store, the
// unit's carts and their checkout. Every cart is read and changed as the person acting as an
// associate of the session's unit, the API's /as-associate/{me}/in-business-unit/key={unit}/carts:
// its permissions (CreateMyCarts, UpdateMyCarts, ViewOthersCarts…) decide.

// shop is where the person shops: as whom, in which unit, and the store, currency and country
// its prices are in.
type shop struct {
	c        app.Caller
	as       app.Acting
	unit     *procura.BusinessUnit
	store    string // the unit's first store (its own or inherited), "" when it has none
	currency string // the project's first currency
	country  string // the store's first country, "" when it names none
}

// shopOf is the shop of the session's unit. A session that acts for no unit has none.
func (p *Portal) shopOf(r *http.Request, s *app.Session) (*shop, error) {
	if s.BusinessUnit == "" {
		return nil, refused(http.StatusForbidden, "shop.noUnit")
	}
	c := s.Caller()
	sh := &shop{c: c, as: app.AsAssociate(c, s.CustomerID, s.BusinessUnit)}
	u, err := p.App.GetAssociateUnit(r.Context(), c, app.AsAssociate(c, s.CustomerID, ""), app.Ref{Key: s.BusinessUnit})
	if err != nil {
		return nil, err
	}
	sh.unit = u
	stores := u.Stores
	if u.StoreMode == procura.StoreModeFromParent {
		stores = u.InheritedStores
	}
	if len(stores) > 0 {
		sh.store = stores[0].Key
		st, err := p.App.GetStore(r.Context(), c, app.Ref{Key: sh.store})
		if err != nil {
			return nil, err
		}
		if len(st.Countries) > 0 {
			sh.country = st.Countries[0].Code
		}
	}
	project, err := p.App.GetProject(r.Context(), c)
	if err != nil {
		return nil, err
	}
	if len(project.Currencies) == 0 {
		return nil, refused(http.StatusConflict, "shop.noCurrency")
	}
	sh.currency = project.Currencies[0]
	return sh, nil
}

// prices are the projection options that select the shop's prices.
func (sh *shop) prices() app.ProjectionOptions {
	return app.ProjectionOptions{Currency: sh.currency, Country: sh.country, Store: sh.store}
}

// cartRow is what the cart list shows of a cart.
type cartRow struct {
	procura.Base
	Key                   string        `json:"key"`
	CustomerID            string        `json:"customerId"`
	CartState             string        `json:"cartState"`
	TotalPrice            procura.Money `json:"totalPrice"`
	TotalLineItemQuantity int64         `json:"totalLineItemQuantity"`
}

type cartsData struct {
	Carts     []cartRow
	Me        string
	Done      string
	MayCreate bool // the unit's access lists CreateMyCarts: the form is offered (the API decides)
}

// carts lists the unit's open carts the person may view: the API's query of the unit's carts
// (their own, and their colleagues' where they hold ViewOthersCarts).
func (p *Portal) carts(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	sh, err := p.shopOf(r, s)
	if err != nil {
		return err
	}
	page, err := p.App.QueryCarts(r.Context(), sh.c, sh.as, app.Query{Where: []string{`cartState in ("Active", "Frozen")`},
		Sort: []string{"lastModifiedAt desc"}, Limit: 50})
	if err != nil {
		return err
	}
	d := cartsData{Me: s.CustomerID, Done: r.URL.Query().Get("done")}
	access, err := p.App.AssociateAccess(r.Context(), sh.c, app.Ref{Key: s.BusinessUnit}, s.CustomerID)
	if err != nil {
		return err
	}
	d.MayCreate = slices.Contains(access.Permissions, procura.CreateMyCarts)
	if d.Carts, err = rows[cartRow](page); err != nil {
		return err
	}
	return p.render(w, r, s, http.StatusOK, "carts", d, "carts.title")
}

// createCart makes a cart in the unit, named by its key (empty: unnamed), in the shop's store and
// currency: the API's creation of an associate's cart, with its check of CreateMyCarts.
func (p *Portal) createCart(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	sh, err := p.shopOf(r, s)
	if err != nil {
		return err
	}
	d, err := p.draft(r, sh, r.PostFormValue("name"))
	if err != nil {
		return err
	}
	cart, err := p.App.CreateCart(r.Context(), sh.c, sh.as, d)
	if err != nil {
		return err
	}
	http.Redirect(w, r, base(r)+"carts/"+cart.ID, http.StatusSeeOther)
	return nil
}

// draft is a new cart of the shop named key, with the person's email (which the order lists
// show as the buyer's).
func (p *Portal) draft(r *http.Request, sh *shop, key string, items ...procura.LineItemDraft) (procura.CartDraft, error) {
	me, err := p.App.GetMe(r.Context(), sh.c)
	if err != nil {
		return procura.CartDraft{}, err
	}
	d := procura.CartDraft{Key: key, Currency: sh.currency, Country: sh.country, CustomerEmail: me.Email, LineItems: items}
	if sh.store != "" {
		d.Store = &procura.ResourceIdentifier{Key: sh.store}
	}
	return d, nil
}

// updateCart applies actions to the cart of the path at the form's version, as the associate.
func (p *Portal) updateCart(r *http.Request, sh *shop, actions ...any) (*procura.Cart, error) {
	version, err := formVersion(r, "cart")
	if err != nil {
		return nil, err
	}
	return p.changeCart(r, sh, r.PathValue("id"), version, actions...)
}

// changeCart applies actions to cart id at version, as the associate.
func (p *Portal) changeCart(r *http.Request, sh *shop, id string, version int64, actions ...any) (*procura.Cart, error) {
	u, err := updateAt(version, actions...)
	if err != nil {
		return nil, err
	}
	return p.App.UpdateCart(r.Context(), sh.c, sh.as, app.Ref{ID: id}, u)
}

// action is a cart update action of the given name and fields.
func action(name string, fields ...any) map[string]any {
	a := map[string]any{"action": name}
	for i := 0; i+1 < len(fields); i += 2 {
		a[fields[i].(string)] = fields[i+1]
	}
	return a
}

// shopRoutes adds the catalog's, the carts' and the checkout's pages.
func (p *Portal) shopRoutes(mux *http.ServeMux) {
	for path, h := range map[string]page{
		"GET products": p.products, "GET products/{id}": p.product, "POST products/add": p.addToCart,
		"GET carts": p.carts, "POST carts": p.createCart, "GET carts/{id}": p.cart, "POST carts/{id}/items": p.addItems,
		"POST carts/{id}/lines/{line}": p.changeLine, "POST carts/{id}/freeze": p.freeze, "POST carts/{id}/unfreeze": p.unfreeze,
		"GET carts/{id}/checkout": p.checkout, "POST carts/{id}/addresses": p.setAddresses, "POST carts/{id}/order": p.placeOrder,
		"POST carts/{id}/quote": p.requestQuote, "POST orders/{unit}/{id}/reorder": p.reorder,
	} {
		method, rest, _ := strings.Cut(path, " ")
		mux.Handle(method+" /portal/{project}/"+rest, p.signedIn(h))
	}
}
