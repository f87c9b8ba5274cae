// Package oauth serves the OAuth 2.0 token endpoint: POST /oauth/token.
package oauth

import (
	"log/slog"
	"net/http"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/httpapi"
)

// Handler issues tokens.
type Handler struct {
	App *app.App
	Log *slog.Logger
}

// maxFormBytes bounds a token request.
const maxFormBytes = 64 << 10

// ServeHTTP handles a token request. The client authenticates with HTTP Basic; the parameters
// may be in the form body or the query string.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, &app.OAuthError{Status: 400, Code: procura.CodeInvalidRequest, Desc: "The request body is not a valid form."})
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		h.fail(w, r, &app.OAuthError{Status: 401, Code: procura.CodeInvalidClient, Desc: "Please provide valid client credentials using HTTP Basic Authentication."})
		return
	}
	switch grant := r.Form.Get("grant_type"); grant {
	case "client_credentials":
		tok, err := h.App.ClientCredentials(r.Context(), id, secret, r.Form.Get("scope"))
		if err != nil {
			h.fail(w, r, err)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		httpapi.WriteJSON(w, http.StatusOK, tok)
	case "":
		h.fail(w, r, &app.OAuthError{Status: 400, Code: procura.CodeInvalidRequest, Desc: "Missing required parameter: grant_type."})
	default:
		h.fail(w, r, &app.OAuthError{Status: 400, Code: procura.CodeUnsupportedGrantType, Desc: "The grant type '" + grant + "' is not supported here."})
	}
}

func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	httpapi.WriteError(w, r, h.Log, err)
}
