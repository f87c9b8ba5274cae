package procura

import "slices"

// Multiple shipping: a cart of shipping mode Multiple ships by several shipping methods, each a
// Shipping with a key, an address and the shipping info of its method, priced like the single
// shipping of mode Single (decision 0034). Line items' targets name a shipping by its key.

// Shipping modes of a cart.
const (
	ShippingSingle   = "Single"
	ShippingMultiple = "Multiple"
)

// MaxShippings bounds the shippings of a cart.
const MaxShippings = 100

// Shipping is one shipping of a cart (or order) of shipping mode Multiple.
type Shipping struct {
	ShippingKey          string             `json:"shippingKey"`
	ShippingInfo         ShippingInfo       `json:"shippingInfo"`
	ShippingAddress      Address            `json:"shippingAddress"`
	ShippingCustomFields *CustomFields      `json:"shippingCustomFields,omitempty"`
	ShippingRateInput    *ShippingRateInput `json:"shippingRateInput,omitempty"`
}

// CartShippingDraft is what a cart draft says of its shipping mode and its shippings, and in
// mode Single of its shipping rate input.
type CartShippingDraft struct {
	ShippingMode      string                  `json:"shippingMode,omitempty"`
	Shipping          []ShippingDraft         `json:"shipping,omitempty"`
	CustomShipping    []CustomShippingDraft   `json:"customShipping,omitempty"`
	ShippingRateInput *ShippingRateInputDraft `json:"shippingRateInput,omitempty"`
}

// ShippingDraft is a draft's shipping by a shipping method.
type ShippingDraft struct {
	ShippingPartsDraft
	ShippingMethod  *ResourceIdentifier `json:"shippingMethod"`
	ExternalTaxRate *TaxRateDraft       `json:"externalTaxRate,omitempty"`
}

// CustomShippingDraft is a draft's shipping by a method of the caller's own.
type CustomShippingDraft struct {
	ShippingPartsDraft
	customMethod
}

// ShippingPartsDraft is what a draft gives of a shipping besides its method.
type ShippingPartsDraft struct {
	Key               string                  `json:"key"`
	ShippingAddress   *Address                `json:"shippingAddress"`
	ShippingRateInput *ShippingRateInputDraft `json:"shippingRateInput,omitempty"`
	Custom            *CustomFieldsDraft      `json:"custom,omitempty"`
}

// parts are the draft's parts of a new shipping, its key named field.
func (d ShippingPartsDraft) parts(field string) newShipping {
	return newShipping{field, d.Key, d.ShippingAddress, d.ShippingRateInput, d.Custom, nil}
}

// multiShippingFields are the fields of this file's actions that other cart actions lack.
type multiShippingFields struct {
	ShippingKey       string                  `json:"shippingKey"`
	ShippingAddress   *Address                `json:"shippingAddress"`
	EstimatedDelivery *EstimatedDelivery      `json:"estimatedDelivery"`
	ShippingRateInput *ShippingRateInputDraft `json:"shippingRateInput"`
}

// newShipping is what a draft or an action gives of a new shipping besides its method.
type newShipping struct {
	keyField, key string
	addr          *Address
	input         *ShippingRateInputDraft
	custom        *CustomFieldsDraft
	estimated     *EstimatedDelivery
}

// multiShippingActions are the actions of this file and their fields.
var multiShippingActions = ActionFields{
	"addShippingMethod": {"shippingKey", "shippingMethod", "shippingAddress", "shippingRateInput", "externalTaxRate",
		"estimatedDelivery", "custom"},
	"addCustomShippingMethod": {"shippingKey", "shippingMethodName", "shippingRate", "taxCategory", "shippingAddress",
		"shippingRateInput", "externalTaxRate", "custom"},
	"setShippingRateInput":   {"shippingRateInput"},
	"removeShippingMethod":   {"shippingKey"},
	"setShippingCustomType":  {"shippingKey", "type", "fields"},
	"setShippingCustomField": {"shippingKey", "name", "value"},
	"setEstimatedDelivery":   {"shippingKey", "estimatedDelivery"},
}

