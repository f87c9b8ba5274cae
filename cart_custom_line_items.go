package procura

import (
	"math"
	"strings"
)

// Custom line items are the seller's: a fee, a service or a rebate with a name and an amount of
// its own, no product behind it. They count in the cart's total. Their tax category is stored as
// the reference the seller gives; prices here carry no taxes.

// Price modes of a custom line item.
const (
	CustomLineItemStandard = "Standard"
	CustomLineItemExternal = "External"
)

// CustomLineItem is a custom line item of a cart or an order.
type CustomLineItem struct {
	ID                         string               `json:"id"`
	Key                        string               `json:"key,omitempty"`
	Name                       LocalizedString      `json:"name"`
	Money                      Money                `json:"money"`
	TotalPrice                 Money                `json:"totalPrice"`
	Slug                       string               `json:"slug"`
	Quantity                   int64                `json:"quantity"`
	TaxCategory                *Reference           `json:"taxCategory,omitempty"`
	TaxRate                    *TaxRate             `json:"taxRate,omitempty"`
	TaxedPrice                 *TaxedPrice          `json:"taxedPrice,omitempty"`
	PriceMode                  string               `json:"priceMode"`
	ShippingDetails            *ItemShippingDetails `json:"shippingDetails,omitempty"`
	DiscountedPricePerQuantity []QuantityPrice      `json:"discountedPricePerQuantity"`
	State                      []any                `json:"state"`
	PerMethodTaxRate           []any                `json:"perMethodTaxRate"`
	TaxedPricePortions         []any                `json:"taxedPricePortions"`
	Custom                     *CustomFields        `json:"custom,omitempty"`
	RecurrenceInfo             *RecurrenceInfo      `json:"recurrenceInfo,omitempty"` // cart_recurrence.go
}

// CustomLineItemDraft adds a custom line item.
type CustomLineItemDraft struct {
	Key             string                    `json:"key,omitempty"`
	Name            LocalizedString           `json:"name"`
	Money           *MoneyDraft               `json:"money"`
	Slug            string                    `json:"slug"`
	Quantity        *int64                    `json:"quantity,omitempty"`
	TaxCategory     *ResourceIdentifier       `json:"taxCategory,omitempty"`
	PriceMode       string                    `json:"priceMode,omitempty"`
	ShippingDetails *ItemShippingDetailsDraft `json:"shippingDetails,omitempty"`
	Custom          *CustomFieldsDraft        `json:"custom,omitempty"`
}

// MaxCustomLineItems bounds the custom line items of a cart.
const MaxCustomLineItems = 100

// signedMoney reads an amount that may be negative (a custom line item may lower the total).
func signedMoney(field string, d *MoneyDraft) (Money, error) {
	if d == nil {
		return Money{}, RequiredField(field)
	}
	neg := d.CentAmount != nil && *d.CentAmount < 0
	if neg {
		if *d.CentAmount == math.MinInt64 {
			return Money{}, InvalidField(field+".centAmount", *d.CentAmount)
		}
		abs := -*d.CentAmount
		d = &MoneyDraft{CurrencyCode: d.CurrencyCode, CentAmount: &abs, FractionDigits: d.FractionDigits, Type: d.Type}
	}
	m, err := d.Money(field)
	if neg {
		m.CentAmount = -m.CentAmount
	}
	return m, err
}

