package httpapi

import (
	"net/http"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// matchingCart answers GET …/shipping-methods/matching-cart?cartId=: the shipping methods that
// match a cart the caller may view: to a client without view_orders (besides the route's
// view_shipping_methods) no cart is found (decision 0026).
func (s *Server) matchingCart(w who) handler {
	return func(rw http.ResponseWriter, r *http.Request, c app.Caller) error {
		if err := viewsCarts(c, r); err != nil {
			return err
		}
		as, err := w(r, c)
		if err != nil {
			return err
		}
		page, err := s.App.MatchingCart(r.Context(), c, as, r.URL.Query().Get("cartId"))
		if err != nil {
			return err
		}
		return s.writePage(rw, r, c, page)
	}
}

// matchingCartLocation answers GET …/shipping-methods/matching-cart-location?cartId=&country=&state=.
func (s *Server) matchingCartLocation(rw http.ResponseWriter, r *http.Request, c app.Caller) error {
	if err := viewsCarts(c, r); err != nil {
		return err
	}
	v := r.URL.Query()
	page, err := s.App.MatchingCartLocation(r.Context(), c, app.Acting{}, v.Get("cartId"), app.Location{Country: v.Get("country"), State: v.Get("state")})
	if err != nil {
		return err
	}
	return s.writePage(rw, r, c, page)
}

// matchingLocation answers GET …/shipping-methods/matching-location?country=&state=&currency=.
func (s *Server) matchingLocation(rw http.ResponseWriter, r *http.Request, c app.Caller) error {
	v := r.URL.Query()
	page, err := s.App.MatchingLocation(r.Context(), c, app.Location{Country: v.Get("country"), State: v.Get("state"), Currency: v.Get("currency")})
	if err != nil {
		return err
	}
	return s.writePage(rw, r, c, page)
}

// writePage writes a page with the references expand= names filled in.
func (s *Server) writePage(rw http.ResponseWriter, r *http.Request, c app.Caller, page *app.Page) error {
	if err := s.App.ExpandPage(r.Context(), c, page, r.URL.Query()["expand"]); err != nil {
		return err
	}
	WriteJSON(rw, http.StatusOK, page)
	return nil
}

// viewsCarts answers a caller whose scopes do not let it read carts that the cart is not found.
func viewsCarts(c app.Caller, r *http.Request) error {
	if c.Scopes.AllowsInStore("view_orders", c.ProjectKey, c.Store) {
		return nil
	}
	return procura.NotFound(r.URL.Query().Get("cartId"))
}
