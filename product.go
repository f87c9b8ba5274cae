package procura

import (
	"encoding/json"
	"regexp"
	"slices"
)

// Type ids of the catalog.
const (
	TypeProduct     = "product"
	TypeProductType = "product-type"
	TypeSKU         = "sku" // not a resource: the name SKU references are indexed under
)

// Product is a sellable item with variants, in the reference's shape: the published data in
// masterData.current, the data being edited in masterData.staged.
type Product struct {
	Base
	Key         string             `json:"key,omitempty"`
	ProductType Reference          `json:"productType"`
	MasterData  ProductCatalogData `json:"masterData"`
	PriceMode   string             `json:"priceMode,omitempty"`
	TaxCategory *Reference         `json:"taxCategory,omitempty"`
	State       *Reference         `json:"state,omitempty"` // its workflow state (the States resource)
}

// ProductCatalogData holds the current and the staged projection of a product.
type ProductCatalogData struct {
	Published        bool        `json:"published"`
	HasStagedChanges bool        `json:"hasStagedChanges"`
	Current          ProductData `json:"current"`
	Staged           ProductData `json:"staged"`
}

// ProductData is one projection of a product.
type ProductData struct {
	Name        LocalizedString `json:"name"`
	Slug        LocalizedString `json:"slug"`
	Description LocalizedString `json:"description,omitempty"`
	Categories  []Reference     `json:"categories"`
	// CategoryOrderHints orders the product within its categories (by category id).
	CategoryOrderHints map[string]string `json:"categoryOrderHints,omitempty"`
	MetaTitle          LocalizedString   `json:"metaTitle,omitempty"`
	MetaDescription    LocalizedString   `json:"metaDescription,omitempty"`
	MetaKeywords       LocalizedString   `json:"metaKeywords,omitempty"`
	MasterVariant      Variant           `json:"masterVariant"`
	Variants           []Variant         `json:"variants"`
	Attributes         List[Attribute]   `json:"attributes"`
	SearchKeywords     map[string]any    `json:"searchKeywords"`
}

// Variant is one variant of a product: a SKU with its prices and attributes.
type Variant struct {
	ID         int         `json:"id"`
	SKU        string      `json:"sku,omitempty"`
	Key        string      `json:"key,omitempty"`
	Prices     []Price     `json:"prices"`
	Attributes []Attribute `json:"attributes"`
	Images     List[Image] `json:"images"`
	Assets     List[Asset] `json:"assets"`
	// Price is the selected price of a projection read with a price selection; never stored.
	Price *Price `json:"price,omitempty"`
}

// Image is a picture of a variant, hosted elsewhere.
type Image struct {
	URL        string          `json:"url"`
	Dimensions ImageDimensions `json:"dimensions"`
	Label      string          `json:"label,omitempty"`
}

// ImageDimensions is the size of an image in pixels.
type ImageDimensions struct {
	W int `json:"w"`
	H int `json:"h"`
}

// Attribute is a named value of a product or a variant.
type Attribute struct {
	Name  string `json:"name"`
	Value any    `json:"value"`
}

// ProductDraft creates a product.
type ProductDraft struct {
	Key                string               `json:"key,omitempty"`
	ProductType        *ResourceIdentifier  `json:"productType"`
	Name               LocalizedString      `json:"name"`
	Slug               LocalizedString      `json:"slug"`
	Description        LocalizedString      `json:"description,omitempty"`
	MetaTitle          LocalizedString      `json:"metaTitle,omitempty"`
	MetaDescription    LocalizedString      `json:"metaDescription,omitempty"`
	MetaKeywords       LocalizedString      `json:"metaKeywords,omitempty"`
	SearchKeywords     map[string]any       `json:"searchKeywords,omitempty"`
	MasterVariant      *VariantDraft        `json:"masterVariant,omitempty"`
	Variants           []VariantDraft       `json:"variants,omitempty"`
	Attributes         []Attribute          `json:"attributes,omitempty"`
	Categories         []ResourceIdentifier `json:"categories,omitempty"`
	CategoryOrderHints map[string]string    `json:"categoryOrderHints,omitempty"`
	PriceMode          string               `json:"priceMode,omitempty"`
	Publish            bool                 `json:"publish,omitempty"`
	TaxCategory        *ResourceIdentifier  `json:"taxCategory,omitempty"`
	// State is the product's first workflow state: one of type ProductState.
	State *ResourceIdentifier `json:"state,omitempty"`
}

