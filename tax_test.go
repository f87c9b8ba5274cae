package procura

import (
	"math/big"
	"math/rand"
	"testing"
)

// TestRoundingModes: a half rounds to even, up or down by the mode; anything else to nearest.
func TestRoundingModes(t *testing.T) {
	for _, c := range []struct {
		amount, rate int64 // amount × rate millionths
		mode         string
		want         int64
	}{
		{5, 500_000, HalfEven, 2}, {15, 500_000, HalfEven, 8}, {5, 500_000, HalfUp, 3}, {5, 500_000, HalfDown, 2},
		{15, 500_000, HalfDown, 7}, {15, 500_000, HalfUp, 8},
		{1001, 190_000, HalfEven, 190}, {1003, 190_000, HalfDown, 191}, // 190.19, 190.57
		{250, 10_000, HalfEven, 2}, {350, 10_000, HalfEven, 4}, {250, 10_000, HalfUp, 3},
	} {
		if got := times(c.amount, c.rate, c.mode); got != c.want {
			t.Errorf("%d × %d ppm %s = %d, want %d", c.amount, c.rate, c.mode, got, c.want)
		}
	}
}

// TestTaxExamples: 19% on 10.00 adds 1.90; 19% included in 11.90 leaves 10.00 net; sub-rates
// share the tax; a unit-price calculation rounds per unit.
func TestTaxExamples(t *testing.T) {
	vat := TaxRate{Name: "VAT", Amount: 0.19, Country: "DE"}
	if got := Tax(1000, "EUR", vat, HalfEven); got.TotalNet.CentAmount != 1000 || got.TotalGross.CentAmount != 1190 || got.TaxPortions[0].Amount.CentAmount != 190 {
		t.Errorf("19%% on 10.00: %+v", got)
	}
	vat.IncludedInPrice = true
	if got := Tax(1190, "EUR", vat, HalfEven); got.TotalNet.CentAmount != 1000 || got.TotalGross.CentAmount != 1190 || got.TotalTax.CentAmount != 190 {
		t.Errorf("19%% in 11.90: %+v", got)
	}
	us := TaxRate{Name: "sales", Amount: 0.08875, Country: "US", State: "NY", SubRates: []SubRate{{"state", 0.04}, {"city", 0.04875}}}
	got := Tax(10_000, "USD", us, HalfEven)
	if got.TaxPortions[0].Amount.CentAmount != 400 || got.TaxPortions[1].Amount.CentAmount != 488 || got.TotalGross.CentAmount != 10_888 {
		t.Errorf("NY sales tax on 100.00: %+v", got)
	}
	// 3 × 0.05 at 10%: 0.005 per unit rounds to 0 (half even), so nothing; on the line 0.015 is 2 cents
	ten := TaxRate{Name: "ten", Amount: 0.1, Country: "DE"}
	if got := TaxLine(NewMoney("EUR", 5), 3, ten, HalfEven, UnitPriceLevel); got.TotalTax.CentAmount != 0 || got.TotalGross.CentAmount != 15 {
		t.Errorf("unit price level: %+v", got)
	}
	if got := TaxLine(NewMoney("EUR", 5), 3, ten, HalfEven, LineItemLevel); got.TotalTax.CentAmount != 2 {
		t.Errorf("line item level: %+v", got)
	}
}

