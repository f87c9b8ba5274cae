package app

import (
	"context"
	"encoding/json"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

var roleKind = kind[procura.AssociateRole, *procura.AssociateRole]{
	lock:  unitsLock,
	typ:   procura.TypeAssociateRole,
	index: func(r *procura.AssociateRole) store.Doc { return store.Doc{Key: r.Key} },
}

// CreateAssociateRole creates a role.
func (a *App) CreateAssociateRole(ctx context.Context, c Caller, d procura.AssociateRoleDraft) (*procura.AssociateRole, error) {
	r, err := procura.NewAssociateRole(d, a.NewID(), a.Now())
	if err != nil {
		return nil, err
	}
	return r, a.write(ctx, c.ProjectKey, func(l *lookup) error { return roleKind.insert(l.docs, r) })
}

// GetAssociateRole returns the role r names.
func (a *App) GetAssociateRole(ctx context.Context, c Caller, r Ref) (*procura.AssociateRole, error) {
	return roleKind.get(ctx, a, c, r)
}

// QueryAssociateRoles pages through the project's roles.
func (a *App) QueryAssociateRoles(ctx context.Context, c Caller, q Query) (*Page, error) {
	return roleKind.query(ctx, a, c, q)
}

// UpdateAssociateRole applies role update actions.
func (a *App) UpdateAssociateRole(ctx context.Context, c Caller, r Ref, u procura.Update) (*procura.AssociateRole, error) {
	return roleKind.update(ctx, a, c, r, u, func(_ *lookup, role *procura.AssociateRole, raw json.RawMessage) error {
		return role.Apply(raw)
	})
}

// DeleteAssociateRole deletes a role that is assigned nowhere (else ReferenceExists).
func (a *App) DeleteAssociateRole(ctx context.Context, c Caller, r Ref, version int64) (*procura.AssociateRole, error) {
	return roleKind.remove(ctx, a, c, r, version, func(l *lookup, role *procura.AssociateRole) error {
		return refuseIfReferenced(l.docs, procura.TypeAssociateRole, role.Key)
	})
}

// rolePermissions loads every role of the project as a permission table.
func rolePermissions(l *lookup) (procura.Roles, error) {
	all, err := roleKind.all(l)
	if err != nil {
		return nil, err
	}
	roles := make(procura.Roles, len(all))
	for _, r := range all {
		roles[r.Key] = r.PermissionSet()
	}
	return roles, nil
}
