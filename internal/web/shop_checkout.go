package web

import (
	"net/http"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

type checkoutData struct {
	Cart      *procura.Cart
	Addresses []procura.Address // the unit's
	Shipping  string            // the ids of the addresses chosen, else the unit's defaults
	Billing   string
	Done      string
}

// checkout shows the cart with the unit's addresses to ship and bill to, the purchase order
// number and the order button; and the request for a quote instead.
func (p *Portal) checkout(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	sh, err := p.shopOf(r, s)
	if err != nil {
		return err
	}
	cart, err := p.App.GetCart(r.Context(), sh.c, sh.as, app.Ref{ID: r.PathValue("id")})
	if err != nil {
		return err
	}
	d := checkoutData{Cart: cart, Addresses: sh.unit.Addresses, Done: r.URL.Query().Get("done"),
		Shipping: sh.unit.DefaultShippingAddressID, Billing: sh.unit.DefaultBillingAddressID}
	if a := cart.ShippingAddress; a != nil && a.ID != "" {
		d.Shipping = a.ID
	}
	if a := cart.BillingAddress; a != nil && a.ID != "" {
		d.Billing = a.ID
	}
	return p.render(w, r, s, http.StatusOK, "checkout", d, "checkout.title", cartName(langOf(r), cart.Key))
}

// setAddresses copies the unit's addresses the form chose into the cart, in one update: the
// API's setShippingAddress and setBillingAddress.
func (p *Portal) setAddresses(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	sh, err := p.shopOf(r, s)
	if err != nil {
		return err
	}
	var actions []any
	for _, f := range []struct{ field, action string }{{"shipping", "setShippingAddress"}, {"billing", "setBillingAddress"}} {
		a, err := addressOf(sh.unit, r.PostFormValue(f.field))
		if err != nil {
			return err
		}
		actions = append(actions, action(f.action, "address", a))
	}
	if _, err := p.updateCart(r, sh, actions...); err != nil {
		return err
	}
	http.Redirect(w, r, base(r)+"carts/"+r.PathValue("id")+"/checkout?done=addresses", http.StatusSeeOther)
	return nil
}

// addressOf is the unit's address of the id.
func addressOf(u *procura.BusinessUnit, id string) (procura.Address, error) {
	for _, a := range u.Addresses {
		if a.ID == id {
			return a, nil
		}
	}
	return procura.Address{}, procura.InvalidInput("The unit has no address with the id '%s'.", id)
}

// placeOrder orders the cart at the form's version with its purchase order number: the API's
// order from a cart, which starts the approval flow when the unit's rules match. No payment step:
// the company pays on account.
func (p *Portal) placeOrder(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	sh, version, err := p.shopForm(r, s)
	if err != nil {
		return err
	}
	o, err := p.App.CreateOrder(r.Context(), sh.c, sh.as, procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: r.PathValue("id")},
		Version: &version, PurchaseOrderNumber: r.PostFormValue("purchaseOrderNumber")})
	if err != nil {
		return err
	}
	http.Redirect(w, r, base(r)+"orders/"+s.BusinessUnit+"/"+o.ID, http.StatusSeeOther)
	return nil
}

// reorder makes a new cart of the order's items at today's prices, the person's own: the API's
// replicate of an order, as an associate of the order's unit.
func (p *Portal) reorder(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	c := s.Caller()
	cart, err := p.App.ReplicateCart(r.Context(), c, app.AsAssociate(c, s.CustomerID, r.PathValue("unit")),
		app.ReplicaCartDraft{Reference: &procura.Reference{TypeID: procura.TypeOrder, ID: r.PathValue("id")}})
	if err != nil {
		return err
	}
	if cart.BusinessUnit != nil && cart.BusinessUnit.Key != s.BusinessUnit {
		// made in the order's unit, whose carts the shop of the session's unit does not list
		http.Redirect(w, r, base(r)+"carts?done=reorderedElsewhere", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, base(r)+"carts/"+cart.ID+"?done=reordered", http.StatusSeeOther)
	return nil
}

// shopForm is the shop of a form about a cart, and the cart's version it was made from.
func (p *Portal) shopForm(r *http.Request, s *app.Session) (*shop, int64, error) {
	sh, err := p.shopOf(r, s)
	if err != nil {
		return nil, 0, err
	}
	version, err := formVersion(r, "cart")
	return sh, version, err
}
