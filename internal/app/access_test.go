package app_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// The holes an attacker's review found in the seams between the earlier access checks, each
// tested against every buyer-side kind of caller and, where it applies, allowed for the seller.

// buyerSides returns customerID acting through each buyer-side kind of caller: a trusted
// backend, their own token as an associate, and /me.
func (w *world) buyerSides(email string) map[string]func() (app.Caller, app.Acting) {
	id := w.customers[email]
	return map[string]func() (app.Caller, app.Acting){
		"backend":   func() (app.Caller, app.Acting) { return w.seller, app.AsAssociate(w.seller, id, "") },
		"own token": func() (app.Caller, app.Acting) { c := w.as(email, ""); return c, app.AsAssociate(c, id, "") },
		"me":        func() (app.Caller, app.Acting) { c := w.as(email, ""); return c, app.Me(c) },
	}
}

func TestCompanyBoundaryIsTheSellers(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := acmeWorld(t, a, c)
		w.associate("globex", "alice@acme.example", "admin", procura.InheritanceEnabled) // admin of both companies
		w.unit("gx-ops", "globex")
		// setUnitType is no action of /me: through /me it is refused as an unknown action.
		moves := []struct{ name, action, code, meCode string }{
			{"graft into another company", `{"action":"setUnitType","unitType":"Division","parentUnit":{"key":"gx-ops"}}`, procura.CodeInvalidOperation, procura.CodeInvalidJSONInput},
			{"walk away as a company", `{"action":"setUnitType","unitType":"Company"}`, procura.CodeInvalidOperation, procura.CodeInvalidJSONInput},
			{"move to another company", `{"action":"changeParentUnit","parentUnit":{"key":"globex"}}`, procura.CodeInvalidOperation, procura.CodeInvalidOperation},
		}
		for side, who := range w.buyerSides("alice@acme.example") {
			for _, m := range moves {
				caller, as := who()
				want := m.code
				if as.Kind == procura.AsMe {
					want = m.meCode
				}
				_, err := a.UpdateAssociateUnit(ctx, caller, as, app.Ref{Key: "eng"}, actions(w.version("eng"), m.action))
				if procura.ErrorCode(err) != want {
					t.Errorf("%s, %s: got %v, want %s", side, m.name, err, want)
				}
			}
		}
		// A unit of a company the caller does not act for is not found, as one that does not exist.
		bob := w.customers["bob@acme.example"]
		w.grant("acme", "bob@acme.example", "admin")
		for _, parent := range []string{"globex", "no-such-unit"} {
			_, err := a.UpdateAssociateUnit(ctx, c, app.AsAssociate(c, bob, ""), app.Ref{Key: "eng"},
				actions(w.version("eng"), `{"action":"setUnitType","unitType":"Division","parentUnit":{"key":"`+parent+`"}}`))
			wantCode(t, err, procura.CodeReferencedResourceNotFound)
		}
		// Within the company, setUnitType with a parent needs what changeParentUnit needs.
		w.unit("ops", "acme")
		must[*procura.BusinessUnit](t)(a.UpdateAssociateUnit(ctx, c, app.AsAssociate(c, w.customers["alice@acme.example"], ""), app.Ref{Key: "eng"},
			actions(w.version("eng"), `{"action":"setUnitType","unitType":"Division","parentUnit":{"key":"ops"}}`)))
		w.role("details", true, procura.UpdateBusinessUnitDetails)
		w.grant("acme", "bob@acme.example", "details")
		_, err := a.UpdateAssociateUnit(ctx, c, app.AsAssociate(c, bob, ""), app.Ref{Key: "eng"},
			actions(w.version("eng"), `{"action":"setUnitType","unitType":"Division","parentUnit":{"key":"acme"}}`))
		wantCode(t, err, procura.CodeAssociateMissingPermission)
		// The seller crosses it.
		must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "eng"},
			actions(w.version("eng"), `{"action":"changeParentUnit","parentUnit":{"key":"globex"}}`)))
	})
}

