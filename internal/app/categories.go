package app

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// Categories: a tree whose documents carry their ancestors. A category's document references
// each of its ancestors, so that a category's descendants are one index look-up away (to move
// them along, or to refuse deleting a category with children), and each of its slugs, so that a
// slug taken in a language is found without reading the categories.

const (
	categoriesLock = "categories"
	// typeCategorySlug is not a resource: the name slug references are indexed under.
	typeCategorySlug = "category-slug"
)

var categoryKind = kind[procura.Category, *procura.Category]{
	typ:  procura.TypeCategory,
	lock: categoriesLock,
	index: func(c *procura.Category) store.Doc {
		d := store.Doc{Key: c.Key, Refs: []store.Ref{}}
		if c.Parent != nil {
			d.Parent = c.Parent.ID
		}
		for _, a := range c.Ancestors {
			d.Refs = append(d.Refs, store.Ref{Type: procura.TypeCategory, ID: a.ID})
		}
		d.Refs = append(d.Refs, slugRefs(typeCategorySlug, c.Slug)...)
		return d
	},
}

// The check after a save refers to the kind itself (moving descendants saves categories).
func init() {
	categoryKind.afterSave = func(a *App, l *lookup, c *procura.Category) error {
		if err := slugsFree(l, typeCategorySlug, c.ID, c.Slug); err != nil {
			return err
		}
		if err := moveDescendants(a, l, c); err != nil {
			return err
		}
		if c.Moved() {
			return reindexSubtree(l, c)
		}
		return nil
	}
}

// reindexSubtree re-indexes the products of a category that moved and of its descendants: the
// subtrees they are found in (categoriesSubTree) changed.
func reindexSubtree(l *lookup, c *procura.Category) error {
	below, err := categorySubtree(l, c.ID)
	if err != nil {
		return err
	}
	for _, id := range append([]string{c.ID}, below...) {
		refs, err := l.docs.ReferencedBy(store.Ref{Type: procura.TypeCategory, ID: id}, DefaultQueryBudget)
		if err != nil {
			return err
		}
		for _, r := range refs {
			if r.Type != procura.TypeProduct {
				continue
			}
			p, _, err := productKind.load(l, Ref{ID: r.ID})
			if err != nil {
				return err
			}
			if err := indexProduct(l, p); err != nil {
				return err
			}
		}
	}
	return nil
}

// Category resolves a reference to a category (procura.Categories).
func (l *lookup) Category(field string, ri procura.ResourceIdentifier) (*procura.Category, error) {
	doc, err := l.doc(field, procura.TypeCategory, ri)
	if err != nil {
		return nil, err
	}
	c := &procura.Category{}
	return c, json.Unmarshal(doc.Data, c)
}

// CreateCategory creates a category, under its parent if it names one.
func (a *App) CreateCategory(ctx context.Context, c Caller, d procura.CategoryDraft) (*procura.Category, error) {
	var out *procura.Category
	err := a.write(ctx, c, func(l *lookup) error {
		if err := l.docs.Lock(categoriesLock); err != nil {
			return err
		}
		cat, err := procura.NewCategory(d, a.NewID(), a.change(l))
		if err != nil {
			return err
		}
		if err := categoryKind.insert(l.docs, cat); err != nil {
			return err
		}
		out = cat
		return slugsFree(l, typeCategorySlug, cat.ID, cat.Slug)
	})
	return out, err
}

// GetCategory returns the category r names.
func (a *App) GetCategory(ctx context.Context, c Caller, r Ref) (*procura.Category, error) {
	return categoryKind.get(ctx, a, c, r)
}

// QueryCategories pages through the project's categories.
func (a *App) QueryCategories(ctx context.Context, c Caller, q Query) (*Page, error) {
	return categoryKind.query(ctx, a, c, q)
}

// UpdateCategory applies category update actions; a category that moves takes its descendants
// along.
func (a *App) UpdateCategory(ctx context.Context, c Caller, r Ref, u procura.Update) (*procura.Category, error) {
	return categoryKind.update(ctx, a, c, r, u, func(l *lookup, cat *procura.Category, raw json.RawMessage) error {
		return cat.Apply(raw, a.change(l))
	})
}

// DeleteCategory deletes a category without children that no product is in (else
// ReferenceExists).
func (a *App) DeleteCategory(ctx context.Context, c Caller, r Ref, version int64) (*procura.Category, error) {
	return categoryKind.remove(ctx, a, c, r, version, func(l *lookup, cat *procura.Category) error {
		return refuseIfReferenced(l.docs, procura.TypeCategory, cat.ID)
	})
}

// slugRefs are the references that index a document's slugs under refType, one per language.
func slugRefs(refType string, slugs procura.LocalizedString) []store.Ref {
	refs := []store.Ref{}
	for lang, slug := range slugs {
		refs = append(refs, store.Ref{Type: refType, ID: lang + ":" + slug})
	}
	return refs
}

// slugsFree refuses a slug that another document (of the type whose slugs refType indexes) has
// in the same language; the document id has just been saved with its slugs.
func slugsFree(l *lookup, refType, id string, slugs procura.LocalizedString) error {
	for lang, slug := range slugs {
		refs, err := l.docs.ReferencedBy(store.Ref{Type: refType, ID: lang + ":" + slug}, 2)
		if err != nil {
			return err
		}
		for _, r := range refs {
			if r.ID != id {
				return procura.DuplicateField("slug."+lang, slug)
			}
		}
	}
	return nil
}

// moveDescendants gives the descendants of a category that moved their new ancestors.
func moveDescendants(a *App, l *lookup, c *procura.Category) error {
	refs, err := l.docs.ReferencedBy(store.Ref{Type: procura.TypeCategory, ID: c.ID}, 10000)
	if err != nil {
		return err
	}
	for _, r := range refs {
		if r.Type != procura.TypeCategory {
			continue
		}
		d, doc, err := categoryKind.load(l, Ref{ID: r.ID})
		if err != nil {
			return err
		}
		ancestors := c.AncestorsOf(d)
		if slices.Equal(ancestors, d.Ancestors) {
			continue
		}
		d.Ancestors = ancestors
		d.Touch(a.Now())
		if err := categoryKind.save(l.docs, d, doc.Version); err != nil {
			return err
		}
	}
	return nil
}