// TestTaxedTotalsAddUpExactly is the property the cart's money rests on: for random carts (line
// items, quantities, prices, currencies of 0, 2 and 3 fraction digits, every rounding mode, both
// calculation modes, rates included in the price or not, with and without sub-rates, without
// shipping, with one, or with several of shipping mode Multiple, each free above some amount or
// not), each line's, each shipping's and the cart's gross is exactly its net plus its portions;
// the cart's net and portions are the sums of the lines' and the shippings'; the
// taxedShippingPrice the sum of the shippings'; the total is the lines' and the shippings'
// prices; a rate included in the price keeps the line's price as its gross,
// one not included keeps it as its net; and each rounded amount is within half a unit (per
// unit, at unit-price level) of the exact rational one.
func TestTaxedTotalsAddUpExactly(t *testing.T) {
	rng := rand.New(rand.NewSource(26))
	currencies := []string{"JPY", "EUR", "KWD"}
	for run := 0; run < 3000; run++ {
		cur := currencies[rng.Intn(len(currencies))]
		mode := taxRoundingModes[rng.Intn(3)]
		calc := calculationModes[rng.Intn(2)]
		cart := &Cart{TotalPrice: NewMoney(cur, 0), TaxMode: TaxPlatform, TaxRoundingMode: mode, TaxCalculationMode: calc,
			LineItems: []LineItem{}, DirectDiscounts: []any{}}
		for i, n := 0, 1+rng.Intn(8); i < n; i++ {
			price := NewMoney(cur, rng.Int63n(100_000_000))
			q := 1 + rng.Int63n(1000)
			rate := randomRate(rng)
			cart.LineItems = append(cart.LineItems, LineItem{Price: Price{Value: price}, Quantity: q, TotalPrice: price.Times(q), TaxRate: &rate})
		}
		switch rng.Intn(3) { // shipped once or several times, sometimes free
		case 0:
			cart.ShippingInfo = randomShipping(rng, cur)
		case 1:
			cart.ShippingMode = ShippingMultiple
			for i, n := 0, 1+rng.Intn(4); i < n; i++ {
				cart.Shipping = append(cart.Shipping, Shipping{ShippingKey: "s" + itoa(i), ShippingInfo: *randomShipping(rng, cur)})
			}
		}
		if err := cart.sum(); err != nil {
			t.Fatal(err)
		}
		var net, tax int64
		portions := map[portion]int64{}
		for _, li := range cart.LineItems {
			tp := li.TaxedPrice
			checkAddsUp(t, "line", tp)
			net += tp.TotalNet.CentAmount
			for _, p := range tp.TaxPortions {
				portions[portion{p.Name, p.Rate}] += p.Amount.CentAmount
				tax += p.Amount.CentAmount
			}
			if li.TaxRate.IncludedInPrice && tp.TotalGross != li.TotalPrice || !li.TaxRate.IncludedInPrice && tp.TotalNet != li.TotalPrice {
				t.Fatalf("run %d: the line's price %s is neither kept as its gross nor its net: %+v", run, li.TotalPrice, tp)
			}
			checkNearExact(t, li, mode, calc)
		}
		var shipNet, shipTax int64
		for _, x := range cart.shippings() {
			s := x.info
			checkAddsUp(t, "shipping", s.TaxedPrice)
			want := s.ShippingRate.Price.CentAmount
			if free := s.ShippingRate.FreeAbove; free != nil && totalOfLines(cart) >= free.CentAmount {
				want = 0
			}
			if s.Price.CentAmount != want {
				t.Fatalf("run %d: freeAbove %v on %d gave the price %s, want %d", run, s.ShippingRate.FreeAbove, totalOfLines(cart), s.Price, want)
			}
			shipNet += s.TaxedPrice.TotalNet.CentAmount
			shipTax += s.TaxedPrice.TotalTax.CentAmount
			net += s.TaxedPrice.TotalNet.CentAmount
			for _, p := range s.TaxedPrice.TaxPortions {
				portions[portion{p.Name, p.Rate}] += p.Amount.CentAmount
				tax += p.Amount.CentAmount
			}
		}
		if ts := cart.TaxedShippingPrice; len(cart.shippings()) > 0 {
			checkAddsUp(t, "taxedShippingPrice", ts)
			if ts.TotalNet.CentAmount != shipNet || ts.TotalTax.CentAmount != shipTax {
				t.Fatalf("run %d: taxedShippingPrice %+v is not the shippings' (net %d, tax %d)", run, ts, shipNet, shipTax)
			}
		} else if cart.TaxedShippingPrice != nil {
			t.Fatalf("run %d: a taxedShippingPrice without shipping", run)
		}
		if want := totalOfLines(cart) + shippingOf(cart); cart.TotalPrice.CentAmount != want {
			t.Fatalf("run %d: totalPrice %s, want lines and shipping %d", run, cart.TotalPrice, want)
		}
		ct := cart.TaxedPrice
		if ct == nil {
			t.Fatalf("run %d: the cart has no taxedPrice", run)
		}
		checkAddsUp(t, "cart", ct)
		if ct.TotalNet.CentAmount != net || ct.TotalTax.CentAmount != tax || len(ct.TaxPortions) != len(portions) {
			t.Fatalf("run %d: the cart's %+v is not the sum of its lines (net %d, tax %d)", run, ct, net, tax)
		}
		for _, p := range ct.TaxPortions {
			if portions[portion{p.Name, p.Rate}] != p.Amount.CentAmount {
				t.Fatalf("run %d: portion %s %v is %d, the lines make %d", run, p.Name, p.Rate, p.Amount.CentAmount, portions[portion{p.Name, p.Rate}])
			}
		}
	}
}

func totalOfLines(c *Cart) int64 {
	n := int64(0)
	for _, li := range c.LineItems {
		n += li.TotalPrice.CentAmount
	}
	return n
}

func shippingOf(c *Cart) int64 {
	n := int64(0)
	for _, x := range c.shippings() {
		n += x.info.Price.CentAmount
	}
	return n
}

