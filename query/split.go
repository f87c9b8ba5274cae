package query

// A Cond is a conjunct of a predicate that compares one field, reached through nested
// single-field predicates (parentUnit(key = "x") is the path parentUnit.key), with string
// literals: what a store can answer from a column. Op is "in" (also for =), "<", "<=", ">" or
// ">=". A field missing from a document satisfies no Cond.
type Cond struct {
	Path   []string
	Op     string
	Values []string
}

// Split divides p into the conjuncts of its top-level "and" that take accepts, and a predicate
// of the others (nil when none remain): p matches a document exactly when every taken Cond and
// the rest do. Only comparisons with string literals are offered to take.
func (p *Predicate) Split(take func(Cond) bool) ([]Cond, *Predicate) {
	if p == nil || p.root == nil {
		return nil, nil
	}
	var taken []Cond
	var rest andNode
	for _, n := range conjuncts(p.root) {
		if c, ok := condOf(n); ok && take(c) {
			taken = append(taken, c)
			continue
		}
		rest = append(rest, n)
	}
	switch len(rest) {
	case 0:
		return taken, nil
	case 1:
		return taken, &Predicate{src: p.src, root: rest[0]}
	}
	return taken, &Predicate{src: p.src, root: rest}
}

func conjuncts(n node) []node {
	and, ok := n.(andNode)
	if !ok {
		return []node{n}
	}
	var out []node
	for _, k := range and {
		out = append(out, conjuncts(k)...)
	}
	return out
}

// condOf reads a node as a Cond, if it is one.
func condOf(n node) (Cond, bool) {
	var path []string
	for {
		f, ok := n.(*fieldNode)
		if !ok {
			return Cond{}, false
		}
		path = append(path, f.name)
		switch t := f.test.(type) {
		case nestedTest:
			n = t.sub
			continue
		case *inTest:
			if t.negate {
				return Cond{}, false // a missing field satisfies no "not in" in a store's column either way
			}
			vals, ok := texts(t.vals)
			return Cond{Path: path, Op: "in", Values: vals}, ok
		case *orderTest:
			vals, ok := texts([]value{t.val})
			return Cond{Path: path, Op: [...]string{opLt: "<", opLe: "<=", opGt: ">", opGe: ">="}[t.op], Values: vals}, ok
		}
		return Cond{}, false
	}
}

// texts returns the values' text when every value is a string and nothing else (a variable
// such as "3" is a number too, and matches numbers).
func texts(vals []value) ([]string, bool) {
	out := make([]string, len(vals))
	for i, v := range vals {
		if v.kinds != kindString {
			return nil, false
		}
		out[i] = v.str
	}
	return out, true
}
