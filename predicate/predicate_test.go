package predicate

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/procura/procura/internal/scan"
)

func eur(cents int64) Money { return Money{CurrencyCode: "EUR", CentAmount: cents, FractionDigits: 2} }

// orders are the sample orders of the table tests, by name.
var orders = map[string]*Order{
	// eur: 1500.00 EUR, three line items, a shipping address, custom fields.
	"eur": {
		TotalPrice: eur(150000), Currency: "EUR", Country: "DE",
		CustomerID: "c1", CustomerEmail: "buyer@acme.example",
		BusinessUnitKey: "acme", StoreKey: "eu", PurchaseOrderNumber: "PO-1",
		ShippingAddress: &Address{Country: "DE", City: "Berlin", PostalCode: "10115", Company: "ACME", StreetName: "Hauptstraße"},
		Custom: map[string]any{
			"priority":  "high",
			"budget":    5000,
			"rate":      0.5,
			"approved":  true,
			"tags":      []any{"a", "b", 1.0},
			"codes":     []string{"x", "y"},
			"ints":      []int{1, 2},
			"none":      []any{},
			"limit":     Money{CurrencyCode: "EUR", CentAmount: 100000},
			"limitPtr":  &Money{CurrencyCode: "EUR", CentAmount: 100000, FractionDigits: 2},
			"jsonMoney": map[string]any{"currencyCode": "EUR", "centAmount": 500.0, "fractionDigits": 2.0},
			"nested":    map[string]any{"level": 2, "name": "deep"},
			"jnum":      json.Number("42"),
			"big":       uint64(1 << 63),
			"nothing":   nil,
			"blank":     "",
		},
		LineItems: []LineItem{
			{SKU: "SKU-A", ProductID: "p1", ProductKey: "key-a", Quantity: 2, Price: eur(10000), TotalPrice: eur(20000),
				Attributes: map[string]any{"color": "red", "size": 42, "tags": []any{"eco"}}},
			{SKU: "SKU-B", ProductID: "p2", Quantity: 5, Price: eur(5000), TotalPrice: eur(25000),
				Attributes: map[string]any{"color": "blue"}},
			{SKU: "SKU-C", ProductID: "p3", Quantity: 1, Price: eur(105000), TotalPrice: eur(105000)},
		},
		CustomLineItems: []CustomLineItem{
			{Slug: "setup", Name: map[string]string{"en": "Setup", "de": "Einrichtung"}, Quantity: 2, Money: eur(5000), TotalPrice: eur(10000),
				Custom: map[string]any{"service": true}},
			{Slug: "rebate", Name: map[string]string{"en": "Rebate"}, Quantity: 1, Money: eur(-2000), TotalPrice: eur(-2000)},
		},
	},
	// usd: 1500.00 USD, one line item, both addresses.
	"usd": {
		TotalPrice: Money{CurrencyCode: "USD", CentAmount: 150000, FractionDigits: 2}, Country: "US",
		BusinessUnitKey: "acme-us",
		ShippingAddress: &Address{Country: "US", State: "NY", City: "New York"},
		BillingAddress:  &Address{Country: "US", Region: "East"},
		LineItems: []LineItem{
			{SKU: "SKU-A", Quantity: 1, Price: Money{CurrencyCode: "USD", CentAmount: 150000}, TotalPrice: Money{CurrencyCode: "USD", CentAmount: 150000}},
		},
	},
	// jpy: 150000 JPY, FractionDigits left to the currency default.
	"jpy": {
		TotalPrice: Money{CurrencyCode: "JPY", CentAmount: 150000},
		LineItems: []LineItem{
			{SKU: "J1", Quantity: 1, TotalPrice: Money{CurrencyCode: "JPY", CentAmount: 100000}},
			{SKU: "J2", Quantity: 1, TotalPrice: Money{CurrencyCode: "JPY", CentAmount: 50000}},
		},
	},
	// kwd: 1.500 KWD.
	"kwd": {TotalPrice: Money{CurrencyCode: "KWD", CentAmount: 1500, FractionDigits: 3}},
	// hp: high-precision EUR (4 fraction digits) and line items in mixed precision and currency.
	"hp": {
		TotalPrice: Money{CurrencyCode: "EUR", CentAmount: 12345678, FractionDigits: 4}, // 1234.5678 EUR
		LineItems: []LineItem{
			{SKU: "H1", TotalPrice: Money{CurrencyCode: "EUR", CentAmount: 10005, FractionDigits: 3}}, // 10.005
			{SKU: "H2", TotalPrice: eur(1000)},                                     // 10.00
			{SKU: "H3", TotalPrice: Money{CurrencyCode: "USD", CentAmount: 99999}}, // left out
		},
	},
	"empty": {},
}

type evalCase struct {
	src   string
	order string
	want  bool
}

