package procura

import "encoding/json"

// TypeShippingMethod is the resource type of shipping methods.
const TypeShippingMethod = "shipping-method"

// ShippingMethod is a way to ship a cart: its price per zone and currency, and its tax category.
type ShippingMethod struct {
	Base
	Key                  string          `json:"key,omitempty"`
	Name                 string          `json:"name"`
	LocalizedName        LocalizedString `json:"localizedName,omitempty"`
	Description          string          `json:"description,omitempty"`
	LocalizedDescription LocalizedString `json:"localizedDescription,omitempty"`
	Carrier              string          `json:"carrier,omitempty"`
	TaxCategory          Reference       `json:"taxCategory"`
	ZoneRates            []ZoneRate      `json:"zoneRates"`
	Active               bool            `json:"active"`
	IsDefault            bool            `json:"isDefault"`
	Predicate            string          `json:"predicate,omitempty"`
	Stores               []KeyReference  `json:"stores"`
	Custom               *CustomFields   `json:"custom,omitempty"`
}

// ZoneRate is a shipping method's rates in one zone, at most one per currency.
type ZoneRate struct {
	Zone          Reference      `json:"zone"`
	ShippingRates []ShippingRate `json:"shippingRates"`
}

// ShippingRate is the price of shipping in one currency, free from freeAbove on, or the price of
// the tier a cart selects (shipping_rate_input.go). IsMatching is set in the answers of
// matching-cart only.
type ShippingRate struct {
	Price      Money                   `json:"price"`
	FreeAbove  *Money                  `json:"freeAbove,omitempty"`
	IsMatching *bool                   `json:"isMatching,omitempty"`
	Tiers      []ShippingRatePriceTier `json:"tiers"`
}

// ShippingRateDraft gives a shipping rate.
type ShippingRateDraft struct {
	Price     MoneyDraft                   `json:"price"`
	FreeAbove *MoneyDraft                  `json:"freeAbove,omitempty"`
	Tiers     []ShippingRatePriceTierDraft `json:"tiers,omitempty"`
}

// ZoneRateDraft gives a zone's rates.
type ZoneRateDraft struct {
	Zone          ResourceIdentifier  `json:"zone"`
	ShippingRates []ShippingRateDraft `json:"shippingRates"`
}

// ShippingMethodDraft creates a shipping method.
type ShippingMethodDraft struct {
	Key                  string               `json:"key,omitempty"`
	Name                 string               `json:"name"`
	LocalizedName        LocalizedString      `json:"localizedName,omitempty"`
	Description          string               `json:"description,omitempty"`
	LocalizedDescription LocalizedString      `json:"localizedDescription,omitempty"`
	Carrier              string               `json:"carrier,omitempty"`
	TaxCategory          *ResourceIdentifier  `json:"taxCategory"`
	ZoneRates            []ZoneRateDraft      `json:"zoneRates"`
	Active               *bool                `json:"active,omitempty"`
	IsDefault            bool                 `json:"isDefault"`
	Predicate            string               `json:"predicate,omitempty"`
	Stores               []ResourceIdentifier `json:"stores,omitempty"`
	Custom               *CustomFieldsDraft   `json:"custom,omitempty"`
}

// Rates finds what the taxes and the shipping of carts need, each an error when not found
// (ReferencedResourceNotFound naming field); Matches evaluates a shipping method's predicate
// (a cart predicate) against a cart, and Check validates one.
type Rates interface {
	TaxCategory(field string, ri ResourceIdentifier) (*TaxCategory, error)
	Zone(field string, ri ResourceIdentifier) (*Zone, error)
	ShippingMethod(field string, ri ResourceIdentifier) (*ShippingMethod, error)
	CheckPredicate(field, src string) error
	Matches(src string, c *Cart) (bool, error)
	// ShippingRateInputType is the project's (nil for none).
	ShippingRateInputType() (*ShippingRateInputType, error)
}

// Limits of a shipping method.
const (
	MaxZoneRates     = 500
	MaxShippingRates = 50
)

