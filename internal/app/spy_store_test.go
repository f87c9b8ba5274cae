package app

import (
	"context"

	"github.com/procura/procura/internal/store"
)

// SpyStore is a store whose transactions hand out the documents Wrap makes of theirs: for the
// tests that count what a use case asks of the store.
type SpyStore struct {
	store.Store
	Wrap func(store.Docs) store.Docs
}

func (s SpyStore) Read(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.Read(ctx, func(tx store.Tx) error { return fn(spyTx{Tx: tx, wrap: s.Wrap}) })
}

func (s SpyStore) Write(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.Write(ctx, func(tx store.Tx) error { return fn(spyTx{Tx: tx, wrap: s.Wrap}) })
}

type spyTx struct {
	store.Tx
	wrap func(store.Docs) store.Docs
}

func (t spyTx) Docs(project string) store.Docs { return t.wrap(t.Tx.Docs(project)) }