var evalCases = []evalCase{
	// Money: same currency.
	{`totalPrice >= "1000.00 EUR"`, "eur", true},
	{`totalPrice >= "1500.00 EUR"`, "eur", true},
	{`totalPrice > "1500.00 EUR"`, "eur", false},
	{`totalPrice > "1499.99 EUR"`, "eur", true},
	{`totalPrice < "1500.01 EUR"`, "eur", true},
	{`totalPrice < "1500 EUR"`, "eur", false},
	{`totalPrice <= "1500 EUR"`, "eur", true},
	{`totalPrice <= "1499.9 EUR"`, "eur", false},
	{`totalPrice = "1500 EUR"`, "eur", true},
	{`totalPrice = "1500.0 EUR"`, "eur", true},
	{`totalPrice = "1500.01 EUR"`, "eur", false},
	{`totalPrice != "1500.01 EUR"`, "eur", true},
	{`totalPrice <> "1500.00 EUR"`, "eur", false},
	{`totalPrice > "-1 EUR"`, "eur", true},
	{`totalPrice in ("1.00 EUR", "1500.00 EUR")`, "eur", true},
	{`totalPrice in ("1.00 EUR", "2.00 EUR")`, "eur", false},
	{`totalPrice not in ("1.00 EUR", "2.00 EUR")`, "eur", true},
	{`totalPrice not in ("1.00 EUR", "1500.00 EUR")`, "eur", false},
	// Money: another currency is never comparable.
	{`totalPrice > "1000.00 EUR"`, "usd", false},
	{`totalPrice < "1000.00 EUR"`, "usd", false},
	{`totalPrice = "1500.00 EUR"`, "usd", false},
	{`totalPrice != "1500.00 EUR"`, "usd", false},
	{`not (totalPrice > "1000.00 EUR")`, "usd", true},
	{`totalPrice > "1000.00 USD"`, "usd", true},
	{`totalPrice > "1000.00 USD"`, "eur", false},
	{`totalPrice in ("1500.00 USD", "1500.00 EUR")`, "usd", true},
	{`totalPrice not in ("1.00 EUR")`, "usd", false},
	{`totalPrice not in ("1.00 EUR", "1.00 USD")`, "usd", true},
	{`totalPrice > "1000.00 EUR" or totalPrice > "1000.00 USD"`, "usd", true},
	// The centAmount trap: ignores the currency.
	{`totalPrice.centAmount >= 100000`, "eur", true},
	{`totalPrice.centAmount >= 100000`, "usd", true},
	{`totalPrice.centAmount >= 100000`, "jpy", true},
	{`totalPrice.centAmount >= 100000`, "empty", false},
	{`order.totalPrice.centAmount >= 100000`, "eur", true},
	{`totalPrice.centAmount = 150000`, "eur", true},
	{`totalPrice.centAmount != 150000`, "eur", false},
	{`totalPrice.centAmount < 150000.5`, "eur", true},
	{`totalPrice.centAmount > 149999.5`, "eur", true},
	{`totalPrice.centAmount = 150000.0`, "eur", true},
	{`totalPrice.centAmount in (1, 150000)`, "eur", true},
	{`totalPrice.centAmount not in (1, 150000)`, "eur", false},
	{`totalPrice.centAmount not in (1, 2)`, "eur", true},
	{`totalPrice.currencyCode = "EUR"`, "eur", true},
	{`totalPrice.currencyCode = "EUR"`, "usd", false},
	{`totalPrice.fractionDigits = 2`, "eur", true},
	{`totalPrice.fractionDigits = 0`, "jpy", true},
	{`totalPrice.fractionDigits = 3`, "kwd", true},
	// Fraction digits: JPY, KWD, high precision.
	{`totalPrice >= "150000 JPY"`, "jpy", true},
	{`totalPrice > "150000 JPY"`, "jpy", false},
	{`totalPrice = "150000 JPY"`, "jpy", true},
	{`totalPrice > "1000.00 EUR"`, "jpy", false},
	{`totalPrice = "1.5 KWD"`, "kwd", true},
	{`totalPrice = "1.500 KWD"`, "kwd", true},
	{`totalPrice > "1.499 KWD"`, "kwd", true},
	{`totalPrice < "1.501 KWD"`, "kwd", true},
	{`totalPrice > "1234.56 EUR"`, "hp", true},
	{`totalPrice < "1234.57 EUR"`, "hp", true},
	{`totalPrice = "1234.57 EUR"`, "hp", false},
	// Currency and other string identifiers.
	{`currency = "EUR"`, "eur", true},
	{`currency = "USD"`, "usd", true}, // from the total
	{`currency = "EUR"`, "usd", false},
	{`currency is not defined`, "empty", true},
	{`country = "DE"`, "eur", true},
	{`country != "DE"`, "eur", false},
	{`country != "DE"`, "usd", true},
	{`country != "DE"`, "empty", false},
	{`country in ("AT", "DE", "CH")`, "eur", true},
	{`country in ("AT", "CH")`, "eur", false},
	{`country not in ("AT", "CH")`, "eur", true},
	{`country not in ("AT", "CH")`, "empty", false},
	{`country < "E"`, "eur", true},
	{`country > "E"`, "eur", false},
	{`country >= "DE"`, "eur", true},
	{`country <= "DD"`, "eur", false},
	{`customer.id = "c1"`, "eur", true},
	{`customerId = "c1"`, "eur", true},
	{`customer.id = "c2"`, "eur", false},
	{`customer.email = "buyer@acme.example"`, "eur", true},
	{`customerEmail = "buyer@acme.example"`, "eur", true},
	{`customerEmail is defined`, "usd", false},
	{`customerEmail is not defined`, "usd", true},
	{`businessUnit.key = "acme"`, "eur", true},
	{`businessUnit.key = "acme"`, "usd", false},
	{`store.key = "eu"`, "eur", true},
	{`store.key is defined`, "usd", false},
	{`purchaseOrderNumber = "PO-1"`, "eur", true},
	{`purchaseOrderNumber is not defined`, "eur", false},
	// Addresses.
	{`shippingAddress.country = "DE"`, "eur", true},
	{`order.shippingAddress.country = "DE"`, "eur", true},
	{`shippingAddress.city = "Berlin"`, "eur", true},
	{`shippingAddress.postalCode >= "10000"`, "eur", true},
	{`shippingAddress.company = "ACME"`, "eur", true},
	{`shippingAddress.streetName = "Hauptstraße"`, "eur", true},
	{`shippingAddress.state = "NY"`, "usd", true},
	{`shippingAddress.state is defined`, "eur", false},
	{`shippingAddress.region is not defined`, "eur", true},
	{`billingAddress.region = "East"`, "usd", true},
	{`billingAddress.country = "DE"`, "eur", false},
	{`billingAddress.country != "DE"`, "eur", false},
	{`billingAddress.country is not defined`, "eur", true},
	{`billingAddress is defined`, "eur", false},
	{`billingAddress is not defined`, "eur", true},
	{`shippingAddress is defined`, "eur", true},
	{`shippingAddress is defined`, "empty", false},
	{`shippingAddress.city is defined`, "empty", false},
	// lineItemCount, bare.
	{`lineItemCount = 3`, "eur", true},
	{`lineItemCount > 3`, "eur", false},
	{`lineItemCount = 0`, "empty", true},
	{`lineItemCount >= 1`, "empty", false},
	{`lineItemCount is defined`, "empty", true},
	// Line-item functions.
	{`lineItemExists(sku = "SKU-B")`, "eur", true},
	{`lineItemExists(sku = "SKU-X")`, "eur", false},
	{`lineItemExists(sku = "SKU-B" and quantity >= 5)`, "eur", true},
	{`lineItemExists(sku = "SKU-B" and quantity > 5)`, "eur", false},
	{`lineItemExists(true)`, "eur", true},
	{`lineItemExists(true)`, "empty", false},
	{`lineItemExists(productId = "p2")`, "eur", true},
	{`lineItemExists(productKey = "key-a")`, "eur", true},
	{`lineItemExists(productKey is not defined)`, "eur", true},
	{`lineItemExists(price > "1000.00 EUR")`, "eur", true},
	{`lineItemExists(price > "1000.00 EUR")`, "usd", false},
	{`lineItemExists(price.centAmount > 100000)`, "eur", true},
	{`lineItemExists(price.currencyCode = "USD")`, "usd", true},
	{`lineItemExists(totalPrice = "250.00 EUR")`, "eur", true},
	{`lineItemExists(totalPrice.centAmount = 25000)`, "eur", true},
	{`lineItemExists(attributes.color = "red")`, "eur", true},
	{`lineItemExists(attributes.color = "green")`, "eur", false},
	{`lineItemExists(attributes.size >= 40)`, "eur", true},
	{`lineItemExists(attributes.size = "42")`, "eur", false},
	{`lineItemExists(attributes.tags contains "eco")`, "eur", true},
	{`lineItemExists(attributes.color is not defined)`, "eur", true},
	{`lineItemExists(not (sku = "SKU-A"))`, "eur", true},
	// Custom line items: their own functions and fields.
	{`customLineItemExists(slug = "setup")`, "eur", true},
	{`customLineItemExists(slug = "setup")`, "usd", false},
	{`customLineItemExists(name.de = "Einrichtung" and quantity = 2)`, "eur", true},
	{`customLineItemExists(name.fr is defined)`, "eur", false},
	{`customLineItemExists(money < "0.00 EUR")`, "eur", true},
	{`customLineItemExists(money.centAmount = 5000 and totalPrice = "100.00 EUR")`, "eur", true},
	{`customLineItemExists(custom.service = true)`, "eur", true},
	{`forAllCustomLineItems(money > "0.00 EUR")`, "eur", false},
	{`forAllCustomLineItems(money > "0.00 EUR")`, "usd", true},
	{`customLineItemCount(true) = 2`, "eur", true},
	{`customLineItemTotal(true) = "80.00 EUR"`, "eur", true},
	{`customLineItemTotal(slug = "setup") = "100.00 EUR" and lineItemExists(sku = "SKU-A")`, "eur", true},
	{`forAllLineItems(quantity >= 1)`, "eur", true},
	{`forAllLineItems(quantity >= 2)`, "eur", false},
	{`forAllLineItems(quantity >= 2)`, "empty", true},
	{`forAllLineItems(totalPrice.currencyCode = "EUR")`, "eur", true},
	{`forAllLineItems(attributes.color is defined)`, "eur", false},
	{`not lineItemExists(not (quantity >= 1))`, "eur", true},
	{`lineItemCount(quantity >= 2) = 2`, "eur", true},
	{`lineItemCount(quantity >= 2) > 2`, "eur", false},
	{`lineItemCount(sku = "SKU-A") = 1`, "eur", true},
	{`lineItemCount(sku = "SKU-A") = 0`, "empty", true},
	{`lineItemCount(true) = 3`, "eur", true},
	{`lineItemCount(sku in ("SKU-A", "SKU-B")) in (2, 3)`, "eur", true},
	{`lineItemTotal(sku in ("SKU-A", "SKU-B")) = "450.00 EUR"`, "eur", true},
	{`lineItemTotal(sku in ("SKU-A", "SKU-B")) > "450.00 EUR"`, "eur", false},
	{`lineItemTotal(true) = "1500.00 EUR"`, "eur", true},
	{`lineItemTotal(sku = "none") = "0 EUR"`, "eur", true},
	{`lineItemTotal(true) > "100.00 EUR"`, "usd", false},
	{`lineItemTotal(true) > "100.00 USD"`, "usd", true},
	{`lineItemTotal(true) = "150000 JPY"`, "jpy", true},
	{`lineItemTotal(sku = "J2") < "50001 JPY"`, "jpy", true},
	{`lineItemTotal(true) > "20.00 EUR"`, "hp", true}, // 10.005 + 10.00 EUR; the USD item is left out
	{`lineItemTotal(true) < "20.01 EUR"`, "hp", true},
	{`lineItemTotal(sku = "H3") = "0 EUR"`, "hp", true},
	{`lineItemTotal(true) is defined`, "empty", false},
	{`lineItemTotal(true) is defined`, "eur", true},
	// Custom fields.
	{`custom.priority = "high"`, "eur", true},
	{`custom.priority != "low"`, "eur", true},
	{`custom.priority in ("low", "high")`, "eur", true},
	{`custom.priority not in ("low", "high")`, "eur", false},
	{`custom.priority not in (1, 2)`, "eur", false},
	{`custom.priority = 1`, "eur", false},
	{`custom.priority != 1`, "eur", false},
	{`custom.budget = 5000`, "eur", true},
	{`custom.budget > 4999.5`, "eur", true},
	{`custom.budget = "5000"`, "eur", false},
	{`custom.budget in (1, 5000)`, "eur", true},
	{`custom.rate = 0.5`, "eur", true},
	{`custom.rate < 1`, "eur", true},
	{`custom.jnum = 42`, "eur", true},
	{`custom.big > 9223372036854775.5`, "eur", true},
	{`custom.approved = true`, "eur", true},
	{`custom.approved = FALSE`, "eur", false},
	{`custom.approved != false`, "eur", true},
	{`custom.approved = "true"`, "eur", false},
	{`custom.limit = "1000.00 EUR"`, "eur", true},
	{`custom.limit < "1000.01 EUR"`, "eur", true},
	{`custom.limit = "1000.00 USD"`, "eur", false},
	{`custom.limitPtr = "1000 EUR"`, "eur", true},
	{`custom.jsonMoney = "5.00 EUR"`, "eur", true},
	{`custom.jsonMoney.centAmount = 500`, "eur", true},
	{`custom.nested.level = 2`, "eur", true},
	{`custom.nested.name = "deep"`, "eur", true},
	{`custom.nested.missing is not defined`, "eur", true},
	{`custom.priority.sub is defined`, "eur", false},
	{`custom.tags contains "a"`, "eur", true},
	{`custom.tags contains 1`, "eur", true},
	{`custom.tags contains "c"`, "eur", false},
	{`custom.tags contains any ("c", "b")`, "eur", true},
	{`custom.tags contains any ("c", "d")`, "eur", false},
	{`custom.tags contains all ("a", "b", 1)`, "eur", true},
	{`custom.tags contains all ("a", "c")`, "eur", false},
	{`custom.codes contains all ("x", "y")`, "eur", true},
	{`custom.codes CONTAINS ANY ("z")`, "eur", false},
	{`custom.ints contains 2`, "eur", true},
	{`custom.ints contains 2.5`, "eur", false},
	{`custom.priority contains "high"`, "eur", false},
	{`custom.tags = "a"`, "eur", false},
	{`custom.tags is not empty`, "eur", true},
	{`custom.tags is empty`, "eur", false},
	{`custom.none is empty`, "eur", true},
	{`custom.none is not empty`, "eur", false},
	{`custom.missing is empty`, "eur", false},
	{`custom.missing is not empty`, "eur", false},
	{`custom.priority is empty`, "eur", false},
	{`custom.missing is not defined`, "eur", true},
	{`custom.missing = "x"`, "eur", false},
	{`custom.missing != "x"`, "eur", false},
	{`custom.nothing is defined`, "eur", false},
	{`custom.blank is defined`, "eur", true},
	{`custom.blank = ""`, "eur", true},
	{`custom.priority is defined`, "empty", false},
	// Boolean structure and keywords.
	{`true`, "empty", true},
	{`false`, "eur", false},
	{`not true`, "eur", false},
	{`country = "DE" and currency = "EUR"`, "eur", true},
	{`country = "DE" and currency = "USD"`, "eur", false},
	{`country = "FR" or currency = "EUR"`, "eur", true},
	{`country = "FR" or currency = "USD"`, "eur", false},
	{`country = "FR" and currency = "USD" or true`, "eur", true},    // and binds tighter
	{`true or country = "FR" and currency = "USD"`, "eur", true},    // and binds tighter
	{`(true or country = "FR") and currency = "USD"`, "eur", false}, // parentheses
	{`country = "DE" and currency = "EUR" and store.key = "eu"`, "eur", true},
	{`country = "FR" or currency = "USD" or store.key = "eu"`, "eur", true},
	{`country = "FR" or currency = "USD" or store.key = "us"`, "eur", false},
	{`not country = "DE"`, "eur", false},
	{`not country = "DE"`, "empty", true},
	{`not (country = "DE")`, "eur", false},
	{`NOT country = "FR" AND currency = "EUR"`, "eur", true}, // not binds tighter than and
	{`not (country = "FR" and currency = "EUR")`, "eur", true},
	{`not not country = "DE"`, "eur", true},
	{`not(country="DE")or(currency="EUR")`, "eur", true},
	{"country = \"DE\"\n\tand\r\ncurrency = \"EUR\"", "eur", true},
	{`country IS DEFINED`, "eur", true},
	{`country In ("DE")`, "eur", true},
	{`custom.approved = True`, "eur", true},
	// Escapes.
	{`custom.q = "say \"hi\" \\ bye"`, "esc", true},
	{`custom.q = "say \"hi\" \\ bye!"`, "esc", false},
	{`custom.p = "100.00 EUR"`, "esc", true}, // a money-shaped string compared with a string
	{`custom.p > "100.00 EUQ"`, "esc", true}, // byte-wise string order
}

