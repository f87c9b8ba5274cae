package procura

import (
	"encoding/json"
	"testing"
)

// listCatalog is an in-memory Catalog: products by id, found by any SKU of theirs.
type listCatalog map[string]*Product

func (k listCatalog) Product(id string) (*Product, error) { return k[id], nil }

func (k listCatalog) ProductBySKU(sku string) (*Product, error) {
	for _, p := range k {
		for _, s := range p.SKUs() {
			if s == sku {
				return p, nil
			}
		}
	}
	return nil, nil
}

// listWorld: unit "acme" selling through store s1 with associate c1; products "p1" (SKU A,
// published, a second variant B) and "p2" (SKU U, unpublished).
func listWorld() (*fakeLookup, listCatalog, Change) {
	l := newWorld()
	l.units["acme"] = &BusinessUnit{Base: Base{ID: "u-acme"}, Key: "acme", UnitType: UnitTypeCompany, StoreMode: ModeExplicit,
		Stores: []KeyReference{{TypeID: TypeStore, Key: "s1"}}, Associates: []Associate{{Customer: Reference{TypeID: TypeCustomer, ID: "c1"}}}}
	k := listCatalog{
		"p1": {Base: Base{ID: "p1"}, ProductType: Reference{TypeID: TypeProductType, ID: "pt"}, MasterData: ProductCatalogData{Published: true,
			Current: ProductData{Name: LocalizedString{"en": "Pen"}, Slug: LocalizedString{"en": "pen"},
				MasterVariant: Variant{ID: 1, SKU: "A"}, Variants: []Variant{{ID: 2, SKU: "B"}}}}},
		"p2": {Base: Base{ID: "p2"}, MasterData: ProductCatalogData{Current: ProductData{Name: LocalizedString{"en": "Secret"},
			MasterVariant: Variant{ID: 1, SKU: "U"}}}},
	}
	c := l.change()
	c.Catalog = k
	return l, k, c
}

func TestNewShoppingList(t *testing.T) {
	_, _, c := listWorld()
	q := int64(2)
	s, err := NewShoppingList(ShoppingListDraft{Name: LocalizedString{"en": "Office"}, Customer: &ResourceIdentifier{Key: "cust-1"},
		BusinessUnit: &ResourceIdentifier{Key: "acme"}, Store: &ResourceIdentifier{Key: "s1"},
		LineItems:     []ShoppingListLineItemDraft{{SKU: "B", Quantity: &q}, {ProductID: "p1"}, {SKU: "B", AddedAt: "2026-01-02T03:04:05Z"}},
		TextLineItems: []TextLineItemDraft{{Name: LocalizedString{"en": "paper"}}}}, "l1", c)
	if err != nil {
		t.Fatal(err)
	}
	if s.CustomerID() != "c1" || s.Owner() != "c1" || s.BusinessUnit.Key != "acme" || s.Store.Key != "s1" {
		t.Fatalf("placed: %+v", s)
	}
	if len(s.LineItems) != 2 || s.LineItems[0].Quantity != 3 || s.LineItems[0].VariantID != 2 || s.LineItems[1].VariantID != 1 {
		t.Fatalf("line items (the same variant merged): %+v", s.LineItems)
	}
	if li := s.LineItems[0]; li.Name["en"] != "Pen" || li.ProductSlug["en"] != "pen" || !li.Published || li.Variant.SKU != "B" || li.ProductType.ID != "pt" {
		t.Fatalf("a line item shows its product: %+v", li)
	}
	if s.TextLineItems[0].Quantity != 1 || s.Version != 1 {
		t.Fatalf("defaults: %+v", s)
	}
	if s.Owner() != "c1" {
		t.Fatalf("owner %q", s.Owner())
	}
	anon := &ShoppingList{AnonymousID: "s-1"}
	if anon.Owner() != AnonymousOwner("s-1") {
		t.Fatalf("a session's list is owned by %q", anon.Owner())
	}
}

