package procura

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"
)

// rule builds an approval rule from tiers written as [][]string per tier: each inner list is
// one "or" group of role keys.
func rule(key string, tiers ...[][]string) ApprovalRule {
	r := ApprovalRule{Key: key, Status: StatusActive}
	for _, t := range tiers {
		var tier ApproverConjunction
		for _, group := range t {
			var or []RuleApprover
			for _, role := range group {
				or = append(or, RuleApprover{AssociateRole: KeyReference{TypeID: TypeAssociateRole, Key: role}})
			}
			tier.And = append(tier.And, ApproverDisjunction{Or: or})
		}
		r.Approvers.Tiers = append(r.Approvers.Tiers, tier)
	}
	return r
}

func approver(id string, roles ...string) Approver {
	a := Approver{CustomerID: id}
	for _, r := range roles {
		a.Roles = append(a.Roles, AssociateRoleAssignment{AssociateRole: KeyReference{TypeID: TypeAssociateRole, Key: r}, Inheritance: InheritanceDisabled})
	}
	return a
}

func keys(rs []RuleApprover) string {
	var out []string
	for _, r := range rs {
		out = append(out, r.AssociateRole.Key)
	}
	return fmt.Sprint(out)
}

var t0 = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

func newFlow(rules ...ApprovalRule) *ApprovalFlow {
	return NewApprovalFlow(Reference{TypeID: TypeOrder, ID: "o1"}, "acme", rules, "f1", t0)
}

func checkLists(t *testing.T, f *ApprovalFlow, eligible, pending, current string) {
	t.Helper()
	if got := keys(f.EligibleApprovers); got != eligible {
		t.Errorf("eligibleApprovers %s, want %s", got, eligible)
	}
	if got := keys(f.PendingApprovers); got != pending {
		t.Errorf("pendingApprovers %s, want %s", got, pending)
	}
	if got := keys(f.CurrentTierPendingApprovers); got != current {
		t.Errorf("currentTierPendingApprovers %s, want %s", got, current)
	}
}

// TestTheReferenceExample is the worked example of the reference API (spec §5.3).
func TestTheReferenceExample(t *testing.T) {
	f := newFlow(rule("r", [][]string{{"approver0"}, {"approver1"}}, [][]string{{"approver2"}}))
	checkLists(t, f, "[approver0 approver1 approver2]", "[approver0 approver1 approver2]", "[approver0 approver1]")
	if err := f.Approve(approver("a0", "approver0"), t0); err != nil {
		t.Fatal(err)
	}
	checkLists(t, f, "[approver0 approver1 approver2]", "[approver1 approver2]", "[approver1]")
	if err := f.Reject(approver("a1", "approver1"), "too expensive", t0); err != nil {
		t.Fatal(err)
	}
	checkLists(t, f, "[]", "[]", "[]")
	if f.Status != FlowRejected || f.Rejection.Reason != "too expensive" || f.Rejection.Rejecter.Customer.ID != "a1" {
		t.Fatalf("rejected flow: %+v", f)
	}
	// the decided flow answers its lists as [], never null (the Store Launchpad maps them)
	if b, _ := json.Marshal(f); !strings.Contains(string(b), `"eligibleApprovers":[],"pendingApprovers":[],"currentTierPendingApprovers":[]`) {
		t.Fatalf("a decided flow's lists: %s", b)
	}
	if err := f.Approve(approver("a2", "approver2"), t0); ErrorCode(err) != CodeInvalidOperation {
		t.Fatalf("approving a rejected flow: %v", err)
	}
}

// seedRule is the seeds' hierarchy: team lead OR substitute, AND engineering manager; then head
// of procurement; then CEO.
func seedRule() ApprovalRule {
	return rule("seed",
		[][]string{{"project-team-lead", "project-team-lead-substitute"}, {"engineering-manager"}},
		[][]string{{"head-of-procurement"}},
		[][]string{{"ceo"}})
}

