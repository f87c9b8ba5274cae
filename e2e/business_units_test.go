package e2e

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

var (
	adminPerms = []platform.Permission{
		platform.PermissionAddChildUnits, platform.PermissionUpdateBusinessUnitDetails,
		platform.PermissionUpdateAssociates, platform.PermissionCreateMyCarts,
		platform.PermissionViewMyOrders, platform.PermissionViewOthersOrders,
		platform.PermissionUpdateApprovalFlows,
	}
	buyerPerms = []platform.Permission{
		platform.PermissionCreateMyCarts, platform.PermissionUpdateMyCarts,
		platform.PermissionViewMyCarts, platform.PermissionCreateMyOrdersFromMyCarts,
		platform.PermissionViewMyOrders,
	}
	approverPerms = []platform.Permission{
		platform.PermissionViewOthersOrders, platform.PermissionUpdateApprovalFlows,
	}
)

// b2b holds what the scenario has created so far.
type b2b struct {
	c                 *platform.ByProjectKeyRequestBuilder
	roles             map[string]*platform.AssociateRole
	alice, bob, carol string // customer ids
	acmeID, engID     string
	acmeVersion       int
}

// TestB2BScenario is the foundation's proof with a real client: the official commercetools Go SDK
// sets up roles, a store, a company with two divisions, customers and associates, and reads back
// inheritance, permissions, optimistic locking, scopes and queries.
func TestB2BScenario(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		f := &b2b{c: s.adminSDK(t), roles: map[string]*platform.AssociateRole{}}
		steps := []struct {
			name string
			run  func(t *testing.T)
		}{
			{"associate roles", f.createRoles},
			{"store", f.createStore},
			{"company and divisions", f.createUnits},
			{"customers", f.createCustomers},
			{"associates and inheritance", f.addAssociates},
			{"associate permissions", f.associatePermissions},
			{"stale version", f.staleVersion},
			{"view-only scope", func(t *testing.T) { f.viewOnlyScope(t, s) }},
			{"queries and expansion", f.queries},
		}
		for _, st := range steps {
			if !t.Run(st.name, st.run) {
				t.Fatalf("step %q failed; later steps depend on it", st.name)
			}
		}
	})
}

func (f *b2b) createRoles(t *testing.T) {
	ctx := context.Background()
	for _, r := range []struct {
		key   string
		perms []platform.Permission
	}{{"admin", adminPerms}, {"buyer", buyerPerms}, {"approver", approverPerms}} {
		got, err := f.c.AssociateRoles().Post(platform.AssociateRoleDraft{
			Key:         r.key,
			Name:        ptr("Role " + r.key),
			Permissions: r.perms,
		}).Execute(ctx)
		if err != nil {
			t.Fatalf("create role %s: %v", r.key, err)
		}
		if got.ID == "" || got.Key != r.key || got.Version != 1 {
			t.Errorf("role %s: id %q key %q version %d, want an id, key %q, version 1", r.key, got.ID, got.Key, got.Version, r.key)
		}
		if got.Name == nil || *got.Name != "Role "+r.key {
			t.Errorf("role %s: name %v", r.key, deref(got.Name))
		}
		if !got.BuyerAssignable {
			t.Errorf("role %s: buyerAssignable = false, want the default true", r.key)
		}
		samePerms(t, "role "+r.key, got.Permissions, r.perms)
		f.roles[r.key] = got
	}
	// Read one back by key: the same object.
	admin, err := f.c.AssociateRoles().WithKey("admin").Get().Execute(ctx)
	if err != nil {
		t.Fatalf("get role admin: %v", err)
	}
	if admin.ID != f.roles["admin"].ID || !admin.BuyerAssignable {
		t.Errorf("GET key=admin: id %q buyerAssignable %v, want id %q and true", admin.ID, admin.BuyerAssignable, f.roles["admin"].ID)
	}
	samePerms(t, "GET key=admin", admin.Permissions, adminPerms)
}

func (f *b2b) createStore(t *testing.T) {
	st, err := f.c.Stores().Post(platform.StoreDraft{
		Key:  "main-store",
		Name: &platform.LocalizedString{"en": "Main Store"},
	}).Execute(context.Background())
	if err != nil {
		t.Fatalf("create store: %v", err)
	}
	if st.ID == "" || st.Key != "main-store" || st.Version != 1 {
		t.Errorf("store: id %q key %q version %d", st.ID, st.Key, st.Version)
	}
	if st.Name == nil || (*st.Name)["en"] != "Main Store" {
		t.Errorf("store name = %v, want en: Main Store", deref(st.Name))
	}
}

