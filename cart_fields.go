package procura

import (
	"slices"
	"time"
)

// The cart's fields beyond its line items: locale, customer and customer group, the days after
// which an untouched cart is deleted, its lock, and what Procura stores of inventory and
// channels (decision 0027).

// Inventory modes: Procura keeps no inventory, so each behaves as None (nothing is reserved or
// checked); the mode is stored and answered.
var inventoryModes = []string{"None", "TrackOnly", "ReserveOnOrder"}

// CartLock records who locked a cart and when: a locked cart takes changes from trusted callers
// only.
type CartLock struct {
	ClientID  string `json:"clientId"`
	CreatedAt string `json:"createdAt"`
}

// ExternalLineItemTotalPrice is a line item's price and total set by the seller.
type ExternalLineItemTotalPrice struct {
	Price      *MoneyDraft `json:"price"`
	TotalPrice *MoneyDraft `json:"totalPrice"`
}

// Line item price modes.
const (
	PricePlatform      = "Platform"
	PriceExternal      = "ExternalPrice"
	PriceExternalTotal = "ExternalTotal"
)

// checkCartLocale accepts "" or one of the project's languages.
func checkCartLocale(locale string, ch Change) error {
	if locale == "" {
		return nil
	}
	if !languagePattern.MatchString(locale) {
		return InvalidField("locale", locale)
	}
	if ch.Languages == nil {
		return nil
	}
	langs, err := ch.Languages()
	if err != nil {
		return err
	}
	if !slices.Contains(langs, locale) {
		return InvalidField("locale", locale, langs...)
	}
	return nil
}

func checkDeleteDays(days *int) error {
	if days != nil && (*days < 1 || *days > maxDeleteDays) {
		return InvalidField("deleteDaysAfterLastModification", *days)
	}
	return nil
}

// setCustomerID gives the cart to a customer who exists; a cart of a unit stays an associate's.
func (c *Cart) setCustomerID(id string, ch Change) error {
	if id != "" {
		if _, err := ch.Lookup.Customer("customerId", ResourceIdentifier{ID: id}); err != nil {
			return err
		}
	}
	c.CustomerID = id
	if c.BusinessUnit == nil {
		return nil
	}
	u, err := ch.Lookup.Unit("businessUnit", ResourceIdentifier{Key: c.BusinessUnit.Key})
	if err != nil {
		return err
	}
	return c.CheckUnit(u, ch.Lookup)
}

// changeLineItemsOrder reorders the line items: order names each of them once.
func (c *Cart) changeLineItemsOrder(order []string) error {
	if len(order) != len(c.LineItems) {
		return InvalidInput("lineItemOrder must name each of the cart's %d line items once; it names %d.", len(c.LineItems), len(order))
	}
	out := make([]LineItem, 0, len(order))
	for _, id := range order {
		i := lineItemIndex(c.LineItems, id, "")
		if i < 0 {
			return InvalidInput("lineItemOrder names '%s', which is no line item of the cart.", id)
		}
		if slices.ContainsFunc(out, func(li LineItem) bool { return li.ID == id }) {
			return DuplicateField("lineItemOrder", id)
		}
		out = append(out, c.LineItems[i])
	}
	c.LineItems = out
	return nil
}

// externalTotal reads a line item's external price and total, in the cart's currency.
func (c *Cart) externalTotal(e *ExternalLineItemTotalPrice) (price, totalPrice Money, err error) {
	if price, err = c.lineMoney("externalTotalPrice.price", e.Price); err != nil {
		return
	}
	totalPrice, err = c.lineMoney("externalTotalPrice.totalPrice", e.TotalPrice)
	return
}

// lineMoney reads an amount of a line item, in the cart's currency.
func (c *Cart) lineMoney(field string, d *MoneyDraft) (Money, error) {
	if d == nil {
		return Money{}, RequiredField(field)
	}
	m, err := d.Money(field)
	if err != nil {
		return Money{}, err
	}
	if m.CurrencyCode != c.TotalPrice.CurrencyCode {
		return Money{}, InvalidInput("%s is in %s; the cart is in %s.", field, m.CurrencyCode, c.TotalPrice.CurrencyCode)
	}
	return m, nil
}

// setLineItemTotalPrice sets a line item's price and total (ExternalTotal), as the seller does;
// without externalTotalPrice the catalog price returns.
func (c *Cart) setLineItemTotalPrice(a cartAction, ch Change) error {
	i := lineItemIndex(c.LineItems, a.LineItemID, a.LineItemKey)
	if i < 0 {
		return lineItemNotFound(a.LineItemID, a.LineItemKey)
	}
	li := &c.LineItems[i]
	if a.ExternalTotalPrice == nil {
		li.PriceMode = PricePlatform
		return c.pricing(ch).reprice(li)
	}
	price, total, err := c.externalTotal(a.ExternalTotalPrice)
	if err != nil {
		return err
	}
	li.PriceMode, li.Price, li.TotalPrice = PriceExternalTotal, Price{ID: li.Price.ID, Value: price}, total
	return nil
}

