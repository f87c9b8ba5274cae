package query

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/procura/procura/internal/scan"
)

// businessUnit is a realistic business-unit resource.
const businessUnit = `{"id":"u1","key":"acme-eng","name":"ACME Engineering","status":"Active","unitType":"Division","version":3,
"parentUnit":{"typeId":"business-unit","key":"acme"},"topLevelUnit":{"typeId":"business-unit","key":"acme"},"stores":[],
"associates":[{"customer":{"typeId":"customer","id":"c1"},"associateRoleAssignments":[{"associateRole":{"typeId":"associate-role","key":"buyer"},"inheritance":"Enabled"}]}],
"permissions":["CreateMyCarts","ViewMyOrders"],"createdAt":"2026-05-01T10:00:00.000Z"}`

// other has the kinds of values the business unit lacks: booleans, nulls,
// number arrays, mixed arrays, escapes and LocalizedString keys.
const other = `{"id":"c1","isEmailVerified":true,"note":"say \"hi\" \\ bye","name":{"en-US":"Shirt","de":"Hemd"},
"amounts":[10,20.5,30],"middleName":null,"tags":["a",1,true],"lastName":"M\u00fcller","nested":[[1,2],[3]]}`

func decode(t testing.TB, src string, useNumber bool) map[string]any {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(src))
	if useNumber {
		d.UseNumber()
	}
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

type matchCase struct {
	src  string
	vars map[string][]string
	want bool
	doc  string // "" for businessUnit
}

func vars(kv ...string) map[string][]string {
	m := map[string][]string{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = append(m[kv[i]], kv[i+1])
	}
	return m
}

