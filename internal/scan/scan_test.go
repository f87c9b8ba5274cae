package scan

import (
	"strings"
	"testing"
)

func TestNumber(t *testing.T) {
	for _, c := range []struct {
		src  string
		end  int
		want string // the error, if any
	}{
		{"12 ", 2, ""}, {"-3.25)", 5, ""}, {"1.", 0, `malformed number "1."`},
		{"12abc", 0, `malformed number "12abc"`}, {"1.2.3", 0, `malformed number "1.2.3"`},
	} {
		end, err := Number(c.src, 0)
		if got := errMsg(err); end != c.end || got != c.want {
			t.Errorf("Number(%q) = %d, %q; want %d, %q", c.src, end, got, c.end, c.want)
		}
	}
}

func TestOperator(t *testing.T) {
	for _, c := range []struct{ src, op, want string }{
		{"<= 3", "<=", ""}, {"<> 3", "!=", ""}, {"== 3", "", `unknown operator "=="; did you mean "="?`},
		{"! x", "", `unknown operator "!"; use not`},
	} {
		_, op, err := Operator(c.src, 0, "not")
		if got := errMsg(err); op != c.op || got != c.want {
			t.Errorf("Operator(%q) = %q, %q; want %q, %q", c.src, op, got, c.op, c.want)
		}
	}
}

func TestString(t *testing.T) {
	upper := func(s string, i int, b *strings.Builder) (int, *Error) { // \x stands for X
		if s[i+1] == '!' {
			return 0, BadEscape(s, i, `letters`)
		}
		b.WriteString(strings.ToUpper(s[i+1 : i+2]))
		return i + 2, nil
	}
	for _, c := range []struct{ src, text, want string }{
		{`"plain" rest`, "plain", ""}, {`"a\bc\d"`, "aBcD", ""}, {`"open`, "", `unterminated string: missing closing '"'`},
		{`"ends\`, "", `unterminated string: missing closing '"'`}, {`"x\!"`, "", `invalid escape "\!" in string; only letters are allowed`},
	} {
		end, text, err := String(c.src, 0, upper)
		if got := errMsg(err); text != c.text || got != c.want || err == nil && c.src[end-1] != '"' {
			t.Errorf("String(%q) = %d, %q, %q; want %q, %q", c.src, end, text, got, c.text, c.want)
		}
	}
}

func errMsg(err *Error) string {
	if err == nil {
		return ""
	}
	return err.Msg
}
