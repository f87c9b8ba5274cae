package predicate

import "fmt"

// Limits on the predicates accepted by Parse.
const (
	// MaxLength is the maximum length of a predicate, in bytes.
	MaxLength = 4096
	// MaxNodes is the maximum number of nodes of a predicate. Each of these
	// counts as one node: a condition (an identifier with its operator), a
	// literal value (each element of a list counts), a line-item function
	// call, a constant true or false predicate and each of the keywords and,
	// or and not.
	MaxNodes = 256
	// MaxDepth is the maximum nesting of a predicate: each parenthesised
	// group, each not and each line-item function call opens one level
	// (value lists do not).
	MaxDepth = 32
)

// Error is a syntax error, a type error, an unknown identifier or a
// predicate over the limits. Pos is the byte offset (from 0) in the
// predicate where the problem was found; Msg says what was expected and what
// was found instead.
type Error struct {
	Pos int
	Msg string
}

// Error formats the error as `predicate: at <Pos>: <Msg>`.
func (e *Error) Error() string {
	return fmt.Sprintf("predicate: at %d: %s", e.Pos, e.Msg)
}
