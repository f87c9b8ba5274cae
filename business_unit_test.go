package procura

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// --- fixtures ---

// mkUnit creates the unit d describes (id "bu-<key>") and registers it in the lookup.
func (l *fakeLookup) mkUnit(t *testing.T, d BusinessUnitDraft) *BusinessUnit {
	t.Helper()
	u, err := NewBusinessUnit(d, "bu-"+d.Key, l.change())
	if err != nil {
		t.Fatalf("creating %s: %v", d.Key, err)
	}
	l.units[u.Key] = u
	return u
}

func (l *fakeLookup) company(t *testing.T, key string) *BusinessUnit {
	return l.mkUnit(t, BusinessUnitDraft{Key: key, UnitType: UnitTypeCompany, Name: key})
}

func (l *fakeLookup) division(t *testing.T, key, parent string) *BusinessUnit {
	return l.mkUnit(t, divisionDraft(key, parent))
}

func divisionDraft(key, parent string) BusinessUnitDraft {
	return BusinessUnitDraft{Key: key, UnitType: UnitTypeDivision, Name: key, ParentUnit: keyRI(TypeBusinessUnit, parent)}
}

// line builds a Company <p>1 and Divisions <p>2..<p>n, each below the previous one.
func (l *fakeLookup) line(t *testing.T, p string, n int) {
	l.company(t, p+"1")
	for i := 2; i <= n; i++ {
		l.division(t, fmt.Sprint(p, i), fmt.Sprint(p, i-1))
	}
}

// unitCase is one update action applied to the unit named unit of a fresh world, after setup
// actions that must succeed.
type unitCase struct {
	name   string
	unit   string
	setup  []json.RawMessage
	action json.RawMessage
	code   string
	check  func(t *testing.T, u *BusinessUnit, l *fakeLookup)
}

func runUnitCases(t *testing.T, world func(t *testing.T) *fakeLookup, cases []unitCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := world(t)
			u, ok := l.units[tc.unit]
			if !ok {
				t.Fatalf("no unit %q in the world", tc.unit)
			}
			for _, s := range tc.setup {
				if err := u.Apply(s, l.change()); err != nil {
					t.Fatalf("setup %s: %v", s, err)
				}
			}
			version := u.Version
			err := u.Apply(tc.action, l.change())
			checkCode(t, err, tc.code)
			eq(t, "version (Apply leaves it to the caller)", u.Version, version)
			if tc.check != nil { // after a refused action too: what it must leave untouched
				tc.check(t, u, l)
			}
		})
	}
}

// --- drafts ---

// draftWorld: Company acme; a line a1..a5 (5 levels); stores s1..s3; roles; customers c1..c5.
func draftWorld(t *testing.T) *fakeLookup {
	l := newWorld()
	l.company(t, "acme")
	l.line(t, "a", 5)
	return l
}

