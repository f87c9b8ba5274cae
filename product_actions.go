package procura

import (
	"encoding/json"
	"slices"
)

type productAction struct {
	Action          string              `json:"action"`
	Staged          *bool               `json:"staged"`
	Scope           string              `json:"scope"`
	ID              int                 `json:"id"`
	VariantID       int                 `json:"variantId"`
	SKU             string              `json:"sku"`
	Key             *string             `json:"key"`
	PriceID         string              `json:"priceId"`
	Price           *PriceDraft         `json:"price"`
	Prices          []PriceDraft        `json:"prices"`
	Name            json.RawMessage     `json:"name"`
	Value           any                 `json:"value"`
	Attributes      []Attribute         `json:"attributes"`
	Slug            LocalizedString     `json:"slug"`
	Description     LocalizedString     `json:"description"`
	MetaTitle       LocalizedString     `json:"metaTitle"`
	MetaDescription LocalizedString     `json:"metaDescription"`
	MetaKeywords    LocalizedString     `json:"metaKeywords"`
	SearchKeywords  map[string]any      `json:"searchKeywords"`
	Category        *ResourceIdentifier `json:"category"`
	CategoryID      string              `json:"categoryId"`
	OrderHint       string              `json:"orderHint"`
	Image           *Image              `json:"image"`
	Images          []Image             `json:"images"`
	ImageURL        string              `json:"imageUrl"`
	Label           *string             `json:"label"`
	Position        *int                `json:"position"`
	Assets          []AssetDraft        `json:"assets"`
	Type            *ResourceIdentifier `json:"type"`
	Fields          map[string]any      `json:"fields"`
	PriceMode       *string             `json:"priceMode"`
	TaxCategory     *ResourceIdentifier `json:"taxCategory"`
	State           *ResourceIdentifier `json:"state"`
	Force           bool                `json:"force"`
	Discounted      any                 `json:"discounted"`
	Variant         *ResourceIdentifier `json:"variant"`
	assetFields
	newVariantID int // the id addVariant gives, the same in both projections
}

// Apply applies one product update action of the reference to a product of the type t. Like the
// reference, changes go to the staged projection unless staged is false, which changes both; the
// actions of features Procura lacks (tax categories, states, product discounts) are refused.
func (p *Product) Apply(raw json.RawMessage, t *ProductType, c Change) error {
	var a productAction
	if err := DecodeAction(raw, &a, productActions); err != nil {
		return err
	}
	md := &p.MasterData
	switch a.Action {
	case "publish":
		return p.publish(a.Scope)
	case "unpublish":
		md.Published = false
		return nil
	case "setKey":
		return setKey(&p.Key, a.Key)
	case "revertStagedChanges":
		md.Staged, md.HasStagedChanges = md.Current.clone(), false
		return nil
	case "revertStagedVariantChanges":
		return p.revertVariant(a.VariantID)
	case "setPriceMode":
		if err := checkPriceMode(deref(a.PriceMode)); err != nil {
			return err
		}
		p.PriceMode = deref(a.PriceMode)
		return nil
	case "setTaxCategory":
		return p.setTaxCategory(a.TaxCategory, c)
	case "transitionState":
		ref, err := c.Workflow.Transition(StateProduct, p.State, a.State, a.Force)
		if err == nil {
			p.State = ref
		}
		return err
	case "setDefaultVariant":
		if a.Variant != nil {
			return Unsupported("variant", a.Variant.IDOrKey(), "default variants")
		}
		return nil
	}
	targets := []*ProductData{&md.Staged}
	if a.Staged != nil && !*a.Staged {
		targets = append(targets, &md.Current)
	}
	if a.Category != nil {
		ref, err := categoryRef(*a.Category, c.Categories)
		if err != nil {
			return err
		}
		a.Category = &ResourceIdentifier{ID: ref.ID}
	}
	a.newVariantID = p.nextVariantID()
	held := p.heldAttributes()     // what the action does not change is not checked again
	ids := &idList{newID: c.NewID} // one id per new price or asset, the same in both projections
	for _, d := range targets {
		ids.i = 0
		if err := applyToData(d, a, ids); err != nil {
			return err
		}
		if err := d.checkVariants(); err != nil {
			return err
		}
		if t != nil {
			if err := t.checkAttributes(d, held); err != nil {
				return err
			}
		}
	}
	md.HasStagedChanges = md.HasStagedChanges || len(targets) == 1
	return nil
}

