package procura

import (
	"encoding/json"
	"strings"
	"time"
)

// TypeCustomerGroup is the type of customer groups, and of references to them.
const TypeCustomerGroup = "customer-group"

// CustomerGroup groups customers, e.g. for the prices and discounts a seller gives them.
type CustomerGroup struct {
	Base
	Key    string        `json:"key,omitempty"`
	Name   string        `json:"name"`
	Custom *CustomFields `json:"custom,omitempty"`
}

// CustomerGroupDraft creates a customer group.
type CustomerGroupDraft struct {
	Key       string             `json:"key,omitempty"`
	GroupName string             `json:"groupName"`
	Custom    *CustomFieldsDraft `json:"custom,omitempty"`
}

// CustomerGroups resolves references to customer groups.
type CustomerGroups interface {
	CustomerGroup(field string, ri ResourceIdentifier) (Reference, error)
}

// NewCustomerGroup validates d and builds the group.
func NewCustomerGroup(d CustomerGroupDraft, id string, now time.Time) (*CustomerGroup, error) {
	if d.Key != "" {
		if err := CheckKey("key", d.Key); err != nil {
			return nil, err
		}
	}
	if d.GroupName == "" {
		return nil, RequiredField("groupName")
	}
	custom, err := NewCustomFields("custom", d.Custom)
	if err != nil {
		return nil, err
	}
	g := &CustomerGroup{Key: d.Key, Name: d.GroupName, Custom: custom}
	g.Stamp(id, now)
	return g, nil
}

type customerGroupAction struct {
	Action string              `json:"action"`
	Name   json.RawMessage     `json:"name"`
	Key    *string             `json:"key"`
	Type   *ResourceIdentifier `json:"type"`
	Fields map[string]any      `json:"fields"`
	Value  any                 `json:"value"`
}

var customerGroupActions = withCustom(ActionFields{"changeName": {"name"}, "setKey": {"key"}})

// Apply applies one customer-group update action: changeName, setKey, setCustomType,
// setCustomField.
func (g *CustomerGroup) Apply(raw json.RawMessage) error {
	var a customerGroupAction
	if err := DecodeAction(raw, &a, customerGroupActions); err != nil {
		return err
	}
	var name string
	if len(a.Name) > 0 {
		if err := json.Unmarshal(a.Name, &name); err != nil {
			return InvalidJSON("name: expected a string")
		}
	}
	switch a.Action {
	case "changeName":
		if name == "" {
			return RequiredField("name")
		}
		g.Name = name
	case "setKey":
		return setKey(&g.Key, a.Key)
	case "setCustomType", "setCustomField":
		return customAction{Type: a.Type, Fields: a.Fields, Name: name, Value: a.Value}.apply(a.Action, &g.Custom)
	default:
		return UnknownAction(a.Action)
	}
	return nil
}

// MaxCustomerGroupAssignments bounds the groups one customer is in.
const MaxCustomerGroupAssignments = 500

// CustomerGroupAssignmentDraft names a group to put a customer in.
type CustomerGroupAssignmentDraft struct {
	CustomerGroup *ResourceIdentifier `json:"customerGroup"`
}

// groupFields are the fields of the customer-group assignment actions, which customers and
// business units share; an action payload embeds them.
type groupFields struct {
	CustomerGroup *ResourceIdentifier            `json:"customerGroup"`
	Assignment    *CustomerGroupAssignmentDraft  `json:"customerGroupAssignment"`
	Assignments   []CustomerGroupAssignmentDraft `json:"customerGroupAssignments"`
}

// groupActions are the customer-group assignment actions and their fields.
var groupActions = ActionFields{"addCustomerGroupAssignment": {"customerGroupAssignment"},
	"removeCustomerGroupAssignment": {"customerGroup"}, "setCustomerGroupAssignments": {"customerGroupAssignments"}}

// applyGroupAction applies one of groupActions to the assignments of a resource of type owner
// (customer, business-unit); l resolves the groups. handled reports whether it was one.
func applyGroupAction(as *List[CustomerGroupAssignment], owner, action string, a groupFields, l CustomerGroups) (handled bool, err error) {
	noun := strings.ReplaceAll(owner, "-", " ")
	switch action {
	case "addCustomerGroupAssignment":
		if a.Assignment == nil {
			return true, RequiredField("customerGroupAssignment")
		}
		ref, err := groupRef("customerGroupAssignment.customerGroup", a.Assignment.CustomerGroup, l)
		if err != nil {
			return true, err
		}
		if inGroup(*as, ref.ID) >= 0 {
			return true, InvalidOperation("The %s is in the customer group '%s' already.", noun, ref.ID)
		}
		if len(*as) >= MaxCustomerGroupAssignments {
			return true, LimitExceeded(owner, "A %s is in at most %d customer groups.", noun, MaxCustomerGroupAssignments)
		}
		*as = append(*as, CustomerGroupAssignment{CustomerGroup: ref})
	case "removeCustomerGroupAssignment":
		ref, err := groupRef("customerGroup", a.CustomerGroup, l)
		if err != nil {
			return true, err
		}
		i := inGroup(*as, ref.ID)
		if i < 0 {
			return true, InvalidOperation("The %s is not in the customer group '%s'.", noun, ref.ID)
		}
		*as = append((*as)[:i:i], (*as)[i+1:]...)
	case "setCustomerGroupAssignments":
		return true, setGroups(as, owner, a.Assignments, l)
	default:
		return false, nil
	}
	return true, nil
}

// setGroups replaces the assignments of a resource of type owner with the groups drafts name, each once.
func setGroups(as *List[CustomerGroupAssignment], owner string, drafts []CustomerGroupAssignmentDraft, l CustomerGroups) error {
	if len(drafts) > MaxCustomerGroupAssignments {
		return LimitExceeded(owner, "A %s is in at most %d customer groups.", strings.ReplaceAll(owner, "-", " "), MaxCustomerGroupAssignments)
	}
	out := List[CustomerGroupAssignment]{}
	for _, d := range drafts {
		ref, err := groupRef("customerGroupAssignments.customerGroup", d.CustomerGroup, l)
		if err != nil {
			return err
		}
		if inGroup(out, ref.ID) < 0 {
			out = append(out, CustomerGroupAssignment{CustomerGroup: ref})
		}
	}
	*as = out
	return nil
}

// inGroup returns the index of the assignment to group id, or -1.
func inGroup(as List[CustomerGroupAssignment], id string) int {
	for i, a := range as {
		if a.CustomerGroup.ID == id {
			return i
		}
	}
	return -1
}

// groupRef resolves a reference to a customer group.
func groupRef(field string, ri *ResourceIdentifier, l CustomerGroups) (Reference, error) {
	if ri == nil {
		return Reference{}, RequiredField(field)
	}
	if err := ri.Check(field, TypeCustomerGroup); err != nil {
		return Reference{}, err
	}
	if l == nil {
		return Reference{}, InvalidInput("Customer groups cannot be resolved here.")
	}
	return l.CustomerGroup(field, *ri)
}

// customerGroupOf resolves the customer group a draft or an action may name (nil: none), for a
// cart's or a customer's customerGroup.
func customerGroupOf(ri *ResourceIdentifier, l CustomerGroups) (*Reference, error) {
	if ri == nil {
		return nil, nil
	}
	ref, err := groupRef("customerGroup", ri, l)
	if err != nil {
		return nil, err
	}
	return &ref, nil
}
