package query

import (
	"fmt"
	"testing"
)

func TestSplit(t *testing.T) {
	columns := map[string]bool{"id": true, "key": true, "parentUnit.key": true, "createdAt": true}
	take := func(c Cond) bool { return columns[join(c.Path)] }
	tests := []struct {
		src, taken string
		rest       bool
	}{
		{`key = "a"`, `[key in [a]]`, false},
		{`parentUnit(key = "acme") and name = "x"`, `[parentUnit.key in [acme]]`, true},
		{`key in ("a", "b") and (createdAt >= "2026-01-01" and id = "i")`, `[key in [a b] createdAt >= [2026-01-01] id in [i]]`, false},
		{`key = "a" or id = "b"`, `[]`, true},                  // no top-level "and"
		{`key != "a"`, `[]`, true},                             // not in: left to the predicate
		{`version = 3 and key = "a"`, `[key in [a]]`, true},    // a number, on a field the test takes no number for
		{`parentUnit(key = "a" and typeId = "x")`, `[]`, true}, // two conditions inside
		{`not (key = "a")`, `[]`, true},
	}
	for _, tt := range tests {
		p, err := Parse(tt.src, nil)
		if err != nil {
			t.Fatal(err)
		}
		conds, rest := p.Split(take)
		got := []string{}
		for _, c := range conds {
			got = append(got, fmt.Sprintf("%s %s %v", join(c.Path), c.Op, c.Values))
		}
		if fmt.Sprint(got) != tt.taken || (rest != nil) != tt.rest {
			t.Errorf("%s: taken %v rest %v, want %s rest %v", tt.src, got, rest != nil, tt.taken, tt.rest)
		}
	}
}

// TestSplitNumbers: comparisons with numbers are offered with their numbers; a variable, which is
// a string and a number at once, or a mix of strings and numbers, is not offered.
func TestSplitNumbers(t *testing.T) {
	tests := []struct {
		src   string
		taken string
	}{
		{`totalPrice(centAmount > 100000)`, `[totalPrice.centAmount > [] [100000]]`},
		{`totalPrice(centAmount in (1, 2.5, -3))`, `[totalPrice.centAmount in [] [1 2.5 -3]]`},
		{`totalPrice(centAmount = :v)`, `[]`},
		{`totalPrice(centAmount in (1, "2"))`, `[]`},
		{`key = "a"`, `[key in [a] []]`},
	}
	for _, tt := range tests {
		p, err := Parse(tt.src, map[string][]string{"v": {"3"}})
		if err != nil {
			t.Fatal(err)
		}
		conds, _ := p.Split(func(Cond) bool { return true })
		got := []string{}
		for _, c := range conds {
			got = append(got, fmt.Sprintf("%s %s %v %v", join(c.Path), c.Op, c.Values, c.Numbers))
		}
		if fmt.Sprint(got) != tt.taken {
			t.Errorf("%s: taken %v, want %s", tt.src, got, tt.taken)
		}
	}
}

// TestSplitObjects: a nested predicate on a field that holds one object is offered conjunct by
// conjunct, and what is not taken stays nested under its field; on other fields it stays whole.
func TestSplitObjects(t *testing.T) {
	object := func(path []string) bool { return join(path) == "totalPrice" }
	take := func(c Cond) bool {
		return join(c.Path) == "totalPrice.centAmount" || join(c.Path) == "lineItems.quantity"
	}
	tests := []struct {
		src, taken, rest string
	}{
		{`totalPrice(currencyCode = "EUR" and centAmount > 100)`, `[totalPrice.centAmount > [100]]`, `totalPrice(currencyCode = "EUR")`},
		{`totalPrice(centAmount > 100 and (centAmount < 200 and currencyCode = "EUR"))`, `[totalPrice.centAmount > [100] totalPrice.centAmount < [200]]`, `totalPrice(currencyCode = "EUR")`},
		{`lineItems(quantity > 2 and sku = "x")`, `[]`, `lineItems(quantity > 2 and sku = "x")`}, // an array: the same element must match both
		{`totalPrice(centAmount > 100 or currencyCode = "EUR")`, `[]`, `whole`},
	}
	docs := []map[string]any{
		{"totalPrice": map[string]any{"currencyCode": "EUR", "centAmount": 150.0}},
		{"totalPrice": map[string]any{"currencyCode": "USD", "centAmount": 150.0}},
		{"totalPrice": map[string]any{"currencyCode": "EUR", "centAmount": 50.0}},
		{"lineItems": []any{map[string]any{"quantity": 3.0, "sku": "y"}, map[string]any{"quantity": 1.0, "sku": "x"}}},
		{"lineItems": []any{map[string]any{"quantity": 3.0, "sku": "x"}}},
		{},
	}
	for _, tt := range tests {
		p, err := Parse(tt.src, nil)
		if err != nil {
			t.Fatal(err)
		}
		conds, rest := p.SplitObjects(take, object)
		got := []string{}
		for _, c := range conds {
			got = append(got, fmt.Sprintf("%s %s %v", join(c.Path), c.Op, c.Numbers))
		}
		if fmt.Sprint(got) != tt.taken {
			t.Errorf("%s: taken %v, want %s", tt.src, got, tt.taken)
		}
		want := tt.rest
		if want == "whole" {
			want = tt.src
		}
		if wantRest := must(Parse(want, nil)); rest == nil || !sameMatches(rest, wantRest, docs) {
			t.Errorf("%s: the rest does not match what %s matches", tt.src, want)
		}
		checkParts(t, p, conds, rest, docs)
	}
}

func must(p *Predicate, err error) *Predicate {
	if err != nil {
		panic(err)
	}
	return p
}

func sameMatches(a, b *Predicate, docs []map[string]any) bool {
	for _, d := range docs {
		if a.Match(d) != b.Match(d) {
			return false
		}
	}
	return true
}

// TestSplitKeepsTheMeaning: the taken conditions and the rest together match what the whole
// predicate matches.
func TestSplitKeepsTheMeaning(t *testing.T) {
	docs := []map[string]any{
		{"key": "a", "name": "x", "parentUnit": map[string]any{"key": "acme"}},
		{"key": "b", "name": "x", "parentUnit": map[string]any{"key": "acme"}},
		{"key": "a", "name": "y"},
	}
	p, _ := Parse(`parentUnit(key = "acme") and name = "x" and key in ("a")`, nil)
	conds, rest := p.Split(func(c Cond) bool { return true })
	for _, d := range docs {
		whole := p.Match(d)
		parts := rest.Match(d)
		for _, c := range conds {
			parts = parts && condMatches(c, d)
		}
		if whole != parts {
			t.Errorf("%v: whole %v, split %v", d, whole, parts)
		}
	}
}

func condMatches(c Cond, d map[string]any) bool {
	var x any = d
	for _, k := range c.Path {
		m, ok := x.(map[string]any)
		if !ok {
			return false
		}
		x = m[k]
	}
	s, ok := x.(string)
	if !ok {
		return false
	}
	for _, v := range c.Values {
		if s == v {
			return true
		}
	}
	return false
}

func join(path []string) string {
	out := ""
	for i, p := range path {
		if i > 0 {
			out += "."
		}
		out += p
	}
	return out
}