func (f *b2b) createUnits(t *testing.T) {
	ctx := context.Background()
	res, err := f.c.BusinessUnits().Post(platform.CompanyDraft{
		Key:          "acme",
		Name:         "ACME Inc.",
		ContactEmail: ptr("purchasing@acme.example"),
		Addresses: []platform.BaseAddress{{
			Key: ptr("hq"), Country: "US", City: ptr("Springfield"), StreetName: ptr("Main Street"),
		}},
		Stores: []platform.StoreResourceIdentifier{{Key: ptr("main-store")}},
	}).Execute(ctx)
	if err != nil {
		t.Fatalf("create company acme: %v", err)
	}
	acme := asCompany(t, res)
	f.acmeID, f.acmeVersion = acme.ID, acme.Version
	if acme.ID == "" || acme.Key != "acme" || acme.Name != "ACME Inc." || acme.Version != 1 {
		t.Errorf("acme: id %q key %q name %q version %d", acme.ID, acme.Key, acme.Name, acme.Version)
	}
	if acme.ContactEmail == nil || *acme.ContactEmail != "purchasing@acme.example" {
		t.Errorf("acme contactEmail = %v", deref(acme.ContactEmail))
	}
	if acme.Status != platform.BusinessUnitStatusActive {
		t.Errorf("acme status = %q, want Active", acme.Status)
	}
	if acme.StoreMode != platform.BusinessUnitStoreModeExplicit || acme.AssociateMode != platform.BusinessUnitAssociateModeExplicit ||
		acme.ApprovalRuleMode != platform.BusinessUnitApprovalRuleModeExplicit {
		t.Errorf("acme modes = %s/%s/%s, want Explicit for all three", acme.StoreMode, acme.AssociateMode, acme.ApprovalRuleMode)
	}
	if got := storeKeys(acme.Stores); !slices.Equal(got, []string{"main-store"}) {
		t.Errorf("acme stores = %v, want [main-store]", got)
	}
	if acme.TopLevelUnit.Key != "acme" || acme.ParentUnit != nil {
		t.Errorf("acme topLevelUnit %q parentUnit %v, want acme and none", acme.TopLevelUnit.Key, acme.ParentUnit)
	}
	if len(acme.Addresses) != 1 || acme.Addresses[0].Country != "US" || acme.Addresses[0].ID == nil || *acme.Addresses[0].ID == "" {
		t.Errorf("acme addresses = %+v, want one US address with a server-made id", acme.Addresses)
	}
	if len(acme.Associates) != 0 {
		t.Errorf("acme associates = %+v, want none", acme.Associates)
	}

	for _, key := range []string{"acme-eng", "acme-mkt"} {
		res, err := f.c.BusinessUnits().Post(platform.DivisionDraft{
			Key:        key,
			Name:       "ACME " + key,
			ParentUnit: platform.BusinessUnitResourceIdentifier{Key: ptr("acme")},
		}).Execute(ctx)
		if err != nil {
			t.Fatalf("create division %s: %v", key, err)
		}
		d := asDivision(t, res)
		if key == "acme-eng" {
			f.engID = d.ID
		}
		checkDivisionDefaults(t, d, key)
	}
	// The same, read back by key.
	res, err = f.c.BusinessUnits().WithKey("acme-mkt").Get().Execute(ctx)
	if err != nil {
		t.Fatalf("get acme-mkt: %v", err)
	}
	checkDivisionDefaults(t, asDivision(t, res), "acme-mkt")
}

func checkDivisionDefaults(t *testing.T, d platform.Division, key string) {
	t.Helper()
	if d.ID == "" || d.Key != key || d.Version != 1 || d.Status != platform.BusinessUnitStatusActive {
		t.Errorf("%s: id %q key %q version %d status %q", key, d.ID, d.Key, d.Version, d.Status)
	}
	if d.StoreMode != platform.BusinessUnitStoreModeFromParent {
		t.Errorf("%s storeMode = %q, want FromParent", key, d.StoreMode)
	}
	if d.AssociateMode != platform.BusinessUnitAssociateModeExplicitAndFromParent {
		t.Errorf("%s associateMode = %q, want ExplicitAndFromParent", key, d.AssociateMode)
	}
	if d.ApprovalRuleMode != platform.BusinessUnitApprovalRuleModeExplicitAndFromParent {
		t.Errorf("%s approvalRuleMode = %q, want ExplicitAndFromParent", key, d.ApprovalRuleMode)
	}
	if d.ParentUnit.Key != "acme" || d.TopLevelUnit.Key != "acme" {
		t.Errorf("%s parentUnit %q topLevelUnit %q, want acme and acme", key, d.ParentUnit.Key, d.TopLevelUnit.Key)
	}
	if got := storeKeys(d.InheritedStores); !slices.Equal(got, []string{"main-store"}) {
		t.Errorf("%s inheritedStores = %v, want [main-store]", key, got)
	}
	if len(d.Stores) != 0 {
		t.Errorf("%s stores = %v, want none (storeMode FromParent)", key, storeKeys(d.Stores))
	}
}

