// Package demo fills a new project with the company of the seeds: the roles admin, buyer and
// approver, ACME Corporation with an engineering and a marketing division, its people, a small
// catalog and an approval rule for large orders. `procura serve --demo` uses it.
package demo

import (
	"context"
	"encoding/json"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// Password is the password of the demo's customers.
const Password = "procura-demo"

// People are the demo's customers: email and what they do at ACME.
var People = [][2]string{
	{"alice@acme.example", "admin of ACME (inherited by its divisions)"},
	{"bob@acme.example", "buyer in ACME Engineering"},
	{"carol@acme.example", "approver at ACME"},
}

// Fill creates the demo company in project c.ProjectKey.
func Fill(ctx context.Context, a *app.App, c app.Caller) error {
	f := &filler{ctx: ctx, a: a, c: c, ids: map[string]string{}}
	f.settings()
	f.roles()
	f.catalog()
	f.units()
	f.rule()
	return f.err
}

// filler keeps the first error and skips every step after it.
type filler struct {
	ctx context.Context
	a   *app.App
	c   app.Caller
	ids map[string]string
	err error
}

func (f *filler) do(step func() error) {
	if f.err == nil {
		f.err = step()
	}
}

// settings: the shop sells in US dollars to the United States (the portal's carts take the
// project's first currency).
func (f *filler) settings() {
	f.do(func() error {
		p, err := f.a.GetProject(f.ctx, f.c)
		if err != nil {
			return err
		}
		_, err = f.a.UpdateProject(f.ctx, f.c, procura.Update{Version: &p.Version, Actions: []json.RawMessage{
			json.RawMessage(`{"action":"changeCurrencies","currencies":["USD"]}`), json.RawMessage(`{"action":"changeCountries","countries":["US"]}`)}})
		return err
	})
}

func (f *filler) roles() {
	for key, perms := range map[string][]string{
		"admin": {"AddChildUnits", "UpdateBusinessUnitDetails", "UpdateAssociates", "CreateMyCarts", "CreateOthersCarts", "UpdateMyCarts",
			"UpdateOthersCarts", "ViewMyCarts", "ViewOthersCarts", "CreateMyOrdersFromMyCarts", "ViewMyOrders", "ViewOthersOrders",
			"UpdateMyOrders", "UpdateOthersOrders", "CreateApprovalRules", "UpdateApprovalRules", "UpdateApprovalFlows",
			// An admin manages colleagues without calling the seller (seed 000): they may give the
			// buyer and approver roles, so they hold every permission of both.
			"CreateMyQuoteRequestsFromMyCarts", "ViewMyQuotes", "ViewOthersQuotes", "AcceptMyQuotes", "AcceptOthersQuotes",
			"DeclineMyQuotes", "DeclineOthersQuotes", "RenegotiateMyQuotes", "CreateMyOrdersFromMyQuotes",
			"ViewMyQuoteRequests", "ViewOthersQuoteRequests", "ViewCompanyHistory"},
		"buyer": {"CreateMyCarts", "UpdateMyCarts", "ViewMyCarts", "CreateMyOrdersFromMyCarts", "ViewMyOrders", "UpdateMyOrders",
			"CreateMyQuoteRequestsFromMyCarts", "ViewMyQuoteRequests", "ViewMyQuotes", "AcceptMyQuotes", "DeclineMyQuotes", "RenegotiateMyQuotes",
			"CreateMyOrdersFromMyQuotes"},
		"approver": {"ViewOthersCarts", "ViewOthersOrders", "UpdateApprovalFlows", "ViewMyQuotes", "ViewOthersQuotes", "AcceptOthersQuotes", "DeclineOthersQuotes"},
	} {
		f.do(func() error {
			_, err := f.a.CreateAssociateRole(f.ctx, f.c, procura.AssociateRoleDraft{Key: key, Name: key, Permissions: perms})
			return err
		})
	}
}

func (f *filler) catalog() {
	f.do(func() error {
		_, err := f.a.CreateStore(f.ctx, f.c, procura.StoreDraft{Key: "main", Name: procura.LocalizedString{"en": "Main store"}})
		return err
	})
	var typeID string
	f.do(func() error {
		t, err := f.a.CreateProductType(f.ctx, f.c, procura.ProductTypeDraft{Key: "supplies", Name: "Supplies"})
		if err == nil {
			typeID = t.ID
		}
		return err
	})
	for _, p := range []struct {
		key, sku, name string
		cents          int64
	}{{"widget", "BULK-WIDGET-001", "Bulk widget", 250}, {"crate", "CRATE-001", "Shipping crate", 4500}} {
		f.do(func() error {
			cents := p.cents
			_, err := f.a.CreateProduct(f.ctx, f.c, procura.ProductDraft{Key: p.key, ProductType: &procura.ResourceIdentifier{ID: typeID},
				Name: procura.LocalizedString{"en": p.name}, Slug: procura.LocalizedString{"en": p.key}, Publish: true,
				MasterVariant: &procura.VariantDraft{SKU: p.sku, Prices: []procura.PriceDraft{{Value: procura.MoneyDraft{CurrencyCode: "USD", CentAmount: &cents}}}}})
			return err
		})
	}
}

func (f *filler) units() {
	for _, p := range People {
		f.do(func() error {
			r, err := f.a.CreateCustomer(f.ctx, f.c, procura.CustomerDraft{Email: p[0], Password: Password})
			if err == nil {
				f.ids[p[0]] = r.Customer.ID
			}
			return err
		})
	}
	assoc := func(email, role, inheritance string) procura.AssociateDraft {
		return procura.AssociateDraft{Customer: &procura.ResourceIdentifier{ID: f.ids[email]},
			AssociateRoleAssignments: []procura.AssignmentDraft{{AssociateRole: &procura.ResourceIdentifier{Key: role}, Inheritance: inheritance}}}
	}
	f.do(func() error {
		_, err := f.a.CreateBusinessUnit(f.ctx, f.c, procura.BusinessUnitDraft{Key: "acme-corp", Name: "ACME Corporation",
			UnitType: procura.UnitTypeCompany, ContactEmail: "procurement@acme.example", Stores: []procura.ResourceIdentifier{{Key: "main"}},
			Addresses:              []procura.Address{{Key: "hq-address", Country: "US", City: "San Francisco", StreetName: "Market St", StreetNumber: "123", PostalCode: "94102"}},
			DefaultShippingAddress: ptr(0), DefaultBillingAddress: ptr(0),
			Associates: []procura.AssociateDraft{assoc("alice@acme.example", "admin", procura.InheritanceEnabled), assoc("carol@acme.example", "approver", procura.InheritanceEnabled)}})
		return err
	})
	for _, d := range []struct{ key, name string }{{"acme-engineering", "ACME Engineering Division"}, {"acme-marketing", "ACME Marketing Division"}} {
		f.do(func() error {
			draft := procura.BusinessUnitDraft{Key: d.key, Name: d.name, UnitType: procura.UnitTypeDivision, ParentUnit: &procura.ResourceIdentifier{Key: "acme-corp"}}
			if d.key == "acme-engineering" {
				draft.Associates = []procura.AssociateDraft{assoc("bob@acme.example", "buyer", procura.InheritanceDisabled)}
				// where the division's orders are delivered and where they are billed
				draft.Addresses = []procura.Address{
					{Key: "eng-receiving", Country: "US", City: "Austin", StreetName: "Congress Ave", StreetNumber: "500", PostalCode: "78701"},
					{Key: "eng-accounts", Country: "US", City: "San Francisco", StreetName: "Market St", StreetNumber: "123", PostalCode: "94102"}}
				draft.DefaultShippingAddress, draft.DefaultBillingAddress = ptr(0), ptr(1)
			}
			_, err := f.a.CreateBusinessUnit(f.ctx, f.c, draft)
			return err
		})
	}
}

// rule: orders of 1,000.00 USD or more by buyers need an approver.
func (f *filler) rule() {
	f.do(func() error {
		var d app.ApprovalRuleDraft
		body := `{"key":"high-value","name":"High Value Order Approval","description":"Orders over $1000 require approver sign-off",
			"status":"Active","predicate":"totalPrice >= \"1000.00 USD\"","requesters":[{"associateRole":{"key":"buyer"}}],
			"approvers":{"tiers":[{"and":[{"or":[{"associateRole":{"key":"approver"}}]}]}]},"businessUnit":{"key":"acme-corp"}}`
		if err := json.Unmarshal([]byte(body), &d); err != nil {
			return err
		}
		_, err := f.a.CreateApprovalRule(f.ctx, f.c, app.Acting{}, d)
		return err
	})
}

func ptr[T any](v T) *T { return &v }
