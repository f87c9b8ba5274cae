package procura

import (
	"encoding/json"
	"slices"
)

// Tiered shipping rates (decision 0034): the project's shippingRateInputType says what selects
// a tier of a shipping rate: the cart's value (CartValue), a classification the cart is given
// (CartClassification) or a score (CartScore); a shipping rate's tiers are all of that type, and a
// cart's shippingRateInput, checked against the project's type, picks its tier.

// The tier types, and the shipping rate inputs of carts.
const (
	TierCartValue          = "CartValue"
	TierCartClassification = "CartClassification"
	TierCartScore          = "CartScore"

	InputClassification = "Classification"
	InputScore          = "Score"
)

// MaxRateTiers bounds the tiers of a shipping rate and the values of a classification.
const MaxRateTiers = 100

// ShippingRateInputType is the project's: its type, and a classification's values (keys and
// localized labels).
type ShippingRateInputType struct {
	Type   string                 `json:"type"`
	Values []CustomFieldEnumValue `json:"values,omitempty"`
}

// checkInputType validates a project's shipping-rate input type.
func checkInputType(t *ShippingRateInputType) error {
	if err := checkOneOf("shippingRateInputType.type", t.Type, TierCartValue, TierCartClassification, TierCartScore); err != nil {
		return err
	}
	if t.Type != TierCartClassification {
		if t.Values != nil {
			return InvalidField("shippingRateInputType.values", "values", "only CartClassification has values")
		}
		return nil
	}
	if len(t.Values) == 0 || len(t.Values) > MaxRateTiers {
		return InvalidInput("A CartClassification has 1 to %d values.", MaxRateTiers)
	}
	for _, v := range t.Values {
		if err := checkEnumValue("shippingRateInputType.values", "LocalizedEnum", v); err != nil {
			return err
		}
		if countKeys(t.Values, v.Key) > 1 {
			return DuplicateField("shippingRateInputType.values.key", v.Key)
		}
	}
	return nil
}

// ShippingRatePriceTier is a tier of a shipping rate: its price for a cart value from
// minimumCentAmount on, for a classification's value, or for a score. IsMatching is set on a
// cart's rate: true for the tier that prices it.
type ShippingRatePriceTier struct {
	Type              string   `json:"type"`
	MinimumCentAmount *int64   `json:"minimumCentAmount,omitempty"`
	Value             string   `json:"value,omitempty"`
	Score             *float64 `json:"score,omitempty"`
	Price             Money    `json:"price"`
	IsMatching        *bool    `json:"isMatching,omitempty"`
}

// ShippingRatePriceTierDraft gives a tier; price functions are refused, naming the feature.
type ShippingRatePriceTierDraft struct {
	Type              string      `json:"type"`
	MinimumCentAmount *int64      `json:"minimumCentAmount,omitempty"`
	Value             string      `json:"value,omitempty"`
	Score             *float64    `json:"score,omitempty"`
	Price             *MoneyDraft `json:"price,omitempty"`
	PriceFunction     any         `json:"priceFunction,omitempty"`
	IsMatching        *bool       `json:"isMatching,omitempty"`
}

// newTiers validates a rate's tiers: of one type, each priced in the rate's currency, each
// minimum, value or score once.
func newTiers(field string, ds []ShippingRatePriceTierDraft, currency string) ([]ShippingRatePriceTier, error) {
	if len(ds) > MaxRateTiers {
		return nil, LimitExceeded("shipping-method", "A shipping rate has at most %d tiers.", MaxRateTiers)
	}
	out := []ShippingRatePriceTier{}
	seen := map[string]bool{}
	for i, d := range ds {
		f := field + ".tiers[" + itoa(i) + "]"
		if err := checkOneOf(f+".type", d.Type, TierCartValue, TierCartClassification, TierCartScore); err != nil {
			return nil, err
		}
		if i > 0 && d.Type != ds[0].Type {
			return nil, InvalidInput("%s: the tiers of a rate are of one type; this one is %s, the first %s.", f, d.Type, ds[0].Type)
		}
		if d.PriceFunction != nil {
			return nil, Unsupported(f+".priceFunction", "priceFunction", "price functions of score tiers")
		}
		if d.Price == nil {
			return nil, RequiredField(f + ".price")
		}
		price, err := d.Price.Money(f + ".price")
		if err != nil {
			return nil, err
		}
		if price.CurrencyCode != currency {
			return nil, InvalidInput("%s: the price is in %s, the rate in %s.", f, price.CurrencyCode, currency)
		}
		t := ShippingRatePriceTier{Type: d.Type, Price: price}
		var id string
		switch d.Type {
		case TierCartValue:
			if d.MinimumCentAmount == nil || *d.MinimumCentAmount < 0 {
				return nil, RequiredField(f + ".minimumCentAmount")
			}
			t.MinimumCentAmount, id = d.MinimumCentAmount, itoa(int(*d.MinimumCentAmount))
		case TierCartClassification:
			if d.Value == "" {
				return nil, RequiredField(f + ".value")
			}
			t.Value, id = d.Value, d.Value
		default:
			if d.Score == nil || *d.Score < 0 {
				return nil, RequiredField(f + ".score")
			}
			t.Score, id = d.Score, formatScore(*d.Score)
		}
		if seen[id] {
			return nil, DuplicateField(f, id)
		}
		seen[id] = true
		out = append(out, t)
	}
	return out, nil
}

