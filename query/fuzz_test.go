package query

import (
	"errors"
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
	})
}
