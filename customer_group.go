package procura

import (
	"encoding/json"
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

// setGroups replaces the customer's group assignments with the groups drafts name, each once.
func (c *Customer) setGroups(drafts []CustomerGroupAssignmentDraft, l CustomerGroups) error {
	if len(drafts) > MaxCustomerGroupAssignments {
		return LimitExceeded("customer", "A customer is in at most %d customer groups.", MaxCustomerGroupAssignments)
	}
	out := List[CustomerGroupAssignment]{}
	for _, d := range drafts {
		ref, err := groupRef("customerGroupAssignments.customerGroup", d.CustomerGroup, l)
		if err != nil {
			return err
		}
		if !slicesContainsGroup(out, ref.ID) {
			out = append(out, CustomerGroupAssignment{CustomerGroup: ref})
		}
	}
	c.CustomerGroupAssignments = out
	return nil
}

// inGroup returns the index of the customer's assignment to group id, or -1.
func (c *Customer) inGroup(id string) int {
	for i, a := range c.CustomerGroupAssignments {
		if a.CustomerGroup.ID == id {
			return i
		}
	}
	return -1
}

func slicesContainsGroup(as List[CustomerGroupAssignment], id string) bool {
	for _, a := range as {
		if a.CustomerGroup.ID == id {
			return true
		}
	}
	return false
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