var matchCases = []matchCase{
	// = and != on scalars.
	{src: `key = "acme-eng"`, want: true},
	{src: `key = "acme"`, want: false},
	{src: `key="acme-eng"`, want: true},
	{src: `version = 3`, want: true},
	{src: `version = 4`, want: false},
	{src: `version = 3.0`, want: true},
	{src: `version = 2.5`, want: false},
	{src: `version != 4`, want: true},
	{src: `version != 3`, want: false},
	{src: `version <> 4`, want: true},
	{src: `version <> 3`, want: false},
	{src: `status != "Inactive"`, want: true},
	{src: `status != "Active"`, want: false},
	// Ordering: numbers and strings.
	{src: `version < 4`, want: true},
	{src: `version < 3`, want: false},
	{src: `version <= 3`, want: true},
	{src: `version <= 2`, want: false},
	{src: `version > 2`, want: true},
	{src: `version > 3`, want: false},
	{src: `version >= 3`, want: true},
	{src: `version >= 4`, want: false},
	{src: `version > -1`, want: true},
	{src: `version < -1.5`, want: false},
	{src: `createdAt > "2026-01-01T00:00:00.000Z"`, want: true},
	{src: `createdAt < "2026-01-01T00:00:00.000Z"`, want: false},
	{src: `createdAt >= "2026-05-01T10:00:00.000Z"`, want: true},
	{src: `createdAt <= "2026-05-01T09:59:59.999Z"`, want: false},
	{src: `name >= "ACME"`, want: true},
	{src: `name < "ACME"`, want: false},
	// Nested objects and arrays of objects.
	{src: `parentUnit(key="acme")`, want: true},
	{src: `parentUnit(key="other")`, want: false},
	{src: `topLevelUnit(key = "acme" and typeId = "business-unit")`, want: true},
	{src: `topLevelUnit(key = "acme" and typeId = "customer")`, want: false},
	{src: `associates(customer(id="c1"))`, want: true},
	{src: `associates(customer(id="c2"))`, want: false},
	{src: `associates(customer(id != "c9"))`, want: true},
	{src: `associates(customer(id != "c1"))`, want: false},
	{src: `associates(associateRoleAssignments(associateRole(key="buyer") and inheritance="Enabled"))`, want: true},
	{src: `associates(associateRoleAssignments(associateRole(key="buyer") and inheritance="Disabled"))`, want: false},
	{src: `key(id = "x")`, want: false},
	{src: `parentUnit = "acme"`, want: false},
	{src: `parentUnit != "acme"`, want: false},
	// Arrays of scalars.
	{src: `permissions = "ViewMyOrders"`, want: true},
	{src: `permissions = "UpdateAssociates"`, want: false},
	{src: `permissions != "UpdateAssociates"`, want: true},
	{src: `permissions != "ViewMyOrders"`, want: false},
	{src: `stores != "s1"`, want: true},
	{src: `permissions > "D"`, want: true},
	{src: `permissions < "C"`, want: false},
	// in / not in.
	{src: `status in ("Active", "Inactive")`, want: true},
	{src: `status in ("Inactive")`, want: false},
	{src: `status not in ("Inactive")`, want: true},
	{src: `status not in ("Active", "Inactive")`, want: false},
	{src: `version in (1, 2, 3)`, want: true},
	{src: `version in (1, 2)`, want: false},
	{src: `version not in (1, 2)`, want: true},
	{src: `version not in (3)`, want: false},
	{src: `status not in ("Inactive", 3)`, want: true},
	{src: `status not in (1, 2)`, want: false},
	{src: `permissions in ("A", "CreateMyCarts")`, want: true},
	{src: `permissions in ("A")`, want: false},
	{src: `permissions not in ("A", "B")`, want: true},
	{src: `permissions not in ("CreateMyCarts")`, want: false},
	// contains.
	{src: `permissions contains "CreateMyCarts"`, want: true},
	{src: `permissions contains "X"`, want: false},
	{src: `permissions contains any ("X", "ViewMyOrders")`, want: true},
	{src: `permissions contains any ("X", "Y")`, want: false},
	{src: `permissions contains all ("CreateMyCarts", "ViewMyOrders")`, want: true},
	{src: `permissions contains all ("CreateMyCarts", "X")`, want: false},
	{src: `key contains "acme-eng"`, want: false},
	// is empty / is defined.
	{src: `stores is empty`, want: true},
	{src: `permissions is empty`, want: false},
	{src: `permissions is not empty`, want: true},
	{src: `stores is not empty`, want: false},
	{src: `key is empty`, want: false},
	{src: `key is defined`, want: true},
	{src: `custom is defined`, want: false},
	{src: `custom is not defined`, want: true},
	{src: `key is not defined`, want: false},
	// and / or / not, precedence and grouping.
	{src: `status = "Active" and version = 3`, want: true},
	{src: `status = "Active" and version = 4`, want: false},
	{src: `status = "X" or version = 3`, want: true},
	{src: `status = "X" or version = 4`, want: false},
	{src: `not(status = "X")`, want: true},
	{src: `not (status = "Active")`, want: false},
	{src: `not(not(status = "Active"))`, want: true},
	{src: `status = "X" and version = 3 or key = "acme-eng"`, want: true},
	{src: `key = "acme-eng" or status = "X" and version = 4`, want: true},
	{src: `(key = "acme-eng" or status = "X") and version = 4`, want: false},
	{src: `status = "X" and (version = 3 or key = "acme-eng")`, want: false},
	{src: `((version = 3))`, want: true},
	{src: `parentUnit(key = "x" or key = "acme") and not(stores is not empty)`, want: true},
	// Keywords are case-insensitive.
	{src: `status = "Active" AND version = 3`, want: true},
	{src: `status = "X" Or version = 4`, want: false},
	{src: `NOT(status = "X")`, want: true},
	{src: `status IN ("Active")`, want: true},
	{src: `status NOT In ("Active")`, want: false},
	{src: `permissions CONTAINS ANY ("ViewMyOrders")`, want: true},
	{src: `permissions Contains All ("ViewMyOrders", "X")`, want: false},
	{src: `stores IS EMPTY`, want: true},
	{src: `key Is Not Defined`, want: false},
	// White space.
	{src: "  version\n=\t3  ", want: true},
	{src: "parentUnit ( key = \"acme\" ) and\r\nversion>=3", want: true},
	// Missing fields behave like SQL NULL.
	{src: `custom = "x"`, want: false},
	{src: `custom != "x"`, want: false},
	{src: `custom < 3`, want: false},
	{src: `custom in ("x")`, want: false},
	{src: `custom not in ("x")`, want: false},
	{src: `custom contains "x"`, want: false},
	{src: `custom is empty`, want: false},
	{src: `custom is not empty`, want: false},
	{src: `custom(type(key = "x"))`, want: false},
	{src: `not(custom = "x")`, want: true},
	// Mismatched types are false whatever the operator.
	{src: `version = "3"`, want: false},
	{src: `version != "3"`, want: false},
	{src: `key = 3`, want: false},
	{src: `key != 3`, want: false},
	{src: `key > 3`, want: false},
	{src: `status = true`, want: false},
	{src: `status != false`, want: false},
	// Input variables.
	{src: `version = :v`, vars: vars("v", "3"), want: true},
	{src: `version = :v`, vars: vars("v", "4"), want: false},
	{src: `version > :v`, vars: vars("v", "2.5"), want: true},
	{src: `key = :v`, vars: vars("v", "acme-eng"), want: true},
	{src: `key = :v`, vars: vars("v", "3"), want: false},
	{src: `createdAt > :since`, vars: vars("since", "2026-01-01T00:00:00.000Z"), want: true},
	{src: `status in :s`, vars: vars("s", "Active", "s", "Inactive"), want: true},
	{src: `key in :s`, vars: vars("s", "Active", "s", "Inactive"), want: false},
	{src: `status not in :s`, vars: vars("s", "Inactive", "s", "Archived"), want: true},
	{src: `version in (:a, 5)`, vars: vars("a", "3"), want: true},
	{src: `key in ("x", :s)`, vars: vars("s", "y", "s", "acme-eng"), want: true},
	{src: `permissions contains any :p`, vars: vars("p", "ViewMyOrders", "p", "X"), want: true},
	{src: `permissions contains all :p`, vars: vars("p", "ViewMyOrders", "p", "X"), want: false},
	{src: `parentUnit(key = :k) and status = :st`, vars: vars("k", "acme", "st", "Active"), want: true},
	// The other document: booleans, nulls, number arrays, escapes, localized keys.
	{doc: other, src: `isEmailVerified = true`, want: true},
	{doc: other, src: `isEmailVerified = false`, want: false},
	{doc: other, src: `isEmailVerified != false`, want: true},
	{doc: other, src: `isEmailVerified != true`, want: false},
	{doc: other, src: `isEmailVerified = TRUE`, want: true},
	{doc: other, src: `isEmailVerified > false`, want: false},
	{doc: other, src: `isEmailVerified = :b`, vars: vars("b", "true"), want: true},
	{doc: other, src: `isEmailVerified = :b`, vars: vars("b", "false"), want: false},
	{doc: other, src: `isEmailVerified = "true"`, want: false},
	{doc: other, src: `amounts > 25`, want: true},
	{doc: other, src: `amounts > 30`, want: false},
	{doc: other, src: `amounts = 20.5`, want: true},
	{doc: other, src: `amounts contains 30`, want: true},
	{doc: other, src: `amounts contains all (10, 30)`, want: true},
	{doc: other, src: `amounts contains all (10, 31)`, want: false},
	{doc: other, src: `middleName is defined`, want: false},
	{doc: other, src: `middleName is not defined`, want: true},
	{doc: other, src: `middleName != "x"`, want: false},
	{doc: other, src: `note = "say \"hi\" \\ bye"`, want: true},
	{doc: other, src: `note = "say \"hi\" \\\\ bye"`, want: false},
	{doc: other, src: `lastName = "M\u00fcller"`, want: true},
	{doc: other, src: `lastName = "Müller"`, want: true},
	{doc: other, src: `lastName = "Muller"`, want: false},
	{doc: other, src: `name(en-US = "Shirt")`, want: true},
	{doc: other, src: `name(de = "Shirt")`, want: false},
	{doc: other, src: `tags contains any (1, false)`, want: true},
	{doc: other, src: `tags contains all ("a", true)`, want: true},
	{doc: other, src: `tags != 2`, want: true},
	{doc: other, src: `tags = "1"`, want: false},
	{doc: other, src: `nested = 1`, want: false},
	{doc: other, src: `id = "c1" and isEmailVerified = true and not(middleName is defined)`, want: true},
}

