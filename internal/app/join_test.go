package app_test

import (
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

func signUp(a *app.App, c app.Caller, email, company string) error {
	_, err := a.SignUp(ctx, c, procura.MyCustomerDraft{Email: email, Password: "correct horse",
		JoinBusinessUnit: &procura.ResourceIdentifier{Key: company}})
	return err
}

func setJoinPolicy(t *testing.T, w *world, action string) {
	t.Helper()
	must[*procura.BusinessUnit](t)(w.a.UpdateBusinessUnit(ctx, w.seller, app.Ref{Key: "acme"}, actions(w.version("acme"), action)))
}

func TestJoinClosedCompany(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := acmeWorld(t, a, c)
		wantCode(t, signUp(a, c, "eve@acme.example", "acme"), procura.CodeInvalidOperation)
		if err := signUp(a, c, "eve@acme.example", "eng"); procura.ErrorCode(err) != procura.CodeInvalidInput {
			t.Fatalf("joining a division: %v", err)
		}
		// Nothing was created: the email is still free.
		must[*procura.CustomerSignInResult](t)(a.SignUp(ctx, c, procura.MyCustomerDraft{Email: "eve@acme.example", Password: "correct horse"}))
		_ = w
	})
}

func TestJoinByApproval(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := acmeWorld(t, a, c)
		setJoinPolicy(t, w, `{"action":"setJoinPolicy","joinPolicy":"Approval","defaultAssociateRole":{"key":"buyer"}}`)
		for _, email := range []string{"eve@elsewhere.example", "mallory@elsewhere.example"} {
			if err := signUp(a, c, email, "acme"); err != nil {
				t.Fatal(err)
			}
		}
		alice, bob := w.customers["alice@acme.example"], w.customers["bob@acme.example"]
		_, err := a.QueryJoinRequests(ctx, c, app.AsAssociate(c, bob, "acme"), app.Query{Limit: 20})
		wantCode(t, err, procura.CodeAssociateMissingPermission)
		page := must[*app.Page](t)(a.QueryJoinRequests(ctx, c, app.AsAssociate(c, alice, "acme"), app.Query{Limit: 20}))
		if len(page.Items()) != 2 || page.Items()[0]["state"] != procura.JoinPending {
			t.Fatalf("join requests: %+v", page.Items())
		}
		eve, mallory := page.Items()[0]["id"].(string), page.Items()[1]["id"].(string)
		_, err = a.DecideJoinRequest(ctx, c, app.AsAssociate(c, bob, "acme"), app.Ref{ID: eve}, actions(1, `{"action":"accept"}`))
		wantCode(t, err, procura.CodeAssociateMissingPermission)
		jr := must[*procura.JoinRequest](t)(a.DecideJoinRequest(ctx, c, app.AsAssociate(c, alice, "acme"), app.Ref{ID: eve}, actions(1, `{"action":"accept"}`)))
		access := must[*app.AssociateAccess](t)(a.AssociateAccess(ctx, c, app.Ref{Key: "acme"}, jr.Customer.ID))
		if len(access.AssociateRoles) != 1 || access.AssociateRoles[0].Key != "buyer" {
			t.Fatalf("eve's roles: %+v", access)
		}
		_, err = a.DecideJoinRequest(ctx, c, app.AsAssociate(c, alice, "acme"), app.Ref{ID: eve}, actions(2, `{"action":"decline"}`))
		wantCode(t, err, procura.CodeInvalidOperation)
		// Accepting with a role alice could not give is refused, and writes nothing.
		_, err = a.DecideJoinRequest(ctx, c, app.AsAssociate(c, alice, "acme"), app.Ref{ID: mallory}, actions(1,
			`{"action":"accept","associateRoleAssignments":[{"associateRole":{"key":"spender"}}]}`))
		wantCode(t, err, procura.CodeAssociateMissingPermission)
		jr = must[*procura.JoinRequest](t)(a.DecideJoinRequest(ctx, c, app.AsAssociate(c, alice, "acme"), app.Ref{ID: mallory}, actions(1, `{"action":"decline","reason":"unknown"}`)))
		if jr.State != procura.JoinDeclined {
			t.Fatalf("declined request: %+v", jr)
		}
		_, err = a.AssociateAccess(ctx, c, app.Ref{Key: "acme"}, jr.Customer.ID)
		wantCode(t, err, procura.CodeResourceNotFound)
	})
}

