// Package httpapi serves Procura's REST API, wire-compatible with the commercetools API.
package httpapi

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// Server is the HTTP API over the application.
type Server struct {
	App     *app.App
	Log     *slog.Logger
	MaxBody int64 // bytes a request body may have
	// Proxies are the trusted reverse proxies, whose X-Forwarded-For names the client.
	Proxies Proxies
	// Observe, when set, is told of every request once answered (the metrics; requests.go).
	Observe func(Served)

	draining atomic.Bool // shutting down: /readyz answers 503
}

// handler is what each route implements; the adapter turns its error into the response.
type handler func(w http.ResponseWriter, r *http.Request, c app.Caller) error

type ctxKey int

const requestIDKey ctxKey = 0 // the request's *requestInfo

// Handler returns the API with every route of routes.go, plus the OAuth endpoints given (by
// pattern).
func (s *Server) Handler(oauth map[string]http.Handler) http.Handler {
	mux := http.NewServeMux()
	for pattern, h := range oauth {
		mux.Handle(pattern, h)
	}
	for _, rt := range s.routes() {
		mux.Handle(rt.pattern, s.adapt(rt))
	}
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.HandleFunc("GET /openapi.json", s.openAPI)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		WriteError(w, r, s.Log, procura.NotFound(r.URL.Path))
	})
	return s.observe(mux)
}

// adapt authenticates the caller, checks who may call the route and runs it.
func (s *Server) adapt(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, s.MaxBody)
		}
		c, err := s.App.Authenticate(r.Context(), bearer(r))
		c.RequestID, c.ClientAddress = requestID(r), s.Proxies.ClientAddress(r)
		if err == nil {
			NoteCaller(r, c)
		}
		if err == nil && rt.inStore() {
			c.Store, err = StoreKey(r.PathValue("store"))
		}
		if err == nil {
			err = allowed(c, r, rt)
		}
		if err == nil {
			err = checkExpand(r)
		}
		if err == nil {
			err = rt.handle(w, r, c)
		}
		if err != nil {
			WriteError(w, r, s.Log, err)
		}
	})
}

// maxExpand is how many expand parameters a request may carry: each one is a walk through the
// response and a read per reference it reaches. The Store Launchpad sends thirteen with every
// order call (decision 0032).
const maxExpand = 20

// checkExpand refuses a request with more than maxExpand expand parameters, before the route
// runs, so that an update is not applied and then answered with an error.
func checkExpand(r *http.Request) error {
	if n := len(r.URL.Query()["expand"]); n > maxExpand {
		return procura.InvalidInput("A request may carry at most %d expand parameters; this one has %d.", maxExpand, n)
	}
	return nil
}

// allowed checks the token against the token kind of the route in the path's project.
func allowed(c app.Caller, r *http.Request, rt route) error {
	project := r.PathValue("project")
	switch rt.token {
	case customer:
		if err := checkScope(c, project, rt.scope); err != nil || c.CustomerID != "" {
			return err
		}
		return procura.Forbidden("This endpoint acts for a customer: it needs a customer's token from the password flow.")
	case shopper:
		if err := checkScope(c, project, rt.scope); err != nil || c.CustomerID != "" || c.AnonymousID != "" {
			return err
		}
		return procura.Forbidden("This endpoint acts for a shopper: it needs a customer's token from the password flow or an anonymous session's token.")
	case visitor:
		if err := checkScope(c, project, rt.scope); err != nil || c.CustomerID == "" {
			return err
		}
		return procura.InvalidOperation("A customer who is signed in cannot sign up or sign in again with this token.")
	case associate:
		if c.AnonymousID != "" {
			return procura.Forbidden("An anonymous session acts for no associate: sign in first.")
		}
		if c.CustomerID == "" {
			return checkScope(c, project, rt.scope)
		}
		if err := checkScope(c, project, customerScopes[rt.scope]); err != nil {
			return err
		}
		if r.PathValue("associate") != c.CustomerID {
			return procura.Forbidden("A customer's token acts only as its own customer (%s), not as %s.", c.CustomerID, r.PathValue("associate"))
		}
		return nil
	}
	return checkScope(c, project, rt.scope)
}

// customerScopes names, for the manage scope of each as-associate route, the scope a customer's
// own token needs there instead: approvals, which have no customer scope of their own, go with
// manage_my_business_units. A route whose scope is missing here refuses customers' tokens.
var customerScopes = map[string]string{
	"manage_business_units": "manage_my_business_units",
	"manage_orders":         "manage_my_orders",
	"manage_quote_requests": "manage_my_quote_requests",
	"manage_quotes":         "manage_my_quotes",
	"manage_shopping_lists": "manage_my_shopping_lists",
	"manage_approval_rules": "manage_my_business_units",
	"manage_approval_flows": "manage_my_business_units",
	auditLog:                myUnits, // the history of an associate's units
}

func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// checkScope: the token must belong to the path's project and hold the route's scope; on an
// in-store path, the scope of that store will do.
func checkScope(c app.Caller, project, scope string) error {
	if c.Store != "" {
		if c.ProjectKey != project || !c.Scopes.AllowsInStore(scope, project, c.Store) {
			return procura.InsufficientScope(scope+":"+project, scope+":"+project+":"+c.Store, "manage_project:"+project)
		}
		return nil
	}
	if c.ProjectKey != project || !c.Scopes.Allows(scope, project) {
		return procura.InsufficientScope(scope+":"+project, "manage_project:"+project)
	}
	return nil
}

// readJSON decodes the request body strictly into v.
func readJSON(r *http.Request, v any) error {
	data, err := io.ReadAll(r.Body)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return &procura.Error{Code: codeTooLarge, Message: "The request body is larger than the limit of " + itoa(tooBig.Limit) + " bytes."}
	}
	if err != nil {
		return procura.InvalidJSON("the request body could not be read")
	}
	if len(data) == 0 {
		return procura.InvalidJSON("the request body is empty")
	}
	return procura.DecodeJSON(data, v)
}

// WriteJSON writes v as the JSON response with the given status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if m, ok := v.(json.Marshaler); ok { // our own encoders: written as they are, not compacted again
		b, err := m.MarshalJSON()
		if err == nil {
			w.WriteHeader(status)
			_, _ = w.Write(append(b, '\n'))
			return
		}
	}
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