// NewShippingMethod validates d and builds the shipping method.
func NewShippingMethod(d ShippingMethodDraft, id string, c Change) (*ShippingMethod, error) {
	if d.Key != "" {
		if err := CheckKey("key", d.Key); err != nil {
			return nil, err
		}
	}
	if d.Name == "" {
		return nil, RequiredField("name")
	}
	m := &ShippingMethod{Key: d.Key, Name: d.Name, LocalizedName: d.LocalizedName, Description: d.Description,
		LocalizedDescription: d.LocalizedDescription, Carrier: d.Carrier, ZoneRates: []ZoneRate{}, Active: d.Active == nil || *d.Active,
		IsDefault: d.IsDefault, Stores: []KeyReference{}}
	if err := m.setTaxCategory(d.TaxCategory, c); err != nil {
		return nil, err
	}
	for i, zr := range d.ZoneRates {
		f := "zoneRates[" + itoa(i) + "]"
		if err := m.addZone(f+".zone", zr.Zone, c); err != nil {
			return nil, err
		}
		for j, sr := range zr.ShippingRates {
			if err := m.addRate(f+".shippingRates["+itoa(j)+"]", zr.Zone, sr, c); err != nil {
				return nil, err
			}
		}
	}
	if err := m.setPredicate(d.Predicate, c); err != nil {
		return nil, err
	}
	if err := m.setStores(d.Stores, c); err != nil {
		return nil, err
	}
	custom, err := NewCustomFields("custom", d.Custom)
	if err != nil {
		return nil, err
	}
	m.Custom = custom
	m.Stamp(id, c.Now)
	return m, nil
}

func (m *ShippingMethod) setTaxCategory(ri *ResourceIdentifier, c Change) error {
	if err := ri.Check("taxCategory", TypeTaxCategory); err != nil {
		return err
	}
	t, err := c.Rates.TaxCategory("taxCategory", *ri)
	if err != nil {
		return err
	}
	m.TaxCategory = Reference{TypeID: TypeTaxCategory, ID: t.ID}
	return nil
}

func (m *ShippingMethod) setPredicate(src string, c Change) error {
	if src != "" {
		if err := c.Rates.CheckPredicate("predicate", src); err != nil {
			return err
		}
	}
	m.Predicate = src
	return nil
}

func (m *ShippingMethod) setStores(ris []ResourceIdentifier, c Change) error {
	stores, err := resolveStores("stores", ris, c.Lookup)
	if err == nil {
		m.Stores = stores
	}
	return err
}

// zone finds the zone rate of the zone ri names (-1 for none), after checking that it exists.
func (m *ShippingMethod) zone(field string, ri ResourceIdentifier, c Change) (int, string, error) {
	if err := ri.Check(field, TypeZone); err != nil {
		return -1, "", err
	}
	z, err := c.Rates.Zone(field, ri)
	if err != nil {
		return -1, "", err
	}
	for i, zr := range m.ZoneRates {
		if zr.Zone.ID == z.ID {
			return i, z.ID, nil
		}
	}
	return -1, z.ID, nil
}

func (m *ShippingMethod) addZone(field string, ri ResourceIdentifier, c Change) error {
	i, id, err := m.zone(field, ri, c)
	if err != nil {
		return err
	}
	if i >= 0 {
		return InvalidInput("The shipping method already has the zone '%s'.", ri.IDOrKey())
	}
	if len(m.ZoneRates) >= MaxZoneRates {
		return LimitExceeded("shipping-method", "A shipping method has at most %d zones.", MaxZoneRates)
	}
	m.ZoneRates = append(m.ZoneRates, ZoneRate{Zone: Reference{TypeID: TypeZone, ID: id}, ShippingRates: []ShippingRate{}})
	return nil
}

