package procura

import (
	"strings"
	"testing"
)

// TestCan: caller kind × operation × My/Others × explicit, inherited and cut by an Explicit
// associate mode.
func TestCan(t *testing.T) {
	acme := func(mode string) []*BusinessUnit {
		return []*BusinessUnit{
			unit("eng", mode, "bob buyer Enabled"),
			unit("acme", inherit, "ann admin Enabled", "bob buyer Enabled", "vic approver Disabled"),
		}
	}
	shared, cut := acme(inherit), acme(ModeExplicit)
	globex := []*BusinessUnit{unit("globex", inherit, "gus admin Enabled")}
	const ok, notFound, missing = "", CodeResourceNotFound, CodeAssociateMissingPermission
	tests := []struct {
		name  string
		kind  ActorKind
		who   string
		right Right
		chain []*BusinessUnit
		owner string
		want  string
	}{
		{"the seller does everything", AsSeller, "", UpdateCarts, globex, "gus", ok},
		{"the seller with no unit", AsSeller, "", ViewOrders, nil, "", ok},

		{"own resource, My held explicitly", AsBackend, "bob", CreateCarts, shared[1:], "bob", ok},
		{"own resource, My held by inheritance", AsAssociate, "bob", CreateCarts, shared, "bob", ok},
		{"own resource, My missing", AsAssociate, "bob", UpdateCarts, shared, "bob", missing},
		{"a colleague's, Others by inheritance", AsBackend, "ann", ViewOrders, shared, "bob", ok},
		{"a colleague's, only My held", AsBackend, "bob", ViewOrders, shared, "ann", missing},
		{"own, only Others held", AsBackend, "ann", ViewOrders, shared, "ann", missing},
		{"inheritance Disabled stops at the unit", AsBackend, "vic", ViewOrders, shared, "bob", missing},
		{"inheritance Disabled counts in the unit itself", AsBackend, "vic", ViewOrders, shared[1:], "bob", ok},
		{"an Explicit unit cuts inheritance", AsBackend, "ann", ViewOrders, cut, "bob", missing},
		{"an Explicit unit keeps its own associates", AsBackend, "bob", CreateCarts, cut, "bob", ok},
		{"another company", AsAssociate, "ann", ViewOrders, globex, "gus", missing},
		{"no unit (does not exist)", AsBackend, "ann", ViewOrders, nil, "bob", missing},
		{"a unit right held", AsAssociate, "ann", AddChildUnit, shared, "", ok},
		{"a unit right missing", AsAssociate, "bob", AddChildUnit, shared, "", missing},
		{"viewing a unit needs acting for it only", AsBackend, "bob", ViewUnit, shared, "", ok},
		{"viewing a unit of another company", AsBackend, "bob", ViewUnit, globex, "", missing},

		{"/me: own resource, viewing needs no permission", AsMe, "bob", ViewCarts, shared, "bob", ok},
		{"/me: own resource, My held", AsMe, "bob", CreateCarts, shared, "bob", ok},
		{"/me: own resource, My missing", AsMe, "bob", UpdateCarts, shared, "bob", missing},
		{"/me: a colleague's resource does not exist", AsMe, "ann", ViewOrders, shared, "bob", notFound},
		{"/me: own resource in no unit", AsMe, "bob", UpdateCarts, nil, "bob", ok},
		{"/me: viewing their own in a unit they do not act for (any more)", AsMe, "bob", ViewCarts, globex, "bob", ok},
		{"/me: changing their own in a unit they do not act for", AsMe, "bob", UpdateCarts, globex, "bob", notFound},
		{"/me: a unit right held", AsMe, "ann", ManageMembers, shared, "", ok},
		{"/me: a unit right missing", AsMe, "bob", ManageMembers, shared, "", missing},
		{"/me: a unit right with no unit", AsMe, "ann", ManageMembers, nil, "", notFound},
		{"/me: viewing a unit they act for", AsMe, "bob", ViewUnit, shared, "", ok},
		{"/me: viewing a unit of another company", AsMe, "bob", ViewUnit, globex, "", notFound},

		{"anonymous: its own cart", AsAnonymous, "s1", UpdateCarts, nil, AnonymousOwner("s1"), ok},
		{"anonymous: creating its cart", AsAnonymous, "s1", CreateCarts, nil, AnonymousOwner("s1"), ok},
		{"anonymous: another session's cart", AsAnonymous, "s1", ViewCarts, nil, AnonymousOwner("s2"), notFound},
		{"anonymous: a customer whose id is the session's", AsAnonymous, "bob", ViewCarts, nil, "bob", notFound},
		{"anonymous: a cart in a unit", AsAnonymous, "s1", ViewCarts, shared, AnonymousOwner("s1"), notFound},
		{"anonymous: no orders", AsAnonymous, "s1", PlaceOrders, nil, AnonymousOwner("s1"), notFound},
		{"anonymous: no quotes", AsAnonymous, "s1", RequestQuotes, nil, AnonymousOwner("s1"), notFound},
		{"anonymous: no unit", AsAnonymous, "s1", ViewUnit, shared, "", notFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Actor{Kind: tt.kind, CustomerID: tt.who, Roles: testRoles}
			if tt.kind == AsAnonymous {
				a.CustomerID, a.AnonymousID = "", tt.who
			}
			err := a.Can(tt.right, tt.chain, tt.owner)
			got := ""
			if err != nil {
				got = ErrorCode(err)
			}
			if got != tt.want {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}

func TestCanIsConfinedToTheBoundCompany(t *testing.T) {
	chain := []*BusinessUnit{unit("acme", inherit, "ann admin Enabled")}
	a := Actor{Kind: AsMe, CustomerID: "ann", Company: "globex", Roles: testRoles}
	if err := a.Can(ManageMembers, chain, ""); ErrorCode(err) != CodeResourceNotFound {
		t.Fatalf("bound to globex, acting in acme: %v", err)
	}
	if err := a.Can(ViewOrders, chain, "ann"); ErrorCode(err) != CodeResourceNotFound {
		t.Fatalf("bound to globex, viewing her own order of acme: %v", err)
	}
	if err := a.Can(ViewCarts, nil, "ann"); ErrorCode(err) != CodeResourceNotFound {
		t.Fatalf("bound to globex, viewing her own cart outside every unit: %v", err)
	}
	a.Company = "acme"
	if err := a.Can(ManageMembers, chain, ""); err != nil {
		t.Fatalf("bound to acme: %v", err)
	}
	a.Company = ""
	if err := a.Can(ViewCarts, nil, "ann"); err != nil {
		t.Fatalf("unbound, viewing her own cart outside every unit: %v", err)
	}
}

func TestCanList(t *testing.T) {
	chain := []*BusinessUnit{unit("acme", inherit, "ann admin Enabled", "bob buyer Enabled", "vic approver Enabled")}
	tests := []struct {
		who          string
		mine, others bool
		err          string
	}{
		{"ann", false, true, ""}, // ViewOthersOrders only: colleagues' orders, not her own
		{"bob", true, false, ""},
		{"eve", false, false, CodeAssociateMissingPermission},
	}
	for _, tt := range tests {
		a := Actor{Kind: AsAssociate, CustomerID: tt.who, Roles: testRoles}
		mine, others, err := a.CanList(ViewOrders, chain)
		if mine != tt.mine || others != tt.others || (err == nil) != (tt.err == "") {
			t.Errorf("%s: mine %v others %v err %v", tt.who, mine, others, err)
		}
	}
	if _, _, err := (Actor{Kind: AsBackend, CustomerID: "eve"}).CanList(ViewOrders, chain); err == nil ||
		!containsAll(err.Error(), "one of", "ViewMyOrders", "ViewOthersOrders") {
		t.Fatalf("the error names both permissions and that one is enough: %v", err)
	}
}

func TestMissingPermissionErrorsSayAllOrOne(t *testing.T) {
	one := AssociateMissingPermission("c", "u", "view orders", ViewMyOrders, ViewOthersOrders)
	all := AssociateMissingAllPermissions("c", "u", "assign the role 'x'", ViewMyOrders, ViewOthersOrders)
	if !containsAll(one.Message, "Needs one of 'ViewMyOrders' or 'ViewOthersOrders'.") ||
		!containsAll(all.Message, "Needs all of 'ViewMyOrders' and 'ViewOthersOrders'.") {
		t.Fatalf("%q / %q", one.Message, all.Message)
	}
}

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

// BenchmarkCan: the whole decision for a customer who inherits their role from the Company of a
// 5-level tree with 2,000 associates in every unit.
func BenchmarkCan(b *testing.B) {
	chain := benchmarkChain(MaxAssociatesPerUnit)
	a := Actor{Kind: AsAssociate, CustomerID: "target", Roles: testRoles}
	b.ReportAllocs()
	for b.Loop() {
		if err := a.Can(ViewOrders, chain, "someone"); err != nil {
			b.Fatal(err)
		}
	}
}
