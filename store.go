package procura

import (
	"encoding/json"
	"slices"
	"time"
)

// LocalizedString maps language tags to text.
type LocalizedString map[string]string

// Store is a sales channel. Procura keeps the part of it that business units reference.
type Store struct {
	Base
	Key       string          `json:"key"`
	Name      LocalizedString `json:"name,omitempty"`
	Languages []string        `json:"languages"`
	Countries []StoreCountry  `json:"countries"`
	// Procura has no channels and no product selections: these are always empty.
	DistributionChannels List[Reference]               `json:"distributionChannels"`
	SupplyChannels       List[Reference]               `json:"supplyChannels"`
	ProductSelections    List[ProductSelectionSetting] `json:"productSelections"`
	Custom               *CustomFields                 `json:"custom,omitempty"`
	Storefront           *Storefront                   `json:"storefront,omitempty"`
}

// ProductSelectionSetting makes a product selection active or inactive in a store.
type ProductSelectionSetting struct {
	ProductSelection Reference `json:"productSelection"`
	Active           bool      `json:"active"`
}

// StoreCountry is a country a store sells to.
type StoreCountry struct {
	Code string `json:"code"`
}

// StoreDraft creates a store.
type StoreDraft struct {
	Key        string             `json:"key"`
	Name       LocalizedString    `json:"name,omitempty"`
	Languages  []string           `json:"languages,omitempty"`
	Countries  []StoreCountry     `json:"countries,omitempty"`
	Custom     *CustomFieldsDraft `json:"custom,omitempty"`
	Storefront *Storefront        `json:"storefront,omitempty"`
	// Refused when not empty: Procura has no channels and no product selections.
	DistributionChannels []any `json:"distributionChannels,omitempty"`
	SupplyChannels       []any `json:"supplyChannels,omitempty"`
	ProductSelections    []any `json:"productSelections,omitempty"`
}

// storeFeatures names the feature behind each of the store's fields Procura lacks.
var storeFeatures = map[string]string{
	"distributionChannels": "channels", "supplyChannels": "channels", "productSelections": "product selections",
	"distributionChannel": "channels", "supplyChannel": "channels", "productSelection": "product selections",
}

// noSuch answers an action naming one channel or product selection: as Procura has neither,
// the one it names cannot exist, and it is not found, as the reference answers for a channel or
// selection that does not exist; the message names the feature.
func noSuch(field, typeID string, ri *ResourceIdentifier) error {
	if ri == nil {
		return RequiredField(field)
	}
	e := ReferencedNotFound(typeID, ri.ID, ri.Key)
	e.Message += " Procura has no " + storeFeatures[field] + "."
	return e
}

// lacking refuses a non-empty list of a feature Procura does not have.
func lacking(field string, list []any) error {
	if len(list) > 0 {
		return Unsupported(field, list, storeFeatures[field])
	}
	return nil
}

// NewStore validates d and builds the store.
func NewStore(d StoreDraft, id string, now time.Time) (*Store, error) {
	if err := CheckKey("key", d.Key); err != nil {
		return nil, err
	}
	for _, f := range []struct {
		field string
		list  []any
	}{{"distributionChannels", d.DistributionChannels}, {"supplyChannels", d.SupplyChannels}, {"productSelections", d.ProductSelections}} {
		if err := lacking(f.field, f.list); err != nil {
			return nil, err
		}
	}
	if err := checkLanguages("languages", d.Languages); err != nil {
		return nil, err
	}
	if err := checkStoreCountries("countries", d.Countries); err != nil {
		return nil, err
	}
	custom, err := NewCustomFields("custom", d.Custom)
	if err != nil {
		return nil, err
	}
	if d.Storefront != nil {
		if err := d.Storefront.check("storefront."); err != nil {
			return nil, err
		}
		if *d.Storefront == (Storefront{}) {
			d.Storefront = nil
		}
	}
	s := &Store{Key: d.Key, Name: d.Name, Languages: d.Languages, Countries: d.Countries, Custom: custom, Storefront: d.Storefront}
	if s.Languages == nil {
		s.Languages = []string{}
	}
	if s.Countries == nil {
		s.Countries = []StoreCountry{}
	}
	s.Stamp(id, now)
	return s, nil
}

type storeAction struct {
	Action               string              `json:"action"`
	Name                 json.RawMessage     `json:"name"`
	Languages            []string            `json:"languages"`
	Country              *StoreCountry       `json:"country"`
	Countries            []StoreCountry      `json:"countries"`
	DistributionChannels []any               `json:"distributionChannels"`
	SupplyChannels       []any               `json:"supplyChannels"`
	ProductSelections    []any               `json:"productSelections"`
	Type                 *ResourceIdentifier `json:"type"`
	Fields               map[string]any      `json:"fields"`
	Value                any                 `json:"value"`
	DistributionChannel  *ResourceIdentifier `json:"distributionChannel"`
	SupplyChannel        *ResourceIdentifier `json:"supplyChannel"`
	ProductSelection     *ResourceIdentifier `json:"productSelection"`
	Active               *bool               `json:"active"`
	Storefront
}

