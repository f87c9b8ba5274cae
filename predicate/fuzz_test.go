package predicate

import (
	"errors"
	"testing"
)

func FuzzParse(f *testing.F) {
	for _, c := range evalCases {
		f.Add(c.src)
	}
	for _, c := range errorCases {
		if len(c.src) < 200 {
			f.Add(c.src)
		}
	}
	samples := []*Order{
		{}, // empty
		orders["eur"], orders["usd"], orders["jpy"], orders["hp"], orders["esc"],
		{LineItems: []LineItem{{}, {Attributes: map[string]any{"x": nil}}}}, // nil addresses, empty line items
	}
	f.Fuzz(func(t *testing.T, src string) {
		p, err := Parse(src)
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
		if p.String() != src {
			t.Fatalf("String() = %q, want %q", p.String(), src)
		}
		// Wrapping a valid predicate in not (...) must keep it valid (within
		// the limits) and negate every result.
		q, err := Parse("not (" + src + ")")
		for _, o := range samples {
			m := p.Eval(o)
			if err == nil && q.Eval(o) == m {
				t.Fatalf("Parse(%q) and its negation both give %v", src, m)
			}
		}
	})
}
