package predicate

import (
	"fmt"
	"testing"
)

const benchSrc = `totalPrice >= "1000.00 EUR" and businessUnit.key = "acme" and lineItemExists(sku = "SKU-49" and quantity >= 2)`

// benchOrder has 50 line items; the last one matches.
func benchOrder() *Order {
	o := &Order{TotalPrice: eur(250000), Currency: "EUR", BusinessUnitKey: "acme"}
	for i := range 50 {
		o.LineItems = append(o.LineItems, LineItem{
			SKU: fmt.Sprintf("SKU-%d", i), ProductID: fmt.Sprintf("p%d", i), Quantity: 2,
			Price: eur(2500), TotalPrice: eur(5000),
		})
	}
	return o
}

func BenchmarkEval(b *testing.B) {
	p := MustParse(benchSrc)
	o := benchOrder()
	if !p.Eval(o) {
		b.Fatal("predicate does not match")
	}
	b.ReportAllocs()
	for b.Loop() {
		p.Eval(o)
	}
}

func BenchmarkEvalLineItemTotal(b *testing.B) {
	p := MustParse(`lineItemTotal(sku in ("SKU-1", "SKU-2", "SKU-3")) > "100.00 EUR" and custom.priority = "high"`)
	o := benchOrder()
	o.Custom = map[string]any{"priority": "high"}
	if !p.Eval(o) {
		b.Fatal("predicate does not match")
	}
	b.ReportAllocs()
	for b.Loop() {
		p.Eval(o)
	}
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(benchSrc); err != nil {
			b.Fatal(err)
		}
	}
}