// randomShipping is a shipping at a random rate, sometimes free above some amount.
func randomShipping(rng *rand.Rand, cur string) *ShippingInfo {
	rate := randomRate(rng)
	sr := ShippingRate{Price: NewMoney(cur, rng.Int63n(10_000_000))}
	if rng.Intn(2) == 0 {
		free := NewMoney(cur, rng.Int63n(1_000_000_000))
		sr.FreeAbove = &free
	}
	return &ShippingInfo{ShippingRate: sr, TaxRate: &rate}
}

func randomRate(rng *rand.Rand) TaxRate {
	r := TaxRate{Name: []string{"reduced", "standard", "zero"}[rng.Intn(3)], Country: "DE", IncludedInPrice: rng.Intn(2) == 0}
	if rng.Intn(3) == 0 {
		for i, n := 0, 1+rng.Intn(3); i < n; i++ {
			s := SubRate{Name: "part" + itoa(i), Amount: float64(rng.Intn(100_000)) / ratePrecision}
			r.SubRates = append(r.SubRates, s)
			r.Amount += s.Amount
		}
		r.Amount = float64(rateOf(r.Amount)) / ratePrecision
		return r
	}
	r.Amount = float64(rng.Intn(300_000)) / ratePrecision
	return r
}

func checkAddsUp(t *testing.T, what string, tp *TaxedPrice) {
	t.Helper()
	for _, p := range tp.TaxPortions {
		if p.Amount.CentAmount < 0 {
			t.Fatalf("%s: a negative portion: %+v", what, tp)
		}
	}
	checkGross(t, what, tp)
}

// checkGross: the gross is the net plus the portions, the tax the portions (negative on a rebate).
func checkGross(t *testing.T, what string, tp *TaxedPrice) {
	t.Helper()
	sum := int64(0)
	for _, p := range tp.TaxPortions {
		sum += p.Amount.CentAmount
	}
	if tp.TotalGross.CentAmount != tp.TotalNet.CentAmount+sum || tp.TotalTax.CentAmount != sum {
		t.Fatalf("%s: gross %d is not net %d plus portions %d", what, tp.TotalGross.CentAmount, tp.TotalNet.CentAmount, sum)
	}
}

// checkNearExact compares the line's tax with the exact rational tax: within half a unit per
// rounding (once per unit at unit-price level, once per sub-rate when each is rounded).
func checkNearExact(t *testing.T, li LineItem, mode, calc string) {
	t.Helper()
	r := li.TaxRate
	base, n := li.TotalPrice.CentAmount, int64(1)
	if calc == UnitPriceLevel {
		base, n = li.Price.Value.CentAmount, li.Quantity
	}
	rate := big.NewRat(rateOf(r.Amount), ratePrecision)
	exact := new(big.Rat).Mul(big.NewRat(base, 1), rate) // the tax of one base amount
	if r.IncludedInPrice {
		exact.Quo(exact, new(big.Rat).Add(big.NewRat(1, 1), rate))
	}
	exact.Mul(exact, big.NewRat(n, 1))
	got := big.NewRat(li.TaxedPrice.TotalTax.CentAmount, 1)
	diff := new(big.Rat).Sub(got, exact)
	diff.Abs(diff)
	bound := big.NewRat(n*int64(max(1, len(r.SubRates))), 2) // half a unit per rounding
	if diff.Cmp(bound) > 0 {
		t.Fatalf("%s tax %s is %s away from the exact %s (%s, %s, %+v)", li.TotalPrice, got.FloatString(0), diff.FloatString(3), exact.FloatString(3), mode, calc, r)
	}
}

// A rebate's taxes mirror those of the same amount charged, and still add up.
func TestTaxOfARebate(t *testing.T) {
	rate := TaxRate{Name: "VAT", Amount: 0.19, IncludedInPrice: true, Country: "DE",
		SubRates: []SubRate{{Name: "a", Amount: 0.07}, {Name: "b", Amount: 0.12}}}
	for _, mode := range []string{"HalfEven", "HalfUp", "HalfDown"} {
		for _, included := range []bool{true, false} {
			rate.IncludedInPrice = included
			charged, rebate := Tax(1001, "EUR", rate, mode), Tax(-1001, "EUR", rate, mode)
			sum := rebate.TotalNet.CentAmount
			for i, p := range rebate.TaxPortions {
				sum += p.Amount.CentAmount
				if p.Amount.CentAmount != -charged.TaxPortions[i].Amount.CentAmount {
					t.Errorf("%s %v: portion %d of the rebate %d, charged %d", mode, included, i, p.Amount.CentAmount, charged.TaxPortions[i].Amount.CentAmount)
				}
			}
			if sum != rebate.TotalGross.CentAmount || rebate.TotalGross.CentAmount != -charged.TotalGross.CentAmount {
				t.Errorf("%s %v: the rebate's gross %d, net and portions %d, charged gross %d", mode, included, rebate.TotalGross.CentAmount, sum, charged.TotalGross.CentAmount)
			}
		}
	}
}
