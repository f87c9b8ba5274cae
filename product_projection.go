package procura

import "time"

// ProductProjection is one view of a product, as storefronts read the catalog: its current
// (published) data, or its staged data, flattened beside the product's id, key and type.
type ProductProjection struct {
	ID                 string            `json:"id"`
	Version            int64             `json:"version"`
	CreatedAt          string            `json:"createdAt"`
	LastModifiedAt     string            `json:"lastModifiedAt"`
	Key                string            `json:"key,omitempty"`
	ProductType        Reference         `json:"productType"`
	Name               LocalizedString   `json:"name"`
	Description        LocalizedString   `json:"description,omitempty"`
	Slug               LocalizedString   `json:"slug"`
	Categories         List[Reference]   `json:"categories"`
	CategoryOrderHints map[string]string `json:"categoryOrderHints,omitempty"`
	MetaTitle          LocalizedString   `json:"metaTitle,omitempty"`
	MetaDescription    LocalizedString   `json:"metaDescription,omitempty"`
	MetaKeywords       LocalizedString   `json:"metaKeywords,omitempty"`
	SearchKeywords     map[string]any    `json:"searchKeywords"`
	PriceMode          string            `json:"priceMode,omitempty"`
	HasStagedChanges   bool              `json:"hasStagedChanges"`
	Published          bool              `json:"published"`
	MasterVariant      Variant           `json:"masterVariant"`
	Variants           []Variant         `json:"variants"`
	Attributes         List[Attribute]   `json:"attributes"`
}

// PriceSelection asks a projection to carry, per variant, the price a cart in this currency
// and country would get (the reference's priceCurrency and priceCountry; without a currency,
// none). Procura's prices have no customer group or channel, so a selection that names them
// selects as without them.
type PriceSelection struct {
	Currency, Country string
	Now               time.Time
}

// Projection returns the product's staged or current view, with each variant's selected price
// when sel names a currency.
func (p *Product) Projection(staged bool, sel PriceSelection) *ProductProjection {
	data := p.MasterData.Current.clone()
	if staged {
		data = p.MasterData.Staged.clone()
	}
	out := &ProductProjection{ID: p.ID, Version: p.Version, CreatedAt: p.CreatedAt, LastModifiedAt: p.LastModifiedAt,
		Key: p.Key, ProductType: p.ProductType, Name: data.Name, Description: data.Description, Slug: data.Slug,
		Categories: List[Reference](data.Categories), CategoryOrderHints: data.CategoryOrderHints, SearchKeywords: data.SearchKeywords,
		MetaTitle: data.MetaTitle, MetaDescription: data.MetaDescription, MetaKeywords: data.MetaKeywords, PriceMode: p.PriceMode,
		HasStagedChanges: p.MasterData.HasStagedChanges, Published: p.MasterData.Published,
		MasterVariant: data.MasterVariant, Variants: data.Variants, Attributes: data.Attributes}
	if out.SearchKeywords == nil {
		out.SearchKeywords = map[string]any{}
	}
	if sel.Currency != "" {
		for _, v := range append([]*Variant{&out.MasterVariant}, variantPtrs(out.Variants)...) {
			v.Price = SelectPrice(v.Prices, sel.Currency, sel.Country, sel.Now)
		}
	}
	return out
}

func variantPtrs(vs []Variant) []*Variant {
	out := make([]*Variant, len(vs))
	for i := range vs {
		out[i] = &vs[i]
	}
	return out
}
