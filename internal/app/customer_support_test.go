package app_test

import (
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// TestCustomerSupport: a lockout is reset by a seller holding support_customers (or
// manage_customers, which grants it), never by one who only reads, nor by a customer; an API
// client may not be given the scope; ending the sessions needs manage_customers.
func TestCustomerSupport(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := newWorld(t, a, c)
		id := w.customer("alice@a.example")
		ref := app.Ref{ID: id}
		lock := func() {
			for range a.LoginLimit.MaxFailures + 1 {
				_, _ = a.PasswordGrant(ctx, w.client.ID, w.client.Secret, c.ProjectKey, "alice@a.example", "wrong horse", "", app.UnitChoice{}, "")
			}
			if l, err := a.CustomerLockout(ctx, c, ref); err != nil || l.LockedUntil.IsZero() {
				t.Fatalf("alice is not locked: %+v %v", l, err)
			}
		}
		lock()
		reader := app.Caller{ProjectKey: c.ProjectKey, Scopes: app.Scopes{"view_customers:" + c.ProjectKey}}
		support := app.Caller{ProjectKey: c.ProjectKey, Scopes: app.Scopes{app.ScopeSupportCustomers + ":" + c.ProjectKey, "view_customers:" + c.ProjectKey}, Staff: "sue@seller.example"}
		asAlice := app.Caller{ProjectKey: c.ProjectKey, Scopes: support.Scopes, CustomerID: id}
		for name, who := range map[string]app.Caller{"a reader": reader, "a customer": asAlice} {
			wantCode(t, a.ResetLockout(ctx, who, ref), procura.CodeInsufficientScope)
			if l, _ := a.CustomerLockout(ctx, c, ref); l.LockedUntil.IsZero() {
				t.Errorf("%s reset the lockout", name)
			}
		}
		wantCode(t, a.EndCustomerSessions(ctx, support, ref), procura.CodeInsufficientScope)
		if locked, err := a.LockedAccounts(ctx, reader, 10); err != nil || len(locked) != 1 || locked[0].Email != "alice@a.example" ||
			locked[0].LockedUntil.IsZero() {
			t.Errorf("the locked accounts: %+v %v", locked, err)
		}
		if _, err := a.LockedAccounts(ctx, asAlice, 10); procura.ErrorCode(err) != procura.CodeInsufficientScope {
			t.Errorf("a customer listing the locked accounts: %v", err)
		}
		if _, err := a.LockedAccounts(ctx, app.Caller{ProjectKey: c.ProjectKey, Scopes: app.Scopes{"view_orders:" + c.ProjectKey}}, 10); procura.ErrorCode(err) != procura.CodeInsufficientScope {
			t.Errorf("a caller without view_customers listing the locked accounts: %v", err)
		}
		if err := a.ResetLockout(ctx, support, ref); err != nil {
			t.Fatal(err)
		}
		if l, err := a.CustomerLockout(ctx, c, ref); err != nil || !l.LockedUntil.IsZero() || l.Failures != 0 {
			t.Errorf("after the reset: %+v %v", l, err)
		}
		if locked, err := a.LockedAccounts(ctx, reader, 10); err != nil || len(locked) != 0 {
			t.Errorf("the locked accounts after the reset: %+v %v", locked, err)
		}
		if _, err := a.PasswordGrant(ctx, w.client.ID, w.client.Secret, c.ProjectKey, "alice@a.example", "correct horse", "", app.UnitChoice{}, ""); err != nil {
			t.Errorf("alice after the reset: %v", err)
		}
		lock()
		sales := app.Caller{ProjectKey: c.ProjectKey, Scopes: app.Scopes{"manage_customers:" + c.ProjectKey}}
		if err := a.ResetLockout(ctx, sales, ref); err != nil {
			t.Errorf("manage_customers resetting: %v", err)
		}
		if err := a.EndCustomerSessions(ctx, sales, ref); err != nil {
			t.Errorf("manage_customers ending the sessions: %v", err)
		}
		wantCode(t, a.ResetLockout(ctx, support, app.Ref{ID: "no-such-customer"}), procura.CodeResourceNotFound)
		if _, err := a.CreateAPIClient(ctx, c.ProjectKey, app.ScopeSupportCustomers+":"+c.ProjectKey, "", ""); err == nil {
			t.Errorf("an API client was given %s", app.ScopeSupportCustomers)
		}
	})
}
