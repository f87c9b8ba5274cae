package procura

import (
	"math/rand"
	"testing"
)

// TestDiscountedTotalsAddUpExactly is the exact-money property of decision 0026 on carts with
// cart discounts (decisions 0030 and 0040): over random carts (line items; custom line items,
// some External, some rebates; one shipping, several of shipping mode Multiple, or none) and
// discounts (relative, absolute, fixed; on line items, the total and the shipping; stacking or
// not; on custom line items too, multi-buy, a gift line item, and a discount group's best deal), every unit's discounted price is its price less its discounts and never negative, the
// quantities of a part's discounted prices are at most its quantity, External and negative custom
// line items take no discount, the discounts on the total (over line items, custom line items
// and shippings) add up to discountOnTotalPrice, whose net (or gross, when every rate is
// included in the price) is its amount; the total is the parts', and every taxed price is its
// net plus its portions, the cart's the sum of its parts'.
func TestDiscountedTotalsAddUpExactly(t *testing.T) {
	rng := rand.New(rand.NewSource(30))
	currencies := []string{"JPY", "EUR", "KWD"}
	for run := 0; run < 3000; run++ {
		cur := currencies[rng.Intn(len(currencies))]
		cart := randomDiscountedCart(rng, cur)
		totalDiscounts := map[string]bool{}
		for _, a := range cart.picked.discounts {
			totalDiscounts[a.discount.ID] = a.discount.targetType() == TargetTotalPrice
		}
		if err := cart.sum(); err != nil {
			t.Fatal(err)
		}
		onTotal := map[string]int64{}
		var items, net, tax int64
		included := map[bool]bool{}
		for _, li := range cart.LineItems {
			checkUnits(t, run, li.DiscountedPricePerQuantity, li.Quantity, li.Price.Value, li.TotalPrice, totalDiscounts, onTotal)
			checkTaxedPart(t, run, "line", li.TaxRate, li.TaxedPrice, li.TotalPrice)
			items += li.TotalPrice.CentAmount
			net, tax, included[li.TaxRate.IncludedInPrice] = net+li.TaxedPrice.TotalNet.CentAmount, tax+li.TaxedPrice.TotalTax.CentAmount, true
		}
		for _, x := range cart.CustomLineItems {
			checkUnits(t, run, x.DiscountedPricePerQuantity, x.Quantity, x.Money, x.TotalPrice, totalDiscounts, onTotal)
			if !x.takesDiscounts() && len(x.DiscountedPricePerQuantity) > 0 {
				t.Fatalf("run %d: a custom line item of %s (%s) was discounted", run, x.Money, x.PriceMode)
			}
			checkTaxedPart(t, run, "custom line item", x.TaxRate, x.TaxedPrice, x.TotalPrice)
			items += x.TotalPrice.CentAmount
			net, tax, included[x.TaxRate.IncludedInPrice] = net+x.TaxedPrice.TotalNet.CentAmount, tax+x.TaxedPrice.TotalTax.CentAmount, true
		}
		shipping := int64(0)
		for _, x := range cart.shippings() {
			s := x.info
			shipping += s.discounted().CentAmount
			off := int64(0)
			if s.DiscountedPrice != nil {
				for _, d := range s.DiscountedPrice.IncludedDiscounts {
					off += d.DiscountedAmount.CentAmount
					if totalDiscounts[d.Discount.ID] {
						onTotal[d.Discount.ID] += d.DiscountedAmount.CentAmount
					}
				}
			}
			if v := s.discounted().CentAmount; v < 0 || v+off != s.Price.CentAmount {
				t.Fatalf("run %d: shipping %d with %d off is not its price %d", run, v, off, s.Price.CentAmount)
			}
			checkAddsUp(t, "shipping", s.TaxedPrice)
			net, tax, included[s.TaxRate.IncludedInPrice] = net+s.TaxedPrice.TotalNet.CentAmount, tax+s.TaxedPrice.TotalTax.CentAmount, true
		}
		if o := cart.DiscountOnTotalPrice; o != nil {
			sum := int64(0)
			for _, d := range o.IncludedDiscounts {
				if onTotal[d.Discount.ID] != d.DiscountedAmount.CentAmount {
					t.Fatalf("run %d: the total's discount %s is %d, the parts have %d", run, d.Discount.ID, d.DiscountedAmount.CentAmount, onTotal[d.Discount.ID])
				}
				sum += d.DiscountedAmount.CentAmount
			}
			if sum != o.DiscountedAmount.CentAmount {
				t.Fatalf("run %d: discountOnTotalPrice %d is not its parts %d", run, o.DiscountedAmount.CentAmount, sum)
			}
			if o.DiscountedNetAmount == nil || o.DiscountedGrossAmount == nil ||
				!included[true] && o.DiscountedNetAmount.CentAmount != sum || !included[false] && o.DiscountedGrossAmount.CentAmount != sum {
				t.Fatalf("run %d: discountOnTotalPrice %+v of %d, rates included %v", run, o, sum, included)
			}
		}
		if cart.TotalPrice.CentAmount != max(items, 0)+shipping {
			t.Fatalf("run %d: totalPrice %d is not the items %d and shipping %d", run, cart.TotalPrice.CentAmount, items, shipping)
		}
		ct := cart.TaxedPrice
		checkGross(t, "cart", ct)
		if ct.TotalNet.CentAmount != net || ct.TotalTax.CentAmount != tax {
			t.Fatalf("run %d: the cart's taxed price %+v is not its parts' (net %d, tax %d)", run, ct, net, tax)
		}
	}
}

