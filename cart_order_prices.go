package procura

import "time"

// The prices an order of a cart takes (decision 0031): the cart's, made at the moment of ordering.

// DefaultFrozenPricesDays is how many days a frozen cart holds its prices for an order, unless
// the project's carts.frozenPricesDays says otherwise.
const DefaultFrozenPricesDays = 30

// maxFrozenPricesDays bounds the setting, so that no freeze holds prices without end.
const maxFrozenPricesDays = 365

// PriceForOrder prices the cart as its order will be, at ch.Now: an Active cart takes today's
// prices, cart discounts and codes, tax and shipping rates. A Frozen cart frozen less than
// frozenDays ago keeps its prices (a soft freeze, not its discounts, as on any update); one
// frozen longer ago is refused, so that nobody orders at prices other than those they saw: it
// must be unfrozen, which reprices it, before it is ordered. Other carts are left to Order.
func (c *Cart) PriceForOrder(ch Change, frozenDays int) error {
	switch {
	case c.CartState == CartActive:
		return c.Reprice(ch)
	case c.CartState != CartFrozen:
		return nil
	case !c.frozenAt().Add(time.Duration(frozenDays) * 24 * time.Hour).After(ch.Now):
		return InvalidOperation("The cart was frozen at %s, %d days or more ago: its prices no longer hold (the project's carts.frozenPricesDays). "+
			"Unfreeze it to take today's prices, and order it then.", c.frozenAt().Format(TimeFormat), frozenDays)
	case c.FreezeStrategy == SoftFreeze:
		return c.rediscount(ch)
	}
	return nil
}

// frozenAt is when the cart was frozen; a cart frozen before Procura recorded it counts from
// its creation, which was no later.
func (c *Cart) frozenAt() time.Time {
	return parseTime(or(c.FrozenAt, c.CreatedAt)).UTC()
}
