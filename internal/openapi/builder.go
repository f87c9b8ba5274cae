package openapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// builder collects the document's paths and the types and scopes they use.
type builder struct {
	types  *typeSet
	paths  map[string]map[string]any // path → method → operation
	used   map[string]bool           // types named by operations
	scopes map[string]string
	tagSet map[string]bool
}

// add describes one route.
func (b *builder) add(rt Route) error {
	o, err := b.describe(rt)
	if err != nil {
		return err
	}
	t := tag(rt)
	b.tagSet[t] = true
	operation := map[string]any{
		"operationId":     operationID(rt),
		"tags":            []any{t},
		"x-procura-token": rt.Token,
	}
	if o.ext {
		operation["x-procura-extension"] = true
	}
	var params []any
	for _, name := range pathParams(rt.Path) {
		params = append(params, map[string]any{"name": name, "in": "path", "required": true,
			"schema": map[string]any{"type": "string"}, "description": paramDescriptions[name]})
	}
	for _, name := range o.params {
		params = append(params, queryParam(name))
	}
	if len(params) > 0 {
		operation["parameters"] = params
	}
	switch rt.Token {
	case "none":
		operation["security"] = []any{}
	case "client":
		operation["security"] = []any{map[string]any{"apiClient": []any{}}}
	default:
		b.scopes[rt.Scope] = "the scope " + rt.Scope + " in the path's project"
		operation["security"] = []any{map[string]any{"oauth2": []any{rt.Scope}}}
	}
	if o.body != "" {
		media := "application/json"
		if o.form {
			media = "application/x-www-form-urlencoded"
		}
		b.used[o.body] = true
		operation["requestBody"] = map[string]any{"required": true, "content": map[string]any{
			media: map[string]any{"schema": map[string]any{"$ref": schemaRef + o.body}}}}
	}
	status := o.status
	if status == 0 {
		status = http.StatusOK
	}
	answer := map[string]any{"description": http.StatusText(status)}
	switch {
	case o.answer != "":
		b.used[o.answer] = true
		answer["content"] = map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": schemaRef + o.answer}}}
	case rt.Path == "/openapi.json":
		answer["content"] = map[string]any{"application/json": map[string]any{"schema": map[string]any{"type": "object"}}}
	}
	errType := "ErrorResponse"
	if rt.Token == "client" {
		errType = "AuthErrorResponse"
	}
	b.used[errType] = true
	operation["responses"] = map[string]any{
		strconv.Itoa(status): answer,
		"default": map[string]any{"description": "An error: its status and codes (docs/api.md, Conventions).",
			"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": schemaRef + errType}}}},
	}
	path := b.paths[rt.Path]
	if path == nil {
		path = map[string]any{}
		b.paths[rt.Path] = path
	}
	method := strings.ToLower(rt.Method)
	if _, dup := path[method]; dup {
		return fmt.Errorf("the route %s is listed twice", rt.Pattern())
	}
	path[method] = operation
	return nil
}

// operationID names an operation after its method and path: get-project-carts-ref.
func operationID(rt Route) string {
	return strings.ToLower(rt.Method) + strings.NewReplacer("/", "-", "{", "", "}", "", ".", "-").Replace(rt.Path)
}

// example adds a captured request and answer to the operation of its route.
func (b *builder) example(ex Example) error {
	method, path, _ := strings.Cut(ex.Pattern, " ")
	operation, ok := b.paths[path][strings.ToLower(method)].(map[string]any)
	if !ok {
		return fmt.Errorf("the example %q is of %s, which is no route", ex.Name, ex.Pattern)
	}
	value := func(raw json.RawMessage) map[string]any {
		return map[string]any{"summary": method + " " + ex.Path, "value": raw}
	}
	if len(ex.Request) > 0 {
		body, ok := operation["requestBody"].(map[string]any)
		if !ok {
			return fmt.Errorf("the example %q sends %s a body it does not take", ex.Name, ex.Pattern)
		}
		for _, media := range body["content"].(map[string]any) {
			addExample(media.(map[string]any), ex.Name, value(ex.Request))
		}
	}
	answer, ok := operation["responses"].(map[string]any)[strconv.Itoa(ex.Status)].(map[string]any)
	if !ok {
		return fmt.Errorf("the example %q of %s answers %d, a status the document does not give it", ex.Name, ex.Pattern, ex.Status)
	}
	content, ok := answer["content"].(map[string]any)
	if !ok {
		return fmt.Errorf("the example %q of %s answers a body the document does not give it", ex.Name, ex.Pattern)
	}
	addExample(content["application/json"].(map[string]any), ex.Name, value(ex.Response))
	return nil
}

func addExample(media map[string]any, name string, ex map[string]any) {
	all, _ := media["examples"].(map[string]any)
	if all == nil {
		all = map[string]any{}
		media["examples"] = all
	}
	all[name] = ex
}

func (b *builder) tags() []any {
	var names []string
	for t := range b.tagSet {
		names = append(names, t)
	}
	slices.Sort(names)
	out := make([]any, 0, len(names))
	for _, n := range names {
		out = append(out, map[string]any{"name": n})
	}
	return out
}

func (b *builder) securitySchemes() map[string]any {
	return map[string]any{
		"oauth2": map[string]any{
			"type":        "oauth2",
			"description": "A bearer token from the OAuth endpoints: an API client's (client credentials), a customer's (password flow, /oauth/{projectKey}/customers/token) or an anonymous session's (/oauth/{projectKey}/anonymous/token). Scopes are written scope:{projectKey}.",
			"flows": map[string]any{
				"clientCredentials": map[string]any{"tokenUrl": "/oauth/token", "scopes": b.scopes},
			},
		},
		"apiClient": map[string]any{"type": "http", "scheme": "basic",
			"description": "An API client's id and secret (HTTP Basic)."},
	}
}
