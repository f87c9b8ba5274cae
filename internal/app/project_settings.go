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
	err := a.Store.Read(ctx, func(tx store.Tx) error {
		var err error
		p, err = tx.ProjectByKey(c.ProjectKey)
		return projectErr(c.ProjectKey, err)
	})
	return p, err
}

// UpdateProject applies project update actions (settings for units customers create).
func (a *App) UpdateProject(ctx context.Context, c Caller, u procura.Update) (*procura.Project, error) {
	var p *procura.Project
	err := a.Store.Write(ctx, func(tx store.Tx) error {
		var err error
		if p, err = tx.ProjectByKey(c.ProjectKey); err != nil {
			return projectErr(c.ProjectKey, err)
		}
		if u.Version != nil && *u.Version != p.Version {
			return procura.ConcurrentModification(p.Key, *u.Version, p.Version)
		}
		l := &lookup{docs: tx.Docs(p.ID)}
		if err := applyActions(u, func(raw json.RawMessage) error { return p.Apply(raw, l) }); err != nil {
			return err
		}
		p.Version++
		err = tx.UpdateProject(p, p.Version-1)
		if err == store.ErrConflict {
			return procura.ConcurrentModification(p.Key, *u.Version, p.Version)
		}
		return err
	})
	return p, err
}