func init() {
	orders["esc"] = &Order{Custom: map[string]any{"q": `say "hi" \ bye`, "p": "100.00 EUR"}}
}

func TestEval(t *testing.T) {
	for _, c := range evalCases {
		o, ok := orders[c.order]
		if !ok {
			t.Fatalf("%s: no order %q", c.src, c.order)
		}
		p, err := Parse(c.src)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.src, err)
			continue
		}
		if got := p.Eval(o); got != c.want {
			t.Errorf("Parse(%q).Eval(%s) = %v, want %v", c.src, c.order, got, c.want)
		}
		if p.String() != c.src {
			t.Errorf("String() = %q, want %q", p.String(), c.src)
		}
	}
}

type errorCase struct {
	src string
	pos int
	msg string // the whole message, or its start when it ends with "…"
}

var errorCases = []errorCase{
	// Syntax.
	{``, 0, `empty predicate`},
	{`   `, 0, `empty predicate`},
	{`totalPrice.centAmount >=`, 24, `expected a value after ">=", found end of input`},
	{`totalPrice.centAmount >= )`, 25, `expected a value after ">=", found ")"`},
	{`country = DE`, 10, `expected a value after "=", found "DE" (strings are written in double quotes)`},
	{`country = "DE" and`, 18, `expected an identifier, "(" or "not" after "and", found end of input`},
	{`country = "DE" and and currency = "EUR"`, 19, `expected an identifier, "(" or "not" after "and", found "and"`},
	{`country = "DE" currency = "EUR"`, 15, `expected "and", "or" or end of input after string "DE", found "currency"`},
	{`country = "DE")`, 14, `unbalanced ")": no matching "("`},
	{`(country = "DE"`, 0, `unclosed "(": expected ")" before end of input`},
	{`(country = "DE" currency`, 16, `expected "and", "or" or ")" (closing "(" at 0) after string "DE", found "currency"`},
	{`()`, 1, `expected a predicate inside "(...)", found ")"`},
	{`"DE" = country`, 0, `expected an identifier, found string "DE"`},
	{`country`, 7, `expected an operator (=, !=, <, <=, >, >=, in, not in, contains, is) after country, found end of input`},
	{`country == "DE"`, 8, `unknown operator "=="; did you mean "="?`},
	{`country => "DE"`, 8, `unknown operator "=>"; did you mean ">="?`},
	{`country = "DE" && currency = "EUR"`, 15, `unknown operator "&&"; use "and"`},
	{`country = "DE" || true`, 15, `unknown operator "||"; use "or"`},
	{`country = 'DE'`, 10, `unexpected character "'": strings are written in double quotes`},
	{`country = "DE`, 10, `unterminated string: missing closing '"'`},
	{`country = "D\nE"`, 12, `invalid escape "\n" in string; only \" and \\ are allowed`},
	{`totalPrice.centAmount > 1e5`, 24, `malformed number "1e5"`},
	{`totalPrice.centAmount > 1.`, 24, `malformed number "1."`},
	{`totalPrice.centAmount > .5`, 24, `unexpected ".": …`},
	{`totalPrice. centAmount > 1`, 11, `expected a field name after "totalPrice.", found " "`},
	{`totalPrice.centAmount > 1` + strings.Repeat("0", 400), 24, `number 1000000000000000000000000000000000000000… is out of range`},
	{`country in "DE"`, 11, `expected a list "(…)" after "in", found string "DE"`},
	{`country in ()`, 12, `expected a value after "(", found ")"`},
	{`country in ("DE" "AT")`, 17, `expected "," or ")" after string "DE" in the list opened at 11, found string "AT"`},
	{`country in ("DE",`, 17, `expected a value after ",", found end of input`},
	{`country in ("DE"`, 11, `unclosed "(": expected ")" to end the list before end of input`},
	{`country not ("DE")`, 12, `expected "in" after "not", found "("`},
	{`country is`, 10, `expected "defined" or "empty" after "is", found end of input`},
	{`country is nothing`, 11, `expected "defined" or "empty" after "is", found "nothing"`},
	{`not`, 3, `expected an identifier, "(" or "not" after "not", found end of input`},
	{`country = "DE" # comment`, 15, `unexpected character "#"`},
	// Unknown identifiers and functions.
	{`foo = 1`, 0, `unknown identifier "foo"`},
	{`country = "DE" and foo.bar = 1`, 19, `unknown identifier "foo.bar"`},
	{`totalprice > "1.00 EUR"`, 0, `unknown identifier "totalprice"; did you mean "totalPrice"?`},
	{`customer = "x"`, 0, `unknown identifier "customer"; did you mean "customer.email", "customer.id"?`},
	{`order.foo = 1`, 0, `unknown identifier "foo"`},
	{`shippingAddress.zip = "1"`, 0, `unknown identifier "shippingAddress.zip"; address fields are …`},
	{`custom = 1`, 0, `unknown identifier "custom"; name a field: custom.<name>`},
	{`sku = "A"`, 0, `unknown identifier "sku": line-item fields are used inside …`},
	{`lineItemExists(country = "DE")`, 15, `unknown line-item identifier "country": inside a line-item function identifiers refer to one line item …`},
	{`lineItemExists(custom.x = 1)`, 15, `unknown line-item identifier "custom.x": …`},
	{`lineItemExists(Sku = "A")`, 15, `unknown line-item identifier "Sku"; did you mean "sku"?`},
	{`customLineItemExists(sku = "A")`, 21, `unknown custom-line-item identifier "sku": inside a custom-line-item function identifiers refer to one custom line item …`},
	{`customLineItemExists(lineItemExists(sku = "A"))`, 21, `lineItemExists(...) cannot be used inside customLineItemExists(...): item functions do not nest`},
	{`customLineItemTotal > "1 EUR"`, 20, `expected "(" after customLineItemTotal, found …`},
	{`lineItemExists(lineItemExists(sku = "A"))`, 15, `lineItemExists(...) cannot be used inside lineItemExists(...): item functions do not nest`},
	{`lineItemCount(lineItemCount = 1) = 1`, 14, `lineItemCount(...) cannot be used inside lineItemCount(...): item functions do not nest`},
	{`forAllLineItems(lineItemTotal(true) > "1 EUR")`, 16, `lineItemTotal(...) cannot be used inside forAllLineItems(...): item functions do not nest`},
	{`lineItemExists sku = "A"`, 15, `expected "(" after lineItemExists, found "sku"`},
	{`lineItemTotal > "1.00 EUR"`, 14, `expected "(" after lineItemTotal, found ">"`},
	{`lineItemExists()`, 15, `expected a predicate inside "lineItemExists(...)", found ")"`},
	{`lineitemexists(sku = "A")`, 0, `unknown function "lineitemexists"; the item functions are …`},
	{`parentUnit(key = "acme")`, 0, `unknown function "parentUnit"; …`},
	// Types.
	{`totalPrice >= 100`, 14, `expected a money string like "1000.00 EUR" after ">=", found number 100 (totalPrice is money)`},
	{`totalPrice >= "100"`, 14, `expected a money string like "1000.00 EUR" after ">=", found string "100" (totalPrice is money)`},
	{`totalPrice >= "100 eur"`, 14, `expected a money string like "1000.00 EUR" after ">=", found string "100 eur" (totalPrice is money)`},
	{`totalPrice >= "100.00  EUR"`, 14, `expected a money string like "1000.00 EUR" after ">=", found string "100.00  EUR" (totalPrice is money)`},
	{`totalPrice >= "10.001 EUR"`, 14, `money string "10.001 EUR" has 3 decimals; EUR allows at most 2`},
	{`totalPrice >= "100.5 JPY"`, 14, `money string "100.5 JPY" has 1 decimals; JPY allows at most 0`},
	{`totalPrice >= "1.0001 KWD"`, 14, `money string "1.0001 KWD" has 4 decimals; KWD allows at most 3`},
	{`totalPrice >= "99999999999999999999 EUR"`, 14, `money string "99999999999999999999 EUR": the amount is out of range`},
	{`totalPrice in ("1.00 EUR", 2)`, 27, `expected a money string like "1000.00 EUR" after ",", found number 2 (totalPrice is money)`},
	{`lineItemTotal(true) > 100`, 22, `expected a money string like "1000.00 EUR" after ">", found number 100 (lineItemTotal is money)`},
	{`totalPrice.centAmount = "x"`, 24, `expected a number after "=", found string "x" (totalPrice.centAmount is a number)`},
	{`lineItemCount = true`, 16, `expected a number after "=", found "true" (lineItemCount is a number)`},
	{`lineItemCount(true) > "2"`, 22, `expected a number after ">", found string "2" (lineItemCount is a number)`},
	{`country = 1`, 10, `expected a string after "=", found number 1 (country is a string)`},
	{`lineItemExists(quantity = "2")`, 26, `expected a number after "=", found string "2" (quantity is a number)`},
	{`lineItemExists(price > 100)`, 23, `expected a money string like "1000.00 EUR" after ">", found number 100 (price is money)`},
	{`custom.flag > true`, 12, `booleans can only be compared with "=", "!=", "in" or "not in", not ">"`},
	{`country contains "D"`, 8, `"contains" applies to lists (custom fields and attributes); country is a string`},
	{`country is empty`, 11, `"is empty" applies to lists (custom fields and attributes); country is a string: use "is defined" or "is not defined"`},
	{`totalPrice is not empty`, 18, `"is empty" applies to lists (custom fields and attributes); totalPrice is money: use "is defined" or "is not defined"`},
	{`shippingAddress = "DE"`, 16, `shippingAddress is an address: compare one of its fields (as in shippingAddress.country = "DE") or use "is defined"`},
	{`billingAddress in ("DE")`, 15, `billingAddress is an address: …`},
	{`shippingAddress`, 15, `expected "is defined" or "is not defined" after shippingAddress, found end of input`},
	// Limits.
	{strings.Repeat(" ", MaxLength+1), MaxLength, `predicate is 4097 bytes long; at most 4096 are allowed`},
	{strings.Repeat("(", MaxDepth+1) + "true" + strings.Repeat(")", MaxDepth+1), MaxDepth, `predicate is nested too deeply: more than 32 levels`},
	{strings.Repeat("not ", MaxDepth+1) + "true", 4 * MaxDepth, `predicate is nested too deeply: more than 32 levels`},
	{strings.Repeat("true or ", 128) + "true", 8 * 128, `predicate is too complex: more than 256 nodes`},
	{`country in (` + strings.Repeat(`"X", `, 255) + `"Y")`, 12 + 5*255, `predicate is too complex: more than 256 nodes`},
}

