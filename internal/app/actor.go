package app

import (
	"github.com/procura/procura"
)

// actor is a customer acting as an associate: through /me with their own token, or through the
// as-associate endpoints. A token bound to a business unit confines the actor to that unit's
// company (its top-level unit).
type actor struct {
	customerID string
	company    string // the top-level unit the actor is confined to; "" for none
	roles      procura.Roles
	l          *lookup
}

// newActor prepares the permission checks for customerID within one transaction.
func newActor(l *lookup, c Caller, customerID string) (*actor, error) {
	roles, err := rolePermissions(l)
	if err != nil {
		return nil, err
	}
	ac := &actor{customerID: customerID, roles: roles, l: l}
	if c.BusinessUnit != "" {
		bound, err := l.Unit("business_unit", procura.ResourceIdentifier{Key: c.BusinessUnit})
		if err != nil {
			return nil, err
		}
		chain, err := l.chain(bound)
		if err != nil {
			return nil, err
		}
		ac.company = chain[len(chain)-1].Key
	}
	return ac, nil
}

// unitAccess is what an actor may do in one unit.
type unitAccess struct {
	unit  *procura.BusinessUnit
	chain []*procura.BusinessUnit
	perms procura.PermissionSet
}

// access loads the unit r names for the actor. A unit the actor does not act for, or outside
// the company their token is confined to, is ResourceNotFound: its existence is not disclosed.
func (ac *actor) access(r Ref) (*unitAccess, error) {
	u, err := ac.l.unitRef(r)
	if err != nil {
		return nil, err
	}
	return ac.accessTo(u, r.String())
}

func (ac *actor) accessTo(u *procura.BusinessUnit, name string) (*unitAccess, error) {
	chain, err := ac.l.chain(u)
	if err != nil {
		return nil, err
	}
	if !ac.sees(chain) {
		return nil, procura.NotFound(name)
	}
	return &unitAccess{unit: u, chain: chain, perms: procura.Permissions(ac.customerID, chain, ac.roles)}, nil
}

// sees reports whether the actor acts for chain[0] within their company.
func (ac *actor) sees(chain []*procura.BusinessUnit) bool {
	if ac.company != "" && chain[len(chain)-1].Key != ac.company {
		return false
	}
	return procura.IsAssociate(ac.customerID, chain)
}

// require fails with AssociateMissingPermission unless the actor holds p in the unit.
func (ac *actor) require(ua *unitAccess, p procura.Permission, action string) error {
	if ua.perms.Has(p) {
		return nil
	}
	return procura.AssociateMissingPermission(ac.customerID, ua.unit.Key, action, p)
}

// checkGrants refuses role assignments that would raise privileges: every role that after gives
// a customer which before did not must be buyerAssignable, and grant only permissions the actor
// holds in the unit.
func (ac *actor) checkGrants(ua *unitAccess, before []procura.Associate, after *procura.BusinessUnit) error {
	had := map[[2]string]bool{}
	for _, as := range before {
		for _, ra := range as.AssociateRoleAssignments {
			had[[2]string{as.Customer.ID, ra.AssociateRole.Key}] = true
		}
	}
	for _, as := range after.Associates {
		for _, ra := range as.AssociateRoleAssignments {
			if had[[2]string{as.Customer.ID, ra.AssociateRole.Key}] {
				continue
			}
			if err := ac.checkGrant(ua, ra.AssociateRole.Key); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkGrant: the actor may give role key to someone in the unit.
func (ac *actor) checkGrant(ua *unitAccess, key string) error {
	role, err := ac.l.Role("associateRole", procura.ResourceIdentifier{Key: key})
	if err != nil {
		return err
	}
	if !role.BuyerAssignable {
		return procura.InvalidOperation("The associate role '%s' is not buyerAssignable: only the seller can assign it.", key)
	}
	if missing := role.PermissionSet() &^ ua.perms; missing != 0 {
		return procura.AssociateMissingPermission(ac.customerID, ua.unit.Key, "assign the role '"+key+"'", missing.List()...)
	}
	return nil
}

// visibleUnits returns every unit the actor acts for.
func (ac *actor) visibleUnits() ([]*procura.BusinessUnit, error) {
	all, err := unitKind.all(ac.l)
	if err != nil {
		return nil, err
	}
	for _, u := range all {
		u.IndexAssociates()
		ac.l.keep(u) // so that each unit's chain is found among them, not read again
	}
	var out []*procura.BusinessUnit
	for _, u := range all {
		chain, err := ac.l.chain(u)
		if err != nil {
			return nil, err
		}
		if ac.sees(chain) {
			procura.Derive(chain)
			out = append(out, u)
		}
	}
	return out, nil
}

// actingWith prepares customerID to act in unitKey with permission p, or fails.
func actingWith(l *lookup, c Caller, customerID, unitKey string, p procura.Permission, action string) (*actor, *unitAccess, error) {
	ac, err := newActor(l, c, customerID)
	if err != nil {
		return nil, nil, err
	}
	ua, err := ac.access(Ref{Key: unitKey})
	if err != nil {
		return nil, nil, err
	}
	return ac, ua, ac.require(ua, p, action)
}
