package query

import (
	"fmt"
	"strings"
)

// Predicate is a compiled query predicate. It is immutable and safe for
// concurrent use.
type Predicate struct {
	src  string
	root node
}

// Parse parses a query predicate. vars holds the values of input variables
// (:name in the predicate, bound by var.name= URL parameters); a variable may
// have several values, which makes it a list usable with in :name. Variables
// are resolved at parse time, so the returned Predicate does not refer to
// vars. Errors are *Error values giving the byte offset of the problem and a
// message saying what was expected, e.g.
//
//	where: at 15: expected a value after "=", found ")"
func Parse(src string, vars map[string][]string) (pred *Predicate, err error) {
	if len(src) > MaxLength {
		return nil, &Error{Pos: MaxLength, Msg: fmt.Sprintf("predicate is %d bytes long; at most %d are allowed", len(src), MaxLength)}
	}
	p := &parser{lx: lexer{src: src}, vars: vars}
	defer func() {
		if r := recover(); r != nil {
			b, ok := r.(bailout)
			if !ok {
				panic(r)
			}
			pred, err = nil, b.err
		}
	}()
	p.advance()
	if p.tok.kind == tokEOF {
		p.failf(0, "empty predicate")
	}
	root := p.parseOr()
	if p.tok.kind == tokRParen {
		p.failf(p.tok.pos, `unbalanced ")": no matching "("`)
	}
	if p.tok.kind != tokEOF {
		p.failf(p.tok.pos, `expected "and", "or" or end of input after %s, found %s`, describe(p.prev), describe(p.tok))
	}
	return &Predicate{src: src, root: root}, nil
}

// Match reports whether the JSON document satisfies the predicate. A nil
// Predicate matches every document.
func (p *Predicate) Match(doc map[string]any) bool {
	if p == nil || p.root == nil {
		return true
	}
	return p.root.match(doc)
}

// String returns the source text of the predicate.
func (p *Predicate) String() string {
	if p == nil {
		return ""
	}
	return p.src
}

// bailout carries a parse error up the recursive descent to Parse.
type bailout struct{ err *Error }

type parser struct {
	lx    lexer
	tok   token // the current token, not yet consumed
	prev  token // the token consumed last
	vars  map[string][]string
	nodes int
	depth int
}

func (p *parser) failf(pos int, format string, args ...any) {
	panic(bailout{&Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}})
}

func (p *parser) advance() {
	t, err := p.lx.next()
	if err != nil {
		panic(bailout{err})
	}
	p.prev, p.tok = p.tok, t
}

// keyword reports whether the current token is the given (lower-case) keyword.
func (p *parser) keyword(kw string) bool {
	return p.tok.kind == tokIdent && strings.EqualFold(p.tok.text, kw)
}

// count accounts for one more node of the predicate.
func (p *parser) count(pos int) {
	p.nodes++
	if p.nodes > MaxNodes {
		p.failf(pos, "predicate is too complex: more than %d nodes", MaxNodes)
	}
}

// open consumes a "(" and enters one more level of nesting.
func (p *parser) open() token {
	t := p.tok
	p.depth++
	if p.depth > MaxDepth {
		p.failf(t.pos, "predicate is nested too deeply: more than %d levels of parentheses", MaxDepth)
	}
	p.advance()
	return t
}

// close consumes the ")" matching the "(" token open.
func (p *parser) close(open token) {
	switch p.tok.kind {
	case tokRParen:
		p.depth--
		p.advance()
	case tokEOF:
		p.failf(open.pos, `unclosed "(": expected ")" before end of input`)
	default:
		p.failf(p.tok.pos, `expected "and", "or" or ")" (closing "(" at %d) after %s, found %s`, open.pos, describe(p.prev), describe(p.tok))
	}
}

// inner parses the predicate between parentheses, after the "(" token open.
func (p *parser) inner(open token, what string) node {
	if p.tok.kind == tokRParen || p.tok.kind == tokEOF {
		p.failf(p.tok.pos, "expected a predicate inside %s, found %s", what, describe(p.tok))
	}
	n := p.parseOr()
	p.close(open)
	return n
}

func (p *parser) parseOr() node {
	first := p.parseAnd()
	if !p.keyword("or") {
		return first
	}
	n := orNode{first}
	for p.keyword("or") {
		p.count(p.tok.pos)
		p.advance()
		n = append(n, p.parseAnd())
	}
	return n
}

func (p *parser) parseAnd() node {
	first := p.parseUnary()
	if !p.keyword("and") {
		return first
	}
	n := andNode{first}
	for p.keyword("and") {
		p.count(p.tok.pos)
		p.advance()
		n = append(n, p.parseUnary())
	}
	return n
}

func (p *parser) parseUnary() node {
	switch p.tok.kind {
	case tokLParen:
		open := p.open()
		return p.inner(open, `"(...)"`)
	case tokIdent:
		name := p.tok
		p.advance()
		if strings.EqualFold(name.text, "not") {
			if p.tok.kind == tokLParen {
				p.count(name.pos)
				open := p.open()
				return notNode{p.inner(open, `"not(...)"`)}
			}
			// "not" may still be a field name, as in `not = 1` or `not in (…)`.
			if !(p.tok.kind == tokOp || p.keyword("in") || p.keyword("not") || p.keyword("contains") || p.keyword("is")) {
				p.failf(p.tok.pos, `expected "(" after "not", found %s`, describe(p.tok))
			}
		}
		return p.parseCondition(name)
	}
	what := `a field name, "(" or "not"`
	if p.tok.kind == tokString || p.tok.kind == tokNumber || p.tok.kind == tokVar {
		what = "a field name" // a value where the field should be, as in `"x" = key`
	}
	after := ""
	if p.prev.kind != tokEOF { // prev is the zero token before the first one
		after = " after " + describe(p.prev)
	}
	p.failf(p.tok.pos, "expected %s%s, found %s", what, after, describe(p.tok))
	return nil
}

