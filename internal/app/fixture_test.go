package app_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// company builds, through the seller's API: roles, customers and units. Each unit spec is
// "key parent" (parent "-" for a Company); each associate spec "unit email role inheritance".
type world struct {
	t         *testing.T
	a         *app.App
	seller    app.Caller
	customers map[string]string // email -> id
	client    *app.NewClient
}

func newWorld(t *testing.T, a *app.App, c app.Caller) *world {
	w := &world{t: t, a: a, seller: c, customers: map[string]string{}}
	var err error
	w.client, err = a.CreateAPIClient(ctx, c.ProjectKey, "manage_project:"+c.ProjectKey, "", "")
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *world) role(key string, buyerAssignable bool, perms ...procura.Permission) {
	w.t.Helper()
	names := make([]string, len(perms))
	for i, p := range perms {
		names[i] = string(p)
	}
	if _, err := w.a.CreateAssociateRole(ctx, w.seller, procura.AssociateRoleDraft{Key: key, Permissions: names, BuyerAssignable: &buyerAssignable}); err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) customer(email string) string {
	w.t.Helper()
	r, err := w.a.CreateCustomer(ctx, w.seller, procura.CustomerDraft{Email: email, Password: "correct horse"})
	if err != nil {
		w.t.Fatal(err)
	}
	w.customers[email] = r.Customer.ID
	return r.Customer.ID
}

func (w *world) unit(key, parent string) {
	w.t.Helper()
	d := procura.BusinessUnitDraft{Key: key, Name: key, UnitType: procura.UnitTypeCompany}
	if parent != "-" {
		d.UnitType, d.ParentUnit = procura.UnitTypeDivision, &procura.ResourceIdentifier{Key: parent}
	}
	if _, err := w.a.CreateBusinessUnit(ctx, w.seller, d); err != nil {
		w.t.Fatal(err)
	}
}

// associate adds email to unit with role (inheritance Enabled or Disabled), as the seller.
func (w *world) associate(unit, email, role, inheritance string) {
	w.t.Helper()
	u, err := w.a.GetBusinessUnit(ctx, w.seller, app.Ref{Key: unit})
	if err != nil {
		w.t.Fatal(err)
	}
	_, err = w.a.UpdateBusinessUnit(ctx, w.seller, app.Ref{Key: unit}, actions(u.Version, fmt.Sprintf(
		`{"action":"addAssociate","associate":{"customer":{"id":%q},"associateRoleAssignments":[{"associateRole":{"key":%q},"inheritance":%q}]}}`,
		w.customers[email], role, inheritance)))
	if err != nil {
		w.t.Fatal(err)
	}
}

// token signs email in with the password flow, bound to unit when given.
func (w *world) token(email, unit string) *app.Token {
	w.t.Helper()
	tok, err := w.a.PasswordGrant(ctx, w.client.ID, w.client.Secret, w.seller.ProjectKey, email, "correct horse", "", app.UnitChoice{Key: unit}, "10.0.0.1")
	if err != nil {
		w.t.Fatal(err)
	}
	return tok
}

// as returns the caller of email's token bound to unit.
func (w *world) as(email, unit string) app.Caller {
	w.t.Helper()
	c, err := w.a.Authenticate(ctx, w.token(email, unit).AccessToken)
	if err != nil {
		w.t.Fatal(err)
	}
	return c
}

func (w *world) version(unit string) int64 {
	w.t.Helper()
	u, err := w.a.GetBusinessUnit(ctx, w.seller, app.Ref{Key: unit})
	if err != nil {
		w.t.Fatal(err)
	}
	return u.Version
}

func keysOf(p *app.Page) string {
	var keys []string
	for _, m := range p.Items() {
		keys = append(keys, fmt.Sprint(m["key"]))
	}
	return strings.Join(keys, ",")
}
