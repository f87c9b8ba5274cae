package procura

// TypeShoppingList is the resource type id of shopping lists (the storefront's purchase lists).
const TypeShoppingList = "shopping-list"

// MaxListItems bounds the line items of a shopping list, and its text line items, each: as many
// as a cart holds, so that a list can always become a cart.
const MaxListItems = MaxLineItems

// ShoppingList is a customer's (or a business unit's, or an anonymous session's) list of products
// and free-text items, without prices.
type ShoppingList struct {
	Base
	Key                             string                 `json:"key,omitempty"`
	Name                            LocalizedString        `json:"name"`
	Description                     LocalizedString        `json:"description,omitempty"`
	Slug                            LocalizedString        `json:"slug,omitempty"`
	Customer                        *Reference             `json:"customer,omitempty"`
	AnonymousID                     string                 `json:"anonymousId,omitempty"`
	BusinessUnit                    *KeyReference          `json:"businessUnit,omitempty"`
	Store                           *KeyReference          `json:"store,omitempty"`
	LineItems                       []ShoppingListLineItem `json:"lineItems"`
	TextLineItems                   []TextLineItem         `json:"textLineItems"`
	DeleteDaysAfterLastModification *int                   `json:"deleteDaysAfterLastModification,omitempty"`
	Custom                          *CustomFields          `json:"custom,omitempty"`
}

// ShoppingListLineItem is a product variant on a list. What it shows of the product (name, slug,
// type, variant, published) is copied from the product when the item is added and refreshed at
// every change of the list; a product deleted since keeps its last copy (decision 0028).
type ShoppingListLineItem struct {
	ID          string          `json:"id"`
	Key         string          `json:"key,omitempty"`
	ProductID   string          `json:"productId"`
	Name        LocalizedString `json:"name"`
	ProductSlug LocalizedString `json:"productSlug,omitempty"`
	ProductType Reference       `json:"productType"`
	VariantID   int             `json:"variantId"`
	Variant     *Variant        `json:"variant,omitempty"`
	Published   bool            `json:"published"`
	Quantity    int64           `json:"quantity"`
	AddedAt     string          `json:"addedAt"`
	Custom      *CustomFields   `json:"custom,omitempty"`
}

// TextLineItem is a free-text item on a list ("a box of pencils, the blue ones").
type TextLineItem struct {
	ID          string          `json:"id"`
	Key         string          `json:"key,omitempty"`
	Name        LocalizedString `json:"name"`
	Description LocalizedString `json:"description,omitempty"`
	Quantity    int64           `json:"quantity"`
	AddedAt     string          `json:"addedAt"`
	Custom      *CustomFields   `json:"custom,omitempty"`
}

// ShoppingListDraft creates a shopping list.
type ShoppingListDraft struct {
	Key                             string                      `json:"key,omitempty"`
	Name                            LocalizedString             `json:"name"`
	Description                     LocalizedString             `json:"description,omitempty"`
	Slug                            LocalizedString             `json:"slug,omitempty"`
	Customer                        *ResourceIdentifier         `json:"customer,omitempty"`
	AnonymousID                     string                      `json:"anonymousId,omitempty"`
	BusinessUnit                    *ResourceIdentifier         `json:"businessUnit,omitempty"`
	Store                           *ResourceIdentifier         `json:"store,omitempty"`
	LineItems                       []ShoppingListLineItemDraft `json:"lineItems,omitempty"`
	TextLineItems                   []TextLineItemDraft         `json:"textLineItems,omitempty"`
	DeleteDaysAfterLastModification *int                        `json:"deleteDaysAfterLastModification,omitempty"`
	Custom                          *CustomFieldsDraft          `json:"custom,omitempty"`
}

// ShoppingListLineItemDraft adds a product variant: by sku, or by productId and variantId
// (default the master variant).
type ShoppingListLineItemDraft struct {
	Key       string             `json:"key,omitempty"`
	ProductID string             `json:"productId,omitempty"`
	VariantID int                `json:"variantId,omitempty"`
	SKU       string             `json:"sku,omitempty"`
	Quantity  *int64             `json:"quantity,omitempty"`
	AddedAt   string             `json:"addedAt,omitempty"`
	Custom    *CustomFieldsDraft `json:"custom,omitempty"`
}

// TextLineItemDraft adds a free-text item.
type TextLineItemDraft struct {
	Key         string             `json:"key,omitempty"`
	Name        LocalizedString    `json:"name"`
	Description LocalizedString    `json:"description,omitempty"`
	Quantity    *int64             `json:"quantity,omitempty"`
	AddedAt     string             `json:"addedAt,omitempty"`
	Custom      *CustomFieldsDraft `json:"custom,omitempty"`
}

