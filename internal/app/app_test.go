package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/sqlstore/sqltest"
)

var ctx = context.Background()

// eachBackend runs fn against a fresh App with project "acme" on SQLite and on PostgreSQL.
func eachBackend(t *testing.T, fn func(t *testing.T, a *app.App, c app.Caller)) {
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			a := app.New(sqltest.Open(t, b))
			a.Passwords = app.Argon2id{Cheap: true}
			if _, err := a.CreateProject(ctx, "acme", ""); err != nil {
				t.Fatal(err)
			}
			fn(t, a, app.Caller{ProjectKey: "acme"})
			if _, err := app.KeptProducts(a); err != nil {
				t.Fatal(err)
			}
			if err := app.KeptSettings(a); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := procura.ErrorCode(err); got != code {
		t.Fatalf("got error %v (code %s), want code %s", err, got, code)
	}
}

func actions(version int64, acts ...string) procura.Update {
	u := procura.Update{Version: &version}
	for _, a := range acts {
		u.Actions = append(u.Actions, json.RawMessage(a))
	}
	return u
}

func company(key string) procura.BusinessUnitDraft {
	return procura.BusinessUnitDraft{Key: key, Name: key, UnitType: procura.UnitTypeCompany}
}

// atOnce runs write n times at the same time, one goroutine each, and returns how many
// succeeded and every error; an error whose code is not among refusals fails the test.
func atOnce(t *testing.T, n int, write func(i int) error, refusals ...string) (int, []error) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = write(i)
		}()
	}
	wg.Wait()
	succeeded := 0
	for _, err := range errs {
		switch {
		case err == nil:
			succeeded++
		case !slices.Contains(refusals, procura.ErrorCode(err)):
			t.Fatalf("unexpected: %v", err)
		}
	}
	return succeeded, errs
}

func TestConcurrentWritersOneWins(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		must[*procura.BusinessUnit](t)(a.CreateBusinessUnit(ctx, c, company("acme")))
		won, _ := atOnce(t, 8, func(i int) error {
			_, err := a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "acme"}, actions(1, fmt.Sprintf(`{"action":"changeName","name":"writer %d"}`, i)))
			return err
		}, procura.CodeConcurrentModification)
		u := must[*procura.BusinessUnit](t)(a.GetBusinessUnit(ctx, c, app.Ref{Key: "acme"}))
		if won != 1 || u.Version != 2 {
			t.Fatalf("%d writers won and the version is %d; want exactly one winner and version 2", won, u.Version)
		}
	})
}

func TestFailedUpdateWritesNothing(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		must[*procura.BusinessUnit](t)(a.CreateBusinessUnit(ctx, c, company("acme")))
		_, err := a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "acme"}, actions(1,
			`{"action":"changeName","name":"Renamed"}`, `{"action":"addAddress","address":{"country":"DE"}}`, `{"action":"frobnicate"}`))
		wantCode(t, err, procura.CodeInvalidJSONInput)
		u := must[*procura.BusinessUnit](t)(a.GetBusinessUnit(ctx, c, app.Ref{Key: "acme"}))
		if u.Version != 1 || u.Name != "acme" || len(u.Addresses) != 0 {
			t.Fatalf("a failed update changed the unit: version %d, name %q, %d addresses", u.Version, u.Name, len(u.Addresses))
		}
	})
}

func TestInheritanceIsVisibleAtOnce(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		must[*procura.AssociateRole](t)(a.CreateAssociateRole(ctx, c, procura.AssociateRoleDraft{Key: "admin", Permissions: []string{"UpdateAssociates"}}))
		alice := must[*procura.CustomerSignInResult](t)(a.CreateCustomer(ctx, c, procura.CustomerDraft{Email: "alice@acme.example", Password: "correct horse"})).Customer
		must[*procura.BusinessUnit](t)(a.CreateBusinessUnit(ctx, c, company("acme")))
		parent := &procura.ResourceIdentifier{Key: "acme"}
		for _, key := range []string{"d1", "d2"} {
			must[*procura.BusinessUnit](t)(a.CreateBusinessUnit(ctx, c, procura.BusinessUnitDraft{Key: key, Name: key, UnitType: procura.UnitTypeDivision, ParentUnit: parent}))
			parent = &procura.ResourceIdentifier{Key: key}
		}
		must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "acme"}, actions(1,
			`{"action":"addAssociate","associate":{"customer":{"id":"`+alice.ID+`"},"associateRoleAssignments":[{"associateRole":{"key":"admin"},"inheritance":"Enabled"}]}}`)))
		access := must[*app.AssociateAccess](t)(a.AssociateAccess(ctx, c, app.Ref{Key: "d2"}, alice.ID))
		if len(access.InheritedAssociateRoles) != 1 || fmt.Sprint(access.Permissions) != "[UpdateAssociates]" {
			t.Fatalf("d2 right after the change: %+v", access)
		}
		// Cutting the chain in the middle takes effect at once as well.
		must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "d1"}, actions(1, `{"action":"changeAssociateMode","associateMode":"Explicit"}`)))
		_, err := a.AssociateAccess(ctx, c, app.Ref{Key: "d2"}, alice.ID)
		wantCode(t, err, procura.CodeResourceNotFound)
		// And the role can no longer be deleted while it is assigned.
		_, err = a.DeleteAssociateRole(ctx, c, app.Ref{Key: "admin"}, 1)
		wantCode(t, err, procura.CodeReferenceExists)
	})
}

