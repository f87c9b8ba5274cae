package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

func oauthCode(t *testing.T, err error, code string) {
	t.Helper()
	if procura.ErrorCode(err) != code {
		t.Fatalf("got %v, want OAuth error %s", err, code)
	}
}

func TestCustomerTokens(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := newWorld(t, a, c)
		w.role("buyer", true, procura.CreateMyCarts)
		w.customer("alice@a.example")
		w.customer("bob@b.example")
		w.unit("co-a", "-")
		w.unit("a-eng", "co-a")
		w.unit("co-b", "-")
		w.associate("co-a", "alice@a.example", "buyer", procura.InheritanceEnabled)

		// The customer's token never carries the client's wide scopes.
		tok := w.token("alice@a.example", "")
		if strings.Contains(tok.Scope, "manage_project") || !strings.Contains(tok.Scope, "customer_id:"+w.customers["alice@a.example"]) || tok.RefreshToken == "" {
			t.Fatalf("password grant: %+v", tok)
		}
		// Asked for scopes a customer cannot hold, the token gets the ones it may (RFC 6749 §3.3).
		for _, asked := range []string{"manage_customers:acme", "manage_project:acme manage_my_orders:acme", "manage_my_orders:other"} {
			got, err := a.PasswordGrant(ctx, w.client.ID, w.client.Secret, "acme", "alice@a.example", "correct horse", asked, app.UnitChoice{}, "x")
			if err != nil || strings.Contains(got.Scope, "manage_customers") || strings.Contains(got.Scope, "manage_project") ||
				strings.Contains(got.Scope, "other") || !strings.Contains(got.Scope, "manage_my_orders:acme") {
				t.Fatalf("password grant asking %q: %+v %v", asked, got, err)
			}
		}
		narrow, err := a.PasswordGrant(ctx, w.client.ID, w.client.Secret, "acme", "alice@a.example", "correct horse", "manage_project:acme manage_my_orders:acme", app.UnitChoice{}, "x")
		if err != nil || strings.Contains(narrow.Scope, "manage_my_profile") {
			t.Fatalf("a customer scope asked for narrows the token: %+v %v", narrow, err)
		}
		_, err = a.PasswordGrant(ctx, w.client.ID, w.client.Secret, "acme", "alice@a.example", "wrong horse", "", app.UnitChoice{}, "x")
		oauthCode(t, err, "invalid_customer_account_credentials")

		// Binding: to a unit of hers (also an inherited one), not to another company's.
		bound := w.token("alice@a.example", "a-eng")
		if bound.BusinessUnit != "a-eng" || !strings.Contains(bound.Scope, "business_unit:a-eng") {
			t.Fatalf("bound token: %+v", bound)
		}
		_, err = a.PasswordGrant(ctx, w.client.ID, w.client.Secret, "acme", "alice@a.example", "correct horse", "", app.UnitChoice{Key: "co-b"}, "x")
		oauthCode(t, err, "invalid_grant")

		// Refresh switches the active company only to units of hers.
		_, err = a.RefreshGrant(ctx, w.client.ID, w.client.Secret, bound.RefreshToken, app.UnitChoice{Key: "co-b"})
		oauthCode(t, err, "invalid_grant")
		switched, err := a.RefreshGrant(ctx, w.client.ID, w.client.Secret, bound.RefreshToken, app.UnitChoice{Key: "co-a"})
		if err != nil || switched.BusinessUnit != "co-a" || switched.RefreshToken != "" {
			t.Fatalf("refresh to a: %+v %v", switched, err)
		}
		_, err = a.RefreshGrant(ctx, "someone-else", w.client.Secret, bound.RefreshToken, app.UnitChoice{})
		oauthCode(t, err, "invalid_client")

		// Leaving the unit ends the bound token at once; the unbound one lives on.
		if _, err := a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "co-a"}, actions(w.version("co-a"),
			`{"action":"removeAssociate","customer":{"id":"`+w.customers["alice@a.example"]+`"}}`)); err != nil {
			t.Fatal(err)
		}
		_, err = a.Authenticate(ctx, switched.AccessToken)
		wantCode(t, err, procura.CodeInvalidToken)
		if _, err := a.Authenticate(ctx, tok.AccessToken); err != nil {
			t.Fatalf("unbound token after leaving the unit: %v", err)
		}

		// Revoking the refresh token ends every access token issued from it.
		if err := a.Revoke(ctx, w.client.ID, w.client.Secret, tok.RefreshToken); err != nil {
			t.Fatal(err)
		}
		_, err = a.Authenticate(ctx, tok.AccessToken)
		wantCode(t, err, procura.CodeInvalidToken)
		_, err = a.RefreshGrant(ctx, w.client.ID, w.client.Secret, tok.RefreshToken, app.UnitChoice{})
		oauthCode(t, err, "invalid_grant")

		// Deleting the customer ends their tokens.
		bobTok := w.token("bob@b.example", "")
		if _, err := a.Authenticate(ctx, bobTok.AccessToken); err != nil {
			t.Fatal(err)
		}
		if _, err := a.DeleteCustomer(ctx, c, app.Ref{ID: w.customers["bob@b.example"]}, 1); err != nil {
			t.Fatal(err)
		}
		_, err = a.Authenticate(ctx, bobTok.AccessToken)
		wantCode(t, err, procura.CodeInvalidToken)
	})
}

func TestLoginLimit(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := newWorld(t, a, c)
		w.customer("alice@a.example")
		login := func(password, address string) error {
			_, err := a.Login(ctx, c, procura.CustomerSignIn{Email: "alice@a.example", Password: password}, address)
			return err
		}
		for i := 0; i < a.LoginLimit.MaxFailures; i++ {
			wantCode(t, login("wrong horse", "10.0.0.1"), procura.CodeInvalidCredentials)
		}
		err := login("correct horse", "10.0.0.2")
		if procura.ErrorCode(err) != procura.CodeTooManyRequests || err.(*procura.Error).RetryAfter <= 0 {
			t.Fatalf("after %d failures: got %v, want TooManyRequests with a wait", a.LoginLimit.MaxFailures, err)
		}
		_, err = a.PasswordGrant(ctx, w.client.ID, w.client.Secret, "acme", "alice@a.example", "correct horse", "", app.UnitChoice{}, "10.0.0.3")
		wantCode(t, err, procura.CodeTooManyRequests)
		a.Now = func() time.Time { return time.Now().Add(a.LoginLimit.Lockout) } // the lock has passed
		if err := login("correct horse", "10.0.0.2"); err != nil {
			t.Fatalf("after the lockout: %v", err)
		}
	})
}