func TestBusinessUnitDraft(t *testing.T) {
	company := func(mod func(d *BusinessUnitDraft)) BusinessUnitDraft {
		d := BusinessUnitDraft{Key: "new-co", UnitType: UnitTypeCompany, Name: "New Co"}
		if mod != nil {
			mod(&d)
		}
		return d
	}
	division := func(mod func(d *BusinessUnitDraft)) BusinessUnitDraft {
		d := divisionDraft("new-div", "acme")
		if mod != nil {
			mod(&d)
		}
		return d
	}
	withAssociates := func(as ...AssociateDraft) BusinessUnitDraft {
		return company(func(d *BusinessUnitDraft) { d.Associates = as })
	}
	withAddresses := func(mod func(d *BusinessUnitDraft)) BusinessUnitDraft {
		return company(func(d *BusinessUnitDraft) {
			d.Addresses = []Address{{Key: "hq", Country: "DE", City: "Berlin"}, {Country: "FR"}}
			mod(d)
		})
	}
	addr := func(id, key, country, city string) Address {
		return Address{ID: id, Key: key, Country: country, City: city}
	}
	manyAssociates := func(n int) []AssociateDraft {
		out := make([]AssociateDraft, n)
		for i := range out {
			out[i] = associate(fmt.Sprintf("c%d", i+1), role("buyer", ""))
		}
		return out
	}
	fiveRoles := []AssignmentDraft{role("admin", ""), role("buyer", ""), role("approver", ""), role("r4", ""), role("r5", "")}

	tests := []struct {
		name  string
		draft BusinessUnitDraft
		code  string
		check func(t *testing.T, u *BusinessUnit)
	}{
		// Company
		{name: "company defaults", draft: company(nil), check: func(t *testing.T, u *BusinessUnit) {
			eq(t, "base", u.Base, Base{ID: "bu-new", Version: 1, CreatedAt: "2026-08-01T12:00:00.000Z", LastModifiedAt: "2026-08-01T12:00:00.000Z"})
			eq(t, "key/name/type", []string{u.Key, u.Name, u.UnitType}, []string{"new-co", "New Co", UnitTypeCompany})
			eq(t, "status", u.Status, StatusActive)
			eq(t, "modes", []string{u.StoreMode, u.AssociateMode, u.ApprovalRuleMode}, []string{ModeExplicit, ModeExplicit, ModeExplicit})
			eq(t, "stores", u.Stores, []KeyReference{})
			eq(t, "associates", u.Associates, []Associate{})
			eq(t, "addresses", u.addressBook, addressBook{Addresses: []Address{}, ShippingAddressIDs: []string{}, BillingAddressIDs: []string{}})
			eq(t, "parentUnit", u.ParentUnit, (*KeyReference)(nil))
			eq(t, "custom", u.Custom, (*CustomFields)(nil))
		}},
		{name: "company Inactive", draft: company(func(d *BusinessUnitDraft) { d.Status = StatusInactive }),
			check: func(t *testing.T, u *BusinessUnit) { eq(t, "status", u.Status, StatusInactive) }},
		{name: "company unknown status", draft: company(func(d *BusinessUnitDraft) { d.Status = "Paused" }), code: CodeInvalidField},
		{name: "company explicit modes spelled out", draft: company(func(d *BusinessUnitDraft) {
			d.StoreMode, d.AssociateMode, d.ApprovalRuleMode = ModeExplicit, ModeExplicit, ModeExplicit
		})},
		{name: "company storeMode FromParent", draft: company(func(d *BusinessUnitDraft) { d.StoreMode = StoreModeFromParent }), code: CodeInvalidField},
		{name: "company associateMode ExplicitAndFromParent", draft: company(func(d *BusinessUnitDraft) { d.AssociateMode = ModeExplicitAndFromParent }), code: CodeInvalidField},
		{name: "company approvalRuleMode ExplicitAndFromParent", draft: company(func(d *BusinessUnitDraft) { d.ApprovalRuleMode = ModeExplicitAndFromParent }), code: CodeInvalidField},
		{name: "company with parentUnit", draft: company(func(d *BusinessUnitDraft) { d.ParentUnit = keyRI(TypeBusinessUnit, "acme") }), code: CodeInvalidInput},
		{name: "company stores by key and id, duplicates collapsed", draft: company(func(d *BusinessUnitDraft) {
			d.Stores = []ResourceIdentifier{*keyRI(TypeStore, "s1"), {ID: "store-id-s2"}, *keyRI(TypeStore, "s1")}
		}), check: func(t *testing.T, u *BusinessUnit) {
			eq(t, "stores", u.Stores, []KeyReference{storeRef("s1"), storeRef("s2")})
		}},
		{name: "company unknown store", draft: company(func(d *BusinessUnitDraft) { d.Stores = []ResourceIdentifier{*keyRI(TypeStore, "nope")} }), code: CodeReferencedResourceNotFound},
		{name: "store with id and key", draft: company(func(d *BusinessUnitDraft) { d.Stores = []ResourceIdentifier{{ID: "store-id-s1", Key: "s1"}} }), code: CodeInvalidJSONInput},
		{name: "contact email and custom", draft: company(func(d *BusinessUnitDraft) {
			d.ContactEmail = "buy@new.example"
			d.Custom = &CustomFieldsDraft{Type: keyRI(TypeType, "bu-type"), Fields: map[string]any{"a": "x", "gone": nil}}
		}), check: func(t *testing.T, u *BusinessUnit) {
			eq(t, "contactEmail", u.ContactEmail, "buy@new.example")
			eq(t, "custom", u.Custom, &CustomFields{Type: ResourceIdentifier{TypeID: TypeType, Key: "bu-type"}, Fields: map[string]any{"a": "x"}})
		}},
		{name: "custom without type", draft: company(func(d *BusinessUnitDraft) { d.Custom = &CustomFieldsDraft{} }), code: CodeRequiredField},

		// Division
		{name: "division defaults", draft: division(nil), check: func(t *testing.T, u *BusinessUnit) {
			eq(t, "type", u.UnitType, UnitTypeDivision)
			eq(t, "status", u.Status, StatusActive)
			eq(t, "modes", []string{u.StoreMode, u.AssociateMode, u.ApprovalRuleMode},
				[]string{StoreModeFromParent, ModeExplicitAndFromParent, ModeExplicitAndFromParent})
			eq(t, "stores", u.Stores, []KeyReference(nil))
			eq(t, "parentUnit", u.ParentUnit, unitRef("acme"))
		}},
		{name: "division parent by id", draft: division(func(d *BusinessUnitDraft) { d.ParentUnit = &ResourceIdentifier{ID: "bu-acme"} }),
			check: func(t *testing.T, u *BusinessUnit) { eq(t, "parentUnit", u.ParentUnit, unitRef("acme")) }},
		{name: "division under a division", draft: divisionDraft("new-div", "a3"),
			check: func(t *testing.T, u *BusinessUnit) { eq(t, "parentUnit", u.ParentUnit, unitRef("a3")) }},
		{name: "division without parentUnit", draft: division(func(d *BusinessUnitDraft) { d.ParentUnit = nil }), code: CodeRequiredField},
		{name: "division unknown parent", draft: divisionDraft("new-div", "nope"), code: CodeReferencedResourceNotFound},
		{name: "division parent with id and key", draft: division(func(d *BusinessUnitDraft) {
			d.ParentUnit = &ResourceIdentifier{ID: "bu-acme", Key: "acme"}
		}), code: CodeInvalidJSONInput},
		{name: "division parent of wrong typeId", draft: division(func(d *BusinessUnitDraft) { d.ParentUnit = keyRI(TypeStore, "acme") }), code: CodeInvalidField},
		{name: "division explicit modes", draft: division(func(d *BusinessUnitDraft) {
			d.StoreMode, d.AssociateMode, d.ApprovalRuleMode = ModeExplicit, ModeExplicit, ModeExplicit
		}), check: func(t *testing.T, u *BusinessUnit) {
			eq(t, "modes", []string{u.StoreMode, u.AssociateMode, u.ApprovalRuleMode}, []string{ModeExplicit, ModeExplicit, ModeExplicit})
			eq(t, "stores", u.Stores, []KeyReference{})
		}},
		{name: "division Explicit store mode with stores", draft: division(func(d *BusinessUnitDraft) {
			d.StoreMode, d.Stores = ModeExplicit, []ResourceIdentifier{*keyRI(TypeStore, "s3")}
		}), check: func(t *testing.T, u *BusinessUnit) { eq(t, "stores", u.Stores, []KeyReference{storeRef("s3")}) }},
		{name: "division FromParent with stores", draft: division(func(d *BusinessUnitDraft) {
			d.Stores = []ResourceIdentifier{*keyRI(TypeStore, "s1")}
		}), code: CodeInvalidInput},
		{name: "division unknown storeMode", draft: division(func(d *BusinessUnitDraft) { d.StoreMode = ModeExplicitAndFromParent }), code: CodeInvalidField},
		{name: "division unknown associateMode", draft: division(func(d *BusinessUnitDraft) { d.AssociateMode = StoreModeFromParent }), code: CodeInvalidField},
		{name: "division unknown approvalRuleMode", draft: division(func(d *BusinessUnitDraft) { d.ApprovalRuleMode = "Sometimes" }), code: CodeInvalidField},
		{name: "5th level accepted", draft: divisionDraft("new-div", "a4"),
			check: func(t *testing.T, u *BusinessUnit) { eq(t, "parentUnit", u.ParentUnit, unitRef("a4")) }},
		{name: "6th level refused", draft: divisionDraft("new-div", "a5"), code: CodeMaxResourceLimitExceeded},

		// key, name, type
		{name: "key of 2 characters", draft: company(func(d *BusinessUnitDraft) { d.Key = "ab" })},
		{name: "key of 256 characters", draft: company(func(d *BusinessUnitDraft) { d.Key = strings.Repeat("k", 256) })},
		{name: "key with _ and -", draft: company(func(d *BusinessUnitDraft) { d.Key = "A_b-9" })},
		{name: "key of 1 character", draft: company(func(d *BusinessUnitDraft) { d.Key = "a" }), code: CodeInvalidInput},
		{name: "key with a space", draft: company(func(d *BusinessUnitDraft) { d.Key = "new co" }), code: CodeInvalidInput},
		{name: "key of 257 characters", draft: company(func(d *BusinessUnitDraft) { d.Key = strings.Repeat("k", 257) }), code: CodeInvalidInput},
		{name: "key with a non-ASCII letter", draft: company(func(d *BusinessUnitDraft) { d.Key = "münchen" }), code: CodeInvalidInput},
		{name: "missing key", draft: company(func(d *BusinessUnitDraft) { d.Key = "" }), code: CodeRequiredField},
		{name: "missing name", draft: company(func(d *BusinessUnitDraft) { d.Name = "" }), code: CodeRequiredField},
		{name: "missing unitType", draft: company(func(d *BusinessUnitDraft) { d.UnitType = "" }), code: CodeRequiredField},
		{name: "unknown unitType", draft: company(func(d *BusinessUnitDraft) { d.UnitType = "Department" }), code: CodeInvalidField},

		// associates
		{name: "associates resolved, inheritance defaults to Disabled", draft: withAssociates(
			associate("c1", role("admin", InheritanceEnabled), role("buyer", "")),
			AssociateDraft{Customer: &ResourceIdentifier{Key: "cust-2"}, AssociateRoleAssignments: []AssignmentDraft{{AssociateRole: &ResourceIdentifier{ID: "role-id-buyer"}, Inheritance: InheritanceDisabled}}},
		), check: func(t *testing.T, u *BusinessUnit) {
			eq(t, "associates", u.Associates, []Associate{
				{Customer: Reference{TypeID: TypeCustomer, ID: "c1"}, AssociateRoleAssignments: []AssociateRoleAssignment{assignment("admin", InheritanceEnabled), assignment("buyer", InheritanceDisabled)}},
				{Customer: Reference{TypeID: TypeCustomer, ID: "c2"}, AssociateRoleAssignments: []AssociateRoleAssignment{assignment("buyer", InheritanceDisabled)}},
			})
		}},
		{name: "associate with 5 roles", draft: withAssociates(associate("c1", fiveRoles...)),
			check: func(t *testing.T, u *BusinessUnit) { eq(t, "roles", len(u.Associates[0].AssociateRoleAssignments), 5) }},
		{name: "associate with 0 roles", draft: withAssociates(associate("c1")), code: CodeInvalidInput},
		{name: "associate with 6 roles", draft: withAssociates(associate("c1", append(fiveRoles, role("r6", ""))...)), code: CodeInvalidInput},
		{name: "associate with a role twice (key and id)", draft: withAssociates(associate("c1", role("buyer", ""),
			AssignmentDraft{AssociateRole: &ResourceIdentifier{ID: "role-id-buyer"}})), code: CodeDuplicateField},
		{name: "associate with unknown inheritance", draft: withAssociates(associate("c1", role("buyer", "Always"))), code: CodeInvalidField},
		{name: "associate with unknown customer", draft: withAssociates(associate("c9999", role("buyer", ""))), code: CodeReferencedResourceNotFound},
		{name: "associate with unknown role", draft: withAssociates(associate("c1", role("ceo", ""))), code: CodeReferencedResourceNotFound},
		{name: "associate without customer", draft: withAssociates(AssociateDraft{AssociateRoleAssignments: []AssignmentDraft{role("buyer", "")}}), code: CodeRequiredField},
		{name: "same customer twice", draft: withAssociates(associate("c1", role("buyer", "")), associate("c1", role("admin", ""))), code: CodeDuplicateField},
		{name: "2001 associates", draft: withAssociates(manyAssociates(2001)...), code: CodeMaxResourceLimitExceeded},

		// addresses
		{name: "addresses with lists and defaults", draft: withAddresses(func(d *BusinessUnitDraft) {
			d.ShippingAddresses, d.BillingAddresses = []int{0, 1}, []int{1}
			d.DefaultShippingAddress, d.DefaultBillingAddress = ptr(1), ptr(0)
		}), check: func(t *testing.T, u *BusinessUnit) {
			eq(t, "address book", u.addressBook, addressBook{
				Addresses:          []Address{addr("addr-1", "hq", "DE", "Berlin"), addr("addr-2", "", "FR", "")},
				ShippingAddressIDs: []string{"addr-1", "addr-2"}, BillingAddressIDs: []string{"addr-2", "addr-1"},
				DefaultShippingAddressID: "addr-2", DefaultBillingAddressID: "addr-1",
			})
		}},
		{name: "default address joins its list", draft: withAddresses(func(d *BusinessUnitDraft) { d.DefaultShippingAddress = ptr(0) }),
			check: func(t *testing.T, u *BusinessUnit) {
				eq(t, "shipping", u.ShippingAddressIDs, []string{"addr-1"})
				eq(t, "billing", u.BillingAddressIDs, []string{})
				eq(t, "default billing", u.DefaultBillingAddressID, "")
			}},
		{name: "repeated index collapsed", draft: withAddresses(func(d *BusinessUnitDraft) { d.BillingAddresses = []int{1, 1} }),
			check: func(t *testing.T, u *BusinessUnit) { eq(t, "billing", u.BillingAddressIDs, []string{"addr-2"}) }},
		{name: "shipping index out of range", draft: withAddresses(func(d *BusinessUnitDraft) { d.ShippingAddresses = []int{2} }), code: CodeInvalidField},
		{name: "negative billing index", draft: withAddresses(func(d *BusinessUnitDraft) { d.BillingAddresses = []int{-1} }), code: CodeInvalidField},
		{name: "default billing out of range", draft: withAddresses(func(d *BusinessUnitDraft) { d.DefaultBillingAddress = ptr(5) }), code: CodeInvalidField},
		{name: "index without addresses", draft: company(func(d *BusinessUnitDraft) { d.DefaultShippingAddress = ptr(0) }), code: CodeInvalidField},
		{name: "duplicate address key", draft: withAddresses(func(d *BusinessUnitDraft) { d.Addresses[1].Key = "hq" }), code: CodeDuplicateField},
		{name: "address without country", draft: withAddresses(func(d *BusinessUnitDraft) { d.Addresses[1].Country = "" }), code: CodeRequiredField},
		{name: "address with bad country", draft: withAddresses(func(d *BusinessUnitDraft) { d.Addresses[1].Country = "france" }), code: CodeInvalidField},
		{name: "address with bad key", draft: withAddresses(func(d *BusinessUnitDraft) { d.Addresses[1].Key = "x" }), code: CodeInvalidInput},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := draftWorld(t)
			l.addCustomers(2001)
			u, err := NewBusinessUnit(tc.draft, "bu-new", l.change())
			checkCode(t, err, tc.code)
			if err == nil && tc.check != nil {
				tc.check(t, u)
			}
		})
	}
}