func TestErrors(t *testing.T) {
	for _, c := range errorCases {
		p, err := Parse(c.src)
		if err == nil {
			t.Errorf("Parse(%q) = %v, want an error", scan.Clip(c.src), p)
			continue
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("Parse(%q) returned %T, want *Error", scan.Clip(c.src), err)
			continue
		}
		msgOK := e.Msg == c.msg
		if prefix, ok := strings.CutSuffix(c.msg, "…"); ok && !strings.HasSuffix(prefix, "…") {
			msgOK = strings.HasPrefix(e.Msg, prefix)
		}
		if e.Pos != c.pos || !msgOK {
			t.Errorf("Parse(%q):\n got at %d: %s\nwant at %d: %s", scan.Clip(c.src), e.Pos, e.Msg, c.pos, c.msg)
		}
		if want := fmt.Sprintf("predicate: at %d: %s", e.Pos, e.Msg); err.Error() != want {
			t.Errorf("Error() = %q, want %q", err.Error(), want)
		}
	}
}

func TestLimitsAccepted(t *testing.T) {
	for _, src := range []string{
		strings.Repeat("(", MaxDepth) + "true" + strings.Repeat(")", MaxDepth),
		strings.Repeat("not ", MaxDepth) + "true",
		strings.Repeat("true or ", 127) + "true",
		`country = "` + strings.Repeat("x", MaxLength-len(`country = ""`)) + `"`,
	} {
		if _, err := Parse(src); err != nil {
			t.Errorf("Parse(%q): %v", scan.Clip(src), err)
		}
	}
}

