package procura

import (
	"encoding/json"
	"regexp"
	"strings"
	"time"
)

// Cart discount types, stacking modes and targets.
const (
	TypeCartDiscount = "cart-discount"

	Stacking              = "Stacking"
	StopAfterThisDiscount = "StopAfterThisDiscount"

	TargetLineItems               = "lineItems"
	TargetCustomLineItems         = "customLineItems"
	TargetMultiBuyLineItems       = "multiBuyLineItems"
	TargetMultiBuyCustomLineItems = "multiBuyCustomLineItems"
	TargetShipping                = "shipping"
	TargetTotalPrice              = "totalPrice"
)

// CartDiscount lowers the price of carts its cartPredicate matches: their line items, shipping
// or total, by its value. Discounts apply by sortOrder, the highest first (decision 0030).
type CartDiscount struct {
	Base
	Key                  string               `json:"key,omitempty"`
	Name                 LocalizedString      `json:"name"`
	Description          LocalizedString      `json:"description,omitempty"`
	Value                CartDiscountValue    `json:"value"`
	CartPredicate        string               `json:"cartPredicate"`
	Target               *CartDiscountTarget  `json:"target,omitempty"`
	SortOrder            string               `json:"sortOrder"`
	Stores               []KeyReference       `json:"stores"`
	IsActive             bool                 `json:"isActive"`
	ValidFrom            string               `json:"validFrom,omitempty"`
	ValidUntil           string               `json:"validUntil,omitempty"`
	RequiresDiscountCode bool                 `json:"requiresDiscountCode"`
	References           []Reference          `json:"references"`
	StackingMode         string               `json:"stackingMode"`
	RecurringOrderScope  *RecurringOrderScope `json:"recurringOrderScope"`
	DiscountGroup        *Reference           `json:"discountGroup,omitempty"`
	Custom               *CustomFields        `json:"custom,omitempty"`
}

// CartDiscountValue is relative (permyriad: 100 is 1%), absolute (money off, per currency) or
// fixed (the price becomes the money, per currency).
type CartDiscountValue struct {
	Type            string  `json:"type"`
	Permyriad       *int64  `json:"permyriad,omitempty"`
	Money           []Money `json:"money,omitempty"`
	ApplicationMode string  `json:"applicationMode,omitempty"`
	// a gift line item's (cart_discount_gift.go)
	Product   *Reference `json:"product,omitempty"`
	VariantID int        `json:"variantId,omitempty"`
}

// CartDiscountValueDraft gives a value; a gift line item's channels are there to be refused.
type CartDiscountValueDraft struct {
	Type            string              `json:"type"`
	Permyriad       *int64              `json:"permyriad,omitempty"`
	Money           []MoneyDraft        `json:"money,omitempty"`
	ApplicationMode string              `json:"applicationMode,omitempty"`
	Product         *ResourceIdentifier `json:"product,omitempty"`
	VariantID       *int                `json:"variantId,omitempty"`
	SupplyChannel   *ResourceIdentifier `json:"supplyChannel,omitempty"`
	DistChannel     *ResourceIdentifier `json:"distributionChannel,omitempty"`
}

// CartDiscountTarget is what a discount lowers: the line items or custom line items its
// predicate matches (all their units, or for a multi-buy target some of them), the shipping,
// or the total price.
type CartDiscountTarget struct {
	Type      string `json:"type"`
	Predicate string `json:"predicate,omitempty"`
	// a multi-buy target's (cart_discount_multibuy.go)
	TriggerQuantity    *int64 `json:"triggerQuantity,omitempty"`
	DiscountedQuantity *int64 `json:"discountedQuantity,omitempty"`
	MaxOccurrence      *int64 `json:"maxOccurrence,omitempty"`
	SelectionMode      string `json:"selectionMode,omitempty"`
	// fields of the targets Procura lacks, there to be refused by name
	TriggerPattern any `json:"triggerPattern,omitempty"`
	TargetPattern  any `json:"targetPattern,omitempty"`
	SortOrder      any `json:"sortOrder,omitempty"`
	Addresses      any `json:"addressKeys,omitempty"`
}

// RecurringOrderScope says to which orders a discount applies; Procura has no recurring orders.
type RecurringOrderScope struct {
	Type string `json:"type"`
}

