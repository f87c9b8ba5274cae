package procura

import (
	"slices"
	"strconv"
)

// The variant actions of products: addVariant, removeVariant, changeMasterVariant, setSku (and
// the older setSKU), setProductVariantKey, revertStagedVariantChanges.

// checkVariants refuses two variants of one projection with the same SKU or the same key.
func (d *ProductData) checkVariants() error {
	skus, keys := map[string]bool{}, map[string]bool{}
	for _, v := range d.AllVariants() {
		if v.SKU != "" && skus[v.SKU] {
			return DuplicateField("sku", v.SKU)
		}
		if v.Key != "" && keys[v.Key] {
			return DuplicateField("key", v.Key)
		}
		skus[v.SKU], keys[v.Key] = true, true
	}
	return nil
}

// nextVariantID is the id a new variant gets: one more than any variant of either projection has.
func (p *Product) nextVariantID() int {
	next := 1
	for _, d := range []*ProductData{&p.MasterData.Current, &p.MasterData.Staged} {
		for _, v := range d.AllVariants() {
			next = max(next, v.ID+1)
		}
	}
	return next
}

// applyToVariants applies a variant action to one projection; handled reports whether it was one.
func applyToVariants(d *ProductData, a productAction, ids *idList) (handled bool, err error) {
	switch a.Action {
	case "addVariant":
		if len(d.Variants)+1 >= MaxVariants {
			return true, LimitExceeded("product", "A product has at most %d variants.", MaxVariants)
		}
		vd := VariantDraft{SKU: a.SKU, Key: deref(a.Key), Prices: a.Prices, Attributes: cloneAttributes(a.Attributes), Images: a.Images, Assets: a.Assets}
		v, err := newVariant(a.newVariantID, vd, ids.next)
		if err == nil {
			d.Variants = append(d.Variants, v)
		}
		return true, err
	case "removeVariant":
		id := a.ID
		if a.SKU != "" {
			id = 0
		}
		v := d.Variant(id, a.SKU)
		if v == nil {
			return true, InvalidInput("The product has no variant %s.", variantName(a.SKU, a.ID))
		}
		if v == &d.MasterVariant {
			return true, InvalidOperation("The master variant cannot be removed: make another variant the master first.")
		}
		d.Variants = slices.DeleteFunc(d.Variants, func(x Variant) bool { return x.ID == v.ID })
		return true, nil
	case "changeMasterVariant":
		v := d.Variant(a.VariantID, a.SKU)
		if v == nil {
			return true, InvalidInput("The product has no variant %s.", variantName(a.SKU, a.VariantID))
		}
		if v == &d.MasterVariant {
			return true, nil
		}
		master, old := *v, d.MasterVariant
		d.Variants = append(slices.DeleteFunc(d.Variants, func(x Variant) bool { return x.ID == master.ID }), old)
		d.MasterVariant = master
		return true, nil
	case "setSku", "setSKU", "setProductVariantKey":
		v := d.Variant(a.VariantID, a.SKU)
		if a.Action != "setProductVariantKey" {
			v = d.Variant(a.VariantID, "")
		}
		if v == nil {
			return true, InvalidInput("The product has no variant %s.", variantName(a.SKU, a.VariantID))
		}
		if a.Action == "setProductVariantKey" {
			return true, setKey(&v.Key, a.Key)
		}
		if a.SKU != "" && (len(a.SKU) > 256 || !skuPattern.MatchString(a.SKU)) {
			return true, InvalidField("sku", a.SKU)
		}
		v.SKU = a.SKU
		return true, nil
	}
	return false, nil
}

// cloneAttributes copies a list of attributes, so that two projections never share one.
func cloneAttributes(list []Attribute) []Attribute {
	return append([]Attribute{}, list...)
}

// revertVariant makes the staged variant id what it is in the current data again.
func (p *Product) revertVariant(id int) error {
	md := &p.MasterData
	staged, current := md.Staged.Variant(id, ""), md.Current.Variant(id, "")
	if staged == nil || current == nil {
		return InvalidInput("The product has no variant %d in both its staged and its current data.", id)
	}
	*staged = cloneVariant(*current)
	return nil
}

// cloneVariant returns a deep copy of v.
func cloneVariant(v Variant) Variant {
	d := ProductData{MasterVariant: v}
	return d.clone().MasterVariant
}

func variantName(sku string, id int) string {
	if sku != "" {
		return "with SKU '" + sku + "'"
	}
	return strconv.Itoa(id)
}
