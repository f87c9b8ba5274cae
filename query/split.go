package query

// A Cond is a conjunct of a predicate that compares one field, reached through nested
// single-field predicates (parentUnit(key = "x") is the path parentUnit.key), with literals of
// one type: what a store can answer from a column. Op is "in" (also for =), "<", "<=", ">" or
// ">=". A field missing from a document satisfies no Cond.
type Cond struct {
	Path []string
	Op   string
	// Values are the values when every one is a string and nothing else.
	Values []string
	// Numbers are the values when every one is a number and nothing else.
	Numbers []float64
}

// Split divides p into the conjuncts of its top-level "and" that take accepts, and a predicate
// of the others (nil when none remain): p matches a document exactly when every taken Cond and
// the rest do. Only comparisons with strings, or with numbers, are offered to take.
func (p *Predicate) Split(take func(Cond) bool) ([]Cond, *Predicate) {
	return p.SplitObjects(take, nil)
}

// SplitObjects is Split for documents in which the fields object reports (by their path) hold
// one object whenever they are present, never an array: the conjuncts of a nested predicate on
// such a field are offered one by one, since f(a and b) then matches what f(a) and f(b) match
// together (totalPrice(currencyCode = "EUR" and centAmount > 100) offers the amount).
func (p *Predicate) SplitObjects(take func(Cond) bool, object func(path []string) bool) ([]Cond, *Predicate) {
	if p == nil || p.root == nil {
		return nil, nil
	}
	var taken []Cond
	var rest andNode
	for _, n := range parts(p.root, nil, object) {
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

// parts returns the conjuncts of n, whose fields lie below path, with those of a nested
// predicate on an object field expanded: f(a and b) becomes f(a), f(b).
func parts(n node, path []string, object func([]string) bool) []node {
	var out []node
	for _, k := range conjuncts(n) {
		f, ok := k.(*fieldNode)
		if !ok || object == nil {
			out = append(out, k)
			continue
		}
		t, nested := f.test.(nestedTest)
		at := append(path[:len(path):len(path)], f.name)
		if !nested || !object(at) {
			out = append(out, k)
			continue
		}
		for _, sub := range parts(t.sub, at, object) {
			out = append(out, &fieldNode{name: f.name, test: nestedTest{sub: sub}})
		}
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
			return valuesOf(Cond{Path: path, Op: "in"}, t.vals)
		case *orderTest:
			return valuesOf(Cond{Path: path, Op: [...]string{opLt: "<", opLe: "<=", opGt: ">", opGe: ">="}[t.op]}, []value{t.val})
		}
		return Cond{}, false
	}
}

// valuesOf sets the values of c: the strings when every value is a string and nothing else, the
// numbers when every value is a number and nothing else (an input variable such as "3" is both,
// and matches strings and numbers alike: no column answers that).
func valuesOf(c Cond, vals []value) (Cond, bool) {
	strs, nums := true, true
	for _, v := range vals {
		strs = strs && v.kinds == kindString
		nums = nums && v.kinds == kindNumber
	}
	switch {
	case strs:
		c.Values = make([]string, len(vals))
		for i, v := range vals {
			c.Values[i] = v.str
		}
	case nums:
		c.Numbers = make([]float64, len(vals))
		for i, v := range vals {
			c.Numbers[i] = v.num
		}
	default:
		return Cond{}, false
	}
	return c, true
}