func TestMatch(t *testing.T) {
	for _, useNumber := range []bool{false, true} {
		docs := map[string]map[string]any{
			"":    decode(t, businessUnit, useNumber),
			other: decode(t, other, useNumber),
		}
		for _, c := range matchCases {
			p, err := Parse(c.src, c.vars)
			if err != nil {
				t.Errorf("Parse(%q): %v", c.src, err)
				continue
			}
			if got := p.Match(docs[c.doc]); got != c.want {
				t.Errorf("Parse(%q).Match (UseNumber %v) = %v, want %v", c.src, useNumber, got, c.want)
			}
		}
	}
}

// TestMatchGoValues checks documents built in Go rather than decoded.
func TestMatchGoValues(t *testing.T) {
	doc := map[string]any{"version": 3, "n": int64(7), "f": float32(1.5), "tags": []any{"a"}}
	for _, c := range []struct {
		src  string
		want bool
	}{
		{`version = 3`, true},
		{`n > 6 and n < 8`, true},
		{`f = 1.5`, true},
		{`tags contains "a"`, true},
		{`version = 4`, false},
	} {
		p, err := Parse(c.src, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Match(doc); got != c.want {
			t.Errorf("%q: got %v, want %v", c.src, got, c.want)
		}
	}
	var nilPred *Predicate
	if !nilPred.Match(doc) {
		t.Error("a nil Predicate must match everything")
	}
	p, _ := Parse(`key = "x"`, nil)
	if p.Match(nil) {
		t.Error("a nil document has no fields")
	}
	if p.String() != `key = "x"` {
		t.Errorf("String() = %q", p.String())
	}
}

type errorCase struct {
	src  string
	vars map[string][]string
	pos  int
	msg  string
}

var errorCases = []errorCase{
	{src: ``, pos: 0, msg: `empty predicate`},
	{src: "  \t ", pos: 0, msg: `empty predicate`},
	{src: `key = "acme`, pos: 6, msg: `unterminated string: missing closing '"'`},
	{src: `key = "acme\"`, pos: 6, msg: `unterminated string: missing closing '"'`},
	{src: `key = "a\qb"`, pos: 8, msg: `invalid escape "\q" in string; only \", \\, \/, \b, \f, \n, \r, \t and \uXXXX are allowed`},
	{src: `key = "\u12"`, pos: 7, msg: `invalid escape in string: \u must be followed by 4 hex digits`},
	{src: `key == "x"`, pos: 4, msg: `unknown operator "=="; did you mean "="?`},
	{src: `version => 3`, pos: 8, msg: `unknown operator "=>"; did you mean ">="?`},
	{src: `key ! = "x"`, pos: 4, msg: `unknown operator "!"; use "!=" or not(...)`},
	{src: `key = "x" && version = 3`, pos: 10, msg: `unknown operator "&&"; use "and"`},
	{src: `key = "x" || version = 3`, pos: 10, msg: `unknown operator "||"; use "or"`},
	{src: `key = 'x'`, pos: 6, msg: `unexpected character "'": strings are written in double quotes`},
	{src: `key = $x`, pos: 6, msg: `unexpected character "$"`},
	{src: `key = `, pos: 6, msg: `expected a value after "=", found end of input`},
	{src: `parentUnit(key=)`, pos: 15, msg: `expected a value after "=", found ")"`},
	{src: `key = acme`, pos: 6, msg: `expected a value after "=", found "acme" (strings are written in double quotes)`},
	{src: `key contains`, pos: 12, msg: `expected a value after "contains", found end of input`},
	{src: `version = 1.`, pos: 10, msg: `malformed number "1."`},
	{src: `version = 12abc`, pos: 10, msg: `malformed number "12abc"`},
	{src: `version = 1e5`, pos: 10, msg: `malformed number "1e5"`},
	{src: `version = 1.2.3`, pos: 10, msg: `malformed number "1.2.3"`},
	{src: `(key = "x"`, pos: 0, msg: `unclosed "(": expected ")" before end of input`},
	{src: `parentUnit(key = "x"`, pos: 10, msg: `unclosed "(": expected ")" before end of input`},
	{src: `key = "x")`, pos: 9, msg: `unbalanced ")": no matching "("`},
	{src: `key = "x" and (version = 3 foo)`, pos: 27, msg: `expected "and", "or" or ")" (closing "(" at 14) after number 3, found "foo"`},
	{src: `key = "x" foo`, pos: 10, msg: `expected "and", "or" or end of input after string "x", found "foo"`},
	{src: `key = "x" "y"`, pos: 10, msg: `expected "and", "or" or end of input after string "x", found string "y"`},
	{src: `()`, pos: 1, msg: `expected a predicate inside "(...)", found ")"`},
	{src: `parentUnit()`, pos: 11, msg: `expected a predicate inside "parentUnit(...)", found ")"`},
	{src: `not()`, pos: 4, msg: `expected a predicate inside "not(...)", found ")"`},
	{src: `key = "x" and`, pos: 13, msg: `expected a field name, "(" or "not" after "and", found end of input`},
	{src: `key = "x" or )`, pos: 13, msg: `expected a field name, "(" or "not" after "or", found ")"`},
	{src: `"x" = key`, pos: 0, msg: `expected a field name, found string "x"`},
	{src: `= "x"`, pos: 0, msg: `expected a field name, "(" or "not", found "="`},
	{src: `key "x"`, pos: 4, msg: `expected an operator (=, !=, <, <=, >, >=, in, not in, contains, is) or "(" after field "key", found string "x"`},
	{src: `key`, pos: 3, msg: `expected an operator (=, !=, <, <=, >, >=, in, not in, contains, is) or "(" after field "key", found end of input`},
	{src: `not key = "x"`, pos: 4, msg: `expected "(" after "not", found "key"`},
	{src: `key = "x" or not`, pos: 16, msg: `expected "(" after "not", found end of input`},
	{src: `key not "x"`, pos: 8, msg: `expected "in" after "not", found string "x"`},
	{src: `key in "a"`, pos: 7, msg: `expected a list "(…)" or a variable after "in", found string "a"`},
	{src: `key in ()`, pos: 8, msg: `expected a value after "(", found ")"`},
	{src: `key in ("a",)`, pos: 12, msg: `expected a value after ",", found ")"`},
	{src: `key in ("a" "b")`, pos: 12, msg: `expected "," or ")" after string "a" in the list opened at 7, found string "b"`},
	{src: `key in ("a"`, pos: 7, msg: `unclosed "(": expected ")" to end the list before end of input`},
	{src: `permissions contains any "a"`, pos: 25, msg: `expected a list "(…)" or a variable after "any", found string "a"`},
	{src: `stores is full`, pos: 10, msg: `expected "empty" or "defined" after "is", found "full"`},
	{src: `stores is not`, pos: 13, msg: `expected "empty" or "defined" after "not", found end of input`},
	{src: `parentUnit.key = "x"`, pos: 10, msg: `field paths are written by nesting, not with dots: write parentUnit(key …) instead of parentUnit.key`},
	{src: `a.(b = 1)`, pos: 1, msg: `field paths are written by nesting, not with dots: write a(…)`},
	{src: `version = .5`, pos: 10, msg: `expected a value after "=", found "."`},
	{src: `version = -`, pos: 10, msg: `unexpected character "-"`},
	{src: `version = 1` + strings.Repeat("0", 400), pos: 10, msg: `number 1000000000000000000000000000000000000000… is out of range`},
	{src: `key = :k`, pos: 6, msg: `unknown variable "k": no var.k parameter was given`},
	{src: `key in :k`, vars: vars("x", "1"), pos: 7, msg: `unknown variable "k": no var.k parameter was given`},
	{src: `key = :k`, vars: map[string][]string{"k": {}}, pos: 6, msg: `variable "k" has no value`},
	{src: `key = :v`, vars: vars("v", "a", "v", "b"), pos: 6, msg: `variable "v" has 2 values; a list can only follow "in", "not in", "contains any" or "contains all"`},
	{src: `key = :`, pos: 6, msg: `expected a variable name after ":"`},
	{src: strings.Repeat("a", MaxLength+1), pos: MaxLength, msg: `predicate is 10001 bytes long; at most 10000 are allowed`},
	{src: strings.Repeat("(", MaxDepth+1) + `a = 1` + strings.Repeat(")", MaxDepth+1), pos: MaxDepth, msg: `predicate is nested too deeply: more than 32 levels of parentheses`},
	{src: strings.Repeat("a(", MaxDepth+1) + `b = 1` + strings.Repeat(")", MaxDepth+1), pos: 2*MaxDepth + 1, msg: `predicate is nested too deeply: more than 32 levels of parentheses`},
	// Clause i of "a = 1 and a = 1 and …" starts at 10*i; node 257 is the value of clause 85.
	{src: strings.Repeat(`a = 1 and `, 100) + `a = 1`, pos: 10*85 + 4, msg: `predicate is too complex: more than 256 nodes`},
}

func TestParseErrors(t *testing.T) {
	for _, c := range errorCases {
		_, err := Parse(c.src, c.vars)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("Parse(%q) error = %v, want *Error", scan.Clip(c.src), err)
			continue
		}
		if e.Pos != c.pos || e.Msg != c.msg {
			t.Errorf("Parse(%q)\n got at %d: %s\nwant at %d: %s", scan.Clip(c.src), e.Pos, e.Msg, c.pos, c.msg)
		}
	}
}

