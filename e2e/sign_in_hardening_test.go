package e2e

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// grant asks s's customer token endpoint for email's token, through a proxy that reports the
// client as xff (when set); it returns the status.
func grant(s *server, email, password, xff string) (int, error) {
	form := url.Values{"grant_type": {"password"}, "username": {email}, "password": {password}}
	req, err := http.NewRequest(http.MethodPost, s.base+"/oauth/"+s.project+"/customers/token", strings.NewReader(form.Encode()))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	req.SetBasicAuth(s.admin.ID, s.admin.Secret)
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}

// TestLoginLimitAcrossNodes: 40 wrong passwords at once, spread over two nodes of one database,
// get at most 5 checked (400); all others, and then the right password, get 429.
func TestLoginLimitAcrossNodes(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		w := newWorld(t, s)
		w.customer(t, "target")
		nodes := []*server{s, s.anotherNode(t)}
		var mu sync.Mutex
		statuses := map[int]int{}
		var wg sync.WaitGroup
		for i := 0; i < 40; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				status, err := grant(nodes[i%2], emailOf("target"), fmt.Sprintf("Wrong-password-%d", i), "")
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				statuses[status]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		if statuses[http.StatusBadRequest] > 5 || statuses[http.StatusBadRequest]+statuses[http.StatusTooManyRequests] != 40 {
			t.Fatalf("40 wrong passwords over two nodes: statuses %v, want at most 5 checked (400) and the rest 429", statuses)
		}
		for _, n := range nodes {
			if status, err := grant(n, emailOf("target"), passwordOf("target"), ""); err != nil || status != http.StatusTooManyRequests {
				t.Errorf("right password on %s after the burst: %d %v, want 429", n.base, status, err)
			}
		}
	})
}

// TestTrustedProxies: behind a trusted proxy, the address counted is the one X-Forwarded-For
// names; with --login-max-address-failures 0 addresses are not counted at all (beyond the
// default limit of 50).
func TestTrustedProxies(t *testing.T) {
	t.Run("behind a proxy", func(t *testing.T) { trustedProxy(t) })
	t.Run("addresses not counted", func(t *testing.T) { uncountedAddresses(t) })
}

func trustedProxy(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		w := newWorld(t, s)
		for _, n := range []string{"c1", "c2", "c3", "c4"} {
			w.customer(t, n)
		}
		want := func(what string, status int, got int, err error) {
			t.Helper()
			if err != nil || got != status {
				t.Errorf("%s: status %d %v, want %d", what, got, err, status)
			}
		}
		// Two failures from 198.51.100.1 (on two accounts) lock that address, not the proxy.
		st, err := grant(s, emailOf("c1"), "Wrong-password-1", "198.51.100.1")
		want("first failure", 400, st, err)
		st, err = grant(s, emailOf("c2"), "Wrong-password-2", "203.0.113.9, 198.51.100.1")
		want("second failure (a forged entry on the left)", 400, st, err)
		st, err = grant(s, emailOf("c3"), passwordOf("c3"), "198.51.100.1")
		want("from the locked address", 429, st, err)
		st, err = grant(s, emailOf("c3"), passwordOf("c3"), "198.51.100.2")
		want("from another address behind the same proxy", 200, st, err)
	}, "--trusted-proxies", "127.0.0.0/8", "--login-max-address-failures", "2")
}

func uncountedAddresses(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		w := newWorld(t, s)
		w.customer(t, "c4")
		for i := 0; i < 55; i++ { // more than the default 50 per address; 5 per (unknown) account
			email := fmt.Sprintf("nobody%d@nowhere.example", i/5)
			if st, err := grant(s, email, "Wrong-password-1", ""); err != nil || st != 400 {
				t.Fatalf("failure #%d: %d %v", i+1, st, err)
			}
		}
		if st, err := grant(s, emailOf("c4"), passwordOf("c4"), ""); err != nil || st != 200 {
			t.Errorf("addresses not counted: status %d %v, want 200", st, err)
		}
	}, "--login-max-address-failures", "0")
}