// Apply applies one store update action: setName, setLanguages, setCountries, addCountry,
// removeCountry, setCustomType, setCustomField, the storefront's set…Url and set…UrlTemplate;
// setDistributionChannels, setSupplyChannels and setProductSelections, which only an empty list
// passes, and the actions naming one channel or product selection, which is never found
// (Procura has neither feature).
func (s *Store) Apply(raw json.RawMessage) error {
	var a storeAction
	if err := DecodeAction(raw, &a, storeActions); err != nil {
		return err
	}
	switch a.Action {
	case "setName":
		var name LocalizedString
		if len(a.Name) > 0 {
			if err := json.Unmarshal(a.Name, &name); err != nil {
				return InvalidJSON("name: expected a localized string")
			}
		}
		s.Name = name
	case "setLanguages":
		if err := checkLanguages("languages", a.Languages); err != nil {
			return err
		}
		s.Languages = append([]string{}, a.Languages...)
	case "setCountries":
		if err := checkStoreCountries("countries", a.Countries); err != nil {
			return err
		}
		s.Countries = append([]StoreCountry{}, a.Countries...)
	case "addCountry", "removeCountry":
		if a.Country == nil {
			return RequiredField("country")
		}
		if err := checkStoreCountries("country", []StoreCountry{*a.Country}); err != nil {
			return err
		}
		i := slices.Index(s.Countries, *a.Country)
		switch {
		case a.Action == "addCountry" && i < 0:
			s.Countries = append(s.Countries, *a.Country)
		case a.Action == "removeCountry" && i < 0:
			return InvalidInput("The store '%s' does not sell to %s.", s.Key, a.Country.Code)
		case a.Action == "removeCountry":
			s.Countries = slices.Delete(s.Countries, i, i+1)
		}
	case "setDistributionChannels":
		return lacking("distributionChannels", a.DistributionChannels)
	case "setSupplyChannels":
		return lacking("supplyChannels", a.SupplyChannels)
	case "setProductSelections":
		return lacking("productSelections", a.ProductSelections)
	case "addDistributionChannel", "removeDistributionChannel":
		return noSuch("distributionChannel", "channel", a.DistributionChannel)
	case "addSupplyChannel", "removeSupplyChannel":
		return noSuch("supplyChannel", "channel", a.SupplyChannel)
	case "addProductSelection", "removeProductSelection", "changeProductSelectionActive":
		return noSuch("productSelection", "product-selection", a.ProductSelection)
	case "setCustomType", "setCustomField":
		var name string
		_ = json.Unmarshal(a.Name, &name)
		return customAction{Type: a.Type, Fields: a.Fields, Name: name, Value: a.Value}.apply(a.Action, &s.Custom)
	default:
		for _, f := range StorefrontFields {
			if a.Action == storefrontAction(f) {
				return s.setStorefront(f, *a.Storefront.field(f))
			}
		}
		return UnknownAction(a.Action)
	}
	return nil
}

// storeActions are the store update actions and their fields.
var storeActions = withActions(storefrontActions(), withCustom(ActionFields{"setName": {"name"}, "setLanguages": {"languages"},
	"setCountries": {"countries"}, "addCountry": {"country"}, "removeCountry": {"country"},
	"setDistributionChannels": {"distributionChannels"}, "setSupplyChannels": {"supplyChannels"},
	"setProductSelections": {"productSelections"}, "addDistributionChannel": {"distributionChannel"},
	"removeDistributionChannel": {"distributionChannel"}, "addSupplyChannel": {"supplyChannel"},
	"removeSupplyChannel": {"supplyChannel"}, "addProductSelection": {"productSelection", "active"},
	"removeProductSelection": {"productSelection"}, "changeProductSelectionActive": {"productSelection", "active"}}))

// checkLanguages accepts IETF language tags.
func checkLanguages(field string, languages []string) error {
	for _, l := range languages {
		if l == "" {
			return InvalidField(field, l)
		}
		if err := checkLocale(field, l); err != nil {
			return err
		}
	}
	return nil
}

// checkStoreCountries accepts ISO 3166-1 alpha-2 codes.
func checkStoreCountries(field string, countries []StoreCountry) error {
	for _, c := range countries {
		if !projectCountryPattern.MatchString(c.Code) {
			return InvalidField(field+".code", c.Code)
		}
	}
	return nil
}