// CartDiscountDraft creates a cart discount.
type CartDiscountDraft struct {
	Key                  string                 `json:"key,omitempty"`
	Name                 LocalizedString        `json:"name"`
	Description          LocalizedString        `json:"description,omitempty"`
	Value                CartDiscountValueDraft `json:"value"`
	CartPredicate        string                 `json:"cartPredicate"`
	Target               *CartDiscountTarget    `json:"target,omitempty"`
	SortOrder            string                 `json:"sortOrder"`
	Stores               []ResourceIdentifier   `json:"stores,omitempty"`
	IsActive             *bool                  `json:"isActive,omitempty"`
	ValidFrom            string                 `json:"validFrom,omitempty"`
	ValidUntil           string                 `json:"validUntil,omitempty"`
	RequiresDiscountCode bool                   `json:"requiresDiscountCode,omitempty"`
	StackingMode         string                 `json:"stackingMode,omitempty"`
	DiscountGroup        *ResourceIdentifier    `json:"discountGroup,omitempty"`
	RecurringOrderScope  *RecurringOrderScope   `json:"recurringOrderScope,omitempty"`
	Custom               *CustomFieldsDraft     `json:"custom,omitempty"`
}

// Predicates checks cart predicates and the predicates of a target's items, line items or
// custom line items (target is TargetLineItems or TargetCustomLineItems), in the approval rules'
// language, and evaluates them on a cart or one of its items.
type Predicates interface {
	CheckPredicate(field, src string) error
	CheckItemPredicate(field, target, src string) error
	Matches(src string, c *Cart) (bool, error)
	MatchesLineItem(src string, c *Cart, li *LineItem) (bool, error)
	MatchesCustomLineItem(src string, c *Cart, x *CustomLineItem) (bool, error)
}

// MaxDiscountMoney bounds the currencies of one discount value.
const MaxDiscountMoney = 100

// sortOrderPattern is the reference's sortOrder: a decimal strictly between 0 and 1, without
// trailing zeros.
var sortOrderPattern = regexp.MustCompile(`^0\.[0-9]*[1-9]$`)

// NewCartDiscount validates d and builds the cart discount.
func NewCartDiscount(d CartDiscountDraft, id string, c Change, p Predicates) (*CartDiscount, error) {
	if d.Key != "" {
		if err := CheckKey("key", d.Key); err != nil {
			return nil, err
		}
	}
	if len(d.Name) == 0 {
		return nil, RequiredField("name")
	}
	cd := &CartDiscount{Key: d.Key, Name: d.Name, Description: d.Description, IsActive: d.IsActive == nil || *d.IsActive,
		RequiresDiscountCode: d.RequiresDiscountCode, References: []Reference{}, Stores: []KeyReference{}}
	if d.DiscountGroup == nil {
		if err := cd.setSortOrder(d.SortOrder); err != nil {
			return nil, err
		}
	}
	if err := cd.setStacking(or(d.StackingMode, Stacking)); err != nil {
		return nil, err
	}
	if err := cd.setPredicate(d.CartPredicate, p); err != nil {
		return nil, err
	}
	if err := cd.setValue(d.Value, c); err != nil {
		return nil, err
	}
	if err := cd.setTarget(d.Target, p); err != nil {
		return nil, err
	}
	if d.DiscountGroup != nil {
		if err := cd.setGroup(d.DiscountGroup, d.SortOrder, c); err != nil {
			return nil, err
		}
	}
	if err := cd.setValidity(d.ValidFrom, d.ValidUntil); err != nil {
		return nil, err
	}
	if err := cd.setScope(d.RecurringOrderScope); err != nil {
		return nil, err
	}
	if err := cd.setStores(d.Stores, c); err != nil {
		return nil, err
	}
	custom, err := NewCustomFields("custom", d.Custom)
	if err != nil {
		return nil, err
	}
	cd.Custom = custom
	cd.Stamp(id, c.Now)
	return cd, nil
}

func (cd *CartDiscount) setSortOrder(s string) error {
	if cd.DiscountGroup != nil {
		return InvalidOperation("The cart discount is in a discount group: it takes the group's sortOrder; change the group's.")
	}
	if err := checkSortOrder(s); err != nil {
		return err
	}
	cd.SortOrder = s
	return nil
}