// --- hierarchy ---

// hierarchyWorld: a1..a5 (5 levels); b1 > b2 > b3; Company c1; d2 below b1 with Explicit
// modes; all of them without stores. For the store rule of changeParentUnit: Companies s-co and
// t-co with stores [s1], u-co with [s1, s2], v-co with [s2, s1]; below s-co the Divisions s-div
// (stores FromParent) and s-exp (Explicit, [s2]); below u-co the Division u-div.
func hierarchyWorld(t *testing.T) *fakeLookup {
	l := newWorld()
	l.line(t, "a", 5)
	l.line(t, "b", 3)
	l.company(t, "c1")
	d := divisionDraft("d2", "b1")
	d.StoreMode, d.AssociateMode, d.ApprovalRuleMode = ModeExplicit, ModeExplicit, ModeExplicit
	l.mkUnit(t, d)
	for key, stores := range map[string][]string{"s-co": {"s1"}, "t-co": {"s1"}, "u-co": {"s1", "s2"}, "v-co": {"s2", "s1"}} {
		d := BusinessUnitDraft{Key: key, UnitType: UnitTypeCompany, Name: key}
		for _, s := range stores {
			d.Stores = append(d.Stores, *keyRI(TypeStore, s))
		}
		l.mkUnit(t, d)
	}
	l.division(t, "s-div", "s-co")
	d = divisionDraft("s-exp", "s-co")
	d.StoreMode, d.Stores = ModeExplicit, []ResourceIdentifier{*keyRI(TypeStore, "s2")}
	l.mkUnit(t, d)
	l.division(t, "u-div", "u-co")
	return l
}