func TestJoinByEmailDomain(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := acmeWorld(t, a, c)
		setJoinPolicy(t, w, `{"action":"setJoinPolicy","joinPolicy":"EmailDomain","allowedEmailDomains":["acme.example"],"defaultAssociateRole":{"key":"buyer"}}`)
		wantCode(t, signUp(a, c, "eve@elsewhere.example", "acme"), procura.CodeInvalidOperation)
		res := must[*procura.CustomerSignInResult](t)(a.SignUp(ctx, c, procura.MyCustomerDraft{Email: "eve@ACME.example", Password: "correct horse",
			JoinBusinessUnit: &procura.ResourceIdentifier{Key: "acme"}}))
		eve := res.Customer.ID
		// Claiming the domain is not enough: the email must be verified first.
		_, err := a.AssociateAccess(ctx, c, app.Ref{Key: "acme"}, eve)
		wantCode(t, err, procura.CodeResourceNotFound)
		tok := must[*app.CustomerToken](t)(a.CreateEmailToken(ctx, c, app.EmailTokenDraft{ID: eve, TTLMinutes: 60}))
		cu := must[*procura.Customer](t)(a.ConfirmEmail(ctx, c, app.Acting{}, tok.Value))
		if !cu.IsEmailVerified {
			t.Fatal("email not verified")
		}
		access := must[*app.AssociateAccess](t)(a.AssociateAccess(ctx, c, app.Ref{Key: "acme"}, eve))
		if len(access.AssociateRoles) != 1 || access.AssociateRoles[0].Key != "buyer" {
			t.Fatalf("eve's roles after verification: %+v", access)
		}
		_, err = a.ConfirmEmail(ctx, c, app.Acting{}, tok.Value)
		wantCode(t, err, procura.CodeInvalidOperation) // a token works once

		// Deleting a customer takes their join requests with them.
		res = must[*procura.CustomerSignInResult](t)(a.SignUp(ctx, c, procura.MyCustomerDraft{Email: "zed@acme.example", Password: "correct horse",
			JoinBusinessUnit: &procura.ResourceIdentifier{Key: "acme"}}))
		must[*procura.Customer](t)(a.DeleteCustomer(ctx, c, app.Ref{ID: res.Customer.ID}, 1))
		page := must[*app.Page](t)(a.QueryJoinRequests(ctx, c, app.AsAssociate(c, w.customers["alice@acme.example"], "acme"), app.Query{Limit: 20}))
		for _, jr := range page.Items() {
			if jr["email"] == "zed@acme.example" {
				t.Fatalf("the join request of a deleted customer remains: %v", jr)
			}
		}
	})
}

func TestSetJoinPolicyNeedsWhatItGrants(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := acmeWorld(t, a, c)
		alice, bob := w.customers["alice@acme.example"], w.customers["bob@acme.example"]
		policy := func(role string) string {
			return `{"action":"setJoinPolicy","joinPolicy":"Approval","defaultAssociateRole":{"key":"` + role + `"}}`
		}
		_, err := a.UpdateAssociateUnit(ctx, c, asMe(bob), app.Ref{Key: "acme"}, actions(w.version("acme"), policy("buyer")))
		wantCode(t, err, procura.CodeAssociateMissingPermission)
		_, err = a.UpdateAssociateUnit(ctx, c, asMe(alice), app.Ref{Key: "acme"}, actions(w.version("acme"), policy("spender")))
		wantCode(t, err, procura.CodeAssociateMissingPermission)
		_, err = a.UpdateAssociateUnit(ctx, c, asMe(alice), app.Ref{Key: "eng"}, actions(w.version("eng"), policy("buyer")))
		wantCode(t, err, procura.CodeInvalidOperation) // only a Company has a join policy
		u := must[*procura.BusinessUnit](t)(a.UpdateAssociateUnit(ctx, c, asMe(alice), app.Ref{Key: "acme"}, actions(w.version("acme"), policy("buyer"))))
		if u.JoinPolicy != procura.JoinApproval || u.DefaultAssociateRole.Key != "buyer" {
			t.Fatalf("join settings: %+v", u.JoinSettings)
		}
	})
}

