package procura

import "slices"

// Item shipping addresses: a cart ships its line items (and custom line items) to several
// addresses. Each address has a key; a line item's shippingDetails split its quantity between
// those keys, and are valid when they cover the whole quantity.

// ItemShippingTarget is the quantity of an item that goes to one item shipping address.
type ItemShippingTarget struct {
	AddressKey        string `json:"addressKey"`
	Quantity          int64  `json:"quantity"`
	ShippingMethodKey string `json:"shippingMethodKey,omitempty"`
}

// ItemShippingDetailsDraft splits an item's quantity between item shipping addresses.
type ItemShippingDetailsDraft struct {
	Targets []ItemShippingTarget `json:"targets"`
}

// ItemShippingDetails are an item's targets; valid when their quantities add up to the item's.
type ItemShippingDetails struct {
	Targets []ItemShippingTarget `json:"targets"`
	Valid   bool                 `json:"valid"`
}

// MaxItemShippingAddresses bounds the item shipping addresses of a cart.
const MaxItemShippingAddresses = 100

// addItemShippingAddress adds an address, which needs a key unique among the cart's.
func (c *Cart) addItemShippingAddress(a *Address) error {
	if a == nil {
		return RequiredField("address")
	}
	if a.Key == "" {
		return RequiredField("address.key")
	}
	if err := checkAddress("address", a); err != nil {
		return err
	}
	if c.itemShippingAddress(a.Key) >= 0 {
		return DuplicateField("address.key", a.Key)
	}
	if len(c.ItemShippingAddresses) >= MaxItemShippingAddresses {
		return LimitExceeded("cart", "A cart has at most %d item shipping addresses.", MaxItemShippingAddresses)
	}
	c.ItemShippingAddresses = append(c.ItemShippingAddresses, *a)
	return nil
}

// itemShippingAddress returns the index of the address with key, or -1.
func (c *Cart) itemShippingAddress(key string) int { return addressIndex(c.ItemShippingAddresses, key) }

func addressIndex(addresses []Address, key string) int {
	return slices.IndexFunc(addresses, func(a Address) bool { return a.Key == key })
}

func (c *Cart) addressByKey(key string) (int, error) {
	if key == "" {
		return -1, RequiredField("addressKey")
	}
	i := c.itemShippingAddress(key)
	if i < 0 {
		return -1, InvalidInput("The cart has no item shipping address with the key '%s'.", key)
	}
	return i, nil
}

// removeItemShippingAddress removes an address no item ships to.
func (c *Cart) removeItemShippingAddress(key string) error {
	i, err := c.addressByKey(key)
	if err != nil {
		return err
	}
	if err := stillTargeted(c.shippingDetailsAll(), key); err != nil {
		return err
	}
	c.ItemShippingAddresses = append(c.ItemShippingAddresses[:i], c.ItemShippingAddresses[i+1:]...)
	return nil
}

// updateItemShippingAddress replaces the address with the key of a.
func (c *Cart) updateItemShippingAddress(a *Address) error {
	if a == nil {
		return RequiredField("address")
	}
	i, err := c.addressByKey(a.Key)
	if err != nil {
		return err
	}
	if err := checkAddress("address", a); err != nil {
		return err
	}
	c.ItemShippingAddresses[i] = *a
	return nil
}

// shippingDetailsAll returns the shipping details of every item that has them.
func (c *Cart) shippingDetailsAll() []*ItemShippingDetails {
	var out []*ItemShippingDetails
	for i := range c.LineItems {
		if d := c.LineItems[i].ShippingDetails; d != nil {
			out = append(out, d)
		}
	}
	for i := range c.CustomLineItems {
		if d := c.CustomLineItems[i].ShippingDetails; d != nil {
			out = append(out, d)
		}
	}
	return out
}

// stillTargeted refuses to remove an item shipping address some item ships to.
func stillTargeted(details []*ItemShippingDetails, key string) error {
	for _, d := range details {
		for _, t := range d.Targets {
			if t.AddressKey == key {
				return InvalidOperation("Items still ship to the address '%s': change their shipping details first.", key)
			}
		}
	}
	return nil
}

func (c *Cart) shippingDetails(field string, d *ItemShippingDetailsDraft, q int64) (*ItemShippingDetails, error) {
	return newShippingDetails(field, c.ItemShippingAddresses, d, q)
}

// newShippingDetails validates a draft for an item of quantity q: each target names one of the
// item shipping addresses once, with a positive quantity, and together they ship at most q.
func newShippingDetails(field string, addresses []Address, d *ItemShippingDetailsDraft, q int64) (*ItemShippingDetails, error) {
	if d.Targets == nil {
		return nil, RequiredField(field + ".targets")
	}
	out := &ItemShippingDetails{Targets: make([]ItemShippingTarget, 0, len(d.Targets))}
	var sum int64
	for _, t := range d.Targets {
		if err := checkTarget(field, addresses, t, out.Targets); err != nil {
			return nil, err
		}
		if t.Quantity < 1 || t.Quantity > MaxQuantity {
			return nil, InvalidField(field+".targets.quantity", t.Quantity)
		}
		sum += t.Quantity
		out.Targets = append(out.Targets, ItemShippingTarget{AddressKey: t.AddressKey, Quantity: t.Quantity, ShippingMethodKey: t.ShippingMethodKey})
	}
	if sum > q {
		return nil, InvalidInput("The targets of %s ship %d items; the item's quantity is %d.", field, sum, q)
	}
	out.Valid = sum == q
	return out, nil
}