// TestKeywordsAsFieldNames checks that field names may be keywords where
// the grammar is unambiguous.
func TestKeywordsAsFieldNames(t *testing.T) {
	doc := map[string]any{"not": "a", "or": 1.0, "in": []any{"x"}, "is": nil}
	for _, c := range []struct {
		src  string
		want bool
	}{
		{`not = "a"`, true},
		{`not in ("a", "b")`, true},
		{`not not in ("a")`, false},
		{`or = 1 or or = 2`, true},
		{`in contains "x"`, true},
		{`is is defined`, false},
		{`not(not = "b")`, true},
	} {
		p, err := Parse(c.src, nil)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.src, err)
			continue
		}
		if got := p.Match(doc); got != c.want {
			t.Errorf("%q: got %v, want %v", c.src, got, c.want)
		}
	}
}

func TestErrorString(t *testing.T) {
	_, err := Parse(`parentUnit(key=)`, nil)
	if got, want := err.Error(), `where: at 15: expected a value after "=", found ")"`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestLimitsAccepted(t *testing.T) {
	ok := []string{
		strings.Repeat("(", MaxDepth) + `a = 1` + strings.Repeat(")", MaxDepth),
		strings.Repeat(`a = 1 and `, 84) + `a = 1`, // 85 clauses: 85*2 + 84 = 254 nodes
		`key = "` + strings.Repeat("x", MaxLength-8) + `"`,
	}
	for _, src := range ok {
		if _, err := Parse(src, nil); err != nil {
			t.Errorf("Parse(%q): %v", scan.Clip(src), err)
		}
	}
}
