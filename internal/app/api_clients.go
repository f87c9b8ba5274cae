package app

import (
	"context"
	"errors"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// A project's API clients as its seller's dashboard manages them (decision 0054). The API has no
// route for them: whoever may list, create or remove a client must hold manage_project in the
// project, since a client may be given any scope of it, manage_project included.

// mayManageProject refuses a caller without manage_project in its project, as the API refuses
// a route's scope.
func mayManageProject(c Caller) error {
	if !c.Scopes.Allows("manage_project", c.ProjectKey) {
		return procura.InsufficientScope("manage_project:" + c.ProjectKey)
	}
	return nil
}

// APIClients lists the API clients of the caller's project, oldest first, without secrets.
func (a *App) APIClients(ctx context.Context, c Caller) ([]procura.APIClient, error) {
	if err := mayManageProject(c); err != nil {
		return nil, err
	}
	var out []procura.APIClient
	err := a.Store.Read(ctx, func(tx store.Tx) error {
		var err error
		out, err = tx.APIClients(c.ProjectKey)
		return err
	})
	return out, err
}

// CreateClientOf creates an API client of the caller's project with the given scopes, as
// CreateAPIClient does for the CLI (id and secret generated; the secret answered only here).
func (a *App) CreateClientOf(ctx context.Context, c Caller, scope string) (*NewClient, error) {
	if err := mayManageProject(c); err != nil {
		return nil, err
	}
	return a.CreateAPIClient(ctx, c.ProjectKey, scope, "", "")
}

// DeleteAPIClient removes an API client of the caller's project: its tokens end at once (on the
// other nodes within their token cache's time).
func (a *App) DeleteAPIClient(ctx context.Context, c Caller, id string) error {
	if err := mayManageProject(c); err != nil {
		return err
	}
	err := a.Store.Write(ctx, func(tx store.Tx) error { return tx.DeleteAPIClient(c.ProjectKey, id) })
	if errors.Is(err, store.ErrNotFound) {
		return procura.NotFound(id)
	}
	if err != nil {
		return err
	}
	a.tokens.purge(func(_ string, e cachedToken) bool {
		return e.caller.ProjectKey == c.ProjectKey && e.caller.ClientID == id
	})
	return nil
}
