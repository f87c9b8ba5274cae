package procura

import "encoding/json"

// TypeTaxCategory is the resource type of tax categories.
const TypeTaxCategory = "tax-category"

// TaxCategory holds the tax rates of a kind of goods, per country and optionally state.
type TaxCategory struct {
	Base
	Key         string    `json:"key,omitempty"`
	Name        string    `json:"name"`
	Description string    `json:"description,omitempty"`
	Rates       []TaxRate `json:"rates"`
}

// TaxRate is a tax rate of a country (and state): a fraction of the net price (0.19 is 19%), or
// the sum of its sub-rates.
type TaxRate struct {
	ID              string    `json:"id,omitempty"`
	Key             string    `json:"key,omitempty"`
	Name            string    `json:"name"`
	Amount          float64   `json:"amount"`
	IncludedInPrice bool      `json:"includedInPrice"`
	Country         string    `json:"country"`
	State           string    `json:"state,omitempty"`
	SubRates        []SubRate `json:"subRates,omitempty"`
}

// SubRate is a named part of a tax rate (a state's and a city's share, say).
type SubRate struct {
	Name   string  `json:"name"`
	Amount float64 `json:"amount"`
}

// TaxRateDraft gives a tax rate; ExternalTaxRateDraft (a cart's rate set from outside) is the
// same without key, and with includedInPrice optional.
type TaxRateDraft struct {
	Name            string    `json:"name"`
	Key             string    `json:"key,omitempty"`
	Amount          *float64  `json:"amount,omitempty"`
	IncludedInPrice *bool     `json:"includedInPrice,omitempty"`
	Country         string    `json:"country"`
	State           string    `json:"state,omitempty"`
	SubRates        []SubRate `json:"subRates,omitempty"`
}

// TaxCategoryDraft creates a tax category.
type TaxCategoryDraft struct {
	Key         string         `json:"key,omitempty"`
	Name        string         `json:"name"`
	Description string         `json:"description,omitempty"`
	Rates       []TaxRateDraft `json:"rates,omitempty"`
}

// MaxTaxRates bounds the rates of a tax category.
const MaxTaxRates = 500

// NewTaxRate validates d: a name, a country, an amount between 0 and 1 (in millionths at most),
// which is the sum of the sub-rates when there are some (and may then be left out).
// includedInPrice is required unless external (where it defaults to false).
func NewTaxRate(field string, d TaxRateDraft, id string, external bool) (TaxRate, error) {
	if d.Name == "" {
		return TaxRate{}, RequiredField(field + ".name")
	}
	if d.Country == "" {
		return TaxRate{}, RequiredField(field + ".country")
	}
	if !countryPattern.MatchString(d.Country) {
		return TaxRate{}, InvalidField(field+".country", d.Country)
	}
	if d.IncludedInPrice == nil && !external {
		return TaxRate{}, RequiredField(field + ".includedInPrice")
	}
	if d.Key != "" {
		if err := CheckKey(field+".key", d.Key); err != nil {
			return TaxRate{}, err
		}
	}
	sum := int64(0)
	for i, s := range d.SubRates {
		f := field + ".subRates[" + itoa(i) + "]"
		if s.Name == "" {
			return TaxRate{}, RequiredField(f + ".name")
		}
		m, err := millionths(f+".amount", s.Amount)
		if err != nil {
			return TaxRate{}, err
		}
		sum += m
	}
	amount := 0.0
	switch {
	case d.Amount != nil:
		m, err := millionths(field+".amount", *d.Amount)
		if err != nil {
			return TaxRate{}, err
		}
		if len(d.SubRates) > 0 && m != sum {
			return TaxRate{}, InvalidInput("%s.amount (%v) must be the sum of its subRates' amounts.", field, *d.Amount)
		}
		amount = *d.Amount
	case len(d.SubRates) > 0:
		if sum > ratePrecision {
			return TaxRate{}, InvalidInput("%s: the subRates' amounts add up to more than 1.", field)
		}
		amount = float64(sum) / ratePrecision
	default:
		return TaxRate{}, RequiredField(field + ".amount")
	}
	return TaxRate{ID: id, Key: d.Key, Name: d.Name, Amount: amount, IncludedInPrice: deref(d.IncludedInPrice), Country: d.Country,
		State: d.State, SubRates: d.SubRates}, nil
}

