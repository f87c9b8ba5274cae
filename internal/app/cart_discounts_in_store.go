package app

import (
	"slices"
	"strconv"

	"github.com/procura/procura"
)

// Cart discounts on in-store paths (decision 0035): a discount is in a store when its stores name
// it; a discount of no store applies in every store but belongs to none, and is reached through
// the general paths only. Created in-store, a discount gets the path's store. A client whose
// scope is only the store's (manage_cart_discounts:{project}:{store}) changes and deletes only
// discounts of that store alone, and leaves none in other stores or in every store.

// cartDiscountInStore refuses, as not found under the name r, a discount that is not in the
// in-store path's store.
func cartDiscountInStore(c Caller, d *procura.CartDiscount, r Ref) error {
	if c.Store == "" || slices.ContainsFunc(d.Stores, func(s procura.KeyReference) bool { return s.Key == c.Store }) {
		return nil
	}
	return procura.NotFound(r.String())
}

// cartDiscountReached refuses, on an in-store path, a discount in other stores than the path's
// (or in every store) to a caller whose scope reaches only that store.
func cartDiscountReached(c Caller, d *procura.CartDiscount) error {
	if c.Store == "" || c.Scopes.Allows("manage_cart_discounts", c.ProjectKey) {
		return nil
	}
	if len(d.Stores) == 0 || slices.ContainsFunc(d.Stores, func(s procura.KeyReference) bool { return s.Key != c.Store }) {
		return procura.InsufficientScope("manage_cart_discounts:" + c.ProjectKey)
	}
	return nil
}

// cartDiscountChangeable refuses an in-store change or deletion of a discount not in the store,
// or not the store's alone for a client whose scope is the store's.
func cartDiscountChangeable(c Caller, d *procura.CartDiscount, r Ref) error {
	if err := cartDiscountInStore(c, d, r); err != nil {
		return err
	}
	return cartDiscountReached(c, d)
}

// inStoreCartDiscount gives a discount created in-store the path's store.
func inStoreCartDiscount(c Caller, d *procura.CartDiscountDraft) {
	if c.Store != "" && !slices.ContainsFunc(d.Stores, func(ri procura.ResourceIdentifier) bool { return ri.Key == c.Store }) {
		d.Stores = append(d.Stores, procura.ResourceIdentifier{TypeID: procura.TypeStore, Key: c.Store})
	}
}

// inStoreCartDiscountQuery narrows a query of cart discounts to the path's store.
func inStoreCartDiscountQuery(c Caller, q Query) Query {
	return narrowed(c, q, "stores(key = "+strconv.Quote(c.Store)+")")
}
