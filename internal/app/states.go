package app

import (
	"context"
	"encoding/json"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// stateKind stores states by key; a state records the states its transitions name, so that a
// state still reachable from another cannot be deleted.
var stateKind = kind[procura.State, *procura.State]{
	typ: procura.TypeState,
	index: func(s *procura.State) store.Doc {
		d := store.Doc{Key: s.Key, Refs: []store.Ref{}}
		if s.Transitions != nil {
			for _, t := range *s.Transitions {
				d.Refs = append(d.Refs, store.Ref{Type: procura.TypeState, ID: t.ID})
			}
		}
		return d
	},
}

// state loads the state ri names (ReferencedResourceNotFound when there is none).
func (l *lookup) state(ri procura.ResourceIdentifier) (*procura.State, error) {
	doc, err := l.doc("state", procura.TypeState, ri)
	if err != nil {
		return nil, err
	}
	s := &procura.State{}
	return s, json.Unmarshal(doc.Data, s)
}

// stateByID loads a state a resource references (nil for none).
func (l *lookup) stateByID(ref *procura.Reference) (*procura.State, error) {
	if ref == nil {
		return nil, nil
	}
	return l.state(procura.ResourceIdentifier{ID: ref.ID})
}

// Transition resolves the state ri names and checks that a resource in state from (nil: none)
// may move to it; it returns the reference to store.
func (l *lookup) Transition(typ string, from *procura.Reference, ri *procura.ResourceIdentifier, force bool) (*procura.Reference, error) {
	if err := ri.Check("state", procura.TypeState); err != nil {
		return nil, err
	}
	to, err := l.state(*ri)
	if err != nil {
		return nil, err
	}
	current, err := l.stateByID(from)
	if err != nil {
		return nil, err
	}
	if err := procura.CheckStateTransition(typ, current, to, force); err != nil {
		return nil, err
	}
	if force {
		l.rec.note("force", to.ID)
	}
	return &procura.Reference{TypeID: procura.TypeState, ID: to.ID}, nil
}

// CreateState creates a state; its transitions name existing states of its type.
func (a *App) CreateState(ctx context.Context, c Caller, d procura.StateDraft) (*procura.State, error) {
	var out *procura.State
	err := a.write(ctx, c, func(l *lookup) error {
		s, err := procura.NewState(d, l.state, a.NewID(), a.Now())
		if err != nil {
			return err
		}
		out = s
		return stateKind.insert(l.docs, s)
	})
	return out, err
}

// GetState returns the state r names.
func (a *App) GetState(ctx context.Context, c Caller, r Ref) (*procura.State, error) {
	return stateKind.get(ctx, a, c, r)
}

// QueryStates pages through the project's states.
func (a *App) QueryStates(ctx context.Context, c Caller, q Query) (*Page, error) {
	return stateKind.query(ctx, a, c, q)
}

// UpdateState applies state update actions.
func (a *App) UpdateState(ctx context.Context, c Caller, r Ref, u procura.Update) (*procura.State, error) {
	return stateKind.update(ctx, a, c, r, u, func(l *lookup, s *procura.State, raw json.RawMessage) error {
		return s.Apply(raw, l.state)
	})
}

// DeleteState deletes a state that is not built in and that nothing references: no resource in
// it and no other state's transitions (else ReferenceExists).
func (a *App) DeleteState(ctx context.Context, c Caller, r Ref, version int64) (*procura.State, error) {
	return stateKind.remove(ctx, a, c, r, version, func(l *lookup, s *procura.State) error {
		if s.BuiltIn {
			return procura.InvalidOperation("The state '%s' is built in and cannot be deleted.", s.Key)
		}
		return refuseIfReferencedByOthers(l.docs, procura.TypeState, s.ID)
	})
}

// refuseIfReferencedByOthers is refuseIfReferenced, ignoring the document's references to itself.
func refuseIfReferencedByOthers(d store.Docs, typ, id string) error {
	refs, err := d.ReferencedBy(store.Ref{Type: typ, ID: id}, 1000)
	if err != nil {
		return err
	}
	for _, r := range refs {
		if r.Type != typ || r.ID != id {
			return procura.ReferenceExists(r.Type, "The %s '%s' is still referenced by %s '%s'.", typ, id, r.Type, r.ID)
		}
	}
	return nil
}
