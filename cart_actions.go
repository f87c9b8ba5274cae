package procura

import (
	"encoding/json"
	"time"
)

type cartAction struct {
	Action              string              `json:"action"`
	ProductID           string              `json:"productId"`
	VariantID           int                 `json:"variantId"`
	SKU                 string              `json:"sku"`
	Key                 *string             `json:"key"`
	Quantity            *int64              `json:"quantity"`
	LineItemID          string              `json:"lineItemId"`
	LineItemKey         string              `json:"lineItemKey"`
	Custom              *CustomFieldsDraft  `json:"custom"`
	Address             *CartAddress        `json:"address"`
	Email               *string             `json:"email"`
	AnonymousID         *string             `json:"anonymousId"`
	PurchaseOrderNumber *string             `json:"purchaseOrderNumber"`
	BusinessUnit        *ResourceIdentifier `json:"businessUnit"`
	Country             *string             `json:"country"`
	Strategy            string              `json:"strategy"`
	UpdateProductData   bool                `json:"updateProductData"`
	Type                *ResourceIdentifier `json:"type"`
	Fields              map[string]any      `json:"fields"`
	Name                string              `json:"name"`
	Value               any                 `json:"value"`
	ExternalPrice       *MoneyDraft         `json:"externalPrice"`
	Discounts           []DirectDiscount    `json:"discounts"`
	// the actions of custom line items, item shipping addresses and the cart's other fields
	CustomLineItemID                string                      `json:"customLineItemId"`
	CustomLineItemKey               string                      `json:"customLineItemKey"`
	Money                           *MoneyDraft                 `json:"money"`
	Mode                            string                      `json:"mode"`
	ShippingDetails                 *ItemShippingDetailsDraft   `json:"shippingDetails"`
	TargetsDelta                    []ItemShippingTarget        `json:"targetsDelta"`
	AddressKey                      string                      `json:"addressKey"`
	Locale                          *string                     `json:"locale"`
	CustomerID                      *string                     `json:"customerId"`
	CustomerGroup                   *ResourceIdentifier         `json:"customerGroup"`
	DeleteDaysAfterLastModification *int                        `json:"deleteDaysAfterLastModification"`
	LineItemOrder                   []string                    `json:"lineItemOrder"`
	ExternalTotalPrice              *ExternalLineItemTotalPrice `json:"externalTotalPrice"`
	InventoryMode                   *string                     `json:"inventoryMode"`
	DistributionChannel             *ResourceIdentifier         `json:"distributionChannel"`
	SupplyChannel                   *ResourceIdentifier         `json:"supplyChannel"`
	AddedAt                         string                      `json:"addedAt"`
	ShoppingList                    *ResourceIdentifier         `json:"shoppingList"`
	ReservationExpirationInMinutes  *int                        `json:"reservationExpirationInMinutes"`
	RecurrenceInfo                  *RecurrenceInfoDraft        `json:"recurrenceInfo"`
	// addCustomLineItem is read into its draft (decodeAddCustomLineItem); these name its fields
	Slug         string               `json:"slug"`
	TaxCategory  *ResourceIdentifier  `json:"taxCategory"`
	PriceMode    string               `json:"priceMode"`
	customLine   *CustomLineItemDraft // addCustomLineItem's draft
	Code         string               `json:"code"`
	DiscountCode *Reference           `json:"discountCode"`
	cartTaxFields
	multiShippingFields
}

// DirectDiscount lowers a cart's total: relative (permyriad, 100 = 1%) or absolute (money in the
// cart's currency). Procura applies direct discounts to the whole cart (target totalPrice).
type DirectDiscount struct {
	ID    string `json:"id,omitempty"`
	Value struct {
		Type      string       `json:"type"`
		Permyriad int64        `json:"permyriad,omitempty"`
		Money     []MoneyDraft `json:"money,omitempty"`
	} `json:"value"`
	Target struct {
		Type string `json:"type"`
	} `json:"target"`
}

// frozenRefuses lists the actions a Frozen cart refuses (the reference's list, as far as
// Procura has them).
var frozenRefuses = map[string]bool{"addLineItem": true, "removeLineItem": true, "changeLineItemQuantity": true, "setLineItemPrice": true,
	"setLineItemTotalPrice": true, "addCustomLineItem": true, "removeCustomLineItem": true, "changeCustomLineItemQuantity": true,
	"setLineItemDistributionChannel": true, "setLineItemSupplyChannel": true, "addShoppingList": true}

// hardFrozenRefuses lists what a HardFreeze refuses besides: it also freezes the discounts.
var hardFrozenRefuses = map[string]bool{"addDiscountCode": true, "removeDiscountCode": true}

