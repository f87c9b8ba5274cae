package procura

import "encoding/json"

// Type ids of approvals.
const (
	TypeApprovalRule = "approval-rule"
	TypeApprovalFlow = "approval-flow"
)

// Limits of an approver hierarchy.
const (
	MaxTiers       = 5
	MaxAndsPerTier = 10
)

// ApprovalRule says when an order of a business unit needs approval (its predicate and the
// roles of the requesters it applies to) and by whom (tiers of approver roles).
type ApprovalRule struct {
	Base
	Key          string            `json:"key,omitempty"`
	Name         string            `json:"name"`
	Description  string            `json:"description,omitempty"`
	Status       string            `json:"status"`
	Predicate    string            `json:"predicate"`
	Approvers    ApproverHierarchy `json:"approvers"`
	Requesters   []RuleRequester   `json:"requesters"`
	BusinessUnit KeyReference      `json:"businessUnit"`
	Custom       *CustomFields     `json:"custom,omitempty"`
}

// ApproverHierarchy is the sequence of tiers; each must be satisfied before the next.
type ApproverHierarchy struct {
	Tiers []ApproverConjunction `json:"tiers"`
}

// ApproverConjunction is a tier: every one of its entries needs an approval.
type ApproverConjunction struct {
	And []ApproverDisjunction `json:"and"`
}

// ApproverDisjunction is an entry of a tier: an approval by any of its roles satisfies it.
type ApproverDisjunction struct {
	Or []RuleApprover `json:"or"`
}

// RuleApprover is an approver role.
type RuleApprover struct {
	AssociateRole KeyReference `json:"associateRole"`
}

// RuleRequester is a role whose holders' orders the rule applies to.
type RuleRequester struct {
	AssociateRole KeyReference `json:"associateRole"`
}

// ApprovalRuleDraft creates a rule.
type ApprovalRuleDraft struct {
	Key         string                  `json:"key,omitempty"`
	Name        string                  `json:"name"`
	Description string                  `json:"description,omitempty"`
	Status      string                  `json:"status"`
	Predicate   string                  `json:"predicate"`
	Approvers   *ApproverHierarchyDraft `json:"approvers"`
	Requesters  []RoleDraft             `json:"requesters"`
}

// ApproverHierarchyDraft names roles by resource identifier.
type ApproverHierarchyDraft struct {
	Tiers []struct {
		And []struct {
			Or []RoleDraft `json:"or"`
		} `json:"and"`
	} `json:"tiers"`
}

// RoleDraft names an associate role in a draft.
type RoleDraft struct {
	AssociateRole *ResourceIdentifier `json:"associateRole"`
}

// NewApprovalRule validates d for the unit and builds the rule; checkPredicate validates the
// predicate (the application passes the predicate language's parser).
func NewApprovalRule(d ApprovalRuleDraft, unitKey, id string, c Change, checkPredicate func(string) error) (*ApprovalRule, error) {
	r := &ApprovalRule{Key: d.Key, Name: d.Name, Description: d.Description, BusinessUnit: KeyReference{TypeID: TypeBusinessUnit, Key: unitKey}}
	if d.Key != "" {
		if err := CheckKey("key", d.Key); err != nil {
			return nil, err
		}
	}
	if d.Name == "" {
		return nil, RequiredField("name")
	}
	if err := r.setStatus(d.Status); err != nil {
		return nil, err
	}
	if err := r.setPredicate(d.Predicate, checkPredicate); err != nil {
		return nil, err
	}
	if err := r.setApprovers(d.Approvers, c.Lookup); err != nil {
		return nil, err
	}
	if err := r.setRequesters(d.Requesters, c.Lookup); err != nil {
		return nil, err
	}
	r.Stamp(id, c.Now)
	return r, nil
}

func (r *ApprovalRule) setStatus(s string) error {
	if s == "" {
		return RequiredField("status")
	}
	if err := checkOneOf("status", s, StatusActive, StatusInactive); err != nil {
		return err
	}
	r.Status = s
	return nil
}

func (r *ApprovalRule) setPredicate(p string, check func(string) error) error {
	if p == "" {
		return RequiredField("predicate")
	}
	if err := check(p); err != nil {
		return err
	}
	r.Predicate = p
	return nil
}

// setApprovers validates the hierarchy: 1 to 5 tiers, each an and of 1 to 10 entries, each an
// or of at least one existing role. A tier with an empty entry could never be satisfied.
func (r *ApprovalRule) setApprovers(d *ApproverHierarchyDraft, l Lookup) error {
	if d == nil {
		return RequiredField("approvers")
	}
	if n := len(d.Tiers); n < 1 || n > MaxTiers {
		return InvalidInput("An approval rule has 1 to %d tiers of approvers; %d were given.", MaxTiers, n)
	}
	h := ApproverHierarchy{Tiers: make([]ApproverConjunction, 0, len(d.Tiers))}
	for i, t := range d.Tiers {
		if n := len(t.And); n < 1 || n > MaxAndsPerTier {
			return InvalidInput("Tier %d must require 1 to %d groups of approvers ('and'); it has %d.", i+1, MaxAndsPerTier, n)
		}
		tier := ApproverConjunction{And: make([]ApproverDisjunction, 0, len(t.And))}
		for j, entry := range t.And {
			if len(entry.Or) == 0 {
				return InvalidInput("Tier %d, group %d names no approver role ('or' is empty): nobody could ever satisfy it.", i+1, j+1)
			}
			var or []RuleApprover
			for _, rd := range entry.Or {
				key, err := resolveRole("approvers.tiers.and.or.associateRole", rd, l)
				if err != nil {
					return err
				}
				or = append(or, RuleApprover{AssociateRole: KeyReference{TypeID: TypeAssociateRole, Key: key}})
			}
			tier.And = append(tier.And, ApproverDisjunction{Or: or})
		}
		h.Tiers = append(h.Tiers, tier)
	}
	r.Approvers = h
	return nil
}

