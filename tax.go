package procura

import (
	"math"
	"math/big"
	"slices"
)

// Rounding modes of taxes (a cart's taxRoundingMode) and their names.
const (
	HalfEven = "HalfEven"
	HalfUp   = "HalfUp"
	HalfDown = "HalfDown"
)

// Tax calculation modes: the tax of a line item is computed on its total, or on its unit price
// and then multiplied by its quantity.
const (
	LineItemLevel  = "LineItemLevel"
	UnitPriceLevel = "UnitPriceLevel"
)

// Tax modes of a cart.
const (
	TaxPlatform       = "Platform"
	TaxExternal       = "External"
	TaxExternalAmount = "ExternalAmount"
	TaxDisabled       = "Disabled"
)

// ratePrecision: a tax rate is counted in millionths, so that taxes are computed on integers.
const ratePrecision = 1_000_000

// TaxPortion is the part of a taxed price one rate (or sub-rate) makes.
type TaxPortion struct {
	Name   string  `json:"name,omitempty"`
	Rate   float64 `json:"rate"`
	Amount Money   `json:"amount"`
}

// TaxedPrice is a net amount, its taxes and their sum (a line item's, the shipping's or the
// cart's). TotalGross is always TotalNet plus the portions, and TotalTax their sum.
type TaxedPrice struct {
	TotalNet    Money        `json:"totalNet"`
	TotalGross  Money        `json:"totalGross"`
	TotalTax    *Money       `json:"totalTax,omitempty"`
	TaxPortions []TaxPortion `json:"taxPortions"`
}

// millionths converts a rate to millionths, refusing one finer than that or outside 0 to 1.
func millionths(field string, rate float64) (int64, error) {
	m := math.Round(rate * ratePrecision)
	if rate < 0 || rate > 1 || math.IsNaN(rate) || math.Abs(rate*ratePrecision-m) > 1e-6 {
		return 0, InvalidInput("%s must be between 0 and 1 with at most six decimals; it is %v.", field, rate)
	}
	return int64(m), nil
}

// rateOf is a rate in millionths (the rate was checked when it was set).
func rateOf(rate float64) int64 { return int64(math.Round(rate * ratePrecision)) }

// roundQuo divides num by den (den > 0) and rounds the quotient to an integer by mode.
func roundQuo(num, den *big.Int, mode string) int64 {
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	if r.Sign() < 0 { // floor division, then the remainder is in [0, den)
		q.Sub(q, big.NewInt(1))
		r.Add(r, den)
	}
	twice := new(big.Int).Lsh(r, 1)
	switch c := twice.Cmp(den); {
	case c > 0:
		q.Add(q, big.NewInt(1))
	case c == 0:
		if mode == HalfUp || (mode == HalfEven && q.Bit(0) == 1) {
			q.Add(q, big.NewInt(1))
		}
	}
	return q.Int64()
}

// times rounds amount × rate millionths.
func times(amount, millionths int64, mode string) int64 {
	n := new(big.Int).Mul(big.NewInt(amount), big.NewInt(millionths))
	return roundQuo(n, big.NewInt(ratePrecision), mode)
}

// portion is one share of a tax: its rate in millionths and its name.
type portion struct {
	name string
	rate float64
}

func (r TaxRate) portions() []portion {
	if len(r.SubRates) == 0 {
		return []portion{{r.Name, r.Amount}}
	}
	out := make([]portion, len(r.SubRates))
	for i, s := range r.SubRates {
		out[i] = portion{s.Name, s.Amount}
	}
	return out
}

// Tax computes the taxed price of amount (a price in minor units of currency) at rate: a rate
// not included in the price adds each portion, rounded, to the amount; a rate included in it
// splits the amount into the net, rounded, and the tax, whose portions share it exactly.
func Tax(amount int64, currency string, rate TaxRate, mode string) TaxedPrice {
	ps := rate.portions()
	if amount < 0 {
		// a rebate (a custom line item of negative money) is taxed as its amount, negated: its
		// taxes mirror those of the same amount charged
		t := Tax(-amount, currency, rate, mode)
		amounts := make([]int64, len(t.TaxPortions))
		for i, p := range t.TaxPortions {
			amounts[i] = -p.Amount.CentAmount
		}
		return taxedPrice(-t.TotalNet.CentAmount, currency, ps, amounts)
	}
	amounts := make([]int64, len(ps))
	net := amount
	if !rate.IncludedInPrice {
		for i, p := range ps {
			amounts[i] = times(amount, rateOf(p.rate), mode)
		}
	} else {
		total := rateOf(rate.Amount)
		n := new(big.Int).Mul(big.NewInt(amount), big.NewInt(ratePrecision))
		net = roundQuo(n, big.NewInt(ratePrecision+total), mode)
		share(amount-net, ps, total, amounts)
	}
	return taxedPrice(net, currency, ps, amounts)
}

// share splits tax over the portions by their rates (of total millionths, their sum), exactly
// (shareBy).
func share(tax int64, ps []portion, total int64, out []int64) {
	if total == 0 {
		out[0] = tax
		return
	}
	weights := make([]int64, len(ps))
	for i, p := range ps {
		weights[i] = rateOf(p.rate)
	}
	copy(out, shareBy(tax, weights))
}

func taxedPrice(net int64, currency string, ps []portion, amounts []int64) TaxedPrice {
	t := TaxedPrice{TotalNet: NewMoney(currency, net), TaxPortions: make([]TaxPortion, len(ps))}
	tax := int64(0)
	for i, p := range ps {
		t.TaxPortions[i] = TaxPortion{Name: p.name, Rate: p.rate, Amount: NewMoney(currency, amounts[i])}
		tax += amounts[i]
	}
	total := NewMoney(currency, tax)
	t.TotalTax, t.TotalGross = &total, NewMoney(currency, net+tax)
	return t
}

// TaxLine computes a line's taxed price: on its total (LineItemLevel), or on its unit price and
// then times its quantity (UnitPriceLevel).
func TaxLine(unit Money, quantity int64, rate TaxRate, roundingMode, calculationMode string) TaxedPrice {
	if calculationMode != UnitPriceLevel {
		return Tax(unit.CentAmount*quantity, unit.CurrencyCode, rate, roundingMode)
	}
	t := Tax(unit.CentAmount, unit.CurrencyCode, rate, roundingMode)
	amounts := make([]int64, len(t.TaxPortions))
	for i, p := range t.TaxPortions {
		amounts[i] = p.Amount.CentAmount * quantity
	}
	return taxedPrice(t.TotalNet.CentAmount*quantity, unit.CurrencyCode, rate.portions(), amounts)
}

// addTaxed adds taxed prices: the nets, and the portions by name and rate, in the order they
// first come; the gross is the net plus the portions.
func addTaxed(currency string, parts []*TaxedPrice) TaxedPrice {
	var ps []portion
	var amounts []int64
	net := int64(0)
	for _, t := range parts {
		net += t.TotalNet.CentAmount
		for _, p := range t.TaxPortions {
			i := slices.Index(ps, portion{p.Name, p.Rate})
			if i < 0 {
				ps, amounts, i = append(ps, portion{p.Name, p.Rate}), append(amounts, 0), len(ps)
			}
			amounts[i] += p.Amount.CentAmount
		}
	}
	return taxedPrice(net, currency, ps, amounts)
}
