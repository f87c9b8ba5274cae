package app_test

import (
	"fmt"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// acmeWorld: company acme with division eng; alice is admin (every Business Unit permission),
// bob a buyer (none), both inherited by eng; carol is in the other company globex.
func acmeWorld(t *testing.T, a *app.App, c app.Caller) *world {
	w := newWorld(t, a, c)
	w.role("admin", true, procura.AddChildUnits, procura.UpdateAssociates, procura.UpdateParentUnit, procura.UpdateBusinessUnitDetails, procura.CreateMyCarts)
	w.role("buyer", true, procura.CreateMyCarts)
	w.role("spender", true, procura.CreateMyCarts, procura.ViewOthersOrders)
	w.role("seller-only", false, procura.CreateMyCarts)
	for _, e := range []string{"alice@acme.example", "bob@acme.example", "carol@globex.example", "dan@acme.example"} {
		w.customer(e)
	}
	w.unit("acme", "-")
	w.unit("eng", "acme")
	w.unit("globex", "-")
	w.associate("acme", "alice@acme.example", "admin", procura.InheritanceEnabled)
	w.associate("acme", "bob@acme.example", "buyer", procura.InheritanceEnabled)
	w.associate("globex", "carol@globex.example", "admin", procura.InheritanceEnabled)
	return w
}

func TestAssociateUnitPermissions(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := acmeWorld(t, a, c)
		alice, bob := w.customers["alice@acme.example"], w.customers["bob@acme.example"]
		dan := w.customers["dan@acme.example"]
		tests := []struct {
			action string
			needs  procura.Permission
		}{
			{`{"action":"changeName","name":"Engineering"}`, procura.UpdateBusinessUnitDetails},
			{`{"action":"addAddress","address":{"country":"DE"}}`, procura.UpdateBusinessUnitDetails},
			{fmt.Sprintf(`{"action":"addAssociate","associate":{"customer":{"id":%q},"associateRoleAssignments":[{"associateRole":{"key":"buyer"}}]}}`, dan), procura.UpdateAssociates},
			{`{"action":"changeParentUnit","parentUnit":{"key":"acme"}}`, procura.UpdateParentUnit},
		}
		for _, tt := range tests {
			t.Run(procura.ActionName([]byte(tt.action)), func(t *testing.T) {
				// Denied: bob holds none of the unit permissions; nothing is written.
				before := w.version("eng")
				_, err := a.UpdateAssociateUnit(ctx, c, app.AsAssociate(c, bob, ""), app.Ref{Key: "eng"}, actions(before, tt.action))
				wantCode(t, err, procura.CodeAssociateMissingPermission)
				pe := err.(*procura.Error)
				if fmt.Sprint(pe.Fields["permissions"]) != fmt.Sprint([]procura.Permission{tt.needs}) {
					t.Errorf("needs %v, want %v", pe.Fields["permissions"], tt.needs)
				}
				if w.version("eng") != before {
					t.Fatal("a refused update changed the unit")
				}
				// Allowed: alice inherits admin from acme.
				if _, err := a.UpdateAssociateUnit(ctx, c, app.AsAssociate(c, alice, ""), app.Ref{Key: "eng"}, actions(before, tt.action)); err != nil {
					t.Fatalf("alice: %v", err)
				}
			})
		}
		// A unit of another company does not exist for them.
		_, err := a.UpdateAssociateUnit(ctx, c, app.AsAssociate(c, alice, ""), app.Ref{Key: "globex"}, actions(1, `{"action":"changeName","name":"x"}`))
		wantCode(t, err, procura.CodeResourceNotFound)
		_, err = a.GetAssociateUnit(ctx, c, app.AsAssociate(c, alice, ""), app.Ref{Key: "globex"})
		wantCode(t, err, procura.CodeResourceNotFound)
		page, err := a.QueryAssociateUnits(ctx, c, app.AsAssociate(c, alice, ""), app.Query{Limit: 20})
		if err != nil || keysOf(page) != "acme,eng" {
			t.Fatalf("alice's units: %q %v", keysOf(page), err)
		}
	})
}

