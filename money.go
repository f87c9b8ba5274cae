package procura

import (
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"time"
)

// Money is an amount in the smallest unit of its currency (cents), as the reference writes it:
// {"type":"centPrecision","currencyCode":"EUR","centAmount":1999,"fractionDigits":2}.
type Money struct {
	Type           string `json:"type"`
	CurrencyCode   string `json:"currencyCode"`
	CentAmount     int64  `json:"centAmount"`
	FractionDigits int    `json:"fractionDigits"`
}

// MoneyDraft is money as drafts give it; fractionDigits defaults to the currency's.
type MoneyDraft struct {
	CurrencyCode   string `json:"currencyCode"`
	CentAmount     *int64 `json:"centAmount"`
	FractionDigits *int   `json:"fractionDigits,omitempty"`
	Type           string `json:"type,omitempty"`
}

var currencyPattern = regexp.MustCompile(`^[A-Z]{3}$`)

// currencyDigits lists the currencies whose minor unit is not the cent.
var currencyDigits = map[string]int{
	"JPY": 0, "KRW": 0, "CLP": 0, "ISK": 0, "VND": 0, "UGX": 0, "XAF": 0, "XOF": 0,
	"BHD": 3, "KWD": 3, "OMR": 3, "JOD": 3, "TND": 3, "LYD": 3, "IQD": 3,
}

// FractionDigits returns the number of minor-unit digits of an ISO 4217 currency.
func FractionDigits(currency string) int {
	if d, ok := currencyDigits[currency]; ok {
		return d
	}
	return 2
}

// CheckCurrency validates an ISO 4217 currency code.
func CheckCurrency(field, code string) error {
	if code == "" {
		return RequiredField(field)
	}
	if !currencyPattern.MatchString(code) {
		return InvalidField(field, code)
	}
	return nil
}

// NewMoney builds money in a currency's own precision.
func NewMoney(currency string, cents int64) Money {
	return Money{Type: "centPrecision", CurrencyCode: currency, CentAmount: cents, FractionDigits: FractionDigits(currency)}
}

// Money validates the draft: a currency, a non-negative amount, the currency's precision.
func (d MoneyDraft) Money(field string) (Money, error) {
	if err := CheckCurrency(field+".currencyCode", d.CurrencyCode); err != nil {
		return Money{}, err
	}
	if d.CentAmount == nil {
		return Money{}, RequiredField(field + ".centAmount")
	}
	if *d.CentAmount < 0 || *d.CentAmount > MaxCentAmount {
		return Money{}, InvalidField(field+".centAmount", *d.CentAmount)
	}
	m := NewMoney(d.CurrencyCode, *d.CentAmount)
	if d.FractionDigits != nil && *d.FractionDigits != m.FractionDigits {
		return Money{}, InvalidInput("%s: %s has %d fraction digits, not %d.", field, d.CurrencyCode, m.FractionDigits, *d.FractionDigits)
	}
	return m, nil
}

// MaxCentAmount bounds amounts so that a line total (at most MaxQuantity items) cannot overflow.
const MaxCentAmount = 1_000_000_000_000 // ten billion in a two-digit currency

// Times multiplies money by a quantity.
func (m Money) Times(n int64) Money {
	m.CentAmount *= n
	return m
}

// Plus adds money of the same currency.
func (m Money) Plus(o Money) (Money, error) {
	if m.CurrencyCode != o.CurrencyCode {
		return m, InvalidOperation("Cannot add %s to %s.", o.CurrencyCode, m.CurrencyCode)
	}
	m.CentAmount += o.CentAmount
	return m, nil
}

func (m Money) String() string {
	return fmt.Sprintf("%d %s/10^%d", m.CentAmount, m.CurrencyCode, m.FractionDigits)
}

// Price is a price of a product variant.
type Price struct {
	ID         string `json:"id"`
	Key        string `json:"key,omitempty"`
	Value      Money  `json:"value"`
	Country    string `json:"country,omitempty"`
	ValidFrom  string `json:"validFrom,omitempty"`
	ValidUntil string `json:"validUntil,omitempty"`
	// Custom is set by the product update actions setProductPriceCustomType and …Field.
	Custom *CustomFields `json:"custom,omitempty"`
}

