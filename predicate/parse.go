package predicate

import (
	"fmt"
	"strings"

	"github.com/procura/procura/internal/scan"
)

// Predicate is a compiled order predicate. It is immutable and safe for
// concurrent use.
type Predicate struct {
	src  string
	eval func(*Order) bool
}

// Parse parses and compiles an order predicate. Errors are *Error values
// giving the byte offset of the problem and a message saying what was
// expected, e.g.
//
//	predicate: at 14: expected a value after ">=", found end of input
func Parse(src string) (pred *Predicate, err error) {
	if len(src) > MaxLength {
		return nil, &Error{Pos: MaxLength, Msg: fmt.Sprintf("predicate is %d bytes long; at most %d are allowed", len(src), MaxLength)}
	}
	p := &parser{lx: lexer{src: src}}
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
	return &Predicate{src: src, eval: compile[Order](root)}, nil
}

// MustParse is like Parse but panics on error. It is meant for predicates
// written in the program.
func MustParse(src string) *Predicate {
	p, err := Parse(src)
	if err != nil {
		panic(err)
	}
	return p
}

// Eval reports whether the order satisfies the predicate. A nil Predicate
// matches every order; a nil order is evaluated as an empty one.
func (p *Predicate) Eval(o *Order) bool {
	if p == nil {
		return true
	}
	if o == nil {
		o = &emptyOrder
	}
	return p.eval(o)
}

var emptyOrder Order

// String returns the source text of the predicate.
func (p *Predicate) String() string {
	if p == nil {
		return ""
	}
	return p.src
}

// The syntax tree, type-checked by the parser and compiled by compile.
type (
	expr      interface{}
	andExpr   []expr
	orExpr    []expr
	notExpr   struct{ x expr }
	constExpr bool
	// quantExpr is lineItemExists(x) or, when all, forAllLineItems(x); over
	// custom line items (in), customLineItemExists(x) or forAllCustomLineItems(x).
	quantExpr struct {
		all bool
		in  itemKind
		x   expr
	}
	condExpr struct {
		lhs  operand
		op   opKind
		vals []literal
	}
)

// operand is the left-hand side of a condition: a known identifier, or
// lineItemCount(arg) / lineItemTotal(arg) and their custom-line-item forms (in).
type operand struct {
	name string
	pos  int
	typ  valType
	get  any // see field; nil for a function
	fn   funcKind
	in   itemKind
	arg  expr
}

// itemFunc is a function over an order's items: which items, and what it
// makes (fnNone: a quantifier, true for every item when all).
type itemFunc struct {
	in  itemKind
	fn  funcKind
	all bool
}

var itemFuncs = map[string]itemFunc{
	"lineItemExists":        {inLineItem, fnNone, false},
	"forAllLineItems":       {inLineItem, fnNone, true},
	"lineItemCount":         {inLineItem, fnCount, false},
	"lineItemTotal":         {inLineItem, fnTotal, false},
	"customLineItemExists":  {inCustomLineItem, fnNone, false},
	"forAllCustomLineItems": {inCustomLineItem, fnNone, true},
	"customLineItemCount":   {inCustomLineItem, fnCount, false},
	"customLineItemTotal":   {inCustomLineItem, fnTotal, false},
}

// itemFuncNames lists the functions over items, for messages.
const itemFuncNames = "lineItemExists, forAllLineItems, lineItemCount, lineItemTotal and their custom-line-item forms customLineItemExists, forAllCustomLineItems, customLineItemCount and customLineItemTotal"

type funcKind uint8

const (
	fnNone funcKind = iota
	fnCount
	fnTotal
)

type opKind uint8

const (
	opEq opKind = iota
	opNe
	opLt
	opLe
	opGt
	opGe
	opIn
	opNotIn
	opContainsAny // contains x, contains any (...)
	opContainsAll
	opDefined
	opNotDefined
	opEmpty
	opNotEmpty
)

var cmpOps = map[string]opKind{"=": opEq, "!=": opNe, "<": opLt, "<=": opLe, ">": opGt, ">=": opGe}

type litKind uint8

const (
	litString litKind = iota
	litNumber
	litBool
)

// literal is a value of the predicate. A string literal that is a valid
// money string also carries the money.
type literal struct {
	kind    litKind
	str     string
	num     number
	b       bool
	isMoney bool
	money   Money
}

// bailout carries a parse error up the recursive descent to Parse.
type bailout struct{ err *Error }

