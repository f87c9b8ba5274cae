package app

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/procura/procura"
)

// languages returns the project's languages, which a cart's locale must be one of.
func (l *lookup) languages() ([]string, error) {
	p, err := l.project()
	if err != nil {
		return nil, err
	}
	return p.Languages, nil
}

// unlocked refuses a customer's change of a locked cart: while the seller's client holds the
// lock, only trusted callers change, delete or order it (decision 0027).
func (x *access) unlocked(cart *procura.Cart, right procura.Right) error {
	if cart.Lock == nil || procura.Trusted.Has(x.Kind) || right.View {
		return nil
	}
	return procura.InvalidOperation("The cart '%s' is locked: the seller is changing it, so it cannot %s until it is unlocked.", cart.ID, right.Action)
}

// CustomerCart returns the customer's most recently changed Active cart
// (/carts/customer-id={id}), as stored; ResourceNotFound when there is none. On an in-store
// path, only a cart of that store.
func (a *App) CustomerCart(ctx context.Context, c Caller, who Acting, customerID string) (json.RawMessage, error) {
	page, err := a.QueryCarts(ctx, c, who, Query{Where: []string{`cartState = "Active"`, "customerId = " + strconv.Quote(customerID)},
		Sort: []string{"lastModifiedAt desc"}, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(page.raw) == 0 {
		return nil, procura.NotFound("customer-id=" + customerID)
	}
	return page.raw[0], nil
}
