package procura

import "strings"

// applyToPrices applies a price action to one projection; handled reports whether it was one.
func applyToPrices(d *ProductData, a productAction, ids *idList) (handled bool, err error) {
	switch a.Action {
	case "addPrice", "setPrices":
		v := d.Variant(a.VariantID, a.SKU)
		if v == nil {
			return true, InvalidInput("The product has no variant %s.", variantName(a.SKU, a.VariantID))
		}
		drafts := a.Prices
		if a.Action == "addPrice" {
			if a.Price == nil {
				return true, RequiredField("price")
			}
			drafts = []PriceDraft{*a.Price}
		} else {
			v.Prices = []Price{}
		}
		for _, pd := range drafts {
			price, err := NewPrice("price", pd, ids.next())
			if err != nil {
				return true, err
			}
			v.Prices = append(v.Prices, price)
		}
		return true, checkPrices(v.Prices)
	case "changePrice", "removePrice", "setPriceKey", "setDiscountedPrice", "setProductPriceCustomType", "setProductPriceCustomField":
	default:
		return false, nil
	}
	v, i := d.price(a.PriceID)
	if v == nil {
		return true, InvalidInput("The product has no price '%s'.", a.PriceID)
	}
	price := &v.Prices[i]
	switch a.Action {
	case "removePrice":
		v.Prices = append(v.Prices[:i], v.Prices[i+1:]...)
	case "changePrice":
		if a.Price == nil {
			return true, RequiredField("price")
		}
		changed, err := NewPrice("price", *a.Price, price.ID)
		if err != nil {
			return true, err
		}
		*price = changed
		return true, checkPrices(v.Prices)
	case "setPriceKey":
		if err := setKey(&price.Key, a.Key); err != nil {
			return true, err
		}
		return true, checkPrices(v.Prices)
	case "setDiscountedPrice":
		if a.Discounted != nil {
			return true, Unsupported("discounted", a.Discounted, "product discounts")
		}
	default:
		name, _ := plainName(a)
		return true, customAction{Type: a.Type, Fields: a.Fields, Name: name, Value: a.Value}.apply(strings.Replace(a.Action, "ProductPrice", "", 1), &price.Custom)
	}
	return true, nil
}

// price finds the variant holding the price id and the price's index.
func (d *ProductData) price(id string) (*Variant, int) {
	for _, v := range d.AllVariants() {
		for i, p := range v.Prices {
			if p.ID == id {
				return v, i
			}
		}
	}
	return nil, -1
}

// checkPrices refuses two prices of a variant with one key (DuplicatePriceKey), or with one
// scope, currency and country, whose validity windows overlap (DuplicatePriceScope): the
// reference's rule, under which a price of a scope applies at any time at most once. The error
// names the price that was there first.
func checkPrices(prices []Price) error {
	for i, p := range prices {
		for _, q := range prices[:i] {
			if p.Key != "" && p.Key == q.Key {
				return newError(CodeDuplicatePriceKey, "Duplicate price key: "+p.Key+". The price key must be unique per variant.",
					"conflictingPrice", q)
			}
			if p.Value.CurrencyCode == q.Value.CurrencyCode && p.Country == q.Country && overlap(p, q) {
				scope := p.Value.CurrencyCode
				if p.Country != "" {
					scope += " " + p.Country
				}
				return newError(CodeDuplicatePriceScope, "Duplicate price scope: "+scope+". The combination of currency, country, customerGroup and channel must be unique for each price of a product variant, unless their validity periods do not overlap.",
					"conflictingPrice", q)
			}
		}
	}
	return nil
}

// overlap reports whether the validity windows of two prices share a moment (no bound: open).
func overlap(p, q Price) bool {
	return (p.ValidUntil == "" || q.ValidFrom == "" || before(q.ValidFrom, p.ValidUntil)) &&
		(q.ValidUntil == "" || p.ValidFrom == "" || before(p.ValidFrom, q.ValidUntil))
}
