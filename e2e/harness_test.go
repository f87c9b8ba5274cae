// Package e2e drives a real procura binary, built from ./cmd/procura, through its command line
// and through the official commercetools Go SDK, against SQLite and (when configured) PostgreSQL.
package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver, for the per-run schema
	"github.com/labd/commercetools-go-sdk/platform"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// envPostgres names the variable that holds the PostgreSQL URL the tests may use.
const envPostgres = "PROCURA_TEST_POSTGRES"

var (
	procuraBin string // path of the binary built by TestMain
	buildErr   error  // why it could not be built; every server start fails with it
)

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "procura-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	procuraBin = filepath.Join(dir, "procura")
	buildErr = buildProcura(procuraBin)
	return m.Run()
}

// buildProcura builds ./cmd/procura of the repository that holds this directory.
func buildProcura(out string) error {
	root, err := repoRoot()
	if err != nil {
		return err
	}
	cmd := exec.Command("go", "build", "-o", out, "./cmd/procura")
	cmd.Dir = root
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build ./cmd/procura in %s: %v\n%s", root, err, buf.String())
	}
	return nil
}

// repoRoot walks up from the working directory (the e2e directory under go test) to go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the e2e directory")
		}
		dir = parent
	}
}

// backend is a kind of database a server can run on.
type backend struct {
	name string
	url  func(t *testing.T) string // a new empty database, removed when t ends
}

func backends() []backend {
	return []backend{{"sqlite", sqliteURL}, {"postgres", postgresURL}}
}

// forEachBackend runs f as a subtest per backend, each with a server of its own; serveArgs are
// passed to procura serve.
func forEachBackend(t *testing.T, f func(t *testing.T, s *server), serveArgs ...string) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			f(t, startServer(t, b.url(t), serveArgs...))
		})
	}
}

func sqliteURL(t *testing.T) string {
	return "sqlite:" + filepath.Join(t.TempDir(), "procura.db")
}

// postgresURL makes a schema of its own in the PostgreSQL of PROCURA_TEST_POSTGRES and returns
// the URL with search_path set to it; the schema is dropped when t ends.
func postgresURL(t *testing.T) string {
	t.Helper()
	base := os.Getenv(envPostgres)
	if base == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set, but CI is: the PostgreSQL end-to-end tests must run in CI", envPostgres)
		}
		t.Skipf("PostgreSQL variant skipped: set %s to a postgres:// URL to run it", envPostgres)
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open %s: %v", envPostgres, err)
	}
	defer db.Close()
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	schema := "procura_e2e_" + hex.EncodeToString(b)
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("create schema in %s: %v", envPostgres, err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer db.Close()
		if _, err := db.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", envPostgres, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// server is a running `procura serve` with one project and an api client that may do anything in it.
type server struct {
	db      string // --db URL
	base    string // http://127.0.0.1:PORT
	project string // key of the project made at start
	admin   apiClient
	args    []string    // more flags of procura serve
	proc    *os.Process // the running serve, once started
	stderr  *syncBuffer // what the running serve logs
}

// apiClient is what `procura api-client create` prints.
type apiClient struct {
	ID     string `json:"id"`
	Secret string `json:"secret"`
	Scope  string `json:"scope"`
}

// syncBuffer collects a subprocess's output while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

const testProject = "e2e-shop"

// startServer migrates dbURL, creates the project testProject and an api client with
// manage_project through the CLI, then starts `procura serve` on a free port and waits until it
// answers. The server is stopped when t ends; its output is printed if t failed.
func startServer(t *testing.T, dbURL string, serveArgs ...string) *server {
	t.Helper()
	if buildErr != nil {
		t.Fatalf("procura binary not built: %v", buildErr)
	}
	s := &server{db: dbURL, project: testProject, args: serveArgs}
	s.cli(t, "migrate")
	var project struct {
		Key string `json:"key"`
	}
	s.cliJSON(t, &project, "project", "create", testProject, "--name", "E2E Shop")
	if project.Key != testProject {
		t.Fatalf("project create printed key %q, want %q", project.Key, testProject)
	}
	s.admin = s.newAPIClient(t, testProject, "manage_project:"+testProject)

	var lastErr error
	for attempt := 0; attempt < 3; attempt++ { // a port picked free may be taken before serve binds it
		if lastErr = s.serve(t); lastErr == nil {
			return s
		}
	}
	t.Fatalf("procura serve did not come up: %v", lastErr)
	return nil
}

func (s *server) serve(t *testing.T) error {
	t.Helper()
	addr := freeAddr(t)
	var stdout, stderr syncBuffer
	cmd := exec.Command(procuraBin, append([]string{"serve", "--addr", addr, "--db", s.db}, s.args...)...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	base := "http://" + addr
	deadline := time.Now().Add(15 * time.Second)
	hc := &http.Client{Timeout: time.Second}
	for {
		resp, err := hc.Get(base + "/")
		if err == nil {
			resp.Body.Close()
			break
		}
		select {
		case err := <-exited:
			return fmt.Errorf("procura serve exited early (%v)\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			<-exited
			t.Fatalf("procura serve did not answer on %s within 15s\nstderr:\n%s", base, stderr.String())
		}
	}
	s.base, s.proc, s.stderr = base, cmd.Process, &stderr
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("procura serve stdout:\n%s\nprocura serve stderr:\n%s", stdout.String(), stderr.String())
		}
	})
	return nil
}