// multiShippingCallers: the actions MyCart lacks are the seller's and its backend's (decision
// 0027); a draft's shipping and customShipping follow addShippingMethod and addCustomShippingMethod.
var multiShippingCallers = map[string]Callers{
	"addShippingMethod": Trusted, "addCustomShippingMethod": Trusted, "removeShippingMethod": Trusted,
	"setShippingCustomType": Trusted, "setShippingCustomField": Trusted, "setEstimatedDelivery": Trusted,
	"setShippingRateInput": Trusted,
}

// applyMultiShippingAction applies the actions of this file (handled false for another action).
func (c *Cart) applyMultiShippingAction(a cartAction, ch Change) (handled bool, err error) {
	if _, ok := multiShippingActions[a.Action]; !ok {
		return false, nil
	}
	switch a.Action {
	case "addShippingMethod", "addCustomShippingMethod", "removeShippingMethod":
		if err := c.needShippingMode(ShippingMultiple, a.Action); err != nil {
			return true, err
		}
	case "setShippingRateInput":
		if err := c.needShippingMode(ShippingSingle, a.Action); err != nil {
			return true, err
		}
	}
	n := newShipping{"shippingKey", a.ShippingKey, a.ShippingAddress, a.ShippingRateInput, a.Custom, a.EstimatedDelivery}
	switch a.Action {
	case "addShippingMethod":
		return true, c.addShipping(n, func(addr *Address) (*ShippingInfo, error) {
			return c.methodInfo(a.ShippingMethod, addr, a.ExternalTaxRate, ch)
		}, ch)
	case "addCustomShippingMethod":
		n.estimated = nil
		return true, c.addShipping(n, func(*Address) (*ShippingInfo, error) {
			return c.customInfo(a.customMethod(), ch)
		}, ch)
	case "setShippingRateInput":
		input, err := newRateInput("shippingRateInput", a.ShippingRateInput, ch)
		c.ShippingRateInput = input
		return true, err
	case "removeShippingMethod":
		return true, c.removeShipping(a.ShippingKey)
	case "setEstimatedDelivery":
		info, err := c.shipView().info(a.ShippingKey)
		if err != nil {
			return true, err
		}
		return true, setEstimated(info, a.EstimatedDelivery)
	}
	return true, c.shipView().setCustom(a.Action, a.ShippingKey, customAction{Type: a.Type, Fields: a.Fields, Name: a.Name, Value: a.Value})
}

// needShippingMode refuses an action made for the other shipping mode.
func (c *Cart) needShippingMode(mode, action string) error {
	if c.ShippingMode != mode {
		return InvalidOperation("'%s' needs a cart of shipping mode %s; this one has shipping mode %s.", action, mode, c.ShippingMode)
	}
	return nil
}

// addShipping adds a shipping to a cart of mode Multiple: a key unique in the cart, an address,
// and the shipping info makeInfo makes for that address.
func (c *Cart) addShipping(n newShipping, makeInfo func(*Address) (*ShippingInfo, error), ch Change) error {
	key, addr := n.key, n.addr
	if key == "" {
		return RequiredField(n.keyField)
	}
	if err := CheckKey(n.keyField, key); err != nil {
		return err
	}
	if c.shippingIndex(key) >= 0 {
		return DuplicateField(n.keyField, key)
	}
	if len(c.Shipping) >= MaxShippings {
		return LimitExceeded("cart", "A cart has at most %d shippings.", MaxShippings)
	}
	if addr == nil {
		return RequiredField("shippingAddress")
	}
	if err := checkAddress("shippingAddress", addr); err != nil {
		return err
	}
	fields, err := NewCustomFields("custom", n.custom)
	if err != nil {
		return err
	}
	input, err := newRateInput("shippingRateInput", n.input, ch)
	if err != nil {
		return err
	}
	info, err := makeInfo(addr)
	if err != nil {
		return err
	}
	if err := setEstimated(info, n.estimated); err != nil {
		return err
	}
	c.Shipping = append(c.Shipping, Shipping{ShippingKey: key, ShippingInfo: *info, ShippingAddress: *addr, ShippingCustomFields: fields,
		ShippingRateInput: input})
	return nil
}