func TestMyBusinessUnitsRestrictions(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := acmeWorld(t, a, c)
		alice := w.customers["alice@acme.example"]
		dan := w.customers["dan@acme.example"]
		add := fmt.Sprintf(`{"action":"addAssociate","associate":{"customer":{"id":%q},"associateRoleAssignments":[{"associateRole":{"key":"buyer"}}]}}`, dan)
		_, err := a.UpdateAssociateUnit(ctx, c, asMe(alice), app.Ref{Key: "acme"}, actions(w.version("acme"), add))
		wantCode(t, err, procura.CodeInvalidJSONInput)

		// /me moves units only within their company.
		must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "globex"}, actions(w.version("globex"),
			`{"action":"addAssociate","associate":{"customer":{"id":"`+alice+`"},"associateRoleAssignments":[{"associateRole":{"key":"admin"}}]}}`)))
		_, err = a.UpdateAssociateUnit(ctx, c, asMe(alice), app.Ref{Key: "eng"}, actions(w.version("eng"), `{"action":"changeParentUnit","parentUnit":{"key":"globex"}}`))
		wantCode(t, err, procura.CodeInvalidOperation)

		// An Inactive unit is the seller's to change.
		must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "eng"}, actions(w.version("eng"), `{"action":"changeStatus","status":"Inactive"}`)))
		_, err = a.UpdateAssociateUnit(ctx, c, asMe(alice), app.Ref{Key: "eng"}, actions(w.version("eng"), `{"action":"changeName","name":"x"}`))
		wantCode(t, err, procura.CodeInvalidOperation)

		// A token bound to acme sees only acme's company.
		bound := w.as("alice@acme.example", "acme")
		page := must[*app.Page](t)(a.QueryAssociateUnits(ctx, bound, app.AsAssociate(bound, alice, ""), app.Query{Limit: 20}))
		if keysOf(page) != "acme,eng" {
			t.Fatalf("bound to acme: %q", keysOf(page))
		}
		unbound := w.as("alice@acme.example", "")
		page = must[*app.Page](t)(a.QueryAssociateUnits(ctx, unbound, app.AsAssociate(unbound, alice, ""), app.Query{Limit: 20}))
		if keysOf(page) != "acme,eng,globex" {
			t.Fatalf("unbound: %q", keysOf(page))
		}
	})
}

func TestNoPrivilegeEscalation(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := acmeWorld(t, a, c)
		alice, dan := w.customers["alice@acme.example"], w.customers["dan@acme.example"]
		assign := func(role string) string {
			return fmt.Sprintf(`{"action":"addAssociate","associate":{"customer":{"id":%q},"associateRoleAssignments":[{"associateRole":{"key":%q}}]}}`, dan, role)
		}
		// spender grants ViewOthersOrders, which alice lacks.
		_, err := a.UpdateAssociateUnit(ctx, c, app.AsAssociate(c, alice, ""), app.Ref{Key: "acme"}, actions(w.version("acme"), assign("spender")))
		wantCode(t, err, procura.CodeAssociateMissingPermission)
		_, err = a.UpdateAssociateUnit(ctx, c, app.AsAssociate(c, alice, ""), app.Ref{Key: "acme"}, actions(w.version("acme"), assign("seller-only")))
		wantCode(t, err, procura.CodeInvalidOperation)
		// Nor can she raise herself.
		self := fmt.Sprintf(`{"action":"changeAssociate","associate":{"customer":{"id":%q},"associateRoleAssignments":[{"associateRole":{"key":"admin"}},{"associateRole":{"key":"spender"}}]}}`, alice)
		_, err = a.UpdateAssociateUnit(ctx, c, asMe(alice), app.Ref{Key: "acme"}, actions(w.version("acme"), self))
		wantCode(t, err, procura.CodeInvalidOperation) // no one changes their own assignments
		// A colleague's new account: the same rules.
		me := w.as("alice@acme.example", "")
		colleague := func(email, role string) error {
			v := w.version("acme")
			_, err := a.CreateColleague(ctx, me, app.MeIn(me, "acme"), procura.MyBusinessUnitAssociateDraft{Version: &v,
				Customer:                 &procura.MyCustomerDraft{Email: email, Password: "correct horse"},
				AssociateRoleAssignments: []procura.AssignmentDraft{{AssociateRole: &procura.ResourceIdentifier{Key: role}}}})
			return err
		}
		wantCode(t, colleague("erin@acme.example", "spender"), procura.CodeAssociateMissingPermission)
		if _, err := a.Login(ctx, c, procura.CustomerSignIn{Email: "erin@acme.example", Password: "correct horse"}, "x"); procura.ErrorCode(err) != procura.CodeInvalidCredentials {
			t.Fatalf("a refused colleague was created anyway: %v", err)
		}
		if err := colleague("erin@acme.example", "buyer"); err != nil {
			t.Fatalf("a role alice may give: %v", err)
		}
		_, err = a.AssociateAccess(ctx, c, app.Ref{Key: "acme"}, w.customerByEmail("erin@acme.example"))
		if err != nil {
			t.Fatalf("erin is no associate of acme: %v", err)
		}
		// bob lacks UpdateAssociates.
		bob := w.as("bob@acme.example", "")
		v := w.version("acme")
		_, err = a.CreateColleague(ctx, bob, app.MeIn(bob, "acme"), procura.MyBusinessUnitAssociateDraft{Version: &v,
			Customer:                 &procura.MyCustomerDraft{Email: "fred@acme.example", Password: "correct horse"},
			AssociateRoleAssignments: []procura.AssignmentDraft{{AssociateRole: &procura.ResourceIdentifier{Key: "buyer"}}}})
		wantCode(t, err, procura.CodeAssociateMissingPermission)
	})
}

