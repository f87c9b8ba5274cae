package procura

import (
	"encoding/json"
	"time"
)

// Approval flow states.
const (
	FlowPending  = "Pending"
	FlowApproved = "Approved"
	FlowRejected = "Rejected"
)

// ApprovalFlow tracks the approval of one order by the rules that matched it. Each rule is a
// copy as it was when the order was placed.
type ApprovalFlow struct {
	Base
	Order                       Reference      `json:"order"`
	BusinessUnit                KeyReference   `json:"businessUnit"`
	Rules                       []ApprovalRule `json:"rules"`
	Status                      string         `json:"status"`
	Rejection                   *FlowRejection `json:"rejection,omitempty"`
	Approvals                   []FlowApproval `json:"approvals"`
	EligibleApprovers           []RuleApprover `json:"eligibleApprovers"`
	PendingApprovers            []RuleApprover `json:"pendingApprovers"`
	CurrentTierPendingApprovers []RuleApprover `json:"currentTierPendingApprovers"`
	Custom                      *CustomFields  `json:"custom,omitempty"`

	// satisfied records, per rule, per tier, per entry, whether the entry has its approval. It
	// follows from the rules and the approvals (Restore replays them), so it is not stored.
	satisfied [][][]bool
}

// FlowApproval is one approval: the approver as an associate (with the roles they held) and when.
type FlowApproval struct {
	Approver   Associate `json:"approver"`
	ApprovedAt string    `json:"approvedAt"`
}

// FlowRejection records who rejected the flow, when and why.
type FlowRejection struct {
	Rejecter   Associate `json:"rejecter"`
	RejectedAt string    `json:"rejectedAt"`
	Reason     string    `json:"reason,omitempty"`
}

// NewApprovalFlow starts the approval of an order by the rules that matched it.
func NewApprovalFlow(order Reference, unitKey string, rules []ApprovalRule, id string, now time.Time) *ApprovalFlow {
	f := &ApprovalFlow{Order: order, BusinessUnit: KeyReference{TypeID: TypeBusinessUnit, Key: unitKey}, Rules: rules,
		Status: FlowPending, Approvals: []FlowApproval{}}
	f.reset()
	f.Stamp(id, now)
	f.computeApprovers()
	return f
}

func (f *ApprovalFlow) reset() {
	f.satisfied = nil
	for _, r := range f.Rules {
		tiers := make([][]bool, len(r.Approvers.Tiers))
		for t, tier := range r.Approvers.Tiers {
			tiers[t] = make([]bool, len(tier.And))
		}
		f.satisfied = append(f.satisfied, tiers)
	}
}

// Restore rebuilds the state of a loaded flow by replaying its approvals.
func (f *ApprovalFlow) Restore() {
	f.reset()
	for _, ap := range f.Approvals {
		f.count(Approver{CustomerID: ap.Approver.Customer.ID, Roles: ap.Approver.AssociateRoleAssignments})
	}
}

// Approver is an associate acting on a flow: who they are and the roles they hold in its unit.
type Approver struct {
	CustomerID string
	Roles      []AssociateRoleAssignment
}

func (a Approver) holds(key string) bool {
	for _, r := range a.Roles {
		if r.AssociateRole.Key == key {
			return true
		}
	}
	return false
}

func (a Approver) associate() Associate {
	return Associate{Customer: Reference{TypeID: TypeCustomer, ID: a.CustomerID}, AssociateRoleAssignments: a.Roles}
}

// tierFor returns the tier of rule r an approval by a counts for: the lowest tier not yet
// satisfied where a holds the role of an entry still open, or -1.
func (f *ApprovalFlow) tierFor(r int, a Approver) int {
	for t, tier := range f.Rules[r].Approvers.Tiers {
		if f.tierDone(r, t) {
			continue
		}
		for e, entry := range tier.And {
			if !f.satisfied[r][t][e] && entry.heldBy(a) {
				return t
			}
		}
	}
	return -1
}

func (d ApproverDisjunction) heldBy(a Approver) bool {
	for _, ra := range d.Or {
		if a.holds(ra.AssociateRole.Key) {
			return true
		}
	}
	return false
}

func (f *ApprovalFlow) tierDone(r, t int) bool {
	for _, ok := range f.satisfied[r][t] {
		if !ok {
			return false
		}
	}
	return true
}

func (f *ApprovalFlow) ruleDone(r int) bool {
	for t := range f.satisfied[r] {
		if !f.tierDone(r, t) {
			return false
		}
	}
	return true
}

// eligible reports whether a holds a role in a tier not yet satisfied of some rule.
func (f *ApprovalFlow) eligible(a Approver) bool {
	for r, rule := range f.Rules {
		for t, tier := range rule.Approvers.Tiers {
			if f.tierDone(r, t) {
				continue
			}
			for _, entry := range tier.And {
				if entry.heldBy(a) {
					return true
				}
			}
		}
	}
	return false
}