func TestBusinessUnitHierarchy(t *testing.T) {
	parent := func(key string) json.RawMessage {
		return act("changeParentUnit", "parentUnit", keyRI(TypeBusinessUnit, key))
	}
	unitType := func(typ, parent string) json.RawMessage {
		if parent == "" {
			return act("setUnitType", "unitType", typ)
		}
		return act("setUnitType", "unitType", typ, "parentUnit", keyRI(TypeBusinessUnit, parent))
	}
	// topLevel checks the Company at the root of key's chain.
	topLevel := func(key, want string) func(t *testing.T, u *BusinessUnit, l *fakeLookup) {
		return func(t *testing.T, u *BusinessUnit, l *fakeLookup) {
			chain := l.chain(t, l.units[key])
			Derive(chain)
			eq(t, "topLevelUnit of "+key, chain[0].TopLevelUnit, KeyReference{TypeID: TypeBusinessUnit, Key: want})
		}
	}
	runUnitCases(t, hierarchyWorld, []unitCase{
		{name: "changeParentUnit to itself", unit: "a3", action: parent("a3"), code: CodeInvalidOperation},
		{name: "changeParentUnit to its child", unit: "a2", action: parent("a3"), code: CodeInvalidOperation},
		{name: "changeParentUnit to its grandchild", unit: "a2", action: parent("a4"), code: CodeInvalidOperation},
		{name: "changeParentUnit to its deepest descendant", unit: "a2", action: parent("a5"), code: CodeInvalidOperation},
		{name: "changeParentUnit on a Company", unit: "a1", action: parent("b1"), code: CodeInvalidOperation},
		{name: "changeParentUnit without parentUnit", unit: "a2", action: act("changeParentUnit"), code: CodeRequiredField},
		{name: "changeParentUnit to unknown unit", unit: "a2", action: parent("zz"), code: CodeReferencedResourceNotFound},
		{name: "changeParentUnit by id", unit: "b3", action: act("changeParentUnit", "parentUnit", ResourceIdentifier{ID: "bu-c1"}),
			check: func(t *testing.T, u *BusinessUnit, l *fakeLookup) { eq(t, "parentUnit", u.ParentUnit, unitRef("c1")) }},
		{name: "move a 2-level subtree to level 4 (5 levels)", unit: "b2", action: parent("a3"),
			check: func(t *testing.T, u *BusinessUnit, l *fakeLookup) {
				eq(t, "parentUnit", u.ParentUnit, unitRef("a3"))
				topLevel("b3", "a1")(t, u, l)
			}},
		{name: "move a 2-level subtree to level 5 (6 levels)", unit: "b2", action: parent("a4"), code: CodeMaxResourceLimitExceeded},
		{name: "move a leaf to level 5", unit: "b3", action: parent("a4")},
		{name: "move a leaf to level 6", unit: "b3", action: parent("a5"), code: CodeMaxResourceLimitExceeded},
		{name: "move a 4-level subtree below a Company", unit: "a2", action: parent("b1"), check: topLevel("a5", "b1")},
		{name: "move a 4-level subtree below a division", unit: "a2", action: parent("b2"), code: CodeMaxResourceLimitExceeded},
		// The new parent must be associated with the same Stores as the old one (§3.3).
		{name: "move to a parent with the same stores", unit: "s-div", action: parent("t-co"),
			check: func(t *testing.T, u *BusinessUnit, l *fakeLookup) {
				eq(t, "parentUnit", u.ParentUnit, unitRef("t-co"))
				eq(t, "effective stores", EffectiveStores(l.chain(t, u)), []KeyReference{storeRef("s1")})
			}},
		{name: "move to a parent with the same stores in another order", unit: "u-div", action: parent("v-co")},
		{name: "move to a parent with more stores", unit: "s-div", action: parent("u-co"), code: CodeInvalidOperation},
		{name: "move to a parent with other stores", unit: "s-div", action: parent("s-exp"), code: CodeInvalidOperation},
		{name: "move from a parent without stores to one with stores", unit: "b3", action: parent("s-co"), code: CodeInvalidOperation},
		{name: "move a unit with its own stores to a parent with other stores", unit: "s-exp", action: parent("b1"), code: CodeInvalidOperation},
		{name: "refused move keeps the parent", unit: "s-div", action: parent("u-co"), code: CodeInvalidOperation,
			check: func(t *testing.T, u *BusinessUnit, l *fakeLookup) { eq(t, "parentUnit", u.ParentUnit, unitRef("s-co")) }},

		{name: "setUnitType Company with inherit modes", unit: "b2", action: unitType(UnitTypeCompany, ""), code: CodeInvalidOperation},
		{name: "setUnitType Company with Explicit modes", unit: "d2", action: unitType(UnitTypeCompany, ""),
			check: func(t *testing.T, u *BusinessUnit, l *fakeLookup) {
				eq(t, "unitType", u.UnitType, UnitTypeCompany)
				eq(t, "parentUnit", u.ParentUnit, (*KeyReference)(nil))
				eq(t, "stores", u.Stores, []KeyReference{})
				topLevel("d2", "d2")(t, u, l)
			}},
		{name: "setUnitType Company with a parentUnit", unit: "d2", action: unitType(UnitTypeCompany, "b1"), code: CodeInvalidInput},
		{name: "setUnitType Division without parentUnit", unit: "c1", action: unitType(UnitTypeDivision, ""), code: CodeRequiredField},
		{name: "setUnitType Division", unit: "c1", action: unitType(UnitTypeDivision, "b2"),
			check: func(t *testing.T, u *BusinessUnit, l *fakeLookup) {
				eq(t, "unitType", u.UnitType, UnitTypeDivision)
				eq(t, "parentUnit", u.ParentUnit, unitRef("b2"))
				eq(t, "modes stay Explicit", []string{u.StoreMode, u.AssociateMode, u.ApprovalRuleMode}, []string{ModeExplicit, ModeExplicit, ModeExplicit})
			}},
		{name: "setUnitType Division below itself", unit: "c1", action: unitType(UnitTypeDivision, "c1"), code: CodeInvalidOperation},
		{name: "setUnitType Division below its grandchild", unit: "b1", action: unitType(UnitTypeDivision, "b3"), code: CodeInvalidOperation},
		{name: "setUnitType Division making 6 levels", unit: "a1", action: unitType(UnitTypeDivision, "b1"), code: CodeMaxResourceLimitExceeded},
		{name: "setUnitType unknown", unit: "c1", action: unitType("Team", ""), code: CodeInvalidField},
		{name: "setUnitType missing", unit: "c1", action: act("setUnitType"), code: CodeRequiredField},
	})
}

// --- associates ---

// associateWorld:
//
//	acme (Company): c1 admin Enabled + buyer Disabled, c2 buyer Enabled
//	└ eu (Division, defaults): c3 buyer Disabled, c1 approver Enabled
//	  ├ eu-de (Division, defaults): c4 buyer Disabled
//	  └ eu-x (Division, associateMode Explicit): no associates
//
// and customers c1..c2001.
func associateWorld(t *testing.T) *fakeLookup {
	l := newWorld()
	l.addCustomers(2001)
	d := BusinessUnitDraft{Key: "acme", UnitType: UnitTypeCompany, Name: "ACME", Associates: []AssociateDraft{
		associate("c1", role("admin", InheritanceEnabled), role("buyer", InheritanceDisabled)),
		associate("c2", role("buyer", InheritanceEnabled)),
	}}
	l.mkUnit(t, d)
	d = divisionDraft("eu", "acme")
	d.Associates = []AssociateDraft{associate("c3", role("buyer", "")), associate("c1", role("approver", InheritanceEnabled))}
	l.mkUnit(t, d)
	d = divisionDraft("eu-de", "eu")
	d.Associates = []AssociateDraft{associate("c4", role("buyer", ""))}
	l.mkUnit(t, d)
	d = divisionDraft("eu-x", "eu")
	d.AssociateMode = ModeExplicit
	l.mkUnit(t, d)
	return l
}

// assoc is an expected associate.
func assoc(customerID string, as ...AssociateRoleAssignment) Associate {
	return Associate{Customer: Reference{TypeID: TypeCustomer, ID: customerID}, AssociateRoleAssignments: as}
}

