// Package query parses and evaluates commercetools-compatible query
// predicates: the expressions accepted by the where= parameter of GET
// collection endpoints.
//
// A predicate is parsed once with [Parse] into a compiled [Predicate] and then
// evaluated with [Predicate.Match] against any number of resources, each given
// as the map[string]any that encoding/json produces (numbers as float64 or,
// with Decoder.UseNumber, as json.Number).
//
// # Grammar
//
//	predicate  = or EOF
//	or         = and { "or" and }
//	and        = unary { "and" unary }
//	unary      = "not" "(" or ")"
//	           | "(" or ")"
//	           | condition
//	condition  = field "(" or ")"                       nested object / some array element
//	           | field cmpop value
//	           | field [ "not" ] "in" list
//	           | field "contains" value
//	           | field "contains" ( "any" | "all" ) list
//	           | field "is" [ "not" ] ( "empty" | "defined" )
//	cmpop      = "=" | "!=" | "<>" | "<" | "<=" | ">" | ">="
//	list       = "(" value { "," value } ")" | variable
//	value      = string | number | "true" | "false" | variable
//	field      = ( letter | "_" ) { letter | digit | "_" | "-" }
//	variable   = ":" field
//	string     = `"` { char | `\"` | `\\` | `\/` | `\b` | `\f` | `\n` | `\r` | `\t` | `\uXXXX` } `"`
//	number     = [ "-" ] digit { digit } [ "." digit { digit } ]
//
// Keywords (and, or, not, in, contains, any, all, is, empty, defined, true,
// false) are case-insensitive; field names are case-sensitive. Tokens may be
// separated by any amount of white space. "and" binds tighter than "or".
// Field paths are written by nesting, masterData(current(name(en = "x"))),
// never with dots. A hyphen is allowed inside a field name so that
// LocalizedString keys such as en-US can be addressed: name(en-US = "x").
//
// # Input variables
//
// A value written as :name refers to an input variable, given to [Parse] in
// vars (bound by var.name= URL parameters). A variable with a single value can
// be used wherever a value is expected; a variable with several values is a
// list and can only be used after in, not in, contains any and contains all
// (or inside a parenthesised list, where its values are spliced in). Variable
// values are untyped text: a value that is also a valid number literal
// compares equal to numeric fields, and "true" or "false" to boolean fields,
// so version = :v with var.v=3 matches a version of 3. Quoted string literals
// in the predicate itself are never coerced to numbers.
//
// # Semantics
//
// Comparisons are typed: numbers compare with numbers, strings with strings
// (byte-wise lexicographically, which orders ISO-8601 timestamps correctly),
// booleans with booleans (= and != only). Comparing values of different types
// is false, whatever the operator.
//
// Missing fields behave like SQL NULL: every condition on a field that is
// absent or null is false, including !=, not in and is not empty. The only
// conditions that hold for such a field are "is not defined" and predicates
// wrapped in not(...), so not(status = "Active") does match a resource without
// a status.
//
// When a field holds an array:
//   - field(...) holds if some element is an object that satisfies the
//     nested predicate;
//   - =, <, <=, >, >= and in hold if some element satisfies them;
//   - != and not in hold if no element is equal to the value(s) (an empty
//     array satisfies them);
//   - contains x and contains any (...) hold if some element equals x / one
//     of the values; contains all (...) holds if every value equals some
//     element; on a field that is not an array they are false;
//   - is empty / is not empty test the array's length and are false on a
//     field that is not an array.
//
// On a scalar field, != and not in hold when the field has the type of (at
// least one of) the values and is equal to none of them.
//
// # Limits
//
// A predicate may be at most [MaxLength] bytes long, contain at most
// [MaxNodes] nodes (field conditions, values and the keywords and, or, not)
// and nest parentheses at most [MaxDepth] levels deep. Predicates over these
// limits are rejected with an [*Error], like any syntax error.
package query