func TestNilPredicateAndOrder(t *testing.T) {
	var p *Predicate
	if !p.Eval(orders["eur"]) || p.String() != "" {
		t.Error("a nil Predicate should match every order and print as empty")
	}
	q := MustParse(`country is not defined and lineItemCount = 0`)
	if !q.Eval(nil) {
		t.Error("a nil order should be evaluated as an empty one")
	}
}

func TestMustParsePanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil {
			t.Error("MustParse did not panic")
		}
	}()
	MustParse(`foo = 1`)
}

func TestParseMoney(t *testing.T) {
	for _, c := range []struct {
		in     string
		want   Money
		shaped bool
		bad    bool
	}{
		{"1000.00 EUR", Money{"EUR", 100000, 2}, true, false},
		{"1000 EUR", Money{"EUR", 100000, 2}, true, false},
		{"0.5 EUR", Money{"EUR", 50, 2}, true, false},
		{"-5 USD", Money{"USD", -500, 2}, true, false},
		{"1500 JPY", Money{"JPY", 1500, 0}, true, false},
		{"1.5 KWD", Money{"KWD", 1500, 3}, true, false},
		{"92233720368547758.07 EUR", Money{"EUR", 9223372036854775807, 2}, true, false},
		{"92233720368547758.08 EUR", Money{}, true, true},
		{"1.5 JPY", Money{}, true, true},
		{"EUR", Money{}, false, false},
		{"10 EURO", Money{}, false, false},
		{"10 eur", Money{}, false, false},
		{"10EUR", Money{}, false, false},
		{" 10 EUR", Money{}, false, false},
		{"1,000.00 EUR", Money{}, false, false},
		{". EUR", Money{}, false, false},
	} {
		m, shaped, why := parseMoney(c.in)
		if shaped != c.shaped || (why != "") != c.bad || (!c.bad && m != c.want) {
			t.Errorf("parseMoney(%q) = %v, %v, %q", c.in, m, shaped, why)
		}
	}
}