// publish makes the staged data current: all of it, or with scope Prices only the prices.
func (p *Product) publish(scope string) error {
	md := &p.MasterData
	switch scope {
	case "", "All":
		md.Current = md.Staged.clone()
		md.HasStagedChanges = false
	case "Prices":
		staged := md.Staged.clone()
		for _, v := range md.Current.AllVariants() {
			if s := staged.Variant(v.ID, ""); s != nil {
				v.Prices = s.Prices
			}
		}
	default:
		return InvalidField("scope", scope, "All", "Prices")
	}
	md.Published = true
	return nil
}

// idList hands out ids: made on the first projection an action changes, reused on the second.
type idList struct {
	ids   []string
	i     int
	newID func() string
}

func (l *idList) next() string {
	if l.i == len(l.ids) {
		l.ids = append(l.ids, l.newID())
	}
	l.i++
	return l.ids[l.i-1]
}

func applyToData(d *ProductData, a productAction, ids *idList) error {
	if handled, err := applyToVariants(d, a, ids); handled {
		return err
	}
	if handled, err := applyToPrices(d, a, ids); handled {
		return err
	}
	switch a.Action {
	case "changeName":
		name, err := localizedName(a)
		if err != nil || len(name) == 0 {
			return RequiredField("name")
		}
		d.Name = name
	case "changeSlug":
		if err := checkSlug(a.Slug); err != nil {
			return err
		}
		d.Slug = a.Slug
	case "setDescription":
		d.Description = a.Description
	case "setMetaTitle":
		d.MetaTitle = a.MetaTitle
	case "setMetaDescription":
		d.MetaDescription = a.MetaDescription
	case "setMetaKeywords":
		d.MetaKeywords = a.MetaKeywords
	case "setSearchKeywords":
		if a.SearchKeywords == nil {
			return RequiredField("searchKeywords")
		}
		return setSearchKeywords(d, a.SearchKeywords)
	case "addToCategory":
		return d.addToCategory(Reference{TypeID: TypeCategory, ID: a.Category.ID}, a.OrderHint)
	case "removeFromCategory":
		return d.removeFromCategory(Reference{TypeID: TypeCategory, ID: a.Category.ID})
	case "setCategoryOrderHint":
		return d.setCategoryOrderHint(a.CategoryID, a.OrderHint)
	case "setProductAttribute":
		name, err := plainName(a)
		if err != nil {
			return err
		}
		d.Attributes = setAttribute(d.Attributes, name, a.Value)
	case "setAttribute", "setAttributeInAllVariants":
		name, err := plainName(a)
		if err != nil {
			return err
		}
		variants := d.AllVariants()
		if a.Action == "setAttribute" {
			v := d.Variant(a.VariantID, a.SKU)
			if v == nil {
				return InvalidInput("The product has no variant %s.", variantName(a.SKU, a.VariantID))
			}
			variants = []*Variant{v}
		}
		for _, v := range variants {
			v.Attributes = setAttribute(cloneAttributes(v.Attributes), name, a.Value)
		}
	default:
		v := d.Variant(a.VariantID, a.SKU)
		if v == nil {
			return InvalidInput("The product has no variant %s.", variantName(a.SKU, a.VariantID))
		}
		if handled, err := applyToMedia(v, a, ids); handled {
			return err
		}
		return UnknownAction(a.Action)
	}
	return nil
}

// localizedName reads the name of changeName and changeAssetName.
func localizedName(a productAction) (LocalizedString, error) {
	var name LocalizedString
	if len(a.Name) == 0 {
		return nil, nil
	}
	return name, DecodeJSON(a.Name, &name)
}

// plainName reads the name of the attribute and custom field actions.
func plainName(a productAction) (string, error) {
	var name string
	if len(a.Name) == 0 {
		return "", RequiredField("name")
	}
	if err := DecodeJSON(a.Name, &name); err != nil || name == "" {
		return "", RequiredField("name")
	}
	return name, nil
}

