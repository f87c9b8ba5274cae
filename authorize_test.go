package procura

import (
	"fmt"
	"testing"
)

var testRoles = Roles{
	"admin":    NewPermissionSet(AddChildUnits, UpdateAssociates, ViewOthersOrders),
	"buyer":    NewPermissionSet(CreateMyCarts, ViewMyOrders),
	"approver": NewPermissionSet(UpdateApprovalFlows, ViewOthersOrders),
}

// unit builds a unit; each assignment is "customer:role:Enabled|Disabled".
func unit(key, mode string, assignments ...string) *BusinessUnit {
	u := &BusinessUnit{Key: key, AssociateMode: mode, Status: StatusActive}
	for _, a := range assignments {
		var customer, role, inh string
		fmt.Sscanf(a, "%s %s %s", &customer, &role, &inh)
		as := u.Associate(customer)
		if as == nil {
			u.Associates = append(u.Associates, Associate{Customer: Reference{TypeID: TypeCustomer, ID: customer}})
			as = &u.Associates[len(u.Associates)-1]
		}
		as.AssociateRoleAssignments = append(as.AssociateRoleAssignments,
			AssociateRoleAssignment{AssociateRole: KeyReference{TypeID: TypeAssociateRole, Key: role}, Inheritance: inh})
	}
	u.IndexAssociates()
	return u
}

const inherit = ModeExplicitAndFromParent

func TestPermissions(t *testing.T) {
	tests := []struct {
		name     string
		chain    []*BusinessUnit // the unit first, the Company last
		customer string
		want     PermissionSet
	}{
		{"explicit role in the unit", []*BusinessUnit{unit("acme", ModeExplicit, "alice buyer Disabled")}, "alice", testRoles["buyer"]},
		{"explicit roles add up", []*BusinessUnit{unit("acme", ModeExplicit, "alice buyer Disabled", "alice approver Enabled")}, "alice",
			testRoles["buyer"] | testRoles["approver"]},
		{"no associate, no permission", []*BusinessUnit{unit("acme", ModeExplicit, "alice buyer Disabled")}, "bob", 0},
		{"My does not imply Others", []*BusinessUnit{unit("acme", ModeExplicit, "alice buyer Disabled")}, "alice", NewPermissionSet(CreateMyCarts, ViewMyOrders)},
		{"inherited from the Company through two Divisions", []*BusinessUnit{
			unit("d2", inherit), unit("d1", inherit), unit("acme", ModeExplicit, "alice admin Enabled")}, "alice", testRoles["admin"]},
		{"inheritance Disabled stays in its unit", []*BusinessUnit{
			unit("d1", inherit), unit("acme", ModeExplicit, "alice admin Disabled")}, "alice", 0},
		{"a Division in Explicit mode cuts the chain", []*BusinessUnit{
			unit("d2", inherit), unit("d1", ModeExplicit), unit("acme", ModeExplicit, "alice admin Enabled")}, "alice", 0},
		{"an Explicit unit still has its own associates", []*BusinessUnit{
			unit("d1", ModeExplicit, "alice buyer Disabled"), unit("acme", ModeExplicit, "alice admin Enabled")}, "alice", testRoles["buyer"]},
		{"explicit and inherited roles add up", []*BusinessUnit{
			unit("d1", inherit, "alice buyer Disabled"), unit("acme", ModeExplicit, "alice admin Enabled")}, "alice",
			testRoles["buyer"] | testRoles["admin"]},
		{"an intermediate explicit Disabled assignment stops the same role", []*BusinessUnit{
			unit("d2", inherit), unit("d1", inherit, "alice admin Disabled"), unit("acme", ModeExplicit, "alice admin Enabled")}, "alice", 0},
		{"an intermediate Disabled assignment stops only that role", []*BusinessUnit{
			unit("d2", inherit), unit("d1", inherit, "alice admin Disabled"),
			unit("acme", ModeExplicit, "alice admin Enabled", "alice approver Enabled")}, "alice", testRoles["approver"]},
		{"an intermediate Enabled assignment passes on", []*BusinessUnit{
			unit("d2", inherit), unit("d1", inherit, "alice buyer Enabled"), unit("acme", ModeExplicit, "alice admin Enabled")}, "alice",
			testRoles["buyer"] | testRoles["admin"]},
		{"an inactive Company still passes roles down", []*BusinessUnit{
			unit("d1", inherit), func() *BusinessUnit {
				u := unit("acme", ModeExplicit, "alice admin Enabled")
				u.Status = StatusInactive
				return u
			}()},
			"alice", testRoles["admin"]},
		{"another customer's roles do not count", []*BusinessUnit{
			unit("d1", inherit, "bob admin Disabled"), unit("acme", ModeExplicit, "bob approver Enabled")}, "alice", 0},
		{"an unknown role grants nothing", []*BusinessUnit{unit("acme", ModeExplicit, "alice ghost Disabled")}, "alice", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Permissions(tt.customer, tt.chain, testRoles)
			if got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			inherited := false
			for _, ia := range InheritedAssociates(tt.chain) {
				inherited = inherited || ia.Customer.ID == tt.customer
			}
			if isAssoc := IsAssociate(tt.customer, tt.chain); isAssoc != (tt.chain[0].Associate(tt.customer) != nil || inherited) {
				t.Errorf("IsAssociate = %v, inconsistent with the associates and inherited associates", isAssoc)
			}
		})
	}
}