func (f *b2b) createCustomers(t *testing.T) {
	for _, c := range []struct {
		email string
		id    *string
	}{{"alice@acme.example", &f.alice}, {"bob@acme.example", &f.bob}, {"carol@acme.example", &f.carol}} {
		password := "Pw-" + c.email
		res, err := f.c.Customers().Post(platform.CustomerDraft{
			Email: c.email, Password: ptr(password), FirstName: ptr("E2E"),
		}).Execute(context.Background())
		if err != nil {
			t.Fatalf("create customer %s: %v", c.email, err)
		}
		cu := res.Customer
		if cu.ID == "" || cu.Email != c.email || cu.Version != 1 {
			t.Errorf("customer %s: id %q email %q version %d", c.email, cu.ID, cu.Email, cu.Version)
		}
		if cu.Password != nil && *cu.Password == password {
			t.Errorf("customer %s: the response carries the plain-text password", c.email)
		}
		if res.Cart != nil {
			t.Errorf("customer %s: sign-in result has a cart, want none", c.email)
		}
		*c.id = cu.ID
	}
}

func addAssociate(customerID, role string, inheritance *platform.AssociateRoleInheritanceMode) platform.BusinessUnitAddAssociateAction {
	return platform.BusinessUnitAddAssociateAction{Associate: platform.AssociateDraft{
		Customer: platform.CustomerResourceIdentifier{ID: ptr(customerID)},
		AssociateRoleAssignments: []platform.AssociateRoleAssignmentDraft{{
			AssociateRole: platform.AssociateRoleResourceIdentifier{Key: ptr(role)},
			Inheritance:   inheritance,
		}},
	}}
}

func (f *b2b) addAssociates(t *testing.T) {
	ctx := context.Background()
	enabled, disabled := platform.AssociateRoleInheritanceModeEnabled, platform.AssociateRoleInheritanceModeDisabled
	for _, a := range []struct {
		who         string
		id, role    string
		inheritance *platform.AssociateRoleInheritanceMode
		want        platform.AssociateRoleInheritanceMode
	}{
		{"alice", f.alice, "admin", &enabled, enabled},
		{"bob", f.bob, "buyer", &disabled, disabled},
		{"carol", f.carol, "approver", nil, disabled}, // inheritance defaults to Disabled
	} {
		res, err := f.c.BusinessUnits().WithKey("acme").Post(platform.BusinessUnitUpdate{
			Version: f.acmeVersion,
			Actions: []platform.BusinessUnitUpdateAction{addAssociate(a.id, a.role, a.inheritance)},
		}).Execute(ctx)
		if err != nil {
			t.Fatalf("addAssociate %s: %v", a.who, err)
		}
		acme := asCompany(t, res)
		if acme.Version != f.acmeVersion+1 {
			t.Errorf("addAssociate %s: version %d, want %d", a.who, acme.Version, f.acmeVersion+1)
		}
		f.acmeVersion = acme.Version
		found := false
		for _, as := range acme.Associates {
			if as.Customer.ID != a.id {
				continue
			}
			found = true
			if len(as.AssociateRoleAssignments) != 1 || as.AssociateRoleAssignments[0].AssociateRole.Key != a.role ||
				as.AssociateRoleAssignments[0].Inheritance != a.want {
				t.Errorf("acme associate %s = %+v, want role %s inheritance %s", a.who, as.AssociateRoleAssignments, a.role, a.want)
			}
		}
		if !found {
			t.Errorf("acme associates %+v lack %s", acme.Associates, a.who)
		}
	}

	// Inheritance is visible right away on both divisions: alice (Enabled) only.
	for _, key := range []string{"acme-eng", "acme-mkt"} {
		res, err := f.c.BusinessUnits().WithKey(key).Get().Execute(ctx)
		if err != nil {
			t.Fatalf("get %s: %v", key, err)
		}
		d := asDivision(t, res)
		if len(d.Associates) != 0 {
			t.Errorf("%s explicit associates = %+v, want none", key, d.Associates)
		}
		var aliceSeen bool
		for _, ia := range d.InheritedAssociates {
			switch ia.Customer.ID {
			case f.alice:
				aliceSeen = true
				if len(ia.AssociateRoleAssignments) != 1 {
					t.Errorf("%s inherited alice assignments = %+v, want exactly one", key, ia.AssociateRoleAssignments)
					continue
				}
				got := ia.AssociateRoleAssignments[0]
				if got.AssociateRole.Key != "admin" || got.Source.Key != "acme" {
					t.Errorf("%s inherited alice = role %q source %q, want admin from acme", key, got.AssociateRole.Key, got.Source.Key)
				}
			case f.bob:
				t.Errorf("%s inherits bob, whose assignment has inheritance Disabled", key)
			case f.carol:
				t.Errorf("%s inherits carol, whose assignment defaulted to inheritance Disabled", key)
			default:
				t.Errorf("%s inherits unknown customer %s", key, ia.Customer.ID)
			}
		}
		if !aliceSeen {
			t.Errorf("%s inheritedAssociates = %+v, want alice with admin from acme", key, d.InheritedAssociates)
		}
	}
}

