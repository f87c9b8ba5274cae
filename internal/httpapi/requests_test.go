package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/procura/procura/internal/store"
)

// logLines is a JSON log the test reads back, a map per line.
type logLines struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logLines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logLines) lines(t *testing.T, msg string) []map[string]any {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(l.buf.String()), "\n") {
		var m map[string]any
		if line == "" {
			continue
		}
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if m["msg"] == msg {
			out = append(out, m)
		}
	}
	return out
}

// loggedServer is testServer with a JSON log at level and every request's Served kept.
func loggedServer(t *testing.T, level slog.Level) (*Server, *httptest.Server, *logLines, func() []Served) {
	s, ts := testServer(t)
	log := &logLines{}
	s.Log = slog.New(slog.NewJSONHandler(log, &slog.HandlerOptions{Level: level}))
	var mu sync.Mutex
	var served []Served
	s.Observe = func(x Served) {
		mu.Lock()
		defer mu.Unlock()
		served = append(served, x)
	}
	return s, ts, log, func() []Served {
		mu.Lock()
		defer mu.Unlock()
		return append([]Served(nil), served...)
	}
}

func getWith(t *testing.T, ts *httptest.Server, path, token, correlation string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("GET", ts.URL+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if correlation != "" {
		req.Header.Set("X-Correlation-ID", correlation)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// TestRequestLogLine: each request writes one line at info with its route pattern (never the
// path's values but the project), status, duration, size, request id, project and caller; the
// token is in none of it. Probes log at debug.
func TestRequestLogLine(t *testing.T) {
	s, ts, log, served := loggedServer(t, slog.LevelInfo)
	token := tokenFor(t, s.App, "acme", "manage_project:acme")
	c, err := s.App.Authenticate(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	resp := getWith(t, ts, "/acme/business-units/key=some-unit", token, "")
	getWith(t, ts, "/healthz", "", "")
	getWith(t, ts, "/nowhere/at/all", "", "")

	lines := log.lines(t, "request")
	if len(lines) != 2 {
		t.Fatalf("%d request lines at info, want 2 (the probe's is at debug): %v", len(lines), lines)
	}
	want := map[string]any{"level": "INFO", "method": "GET", "route": "/{project}/business-units/{ref}", "status": float64(404),
		"request_id": resp.Header.Get("X-Correlation-ID"), "project": "acme", "caller_kind": "client", "caller_id": c.ClientID}
	for k, v := range want {
		if lines[0][k] != v {
			t.Errorf("%s: %v, want %v", k, lines[0][k], v)
		}
	}
	if d, ok := lines[0]["duration_ms"].(float64); !ok || d < 0 {
		t.Errorf("duration_ms: %v", lines[0]["duration_ms"])
	}
	if n, ok := lines[0]["bytes"].(float64); !ok || n <= 0 {
		t.Errorf("bytes: %v, want the error body's size", lines[0]["bytes"])
	}
	if lines[1]["route"] != "/" || lines[1]["status"] != float64(404) || lines[1]["caller_kind"] != nil {
		t.Errorf("a path no route matches: %v", lines[1])
	}
	if strings.Contains(log.buf.String(), token) || strings.Contains(log.buf.String(), "some-unit") {
		t.Errorf("the log holds the token or the path's values:\n%s", log.buf.String())
	}
	got := served()
	if len(got) != 3 || got[0].Route != "/{project}/business-units/{ref}" || got[0].Method != "GET" || got[0].Status != 404 ||
		got[0].Bytes != int64(lines[0]["bytes"].(float64)) || got[1].Route != "/healthz" || got[1].Status != 200 {
		t.Errorf("observed: %+v", got)
	}

	s, ts, log, _ = loggedServer(t, slog.LevelDebug)
	getWith(t, ts, "/readyz", "", "")
	if lines := log.lines(t, "request"); len(lines) != 1 || lines[0]["level"] != "DEBUG" || lines[0]["route"] != "/readyz" {
		t.Errorf("a probe's line at debug: %v", lines)
	}
}

// TestCorrelationID: every answer carries X-Correlation-ID; a plausible one the client sent is
// kept (and logged), anything else is replaced by a new id.
func TestCorrelationID(t *testing.T) {
	_, ts, log, _ := loggedServer(t, slog.LevelInfo)
	kept := "projects-acme-2f9c1e7a-9b2d-4c1e-8f3a-0d6b5e4c3a21"
	if got := getWith(t, ts, "/healthz", "", kept).Header.Get("X-Correlation-ID"); got != kept {
		t.Errorf("sent %q, answered %q", kept, got)
	}
	seen := map[string]bool{}
	for _, bad := range []string{"", strings.Repeat("a", maxCorrelationID+1), "a b", `x"y`, "id\u00e9", "a\tb"} {
		got := getWith(t, ts, "/acme/business-units", "", bad).Header.Get("X-Correlation-ID")
		if got == "" || got == bad || seen[got] || len(got) != 16 {
			t.Errorf("sent %q, answered %q: want a new id", bad, got)
		}
		seen[got] = true
	}
	if got := getWith(t, ts, "/healthz", "", strings.Repeat("b", maxCorrelationID)).Header.Get("X-Correlation-ID"); got != strings.Repeat("b", maxCorrelationID) {
		t.Errorf("an id of the longest length was replaced: %q", got)
	}
	lines := log.lines(t, "request")
	if len(lines) == 0 || lines[1]["request_id"] == "" {
		t.Fatalf("no request lines")
	}
	for _, l := range lines {
		if l["request_id"] == "a b" || l["request_id"] == `x"y` {
			t.Errorf("a refused id was logged: %v", l)
		}
	}
}

// failingStore is a store whose reads fail, as a database that went away.
type failingStore struct{ store.Store }

func (failingStore) Read(context.Context, func(store.Tx) error) error {
	return errors.New("connection reset by peer")
}

// TestInternalErrorLogged: a 500 is logged with its cause and the request id beside the
// request's line; the answer names the request id but not the cause.
func TestInternalErrorLogged(t *testing.T) {
	s, ts, log, _ := loggedServer(t, slog.LevelInfo)
	token := tokenFor(t, s.App, "acme", "manage_project:acme")
	s.App.SetTokenCacheTTL(0) // every token is read from the (failing) database
	s.App.Store = failingStore{s.App.Store}
	resp := getWith(t, ts, "/acme/business-units", token, "")
	id := resp.Header.Get("X-Correlation-ID")
	if resp.StatusCode != http.StatusInternalServerError {
		t.Fatalf("status %d", resp.StatusCode)
	}
	errs := log.lines(t, "internal error")
	if len(errs) != 1 || errs[0]["request_id"] != id || !strings.Contains(errs[0]["err"].(string), "connection reset by peer") {
		t.Errorf("internal error lines: %v", errs)
	}
	if lines := log.lines(t, "request"); len(lines) != 1 || lines[0]["status"] != float64(500) || lines[0]["request_id"] != id {
		t.Errorf("request lines: %v", lines)
	}
}
