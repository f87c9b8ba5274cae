package e2e

import (
	"context"
	"net/http"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// Password reset and the seller's password change, as the storefronts call them (the B2B Store
// Launchpad's "forgot password", reset page and settings page) through the official SDK.
func TestCustomerPasswords(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		w := newWorld(t, s)
		ann := w.customer(t, "ann")
		w.customer(t, "ben")
		signsIn := func(t *testing.T, name, password string) bool {
			t.Helper()
			return s.passwordGrant(t, emailOf(name), password, nil).status == http.StatusOK
		}
		token := func(t *testing.T, name string, invalidateOlder bool) *platform.CustomerToken {
			t.Helper()
			tok, err := w.c.Customers().PasswordToken().Post(platform.CustomerCreatePasswordResetToken{
				Email: emailOf(name), TtlMinutes: ptr(60), InvalidateOlderTokens: ptr(invalidateOlder)}).Execute(ctx)
			if err != nil {
				t.Fatalf("password token for %s: %v", name, err)
			}
			if tok.Value == "" || tok.CustomerId != w.ids[name] || tok.InvalidateOlderTokens != invalidateOlder {
				t.Fatalf("password token %+v, want a value for customer %s", tok, w.ids[name])
			}
			return tok
		}
		reset := func(value, password string) (*platform.Customer, error) {
			return w.c.Customers().PasswordReset().Post(platform.CustomerResetPassword{TokenValue: value, NewPassword: password}).Execute(ctx)
		}

		t.Run("a reset token sets a new password once, and signs the customer out everywhere", func(t *testing.T) {
			session := w.login(t, "ann", nil)
			tok := token(t, "ann", false)
			other := token(t, "ann", false)
			cu, err := reset(tok.Value, "Brand-new-pass-1")
			if err != nil || cu.ID != ann {
				t.Fatalf("reset: %v %+v", err, cu)
			}
			if !signsIn(t, "ann", "Brand-new-pass-1") || signsIn(t, "ann", passwordOf("ann")) {
				t.Fatal("after the reset the new password must sign in and the old one not")
			}
			if r := s.do(t, http.MethodGet, w.path("/me"), session.AccessToken, nil); r.status != http.StatusUnauthorized {
				t.Errorf("a session from before the reset: status %d, want 401", r.status)
			}
			_, err = reset(tok.Value, "Another-pass-2")
			sdkErr(t, err, http.StatusBadRequest)
			_, err = reset(other.Value, "Another-pass-2")
			sdkErr(t, err, http.StatusBadRequest) // the reset used up the customer's other tokens
		})

		t.Run("invalidateOlderTokens leaves only the new token", func(t *testing.T) {
			older := token(t, "ben", false)
			newer := token(t, "ben", true)
			_, err := reset(older.Value, "Ben-new-pass-1")
			sdkErr(t, err, http.StatusBadRequest)
			if _, err := reset(newer.Value, "Ben-new-pass-1"); err != nil {
				t.Fatalf("the newer token: %v", err)
			}
		})

		t.Run("a refused reset writes nothing and keeps the token", func(t *testing.T) {
			tok := token(t, "ben", false)
			_, err := reset(tok.Value, "short")
			sdkErr(t, err, http.StatusBadRequest)
			if _, err := reset(tok.Value, "Ben-newer-pass-2"); err != nil {
				t.Fatalf("the token after a refused reset: %v", err)
			}
		})

		t.Run("no token for an unknown email; no reset with a made-up value", func(t *testing.T) {
			_, err := w.c.Customers().PasswordToken().Post(platform.CustomerCreatePasswordResetToken{Email: "nobody@example.com"}).Execute(ctx)
			notFound(t, "a token for an unknown email", err)
			_, err = reset("made-up-token-value", "Whatever-pass-1")
			sdkErr(t, err, http.StatusBadRequest)
		})

		t.Run("the reset through /me takes a token that is no customer's", func(t *testing.T) {
			w.customer(t, "cid")
			tok := token(t, "cid", false)
			session := w.login(t, "cid", nil)
			r := s.do(t, http.MethodPost, w.path("/me/password/reset"), session.AccessToken,
				[]byte(`{"tokenValue":"`+tok.Value+`","newPassword":"Cid-new-pass-1"}`))
			expectError(t, r, http.StatusBadRequest, http.StatusForbidden)
			visitor := s.scopedSDK(t, "manage_my_profile:"+s.project)
			if _, err := visitor.Me().Password().Reset().Post(platform.MyCustomerResetPassword{TokenValue: tok.Value, NewPassword: "Cid-new-pass-1"}).Execute(ctx); err != nil {
				t.Fatalf("reset through /me: %v", err)
			}
			if !signsIn(t, "cid", "Cid-new-pass-1") {
				t.Fatal("the /me reset did not set the password")
			}
		})

		t.Run("the seller changes a password given the current one and the version", func(t *testing.T) {
			w.customer(t, "dan")
			cu, err := w.c.Customers().WithId(w.ids["dan"]).Get().Execute(ctx)
			if err != nil {
				t.Fatal(err)
			}
			change := func(version int, current string) error {
				_, err := w.c.Customers().Password().Post(platform.CustomerChangePassword{ID: cu.ID, Version: version,
					CurrentPassword: current, NewPassword: "Dan-new-pass-1"}).Execute(ctx)
				return err
			}
			sdkErr(t, change(cu.Version, "not-the-password"), http.StatusBadRequest)
			sdkErr(t, change(cu.Version+5, passwordOf("dan")), http.StatusConflict)
			if signsIn(t, "dan", "Dan-new-pass-1") {
				t.Fatal("a refused change set the password")
			}
			if err := change(cu.Version, passwordOf("dan")); err != nil {
				t.Fatalf("change: %v", err)
			}
			if !signsIn(t, "dan", "Dan-new-pass-1") {
				t.Fatal("the change did not set the password")
			}
		})

		t.Run("only a client that manages customers", func(t *testing.T) {
			viewer := s.scopedSDK(t, "view_customers:"+s.project)
			_, err := viewer.Customers().PasswordToken().Post(platform.CustomerCreatePasswordResetToken{Email: emailOf("ann")}).Execute(ctx)
			sdkErr(t, err, http.StatusForbidden)
			_, err = viewer.Customers().PasswordReset().Post(platform.CustomerResetPassword{TokenValue: "x", NewPassword: "Whatever-pass-1"}).Execute(ctx)
			sdkErr(t, err, http.StatusForbidden)
		})
	})
}
