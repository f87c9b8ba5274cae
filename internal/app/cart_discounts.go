package app

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// The seller's cart discounts and discount codes, and what carts read of them
// (procura.DiscountSource, over one transaction's lookup).

// MaxCartDiscounts bounds the cart discounts of a project, which every cart's pricing reads.
const MaxCartDiscounts = 500

var cartDiscountKind = kind[procura.CartDiscount, *procura.CartDiscount]{
	typ:        procura.TypeCartDiscount,
	uniqueName: "sortOrder",
	index: func(d *procura.CartDiscount) store.Doc {
		doc := store.Doc{Key: d.Key, Unique: d.SortOrder}
		for _, s := range d.Stores {
			doc.Refs = append(doc.Refs, store.Ref{Type: procura.TypeStore, ID: s.Key})
		}
		if g := d.DiscountGroup; g != nil {
			// the discounts of a group share its sortOrder, unique among the groups
			doc.Unique = ""
			doc.Refs = append(doc.Refs, store.Ref{Type: procura.TypeDiscountGroup, ID: g.ID})
		}
		return doc
	},
}

var discountCodeKind = kind[procura.DiscountCode, *procura.DiscountCode]{
	typ:        procura.TypeDiscountCode,
	uniqueName: "code",
	index: func(d *procura.DiscountCode) store.Doc {
		doc := store.Doc{Key: d.Key, Unique: d.Code}
		for _, r := range d.CartDiscounts {
			doc.Refs = append(doc.Refs, store.Ref{Type: procura.TypeCartDiscount, ID: r.ID})
		}
		return doc
	},
}

// discountChange is what a cart discount's draft and actions need: a gift line item's product
// is read from the catalog, a discount group from the project's.
func (a *App) discountChange(l *lookup) procura.Change {
	ch := a.change(l)
	ch.Catalog, ch.DiscountGroups = newCatalog(l), l
	return ch
}

// CreateCartDiscount creates a cart discount; its sortOrder is unique in the project.
func (a *App) CreateCartDiscount(ctx context.Context, c Caller, d procura.CartDiscountDraft) (*procura.CartDiscount, error) {
	inStoreCartDiscount(c, &d)
	return create(ctx, a, c, cartDiscountKind, func(l *lookup) (*procura.CartDiscount, error) {
		all, err := cartDiscountKind.all(l)
		if err != nil {
			return nil, err
		}
		if len(all) >= MaxCartDiscounts {
			return nil, procura.LimitExceeded("cart-discount", "A project has at most %d cart discounts.", MaxCartDiscounts)
		}
		cd, err := procura.NewCartDiscount(d, a.NewID(), a.discountChange(l), l)
		if err != nil {
			return nil, err
		}
		if err := cartDiscountReached(c, cd); err != nil {
			return nil, err
		}
		return cd, groupPlace(l, cd)
	})
}

// GetCartDiscount returns the cart discount r names.
func (a *App) GetCartDiscount(ctx context.Context, c Caller, r Ref) (*procura.CartDiscount, error) {
	d, err := cartDiscountKind.get(ctx, a, c, r)
	if err != nil {
		return nil, err
	}
	return d, cartDiscountInStore(c, d, r)
}

// QueryCartDiscounts pages through the project's cart discounts.
func (a *App) QueryCartDiscounts(ctx context.Context, c Caller, q Query) (*Page, error) {
	return cartDiscountKind.query(ctx, a, c, inStoreCartDiscountQuery(c, q))
}

// UpdateCartDiscount applies cart discount update actions. A discount a discount code unlocks
// keeps requiring a code.
func (a *App) UpdateCartDiscount(ctx context.Context, c Caller, r Ref, u procura.Update) (*procura.CartDiscount, error) {
	return cartDiscountKind.updateAs(ctx, a, c, r, u, func(l *lookup, d *procura.CartDiscount) (func(json.RawMessage) error, error) {
		if err := cartDiscountChangeable(c, d, r); err != nil {
			return nil, err
		}
		return func(raw json.RawMessage) error {
			if err := d.Apply(raw, a.discountChange(l), l); err != nil {
				return err
			}
			if err := groupPlace(l, d); err != nil {
				return err
			}
			if err := cartDiscountReached(c, d); err != nil {
				return err
			}
			if d.RequiresDiscountCode {
				return nil
			}
			return refuseIfReferenced(l.docs, procura.TypeCartDiscount, d.ID, procura.TypeDiscountCode)
		}, nil
	})
}

// DeleteCartDiscount deletes a cart discount no discount code unlocks.
func (a *App) DeleteCartDiscount(ctx context.Context, c Caller, r Ref, version int64) (*procura.CartDiscount, error) {
	return cartDiscountKind.remove(ctx, a, c, r, version, func(l *lookup, d *procura.CartDiscount) error {
		if err := cartDiscountChangeable(c, d, r); err != nil {
			return err
		}
		return refuseIfReferenced(l.docs, procura.TypeCartDiscount, d.ID, procura.TypeDiscountCode)
	})
}