func TestBusinessUnitAssociates(t *testing.T) {
	add := func(d AssociateDraft) json.RawMessage { return act("addAssociate", "associate", d) }
	change := func(d AssociateDraft) json.RawMessage { return act("changeAssociate", "associate", d) }
	remove := func(id string) json.RawMessage { return act("removeAssociate", "customer", customerRI(id)) }
	set := func(ds ...AssociateDraft) json.RawMessage {
		if ds == nil {
			ds = []AssociateDraft{}
		}
		return act("setAssociates", "associates", ds)
	}
	many := func(from, n int) []AssociateDraft {
		out := make([]AssociateDraft, n)
		for i := range out {
			out[i] = associate(fmt.Sprintf("c%d", from+i), role("buyer", ""))
		}
		return out
	}
	mode := func(m string, makeExplicit bool) json.RawMessage {
		return act("changeAssociateMode", "associateMode", m, "makeInheritedAssociatesExplicit", makeExplicit)
	}
	associates := func(want ...Associate) func(t *testing.T, u *BusinessUnit, l *fakeLookup) {
		return func(t *testing.T, u *BusinessUnit, l *fakeLookup) {
			t.Helper()
			if want == nil {
				want = []Associate{}
			}
			eq(t, "associates", u.Associates, want)
		}
	}
	count := func(n int) func(t *testing.T, u *BusinessUnit, l *fakeLookup) {
		return func(t *testing.T, u *BusinessUnit, l *fakeLookup) { eq(t, "associate count", len(u.Associates), n) }
	}
	acme := []Associate{
		assoc("c1", assignment("admin", InheritanceEnabled), assignment("buyer", InheritanceDisabled)),
		assoc("c2", assignment("buyer", InheritanceEnabled)),
	}
	five := []AssignmentDraft{role("admin", ""), role("buyer", ""), role("approver", ""), role("r4", ""), role("r5", "")}

	runUnitCases(t, associateWorld, []unitCase{
		{name: "addAssociate", unit: "acme", action: add(associate("c5", role("buyer", ""), role("approver", InheritanceEnabled))),
			check: associates(append(acme, assoc("c5", assignment("buyer", InheritanceDisabled), assignment("approver", InheritanceEnabled)))...)},
		{name: "addAssociate by customer key", unit: "acme",
			action: add(AssociateDraft{Customer: &ResourceIdentifier{TypeID: TypeCustomer, Key: "cust-5"}, AssociateRoleAssignments: []AssignmentDraft{role("buyer", "")}}),
			check:  associates(append(acme, assoc("c5", assignment("buyer", InheritanceDisabled)))...)},
		{name: "addAssociate index is rebuilt", unit: "acme", action: add(associate("c5", role("buyer", ""))),
			check: func(t *testing.T, u *BusinessUnit, l *fakeLookup) {
				if a := u.Associate("c5"); a == nil || a.Customer.ID != "c5" {
					t.Errorf("Associate(c5) = %#v", a)
				}
			}},
		{name: "addAssociate with 5 roles", unit: "acme", action: add(associate("c5", five...)), check: count(3)},
		{name: "addAssociate twice", unit: "acme", action: add(associate("c1", role("buyer", ""))), code: CodeInvalidOperation},
		{name: "addAssociate twice in a row", unit: "acme", setup: []json.RawMessage{add(associate("c5", role("buyer", "")))},
			action: add(associate("c5", role("admin", ""))), code: CodeInvalidOperation},
		{name: "addAssociate with 0 roles", unit: "acme", action: add(associate("c5")), code: CodeInvalidInput},
		{name: "addAssociate with 6 roles", unit: "acme", action: add(associate("c5", append(five, role("r6", ""))...)), code: CodeInvalidInput},
		{name: "addAssociate with a role twice", unit: "acme", action: add(associate("c5", role("buyer", InheritanceEnabled), role("buyer", InheritanceDisabled))), code: CodeDuplicateField},
		{name: "addAssociate with unknown inheritance", unit: "acme", action: add(associate("c5", role("buyer", "enabled"))), code: CodeInvalidField},
		{name: "addAssociate with unknown customer", unit: "acme", action: add(associate("c9999", role("buyer", ""))), code: CodeReferencedResourceNotFound},
		{name: "addAssociate with unknown role", unit: "acme", action: add(associate("c5", role("ceo", ""))), code: CodeReferencedResourceNotFound},
		{name: "addAssociate with a role of wrong typeId", unit: "acme",
			action: add(AssociateDraft{Customer: customerRI("c5"), AssociateRoleAssignments: []AssignmentDraft{{AssociateRole: keyRI(TypeStore, "buyer")}}}), code: CodeInvalidField},
		{name: "addAssociate without associate", unit: "acme", action: act("addAssociate"), code: CodeRequiredField},
		{name: "addAssociate as the 2000th", unit: "acme", setup: []json.RawMessage{set(many(1, 1999)...)},
			action: add(associate("c2000", role("buyer", ""))), check: count(2000)},
		{name: "addAssociate as the 2001st", unit: "acme", setup: []json.RawMessage{set(many(1, 2000)...)},
			action: add(associate("c2001", role("buyer", ""))), code: CodeMaxResourceLimitExceeded},

		{name: "changeAssociate", unit: "acme", action: change(associate("c2", role("admin", ""), role("approver", InheritanceEnabled))),
			check: associates(acme[0], assoc("c2", assignment("admin", InheritanceDisabled), assignment("approver", InheritanceEnabled)))},
		{name: "changeAssociate of a non-associate", unit: "acme", action: change(associate("c5", role("buyer", ""))), code: CodeInvalidOperation},
		{name: "changeAssociate with 0 roles", unit: "acme", action: change(associate("c2")), code: CodeInvalidInput},
		{name: "changeAssociate without associate", unit: "acme", action: act("changeAssociate"), code: CodeRequiredField},

		{name: "removeAssociate", unit: "acme", action: remove("c1"), check: associates(acme[1])},
		{name: "removeAssociate by key", unit: "acme", action: act("removeAssociate", "customer", ResourceIdentifier{Key: "cust-2"}), check: associates(acme[0])},
		{name: "removeAssociate then add again", unit: "acme", setup: []json.RawMessage{remove("c1")},
			action: add(associate("c1", role("buyer", ""))), check: associates(acme[1], assoc("c1", assignment("buyer", InheritanceDisabled)))},
		{name: "removeAssociate of a non-associate", unit: "acme", action: remove("c5"), code: CodeInvalidOperation},
		{name: "removeAssociate without customer", unit: "acme", action: act("removeAssociate"), code: CodeRequiredField},

		{name: "setAssociates", unit: "acme", action: set(associate("c3", role("buyer", ""))), check: associates(assoc("c3", assignment("buyer", InheritanceDisabled)))},
		{name: "setAssociates [] clears", unit: "acme", action: set(), check: associates()},
		{name: "setAssociates without associates", unit: "acme", action: act("setAssociates"), code: CodeRequiredField},
		{name: "setAssociates with 2000", unit: "acme", action: set(many(1, 2000)...), check: count(2000)},
		{name: "setAssociates with 2001", unit: "acme", action: set(many(1, 2001)...), code: CodeMaxResourceLimitExceeded},
		{name: "setAssociates with a customer twice", unit: "acme", action: set(associate("c3", role("buyer", "")), associate("c3", role("admin", ""))), code: CodeDuplicateField},
		{name: "setAssociates with a bad associate", unit: "acme", action: set(associate("c3")), code: CodeInvalidInput},

		{name: "changeAssociateMode on a Company", unit: "acme", action: mode(ModeExplicitAndFromParent, false), code: CodeInvalidOperation},
		{name: "changeAssociateMode Explicit on a Company", unit: "acme", action: mode(ModeExplicit, true), check: associates(acme...)},
		{name: "changeAssociateMode unknown", unit: "eu", action: mode(StoreModeFromParent, false), code: CodeInvalidField},
		{name: "changeAssociateMode Explicit drops inherited", unit: "eu-de", action: mode(ModeExplicit, false),
			check: func(t *testing.T, u *BusinessUnit, l *fakeLookup) {
				eq(t, "associateMode", u.AssociateMode, ModeExplicit)
				eq(t, "associates", u.Associates, []Associate{assoc("c4", assignment("buyer", InheritanceDisabled))})
				eq(t, "inherited", InheritedAssociates(l.chain(t, u)), []InheritedAssociate{})
			}},
		{name: "changeAssociateMode Explicit keeps inherited (two levels)", unit: "eu-de", action: mode(ModeExplicit, true),
			check: func(t *testing.T, u *BusinessUnit, l *fakeLookup) {
				eq(t, "associateMode", u.AssociateMode, ModeExplicit)
				eq(t, "associates", u.Associates, []Associate{
					assoc("c4", assignment("buyer", InheritanceDisabled)),
					assoc("c1", assignment("approver", InheritanceEnabled), assignment("admin", InheritanceEnabled)),
					assoc("c2", assignment("buyer", InheritanceEnabled)),
				})
				eq(t, "inherited", InheritedAssociates(l.chain(t, u)), []InheritedAssociate{})
				if u.Associate("c2") == nil {
					t.Error("index not rebuilt: Associate(c2) is nil")
				}
			}},
		{name: "changeAssociateMode Explicit merges into an existing associate", unit: "eu", action: mode(ModeExplicit, true),
			check: associates(
				assoc("c3", assignment("buyer", InheritanceDisabled)),
				assoc("c1", assignment("approver", InheritanceEnabled), assignment("admin", InheritanceEnabled)),
				assoc("c2", assignment("buyer", InheritanceEnabled)),
			)},
		{name: "changeAssociateMode already Explicit copies nothing", unit: "eu-x", action: mode(ModeExplicit, true), check: associates()},
		{name: "changeAssociateMode to ExplicitAndFromParent", unit: "eu-x", action: mode(ModeExplicitAndFromParent, true),
			check: func(t *testing.T, u *BusinessUnit, l *fakeLookup) {
				eq(t, "associateMode", u.AssociateMode, ModeExplicitAndFromParent)
				eq(t, "associates", u.Associates, []Associate{})
				eq(t, "inherited", len(InheritedAssociates(l.chain(t, u))), 2) // c1 (approver from eu, admin from acme), c2
			}},
		{name: "changeAssociateMode copying past 2000 associates", unit: "eu-de", setup: []json.RawMessage{set(many(3, 1999)...)},
			action: mode(ModeExplicit, true), code: CodeMaxResourceLimitExceeded},
	})
}

