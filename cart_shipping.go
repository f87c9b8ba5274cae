package procura

// Shipping method states of a cart's shipping info.
const (
	MatchesCart      = "MatchesCart"
	DoesNotMatchCart = "DoesNotMatchCart"
)

// ShippingInfo is how a cart ships: the method (or a custom one), its rate, price and taxes;
// its order keeps it, with the deliveries.
type ShippingInfo struct {
	ShippingMethodName  string       `json:"shippingMethodName"`
	Price               Money        `json:"price"`
	ShippingRate        ShippingRate `json:"shippingRate"`
	TaxRate             *TaxRate     `json:"taxRate,omitempty"`
	TaxCategory         *Reference   `json:"taxCategory,omitempty"`
	TaxedPrice          *TaxedPrice  `json:"taxedPrice,omitempty"`
	ShippingMethod      *Reference   `json:"shippingMethod,omitempty"`
	ShippingMethodState string       `json:"shippingMethodState"`
	// an order's deliveries (order_deliveries.go), and when they are expected
	Deliveries        []Delivery         `json:"deliveries"`
	EstimatedDelivery *EstimatedDelivery `json:"estimatedDelivery,omitempty"`

	// DiscountedPrice: the price less the cart discounts on the shipping (cart_discount_pricing.go)
	DiscountedPrice *DiscountedPrice `json:"discountedPrice,omitempty"`
}

// MatchRate returns the rate of m for the cart, or why m does not match it: m is active, in the
// cart's store, has a rate in the cart's currency for a zone of its shipping address, and its
// predicate (if any) matches the cart.
func (c *Cart) MatchRate(m *ShippingMethod, ch Change) (*ShippingRate, error) {
	addr := c.ShippingAddress
	if addr == nil {
		return nil, InvalidOperation("The cart has no shipping address: no shipping method can match it.")
	}
	if !m.Active {
		return nil, InvalidOperation("The shipping method '%s' is not active.", m.ID)
	}
	store := ""
	if c.Store != nil {
		store = c.Store.Key
	}
	if !m.InStore(store) {
		return nil, InvalidOperation("The shipping method '%s' is not available in the store '%s'.", m.ID, store)
	}
	zones, err := zonesOf(m, addr, ch)
	if err != nil {
		return nil, err
	}
	r := m.RateFor(zones, c.TotalPrice.CurrencyCode)
	if r == nil {
		return nil, InvalidOperation("The shipping method '%s' has no rate in %s for %s%s.", m.ID, c.TotalPrice.CurrencyCode, addr.Country, stateLabel(addr.State))
	}
	if m.Predicate != "" {
		ok, err := ch.Rates.Matches(m.Predicate, c)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, InvalidOperation("The predicate of the shipping method '%s' does not match the cart.", m.ID)
		}
	}
	return r, nil
}

// zonesOf lists the zones of m that contain addr.
func zonesOf(m *ShippingMethod, addr *Address, ch Change) ([]string, error) {
	var ids []string
	for _, zr := range m.ZoneRates {
		z, err := ch.Rates.Zone("zone", ResourceIdentifier{ID: zr.Zone.ID})
		if ErrorCode(err) == CodeReferencedResourceNotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		if z.Contains(addr.Country, addr.State) {
			ids = append(ids, z.ID)
		}
	}
	return ids, nil
}

// setShippingMethod sets the cart's shipping method, which must match the cart, or removes it.
func (c *Cart) setShippingMethod(ri *ResourceIdentifier, rate *TaxRateDraft, ch Change) error {
	if ri == nil {
		if rate != nil {
			return RequiredField("shippingMethod")
		}
		c.ShippingInfo = nil
		return nil
	}
	if err := ri.Check("shippingMethod", TypeShippingMethod); err != nil {
		return err
	}
	m, err := ch.Rates.ShippingMethod("shippingMethod", *ri)
	if err != nil {
		return err
	}
	r, err := c.MatchRate(m, ch)
	if err != nil {
		return err
	}
	category := m.TaxCategory
	c.ShippingInfo = &ShippingInfo{ShippingMethodName: m.Name, ShippingRate: *r, Price: r.Price, TaxCategory: &category,
		ShippingMethod: &Reference{TypeID: TypeShippingMethod, ID: m.ID}, ShippingMethodState: MatchesCart, Deliveries: []Delivery{}}
	return c.externalShippingRate(rate)
}