// checkSortOrder checks a cart discount's (or discount group's) sortOrder.
func checkSortOrder(s string) error {
	if s == "" {
		return RequiredField("sortOrder")
	}
	if len(s) > 64 || !sortOrderPattern.MatchString(s) {
		return InvalidInput("sortOrder must be a decimal between 0 and 1 (exclusive) without trailing zeros, such as '0.5'; it is '%s'.", s)
	}
	return nil
}

func (cd *CartDiscount) setStacking(mode string) error {
	if err := checkOneOf("stackingMode", mode, Stacking, StopAfterThisDiscount); err != nil {
		return err
	}
	cd.StackingMode = mode
	return nil
}

func (cd *CartDiscount) setPredicate(src string, p Predicates) error {
	if strings.TrimSpace(src) == "" {
		return RequiredField("cartPredicate")
	}
	if err := p.CheckPredicate("cartPredicate", src); err != nil {
		return err
	}
	cd.CartPredicate = src
	return nil
}

func (cd *CartDiscount) setValue(d CartDiscountValueDraft, c Change) error {
	v := CartDiscountValue{Type: d.Type}
	switch d.Type {
	case "relative":
		if d.Permyriad == nil {
			return RequiredField("value.permyriad")
		}
		if *d.Permyriad < 1 || *d.Permyriad > 10000 {
			return InvalidField("value.permyriad", *d.Permyriad)
		}
		v.Permyriad = d.Permyriad
	case "absolute", "fixed":
		if len(d.Money) == 0 {
			return RequiredField("value.money")
		}
		if len(d.Money) > MaxDiscountMoney {
			return LimitExceeded("cart-discount", "A discount value has at most %d amounts.", MaxDiscountMoney)
		}
		for i, md := range d.Money {
			f := "value.money[" + itoa(i) + "]"
			m, err := md.Money(f)
			if err != nil {
				return err
			}
			if m.CentAmount < 0 {
				return InvalidField(f+".centAmount", m.CentAmount)
			}
			for _, x := range v.Money {
				if x.CurrencyCode == m.CurrencyCode {
					return InvalidInput("value.money has two amounts in %s.", m.CurrencyCode)
				}
			}
			v.Money = append(v.Money, m)
		}
	case ValueGiftLineItem:
		if err := v.setGift(d, c); err != nil {
			return err
		}
	case "":
		return RequiredField("value.type")
	default:
		return InvalidField("value.type", d.Type, "relative", "absolute", "fixed", "giftLineItem")
	}
	switch d.ApplicationMode {
	case "", "IndividualApplication":
	case "EvenDistribution":
		return Unsupported("value.applicationMode", d.ApplicationMode, "discounts spread evenly over line items")
	default:
		return InvalidField("value.applicationMode", d.ApplicationMode, "IndividualApplication", "EvenDistribution")
	}
	if d.ApplicationMode != "" && d.Type == "relative" {
		return InvalidInput("A relative value has no applicationMode.")
	}
	v.ApplicationMode = d.ApplicationMode
	cd.Value = v
	return nil
}

func (cd *CartDiscount) setTarget(t *CartDiscountTarget, p Predicates) error {
	if t == nil || cd.Value.Type == ValueGiftLineItem {
		cd.Target = t
		return cd.checkGiftTarget()
	}
	if t.itemsTarget() == t.Type && t.hasMultiBuy() {
		return InvalidInput("Only a multi-buy target has triggerQuantity, discountedQuantity, maxOccurrence and selectionMode.")
	}
	switch t.Type {
	case TargetLineItems, TargetCustomLineItems, TargetMultiBuyLineItems, TargetMultiBuyCustomLineItems:
		if strings.TrimSpace(t.Predicate) == "" {
			return RequiredField("target.predicate")
		}
		if err := p.CheckItemPredicate("target.predicate", t.itemsTarget(), t.Predicate); err != nil {
			return err
		}
		out := &CartDiscountTarget{Type: t.Type, Predicate: t.Predicate}
		if t.itemsTarget() != t.Type {
			if err := out.setMultiBuy(t); err != nil {
				return err
			}
		}
		cd.Target = out
		return nil
	case TargetShipping, TargetTotalPrice:
		if t.Predicate != "" {
			return InvalidInput("A %s target has no predicate.", t.Type)
		}
		cd.Target = &CartDiscountTarget{Type: t.Type}
		return nil
	case "pattern":
		return Unsupported("target.type", t.Type, "pattern discounts")
	case "":
		return RequiredField("target.type")
	}
	return InvalidField("target.type", t.Type, TargetLineItems, TargetCustomLineItems, TargetMultiBuyLineItems, TargetMultiBuyCustomLineItems, TargetShipping, TargetTotalPrice)
}

