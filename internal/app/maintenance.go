package app

import (
	"context"

	"github.com/procura/procura/internal/store"
)

// DeleteExpiredTokens removes access tokens past their expiry.
func (a *App) DeleteExpiredTokens(ctx context.Context) (int64, error) {
	var n int64
	err := a.Store.Write(ctx, func(tx store.Tx) error {
		var err error
		n, err = tx.DeleteExpiredTokens(a.Now())
		return err
	})
	return n, err
}

// projectKeys lists the keys of every project, for the node's background work.
func (a *App) projectKeys(ctx context.Context) ([]string, error) {
	var keys []string
	err := a.Store.Read(ctx, func(tx store.Tx) error {
		var err error
		keys, err = tx.ProjectKeys()
		return err
	})
	return keys, err
}
