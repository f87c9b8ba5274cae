package procura

import (
	"encoding/json"
	"time"
)

// AssociateRole is a named set of permissions that sellers define and assign to associates.
type AssociateRole struct {
	Base
	Key             string        `json:"key"`
	BuyerAssignable bool          `json:"buyerAssignable"`
	Name            string        `json:"name,omitempty"`
	Permissions     []Permission  `json:"permissions"`
	Custom          *CustomFields `json:"custom,omitempty"`
}

// AssociateRoleDraft is the body that creates an AssociateRole.
type AssociateRoleDraft struct {
	Key             string             `json:"key"`
	Name            string             `json:"name,omitempty"`
	BuyerAssignable *bool              `json:"buyerAssignable,omitempty"`
	Permissions     []string           `json:"permissions,omitempty"`
	Custom          *CustomFieldsDraft `json:"custom,omitempty"`
}

// PermissionSet returns the role's permissions as a set.
func (r *AssociateRole) PermissionSet() PermissionSet { return NewPermissionSet(r.Permissions...) }

// NewAssociateRole validates d and builds the role. Errors: RequiredField, InvalidInput,
// InvalidField (unknown permission).
func NewAssociateRole(d AssociateRoleDraft, id string, now time.Time) (*AssociateRole, error) {
	if err := CheckKey("key", d.Key); err != nil {
		return nil, err
	}
	perms, err := parsePermissions("permissions", d.Permissions)
	if err != nil {
		return nil, err
	}
	custom, err := NewCustomFields("custom", d.Custom)
	if err != nil {
		return nil, err
	}
	r := &AssociateRole{Key: d.Key, Name: d.Name, BuyerAssignable: true, Permissions: perms, Custom: custom}
	if d.BuyerAssignable != nil {
		r.BuyerAssignable = *d.BuyerAssignable
	}
	r.Stamp(id, now)
	return r, nil
}

// parsePermissions validates names and returns them without duplicates, in the given order.
func parsePermissions(field string, names []string) ([]Permission, error) {
	out := []Permission{}
	seen := map[Permission]bool{}
	for _, n := range names {
		p, err := ParsePermission(field, n)
		if err != nil {
			return nil, err
		}
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out, nil
}

// associateRoleAction is the payload of every AssociateRole update action.
type associateRoleAction struct {
	Action          string              `json:"action"`
	Permission      string              `json:"permission"`
	Permissions     []string            `json:"permissions"`
	BuyerAssignable *bool               `json:"buyerAssignable"`
	Name            *string             `json:"name"`
	Type            *ResourceIdentifier `json:"type"`
	Fields          map[string]any      `json:"fields"`
	Value           any                 `json:"value"`
}

// Apply applies one update action to the role. Errors: InvalidJsonInput (unknown action or bad
// shape), InvalidField, RequiredField, InvalidOperation.
func (r *AssociateRole) Apply(raw json.RawMessage) error {
	var a associateRoleAction
	if err := DecodeAction(raw, &a, associateRoleActions); err != nil {
		return err
	}
	switch a.Action {
	case "addPermission", "removePermission":
		p, err := ParsePermission("permission", a.Permission)
		if err != nil {
			return err
		}
		set := r.PermissionSet()
		if a.Action == "addPermission" {
			set |= NewPermissionSet(p)
		} else {
			set &^= NewPermissionSet(p)
		}
		r.Permissions = set.List()
	case "setPermissions":
		perms, err := parsePermissions("permissions", a.Permissions)
		if err != nil {
			return err
		}
		r.Permissions = perms
	case "changeBuyerAssignable":
		if a.BuyerAssignable == nil {
			return RequiredField("buyerAssignable")
		}
		r.BuyerAssignable = *a.BuyerAssignable
	case "setName":
		r.Name = ""
		if a.Name != nil {
			r.Name = *a.Name
		}
	case "setCustomType":
		c, err := NewCustomFields("type", customDraft(a.Type, a.Fields))
		if err != nil {
			return err
		}
		r.Custom = c
	case "setCustomField":
		return SetCustomField(r.Custom, deref(a.Name), a.Value)
	default:
		return UnknownAction(a.Action)
	}
	return nil
}

func customDraft(t *ResourceIdentifier, fields map[string]any) *CustomFieldsDraft {
	if t == nil {
		return nil
	}
	return &CustomFieldsDraft{Type: t, Fields: fields}
}

// associateRoleActions are the associate-role update actions and their fields.
var associateRoleActions = withCustom(ActionFields{
	"addPermission": {"permission"}, "removePermission": {"permission"}, "setPermissions": {"permissions"},
	"changeBuyerAssignable": {"buyerAssignable"}, "setName": {"name"},
})