// NewShoppingList validates d and builds the list: its unit, store and customer must fit
// together (placeList), and each line item names a published product variant.
func NewShoppingList(d ShoppingListDraft, id string, c Change) (*ShoppingList, error) {
	if len(d.Name) == 0 {
		return nil, RequiredField("name")
	}
	if err := checkKeyAndSession(d.Key, d.AnonymousID, d.BusinessUnit, anonymousListInUnit); err != nil {
		return nil, err
	}
	if len(d.LineItems) > MaxListItems || len(d.TextLineItems) > MaxListItems {
		return nil, listFull()
	}
	s := &ShoppingList{Key: d.Key, Name: d.Name, Description: d.Description, AnonymousID: d.AnonymousID,
		LineItems: []ShoppingListLineItem{}, TextLineItems: []TextLineItem{}}
	if err := s.setSlug(d.Slug); err != nil {
		return nil, err
	}
	if err := s.setDeleteDays(d.DeleteDaysAfterLastModification); err != nil {
		return nil, err
	}
	if d.Customer != nil {
		if err := d.Customer.Check("customer", TypeCustomer); err != nil {
			return nil, err
		}
		ref, err := c.Lookup.Customer("customer", *d.Customer)
		if err != nil {
			return nil, err
		}
		s.Customer = &ref
	}
	if err := s.setStore(d.Store, c.Lookup); err != nil {
		return nil, err
	}
	if err := s.setUnit(d.BusinessUnit, c.Lookup); err != nil {
		return nil, err
	}
	custom, err := NewCustomFields("custom", d.Custom)
	if err != nil {
		return nil, err
	}
	s.Custom = custom
	for _, ld := range d.LineItems {
		if err := s.addLineItem(ld, c); err != nil {
			return nil, err
		}
	}
	for _, td := range d.TextLineItems {
		if err := s.addTextLineItem(td, c); err != nil {
			return nil, err
		}
	}
	s.Stamp(id, c.Now)
	return s, nil
}

// CustomerID is the id of the list's customer ("" for none).
func (s *ShoppingList) CustomerID() string {
	if s.Customer == nil {
		return ""
	}
	return s.Customer.ID
}

// Owner is what the list is owned by: its customer, or else its anonymous session when it is in
// no unit ("" for none), as for carts.
func (s *ShoppingList) Owner() string {
	if s.Customer == nil && s.AnonymousID != "" && s.BusinessUnit == nil {
		return AnonymousOwner(s.AnonymousID)
	}
	return s.CustomerID()
}

func anonymousListInUnit() error {
	return InvalidInput("A shopping list of an anonymous session has no business unit: anonymousId and businessUnit do not go together.")
}

func listFull() error {
	return LimitExceeded("shopping-list", "A shopping list has at most %d line items and %d text line items.", MaxListItems, MaxListItems)
}

func (s *ShoppingList) setSlug(slug LocalizedString) error {
	if len(slug) > 0 {
		if err := checkSlug(slug); err != nil {
			return err
		}
	}
	s.Slug = slug
	return nil
}

// maxListDeleteDays bounds deleteDaysAfterLastModification, as the project's setting is bounded.
const maxListDeleteDays = maxDeleteDays

func (s *ShoppingList) setDeleteDays(days *int) error {
	if days != nil {
		if err := checkBetween("deleteDaysAfterLastModification", *days, 1, maxListDeleteDays); err != nil {
			return err
		}
	}
	s.DeleteDaysAfterLastModification = days
	return nil
}

func (s *ShoppingList) setStore(ri *ResourceIdentifier, l Lookup) error {
	if ri == nil {
		s.Store = nil
		return nil
	}
	if err := ri.Check("store", TypeStore); err != nil {
		return err
	}
	ref, err := l.Store("store", *ri)
	if err != nil {
		return err
	}
	s.Store = &ref
	return nil
}

// setUnit puts the list in the unit ri names (nil: none) and checks the list against it.
func (s *ShoppingList) setUnit(ri *ResourceIdentifier, l Lookup) error {
	if ri == nil {
		s.BusinessUnit = nil
		return nil
	}
	if err := ri.Check("businessUnit", TypeBusinessUnit); err != nil {
		return err
	}
	u, err := l.Unit("businessUnit", *ri)
	if err != nil {
		return err
	}
	s.BusinessUnit = &KeyReference{TypeID: TypeBusinessUnit, Key: u.Key}
	return s.checkUnit(l, true, true)
}

// checkUnit checks the list against its unit (if any), as the reference's store rule says: its
// customer (if any) is an associate of the unit, and its store is one of the unit's stores (a
// unit without stores takes lists without a store). Each is checked when it changes: a unit's
// own change (of its stores, its associates) does not make its lists unchangeable.
func (s *ShoppingList) checkUnit(l Lookup, customer, store bool) error {
	if s.BusinessUnit == nil {
		return nil
	}
	u, err := l.Unit("businessUnit", ResourceIdentifier{Key: s.BusinessUnit.Key})
	if err != nil {
		return err
	}
	ancestors, err := l.Ancestors(u)
	if err != nil {
		return err
	}
	chain := append([]*BusinessUnit{u}, ancestors...)
	if id := s.CustomerID(); customer && id != "" && !IsAssociate(id, chain) {
		return InvalidOperation("The customer '%s' is not an associate of business unit '%s'.", id, u.Key)
	}
	if !store {
		return nil
	}
	stores := EffectiveStores(chain)
	switch {
	case s.Store == nil && len(stores) > 0:
		return InvalidOperation("The business unit '%s' sells through stores %s: the shopping list needs one of them.", u.Key, storeKeys(stores))
	case s.Store != nil && len(stores) == 0:
		return InvalidOperation("The business unit '%s' has no stores: its shopping lists cannot be in store '%s'.", u.Key, s.Store.Key)
	case s.Store != nil && indexOfKey(stores, s.Store.Key) < 0:
		return InvalidOperation("The store '%s' is not one of the stores of business unit '%s' (%s).", s.Store.Key, u.Key, storeKeys(stores))
	}
	return nil
}

// CustomSlots implements Customizable: the list's, its line items' ("line-item", as in carts) and
// its text line items' custom fields.
func (s *ShoppingList) CustomSlots() []CustomSlot {
	out := slot("custom", "shopping-list", s.Custom)
	for i := range s.LineItems {
		out = append(out, slot("lineItems", "line-item", s.LineItems[i].Custom)...)
	}
	for i := range s.TextLineItems {
		out = append(out, slot("textLineItems", "shopping-list-text-line-item", s.TextLineItems[i].Custom)...)
	}
	return out
}