func TestNewShoppingListRefuses(t *testing.T) {
	name := LocalizedString{"en": "L"}
	zero := int64(0)
	days := 0
	for _, tc := range []struct {
		name  string
		draft ShoppingListDraft
		code  string
	}{
		{"no name", ShoppingListDraft{}, CodeRequiredField},
		{"a bad key", ShoppingListDraft{Name: name, Key: "a b"}, CodeInvalidInput},
		{"a bad slug", ShoppingListDraft{Name: name, Slug: LocalizedString{"en": "a b"}}, CodeInvalidField},
		{"a session in a unit", ShoppingListDraft{Name: name, AnonymousID: "s", BusinessUnit: &ResourceIdentifier{Key: "acme"}, Store: &ResourceIdentifier{Key: "s1"}}, CodeInvalidInput},
		{"no store in a unit with stores", ShoppingListDraft{Name: name, BusinessUnit: &ResourceIdentifier{Key: "acme"}}, CodeInvalidOperation},
		{"another store", ShoppingListDraft{Name: name, BusinessUnit: &ResourceIdentifier{Key: "acme"}, Store: &ResourceIdentifier{Key: "s2"}}, CodeInvalidOperation},
		{"a customer not of the unit", ShoppingListDraft{Name: name, Customer: &ResourceIdentifier{ID: "c2"}, BusinessUnit: &ResourceIdentifier{Key: "acme"}, Store: &ResourceIdentifier{Key: "s1"}}, CodeInvalidOperation},
		{"an unknown customer", ShoppingListDraft{Name: name, Customer: &ResourceIdentifier{ID: "nobody"}}, CodeReferencedResourceNotFound},
		{"an unknown unit", ShoppingListDraft{Name: name, BusinessUnit: &ResourceIdentifier{Key: "nope"}}, CodeReferencedResourceNotFound},
		{"an unpublished product", ShoppingListDraft{Name: name, LineItems: []ShoppingListLineItemDraft{{SKU: "U"}}}, CodeReferencedResourceNotFound},
		{"no variant named", ShoppingListDraft{Name: name, LineItems: []ShoppingListLineItemDraft{{}}}, CodeRequiredField},
		{"an unknown variant", ShoppingListDraft{Name: name, LineItems: []ShoppingListLineItemDraft{{ProductID: "p1", VariantID: 9}}}, CodeInvalidInput},
		{"a zero quantity", ShoppingListDraft{Name: name, LineItems: []ShoppingListLineItemDraft{{SKU: "A", Quantity: &zero}}}, CodeInvalidInput},
		{"a text line item without a name", ShoppingListDraft{Name: name, TextLineItems: []TextLineItemDraft{{}}}, CodeRequiredField},
		{"zero days", ShoppingListDraft{Name: name, DeleteDaysAfterLastModification: &days}, CodeInvalidField},
		{"a duplicate key", ShoppingListDraft{Name: name, LineItems: []ShoppingListLineItemDraft{{SKU: "A", Key: "k1"}, {SKU: "B", Key: "k1"}}}, CodeDuplicateField},
	} {
		_, _, c := listWorld()
		if _, err := NewShoppingList(tc.draft, "l1", c); ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		}
	}
}

