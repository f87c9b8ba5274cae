package e2e

import (
	"context"
	"net/http"
	"strconv"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// Customer groups, kept by the seller: a customer's groups from sign-up on, changed by the
// seller's actions only, and a group in use is not deleted.
func TestCustomerGroups(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		w := newWorld(t, s)
		group := func(key string) *platform.CustomerGroup {
			t.Helper()
			g, err := w.c.CustomerGroups().Post(platform.CustomerGroupDraft{Key: ptr(key), GroupName: "Group " + key}).Execute(ctx)
			if err != nil {
				t.Fatalf("create group %s: %v", key, err)
			}
			return g
		}
		gold, silver := group("gold"), group("silver")
		res, err := w.c.Customers().Post(platform.CustomerDraft{Email: emailOf("gus"), Password: ptr(passwordOf("gus")),
			CustomerGroupAssignments: []platform.CustomerGroupAssignmentDraft{{CustomerGroup: platform.CustomerGroupResourceIdentifier{Key: ptr("gold")}}},
		}).Execute(ctx)
		if err != nil {
			t.Fatalf("sign up into gold: %v", err)
		}
		gus := &res.Customer
		w.ids["gus"] = gus.ID
		if len(gus.CustomerGroupAssignments) != 1 || gus.CustomerGroupAssignments[0].CustomerGroup.ID != gold.ID {
			t.Fatalf("gus's groups: %+v", gus.CustomerGroupAssignments)
		}
		gus, err = w.c.Customers().WithId(gus.ID).Post(platform.CustomerUpdate{Version: gus.Version, Actions: []platform.CustomerUpdateAction{
			platform.CustomerAddCustomerGroupAssignmentAction{CustomerGroupAssignment: platform.CustomerGroupAssignmentDraft{
				CustomerGroup: platform.CustomerGroupResourceIdentifier{ID: ptr(silver.ID)}}},
			platform.CustomerRemoveCustomerGroupAssignmentAction{CustomerGroup: platform.CustomerGroupResourceIdentifier{Key: ptr("gold")}},
			platform.CustomerSetCustomerGroupAction{CustomerGroup: &platform.CustomerGroupResourceIdentifier{Key: ptr("gold")}},
		}}).Execute(ctx)
		if err != nil {
			t.Fatalf("change gus's groups: %v", err)
		}
		if len(gus.CustomerGroupAssignments) != 1 || gus.CustomerGroupAssignments[0].CustomerGroup.ID != silver.ID || gus.CustomerGroup.ID != gold.ID {
			t.Fatalf("gus's groups after the actions: %+v %+v", gus.CustomerGroupAssignments, gus.CustomerGroup)
		}
		members := s.getJSON(t, w.path("/customers"+query("where", `customerGroupAssignments(customerGroup(id in ("`+silver.ID+`")))`)), w.admin)
		if ids := idsOf(members); len(ids) != 1 || ids[0] != gus.ID {
			t.Errorf("silver's members: %v", ids)
		}

		for _, c := range []struct{ what, body, code string }{
			{"a group that does not exist", `{"action":"addCustomerGroupAssignment","customerGroupAssignment":{"customerGroup":{"key":"platinum"}}}`, "ReferencedResourceNotFound"},
			{"a group twice", `{"action":"addCustomerGroupAssignment","customerGroupAssignment":{"customerGroup":{"key":"silver"}}}`, "InvalidOperation"},
			{"out of a group the customer is not in", `{"action":"removeCustomerGroupAssignment","customerGroup":{"key":"gold"}}`, "InvalidOperation"},
		} {
			r := s.do(t, http.MethodPost, w.path("/customers/"+gus.ID), w.admin, []byte(`{"version":`+strconv.Itoa(gus.Version)+`,"actions":[`+c.body+`]}`))
			expectErrorCode(t, r, c.code, http.StatusBadRequest)
		}
		tok := w.login(t, "gus", nil).AccessToken
		r := s.do(t, http.MethodPost, w.path("/me"), tok, []byte(`{"version":`+strconv.Itoa(gus.Version)+`,"actions":[{"action":"setCustomerGroup","customerGroup":{"key":"silver"}}]}`))
		expectErrorCode(t, r, "InvalidJsonInput", http.StatusBadRequest)

		_, err = w.c.CustomerGroups().WithId(silver.ID).Delete().Version(silver.Version).Execute(ctx)
		sdkErr(t, err, http.StatusBadRequest)
		viewer := s.scopedSDK(t, "view_customer_groups:"+s.project)
		_, err = viewer.CustomerGroups().Post(platform.CustomerGroupDraft{GroupName: "x"}).Execute(ctx)
		sdkErr(t, err, http.StatusForbidden)
		if _, err := viewer.CustomerGroups().WithKey("gold").Get().Execute(ctx); err != nil {
			t.Fatalf("a viewer reads a group: %v", err)
		}
	})
}

