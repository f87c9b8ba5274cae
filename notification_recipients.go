package procura

import "slices"

// Who a notification goes to, decided purely from the units and roles the application loads.

// CurrentTiers returns, per rule, the index of its lowest tier not yet satisfied: -1 for a rule
// that is done, and for every rule of a decided flow.
func (f *ApprovalFlow) CurrentTiers() []int {
	out := make([]int, len(f.Rules))
	for r, rule := range f.Rules {
		out[r] = -1
		for t := range rule.Approvers.Tiers {
			if f.Status == FlowPending && !f.tierDone(r, t) {
				out[r] = t
				break
			}
		}
	}
	return out
}

// NewlyCurrentRoles returns the roles of the open entries of each tier that is current now and
// was not in before (CurrentTiers as it was; nil for a new flow, whose first tiers have all just
// become current), each role once: whose holders the next approval now waits for (seed 001: a
// level of approvers hears of an order only once the level before it has approved).
func (f *ApprovalFlow) NewlyCurrentRoles(before []int) []string {
	var out []string
	for r, t := range f.CurrentTiers() {
		if t < 0 || before != nil && before[r] == t {
			continue
		}
		for e, entry := range f.Rules[r].Approvers.Tiers[t].And {
			if f.satisfied[r][t][e] {
				continue
			}
			for _, o := range entry.Or {
				if !slices.Contains(out, o.AssociateRole.Key) {
					out = append(out, o.AssociateRole.Key)
				}
			}
		}
	}
	return out
}

// Holders returns, each once, the associates of chain[0] (explicit, then inherited along the
// chain) who hold one of roles there.
func Holders(roles []string, chain []*BusinessUnit) []string {
	return associatesWhere(chain, func(id string) bool {
		return slices.ContainsFunc(RolesOf(id, chain), func(k string) bool { return slices.Contains(roles, k) })
	})
}

// Admins returns, each once, the associates of chain[0] whose roles there grant p: a company's
// admins are those who may manage its associates (UpdateAssociates), as deciding a join request
// needs.
func Admins(p Permission, chain []*BusinessUnit, roles Roles) []string {
	return associatesWhere(chain, func(id string) bool { return Permissions(id, chain, roles).Has(p) })
}

func associatesWhere(chain []*BusinessUnit, keep func(customerID string) bool) []string {
	var out []string
	consider := func(id string) {
		if !slices.Contains(out, id) && keep(id) {
			out = append(out, id)
		}
	}
	for _, a := range chain[0].Associates {
		consider(a.Customer.ID)
	}
	for _, ia := range InheritedAssociates(chain) {
		consider(ia.Customer.ID)
	}
	return out
}
