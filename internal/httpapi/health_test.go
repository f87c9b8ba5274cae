package httpapi

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// notReady is a store whose database does not answer.
type notReady struct{ store.Store }

func (notReady) Ready(context.Context) error { return errors.New("connection refused") }

// TestProbes: /healthz and /readyz answer without a token, outside every project; /readyz is 503
// when the store cannot serve and once the server drains; no project may take their names.
func TestProbes(t *testing.T) {
	s, ts := testServer(t)
	for _, p := range []string{"/healthz", "/readyz"} {
		if got := call(t, ts, "GET", p, "", ""); got != http.StatusOK {
			t.Errorf("GET %s: %d", p, got)
		}
	}
	real := s.App.Store
	s.App.Store = notReady{real}
	if got := call(t, ts, "GET", "/readyz", "", ""); got != http.StatusServiceUnavailable {
		t.Errorf("/readyz with a database that does not answer: %d", got)
	}
	if got := call(t, ts, "GET", "/healthz", "", ""); got != http.StatusOK {
		t.Errorf("/healthz with a database that does not answer: %d (the process still answers)", got)
	}
	s.App.Store = real
	s.Drain()
	if got := call(t, ts, "GET", "/readyz", "", ""); got != http.StatusServiceUnavailable {
		t.Errorf("/readyz while draining: %d", got)
	}
	for _, key := range procura.ReservedProjectKeys {
		if _, err := s.App.CreateProject(context.Background(), key, ""); procura.ErrorCode(err) != procura.CodeInvalidField {
			t.Errorf("project %q: %v", key, err)
		}
	}
	if _, err := s.App.CreateProject(context.Background(), "healthz-shop", ""); err != nil {
		t.Errorf("a key that only starts like a reserved one: %v", err)
	}
}
