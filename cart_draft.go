package procura

import (
	"encoding/json"
	"time"
)

// The fields of a cart draft and of its line items' drafts beyond currency, customer, unit,
// store, addresses and custom fields.

// draftFields validates and sets the draft's locale, inventory mode, deletion days, customer
// group, item shipping addresses and custom line items.
func (c *Cart) draftFields(d CartDraft, ch Change) error {
	if err := checkCartLocale(d.Locale, ch); err != nil {
		return err
	}
	c.Locale = d.Locale
	if d.InventoryMode != "" {
		if err := checkOneOf("inventoryMode", d.InventoryMode, inventoryModes...); err != nil {
			return err
		}
		c.InventoryMode = d.InventoryMode
	}
	if err := checkDeleteDays(d.DeleteDaysAfterLastModification); err != nil {
		return err
	}
	c.DeleteDaysAfterLastModification = d.DeleteDaysAfterLastModification
	var err error
	if c.CustomerGroup, err = customerGroupOf(d.CustomerGroup, ch.Groups); err != nil {
		return err
	}
	for i := range d.ItemShippingAddresses {
		if err := c.addItemShippingAddress(&d.ItemShippingAddresses[i]); err != nil {
			return err
		}
	}
	for _, cd := range d.CustomLineItems {
		if err := c.addCustomLineItem(cd, ch); err != nil {
			return err
		}
	}
	return nil
}

// lineItemDraftFields sets what a line item draft gives beyond the product and quantity: when it
// was added, an external price or total, its inventory mode and its shipping details.
func (c *Cart) lineItemDraftFields(li *LineItem, d LineItemDraft) error {
	if err := noChannel("distributionChannel", d.DistributionChannel); err != nil {
		return err
	}
	if err := noChannel("supplyChannel", d.SupplyChannel); err != nil {
		return err
	}
	if d.AddedAt != "" {
		t, err := time.Parse(time.RFC3339, d.AddedAt)
		if err != nil {
			return InvalidField("addedAt", d.AddedAt)
		}
		li.AddedAt = FormatTime(t)
	}
	if d.InventoryMode != "" {
		if err := checkOneOf("inventoryMode", d.InventoryMode, inventoryModes...); err != nil {
			return err
		}
		li.InventoryMode = d.InventoryMode
	}
	switch {
	case d.ExternalPrice != nil && d.ExternalTotalPrice != nil:
		return InvalidInput("A line item has an externalPrice or an externalTotalPrice, not both.")
	case d.ExternalPrice != nil:
		m, err := c.lineMoney("externalPrice", d.ExternalPrice)
		if err != nil {
			return err
		}
		li.PriceMode, li.Price, li.TotalPrice = PriceExternal, Price{ID: li.Price.ID, Value: m}, m.Times(li.Quantity)
	case d.ExternalTotalPrice != nil:
		price, total, err := c.externalTotal(d.ExternalTotalPrice)
		if err != nil {
			return err
		}
		li.PriceMode, li.Price, li.TotalPrice = PriceExternalTotal, Price{ID: li.Price.ID, Value: price}, total
	}
	if d.ShippingDetails != nil {
		var err error
		if li.ShippingDetails, err = c.shippingDetails("shippingDetails", d.ShippingDetails, li.Quantity); err != nil {
			return err
		}
	}
	return nil
}

// mergeable reports whether x may take the quantity of the new line item li: li has its catalog
// price, neither has shipping details, and x's total is not one the seller set for its quantity.
func mergeable(x, li LineItem) bool {
	return li.PriceMode == PricePlatform && li.ShippingDetails == nil && x.ShippingDetails == nil && x.PriceMode != PriceExternalTotal && x.LineItemMode != LineItemGift &&
		sameRecurrence(x.RecurrenceInfo, li.RecurrenceInfo)
}

// ReplicaParts are what a replica cart takes from its source beyond the line items' products and
// quantities: its locale, item shipping addresses and custom line items.
type ReplicaParts struct {
	Locale                string
	ItemShippingAddresses []Address
	CustomLineItems       []CustomLineItem
}

// ReplicaPartsOf reads them from a cart's or an order's JSON.
func ReplicaPartsOf(locale string, addresses, customLineItems any) (ReplicaParts, error) {
	p := ReplicaParts{Locale: locale}
	for _, x := range []struct {
		from any
		to   any
	}{{addresses, &p.ItemShippingAddresses}, {customLineItems, &p.CustomLineItems}} {
		b, err := json.Marshal(x.from)
		if err != nil {
			return p, err
		}
		if err := json.Unmarshal(b, x.to); err != nil {
			return p, err
		}
	}
	return p, nil
}

// Into gives the draft of a replica the parts, and its line items' drafts the shipping details
// of items.
func (p ReplicaParts) Into(d *CartDraft, items []LineItem) {
	d.Locale, d.ItemShippingAddresses = p.Locale, p.ItemShippingAddresses
	for _, cli := range p.CustomLineItems {
		q := cli.Quantity
		money := MoneyDraft{CurrencyCode: cli.Money.CurrencyCode, CentAmount: &cli.Money.CentAmount}
		cd := CustomLineItemDraft{Key: cli.Key, Name: cli.Name, Money: &money, Slug: cli.Slug, Quantity: &q, PriceMode: cli.PriceMode,
			ShippingDetails: detailsDraft(cli.ShippingDetails), Custom: customOf(cli.Custom)}
		if cli.TaxCategory != nil {
			cd.TaxCategory = &ResourceIdentifier{TypeID: TypeTaxCategory, ID: cli.TaxCategory.ID}
		}
		d.CustomLineItems = append(d.CustomLineItems, cd)
	}
	for i := range d.LineItems {
		if i < len(items) {
			d.LineItems[i].ShippingDetails = detailsDraft(items[i].ShippingDetails)
		}
	}
}

// detailsDraft is the draft of an item's shipping details in a replica, which ships by no
// shipping of its source: its targets name no shipping.
func detailsDraft(d *ItemShippingDetails) *ItemShippingDetailsDraft {
	if d == nil {
		return nil
	}
	out := &ItemShippingDetailsDraft{Targets: make([]ItemShippingTarget, len(d.Targets))}
	for i, t := range d.Targets {
		out.Targets[i] = ItemShippingTarget{AddressKey: t.AddressKey, Quantity: t.Quantity}
	}
	return out
}

// customOf is the draft of existing custom fields.
func customOf(c *CustomFields) *CustomFieldsDraft {
	if c == nil {
		return nil
	}
	t := c.Type
	return &CustomFieldsDraft{Type: &t, Fields: c.Fields}
}