func TestShoppingListApply(t *testing.T) {
	_, k, c := listWorld()
	s, err := NewShoppingList(ShoppingListDraft{Name: LocalizedString{"en": "L"}}, "l1", c)
	if err != nil {
		t.Fatal(err)
	}
	apply := func(action string) error { return s.Apply(json.RawMessage(action), c) }
	for _, a := range []string{
		`{"action":"addLineItem","sku":"A","key":"ka"}`, `{"action":"addLineItem","productId":"p1","variantId":2,"quantity":4}`,
		`{"action":"addTextLineItem","name":{"en":"t"},"key":"kt"}`, `{"action":"addTextLineItem","name":{"en":"u"}}`,
		`{"action":"setLineItemCustomType","lineItemKey":"ka","type":{"key":"notes"}}`, `{"action":"setLineItemCustomField","lineItemKey":"ka","name":"note","value":"x"}`,
		`{"action":"setKey","key":"mine"}`, `{"action":"setSlug","slug":{"en":"mine"}}`,
	} {
		if err := apply(a); err != nil {
			t.Fatalf("%s: %v", a, err)
		}
	}
	if s.Key != "mine" || s.Slug["en"] != "mine" || len(s.LineItems) != 2 || s.LineItems[0].Custom == nil {
		t.Fatalf("after adding: %+v", s)
	}
	// removeLineItem with a quantity lowers it; without, removes the item.
	b := s.LineItems[1].ID
	if err := apply(`{"action":"removeLineItem","lineItemId":"` + b + `","quantity":3}`); err != nil || s.LineItems[1].Quantity != 1 {
		t.Fatalf("remove 3 of 4: %v %+v", err, s.LineItems[1])
	}
	if err := apply(`{"action":"removeLineItem","lineItemId":"` + b + `"}`); err != nil || len(s.LineItems) != 1 {
		t.Fatalf("remove: %v %+v", err, s.LineItems)
	}
	// A product gone since: the list refreshes what it can and keeps the rest.
	delete(k, "p1")
	if err := s.Refresh(k); err != nil || s.LineItems[0].Published || s.LineItems[0].Name["en"] != "Pen" {
		t.Fatalf("refresh without the product: %v %+v", err, s.LineItems[0])
	}
	for _, bad := range []struct{ action, code string }{
		{`{"action":"changeTextLineItemsOrder","textLineItemOrder":["x","y"]}`, CodeInvalidInput},
		{`{"action":"changeTextLineItemsOrder","textLineItemOrder":["` + s.TextLineItems[0].ID + `","` + s.TextLineItems[0].ID + `"]}`, CodeInvalidInput},
		{`{"action":"changeTextLineItemQuantity","textLineItemKey":"kt"}`, CodeRequiredField},
		{`{"action":"removeTextLineItem"}`, CodeRequiredField},
		{`{"action":"setTextLineItemDescription","textLineItemKey":"nope"}`, CodeInvalidInput},
		{`{"action":"setLineItemCustomType","lineItemId":"nope"}`, CodeInvalidInput},
		{`{"action":"changeName","name":"plain"}`, CodeInvalidJSONInput},
		{`{"action":"setBusinessUnit"}`, CodeRequiredField},
		{`{"action":"setStore","store":{"key":"nope"}}`, CodeReferencedResourceNotFound},
		{`{"action":"setCustomer","customer":{"id":"nobody"}}`, CodeReferencedResourceNotFound},
		{`{"action":"setAnonymousId","anonymousId":"a b"}`, CodeInvalidField},
		{`{"action":"addLineItem","sku":"A","quantity":1000001}`, CodeInvalidInput},
		{`{"action":"recalculate"}`, CodeInvalidJSONInput},
	} {
		if err := apply(bad.action); ErrorCode(err) != bad.code {
			t.Errorf("%s: %v, want %s", bad.action, err, bad.code)
		}
	}
	// A list in a unit takes no anonymous session, and a session's list no unit.
	if err := apply(`{"action":"setAnonymousId","anonymousId":"s-1"}`); err != nil {
		t.Fatal(err)
	}
	if err := apply(`{"action":"setBusinessUnit","businessUnit":{"key":"acme"}}`); ErrorCode(err) != CodeInvalidInput {
		t.Fatalf("a session's list into a unit: %v", err)
	}
}

func TestShoppingListLimit(t *testing.T) {
	_, _, c := listWorld()
	s, err := NewShoppingList(ShoppingListDraft{Name: LocalizedString{"en": "L"}}, "l1", c)
	if err != nil {
		t.Fatal(err)
	}
	for i := range MaxListItems {
		if err := s.Apply(json.RawMessage(`{"action":"addTextLineItem","name":{"en":"t"}}`), c); err != nil {
			t.Fatalf("item %d: %v", i, err)
		}
	}
	if err := s.Apply(json.RawMessage(`{"action":"addTextLineItem","name":{"en":"t"}}`), c); ErrorCode(err) != CodeMaxResourceLimitExceeded {
		t.Fatalf("one more: %v", err)
	}
}