// TestJoinByEmailDomainNeedsTheVerifiedEmail: a customer who asked to join with an address of
// the company's domain, then changed it to another domain, does not join by verifying the new
// one; a token issued for the old address does not verify the new one either.
func TestJoinByEmailDomainNeedsTheVerifiedEmail(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := acmeWorld(t, a, c)
		setJoinPolicy(t, w, `{"action":"setJoinPolicy","joinPolicy":"EmailDomain","allowedEmailDomains":["acme.example"],"defaultAssociateRole":{"key":"buyer"}}`)
		res := must[*procura.CustomerSignInResult](t)(a.SignUp(ctx, c, procura.MyCustomerDraft{Email: "ceo@acme.example", Password: "correct horse",
			JoinBusinessUnit: &procura.ResourceIdentifier{Key: "acme"}}))
		mallory := res.Customer.ID
		early := must[*app.CustomerToken](t)(a.CreateEmailToken(ctx, c, app.EmailTokenDraft{ID: mallory, TTLMinutes: 60}))
		must[*procura.Customer](t)(a.UpdateCustomer(ctx, c, app.Ref{ID: mallory}, actions(1, `{"action":"changeEmail","email":"mallory@evil.example"}`)))
		_, err := a.ConfirmEmail(ctx, c, app.Acting{}, early.Value)
		wantCode(t, err, procura.CodeInvalidOperation) // issued for ceo@acme.example
		tok := must[*app.CustomerToken](t)(a.CreateEmailToken(ctx, c, app.EmailTokenDraft{ID: mallory, TTLMinutes: 60}))
		if cu := must[*procura.Customer](t)(a.ConfirmEmail(ctx, c, app.Acting{}, tok.Value)); !cu.IsEmailVerified || cu.Email != "mallory@evil.example" {
			t.Fatalf("verified customer: %+v", cu)
		}
		_, err = a.AssociateAccess(ctx, c, app.Ref{Key: "acme"}, mallory)
		wantCode(t, err, procura.CodeResourceNotFound)
	})
}

// TestJoinByInternationalDomain: an allowed domain given in Unicode admits the ASCII spelling of
// it and refuses a look-alike; one address in two spellings is one customer.
func TestJoinByInternationalDomain(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := acmeWorld(t, a, c)
		setJoinPolicy(t, w, `{"action":"setJoinPolicy","joinPolicy":"EmailDomain","allowedEmailDomains":["bücher.example"],"defaultAssociateRole":{"key":"buyer"}}`)
		_, err := a.UpdateBusinessUnit(ctx, w.seller, app.Ref{Key: "acme"}, actions(w.version("acme"),
			`{"action":"setJoinPolicy","joinPolicy":"EmailDomain","allowedEmailDomains":["acmе.example"],"defaultAssociateRole":{"key":"buyer"}}`))
		wantCode(t, err, procura.CodeInvalidField) // the е of acmе is Cyrillic
		wantCode(t, signUp(a, c, "eve@acmе.example", "acme"), procura.CodeInvalidField)
		wantCode(t, signUp(a, c, "eve@bucher.example", "acme"), procura.CodeInvalidOperation)
		if err := signUp(a, c, "Eve@XN--BCHER-KVA.example", "acme"); err != nil {
			t.Fatalf("signing up with the ASCII form of an allowed domain: %v", err)
		}
		_, err = a.SignUp(ctx, c, procura.MyCustomerDraft{Email: "eve@Bücher.example", Password: "correct horse"})
		wantCode(t, err, procura.CodeDuplicateField)
	})
}