// PriceDraft adds or replaces a price.
type PriceDraft struct {
	Key        string     `json:"key,omitempty"`
	Value      MoneyDraft `json:"value"`
	Country    string     `json:"country,omitempty"`
	ValidFrom  string     `json:"validFrom,omitempty"`
	ValidUntil string     `json:"validUntil,omitempty"`
}

// NewPrice validates d and gives the price id.
func NewPrice(field string, d PriceDraft, id string) (Price, error) {
	value, err := d.Value.Money(field + ".value")
	if err != nil {
		return Price{}, err
	}
	if d.Country != "" && !countryPattern.MatchString(d.Country) {
		return Price{}, InvalidField(field+".country", d.Country)
	}
	for _, t := range []struct{ name, v string }{{"validFrom", d.ValidFrom}, {"validUntil", d.ValidUntil}} {
		if t.v == "" {
			continue
		}
		if _, err := time.Parse(time.RFC3339, t.v); err != nil {
			return Price{}, InvalidField(field+"."+t.name, t.v)
		}
	}
	if d.ValidFrom != "" && d.ValidUntil != "" && !before(d.ValidFrom, d.ValidUntil) {
		return Price{}, InvalidInput("%s: validFrom must be before validUntil.", field)
	}
	return Price{ID: id, Key: d.Key, Value: value, Country: d.Country, ValidFrom: d.ValidFrom, ValidUntil: d.ValidUntil}, nil
}

func before(a, b string) bool {
	ta, _ := time.Parse(time.RFC3339, a)
	tb, _ := time.Parse(time.RFC3339, b)
	return ta.Before(tb)
}

// validAt reports whether the price applies at now.
func (p Price) validAt(now time.Time) bool {
	if p.ValidFrom != "" {
		if t, err := time.Parse(time.RFC3339, p.ValidFrom); err == nil && now.Before(t) {
			return false
		}
	}
	if p.ValidUntil != "" {
		if t, err := time.Parse(time.RFC3339, p.ValidUntil); err == nil && !now.Before(t) {
			return false
		}
	}
	return true
}

// SelectPrice picks the price that applies to a cart in currency for country at now: a price
// for that country wins over one for every country; among equals, a price with a validity window
// wins over one without. It returns nil when no price applies.
func SelectPrice(prices []Price, currency, country string, now time.Time) *Price {
	var best *Price
	score := func(p *Price) int {
		s := 0
		if p.Country != "" {
			s += 2
		}
		if p.ValidFrom != "" || p.ValidUntil != "" {
			s++
		}
		return s
	}
	for i := range prices {
		p := &prices[i]
		if p.Value.CurrencyCode != currency || (p.Country != "" && p.Country != country) || !p.validAt(now) {
			continue
		}
		if best == nil || score(p) > score(best) {
			best = p
		}
	}
	return best
}

// shareBy splits amount in proportion to weights, exactly: each part rounded down, the units
// left to the largest remainders, first come first served (a discount over line items and
// units, a tax over its sub-rates).
func shareBy(amount int64, weights []int64) []int64 {
	out := make([]int64, len(weights))
	total := int64(0)
	for _, w := range weights {
		total += w
	}
	if total == 0 || amount == 0 {
		return out
	}
	rest := make([]int64, len(weights))
	left := amount
	for i, w := range weights {
		n := new(big.Int).Mul(big.NewInt(amount), big.NewInt(w))
		q, r := new(big.Int).QuoRem(n, big.NewInt(total), new(big.Int))
		out[i], rest[i] = q.Int64(), r.Int64()
		left -= out[i]
	}
	order := make([]int, len(weights))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case rest[a] > rest[b]:
			return -1
		case rest[a] < rest[b]:
			return 1
		}
		return 0
	})
	for i := 0; left > 0; i = (i + 1) % len(order) {
		out[order[i]]++
		left--
	}
	return out
}
