package procura

import (
	"encoding/json"
	"regexp"
	"slices"
	"time"
)

// Type ids of the catalog.
const (
	TypeProduct     = "product"
	TypeProductType = "product-type"
	TypeSKU         = "sku" // not a resource: the name SKU references are indexed under
)

// ProductType describes a kind of product. Procura keeps its name and key.
type ProductType struct {
	Base
	Key         string `json:"key,omitempty"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Attributes  []any  `json:"attributes"`
}

// ProductTypeDraft creates a product type.
type ProductTypeDraft struct {
	Key         string `json:"key,omitempty"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

// NewProductType validates d and builds the product type.
func NewProductType(d ProductTypeDraft, id string, now time.Time) (*ProductType, error) {
	if d.Key != "" {
		if err := CheckKey("key", d.Key); err != nil {
			return nil, err
		}
	}
	if d.Name == "" {
		return nil, RequiredField("name")
	}
	t := &ProductType{Key: d.Key, Name: d.Name, Description: d.Description, Attributes: []any{}}
	t.Stamp(id, now)
	return t, nil
}

// Product is a sellable item with variants, in the reference's shape: the published data in
// masterData.current, the data being edited in masterData.staged.
type Product struct {
	Base
	Key         string             `json:"key,omitempty"`
	ProductType Reference          `json:"productType"`
	MasterData  ProductCatalogData `json:"masterData"`
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
	Images     []any       `json:"images"`
	Assets     List[any]   `json:"assets"`
	// Price is the selected price of a projection read with a price selection; never stored.
	Price *Price `json:"price,omitempty"`
}

// Attribute is a named value of a variant.
type Attribute struct {
	Name  string `json:"name"`
	Value any    `json:"value"`
}

// ProductDraft creates a product.
type ProductDraft struct {
	Key           string               `json:"key,omitempty"`
	ProductType   *ResourceIdentifier  `json:"productType"`
	Name          LocalizedString      `json:"name"`
	Slug          LocalizedString      `json:"slug"`
	Description   LocalizedString      `json:"description,omitempty"`
	MasterVariant *VariantDraft        `json:"masterVariant,omitempty"`
	Variants      []VariantDraft       `json:"variants,omitempty"`
	Categories    []ResourceIdentifier `json:"categories,omitempty"`
	Publish       bool                 `json:"publish,omitempty"`
}

// VariantDraft creates a variant.
type VariantDraft struct {
	SKU        string       `json:"sku,omitempty"`
	Key        string       `json:"key,omitempty"`
	Prices     []PriceDraft `json:"prices,omitempty"`
	Attributes []Attribute  `json:"attributes,omitempty"`
}

// MaxVariants bounds the variants of one product.
const MaxVariants = 100

var slugPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{2,256}$`)

// NewProduct validates d; productType is the resolved reference to the product's type.
func NewProduct(d ProductDraft, productType Reference, id string, c Change) (*Product, error) {
	if d.Key != "" {
		if err := CheckKey("key", d.Key); err != nil {
			return nil, err
		}
	}
	if len(d.Name) == 0 {
		return nil, RequiredField("name")
	}
	if len(d.Slug) == 0 {
		return nil, RequiredField("slug")
	}
	for _, s := range d.Slug {
		if !slugPattern.MatchString(s) {
			return nil, InvalidField("slug", s)
		}
	}
	if len(d.Variants)+1 > MaxVariants {
		return nil, LimitExceeded("product", "A product has at most %d variants.", MaxVariants)
	}
	data := ProductData{Name: d.Name, Slug: d.Slug, Description: d.Description, Categories: []Reference{}, SearchKeywords: map[string]any{}, Variants: []Variant{}}
	master := VariantDraft{}
	if d.MasterVariant != nil {
		master = *d.MasterVariant
	}
	seen := map[string]bool{}
	for i, vd := range append([]VariantDraft{master}, d.Variants...) {
		v, err := newVariant(i+1, vd, c.NewID)
		if err != nil {
			return nil, err
		}
		if v.SKU != "" && seen[v.SKU] {
			return nil, DuplicateField("sku", v.SKU)
		}
		seen[v.SKU] = true
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
		if err := data.addToCategory(ref, ""); err != nil {
			return nil, err
		}
	}
	p := &Product{Key: d.Key, ProductType: productType, MasterData: ProductCatalogData{Current: data, Staged: data.clone()}}
	if d.Publish {
		p.MasterData.Published = true
	}
	p.Stamp(id, c.Now)
	return p, nil
}

func newVariant(id int, d VariantDraft, newID func() string) (Variant, error) {
	v := Variant{ID: id, SKU: d.SKU, Key: d.Key, Prices: []Price{}, Attributes: d.Attributes, Images: []any{}}
	if v.Attributes == nil {
		v.Attributes = []Attribute{}
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
	return v, nil
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