func TestCreateMyBusinessUnit(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := acmeWorld(t, a, c)
		alice, bob := w.as("alice@acme.example", ""), w.as("bob@acme.example", "")
		draft := procura.MyBusinessUnitDraft{Key: "startup", Name: "Startup", UnitType: procura.UnitTypeCompany}
		_, err := a.CreateMyBusinessUnit(ctx, alice, draft)
		wantCode(t, err, procura.CodeInvalidOperation) // no role configured for creators yet
		p := must[*procura.Project](t)(a.GetProject(ctx, c))
		must[*procura.Project](t)(a.UpdateProject(ctx, c, actions(p.Version, `{"action":"setMyBusinessUnitAssociateRoleOnCreation","associateRole":{"key":"admin"}}`)))
		u := must[*procura.BusinessUnit](t)(a.CreateMyBusinessUnit(ctx, alice, draft))
		if u.Status != procura.StatusInactive || len(u.Associates) != 1 || u.Associates[0].Customer.ID != alice.CustomerID {
			t.Fatalf("created unit: %+v", u)
		}
		division := procura.MyBusinessUnitDraft{Key: "acme-ops", Name: "Ops", UnitType: procura.UnitTypeDivision, ParentUnit: &procura.ResourceIdentifier{Key: "acme"}}
		_, err = a.CreateMyBusinessUnit(ctx, bob, division)
		wantCode(t, err, procura.CodeAssociateMissingPermission)
		must[*procura.BusinessUnit](t)(a.CreateMyBusinessUnit(ctx, alice, division))
		// A division of a company they do not act for is not found.
		_, err = a.CreateMyBusinessUnit(ctx, alice, procura.MyBusinessUnitDraft{Key: "gx-ops", Name: "x", UnitType: procura.UnitTypeDivision, ParentUnit: &procura.ResourceIdentifier{Key: "globex"}})
		wantCode(t, err, procura.CodeReferencedResourceNotFound)
	})
}

func (w *world) customerByEmail(email string) string {
	w.t.Helper()
	page, err := w.a.QueryCustomers(ctx, w.seller, app.Query{Limit: 1, Where: []string{`email = "` + email + `"`}})
	if err != nil || len(page.Items()) != 1 {
		w.t.Fatalf("customer %s: %v", email, err)
	}
	return page.Items()[0]["id"].(string)
}