// VariantDraft creates a variant.
type VariantDraft struct {
	SKU        string       `json:"sku,omitempty"`
	Key        string       `json:"key,omitempty"`
	Prices     []PriceDraft `json:"prices,omitempty"`
	Attributes []Attribute  `json:"attributes,omitempty"`
	Images     []Image      `json:"images,omitempty"`
	Assets     []AssetDraft `json:"assets,omitempty"`
}

// MaxVariants bounds the variants of one product.
const MaxVariants = 100

var slugPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{2,256}$`)

// checkSlug validates the slug of a product or a category: one in a language at least.
func checkSlug(slug LocalizedString) error {
	if len(slug) == 0 {
		return RequiredField("slug")
	}
	for _, s := range slug {
		if !slugPattern.MatchString(s) {
			return InvalidField("slug", s)
		}
	}
	return nil
}

// NewProduct validates d against the product's type t.
func NewProduct(d ProductDraft, t *ProductType, id string, c Change) (*Product, error) {
	if err := checkPriceMode(d.PriceMode); err != nil {
		return nil, err
	}
	if d.Key != "" {
		if err := CheckKey("key", d.Key); err != nil {
			return nil, err
		}
	}
	if len(d.Name) == 0 {
		return nil, RequiredField("name")
	}
	if err := checkSlug(d.Slug); err != nil {
		return nil, err
	}
	if len(d.Variants)+1 > MaxVariants {
		return nil, LimitExceeded("product", "A product has at most %d variants.", MaxVariants)
	}
	data := ProductData{Name: d.Name, Slug: d.Slug, Description: d.Description, Categories: []Reference{},
		MetaTitle: d.MetaTitle, MetaDescription: d.MetaDescription, MetaKeywords: d.MetaKeywords,
		SearchKeywords: map[string]any{}, Variants: []Variant{}, Attributes: d.Attributes}
	if d.SearchKeywords != nil {
		if err := setSearchKeywords(&data, d.SearchKeywords); err != nil {
			return nil, err
		}
	}
	master := VariantDraft{}
	if d.MasterVariant != nil {
		master = *d.MasterVariant
	}
	for i, vd := range append([]VariantDraft{master}, d.Variants...) {
		v, err := newVariant(i+1, vd, c.NewID)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			data.MasterVariant = v
		} else {
			data.Variants = append(data.Variants, v)
		}
	}
	for _, ri := range d.Categories {
		ref, err := categoryRef(ri, c.Categories)
		if err != nil {
			return nil, err
		}
		if err := data.addToCategory(ref, d.CategoryOrderHints[ref.ID]); err != nil {
			return nil, err
		}
	}
	for id := range d.CategoryOrderHints {
		if _, ok := data.CategoryOrderHints[id]; !ok {
			return nil, InvalidInput("The product is not in the category '%s' its categoryOrderHints name.", id)
		}
	}
	if err := data.checkVariants(); err != nil {
		return nil, err
	}
	if err := t.checkAttributes(&data, heldAttributes{}); err != nil {
		return nil, err
	}
	p := &Product{Key: d.Key, ProductType: Reference{TypeID: TypeProductType, ID: t.ID}, PriceMode: d.PriceMode,
		MasterData: ProductCatalogData{Current: data, Staged: data.clone()}}
	if d.Publish {
		p.MasterData.Published = true
	}
	if err := p.setTaxCategory(d.TaxCategory, c); err != nil {
		return nil, err
	}
	if d.State != nil { // a first state: any of the type, as an order's draft takes one
		ref, err := c.Workflow.Transition(StateProduct, nil, d.State, true)
		if err != nil {
			return nil, err
		}
		p.State = ref
	}
	p.Stamp(id, c.Now)
	return p, nil
}

func newVariant(id int, d VariantDraft, newID func() string) (Variant, error) {
	v := Variant{ID: id, SKU: d.SKU, Key: d.Key, Prices: []Price{}, Attributes: d.Attributes, Images: List[Image]{}, Assets: List[Asset]{}}
	if v.Attributes == nil {
		v.Attributes = []Attribute{}
	}
	if d.Key != "" {
		if err := CheckKey("key", d.Key); err != nil {
			return v, err
		}
	}
	for _, img := range d.Images {
		if err := v.addImage(img); err != nil {
			return v, err
		}
	}
	assets, err := newAssets(d.Assets, newID)
	if err != nil {
		return v, err
	}
	if assets != nil {
		v.Assets = assets
	}
	if d.SKU != "" && (len(d.SKU) > 256 || !skuPattern.MatchString(d.SKU)) {
		return v, InvalidField("sku", d.SKU)
	}
	for _, pd := range d.Prices {
		p, err := NewPrice("prices", pd, newID())
		if err != nil {
			return v, err
		}
		v.Prices = append(v.Prices, p)
	}
	return v, checkPrices(v.Prices)
}

var skuPattern = regexp.MustCompile(`^[^\s]+$`)

// clone returns a deep copy, so that staged and current never share slices.
func (d ProductData) clone() ProductData {
	var c ProductData
	raw, _ := json.Marshal(d)
	_ = json.Unmarshal(raw, &c)
	return c
}

// AllVariants returns the master variant followed by the others.
func (d *ProductData) AllVariants() []*Variant {
	out := []*Variant{&d.MasterVariant}
	for i := range d.Variants {
		out = append(out, &d.Variants[i])
	}
	return out
}

// Variant finds a variant by id, or by SKU when sku is set.
func (d *ProductData) Variant(id int, sku string) *Variant {
	for _, v := range d.AllVariants() {
		if (sku != "" && v.SKU == sku) || (sku == "" && v.ID == id) {
			return v
		}
	}
	return nil
}

// SKUs returns every SKU of the product, staged or current.
func (p *Product) SKUs() []string {
	var out []string
	seen := map[string]bool{}
	for _, d := range []*ProductData{&p.MasterData.Current, &p.MasterData.Staged} {
		for _, v := range d.AllVariants() {
			if v.SKU != "" && !seen[v.SKU] {
				seen[v.SKU] = true
				out = append(out, v.SKU)
			}
		}
	}
	return out
}

// categoryRef resolves a category a draft or an action names.
func categoryRef(ri ResourceIdentifier, l Categories) (Reference, error) {
	if l == nil {
		return Reference{}, InvalidInput("Categories cannot be resolved here.")
	}
	c, err := l.Category("category", ri)
	if err != nil {
		return Reference{}, err
	}
	return Reference{TypeID: TypeCategory, ID: c.ID}, nil
}

// addToCategory puts the product's data in a category it is not in yet, at orderHint ("" for
// none) among the category's products.
func (d *ProductData) addToCategory(ref Reference, orderHint string) error {
	for _, r := range d.Categories {
		if r.ID == ref.ID {
			return InvalidOperation("The product is already in the category '%s'.", ref.ID)
		}
	}
	if orderHint != "" {
		if err := checkOrderHint(orderHint); err != nil {
			return err
		}
		if d.CategoryOrderHints == nil {
			d.CategoryOrderHints = map[string]string{}
		}
		d.CategoryOrderHints[ref.ID] = orderHint
	}
	d.Categories = append(d.Categories, ref)
	return nil
}

// removeFromCategory takes the product's data out of a category it is in.
func (d *ProductData) removeFromCategory(ref Reference) error {
	for i, r := range d.Categories {
		if r.ID == ref.ID {
			d.Categories = append(d.Categories[:i], d.Categories[i+1:]...)
			delete(d.CategoryOrderHints, ref.ID)
			return nil
		}
	}
	return InvalidOperation("The product is not in the category '%s'.", ref.ID)
}

// CategoryIDs returns the categories of the product, staged or current.
func (p *Product) CategoryIDs() []string {
	var out []string
	for _, d := range []*ProductData{&p.MasterData.Current, &p.MasterData.Staged} {
		for _, r := range d.Categories {
			if !slices.Contains(out, r.ID) {
				out = append(out, r.ID)
			}
		}
	}
	return out
}
