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
	return r, a.write(ctx, c, func(l *lookup) error {
		if err := roleKind.insert(l.docs, r); err != nil {
			return err
		}
		return l.bump(roleGeneration, unitsLock)
	})
}

// GetAssociateRole returns the role r names.
func (a *App) GetAssociateRole(ctx context.Context, c Caller, r Ref) (*procura.AssociateRole, error) {
	return shownAs[procura.AssociateRole](ctx, a, c, Acting{}, procura.TypeAssociateRole, r)
}

// QueryAssociateRoles pages through the project's roles.
func (a *App) QueryAssociateRoles(ctx context.Context, c Caller, q Query) (*Page, error) {
	return roleKind.query(ctx, a, c, q)
}

// UpdateAssociateRole applies role update actions.
func (a *App) UpdateAssociateRole(ctx context.Context, c Caller, r Ref, u procura.Update) (*procura.AssociateRole, error) {
	return roleKind.update(ctx, a, c, r, u, func(l *lookup, role *procura.AssociateRole, raw json.RawMessage) error {
		if err := role.Apply(raw); err != nil {
			return err
		}
		return l.bump(roleGeneration, unitsLock)
	})
}

// DeleteAssociateRole deletes a role that is assigned nowhere (else ReferenceExists).
func (a *App) DeleteAssociateRole(ctx context.Context, c Caller, r Ref, version int64) (*procura.AssociateRole, error) {
	return roleKind.remove(ctx, a, c, r, version, func(l *lookup, role *procura.AssociateRole) error {
		if err := refuseIfReferenced(l.docs, procura.TypeAssociateRole, role.Key); err != nil {
			return err
		}
		return l.bump(roleGeneration, unitsLock)
	})
}

// The role table of a project is kept per node and checked, at every use, against a generation
// (generation.go) that every change of a role bumps: the next request on any node sees the
// change, at the cost of reading that version instead of reading every role.
const roleGeneration = "associate-role-generation"

// rolePermissions returns the project's roles as a permission table: the node's copy when it is
// of the generation the transaction read, else read anew.
func rolePermissions(l *lookup) (procura.Roles, error) {
	gens, err := l.generations()
	if err != nil {
		return nil, err
	}
	g := gens.roles
	if l.cache != nil {
		if roles, ok := l.cache.roles.at(l.projectID, g); ok {
			return roles, nil
		}
	}
	all, err := roleKind.all(l)
	if err != nil {
		return nil, err
	}
	roles := make(procura.Roles, len(all))
	for _, r := range all {
		roles[r.Key] = r.PermissionSet()
	}
	l.keepOnCommit(func() { l.cache.roles.keep(l.projectID, g, roles) })
	return roles, nil
}
