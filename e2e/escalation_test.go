package e2e

import (
	"context"
	"net/http"
	"reflect"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// TestNoPrivilegeEscalation: an associate with UpdateAssociates may give only buyerAssignable
// roles whose permissions they hold, whether creating a colleague through
// /in-business-unit/key=…/me/customers or adding one with as-associate addAssociate.
func TestNoPrivilegeEscalation(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		w := newWorld(t, s)
		w.role(t, "manager", true, platform.PermissionUpdateAssociates, platform.PermissionCreateMyCarts, platform.PermissionViewMyOrders)
		w.role(t, "viewer", true, platform.PermissionViewOthersOrders)
		w.role(t, "shopper", true, platform.PermissionCreateMyCarts)
		w.role(t, "seller-only", false, platform.PermissionCreateMyCarts)
		w.customer(t, "mgr")
		w.customer(t, "other")
		w.unit(t, "acme", "", "")
		w.associate(t, "acme", "mgr", "manager", false)
		mgr, _ := s.passwordSDK(t, emailOf("mgr"), passwordOf("mgr"))
		backend := s.scopedSDK(t, "manage_business_units:"+s.project)

		colleague := func(email, role string) error {
			_, err := mgr.InBusinessUnitKeyWithBusinessUnitKeyValue("acme").Me().Customers().Post(platform.MyBusinessUnitAssociateDraft{
				Version:  version(t, w.get(t, "acme")),
				Customer: platform.MyCustomerDraft{Email: email, Password: "Colleague-123", FirstName: ptr("Col")},
				AssociateRoleAssignments: []platform.AssociateRoleAssignmentDraft{{
					AssociateRole: platform.AssociateRoleResourceIdentifier{Key: ptr(role)}}},
			}).Execute(ctx)
			return err
		}
		addAs := func(role string) error {
			_, err := backend.AsAssociate().WithAssociateIdValue(w.ids["mgr"]).BusinessUnits().WithKey("acme").Post(platform.BusinessUnitUpdate{
				Version: version(t, w.get(t, "acme")),
				Actions: []platform.BusinessUnitUpdateAction{addAssociate(w.ids["other"], role, nil)},
			}).Execute(ctx)
			return err
		}
		acmeRoles := func() map[string][]string { return associateRoles(t, w.get(t, "acme")) }
		start := acmeRoles()

		t.Run("colleague with a permission the creator lacks", func(t *testing.T) {
			missingPermission(t, colleague("v@acme.example", "viewer"), platform.PermissionViewOthersOrders)
			if _, ok := w.customerByEmail(t, "v@acme.example"); ok {
				t.Error("the customer was created although the assignment was refused")
			}
		})
		t.Run("colleague with a role that is not buyerAssignable", func(t *testing.T) {
			er := sdkErr(t, colleague("s@acme.example", "seller-only"), http.StatusBadRequest)
			if _, ok := er.Errors[0].(platform.InvalidOperationError); !ok {
				t.Errorf("errors[0] = %T %+v, want InvalidOperation", er.Errors[0], er.Errors[0])
			}
			if _, ok := w.customerByEmail(t, "s@acme.example"); ok {
				t.Error("the customer was created although the role is not buyerAssignable")
			}
		})
		t.Run("addAssociate with a permission the actor lacks", func(t *testing.T) {
			missingPermission(t, addAs("viewer"), platform.PermissionViewOthersOrders)
			er := sdkError(t, addAs("seller-only"), http.StatusBadRequest)
			if _, ok := er.Errors[0].(platform.InvalidOperationError); !ok {
				t.Errorf("errors[0] = %T, want InvalidOperation", er.Errors[0])
			}
			if got := acmeRoles(); !reflect.DeepEqual(got, start) {
				t.Errorf("acme associates changed by refused calls: %v, want %v", got, start)
			}
		})
		t.Run("roles whose permissions the actor holds", func(t *testing.T) {
			res, err := mgr.InBusinessUnitKeyWithBusinessUnitKeyValue("acme").Me().Customers().Post(platform.MyBusinessUnitAssociateDraft{
				Version:  version(t, w.get(t, "acme")),
				Customer: platform.MyCustomerDraft{Email: "ok@acme.example", Password: "Colleague-123"},
				AssociateRoleAssignments: []platform.AssociateRoleAssignmentDraft{{
					AssociateRole: platform.AssociateRoleResourceIdentifier{Key: ptr("shopper")}}},
			}).Execute(ctx)
			if err != nil {
				t.Fatalf("create colleague with shopper: %v", err)
			}
			if res.Customer.Email != "ok@acme.example" || res.Customer.ID == "" {
				t.Errorf("colleague: %+v", res.Customer)
			}
			// The colleague can sign in with the password given.
			if r := s.passwordGrant(t, "ok@acme.example", "Colleague-123", nil); r.status != http.StatusOK {
				t.Errorf("colleague sign-in: %d %s", r.status, clip(r.body))
			}
			if err := addAs("shopper"); err != nil {
				t.Fatalf("addAssociate shopper: %v", err)
			}
			want := map[string][]string{w.ids["mgr"]: {"manager"}, res.Customer.ID: {"shopper"}, w.ids["other"]: {"shopper"}}
			if got := acmeRoles(); !reflect.DeepEqual(got, want) {
				t.Errorf("acme associates = %v, want %v", got, want)
			}
		})
		t.Run("without UpdateAssociates", func(t *testing.T) {
			w.customer(t, "plain")
			w.associate(t, "acme", "plain", "shopper", false)
			plain, _ := s.passwordSDK(t, emailOf("plain"), passwordOf("plain"))
			_, err := plain.InBusinessUnitKeyWithBusinessUnitKeyValue("acme").Me().Customers().Post(platform.MyBusinessUnitAssociateDraft{
				Version:  version(t, w.get(t, "acme")),
				Customer: platform.MyCustomerDraft{Email: "p@acme.example", Password: "Colleague-123"},
				AssociateRoleAssignments: []platform.AssociateRoleAssignmentDraft{{
					AssociateRole: platform.AssociateRoleResourceIdentifier{Key: ptr("shopper")}}},
			}).Execute(ctx)
			missingPermission(t, err, platform.PermissionUpdateAssociates)
			if _, ok := w.customerByEmail(t, "p@acme.example"); ok {
				t.Error("customer created by an associate without UpdateAssociates")
			}
		})
	})
}
