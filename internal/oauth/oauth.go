// Package oauth serves the OAuth 2.0 endpoints: tokens for API clients, customers and anonymous
// sessions, refresh, revocation and introspection.
package oauth

import (
	"log/slog"
	"net/http"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/httpapi"
)

// Handler issues and revokes tokens.
type Handler struct {
	App *app.App
	Log *slog.Logger
	// Proxies are the trusted reverse proxies, whose X-Forwarded-For names the client.
	Proxies httpapi.Proxies
}

// maxFormBytes bounds a token request.
const maxFormBytes = 64 << 10

// Routes lists the OAuth endpoints for the API's mux.
func (h *Handler) Routes() map[string]http.Handler {
	return map[string]http.Handler{
		"POST /oauth/token":                                      h.endpoint(h.token),
		"POST /oauth/{project}/customers/token":                  h.endpoint(h.customerToken),
		"POST /oauth/{project}/in-store/{store}/customers/token": h.endpoint(h.customerToken),
		"POST /oauth/{project}/anonymous/token":                  h.endpoint(h.anonymousToken),
		"POST /oauth/token/revoke":                               h.endpoint(h.revoke),
		"POST /oauth/introspect":                                 h.endpoint(h.introspect),
	}
}

// request is a parsed token request: the client's credentials and the parameters, from the form
// body only.
type request struct {
	*http.Request
	clientID, secret string
}

// param returns a parameter of the form body; the query string is never read.
func (r request) param(name string) string { return r.PostForm.Get(name) }

// secretParams are parameters that carry credentials: in a URL they would end up in access
// logs, proxies and browser histories, so a request with one in its query string is refused.
var secretParams = []string{"username", "password", "client_secret", "refresh_token", "token"}

func credentialsInQuery(r *http.Request) error {
	q := r.URL.Query()
	for _, p := range secretParams {
		if q.Has(p) {
			return procura.OAuthError(procura.CodeInvalidRequest, "The parameter "+p+" is accepted only in the form body, never in the URL.")
		}
	}
	return nil
}

func (h *Handler) endpoint(fn func(w http.ResponseWriter, r request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		err := credentialsInQuery(r)
		if err == nil && r.ParseForm() != nil {
			err = procura.OAuthError(procura.CodeInvalidRequest, "The request body is not a valid form.")
		}
		id, secret, ok := r.BasicAuth()
		if err == nil && !ok {
			err = procura.OAuthError(procura.CodeInvalidClient, "Please provide valid client credentials using HTTP Basic Authentication.")
		}
		if err == nil {
			if len(id) <= 256 { // for the log line: the client it claims to be (a longer id is no one's)
				httpapi.NoteCaller(r, app.Caller{ClientID: id})
			}
			w.Header().Set("Cache-Control", "no-store")
			err = fn(w, request{r, id, secret})
		}
		if err != nil {
			httpapi.WriteError(w, r, h.Log, err)
		}
	})
}

func unit(r request) app.UnitChoice {
	return app.UnitChoice{Key: r.param("business_unit"), ID: r.param("legalEntityId")}
}

// token serves the client-credentials and refresh-token grants.
func (h *Handler) token(w http.ResponseWriter, r request) error {
	var tok *app.Token
	var err error
	switch grant := r.param("grant_type"); grant {
	case "client_credentials":
		tok, err = h.App.ClientCredentials(r.Context(), r.clientID, r.secret, r.param("scope"))
	case "refresh_token":
		refresh := r.param("refresh_token")
		if refresh == "" {
			return missing("refresh_token")
		}
		tok, err = h.App.RefreshGrant(r.Context(), r.clientID, r.secret, refresh, unit(r))
	case "":
		return missing("grant_type")
	default:
		return unsupported(grant)
	}
	if err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, tok)
	return nil
}

// customerToken serves the password grant of a project's customers, globally or in a store
// (/oauth/{project}/in-store/key={store}/customers/token).
func (h *Handler) customerToken(w http.ResponseWriter, r request) error {
	if err := onlyGrant(r, "password"); err != nil {
		return err
	}
	for _, p := range []string{"username", "password"} {
		if r.param(p) == "" {
			return missing(p)
		}
	}
	store := "" // the global endpoint; the in-store one names its store
	if seg := r.PathValue("store"); seg != "" {
		key, err := httpapi.StoreKey(seg)
		if err != nil {
			return err
		}
		store = key
	}
	tok, err := h.App.StorePasswordGrant(r.Context(), store, r.clientID, r.secret, r.PathValue("project"),
		r.param("username"), r.param("password"), r.param("scope"), unit(r), h.Proxies.ClientAddress(r.Request))
	if err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, tok)
	return nil
}

// anonymousToken serves the anonymous session flow: the client-credentials grant, for a new
// anonymous session (anonymous_id, generated when absent).
func (h *Handler) anonymousToken(w http.ResponseWriter, r request) error {
	if err := onlyGrant(r, "client_credentials"); err != nil {
		return err
	}
	tok, err := h.App.AnonymousToken(r.Context(), r.clientID, r.secret, r.PathValue("project"), r.param("scope"), r.param("anonymous_id"),
		h.Proxies.ClientAddress(r.Request))
	if err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, tok)
	return nil
}

// introspect serves token introspection (RFC 7662) to clients with introspect_oauth_tokens.
func (h *Handler) introspect(w http.ResponseWriter, r request) error {
	token := r.param("token")
	if token == "" {
		return missing("token")
	}
	info, err := h.App.Introspect(r.Context(), r.clientID, r.secret, token)
	if err != nil {
		return err
	}
	httpapi.WriteJSON(w, http.StatusOK, info)
	return nil
}

// revoke serves RFC 7009 token revocation: 200 whether or not the token was known.
func (h *Handler) revoke(w http.ResponseWriter, r request) error {
	token := r.param("token")
	if token == "" {
		return missing("token")
	}
	if err := h.App.Revoke(r.Context(), r.clientID, r.secret, token); err != nil {
		return err
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

// onlyGrant refuses a request of another grant type than want.
func onlyGrant(r request, want string) error {
	switch grant := r.param("grant_type"); grant {
	case want:
		return nil
	case "":
		return missing("grant_type")
	default:
		return unsupported(grant)
	}
}

func missing(param string) error {
	return procura.OAuthError(procura.CodeInvalidRequest, "Missing required parameter: "+param+".")
}

func unsupported(grant string) error {
	return procura.OAuthError(procura.CodeUnsupportedGrantType, "The grant type '"+grant+"' is not supported here.")
}
