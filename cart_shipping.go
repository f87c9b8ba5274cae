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
	return c.matchRateAt(m, c.ShippingAddress, ch)
}

// matchRateAt is MatchRate for a shipping to addr (one shipping of shipping mode Multiple).
func (c *Cart) matchRateAt(m *ShippingMethod, addr *Address, ch Change) (*ShippingRate, error) {
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
	if err := c.needShippingMode(ShippingSingle, "setShippingMethod"); err != nil {
		return err
	}
	if ri == nil {
		if rate != nil {
			return RequiredField("shippingMethod")
		}
		c.ShippingInfo, c.ShippingCustomFields = nil, nil // the custom fields were the shipping's
		return nil
	}
	info, err := c.methodInfo(ri, c.ShippingAddress, rate, ch)
	if err == nil {
		c.ShippingInfo = info
	}
	return err
}

// methodInfo is the shipping info of the method ri names, which must match the cart for a
// shipping to addr, with the external rate given (if any).
func (c *Cart) methodInfo(ri *ResourceIdentifier, addr *Address, rate *TaxRateDraft, ch Change) (*ShippingInfo, error) {
	if ri == nil {
		return nil, RequiredField("shippingMethod")
	}
	if err := ri.Check("shippingMethod", TypeShippingMethod); err != nil {
		return nil, err
	}
	m, err := ch.Rates.ShippingMethod("shippingMethod", *ri)
	if err != nil {
		return nil, err
	}
	r, err := c.matchRateAt(m, addr, ch)
	if err != nil {
		return nil, err
	}
	category := m.TaxCategory
	info := &ShippingInfo{ShippingMethodName: m.Name, ShippingRate: *r, Price: r.Price, TaxCategory: &category,
		ShippingMethod: &Reference{TypeID: TypeShippingMethod, ID: m.ID}, ShippingMethodState: MatchesCart, Deliveries: []Delivery{}}
	return info, c.externalShippingRate(info, rate)
}

// externalShippingRate takes the external rate an action gives with a shipping method: only an
// External cart takes one.
func (c *Cart) externalShippingRate(info *ShippingInfo, d *TaxRateDraft) error {
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
	info.TaxRate = &r
	return nil
}

// customMethod is a shipping method of the caller's own: a name, a rate and optionally a tax
// category (setCustomShippingMethod, addCustomShippingMethod, a draft's customShipping).
type customMethod struct {
	ShippingMethodName string              `json:"shippingMethodName"`
	ShippingRate       *ShippingRateDraft  `json:"shippingRate"`
	TaxCategory        *ResourceIdentifier `json:"taxCategory"`
	ExternalTaxRate    *TaxRateDraft       `json:"externalTaxRate"`
}

func (a cartAction) customMethod() customMethod {
	return customMethod{ShippingMethodName: a.ShippingMethodName, ShippingRate: a.ShippingRate, TaxCategory: a.TaxCategory,
		ExternalTaxRate: a.ExternalTaxRate}
}

// setCustomShippingMethod ships the cart by a method of the caller's own.
func (c *Cart) setCustomShippingMethod(a customMethod, ch Change) error {
	if err := c.needShippingMode(ShippingSingle, "setCustomShippingMethod"); err != nil {
		return err
	}
	info, err := c.customInfo(a, ch)
	if err == nil {
		c.ShippingInfo = info
	}
	return err
}

// customInfo is the shipping info of a custom method, its rate in the cart's currency.
func (c *Cart) customInfo(a customMethod, ch Change) (*ShippingInfo, error) {
	if a.ShippingMethodName == "" {
		return nil, RequiredField("shippingMethodName")
	}
	if a.ShippingRate == nil {
		return nil, RequiredField("shippingRate")
	}
	r, err := NewShippingRate("shippingRate", *a.ShippingRate)
	if err != nil {
		return nil, err
	}
	if r.Price.CurrencyCode != c.TotalPrice.CurrencyCode {
		return nil, InvalidInput("shippingRate.price is in %s; the cart is in %s.", r.Price.CurrencyCode, c.TotalPrice.CurrencyCode)
	}
	if err := r.checkTierType("shippingRate", ch); err != nil {
		return nil, err
	}
	info := &ShippingInfo{ShippingMethodName: a.ShippingMethodName, ShippingRate: r, Price: r.Price, ShippingMethodState: MatchesCart,
		Deliveries: []Delivery{}}
	if a.TaxCategory != nil {
		if err := a.TaxCategory.Check("taxCategory", TypeTaxCategory); err != nil {
			return nil, err
		}
		t, err := ch.Rates.TaxCategory("taxCategory", *a.TaxCategory)
		if err != nil {
			return nil, err
		}
		info.TaxCategory = &Reference{TypeID: TypeTaxCategory, ID: t.ID}
	}
	return info, c.externalShippingRate(info, a.ExternalTaxRate)
}

// rematchShipping checks the cart's shipping methods again: each rate follows its method, and
// its state says whether the method still matches the cart (the cart keeps it either way).
func (c *Cart) rematchShipping(ch Change) error {
	for _, x := range c.shippings() {
		if err := c.rematch(x.info, x.addr, ch); err != nil {
			return err
		}
	}
	return nil
}

func (c *Cart) rematch(s *ShippingInfo, addr *Address, ch Change) error {
	if s.ShippingMethod == nil || ch.Rates == nil {
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
	r, err := c.matchRateAt(m, addr, ch)
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
		err = c.setShippingMethod(a.ShippingMethod, a.ExternalTaxRate, ch)
	case "setCustomShippingMethod":
		if err = c.setCustomShippingMethod(a.customMethod(), ch); err == nil {
			c.ShippingCustomFields, err = NewCustomFields("custom", a.Custom)
		}
	default:
		return false, nil
	}
	if err == nil && c.ShippingInfo != nil {
		err = setEstimated(c.ShippingInfo, a.EstimatedDelivery)
	}
	return true, err
}
