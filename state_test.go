package procura

import (
	"encoding/json"
	"slices"
	"testing"
	"time"
)

func TestCheckStateTransition(t *testing.T) {
	ref := func(id string) Reference { return Reference{TypeID: TypeState, ID: id} }
	open := &State{Base: Base{ID: "open"}, Key: "open", Type: StateOrder, Initial: true}
	late := &State{Base: Base{ID: "late"}, Key: "late", Type: StateOrder}
	final := &State{Base: Base{ID: "final"}, Key: "final", Type: StateOrder, Transitions: &[]Reference{}}
	toLate := &State{Base: Base{ID: "x"}, Key: "x", Type: StateOrder, Transitions: &[]Reference{ref("late")}}
	item := &State{Base: Base{ID: "item"}, Key: "item", Type: StateLineItem, Initial: true}
	for _, tc := range []struct {
		name     string
		from, to *State
		force    bool
		code     string
	}{
		{"a first state that is initial", nil, open, false, ""},
		{"a first state that is not", nil, late, false, CodeInvalidOperation},
		{"a first state forced", nil, late, true, ""},
		{"from a state without transitions: any", open, late, false, ""},
		{"from a final state", final, open, false, CodeInvalidOperation},
		{"from a final state, forced", final, open, true, ""},
		{"along a transition", toLate, late, false, ""},
		{"off the transitions", toLate, open, false, CodeInvalidOperation},
		{"a state of another type", open, item, false, CodeInvalidInput},
		{"a state of another type, forced", open, item, true, CodeInvalidInput},
	} {
		err := CheckStateTransition(StateOrder, tc.from, tc.to, tc.force)
		if tc.code == "" && err != nil || tc.code != "" && ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.code)
		}
	}
}

func TestStateActions(t *testing.T) {
	none := func(ri ResourceIdentifier) (*State, error) { return nil, ReferencedNotFound(TypeState, ri.ID, ri.Key) }
	s, err := NewState(StateDraft{Key: "review", Type: StateQuote, Roles: []string{"Return"}}, none, "s", time.Now())
	if err != nil || !s.Initial || s.Transitions != nil {
		t.Fatalf("%v %+v", err, s)
	}
	for _, a := range []string{`{"action":"addRoles","roles":["ReviewIncludedInStatistics","Return"]}`,
		`{"action":"removeRoles","roles":["Return"]}`, `{"action":"changeInitial","initial":false}`,
		`{"action":"changeType","type":"OrderState"}`, `{"action":"setTransitions","transitions":[]}`} {
		if err := s.Apply(json.RawMessage(a), none); err != nil {
			t.Fatalf("%s: %v", a, err)
		}
	}
	if !slices.Equal(s.Roles, []string{"ReviewIncludedInStatistics"}) || s.Initial || s.Type != StateOrder || s.Transitions == nil || len(*s.Transitions) != 0 {
		t.Fatalf("state %+v", s)
	}
	for a, code := range map[string]string{`{"action":"setRoles","roles":["Admin"]}`: CodeInvalidField,
		`{"action":"changeType","type":"CartState"}`: CodeInvalidField, `{"action":"changeInitial"}`: CodeRequiredField,
		`{"action":"setTransitions","transitions":[{"key":"gone"}]}`: CodeReferencedResourceNotFound,
		`{"action":"changeKey","key":"a b"}`:                         CodeInvalidInput} {
		if got := ErrorCode(s.Apply(json.RawMessage(a), none)); got != code {
			t.Errorf("%s: %s, want %s", a, got, code)
		}
	}
}
