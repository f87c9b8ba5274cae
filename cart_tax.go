package procura

// CartTaxDraft is what a cart draft says of its taxes and its shipping method.
type CartTaxDraft struct {
	TaxMode            string              `json:"taxMode,omitempty"`
	TaxRoundingMode    string              `json:"taxRoundingMode,omitempty"`
	TaxCalculationMode string              `json:"taxCalculationMode,omitempty"`
	PriceRoundingMode  string              `json:"priceRoundingMode,omitempty"`
	ShippingMethod     *ResourceIdentifier `json:"shippingMethod,omitempty"`
	// ExternalTaxRateForShippingMethod is the shipping method's rate of an External cart.
	ExternalTaxRateForShippingMethod *TaxRateDraft `json:"externalTaxRateForShippingMethod,omitempty"`
}

// ExternalTaxAmountDraft is a tax amount set from outside: the gross and the rate it was taxed at.
type ExternalTaxAmountDraft struct {
	TotalGross *MoneyDraft   `json:"totalGross"`
	TaxRate    *TaxRateDraft `json:"taxRate"`
}

// TaxPortionDraft is a portion of a cart's total tax set from outside.
type TaxPortionDraft struct {
	Name   string     `json:"name,omitempty"`
	Rate   float64    `json:"rate"`
	Amount MoneyDraft `json:"amount"`
}

var (
	taxModes         = []string{TaxPlatform, TaxExternal, TaxExternalAmount, TaxDisabled}
	calculationModes = []string{LineItemLevel, UnitPriceLevel}
	taxRoundingModes = []string{HalfEven, HalfUp, HalfDown} // also the price rounding modes
)

// taxDraftActions are the actions whose callers may give a draft's tax fields.
var taxDraftActions = map[string]string{"taxMode": "changeTaxMode", "taxRoundingMode": "changeTaxRoundingMode",
	"taxCalculationMode": "changeTaxCalculationMode", "priceRoundingMode": "changePriceRoundingMode"}

// CartTaxDraftAllowed refuses a draft's tax modes from a caller of kind k who may not change them
// on a cart: taxes are the seller's (decision 0026).
func CartTaxDraftAllowed(k ActorKind, d CartTaxDraft) error {
	if d.ExternalTaxRateForShippingMethod != nil && ActionAllowed(k, TypeCart, "setShippingMethodTaxRate") != nil {
		return shapeError("externalTaxRateForShippingMethod", "a cart's tax rates are not for a "+k.String()+" to set")
	}
	for field, v := range map[string]string{"taxMode": d.TaxMode, "taxRoundingMode": d.TaxRoundingMode, "taxCalculationMode": d.TaxCalculationMode,
		"priceRoundingMode": d.PriceRoundingMode} {
		if v == "" {
			continue
		}
		if err := ActionAllowed(k, TypeCart, taxDraftActions[field]); err != nil {
			return shapeError(field, "a cart's "+field+" is not for a "+k.String()+" to choose")
		}
	}
	return nil
}

// setTaxesAndShipping applies a new cart's tax modes and shipping methods, then prices it.
func (c *Cart) setTaxesAndShipping(draft CartDraft, ch Change) error {
	d := draft.CartTaxDraft
	for _, f := range []struct {
		field, value string
		dst          *string
		allowed      []string
	}{{"taxMode", d.TaxMode, &c.TaxMode, taxModes}, {"taxRoundingMode", d.TaxRoundingMode, &c.TaxRoundingMode, taxRoundingModes},
		{"taxCalculationMode", d.TaxCalculationMode, &c.TaxCalculationMode, calculationModes},
		{"priceRoundingMode", d.PriceRoundingMode, &c.PriceRoundingMode, taxRoundingModes}} {
		if f.value == "" {
			continue
		}
		if err := checkOneOf(f.field, f.value, f.allowed...); err != nil {
			return err
		}
		*f.dst = f.value
	}
	if err := c.sum(); err != nil { // the shipping method's predicate sees the cart's total
		return err
	}
	switch {
	case d.ShippingMethod != nil:
		if err := c.setShippingMethod(d.ShippingMethod, d.ExternalTaxRateForShippingMethod, ch); err != nil {
			return err
		}
	case d.ExternalTaxRateForShippingMethod != nil:
		return RequiredField("shippingMethod")
	}
	if err := c.draftShippings(draft.CartShippingDraft, d, ch); err != nil {
		return err
	}
	if err := c.shipView().checkKeys(c.shippingDetailsAll()); err != nil {
		return err
	}
	return c.Reprice(ch)
}

