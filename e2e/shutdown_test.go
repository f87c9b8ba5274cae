package e2e

import (
	"net/http"
	"syscall"
	"testing"
	"time"
)

// A node told to stop keeps serving for --shutdown-delay while /readyz answers 503, so that a
// load balancer takes it out before its listener closes; a second signal stops it at once.
func TestShutdownDrainsBeforeClosing(t *testing.T) {
	hc := &http.Client{Timeout: time.Second}
	status := func(s *server, path string) int {
		resp, err := hc.Get(s.base + path)
		if err != nil {
			return 0 // refused: the listener is closed
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	// waitFor polls path until it answers want (0: refused) and returns how long it took.
	waitFor := func(s *server, path string, want int, within time.Duration) time.Duration {
		start := time.Now()
		for status(s, path) != want {
			if time.Since(start) > within {
				t.Fatalf("%s did not answer %d within %s", path, want, within)
			}
			time.Sleep(50 * time.Millisecond)
		}
		return time.Since(start)
	}

	t.Run("drains", func(t *testing.T) {
		s := startServer(t, sqliteURL(t), "--shutdown-delay", "3s")
		if got := status(s, "/readyz"); got != http.StatusOK {
			t.Fatalf("/readyz answered %d before the signal", got)
		}
		start := time.Now()
		if err := s.proc.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		waitFor(s, "/readyz", http.StatusServiceUnavailable, time.Second)
		if got := status(s, "/healthz"); got != http.StatusOK || time.Since(start) > 2*time.Second {
			t.Fatalf("while draining /healthz answered %d after %s, want 200 within the delay", got, time.Since(start))
		}
		waitFor(s, "/healthz", 0, 10*time.Second)
		if took := time.Since(start); took < 2500*time.Millisecond {
			t.Errorf("the listener closed %s after the signal, before the 3s delay", took)
		}
	})
	t.Run("a second signal stops at once", func(t *testing.T) {
		s := startServer(t, sqliteURL(t), "--shutdown-delay", "1m")
		if err := s.proc.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		waitFor(s, "/readyz", http.StatusServiceUnavailable, time.Second)
		if err := s.proc.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		waitFor(s, "/healthz", 0, 10*time.Second)
	})
}