// --- addresses ---

// addressWorld: Company solo with addresses addr-1 (key hq, DE), addr-2 (key wh, FR) and addr-3
// (no key, US); shipping [addr-1, addr-3] (default addr-1), billing [addr-2] (default addr-2).
func addressWorld(t *testing.T) *fakeLookup {
	l := newWorld()
	l.mkUnit(t, BusinessUnitDraft{Key: "solo", UnitType: UnitTypeCompany, Name: "Solo",
		Addresses:         []Address{{Key: "hq", Country: "DE"}, {Key: "wh", Country: "FR"}, {Country: "US"}},
		ShippingAddresses: []int{0, 2}, BillingAddresses: []int{1},
		DefaultShippingAddress: ptr(0), DefaultBillingAddress: ptr(1)})
	return l
}

func TestBusinessUnitAddresses(t *testing.T) {
	byID := func(name, id string, kv ...any) json.RawMessage {
		return act(name, append([]any{"addressId", id}, kv...)...)
	}
	byKey := func(name, key string, kv ...any) json.RawMessage {
		return act(name, append([]any{"addressKey", key}, kv...)...)
	}
	book := func(shipping []string, defShipping string, billing []string, defBilling string) func(t *testing.T, u *BusinessUnit, l *fakeLookup) {
		return func(t *testing.T, u *BusinessUnit, l *fakeLookup) {
			t.Helper()
			eq(t, "shipping", u.ShippingAddressIDs, shipping)
			eq(t, "default shipping", u.DefaultShippingAddressID, defShipping)
			eq(t, "billing", u.BillingAddressIDs, billing)
			eq(t, "default billing", u.DefaultBillingAddressID, defBilling)
		}
	}
	ids := func(want ...string) func(t *testing.T, u *BusinessUnit, l *fakeLookup) {
		return func(t *testing.T, u *BusinessUnit, l *fakeLookup) {
			t.Helper()
			got := []string{}
			for _, a := range u.Addresses {
				got = append(got, a.ID)
			}
			eq(t, "address ids", got, want)
		}
	}
	both := func(fs ...func(t *testing.T, u *BusinessUnit, l *fakeLookup)) func(t *testing.T, u *BusinessUnit, l *fakeLookup) {
		return func(t *testing.T, u *BusinessUnit, l *fakeLookup) {
			for _, f := range fs {
				f(t, u, l)
			}
		}
	}
	rome := Address{Key: "wh", Country: "IT", City: "Rome"}
	romeChanged := func(t *testing.T, u *BusinessUnit, l *fakeLookup) {
		eq(t, "address", u.Addresses[1], Address{ID: "addr-2", Key: "wh", Country: "IT", City: "Rome"})
		eq(t, "others untouched", u.Addresses[0], Address{ID: "addr-1", Key: "hq", Country: "DE"})
	}
	typeSet := act("setAddressCustomType", "addressId", "addr-1", "type", keyRI(TypeType, "addr-type"))
	fieldSet := act("setAddressCustomField", "addressId", "addr-1", "name", "door", "value", "blue")
	all := []string{"addr-1", "addr-2", "addr-3"}

	runUnitCases(t, addressWorld, []unitCase{
		{name: "addAddress", unit: "solo", action: act("addAddress", "address", Address{Key: "nl", Country: "NL", City: "Utrecht"}),
			check: func(t *testing.T, u *BusinessUnit, l *fakeLookup) {
				eq(t, "new address", u.Addresses[3], Address{ID: "addr-4", Key: "nl", Country: "NL", City: "Utrecht"})
				book([]string{"addr-1", "addr-3"}, "addr-1", []string{"addr-2"}, "addr-2")(t, u, l)
			}},
		{name: "addAddress ignores a given id", unit: "solo", action: act("addAddress", "address", Address{ID: "mine", Country: "NL"}), check: ids("addr-1", "addr-2", "addr-3", "addr-4")},
		{name: "addAddress without country", unit: "solo", action: act("addAddress", "address", Address{City: "Nowhere"}), code: CodeRequiredField},
		{name: "addAddress with bad country", unit: "solo", action: act("addAddress", "address", Address{Country: "nl"}), code: CodeInvalidField},
		{name: "addAddress with a taken key", unit: "solo", action: act("addAddress", "address", Address{Key: "hq", Country: "NL"}), code: CodeDuplicateField},
		{name: "addAddress without address", unit: "solo", action: act("addAddress"), code: CodeRequiredField},

		{name: "changeAddress by id", unit: "solo", action: byID("changeAddress", "addr-2", "address", rome), check: romeChanged},
		{name: "changeAddress by key", unit: "solo", action: byKey("changeAddress", "wh", "address", rome), check: romeChanged},
		{name: "changeAddress to a taken key", unit: "solo", action: byID("changeAddress", "addr-2", "address", Address{Key: "hq", Country: "FR"}), code: CodeDuplicateField},
		{name: "changeAddress without country", unit: "solo", action: byID("changeAddress", "addr-2", "address", Address{Key: "wh"}), code: CodeRequiredField},
		{name: "changeAddress unknown id", unit: "solo", action: byID("changeAddress", "addr-9", "address", rome), code: CodeInvalidInput},
		{name: "changeAddress unknown key", unit: "solo", action: byKey("changeAddress", "nope", "address", rome), code: CodeInvalidInput},
		{name: "changeAddress without id or key", unit: "solo", action: act("changeAddress", "address", rome), code: CodeRequiredField},
		{name: "changeAddress without address", unit: "solo", action: byID("changeAddress", "addr-2"), code: CodeRequiredField},

		{name: "removeAddress by id (default shipping)", unit: "solo", action: byID("removeAddress", "addr-1"),
			check: both(ids("addr-2", "addr-3"), book([]string{"addr-3"}, "", []string{"addr-2"}, "addr-2"))},
		{name: "removeAddress by key (default billing)", unit: "solo", action: byKey("removeAddress", "wh"),
			check: both(ids("addr-1", "addr-3"), book([]string{"addr-1", "addr-3"}, "addr-1", []string{}, ""))},
		{name: "removeAddress unknown", unit: "solo", action: byID("removeAddress", "addr-9"), code: CodeInvalidInput},
		{name: "removeAddress without id or key", unit: "solo", action: act("removeAddress"), code: CodeRequiredField},

		{name: "addShippingAddressId", unit: "solo", action: byID("addShippingAddressId", "addr-2"),
			check: book([]string{"addr-1", "addr-3", "addr-2"}, "addr-1", []string{"addr-2"}, "addr-2")},
		{name: "addShippingAddressId already there", unit: "solo", action: byID("addShippingAddressId", "addr-3"),
			check: book([]string{"addr-1", "addr-3"}, "addr-1", []string{"addr-2"}, "addr-2")},
		{name: "addShippingAddressId unknown", unit: "solo", action: byID("addShippingAddressId", "addr-9"), code: CodeInvalidInput},
		{name: "removeShippingAddressId of the default", unit: "solo", action: byKey("removeShippingAddressId", "hq"),
			check: both(ids(all...), book([]string{"addr-3"}, "", []string{"addr-2"}, "addr-2"))},
		{name: "removeShippingAddressId", unit: "solo", action: byID("removeShippingAddressId", "addr-3"),
			check: book([]string{"addr-1"}, "addr-1", []string{"addr-2"}, "addr-2")},
		{name: "addBillingAddressId by key", unit: "solo", action: byKey("addBillingAddressId", "hq"),
			check: book([]string{"addr-1", "addr-3"}, "addr-1", []string{"addr-2", "addr-1"}, "addr-2")},
		{name: "addBillingAddressId without id or key", unit: "solo", action: act("addBillingAddressId"), code: CodeRequiredField},
		{name: "removeBillingAddressId of the default", unit: "solo", action: byID("removeBillingAddressId", "addr-2"),
			check: book([]string{"addr-1", "addr-3"}, "addr-1", []string{}, "")},
		{name: "removeBillingAddressId unknown", unit: "solo", action: byKey("removeBillingAddressId", "nope"), code: CodeInvalidInput},

		{name: "setDefaultShippingAddress joins the list", unit: "solo", action: byID("setDefaultShippingAddress", "addr-2"),
			check: book([]string{"addr-1", "addr-3", "addr-2"}, "addr-2", []string{"addr-2"}, "addr-2")},
		{name: "setDefaultShippingAddress by key", unit: "solo", action: byKey("setDefaultShippingAddress", "wh"),
			check: book([]string{"addr-1", "addr-3", "addr-2"}, "addr-2", []string{"addr-2"}, "addr-2")},
		{name: "setDefaultShippingAddress without id unsets", unit: "solo", action: act("setDefaultShippingAddress"),
			check: book([]string{"addr-1", "addr-3"}, "", []string{"addr-2"}, "addr-2")},
		{name: "setDefaultShippingAddress unknown", unit: "solo", action: byID("setDefaultShippingAddress", "addr-9"), code: CodeInvalidInput},
		{name: "setDefaultBillingAddress", unit: "solo", action: byID("setDefaultBillingAddress", "addr-3"),
			check: book([]string{"addr-1", "addr-3"}, "addr-1", []string{"addr-2", "addr-3"}, "addr-3")},
		{name: "setDefaultBillingAddress without id unsets", unit: "solo", action: act("setDefaultBillingAddress"),
			check: book([]string{"addr-1", "addr-3"}, "addr-1", []string{"addr-2"}, "")},
		{name: "setDefaultBillingAddress unknown key", unit: "solo", action: byKey("setDefaultBillingAddress", "nope"), code: CodeInvalidInput},

		{name: "setAddressCustomType", unit: "solo",
			action: act("setAddressCustomType", "addressId", "addr-1", "type", keyRI(TypeType, "addr-type"), "fields", map[string]any{"door": "red"}),
			check: func(t *testing.T, u *BusinessUnit, l *fakeLookup) {
				eq(t, "custom", u.Addresses[0].Custom, &CustomFields{Type: ResourceIdentifier{TypeID: TypeType, Key: "addr-type"}, Fields: map[string]any{"door": "red"}})
				eq(t, "other address", u.Addresses[1].Custom, (*CustomFields)(nil))
			}},
		{name: "setAddressCustomType without type removes", unit: "solo", setup: []json.RawMessage{typeSet}, action: byID("setAddressCustomType", "addr-1"),
			check: func(t *testing.T, u *BusinessUnit, l *fakeLookup) {
				eq(t, "custom", u.Addresses[0].Custom, (*CustomFields)(nil))
			}},
		{name: "setAddressCustomType without addressId", unit: "solo", action: act("setAddressCustomType", "type", keyRI(TypeType, "addr-type")), code: CodeRequiredField},
		{name: "setAddressCustomType unknown address", unit: "solo", action: act("setAddressCustomType", "addressId", "addr-9", "type", keyRI(TypeType, "addr-type")), code: CodeInvalidInput},
		{name: "setAddressCustomField", unit: "solo", setup: []json.RawMessage{typeSet}, action: fieldSet,
			check: func(t *testing.T, u *BusinessUnit, l *fakeLookup) {
				eq(t, "fields", u.Addresses[0].Custom.Fields, map[string]any{"door": "blue"})
			}},
		{name: "setAddressCustomField remove", unit: "solo", setup: []json.RawMessage{typeSet, fieldSet}, action: byID("setAddressCustomField", "addr-1", "name", "door"),
			check: func(t *testing.T, u *BusinessUnit, l *fakeLookup) {
				eq(t, "fields", u.Addresses[0].Custom.Fields, map[string]any{})
			}},
		{name: "setAddressCustomField remove absent", unit: "solo", setup: []json.RawMessage{typeSet}, action: byID("setAddressCustomField", "addr-1", "name", "door"), code: CodeInvalidOperation},
		{name: "setAddressCustomField without type", unit: "solo", action: fieldSet, code: CodeInvalidOperation},
	})
}

