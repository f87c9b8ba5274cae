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
		return true, nil
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
	case "setPriceKey":
		return true, setKey(&price.Key, a.Key)
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
