// Package openapi holds the OpenAPI 3.1 document of Procura's API, served at /openapi.json, and
// Build, which derives it from what the code already knows: the route table (method, path, token
// kind, scope), the commercetools reference's data types (internal/refshape) for the bodies, the
// compatibility table of docs/api.md for Procura's extension update actions, Procura's own types
// (procura-types.json) and examples captured from the real server. openapi.json is that
// derivation, committed: the package's test rebuilds it and fails when it is stale
// (PROCURA_UPDATE_DOCS=1 rewrites it). Whatever the reference does not have is marked
// x-procura-extension: true.
package openapi

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Document is the OpenAPI document served at /openapi.json.
//
//go:embed openapi.json
var Document []byte

// Route is one endpoint as the route table knows it: its method and path pattern (the
// ServeMux's, whose {name} segments are the document's path parameters), the token kind that may
// call it (general, customer, shopper, visitor or associate; client for the OAuth endpoints,
// none for the server's own paths) and the scope it needs.
type Route struct {
	Method, Path, Token, Scope string
}

// Pattern is the route as the ServeMux writes it: "GET /{project}/carts".
func (r Route) Pattern() string { return r.Method + " " + r.Path }

// Example is a request and its answer captured from the real server, for the route of Pattern.
type Example struct {
	Pattern  string          // the route's pattern
	Name     string          // unique within the route
	Path     string          // the path requested, with its query string
	Request  json.RawMessage // the body sent, if any
	Status   int
	Response json.RawMessage
}

// Input is everything the document is built from.
type Input struct {
	Routes   []Route
	APIDoc   string // docs/api.md, whose compatibility table names the extension update actions
	Examples []Example
}

// Build derives the document. It fails on a route it cannot describe (a new route needs its
// line in operations.go), on an extension action without its type in procura-types.json, and on
// an example of a route that does not exist or answers with a status the route does not have.
func Build(in Input) ([]byte, error) {
	types, err := loadTypes(in.APIDoc)
	if err != nil {
		return nil, err
	}
	b := &builder{types: types, paths: map[string]map[string]any{}, scopes: map[string]string{}, used: map[string]bool{}, tagSet: map[string]bool{}}
	var problems []string
	for _, rt := range in.Routes {
		if err := b.add(rt); err != nil {
			problems = append(problems, err.Error())
		}
	}
	for _, ex := range in.Examples {
		if err := b.example(ex); err != nil {
			problems = append(problems, err.Error())
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return nil, fmt.Errorf("openapi: %s", strings.Join(problems, "; "))
	}
	doc := map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":       "Procura API",
			"version":     "1",
			"summary":     "Procura's REST API, wire-compatible with the commercetools API.",
			"description": description,
		},
		"servers":  []any{map[string]any{"url": "http://127.0.0.1:8080", "description": "procura serve's default address"}},
		"security": []any{map[string]any{"oauth2": []any{}}},
		"tags":     b.tags(),
		"paths":    b.paths,
		"components": map[string]any{
			"schemas":         b.schemas(),
			"securitySchemes": b.securitySchemes(),
		},
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

const description = `Procura's REST API follows the commercetools HTTP API: the same paths, bodies, status
codes and error shapes. Operations, fields and types that commercetools does not have are marked
` + "`x-procura-extension: true`" + `; docs/api.md describes them.

Every operation needs a bearer token from the OAuth endpoints (/oauth/…) holding its scope in the
path's project (written ` + "`scope:{projectKey}`" + `; manage_project grants every scope, manage_X grants
view_X; on in-store paths the store-scoped form ` + "`scope:{projectKey}:{storeKey}`" + ` will do).
` + "`x-procura-token`" + ` says which token an operation takes: general (any token with the scope),
customer (a customer's token from the password flow), shopper (a customer's token or an anonymous
session's), visitor (a token that is no customer's) or associate (an API client acting for the
associate of the path, or that associate's own customer token with the matching manage_my_ scope).

A resource path's {ref} is an id or key={key}; {store} and {unit} are key={key}. HEAD answers
every GET path. Queries take where (repeatable), sort (repeatable), limit (0–500), offset,
withTotal, var.NAME and expand.`