// removeShipping removes a shipping no item ships by.
func (c *Cart) removeShipping(key string) error {
	i, err := c.shipView().index(key)
	if err != nil {
		return err
	}
	for _, d := range c.shippingDetailsAll() {
		for _, t := range d.Targets {
			if t.ShippingMethodKey == key {
				return InvalidOperation("Items still ship by the shipping '%s': change their shipping details first.", key)
			}
		}
	}
	c.Shipping = append(c.Shipping[:i], c.Shipping[i+1:]...)
	return nil
}

func (c *Cart) shippingIndex(key string) int { return shippingIndex(c.Shipping, key) }

func shippingIndex(list []Shipping, key string) int {
	return slices.IndexFunc(list, func(s Shipping) bool { return s.ShippingKey == key })
}

// draftShippings sets a new cart's shipping mode and adds its draft's shippings.
func (c *Cart) draftShippings(d CartShippingDraft, tax CartTaxDraft, ch Change) error {
	c.ShippingMode = or(d.ShippingMode, ShippingSingle)
	if err := checkOneOf("shippingMode", c.ShippingMode, ShippingSingle, ShippingMultiple); err != nil {
		return err
	}
	switch {
	case c.ShippingMode == ShippingSingle && (len(d.Shipping) > 0 || len(d.CustomShipping) > 0):
		return InvalidInput("shipping and customShipping are for a cart of shipping mode Multiple; this draft's is Single.")
	case c.ShippingMode == ShippingMultiple && (tax.ShippingMethod != nil || tax.ExternalTaxRateForShippingMethod != nil || d.ShippingRateInput != nil):
		return InvalidInput("A cart of shipping mode Multiple ships by its shipping and customShipping, not by shippingMethod and shippingRateInput.")
	}
	var err error
	if c.ShippingRateInput, err = newRateInput("shippingRateInput", d.ShippingRateInput, ch); err != nil {
		return err
	}
	for _, s := range d.Shipping {
		if err := c.addShipping(s.parts("shipping.key"), func(addr *Address) (*ShippingInfo, error) {
			return c.methodInfo(s.ShippingMethod, addr, s.ExternalTaxRate, ch)
		}, ch); err != nil {
			return err
		}
	}
	for _, s := range d.CustomShipping {
		if err := c.addShipping(s.parts("customShipping.key"), func(*Address) (*ShippingInfo, error) {
			return c.customInfo(s.customMethod, ch)
		}, ch); err != nil {
			return err
		}
	}
	return nil
}

// CartShippingDraftAllowed refuses a draft's shippings and shipping rate input from a caller of
// kind k who may not add or set them.
func CartShippingDraftAllowed(k ActorKind, d CartShippingDraft) error {
	if d.ShippingRateInput != nil {
		if err := fieldAllowed(k, "shippingRateInput", "setShippingRateInput"); err != nil {
			return err
		}
	}
	if len(d.Shipping) > 0 {
		if err := fieldAllowed(k, "shipping", "addShippingMethod"); err != nil {
			return err
		}
	}
	if len(d.CustomShipping) > 0 {
		return fieldAllowed(k, "customShipping", "addCustomShippingMethod")
	}
	return nil
}

// shipped is a shipping info, the address it is matched and taxed at, and the input that
// selects its rate's tier.
type shipped struct {
	info  *ShippingInfo
	addr  *Address
	input *ShippingRateInput
}

