package procura

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestNewAssociateRole(t *testing.T) {
	draft := func(mod func(d *AssociateRoleDraft)) AssociateRoleDraft {
		d := AssociateRoleDraft{Key: "buyer"}
		if mod != nil {
			mod(&d)
		}
		return d
	}
	all := make([]string, len(AllPermissions))
	for i, p := range AllPermissions {
		all[i] = string(p)
	}
	tests := []struct {
		name  string
		draft AssociateRoleDraft
		code  string
		check func(t *testing.T, r *AssociateRole)
	}{
		{name: "defaults", draft: draft(nil), check: func(t *testing.T, r *AssociateRole) {
			eq(t, "base", r.Base, Base{ID: "role-1", Version: 1, CreatedAt: "2026-08-01T12:00:00.000Z", LastModifiedAt: "2026-08-01T12:00:00.000Z"})
			eq(t, "key", r.Key, "buyer")
			eq(t, "buyerAssignable", r.BuyerAssignable, true)
			eq(t, "name", r.Name, "")
			eq(t, "permissions", r.Permissions, []Permission{})
			eq(t, "custom", r.Custom, (*CustomFields)(nil))
		}},
		{name: "buyerAssignable false", draft: draft(func(d *AssociateRoleDraft) { d.BuyerAssignable = ptr(false) }),
			check: func(t *testing.T, r *AssociateRole) { eq(t, "buyerAssignable", r.BuyerAssignable, false) }},
		{name: "buyerAssignable true", draft: draft(func(d *AssociateRoleDraft) { d.BuyerAssignable = ptr(true) }),
			check: func(t *testing.T, r *AssociateRole) { eq(t, "buyerAssignable", r.BuyerAssignable, true) }},
		{name: "name", draft: draft(func(d *AssociateRoleDraft) { d.Name = "Regional Manager" }),
			check: func(t *testing.T, r *AssociateRole) { eq(t, "name", r.Name, "Regional Manager") }},
		{name: "permissions keep their order, duplicates collapsed", draft: draft(func(d *AssociateRoleDraft) {
			d.Permissions = []string{"UpdateOthersCarts", "AddChildUnits", "UpdateOthersCarts", "UpdateMyQuoteRequests", "AddChildUnits"}
		}), check: func(t *testing.T, r *AssociateRole) {
			eq(t, "permissions", r.Permissions, []Permission{UpdateOthersCarts, AddChildUnits, UpdateMyQuoteRequests})
			eq(t, "set", r.PermissionSet(), NewPermissionSet(UpdateOthersCarts, AddChildUnits, UpdateMyQuoteRequests))
		}},
		{name: "all 47 permissions", draft: draft(func(d *AssociateRoleDraft) { d.Permissions = all }),
			check: func(t *testing.T, r *AssociateRole) { eq(t, "permissions", r.Permissions, AllPermissions) }},
		{name: "unknown permission", draft: draft(func(d *AssociateRoleDraft) { d.Permissions = []string{"ViewMyCarts", "FlyPlanes"} }), code: CodeInvalidField},
		{name: "permission in the wrong case", draft: draft(func(d *AssociateRoleDraft) { d.Permissions = []string{"viewMyCarts"} }), code: CodeInvalidField},
		{name: "empty permission", draft: draft(func(d *AssociateRoleDraft) { d.Permissions = []string{""} }), code: CodeInvalidField},
		{name: "deprecated role name as permission", draft: draft(func(d *AssociateRoleDraft) { d.Permissions = []string{"Admin"} }), code: CodeInvalidField},
		{name: "custom", draft: draft(func(d *AssociateRoleDraft) {
			d.Custom = &CustomFieldsDraft{Type: keyRI(TypeType, "role-type"), Fields: map[string]any{"level": "3"}}
		}), check: func(t *testing.T, r *AssociateRole) {
			eq(t, "custom", r.Custom, &CustomFields{Type: ResourceIdentifier{TypeID: TypeType, Key: "role-type"}, Fields: map[string]any{"level": "3"}})
		}},
		{name: "custom without type", draft: draft(func(d *AssociateRoleDraft) { d.Custom = &CustomFieldsDraft{} }), code: CodeRequiredField},
		{name: "key of 2 characters", draft: draft(func(d *AssociateRoleDraft) { d.Key = "ab" })},
		{name: "key of 256 characters", draft: draft(func(d *AssociateRoleDraft) { d.Key = strings.Repeat("r", 256) })},
		{name: "missing key", draft: draft(func(d *AssociateRoleDraft) { d.Key = "" }), code: CodeRequiredField},
		{name: "key of 1 character", draft: draft(func(d *AssociateRoleDraft) { d.Key = "r" }), code: CodeInvalidInput},
		{name: "key with a space", draft: draft(func(d *AssociateRoleDraft) { d.Key = "regional manager" }), code: CodeInvalidInput},
		{name: "key with a dot", draft: draft(func(d *AssociateRoleDraft) { d.Key = "regional.manager" }), code: CodeInvalidInput},
		{name: "key of 257 characters", draft: draft(func(d *AssociateRoleDraft) { d.Key = strings.Repeat("r", 257) }), code: CodeInvalidInput},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := NewAssociateRole(tc.draft, "role-1", testNow)
			checkCode(t, err, tc.code)
			if err == nil && tc.check != nil {
				tc.check(t, r)
			}
		})
	}
}

