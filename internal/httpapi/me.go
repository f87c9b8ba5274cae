package httpapi

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// mine adapts a use case of the token's own customer (/me) to the route helpers, which pass the
// path's reference: /me names no resource, the token does.
func mine[A, T any](fn func(context.Context, app.Caller, A) (T, error)) func(context.Context, app.Caller, app.Ref, A) (T, error) {
	return func(ctx context.Context, c app.Caller, _ app.Ref, arg A) (T, error) {
		return fn(ctx, c, arg)
	}
}

func (s *Server) getMe(w http.ResponseWriter, r *http.Request, c app.Caller) error {
	cu, err := s.App.GetMe(r.Context(), c)
	if err != nil {
		return err
	}
	return s.respond(w, r, c, http.StatusOK, cu)
}

// activeCart answers the customer's most recently changed Active cart; /me/active-cart names no
// cart, so the path's reference is not read.
func (s *Server) activeCart(ctx context.Context, c app.Caller, as app.Acting, _ app.Ref) (json.RawMessage, error) {
	return s.App.ActiveCart(ctx, c, as)
}

// myCompanies lists the customer's companies for a switcher, as a page of them all.
func (s *Server) myCompanies(w http.ResponseWriter, r *http.Request, c app.Caller) error {
	companies, err := s.App.MyCompanies(r.Context(), c)
	if err != nil {
		return err
	}
	n := len(companies)
	WriteJSON(w, http.StatusOK, map[string]any{"limit": n, "offset": 0, "count": n, "total": n, "results": companies})
	return nil
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request, c app.Caller) error {
	var pc procura.PasswordChange
	if err := readJSON(r, &pc); err != nil {
		return err
	}
	cu, err := s.App.ChangeMyPassword(r.Context(), c, pc, s.Proxies.ClientAddress(r))
	if err != nil {
		return err
	}
	return s.respond(w, r, c, http.StatusOK, cu)
}

// changeCustomerPassword is the seller's change of a customer's password.
func (s *Server) changeCustomerPassword(w http.ResponseWriter, r *http.Request, c app.Caller) error {
	var pc app.CustomerPasswordChange
	if err := readJSON(r, &pc); err != nil {
		return err
	}
	cu, err := s.App.ChangeCustomerPassword(r.Context(), c, pc, s.Proxies.ClientAddress(r))
	if err != nil {
		return err
	}
	return s.respond(w, r, c, http.StatusOK, cu)
}

func (s *Server) confirmEmail(who who) handler {
	return func(w http.ResponseWriter, r *http.Request, c app.Caller) error {
		as, err := who(r, c)
		if err != nil {
			return err
		}
		var body struct {
			TokenValue string `json:"tokenValue"`
		}
		if err := readJSON(r, &body); err != nil {
			return err
		}
		if body.TokenValue == "" {
			return procura.RequiredField("tokenValue")
		}
		cu, err := s.App.ConfirmEmail(r.Context(), c, as, body.TokenValue)
		if err != nil {
			return err
		}
		return s.respond(w, r, c, http.StatusOK, cu)
	}
}

func (s *Server) login(fn func(context.Context, app.Caller, procura.CustomerSignIn, string) (*procura.CustomerSignInResult, error)) handler {
	return func(w http.ResponseWriter, r *http.Request, c app.Caller) error {
		var in procura.CustomerSignIn
		if err := readJSON(r, &in); err != nil {
			return err
		}
		res, err := fn(r.Context(), c, in, s.Proxies.ClientAddress(r))
		if err != nil {
			return err
		}
		WriteJSON(w, http.StatusOK, res)
		return nil
	}
}

func (s *Server) getProject(w http.ResponseWriter, r *http.Request, c app.Caller) error {
	p, err := s.App.GetProject(r.Context(), c)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) updateProject(w http.ResponseWriter, r *http.Request, c app.Caller) error {
	var u procura.Update
	if err := readJSON(r, &u); err != nil {
		return err
	}
	p, err := s.App.UpdateProject(r.Context(), c, u)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, p)
	return nil
}