func TestCustomerTokenAsAssociateGetsTheActionsOfMe(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := acmeWorld(t, a, c)
		alice := w.customers["alice@acme.example"]
		own := w.as("alice@acme.example", "")
		for _, action := range []string{`{"action":"changeApprovalRuleMode","approvalRuleMode":"Explicit"}`,
			`{"action":"changeAssociateMode","associateMode":"Explicit"}`, `{"action":"changeStatus","status":"Inactive"}`} {
			_, err := a.UpdateAssociateUnit(ctx, own, app.AsAssociate(own, alice, ""), app.Ref{Key: "eng"}, actions(w.version("eng"), action))
			wantCode(t, err, procura.CodeInvalidOperation)
			_, err = a.UpdateAssociateUnit(ctx, own, app.Me(own), app.Ref{Key: "eng"}, actions(w.version("eng"), action))
			wantCode(t, err, procura.CodeInvalidJSONInput)
		}
		// The trusted backend keeps the reference's whole set.
		must[*procura.BusinessUnit](t)(a.UpdateAssociateUnit(ctx, c, app.AsAssociate(c, alice, ""), app.Ref{Key: "eng"},
			actions(w.version("eng"), `{"action":"changeApprovalRuleMode","approvalRuleMode":"Explicit"}`)))

		p := must[*procura.Project](t)(a.GetProject(ctx, c))
		must[*procura.Project](t)(a.UpdateProject(ctx, c, actions(p.Version, `{"action":"setMyBusinessUnitAssociateRoleOnCreation","associateRole":{"key":"admin"}}`)))
		must[*procura.Store](t)(a.CreateStore(ctx, c, procura.StoreDraft{Key: "globex-store"}))
		for name, d := range map[string]procura.BusinessUnitDraft{
			"another company's store": {Key: "x1", Name: "x", UnitType: procura.UnitTypeCompany, StoreMode: procura.ModeExplicit, Stores: []procura.ResourceIdentifier{{Key: "globex-store"}}},
			"an Active status":        {Key: "x2", Name: "x", UnitType: procura.UnitTypeCompany, Status: procura.StatusActive},
		} {
			_, err := a.CreateAssociateUnit(ctx, own, app.AsAssociate(own, alice, ""), d)
			if procura.ErrorCode(err) != procura.CodeInvalidInput {
				t.Errorf("own token, %s: got %v, want InvalidInput", name, err)
			}
			must[*procura.BusinessUnit](t)(a.CreateAssociateUnit(ctx, c, app.AsAssociate(c, alice, ""), d))
		}
		u := must[*procura.BusinessUnit](t)(a.CreateAssociateUnit(ctx, own, app.AsAssociate(own, alice, ""),
			procura.BusinessUnitDraft{Key: "x3", Name: "x", UnitType: procura.UnitTypeCompany}))
		if u.Status != procura.StatusInactive {
			t.Fatalf("a unit a customer's token created is %s, want the project's Inactive", u.Status)
		}
	})
}

func TestNoOneWidensTheirOwnReach(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := acmeWorld(t, a, c)
		p := must[*procura.Project](t)(a.GetProject(ctx, c))
		must[*procura.Project](t)(a.UpdateProject(ctx, c, actions(p.Version, `{"action":"setMyBusinessUnitAssociateRoleOnCreation","associateRole":{"key":"admin"}}`)))
		// bob may add divisions, nothing else: his division does not make him its admin.
		w.role("grower", true, procura.AddChildUnits)
		w.grant("acme", "bob@acme.example", "buyer", "grower")
		bob := w.as("bob@acme.example", "")
		d := must[*procura.BusinessUnit](t)(a.CreateMyBusinessUnit(ctx, bob, procura.MyBusinessUnitDraft{Key: "bobs", Name: "Bob's",
			UnitType: procura.UnitTypeDivision, ParentUnit: &procura.ResourceIdentifier{Key: "acme"}}))
		if len(d.Associates) != 0 {
			t.Fatalf("bob's division gives him %+v", d.Associates)
		}
		// alice, admin, is given the role: she could have assigned it there.
		alice := w.as("alice@acme.example", "")
		d = must[*procura.BusinessUnit](t)(a.CreateMyBusinessUnit(ctx, alice, procura.MyBusinessUnitDraft{Key: "alices", Name: "Alice's",
			UnitType: procura.UnitTypeDivision, ParentUnit: &procura.ResourceIdentifier{Key: "acme"}}))
		if len(d.Associates) != 1 || d.Associates[0].Customer.ID != alice.CustomerID {
			t.Fatalf("alice's division: %+v", d.Associates)
		}

		// dan is admin of acme alone (inheritance Disabled): he cannot spread it below himself.
		w.associate("acme", "dan@acme.example", "admin", procura.InheritanceDisabled)
		dan := w.customers["dan@acme.example"]
		spread := fmt.Sprintf(`{"action":"changeAssociate","associate":{"customer":{"id":%q},"associateRoleAssignments":[{"associateRole":{"key":"admin"},"inheritance":"Enabled"}]}}`, dan)
		for side, who := range w.buyerSides("dan@acme.example") {
			caller, as := who()
			_, err := a.UpdateAssociateUnit(ctx, caller, as, app.Ref{Key: "acme"}, actions(w.version("acme"), spread))
			if procura.ErrorCode(err) != procura.CodeInvalidOperation {
				t.Errorf("%s: dan spread his own admin role: %v", side, err)
			}
		}
		// Making a colleague's assignment inherit is a new grant: checked as one.
		w.associate("acme", "carol@globex.example", "spender", procura.InheritanceDisabled)
		carol := w.customers["carol@globex.example"]
		inherit := fmt.Sprintf(`{"action":"changeAssociate","associate":{"customer":{"id":%q},"associateRoleAssignments":[{"associateRole":{"key":"spender"},"inheritance":"Enabled"}]}}`, carol)
		_, err := a.UpdateAssociateUnit(ctx, alice, app.Me(alice), app.Ref{Key: "acme"}, actions(w.version("acme"), inherit))
		wantCode(t, err, procura.CodeAssociateMissingPermission) // spender grants ViewOthersOrders, which alice lacks
		must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "acme"}, actions(w.version("acme"), inherit)))
		// The missing-permission error says all of the role's permissions are needed.
		if e, ok := err.(*procura.Error); !ok || e.Message == "" || !strings.Contains(e.Message, "Needs 'ViewOthersOrders'") {
			t.Fatalf("error: %v", err)
		}
	})
}