func TestAssociateRoleApply(t *testing.T) {
	// Every case starts from a role "buyer" named "Buyer", buyer-assignable, whose permissions
	// are [CreateMyCarts, ViewMyCarts] (not in the reference order).
	fresh := func(t *testing.T) *AssociateRole {
		r, err := NewAssociateRole(AssociateRoleDraft{Key: "buyer", Name: "Buyer", Permissions: []string{"CreateMyCarts", "ViewMyCarts"}}, "role-1", testNow)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	perms := func(want ...Permission) func(t *testing.T, r *AssociateRole) {
		return func(t *testing.T, r *AssociateRole) {
			t.Helper()
			if want == nil {
				want = []Permission{}
			}
			eq(t, "permissions", r.Permissions, want)
		}
	}
	typeSet := act("setCustomType", "type", keyRI(TypeType, "role-type"), "fields", map[string]any{"level": "3"})
	custom := func(fields map[string]any) func(t *testing.T, r *AssociateRole) {
		return func(t *testing.T, r *AssociateRole) {
			t.Helper()
			eq(t, "custom", r.Custom, &CustomFields{Type: ResourceIdentifier{TypeID: TypeType, Key: "role-type"}, Fields: fields})
		}
	}

	tests := []struct {
		name   string
		setup  []json.RawMessage
		action json.RawMessage
		code   string
		check  func(t *testing.T, r *AssociateRole)
	}{
		// addPermission rebuilds the list from the permission set: reference order.
		{name: "addPermission", action: act("addPermission", "permission", "AddChildUnits"), check: perms(AddChildUnits, ViewMyCarts, CreateMyCarts)},
		{name: "addPermission already held", action: act("addPermission", "permission", "ViewMyCarts"), check: perms(ViewMyCarts, CreateMyCarts)},
		{name: "addPermission unknown", action: act("addPermission", "permission", "FlyPlanes"), code: CodeInvalidField},
		{name: "addPermission absent", action: act("addPermission"), code: CodeInvalidField},
		{name: "removePermission", action: act("removePermission", "permission", "ViewMyCarts"), check: perms(CreateMyCarts)},
		{name: "removePermission the last one", setup: []json.RawMessage{act("removePermission", "permission", "ViewMyCarts")},
			action: act("removePermission", "permission", "CreateMyCarts"), check: perms()},
		{name: "removePermission not held", action: act("removePermission", "permission", "AddChildUnits"), check: perms(ViewMyCarts, CreateMyCarts)},
		{name: "removePermission unknown", action: act("removePermission", "permission", "FlyPlanes"), code: CodeInvalidField},
		{name: "setPermissions keeps order, collapses duplicates", action: act("setPermissions", "permissions", []string{"UpdateApprovalFlows", "AddChildUnits", "UpdateApprovalFlows"}),
			check: perms(UpdateApprovalFlows, AddChildUnits)},
		{name: "setPermissions []", action: act("setPermissions", "permissions", []string{}), check: perms()},
		{name: "setPermissions absent", action: act("setPermissions"), check: perms()},
		{name: "setPermissions unknown", action: act("setPermissions", "permissions", []string{"AddChildUnits", "Nope"}), code: CodeInvalidField},
		{name: "changeBuyerAssignable false", action: act("changeBuyerAssignable", "buyerAssignable", false),
			check: func(t *testing.T, r *AssociateRole) { eq(t, "buyerAssignable", r.BuyerAssignable, false) }},
		{name: "changeBuyerAssignable back to true", setup: []json.RawMessage{act("changeBuyerAssignable", "buyerAssignable", false)},
			action: act("changeBuyerAssignable", "buyerAssignable", true), check: func(t *testing.T, r *AssociateRole) { eq(t, "buyerAssignable", r.BuyerAssignable, true) }},
		{name: "changeBuyerAssignable absent", action: act("changeBuyerAssignable"), code: CodeRequiredField},
		{name: "changeBuyerAssignable not a bool", action: json.RawMessage(`{"action":"changeBuyerAssignable","buyerAssignable":"yes"}`), code: CodeInvalidJSONInput},
		{name: "setName", action: act("setName", "name", "Purchaser"), check: func(t *testing.T, r *AssociateRole) { eq(t, "name", r.Name, "Purchaser") }},
		{name: "setName without name removes", action: act("setName"), check: func(t *testing.T, r *AssociateRole) { eq(t, "name", r.Name, "") }},
		{name: "setName null removes", action: act("setName", "name", nil), check: func(t *testing.T, r *AssociateRole) { eq(t, "name", r.Name, "") }},
		{name: "setCustomType", action: typeSet, check: custom(map[string]any{"level": "3"})},
		{name: "setCustomType without type removes", setup: []json.RawMessage{typeSet}, action: act("setCustomType"),
			check: func(t *testing.T, r *AssociateRole) { eq(t, "custom", r.Custom, (*CustomFields)(nil)) }},
		{name: "setCustomType with id and key", action: act("setCustomType", "type", ResourceIdentifier{ID: "t", Key: "role-type"}), code: CodeInvalidJSONInput},
		{name: "setCustomField adds", setup: []json.RawMessage{typeSet}, action: act("setCustomField", "name", "region", "value", "EU"),
			check: custom(map[string]any{"level": "3", "region": "EU"})},
		{name: "setCustomField removes", setup: []json.RawMessage{typeSet}, action: act("setCustomField", "name", "level"), check: custom(map[string]any{})},
		{name: "setCustomField removes an absent field", setup: []json.RawMessage{typeSet}, action: act("setCustomField", "name", "region"), code: CodeInvalidOperation},
		{name: "setCustomField without type", action: act("setCustomField", "name", "region", "value", "EU"), code: CodeInvalidOperation},
		{name: "setCustomField without name", setup: []json.RawMessage{typeSet}, action: act("setCustomField", "value", "EU"), code: CodeRequiredField},
		{name: "unknown action", action: act("setKey", "key", "other"), code: CodeInvalidJSONInput},
		{name: "mock-only action setBuyerAssignable", action: act("setBuyerAssignable", "buyerAssignable", false), code: CodeInvalidJSONInput},
		{name: "action without action", action: json.RawMessage(`{"permission":"AddChildUnits"}`), code: CodeInvalidJSONInput},
		{name: "malformed action", action: json.RawMessage(`{"action":`), code: CodeInvalidJSONInput},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := fresh(t)
			for _, s := range tc.setup {
				if err := r.Apply(s); err != nil {
					t.Fatalf("setup %s: %v", s, err)
				}
			}
			err := r.Apply(tc.action)
			checkCode(t, err, tc.code)
			eq(t, "key is immutable", r.Key, "buyer")
			if err == nil && tc.check != nil {
				tc.check(t, r)
			}
		})
	}
}