// parseCondition parses what follows a field name.
func (p *parser) parseCondition(name token) node {
	p.count(name.pos)
	field := &fieldNode{name: name.text}
	switch p.tok.kind {
	case tokLParen:
		open := p.open()
		field.test = nestedTest{p.inner(open, fmt.Sprintf("%q", name.text+"(...)"))}
		return field
	case tokOp:
		op := p.tok
		p.advance()
		v := p.parseValue(op)
		switch op.str {
		case "=":
			field.test = &inTest{vals: []value{v}}
		case "!=":
			field.test = &inTest{vals: []value{v}, negate: true}
		case "<":
			field.test = &orderTest{op: opLt, val: v}
		case "<=":
			field.test = &orderTest{op: opLe, val: v}
		case ">":
			field.test = &orderTest{op: opGt, val: v}
		case ">=":
			field.test = &orderTest{op: opGe, val: v}
		}
		return field
	case tokDot:
		dot := p.tok
		p.advance()
		if p.tok.kind == tokIdent {
			p.failf(dot.pos, `field paths are written by nesting, not with dots: write %s(%s …) instead of %s.%s`, name.text, p.tok.text, name.text, p.tok.text)
		}
		p.failf(dot.pos, `field paths are written by nesting, not with dots: write %s(…)`, name.text)
	case tokIdent:
		switch {
		case p.keyword("in"):
			kw := p.tok
			p.advance()
			field.test = &inTest{vals: p.parseList(kw)}
			return field
		case p.keyword("not"):
			p.advance()
			if !p.keyword("in") {
				p.failf(p.tok.pos, `expected "in" after "not", found %s`, describe(p.tok))
			}
			kw := p.tok
			p.advance()
			field.test = &inTest{vals: p.parseList(kw), negate: true}
			return field
		case p.keyword("contains"):
			kw := p.tok
			p.advance()
			if p.keyword("any") || p.keyword("all") {
				all := p.keyword("all")
				kw = p.tok
				p.advance()
				field.test = &containsTest{vals: p.parseList(kw), all: all}
				return field
			}
			field.test = &containsTest{vals: []value{p.parseValue(kw)}}
			return field
		case p.keyword("is"):
			p.advance()
			negate := false
			if p.keyword("not") {
				negate = true
				p.advance()
			}
			switch {
			case p.keyword("empty"):
				field.test = emptyTest{empty: !negate}
			case p.keyword("defined"):
				field.test = definedTest{defined: !negate}
			default:
				p.failf(p.tok.pos, `expected "empty" or "defined" after %s, found %s`, describe(p.prev), describe(p.tok))
			}
			p.advance()
			return field
		}
	}
	p.failf(p.tok.pos, `expected an operator (=, !=, <, <=, >, >=, in, not in, contains, is) or "(" after field %q, found %s`, name.text, describe(p.tok))
	return nil
}

// parseValue parses a single value following the token after.
func (p *parser) parseValue(after token) value {
	t := p.tok
	switch t.kind {
	case tokString:
		p.count(t.pos)
		p.advance()
		return value{kinds: kindString, str: t.str}
	case tokNumber:
		p.count(t.pos)
		p.advance()
		return value{kinds: kindNumber, num: t.num}
	case tokVar:
		vals := p.variable()
		if len(vals) != 1 {
			p.failf(t.pos, `variable %q has %d values; a list can only follow "in", "not in", "contains any" or "contains all"`, t.str, len(vals))
		}
		return vals[0]
	case tokIdent:
		switch {
		case p.keyword("true"), p.keyword("false"):
			p.count(t.pos)
			p.advance()
			return value{kinds: kindBool, b: strings.EqualFold(t.text, "true")}
		}
		p.failf(t.pos, `expected a value after %s, found %s (strings are written in double quotes)`, describe(after), describe(t))
	}
	p.failf(t.pos, "expected a value after %s, found %s", describe(after), describe(t))
	return value{}
}

// variable consumes a variable token and returns its values.
func (p *parser) variable() []value {
	t := p.tok
	raw, ok := p.vars[t.str]
	if !ok {
		p.failf(t.pos, "unknown variable %q: no var.%s parameter was given", t.str, t.str)
	}
	if len(raw) == 0 {
		p.failf(t.pos, "variable %q has no value", t.str)
	}
	p.count(t.pos)
	p.advance()
	vals := make([]value, len(raw))
	for i, s := range raw {
		vals[i] = varValue(s)
	}
	return vals
}

// parseList parses a list of values following the keyword token after: a
// parenthesised list of values, or a variable.
func (p *parser) parseList(after token) []value {
	switch p.tok.kind {
	case tokVar:
		return p.variable()
	case tokLParen:
	default:
		p.failf(p.tok.pos, `expected a list "(…)" or a variable after %s, found %s`, describe(after), describe(p.tok))
	}
	open := p.tok
	p.advance()
	var vals []value
	for {
		if p.tok.kind == tokVar {
			vals = append(vals, p.variable()...)
		} else {
			vals = append(vals, p.parseValue(p.prev))
		}
		switch p.tok.kind {
		case tokComma:
			p.advance()
		case tokRParen:
			p.advance()
			return vals
		case tokEOF:
			p.failf(open.pos, `unclosed "(": expected ")" to end the list before end of input`)
		default:
			p.failf(p.tok.pos, `expected "," or ")" after %s in the list opened at %d, found %s`, describe(p.prev), open.pos, describe(p.tok))
		}
	}
}
