package query

import (
	"cmp"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/procura/procura/internal/scan"
)

// A value is a literal of the predicate. Literals have one type; input
// variables are untyped text and may have several (see varValue).
type value struct {
	kinds valueKind
	str   string
	num   float64
	b     bool
}

type valueKind uint8

const (
	kindString valueKind = 1 << iota
	kindNumber
	kindBool
)

// varValue makes the value of an input variable: always a string, and also a
// number if the text is a number literal, or a boolean if it is true or false.
func varValue(s string) value {
	v := value{kinds: kindString, str: s}
	if s != "" && scan.NumberEnd(s, 0) == len(s) {
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			v.kinds |= kindNumber
			v.num = f
		}
	}
	switch s {
	case "true":
		v.kinds |= kindBool
		v.b = true
	case "false":
		v.kinds |= kindBool
	}
	return v
}

// number converts a decoded JSON number to float64.
func number(x any) (float64, bool) {
	switch n := x.(type) {
	case float64:
		return n, true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case int32:
		return float64(n), true
	case uint:
		return float64(n), true
	case uint64:
		return float64(n), true
	case uint32:
		return float64(n), true
	case float32:
		return float64(n), true
	}
	return 0, false
}

// equal compares a scalar from the document with a value. ok is false when
// the two are not of the same type (including x being nil, an object or an
// array), in which case eq is meaningless.
func equal(x any, v *value) (eq, ok bool) {
	switch s := x.(type) {
	case string:
		return v.kinds&kindString != 0 && s == v.str, v.kinds&kindString != 0
	case bool:
		return v.kinds&kindBool != 0 && s == v.b, v.kinds&kindBool != 0
	}
	if v.kinds&kindNumber == 0 {
		return false, false
	}
	f, ok := number(x)
	return ok && f == v.num, ok
}

// order compares a scalar from the document with a value for <, <=, > and >=.
// ok is false unless both are strings or both are numbers.
func order(x any, v *value) (c int, ok bool) {
	switch s := x.(type) {
	case string:
		if v.kinds&kindString == 0 {
			return 0, false
		}
		return strings.Compare(s, v.str), true
	case bool, nil:
		return 0, false
	}
	if v.kinds&kindNumber == 0 {
		return 0, false
	}
	f, ok := number(x)
	if !ok {
		return 0, false
	}
	return cmp.Compare(f, v.num), true
}

// inList reports whether x equals one of vals, and whether it has the type of
// at least one of them.
func inList(x any, vals []value) (found, comparable bool) {
	for i := range vals {
		eq, ok := equal(x, &vals[i])
		if eq {
			return true, true
		}
		comparable = comparable || ok
	}
	return false, comparable
}

// node is a compiled predicate, evaluated against one JSON object.
type node interface {
	match(obj map[string]any) bool
}

type andNode []node

func (n andNode) match(obj map[string]any) bool {
	for _, k := range n {
		if !k.match(obj) {
			return false
		}
	}
	return true
}

type orNode []node

func (n orNode) match(obj map[string]any) bool {
	for _, k := range n {
		if k.match(obj) {
			return true
		}
	}
	return false
}

type notNode struct{ n node }

func (n notNode) match(obj map[string]any) bool { return !n.n.match(obj) }

// fieldNode looks a field up and applies a test to its value (nil when the
// field is missing or null).
type fieldNode struct {
	name string
	test test
}

func (n *fieldNode) match(obj map[string]any) bool { return n.test.test(obj[n.name]) }

type test interface {
	test(x any) bool
}

// nestedTest: field(predicate).
type nestedTest struct{ sub node }

func (t nestedTest) test(x any) bool {
	switch x := x.(type) {
	case map[string]any:
		return t.sub.match(x)
	case []any:
		for _, e := range x {
			if t.test(e) {
				return true
			}
		}
	}
	return false
}

// inTest: field in (...), field not in (...), and also = (in with one value)
// and != (not in with one value).
type inTest struct {
	vals   []value
	negate bool
}

func (t *inTest) test(x any) bool {
	if arr, ok := x.([]any); ok {
		for _, e := range arr {
			if found, _ := inList(e, t.vals); found {
				return !t.negate
			}
		}
		return t.negate
	}
	found, comparable := inList(x, t.vals)
	if t.negate {
		return comparable && !found
	}
	return found
}

type cmpOp uint8

const (
	opLt cmpOp = iota
	opLe
	opGt
	opGe
)

// orderTest: field < value, <=, >, >=.
type orderTest struct {
	op  cmpOp
	val value
}

func (t *orderTest) test(x any) bool {
	if arr, ok := x.([]any); ok {
		for _, e := range arr {
			if t.scalar(e) {
				return true
			}
		}
		return false
	}
	return t.scalar(x)
}

func (t *orderTest) scalar(x any) bool {
	c, ok := order(x, &t.val)
	if !ok {
		return false
	}
	switch t.op {
	case opLt:
		return c < 0
	case opLe:
		return c <= 0
	case opGt:
		return c > 0
	default:
		return c >= 0
	}
}

// containsTest: field contains x, contains any (...), contains all (...).
type containsTest struct {
	vals []value
	all  bool
}

func (t *containsTest) test(x any) bool {
	arr, ok := x.([]any)
	if !ok {
		return false
	}
	if !t.all {
		for _, e := range arr {
			if found, _ := inList(e, t.vals); found {
				return true
			}
		}
		return false
	}
	for i := range t.vals {
		found := false
		for _, e := range arr {
			if eq, _ := equal(e, &t.vals[i]); eq {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// emptyTest: field is empty, field is not empty.
type emptyTest struct{ empty bool }

func (t emptyTest) test(x any) bool {
	arr, ok := x.([]any)
	return ok && (len(arr) == 0) == t.empty
}

// definedTest: field is defined, field is not defined.
type definedTest struct{ defined bool }

func (t definedTest) test(x any) bool { return (x != nil) == t.defined }