// shippings lists the cart's shipping infos: in mode Single its shippingInfo at the cart's
// shipping address, in mode Multiple each shipping's at its own.
func (c *Cart) shippings() []shipped {
	if c.ShippingMode == ShippingMultiple {
		out := make([]shipped, len(c.Shipping))
		for i := range c.Shipping {
			out[i] = shipped{&c.Shipping[i].ShippingInfo, &c.Shipping[i].ShippingAddress, c.Shipping[i].ShippingRateInput}
		}
		return out
	}
	if c.ShippingInfo == nil {
		return nil
	}
	return []shipped{{c.ShippingInfo, c.taxAddress(), c.ShippingRateInput}}
}

// shipView is what carts and orders share of their shipping, for the actions that name a
// shipping by its key.
type shipView struct {
	owner string // "cart" or "order"
	mode  string
	money *ShippingAndTaxes
	list  []Shipping
}

func (c *Cart) shipView() shipView {
	return shipView{TypeCart, c.ShippingMode, &c.ShippingAndTaxes, c.Shipping}
}

func (o *Order) shipView() shipView {
	return shipView{TypeOrder, o.ShippingMode, &o.ShippingAndTaxes, o.Shipping}
}

// index finds the shipping with key (mode Multiple).
func (v shipView) index(key string) (int, error) {
	if key == "" {
		return -1, RequiredField("shippingKey")
	}
	i := shippingIndex(v.list, key)
	if i < 0 {
		return -1, InvalidInput("The %s has no shipping with the key '%s'.", v.owner, key)
	}
	return i, nil
}

// single refuses a shippingKey for a cart or order of mode Single, whose one shipping needs none.
func (v shipView) single(key string) error {
	if key != "" {
		return InvalidInput("The %s has one shipping (shipping mode Single): shippingKey names none.", v.owner)
	}
	return nil
}

// info finds the shipping info an action names: in mode Single the one shippingInfo (no key), in
// mode Multiple the shipping's with shippingKey.
func (v shipView) info(key string) (*ShippingInfo, error) {
	if v.mode != ShippingMultiple {
		if err := v.single(key); err != nil {
			return nil, err
		}
		if v.money.ShippingInfo == nil {
			return nil, InvalidOperation("The %s has no shipping method.", v.owner)
		}
		return v.money.ShippingInfo, nil
	}
	i, err := v.index(key)
	if err != nil {
		return nil, err
	}
	return &v.list[i].ShippingInfo, nil
}

// setCustom applies setShippingCustomType or setShippingCustomField: in mode Single to the
// shippingCustomFields (of the shipping method it has), in mode Multiple to the shipping's with
// shippingKey.
func (v shipView) setCustom(action, key string, a customAction) error {
	if _, err := v.info(key); err != nil {
		return err
	}
	dst := &v.money.ShippingCustomFields
	if v.mode == ShippingMultiple {
		dst = &v.list[shippingIndex(v.list, key)].ShippingCustomFields
	}
	return a.apply(customName(action, "setShipping"), dst)
}

// checkKeys checks that every target naming a shipping names one the cart or order has.
func (v shipView) checkKeys(details []*ItemShippingDetails) error {
	for _, d := range details {
		for _, t := range d.Targets {
			if t.ShippingMethodKey == "" {
				continue
			}
			if v.mode != ShippingMultiple {
				return InvalidField("shippingDetails.targets.shippingMethodKey", t.ShippingMethodKey)
			}
			if shippingIndex(v.list, t.ShippingMethodKey) < 0 {
				return InvalidInput("A target names the shipping '%s', which the %s does not have.", t.ShippingMethodKey, v.owner)
			}
		}
	}
	return nil
}

// shippingSlots are the custom fields of the shippings.
func (v shipView) slots() []CustomSlot {
	out := slot("shippingCustomFields", "shipping", v.money.ShippingCustomFields)
	for i := range v.list {
		out = append(out, slot("shipping.shippingCustomFields", "shipping", v.list[i].ShippingCustomFields)...)
		out = append(out, addressSlots("shipping.shippingAddress", &v.list[i].ShippingAddress)...)
	}
	return out
}