func (cd *CartDiscount) setValidity(from, until string) error {
	for _, t := range []struct{ name, v string }{{"validFrom", from}, {"validUntil", until}} {
		if t.v == "" {
			continue
		}
		if _, err := time.Parse(time.RFC3339, t.v); err != nil {
			return InvalidField(t.name, t.v)
		}
	}
	if from != "" && until != "" && !before(from, until) {
		return InvalidInput("validFrom must be before validUntil.")
	}
	cd.ValidFrom, cd.ValidUntil = from, until
	return nil
}

func (cd *CartDiscount) setScope(s *RecurringOrderScope) error {
	if s == nil {
		s = &RecurringOrderScope{Type: "NonRecurringOrdersOnly"}
	}
	switch s.Type {
	case "NonRecurringOrdersOnly":
	case "AnyOrder", "AnyRecurringOrder", "SpecificRecurringOrders":
		return Unsupported("recurringOrderScope.type", s.Type, "recurring orders")
	default:
		return InvalidField("recurringOrderScope.type", s.Type, "NonRecurringOrdersOnly", "AnyOrder", "AnyRecurringOrder", "SpecificRecurringOrders")
	}
	cd.RecurringOrderScope = &RecurringOrderScope{Type: s.Type}
	return nil
}

func (cd *CartDiscount) setStores(ris []ResourceIdentifier, c Change) error {
	stores, err := resolveStores("stores", ris, c.Lookup)
	if err == nil {
		cd.Stores = stores
	}
	return err
}

// ValidAt reports whether now is within the discount's validity.
func (cd *CartDiscount) ValidAt(now time.Time) bool {
	return (Price{ValidFrom: cd.ValidFrom, ValidUntil: cd.ValidUntil}).validAt(now)
}

// InStore reports whether the discount applies to carts of store ("" for none): one without
// stores applies to every cart, one with stores only to the carts of those stores.
func (cd *CartDiscount) InStore(store string) bool {
	return len(cd.Stores) == 0 || (store != "" && indexOfKey(cd.Stores, store) >= 0)
}

// moneyIn is the value's amount in currency (false when it has none).
func (v CartDiscountValue) moneyIn(currency string) (int64, bool) {
	for _, m := range v.Money {
		if m.CurrencyCode == currency {
			return m.CentAmount, true
		}
	}
	return 0, false
}

// higherSortOrder reports whether sort order a comes before b: the higher decimal first.
func higherSortOrder(a, b string) bool {
	fa, fb := strings.TrimPrefix(a, "0."), strings.TrimPrefix(b, "0.")
	for len(fa) < len(fb) {
		fa += "0"
	}
	for len(fb) < len(fa) {
		fb += "0"
	}
	return fa > fb
}

type cartDiscountAction struct {
	Action               string                  `json:"action"`
	Key                  *string                 `json:"key"`
	Name                 LocalizedString         `json:"name"`
	Description          LocalizedString         `json:"description"`
	Value                *CartDiscountValueDraft `json:"value"`
	CartPredicate        *string                 `json:"cartPredicate"`
	Target               *CartDiscountTarget     `json:"target"`
	IsActive             *bool                   `json:"isActive"`
	SortOrder            *string                 `json:"sortOrder"`
	RequiresDiscountCode *bool                   `json:"requiresDiscountCode"`
	StackingMode         *string                 `json:"stackingMode"`
	ValidFrom            *string                 `json:"validFrom"`
	ValidUntil           *string                 `json:"validUntil"`
	Store                *ResourceIdentifier     `json:"store"`
	Stores               []ResourceIdentifier    `json:"stores"`
	DiscountGroup        *ResourceIdentifier     `json:"discountGroup"`
	RecurringOrderScope  *RecurringOrderScope    `json:"recurringOrderScope"`
}

// customActionPayload is the payload of setCustomType and setCustomField, for resources whose
// other actions use "name" or "value" otherwise.
type customActionPayload struct {
	Action string              `json:"action"`
	Type   *ResourceIdentifier `json:"type"`
	Fields map[string]any      `json:"fields"`
	Name   string              `json:"name"`
	Value  any                 `json:"value"`
}

