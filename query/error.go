package query

import "fmt"

// Limits on the predicates accepted by Parse.
const (
	// MaxLength is the maximum length of a predicate, in bytes.
	MaxLength = 10000
	// MaxNodes is the maximum number of nodes of a predicate: field
	// conditions, values and the keywords and, or and not. A variable
	// counts as one node, however many values it has.
	MaxNodes = 256
	// MaxDepth is the maximum nesting of parentheses (groups, not(...) and
	// nested fields; value lists do not count).
	MaxDepth = 32
)

// Error is a syntax error, an unknown variable, or a predicate over the
// limits. Pos is the byte offset (from 0) in the predicate where the problem
// was found; Msg says what was expected and what was found instead.
type Error struct {
	Pos int
	Msg string
}

// Error formats the error as `where: at <Pos>: <Msg>`.
func (e *Error) Error() string {
	return fmt.Sprintf("where: at %d: %s", e.Pos, e.Msg)
}
