package predicate

import (
	"cmp"
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// compile turns a syntax tree into a closure over the context type T, Order
// or LineItem. The parser guarantees that getters and line-item functions
// belong to the context they are compiled for.
func compile[T any](e expr) func(*T) bool {
	switch e := e.(type) {
	case constExpr:
		v := bool(e)
		return func(*T) bool { return v }
	case notExpr:
		f := compile[T](e.x)
		return func(x *T) bool { return !f(x) }
	case andExpr:
		fs := compileAll[T](e)
		if len(fs) == 2 {
			a, b := fs[0], fs[1]
			return func(x *T) bool { return a(x) && b(x) }
		}
		return func(x *T) bool {
			for _, f := range fs {
				if !f(x) {
					return false
				}
			}
			return true
		}
	case orExpr:
		fs := compileAll[T](e)
		if len(fs) == 2 {
			a, b := fs[0], fs[1]
			return func(x *T) bool { return a(x) || b(x) }
		}
		return func(x *T) bool {
			for _, f := range fs {
				if f(x) {
					return true
				}
			}
			return false
		}
	case quantExpr:
		var q func(*Order) bool
		if e.in == inCustomLineItem {
			q = quantify(e.all, compile[CustomLineItem](e.x), customLineItemsOf)
		} else {
			q = quantify(e.all, compile[LineItem](e.x), lineItemsOf)
		}
		return any(q).(func(*T) bool)
	case condExpr:
		return compileCond[T](e)
	}
	panic("predicate: unknown expression")
}

func compileAll[T any](xs []expr) []func(*T) bool {
	fs := make([]func(*T) bool, len(xs))
	for i, x := range xs {
		fs[i] = compile[T](x)
	}
	return fs
}

func compileCond[T any](c condExpr) func(*T) bool {
	switch c.lhs.typ {
	case tString:
		return compileString(c.lhs.get.(func(*T) string), c.op, c.vals)
	case tNumber:
		var g func(*T) (int64, bool)
		if c.lhs.fn == fnCount {
			var n func(*Order) (int64, bool)
			if c.lhs.in == inCustomLineItem {
				n = count(compile[CustomLineItem](c.lhs.arg), customLineItemsOf)
			} else {
				n = count(compile[LineItem](c.lhs.arg), lineItemsOf)
			}
			g = any(n).(func(*T) (int64, bool))
		} else {
			g = c.lhs.get.(func(*T) (int64, bool))
		}
		return compileNumber(g, c.op, c.vals)
	case tMoney:
		var g func(*T) (Money, bool)
		if c.lhs.fn == fnTotal {
			var m func(*Order) (Money, bool)
			if c.lhs.in == inCustomLineItem {
				m = itemTotal(compile[CustomLineItem](c.lhs.arg), customLineItemsOf, func(x *CustomLineItem) Money { return x.TotalPrice })
			} else {
				m = itemTotal(compile[LineItem](c.lhs.arg), lineItemsOf, func(li *LineItem) Money { return li.TotalPrice })
			}
			g = any(m).(func(*T) (Money, bool))
		} else {
			g = c.lhs.get.(func(*T) (Money, bool))
		}
		return compileMoney(g, c.op, c.vals)
	case tDyn:
		return compileDyn(c.lhs.get.(func(*T) (any, bool)), c.op, c.vals)
	case tObject:
		g := c.lhs.get.(func(*T) bool)
		if c.op == opNotDefined {
			return func(x *T) bool { return !g(x) }
		}
		return g
	}
	panic("predicate: unknown operand type")
}

func lineItemsOf(o *Order) []LineItem             { return o.LineItems }
func customLineItemsOf(o *Order) []CustomLineItem { return o.CustomLineItems }

// quantify is true when some item of the order satisfies f, or, when all,
// every one (true for none).
func quantify[I any](all bool, f func(*I) bool, items func(*Order) []I) func(*Order) bool {
	return func(o *Order) bool {
		list := items(o)
		for i := range list {
			if f(&list[i]) != all {
				return !all
			}
		}
		return all
	}
}

// count is how many items of the order satisfy f.
func count[I any](f func(*I) bool, items func(*Order) []I) func(*Order) (int64, bool) {
	return func(o *Order) (int64, bool) {
		var n int64
		list := items(o)
		for i := range list {
			if f(&list[i]) {
				n++
			}
		}
		return n, true
	}
}

// itemTotal returns a getter for the sum of the totals of the items
// matching f, in the order's currency; items in another currency are left
// out. The sum has the currency's fraction digits, or more if an item has
// more.
func itemTotal[I any](f func(*I) bool, items func(*Order) []I, totalOf func(*I) Money) func(*Order) (Money, bool) {
	return func(o *Order) (Money, bool) {
		cur := o.currency()
		if cur == "" {
			return Money{}, false
		}
		sum := Money{CurrencyCode: cur, FractionDigits: CurrencyFractionDigits(cur)}
		list := items(o)
		for i := range list {
			total := totalOf(&list[i])
			if total.CurrencyCode != cur || !f(&list[i]) {
				continue
			}
			amount, d := total.CentAmount, total.digits()
			if d > sum.FractionDigits {
				sum.CentAmount = scale(sum.CentAmount, d-sum.FractionDigits)
				sum.FractionDigits = d
			}
			sum.CentAmount = addSat(sum.CentAmount, scale(amount, sum.FractionDigits-d))
		}
		return sum, true
	}
}

// holds reports whether the comparison result c satisfies op (one of opEq
// to opGe).
func holds(op opKind, c int) bool {
	switch op {
	case opEq:
		return c == 0
	case opNe:
		return c != 0
	case opLt:
		return c < 0
	case opLe:
		return c <= 0
	case opGt:
		return c > 0
	case opGe:
		return c >= 0
	}
	return false
}

func compileString[T any](g func(*T) string, op opKind, vals []literal) func(*T) bool {
	switch op {
	case opDefined:
		return func(x *T) bool { return g(x) != "" }
	case opNotDefined:
		return func(x *T) bool { return g(x) == "" }
	case opEq:
		s := vals[0].str
		if s == "" { // never equal to a missing value
			return func(*T) bool { return false }
		}
		return func(x *T) bool { return g(x) == s }
	case opNe:
		s := vals[0].str
		return func(x *T) bool { v := g(x); return v != "" && v != s }
	case opIn, opNotIn:
		set := make([]string, len(vals))
		for i := range vals {
			set[i] = vals[i].str
		}
		want := op == opIn
		return func(x *T) bool {
			v := g(x)
			if v == "" {
				return false
			}
			for _, s := range set {
				if v == s {
					return want
				}
			}
			return !want
		}
	}
	s := vals[0].str
	return func(x *T) bool { v := g(x); return v != "" && holds(op, strings.Compare(v, s)) }
}

// cmpNumber compares two numbers; ok is false if one is NaN.
func cmpNumber(a, b number) (c int, ok bool) {
	if a.isInt && b.isInt {
		return cmp.Compare(a.i, b.i), true
	}
	x, y := a.float(), b.float()
	if math.IsNaN(x) || math.IsNaN(y) {
		return 0, false
	}
	return cmp.Compare(x, y), true
}

func compileNumber[T any](g func(*T) (int64, bool), op opKind, vals []literal) func(*T) bool {
	switch op {
	case opDefined:
		return func(x *T) bool { _, ok := g(x); return ok }
	case opNotDefined:
		return func(x *T) bool { _, ok := g(x); return !ok }
	case opIn, opNotIn:
		want := op == opIn
		return func(x *T) bool {
			v, ok := g(x)
			if !ok {
				return false
			}
			for i := range vals {
				if c, _ := cmpNumber(number{i: v, isInt: true}, vals[i].num); c == 0 {
					return want
				}
			}
			return !want
		}
	}
	n := vals[0].num
	if n.isInt {
		i := n.i
		switch op {
		case opEq:
			return func(x *T) bool { v, ok := g(x); return ok && v == i }
		case opGe:
			return func(x *T) bool { v, ok := g(x); return ok && v >= i }
		}
		return func(x *T) bool { v, ok := g(x); return ok && holds(op, cmp.Compare(v, i)) }
	}
	f := n.f
	return func(x *T) bool { v, ok := g(x); return ok && holds(op, cmp.Compare(float64(v), f)) }
}

func compileMoney[T any](g func(*T) (Money, bool), op opKind, vals []literal) func(*T) bool {
	switch op {
	case opDefined:
		return func(x *T) bool { _, ok := g(x); return ok }
	case opNotDefined:
		return func(x *T) bool { _, ok := g(x); return !ok }
	case opIn, opNotIn:
		want := op == opIn
		return func(x *T) bool {
			v, ok := g(x)
			if !ok {
				return false
			}
			comparable := false
			for i := range vals {
				if c, ok := cmpMoney(v, vals[i].money); ok {
					if c == 0 {
						return want
					}
					comparable = true
				}
			}
			return !want && comparable
		}
	}
	m := vals[0].money
	return func(x *T) bool {
		v, ok := g(x)
		if !ok {
			return false
		}
		c, ok := cmpMoney(v, m)
		return ok && holds(op, c)
	}
}

func compileDyn[T any](g func(*T) (any, bool), op opKind, vals []literal) func(*T) bool {
	switch op {
	case opDefined:
		return func(x *T) bool { _, ok := g(x); return ok }
	case opNotDefined:
		return func(x *T) bool { _, ok := g(x); return !ok }
	case opEmpty, opNotEmpty:
		want := op == opEmpty
		return func(x *T) bool {
			v, ok := g(x)
			if !ok {
				return false
			}
			n, ok := listLen(v)
			return ok && (n == 0) == want
		}
	case opContainsAny, opContainsAll:
		all := op == opContainsAll
		return func(x *T) bool {
			v, ok := g(x)
			if !ok {
				return false
			}
			if _, ok := listLen(v); !ok {
				return false
			}
			for i := range vals {
				if listContains(v, &vals[i]) != all {
					return !all
				}
			}
			return all
		}
	case opIn, opNotIn:
		want := op == opIn
		return func(x *T) bool {
			v, ok := g(x)
			if !ok {
				return false
			}
			comparable := false
			for i := range vals {
				if c, ok := dynCmp(v, &vals[i]); ok {
					if c == 0 {
						return want
					}
					comparable = true
				}
			}
			return !want && comparable
		}
	}
	lit := &vals[0]
	return func(x *T) bool {
		v, ok := g(x)
		if !ok {
			return false
		}
		c, ok := dynCmp(v, lit)
		return ok && holds(op, c)
	}
}

// dynCmp compares a custom value with a literal; ok is false when they are
// of different types (or money in different currencies).
func dynCmp(v any, lit *literal) (c int, ok bool) {
	switch x := v.(type) {
	case string:
		if lit.kind == litString {
			return strings.Compare(x, lit.str), true
		}
	case bool:
		if lit.kind == litBool {
			if x == lit.b {
				return 0, true
			}
			return 1, true
		}
	case Money:
		if lit.isMoney {
			return cmpMoney(x, lit.money)
		}
	case *Money:
		if x != nil && lit.isMoney {
			return cmpMoney(*x, lit.money)
		}
	case map[string]any:
		if m, ok := mapMoney(x); ok && lit.isMoney {
			return cmpMoney(m, lit.money)
		}
	default:
		if lit.kind == litNumber {
			if n, ok := toNumber(v); ok {
				return cmpNumber(n, lit.num)
			}
		}
	}
	return 0, false
}

// mapMoney reads money as encoding/json decodes it.
func mapMoney(m map[string]any) (Money, bool) {
	cur, ok := m["currencyCode"].(string)
	if !ok || cur == "" {
		return Money{}, false
	}
	n, ok := toNumber(m["centAmount"])
	if !ok || !n.isInt {
		return Money{}, false
	}
	money := Money{CurrencyCode: cur, CentAmount: n.i}
	if d, ok := toNumber(m["fractionDigits"]); ok && d.isInt && d.i > 0 && d.i < 64 {
		money.FractionDigits = int(d.i)
	}
	return money, true
}

// toNumber converts a Go number to a number.
func toNumber(v any) (number, bool) {
	switch n := v.(type) {
	case int:
		return number{i: int64(n), isInt: true}, true
	case int8:
		return number{i: int64(n), isInt: true}, true
	case int16:
		return number{i: int64(n), isInt: true}, true
	case int32:
		return number{i: int64(n), isInt: true}, true
	case int64:
		return number{i: n, isInt: true}, true
	case uint:
		return fromUint(uint64(n)), true
	case uint8:
		return number{i: int64(n), isInt: true}, true
	case uint16:
		return number{i: int64(n), isInt: true}, true
	case uint32:
		return number{i: int64(n), isInt: true}, true
	case uint64:
		return fromUint(n), true
	case float32:
		return fromFloat(float64(n)), true
	case float64:
		return fromFloat(n), true
	case json.Number:
		if i, err := strconv.ParseInt(string(n), 10, 64); err == nil {
			return number{i: i, isInt: true}, true
		}
		if f, err := strconv.ParseFloat(string(n), 64); err == nil {
			return fromFloat(f), true
		}
	}
	return number{}, false
}

func fromUint(u uint64) number {
	if u > math.MaxInt64 {
		return number{f: float64(u)}
	}
	return number{i: int64(u), isInt: true}
}

// fromFloat keeps integral floats exact as integers, so that a float64 from
// encoding/json compares exactly with an integer literal.
func fromFloat(f float64) number {
	if f >= -(1<<63) && f < 1<<63 && f == math.Trunc(f) {
		return number{i: int64(f), isInt: true}
	}
	return number{f: f}
}

// listLen returns the length of a list value; ok is false for a non-list.
func listLen(v any) (n int, ok bool) {
	switch l := v.(type) {
	case []any:
		return len(l), true
	case []string:
		return len(l), true
	case []bool:
		return len(l), true
	case []int:
		return len(l), true
	case []int64:
		return len(l), true
	case []float64:
		return len(l), true
	case []Money:
		return len(l), true
	}
	return 0, false
}

// listContains reports whether the list value v has an element equal to
// the literal.
func listContains(v any, lit *literal) bool {
	switch l := v.(type) {
	case []any:
		for _, e := range l {
			if c, ok := dynCmp(e, lit); ok && c == 0 {
				return true
			}
		}
	case []string:
		if lit.kind == litString {
			for _, e := range l {
				if e == lit.str {
					return true
				}
			}
		}
	case []bool:
		if lit.kind == litBool {
			for _, e := range l {
				if e == lit.b {
					return true
				}
			}
		}
	case []int:
		if lit.kind == litNumber {
			for _, e := range l {
				if c, _ := cmpNumber(number{i: int64(e), isInt: true}, lit.num); c == 0 {
					return true
				}
			}
		}
	case []int64:
		if lit.kind == litNumber {
			for _, e := range l {
				if c, _ := cmpNumber(number{i: e, isInt: true}, lit.num); c == 0 {
					return true
				}
			}
		}
	case []float64:
		if lit.kind == litNumber {
			for _, e := range l {
				if c, ok := cmpNumber(fromFloat(e), lit.num); ok && c == 0 {
					return true
				}
			}
		}
	case []Money:
		if lit.isMoney {
			for _, e := range l {
				if c, ok := cmpMoney(e, lit.money); ok && c == 0 {
					return true
				}
			}
		}
	}
	return false
}
