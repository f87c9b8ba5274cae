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
		{`version = 3 and key = "a"`, `[key in [a]]`, true},    // a number
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