// applyTaxAction applies the cart's tax actions (handled false for another action).
func (c *Cart) applyTaxAction(a cartAction, ch Change) (handled bool, err error) {
	switch a.Action {
	case "changeTaxMode":
		if err := checkOneOf("taxMode", a.TaxMode, taxModes...); err != nil {
			return true, err
		}
		if a.TaxMode != c.TaxMode {
			c.clearTaxes() // the rates and amounts of another mode do not carry over
			c.TaxMode = a.TaxMode
		}
		return true, c.pickRates(ch)
	case "changeTaxRoundingMode":
		if err := checkOneOf("taxRoundingMode", a.TaxRoundingMode, taxRoundingModes...); err != nil {
			return true, err
		}
		c.TaxRoundingMode = a.TaxRoundingMode
	case "changePriceRoundingMode": // the rounding of relative discounts' amounts
		if err := checkOneOf("priceRoundingMode", a.PriceRoundingMode, taxRoundingModes...); err != nil {
			return true, err
		}
		c.PriceRoundingMode = a.PriceRoundingMode
	case "changeTaxCalculationMode":
		if err := checkOneOf("taxCalculationMode", a.TaxCalculationMode, calculationModes...); err != nil {
			return true, err
		}
		c.TaxCalculationMode = a.TaxCalculationMode
	case "setLineItemTaxRate", "setLineItemTaxAmount":
		li, err := c.lineItemByIDOrKey(a.LineItemID, a.LineItemKey)
		if err != nil {
			return true, err
		}
		if a.Action == "setLineItemTaxRate" {
			return true, c.setExternalRate(&li.TaxRate, a.ExternalTaxRate)
		}
		return true, c.setExternalAmount(&li.TaxRate, &li.TaxedPrice, li.TotalPrice, a.ExternalTaxAmount)
	case "setCustomLineItemTaxRate", "setCustomLineItemTaxAmount":
		x, _, err := c.customLineItem(a.CustomLineItemID, a.CustomLineItemKey)
		if err != nil {
			return true, err
		}
		if a.Action == "setCustomLineItemTaxRate" {
			return true, c.setExternalRate(&x.TaxRate, a.ExternalTaxRate)
		}
		return true, c.setExternalAmount(&x.TaxRate, &x.TaxedPrice, x.TotalPrice, a.ExternalTaxAmount)
	case "setShippingMethodTaxRate", "setShippingMethodTaxAmount":
		s, err := c.shipView().info(a.ShippingKey)
		if err != nil {
			return true, err
		}
		if a.Action == "setShippingMethodTaxRate" {
			return true, c.setExternalRate(&s.TaxRate, a.ExternalTaxRate)
		}
		return true, c.setExternalAmount(&s.TaxRate, &s.TaxedPrice, s.Price, a.ExternalTaxAmount)
	case "setCartTotalTax":
		return true, c.setTotalTax(a.ExternalTotalGross, a.ExternalTaxPortions)
	default:
		return false, nil
	}
	return true, nil
}

// needMode refuses an action made for another tax mode.
func (c *Cart) needMode(mode, action string) error {
	if c.TaxMode != mode {
		return InvalidOperation("'%s' needs a cart in tax mode %s; this one is in %s.", action, mode, c.TaxMode)
	}
	return nil
}

// setExternalRate sets (or, without one, removes) a rate of an External cart.
func (c *Cart) setExternalRate(dst **TaxRate, d *TaxRateDraft) error {
	if err := c.needMode(TaxExternal, "externalTaxRate"); err != nil {
		return err
	}
	if d == nil {
		*dst = nil
		return nil
	}
	r, err := externalRate("externalTaxRate", *d)
	if err != nil {
		return err
	}
	*dst = &r
	return nil
}

func externalRate(field string, d TaxRateDraft) (TaxRate, error) {
	if d.Key != "" {
		return TaxRate{}, shapeError(field+".key", "an external tax rate has no key")
	}
	return NewTaxRate(field, d, "", true)
}

// setExternalAmount sets (or removes) the tax of an ExternalAmount cart's line item or shipping:
// the gross given for its price (the net), the difference shared by the rate's portions.
func (c *Cart) setExternalAmount(rate **TaxRate, taxed **TaxedPrice, net Money, d *ExternalTaxAmountDraft) error {
	if err := c.needMode(TaxExternalAmount, "externalTaxAmount"); err != nil {
		return err
	}
	if d == nil {
		*rate, *taxed = nil, nil
		return nil
	}
	if d.TaxRate == nil {
		return RequiredField("externalTaxAmount.taxRate")
	}
	if d.TotalGross == nil {
		return RequiredField("externalTaxAmount.totalGross")
	}
	r, err := externalRate("externalTaxAmount.taxRate", *d.TaxRate)
	if err != nil {
		return err
	}
	gross, err := c.cartMoney("externalTaxAmount.totalGross", *d.TotalGross)
	if err != nil {
		return err
	}
	if gross.CentAmount < net.CentAmount {
		return InvalidInput("externalTaxAmount.totalGross (%s) is less than the net price (%s).", gross, net)
	}
	ps := r.portions()
	amounts := make([]int64, len(ps))
	share(gross.CentAmount-net.CentAmount, ps, rateOf(r.Amount), amounts)
	t := taxedPrice(net.CentAmount, net.CurrencyCode, ps, amounts)
	*rate, *taxed = &r, &t
	return nil
}