// NewTaxCategory validates d and builds the tax category.
func NewTaxCategory(d TaxCategoryDraft, id string, c Change) (*TaxCategory, error) {
	if d.Key != "" {
		if err := CheckKey("key", d.Key); err != nil {
			return nil, err
		}
	}
	if d.Name == "" {
		return nil, RequiredField("name")
	}
	t := &TaxCategory{Key: d.Key, Name: d.Name, Description: d.Description, Rates: []TaxRate{}}
	for i, rd := range d.Rates {
		if err := t.addRate("rates["+itoa(i)+"]", rd, c.NewID()); err != nil {
			return nil, err
		}
	}
	t.Stamp(id, c.Now)
	return t, nil
}

// addRate adds a rate: one per country and state, its key unique in the category.
func (t *TaxCategory) addRate(field string, d TaxRateDraft, id string) error {
	r, err := NewTaxRate(field, d, id, false)
	if err != nil {
		return err
	}
	for _, x := range t.Rates {
		if x.Country == r.Country && x.State == r.State {
			return InvalidInput("The tax category already has a rate for %s%s.", r.Country, stateLabel(r.State))
		}
		if r.Key != "" && x.Key == r.Key {
			return DuplicateField(field+".key", r.Key)
		}
	}
	if len(t.Rates) >= MaxTaxRates {
		return LimitExceeded("tax-category", "A tax category has at most %d rates.", MaxTaxRates)
	}
	t.Rates = append(t.Rates, r)
	return nil
}

func stateLabel(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

// RateFor returns the rate of country and state: the state's own rate, else the country's rate
// for no state; nil when there is none.
func (t *TaxCategory) RateFor(country, state string) *TaxRate {
	var found *TaxRate
	for i, r := range t.Rates {
		if r.Country != country {
			continue
		}
		if state != "" && r.State == state {
			return &t.Rates[i]
		}
		if r.State == "" {
			found = &t.Rates[i]
		}
	}
	return found
}

type taxCategoryAction struct {
	Action      string        `json:"action"`
	Name        *string       `json:"name"`
	Key         *string       `json:"key"`
	Description *string       `json:"description"`
	TaxRate     *TaxRateDraft `json:"taxRate"`
	TaxRateID   string        `json:"taxRateId"`
	TaxRateKey  string        `json:"taxRateKey"`
}

// Apply applies one tax category update action: changeName, setKey, setDescription,
// addTaxRate, removeTaxRate and replaceTaxRate (by the rate's id or key).
func (t *TaxCategory) Apply(raw json.RawMessage, c Change) error {
	var a taxCategoryAction
	if err := DecodeAction(raw, &a, taxCategoryActions); err != nil {
		return err
	}
	switch a.Action {
	case "changeName":
		if deref(a.Name) == "" {
			return RequiredField("name")
		}
		t.Name = *a.Name
	case "setKey":
		return setKey(&t.Key, a.Key)
	case "setDescription":
		t.Description = deref(a.Description)
	case "addTaxRate":
		if a.TaxRate == nil {
			return RequiredField("taxRate")
		}
		return t.addRate("taxRate", *a.TaxRate, c.NewID())
	case "removeTaxRate", "replaceTaxRate":
		i, err := t.rate(a.TaxRateID, a.TaxRateKey)
		if err != nil {
			return err
		}
		old := t.Rates[i]
		t.Rates = append(t.Rates[:i], t.Rates[i+1:]...)
		if a.Action == "removeTaxRate" {
			return nil
		}
		if a.TaxRate == nil {
			return RequiredField("taxRate")
		}
		if err := t.addRate("taxRate", *a.TaxRate, old.ID); err != nil {
			return err
		}
		last := t.Rates[len(t.Rates)-1] // back in its place
		copy(t.Rates[i+1:], t.Rates[i:len(t.Rates)-1])
		t.Rates[i] = last
	}
	return nil
}

// rate finds a rate by id or key.
func (t *TaxCategory) rate(id, key string) (int, error) {
	if id == "" && key == "" {
		return -1, RequiredField("taxRateId")
	}
	for i, r := range t.Rates {
		if (id != "" && r.ID == id) || (id == "" && r.Key == key) {
			return i, nil
		}
	}
	return -1, InvalidInput("The tax category has no rate '%s'.", or(id, key))
}

var taxCategoryActions = ActionFields{
	"changeName":     {"name"},
	"setKey":         {"key"},
	"setDescription": {"description"},
	"addTaxRate":     {"taxRate"},
	"removeTaxRate":  {"taxRateId", "taxRateKey"},
	"replaceTaxRate": {"taxRateId", "taxRateKey", "taxRate"},
}