func (f *b2b) associatePermissions(t *testing.T) {
	ctx := context.Background()
	check := func(what string, res *platform.BusinessUnitAssociateResponse, customer string, explicit, inherited []string, perms []platform.Permission) {
		t.Helper()
		if res.Customer.ID != customer {
			t.Errorf("%s: customer %q, want %q", what, res.Customer.ID, customer)
		}
		for _, side := range []struct {
			name string
			got  []platform.AssociateRole
			want []string
		}{{"associateRoles", res.AssociateRoles, explicit}, {"inheritedAssociateRoles", res.InheritedAssociateRoles, inherited}} {
			keys := []string{}
			for _, r := range side.got {
				keys = append(keys, r.Key)
				if want := f.roles[r.Key]; want != nil {
					if r.ID != want.ID {
						t.Errorf("%s: %s role %s has id %q, want %q", what, side.name, r.Key, r.ID, want.ID)
					}
					samePerms(t, what+" "+side.name+" "+r.Key, r.Permissions, want.Permissions)
				}
			}
			slices.Sort(keys)
			if !slices.Equal(keys, side.want) {
				t.Errorf("%s: %s = %v, want %v", what, side.name, keys, side.want)
			}
		}
		samePerms(t, what, res.Permissions, perms)
	}

	res, err := f.c.BusinessUnits().KeyWithKeyValueAssociatesWithAssociateIdValue("acme-eng", f.alice).Get().Execute(ctx)
	if err != nil {
		t.Fatalf("GET key=acme-eng/associates/alice: %v", err)
	}
	check("alice in acme-eng (by key)", res, f.alice, []string{}, []string{"admin"}, adminPerms)

	res, err = f.c.BusinessUnits().WithBusinessUnitIdValueAssociatesWithAssociateIdValue(f.engID, f.alice).Get().Execute(ctx)
	if err != nil {
		t.Fatalf("GET {acme-eng id}/associates/alice: %v", err)
	}
	check("alice in acme-eng (by id)", res, f.alice, []string{}, []string{"admin"}, adminPerms)

	res, err = f.c.BusinessUnits().KeyWithKeyValueAssociatesWithAssociateIdValue("acme", f.alice).Get().Execute(ctx)
	if err != nil {
		t.Fatalf("GET key=acme/associates/alice: %v", err)
	}
	check("alice in acme", res, f.alice, []string{"admin"}, []string{}, adminPerms)

	res, err = f.c.BusinessUnits().KeyWithKeyValueAssociatesWithAssociateIdValue("acme", f.bob).Get().Execute(ctx)
	if err != nil {
		t.Fatalf("GET key=acme/associates/bob: %v", err)
	}
	check("bob in acme", res, f.bob, []string{"buyer"}, []string{}, buyerPerms)

	res, err = f.c.BusinessUnits().WithBusinessUnitIdValueAssociatesWithAssociateIdValue(f.acmeID, f.bob).Get().Execute(ctx)
	if err != nil {
		t.Fatalf("GET {acme id}/associates/bob: %v", err)
	}
	check("bob in acme (by id)", res, f.bob, []string{"buyer"}, []string{}, buyerPerms)
}

