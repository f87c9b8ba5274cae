package predicate

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

type tokKind uint8

const (
	tokEOF    tokKind = iota
	tokIdent          // identifier (possibly dotted), keyword or function name
	tokString         // "..."; str holds the decoded text
	tokNumber         // num holds the value
	tokOp             // comparison operator; str holds it ("<>" is normalised to "!=")
	tokLParen
	tokRParen
	tokComma
)

type token struct {
	kind tokKind
	pos  int    // byte offset of the token in the source
	text string // the token's source text
	str  string
	num  number
}

// number is a numeric literal or value: an integer when isInt, else f.
type number struct {
	i     int64
	f     float64
	isInt bool
}

func (n number) float() float64 {
	if n.isInt {
		return float64(n.i)
	}
	return n.f
}

// lexer turns the source into tokens on demand, so that a syntax error is
// reported before any lexical error further on in the text.
type lexer struct {
	src string
	pos int
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isIdentStart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
}

func isIdentChar(c byte) bool { return isIdentStart(c) || isDigit(c) || c == '-' }

func isOpChar(c byte) bool { return c == '=' || c == '!' || c == '<' || c == '>' }

// next returns the next token, or an *Error for malformed input.
func (l *lexer) next() (token, *Error) {
	for l.pos < len(l.src) && isSpace(l.src[l.pos]) {
		l.pos++
	}
	start := l.pos
	if start >= len(l.src) {
		return token{kind: tokEOF, pos: start}, nil
	}
	c := l.src[start]
	simple := func(k tokKind) (token, *Error) {
		l.pos++
		return token{kind: k, pos: start, text: l.src[start:l.pos]}, nil
	}
	switch {
	case c == '(':
		return simple(tokLParen)
	case c == ')':
		return simple(tokRParen)
	case c == ',':
		return simple(tokComma)
	case c == '"':
		return l.lexString()
	case isDigit(c) || c == '-' && start+1 < len(l.src) && isDigit(l.src[start+1]):
		return l.lexNumber()
	case isIdentStart(c):
		return l.lexIdent()
	case isOpChar(c):
		return l.lexOp()
	case c == '&' || c == '|':
		end := start
		for end < len(l.src) && l.src[end] == c {
			end++
		}
		word := "and"
		if c == '|' {
			word = "or"
		}
		return token{}, &Error{Pos: start, Msg: fmt.Sprintf("unknown operator %q; use %q", l.src[start:end], word)}
	case c == '\'':
		return token{}, &Error{Pos: start, Msg: `unexpected character "'": strings are written in double quotes`}
	case c == '.':
		return token{}, &Error{Pos: start, Msg: `unexpected ".": expected an identifier before it (numbers need a digit before the dot)`}
	}
	r, _ := utf8.DecodeRuneInString(l.src[start:])
	return token{}, &Error{Pos: start, Msg: fmt.Sprintf("unexpected character %q", string(r))}
}

// lexIdent scans a dotted identifier: segments of letters, digits, "_" and
// "-" separated by single dots, the first starting with a letter or "_".
func (l *lexer) lexIdent() (token, *Error) {
	start := l.pos
	i := start + 1
	for {
		for i < len(l.src) && isIdentChar(l.src[i]) {
			i++
		}
		if i >= len(l.src) || l.src[i] != '.' {
			break
		}
		if i+1 >= len(l.src) || !isIdentChar(l.src[i+1]) {
			l.pos = i
			found := "end of input"
			if i+1 < len(l.src) {
				r, _ := utf8.DecodeRuneInString(l.src[i+1:])
				found = strconv.Quote(string(r))
			}
			return token{}, &Error{Pos: i + 1, Msg: fmt.Sprintf("expected a field name after %q, found %s", clip(l.src[start:i+1]), found)}
		}
		i++
	}
	l.pos = i
	return token{kind: tokIdent, pos: start, text: l.src[start:i]}, nil
}

