package procura

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"
)

// fakeLookup is an in-memory Lookup: stores, roles, customers and units in maps, resolved by id
// or key as the application does. Units are held by pointer, so an Apply on a registered unit is
// seen by later Ancestors/Height calls.
type fakeLookup struct {
	stores    map[string]string // key -> id
	roles     map[string]*AssociateRole
	customers map[string]string // id -> key
	units     map[string]*BusinessUnit
	ids       int
}

var _ Lookup = (*fakeLookup)(nil)

var testNow = time.Date(2026, 8, 1, 12, 0, 0, 0, time.UTC)

// newWorld returns a lookup holding stores s1..s3, roles admin, buyer, approver, r4..r6 and
// customers c1..c5 (keys cust-1..cust-5).
func newWorld() *fakeLookup {
	l := &fakeLookup{stores: map[string]string{}, roles: map[string]*AssociateRole{},
		customers: map[string]string{}, units: map[string]*BusinessUnit{}}
	for _, k := range []string{"s1", "s2", "s3"} {
		l.stores[k] = "store-id-" + k
	}
	for _, k := range []string{"admin", "buyer", "approver", "r4", "r5", "r6"} {
		l.roles[k] = &AssociateRole{Base: Base{ID: "role-id-" + k}, Key: k, BuyerAssignable: true}
	}
	l.addCustomers(5)
	return l
}

// addCustomers makes sure customers c1..cn exist.
func (l *fakeLookup) addCustomers(n int) {
	for i := 1; i <= n; i++ {
		l.customers[fmt.Sprintf("c%d", i)] = fmt.Sprintf("cust-%d", i)
	}
}

func (l *fakeLookup) Store(field string, ri ResourceIdentifier) (KeyReference, error) {
	for key, id := range l.stores {
		if ri.Key == key || (ri.ID != "" && ri.ID == id) {
			return KeyReference{TypeID: TypeStore, Key: key}, nil
		}
	}
	return KeyReference{}, ReferencedNotFound(TypeStore, ri.ID, ri.Key)
}

func (l *fakeLookup) Role(field string, ri ResourceIdentifier) (*AssociateRole, error) {
	for _, r := range l.roles {
		if ri.Key == r.Key || (ri.ID != "" && ri.ID == r.ID) {
			return r, nil
		}
	}
	return nil, ReferencedNotFound(TypeAssociateRole, ri.ID, ri.Key)
}

func (l *fakeLookup) Customer(field string, ri ResourceIdentifier) (Reference, error) {
	if _, ok := l.customers[ri.ID]; ok {
		return Reference{TypeID: TypeCustomer, ID: ri.ID}, nil
	}
	for id, key := range l.customers {
		if ri.ID == id || (ri.Key != "" && ri.Key == key) {
			return Reference{TypeID: TypeCustomer, ID: id}, nil
		}
	}
	return Reference{}, ReferencedNotFound(TypeCustomer, ri.ID, ri.Key)
}

func (l *fakeLookup) Unit(field string, ri ResourceIdentifier) (*BusinessUnit, error) {
	for key, u := range l.units {
		if ri.Key == key || (ri.ID != "" && ri.ID == u.ID) {
			return u, nil
		}
	}
	return nil, ReferencedNotFound(TypeBusinessUnit, ri.ID, ri.Key)
}

func (l *fakeLookup) Ancestors(u *BusinessUnit) ([]*BusinessUnit, error) {
	var out []*BusinessUnit
	for p := u.ParentUnit; p != nil; p = out[len(out)-1].ParentUnit {
		if len(out) > MaxHierarchyDepth {
			return nil, errors.New("fake: cycle or over-deep hierarchy at " + u.Key)
		}
		parent, ok := l.units[p.Key]
		if !ok {
			return nil, errors.New("fake: unknown parent " + p.Key)
		}
		out = append(out, parent)
	}
	return out, nil
}

func (l *fakeLookup) Height(u *BusinessUnit) (int, error) {
	h := 0
	for _, c := range l.units {
		if c.ParentUnit != nil && c.ParentUnit.Key == u.Key {
			ch, err := l.Height(c)
			if err != nil {
				return 0, err
			}
			h = max(h, ch+1)
		}
	}
	return h, nil
}

// change returns a Change whose NewID yields addr-1, addr-2, ...
func (l *fakeLookup) change() Change {
	return Change{Now: testNow, Lookup: l, NewID: func() string {
		l.ids++
		return fmt.Sprintf("addr-%d", l.ids)
	}}
}

// chain returns u followed by its ancestors.
func (l *fakeLookup) chain(t *testing.T, u *BusinessUnit) []*BusinessUnit {
	t.Helper()
	as, err := l.Ancestors(u)
	if err != nil {
		t.Fatal(err)
	}
	return append([]*BusinessUnit{u}, as...)
}

// --- building blocks for drafts and actions ---

func keyRI(typeID, key string) *ResourceIdentifier {
	return &ResourceIdentifier{TypeID: typeID, Key: key}
}

func customerRI(id string) *ResourceIdentifier {
	return &ResourceIdentifier{TypeID: TypeCustomer, ID: id}
}

// role is a role assignment draft; inheritance may be "".
func role(key, inheritance string) AssignmentDraft {
	return AssignmentDraft{AssociateRole: keyRI(TypeAssociateRole, key), Inheritance: inheritance}
}

func associate(customerID string, roles ...AssignmentDraft) AssociateDraft {
	return AssociateDraft{Customer: customerRI(customerID), AssociateRoleAssignments: roles}
}

// assignment is an expected role assignment.
func assignment(key, inheritance string) AssociateRoleAssignment {
	return AssociateRoleAssignment{AssociateRole: KeyReference{TypeID: TypeAssociateRole, Key: key}, Inheritance: inheritance}
}

func storeRef(key string) KeyReference { return KeyReference{TypeID: TypeStore, Key: key} }

func unitRef(key string) *KeyReference { return &KeyReference{TypeID: TypeBusinessUnit, Key: key} }

// act encodes an update action: act("changeName", "name", "x").
func act(name string, kv ...any) json.RawMessage {
	m := map[string]any{"action": name}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	b, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	return b
}

// checkCode fails unless err has the code want ("" means no error).
func checkCode(t *testing.T, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Fatalf("unexpected error: %v", err)
	case want != "" && err == nil:
		t.Fatalf("want error %s, got success", want)
	case want != "" && ErrorCode(err) != want:
		t.Fatalf("want error %s, got %q (%v)", want, ErrorCode(err), err)
	}
}

// eq fails unless got and want are deeply equal.
func eq(t *testing.T, what string, got, want any) {
	t.Helper()
	if c, ok := got.(*CustomFields); ok && c != nil { // what a request wrote is not part of the value
		stored := *c
		stored.written = customWrite{}
		got = &stored
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got  %#v\n want %#v", what, got, want)
	}
}

func ptr[T any](v T) *T { return &v }