func TestSeparationOfDuties(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := approvalWorld(t, a, c)
		w.rule("acme", "big-orders", `totalPrice >= "1000.00 EUR"`, `{"tiers":[{"and":[{"or":[{"associateRole":{"key":"ceo"}}]}]}]}`, "buyer-r")
		// bob's cart, placed as an order by cleo (the CEO, who may order her colleagues' carts).
		w.role("orderer", true, procura.CreateOrdersFromOthersCarts)
		w.grant("acme", "cleo@acme.example", "ceo", "orderer")
		d := cartDraft("W-1")
		d.LineItems[0].Quantity = qty(76)
		bob, cleo := w.customers["bob@acme.example"], w.customers["cleo@acme.example"]
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, inUnit(bob, "acme"), d))
		o := must[*procura.Order](t)(a.CreateOrder(ctx, c, inUnit(cleo, "acme"), procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}, Version: &cart.Version}))
		if o.CustomerID != bob || o.PlacedBy() != cleo || o.CreatedBy.ClientID != c.ClientID {
			t.Fatalf("order %s placed by %s: %+v", o.CustomerID, o.PlacedBy(), o.CreatedBy)
		}
		f := w.flowOf(o)
		_, err := w.decide("cleo@acme.example", "acme", f, `{"action":"approve"}`)
		wantCode(t, err, procura.CodeInvalidOperation)
		// Another CEO may.
		w.customer("ceo2@acme.example")
		w.associate("acme", "ceo2@acme.example", "ceo", procura.InheritanceEnabled)
		f = must[*procura.ApprovalFlow](t)(w.decide("ceo2@acme.example", "acme", f, `{"action":"approve"}`))
		if f.Status != procura.FlowApproved {
			t.Fatalf("flow %s", f.Status)
		}
	})
}

func TestListsAgreeWithReads(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		alice, bob := w.customers["alice@acme.example"], w.customers["bob@acme.example"]
		w.role("cart-watcher", true, procura.ViewOthersCarts, procura.ViewOthersOrders)
		own := must[*procura.Cart](t)(a.CreateCart(ctx, c, app.Acting{}, withCustomer(cartDraft("W-1"), bob, "acme")))
		theirs := must[*procura.Cart](t)(a.CreateCart(ctx, c, inUnit(alice, "acme"), cartDraft("W-1")))
		w.grant("acme", "bob@acme.example", "cart-watcher") // now only the Others permissions
		for name, as := range map[string]func() (app.Caller, app.Acting){
			"backend": func() (app.Caller, app.Acting) { return c, inUnit(bob, "acme") },
			"own token": func() (app.Caller, app.Acting) {
				t := w.as("bob@acme.example", "")
				return t, app.AsAssociate(t, bob, "acme")
			},
		} {
			caller, who := as()
			_, err := a.GetCart(ctx, caller, who, app.Ref{ID: own.ID})
			wantCode(t, err, procura.CodeAssociateMissingPermission)
			must[*procura.Cart](t)(a.GetCart(ctx, caller, who, app.Ref{ID: theirs.ID}))
			page := must[*app.Page](t)(a.QueryCarts(ctx, caller, who, app.Query{Limit: 20, Where: []string{`customerId = "` + bob + `"`}}))
			if len(page.Items()) != 0 {
				t.Errorf("%s: the list shows %d of bob's own carts that a read refuses", name, len(page.Items()))
			}
			page = must[*app.Page](t)(a.QueryCarts(ctx, caller, who, app.Query{Limit: 20}))
			if len(page.Items()) != 1 || page.Items()[0]["id"] != theirs.ID {
				t.Errorf("%s: list %v, want alice's cart only", name, page.Items())
			}
		}
	})
}