// scanNumber returns the end of the number literal starting at i, or -1 if
// there is none: an optional minus, digits, and optionally a dot followed by
// digits.
func scanNumber(s string, i int) int {
	if i < len(s) && s[i] == '-' {
		i++
	}
	d := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i == d {
		return -1
	}
	if i < len(s) && s[i] == '.' {
		f := i + 1
		j := f
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j == f {
			return -1
		}
		i = j
	}
	return i
}

func (l *lexer) lexNumber() (token, *Error) {
	start := l.pos
	end := scanNumber(l.src, start)
	if end < 0 || end < len(l.src) && (isIdentChar(l.src[end]) || l.src[end] == '.') {
		stop := start + 1
		for stop < len(l.src) && (isIdentChar(l.src[stop]) || l.src[stop] == '.') {
			stop++
		}
		return token{}, &Error{Pos: start, Msg: fmt.Sprintf("malformed number %q", clip(l.src[start:stop]))}
	}
	text := l.src[start:end]
	var n number
	if !strings.Contains(text, ".") {
		if i, err := strconv.ParseInt(text, 10, 64); err == nil {
			n = number{i: i, isInt: true}
		}
	}
	if !n.isInt {
		f, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return token{}, &Error{Pos: start, Msg: fmt.Sprintf("number %s is out of range", clip(text))}
		}
		if f >= -(1<<63) && f < 1<<63 && f == math.Trunc(f) {
			n = number{i: int64(f), isInt: true}
		} else {
			n = number{f: f}
		}
	}
	l.pos = end
	return token{kind: tokNumber, pos: start, text: text, num: n}, nil
}

func (l *lexer) lexOp() (token, *Error) {
	start := l.pos
	end := start
	for end < len(l.src) && isOpChar(l.src[end]) {
		end++
	}
	op := l.src[start:end]
	switch op {
	case "=", "!=", "<", "<=", ">", ">=":
	case "<>":
		op = "!="
	default:
		msg := fmt.Sprintf("unknown operator %q", clip(op))
		switch op {
		case "==":
			msg += `; did you mean "="?`
		case "=<":
			msg += `; did you mean "<="?`
		case "=>":
			msg += `; did you mean ">="?`
		case "!":
			msg += `; use "!=" or "not"`
		}
		return token{}, &Error{Pos: start, Msg: msg}
	}
	l.pos = end
	return token{kind: tokOp, pos: start, text: l.src[start:end], str: op}, nil
}

// lexString scans a double-quoted string; the only escapes are \" and \\.
func (l *lexer) lexString() (token, *Error) {
	start := l.pos
	i := start + 1
	var b *strings.Builder // only allocated when the string has escapes
	lit := i               // start of the pending run of literal bytes
	for {
		if i >= len(l.src) {
			return token{}, &Error{Pos: start, Msg: `unterminated string: missing closing '"'`}
		}
		c := l.src[i]
		if c == '"' {
			break
		}
		if c != '\\' {
			i++
			continue
		}
		if i+1 >= len(l.src) {
			return token{}, &Error{Pos: start, Msg: `unterminated string: missing closing '"'`}
		}
		e := l.src[i+1]
		if e != '"' && e != '\\' {
			r, _ := utf8.DecodeRuneInString(l.src[i+1:])
			return token{}, &Error{Pos: i, Msg: fmt.Sprintf(`invalid escape "\%c" in string; only \" and \\ are allowed`, r)}
		}
		if b == nil {
			b = new(strings.Builder)
		}
		b.WriteString(l.src[lit:i])
		b.WriteByte(e)
		i += 2
		lit = i
	}
	l.pos = i + 1
	t := token{kind: tokString, pos: start, text: l.src[start:l.pos]}
	if b == nil {
		t.str = l.src[start+1 : i]
	} else {
		b.WriteString(l.src[lit:i])
		t.str = b.String()
	}
	return t, nil
}

// clip shortens s for use in an error message.
func clip(s string) string {
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

// describe names a token for an error message: `end of input`, `")"`,
// `string "abc"`, `number 3`.
func describe(t token) string {
	switch t.kind {
	case tokEOF:
		return "end of input"
	case tokString:
		return "string " + clip(t.text)
	case tokNumber:
		return "number " + clip(t.text)
	}
	return strconv.Quote(clip(t.text))
}