// externalShippingRate takes the external rate an action gives with a shipping method: only an
// External cart takes one.
func (c *Cart) externalShippingRate(d *TaxRateDraft) error {
	if d == nil {
		return nil
	}
	if err := c.needMode(TaxExternal, "externalTaxRate"); err != nil {
		return err
	}
	r, err := externalRate("externalTaxRate", *d)
	if err != nil {
		return err
	}
	c.ShippingInfo.TaxRate = &r
	return nil
}

// setCustomShippingMethod ships the cart by a method of the caller's own: a name, a rate in the
// cart's currency, and optionally a tax category.
func (c *Cart) setCustomShippingMethod(a cartAction, ch Change) error {
	if a.ShippingMethodName == "" {
		return RequiredField("shippingMethodName")
	}
	if a.ShippingRate == nil {
		return RequiredField("shippingRate")
	}
	r, err := NewShippingRate("shippingRate", *a.ShippingRate)
	if err != nil {
		return err
	}
	if r.Price.CurrencyCode != c.TotalPrice.CurrencyCode {
		return InvalidInput("shippingRate.price is in %s; the cart is in %s.", r.Price.CurrencyCode, c.TotalPrice.CurrencyCode)
	}
	info := &ShippingInfo{ShippingMethodName: a.ShippingMethodName, ShippingRate: r, Price: r.Price, ShippingMethodState: MatchesCart,
		Deliveries: []Delivery{}}
	if a.TaxCategory != nil {
		if err := a.TaxCategory.Check("taxCategory", TypeTaxCategory); err != nil {
			return err
		}
		t, err := ch.Rates.TaxCategory("taxCategory", *a.TaxCategory)
		if err != nil {
			return err
		}
		info.TaxCategory = &Reference{TypeID: TypeTaxCategory, ID: t.ID}
	}
	c.ShippingInfo = info
	return c.externalShippingRate(a.ExternalTaxRate)
}

// rematchShipping checks the cart's shipping method again: its rate follows the method, and its
// state says whether the method still matches the cart (the cart keeps it either way).
func (c *Cart) rematchShipping(ch Change) error {
	s := c.ShippingInfo
	if s == nil || s.ShippingMethod == nil || ch.Rates == nil {
		return nil
	}
	m, err := ch.Rates.ShippingMethod("shippingMethod", ResourceIdentifier{ID: s.ShippingMethod.ID})
	if ErrorCode(err) == CodeReferencedResourceNotFound {
		s.ShippingMethodState = DoesNotMatchCart
		return nil
	}
	if err != nil {
		return err
	}
	r, err := c.MatchRate(m, ch)
	if err != nil {
		if _, ok := err.(*Error); !ok {
			return err
		}
		s.ShippingMethodState = DoesNotMatchCart
		return nil
	}
	category := m.TaxCategory
	s.ShippingMethodName, s.ShippingRate, s.TaxCategory, s.ShippingMethodState = m.Name, *r, &category, MatchesCart
	return nil
}

// applyShippingAction applies the cart's shipping actions (handled false for another action).
func (c *Cart) applyShippingAction(a cartAction, ch Change) (handled bool, err error) {
	switch a.Action {
	case "setShippingMethod":
		return true, c.setShippingMethod(a.ShippingMethod, a.ExternalTaxRate, ch)
	case "setCustomShippingMethod":
		return true, c.setCustomShippingMethod(a, ch)
	}
	return false, nil
}