func (r *ApprovalRule) setRequesters(ds []RoleDraft, l Lookup) error {
	if len(ds) == 0 {
		return InvalidInput("An approval rule needs at least one requester role.")
	}
	out := make([]RuleRequester, 0, len(ds))
	seen := map[string]bool{}
	for _, d := range ds {
		key, err := resolveRole("requesters.associateRole", d, l)
		if err != nil {
			return err
		}
		if seen[key] {
			return DuplicateField("requesters.associateRole", key)
		}
		seen[key] = true
		out = append(out, RuleRequester{AssociateRole: KeyReference{TypeID: TypeAssociateRole, Key: key}})
	}
	r.Requesters = out
	return nil
}

func resolveRole(field string, d RoleDraft, l Lookup) (string, error) {
	if err := d.AssociateRole.Check(field, TypeAssociateRole); err != nil {
		return "", err
	}
	role, err := l.Role(field, *d.AssociateRole)
	if err != nil {
		return "", err
	}
	return role.Key, nil
}

type approvalRuleAction struct {
	Action      string                  `json:"action"`
	Name        *string                 `json:"name"`
	Description *string                 `json:"description"`
	Key         *string                 `json:"key"`
	Status      string                  `json:"status"`
	Predicate   string                  `json:"predicate"`
	Approvers   *ApproverHierarchyDraft `json:"approvers"`
	Requesters  []RoleDraft             `json:"requesters"`
	Type        *ResourceIdentifier     `json:"type"`
	Fields      map[string]any          `json:"fields"`
	Value       any                     `json:"value"`
}

// Apply applies one approval-rule update action: setName, setDescription, setKey, setStatus,
// setPredicate, setApprovers, setRequesters, setCustomType, setCustomField.
func (r *ApprovalRule) Apply(raw json.RawMessage, c Change, checkPredicate func(string) error) error {
	var a approvalRuleAction
	if err := DecodeAction(raw, &a, approvalRuleActions); err != nil {
		return err
	}
	switch a.Action {
	case "setName":
		if deref(a.Name) == "" {
			return RequiredField("name")
		}
		r.Name = *a.Name
	case "setDescription":
		r.Description = deref(a.Description)
	case "setKey":
		if k := deref(a.Key); k != "" {
			if err := CheckKey("key", k); err != nil {
				return err
			}
		}
		r.Key = deref(a.Key)
	case "setStatus":
		return r.setStatus(a.Status)
	case "setPredicate":
		return r.setPredicate(a.Predicate, checkPredicate)
	case "setApprovers":
		return r.setApprovers(a.Approvers, c.Lookup)
	case "setRequesters":
		return r.setRequesters(a.Requesters, c.Lookup)
	case "setCustomType":
		custom, err := NewCustomFields("type", customDraft(a.Type, a.Fields))
		if err == nil {
			r.Custom = custom
		}
		return err
	case "setCustomField":
		return SetCustomField(r.Custom, deref(a.Name), a.Value)
	default:
		return UnknownAction(a.Action)
	}
	return nil
}

// AppliesTo reports whether the rule governs an order placed by a requester holding roles: the
// rule is Active and names one of the roles among its requesters. The predicate is the
// caller's to evaluate.
func (r *ApprovalRule) AppliesTo(roles []string) bool {
	if r.Status != StatusActive {
		return false
	}
	for _, req := range r.Requesters {
		for _, role := range roles {
			if req.AssociateRole.Key == role {
				return true
			}
		}
	}
	return false
}

// RuleChain returns the units whose rules govern orders of chain[0]: the unit itself, then each
// ancestor as long as the unit below it has approvalRuleMode ExplicitAndFromParent.
func RuleChain(chain []*BusinessUnit) []*BusinessUnit {
	out := []*BusinessUnit{chain[0]}
	for i := 1; i < len(chain) && chain[i-1].ApprovalRuleMode == ModeExplicitAndFromParent; i++ {
		out = append(out, chain[i])
	}
	return out
}

// RolesOf returns the keys of the roles customerID holds in chain[0], explicit and inherited
// (the same rules as Permissions).
func RolesOf(customerID string, chain []*BusinessUnit) []string {
	var out []string
	seen := map[string]bool{}
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	if a := chain[0].Associate(customerID); a != nil {
		for _, ra := range a.AssociateRoleAssignments {
			add(ra.AssociateRole.Key)
		}
	}
	for _, ia := range InheritedAssociates(chain) {
		if ia.Customer.ID == customerID {
			for _, ra := range ia.AssociateRoleAssignments {
				add(ra.AssociateRole.Key)
			}
		}
	}
	return out
}

// approvalRuleActions are the approval-rule update actions and their fields.
var approvalRuleActions = withCustom(ActionFields{
	"setName": {"name"}, "setDescription": {"description"}, "setKey": {"key"}, "setStatus": {"status"},
	"setPredicate": {"predicate"}, "setApprovers": {"approvers"}, "setRequesters": {"requesters"},
})
