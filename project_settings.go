package procura

import (
	"regexp"
	"slices"
)

// The project settings a storefront reads: the countries, currencies and languages it offers,
// and the messages, carts and shopping-lists configurations (decision 0016).

var (
	projectCountryPattern = regexp.MustCompile(`^[A-Z]{2}$`)
	languagePattern       = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
)

// Bounds of the settings, as the reference gives them.
const (
	maxDeleteDays         = 365250
	maxMessageDays        = 90
	defaultMessageDays    = 15
	settingsListMaxLength = 500
)

// settingsActions are the settings' update actions and their fields.
var settingsActions = ActionFields{
	"changeCountries":                     {"countries"},
	"changeCurrencies":                    {"currencies"},
	"changeLanguages":                     {"languages"},
	"changeMessagesConfiguration":         {"messagesConfiguration"},
	"changeMessagesEnabled":               {"messagesEnabled"},
	"changeCartsConfiguration":            {"cartsConfiguration"},
	"changeCountryTaxRateFallbackEnabled": {"countryTaxRateFallbackEnabled"},
	"changeShoppingListsConfiguration":    {"shoppingListsConfiguration"},
}

// settingsAction holds the fields of the settings' actions.
type settingsAction struct {
	Countries                     []string                    `json:"countries"`
	Currencies                    []string                    `json:"currencies"`
	Languages                     []string                    `json:"languages"`
	MessagesConfiguration         *messagesConfigurationDraft `json:"messagesConfiguration"`
	MessagesEnabled               *bool                       `json:"messagesEnabled"`
	CartsConfiguration            *cartsConfigurationDraft    `json:"cartsConfiguration"`
	CountryTaxRateFallbackEnabled *bool                       `json:"countryTaxRateFallbackEnabled"`
	ShoppingListsConfiguration    *daysDraft                  `json:"shoppingListsConfiguration"`
}

type messagesConfigurationDraft struct {
	Enabled                 *bool `json:"enabled"`
	DeleteDaysAfterCreation *int  `json:"deleteDaysAfterCreation"`
}

type cartsConfigurationDraft struct {
	DeleteDaysAfterLastModification *int  `json:"deleteDaysAfterLastModification"`
	CountryTaxRateFallbackEnabled   *bool `json:"countryTaxRateFallbackEnabled"`
}

type daysDraft struct {
	DeleteDaysAfterLastModification *int `json:"deleteDaysAfterLastModification"`
}

// applySetting applies one of settingsActions.
func (p *Project) applySetting(name string, a settingsAction) error {
	switch name {
	case "changeCountries":
		return setList(&p.Countries, "countries", a.Countries, func(field, c string) error {
			if !projectCountryPattern.MatchString(c) {
				return InvalidField(field, c)
			}
			return nil
		})
	case "changeCurrencies":
		return setList(&p.Currencies, "currencies", a.Currencies, CheckCurrency)
	case "changeLanguages":
		return setList(&p.Languages, "languages", a.Languages, func(field, l string) error {
			if !languagePattern.MatchString(l) {
				return InvalidField(field, l)
			}
			return nil
		})
	case "changeMessagesConfiguration":
		m := a.MessagesConfiguration
		if m == nil {
			return RequiredField("messagesConfiguration")
		}
		if m.Enabled == nil {
			return RequiredField("messagesConfiguration.enabled")
		}
		days := defaultMessageDays
		if m.DeleteDaysAfterCreation != nil {
			days = *m.DeleteDaysAfterCreation
		}
		if err := checkBetween("messagesConfiguration.deleteDaysAfterCreation", days, 1, maxMessageDays); err != nil {
			return err
		}
		p.Messages = MessagesConfiguration{Enabled: *m.Enabled, DeleteDaysAfterCreation: &days}
	case "changeMessagesEnabled":
		return setFlag(&p.Messages.Enabled, "messagesEnabled", a.MessagesEnabled)
	case "changeCartsConfiguration":
		c := a.CartsConfiguration
		if c == nil {
			return RequiredField("cartsConfiguration")
		}
		if c.DeleteDaysAfterLastModification != nil {
			if err := checkBetween("cartsConfiguration.deleteDaysAfterLastModification", *c.DeleteDaysAfterLastModification, 1, maxDeleteDays); err != nil {
				return err
			}
			p.Carts.DeleteDaysAfterLastModification = *c.DeleteDaysAfterLastModification
		}
		if c.CountryTaxRateFallbackEnabled != nil {
			p.Carts.CountryTaxRateFallbackEnabled = *c.CountryTaxRateFallbackEnabled
		}
	case "changeCountryTaxRateFallbackEnabled":
		return setFlag(&p.Carts.CountryTaxRateFallbackEnabled, "countryTaxRateFallbackEnabled", a.CountryTaxRateFallbackEnabled)
	case "changeShoppingListsConfiguration":
		s := a.ShoppingListsConfiguration
		if s == nil || s.DeleteDaysAfterLastModification == nil {
			return RequiredField("shoppingListsConfiguration.deleteDaysAfterLastModification")
		}
		if err := checkBetween("shoppingListsConfiguration.deleteDaysAfterLastModification", *s.DeleteDaysAfterLastModification, 1, maxDeleteDays); err != nil {
			return err
		}
		p.ShoppingLists.DeleteDaysAfterLastModification = *s.DeleteDaysAfterLastModification
	default:
		return UnknownAction(name)
	}
	return nil
}

// setList replaces a settings list after checking each value: the list may not be empty, nor
// longer than settingsListMaxLength, nor name a value twice.
func setList(dst *[]string, field string, values []string, check func(field, v string) error) error {
	if len(values) == 0 {
		return RequiredField(field)
	}
	if len(values) > settingsListMaxLength {
		return InvalidInput("%s may name at most %d values.", field, settingsListMaxLength)
	}
	for i, v := range values {
		if err := check(field, v); err != nil {
			return err
		}
		if slices.Contains(values[:i], v) {
			e := InvalidField(field, v)
			e.Message = "The value '" + v + "' is given twice in " + field + "."
			return e
		}
	}
	*dst = slices.Clone(values)
	return nil
}

// checkBetween refuses a number outside [min, max].
func checkBetween(field string, v, min, max int) error {
	if v < min || v > max {
		e := InvalidField(field, v)
		e.Message = field + " must be between " + itoa(min) + " and " + itoa(max) + "."
		return e
	}
	return nil
}

// setFlag sets dst to the boolean an action must give as field.
func setFlag(dst *bool, field string, v *bool) error {
	if v == nil {
		return RequiredField(field)
	}
	*dst = *v
	return nil
}