func (f *b2b) staleVersion(t *testing.T) {
	ctx := context.Background()
	stale := f.acmeVersion - 1
	_, err := f.c.BusinessUnits().WithKey("acme").Post(platform.BusinessUnitUpdate{
		Version: stale,
		Actions: []platform.BusinessUnitUpdateAction{platform.BusinessUnitChangeNameAction{Name: "Stale Name"}},
	}).Execute(ctx)
	er := sdkError(t, err, 409)
	cm, ok := er.Errors[0].(platform.ConcurrentModificationError)
	if !ok {
		t.Fatalf("errors[0] is %T %+v, want platform.ConcurrentModificationError", er.Errors[0], er.Errors[0])
	}
	if cm.CurrentVersion == nil || *cm.CurrentVersion != f.acmeVersion {
		t.Errorf("currentVersion = %v, want %d", deref(cm.CurrentVersion), f.acmeVersion)
	}
	if cm.Message == "" || er.Message != cm.Message {
		t.Errorf("message %q / errors[0].message %q: want equal and non-empty", er.Message, cm.Message)
	}

	// Nothing was written.
	res, err := f.c.BusinessUnits().WithId(f.acmeID).Get().Execute(ctx)
	if err != nil {
		t.Fatalf("get acme by id: %v", err)
	}
	acme := asCompany(t, res)
	if acme.Version != f.acmeVersion || acme.Name != "ACME Inc." {
		t.Errorf("after the 409 acme is version %d name %q, want %d and ACME Inc.", acme.Version, acme.Name, f.acmeVersion)
	}

	// The current version still works, and bumps the version by one.
	res, err = f.c.BusinessUnits().WithId(f.acmeID).Post(platform.BusinessUnitUpdate{
		Version: f.acmeVersion,
		Actions: []platform.BusinessUnitUpdateAction{platform.BusinessUnitChangeNameAction{Name: "ACME Incorporated"}},
	}).Execute(ctx)
	if err != nil {
		t.Fatalf("changeName with the current version: %v", err)
	}
	acme = asCompany(t, res)
	if acme.Name != "ACME Incorporated" || acme.Version != f.acmeVersion+1 {
		t.Errorf("after changeName: name %q version %d, want ACME Incorporated and %d", acme.Name, acme.Version, f.acmeVersion+1)
	}
	f.acmeVersion = acme.Version
}

