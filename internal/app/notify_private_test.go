package app

import (
	"testing"

	"github.com/procura/procura"
)

func TestShownMoney(t *testing.T) {
	for _, c := range []struct {
		m    procura.Money
		want string
	}{
		{procura.Money{CurrencyCode: "EUR", CentAmount: 151924, FractionDigits: 2}, "1519.24 EUR"},
		{procura.Money{CurrencyCode: "EUR", CentAmount: 5, FractionDigits: 2}, "0.05 EUR"},
		{procura.Money{CurrencyCode: "EUR", CentAmount: -120, FractionDigits: 2}, "-1.20 EUR"},
		{procura.Money{CurrencyCode: "JPY", CentAmount: 1500, FractionDigits: 0}, "1500 JPY"},
		{procura.Money{CurrencyCode: "KWD", CentAmount: 1, FractionDigits: 3}, "0.001 KWD"},
	} {
		if got := shownMoney(c.m); got != c.want {
			t.Errorf("%+v: %q, want %q", c.m, got, c.want)
		}
	}
}
