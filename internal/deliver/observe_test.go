package deliver_test

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/store"
)

// TestDeliveryAttemptsObserved: each attempt is told to OnDeliveryAttempt with its
// subscription, how long the send took and its outcome: a failed one as pending (to be tried
// again), then the one that delivers.
func TestDeliveryAttemptsObserved(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, clk *clock, _ func() store.Store) {
		var mu sync.Mutex
		var outcomes []string
		var subs []string
		a.OnDeliveryAttempt = func(sub string, took time.Duration, outcome string) {
			mu.Lock()
			defer mu.Unlock()
			if took <= 0 {
				t.Errorf("attempt took %s", took)
			}
			subs, outcomes = append(subs, sub), append(outcomes, outcome)
		}
		calls := 0
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			if calls++; calls == 1 {
				w.WriteHeader(http.StatusServiceUnavailable)
			}
		}))
		defer srv.Close()
		s := subscribe(t, a, `{"key":"flaky","destination":{"type":"HTTP","url":"`+srv.URL+`"},"messages":[{"resourceTypeId":"order"}]}`)
		written(t, a, "o1", 1)
		drain(t, a, clk, 3)
		mu.Lock()
		defer mu.Unlock()
		if len(outcomes) != 2 || outcomes[0] != store.DeliveryPending || outcomes[1] != store.DeliveryDelivered || subs[0] != s.ID || subs[1] != s.ID {
			t.Errorf("observed %v of %v, want pending then delivered of %s", outcomes, subs, s.ID)
		}
	})
}