// randomDiscountedCart is a random cart of currency cur with the discounts that apply to it.
func randomDiscountedCart(rng *rand.Rand, cur string) *Cart {
	cart := &Cart{TotalPrice: NewMoney(cur, 0), TaxMode: TaxPlatform, TaxRoundingMode: taxRoundingModes[rng.Intn(3)],
		TaxCalculationMode: calculationModes[rng.Intn(2)], PriceRoundingMode: taxRoundingModes[rng.Intn(3)], LineItems: []LineItem{}, DirectDiscounts: []any{}}
	for i, n := 0, 1+rng.Intn(6); i < n; i++ {
		price := NewMoney(cur, rng.Int63n(10_000_000))
		q := 1 + rng.Int63n(50)
		rate := randomRate(rng)
		cart.LineItems = append(cart.LineItems, LineItem{ID: itoa(i), Price: Price{Value: price}, Quantity: q, TotalPrice: price.Times(q), TaxRate: &rate})
	}
	for i, n := 0, rng.Intn(3); i < n; i++ {
		m := NewMoney(cur, rng.Int63n(1_000_000))
		mode := []string{CustomLineItemStandard, CustomLineItemStandard, CustomLineItemExternal}[rng.Intn(3)]
		if rng.Intn(4) == 0 {
			m.CentAmount = -rng.Int63n(1000) // a rebate
		}
		q := 1 + rng.Int63n(5)
		rate := randomRate(rng)
		cart.CustomLineItems = append(cart.CustomLineItems, CustomLineItem{ID: "c" + itoa(i), Money: m, Quantity: q, TotalPrice: m.Times(q), PriceMode: mode, TaxRate: &rate})
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
	for i, n := 0, rng.Intn(5); i < n; i++ {
		d := randomDiscount(rng, cur, "d"+itoa(i))
		a := applicable{discount: d}
		a.items = map[string]bool{}
		for _, id := range append(cart.lineIDs(), cart.customIDs()...) {
			a.items[id] = rng.Intn(3) > 0
		}
		p.discounts = append(p.discounts, a)
	}
	if n := len(p.discounts); n >= 2 && rng.Intn(2) == 0 { // two discounts in a group: the better applies
		i := rng.Intn(n - 1)
		for _, a := range p.discounts[i : i+2] {
			a.discount.DiscountGroup = &Reference{TypeID: TypeDiscountGroup, ID: "group"}
		}
	}
	if rng.Intn(4) == 0 { // a line item is a discount's gift
		li := &cart.LineItems[rng.Intn(len(cart.LineItems))]
		li.LineItemMode, li.ProductID, li.Variant.ID = LineItemGift, "gift-"+li.ID, 1
		d := &CartDiscount{Base: Base{ID: "gift"}, StackingMode: Stacking, Value: CartDiscountValue{Type: ValueGiftLineItem, Product: &Reference{ID: li.ProductID}, VariantID: 1}}
		at := rng.Intn(len(p.discounts) + 1)
		p.discounts = append(p.discounts[:at], append([]applicable{{discount: d}}, p.discounts[at:]...)...)
	}
	cart.picked = p
	return cart
}

// checkUnits: each discounted unit is its price less its discounts and not negative, the
// discounted quantities at most the quantity, the total the units'; the shares of discounts on
// the total are added to onTotal.
func checkUnits(t *testing.T, run int, dp []QuantityPrice, quantity int64, unit, total Money, totalDiscounts map[string]bool, onTotal map[string]int64) {
	t.Helper()
	covered, sum := int64(0), int64(0)
	for _, g := range dp {
		off := int64(0)
		for _, d := range g.DiscountedPrice.IncludedDiscounts {
			off += d.DiscountedAmount.CentAmount
			if totalDiscounts[d.Discount.ID] {
				onTotal[d.Discount.ID] += d.DiscountedAmount.CentAmount * g.Quantity
			}
		}
		if v := g.DiscountedPrice.Value.CentAmount; v < 0 || v+off != unit.CentAmount {
			t.Fatalf("run %d: a unit at %d with %d off does not make its price %d", run, v, off, unit.CentAmount)
		}
		covered += g.Quantity
		sum += g.Quantity * g.DiscountedPrice.Value.CentAmount
	}
	if covered > quantity {
		t.Fatalf("run %d: discounted quantities %d of %d", run, covered, quantity)
	}
	if sum += (quantity - covered) * unit.CentAmount; sum != total.CentAmount {
		t.Fatalf("run %d: the total %d is not its units' %d", run, total.CentAmount, sum)
	}
}

// checkTaxedPart: a part's taxed price adds up and is its discounted total (its gross when the
// rate is included in the price, else its net).
func checkTaxedPart(t *testing.T, run int, what string, rate *TaxRate, tp *TaxedPrice, total Money) {
	t.Helper()
	checkGross(t, what, tp)
	if rate.IncludedInPrice && tp.TotalGross != total || !rate.IncludedInPrice && tp.TotalNet != total {
		t.Fatalf("run %d: the taxed %s is not its discounted total: %+v %s", run, what, tp, total)
	}
}

func randomDiscount(rng *rand.Rand, cur, id string) *CartDiscount {
	targets := []string{TargetLineItems, TargetCustomLineItems, TargetMultiBuyLineItems, TargetMultiBuyCustomLineItems, TargetTotalPrice, TargetShipping}
	d := &CartDiscount{Base: Base{ID: id}, StackingMode: Stacking, Target: &CartDiscountTarget{Type: targets[rng.Intn(len(targets))]}}
	if t := d.Target; t.itemsTarget() != t.Type {
		trigger, max := 1+rng.Int63n(10), 1+rng.Int63n(5)
		discounted := 1 + rng.Int63n(trigger)
		t.TriggerQuantity, t.DiscountedQuantity, t.SelectionMode = &trigger, &discounted, []string{SelectionCheapest, SelectionMostExpensive}[rng.Intn(2)]
		if rng.Intn(2) == 0 {
			t.MaxOccurrence = &max
		}
	}
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
