package procura

// A chain is a business unit followed by its ancestors: chain[0] is the unit, chain[i+1] the
// parent of chain[i], and the last element the Company. Every function below is pure: the
// caller loads the chain (at most MaxHierarchyDepth units) and the roles.
//
// The inheritance rules (reference API, with the seeds' reading):
//   - every role explicitly assigned to a customer in the unit counts there, whatever its
//     inheritance flag;
//   - a role assigned in an ancestor counts when the assignment's inheritance is Enabled and every
//     unit from the unit up to just below that ancestor has associateMode ExplicitAndFromParent;
//   - an intermediate unit that assigns the same role to the same customer explicitly decides:
//     with inheritance Disabled it stops that role from passing further down;
//   - a unit's status does not matter.

// Roles maps role keys to the permissions each role grants.
type Roles map[string]PermissionSet

// maxInheritedAssignments bounds the roles one customer can hold along a chain.
const maxInheritedAssignments = MaxHierarchyDepth * MaxAssignmentsByAssociate

// Permissions returns the permissions customerID holds in chain[0]. It does not allocate when the
// units' associates are indexed (IndexAssociates).
func Permissions(customerID string, chain []*BusinessUnit, roles Roles) PermissionSet {
	var set PermissionSet
	var stopped [maxInheritedAssignments]string
	n := 0
	for i, unit := range chain {
		if i > 0 && chain[i-1].AssociateMode != ModeExplicitAndFromParent {
			break
		}
		a := unit.Associate(customerID)
		if a == nil {
			continue
		}
		for _, ra := range a.AssociateRoleAssignments {
			key := ra.AssociateRole.Key
			switch {
			case i == 0:
				set |= roles[key]
			case contains(stopped[:n], key):
			case ra.Inheritance == InheritanceEnabled:
				set |= roles[key]
			case n < len(stopped):
				stopped[n] = key
				n++
			}
		}
	}
	return set
}

// IsAssociate reports whether customerID acts for chain[0], explicitly or by inheritance: some
// role reaches them there as InheritedAssociates would list it. It does not allocate.
func IsAssociate(customerID string, chain []*BusinessUnit) bool {
	if chain[0].Associate(customerID) != nil {
		return true
	}
	var decided [maxInheritedAssignments]string
	n := 0
	for i := 1; i < len(chain) && chain[i-1].AssociateMode == ModeExplicitAndFromParent; i++ {
		a := chain[i].Associate(customerID)
		if a == nil {
			continue
		}
		for _, ra := range a.AssociateRoleAssignments {
			key := ra.AssociateRole.Key
			switch {
			case contains(decided[:n], key): // a nearer unit decided this role
			case ra.Inheritance == InheritanceEnabled:
				return true
			case n < len(decided):
				decided[n] = key
				n++
			}
		}
	}
	return false
}

// InheritedAssociates returns the associates chain[0] inherits, each role with the unit that
// assigns it (the nearest one when several do).
func InheritedAssociates(chain []*BusinessUnit) []InheritedAssociate {
	out := []InheritedAssociate{}
	at := map[string]int{}
	decided := map[[2]string]bool{}
	for i := 1; i < len(chain) && chain[i-1].AssociateMode == ModeExplicitAndFromParent; i++ {
		source := KeyReference{TypeID: TypeBusinessUnit, Key: chain[i].Key}
		for _, a := range chain[i].Associates {
			for _, ra := range a.AssociateRoleAssignments {
				id := [2]string{a.Customer.ID, ra.AssociateRole.Key}
				if decided[id] {
					continue
				}
				decided[id] = true
				if ra.Inheritance != InheritanceEnabled {
					continue
				}
				j, ok := at[a.Customer.ID]
				if !ok {
					j = len(out)
					at[a.Customer.ID] = j
					out = append(out, InheritedAssociate{Customer: Reference{TypeID: TypeCustomer, ID: a.Customer.ID}})
				}
				out[j].AssociateRoleAssignments = append(out[j].AssociateRoleAssignments,
					InheritedAssociateRoleAssignment{AssociateRole: ra.AssociateRole, Source: source})
			}
		}
	}
	return out
}

// InheritedStores returns the stores chain[0] takes from its parent (storeMode FromParent): those
// of the nearest ancestor whose storeMode is Explicit. It is nil for a unit with its own stores.
func InheritedStores(chain []*BusinessUnit) []KeyReference {
	if chain[0].StoreMode != StoreModeFromParent {
		return nil
	}
	for _, a := range chain[1:] {
		if a.StoreMode == ModeExplicit {
			return append([]KeyReference{}, a.Stores...)
		}
	}
	return []KeyReference{}
}

// Derive fills chain[0]'s derived fields: topLevelUnit, inheritedAssociates, inheritedStores.
func Derive(chain []*BusinessUnit) {
	u := chain[0]
	u.TopLevelUnit = KeyReference{TypeID: TypeBusinessUnit, Key: chain[len(chain)-1].Key}
	u.InheritedAssociates = InheritedAssociates(chain)
	u.InheritedStores = InheritedStores(chain)
	if u.StoreMode == ModeExplicit && u.Stores == nil {
		u.Stores = []KeyReference{}
	}
}

// EffectiveStores returns the stores that govern chain[0]: its own or its inherited ones.
func EffectiveStores(chain []*BusinessUnit) []KeyReference {
	if chain[0].StoreMode == ModeExplicit {
		return chain[0].Stores
	}
	return InheritedStores(chain)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