// quantityChanged recomputes the line's total; a total the seller set no longer fits the new
// quantity, so the line returns to its catalog price (the reference's ExternalTotal rule).
func (li *LineItem) quantityChanged() {
	if li.PriceMode == PriceExternalTotal {
		li.PriceMode = PricePlatform
	}
	li.TotalPrice = li.Price.Value.Times(li.Quantity)
}

// noChannel refuses a channel: Procura has none (decision 0024).
func noChannel(field string, ri *ResourceIdentifier) error {
	if ri == nil {
		return nil
	}
	e := ReferencedNotFound("channel", ri.ID, ri.Key)
	e.Message = "Procura has no channels: " + field + " cannot name one."
	return e
}

// lock locks the cart for clientID.
func (c *Cart) lock(clientID string, now time.Time) error {
	if c.Lock != nil {
		return InvalidOperation("The cart is already locked (by the API client '%s').", c.Lock.ClientID)
	}
	c.Lock = &CartLock{ClientID: clientID, CreatedAt: FormatTime(now)}
	return nil
}

// applyMoreAction applies the actions of this file, of custom line items and of item shipping;
// handled reports whether the action was one of them.
func (c *Cart) applyMoreAction(a cartAction, ch Change) (handled bool, err error) {
	if handled, err := c.applyCustomLineItemAction(a, ch); handled {
		return true, err
	}
	if handled, err := c.applyItemShippingAction(a); handled {
		return true, err
	}
	if _, ok := cartFieldActions[a.Action]; !ok {
		return false, nil
	}
	return true, c.applyFieldAction(a, ch)
}

func (c *Cart) applyFieldAction(a cartAction, ch Change) error {
	switch a.Action {
	case "setLocale":
		if err := checkCartLocale(deref(a.Locale), ch); err != nil {
			return err
		}
		c.Locale = deref(a.Locale)
	case "setCustomerId":
		return c.setCustomerID(deref(a.CustomerID), ch)
	case "setCustomerGroup":
		group, err := customerGroupOf(a.CustomerGroup, ch.Groups)
		if err != nil {
			return err
		}
		c.CustomerGroup = group
	case "setDeleteDaysAfterLastModification":
		if err := checkDeleteDays(a.DeleteDaysAfterLastModification); err != nil {
			return err
		}
		c.DeleteDaysAfterLastModification = a.DeleteDaysAfterLastModification
	case "changeLineItemsOrder":
		return c.changeLineItemsOrder(a.LineItemOrder)
	case "setLineItemTotalPrice":
		return c.setLineItemTotalPrice(a, ch)
	case "lockCart":
		return c.lock(ch.ClientID, ch.Now)
	case "unlockCart":
		if c.Lock == nil {
			return InvalidOperation("The cart is not locked.")
		}
		c.Lock = nil
	case "setReservationExpirationInMinutes":
		// It moves the expiry of the cart's reservations; Procura reserves nothing, so there is
		// none to move: the value is checked and nothing changes (decision 0035).
		if a.ReservationExpirationInMinutes == nil {
			return RequiredField("reservationExpirationInMinutes")
		}
		return checkBetween("reservationExpirationInMinutes", *a.ReservationExpirationInMinutes, 1, maxReservationMinutes)
	default: // the line item's inventory mode and channels
		i := lineItemIndex(c.LineItems, a.LineItemID, a.LineItemKey)
		if i < 0 {
			return lineItemNotFound(a.LineItemID, a.LineItemKey)
		}
		switch a.Action {
		case "setLineItemInventoryMode":
			if m := deref(a.InventoryMode); m != "" {
				if err := checkOneOf("inventoryMode", m, inventoryModes...); err != nil {
					return err
				}
			}
			c.LineItems[i].InventoryMode = deref(a.InventoryMode)
		case "setLineItemDistributionChannel":
			return noChannel("distributionChannel", a.DistributionChannel)
		case "setLineItemSupplyChannel":
			return noChannel("supplyChannel", a.SupplyChannel)
		}
	}
	return nil
}

// cartFieldActions are the actions of this file and their fields.
var cartFieldActions = ActionFields{
	"setLocale":                          {"locale"},
	"setCustomerId":                      {"customerId"},
	"setCustomerGroup":                   {"customerGroup"},
	"setDeleteDaysAfterLastModification": {"deleteDaysAfterLastModification"},
	"changeLineItemsOrder":               {"lineItemOrder"},
	"setLineItemTotalPrice":              {"lineItemId", "lineItemKey", "externalTotalPrice"},
	"lockCart":                           {},
	"unlockCart":                         {},
	"setReservationExpirationInMinutes":  {"reservationExpirationInMinutes"},
	"setLineItemInventoryMode":           {"lineItemId", "lineItemKey", "inventoryMode"},
	"setLineItemDistributionChannel":     {"lineItemId", "lineItemKey", "distributionChannel"},
	"setLineItemSupplyChannel":           {"lineItemId", "lineItemKey", "supplyChannel"},
}

// moreCartActions are the cart actions of the files beside cart_actions.go.
var moreCartActions = withActions(withActions(customLineItemActions, itemShippingActions), cartFieldActions)
