package procura

import "encoding/json"

type productAction struct {
	Action    string              `json:"action"`
	Staged    *bool               `json:"staged"`
	VariantID int                 `json:"variantId"`
	SKU       string              `json:"sku"`
	PriceID   string              `json:"priceId"`
	Price     *PriceDraft         `json:"price"`
	Prices    []PriceDraft        `json:"prices"`
	Name      LocalizedString     `json:"name"`
	Key       *string             `json:"key"`
	Category  *ResourceIdentifier `json:"category"`
	OrderHint string              `json:"orderHint"`
}

// Apply applies one product update action: publish, unpublish, changeName, setKey, and the price
// actions addPrice, changePrice, removePrice, setPrices. Like the reference, changes go to the
// staged projection unless staged is false, which changes both.
func (p *Product) Apply(raw json.RawMessage, c Change) error {
	var a productAction
	if err := DecodeAction(raw, &a, productActions); err != nil {
		return err
	}
	switch a.Action {
	case "publish":
		p.MasterData.Current = p.MasterData.Staged.clone()
		p.MasterData.Published, p.MasterData.HasStagedChanges = true, false
		return nil
	case "unpublish":
		p.MasterData.Published = false
		return nil
	case "setKey":
		if k := deref(a.Key); k != "" {
			if err := CheckKey("key", k); err != nil {
				return err
			}
		}
		p.Key = deref(a.Key)
		return nil
	}
	targets := []*ProductData{&p.MasterData.Staged}
	if a.Staged != nil && !*a.Staged {
		targets = append(targets, &p.MasterData.Current)
	}
	if a.Action == "addToCategory" || a.Action == "removeFromCategory" {
		if a.Category == nil {
			return RequiredField("category")
		}
		ref, err := categoryRef(*a.Category, c.Categories)
		if err != nil {
			return err
		}
		a.Category = &ResourceIdentifier{ID: ref.ID}
	}
	var priceIDs []string // one id per new price, the same in both projections
	if a.Action == "addPrice" || a.Action == "setPrices" {
		for range len(a.Prices) + 1 {
			priceIDs = append(priceIDs, c.NewID())
		}
	}
	for _, d := range targets {
		if err := applyToData(d, a, priceIDs); err != nil {
			return err
		}
	}
	p.MasterData.HasStagedChanges = p.MasterData.HasStagedChanges || len(targets) == 1
	return nil
}

func applyToData(d *ProductData, a productAction, priceIDs []string) error {
	switch a.Action {
	case "changeName":
		if len(a.Name) == 0 {
			return RequiredField("name")
		}
		d.Name = a.Name
	case "addToCategory":
		return d.addToCategory(Reference{TypeID: TypeCategory, ID: a.Category.ID}, a.OrderHint)
	case "removeFromCategory":
		return d.removeFromCategory(Reference{TypeID: TypeCategory, ID: a.Category.ID})
	case "addPrice", "setPrices":
		v := d.Variant(a.VariantID, a.SKU)
		if v == nil {
			return InvalidInput("The product has no variant %s.", variantName(a))
		}
		drafts := a.Prices
		if a.Action == "addPrice" {
			if a.Price == nil {
				return RequiredField("price")
			}
			drafts = []PriceDraft{*a.Price}
		} else {
			v.Prices = []Price{}
		}
		for i, pd := range drafts {
			price, err := NewPrice("price", pd, priceIDs[i])
			if err != nil {
				return err
			}
			v.Prices = append(v.Prices, price)
		}
	case "changePrice", "removePrice":
		v, i := d.price(a.PriceID)
		if v == nil {
			return InvalidInput("The product has no price '%s'.", a.PriceID)
		}
		if a.Action == "removePrice" {
			v.Prices = append(v.Prices[:i], v.Prices[i+1:]...)
			return nil
		}
		if a.Price == nil {
			return RequiredField("price")
		}
		price, err := NewPrice("price", *a.Price, v.Prices[i].ID)
		if err != nil {
			return err
		}
		v.Prices[i] = price
	default:
		return UnknownAction(a.Action)
	}
	return nil
}

func variantName(a productAction) string {
	if a.SKU != "" {
		return "with SKU '" + a.SKU + "'"
	}
	b, _ := json.Marshal(a.VariantID)
	return string(b)
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

// productActions are the product update actions and their fields.
var productActions = ActionFields{
	"publish":            {},
	"unpublish":          {},
	"setKey":             {"key"},
	"changeName":         {"name", "staged"},
	"addPrice":           {"variantId", "sku", "price", "staged"},
	"setPrices":          {"variantId", "sku", "prices", "staged"},
	"changePrice":        {"priceId", "price", "staged"},
	"removePrice":        {"priceId", "variantId", "sku", "staged"},
	"addToCategory":      {"category", "orderHint", "staged"},
	"removeFromCategory": {"category", "staged"},
}
