package query

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

type tokKind uint8

const (
	tokEOF    tokKind = iota
	tokIdent          // field name or keyword
	tokString         // "..."; str holds the decoded text
	tokNumber         // num holds the value
	tokVar            // :name; str holds the name
	tokOp             // comparison operator; str holds it ("<>" is normalised to "!=")
	tokLParen
	tokRParen
	tokComma
	tokDot
)

type token struct {
	kind tokKind
	pos  int    // byte offset of the token in the source
	text string // the token's source text
	str  string
	num  float64
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
	case c == '.':
		return simple(tokDot)
	case c == '"':
		return l.lexString()
	case isDigit(c) || c == '-' && start+1 < len(l.src) && isDigit(l.src[start+1]):
		return l.lexNumber()
	case isIdentStart(c):
		l.pos = scanIdent(l.src, start)
		return token{kind: tokIdent, pos: start, text: l.src[start:l.pos]}, nil
	case c == ':':
		end := start + 1
		if end < len(l.src) && isIdentStart(l.src[end]) {
			end = scanIdent(l.src, end)
		}
		if end == start+1 {
			return token{}, &Error{Pos: start, Msg: `expected a variable name after ":"`}
		}
		l.pos = end
		return token{kind: tokVar, pos: start, text: l.src[start:end], str: l.src[start+1 : end]}, nil
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
	}
	r, _ := utf8.DecodeRuneInString(l.src[start:])
	if c == '\'' {
		return token{}, &Error{Pos: start, Msg: `unexpected character "'": strings are written in double quotes`}
	}
	return token{}, &Error{Pos: start, Msg: fmt.Sprintf("unexpected character %q", string(r))}
}

// scanIdent returns the end of the identifier starting at i.
func scanIdent(s string, i int) int {
	i++
	for i < len(s) && isIdentChar(s[i]) {
		i++
	}
	return i
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
		return token{}, &Error{Pos: start, Msg: fmt.Sprintf("malformed number %q", l.src[start:stop])}
	}
	text := l.src[start:end]
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return token{}, &Error{Pos: start, Msg: fmt.Sprintf("number %s is out of range", clip(text))}
	}
	l.pos = end
	return token{kind: tokNumber, pos: start, text: text, num: f}, nil
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
		msg := fmt.Sprintf("unknown operator %q", op)
		switch op {
		case "==":
			msg += `; did you mean "="?`
		case "=<":
			msg += `; did you mean "<="?`
		case "=>":
			msg += `; did you mean ">="?`
		case "!":
			msg += `; use "!=" or not(...)`
		}
		return token{}, &Error{Pos: start, Msg: msg}
	}
	l.pos = end
	return token{kind: tokOp, pos: start, text: l.src[start:end], str: op}, nil
}

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
		if b == nil {
			b = new(strings.Builder)
		}
		b.WriteString(l.src[lit:i])
		esc := i
		if i+1 >= len(l.src) {
			return token{}, &Error{Pos: start, Msg: `unterminated string: missing closing '"'`}
		}
		i += 2
		switch l.src[esc+1] {
		case '"', '\\', '/':
			b.WriteByte(l.src[esc+1])
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r, ok := hex4(l.src, i)
			if !ok {
				return token{}, &Error{Pos: esc, Msg: `invalid escape in string: \u must be followed by 4 hex digits`}
			}
			i += 4
			if utf16.IsSurrogate(r) {
				if i+1 < len(l.src) && l.src[i] == '\\' && l.src[i+1] == 'u' {
					if r2, ok := hex4(l.src, i+2); ok {
						if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
							r = d
							i += 6
						}
					}
				}
			}
			b.WriteRune(r) // a lone surrogate is written as U+FFFD
		default:
			r, _ := utf8.DecodeRuneInString(l.src[esc+1:])
			return token{}, &Error{Pos: esc, Msg: fmt.Sprintf(`invalid escape "\%c" in string; only \", \\, \/, \b, \f, \n, \r, \t and \uXXXX are allowed`, r)}
		}
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

// hex4 decodes the 4 hex digits at s[i:i+4].
func hex4(s string, i int) (rune, bool) {
	if i < 0 || i+4 > len(s) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[i : i+4]) {
		var d byte
		switch {
		case isDigit(c):
			d = c - '0'
		case 'a' <= c && c <= 'f':
			d = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	return r, true
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
// `string "abc"`, `number 3`, `variable ":v"`.
func describe(t token) string {
	switch t.kind {
	case tokEOF:
		return "end of input"
	case tokString:
		return "string " + clip(t.text)
	case tokNumber:
		return "number " + clip(t.text)
	case tokVar:
		return "variable " + strconv.Quote(clip(t.text))
	}
	return strconv.Quote(clip(t.text))
}
