package procura

// ShoppingLists finds, for addShoppingList, a shopping list the caller may see; one they may not
// see is a ReferencedResourceNotFound.
type ShoppingLists interface {
	ShoppingList(ri ResourceIdentifier) (*ShoppingList, error)
}

// addShoppingList adds every line item of a shopping list to the cart, at the variant's price, as
// addLineItem would one by one; text line items have no product and stay behind. A variant the
// cart holds already adds up. The list is not changed.
func (c *Cart) addShoppingList(a cartAction, ch Change) error {
	if a.ShoppingList == nil {
		return RequiredField("shoppingList")
	}
	if err := a.ShoppingList.Check("shoppingList", TypeShoppingList); err != nil {
		return err
	}
	if err := noChannel("distributionChannel", a.DistributionChannel); err != nil {
		return err
	}
	if err := noChannel("supplyChannel", a.SupplyChannel); err != nil {
		return err
	}
	if ch.Lists == nil {
		return ReferencedNotFound(TypeShoppingList, a.ShoppingList.ID, a.ShoppingList.Key)
	}
	list, err := ch.Lists.ShoppingList(*a.ShoppingList)
	if err != nil {
		return err
	}
	pr := c.pricing(ch)
	for _, item := range list.LineItems {
		q := item.Quantity
		if err := c.addLineItem(pr, LineItemDraft{ProductID: item.ProductID, VariantID: item.VariantID, Quantity: &q}, ch.NewID()); err != nil {
			return err
		}
	}
	return nil
}

// cartListActions are the cart actions of this file and their fields.
var cartListActions = ActionFields{
	"addShoppingList": {"shoppingList", "distributionChannel", "supplyChannel"},
}