func TestAnAssociatesErrorsDiscloseNoUnit(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := approvalWorld(t, a, c)
		ruth := w.customers["ruth@acme.example"]
		// A unit that exists elsewhere and one that does not answer alike.
		var codes []string
		for _, unit := range []string{"globex-none", "acme-none"} {
			if unit == "globex-none" {
				w.unit("globex-none", "-")
			}
			var d app.ApprovalRuleDraft
			_, err := a.CreateApprovalRule(ctx, c, inUnit(ruth, unit), d)
			codes = append(codes, procura.ErrorCode(err))
		}
		if codes[0] != codes[1] || codes[0] != procura.CodeAssociateMissingPermission {
			t.Fatalf("codes %v", codes)
		}
	})
}

func TestCustomersReadOnlyPublishedProducts(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		pt := must[*app.Page](t)(a.QueryProductTypes(ctx, c, app.Query{Limit: 1})).Items()[0]["id"].(string)
		draft := must[*procura.Product](t)(a.CreateProduct(ctx, c, procura.ProductDraft{Key: "secret", ProductType: &procura.ResourceIdentifier{ID: pt},
			Name: procura.LocalizedString{"en": "Secret"}, Slug: procura.LocalizedString{"en": "secret"}, MasterVariant: &procura.VariantDraft{SKU: "S-1"}}))
		widget := must[*procura.Product](t)(a.GetProduct(ctx, c, app.Ref{Key: "widget"}))
		must[*procura.Product](t)(a.UpdateProduct(ctx, c, app.Ref{Key: "widget"}, actions(widget.Version, `{"action":"changeName","name":{"en":"Next year's widget"}}`)))
		alice := w.as("alice@acme.example", "")

		_, err := a.GetProduct(ctx, alice, app.Ref{ID: draft.ID})
		wantCode(t, err, procura.CodeResourceNotFound)
		must[*procura.Product](t)(a.GetProduct(ctx, c, app.Ref{ID: draft.ID})) // the seller reads it
		got := must[*procura.Product](t)(a.GetProduct(ctx, alice, app.Ref{Key: "widget"}))
		if got.MasterData.Staged.Name["en"] != "widget" || got.MasterData.HasStagedChanges {
			t.Fatalf("a customer sees the staged widget: %+v", got.MasterData.Staged.Name)
		}
		page := must[*app.Page](t)(a.QueryProducts(ctx, alice, app.Query{Limit: 20}))
		for _, m := range page.Items() {
			md := m["masterData"].(map[string]any)
			if m["key"] == "secret" || md["staged"].(map[string]any)["name"].(map[string]any)["en"] == "Next year's widget" || md["hasStagedChanges"] != false {
				t.Fatalf("a customer's list shows unpublished data: %v", m["key"])
			}
		}
		if len(page.Items()) != 2 {
			t.Fatalf("a customer lists %d products, want the 2 published", len(page.Items()))
		}
		if all := must[*app.Page](t)(a.QueryProducts(ctx, c, app.Query{Limit: 20})); len(all.Items()) != 3 {
			t.Fatalf("the seller lists %d products, want 3", len(all.Items()))
		}
	})
}

