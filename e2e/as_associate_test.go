package e2e

import (
	"context"
	"net/http"
	"reflect"
	"slices"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// TestAsAssociateBusinessUnits drives /as-associate/{id}/business-units with the official SDK,
// first as a trusted backend (an API client with manage_business_units), then with a customer's
// own token.
func TestAsAssociateBusinessUnits(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		w := standardWorld(t, s)
		backend := s.scopedSDK(t, "manage_business_units:"+s.project)
		as := func(sdk *platform.ByProjectKeyRequestBuilder, name string) *platform.ByProjectKeyAsAssociateByAssociateIdBusinessUnitsRequestBuilder {
			return sdk.AsAssociate().WithAssociateIdValue(w.ids[name]).BusinessUnits()
		}
		rename := func(v int, name string) platform.BusinessUnitUpdate {
			return platform.BusinessUnitUpdate{Version: v, Actions: []platform.BusinessUnitUpdateAction{platform.BusinessUnitChangeNameAction{Name: name}}}
		}

		t.Run("query and get", func(t *testing.T) {
			for name, want := range map[string][]string{"alice": {"acme", "acme-eng"}, "bob": {"acme", "acme-eng"}, "gary": {"globex"}} {
				res, err := as(backend, name).Get().Execute(ctx)
				if err != nil {
					t.Fatalf("query as %s: %v", name, err)
				}
				if got := sortedKeys(t, res.Results); !slices.Equal(got, want) {
					t.Errorf("as %s: %v, want %v", name, got, want)
				}
			}
			res, err := backend.AsAssociate().WithAssociateIdValue("no-such-customer").BusinessUnits().Get().Execute(ctx)
			if err != nil || res.Count != 0 {
				t.Errorf("as an unknown customer: err %v, results %v; want none", err, res)
			}
			got, err := as(backend, "alice").WithKey("acme-eng").Get().Execute(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if d := asDivision(t, got); d.ID != w.units["acme-eng"] {
				t.Errorf("acme-eng id %q", d.ID)
			}
			got, err = as(backend, "gary").WithId(w.units["globex"]).Get().Execute(ctx)
			if err != nil || asCompany(t, got).Key != "globex" {
				t.Errorf("gary GET globex by id: %v", err)
			}
			_, err = as(backend, "alice").WithKey("globex").Get().Execute(ctx)
			notFound(t, "as alice GET key=globex", err)
			_, err = as(backend, "gary").WithId(w.units["acme"]).Get().Execute(ctx)
			notFound(t, "as gary GET acme by id", err)
		})

		t.Run("view scope is not enough", func(t *testing.T) {
			viewer := s.scopedSDK(t, "view_business_units:"+s.project)
			_, err := as(viewer, "alice").Get().Execute(ctx)
			er := sdkError(t, err, http.StatusForbidden)
			if _, ok := er.Errors[0].(platform.InsufficientScopeError); !ok {
				t.Errorf("errors[0] = %T, want InsufficientScopeError", er.Errors[0])
			}
			_, err = as(viewer, "alice").WithKey("acme").Post(rename(version(t, w.get(t, "acme")), "Viewer")).Execute(ctx)
			sdkError(t, err, http.StatusForbidden)
			if u := w.get(t, "acme"); u["name"] != "Unit acme" {
				t.Errorf("acme renamed by a view-only client: %v", u["name"])
			}
		})

		t.Run("update with permission checks and the full action set", func(t *testing.T) {
			v := version(t, w.get(t, "acme"))
			_, err := as(backend, "bob").WithKey("acme").Post(rename(v, "Bob's")).Execute(ctx)
			missingPermission(t, err, platform.PermissionUpdateBusinessUnitDetails)
			_, err = as(backend, "bob").WithKey("acme").Post(platform.BusinessUnitUpdate{Version: v, Actions: []platform.BusinessUnitUpdateAction{
				addAssociate(w.ids["gary"], "buyer", nil)}}).Execute(ctx)
			missingPermission(t, err, platform.PermissionUpdateAssociates)
			_, err = as(backend, "alice").WithKey("globex").Post(rename(version(t, w.get(t, "globex")), "Alice's")).Execute(ctx)
			notFound(t, "alice renames globex", err)
			if u := w.get(t, "acme"); version(t, u) != v {
				t.Errorf("acme changed by refused updates: version %d, want %d", version(t, u), v)
			}

			res, err := as(backend, "alice").WithKey("acme").Post(rename(v, "ACME by Alice")).Execute(ctx)
			if err != nil {
				t.Fatalf("alice renames acme: %v", err)
			}
			c := asCompany(t, res)
			if c.Name != "ACME by Alice" || c.Version != v+1 {
				t.Errorf("acme: name %q version %d", c.Name, c.Version)
			}
			// addAssociate (not a /me action) works here, with a role whose permissions alice holds.
			res, err = as(backend, "alice").WithId(w.units["acme"]).Post(platform.BusinessUnitUpdate{Version: c.Version, Actions: []platform.BusinessUnitUpdateAction{
				addAssociate(w.ids["gary"], "approver", nil)}}).Execute(ctx)
			if err != nil {
				t.Fatalf("alice adds gary as approver: %v", err)
			}
			want := map[string][]string{w.ids["alice"]: {"admin"}, w.ids["bob"]: {"buyer"}, w.ids["gary"]: {"approver"}}
			if got := typedRoles(asCompany(t, res).Associates); !reflect.DeepEqual(got, want) {
				t.Errorf("acme associates = %v, want %v", got, want)
			}
		})

		t.Run("create", func(t *testing.T) {
			_, err := as(backend, "bob").Post(platform.DivisionDraft{Key: "bob-div", Name: "Bob",
				ParentUnit: platform.BusinessUnitResourceIdentifier{Key: ptr("acme")}}).Execute(ctx)
			missingPermission(t, err, platform.PermissionAddChildUnits)
			// alice may create a division but not give it an associate with permissions she lacks.
			_, err = as(backend, "alice").Post(platform.DivisionDraft{Key: "acme-buy", Name: "Buying",
				ParentUnit: platform.BusinessUnitResourceIdentifier{Key: ptr("acme")},
				Associates: []platform.AssociateDraft{{Customer: platform.CustomerResourceIdentifier{ID: ptr(w.ids["bob"])},
					AssociateRoleAssignments: []platform.AssociateRoleAssignmentDraft{{AssociateRole: platform.AssociateRoleResourceIdentifier{Key: ptr("buyer")}}}}},
			}).Execute(ctx)
			missingPermission(t, err, platform.PermissionUpdateMyCarts, platform.PermissionViewMyCarts, platform.PermissionCreateMyOrdersFromMyCarts)
			for _, key := range []string{"bob-div", "acme-buy"} {
				r := s.do(t, http.MethodGet, w.path("/business-units/key="+key), w.admin, nil)
				expectErrorCode(t, r, "ResourceNotFound", http.StatusNotFound)
			}
			res, err := as(backend, "alice").Post(platform.DivisionDraft{Key: "acme-buy", Name: "Buying",
				ParentUnit: platform.BusinessUnitResourceIdentifier{Key: ptr("acme")},
				Associates: []platform.AssociateDraft{{Customer: platform.CustomerResourceIdentifier{ID: ptr(w.ids["bob"])},
					AssociateRoleAssignments: []platform.AssociateRoleAssignmentDraft{{AssociateRole: platform.AssociateRoleResourceIdentifier{Key: ptr("approver")}}}}},
			}).Execute(ctx)
			if err != nil {
				t.Fatalf("alice creates acme-buy: %v", err)
			}
			d := asDivision(t, res)
			if d.ParentUnit.Key != "acme" || !reflect.DeepEqual(typedRoles(d.Associates), map[string][]string{w.ids["bob"]: {"approver"}}) {
				t.Errorf("acme-buy: parent %q associates %v", d.ParentUnit.Key, typedRoles(d.Associates))
			}
			// A Company needs the project's role for its creator.
			_, err = as(backend, "gary").Post(platform.CompanyDraft{Key: "gary-co", Name: "Gary Co"}).Execute(ctx)
			er := sdkError(t, err, http.StatusBadRequest)
			if _, ok := er.Errors[0].(platform.InvalidOperationError); !ok {
				t.Errorf("company without project role: errors[0] = %T, want InvalidOperation", er.Errors[0])
			}
			w.project(t, `{"action":"setMyBusinessUnitAssociateRoleOnCreation","associateRole":{"typeId":"associate-role","key":"owner"}}`)
			res, err = as(backend, "gary").Post(platform.CompanyDraft{Key: "gary-co", Name: "Gary Co"}).Execute(ctx)
			if err != nil {
				t.Fatalf("gary creates gary-co: %v", err)
			}
			if got := typedRoles(asCompany(t, res).Associates); !reflect.DeepEqual(got, map[string][]string{w.ids["gary"]: {"owner"}}) {
				t.Errorf("gary-co associates = %v, want gary as owner", got)
			}
		})

		t.Run("with the customer's own token", func(t *testing.T) {
			alice, _ := s.passwordSDK(t, emailOf("alice"), passwordOf("alice"))
			res, err := as(alice, "alice").Get().Execute(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got := sortedKeys(t, res.Results); !slices.Equal(got, []string{"acme", "acme-buy", "acme-eng"}) {
				t.Errorf("alice's own units: %v", got)
			}
			v := version(t, w.get(t, "acme"))
			got, err := as(alice, "alice").WithKey("acme").Post(rename(v, "ACME self")).Execute(ctx)
			if err != nil || asCompany(t, got).Name != "ACME self" {
				t.Fatalf("alice renames acme with her token: %v", err)
			}
			// Acting as someone else with a customer's token: 403 insufficient_scope, nothing written.
			for _, call := range []func() error{
				func() error { _, err := as(alice, "bob").Get().Execute(ctx); return err },
				func() error { _, err := as(alice, "bob").WithKey("acme").Get().Execute(ctx); return err },
				func() error {
					_, err := as(alice, "gary").WithKey("globex").Post(rename(1, "Hijack")).Execute(ctx)
					return err
				},
				func() error {
					_, err := as(alice, "gary").Post(platform.DivisionDraft{Key: "hijack", Name: "H",
						ParentUnit: platform.BusinessUnitResourceIdentifier{Key: ptr("globex")}}).Execute(ctx)
					return err
				},
			} {
				er := sdkError(t, call(), http.StatusForbidden)
				if _, ok := er.Errors[0].(platform.InsufficientScopeError); !ok {
					t.Errorf("errors[0] = %T, want InsufficientScopeError", er.Errors[0])
				}
			}
			if u := w.get(t, "globex"); u["name"] != "Unit globex" || version(t, u) != 2 {
				t.Errorf("globex after hijack attempts: name %v version %v", u["name"], u["version"])
			}
			r := s.do(t, http.MethodGet, w.path("/business-units/key=hijack"), w.admin, nil)
			expectErrorCode(t, r, "ResourceNotFound", http.StatusNotFound)
		})
	})
}
