package query

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

func FuzzParse(f *testing.F) {
	for _, c := range matchCases {
		f.Add(c.src)
	}
	for _, c := range errorCases {
		if len(c.src) < 200 {
			f.Add(c.src)
		}
	}
	fuzzVars := map[string][]string{
		"v": {"3"}, "k": {"acme"}, "b": {"true"}, "s": {"Active", "Inactive"}, "e": {},
	}
	docs := []map[string]any{
		decode(f, businessUnit, false), decode(f, businessUnit, true),
		decode(f, other, false), decode(f, other, true),
	}
	f.Fuzz(func(t *testing.T, src string) {
		p, err := Parse(src, fuzzVars)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%q) returned %T, want *Error", src, err)
			}
			if e.Pos < 0 || e.Pos > len(src) || e.Msg == "" {
				t.Fatalf("Parse(%q): bad error %#v", src, e)
			}
			return
		}
		// Wrapping a valid predicate in not(...) must keep it valid (within
		// the limits) and negate every result.
		q, err := Parse("not("+src+")", fuzzVars)
		for _, d := range docs {
			m := p.Match(d)
			if err == nil && q.Match(d) == m {
				t.Fatalf("Parse(%q) and its negation both give %v", src, m)
			}
		}
		checkSplit(t, p, docs)
	})
}

// checkSplit: the conditions Split takes and the rest it leaves match together what the whole
// predicate matches (each condition evaluated as the predicate it came from); and so do those of
// SplitObjects, told which fields hold no array in the documents.
func checkSplit(t *testing.T, p *Predicate, docs []map[string]any) {
	all := func(Cond) bool { return true }
	conds, rest := p.Split(all)
	checkParts(t, p, conds, rest, docs)
	conds, rest = p.SplitObjects(all, func(path []string) bool {
		for _, d := range docs {
			var x any = d
			for _, k := range path {
				m, _ := x.(map[string]any)
				x = m[k]
			}
			if _, ok := x.([]any); ok {
				return false
			}
		}
		return true
	})
	checkParts(t, p, conds, rest, docs)
}

func checkParts(t *testing.T, p *Predicate, conds []Cond, rest *Predicate, docs []map[string]any) {
	var parts []*Predicate
	for _, c := range conds {
		var vals []string
		for _, v := range c.Values {
			vals = append(vals, strconv.Quote(v))
		}
		for _, n := range c.Numbers {
			vals = append(vals, strconv.FormatFloat(n, 'f', -1, 64))
		}
		src := strings.Join(vals, ", ")
		if c.Op == "in" {
			src = c.Path[len(c.Path)-1] + " in (" + src + ")"
		} else {
			src = c.Path[len(c.Path)-1] + " " + c.Op + " " + src
		}
		for i := len(c.Path) - 2; i >= 0; i-- {
			src = c.Path[i] + "(" + src + ")"
		}
		q, err := Parse(src, nil)
		if err != nil {
			return // a value the literal syntax cannot spell again: nothing to compare with
		}
		parts = append(parts, q)
	}
	for _, d := range docs {
		split := rest.Match(d)
		for _, q := range parts {
			split = split && q.Match(d)
		}
		if split != p.Match(d) {
			t.Fatalf("%q split into %v and %q: %v, whole %v", p.String(), conds, rest.String(), split, p.Match(d))
		}
	}
}
