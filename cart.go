package procura

// Cart states and freeze strategies.
const (
	CartActive  = "Active"
	CartOrdered = "Ordered"
	CartFrozen  = "Frozen"
	CartMerged  = "Merged"

	SoftFreeze = "SoftFreeze"
	HardFreeze = "HardFreeze"

	TypeCart  = "cart"
	TypeOrder = "order"
)

// Cart is a customer's (or a business unit's) basket of line items in one currency.
type Cart struct {
	Base
	Key                   string        `json:"key,omitempty"`
	CustomerID            string        `json:"customerId,omitempty"`
	AnonymousID           string        `json:"anonymousId,omitempty"`
	CustomerEmail         string        `json:"customerEmail,omitempty"`
	BusinessUnit          *KeyReference `json:"businessUnit,omitempty"`
	Store                 *KeyReference `json:"store,omitempty"`
	LineItems             []LineItem    `json:"lineItems"`
	TotalPrice            Money         `json:"totalPrice"`
	TaxMode               string        `json:"taxMode"`
	TaxRoundingMode       string        `json:"taxRoundingMode"`
	TaxCalculationMode    string        `json:"taxCalculationMode"`
	PriceRoundingMode     string        `json:"priceRoundingMode"`
	InventoryMode         string        `json:"inventoryMode"`
	CartState             string        `json:"cartState"`
	FreezeStrategy        string        `json:"freezeStrategy,omitempty"`
	FrozenAt              string        `json:"frozenAt,omitempty"` // when it was frozen: a read-only extension (decision 0031)
	ShippingAddress       *Address      `json:"shippingAddress,omitempty"`
	BillingAddress        *Address      `json:"billingAddress,omitempty"`
	ShippingMode          string        `json:"shippingMode"`
	Shipping              []Shipping    `json:"shipping"`
	ItemShippingAddresses []Address     `json:"itemShippingAddresses"`
	DirectDiscounts       []any         `json:"directDiscounts"`
	RefusedGifts          []Reference   `json:"refusedGifts"`
	Origin                string        `json:"origin"`
	Country               string        `json:"country,omitempty"`
	PurchaseOrderNumber   string        `json:"purchaseOrderNumber,omitempty"`
	Custom                *CustomFields `json:"custom,omitempty"`
	PaymentInfo           *PaymentInfo  `json:"paymentInfo,omitempty"`
	// the seller's custom line items, and the fields of cart_fields.go (decision 0027)
	CustomLineItems                 []CustomLineItem `json:"customLineItems"`
	Locale                          string           `json:"locale,omitempty"`
	CustomerGroup                   *Reference       `json:"customerGroup,omitempty"`
	DeleteDaysAfterLastModification *int             `json:"deleteDaysAfterLastModification,omitempty"`
	Lock                            *CartLock        `json:"lock,omitempty"`
	TotalLineItemQuantity           int64            `json:"totalLineItemQuantity,omitempty"` // absent while the cart has no line item, as in the reference
	ShippingAndTaxes
	Discounted
	picked  *picked    // the discounts chosen for this pricing (pickDiscounts), nil when not chosen
	refused []LineItem // the gift line items the buyer removed in this update (refuseGift)
}

// CartDraft creates a cart.
type CartDraft struct {
	Key                 string              `json:"key,omitempty"`
	Currency            string              `json:"currency"`
	CustomerID          string              `json:"customerId,omitempty"`
	AnonymousID         string              `json:"anonymousId,omitempty"`
	CustomerEmail       string              `json:"customerEmail,omitempty"`
	BusinessUnit        *ResourceIdentifier `json:"businessUnit,omitempty"`
	Store               *ResourceIdentifier `json:"store,omitempty"`
	LineItems           []LineItemDraft     `json:"lineItems,omitempty"`
	ShippingAddress     *Address            `json:"shippingAddress,omitempty"`
	BillingAddress      *Address            `json:"billingAddress,omitempty"`
	Country             string              `json:"country,omitempty"`
	PurchaseOrderNumber string              `json:"purchaseOrderNumber,omitempty"`
	Origin              string              `json:"origin,omitempty"`
	Custom              *CustomFieldsDraft  `json:"custom,omitempty"`
	// the fields of cart_draft.go
	Locale                          string                `json:"locale,omitempty"`
	InventoryMode                   string                `json:"inventoryMode,omitempty"`
	ItemShippingAddresses           []Address             `json:"itemShippingAddresses,omitempty"`
	CustomLineItems                 []CustomLineItemDraft `json:"customLineItems,omitempty"`
	DeleteDaysAfterLastModification *int                  `json:"deleteDaysAfterLastModification,omitempty"`
	CustomerGroup                   *ResourceIdentifier   `json:"customerGroup,omitempty"`
	DiscountCodes                   []string              `json:"discountCodes,omitempty"`
	CartTaxDraft
	CartShippingDraft
}