// NewShippingRate validates a shipping rate: freeAbove and the tiers in the price's currency.
func NewShippingRate(field string, d ShippingRateDraft) (ShippingRate, error) {
	price, err := d.Price.Money(field + ".price")
	if err != nil {
		return ShippingRate{}, err
	}
	tiers, err := newTiers(field, d.Tiers, price.CurrencyCode)
	if err != nil {
		return ShippingRate{}, err
	}
	r := ShippingRate{Price: price, Tiers: tiers}
	if d.FreeAbove != nil {
		f, err := d.FreeAbove.Money(field + ".freeAbove")
		if err != nil {
			return ShippingRate{}, err
		}
		if f.CurrencyCode != price.CurrencyCode {
			return ShippingRate{}, InvalidInput("%s: freeAbove is in %s, the price in %s.", field, f.CurrencyCode, price.CurrencyCode)
		}
		r.FreeAbove = &f
	}
	return r, nil
}

// addRate adds a rate to a zone the method has: one per currency.
func (m *ShippingMethod) addRate(field string, zone ResourceIdentifier, d ShippingRateDraft, c Change) error {
	i, _, err := m.zone("zone", zone, c)
	if err != nil {
		return err
	}
	if i < 0 {
		return InvalidInput("The shipping method has no zone '%s': add it first.", zone.IDOrKey())
	}
	r, err := NewShippingRate(field, d)
	if err != nil {
		return err
	}
	if err := r.checkTierType(field, c); err != nil {
		return err
	}
	zr := &m.ZoneRates[i]
	for _, x := range zr.ShippingRates {
		if x.Price.CurrencyCode == r.Price.CurrencyCode {
			return InvalidInput("The zone '%s' already has a rate in %s.", zone.IDOrKey(), r.Price.CurrencyCode)
		}
	}
	if len(zr.ShippingRates) >= MaxShippingRates {
		return LimitExceeded("shipping-method", "A zone of a shipping method has at most %d rates.", MaxShippingRates)
	}
	zr.ShippingRates = append(zr.ShippingRates, r)
	return nil
}

// RateFor returns the method's rate for an address in one of zones (the zones that contain it)
// in currency, or nil.
func (m *ShippingMethod) RateFor(zoneIDs []string, currency string) *ShippingRate {
	for _, zr := range m.ZoneRates {
		if indexOf(zoneIDs, zr.Zone.ID) < 0 {
			continue
		}
		for _, r := range zr.ShippingRates {
			if r.Price.CurrencyCode == currency {
				rate := r
				return &rate
			}
		}
	}
	return nil
}

