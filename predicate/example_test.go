package predicate_test

import (
	"fmt"

	"github.com/procura/procura/predicate"
)

func Example() {
	p, err := predicate.Parse(`totalPrice >= "1000.00 EUR" and lineItemExists(sku = "BOLT-10" and quantity >= 100)`)
	if err != nil {
		panic(err)
	}
	order := &predicate.Order{
		TotalPrice: predicate.Money{CurrencyCode: "EUR", CentAmount: 125000, FractionDigits: 2},
		LineItems:  []predicate.LineItem{{SKU: "BOLT-10", Quantity: 500}},
	}
	fmt.Println(p.Eval(order))

	// Money in another currency never compares: the rule does not fire.
	order.TotalPrice = predicate.Money{CurrencyCode: "USD", CentAmount: 125000, FractionDigits: 2}
	fmt.Println(p.Eval(order))

	_, err = predicate.Parse(`totalPrice >= 1000`)
	fmt.Println(err)
	// Output:
	// true
	// false
	// predicate: at 14: expected a money string like "1000.00 EUR" after ">=", found number 1000 (totalPrice is money)
}
