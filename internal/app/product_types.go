package app

import (
	"context"
	"encoding/json"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// UpdateProductType applies product type update actions; the type's products follow what the
// actions change of their attributes (renamed, removed, enum keys and labels), in the same
// transaction, or the update fails as a whole.
func (a *App) UpdateProductType(ctx context.Context, c Caller, r Ref, u procura.Update) (*procura.ProductType, error) {
	return productTypeKind.updateAs(ctx, a, c, r, u, func(l *lookup, t *procura.ProductType) (func(json.RawMessage) error, error) {
		refs, err := l.docs.ReferencedBy(store.Ref{Type: procura.TypeProductType, ID: t.ID}, 1)
		used := len(refs) > 0
		return func(raw json.RawMessage) error { return t.Apply(raw, used) }, err
	})
}

// followType makes every product of the type t follow the changes of its last update.
func (a *App) followType(l *lookup, t *procura.ProductType) error {
	if !t.Followed.Any {
		return nil
	}
	const page = 500
	for offset := 0; ; offset += page {
		docs, _, err := l.docs.Find(store.Filter{Type: procura.TypeProduct, Limit: page, Offset: offset,
			Conds: []store.Cond{{Column: store.Referencing(procura.TypeProductType), Op: "in", Values: []string{t.ID}}},
			Sort:  []store.SortBy{{Column: store.ColumnInserted}}})
		if err != nil {
			return err
		}
		for _, doc := range docs {
			p, err := productKind.decoded(l, doc)
			if err != nil {
				return err
			}
			if err := p.FollowType(t); err != nil {
				return err
			}
			p.Touch(a.Now())
			if err := productKind.save(l.docs, p, doc.Version); err != nil {
				return err
			}
			if err := indexProduct(l, p); err != nil {
				return err
			}
		}
		if len(docs) < page {
			return nil
		}
	}
}