func TestCmpMoneySaturates(t *testing.T) {
	big := Money{CurrencyCode: "EUR", CentAmount: 1 << 62, FractionDigits: 2}
	tiny := Money{CurrencyCode: "EUR", CentAmount: 1, FractionDigits: 30}
	if c, ok := cmpMoney(big, tiny); !ok || c != 1 {
		t.Errorf("cmpMoney = %d, %v", c, ok)
	}
	neg := Money{CurrencyCode: "EUR", CentAmount: -(1 << 62), FractionDigits: 2}
	if c, ok := cmpMoney(neg, tiny); !ok || c != -1 {
		t.Errorf("cmpMoney = %d, %v", c, ok)
	}
	if addSat(1<<62, 1<<62) <= 0 || addSat(-(1<<62), -(1<<62)-1) >= 0 {
		t.Error("addSat does not saturate")
	}
}

// TestConcurrentEval checks that a Predicate can be shared (run with -race).
func TestConcurrentEval(t *testing.T) {
	p := MustParse(`totalPrice >= "1000.00 EUR" and lineItemExists(sku = "SKU-B")`)
	done := make(chan bool)
	for range 4 {
		go func() {
			for range 100 {
				if !p.Eval(orders["eur"]) {
					t.Error("no match")
				}
			}
			done <- true
		}()
	}
	for range 4 {
		<-done
	}
}