// checkTarget checks a target's address; the shipping it names is checked once the cart has all
// its shippings (shipView.checkKeys).
func checkTarget(field string, addresses []Address, t ItemShippingTarget, seen []ItemShippingTarget) error {
	if t.AddressKey == "" {
		return RequiredField(field + ".targets.addressKey")
	}
	if addressIndex(addresses, t.AddressKey) < 0 {
		return InvalidInput("%s: there is no item shipping address with the key '%s'.", field, t.AddressKey)
	}
	for _, s := range seen {
		if s.AddressKey == t.AddressKey {
			return DuplicateField(field+".targets.addressKey", t.AddressKey)
		}
	}
	return nil
}

// applyTargetsDelta adds delta's quantities to the targets of an item (a line item or a custom
// line item) of quantity q (a shipping a delta names becomes its target's); a target whose
// quantity falls to zero goes, one below zero is an error.
func (c *Cart) applyTargetsDelta(details **ItemShippingDetails, q int64, delta []ItemShippingTarget) error {
	if delta == nil {
		return RequiredField("targetsDelta")
	}
	var targets []ItemShippingTarget
	if *details != nil {
		targets = append(targets, (*details).Targets...)
	}
	for _, t := range delta {
		if _, err := c.addressByKey(t.AddressKey); err != nil {
			return err
		}
		j := -1
		for k := range targets {
			if targets[k].AddressKey == t.AddressKey {
				j = k
			}
		}
		if j < 0 {
			targets = append(targets, ItemShippingTarget{AddressKey: t.AddressKey})
			j = len(targets) - 1
		}
		targets[j].Quantity += t.Quantity
		if t.ShippingMethodKey != "" {
			targets[j].ShippingMethodKey = t.ShippingMethodKey
		}
		if targets[j].Quantity < 0 || targets[j].Quantity > MaxQuantity {
			return InvalidInput("The delta leaves %d items for the address '%s'.", targets[j].Quantity, t.AddressKey)
		}
	}
	kept := []ItemShippingTarget{}
	for _, t := range targets {
		if t.Quantity > 0 {
			kept = append(kept, t)
		}
	}
	d, err := c.shippingDetails("targetsDelta", &ItemShippingDetailsDraft{Targets: kept}, q)
	if err != nil {
		return err
	}
	*details = d
	return nil
}

// refreshShippingValidity marks each item's shipping details valid when they ship its whole
// quantity (a quantity changed since they were set may make them invalid).
func (c *Cart) refreshShippingValidity() {
	mark := func(d *ItemShippingDetails, q int64) {
		if d == nil {
			return
		}
		var sum int64
		for _, t := range d.Targets {
			sum += t.Quantity
		}
		d.Valid = sum == q
	}
	for i := range c.LineItems {
		mark(c.LineItems[i].ShippingDetails, c.LineItems[i].Quantity)
	}
	for i := range c.CustomLineItems {
		mark(c.CustomLineItems[i].ShippingDetails, c.CustomLineItems[i].Quantity)
	}
}

// applyItemShippingAction applies one of itemShippingActions; handled reports whether it was one.
func (c *Cart) applyItemShippingAction(a cartAction) (handled bool, err error) {
	switch a.Action {
	case "addItemShippingAddress":
		return true, c.addItemShippingAddress(a.Address.address())
	case "removeItemShippingAddress":
		return true, c.removeItemShippingAddress(a.AddressKey)
	case "updateItemShippingAddress":
		return true, c.updateItemShippingAddress(a.Address.address())
	case "setItemShippingAddressCustomType", "setItemShippingAddressCustomField":
		i, err := c.addressByKey(a.AddressKey)
		if err != nil {
			return true, err
		}
		which := "setCustomType"
		if a.Action == "setItemShippingAddressCustomField" {
			which = "setCustomField"
		}
		return true, customAction{Type: a.Type, Fields: a.Fields, Name: a.Name, Value: a.Value}.apply(which, &c.ItemShippingAddresses[i].Custom)
	case "setLineItemShippingDetails", "applyDeltaToLineItemShippingDetailsTargets":
		i := lineItemIndex(c.LineItems, a.LineItemID, a.LineItemKey)
		if i < 0 {
			return true, lineItemNotFound(a.LineItemID, a.LineItemKey)
		}
		li := &c.LineItems[i]
		if a.Action == "applyDeltaToLineItemShippingDetailsTargets" {
			return true, c.applyTargetsDelta(&li.ShippingDetails, li.Quantity, a.TargetsDelta)
		}
		li.ShippingDetails = nil
		if a.ShippingDetails != nil {
			li.ShippingDetails, err = c.shippingDetails("shippingDetails", a.ShippingDetails, li.Quantity)
		}
		return true, err
	}
	return false, nil
}

// itemShippingActions are the actions on item shipping addresses and line items' shipping
// details, and their fields.
var itemShippingActions = ActionFields{
	"addItemShippingAddress":                     {"address"},
	"removeItemShippingAddress":                  {"addressKey"},
	"updateItemShippingAddress":                  {"address"},
	"setItemShippingAddressCustomType":           {"addressKey", "type", "fields"},
	"setItemShippingAddressCustomField":          {"addressKey", "name", "value"},
	"setLineItemShippingDetails":                 {"lineItemId", "lineItemKey", "shippingDetails"},
	"applyDeltaToLineItemShippingDetailsTargets": {"lineItemId", "lineItemKey", "targetsDelta"},
}