func TestInheritedAssociatesNameTheNearestSource(t *testing.T) {
	chain := []*BusinessUnit{
		unit("d2", inherit, "carol buyer Disabled"),
		unit("d1", inherit, "alice buyer Enabled", "bob admin Disabled"),
		unit("acme", ModeExplicit, "alice buyer Enabled", "alice admin Enabled", "bob admin Enabled", "dave approver Disabled"),
	}
	got := InheritedAssociates(chain)
	want := map[string][]string{"alice": {"buyer@d1", "admin@acme"}}
	if len(got) != len(want) {
		t.Fatalf("got %d inherited associates %+v, want %d", len(got), got, len(want))
	}
	for _, ia := range got {
		var roles []string
		for _, ra := range ia.AssociateRoleAssignments {
			roles = append(roles, ra.AssociateRole.Key+"@"+ra.Source.Key)
		}
		if fmt.Sprint(roles) != fmt.Sprint(want[ia.Customer.ID]) {
			t.Errorf("%s: got %v, want %v", ia.Customer.ID, roles, want[ia.Customer.ID])
		}
	}
}

func TestInheritedStoresComeFromTheNearestExplicitAncestor(t *testing.T) {
	main := []KeyReference{{TypeID: TypeStore, Key: "main"}}
	eu := []KeyReference{{TypeID: TypeStore, Key: "eu"}}
	company := &BusinessUnit{Key: "acme", StoreMode: ModeExplicit, Stores: main}
	d1 := &BusinessUnit{Key: "d1", StoreMode: StoreModeFromParent}
	d1x := &BusinessUnit{Key: "d1x", StoreMode: ModeExplicit, Stores: eu}
	d2 := &BusinessUnit{Key: "d2", StoreMode: StoreModeFromParent}
	if got := InheritedStores([]*BusinessUnit{d2, d1, company}); fmt.Sprint(got) != fmt.Sprint(main) {
		t.Errorf("through a FromParent division: got %v, want %v", got, main)
	}
	if got := InheritedStores([]*BusinessUnit{d2, d1x, company}); fmt.Sprint(got) != fmt.Sprint(eu) {
		t.Errorf("below an Explicit division: got %v, want %v", got, eu)
	}
	if got := InheritedStores([]*BusinessUnit{d1x, company}); got != nil {
		t.Errorf("an Explicit unit inherits no stores: got %v", got)
	}
}

// benchmarkChain builds a 5-level chain with perUnit associates in each unit; the customer
// "target" holds an inheritable role in the Company only.
func benchmarkChain(perUnit int) []*BusinessUnit {
	chain := make([]*BusinessUnit, MaxHierarchyDepth)
	for level := range chain {
		mode := inherit
		if level == MaxHierarchyDepth-1 {
			mode = ModeExplicit
		}
		u := &BusinessUnit{Key: fmt.Sprintf("unit-%d", level), AssociateMode: mode}
		for i := 0; i < perUnit; i++ {
			u.Associates = append(u.Associates, Associate{
				Customer: Reference{TypeID: TypeCustomer, ID: fmt.Sprintf("customer-%d-%d", level, i)},
				AssociateRoleAssignments: []AssociateRoleAssignment{
					{AssociateRole: KeyReference{Key: "buyer"}, Inheritance: InheritanceEnabled},
					{AssociateRole: KeyReference{Key: "approver"}, Inheritance: InheritanceDisabled},
				},
			})
		}
		chain[level] = u
	}
	company := chain[len(chain)-1]
	company.Associates[perUnit/2].Customer.ID = "target"
	company.Associates[perUnit/2].AssociateRoleAssignments[0].AssociateRole.Key = "admin"
	for _, u := range chain {
		u.IndexAssociates()
	}
	return chain
}

func TestBenchmarkChainIsRight(t *testing.T) {
	chain := benchmarkChain(2000)
	if got := Permissions("target", chain, testRoles); got != testRoles["admin"] {
		t.Fatalf("got %v, want admin's permissions", got)
	}
}

// BenchmarkPermissions: one check in the deepest unit of a 5-level tree with 2,000 associates
// per unit, for a customer who inherits a role from the Company.
func BenchmarkPermissions(b *testing.B) {
	chain := benchmarkChain(MaxAssociatesPerUnit)
	b.ReportAllocs()
	b.ResetTimer()
	var set PermissionSet
	for i := 0; i < b.N; i++ {
		set |= Permissions("target", chain, testRoles)
	}
	if set != testRoles["admin"] {
		b.Fatal(set)
	}
}

// BenchmarkIsAssociate: whether a customer who inherits their role from the Company acts for the
// deepest unit of a 5-level tree with 2,000 associates in every unit.
func BenchmarkIsAssociate(b *testing.B) {
	chain := benchmarkChain(MaxAssociatesPerUnit)
	b.ReportAllocs()
	for b.Loop() {
		if !IsAssociate("target", chain) {
			b.Fatal("not an associate")
		}
	}
}