// Apply applies one cart update action. An Ordered cart refuses every action; a Frozen cart the
// ones that change its line items. Errors: InvalidOperation, InvalidInput, InvalidField,
// RequiredField, ReferencedResourceNotFound, MatchingPriceNotFound, InvalidJsonInput.
func (c *Cart) Apply(raw json.RawMessage, ch Change) error {
	if handled, err := c.applyPayment(raw, ch); handled {
		return err
	}
	if handled, err := c.applyRecurrence(raw, ch); handled {
		if err != nil {
			return err
		}
		return c.sum()
	}
	var a cartAction
	decode := func() error { return DecodeAction(raw, &a, cartActions) }
	if ActionName(raw) == "addCustomLineItem" {
		decode = func() error { return decodeAddCustomLineItem(raw, &a) }
	}
	if err := decode(); err != nil {
		return err
	}
	if c.CartState == CartOrdered || c.CartState == CartMerged {
		return InvalidOperation("The cart is %s: it can no longer change.", c.CartState)
	}
	if c.CartState == CartFrozen && (frozenRefuses[a.Action] || c.FreezeStrategy == HardFreeze && hardFrozenRefuses[a.Action]) {
		return InvalidOperation("The cart is frozen (%s): '%s' is not allowed until it is unfrozen.", c.FreezeStrategy, a.Action)
	}
	if err := c.applyAction(a, ch); err != nil {
		return err
	}
	if err := c.shipView().checkKeys(c.shippingDetailsAll()); err != nil {
		return err
	}
	c.refreshShippingValidity()
	if c.CartState == CartFrozen && c.FreezeStrategy == SoftFreeze {
		return c.rediscount(ch) // a soft freeze keeps the prices, not the discounts
	}
	return c.sum()
}

func (c *Cart) applyAction(a cartAction, ch Change) error {
	switch a.Action {
	case "addLineItem":
		return c.addLineItem(c.pricing(ch), LineItemDraft{Key: deref(a.Key), ProductID: a.ProductID, VariantID: a.VariantID, SKU: a.SKU,
			Quantity: a.Quantity, Custom: a.Custom, AddedAt: a.AddedAt, ExternalPrice: a.ExternalPrice, ExternalTotalPrice: a.ExternalTotalPrice,
			InventoryMode: deref(a.InventoryMode), ShippingDetails: a.ShippingDetails, DistributionChannel: a.DistributionChannel,
			SupplyChannel: a.SupplyChannel, RecurrenceInfo: a.RecurrenceInfo}, ch.NewID())
	case "removeLineItem":
		return c.removeLineItem(a)
	case "changeLineItemQuantity":
		return c.changeQuantity(a)
	case "setShippingAddress", "setBillingAddress":
		if a.Action == "setShippingAddress" {
			c.ShippingAddress = nil
			return c.setAddresses(a.Address.address(), nil)
		}
		c.BillingAddress = nil
		return c.setAddresses(nil, a.Address.address())
	case "setCustomerEmail":
		email := deref(a.Email)
		if email != "" {
			var err error
			if email, err = NormalizeEmail(email); err != nil {
				return err
			}
		}
		c.CustomerEmail = email
	case "setPurchaseOrderNumber":
		c.PurchaseOrderNumber = deref(a.PurchaseOrderNumber)
	case "setCountry":
		if country := deref(a.Country); country != "" && !countryPattern.MatchString(country) {
			return InvalidField("country", country)
		}
		c.Country = deref(a.Country)
	case "setKey":
		if k := deref(a.Key); k != "" {
			if err := CheckKey("key", k); err != nil {
				return err
			}
		}
		c.Key = deref(a.Key)
	case "setAnonymousId":
		if c.CustomerID != "" {
			return InvalidOperation("The cart belongs to a customer: it has no anonymous session to change.")
		}
		if err := CheckAnonymousID("anonymousId", deref(a.AnonymousID)); err != nil {
			return err
		}
		if deref(a.AnonymousID) != "" && c.BusinessUnit != nil {
			return anonymousInUnit()
		}
		c.AnonymousID = deref(a.AnonymousID)
	case "setBusinessUnit":
		if c.AnonymousID != "" && c.CustomerID == "" {
			return anonymousInUnit()
		}
		if c.BusinessUnit == nil && c.CustomerID == "" {
			return InvalidOperation("Only a cart of a business unit or of a customer can be placed in a unit.")
		}
		if a.BusinessUnit == nil {
			return RequiredField("businessUnit")
		}
		return c.place(a.BusinessUnit, nil, ch.Lookup)
	case "recalculate":
		if c.CartState == CartFrozen {
			return nil // a frozen cart keeps its prices
		}
		return c.Reprice(ch)
	case "setLineItemPrice":
		return c.setLineItemPrice(a, ch)
	case "setDirectDiscounts":
		return c.setDirectDiscounts(a.Discounts, ch)
	case "addDiscountCode":
		return c.addDiscountCode(a.Code, ch)
	case "removeDiscountCode":
		return c.removeDiscountCode(a.DiscountCode)
	case "addShoppingList":
		return c.addShoppingList(a, ch)
	case "freezeCart":
		return c.freeze(a.Strategy, ch.Now)
	case "unfreezeCart":
		if c.CartState != CartFrozen {
			return InvalidOperation("The cart is not frozen.")
		}
		c.CartState, c.FreezeStrategy, c.FrozenAt = CartActive, "", ""
		return c.Reprice(ch)
	case "setCustomType", "setCustomField":
		return customAction{Type: a.Type, Fields: a.Fields, Name: a.Name, Value: a.Value}.apply(a.Action, &c.Custom)
	default:
		if handled, err := c.applyMoreAction(a, ch); handled {
			return err
		}
		if handled, err := c.applyTaxAction(a, ch); handled {
			return err
		}
		if handled, err := c.applyShippingAction(a, ch); handled {
			return err
		}
		if handled, err := c.applyMultiShippingAction(a, ch); handled {
			return err
		}
		custom := customAction{Type: a.Type, Fields: a.Fields, Name: a.Name, Value: a.Value}
		if handled, err := custom.applyNested(a.Action, a.LineItemID, a.LineItemKey, c.LineItems, c.ShippingAddress, c.BillingAddress); handled {
			return err
		}
		return UnknownAction(a.Action)
	}
	return nil
}

