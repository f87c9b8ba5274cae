package query

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/procura/procura/internal/scan"
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

// fail turns a lexical error of the shared scanner into this package's.
func fail(e *scan.Error) (token, *Error) { return token{}, &Error{Pos: e.Pos, Msg: e.Msg} }

// next returns the next token, or an *Error for malformed input.
func (l *lexer) next() (token, *Error) {
	l.pos = scan.SkipSpace(l.src, l.pos)
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
	case scan.IsDigit(c) || c == '-' && start+1 < len(l.src) && scan.IsDigit(l.src[start+1]):
		return l.lexNumber()
	case scan.IsIdentStart(c):
		l.pos = scanIdent(l.src, start)
		return token{kind: tokIdent, pos: start, text: l.src[start:l.pos]}, nil
	case c == ':':
		end := start + 1
		if end < len(l.src) && scan.IsIdentStart(l.src[end]) {
			end = scanIdent(l.src, end)
		}
		if end == start+1 {
			return token{}, &Error{Pos: start, Msg: `expected a variable name after ":"`}
		}
		l.pos = end
		return token{kind: tokVar, pos: start, text: l.src[start:end], str: l.src[start+1 : end]}, nil
	case scan.IsOpChar(c):
		end, op, err := scan.Operator(l.src, start, `"!=" or not(...)`)
		if err != nil {
			return fail(err)
		}
		l.pos = end
		return token{kind: tokOp, pos: start, text: l.src[start:end], str: op}, nil
	case c == '&' || c == '|':
		return fail(scan.Logical(l.src, start))
	}
	return fail(scan.Unexpected(l.src, start))
}

// scanIdent returns the end of the identifier starting at i.
func scanIdent(s string, i int) int {
	i++
	for i < len(s) && scan.IsIdentChar(s[i]) {
		i++
	}
	return i
}

func (l *lexer) lexNumber() (token, *Error) {
	start := l.pos
	end, err := scan.Number(l.src, start)
	if err != nil {
		return fail(err)
	}
	text := l.src[start:end]
	f, perr := strconv.ParseFloat(text, 64)
	if perr != nil {
		return token{}, &Error{Pos: start, Msg: fmt.Sprintf("number %s is out of range", scan.Clip(text))}
	}
	l.pos = end
	return token{kind: tokNumber, pos: start, text: text, num: f}, nil
}

// lexString scans a double-quoted string with the escapes of JSON.
func (l *lexer) lexString() (token, *Error) {
	start := l.pos
	end, text, err := scan.String(l.src, start, unescapeJSON)
	if err != nil {
		return fail(err)
	}
	l.pos = end
	return token{kind: tokString, pos: start, text: l.src[start:end], str: text}, nil
}

// unescapeJSON decodes one of JSON's escapes: \", \\, \/, \b, \f, \n, \r, \t and \uXXXX
// (a surrogate pair in two of them).
func unescapeJSON(s string, esc int, b *strings.Builder) (int, *scan.Error) {
	i := esc + 2
	switch s[esc+1] {
	case '"', '\\', '/':
		b.WriteByte(s[esc+1])
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
		r, ok := hex4(s, i)
		if !ok {
			return 0, &scan.Error{Pos: esc, Msg: `invalid escape in string: \u must be followed by 4 hex digits`}
		}
		i += 4
		if utf16.IsSurrogate(r) && i+1 < len(s) && s[i] == '\\' && s[i+1] == 'u' {
			if r2, ok := hex4(s, i+2); ok {
				if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
					r = d
					i += 6
				}
			}
		}
		b.WriteRune(r) // a lone surrogate is written as U+FFFD
	default:
		return 0, scan.BadEscape(s, esc, `\", \\, \/, \b, \f, \n, \r, \t and \uXXXX`)
	}
	return i, nil
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
		case scan.IsDigit(c):
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

// describe names a token for an error message: `end of input`, `")"`,
// `string "abc"`, `number 3`, `variable ":v"`.
func describe(t token) string {
	switch t.kind {
	case tokEOF:
		return "end of input"
	case tokString:
		return "string " + scan.Clip(t.text)
	case tokNumber:
		return "number " + scan.Clip(t.text)
	case tokVar:
		return "variable " + strconv.Quote(scan.Clip(t.text))
	}
	return strconv.Quote(scan.Clip(t.text))
}
