package procura

// The line items and text line items of shopping lists: adding them, and refreshing what line
// items show of their products.

import "time"

// addedAt is the time a draft gives (checked), or else now.
func addedAt(field, given string, now time.Time) (string, error) {
	if given == "" {
		return FormatTime(now), nil
	}
	t, err := time.Parse(time.RFC3339Nano, given)
	if err != nil {
		return "", InvalidField(field, given)
	}
	return FormatTime(t), nil
}

// itemQuantity is the quantity a draft gives (1 to MaxQuantity), 1 by default.
func itemQuantity(q *int64) (int64, error) {
	if q == nil {
		return 1, nil
	}
	return *q, CheckQuantity("quantity", *q)
}

// addLineItem adds the variant d names, or adds to the quantity of the same variant's line item
// when neither has custom fields nor a key of its own, as the reference merges them. A key is
// unique among the list's line items.
func (s *ShoppingList) addLineItem(d ShoppingListLineItemDraft, c Change) error {
	q, err := itemQuantity(d.Quantity)
	if err != nil {
		return err
	}
	at, err := addedAt("addedAt", d.AddedAt, c.Now)
	if err != nil {
		return err
	}
	if d.Key != "" {
		if err := CheckKey("key", d.Key); err != nil {
			return err
		}
	}
	p, v, err := pricing{catalog: c.Catalog}.resolve(LineItemDraft{ProductID: d.ProductID, VariantID: d.VariantID, SKU: d.SKU})
	if err != nil {
		return err
	}
	custom, err := NewCustomFields("custom", d.Custom)
	if err != nil {
		return err
	}
	for i := range s.LineItems {
		x := &s.LineItems[i]
		if x.ProductID == p.ID && x.VariantID == v.ID && x.Key == "" && d.Key == "" && x.Custom == nil && custom == nil {
			if err := CheckQuantity("quantity", x.Quantity+q); err != nil {
				return err
			}
			x.Quantity += q
			return nil
		}
		if d.Key != "" && x.Key == d.Key {
			return DuplicateField("key", d.Key)
		}
	}
	if len(s.LineItems) >= MaxListItems {
		return listFull()
	}
	li := ShoppingListLineItem{ID: c.NewID(), Key: d.Key, ProductID: p.ID, Quantity: q, AddedAt: at, Custom: custom}
	li.copyProduct(p, v)
	s.LineItems = append(s.LineItems, li)
	return nil
}

// copyProduct copies what the line item shows of its product's current data.
func (li *ShoppingListLineItem) copyProduct(p *Product, v *Variant) {
	cur := &p.MasterData.Current
	variant := *v
	li.Name, li.ProductSlug, li.ProductType, li.VariantID, li.Variant = cur.Name, cur.Slug, p.ProductType, v.ID, &variant
	li.Published = p.MasterData.Published
}

// Refresh copies into every line item its product's current data; a line item whose product or
// variant is gone, or no longer published, keeps its copy and shows published false.
func (s *ShoppingList) Refresh(cat Catalog) error {
	for i := range s.LineItems {
		li := &s.LineItems[i]
		p, err := cat.Product(li.ProductID)
		if err != nil {
			return err
		}
		var v *Variant
		if p != nil && p.MasterData.Published {
			v = p.MasterData.Current.Variant(li.VariantID, "")
		}
		if v == nil {
			li.Published = false
			continue
		}
		li.copyProduct(p, v)
	}
	return nil
}

// addTextLineItem adds a free-text item; its key is unique among the list's text line items.
func (s *ShoppingList) addTextLineItem(d TextLineItemDraft, c Change) error {
	if len(d.Name) == 0 {
		return RequiredField("name")
	}
	q, err := itemQuantity(d.Quantity)
	if err != nil {
		return err
	}
	at, err := addedAt("addedAt", d.AddedAt, c.Now)
	if err != nil {
		return err
	}
	if d.Key != "" {
		if err := CheckKey("key", d.Key); err != nil {
			return err
		}
		for _, x := range s.TextLineItems {
			if x.Key == d.Key {
				return DuplicateField("key", d.Key)
			}
		}
	}
	if len(s.TextLineItems) >= MaxListItems {
		return listFull()
	}
	custom, err := NewCustomFields("custom", d.Custom)
	if err != nil {
		return err
	}
	s.TextLineItems = append(s.TextLineItems, TextLineItem{ID: c.NewID(), Key: d.Key, Name: d.Name, Description: d.Description,
		Quantity: q, AddedAt: at, Custom: custom})
	return nil
}
