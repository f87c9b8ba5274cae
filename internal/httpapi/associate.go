package httpapi

import (
	"context"
	"net/http"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// actingAs says which customer acts: the token's (/me) or the path's (/as-associate/{associate}).
type actingAs func(r *http.Request, c app.Caller) string

func me(_ *http.Request, c app.Caller) string { return c.CustomerID }

func pathAssociate(r *http.Request, _ app.Caller) string { return r.PathValue("associate") }

// unitKey reads the {unit} path segment, "key=KEY".
func unitKey(r *http.Request) (string, error) {
	k, ok := strings.CutPrefix(r.PathValue("unit"), "key=")
	if !ok || k == "" {
		return "", procura.NotFound(r.PathValue("unit"))
	}
	return k, nil
}

func (s *Server) queryAs(who actingAs, fn func(context.Context, app.Caller, string, app.Query) (*app.Page, error)) handler {
	return func(w http.ResponseWriter, r *http.Request, c app.Caller) error {
		return s.query(func(ctx context.Context, c app.Caller, q app.Query) (*app.Page, error) {
			return fn(ctx, c, who(r, c), q)
		})(w, r, c)
	}
}

func (s *Server) getAs(who actingAs, fn func(context.Context, app.Caller, string, app.Ref) (*procura.BusinessUnit, error)) handler {
	return func(w http.ResponseWriter, r *http.Request, c app.Caller) error {
		return get(s, func(ctx context.Context, c app.Caller, ref app.Ref) (*procura.BusinessUnit, error) {
			return fn(ctx, c, who(r, c), ref)
		})(w, r, c)
	}
}

func (s *Server) updateUnitAs(who actingAs, restricted bool) handler {
	return func(w http.ResponseWriter, r *http.Request, c app.Caller) error {
		return update(s, func(ctx context.Context, c app.Caller, ref app.Ref, u procura.Update) (*procura.BusinessUnit, error) {
			return s.App.UpdateAssociateUnit(ctx, c, who(r, c), ref, u, restricted)
		})(w, r, c)
	}
}

func (s *Server) createUnitAsAssociate(w http.ResponseWriter, r *http.Request, c app.Caller) error {
	return create(s, func(ctx context.Context, c app.Caller, d procura.BusinessUnitDraft) (*procura.BusinessUnit, error) {
		return s.App.CreateAssociateUnit(ctx, c, pathAssociate(r, c), d)
	})(w, r, c)
}

func (s *Server) createColleague(w http.ResponseWriter, r *http.Request, c app.Caller) error {
	key, err := unitKey(r)
	if err != nil {
		return err
	}
	return create(s, func(ctx context.Context, c app.Caller, d procura.MyBusinessUnitAssociateDraft) (*procura.CustomerSignInResult, error) {
		return s.App.CreateColleague(ctx, c, key, d)
	})(w, r, c)
}

func (s *Server) queryJoinRequests(who actingAs) handler {
	return func(w http.ResponseWriter, r *http.Request, c app.Caller) error {
		key, err := unitKey(r)
		if err != nil {
			return err
		}
		return s.query(func(ctx context.Context, c app.Caller, q app.Query) (*app.Page, error) {
			return s.App.QueryJoinRequests(ctx, c, who(r, c), key, q)
		})(w, r, c)
	}
}

func (s *Server) decideJoinRequest(who actingAs) handler {
	return func(w http.ResponseWriter, r *http.Request, c app.Caller) error {
		key, err := unitKey(r)
		if err != nil {
			return err
		}
		return update(s, func(ctx context.Context, c app.Caller, ref app.Ref, u procura.Update) (*procura.JoinRequest, error) {
			return s.App.DecideJoinRequest(ctx, c, who(r, c), key, ref, u)
		})(w, r, c)
	}
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