// setCategoryOrderHint orders the product within a category it is in ("" removes the hint).
func (d *ProductData) setCategoryOrderHint(id, hint string) error {
	if !slices.ContainsFunc(d.Categories, func(r Reference) bool { return r.ID == id }) {
		return InvalidOperation("The product is not in the category '%s'.", id)
	}
	if hint == "" {
		delete(d.CategoryOrderHints, id)
		return nil
	}
	if err := checkOrderHint(hint); err != nil {
		return err
	}
	if d.CategoryOrderHints == nil {
		d.CategoryOrderHints = map[string]string{}
	}
	d.CategoryOrderHints[id] = hint
	return nil
}

// SearchKeyword is a word a product is found by in one language.
type SearchKeyword struct {
	Text             string `json:"text"`
	SuggestTokenizer any    `json:"suggestTokenizer,omitempty"`
}

// setSearchKeywords validates search keywords (by language, lists of {text}) and sets them.
func setSearchKeywords(d *ProductData, kws map[string]any) error {
	var typed map[string][]SearchKeyword
	if err := redecode(kws, &typed); err != nil {
		return InvalidField("searchKeywords", kws)
	}
	for lang, list := range typed {
		if err := checkLocale("searchKeywords", lang); err != nil {
			return err
		}
		for _, kw := range list {
			if kw.Text == "" {
				return RequiredField("searchKeywords." + lang + ".text")
			}
		}
	}
	raw, _ := json.Marshal(typed)
	d.SearchKeywords = map[string]any{}
	return json.Unmarshal(raw, &d.SearchKeywords)
}

// checkPriceMode accepts Embedded prices; Standalone prices are a feature Procura lacks.
func checkPriceMode(mode string) error {
	switch mode {
	case "", "Embedded":
		return nil
	case "Standalone":
		return Unsupported("priceMode", mode, "standalone prices")
	}
	return InvalidField("priceMode", mode, "Embedded", "Standalone")
}

// productActions are the product update actions and their fields.
var productActions = withActions(assetActionFields("variantId", "sku", "staged"), ActionFields{
	"publish":                    {"scope"},
	"unpublish":                  {},
	"setKey":                     {"key"},
	"revertStagedChanges":        {},
	"revertStagedVariantChanges": {"variantId"},
	"setPriceMode":               {"priceMode"},
	"setTaxCategory":             {"taxCategory"},
	"transitionState":            {"state", "force"},
	"setDefaultVariant":          {"variant", "staged"},
	"changeName":                 {"name", "staged"},
	"changeSlug":                 {"slug", "staged"},
	"setDescription":             {"description", "staged"},
	"setMetaTitle":               {"metaTitle", "staged"},
	"setMetaDescription":         {"metaDescription", "staged"},
	"setMetaKeywords":            {"metaKeywords", "staged"},
	"setSearchKeywords":          {"searchKeywords", "staged"},
	"addToCategory":              {"category", "orderHint", "staged"},
	"removeFromCategory":         {"category", "staged"},
	"setCategoryOrderHint":       {"categoryId", "orderHint", "staged"},
	"setProductAttribute":        {"name", "value", "staged"},
	"setAttribute":               {"variantId", "sku", "name", "value", "staged"},
	"setAttributeInAllVariants":  {"name", "value", "staged"},
	"addVariant":                 {"sku", "key", "prices", "images", "attributes", "assets", "staged"},
	"removeVariant":              {"id", "sku", "staged"},
	"changeMasterVariant":        {"variantId", "sku", "staged"},
	"setSku":                     {"variantId", "sku", "staged"},
	"setSKU":                     {"variantId", "sku"},
	"setProductVariantKey":       {"variantId", "sku", "key", "staged"},
	"addPrice":                   {"variantId", "sku", "price", "staged"},
	"setPrices":                  {"variantId", "sku", "prices", "staged"},
	"changePrice":                {"priceId", "price", "staged"},
	"removePrice":                {"priceId", "price", "variantId", "sku", "staged"},
	"setPriceKey":                {"priceId", "key", "staged"},
	"setDiscountedPrice":         {"priceId", "discounted", "staged"},
	"setProductPriceCustomType":  {"priceId", "type", "fields", "staged"},
	"setProductPriceCustomField": {"priceId", "name", "value", "staged"},
	"addExternalImage":           {"variantId", "sku", "image", "staged"},
	"removeImage":                {"variantId", "sku", "imageUrl", "staged"},
	"moveImageToPosition":        {"variantId", "sku", "imageUrl", "position", "staged"},
	"setImageLabel":              {"variantId", "sku", "imageUrl", "label", "staged"},
})