// --- everything else ---

// unitWorld: Company acme with stores [s1]; Division eu below it (defaults); Division eu-x below
// it with storeMode Explicit and stores [s2].
func unitWorld(t *testing.T) *fakeLookup {
	l := newWorld()
	l.mkUnit(t, BusinessUnitDraft{Key: "acme", UnitType: UnitTypeCompany, Name: "ACME", Stores: []ResourceIdentifier{*keyRI(TypeStore, "s1")}})
	l.division(t, "eu", "acme")
	d := divisionDraft("eu-x", "acme")
	d.StoreMode, d.Stores = ModeExplicit, []ResourceIdentifier{*keyRI(TypeStore, "s2")}
	l.mkUnit(t, d)
	return l
}

func TestBusinessUnitActions(t *testing.T) {
	s := func(key string) *ResourceIdentifier { return keyRI(TypeStore, key) }
	stores := func(mode string, want ...KeyReference) func(t *testing.T, u *BusinessUnit, l *fakeLookup) {
		return func(t *testing.T, u *BusinessUnit, l *fakeLookup) {
			t.Helper()
			if want == nil && mode == ModeExplicit {
				want = []KeyReference{} // an Explicit unit shows "stores": []
			}
			eq(t, "storeMode", u.StoreMode, mode)
			eq(t, "stores", u.Stores, want)
		}
	}
	field := func(what string, get func(u *BusinessUnit) any, want any) func(t *testing.T, u *BusinessUnit, l *fakeLookup) {
		return func(t *testing.T, u *BusinessUnit, l *fakeLookup) { t.Helper(); eq(t, what, get(u), want) }
	}
	name := func(u *BusinessUnit) any { return u.Name }
	email := func(u *BusinessUnit) any { return u.ContactEmail }
	status := func(u *BusinessUnit) any { return u.Status }
	arMode := func(u *BusinessUnit) any { return u.ApprovalRuleMode }
	custom := func(u *BusinessUnit) any { return u.Custom }
	typeSet := act("setCustomType", "type", keyRI(TypeType, "bu-type"), "fields", map[string]any{"tier": "gold"})
	customWith := func(fields map[string]any) *CustomFields {
		return &CustomFields{Type: ResourceIdentifier{TypeID: TypeType, Key: "bu-type"}, Fields: fields}
	}

	runUnitCases(t, unitWorld, []unitCase{
		{name: "changeName", unit: "acme", action: act("changeName", "name", "ACME Corp"), check: field("name", name, "ACME Corp")},
		{name: "changeName empty", unit: "acme", action: act("changeName", "name", ""), code: CodeRequiredField},
		{name: "changeName absent", unit: "acme", action: act("changeName"), code: CodeRequiredField},
		{name: "changeName wrong type", unit: "acme", action: json.RawMessage(`{"action":"changeName","name":5}`), code: CodeInvalidJSONInput},

		{name: "setContactEmail", unit: "acme", action: act("setContactEmail", "contactEmail", "a@acme.example"), check: field("contactEmail", email, "a@acme.example")},
		{name: "setContactEmail absent removes", unit: "acme", setup: []json.RawMessage{act("setContactEmail", "contactEmail", "a@acme.example")},
			action: act("setContactEmail"), check: field("contactEmail", email, "")},
		{name: "setContactEmail null removes", unit: "acme", setup: []json.RawMessage{act("setContactEmail", "contactEmail", "a@acme.example")},
			action: act("setContactEmail", "contactEmail", nil), check: field("contactEmail", email, "")},

		{name: "changeStatus Inactive", unit: "acme", action: act("changeStatus", "status", StatusInactive), check: field("status", status, StatusInactive)},
		{name: "changeStatus back to Active", unit: "acme", setup: []json.RawMessage{act("changeStatus", "status", StatusInactive)},
			action: act("changeStatus", "status", StatusActive), check: field("status", status, StatusActive)},
		{name: "changeStatus bad value", unit: "acme", action: act("changeStatus", "status", "Closed"), code: CodeInvalidField},
		{name: "changeStatus lower case", unit: "acme", action: act("changeStatus", "status", "active"), code: CodeInvalidField},
		{name: "changeStatus absent", unit: "acme", action: act("changeStatus"), code: CodeInvalidField},

		{name: "changeApprovalRuleMode on a Company", unit: "acme", action: act("changeApprovalRuleMode", "approvalRuleMode", ModeExplicitAndFromParent), code: CodeInvalidOperation},
		{name: "changeApprovalRuleMode Explicit on a Company", unit: "acme", action: act("changeApprovalRuleMode", "approvalRuleMode", ModeExplicit), check: field("mode", arMode, ModeExplicit)},
		{name: "changeApprovalRuleMode on a Division", unit: "eu", action: act("changeApprovalRuleMode", "approvalRuleMode", ModeExplicit), check: field("mode", arMode, ModeExplicit)},
		{name: "changeApprovalRuleMode unknown", unit: "eu", action: act("changeApprovalRuleMode", "approvalRuleMode", StoreModeFromParent), code: CodeInvalidField},

		{name: "addStore", unit: "acme", action: act("addStore", "store", s("s2")), check: stores(ModeExplicit, storeRef("s1"), storeRef("s2"))},
		{name: "addStore by id", unit: "acme", action: act("addStore", "store", ResourceIdentifier{ID: "store-id-s3"}), check: stores(ModeExplicit, storeRef("s1"), storeRef("s3"))},
		{name: "addStore already there", unit: "acme", action: act("addStore", "store", s("s1")), check: stores(ModeExplicit, storeRef("s1"))},
		{name: "addStore unknown", unit: "acme", action: act("addStore", "store", s("nope")), code: CodeReferencedResourceNotFound},
		{name: "addStore without store", unit: "acme", action: act("addStore"), code: CodeRequiredField},
		{name: "addStore with storeMode FromParent", unit: "eu", action: act("addStore", "store", s("s2")), code: CodeInvalidOperation},
		{name: "addStore on an Explicit Division", unit: "eu-x", action: act("addStore", "store", s("s3")), check: stores(ModeExplicit, storeRef("s2"), storeRef("s3"))},
		{name: "removeStore", unit: "acme", action: act("removeStore", "store", s("s1")), check: stores(ModeExplicit)},
		{name: "removeStore not present", unit: "acme", action: act("removeStore", "store", s("s2")), code: CodeInvalidOperation},
		{name: "removeStore unknown", unit: "acme", action: act("removeStore", "store", s("nope")), code: CodeReferencedResourceNotFound},
		{name: "removeStore with storeMode FromParent", unit: "eu", action: act("removeStore", "store", s("s1")), code: CodeInvalidOperation},
		{name: "setStores", unit: "acme", action: act("setStores", "stores", []*ResourceIdentifier{s("s3"), s("s2")}), check: stores(ModeExplicit, storeRef("s3"), storeRef("s2"))},
		{name: "setStores []", unit: "acme", action: act("setStores", "stores", []ResourceIdentifier{}), check: stores(ModeExplicit)},
		{name: "setStores absent", unit: "acme", action: act("setStores"), check: stores(ModeExplicit)},
		{name: "setStores unknown", unit: "acme", action: act("setStores", "stores", []*ResourceIdentifier{s("s2"), s("nope")}), code: CodeReferencedResourceNotFound},
		{name: "setStores with storeMode FromParent", unit: "eu", action: act("setStores", "stores", []*ResourceIdentifier{s("s2")}), code: CodeInvalidOperation},

		{name: "setStoreMode FromParent on a Company", unit: "acme", action: act("setStoreMode", "storeMode", StoreModeFromParent), code: CodeInvalidOperation},
		{name: "setStoreMode FromParent clears stores", unit: "eu-x", action: act("setStoreMode", "storeMode", StoreModeFromParent),
			check: func(t *testing.T, u *BusinessUnit, l *fakeLookup) {
				stores(StoreModeFromParent)(t, u, l)
				eq(t, "inherited stores", InheritedStores(l.chain(t, u)), []KeyReference{storeRef("s1")})
			}},
		{name: "setStoreMode FromParent with stores", unit: "eu-x", action: act("setStoreMode", "storeMode", StoreModeFromParent, "stores", []*ResourceIdentifier{s("s1")}), code: CodeInvalidInput},
		{name: "setStoreMode Explicit with stores", unit: "eu", action: act("setStoreMode", "storeMode", ModeExplicit, "stores", []*ResourceIdentifier{s("s3")}),
			check: func(t *testing.T, u *BusinessUnit, l *fakeLookup) {
				stores(ModeExplicit, storeRef("s3"))(t, u, l)
				eq(t, "inherited stores", InheritedStores(l.chain(t, u)), []KeyReference(nil))
			}},
		{name: "setStoreMode Explicit without stores", unit: "eu", action: act("setStoreMode", "storeMode", ModeExplicit), check: stores(ModeExplicit)},
		{name: "setStoreMode Explicit with unknown store", unit: "eu", action: act("setStoreMode", "storeMode", ModeExplicit, "stores", []*ResourceIdentifier{s("nope")}), code: CodeReferencedResourceNotFound},
		{name: "setStoreMode unknown", unit: "eu", action: act("setStoreMode", "storeMode", ModeExplicitAndFromParent), code: CodeInvalidField},

		{name: "setCustomType", unit: "acme", action: typeSet, check: field("custom", custom, customWith(map[string]any{"tier": "gold"}))},
		{name: "setCustomType by id", unit: "acme", action: act("setCustomType", "type", ResourceIdentifier{ID: "type-1"}),
			check: field("custom", custom, &CustomFields{Type: ResourceIdentifier{TypeID: TypeType, ID: "type-1"}, Fields: map[string]any{}})},
		{name: "setCustomType without type removes", unit: "acme", setup: []json.RawMessage{typeSet}, action: act("setCustomType"), check: field("custom", custom, (*CustomFields)(nil))},
		{name: "setCustomType with a type of wrong typeId", unit: "acme", action: act("setCustomType", "type", keyRI(TypeStore, "bu-type")), code: CodeInvalidField},
		{name: "setCustomField adds", unit: "acme", setup: []json.RawMessage{typeSet}, action: act("setCustomField", "name", "size", "value", "L"),
			check: field("custom", custom, customWith(map[string]any{"tier": "gold", "size": "L"}))},
		{name: "setCustomField changes", unit: "acme", setup: []json.RawMessage{typeSet}, action: act("setCustomField", "name", "tier", "value", "silver"),
			check: field("custom", custom, customWith(map[string]any{"tier": "silver"}))},
		{name: "setCustomField removes", unit: "acme", setup: []json.RawMessage{typeSet}, action: act("setCustomField", "name", "tier"),
			check: field("custom", custom, customWith(map[string]any{}))},
		{name: "setCustomField removes an absent field", unit: "acme", setup: []json.RawMessage{typeSet}, action: act("setCustomField", "name", "size"), code: CodeInvalidOperation},
		{name: "setCustomField without type", unit: "acme", action: act("setCustomField", "name", "size", "value", "L"), code: CodeInvalidOperation},
		{name: "setCustomField without name", unit: "acme", setup: []json.RawMessage{typeSet}, action: act("setCustomField", "value", "L"), code: CodeRequiredField},

		{name: "unknown action", unit: "acme", action: act("fly"), code: CodeInvalidJSONInput},
		{name: "action without action", unit: "acme", action: json.RawMessage(`{"name":"x"}`), code: CodeInvalidJSONInput},
		{name: "action not an object", unit: "acme", action: json.RawMessage(`"changeName"`), code: CodeInvalidJSONInput},
	})
}