func TestTheSeedsHierarchy(t *testing.T) {
	t.Run("in order", func(t *testing.T) {
		f := newFlow(seedRule())
		steps := []struct {
			who     Approver
			status  string
			current string
		}{
			{approver("sub", "project-team-lead-substitute"), FlowPending, "[engineering-manager]"},
			{approver("em", "engineering-manager"), FlowPending, "[head-of-procurement]"},
			{approver("hop", "head-of-procurement"), FlowPending, "[ceo]"},
			{approver("ceo", "ceo"), FlowApproved, "[]"},
		}
		for _, s := range steps {
			if err := f.Approve(s.who, t0); err != nil {
				t.Fatalf("%s: %v", s.who.CustomerID, err)
			}
			if f.Status != s.status || keys(f.CurrentTierPendingApprovers) != s.current {
				t.Fatalf("after %s: %s %s, want %s %s", s.who.CustomerID, f.Status, keys(f.CurrentTierPendingApprovers), s.status, s.current)
			}
		}
		if len(f.Approvals) != 4 {
			t.Fatalf("%d approvals recorded", len(f.Approvals))
		}
	})
	t.Run("an approval of a settled group is recorded and changes nothing", func(t *testing.T) {
		f := newFlow(seedRule())
		for _, who := range []Approver{approver("lead", "project-team-lead"), approver("sub", "project-team-lead-substitute")} {
			if err := f.Approve(who, t0); err != nil {
				t.Fatal(err)
			}
		}
		if len(f.Approvals) != 2 || keys(f.CurrentTierPendingApprovers) != "[engineering-manager]" {
			t.Fatalf("%d approvals, current %s", len(f.Approvals), keys(f.CurrentTierPendingApprovers))
		}
	})
	t.Run("the head of procurement approves early", func(t *testing.T) {
		f := newFlow(seedRule())
		if err := f.Approve(approver("hop", "head-of-procurement"), t0); err != nil {
			t.Fatal(err)
		}
		checkLists(t, f, "[ceo]", "[ceo]", "[ceo]")
		// The first tier is settled: its approvers can no longer act.
		if err := f.Approve(approver("lead", "project-team-lead"), t0); ErrorCode(err) != CodeInvalidOperation {
			t.Fatalf("a lower tier after early approval: %v", err)
		}
	})
	t.Run("a rejection at tier 1 rejects the flow", func(t *testing.T) {
		f := newFlow(seedRule())
		if err := f.Reject(approver("lead", "project-team-lead"), "no budget", t0); err != nil {
			t.Fatal(err)
		}
		if f.Status != FlowRejected {
			t.Fatal(f.Status)
		}
	})
	t.Run("someone without an approver role", func(t *testing.T) {
		f := newFlow(seedRule())
		for _, try := range []func() error{
			func() error { return f.Approve(approver("buyer", "buyer"), t0) },
			func() error { return f.Reject(approver("buyer", "buyer"), "", t0) },
		} {
			if err := try(); ErrorCode(err) != CodeInvalidOperation {
				t.Fatalf("got %v, want InvalidOperation", err)
			}
		}
	})
	t.Run("roles in several tiers approve once per tier", func(t *testing.T) {
		f := newFlow(rule("r", [][]string{{"a"}, {"b"}}, [][]string{{"c"}}))
		both := approver("x", "a", "c")
		if err := f.Approve(both, t0); err != nil {
			t.Fatal(err)
		}
		checkLists(t, f, "[a b c]", "[b c]", "[b]")
		if err := f.Approve(both, t0); err != nil { // now counts for tier 2 and settles tier 1
			t.Fatal(err)
		}
		if f.Status != FlowApproved {
			t.Fatalf("status %s after the second approval", f.Status)
		}
	})
	t.Run("every matched rule must be approved", func(t *testing.T) {
		f := newFlow(rule("r1", [][]string{{"a"}}), rule("r2", [][]string{{"b"}}))
		if err := f.Approve(approver("x", "a"), t0); err != nil || f.Status != FlowPending {
			t.Fatalf("%v %s", err, f.Status)
		}
		if err := f.Approve(approver("y", "b"), t0); err != nil || f.Status != FlowApproved {
			t.Fatalf("%v %s", err, f.Status)
		}
	})
}

// refFlow is a straightforward reference of the tier semantics for the property test: state as
// a set of satisfied (rule, tier, group) triples.
type refFlow struct {
	rules  []ApprovalRule
	done   map[[3]int]bool
	status string
}

func (f *refFlow) tierComplete(r, t int) bool {
	for g := range f.rules[r].Approvers.Tiers[t].And {
		if !f.done[[3]int{r, t, g}] {
			return false
		}
	}
	return true
}

func holdsAny(roles map[string]bool, group ApproverDisjunction) bool {
	for _, a := range group.Or {
		if roles[a.AssociateRole.Key] {
			return true
		}
	}
	return false
}