// TestMyListsAgreeWithMyReads: a customer who left a unit still lists and reads, through /me,
// the cart they made there, and no longer changes it.
func TestMyListsAgreeWithMyReads(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		w.grant("acme", "bob@acme.example", "shopper")
		bob := w.as("bob@acme.example", "")
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, bob, app.Me(bob), withCustomer(cartDraft("W-1"), bob.CustomerID, "acme")))
		must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "acme"}, actions(w.version("acme"),
			`{"action":"removeAssociate","customer":{"typeId":"customer","id":"`+bob.CustomerID+`"}}`)))
		page := must[*app.Page](t)(a.QueryCarts(ctx, bob, app.Me(bob), app.Query{Limit: 20}))
		if len(page.Items()) != 1 || page.Items()[0]["id"] != cart.ID {
			t.Fatalf("bob's carts: %v", page.Items())
		}
		must[*procura.Cart](t)(a.GetCart(ctx, bob, app.Me(bob), app.Ref{ID: cart.ID}))
		_, err := a.UpdateCart(ctx, bob, app.Me(bob), app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"setPurchaseOrderNumber","purchaseOrderNumber":"X"}`))
		wantCode(t, err, procura.CodeResourceNotFound)
	})
}

// TestRoleChangesReachEveryNodeAtOnce: two nodes over one database; a node that decided with a
// role's permissions decides with the new ones as soon as another node changed the role.
func TestRoleChangesReachEveryNodeAtOnce(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		other := app.New(a.Store)
		alice := w.customers["alice@acme.example"]
		bobs := w.placeOrder("bob@acme.example", "acme")
		w.role("watcher", true, procura.ViewOthersOrders)
		w.grant("acme", "alice@acme.example", "shopper", "watcher")
		sees := func(node *app.App) bool {
			page := must[*app.Page](t)(node.QueryOrders(ctx, c, inUnit(alice, "acme"), app.Query{Limit: 20}))
			for _, m := range page.Items() {
				if m["id"] == bobs.ID {
					return true
				}
			}
			return false
		}
		if !sees(a) || !sees(other) { // both nodes now hold the role table with the permission
			t.Fatal("alice does not see bob's order with ViewOthersOrders")
		}
		role := must[*procura.AssociateRole](t)(other.GetAssociateRole(ctx, c, app.Ref{Key: "watcher"}))
		must[*procura.AssociateRole](t)(other.UpdateAssociateRole(ctx, c, app.Ref{Key: "watcher"},
			actions(role.Version, `{"action":"removePermission","permission":"ViewOthersOrders"}`)))
		if sees(a) {
			t.Fatal("node A still shows bob's order after node B took the permission from the role")
		}
		must[*procura.AssociateRole](t)(a.DeleteAssociateRole(ctx, c, app.Ref{Key: "spender"}, 1))
		w.role("spender", true, procura.ViewOthersOrders) // deleted and made again on A: B sees it
		w.grant("acme", "alice@acme.example", "shopper", "spender")
		if !sees(other) {
			t.Fatal("node B does not see the role made again on node A")
		}
	})
}

// TestResourcesAreBounded: a custom field value and a stored resource have a largest size; past
// either, the change is a 400 naming the bound, and nothing is written.
func TestResourcesAreBounded(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := newWorld(t, a, c)
		w.customType("sizes", "customer", "huge:String", "aa:String", "bb:String", "cc:String")
		id := w.customer("ann@example.com")
		setType := func(fields string) error {
			cu := must[*procura.Customer](t)(a.GetCustomer(ctx, c, app.Ref{ID: id}))
			_, err := a.UpdateCustomer(ctx, c, app.Ref{ID: id}, actions(cu.Version, `{"action":"setCustomType","type":{"key":"sizes"},"fields":{`+fields+`}}`))
			return err
		}
		field := func(name string, n int) string { return `"` + name + `":"` + strings.Repeat("x", n) + `"` }
		err := setType(field("huge", procura.MaxCustomFieldBytes))
		wantCode(t, err, procura.CodeInvalidInput)
		if !strings.Contains(err.Error(), "huge") {
			t.Fatalf("the error names the field: %v", err)
		}
		a.Store.(interface{ SetMaxDocumentBytes(int) }).SetMaxDocumentBytes(8 << 10)
		err = setType(field("aa", 3000) + "," + field("bb", 3000) + "," + field("cc", 3000))
		wantCode(t, err, procura.CodeInvalidInput)
		if !strings.Contains(err.Error(), "max-document-size") {
			t.Fatalf("the error names the bound: %v", err)
		}
		if cu := must[*procura.Customer](t)(a.GetCustomer(ctx, c, app.Ref{ID: id})); cu.Version != 1 || cu.Custom != nil {
			t.Fatalf("the refused change was written: %+v", cu)
		}
		if err := setType(field("aa", 3000)); err != nil {
			t.Fatalf("within the bounds: %v", err)
		}
	})
}