// NewCart validates d and builds the cart: its unit, store and customer must fit together (see
// checkPlace), and every line item gets its price now.
func NewCart(d CartDraft, id string, c Change) (*Cart, error) {
	if err := CheckCurrency("currency", d.Currency); err != nil {
		return nil, err
	}
	if err := checkKeyAndSession(d.Key, d.AnonymousID, d.BusinessUnit, anonymousInUnit); err != nil {
		return nil, err
	}
	origin := or(d.Origin, "Customer")
	if err := checkOneOf("origin", origin, "Customer", "Merchant"); err != nil {
		return nil, err
	}
	cart := &Cart{Key: d.Key, CustomerID: d.CustomerID, AnonymousID: d.AnonymousID, CustomerEmail: d.CustomerEmail, LineItems: []LineItem{}, CustomLineItems: []CustomLineItem{},
		TotalPrice: NewMoney(d.Currency, 0), TaxMode: TaxPlatform, TaxRoundingMode: "HalfEven", TaxCalculationMode: "LineItemLevel",
		PriceRoundingMode: "HalfEven", InventoryMode: "None", CartState: CartActive, ShippingMode: ShippingSingle, Shipping: []Shipping{},
		ItemShippingAddresses: []Address{}, DirectDiscounts: []any{}, RefusedGifts: []Reference{}, Origin: origin,
		Country: d.Country, PurchaseOrderNumber: d.PurchaseOrderNumber, Discounted: Discounted{DiscountCodes: []DiscountCodeInfo{}}}
	if err := cart.setAddresses(d.ShippingAddress, d.BillingAddress); err != nil {
		return nil, err
	}
	if d.Country != "" && !countryPattern.MatchString(d.Country) {
		return nil, InvalidField("country", d.Country)
	}
	if err := cart.place(d.BusinessUnit, d.Store, c.Lookup); err != nil {
		return nil, err
	}
	if len(d.LineItems) > MaxLineItems {
		return nil, LimitExceeded("cart", "A cart has at most %d line items.", MaxLineItems)
	}
	custom, err := NewCustomFields("custom", d.Custom)
	if err != nil {
		return nil, err
	}
	cart.Custom = custom
	if err := cart.draftFields(d, c); err != nil {
		return nil, err
	}
	pr := cart.pricing(c)
	for _, ld := range d.LineItems {
		if err := cart.addLineItem(pr, ld, c.NewID()); err != nil {
			return nil, err
		}
	}
	for _, code := range d.DiscountCodes {
		if err := cart.addDiscountCode(code, c); err != nil {
			return nil, err
		}
	}
	cart.Stamp(id, c.Now)
	return cart, cart.setTaxesAndShipping(d, c)
}

// MaxAnonymousIDLength bounds the identifier of an anonymous session, which its client may choose.
const MaxAnonymousIDLength = 256

// CheckAnonymousID accepts "" or an anonymous session's identifier: printable, without spaces (a
// token's scope lists it), at most MaxAnonymousIDLength bytes.
func CheckAnonymousID(field, id string) error {
	if len(id) > MaxAnonymousIDLength {
		return InvalidField(field, id)
	}
	for _, r := range id {
		if r <= ' ' || r == 0x7f {
			return InvalidField(field, id)
		}
	}
	return nil
}

// anonymousInUnit refuses a cart of an anonymous session in a business unit: a company's cart is
// no session's (decision 0021).
// checkKeyAndSession checks a cart's or a shopping list's draft: its key, its anonymous session,
// and that an anonymous session's resource is in no business unit (inUnit is the error saying so).
func checkKeyAndSession(key, anonymousID string, unit *ResourceIdentifier, inUnit func() error) error {
	if key != "" {
		if err := CheckKey("key", key); err != nil {
			return err
		}
	}
	if err := CheckAnonymousID("anonymousId", anonymousID); err != nil {
		return err
	}
	if anonymousID != "" && unit != nil {
		return inUnit()
	}
	return nil
}

func anonymousInUnit() error {
	return InvalidInput("A cart of an anonymous session has no business unit: anonymousId and businessUnit do not go together.")
}

// Owner is what the cart is owned by: its customer, or else its anonymous session when it is in
// no unit ("" for none): a company's cart is never a session's, whatever the data.
func (c *Cart) Owner() string {
	if c.CustomerID == "" && c.AnonymousID != "" && c.BusinessUnit == nil {
		return AnonymousOwner(c.AnonymousID)
	}
	return c.CustomerID
}

func (c *Cart) pricing(ch Change) pricing {
	country := c.Country
	if country == "" && c.ShippingAddress != nil {
		country = c.ShippingAddress.Country
	}
	return pricing{catalog: ch.Catalog, currency: c.TotalPrice.CurrencyCode, country: country, now: ch.Now, policies: ch.Policies}
}

