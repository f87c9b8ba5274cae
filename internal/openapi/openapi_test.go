package openapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/httpapi"
	"github.com/procura/procura/internal/oauth"
	"github.com/procura/procura/internal/openapi"
	"github.com/procura/procura/internal/sqlstore/sqltest"
)

// allRoutes is every route the server has: the route table, the OAuth endpoints and the
// server's own paths.
func allRoutes() []openapi.Route {
	routes := httpapi.Routes()
	for pattern := range (&oauth.Handler{}).Routes() {
		method, path, _ := strings.Cut(pattern, " ")
		routes = append(routes, openapi.Route{Method: method, Path: path, Token: "client"})
	}
	slices.SortFunc(routes, func(a, b openapi.Route) int { return strings.Compare(a.Pattern(), b.Pattern()) })
	return routes
}

func apiDoc(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestDocument runs the examples against the real server, builds the document from the route
// table and them, and wants it to be openapi.json (PROCURA_UPDATE_DOCS=1 rewrites it): so a
// changed route, type or answer shows as a stale document. The document must be valid OpenAPI
// 3.1, and every example must validate against the schemas of its operation.
func TestDocument(t *testing.T) {
	examples := runExamples(t)
	doc, err := openapi.Build(openapi.Input{Routes: allRoutes(), APIDoc: apiDoc(t), Examples: examples})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(doc, openapi.Document) {
		if os.Getenv("PROCURA_UPDATE_DOCS") != "" {
			if err := os.WriteFile("openapi.json", doc, 0o644); err != nil {
				t.Fatal(err)
			}
		} else {
			for _, name := range changedExamples(t, openapi.Document, doc) {
				t.Errorf("the server's answer to example %s is not the one openapi.json shows", name)
			}
			t.Errorf("openapi.json is not the document the code and the server's answers make; run with PROCURA_UPDATE_DOCS=1 (first difference at byte %d)", firstDifference(doc, openapi.Document))
		}
	}
	validOpenAPI(t, doc)
	validExamples(t, doc, examples)
}

// changedExamples names the examples whose request or answer differ between two documents.
func changedExamples(t *testing.T, old, new []byte) []string {
	t.Helper()
	a, b := examplesOf(t, old), examplesOf(t, new)
	var out []string
	for k, v := range b {
		if old, ok := a[k]; !ok || !bytes.Equal(compact(t, old), compact(t, v)) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// examplesOf collects a document's example values, by operation, name, and request or answer.
func examplesOf(t *testing.T, doc []byte) map[string]json.RawMessage {
	t.Helper()
	type media map[string]struct {
		Examples map[string]struct{ Value json.RawMessage }
	}
	var d struct {
		Paths map[string]map[string]struct {
			RequestBody struct{ Content media }
			Responses   map[string]struct{ Content media }
		}
	}
	out := map[string]json.RawMessage{}
	if json.Unmarshal(doc, &d) != nil {
		return out
	}
	for path, methods := range d.Paths {
		for m, o := range methods {
			for _, c := range o.RequestBody.Content {
				for name, ex := range c.Examples {
					out[fmt.Sprintf("%s (request of %s %s)", name, m, path)] = ex.Value
				}
			}
			for status, r := range o.Responses {
				for _, c := range r.Content {
					for name, ex := range c.Examples {
						out[fmt.Sprintf("%s (answer %s of %s %s)", name, status, m, path)] = ex.Value
					}
				}
			}
		}
	}
	return out
}

func firstDifference(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// validOpenAPI checks the document against the OpenAPI 3.1 schema.
func validOpenAPI(t *testing.T, doc []byte) {
	t.Helper()
	d, err := libopenapi.NewDocument(doc)
	if err != nil {
		t.Fatal(err)
	}
	if d.GetSpecInfo().SpecType != "openapi" || !strings.HasPrefix(d.GetVersion(), "3.1") {
		t.Errorf("the document is %s %s, want OpenAPI 3.1", d.GetSpecInfo().SpecType, d.GetVersion())
	}
	v, errs := validator.NewValidator(d, config.WithSchemaCache(nil)) // no warming: it compiles every operation's schemas
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if ok, problems := v.ValidateDocument(); !ok {
		for _, p := range problems {
			t.Errorf("not valid OpenAPI 3.1: %s: %s", p.Message, p.Reason)
			for _, s := range p.SchemaValidationErrors {
				t.Errorf("  at %s: %s", s.KeywordLocation, s.Reason)
			}
		}
	}
}

// validExamples checks each example's request and answer against the schemas its operation
// gives them (JSON Schema 2020-12, OpenAPI 3.1's dialect), and that its path is one of its route.
func validExamples(t *testing.T, doc []byte, examples []openapi.Example) {
	t.Helper()
	parsed, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource("openapi.json", parsed); err != nil {
		t.Fatal(err)
	}
	var d struct {
		Paths map[string]map[string]struct {
			RequestBody struct {
				Content map[string]struct {
					Schema struct {
						Ref string `json:"$ref"`
					}
				}
			}
			Responses map[string]struct {
				Content map[string]struct {
					Schema struct {
						Ref string `json:"$ref"`
					}
				}
			}
		}
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	for _, rt := range allRoutes() {
		mux.Handle(rt.Pattern(), http.NotFoundHandler())
	}
	check := func(what, ref string, body []byte) {
		if ref == "" {
			t.Errorf("%s: the document gives it no schema", what)
			return
		}
		s, err := c.Compile("openapi.json" + ref)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
		if err == nil {
			err = s.Validate(v)
		}
		if err != nil {
			t.Errorf("%s does not validate against %s: %v", what, ref, err)
		}
	}
	for _, ex := range examples {
		method, path, _ := strings.Cut(ex.Pattern, " ")
		req := httptest.NewRequest(method, ex.Path, nil)
		if _, matched := mux.Handler(req); matched != ex.Pattern {
			t.Errorf("example %s: %s %s is served by %q, not by %q", ex.Name, method, ex.Path, matched, ex.Pattern)
		}
		operation := d.Paths[path][strings.ToLower(method)]
		if len(ex.Request) > 0 {
			check("the request of example "+ex.Name, operation.RequestBody.Content["application/json"].Schema.Ref, ex.Request)
		}
		check(fmt.Sprintf("the answer of example %s", ex.Name), operation.Responses[fmt.Sprint(ex.Status)].Content["application/json"].Schema.Ref, ex.Response)
	}
}

// TestEveryRouteIsDocumented: every route the server has is an operation of openapi.json, and
// openapi.json has no other.
func TestEveryRouteIsDocumented(t *testing.T) {
	var d struct {
		Paths map[string]map[string]json.RawMessage
	}
	if err := json.Unmarshal(openapi.Document, &d); err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for path, methods := range d.Paths {
		for m := range methods {
			documented[strings.ToUpper(m)+" "+path] = true
		}
	}
	for _, rt := range allRoutes() {
		if !documented[rt.Pattern()] {
			t.Errorf("the route %s is not in openapi.json", rt.Pattern())
		}
		delete(documented, rt.Pattern())
	}
	for op := range documented {
		t.Errorf("openapi.json has %s, which is no route", op)
	}
}

// TestBuildRefusesAnUndescribedRoute: a route the generator cannot describe fails the build, so a
// new route cannot go undocumented.
func TestBuildRefusesAnUndescribedRoute(t *testing.T) {
	routes := append(allRoutes(), openapi.Route{Method: "GET", Path: "/{project}/widgets", Token: "general", Scope: "view_widgets"})
	_, err := openapi.Build(openapi.Input{Routes: routes, APIDoc: apiDoc(t)})
	if err == nil || !strings.Contains(err.Error(), "GET /{project}/widgets") {
		t.Errorf("building with an undescribed route: %v", err)
	}
	doc := strings.Replace(apiDoc(t), "`setJoinPolicy`", "`setJoinPolicy`, `setMotto`", 1)
	_, err = openapi.Build(openapi.Input{Routes: allRoutes(), APIDoc: doc})
	if err == nil || !strings.Contains(err.Error(), "BusinessUnitSetMottoAction") {
		t.Errorf("building with an extension action without its type: %v", err)
	}
	_, err = openapi.Build(openapi.Input{Routes: allRoutes(), APIDoc: apiDoc(t), Examples: []openapi.Example{
		{Pattern: "GET /{project}/stores", Name: "wrong", Path: "/demo/stores", Status: http.StatusCreated, Response: json.RawMessage(`{}`)}}})
	if err == nil || !strings.Contains(err.Error(), "answers 201") {
		t.Errorf("building with an example of a status the route does not have: %v", err)
	}
}

// server is Procura's API over a fresh SQLite database with the project demo, whose clock stands
// still and whose ids count up, so that its answers are the same at every run.
type server struct {
	*httptest.Server
	app *app.App
}

func newServer(t *testing.T) *server {
	t.Helper()
	a := app.New(sqltest.Open(t, sqltest.Backend{Name: "sqlite", URL: sqltest.SQLiteURL}))
	a.Passwords = app.Argon2id{Cheap: true}
	now := time.Date(2026, 1, 15, 9, 30, 0, 0, time.UTC)
	a.Now = func() time.Time { return now }
	var mu sync.Mutex
	n := 0
	a.NewID = func() string {
		mu.Lock()
		defer mu.Unlock()
		n++
		return fmt.Sprintf("00000000-0000-4000-8000-%012d", n)
	}
	if _, err := a.CreateProject(context.Background(), "demo", "Demo"); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	api := &httpapi.Server{App: a, Log: log, MaxBody: 1 << 20}
	ts := httptest.NewServer(api.Handler((&oauth.Handler{App: a, Log: log}).Routes()))
	t.Cleanup(ts.Close)
	return &server{Server: ts, app: a}
}

// TestServedDocument: GET /openapi.json answers the document without a token.
func TestServedDocument(t *testing.T) {
	s := newServer(t)
	resp, err := http.Get(s.URL + "/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !bytes.Equal(body, openapi.Document) || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Errorf("GET /openapi.json: %d %s, %d bytes (want the document's %d)", resp.StatusCode, resp.Header.Get("Content-Type"), len(body), len(openapi.Document))
	}
}
