package app

import (
	"context"
	"encoding/json"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

var policyKind = kind[procura.RecurrencePolicy, *procura.RecurrencePolicy]{
	typ:   procura.TypeRecurrencePolicy,
	index: func(p *procura.RecurrencePolicy) store.Doc { return store.Doc{Key: p.Key} },
}

// RecurrencePolicy implements procura.RecurrencePolicies.
func (l *lookup) RecurrencePolicy(field string, ri procura.ResourceIdentifier) (*procura.RecurrencePolicy, error) {
	doc, err := l.doc(field, procura.TypeRecurrencePolicy, ri)
	if err != nil {
		return nil, err
	}
	p := &procura.RecurrencePolicy{}
	return p, json.Unmarshal(doc.Data, p)
}

// CreateRecurrencePolicy creates a recurrence policy.
func (a *App) CreateRecurrencePolicy(ctx context.Context, c Caller, d procura.RecurrencePolicyDraft) (*procura.RecurrencePolicy, error) {
	p, err := procura.NewRecurrencePolicy(d, a.NewID(), a.Now())
	if err != nil {
		return nil, err
	}
	return p, a.write(ctx, c, func(l *lookup) error { return policyKind.insert(l.docs, p) })
}

// GetRecurrencePolicy returns the recurrence policy r names.
func (a *App) GetRecurrencePolicy(ctx context.Context, c Caller, r Ref) (*procura.RecurrencePolicy, error) {
	return policyKind.get(ctx, a, c, r)
}

// QueryRecurrencePolicies pages through the project's recurrence policies.
func (a *App) QueryRecurrencePolicies(ctx context.Context, c Caller, q Query) (*Page, error) {
	return policyKind.query(ctx, a, c, q)
}

// UpdateRecurrencePolicy applies recurrence policy update actions.
func (a *App) UpdateRecurrencePolicy(ctx context.Context, c Caller, r Ref, u procura.Update) (*procura.RecurrencePolicy, error) {
	return policyKind.update(ctx, a, c, r, u, func(_ *lookup, p *procura.RecurrencePolicy, raw json.RawMessage) error { return p.Apply(raw) })
}

// DeleteRecurrencePolicy deletes a recurrence policy no cart item and no recurring order names
// (else ReferenceExists).
func (a *App) DeleteRecurrencePolicy(ctx context.Context, c Caller, r Ref, version int64) (*procura.RecurrencePolicy, error) {
	return policyKind.remove(ctx, a, c, r, version, func(l *lookup, p *procura.RecurrencePolicy) error {
		return refuseIfReferenced(l.docs, procura.TypeRecurrencePolicy, p.ID)
	})
}