// setTotalTax sets an ExternalAmount cart's taxed price: the gross given for its total price,
// the portions adding up to the difference exactly.
func (c *Cart) setTotalTax(grossDraft *MoneyDraft, portions []TaxPortionDraft) error {
	if err := c.needMode(TaxExternalAmount, "setCartTotalTax"); err != nil {
		return err
	}
	if grossDraft == nil {
		return RequiredField("externalTotalGross")
	}
	gross, err := c.cartMoney("externalTotalGross", *grossDraft)
	if err != nil {
		return err
	}
	net := c.TotalPrice
	t := TaxedPrice{TotalNet: net, TotalGross: gross, TaxPortions: []TaxPortion{}}
	tax := int64(0)
	for i, p := range portions {
		f := "externalTaxPortions[" + itoa(i) + "]"
		if _, err := millionths(f+".rate", p.Rate); err != nil {
			return err
		}
		m, err := c.cartMoney(f+".amount", p.Amount)
		if err != nil {
			return err
		}
		tax += m.CentAmount
		t.TaxPortions = append(t.TaxPortions, TaxPortion{Name: p.Name, Rate: p.Rate, Amount: m})
	}
	if net.CentAmount+tax != gross.CentAmount {
		return InvalidInput("externalTotalGross (%s) must be the cart's total price (%s) plus its externalTaxPortions (%d).", gross, net, tax)
	}
	total := NewMoney(net.CurrencyCode, tax)
	t.TotalTax = &total
	c.TaxedPrice = &t
	return nil
}

// cartMoney validates money in the cart's currency.
func (c *Cart) cartMoney(field string, d MoneyDraft) (Money, error) {
	m, err := d.Money(field)
	if err != nil {
		return Money{}, err
	}
	if m.CurrencyCode != c.TotalPrice.CurrencyCode {
		return Money{}, InvalidInput("%s is in %s; the cart is in %s.", field, m.CurrencyCode, c.TotalPrice.CurrencyCode)
	}
	return m, nil
}

// lineItemByIDOrKey finds a line item by id, else by key.
func (c *Cart) lineItemByIDOrKey(id, key string) (*LineItem, error) {
	if id == "" && key != "" {
		for i, li := range c.LineItems {
			if li.Key == key {
				return &c.LineItems[i], nil
			}
		}
		return nil, InvalidInput("The cart has no line item with the key '%s'.", key)
	}
	i, err := c.lineItem(id)
	if err != nil {
		return nil, err
	}
	return &c.LineItems[i], nil
}

// cartTaxFields are the fields of the cart's tax and shipping actions.
type cartTaxFields struct {
	TaxMode             string                  `json:"taxMode"`
	TaxRoundingMode     string                  `json:"taxRoundingMode"`
	TaxCalculationMode  string                  `json:"taxCalculationMode"`
	PriceRoundingMode   string                  `json:"priceRoundingMode"`
	ExternalTaxRate     *TaxRateDraft           `json:"externalTaxRate"`
	ExternalTaxAmount   *ExternalTaxAmountDraft `json:"externalTaxAmount"`
	ExternalTotalGross  *MoneyDraft             `json:"externalTotalGross"`
	ExternalTaxPortions []TaxPortionDraft       `json:"externalTaxPortions"`
	ShippingMethod      *ResourceIdentifier     `json:"shippingMethod"`
	ShippingMethodName  string                  `json:"shippingMethodName"`
	ShippingRate        *ShippingRateDraft      `json:"shippingRate"`
	TaxCategory         *ResourceIdentifier     `json:"taxCategory"`
}

// cartTaxActions are the cart's tax and shipping actions and their fields.
var cartTaxActions = ActionFields{
	"changeTaxMode":              {"taxMode"},
	"changeTaxRoundingMode":      {"taxRoundingMode"},
	"changeTaxCalculationMode":   {"taxCalculationMode"},
	"changePriceRoundingMode":    {"priceRoundingMode"},
	"setLineItemTaxRate":         {"lineItemId", "lineItemKey", "externalTaxRate"},
	"setLineItemTaxAmount":       {"lineItemId", "lineItemKey", "externalTaxAmount"},
	"setCustomLineItemTaxRate":   {"customLineItemId", "customLineItemKey", "externalTaxRate"},
	"setCustomLineItemTaxAmount": {"customLineItemId", "customLineItemKey", "externalTaxAmount"},
	"setShippingMethodTaxRate":   {"externalTaxRate", "shippingKey"},
	"setShippingMethodTaxAmount": {"externalTaxAmount", "shippingKey"},
	"setCartTotalTax":            {"externalTotalGross", "externalTaxPortions"},
	"setShippingMethod":          {"shippingMethod", "externalTaxRate", "estimatedDelivery"},
	"setCustomShippingMethod":    {"shippingMethodName", "shippingRate", "taxCategory", "externalTaxRate", "estimatedDelivery", "custom"},
}