// CreateDiscountCode creates a discount code; its code is unique in the project.
func (a *App) CreateDiscountCode(ctx context.Context, c Caller, d procura.DiscountCodeDraft) (*procura.DiscountCode, error) {
	return create(ctx, a, c, discountCodeKind, func(l *lookup) (*procura.DiscountCode, error) {
		return procura.NewDiscountCode(d, a.NewID(), a.change(l), l, l)
	})
}

// GetDiscountCode returns the discount code r names.
func (a *App) GetDiscountCode(ctx context.Context, c Caller, r Ref) (*procura.DiscountCode, error) {
	return discountCodeKind.get(ctx, a, c, r)
}

// QueryDiscountCodes pages through the project's discount codes.
func (a *App) QueryDiscountCodes(ctx context.Context, c Caller, q Query) (*Page, error) {
	return discountCodeKind.query(ctx, a, c, q)
}

// UpdateDiscountCode applies discount code update actions.
func (a *App) UpdateDiscountCode(ctx context.Context, c Caller, r Ref, u procura.Update) (*procura.DiscountCode, error) {
	return discountCodeKind.update(ctx, a, c, r, u, func(l *lookup, d *procura.DiscountCode, raw json.RawMessage) error {
		return d.Apply(raw, l, l)
	})
}

// DeleteDiscountCode deletes a discount code; carts that hold it show it NotActive.
func (a *App) DeleteDiscountCode(ctx context.Context, c Caller, r Ref, version int64) (*procura.DiscountCode, error) {
	return discountCodeKind.remove(ctx, a, c, r, version, func(*lookup, *procura.DiscountCode) error { return nil })
}

// CartDiscount resolves a reference to a cart discount (procura.CartDiscounts).
func (l *lookup) CartDiscount(field string, ri procura.ResourceIdentifier) (*procura.CartDiscount, error) {
	return decodedRef[procura.CartDiscount](l, field, procura.TypeCartDiscount, ri)
}

// The project's cart discounts, which every cart's pricing reads (up to MaxCartDiscounts), are
// kept per node and checked, at every use, against a generation (generation.go) that every
// transaction writing a cart discount bumps (countWrites).
const cartDiscountGeneration = "cart-discount-generation"

// AllCartDiscounts returns the project's cart discounts, once per transaction
// (procura.DiscountSource): the node's copy when it is of the generation the transaction read,
// else read anew (always, in a transaction that has written one). The copy is shared: never
// change it.
func (l *lookup) AllCartDiscounts() ([]*procura.CartDiscount, error) {
	if l.cartDiscounts != nil {
		return l.cartDiscounts, nil
	}
	gens, err := l.generations()
	if err != nil {
		return nil, err
	}
	own := l.rec.wrote(procura.TypeCartDiscount)
	if l.cache != nil && !own {
		if all, ok := l.cache.cartDiscounts.at(l.projectID, gens.cartDiscounts); ok {
			l.cartDiscounts = all
			return all, nil
		}
	}
	all, err := cartDiscountKind.all(l)
	if err != nil {
		return nil, err
	}
	if !own {
		l.keepOnCommit(func() { l.cache.cartDiscounts.keep(l.projectID, gens.cartDiscounts, all) })
	}
	l.cartDiscounts = all
	return all, nil
}

// DiscountCodeByID finds a discount code by id, nil when there is none (procura.DiscountSource).
func (l *lookup) DiscountCodeByID(id string) (*procura.DiscountCode, error) {
	return discountCodeBy(l, Ref{ID: id})
}

// DiscountCodeByCode finds a discount code by its code, nil when there is none (procura.DiscountSource).
func (l *lookup) DiscountCodeByCode(code string) (*procura.DiscountCode, error) {
	return discountCodeBy(l, Ref{Unique: code})
}

func discountCodeBy(l *lookup, r Ref) (*procura.DiscountCode, error) {
	dc, _, err := discountCodeKind.load(l, r)
	if procura.ErrorCode(err) == procura.CodeResourceNotFound {
		return nil, nil
	}
	return dc, err
}

// CheckItemPredicate validates the predicate of a target's items: the approval rules' line-item
// predicate (what lineItemExists takes), or custom-line-item predicate (what
// customLineItemExists takes) (procura.Predicates).
func (l *lookup) CheckItemPredicate(field, target, src string) error {
	return checkPredicate(itemPredicate(target, src))
}

// MatchesLineItem evaluates a line-item predicate on one line item of a cart (procura.Predicates).
func (l *lookup) MatchesLineItem(src string, c *procura.Cart, li *procura.LineItem) (bool, error) {
	one := *c
	one.LineItems = []procura.LineItem{*li}
	return l.Matches(itemPredicate(procura.TargetLineItems, src), &one)
}

