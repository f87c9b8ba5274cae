package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// who says who acts in a buyer-facing request; each route row names one. The kind of caller is
// decided here and nowhere else.
type who func(r *http.Request, c app.Caller) (app.Acting, error)

// seller: an API client on the general endpoints.
func seller(*http.Request, app.Caller) (app.Acting, error) { return app.Acting{}, nil }

// me: the token's customer on /me.
func me(_ *http.Request, c app.Caller) (app.Acting, error) { return app.Me(c), nil }

// shopperMe: the token's customer on /me, or the token's anonymous session on its carts.
func shopperMe(_ *http.Request, c app.Caller) (app.Acting, error) { return app.Shopper(c), nil }

// meInPathUnit: the token's customer on /in-business-unit/{unit}/me/….
func meInPathUnit(r *http.Request, c app.Caller) (app.Acting, error) {
	key, err := unitKey(r)
	return app.MeIn(c, key), err
}

// asAssociate: the path's associate on /as-associate/{associate}/…, without a unit.
func asAssociate(r *http.Request, c app.Caller) (app.Acting, error) {
	return app.AsAssociate(c, r.PathValue("associate"), ""), nil
}

// inPathUnit: the path's associate in the path's unit,
// /as-associate/{associate}/in-business-unit/{unit}/….
func inPathUnit(r *http.Request, c app.Caller) (app.Acting, error) {
	key, err := unitKey(r)
	return app.AsAssociate(c, r.PathValue("associate"), key), err
}

// unitKey reads the {unit} path segment, "key=KEY".
func unitKey(r *http.Request) (string, error) {
	k, ok := strings.CutPrefix(r.PathValue("unit"), "key=")
	if !ok || k == "" {
		return "", procura.NotFound(r.PathValue("unit"))
	}
	return k, nil
}

func b2bGet[T any](s *Server, w who, fn func(context.Context, app.Caller, app.Acting, app.Ref) (T, error)) handler {
	return func(rw http.ResponseWriter, r *http.Request, c app.Caller) error {
		as, err := w(r, c)
		if err != nil {
			return err
		}
		return get(s, func(ctx context.Context, c app.Caller, ref app.Ref) (T, error) { return fn(ctx, c, as, ref) })(rw, r, c)
	}
}

// show answers a GET with the resource's JSON as stored (app.Show).
func show(s *Server, w who, typ string) handler {
	return b2bGet(s, w, func(ctx context.Context, c app.Caller, as app.Acting, r app.Ref) (json.RawMessage, error) {
		return s.App.Show(ctx, c, as, typ, r)
	})
}

func b2bCreate[D, T any](s *Server, w who, fn func(context.Context, app.Caller, app.Acting, D) (T, error)) handler {
	return func(rw http.ResponseWriter, r *http.Request, c app.Caller) error {
		as, err := w(r, c)
		if err != nil {
			return err
		}
		return create(s, func(ctx context.Context, c app.Caller, d D) (T, error) { return fn(ctx, c, as, d) })(rw, r, c)
	}
}

func b2bUpdate[T any](s *Server, w who, fn func(context.Context, app.Caller, app.Acting, app.Ref, procura.Update) (T, error)) handler {
	return func(rw http.ResponseWriter, r *http.Request, c app.Caller) error {
		as, err := w(r, c)
		if err != nil {
			return err
		}
		return update(s, func(ctx context.Context, c app.Caller, ref app.Ref, u procura.Update) (T, error) {
			return fn(ctx, c, as, ref, u)
		})(rw, r, c)
	}
}

func b2bRemove[T any](s *Server, w who, fn func(context.Context, app.Caller, app.Acting, app.Ref, int64) (T, error)) handler {
	return func(rw http.ResponseWriter, r *http.Request, c app.Caller) error {
		as, err := w(r, c)
		if err != nil {
			return err
		}
		return remove(s, func(ctx context.Context, c app.Caller, ref app.Ref, v int64) (T, error) {
			return fn(ctx, c, as, ref, v)
		})(rw, r, c)
	}
}

func (s *Server) b2bQuery(w who, fn func(context.Context, app.Caller, app.Acting, app.Query) (*app.Page, error)) handler {
	return func(rw http.ResponseWriter, r *http.Request, c app.Caller) error {
		as, err := w(r, c)
		if err != nil {
			return err
		}
		return s.query(func(ctx context.Context, c app.Caller, q app.Query) (*app.Page, error) { return fn(ctx, c, as, q) })(rw, r, c)
	}
}

// companyOrders serves the company-orders listing (a Procura extension): ?unit=KEY narrows it to
// one unit of the tree, ?state=S (repeatable) to some order states.
func (s *Server) companyOrders(rw http.ResponseWriter, r *http.Request, c app.Caller) error {
	as, err := inPathUnit(r, c)
	if err != nil {
		return err
	}
	v := r.URL.Query()
	cf := app.CompanyFilter{Unit: v.Get("unit"), States: v["state"]}
	for _, st := range cf.States {
		if !strings.Contains(" Open Confirmed Complete Cancelled ", " "+st+" ") {
			return procura.InvalidField("state", st, procura.OrderOpen, procura.OrderConfirmed, procura.OrderComplete, procura.OrderCancelled)
		}
	}
	return s.query(func(ctx context.Context, c app.Caller, q app.Query) (*app.Page, error) {
		return s.App.QueryCompanyOrders(ctx, c, as, q, cf)
	})(rw, r, c)
}

// noCustomerExpansion refuses, as the reference does, to expand customers on /me business units:
// an associate does not read their colleagues' customer records.
func (s *Server) noCustomerExpansion(next handler) handler {
	return func(w http.ResponseWriter, r *http.Request, c app.Caller) error {
		for _, e := range r.URL.Query()["expand"] {
			if strings.Contains(e, "customer") {
				return &procura.Error{Code: codeUnauthorized, Message: "Expanding customers is not allowed on /me/business-units."}
			}
		}
		return next(w, r, c)
	}
}