// addCustomLineItem validates d and adds it; its key and slug are unique among the cart's
// custom line items.
func (c *Cart) addCustomLineItem(d CustomLineItemDraft, ch Change) error {
	if len(d.Name) == 0 {
		return RequiredField("name")
	}
	if d.Slug == "" {
		return RequiredField("slug")
	}
	if d.Key != "" {
		if err := CheckKey("key", d.Key); err != nil {
			return err
		}
	}
	m, err := c.signedCartMoney("money", d.Money)
	if err != nil {
		return err
	}
	q := int64(1)
	if d.Quantity != nil {
		q = *d.Quantity
	}
	if err := CheckQuantity("quantity", q); err != nil {
		return err
	}
	mode := or(d.PriceMode, CustomLineItemStandard)
	if err := checkOneOf("priceMode", mode, CustomLineItemStandard, CustomLineItemExternal); err != nil {
		return err
	}
	var tax *Reference
	if d.TaxCategory != nil {
		// Stored as given: resolving it is the tax categories' business.
		if err := d.TaxCategory.Check("taxCategory", TypeTaxCategory); err != nil {
			return err
		}
		if d.TaxCategory.ID == "" {
			return RequiredField("taxCategory.id")
		}
		tax = &Reference{TypeID: TypeTaxCategory, ID: d.TaxCategory.ID}
	}
	custom, err := NewCustomFields("custom", d.Custom)
	if err != nil {
		return err
	}
	for _, x := range c.CustomLineItems {
		if d.Key != "" && x.Key == d.Key {
			return DuplicateField("key", d.Key)
		}
		if x.Slug == d.Slug {
			return DuplicateField("slug", d.Slug)
		}
	}
	if len(c.CustomLineItems) >= MaxCustomLineItems {
		return LimitExceeded("cart", "A cart has at most %d custom line items.", MaxCustomLineItems)
	}
	cli := CustomLineItem{ID: ch.NewID(), Key: d.Key, Name: d.Name, Money: m, TotalPrice: m.Times(q), Slug: d.Slug, Quantity: q,
		TaxCategory: tax, PriceMode: mode, DiscountedPricePerQuantity: []QuantityPrice{}, State: []any{}, PerMethodTaxRate: []any{},
		TaxedPricePortions: []any{}, Custom: custom}
	if d.ShippingDetails != nil {
		if cli.ShippingDetails, err = c.shippingDetails("shippingDetails", d.ShippingDetails, q); err != nil {
			return err
		}
	}
	c.CustomLineItems = append(c.CustomLineItems, cli)
	return nil
}

// signedCartMoney reads an amount of a custom line item (a rebate's is negative), in the cart's
// currency.
func (c *Cart) signedCartMoney(field string, d *MoneyDraft) (Money, error) {
	m, err := signedMoney(field, d)
	if err != nil {
		return Money{}, err
	}
	if m.CurrencyCode != c.TotalPrice.CurrencyCode {
		return Money{}, InvalidInput("%s is in %s; the cart is in %s.", field, m.CurrencyCode, c.TotalPrice.CurrencyCode)
	}
	return m, nil
}

// decodeAddCustomLineItem reads addCustomLineItem, whose name is localized (other cart actions'
// name is a custom field's).
func decodeAddCustomLineItem(raw []byte, a *cartAction) error {
	var x struct {
		Action string `json:"action"`
		CustomLineItemDraft
	}
	if err := DecodeAction(raw, &x, cartActions); err != nil {
		return err
	}
	a.Action, a.customLine = x.Action, &x.CustomLineItemDraft
	return nil
}

// customLineItem finds a custom line item of the cart by id, else by key.
func (c *Cart) customLineItem(id, key string) (*CustomLineItem, int, error) {
	return customLineItemIn(c.CustomLineItems, id, key)
}

// customLineItemIn finds a custom line item of a cart or an order by id, else by key.
func customLineItemIn(items []CustomLineItem, id, key string) (*CustomLineItem, int, error) {
	for i := range items {
		x := &items[i]
		if id != "" && x.ID == id || id == "" && key != "" && x.Key == key {
			return x, i, nil
		}
	}
	switch {
	case id == "" && key == "":
		return nil, -1, RequiredField("customLineItemId")
	case id == "":
		return nil, -1, InvalidInput("There is no custom line item with the key '%s'.", key)
	}
	return nil, -1, InvalidInput("There is no custom line item '%s'.", id)
}

// applyToCustomLineItem applies setCustomLineItemCustomType or setCustomLineItemCustomField (of a
// cart or an order) to x.
func (a customAction) applyToCustomLineItem(action string, x *CustomLineItem) error {
	return a.apply("setCustom"+strings.TrimPrefix(action, "setCustomLineItemCustom"), &x.Custom)
}