// MatchesCustomLineItem evaluates a custom-line-item predicate on one custom line item of a cart
// (procura.Predicates).
func (l *lookup) MatchesCustomLineItem(src string, c *procura.Cart, x *procura.CustomLineItem) (bool, error) {
	one := *c
	one.CustomLineItems = []procura.CustomLineItem{*x}
	return l.Matches(itemPredicate(procura.TargetCustomLineItems, src), &one)
}

// itemPredicate is the cart predicate that holds when an item of the target matches src.
func itemPredicate(target, src string) string {
	if target == procura.TargetCustomLineItems {
		return "customLineItemExists(" + src + ")"
	}
	return "lineItemExists(" + src + ")"
}

// typeCodeApplications is the document that counts a discount code's applications: the orders
// made from carts it matched, in all and per customer.
const typeCodeApplications = "discount-code-applications"

type codeApplications struct {
	Total     int64            `json:"total"`
	Customers map[string]int64 `json:"customers"`
}

// Applications counts a discount code's applications (procura.DiscountSource).
func (l *lookup) Applications(codeID, customerID string) (int64, int64, error) {
	n, _, err := loadApplications(l.docs, codeID)
	if err != nil {
		return 0, 0, err
	}
	return n.Total, n.Customers[customerID], nil
}

func loadApplications(d store.Docs, codeID string) (*codeApplications, *store.Doc, error) {
	doc, err := d.Get(typeCodeApplications, codeID)
	if errors.Is(err, store.ErrNotFound) {
		return &codeApplications{Customers: map[string]int64{}}, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	n := &codeApplications{}
	if err := json.Unmarshal(doc.Data, n); err != nil {
		return nil, nil, err
	}
	if n.Customers == nil {
		n.Customers = map[string]int64{}
	}
	return n, doc, nil
}

// applyCodes records, for an order made from cart, an application of each discount code that
// matches the cart. Each code is counted under a lock of its own, and a code deactivated,
// expired or used up since the cart was priced refuses the order (decision 0030).
func (a *App) applyCodes(l *lookup, cart *procura.Cart) error {
	for _, id := range cart.AppliedCodes() {
		if err := l.docs.Lock("discount-code/" + id); err != nil {
			return err
		}
		code, err := l.DiscountCodeByID(id)
		switch {
		case err != nil:
			return err
		case code == nil || !code.IsActive:
			return procura.DiscountCodeNonApplicable(id, procura.StateNotActive, "The discount code '%s' is no longer active: recalculate the cart.", id)
		case !code.ValidAt(a.Now()):
			return procura.DiscountCodeNonApplicable(code.Code, procura.StateNotValid, "The discount code '%s' is no longer valid: recalculate the cart.", code.Code)
		}
		n, doc, err := loadApplications(l.docs, id)
		if err != nil {
			return err
		}
		if (code.MaxApplications != nil && n.Total >= *code.MaxApplications) ||
			(code.MaxApplicationsPerCustomer != nil && n.Customers[cart.CustomerID] >= *code.MaxApplicationsPerCustomer) {
			return procura.DiscountCodeNonApplicable(code.Code, procura.StateMaxApplicationReached,
				"The discount code '%s' was applied as often as it may be: remove it from the cart to order.", code.Code)
		}
		n.Total++
		if cart.CustomerID != "" {
			n.Customers[cart.CustomerID]++
		}
		now := procura.FormatTime(a.Now())
		next := &store.Doc{Type: typeCodeApplications, ID: id, CreatedAt: now, ModifiedAt: now}
		expected := int64(0)
		if doc != nil {
			next.CreatedAt, next.Version, expected = doc.CreatedAt, doc.Version+1, doc.Version
		} else {
			next.Version = 1
		}
		if err := save(l.docs, next, n, expected); err != nil {
			return err
		}
	}
	return nil
}

// groupPlace checks a cart discount's place: outside a discount group, its sortOrder is no
// group's; in one, the group holds at most MaxDiscountsInGroup discounts, as in the reference.
func groupPlace(l *lookup, d *procura.CartDiscount) error {
	if d.DiscountGroup == nil {
		return sortOrderFree(l, procura.TypeDiscountGroup, d.SortOrder)
	}
	refs, err := l.docs.ReferencedBy(store.Ref{Type: procura.TypeDiscountGroup, ID: d.DiscountGroup.ID}, MaxDiscountsInGroup+1)
	if err != nil {
		return err
	}
	others := 0
	for _, r := range refs {
		if r.Type == procura.TypeCartDiscount && r.ID != d.ID {
			others++
		}
	}
	if others >= MaxDiscountsInGroup {
		return procura.LimitExceeded("discount-group", "A discount group holds at most %d cart discounts.", MaxDiscountsInGroup)
	}
	return nil
}
