package e2e

import (
	"net/http"
	"strconv"
	"testing"
)

// TestLoginLimit: after 5 wrong passwords within 15 minutes the account is locked; even the
// right password then gets 429 TooManyRequests with Retry-After. Other accounts are not affected.
func TestLoginLimit(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		w := newWorld(t, s)
		w.customer(t, "victim")
		w.customer(t, "bystander")
		for i := 1; i <= 5; i++ {
			r := s.passwordGrant(t, emailOf("victim"), "Wrong-password-"+strconv.Itoa(i), nil)
			oauthError(t, "wrong password #"+strconv.Itoa(i), r, http.StatusBadRequest, "invalid_customer_account_credentials")
		}
		r := s.passwordGrant(t, emailOf("victim"), passwordOf("victim"), nil)
		if r.status != http.StatusTooManyRequests {
			t.Fatalf("right password after 5 failures: status %d, want 429; body %s", r.status, clip(r.body))
		}
		expectErrorCode(t, r, "TooManyRequests", http.StatusTooManyRequests)
		ra, err := strconv.Atoi(r.header.Get("Retry-After"))
		if err != nil || ra < 1 || ra > 15*60 {
			t.Errorf("Retry-After %q, want seconds in 1..900", r.header.Get("Retry-After"))
		}
		// /me/login and /login are locked the same way.
		visitor := s.token(t, s.newAPIClient(t, s.project, "manage_my_profile:"+s.project))
		body := []byte(`{"email":"` + emailOf("victim") + `","password":"` + passwordOf("victim") + `"}`)
		for _, p := range []struct{ path, tok string }{{"/me/login", visitor}, {"/login", w.admin}} {
			r := s.do(t, http.MethodPost, w.path(p.path), p.tok, body)
			if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" {
				t.Errorf("POST %s for the locked account: status %d Retry-After %q, want 429 with Retry-After; body %s",
					p.path, r.status, r.header.Get("Retry-After"), clip(r.body))
			}
		}
		// Another account signs in normally.
		w.login(t, "bystander", nil)
	})
}
