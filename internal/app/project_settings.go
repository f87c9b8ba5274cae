package app

import (
	"context"
	"encoding/json"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// GetProject returns the caller's project with its settings.
func (a *App) GetProject(ctx context.Context, c Caller) (*procura.Project, error) {
	var p *procura.Project
	err := a.read(ctx, c.ProjectKey, func(l *lookup) error {
		var err error
		p, err = l.projectToChange() // the caller's own: the node's copy is shared
		return err
	})
	return p, err
}

// UpdateProject applies project update actions (settings for units customers create).
func (a *App) UpdateProject(ctx context.Context, c Caller, u procura.Update) (*procura.Project, error) {
	var p *procura.Project
	err := a.write(ctx, c, func(l *lookup) error {
		var err error
		if p, err = l.projectToChange(); err != nil {
			return err
		}
		if u.Version != nil && *u.Version != p.Version {
			return procura.ConcurrentModification(p.Key, *u.Version, p.Version)
		}
		wasOn := p.BusinessUnits.CompanyCustomerGroups
		if err := applyActions(u, func(raw json.RawMessage) error { return p.Apply(raw, l) }); err != nil {
			return err
		}
		read := p.Version
		p.Version++
		l.changedGenerations()
		err = l.tx.UpdateProject(p, read)
		if err == store.ErrConflict { // changed by another since it was read
			return procura.ConcurrentModification(p.Key, read, read+1)
		}
		if err == nil {
			err = l.history.projectUpdated(p, u)
		}
		if err == nil && p.BusinessUnits.CompanyCustomerGroups && !wasOn {
			if err := l.docs.Lock(unitsLock); err != nil {
				return err
			}
			err = a.syncAllCompanyGroups(l)
		}
		return err
	})
	return p, err
}
