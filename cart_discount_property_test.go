package procura

import (
	"math/rand"
	"testing"
)

// TestDiscountedTotalsAddUpExactly is the exact-money property of decision 0026 on carts with
// cart discounts (decision 0030): over random carts and discounts (relative, absolute, fixed; on
// line items, the total and the shipping; stacking or not), every unit's discounted price is its
// price less its discounts and never negative, the quantities of a line's discounted prices are
// its quantity, the discounts on the total add up to discountOnTotalPrice, the total is the lines
// and the discounted shippings (one, or several of shipping mode Multiple, each discounted), and
// every taxed price is its net plus its portions, the cart's the sum of its lines' and shippings'.
func TestDiscountedTotalsAddUpExactly(t *testing.T) {
	rng := rand.New(rand.NewSource(30))
	currencies := []string{"JPY", "EUR", "KWD"}
	for run := 0; run < 3000; run++ {
		cur := currencies[rng.Intn(len(currencies))]
		cart := &Cart{TotalPrice: NewMoney(cur, 0), TaxMode: TaxPlatform, TaxRoundingMode: taxRoundingModes[rng.Intn(3)],
			TaxCalculationMode: calculationModes[rng.Intn(2)], PriceRoundingMode: taxRoundingModes[rng.Intn(3)], LineItems: []LineItem{}, DirectDiscounts: []any{}}
		for i, n := 0, 1+rng.Intn(6); i < n; i++ {
			price := NewMoney(cur, rng.Int63n(10_000_000))
			q := 1 + rng.Int63n(50)
			rate := randomRate(rng)
			cart.LineItems = append(cart.LineItems, LineItem{ID: itoa(i), Price: Price{Value: price}, Quantity: q, TotalPrice: price.Times(q), TaxRate: &rate})
		}
		switch rng.Intn(3) {
		case 0:
			cart.ShippingInfo = randomShipping(rng, cur)
		case 1:
			cart.ShippingMode = ShippingMultiple
			for i, n := 0, 1+rng.Intn(3); i < n; i++ {
				cart.Shipping = append(cart.Shipping, Shipping{ShippingKey: itoa(i), ShippingInfo: *randomShipping(rng, cur)})
			}
		}
		p := &picked{unlocked: map[int][]string{}}
		totalDiscounts := map[string]bool{}
		for i, n := 0, rng.Intn(5); i < n; i++ {
			d := randomDiscount(rng, cur, "d"+itoa(i))
			a := applicable{discount: d}
			if d.Target.Type == TargetLineItems {
				a.lines = map[string]bool{}
				for _, li := range cart.LineItems {
					a.lines[li.ID] = rng.Intn(3) > 0
				}
			}
			if d.Target.Type == TargetTotalPrice {
				totalDiscounts[d.ID] = true
			}
			p.discounts = append(p.discounts, a)
		}
		cart.picked = p
		if err := cart.sum(); err != nil {
			t.Fatal(err)
		}
		onTotal := map[string]int64{}
		var lines, net, tax int64
		for _, li := range cart.LineItems {
			covered, total := int64(0), int64(0)
			for _, g := range li.DiscountedPricePerQuantity {
				off := int64(0)
				for _, d := range g.DiscountedPrice.IncludedDiscounts {
					off += d.DiscountedAmount.CentAmount
					if totalDiscounts[d.Discount.ID] {
						onTotal[d.Discount.ID] += d.DiscountedAmount.CentAmount * g.Quantity
					}
				}
				if v := g.DiscountedPrice.Value.CentAmount; v < 0 || v+off != li.Price.Value.CentAmount {
					t.Fatalf("run %d: a unit at %d with %d off does not make its price %d", run, v, off, li.Price.Value.CentAmount)
				}
				covered += g.Quantity
				total += g.Quantity * g.DiscountedPrice.Value.CentAmount
			}
			if covered > li.Quantity {
				t.Fatalf("run %d: discounted quantities %d of %d", run, covered, li.Quantity)
			}
			total += (li.Quantity - covered) * li.Price.Value.CentAmount
			if total != li.TotalPrice.CentAmount {
				t.Fatalf("run %d: the line's total %d is not its units' %d", run, li.TotalPrice.CentAmount, total)
			}
			checkAddsUp(t, "line", li.TaxedPrice)
			if li.TaxRate.IncludedInPrice && li.TaxedPrice.TotalGross != li.TotalPrice || !li.TaxRate.IncludedInPrice && li.TaxedPrice.TotalNet != li.TotalPrice {
				t.Fatalf("run %d: the taxed line is not the discounted line: %+v %s", run, li.TaxedPrice, li.TotalPrice)
			}
			lines += li.TotalPrice.CentAmount
			net += li.TaxedPrice.TotalNet.CentAmount
			tax += li.TaxedPrice.TotalTax.CentAmount
		}
		if o := cart.DiscountOnTotalPrice; o != nil {
			sum := int64(0)
			for _, d := range o.IncludedDiscounts {
				if onTotal[d.Discount.ID] != d.DiscountedAmount.CentAmount {
					t.Fatalf("run %d: the total's discount %s is %d, the units have %d", run, d.Discount.ID, d.DiscountedAmount.CentAmount, onTotal[d.Discount.ID])
				}
				sum += d.DiscountedAmount.CentAmount
			}
			if sum != o.DiscountedAmount.CentAmount {
				t.Fatalf("run %d: discountOnTotalPrice %d is not its parts %d", run, o.DiscountedAmount.CentAmount, sum)
			}
		}
		shipping := int64(0)
		for _, x := range cart.shippings() {
			s := x.info
			shipping += s.discounted().CentAmount
			off := int64(0)
			if s.DiscountedPrice != nil {
				for _, d := range s.DiscountedPrice.IncludedDiscounts {
					off += d.DiscountedAmount.CentAmount
				}
			}
			if v := s.discounted().CentAmount; v < 0 || v+off != s.Price.CentAmount {
				t.Fatalf("run %d: shipping %d with %d off is not its price %d", run, v, off, s.Price.CentAmount)
			}
			checkAddsUp(t, "shipping", s.TaxedPrice)
			net += s.TaxedPrice.TotalNet.CentAmount
			tax += s.TaxedPrice.TotalTax.CentAmount
		}
		if cart.TotalPrice.CentAmount != lines+shipping {
			t.Fatalf("run %d: totalPrice %d is not lines %d and shipping %d", run, cart.TotalPrice.CentAmount, lines, shipping)
		}
		ct := cart.TaxedPrice
		checkAddsUp(t, "cart", ct)
		if ct.TotalNet.CentAmount != net || ct.TotalTax.CentAmount != tax {
			t.Fatalf("run %d: the cart's taxed price %+v is not its parts' (net %d, tax %d)", run, ct, net, tax)
		}
	}
}

func randomDiscount(rng *rand.Rand, cur, id string) *CartDiscount {
	d := &CartDiscount{Base: Base{ID: id}, StackingMode: Stacking, Target: &CartDiscountTarget{Type: []string{TargetLineItems, TargetTotalPrice, TargetShipping}[rng.Intn(3)]}}
	if rng.Intn(6) == 0 {
		d.StackingMode = StopAfterThisDiscount
	}
	switch rng.Intn(3) {
	case 0:
		p := 1 + rng.Int63n(10000)
		d.Value = CartDiscountValue{Type: "relative", Permyriad: &p}
	case 1:
		d.Value = CartDiscountValue{Type: "absolute", Money: []Money{NewMoney(cur, rng.Int63n(5_000_000))}}
	default:
		d.Value = CartDiscountValue{Type: "fixed", Money: []Money{NewMoney(cur, rng.Int63n(5_000_000))}}
	}
	return d
}
