package httpapi

import (
	"context"
	"net/http"
	"strconv"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// projectionOptions reads a projection request's staged, price-selection and storeProjection
// parameters.
func projectionOptions(r *http.Request) (app.ProjectionOptions, error) {
	v := r.URL.Query()
	o := app.ProjectionOptions{Currency: v.Get("priceCurrency"), Country: v.Get("priceCountry"),
		CustomerGroup: v.Get("priceCustomerGroup"), Channel: v.Get("priceChannel"), Store: v.Get("storeProjection")}
	if raw := v.Get("staged"); raw != "" {
		staged, err := strconv.ParseBool(raw)
		if err != nil {
			return o, procura.InvalidInput("Malformed parameter: staged: '%s' is not true or false.", raw)
		}
		o.Staged = staged
	}
	return o, nil
}

func (s *Server) productProjection(w http.ResponseWriter, r *http.Request, c app.Caller) error {
	o, err := projectionOptions(r)
	if err != nil {
		return err
	}
	p, err := s.App.GetProductProjection(r.Context(), c, pathRef(r), o)
	if err != nil {
		return err
	}
	return s.respond(w, r, c, http.StatusOK, p)
}

func (s *Server) productProjections(w http.ResponseWriter, r *http.Request, c app.Caller) error {
	o, err := projectionOptions(r)
	if err != nil {
		return err
	}
	return s.query(func(ctx context.Context, c app.Caller, q app.Query) (*app.Page, error) {
		return s.App.QueryProductProjections(ctx, c, q, o)
	})(w, r, c)
}
