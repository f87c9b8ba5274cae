package app

import (
	"context"
	"encoding/json"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

var customerGroupKind = kind[procura.CustomerGroup, *procura.CustomerGroup]{
	typ:   procura.TypeCustomerGroup,
	index: func(g *procura.CustomerGroup) store.Doc { return store.Doc{Key: g.Key} },
}

// CustomerGroup resolves a reference to a customer group (procura.CustomerGroups).
func (l *lookup) CustomerGroup(field string, ri procura.ResourceIdentifier) (procura.Reference, error) {
	doc, err := l.doc(field, procura.TypeCustomerGroup, ri)
	if err != nil {
		return procura.Reference{}, err
	}
	return procura.Reference{TypeID: procura.TypeCustomerGroup, ID: doc.ID}, nil
}

// CreateCustomerGroup creates a customer group.
func (a *App) CreateCustomerGroup(ctx context.Context, c Caller, d procura.CustomerGroupDraft) (*procura.CustomerGroup, error) {
	g, err := procura.NewCustomerGroup(d, a.NewID(), a.Now())
	if err != nil {
		return nil, err
	}
	return g, a.write(ctx, c, func(l *lookup) error { return customerGroupKind.insert(l.docs, g) })
}

// GetCustomerGroup returns the customer group r names.
func (a *App) GetCustomerGroup(ctx context.Context, c Caller, r Ref) (*procura.CustomerGroup, error) {
	return customerGroupKind.get(ctx, a, c, r)
}

// QueryCustomerGroups pages through the project's customer groups.
func (a *App) QueryCustomerGroups(ctx context.Context, c Caller, q Query) (*Page, error) {
	return customerGroupKind.query(ctx, a, c, q)
}

// UpdateCustomerGroup applies customer-group update actions.
func (a *App) UpdateCustomerGroup(ctx context.Context, c Caller, r Ref, u procura.Update) (*procura.CustomerGroup, error) {
	return customerGroupKind.update(ctx, a, c, r, u, func(_ *lookup, g *procura.CustomerGroup, raw json.RawMessage) error { return g.Apply(raw) })
}

// DeleteCustomerGroup deletes a customer group no customer is in (else ReferenceExists).
func (a *App) DeleteCustomerGroup(ctx context.Context, c Caller, r Ref, version int64) (*procura.CustomerGroup, error) {
	return customerGroupKind.remove(ctx, a, c, r, version, func(l *lookup, g *procura.CustomerGroup) error {
		return refuseIfReferenced(l.docs, procura.TypeCustomerGroup, g.ID)
	})
}
