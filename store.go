package procura

import (
	"encoding/json"
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
	Key       string             `json:"key"`
	Name      LocalizedString    `json:"name,omitempty"`
	Languages []string           `json:"languages,omitempty"`
	Countries []StoreCountry     `json:"countries,omitempty"`
	Custom    *CustomFieldsDraft `json:"custom,omitempty"`
}

// NewStore validates d and builds the store.
func NewStore(d StoreDraft, id string, now time.Time) (*Store, error) {
	if err := CheckKey("key", d.Key); err != nil {
		return nil, err
	}
	custom, err := NewCustomFields("custom", d.Custom)
	if err != nil {
		return nil, err
	}
	s := &Store{Key: d.Key, Name: d.Name, Languages: d.Languages, Countries: d.Countries, Custom: custom}
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
	Action    string              `json:"action"`
	Name      json.RawMessage     `json:"name"`
	Languages []string            `json:"languages"`
	Type      *ResourceIdentifier `json:"type"`
	Fields    map[string]any      `json:"fields"`
	Value     any                 `json:"value"`
}

// Apply applies one store update action: setName, setLanguages, setCustomType, setCustomField.
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
		s.Languages = append([]string{}, a.Languages...)
	case "setCustomType":
		custom, err := NewCustomFields("type", customDraft(a.Type, a.Fields))
		if err != nil {
			return err
		}
		s.Custom = custom
	case "setCustomField":
		var name string
		_ = json.Unmarshal(a.Name, &name)
		return SetCustomField(s.Custom, name, a.Value)
	default:
		return UnknownAction(a.Action)
	}
	return nil
}

// storeActions are the store update actions and their fields.
var storeActions = withCustom(ActionFields{"setName": {"name"}, "setLanguages": {"languages"}})