func formatScore(s float64) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// checkTierType refuses tiers of another type than the project's shipping-rate input type.
func (r ShippingRate) checkTierType(field string, ch Change) error {
	if len(r.Tiers) == 0 {
		return nil
	}
	t, err := ch.Rates.ShippingRateInputType()
	if err != nil {
		return err
	}
	if t == nil || t.Type != r.Tiers[0].Type {
		return InvalidInput("%s: tiers of type %s need the project's shippingRateInputType %s.", field, r.Tiers[0].Type, r.Tiers[0].Type)
	}
	return nil
}

// priceFor is the rate's price for a cart of the value given and its shipping rate input: the
// price of the tier they select (a CartValue tier: the highest minimum the value reaches), else
// the rate's own. The selected tier is marked isMatching, the others not.
func (r *ShippingRate) priceFor(value int64, input *ShippingRateInput) Money {
	if len(r.Tiers) == 0 {
		return r.Price
	}
	r.Tiers = slices.Clone(r.Tiers) // the method's own tiers stay as they are
	best := -1
	for i, t := range r.Tiers {
		var selects bool
		switch t.Type {
		case TierCartValue:
			selects = *t.MinimumCentAmount <= value && (best < 0 || *t.MinimumCentAmount > *r.Tiers[best].MinimumCentAmount)
		case TierCartClassification:
			selects = input != nil && input.Type == InputClassification && input.Key == t.Value
		case TierCartScore:
			selects = input != nil && input.Type == InputScore && *input.Score == *t.Score
		}
		if selects {
			best = i
		}
	}
	for i := range r.Tiers {
		matching := i == best
		r.Tiers[i].IsMatching = &matching
	}
	if best < 0 {
		return r.Price
	}
	return r.Tiers[best].Price
}

// MarkTiers marks the tier of r the cart selects isMatching, as its own shipping's rate shows it:
// by its discounted subtotal, and in mode Single by its shipping rate input.
func (c *Cart) MarkTiers(r *ShippingRate) {
	sub := c.TotalPrice.CentAmount
	for _, x := range c.shippings() {
		sub -= x.info.discounted().CentAmount
	}
	r.priceFor(sub, c.ShippingRateInput)
}

// ShippingRateInput selects a tier of a cart's shipping rate: a classification's key (with its
// label) or a score.
type ShippingRateInput struct {
	Type  string          `json:"type"`
	Key   string          `json:"key,omitempty"`
	Label json.RawMessage `json:"label,omitempty"`
	Score *float64        `json:"score,omitempty"`
}

// ShippingRateInputDraft gives a cart's shipping rate input.
type ShippingRateInputDraft struct {
	Type  string   `json:"type"`
	Key   string   `json:"key,omitempty"`
	Score *float64 `json:"score,omitempty"`
}

// newRateInput checks an input against the project's type: a classification's key is one of its
// values (the input takes its label), a score is not negative; a project whose type is CartValue
// or that has none takes no input (nil removes it).
func newRateInput(field string, d *ShippingRateInputDraft, ch Change) (*ShippingRateInput, error) {
	if d == nil {
		return nil, nil
	}
	t, err := ch.Rates.ShippingRateInputType()
	if err != nil {
		return nil, err
	}
	switch {
	case t == nil || t.Type == TierCartValue:
		return nil, InvalidOperation("%s: the project's shippingRateInputType takes no input from a cart.", field)
	case t.Type == TierCartClassification:
		if err := checkOneOf(field+".type", d.Type, InputClassification); err != nil {
			return nil, err
		}
		i := slices.IndexFunc(t.Values, func(v CustomFieldEnumValue) bool { return v.Key == d.Key })
		if i < 0 {
			return nil, InvalidField(field+".key", d.Key, valueKeys(t.Values)...)
		}
		return &ShippingRateInput{Type: InputClassification, Key: d.Key, Label: t.Values[i].Label}, nil
	}
	if err := checkOneOf(field+".type", d.Type, InputScore); err != nil {
		return nil, err
	}
	if d.Score == nil || *d.Score < 0 {
		return nil, RequiredField(field + ".score")
	}
	return &ShippingRateInput{Type: InputScore, Score: d.Score}, nil
}

func valueKeys(values []CustomFieldEnumValue) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = v.Key
	}
	return out
}
