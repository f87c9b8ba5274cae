package predicate

import (
	"fmt"
	"math"

	"github.com/procura/procura/internal/scan"
)

// currencyDigits lists the currencies whose minor unit is not the cent (the
// same table as the application's).
var currencyDigits = map[string]int{
	"JPY": 0, "KRW": 0, "CLP": 0, "ISK": 0, "VND": 0, "UGX": 0, "XAF": 0, "XOF": 0,
	"BHD": 3, "KWD": 3, "OMR": 3, "JOD": 3, "TND": 3, "LYD": 3, "IQD": 3,
}

// CurrencyFractionDigits returns the default number of fraction digits of an
// ISO 4217 currency: 0 for JPY, KRW and a few others, 3 for BHD, KWD, OMR,
// JOD, TND, LYD and IQD, 2 for every other currency.
func CurrencyFractionDigits(currency string) int {
	if d, ok := currencyDigits[currency]; ok {
		return d
	}
	return 2
}

// digits returns m's effective number of fraction digits.
func (m Money) digits() int {
	if m.FractionDigits <= 0 {
		return CurrencyFractionDigits(m.CurrencyCode)
	}
	return m.FractionDigits
}

// scale multiplies v by 10^k (k >= 0), saturating at the int64 limits.
func scale(v int64, k int) int64 {
	for ; k > 0 && v != 0; k-- {
		if v > math.MaxInt64/10 {
			return math.MaxInt64
		}
		if v < math.MinInt64/10 {
			return math.MinInt64
		}
		v *= 10
	}
	return v
}

// addSat adds two int64 values, saturating at the limits.
func addSat(a, b int64) int64 {
	s := a + b
	if a > 0 && b > 0 && s < 0 {
		return math.MaxInt64
	}
	if a < 0 && b < 0 && s >= 0 {
		return math.MinInt64
	}
	return s
}

// cmpMoney compares two amounts of money. ok is false when they are in
// different currencies (or one is missing): such money is not comparable.
func cmpMoney(a, b Money) (c int, ok bool) {
	if a.CurrencyCode != b.CurrencyCode || a.CurrencyCode == "" {
		return 0, false
	}
	x, y := a.CentAmount, b.CentAmount
	if da, db := a.digits(), b.digits(); da < db {
		x = scale(x, db-da)
	} else if db < da {
		y = scale(y, da-db)
	}
	switch {
	case x < y:
		return -1, true
	case x > y:
		return 1, true
	}
	return 0, true
}

// parseMoney parses a money string: AMOUNT SPACE CURRENCY, where AMOUNT is
// an optional minus, digits and optionally a dot and digits, and CURRENCY
// three capital letters. shaped is false when s does not have that shape;
// why is non-empty when it has the shape but is not valid money (too many
// decimals for the currency, out of range).
func parseMoney(s string) (m Money, shaped bool, why string) {
	n := len(s)
	if n < 5 || s[n-4] != ' ' {
		return Money{}, false, ""
	}
	cur := s[n-3:]
	for i := 0; i < 3; i++ {
		if cur[i] < 'A' || cur[i] > 'Z' {
			return Money{}, false, ""
		}
	}
	amount := s[:n-4]
	if end := scan.NumberEnd(amount, 0); end != len(amount) {
		return Money{}, false, ""
	}
	neg := amount[0] == '-'
	if neg {
		amount = amount[1:]
	}
	whole, frac := amount, ""
	for i := 0; i < len(amount); i++ {
		if amount[i] == '.' {
			whole, frac = amount[:i], amount[i+1:]
			break
		}
	}
	fd := CurrencyFractionDigits(cur)
	if len(frac) > fd {
		return Money{}, true, fmt.Sprintf("money string %q has %d decimals; %s allows at most %d", s, len(frac), cur, fd)
	}
	var v int64
	for i := 0; i < len(whole)+fd; i++ {
		var d byte
		switch {
		case i < len(whole):
			d = whole[i] - '0'
		case i-len(whole) < len(frac):
			d = frac[i-len(whole)] - '0'
		}
		if v > (math.MaxInt64-int64(d))/10 {
			return Money{}, true, fmt.Sprintf("money string %q: the amount is out of range", scan.Clip(s))
		}
		v = v*10 + int64(d)
	}
	if neg {
		v = -v
	}
	return Money{CurrencyCode: cur, CentAmount: v, FractionDigits: fd}, true, ""
}
