package app

import (
	"context"
	"encoding/json"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// storedShoppingList is a shopping list with the company (top-level unit) it is listed under, a
// column only, as for carts.
type storedShoppingList struct {
	procura.ShoppingList
	Company string `json:"-"`
}

// Its slugs are unique in the project, each in its language, as in the reference: the document
// references them (never nil, so that a slug removed is no longer referenced), and lists with
// slugs are saved under one lock, so that two lists cannot take the same slug at once.
var shoppingListKind = kind[storedShoppingList, *storedShoppingList]{
	typ: procura.TypeShoppingList,
	index: func(s *storedShoppingList) store.Doc {
		return store.Doc{Key: s.Key, Parent: unitOf(s.BusinessUnit), Owner: s.Owner(), Group: s.Company,
			Refs: slugRefs(typeListSlug, s.Slug)}
	},
}

const (
	// typeListSlug is not a resource: the name shopping-list slugs are referenced under.
	typeListSlug  = "shopping-list-slug"
	listSlugsLock = "shopping-list-slugs"
)

// CreateShoppingList creates a shopping list. Through /me it is the customer's (in the unit their
// token acts for), or the anonymous session's; through as-associate it is in the path's unit,
// whatever the draft says, and the associate's unless the draft names a colleague.
func (a *App) CreateShoppingList(ctx context.Context, c Caller, who Acting, d procura.ShoppingListDraft) (*procura.ShoppingList, error) {
	var out *procura.ShoppingList
	err := a.acting(ctx, c, who, func(l *lookup, x *access) error {
		if err := x.shapeListDraft(&d, c); err != nil {
			return err
		}
		owner := ""
		switch {
		case d.Customer != nil:
			ref, err := l.Customer("customer", *d.Customer)
			if err != nil {
				return err
			}
			owner = ref.ID
		case d.AnonymousID != "" && d.BusinessUnit == nil:
			owner = procura.AnonymousOwner(d.AnonymousID)
		}
		if err := x.check(procura.CreateShoppingLists, unitKeyOf(d.BusinessUnit, l), owner); err != nil {
			return err
		}
		skus := make([]string, len(d.LineItems))
		for i, li := range d.LineItems {
			skus[i] = li.SKU
		}
		k := newCatalog(l)
		if err := k.prefetch(skus); err != nil {
			return err
		}
		list, err := procura.NewShoppingList(d, a.NewID(), a.changeIn(l, k))
		if err != nil {
			return err
		}
		if err := listInStore(c, list); err != nil {
			return err
		}
		out = list
		return a.saveShoppingList(l, list, 0)
	})
	return out, err
}

// shapeListDraft fills in what /me, anonymous sessions and as-associate decide themselves: the
// customer and the unit, or the session (which has no unit); in-store, the store.
func (x *access) shapeListDraft(d *procura.ShoppingListDraft, c Caller) error {
	if c.Store != "" && d.Store == nil {
		d.Store = &procura.ResourceIdentifier{TypeID: procura.TypeStore, Key: c.Store}
	}
	if x.seller() {
		return nil
	}
	if d.AnonymousID != "" {
		return procura.InvalidInput("The seller alone names the anonymous session of a shopping list: anonymousId must be empty.")
	}
	if x.onMe() && (d.Key != "" || len(d.Slug) > 0) {
		return procura.InvalidJSON("key, slug: fields the seller and associates set, not of MyShoppingListDraft")
	}
	switch x.Kind {
	case procura.AsAnonymous:
		if d.Customer != nil || d.BusinessUnit != nil {
			return procura.InvalidInput("An anonymous session's shopping list has no customer and no business unit: sign in first.")
		}
		d.AnonymousID = x.AnonymousID
	case procura.AsMe:
		if d.Customer != nil && d.Customer.ID != x.CustomerID {
			return procura.InvalidInput("A customer creates shopping lists for themselves: customer must be empty or their own.")
		}
		d.Customer = &procura.ResourceIdentifier{TypeID: procura.TypeCustomer, ID: x.CustomerID}
		if d.BusinessUnit == nil && c.BusinessUnit != "" {
			d.BusinessUnit = &procura.ResourceIdentifier{Key: c.BusinessUnit}
		}
	default:
		d.BusinessUnit = &procura.ResourceIdentifier{Key: x.path} // the path decides, as in the reference
		if d.Customer == nil {
			d.Customer = &procura.ResourceIdentifier{TypeID: procura.TypeCustomer, ID: x.CustomerID}
		}
	}
	return nil
}

// saveShoppingList stores a list under its company; a slug another list has in the same language
// is a DuplicateField.
func (a *App) saveShoppingList(l *lookup, list *procura.ShoppingList, expected int64) error {
	company, err := companyOf(l, list.BusinessUnit)
	if err != nil {
		return err
	}
	if len(list.Slug) > 0 {
		if err := l.docs.Lock(listSlugsLock); err != nil {
			return err
		}
	}
	if err := shoppingListKind.save(l.docs, &storedShoppingList{ShoppingList: *list, Company: company}, expected); err != nil {
		return err
	}
	return slugsFree(l, typeListSlug, list.ID, list.Slug)
}

// loadShoppingList loads a list the caller may use right on.
func (a *App) loadShoppingList(l *lookup, x *access, right procura.Right, r Ref) (*procura.ShoppingList, *store.Doc, error) {
	doc, err := x.loadDoc(l, procura.TypeShoppingList, right, r)
	if err != nil {
		return nil, nil, err
	}
	s, err := shoppingListKind.decoded(l, doc)
	if err != nil {
		return nil, nil, err
	}
	return &s.ShoppingList, doc, nil
}

// GetShoppingList returns a list the caller may view.
func (a *App) GetShoppingList(ctx context.Context, c Caller, who Acting, r Ref) (*procura.ShoppingList, error) {
	return shownAs[procura.ShoppingList](ctx, a, c, who, procura.TypeShoppingList, r)
}

// QueryShoppingLists pages through the lists the caller may view, newest first.
func (a *App) QueryShoppingLists(ctx context.Context, c Caller, who Acting, q Query) (*Page, error) {
	return a.queryB2B(ctx, c, who, q, procura.TypeShoppingList, procura.ViewShoppingLists)
}

// UpdateShoppingList applies update actions, all or nothing; its line items then show their
// products' current data.
func (a *App) UpdateShoppingList(ctx context.Context, c Caller, who Acting, r Ref, u procura.Update) (*procura.ShoppingList, error) {
	var out *procura.ShoppingList
	err := a.acting(ctx, c, who, func(l *lookup, x *access) error {
		list, doc, err := a.loadShoppingList(l, x, procura.UpdateShoppingLists, r)
		if err != nil {
			return err
		}
		if err := l.checkUpdate(doc, u); err != nil {
			return err
		}
		k := newCatalog(l)
		ch := a.changeIn(l, k)
		if err := x.apply(procura.TypeShoppingList, u, func(raw json.RawMessage) error { return list.Apply(raw, ch) }); err != nil {
			return err
		}
		if err := listInStore(c, list); err != nil {
			return err
		}
		if err := list.Refresh(k); err != nil {
			return err
		}
		list.Touch(a.Now())
		out = list
		return a.saveShoppingList(l, list, doc.Version)
	})
	return out, err
}

// DeleteShoppingList deletes a list the caller may delete.
func (a *App) DeleteShoppingList(ctx context.Context, c Caller, who Acting, r Ref, version int64) (*procura.ShoppingList, error) {
	var out *procura.ShoppingList
	err := a.acting(ctx, c, who, func(l *lookup, x *access) error {
		list, doc, err := a.loadShoppingList(l, x, procura.DeleteShoppingLists, r)
		if err != nil {
			return err
		}
		out = list
		return remove(l.docs, doc, version)
	})
	return out, err
}

// listInStore refuses, on an in-store path, a list that would be in another store (or in none).
func listInStore(c Caller, list *procura.ShoppingList) error {
	if c.Store != "" && (list.Store == nil || list.Store.Key != c.Store) {
		return procura.InvalidInput("A shopping list on the path of the store '%s' belongs to that store: store names another.", c.Store)
	}
	return nil
}

// visibleLists finds, for a cart's addShoppingList, the shopping lists the caller may view; one
// they may not is not found, as if it did not exist.
type visibleLists struct {
	a *App
	l *lookup
	x *access
}

func (v visibleLists) ShoppingList(ri procura.ResourceIdentifier) (*procura.ShoppingList, error) {
	list, _, err := v.a.loadShoppingList(v.l, v.x, procura.ViewShoppingLists, Ref{ID: ri.ID, Key: ri.Key})
	if procura.ErrorCode(err) == procura.CodeResourceNotFound {
		return nil, procura.ReferencedNotFound(procura.TypeShoppingList, ri.ID, ri.Key)
	}
	return list, err
}