// applyCustomAction applies setCustomType or setCustomField (handled false for another action).
func applyCustomAction(raw json.RawMessage, fields ActionFields, custom **CustomFields) (bool, error) {
	if n := ActionName(raw); n != "setCustomType" && n != "setCustomField" {
		return false, nil
	}
	var a customActionPayload
	if err := DecodeAction(raw, &a, fields); err != nil {
		return true, err
	}
	return true, customAction{Type: a.Type, Fields: a.Fields, Name: a.Name, Value: a.Value}.apply(a.Action, custom)
}

// Apply applies one cart discount update action (every action of the reference).
func (cd *CartDiscount) Apply(raw json.RawMessage, c Change, p Predicates) error {
	if handled, err := applyCustomAction(raw, cartDiscountActions, &cd.Custom); handled {
		return err
	}
	var a cartDiscountAction
	if err := DecodeAction(raw, &a, cartDiscountActions); err != nil {
		return err
	}
	switch a.Action {
	case "setKey":
		return setKey(&cd.Key, a.Key)
	case "changeName":
		if len(a.Name) == 0 {
			return RequiredField("name")
		}
		cd.Name = a.Name
	case "setDescription":
		cd.Description = a.Description
	case "changeValue":
		if a.Value == nil {
			return RequiredField("value")
		}
		if err := cd.setValue(*a.Value, c); err != nil {
			return err
		}
		return cd.checkGiftTarget()
	case "changeCartPredicate":
		return cd.setPredicate(deref(a.CartPredicate), p)
	case "changeTarget":
		return cd.setTarget(a.Target, p)
	case "changeIsActive":
		if a.IsActive == nil {
			return RequiredField("isActive")
		}
		cd.IsActive = *a.IsActive
	case "changeSortOrder":
		return cd.setSortOrder(deref(a.SortOrder))
	case "changeRequiresDiscountCode":
		if a.RequiresDiscountCode == nil {
			return RequiredField("requiresDiscountCode")
		}
		cd.RequiresDiscountCode = *a.RequiresDiscountCode
	case "changeStackingMode":
		return cd.setStacking(deref(a.StackingMode))
	case "setValidFrom":
		return cd.setValidity(deref(a.ValidFrom), cd.ValidUntil)
	case "setValidUntil":
		return cd.setValidity(cd.ValidFrom, deref(a.ValidUntil))
	case "setValidFromAndUntil":
		return cd.setValidity(deref(a.ValidFrom), deref(a.ValidUntil))
	case "setDiscountGroup":
		return cd.setGroup(a.DiscountGroup, deref(a.SortOrder), c)
	case "setRecurringOrderScope":
		return cd.setScope(a.RecurringOrderScope)
	case "addStore", "removeStore", "setStores":
		return cd.applyStore(a, c)
	}
	return nil
}

func (cd *CartDiscount) applyStore(a cartDiscountAction, c Change) error {
	return changeStores(a.Action, a.Store, a.Stores, &cd.Stores, c.Lookup, "cart discount '"+cd.Key+"'")
}

var cartDiscountActions = withCustom(ActionFields{
	"setKey":                     {"key"},
	"changeName":                 {"name"},
	"setDescription":             {"description"},
	"changeValue":                {"value"},
	"changeCartPredicate":        {"cartPredicate"},
	"changeTarget":               {"target"},
	"changeIsActive":             {"isActive"},
	"changeSortOrder":            {"sortOrder"},
	"changeRequiresDiscountCode": {"requiresDiscountCode"},
	"changeStackingMode":         {"stackingMode"},
	"setValidFrom":               {"validFrom"},
	"setValidUntil":              {"validUntil"},
	"setValidFromAndUntil":       {"validFrom", "validUntil"},
	"setDiscountGroup":           {"discountGroup", "sortOrder"},
	"setRecurringOrderScope":     {"recurringOrderScope"},
	"addStore":                   {"store"},
	"removeStore":                {"store"},
	"setStores":                  {"stores"},
})

// CustomSlots implements Customizable.
func (cd *CartDiscount) CustomSlots() []CustomSlot {
	return slot("custom", "cart-discount", cd.Custom)
}
