package e2e

import (
	"context"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// TestMyBusinessUnits drives /me/business-units with the official SDK and customers' password-flow
// tokens: which units each customer sees, creation with the project's role and status, and the
// Business Unit permission checks of each update action.
func TestMyBusinessUnits(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		w := standardWorld(t, s)
		alice, aliceTok := s.passwordSDK(t, emailOf("alice"), passwordOf("alice"))
		bob, _ := s.passwordSDK(t, emailOf("bob"), passwordOf("bob"))
		gary, _ := s.passwordSDK(t, emailOf("gary"), passwordOf("gary"))

		t.Run("customer token scopes", func(t *testing.T) {
			scope, _ := aliceTok.Extra("scope").(string)
			sc := strings.Fields(scope)
			for _, want := range []string{"customer_id:" + w.ids["alice"], "manage_my_business_units:" + s.project, "manage_my_profile:" + s.project} {
				if !slices.Contains(sc, want) {
					t.Errorf("scope %q lacks %q", scope, want)
				}
			}
			for _, s := range sc {
				if strings.HasPrefix(s, "manage_project") || strings.HasPrefix(s, "manage_business_units") || strings.HasPrefix(s, "manage_customers") {
					t.Errorf("customer token carries the client's scope %q (scope %q)", s, scope)
				}
			}
			if aliceTok.RefreshToken == "" {
				t.Error("password grant gave no refresh_token")
			}
			// The client's wide scopes are refused on the customer's behalf.
			r := s.do(t, http.MethodGet, w.path("/business-units"), aliceTok.AccessToken, nil)
			expectErrorCode(t, r, "insufficient_scope", http.StatusForbidden)
		})

		t.Run("query lists only own units", func(t *testing.T) {
			for _, c := range []struct {
				who  string
				sdk  *platform.ByProjectKeyRequestBuilder
				want []string
			}{{"alice", alice, []string{"acme", "acme-eng"}}, {"bob", bob, []string{"acme", "acme-eng"}}, {"gary", gary, []string{"globex"}}} {
				res, err := c.sdk.Me().BusinessUnits().Get().Execute(ctx)
				if err != nil {
					t.Fatalf("%s: query: %v", c.who, err)
				}
				if got := sortedKeys(t, res.Results); !slices.Equal(got, c.want) || res.Count != len(c.want) {
					t.Errorf("%s: /me/business-units = %v (count %d), want %v", c.who, got, res.Count, c.want)
				}
			}
			res, err := alice.Me().BusinessUnits().Get().Where([]string{`key = "acme-eng"`}).Execute(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got := sortedKeys(t, res.Results); !slices.Equal(got, []string{"acme-eng"}) {
				t.Errorf("where key = acme-eng: %v", got)
			}
			res, err = alice.Me().BusinessUnits().Get().Where([]string{`key = "globex"`}).Execute(ctx)
			if err != nil || len(res.Results) != 0 {
				t.Errorf("where key = globex: %v, err %v; want nothing", sortedKeys(t, res.Results), err)
			}
		})

		t.Run("get by key and id", func(t *testing.T) {
			res, err := alice.Me().BusinessUnits().WithKey("acme").Get().Execute(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if c := asCompany(t, res); c.ID != w.units["acme"] {
				t.Errorf("acme id %q, want %q", c.ID, w.units["acme"])
			}
			res, err = bob.Me().BusinessUnits().WithId(w.units["acme-eng"]).Get().Execute(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if d := asDivision(t, res); d.Key != "acme-eng" || d.ParentUnit.Key != "acme" {
				t.Errorf("acme-eng: key %q parent %q", d.Key, d.ParentUnit.Key)
			}
			_, err = alice.Me().BusinessUnits().WithKey("globex").Get().Execute(ctx)
			notFound(t, "alice GET key=globex", err)
			_, err = alice.Me().BusinessUnits().WithId(w.units["globex"]).Get().Execute(ctx)
			notFound(t, "alice GET globex by id", err)
			_, err = gary.Me().BusinessUnits().WithKey("acme-eng").Get().Execute(ctx)
			notFound(t, "gary GET key=acme-eng", err)
		})

		t.Run("create needs the project's role", func(t *testing.T) {
			_, err := alice.Me().BusinessUnits().Post(platform.MyCompanyDraft{Key: "alice-co", Name: "Alice Co"}).Execute(ctx)
			er := sdkError(t, err, http.StatusBadRequest)
			if _, ok := er.Errors[0].(platform.InvalidOperationError); !ok {
				t.Errorf("errors[0] = %T %+v, want InvalidOperation", er.Errors[0], er.Errors[0])
			}
			r := s.do(t, http.MethodGet, w.path("/business-units/key=alice-co"), w.admin, nil)
			expectErrorCode(t, r, "ResourceNotFound", http.StatusNotFound)
		})

		w.project(t, `{"action":"setMyBusinessUnitAssociateRoleOnCreation","associateRole":{"typeId":"associate-role","key":"owner"}}`)

		t.Run("create Company: Inactive by default, creator is owner", func(t *testing.T) {
			res, err := alice.Me().BusinessUnits().Post(platform.MyCompanyDraft{Key: "alice-co", Name: "Alice Co", ContactEmail: ptr("a@alice.example")}).Execute(ctx)
			if err != nil {
				t.Fatalf("create: %v", err)
			}
			c := asCompany(t, res)
			if c.Key != "alice-co" || c.Name != "Alice Co" || c.Version != 1 || c.Status != platform.BusinessUnitStatusInactive {
				t.Errorf("alice-co: key %q name %q version %d status %q, want alice-co, Alice Co, 1, Inactive", c.Key, c.Name, c.Version, c.Status)
			}
			want := map[string][]string{w.ids["alice"]: {"owner"}}
			if got := typedRoles(c.Associates); !reflect.DeepEqual(got, want) {
				t.Errorf("alice-co associates = %v, want %v", got, want)
			}
			if len(c.Associates) == 1 && (len(c.Associates[0].AssociateRoleAssignments) != 1 || c.Associates[0].AssociateRoleAssignments[0].Inheritance != platform.AssociateRoleInheritanceModeEnabled) {
				t.Errorf("creator's assignment = %+v, want one with inheritance Enabled", c.Associates[0].AssociateRoleAssignments)
			}
			// An Inactive unit cannot be changed through /me.
			_, err = alice.Me().BusinessUnits().WithKey("alice-co").Post(platform.MyBusinessUnitUpdate{Version: 1,
				Actions: []platform.MyBusinessUnitUpdateAction{platform.MyBusinessUnitChangeNameAction{Name: "Renamed"}}}).Execute(ctx)
			er := sdkError(t, err, http.StatusBadRequest)
			if _, ok := er.Errors[0].(platform.InvalidOperationError); !ok {
				t.Errorf("update of Inactive unit: errors[0] = %T, want InvalidOperation", er.Errors[0])
			}
			if u := w.get(t, "alice-co"); u["name"] != "Alice Co" || version(t, u) != 1 {
				t.Errorf("alice-co after refused update: name %v version %v", u["name"], u["version"])
			}
			// Gary does not see it.
			_, err = gary.Me().BusinessUnits().WithKey("alice-co").Get().Execute(ctx)
			notFound(t, "gary GET alice-co", err)
		})

		w.project(t, `{"action":"changeMyBusinessUnitStatusOnCreation","status":"Active"}`)

		t.Run("create Division needs AddChildUnits in the parent", func(t *testing.T) {
			res, err := alice.Me().BusinessUnits().Post(platform.MyDivisionDraft{Key: "acme-ops", Name: "Ops",
				ParentUnit: platform.BusinessUnitResourceIdentifier{Key: ptr("acme")}}).Execute(ctx)
			if err != nil {
				t.Fatalf("alice creates acme-ops: %v", err)
			}
			d := asDivision(t, res)
			if d.Status != platform.BusinessUnitStatusActive || d.ParentUnit.Key != "acme" || d.TopLevelUnit.Key != "acme" {
				t.Errorf("acme-ops: status %q parent %q top %q", d.Status, d.ParentUnit.Key, d.TopLevelUnit.Key)
			}
			// owner grants UpdateParentUnit, which alice lacks in acme: she could not have assigned
			// it, so she acts in acme-ops by inheritance only.
			if got := typedRoles(d.Associates); len(got) != 0 {
				t.Errorf("acme-ops associates = %v, want none (alice inherits admin)", got)
			}
			_, err = bob.Me().BusinessUnits().Post(platform.MyDivisionDraft{Key: "bob-div", Name: "Bob",
				ParentUnit: platform.BusinessUnitResourceIdentifier{Key: ptr("acme")}}).Execute(ctx)
			missingPermission(t, err, platform.PermissionAddChildUnits)
			r := s.do(t, http.MethodGet, w.path("/business-units/key=bob-div"), w.admin, nil)
			expectErrorCode(t, r, "ResourceNotFound", http.StatusNotFound)
			// A parent the customer does not act for is not found.
			_, err = alice.Me().BusinessUnits().Post(platform.MyDivisionDraft{Key: "alice-globex", Name: "X",
				ParentUnit: platform.BusinessUnitResourceIdentifier{Key: ptr("globex")}}).Execute(ctx)
			er := sdkError(t, err, http.StatusBadRequest)
			if _, ok := er.Errors[0].(platform.ReferencedResourceNotFoundError); !ok {
				t.Errorf("division of globex: errors[0] = %T %+v, want ReferencedResourceNotFound", er.Errors[0], er.Errors[0])
			}
		})

		t.Run("update checks each action's permission", func(t *testing.T) {
			v := version(t, w.get(t, "acme"))
			upd := func(sdk *platform.ByProjectKeyRequestBuilder, key string, a platform.MyBusinessUnitUpdateAction) error {
				_, err := sdk.Me().BusinessUnits().WithKey(key).Post(platform.MyBusinessUnitUpdate{Version: v, Actions: []platform.MyBusinessUnitUpdateAction{a}}).Execute(ctx)
				return err
			}
			missingPermission(t, upd(bob, "acme", platform.MyBusinessUnitChangeNameAction{Name: "Bob's"}), platform.PermissionUpdateBusinessUnitDetails)
			missingPermission(t, upd(bob, "acme", platform.MyBusinessUnitRemoveAssociateAction{Customer: platform.CustomerResourceIdentifier{ID: ptr(w.ids["alice"])}}), platform.PermissionUpdateAssociates)
			missingPermission(t, upd(bob, "acme", platform.MyBusinessUnitChangeAssociateAction{Associate: platform.AssociateDraft{
				Customer:                 platform.CustomerResourceIdentifier{ID: ptr(w.ids["bob"])},
				AssociateRoleAssignments: []platform.AssociateRoleAssignmentDraft{{AssociateRole: platform.AssociateRoleResourceIdentifier{Key: ptr("admin")}}},
			}}), platform.PermissionUpdateAssociates)
			// alice (admin) lacks UpdateParentUnit.
			v = version(t, w.get(t, "acme-eng"))
			missingPermission(t, upd(alice, "acme-eng", platform.MyBusinessUnitChangeParentUnitAction{ParentUnit: platform.BusinessUnitResourceIdentifier{Key: ptr("acme-ops")}}), platform.PermissionUpdateParentUnit)
			if u := w.get(t, "acme-eng"); version(t, u) != v {
				t.Errorf("acme-eng changed by refused updates: version %d, want %d", version(t, u), v)
			}
			u := w.get(t, "acme")
			if u["name"] != "Unit acme" || len(associateRoles(t, u)) != 2 {
				t.Errorf("acme after refused updates: name %v associates %v", u["name"], associateRoles(t, u))
			}

			v = version(t, u)
			res, err := alice.Me().BusinessUnits().WithKey("acme").Post(platform.MyBusinessUnitUpdate{Version: v, Actions: []platform.MyBusinessUnitUpdateAction{
				platform.MyBusinessUnitChangeNameAction{Name: "ACME Renamed"},
				platform.MyBusinessUnitSetContactEmailAction{ContactEmail: ptr("buy@acme.example")},
			}}).Execute(ctx)
			if err != nil {
				t.Fatalf("alice renames acme: %v", err)
			}
			c := asCompany(t, res)
			if c.Name != "ACME Renamed" || c.Version != v+1 || c.ContactEmail == nil || *c.ContactEmail != "buy@acme.example" {
				t.Errorf("acme after update: name %q version %d (want %d) contactEmail %v", c.Name, c.Version, v+1, deref(c.ContactEmail))
			}
			// changeAssociate with roles whose permissions alice holds: bob becomes buyer and approver.
			// (buyer he had already; approver's permissions alice holds.)
			res, err = alice.Me().BusinessUnits().WithId(w.units["acme"]).Post(platform.MyBusinessUnitUpdate{Version: c.Version, Actions: []platform.MyBusinessUnitUpdateAction{
				platform.MyBusinessUnitChangeAssociateAction{Associate: platform.AssociateDraft{
					Customer: platform.CustomerResourceIdentifier{ID: ptr(w.ids["bob"])},
					AssociateRoleAssignments: []platform.AssociateRoleAssignmentDraft{
						{AssociateRole: platform.AssociateRoleResourceIdentifier{Key: ptr("buyer")}},
						{AssociateRole: platform.AssociateRoleResourceIdentifier{Key: ptr("approver")}},
					},
				}},
			}}).Execute(ctx)
			if err != nil {
				t.Fatalf("alice changes bob's roles: %v", err)
			}
			if got := typedRoles(asCompany(t, res).Associates)[w.ids["bob"]]; !slices.Equal(got, []string{"approver", "buyer"}) {
				t.Errorf("bob's roles = %v, want [approver buyer]", got)
			}
		})

		t.Run("addAssociate and setAssociates are not /me actions", func(t *testing.T) {
			tok := aliceTok.AccessToken
			for _, a := range []string{
				addAssociateJSON(w.ids["gary"], "buyer", false),
				`{"action":"setAssociates","associates":[]}`,
				`{"action":"changeStatus","status":"Inactive"}`,
			} {
				u := w.get(t, "acme")
				r := s.do(t, http.MethodPost, w.path("/me/business-units/key=acme"), tok, []byte(`{"version":`+strconv.Itoa(version(t, u))+`,"actions":[`+a+`]}`))
				expectErrorCode(t, r, "InvalidJsonInput", http.StatusBadRequest)
				if after := w.get(t, "acme"); version(t, after) != version(t, u) || after["status"] != "Active" {
					t.Errorf("acme changed by %s: version %v status %v", a, after["version"], after["status"])
				}
			}
		})

		t.Run("expanding customers is Unauthorized", func(t *testing.T) {
			tok := aliceTok.AccessToken
			for _, p := range []string{"/me/business-units?expand=associates[*].customer", "/me/business-units/key=acme?expand=inheritedAssociates[*].customer"} {
				r := s.do(t, http.MethodGet, w.path(p), tok, nil)
				expectErrorCode(t, r, "Unauthorized", http.StatusForbidden)
			}
			// Expanding a role is fine.
			s.getJSON(t, w.path("/me/business-units/key=acme?expand=associates[*].associateRoleAssignments[*].associateRole"), tok)
		})
	})
}