// InStore reports whether the method serves carts of store ("" for none): a method without
// stores serves all carts, one with stores only the carts of those stores.
func (m *ShippingMethod) InStore(store string) bool {
	return len(m.Stores) == 0 || (store != "" && indexOfKey(m.Stores, store) >= 0)
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

type shippingMethodAction struct {
	Action               string               `json:"action"`
	Name                 *string              `json:"name"`
	Key                  *string              `json:"key"`
	Description          *string              `json:"description"`
	LocalizedName        LocalizedString      `json:"localizedName"`
	LocalizedDescription LocalizedString      `json:"localizedDescription"`
	Carrier              *string              `json:"carrier"`
	TaxCategory          *ResourceIdentifier  `json:"taxCategory"`
	Zone                 *ResourceIdentifier  `json:"zone"`
	ShippingRate         *ShippingRateDraft   `json:"shippingRate"`
	Active               *bool                `json:"active"`
	IsDefault            *bool                `json:"isDefault"`
	Predicate            *string              `json:"predicate"`
	Store                *ResourceIdentifier  `json:"store"`
	Stores               []ResourceIdentifier `json:"stores"`
	Type                 *ResourceIdentifier  `json:"type"`
	Fields               map[string]any       `json:"fields"`
	Value                any                  `json:"value"`
}

// Apply applies one shipping method update action (every action of the reference).
func (m *ShippingMethod) Apply(raw json.RawMessage, c Change) error {
	var a shippingMethodAction
	if err := DecodeAction(raw, &a, shippingMethodActions); err != nil {
		return err
	}
	switch a.Action {
	case "changeName":
		if deref(a.Name) == "" {
			return RequiredField("name")
		}
		m.Name = *a.Name
	case "setKey":
		return setKey(&m.Key, a.Key)
	case "setDescription":
		m.Description = deref(a.Description)
	case "setLocalizedName":
		m.LocalizedName = a.LocalizedName
	case "setLocalizedDescription":
		m.LocalizedDescription = a.LocalizedDescription
	case "setCarrier":
		m.Carrier = deref(a.Carrier)
	case "changeTaxCategory":
		return m.setTaxCategory(a.TaxCategory, c)
	case "changeActive":
		if a.Active == nil {
			return RequiredField("active")
		}
		m.Active = *a.Active
	case "changeIsDefault":
		if a.IsDefault == nil {
			return RequiredField("isDefault")
		}
		m.IsDefault = *a.IsDefault
	case "setPredicate":
		return m.setPredicate(deref(a.Predicate), c)
	case "addZone", "removeZone", "addShippingRate", "removeShippingRate":
		return m.applyZone(a, c)
	case "addStore", "removeStore", "setStores":
		return m.applyStore(a, c)
	case "setCustomType", "setCustomField":
		return customAction{Type: a.Type, Fields: a.Fields, Name: deref(a.Name), Value: a.Value}.apply(a.Action, &m.Custom)
	}
	return nil
}

func (m *ShippingMethod) applyZone(a shippingMethodAction, c Change) error {
	if a.Zone == nil {
		return RequiredField("zone")
	}
	switch a.Action {
	case "addZone":
		return m.addZone("zone", *a.Zone, c)
	case "addShippingRate":
		if a.ShippingRate == nil {
			return RequiredField("shippingRate")
		}
		return m.addRate("shippingRate", *a.Zone, *a.ShippingRate, c)
	}
	i, _, err := m.zone("zone", *a.Zone, c)
	if err != nil {
		return err
	}
	if i < 0 {
		return InvalidInput("The shipping method has no zone '%s'.", a.Zone.IDOrKey())
	}
	if a.Action == "removeZone" {
		m.ZoneRates = append(m.ZoneRates[:i], m.ZoneRates[i+1:]...)
		return nil
	}
	if a.ShippingRate == nil {
		return RequiredField("shippingRate")
	}
	r, err := NewShippingRate("shippingRate", *a.ShippingRate)
	if err != nil {
		return err
	}
	rates := m.ZoneRates[i].ShippingRates
	for j, x := range rates {
		if x.Price == r.Price && ((x.FreeAbove == nil && r.FreeAbove == nil) || (x.FreeAbove != nil && r.FreeAbove != nil && *x.FreeAbove == *r.FreeAbove)) {
			m.ZoneRates[i].ShippingRates = append(rates[:j], rates[j+1:]...)
			return nil
		}
	}
	return InvalidInput("The zone '%s' has no such shipping rate.", a.Zone.IDOrKey())
}

func (m *ShippingMethod) applyStore(a shippingMethodAction, c Change) error {
	return changeStores(a.Action, a.Store, a.Stores, &m.Stores, c.Lookup, "shipping method '"+m.Key+"'")
}

var shippingMethodActions = withCustom(ActionFields{
	"changeName":              {"name"},
	"setKey":                  {"key"},
	"setDescription":          {"description"},
	"setLocalizedName":        {"localizedName"},
	"setLocalizedDescription": {"localizedDescription"},
	"setCarrier":              {"carrier"},
	"changeTaxCategory":       {"taxCategory"},
	"changeActive":            {"active"},
	"changeIsDefault":         {"isDefault"},
	"setPredicate":            {"predicate"},
	"addZone":                 {"zone"},
	"removeZone":              {"zone"},
	"addShippingRate":         {"zone", "shippingRate"},
	"removeShippingRate":      {"zone", "shippingRate"},
	"addStore":                {"store"},
	"removeStore":             {"store"},
	"setStores":               {"stores"},
})

// CustomSlots implements Customizable.
func (m *ShippingMethod) CustomSlots() []CustomSlot {
	return slot("custom", "shipping-method", m.Custom)
}