func (c *Cart) removeLineItem(a cartAction) error {
	i, err := c.lineItem(a.LineItemID)
	if err != nil {
		return err
	}
	li := &c.LineItems[i]
	if a.Quantity == nil || *a.Quantity >= li.Quantity {
		c.refuseGift(*li)
		c.LineItems = append(c.LineItems[:i], c.LineItems[i+1:]...)
		return nil
	}
	if *a.Quantity < 1 {
		return InvalidInput("quantity must be at least 1; it is %d.", *a.Quantity)
	}
	li.Quantity -= *a.Quantity
	li.quantityChanged()
	return nil
}

// changeQuantity sets a line item's quantity; 0 removes it, as in the reference.
func (c *Cart) changeQuantity(a cartAction) error {
	i, err := c.lineItem(a.LineItemID)
	if err != nil {
		return err
	}
	if a.Quantity == nil {
		return RequiredField("quantity")
	}
	if *a.Quantity == 0 {
		c.refuseGift(c.LineItems[i])
		c.LineItems = append(c.LineItems[:i], c.LineItems[i+1:]...)
		return nil
	}
	if err := CheckQuantity("quantity", *a.Quantity); err != nil {
		return err
	}
	li := &c.LineItems[i]
	li.Quantity = *a.Quantity
	li.quantityChanged()
	return nil
}

// freeze freezes an Active cart at now; a cart unfrozen (which reprices it) and frozen again
// holds the prices of its new freezing, counted from then.
func (c *Cart) freeze(strategy string, now time.Time) error {
	strategy = or(strategy, SoftFreeze)
	if err := checkOneOf("strategy", strategy, SoftFreeze, HardFreeze); err != nil {
		return err
	}
	if c.CartState != CartActive {
		return InvalidOperation("Only an Active cart can be frozen; this one is %s.", c.CartState)
	}
	if len(c.LineItems) == 0 {
		return InvalidOperation("An empty cart cannot be frozen.")
	}
	c.CartState, c.FreezeStrategy, c.FrozenAt = CartFrozen, strategy, FormatTime(now)
	return nil
}

// Reprice gives every line item the current price of its variant. The application calls it after
// each update of an Active cart, as the reference recalculates carts; a Frozen cart keeps its
// prices until it is unfrozen.
func (c *Cart) Reprice(ch Change) error {
	pr := c.pricing(ch)
	for i := range c.LineItems {
		if c.LineItems[i].PriceMode != PricePlatform {
			continue // a price set by the seller stays
		}
		if err := pr.reprice(&c.LineItems[i]); err != nil {
			return err
		}
	}
	if err := c.pickRates(ch); err != nil {
		return err
	}
	return c.rediscount(ch)
}

// rediscount chooses the cart's discounts anew and prices the cart with them; their predicates
// see the cart before its discounts, without its gift line items.
func (c *Cart) rediscount(ch Change) error {
	gifts := c.takeGifts()
	c.picked = &picked{}
	if err := c.sum(); err != nil {
		return err
	}
	if err := c.pickDiscounts(ch); err != nil {
		return err
	}
	if err := c.giveGifts(gifts, ch); err != nil {
		return err
	}
	return c.sum()
}