// TestUnitCustomerGroups: the seller puts a business unit in customer groups through the SDK; a
// unit's associates cannot, through their own token, /me or the trusted backend acting for
// them, since groups select prices. A customer cannot be switched to external authentication.
func TestUnitCustomerGroups(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		w := standardWorld(t, s) // alice is acme's admin
		gold, err := w.c.CustomerGroups().Post(platform.CustomerGroupDraft{Key: ptr("gold"), GroupName: "Gold"}).Execute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		bu, err := w.c.BusinessUnits().WithKey("acme").Get().Execute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		_, v := buKeyVersion(t, bu)
		bu, err = w.c.BusinessUnits().WithKey("acme").Post(platform.BusinessUnitUpdate{Version: v, Actions: []platform.BusinessUnitUpdateAction{
			platform.BusinessUnitAddCustomerGroupAssignmentAction{CustomerGroupAssignment: platform.CustomerGroupAssignmentDraft{
				CustomerGroup: platform.CustomerGroupResourceIdentifier{Key: ptr("gold")}}}}}).Execute(ctx)
		if err != nil {
			t.Fatalf("the seller puts acme in gold: %v", err)
		}
		if as := asCompany(t, bu).CustomerGroupAssignments; len(as) != 1 || as[0].CustomerGroup.ID != gold.ID {
			t.Fatalf("acme's groups: %+v", as)
		}
		_, err = w.c.CustomerGroups().WithId(gold.ID).Delete().Version(gold.Version).Execute(ctx)
		sdkErr(t, err, http.StatusBadRequest) // acme is in it

		// Alice, acme's admin, may change acme's details but not its groups, by any road.
		_, v = buKeyVersion(t, bu)
		leave := `{"version":` + strconv.Itoa(v) + `,"actions":[{"action":"removeCustomerGroupAssignment","customerGroup":{"key":"gold"}}]}`
		alice := w.login(t, "alice", nil).AccessToken
		as := "/as-associate/" + w.ids["alice"] + "/business-units/key=acme"
		for _, c := range []struct{ what, path, token, code string }{
			{"the trusted backend acting for alice", as, w.admin, "InvalidOperation"},
			{"alice's own token as an associate", as, alice, "InvalidOperation"},
			{"alice through /me", "/me/business-units/key=acme", alice, "InvalidJsonInput"},
		} {
			expectErrorCode(t, s.do(t, http.MethodPost, w.path(c.path), c.token, []byte(leave)), c.code, http.StatusBadRequest)
		}
		r := s.do(t, http.MethodPost, w.path("/as-associate/"+w.ids["alice"]+"/business-units"), w.admin,
			[]byte(`{"unitType":"Company","key":"alice-co","name":"Alice Co","customerGroupAssignments":[{"customerGroup":{"key":"gold"}}]}`))
		expectErrorCode(t, r, "InvalidInput", http.StatusBadRequest)
		r = s.do(t, http.MethodPost, w.path(as), alice, []byte(`{"version":`+strconv.Itoa(v)+`,"actions":[{"action":"changeName","name":"Acme Inc"}]}`))
		wantStatus(t, "alice renames acme", r, http.StatusOK)
		if got := w.get(t, "acme")["customerGroupAssignments"].([]any); len(got) != 1 {
			t.Errorf("acme's groups after the refused requests: %v", got)
		}

		// Every customer signs in with a password.
		c, err := w.c.Customers().WithId(w.ids["bob"]).Get().Execute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.c.Customers().WithId(c.ID).Post(platform.CustomerUpdate{Version: c.Version, Actions: []platform.CustomerUpdateAction{
			platform.CustomerSetAuthenticationModeAction{AuthMode: platform.AuthenticationModeExternalAuth}}}).Execute(ctx)
		sdkErrCode(t, "ExternalAuth", err, http.StatusBadRequest, "InvalidField")
		if _, err := w.c.Customers().WithId(c.ID).Post(platform.CustomerUpdate{Version: c.Version, Actions: []platform.CustomerUpdateAction{
			platform.CustomerSetAuthenticationModeAction{AuthMode: platform.AuthenticationModePassword}}}).Execute(ctx); err != nil {
			t.Errorf("Password: %v", err)
		}
		w.login(t, "bob", nil)
	})
}
