// Package scan holds what the two expression languages share when they read their source: the
// character classes, and scanners for numbers, comparison operators and double-quoted strings.
// query (where= predicates) and predicate (approval-rule predicates) build their lexers on it.
// Standard library only.
package scan

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Error is a lexical error at byte offset Pos of the source.
type Error struct {
	Pos int
	Msg string
}

// IsSpace reports whether c is white space.
func IsSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// IsDigit reports whether c is a decimal digit.
func IsDigit(c byte) bool { return '0' <= c && c <= '9' }

// IsIdentStart reports whether c may begin an identifier: a letter or "_".
func IsIdentStart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
}

// IsIdentChar reports whether c may continue an identifier: a letter, a digit, "_" or "-".
func IsIdentChar(c byte) bool { return IsIdentStart(c) || IsDigit(c) || c == '-' }

// IsOpChar reports whether c belongs to a comparison operator.
func IsOpChar(c byte) bool { return c == '=' || c == '!' || c == '<' || c == '>' }

// SkipSpace returns the index of the first byte at or after i that is not white space.
func SkipSpace(s string, i int) int {
	for i < len(s) && IsSpace(s[i]) {
		i++
	}
	return i
}

// NumberEnd returns the end of the number literal starting at i, or -1 if there is none: an
// optional minus, digits, and optionally a dot followed by digits.
func NumberEnd(s string, i int) int {
	if i < len(s) && s[i] == '-' {
		i++
	}
	d := i
	for i < len(s) && IsDigit(s[i]) {
		i++
	}
	if i == d {
		return -1
	}
	if i < len(s) && s[i] == '.' {
		f := i + 1
		j := f
		for j < len(s) && IsDigit(s[j]) {
			j++
		}
		if j == f {
			return -1
		}
		i = j
	}
	return i
}

// Number returns the end of the number literal at s[start], which must not run on into an
// identifier or another dot ("12abc", "1.2.3" and "1." are malformed).
func Number(s string, start int) (int, *Error) {
	end := NumberEnd(s, start)
	if end < 0 || end < len(s) && (IsIdentChar(s[end]) || s[end] == '.') {
		stop := start + 1
		for stop < len(s) && (IsIdentChar(s[stop]) || s[stop] == '.') {
			stop++
		}
		return 0, &Error{Pos: start, Msg: fmt.Sprintf("malformed number %q", Clip(s[start:stop]))}
	}
	return end, nil
}

// Operator returns the end of the comparison operator at s[start] and the operator ("<>" is
// given as "!="). An unknown one is an error that suggests the operator meant; a lone "!" is
// answered with notHint, the language's way of negating.
func Operator(s string, start int, notHint string) (int, string, *Error) {
	end := start
	for end < len(s) && IsOpChar(s[end]) {
		end++
	}
	op := s[start:end]
	switch op {
	case "=", "!=", "<", "<=", ">", ">=":
		return end, op, nil
	case "<>":
		return end, "!=", nil
	}
	msg := fmt.Sprintf("unknown operator %q", Clip(op))
	switch op {
	case "==":
		msg += `; did you mean "="?`
	case "=<":
		msg += `; did you mean "<="?`
	case "=>":
		msg += `; did you mean ">="?`
	case "!":
		msg += "; use " + notHint
	}
	return 0, "", &Error{Pos: start, Msg: msg}
}

// Unescape decodes the escape sequence at s[i], a backslash with at least one byte after it,
// into b, and returns the index after the sequence.
type Unescape func(s string, i int, b *strings.Builder) (int, *Error)

// String scans the double-quoted string at s[start] and returns the index after its closing
// quote and its text, escapes decoded by unescape.
func String(s string, start int, unescape Unescape) (int, string, *Error) {
	unterminated := &Error{Pos: start, Msg: `unterminated string: missing closing '"'`}
	i := start + 1
	var b *strings.Builder // only allocated when the string has escapes
	lit := i               // start of the pending run of literal bytes
	for {
		if i >= len(s) {
			return 0, "", unterminated
		}
		if s[i] == '"' {
			break
		}
		if s[i] != '\\' {
			i++
			continue
		}
		if i+1 >= len(s) {
			return 0, "", unterminated
		}
		if b == nil {
			b = new(strings.Builder)
		}
		b.WriteString(s[lit:i])
		next, err := unescape(s, i, b)
		if err != nil {
			return 0, "", err
		}
		i, lit = next, next
	}
	if b == nil {
		return i + 1, s[start+1 : i], nil
	}
	b.WriteString(s[lit:i])
	return i + 1, b.String(), nil
}

// BadEscape is the error for the escape at s[i] that a language does not allow; allowed lists
// the ones it does.
func BadEscape(s string, i int, allowed string) *Error {
	r, _ := utf8.DecodeRuneInString(s[i+1:])
	return &Error{Pos: i, Msg: fmt.Sprintf(`invalid escape "\%c" in string; only %s are allowed`, r, allowed)}
}

// Clip shortens s for an error message.
func Clip(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	i := max
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

// Logical is the error for "&&", "||" and the like at s[start]: the languages spell them "and"
// and "or".
func Logical(s string, start int) *Error {
	c, end := s[start], start
	for end < len(s) && s[end] == c {
		end++
	}
	word := "and"
	if c == '|' {
		word = "or"
	}
	return &Error{Pos: start, Msg: fmt.Sprintf("unknown operator %q; use %q", s[start:end], word)}
}

// Unexpected is the error for a character at s[start] that begins no token.
func Unexpected(s string, start int) *Error {
	if s[start] == '\'' {
		return &Error{Pos: start, Msg: `unexpected character "'": strings are written in double quotes`}
	}
	r, _ := utf8.DecodeRuneInString(s[start:])
	return &Error{Pos: start, Msg: fmt.Sprintf("unexpected character %q", string(r))}
}