// setLineItemPrice sets a line item's price (an external price, in the cart's currency), as the
// seller does on a quotation cart; without externalPrice the catalog price returns.
func (c *Cart) setLineItemPrice(a cartAction, ch Change) error {
	i, err := c.lineItem(a.LineItemID)
	if err != nil {
		return err
	}
	li := &c.LineItems[i]
	if a.ExternalPrice == nil {
		li.PriceMode = "Platform"
		return c.pricing(ch).reprice(li)
	}
	m, err := a.ExternalPrice.Money("externalPrice")
	if err != nil {
		return err
	}
	if m.CurrencyCode != c.TotalPrice.CurrencyCode {
		return InvalidInput("externalPrice is in %s; the cart is in %s.", m.CurrencyCode, c.TotalPrice.CurrencyCode)
	}
	li.PriceMode = "ExternalPrice"
	li.Price = Price{ID: li.Price.ID, Value: m}
	li.TotalPrice = m.Times(li.Quantity)
	return nil
}

// setDirectDiscounts replaces the cart's direct discounts.
func (c *Cart) setDirectDiscounts(ds []DirectDiscount, ch Change) error {
	if len(ds) > 0 && len(c.DiscountCodes) > 0 {
		return InvalidOperation("The cart has discount codes: remove them before setting direct discounts (decision 0030).")
	}
	out := make([]any, 0, len(ds))
	for _, d := range ds {
		if d.Target.Type != "" && d.Target.Type != "totalPrice" {
			return InvalidField("discounts.target.type", d.Target.Type, "totalPrice")
		}
		switch d.Value.Type {
		case "relative":
			if d.Value.Permyriad < 1 || d.Value.Permyriad > 10000 {
				return InvalidField("discounts.value.permyriad", d.Value.Permyriad)
			}
		case "absolute":
			if len(d.Value.Money) != 1 {
				return InvalidInput("An absolute direct discount has one amount, in the cart's currency.")
			}
			m, err := d.Value.Money[0].Money("discounts.value.money")
			if err != nil {
				return err
			}
			if m.CurrencyCode != c.TotalPrice.CurrencyCode {
				return InvalidInput("The discount is in %s; the cart is in %s.", m.CurrencyCode, c.TotalPrice.CurrencyCode)
			}
			// kept as the reference shows money (type, fractionDigits), on the cart and its order or quote
			d.Value.Money[0] = MoneyDraft{Type: m.Type, CurrencyCode: m.CurrencyCode, CentAmount: &m.CentAmount, FractionDigits: &m.FractionDigits}
		default:
			return InvalidField("discounts.value.type", d.Value.Type, "relative", "absolute")
		}
		d.ID = ch.NewID()
		d.Target.Type = "totalPrice"
		out = append(out, d)
	}
	c.DirectDiscounts = out
	return nil
}

// Order marks the cart as ordered. An empty cart, or one that is already ordered, cannot be.
func (c *Cart) Order() error {
	switch {
	case c.CartState == CartOrdered:
		return InvalidOperation("The cart '%s' has already been ordered.", c.ID)
	case c.CartState == CartMerged:
		return InvalidOperation("The cart '%s' was merged into another cart.", c.ID)
	case len(c.LineItems) == 0:
		return InvalidOperation("An empty cart cannot be ordered.")
	}
	if err := c.codesApply(); err != nil {
		return err
	}
	c.CartState = CartOrdered
	return nil
}

// cartActions are the cart update actions and their fields (the reference's names; Procura
// serves these fields of them).
var cartActions = withCustom(withActions(withActions(withActions(withActions(withActions(withActions(withActions(nestedCustomActions, cartPaymentActions), cartRecurrenceActions), moreCartActions), cartTaxActions), cartListActions), multiShippingActions), ActionFields{
	"addLineItem": {"productId", "variantId", "sku", "key", "quantity", "custom", "addedAt", "externalPrice", "externalTotalPrice",
		"inventoryMode", "shippingDetails", "distributionChannel", "supplyChannel", "recurrenceInfo"},
	"removeLineItem":         {"lineItemId", "quantity"},
	"changeLineItemQuantity": {"lineItemId", "quantity"},
	"setLineItemPrice":       {"lineItemId", "externalPrice"},
	"setShippingAddress":     {"address"},
	"setBillingAddress":      {"address"},
	"setCustomerEmail":       {"email"},
	"setAnonymousId":         {"anonymousId"},
	"setPurchaseOrderNumber": {"purchaseOrderNumber"},
	"setCountry":             {"country"},
	"setKey":                 {"key"},
	"setBusinessUnit":        {"businessUnit"},
	"recalculate":            {"updateProductData"},
	"setDirectDiscounts":     {"discounts"},
	"addDiscountCode":        {"code"},
	"removeDiscountCode":     {"discountCode"},
	"freezeCart":             {"strategy"},
	"unfreezeCart":           {},
}))
