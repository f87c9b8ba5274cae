package procura

import (
	"encoding/json"
	"slices"
	"time"
)

// TypeState is the type id of states.
const TypeState = "state"

// The kinds of resources a state is for (the reference's StateTypeEnum).
const (
	StateOrder        = "OrderState"
	StateLineItem     = "LineItemState"
	StateProduct      = "ProductState"
	StatePayment      = "PaymentState"
	StateQuoteRequest = "QuoteRequestState"
	StateStagedQuote  = "StagedQuoteState"
	StateQuote        = "QuoteState"
)

var stateTypes = []string{StateOrder, StateLineItem, StateProduct, "ReviewState", StatePayment, StateQuoteRequest,
	StateStagedQuote, StateQuote}

var stateRoles = []string{"ReviewIncludedInStatistics", "Return"}

// State is one step of the seller's own workflow for orders, line items, payments or quotes.
// Transitions, when set, are the only states it may move to (an empty list: none); unset, any.
type State struct {
	Base
	Key         string          `json:"key"`
	Type        string          `json:"type"`
	Name        LocalizedString `json:"name,omitempty"`
	Description LocalizedString `json:"description,omitempty"`
	Initial     bool            `json:"initial"`
	BuiltIn     bool            `json:"builtIn"`
	Roles       []string        `json:"roles,omitempty"`
	Transitions *[]Reference    `json:"transitions,omitempty"`
}

// StateDraft creates a state.
type StateDraft struct {
	Key         string                `json:"key"`
	Type        string                `json:"type"`
	Name        LocalizedString       `json:"name,omitempty"`
	Description LocalizedString       `json:"description,omitempty"`
	Initial     *bool                 `json:"initial,omitempty"`
	Roles       []string              `json:"roles,omitempty"`
	Transitions *[]ResourceIdentifier `json:"transitions,omitempty"`
}

// StateResolver finds the states transitions name (by id or key), for the application to load.
type StateResolver func(ri ResourceIdentifier) (*State, error)

// NewState validates d and builds the state; resolve finds the states its transitions name.
func NewState(d StateDraft, resolve StateResolver, id string, now time.Time) (*State, error) {
	if err := CheckKey("key", d.Key); err != nil {
		return nil, err
	}
	if d.Type == "" {
		return nil, RequiredField("type")
	}
	if err := checkOneOf("type", d.Type, stateTypes...); err != nil {
		return nil, err
	}
	if err := checkRoles(d.Roles); err != nil {
		return nil, err
	}
	s := &State{Key: d.Key, Type: d.Type, Name: d.Name, Description: d.Description, Initial: d.Initial == nil || *d.Initial,
		Roles: d.Roles}
	s.Stamp(id, now)
	if d.Transitions != nil {
		if err := s.setTransitions(*d.Transitions, resolve); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func checkRoles(roles []string) error {
	for _, r := range roles {
		if err := checkOneOf("roles", r, stateRoles...); err != nil {
			return err
		}
	}
	return nil
}

// setTransitions sets the states s may move to: states of s's type.
func (s *State) setTransitions(ris []ResourceIdentifier, resolve StateResolver) error {
	refs := make([]Reference, 0, len(ris))
	for _, ri := range ris {
		if err := ri.Check("transitions", TypeState); err != nil {
			return err
		}
		to, err := resolve(ri)
		if err != nil {
			return err
		}
		if to.Type != s.Type {
			return InvalidInput("The state '%s' is a %s; a %s moves only to states of its own type.", to.Key, to.Type, s.Type)
		}
		ref := Reference{TypeID: TypeState, ID: to.ID}
		if !slices.Contains(refs, ref) {
			refs = append(refs, ref)
		}
	}
	s.Transitions = &refs
	return nil
}

type stateAction struct {
	Action      string                `json:"action"`
	Key         string                `json:"key"`
	Type        string                `json:"type"`
	Name        LocalizedString       `json:"name"`
	Description LocalizedString       `json:"description"`
	Initial     *bool                 `json:"initial"`
	Roles       []string              `json:"roles"`
	Transitions *[]ResourceIdentifier `json:"transitions"`
}

// Apply applies one state update action: changeKey, changeType, setName, setDescription,
// changeInitial, setRoles, addRoles, removeRoles, setTransitions (none given: any transition).
func (s *State) Apply(raw json.RawMessage, resolve StateResolver) error {
	var a stateAction
	if err := DecodeAction(raw, &a, stateActions); err != nil {
		return err
	}
	switch a.Action {
	case "changeKey":
		if err := CheckKey("key", a.Key); err != nil {
			return err
		}
		s.Key = a.Key
	case "changeType":
		if err := checkOneOf("type", a.Type, stateTypes...); err != nil {
			return err
		}
		if s.Transitions != nil && len(*s.Transitions) > 0 && a.Type != s.Type {
			return InvalidOperation("The state '%s' has transitions to %s states: clear them (setTransitions) before changing its type.", s.Key, s.Type)
		}
		s.Type = a.Type
	case "setName":
		s.Name = a.Name
	case "setDescription":
		s.Description = a.Description
	case "changeInitial":
		if a.Initial == nil {
			return RequiredField("initial")
		}
		s.Initial = *a.Initial
	case "setRoles", "addRoles", "removeRoles":
		if a.Roles == nil {
			return RequiredField("roles")
		}
		if err := checkRoles(a.Roles); err != nil {
			return err
		}
		s.Roles = changeRoles(a.Action, s.Roles, a.Roles)
	case "setTransitions":
		if a.Transitions == nil {
			s.Transitions = nil
			return nil
		}
		return s.setTransitions(*a.Transitions, resolve)
	default:
		return UnknownAction(a.Action)
	}
	return nil
}

func changeRoles(action string, have, roles []string) []string {
	var out []string
	switch action {
	case "setRoles":
		for _, r := range roles {
			if !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	case "addRoles":
		out = append(out, have...)
		for _, r := range roles {
			if !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	case "removeRoles":
		for _, r := range have {
			if !slices.Contains(roles, r) {
				out = append(out, r)
			}
		}
	}
	return out
}

// stateActions are the state update actions and their fields.
var stateActions = ActionFields{"changeKey": {"key"}, "changeType": {"type"}, "setName": {"name"},
	"setDescription": {"description"}, "changeInitial": {"initial"}, "setRoles": {"roles"}, "addRoles": {"roles"},
	"removeRoles": {"roles"}, "setTransitions": {"transitions"}}

// CheckStateTransition decides whether a resource whose workflow state is from (nil: none yet)
// may move to the state to, which must be of type typ. Without force, a first state must be an
// initial one, and a state with transitions moves only to those; force skips both checks, as in
// the reference, never the type.
func CheckStateTransition(typ string, from, to *State, force bool) error {
	if to.Type != typ {
		return InvalidInput("The state '%s' is a %s; this resource takes a %s.", to.Key, to.Type, typ)
	}
	if force {
		return nil
	}
	if from == nil {
		if !to.Initial {
			return InvalidOperation("The state '%s' is not an initial state: a first state must be initial (or the transition forced).", to.Key)
		}
		return nil
	}
	if from.Transitions != nil && !slices.Contains(*from.Transitions, Reference{TypeID: TypeState, ID: to.ID}) {
		return InvalidOperation("The state '%s' does not lead to '%s' (its transitions name the states it leads to); force the transition to skip this check.", from.Key, to.Key)
	}
	return nil
}