// applyCustomLineItemAction applies one of customLineItemActions; handled reports whether it was one.
func (c *Cart) applyCustomLineItemAction(a cartAction, ch Change) (handled bool, err error) {
	if _, ok := customLineItemActions[a.Action]; !ok {
		return false, nil
	}
	if a.Action == "addCustomLineItem" {
		return true, c.addCustomLineItem(*a.customLine, ch)
	}
	cli, i, err := c.customLineItem(a.CustomLineItemID, a.CustomLineItemKey)
	if err != nil {
		return true, err
	}
	switch a.Action {
	case "removeCustomLineItem":
		c.CustomLineItems = append(c.CustomLineItems[:i], c.CustomLineItems[i+1:]...)
	case "changeCustomLineItemQuantity":
		if a.Quantity == nil {
			return true, RequiredField("quantity")
		}
		if *a.Quantity == 0 {
			c.CustomLineItems = append(c.CustomLineItems[:i], c.CustomLineItems[i+1:]...)
			return true, nil
		}
		if err := CheckQuantity("quantity", *a.Quantity); err != nil {
			return true, err
		}
		cli.Quantity = *a.Quantity
	case "changeCustomLineItemMoney":
		m, err := c.signedCartMoney("money", a.Money)
		if err != nil {
			return true, err
		}
		cli.Money = m
	case "changeCustomLineItemPriceMode":
		if a.Mode == "" {
			return true, RequiredField("mode")
		}
		if err := checkOneOf("mode", a.Mode, CustomLineItemStandard, CustomLineItemExternal); err != nil {
			return true, err
		}
		cli.PriceMode = a.Mode
	case "setCustomLineItemShippingDetails":
		cli.ShippingDetails = nil
		if a.ShippingDetails != nil {
			if cli.ShippingDetails, err = c.shippingDetails("shippingDetails", a.ShippingDetails, cli.Quantity); err != nil {
				return true, err
			}
		}
	case "setCustomLineItemCustomType", "setCustomLineItemCustomField":
		return true, customAction{Type: a.Type, Fields: a.Fields, Name: a.Name, Value: a.Value}.applyToCustomLineItem(a.Action, cli)
	case "applyDeltaToCustomLineItemShippingDetailsTargets":
		return true, c.applyTargetsDelta(&cli.ShippingDetails, cli.Quantity, a.TargetsDelta)
	}
	cli.TotalPrice = cli.Money.Times(cli.Quantity)
	return true, nil
}

// customLineItemActions are the actions on custom line items and their fields.
var customLineItemActions = ActionFields{
	"addCustomLineItem":                                {"key", "name", "money", "slug", "quantity", "taxCategory", "priceMode", "shippingDetails", "custom"},
	"removeCustomLineItem":                             {"customLineItemId", "customLineItemKey"},
	"changeCustomLineItemQuantity":                     {"customLineItemId", "customLineItemKey", "quantity"},
	"changeCustomLineItemMoney":                        {"customLineItemId", "customLineItemKey", "money"},
	"changeCustomLineItemPriceMode":                    {"customLineItemId", "customLineItemKey", "mode"},
	"setCustomLineItemShippingDetails":                 {"customLineItemId", "customLineItemKey", "shippingDetails"},
	"setCustomLineItemCustomType":                      {"customLineItemId", "customLineItemKey", "type", "fields"},
	"setCustomLineItemCustomField":                     {"customLineItemId", "customLineItemKey", "name", "value"},
	"applyDeltaToCustomLineItemShippingDetailsTargets": {"customLineItemId", "customLineItemKey", "targetsDelta"},
}

// plusCustomLineItems adds the totals of custom line items to a total, refusing a sum that
// would overflow; rebates never take the total below zero.
func plusCustomLineItems(sum int64, items []CustomLineItem) (int64, error) {
	for _, x := range items {
		if (x.TotalPrice.CentAmount > 0 && sum > math.MaxInt64-x.TotalPrice.CentAmount) ||
			(x.TotalPrice.CentAmount < 0 && sum < math.MinInt64-x.TotalPrice.CentAmount) {
			return 0, InvalidOperation("The cart's total is larger than Procura can represent.")
		}
		sum += x.TotalPrice.CentAmount
	}
	return max(sum, 0), nil
}
