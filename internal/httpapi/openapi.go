package httpapi

import (
	"net/http"
	"strings"

	"github.com/procura/procura/internal/openapi"
)

// openAPI serves the OpenAPI document of the API, outside every project's namespace and without
// a token, like the probes (its name is reserved: procura.ReservedProjectKeys).
func (s *Server) openAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(openapi.Document)
}

// tokenNames names each token kind in the OpenAPI document (x-procura-token).
var tokenNames = map[tokenKind]string{general: "general", customer: "customer", shopper: "shopper", visitor: "visitor", associate: "associate"}

// Routes describes every route of the route table for the OpenAPI document: its method, path
// pattern, token kind and scope.
func Routes() []openapi.Route {
	var out []openapi.Route
	for _, rt := range (&Server{}).routes() {
		method, path, _ := strings.Cut(rt.pattern, " ")
		out = append(out, openapi.Route{Method: method, Path: path, Token: tokenNames[rt.token], Scope: rt.scope})
	}
	return out
}
