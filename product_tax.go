package procura

// setTaxCategory sets the product's tax category (nil removes it), which must exist.
func (p *Product) setTaxCategory(ri *ResourceIdentifier, c Change) error {
	if ri == nil {
		p.TaxCategory = nil
		return nil
	}
	if err := ri.Check("taxCategory", TypeTaxCategory); err != nil {
		return err
	}
	if c.Rates == nil {
		return Unsupported("taxCategory", ri.IDOrKey(), "tax categories")
	}
	t, err := c.Rates.TaxCategory("taxCategory", *ri)
	if err != nil {
		return err
	}
	p.TaxCategory = &Reference{TypeID: TypeTaxCategory, ID: t.ID}
	return nil
}
