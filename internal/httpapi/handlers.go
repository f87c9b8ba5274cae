package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// pathRef reads the {ref} path segment: an id, or "key=KEY".
func pathRef(r *http.Request) app.Ref {
	v := r.PathValue("ref")
	if k, ok := strings.CutPrefix(v, "key="); ok {
		return app.Ref{Key: k}
	}
	if n, ok := strings.CutPrefix(v, "order-number="); ok {
		return app.Ref{Key: n} // an order's number is its key
	}
	return app.Ref{ID: v}
}

func get[T any](s *Server, fn func(context.Context, app.Caller, app.Ref) (T, error)) handler {
	return func(w http.ResponseWriter, r *http.Request, c app.Caller) error {
		v, err := fn(r.Context(), c, pathRef(r))
		if err != nil {
			return err
		}
		return s.respond(w, r, c, http.StatusOK, v)
	}
}

func create[D, T any](s *Server, fn func(context.Context, app.Caller, D) (T, error)) handler {
	return func(w http.ResponseWriter, r *http.Request, c app.Caller) error {
		var draft D
		if err := readJSON(r, &draft); err != nil {
			return err
		}
		v, err := fn(r.Context(), c, draft)
		if err != nil {
			return err
		}
		return s.respond(w, r, c, http.StatusCreated, v)
	}
}

// post calls fn with the request's body and answers 200: the reference's status for a POST that
// does something rather than create a resource (a token, a password reset).
func post[D, T any](s *Server, fn func(context.Context, app.Caller, D) (T, error)) handler {
	return func(w http.ResponseWriter, r *http.Request, c app.Caller) error {
		var body D
		if err := readJSON(r, &body); err != nil {
			return err
		}
		v, err := fn(r.Context(), c, body)
		if err != nil {
			return err
		}
		return s.respond(w, r, c, http.StatusOK, v)
	}
}

func update[T any](s *Server, fn func(context.Context, app.Caller, app.Ref, procura.Update) (T, error)) handler {
	return func(w http.ResponseWriter, r *http.Request, c app.Caller) error {
		var u procura.Update
		if err := readJSON(r, &u); err != nil {
			return err
		}
		v, err := fn(r.Context(), c, pathRef(r), u)
		if err != nil {
			return err
		}
		return s.respond(w, r, c, http.StatusOK, v)
	}
}

func remove[T any](s *Server, fn func(context.Context, app.Caller, app.Ref, int64) (T, error)) handler {
	return func(w http.ResponseWriter, r *http.Request, c app.Caller) error {
		raw := r.URL.Query().Get("version")
		if raw == "" {
			return procura.RequiredField("version")
		}
		version, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return procura.InvalidInput("Malformed parameter: version: '%s' is not a number.", raw)
		}
		v, err := fn(r.Context(), c, pathRef(r), version)
		if err != nil {
			return err
		}
		return s.respond(w, r, c, http.StatusOK, v)
	}
}

func (s *Server) query(fn func(context.Context, app.Caller, app.Query) (*app.Page, error)) handler {
	return func(w http.ResponseWriter, r *http.Request, c app.Caller) error {
		q, err := parseQuery(r)
		if err != nil {
			return err
		}
		page, err := fn(r.Context(), c, q)
		if err != nil {
			return err
		}
		if err := s.App.ExpandPage(r.Context(), c, page, q.Expand); err != nil {
			return err
		}
		WriteJSON(w, http.StatusOK, page)
		return nil
	}
}

// respond writes v, with the references that expand= names filled in.
func (s *Server) respond(w http.ResponseWriter, r *http.Request, c app.Caller, status int, v any) error {
	expand := r.URL.Query()["expand"]
	if len(expand) == 0 {
		WriteJSON(w, status, v)
		return nil
	}
	raw, ok := v.(json.RawMessage)
	if !ok {
		var err error
		if raw, err = json.Marshal(v); err != nil {
			return err
		}
	}
	raw, err := s.App.Expand(r.Context(), c, raw, expand)
	if err != nil {
		return err
	}
	WriteJSON(w, status, raw)
	return nil
}

func (s *Server) associateAccess(w http.ResponseWriter, r *http.Request, c app.Caller) error {
	res, err := s.App.AssociateAccess(r.Context(), c, pathRef(r), r.PathValue("customer"))
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, res)
	return nil
}

// parseQuery reads the paged-query parameters.
func parseQuery(r *http.Request) (app.Query, error) {
	v := r.URL.Query()
	q := app.Query{Where: v["where"], Sort: v["sort"], Expand: v["expand"], Limit: app.DefaultLimit, WithTotal: true, Vars: map[string][]string{}}
	for name, vals := range v {
		if n, ok := strings.CutPrefix(name, "var."); ok {
			q.Vars[n] = vals
		}
	}
	for _, p := range []struct {
		name string
		dst  *int
	}{{"limit", &q.Limit}, {"offset", &q.Offset}} {
		if raw := v.Get(p.name); raw != "" {
			n, err := strconv.Atoi(raw)
			if err != nil {
				return q, procura.InvalidInput("Malformed parameter: %s: '%s' is not a number.", p.name, raw)
			}
			*p.dst = n
		}
	}
	if raw := v.Get("withTotal"); raw != "" {
		b, err := strconv.ParseBool(raw)
		if err != nil {
			return q, procura.InvalidInput("Malformed parameter: withTotal: '%s' is not true or false.", raw)
		}
		q.WithTotal = b
	}
	return q, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
