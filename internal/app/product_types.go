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

// checkTypeConflicts refuses an attribute another product type defines with another type.
func checkTypeConflicts(l *lookup, t *procura.ProductType) error {
	if len(t.Attributes) == 0 {
		return nil
	}
	docs, err := l.docs.List(procura.TypeProductType) // not productTypeKind.all: its afterSave calls this
	if err != nil {
		return err
	}
	others := make([]*procura.ProductType, len(docs))
	for i, doc := range docs {
		others[i] = new(procura.ProductType)
		if err := json.Unmarshal(doc.Data, others[i]); err != nil {
			return err
		}
	}
	return t.CheckConflicts(others)
}

// followType makes every product of the type t follow the changes of its last update.
func (a *App) followType(l *lookup, t *procura.ProductType) error {
	if !t.Followed.Any {
		return nil
	}
	ofType := []store.Cond{{Column: store.Referencing(procura.TypeProductType), Op: "in", Values: []string{t.ID}}}
	return eachProduct(l, ofType, func(p *procura.Product, doc *store.Doc) error {
		if err := p.FollowType(t); err != nil {
			return err
		}
		p.Touch(a.Now())
		if err := productKind.save(l.docs, p, doc.Version); err != nil {
			return err
		}
		return indexProduct(l, p)
	})
}

// eachProduct calls fn with each product that meets conds, in the order they were made: a page
// is read, then fn may write, so that no cursor stays open across writes.
func eachProduct(l *lookup, conds []store.Cond, fn func(p *procura.Product, doc *store.Doc) error) error {
	const page = 500
	for offset := 0; ; offset += page {
		docs, _, err := l.docs.Find(store.Filter{Type: procura.TypeProduct, Limit: page, Offset: offset, Conds: conds,
			Sort: []store.SortBy{{Column: store.ColumnInserted}}})
		if err != nil {
			return err
		}
		for _, doc := range docs {
			p, err := productKind.decoded(l, doc)
			if err != nil {
				return err
			}
			if err := fn(p, doc); err != nil {
				return err
			}
		}
		if len(docs) < page {
			return nil
		}
	}
}