// approve returns false when the approver cannot act: they must hold a role of some tier not yet
// complete.
func (f *refFlow) approve(roles map[string]bool) bool {
	if f.status != FlowPending {
		return false
	}
	eligible := false
	for r, rule := range f.rules {
		for t, tier := range rule.Approvers.Tiers {
			for _, group := range tier.And {
				eligible = eligible || (!f.tierComplete(r, t) && holdsAny(roles, group))
			}
		}
	}
	if !eligible {
		return false
	}
	any := false
	for r, rule := range f.rules {
		target := -1
		for t := 0; t < len(rule.Approvers.Tiers) && target < 0; t++ {
			if f.tierComplete(r, t) {
				continue
			}
			for g, group := range rule.Approvers.Tiers[t].And {
				if !f.done[[3]int{r, t, g}] && holdsAny(roles, group) {
					target = t
				}
			}
		}
		if target < 0 {
			continue
		}
		any = true
		for t := 0; t <= target; t++ {
			for g, group := range rule.Approvers.Tiers[t].And {
				if t < target || holdsAny(roles, group) {
					f.done[[3]int{r, t, g}] = true
				}
			}
		}
	}
	if !any {
		return true // recorded, but it settles nothing new
	}
	all := true
	for r, rule := range f.rules {
		for t := range rule.Approvers.Tiers {
			all = all && f.tierComplete(r, t)
		}
	}
	if all {
		f.status = FlowApproved
	}
	return true
}

func (f *refFlow) pending() map[string]bool {
	out := map[string]bool{}
	if f.status != FlowPending {
		return out
	}
	for r, rule := range f.rules {
		for t, tier := range rule.Approvers.Tiers {
			for g, group := range tier.And {
				if !f.done[[3]int{r, t, g}] {
					for _, a := range group.Or {
						out[a.AssociateRole.Key] = true
					}
				}
			}
		}
	}
	return out
}

func setOf(rs []RuleApprover) map[string]bool {
	out := map[string]bool{}
	for _, r := range rs {
		out[r.AssociateRole.Key] = true
	}
	return out
}

// TestFlowsMatchTheReference: random rule shapes and random sequences of approvals and
// rejections give the same status and pending approvers as the reference, and the approver
// lists keep their invariants.
func TestFlowsMatchTheReference(t *testing.T) {
	rnd := rand.New(rand.NewSource(7))
	roles := []string{"r0", "r1", "r2", "r3", "r4", "r5"}
	for run := 0; run < 2000; run++ {
		var rules []ApprovalRule
		for n := 1 + rnd.Intn(2); n > 0; n-- {
			var tiers [][][]string
			for t := 1 + rnd.Intn(MaxTiers); t > 0; t-- {
				var tier [][]string
				for g := 1 + rnd.Intn(3); g > 0; g-- {
					var group []string
					for k := 1 + rnd.Intn(2); k > 0; k-- {
						group = append(group, roles[rnd.Intn(len(roles))])
					}
					tier = append(tier, group)
				}
				tiers = append(tiers, tier)
			}
			rules = append(rules, rule(fmt.Sprint("rule", n), tiers...))
		}
		f := newFlow(rules...)
		ref := &refFlow{rules: rules, done: map[[3]int]bool{}, status: FlowPending}
		for step := 0; step < 12; step++ {
			held := map[string]bool{}
			var names []string
			for _, r := range roles {
				if rnd.Intn(4) == 0 {
					held[r] = true
					names = append(names, r)
				}
			}
			a := approver(fmt.Sprint("c", step), names...)
			if rnd.Intn(15) == 0 {
				wantOK := ref.status == FlowPending && f.eligible(a)
				err := f.Reject(a, "", t0)
				if (err == nil) != wantOK {
					t.Fatalf("run %d step %d: reject err %v, want ok %v", run, step, err, wantOK)
				}
				if err == nil {
					ref.status = FlowRejected
				}
			} else {
				wantOK := ref.approve(held)
				if err := f.Approve(a, t0); (err == nil) != wantOK {
					t.Fatalf("run %d step %d: approve err %v, want ok %v", run, step, err, wantOK)
				}
			}
			if f.Status != ref.status || fmt.Sprint(setOf(f.PendingApprovers)) != fmt.Sprint(ref.pending()) {
				t.Fatalf("run %d step %d: status %s pending %v; reference %s %v", run, step, f.Status, keys(f.PendingApprovers), ref.status, ref.pending())
			}
			e, p, c := setOf(f.EligibleApprovers), setOf(f.PendingApprovers), setOf(f.CurrentTierPendingApprovers)
			for k := range c {
				if !p[k] {
					t.Fatalf("run %d: current-tier approver %s is not pending", run, k)
				}
			}
			for k := range p {
				if !e[k] {
					t.Fatalf("run %d: pending approver %s is not eligible", run, k)
				}
			}
			// A reloaded flow (approvals replayed) is the same flow.
			reloaded := *f
			reloaded.Restore()
			reloaded.computeApprovers()
			if keys(reloaded.PendingApprovers) != keys(f.PendingApprovers) {
				t.Fatalf("run %d: replaying the approvals gives pending %s, not %s", run, keys(reloaded.PendingApprovers), keys(f.PendingApprovers))
			}
		}
	}
}
