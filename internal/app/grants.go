package app

import (
	"slices"

	"github.com/procura/procura"
)

// No one widens their own reach: a buyer-side caller gives a role only if it is buyerAssignable
// and grants nothing they lack in the unit, and never changes their own assignments.

// grant is one role assignment: who holds which role, and whether it passes down.
type grant struct {
	customer, role string
	inherits       bool
}

func grantsOf(associates []procura.Associate) []grant {
	var out []grant
	for _, as := range associates {
		for _, ra := range as.AssociateRoleAssignments {
			out = append(out, grant{as.Customer.ID, ra.AssociateRole.Key, ra.Inheritance == procura.InheritanceEnabled})
		}
	}
	return out
}

// checkGrants refuses a change of a unit's associates (before → after) that raises privileges:
// every assignment that is new (or newly inherits, which reaches every unit below) must pass
// checkGrant, and the caller's own assignments may not change at all.
func (x *access) checkGrants(ua *unitAccess, before []procura.Associate, after *procura.BusinessUnit) error {
	if x.seller() {
		return nil
	}
	had, has := grantsOf(before), grantsOf(after.Associates)
	if !slices.Equal(x.own(had), x.own(has)) {
		return procura.InvalidOperation("An associate cannot change their own role assignments in '%s': a colleague or the seller can.", after.Key)
	}
	for _, g := range has {
		if isNew(g, had) {
			if err := x.checkGrant(ua, g.role); err != nil {
				return err
			}
		}
	}
	return nil
}

// isNew reports whether g gives more than had: a role the customer did not hold in the unit, or
// one that now passes down to the units below and did not.
func isNew(g grant, had []grant) bool {
	return !slices.Contains(had, g) && !slices.Contains(had, grant{g.customer, g.role, true})
}

// own returns the caller's grants among gs.
func (x *access) own(gs []grant) []grant {
	var out []grant
	for _, g := range gs {
		if g.customer == x.CustomerID {
			out = append(out, g)
		}
	}
	return out
}

// checkGrant: the caller may give the role key to someone in the unit: the role is
// buyerAssignable and grants only permissions the caller holds there.
func (x *access) checkGrant(ua *unitAccess, key string) error {
	if x.seller() {
		return nil
	}
	role, err := x.l.Role("associateRole", procura.ResourceIdentifier{Key: key})
	if err != nil {
		return err
	}
	if !role.BuyerAssignable {
		return procura.InvalidOperation("The associate role '%s' is not buyerAssignable: only the seller can assign it.", key)
	}
	held := procura.Permissions(x.CustomerID, ua.chain, x.Roles)
	if missing := role.PermissionSet() &^ held; missing != 0 {
		return procura.AssociateMissingAllPermissions(x.CustomerID, ua.unit.Key, "assign the role '"+key+"'", missing.List()...)
	}
	return nil
}

// canGrant reports whether the caller could give the role key in the unit.
func (x *access) canGrant(ua *unitAccess, key string) (bool, error) {
	err := x.checkGrant(ua, key)
	if err == nil {
		return true, nil
	}
	switch procura.ErrorCode(err) {
	case procura.CodeInvalidOperation, procura.CodeAssociateMissingPermission:
		return false, nil
	}
	return false, err
}