func TestTheTwoThousandAndFirstAssociateIsRefused(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		must[*procura.AssociateRole](t)(a.CreateAssociateRole(ctx, c, procura.AssociateRoleDraft{Key: "buyer"}))
		must[*procura.BusinessUnit](t)(a.CreateBusinessUnit(ctx, c, company("acme")))
		ids := make([]string, procura.MaxAssociatesPerUnit+1)
		for i := range ids {
			r := must[*procura.CustomerSignInResult](t)(a.CreateCustomer(ctx, c, procura.CustomerDraft{Email: fmt.Sprintf("c%d@acme.example", i), Password: "correct horse"}))
			ids[i] = r.Customer.ID
		}
		assoc := func(id string) string {
			return `{"customer":{"id":"` + id + `"},"associateRoleAssignments":[{"associateRole":{"key":"buyer"}}]}`
		}
		set := `{"action":"setAssociates","associates":[`
		for i, id := range ids[:procura.MaxAssociatesPerUnit] {
			if i > 0 {
				set += ","
			}
			set += assoc(id)
		}
		must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "acme"}, actions(1, set+"]}")))
		_, err := a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "acme"}, actions(2, `{"action":"addAssociate","associate":`+assoc(ids[procura.MaxAssociatesPerUnit])+`}`))
		wantCode(t, err, procura.CodeMaxResourceLimitExceeded)
		u := must[*procura.BusinessUnit](t)(a.GetBusinessUnit(ctx, c, app.Ref{Key: "acme"}))
		if u.Version != 2 || len(u.Associates) != procura.MaxAssociatesPerUnit {
			t.Fatalf("version %d with %d associates; want 2 and %d", u.Version, len(u.Associates), procura.MaxAssociatesPerUnit)
		}
	})
}

func TestTokens(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		cl := must[*app.NewClient](t)(a.CreateAPIClient(ctx, "acme", "manage_business_units:acme view_stores:acme", "", ""))
		_, err := a.ClientCredentials(ctx, cl.ID, "wrong secret value", "")
		wantCode(t, err, procura.CodeInvalidClient)
		_, err = a.ClientCredentials(ctx, cl.ID, cl.Secret, "manage_project:acme")
		wantCode(t, err, procura.CodeInvalidScope)
		tok := must[*app.Token](t)(a.ClientCredentials(ctx, cl.ID, cl.Secret, "view_stores:acme"))
		caller := must[app.Caller](t)(a.Authenticate(ctx, tok.AccessToken))
		if !caller.Scopes.Allows("view_stores", "acme") || caller.Scopes.Allows("manage_business_units", "acme") || caller.Scopes.Allows("view_stores", "other") {
			t.Fatalf("narrowed token has scopes %v", caller.Scopes)
		}
		a.Now = func() time.Time { return time.Now().Add(49 * time.Hour) }
		_, err = a.Authenticate(ctx, tok.AccessToken)
		wantCode(t, err, procura.CodeInvalidToken)
		_, err = a.CreateAPIClient(ctx, "acme", "manage_project:other", "", "")
		wantCode(t, err, procura.CodeInvalidInput)
	})
}

func TestLogin(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		must[*procura.CustomerSignInResult](t)(a.CreateCustomer(ctx, c, procura.CustomerDraft{Email: "Alice@Acme.example", Password: "correct horse"}))
		_, err := a.CreateCustomer(ctx, c, procura.CustomerDraft{Email: "alice@acme.EXAMPLE", Password: "another one"})
		wantCode(t, err, procura.CodeDuplicateField)
		must[*procura.CustomerSignInResult](t)(a.Login(ctx, c, procura.CustomerSignIn{Email: "alice@acme.example", Password: "correct horse"}, "127.0.0.1"))
		_, err = a.Login(ctx, c, procura.CustomerSignIn{Email: "alice@acme.example", Password: "wrong horse"}, "127.0.0.1")
		wantCode(t, err, procura.CodeInvalidCredentials)
		_, err = a.Login(ctx, c, procura.CustomerSignIn{Email: "nobody@acme.example", Password: "correct horse"}, "127.0.0.1")
		wantCode(t, err, procura.CodeInvalidCredentials)
	})
}

// TestInternalErrorsNameTheirUseCase: an error that is not the caller's answer (here the
// store's, on a cancelled request) names the use case it came from, for the log line of the 500.
func TestInternalErrorsNameTheirUseCase(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		_, err := a.GetBusinessUnit(cancelled, c, app.Ref{ID: "x"})
		if err == nil || !strings.HasPrefix(err.Error(), "GetBusinessUnit: ") || procura.ErrorCode(err) != procura.CodeInternal {
			t.Fatalf("got %v, want an internal error named GetBusinessUnit", err)
		}
		_, err = a.GetCart(ctx, c, app.Acting{}, app.Ref{ID: "x"})
		if e, ok := err.(*procura.Error); !ok || e.Code != procura.CodeResourceNotFound {
			t.Fatalf("a caller's error is kept as it is: %#v", err)
		}
	})
}