func (c *Cart) setAddresses(shipping, billing *Address) error {
	for _, a := range []struct {
		field string
		addr  *Address
		dst   **Address
	}{{"shippingAddress", shipping, &c.ShippingAddress}, {"billingAddress", billing, &c.BillingAddress}} {
		if a.addr == nil {
			continue
		}
		if err := checkAddress(a.field, a.addr); err != nil {
			return err
		}
		addr := *a.addr
		*a.dst = &addr
	}
	return nil
}

// place sets the cart's business unit and store, and checks that they fit: the unit is Active,
// the customer acts for it, and the store is one of the unit's stores (a unit without stores
// takes carts without a store), as the reference's store rule says.
func (c *Cart) place(unit, store *ResourceIdentifier, l Lookup) error {
	if store != nil {
		if err := store.Check("store", TypeStore); err != nil {
			return err
		}
		ref, err := l.Store("store", *store)
		if err != nil {
			return err
		}
		c.Store = &ref
	}
	if unit == nil {
		return nil
	}
	if err := unit.Check("businessUnit", TypeBusinessUnit); err != nil {
		return err
	}
	u, err := l.Unit("businessUnit", *unit)
	if err != nil {
		return err
	}
	c.BusinessUnit = &KeyReference{TypeID: TypeBusinessUnit, Key: u.Key}
	return c.CheckUnit(u, l)
}

// CheckUnit checks the cart against its unit (see place).
func (c *Cart) CheckUnit(u *BusinessUnit, l Lookup) error {
	return CheckPlacement(u, c.CustomerID, c.Store, l)
}

// CheckPlacement checks a cart, or an order about to be placed, against its unit: the unit is
// Active, the customer (if any) one of its associates, the store one of its stores.
func CheckPlacement(u *BusinessUnit, customerID string, store *KeyReference, l Lookup) error {
	if u.Status != StatusActive {
		return InvalidOperation("The business unit '%s' is Inactive: it cannot be used in carts.", u.Key)
	}
	ancestors, err := l.Ancestors(u)
	if err != nil {
		return err
	}
	chain := append([]*BusinessUnit{u}, ancestors...)
	if customerID != "" && !IsAssociate(customerID, chain) {
		return InvalidOperation("The customer '%s' is not an associate of business unit '%s'.", customerID, u.Key)
	}
	stores := EffectiveStores(chain)
	switch {
	case store == nil && len(stores) > 0:
		return InvalidOperation("The business unit '%s' sells through stores %s: the cart needs one of them.", u.Key, storeKeys(stores))
	case store != nil && indexOfKey(stores, store.Key) < 0 && len(stores) > 0:
		return InvalidOperation("The store '%s' is not one of the stores of business unit '%s' (%s).", store.Key, u.Key, storeKeys(stores))
	case store != nil && len(stores) == 0:
		return InvalidOperation("The business unit '%s' has no stores: its carts cannot be in store '%s'.", u.Key, store.Key)
	}
	return nil
}

func storeKeys(refs []KeyReference) string {
	s := ""
	for i, r := range refs {
		if i > 0 {
			s += ", "
		}
		s += "'" + r.Key + "'"
	}
	return s
}

// addLineItem adds a line item, or adds to the quantity of the same variant's line item. A
// line item's key is unique in the cart (DuplicateField), as lineItemKey finds one line item.
func (c *Cart) addLineItem(pr pricing, d LineItemDraft, id string) error {
	li, err := pr.newLineItem(d, id)
	if err != nil {
		return err
	}
	if err := c.lineItemDraftFields(&li, d); err != nil {
		return err
	}
	if li.RecurrenceInfo, err = recurrenceInfo("recurrenceInfo", d.RecurrenceInfo, pr.policies, true); err != nil {
		return err
	}
	return c.putLineItem(li)
}

// putLineItem adds li, or adds its quantity to the same variant's line item (both without
// custom fields).
func (c *Cart) putLineItem(li LineItem) error {
	for i := range c.LineItems {
		x := &c.LineItems[i]
		if x.ProductID == li.ProductID && x.Variant.ID == li.Variant.ID && x.Key == li.Key && x.Custom == nil && li.Custom == nil &&
			mergeable(*x, li) {
			if err := CheckQuantity("quantity", x.Quantity+li.Quantity); err != nil {
				return err
			}
			x.Quantity += li.Quantity
			x.TotalPrice = x.Price.Value.Times(x.Quantity)
			return nil
		}
	}
	for _, x := range c.LineItems {
		if li.Key != "" && x.Key == li.Key {
			return DuplicateField("key", li.Key)
		}
	}
	if len(c.LineItems) >= MaxLineItems {
		return LimitExceeded("cart", "A cart has at most %d line items.", MaxLineItems)
	}
	c.LineItems = append(c.LineItems, li)
	return nil
}

// lineItem finds a line item by id.
func (c *Cart) lineItem(id string) (int, error) {
	if id == "" {
		return -1, RequiredField("lineItemId")
	}
	for i, li := range c.LineItems {
		if li.ID == id {
			return i, nil
		}
	}
	return -1, InvalidInput("The cart has no line item '%s'.", id)
}
