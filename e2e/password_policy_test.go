package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
)

// TestPasswordPolicy: wherever a password is set (customer creation, /me/signup,
// /me/password), a common, repeated or blank one is refused with 400 InvalidField naming
// "password"; an uncommon one of 8 characters or more is taken.
func TestPasswordPolicy(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		w := newWorld(t, s)
		w.customer(t, "pat")
		visitor := s.token(t, s.newAPIClient(t, s.project, "manage_my_profile:"+s.project))
		pat := w.login(t, "pat", nil).AccessToken
		version := 1
		entries := []struct {
			name string
			send func(password string, i int) response
		}{
			{"POST /customers", func(p string, i int) response {
				return s.do(t, http.MethodPost, w.path("/customers"), w.admin, draft(fmt.Sprintf("c%d@policy.example", i), p))
			}},
			{"POST /me/signup", func(p string, i int) response {
				return s.do(t, http.MethodPost, w.path("/me/signup"), visitor, draft(fmt.Sprintf("s%d@policy.example", i), p))
			}},
			{"POST /me/password", func(p string, i int) response {
				body, _ := json.Marshal(map[string]any{"version": version, "currentPassword": passwordOf("pat"), "newPassword": p})
				return s.do(t, http.MethodPost, w.path("/me/password"), pat, body)
			}},
		}
		for i, e := range entries {
			for _, weak := range []string{"password1", "12345678", "QwertyUI", "        ", "xxxxxxxxxx", "short"} {
				r := e.send(weak, i)
				first := expectErrorCode(t, r, "InvalidField", http.StatusBadRequest)
				if first["field"] != "password" {
					t.Errorf("%s with %q: field %v, want password", e.name, weak, first["field"])
				}
			}
			if r := e.send(passwordOf("pat"), i); r.status != http.StatusCreated && r.status != http.StatusOK {
				t.Errorf("%s with an uncommon password: status %d, body %s", e.name, r.status, clip(r.body))
			}
		}
	})
}

func draft(email, password string) []byte {
	b, _ := json.Marshal(map[string]string{"email": email, "password": password})
	return b
}
