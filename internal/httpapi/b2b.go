package httpapi

import (
	"context"
	"net/http"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// who says who acts in a B2B request.
type who func(r *http.Request, c app.Caller) (app.Acting, error)

func seller(*http.Request, app.Caller) (app.Acting, error) { return app.Acting{}, nil }

func ownCustomer(_ *http.Request, c app.Caller) (app.Acting, error) { return app.Me(c), nil }

func inPathUnit(r *http.Request, c app.Caller) (app.Acting, error) {
	key, err := unitKey(r)
	return app.Acting{CustomerID: pathAssociate(r, c), UnitKey: key}, err
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