// Approve records an approval by a, who must hold a role of a tier not yet satisfied (reference
// §5.3; they may approve more than once). In each rule it counts for the lowest open tier where a
// holds the role of an open entry, satisfying those entries; if that tier is above the rule's
// current tier, every lower tier is satisfied too (early approval by a higher tier, as the seeds
// define it). An approval whose entries others already settled is recorded and changes nothing.
// The flow is Approved when every rule is. Errors: InvalidOperation when the flow is no longer
// Pending, or when a holds no role of an open tier.
func (f *ApprovalFlow) Approve(a Approver, now time.Time) error {
	if err := f.checkPending(); err != nil {
		return err
	}
	if !f.eligible(a) {
		return InvalidOperation("The associate '%s' holds no approver role of a tier still open in this approval flow.", a.CustomerID)
	}
	f.count(a)
	f.Approvals = append(f.Approvals, FlowApproval{Approver: a.associate(), ApprovedAt: FormatTime(now)})
	done := true
	for r := range f.Rules {
		done = done && f.ruleDone(r)
	}
	if done {
		f.Status = FlowApproved
	}
	f.computeApprovers()
	return nil
}

// count applies an approval by a to every rule; false when it counted for none.
func (f *ApprovalFlow) count(a Approver) bool {
	counted := false
	for r := range f.Rules {
		t := f.tierFor(r, a)
		if t < 0 {
			continue
		}
		counted = true
		for lower := 0; lower < t; lower++ {
			for e := range f.satisfied[r][lower] {
				f.satisfied[r][lower][e] = true
			}
		}
		for e, entry := range f.Rules[r].Approvers.Tiers[t].And {
			if entry.heldBy(a) {
				f.satisfied[r][t][e] = true
			}
		}
	}
	return counted
}

// Reject rejects the whole flow: one rejection by an eligible approver is enough.
func (f *ApprovalFlow) Reject(a Approver, reason string, now time.Time) error {
	if err := f.checkPending(); err != nil {
		return err
	}
	if !f.eligible(a) {
		return InvalidOperation("The associate '%s' holds no approver role of a tier still open in this approval flow.", a.CustomerID)
	}
	f.Status = FlowRejected
	f.Rejection = &FlowRejection{Rejecter: a.associate(), RejectedAt: FormatTime(now), Reason: reason}
	f.computeApprovers()
	return nil
}

func (f *ApprovalFlow) checkPending() error {
	if f.Status != FlowPending {
		return InvalidOperation("The approval flow is %s: it takes no more approvals or rejections.", f.Status)
	}
	return nil
}

// computeApprovers derives the three approver lists (reference §5.3): eligible, every role of the
// tiers not yet satisfied; pending, the roles of the entries still open; current-tier pending,
// those of the lowest open tier of each rule. All three are empty once the flow is decided.
func (f *ApprovalFlow) computeApprovers() {
	eligible, pending, current := newRoleList(), newRoleList(), newRoleList()
	if f.Status == FlowPending {
		for r, rule := range f.Rules {
			currentTier := -1
			for t, tier := range rule.Approvers.Tiers {
				if f.tierDone(r, t) {
					continue
				}
				if currentTier < 0 {
					currentTier = t
				}
				for e, entry := range tier.And {
					eligible.add(entry.Or...)
					if !f.satisfied[r][t][e] {
						pending.add(entry.Or...)
						if t == currentTier {
							current.add(entry.Or...)
						}
					}
				}
			}
		}
	}
	f.EligibleApprovers, f.PendingApprovers, f.CurrentTierPendingApprovers = eligible.list, pending.list, current.list
}

// roleList collects approver roles once each, in order. Its list is never nil: a decided flow
// answers its three lists as [], as the reference requires them.
type roleList struct {
	list []RuleApprover
	seen map[string]bool
}

func newRoleList() roleList {
	return roleList{list: []RuleApprover{}, seen: map[string]bool{}}
}

func (l *roleList) add(rs ...RuleApprover) {
	for _, r := range rs {
		if !l.seen[r.AssociateRole.Key] {
			l.seen[r.AssociateRole.Key] = true
			l.list = append(l.list, r)
		}
	}
}

type approvalFlowAction struct {
	Action string `json:"action"`
	Reason string `json:"reason"`
	customAction
}

// Apply applies one approval-flow update action by a: approve, reject (reason), setCustomType,
// setCustomField.
func (f *ApprovalFlow) Apply(raw json.RawMessage, a Approver, now time.Time) error {
	var act approvalFlowAction
	if err := DecodeAction(raw, &act, approvalFlowActions); err != nil {
		return err
	}
	switch act.Action {
	case "approve":
		return f.Approve(a, now)
	case "reject":
		return f.Reject(a, act.Reason, now)
	}
	if handled, err := act.applyCustom(act.Action, &f.Custom); handled {
		return err
	}
	return UnknownAction(act.Action)
}

// approvalFlowActions are the approval-flow update actions and their fields.
var approvalFlowActions = withCustom(ActionFields{"approve": {}, "reject": {"reason"}})