// anotherNode starts one more procura serve over the same database: a second node.
func (s *server) anotherNode(t *testing.T) *server {
	t.Helper()
	n := *s
	if err := n.serve(t); err != nil {
		t.Fatal(err)
	}
	return &n
}

// freeAddr returns 127.0.0.1:PORT for a port that was free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// cli runs `procura ARGS... --db URL` and returns its standard output.
func (s *server) cli(t *testing.T, args ...string) []byte {
	t.Helper()
	args = append(args, "--db", s.db)
	cmd := exec.Command(procuraBin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("procura %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.Bytes()
}

// cliJSON runs a CLI command and decodes the JSON object it prints into v.
func (s *server) cliJSON(t *testing.T, v any, args ...string) {
	t.Helper()
	out := s.cli(t, args...)
	i := bytes.IndexByte(out, '{')
	if i < 0 {
		t.Fatalf("procura %s printed no JSON object:\n%s", strings.Join(args, " "), out)
	}
	if err := json.NewDecoder(bytes.NewReader(out[i:])).Decode(v); err != nil {
		t.Fatalf("procura %s printed bad JSON (%v):\n%s", strings.Join(args, " "), err, out)
	}
}

// newAPIClient creates an api client of project with the given scopes through the CLI.
func (s *server) newAPIClient(t *testing.T, project string, scopes ...string) apiClient {
	t.Helper()
	var c apiClient
	s.cliJSON(t, &c, "api-client", "create", "--project", project, "--scope", strings.Join(scopes, " "))
	if c.ID == "" || c.Secret == "" {
		t.Fatalf("api-client create printed no id or secret: %+v", c)
	}
	for _, sc := range scopes {
		if !strings.Contains(" "+c.Scope+" ", " "+sc+" ") {
			t.Fatalf("api-client create printed scope %q, want it to contain %q", c.Scope, sc)
		}
	}
	return c
}

func (s *server) oauthConfig(c apiClient) *clientcredentials.Config {
	return &clientcredentials.Config{
		ClientID:     c.ID,
		ClientSecret: c.Secret,
		TokenURL:     s.base + "/oauth/token",
		Scopes:       strings.Fields(c.Scope),
		AuthStyle:    oauth2.AuthStyleInHeader,
	}
}

// sdk returns the SDK's request builder for project, authenticated as c.
func (s *server) sdk(t *testing.T, c apiClient, project string) *platform.ByProjectKeyRequestBuilder {
	t.Helper()
	ctx := context.Background()
	client, err := platform.NewClient(&platform.ClientConfig{
		URL:        s.base,
		HTTPClient: s.oauthConfig(c).Client(ctx),
	})
	if err != nil {
		t.Fatal(err)
	}
	return client.WithProjectKey(project)
}

// adminSDK is sdk for the manage_project client of the test project.
func (s *server) adminSDK(t *testing.T) *platform.ByProjectKeyRequestBuilder {
	return s.sdk(t, s.admin, s.project)
}

// scopedSDK creates a new api client with exactly scopes in the test project and returns its SDK.
func (s *server) scopedSDK(t *testing.T, scopes ...string) *platform.ByProjectKeyRequestBuilder {
	t.Helper()
	return s.sdk(t, s.newAPIClient(t, s.project, scopes...), s.project)
}

// token fetches an access token for c through the client credentials grant.
func (s *server) token(t *testing.T, c apiClient) string {
	t.Helper()
	tok, err := s.oauthConfig(c).Token(context.Background())
	if err != nil {
		t.Fatalf("token for client %s: %v", c.ID, err)
	}
	if !strings.EqualFold(tok.TokenType, "bearer") {
		t.Errorf("token_type = %q, want Bearer", tok.TokenType)
	}
	return tok.AccessToken
}

// response is a raw HTTP answer.
type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends a raw request to s; path starts with "/". token "" sends no Authorization header.
func (s *server) do(t *testing.T, method, path, token string, body []byte) response {
	t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, s.base+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading body: %v", method, path, err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: b}
}

// ctError is the commercetools ErrorResponse as it is on the wire.
type ctError struct {
	StatusCode *int             `json:"statusCode"`
	Message    *string          `json:"message"`
	Errors     []map[string]any `json:"errors"`
}

// expectError checks that r is an error with HTTP status one of statuses and the commercetools
// error shape (statusCode equal to the HTTP status, message equal to the first error's message,
// at least one error with a code), and returns the first error object.
func expectError(t *testing.T, r response, statuses ...int) map[string]any {
	t.Helper()
	ok := false
	for _, st := range statuses {
		ok = ok || r.status == st
	}
	if !ok {
		t.Fatalf("status %d, want one of %v; body: %s", r.status, statuses, clip(r.body))
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q, want application/json", ct)
	}
	var e ctError
	if err := json.Unmarshal(r.body, &e); err != nil {
		t.Fatalf("error body is not JSON (%v): %s", err, clip(r.body))
	}
	if e.StatusCode == nil || *e.StatusCode != r.status {
		t.Errorf("statusCode field %v, want %d; body: %s", deref(e.StatusCode), r.status, clip(r.body))
	}
	if len(e.Errors) == 0 {
		t.Fatalf("errors is empty or missing; body: %s", clip(r.body))
	}
	first := e.Errors[0]
	for i, eo := range e.Errors {
		if c, _ := eo["code"].(string); c == "" {
			t.Errorf("errors[%d] has no code: %v", i, eo)
		}
		if m, _ := eo["message"].(string); m == "" {
			t.Errorf("errors[%d] has no message: %v", i, eo)
		}
	}
	if e.Message == nil || *e.Message == "" {
		t.Errorf("message missing or empty; body: %s", clip(r.body))
	} else if m, _ := first["message"].(string); *e.Message != m {
		t.Errorf("message %q, want the first error's message %q", *e.Message, m)
	}
	return first
}

// expectErrorCode is expectError plus a check of the first error's code.
func expectErrorCode(t *testing.T, r response, code string, statuses ...int) map[string]any {
	t.Helper()
	first := expectError(t, r, statuses...)
	if got, _ := first["code"].(string); got != code {
		t.Errorf("errors[0].code = %q, want %q; body: %s", got, code, clip(r.body))
	}
	return first
}

// getJSON GETs path with token, requires 200 and decodes the body into a generic map.
func (s *server) getJSON(t *testing.T, path, token string) map[string]any {
	t.Helper()
	r := s.do(t, http.MethodGet, path, token, nil)
	if r.status != http.StatusOK {
		t.Fatalf("GET %s: status %d, body %s", path, r.status, clip(r.body))
	}
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return m
}

func clip(b []byte) string {
	if len(b) > 2000 {
		return string(b[:2000]) + fmt.Sprintf("... (%d bytes)", len(b))
	}
	return string(b)
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func ptr[T any](v T) *T { return &v }
