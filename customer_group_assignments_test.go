package procura

import (
	"encoding/json"
	"testing"
)

// groupBook resolves the customer groups of the tests by key.
type groupBook map[string]string

func (b groupBook) CustomerGroup(field string, ri ResourceIdentifier) (Reference, error) {
	for key, id := range b {
		if ri.Key == key || ri.ID == id {
			return Reference{TypeID: TypeCustomerGroup, ID: id}, nil
		}
	}
	return Reference{}, ReferencedNotFound(TypeCustomerGroup, ri.ID, ri.Key)
}

// TestUnitCustomerGroupAssignments: a business unit is put in customer groups by its draft and by
// the actions customers have, with the same rules.
func TestUnitCustomerGroupAssignments(t *testing.T) {
	l := newWorld()
	ch := l.change()
	ch.Groups = groupBook{"gold": "g1", "silver": "g2"}
	u, err := NewBusinessUnit(BusinessUnitDraft{Key: "acme", UnitType: UnitTypeCompany, Name: "Acme",
		CustomerGroupAssignments: []CustomerGroupAssignmentDraft{{CustomerGroup: &ResourceIdentifier{Key: "gold"}}}}, "bu-acme", ch)
	if err != nil || len(u.CustomerGroupAssignments) != 1 || u.CustomerGroupAssignments[0].CustomerGroup.ID != "g1" {
		t.Fatalf("draft with a group: %v %+v", err, u)
	}
	apply := func(action string) error { return u.Apply(json.RawMessage(action), ch) }
	for _, a := range []string{
		`{"action":"addCustomerGroupAssignment","customerGroupAssignment":{"customerGroup":{"key":"silver"}}}`,
		`{"action":"removeCustomerGroupAssignment","customerGroup":{"id":"g1"}}`,
	} {
		if err := apply(a); err != nil {
			t.Fatalf("%s: %v", a, err)
		}
	}
	if as := u.CustomerGroupAssignments; len(as) != 1 || as[0].CustomerGroup.ID != "g2" {
		t.Fatalf("after add and remove: %+v", as)
	}
	for _, c := range []struct{ action, code string }{
		{`{"action":"addCustomerGroupAssignment","customerGroupAssignment":{"customerGroup":{"key":"silver"}}}`, CodeInvalidOperation},
		{`{"action":"addCustomerGroupAssignment","customerGroupAssignment":{"customerGroup":{"key":"bronze"}}}`, CodeReferencedResourceNotFound},
		{`{"action":"removeCustomerGroupAssignment","customerGroup":{"key":"gold"}}`, CodeInvalidOperation},
		{`{"action":"addCustomerGroupAssignment"}`, CodeRequiredField},
		{`{"action":"setCustomerGroupAssignments","customerGroupAssignments":[{"customerGroup":{"key":"gold"}},{"customerGroup":{"key":"nope"}}]}`, CodeReferencedResourceNotFound},
	} {
		if err := apply(c.action); ErrorCode(err) != c.code {
			t.Errorf("%s: %v, want %s", c.action, err, c.code)
		}
	}
	if err := apply(`{"action":"setCustomerGroupAssignments","customerGroupAssignments":[{"customerGroup":{"key":"gold"}},{"customerGroup":{"id":"g1"}}]}`); err != nil ||
		len(u.CustomerGroupAssignments) != 1 || u.CustomerGroupAssignments[0].CustomerGroup.ID != "g1" {
		t.Fatalf("set, a group named twice: %v %+v", err, u.CustomerGroupAssignments)
	}
	if err := apply(`{"action":"setCustomerGroupAssignments","customerGroupAssignments":[]}`); err != nil || len(u.CustomerGroupAssignments) != 0 {
		t.Fatalf("set to none: %v %+v", err, u.CustomerGroupAssignments)
	}
	if _, err := (BusinessUnitDraft{Key: "x", UnitType: UnitTypeCompany, Name: "x",
		CustomerGroupAssignments: []CustomerGroupAssignmentDraft{}}).Mine(); ErrorCode(err) != CodeInvalidInput {
		t.Errorf("a customer's own token giving customerGroupAssignments: %v, want InvalidInput", err)
	}
}

// TestCustomerAuthenticationMode: every customer stays on passwords; ExternalAuth is refused,
// naming the feature, and Password changes nothing.
func TestCustomerAuthenticationMode(t *testing.T) {
	c := &Customer{Email: "a@example.com", AuthenticationMode: "Password"}
	if err := c.Apply(json.RawMessage(`{"action":"setAuthenticationMode","authMode":"Password"}`), Change{}); err != nil || c.AuthenticationMode != "Password" {
		t.Fatalf("Password: %v %+v", err, c)
	}
	for _, x := range []struct{ action, code string }{
		{`{"action":"setAuthenticationMode","authMode":"ExternalAuth"}`, CodeInvalidField},
		{`{"action":"setAuthenticationMode","authMode":"Password","password":"new-secret-1"}`, CodeInvalidOperation},
		{`{"action":"setAuthenticationMode","authMode":"Magic"}`, CodeInvalidField},
		{`{"action":"setAuthenticationMode"}`, CodeRequiredField},
	} {
		if err := c.Apply(json.RawMessage(x.action), Change{}); ErrorCode(err) != x.code {
			t.Errorf("%s: %v, want %s", x.action, err, x.code)
		}
	}
	if c.AuthenticationMode != "Password" {
		t.Errorf("authenticationMode %q after refused actions", c.AuthenticationMode)
	}
}