func (f *b2b) viewOnlyScope(t *testing.T, s *server) {
	ctx := context.Background()
	view := s.scopedSDK(t, "view_business_units:"+s.project)

	res, err := view.BusinessUnits().WithKey("acme").Get().Execute(ctx)
	if err != nil {
		t.Fatalf("view-only GET key=acme: %v", err)
	}
	if k, v := buKeyVersion(t, res); k != "acme" || v != f.acmeVersion {
		t.Errorf("view-only GET: key %q version %d, want acme and %d", k, v, f.acmeVersion)
	}
	page, err := view.BusinessUnits().Get().Execute(ctx)
	if err != nil {
		t.Fatalf("view-only query: %v", err)
	}
	if got := sortedKeys(t, page.Results); !slices.Equal(got, []string{"acme", "acme-eng", "acme-mkt"}) {
		t.Errorf("view-only query keys = %v, want [acme acme-eng acme-mkt]", got)
	}

	_, err = view.BusinessUnits().Post(platform.CompanyDraft{Key: "view-made", Name: "Should not exist"}).Execute(ctx)
	er := sdkError(t, err, 403)
	if _, ok := er.Errors[0].(platform.InsufficientScopeError); !ok {
		t.Errorf("errors[0] is %T %+v, want platform.InsufficientScopeError (code insufficient_scope)", er.Errors[0], er.Errors[0])
	}
	_, err = view.BusinessUnits().WithKey("acme").Post(platform.BusinessUnitUpdate{
		Version: f.acmeVersion,
		Actions: []platform.BusinessUnitUpdateAction{platform.BusinessUnitChangeNameAction{Name: "View Made"}},
	}).Execute(ctx)
	er = sdkError(t, err, 403)
	if _, ok := er.Errors[0].(platform.InsufficientScopeError); !ok {
		t.Errorf("update: errors[0] is %T %+v, want platform.InsufficientScopeError", er.Errors[0], er.Errors[0])
	}
	// A view-only client may not read associate roles either (no view_associate_roles).
	_, err = view.AssociateRoles().Get().Execute(ctx)
	sdkError(t, err, 403)

	// Nothing was written.
	if _, err := f.c.BusinessUnits().WithKey("view-made").Get().Execute(ctx); !errors.Is(err, platform.ErrNotFound) {
		t.Errorf("GET key=view-made after the 403: err %v, want platform.ErrNotFound", err)
	}
	res, err = f.c.BusinessUnits().WithKey("acme").Get().Execute(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if k, v := buKeyVersion(t, res); k != "acme" || v != f.acmeVersion {
		t.Errorf("acme after the 403 update: version %d, want %d", v, f.acmeVersion)
	}
}

func (f *b2b) queries(t *testing.T) {
	ctx := context.Background()
	page, err := f.c.BusinessUnits().Get().Where([]string{`parentUnit(key="acme")`}).Execute(ctx)
	if err != nil {
		t.Fatalf(`where parentUnit(key="acme"): %v`, err)
	}
	if got := sortedKeys(t, page.Results); !slices.Equal(got, []string{"acme-eng", "acme-mkt"}) {
		t.Errorf(`where parentUnit(key="acme") = %v, want [acme-eng acme-mkt]`, got)
	}
	if page.Count != 2 || page.Total == nil || *page.Total != 2 || page.Offset != 0 || page.Limit != 20 {
		t.Errorf("page count %d total %v offset %d limit %d, want 2, 2, 0, 20", page.Count, deref(page.Total), page.Offset, page.Limit)
	}
	for _, r := range page.Results {
		if _, ok := r.(platform.Division); !ok {
			t.Errorf("query result is %T, want platform.Division", r)
		}
	}

	page, err = f.c.BusinessUnits().Get().
		Where([]string{`associates(customer(id="` + f.alice + `"))`}).
		Expand([]string{"associates[*].customer"}).
		Execute(ctx)
	if err != nil {
		t.Fatalf("where associates(customer(id=alice)) with expand: %v", err)
	}
	if got := sortedKeys(t, page.Results); !slices.Equal(got, []string{"acme"}) {
		t.Fatalf("where associates(customer(id=alice)) = %v, want [acme]", got)
	}
	acme, ok := page.Results[0].(platform.Company)
	if !ok {
		t.Fatalf("query result is %T, want platform.Company", page.Results[0])
	}
	checkExpandedAssociates(t, acme, map[string]string{
		f.alice: "alice@acme.example", f.bob: "bob@acme.example", f.carol: "carol@acme.example",
	})

	// Expansion on GET by key as well; without expand, obj stays away.
	res, err := f.c.BusinessUnits().WithKey("acme").Get().Expand([]string{"associates[*].customer"}).Execute(ctx)
	if err != nil {
		t.Fatalf("GET key=acme with expand: %v", err)
	}
	checkExpandedAssociates(t, asCompany(t, res), map[string]string{
		f.alice: "alice@acme.example", f.bob: "bob@acme.example", f.carol: "carol@acme.example",
	})
	res, err = f.c.BusinessUnits().WithKey("acme").Get().Execute(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range asCompany(t, res).Associates {
		if a.Customer.Obj != nil {
			t.Errorf("GET without expand: associate %s has obj", a.Customer.ID)
		}
	}

	// A predicate that matches nothing.
	page, err = f.c.BusinessUnits().Get().Where([]string{`parentUnit(key="acme-eng")`}).Execute(ctx)
	if err != nil {
		t.Fatalf(`where parentUnit(key="acme-eng"): %v`, err)
	}
	if page.Count != 0 || len(page.Results) != 0 {
		t.Errorf(`where parentUnit(key="acme-eng"): count %d, %d results, want none`, page.Count, len(page.Results))
	}
}

func checkExpandedAssociates(t *testing.T, acme platform.Company, emails map[string]string) {
	t.Helper()
	if len(acme.Associates) != len(emails) {
		t.Errorf("acme has %d associates, want %d", len(acme.Associates), len(emails))
	}
	for _, a := range acme.Associates {
		want, known := emails[a.Customer.ID]
		switch {
		case !known:
			t.Errorf("unexpected associate %s", a.Customer.ID)
		case a.Customer.Obj == nil:
			t.Errorf("associate %s: customer not expanded (no obj)", a.Customer.ID)
		case a.Customer.Obj.ID != a.Customer.ID || a.Customer.Obj.Email != want:
			t.Errorf("associate %s: obj id %q email %q, want %q", a.Customer.ID, a.Customer.Obj.ID, a.Customer.Obj.Email, want)
		}
	}
}