type parser struct {
	lx      lexer
	tok     token // the current token, not yet consumed
	prev    token // the token consumed last
	nodes   int
	depth   int
	inItems string   // the item function being parsed, "" outside
	in      itemKind // what its identifiers refer to
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

var keywords = map[string]bool{
	"and": true, "or": true, "not": true, "in": true, "contains": true, "any": true,
	"all": true, "is": true, "empty": true, "defined": true, "true": true, "false": true,
}

func isKeyword(t token) bool {
	return t.kind == tokIdent && keywords[strings.ToLower(t.text)]
}

// count accounts for one more node of the predicate.
func (p *parser) count(pos int) {
	p.nodes++
	if p.nodes > MaxNodes {
		p.failf(pos, "predicate is too complex: more than %d nodes", MaxNodes)
	}
}

// enter opens one more level of nesting at pos.
func (p *parser) enter(pos int) {
	p.depth++
	if p.depth > MaxDepth {
		p.failf(pos, "predicate is nested too deeply: more than %d levels", MaxDepth)
	}
}

// open consumes a "(" and enters one more level of nesting.
func (p *parser) open() token {
	t := p.tok
	p.enter(t.pos)
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
func (p *parser) inner(open token, what string) expr {
	if p.tok.kind == tokRParen || p.tok.kind == tokEOF {
		p.failf(p.tok.pos, "expected a predicate inside %s, found %s", what, describe(p.tok))
	}
	x := p.parseOr()
	p.close(open)
	return x
}

func (p *parser) parseOr() expr {
	first := p.parseAnd()
	if !p.keyword("or") {
		return first
	}
	x := orExpr{first}
	for p.keyword("or") {
		p.count(p.tok.pos)
		p.advance()
		x = append(x, p.parseAnd())
	}
	return x
}

func (p *parser) parseAnd() expr {
	first := p.parseUnary()
	if !p.keyword("and") {
		return first
	}
	x := andExpr{first}
	for p.keyword("and") {
		p.count(p.tok.pos)
		p.advance()
		x = append(x, p.parseUnary())
	}
	return x
}

func (p *parser) parseUnary() expr {
	t := p.tok
	switch t.kind {
	case tokLParen:
		open := p.open()
		return p.inner(open, `"(...)"`)
	case tokIdent:
		switch {
		case p.keyword("not"):
			p.count(t.pos)
			p.enter(t.pos)
			p.advance()
			x := p.parseUnary()
			p.depth--
			return notExpr{x}
		case p.keyword("true"), p.keyword("false"):
			p.count(t.pos)
			p.advance()
			return constExpr(strings.EqualFold(t.text, "true"))
		case isKeyword(t):
		default:
			p.advance()
			if f, ok := itemFuncs[t.text]; ok && f.fn == fnNone {
				return quantExpr{all: f.all, in: f.in, x: p.parseFuncArg(t)}
			}
			return p.parseCondition(p.parseOperand(t))
		}
	}
	what := `an identifier, "(" or "not"`
	if t.kind == tokString || t.kind == tokNumber {
		what = "an identifier" // a value where the identifier should be, as in `"x" = sku`
	}
	after := ""
	if p.prev.kind != tokEOF { // prev is the zero token before the first one
		after = " after " + describe(p.prev)
	}
	p.failf(t.pos, "expected %s%s, found %s", what, after, describe(t))
	return nil
}

// parseFuncArg parses the parenthesised item predicate of the function
// whose name token has just been consumed.
func (p *parser) parseFuncArg(name token) expr {
	p.count(name.pos)
	if p.inItems != "" {
		p.failf(name.pos, "%s(...) cannot be used inside %s(...): item functions do not nest", name.text, p.inItems)
	}
	if p.tok.kind != tokLParen {
		p.failf(p.tok.pos, `expected "(" after %s, found %s`, name.text, describe(p.tok))
	}
	open := p.open()
	p.inItems, p.in = name.text, itemFuncs[name.text].in
	x := p.inner(open, fmt.Sprintf(`"%s(...)"`, name.text))
	p.inItems, p.in = "", inOrder
	return x
}

// parseOperand resolves the identifier token t, already consumed, or parses
// the function call it starts.
func (p *parser) parseOperand(t token) operand {
	// lineItemCount without "(" is the order's field
	if f, ok := itemFuncs[t.text]; ok && f.fn != fnNone && (orderFields[t.text].get == nil || p.tok.kind == tokLParen || p.inItems != "") {
		typ := tNumber
		if f.fn == fnTotal {
			typ = tMoney
		}
		return operand{name: t.text, pos: t.pos, typ: typ, fn: f.fn, in: f.in, arg: p.parseFuncArg(t)}
	}
	f, msg := resolve(t.text, p.in)
	if msg != "" {
		if p.tok.kind == tokLParen {
			for name := range itemFuncs {
				if strings.EqualFold(t.text, name) {
					p.failf(t.pos, "unknown function %q; the item functions are %s", scan.Clip(t.text), itemFuncNames)
				}
			}
			p.failf(t.pos, "unknown function %q; the item functions are %s (fields are written with dots, as in shippingAddress.country)", scan.Clip(t.text), itemFuncNames)
		}
		p.failf(t.pos, "%s", msg)
	}
	return operand{name: t.text, pos: t.pos, typ: f.typ, get: f.get}
}

// parseCondition parses what follows an operand.
func (p *parser) parseCondition(lhs operand) expr {
	p.count(lhs.pos)
	c := condExpr{lhs: lhs}
	t := p.tok
	switch {
	case t.kind == tokOp:
		c.op = cmpOps[t.str]
		p.checkComparable(lhs, t)
		p.advance()
		c.vals = []literal{p.parseValue(t, lhs, c.op)}
		return c
	case p.keyword("in"):
		c.op = opIn
		p.checkComparable(lhs, t)
		p.advance()
		c.vals = p.parseList(t, lhs, c.op)
		return c
	case p.keyword("not"):
		p.advance()
		if !p.keyword("in") {
			p.failf(p.tok.pos, `expected "in" after "not", found %s`, describe(p.tok))
		}
		c.op = opNotIn
		p.checkComparable(lhs, t)
		p.advance()
		c.vals = p.parseList(p.prev, lhs, c.op)
		return c
	case p.keyword("contains"):
		if lhs.typ != tDyn {
			p.failf(t.pos, `"contains" applies to lists (custom fields and attributes); %s is %s`, lhs.name, lhs.typ)
		}
		c.op = opContainsAny
		p.advance()
		if p.keyword("any") || p.keyword("all") {
			if p.keyword("all") {
				c.op = opContainsAll
			}
			kw := p.tok
			p.advance()
			c.vals = p.parseList(kw, lhs, c.op)
			return c
		}
		c.vals = []literal{p.parseValue(t, lhs, c.op)}
		return c
	case p.keyword("is"):
		p.advance()
		negate := false
		if p.keyword("not") {
			negate = true
			p.advance()
		}
		switch {
		case p.keyword("defined"):
			c.op = opDefined
			if negate {
				c.op = opNotDefined
			}
		case p.keyword("empty"):
			if lhs.typ != tDyn {
				p.failf(p.tok.pos, `"is empty" applies to lists (custom fields and attributes); %s is %s: use "is defined" or "is not defined"`, lhs.name, lhs.typ)
			}
			c.op = opEmpty
			if negate {
				c.op = opNotEmpty
			}
		default:
			p.failf(p.tok.pos, `expected "defined" or "empty" after %s, found %s`, describe(p.prev), describe(p.tok))
		}
		p.advance()
		return c
	}
	if lhs.typ == tObject {
		p.failf(t.pos, `expected "is defined" or "is not defined" after %s, found %s`, lhs.name, describe(t))
	}
	p.failf(t.pos, `expected an operator (=, !=, <, <=, >, >=, in, not in, contains, is) after %s, found %s`, lhs.name, describe(t))
	return nil
}

// checkComparable rejects comparisons of an address.
func (p *parser) checkComparable(lhs operand, op token) {
	if lhs.typ == tObject {
		p.failf(op.pos, `%s is an address: compare one of its fields (as in %s.country = "DE") or use "is defined"`, lhs.name, lhs.name)
	}
}

// parseValue parses a single value following the token after, checking its
// type against the operand.
func (p *parser) parseValue(after token, lhs operand, op opKind) literal {
	t := p.tok
	var v literal
	switch {
	case t.kind == tokString:
		v = literal{kind: litString, str: t.str}
		var why string
		var shaped bool
		v.money, shaped, why = parseMoney(t.str)
		v.isMoney = shaped && why == ""
		if lhs.typ == tMoney && why != "" {
			p.failf(t.pos, "%s", why)
		}
	case t.kind == tokNumber:
		v = literal{kind: litNumber, num: t.num}
	case p.keyword("true"), p.keyword("false"):
		v = literal{kind: litBool, b: strings.EqualFold(t.text, "true")}
	case t.kind == tokIdent && !isKeyword(t):
		p.failf(t.pos, `expected a value after %s, found %s (strings are written in double quotes)`, describe(after), describe(t))
	default:
		p.failf(t.pos, "expected a value after %s, found %s", describe(after), describe(t))
	}
	want := ""
	switch lhs.typ {
	case tString:
		if v.kind != litString {
			want = "a string"
		}
	case tNumber:
		if v.kind != litNumber {
			want = "a number"
		}
	case tMoney:
		if !v.isMoney {
			want = `a money string like "1000.00 EUR"`
		}
	case tDyn:
		if v.kind == litBool && op >= opLt && op <= opGe {
			p.failf(after.pos, `booleans can only be compared with "=", "!=", "in" or "not in", not %s`, describe(after))
		}
	}
	if want != "" {
		p.failf(t.pos, "expected %s after %s, found %s (%s is %s)", want, describe(after), describe(t), lhs.name, lhs.typ)
	}
	p.count(t.pos)
	p.advance()
	return v
}

// parseList parses a parenthesised list of values following the keyword
// token after.
func (p *parser) parseList(after token, lhs operand, op opKind) []literal {
	if p.tok.kind != tokLParen {
		p.failf(p.tok.pos, `expected a list "(…)" after %s, found %s`, describe(after), describe(p.tok))
	}
	open := p.tok
	p.advance()
	var vals []literal
	for {
		vals = append(vals, p.parseValue(p.prev, lhs, op))
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
