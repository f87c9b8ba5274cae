package procura

import (
	"maps"
	"slices"
)

// A customer signing in (or up) takes over the carts of an anonymous session, as the reference
// does: every cart of the session becomes the customer's, and the session's active cart is
// either merged into the customer's active cart or becomes it.

// The modes of AnonymousCartSignInMode.
const (
	MergeWithExistingCustomerCart = "MergeWithExistingCustomerCart"
	UseAsNewActiveCustomerCart    = "UseAsNewActiveCustomerCart"
)

// Takeover names what a sign-in takes over: the carts of an anonymous session and/or one
// anonymous cart, and what becomes of the session's active cart.
type Takeover struct {
	AnonymousID string
	Cart        *ResourceIdentifier
	Mode        string
}

// Empty reports whether the sign-in takes nothing over.
func (t Takeover) Empty() bool { return t.AnonymousID == "" && t.Cart == nil }

// NewTakeover checks the fields of a sign-in or a customer draft that name an anonymous session
// (the draft's field names in errors).
func NewTakeover(anonymousID string, cart *ResourceIdentifier, cartID, mode, modeField string) (Takeover, error) {
	t := Takeover{AnonymousID: anonymousID, Cart: cart, Mode: or(mode, MergeWithExistingCustomerCart)}
	if err := CheckAnonymousID("anonymousId", anonymousID); err != nil {
		return t, err
	}
	if cartID != "" && cart != nil {
		return t, InvalidInput("Give anonymousCart or anonymousCartId, not both.")
	}
	if cartID != "" {
		t.Cart = &ResourceIdentifier{ID: cartID}
	}
	if t.Cart != nil {
		if err := t.Cart.Check("anonymousCart", TypeCart); err != nil {
			return t, err
		}
	}
	return t, checkOneOf(modeField, t.Mode, MergeWithExistingCustomerCart, UseAsNewActiveCustomerCart)
}

// TakeOver makes an anonymous cart the customer's; it keeps its anonymousId, as the reference's.
func (c *Cart) TakeOver(customerID string) error {
	if c.CustomerID != "" {
		return InvalidOperation("The cart '%s' already belongs to a customer.", c.ID)
	}
	if c.BusinessUnit != nil {
		return InvalidOperation("The cart '%s' is a cart of business unit '%s', not of an anonymous session.", c.ID, c.BusinessUnit.Key)
	}
	c.CustomerID = customerID
	return nil
}

// CanMerge reports whether the line items of from can be merged into c: both Active, in one
// currency (a cart of another currency becomes the active cart instead).
func (c *Cart) CanMerge(from *Cart) bool {
	return c.CartState == CartActive && from.CartState == CartActive && c.TotalPrice.CurrencyCode == from.TotalPrice.CurrencyCode
}

// Merge adds the line items of from to c, at c's prices, with their custom fields, and leaves
// from Merged. A line item whose key c gives another line item comes without its key, so that
// keys stay unique in c. A line item that cannot be added (its product gone or unpublished
// since, no matching price, a quantity or line item limit) is left out, as the reference leaves
// it: a merge never fails the sign-in it is part of.
func (c *Cart) Merge(from *Cart, ch Change) error {
	if !c.CanMerge(from) {
		return InvalidOperation("The cart '%s' cannot be merged into the cart '%s'.", from.ID, c.ID)
	}
	pr := c.pricing(ch)
	for _, li := range from.LineItems {
		q := li.Quantity
		added, err := pr.newLineItem(LineItemDraft{ProductID: li.ProductID, VariantID: li.Variant.ID, Key: li.Key, Quantity: &q}, ch.NewID())
		if err != nil {
			continue
		}
		if li.Custom != nil { // checked when it was written
			added.Custom = &CustomFields{Type: li.Custom.Type, Fields: maps.Clone(li.Custom.Fields)}
		}
		before := slices.Clone(c.LineItems)
		err = c.putLineItem(added)
		if ErrorCode(err) == CodeDuplicateField && added.Key != "" {
			added.Key = "" // c gives the key to another line item: this one comes without it
			err = c.putLineItem(added)
		}
		if err != nil || c.sum() != nil {
			c.LineItems = before
		}
	}
	c.mergeCustomLineItems(from, ch)
	from.CartState = CartMerged
	return c.sum()
}

// mergeCustomLineItems adds the custom line items of from (the seller's, on the session's cart)
// to c, without their shipping details (c has other addresses); one whose slug or key c already
// has, or that would pass the limit, is left out, like a line item that cannot be added.
func (c *Cart) mergeCustomLineItems(from *Cart, ch Change) {
	for _, x := range from.CustomLineItems {
		taken := slices.ContainsFunc(c.CustomLineItems, func(y CustomLineItem) bool {
			return y.Slug == x.Slug || x.Key != "" && y.Key == x.Key
		})
		if taken || len(c.CustomLineItems) >= MaxCustomLineItems {
			continue
		}
		x.ID, x.ShippingDetails = ch.NewID(), nil
		if x.Custom != nil {
			x.Custom = &CustomFields{Type: x.Custom.Type, Fields: maps.Clone(x.Custom.Fields)}
		}
		c.CustomLineItems = append(c.CustomLineItems, x)
	}
}
