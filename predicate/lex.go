package predicate

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/procura/procura/internal/scan"
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
	case c == '"':
		return l.lexString()
	case scan.IsDigit(c) || c == '-' && start+1 < len(l.src) && scan.IsDigit(l.src[start+1]):
		return l.lexNumber()
	case scan.IsIdentStart(c):
		return l.lexIdent()
	case scan.IsOpChar(c):
		end, op, err := scan.Operator(l.src, start, `"!=" or "not"`)
		if err != nil {
			return fail(err)
		}
		l.pos = end
		return token{kind: tokOp, pos: start, text: l.src[start:end], str: op}, nil
	case c == '&' || c == '|':
		return fail(scan.Logical(l.src, start))
	case c == '.':
		return token{}, &Error{Pos: start, Msg: `unexpected ".": expected an identifier before it (numbers need a digit before the dot)`}
	}
	return fail(scan.Unexpected(l.src, start))
}

// lexIdent scans a dotted identifier: segments of letters, digits, "_" and
// "-" separated by single dots, the first starting with a letter or "_".
func (l *lexer) lexIdent() (token, *Error) {
	start := l.pos
	i := start + 1
	for {
		for i < len(l.src) && scan.IsIdentChar(l.src[i]) {
			i++
		}
		if i >= len(l.src) || l.src[i] != '.' {
			break
		}
		if i+1 >= len(l.src) || !scan.IsIdentChar(l.src[i+1]) {
			l.pos = i
			found := "end of input"
			if i+1 < len(l.src) {
				r, _ := utf8.DecodeRuneInString(l.src[i+1:])
				found = strconv.Quote(string(r))
			}
			return token{}, &Error{Pos: i + 1, Msg: fmt.Sprintf("expected a field name after %q, found %s", scan.Clip(l.src[start:i+1]), found)}
		}
		i++
	}
	l.pos = i
	return token{kind: tokIdent, pos: start, text: l.src[start:i]}, nil
}

func (l *lexer) lexNumber() (token, *Error) {
	start := l.pos
	end, err := scan.Number(l.src, start)
	if err != nil {
		return fail(err)
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
			return token{}, &Error{Pos: start, Msg: fmt.Sprintf("number %s is out of range", scan.Clip(text))}
		}
		n = fromFloat(f)
	}
	l.pos = end
	return token{kind: tokNumber, pos: start, text: text, num: n}, nil
}

// lexString scans a double-quoted string; the only escapes are \" and \\.
func (l *lexer) lexString() (token, *Error) {
	start := l.pos
	end, text, err := scan.String(l.src, start, func(s string, esc int, b *strings.Builder) (int, *scan.Error) {
		if e := s[esc+1]; e == '"' || e == '\\' {
			b.WriteByte(e)
			return esc + 2, nil
		}
		return 0, scan.BadEscape(s, esc, `\" and \\`)
	})
	if err != nil {
		return fail(err)
	}
	l.pos = end
	return token{kind: tokString, pos: start, text: l.src[start:end], str: text}, nil
}

// describe names a token for an error message: `end of input`, `")"`,
// `string "abc"`, `number 3`.
func describe(t token) string {
	switch t.kind {
	case tokEOF:
		return "end of input"
	case tokString:
		return "string " + scan.Clip(t.text)
	case tokNumber:
		return "number " + scan.Clip(t.text)
	}
	return strconv.Quote(scan.Clip(t.text))
}
