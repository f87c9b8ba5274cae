package app

import (
	"context"
	"encoding/json"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

var storeKind = kind[procura.Store, *procura.Store]{
	lock:  unitsLock,
	typ:   procura.TypeStore,
	index: func(s *procura.Store) store.Doc { return store.Doc{Key: s.Key} },
}

// CreateStore creates a store.
func (a *App) CreateStore(ctx context.Context, c Caller, d procura.StoreDraft) (*procura.Store, error) {
	s, err := procura.NewStore(d, a.NewID(), a.Now())
	if err != nil {
		return nil, err
	}
	return s, a.write(ctx, c, func(l *lookup) error { return storeKind.insert(l.docs, s) })
}

// GetStore returns the store r names.
func (a *App) GetStore(ctx context.Context, c Caller, r Ref) (*procura.Store, error) {
	return shownAs[procura.Store](ctx, a, c, Acting{}, procura.TypeStore, r)
}

// QueryStores pages through the project's stores.
func (a *App) QueryStores(ctx context.Context, c Caller, q Query) (*Page, error) {
	return storeKind.query(ctx, a, c, q)
}

// UpdateStore applies store update actions.
func (a *App) UpdateStore(ctx context.Context, c Caller, r Ref, u procura.Update) (*procura.Store, error) {
	return storeKind.update(ctx, a, c, r, u, func(_ *lookup, s *procura.Store, raw json.RawMessage) error { return s.Apply(raw) })
}

// DeleteStore deletes a store that no business unit uses (else ReferenceExists).
func (a *App) DeleteStore(ctx context.Context, c Caller, r Ref, version int64) (*procura.Store, error) {
	return storeKind.remove(ctx, a, c, r, version, func(l *lookup, s *procura.Store) error {
		return refuseIfReferenced(l.docs, procura.TypeStore, s.Key)
	})
}

// refuseIfReferenced fails with ReferenceExists while a document of one of the types by (any
// type when none is given) references (typ, idOrKey).
func refuseIfReferenced(d store.Docs, typ, idOrKey string, by ...string) error {
	refs, err := d.ReferencedBy(store.Ref{Type: typ, ID: idOrKey}, 1000)
	if err != nil {
		return err
	}
	for _, r := range refs {
		if len(by) == 0 || contains(by, r.Type) {
			return procura.ReferenceExists(r.Type, "The %s '%s' is still referenced by %s '%s'.", typ, idOrKey, r.Type, r.ID)
		}
	}
	return nil
}

// removeReferencing deletes the documents of the given types that reference (typ, id).
func removeReferencing(d store.Docs, typ, id string, types ...string) error {
	refs, err := d.ReferencedBy(store.Ref{Type: typ, ID: id}, 10000)
	if err != nil {
		return err
	}
	for _, r := range refs {
		if !contains(types, r.Type) {
			continue
		}
		doc, err := d.Get(r.Type, r.ID)
		if err != nil {
			return err
		}
		if err := remove(d, doc, doc.Version); err != nil {
			return err
		}
	}
	return nil
}
