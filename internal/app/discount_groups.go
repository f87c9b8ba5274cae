package app

import (
	"context"
	"encoding/json"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// The seller's discount groups: of the cart discounts in one, only the best deal for a cart
// applies (decision 0040).

// MaxDiscountGroups bounds the discount groups of a project, and MaxDiscountsInGroup the cart
// discounts of one, as the reference does.
const (
	MaxDiscountGroups   = 100
	MaxDiscountsInGroup = 100
)

var discountGroupKind = kind[procura.DiscountGroup, *procura.DiscountGroup]{
	typ:        procura.TypeDiscountGroup,
	uniqueName: "sortOrder",
	index: func(g *procura.DiscountGroup) store.Doc {
		return store.Doc{Key: g.Key, Unique: g.SortOrder}
	},
	afterSave: func(a *App, l *lookup, g *procura.DiscountGroup) error { return a.followGroup(l, g) },
}

// CreateDiscountGroup creates a discount group; its key is unique, and its sortOrder among
// discount groups and cart discounts.
func (a *App) CreateDiscountGroup(ctx context.Context, c Caller, d procura.DiscountGroupDraft) (*procura.DiscountGroup, error) {
	return create(ctx, a, c, discountGroupKind, func(l *lookup) (*procura.DiscountGroup, error) {
		all, err := discountGroupKind.all(l)
		if err != nil {
			return nil, err
		}
		if len(all) >= MaxDiscountGroups {
			return nil, procura.LimitExceeded("discount-group", "A project has at most %d discount groups.", MaxDiscountGroups)
		}
		g, err := procura.NewDiscountGroup(d, a.NewID(), a.change(l))
		if err != nil {
			return nil, err
		}
		return g, sortOrderFree(l, procura.TypeCartDiscount, g.SortOrder)
	})
}

// GetDiscountGroup returns the discount group r names.
func (a *App) GetDiscountGroup(ctx context.Context, c Caller, r Ref) (*procura.DiscountGroup, error) {
	return discountGroupKind.get(ctx, a, c, r)
}

// QueryDiscountGroups pages through the project's discount groups.
func (a *App) QueryDiscountGroups(ctx context.Context, c Caller, q Query) (*Page, error) {
	return discountGroupKind.query(ctx, a, c, q)
}

// UpdateDiscountGroup applies discount group update actions; its cart discounts follow its
// sortOrder.
func (a *App) UpdateDiscountGroup(ctx context.Context, c Caller, r Ref, u procura.Update) (*procura.DiscountGroup, error) {
	return discountGroupKind.update(ctx, a, c, r, u, func(l *lookup, g *procura.DiscountGroup, raw json.RawMessage) error {
		sortOrder := g.SortOrder
		if err := g.Apply(raw); err != nil {
			return err
		}
		if g.SortOrder != sortOrder {
			return sortOrderFree(l, procura.TypeCartDiscount, g.SortOrder)
		}
		return nil
	})
}

// DeleteDiscountGroup deletes a discount group no cart discount is in (else ReferenceExists).
func (a *App) DeleteDiscountGroup(ctx context.Context, c Caller, r Ref, version int64) (*procura.DiscountGroup, error) {
	return discountGroupKind.remove(ctx, a, c, r, version, func(l *lookup, g *procura.DiscountGroup) error {
		return refuseIfReferenced(l.docs, procura.TypeDiscountGroup, g.ID, procura.TypeCartDiscount)
	})
}

// followGroup gives the cart discounts of a group its sortOrder, as they apply at it.
func (a *App) followGroup(l *lookup, g *procura.DiscountGroup) error {
	all, err := cartDiscountKind.all(l)
	if err != nil {
		return err
	}
	for _, d := range all {
		if d.DiscountGroup == nil || d.DiscountGroup.ID != g.ID || d.SortOrder == g.SortOrder {
			continue
		}
		version := d.Version
		d.SortOrder = g.SortOrder
		d.Touch(a.Now())
		if err := cartDiscountKind.save(l.docs, d, version); err != nil {
			return err
		}
	}
	return nil
}

// sortOrderFree refuses a sortOrder that a resource of the other type (a cart discount's for a
// discount group, a group's for a cart discount) already has: the reference makes it unique
// among both.
func sortOrderFree(l *lookup, typ, sortOrder string) error {
	_, err := getDoc(l.docs, typ, Ref{Unique: sortOrder})
	switch {
	case err == nil:
		return procura.DuplicateField("sortOrder", sortOrder)
	case procura.ErrorCode(err) == procura.CodeResourceNotFound:
		return nil
	}
	return err
}

// DiscountGroup resolves a reference to a discount group (procura.DiscountGroups).
func (l *lookup) DiscountGroup(field string, ri procura.ResourceIdentifier) (*procura.DiscountGroup, error) {
	return decodedRef[procura.DiscountGroup](l, field, procura.TypeDiscountGroup, ri)
}

// AllDiscountGroups reads the project's discount groups (procura.DiscountGroups).
func (l *lookup) AllDiscountGroups() ([]*procura.DiscountGroup, error) {
	return discountGroupKind.all(l)
}
