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

// maxFollowingProducts bounds the products one product type update rewrites (decision 0020): they
// are all written in its transaction, under the catalog's lock. A variable for the tests.
var maxFollowingProducts = 10_000

// productPage is how many products eachProduct reads at a time. A variable for the tests.
var productPage = 500

// followType makes every product of the type t follow the changes of its last update; it refuses
// a change that more than maxFollowingProducts products would have to follow.
func (a *App) followType(l *lookup, t *procura.ProductType) error {
	if !t.Followed.Any {
		return nil
	}
	typeRef := store.Ref{Type: procura.TypeProductType, ID: t.ID}
	refs, err := l.docs.ReferencedBy(typeRef, maxFollowingProducts+1)
	if err != nil {
		return err
	}
	if len(refs) > maxFollowingProducts {
		return procura.InvalidOperation("The product type has more than %d products, which would all change with it: change at most %d products' attributes in one update, or give the products a new type.",
			maxFollowingProducts, maxFollowingProducts)
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

// eachProduct calls fn with each product that meets conds, in the order of their ids: a page is
// read, then fn may write, so that no cursor stays open across writes; the next page starts
// after the last id read, so each page costs the same.
func eachProduct(l *lookup, conds []store.Cond, fn func(p *procura.Product, doc *store.Doc) error) error {
	after := []store.Cond{}
	for {
		docs, _, err := l.docs.Find(store.Filter{Type: procura.TypeProduct, Limit: productPage, Conds: append(after, conds...),
			Sort: []store.SortBy{{Column: store.ColumnID}}})
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
		if len(docs) < productPage {
			return nil
		}
		after = []store.Cond{{Column: store.ColumnID, Op: ">", Values: []string{docs[len(docs)-1].ID}}}
	}
}
