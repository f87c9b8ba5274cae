package procura

import (
	"strings"
	"testing"
)

func TestCheckPassword(t *testing.T) {
	tests := []struct {
		name, password, code string
	}{
		{name: "empty", password: "", code: CodeRequiredField},
		{name: "7 characters", password: "Tr0ub4d", code: CodeInvalidField},
		{name: "8 characters", password: "Tr0ub4d&"},
		{name: "8 characters of several bytes each", password: "пароль-ё"},
		{name: "7 characters in 14 bytes", password: "парольё", code: CodeInvalidField},
		{name: "256 characters", password: strings.Repeat("pq", 128)},
		{name: "256 characters of 4 bytes", password: strings.Repeat("🔑🔒", 128)},
		{name: "257 characters", password: strings.Repeat("pq", 128) + "r", code: CodeInvalidField},
		{name: "only spaces", password: "        ", code: CodeInvalidField},
		{name: "only white space", password: " \t \n \u00a0\u2003  ", code: CodeInvalidField},
		{name: "spaces around words", password: "  correct horse  "},
		{name: "one character repeated", password: "zzzzzzzzzzzz", code: CodeInvalidField},
		{name: "one multi-byte character repeated", password: "ééééééééé", code: CodeInvalidField},
		{name: "two characters alternating", password: "zyzyzyzyzyzq"},
		{name: "common: 12345678", password: "12345678", code: CodeInvalidField},
		{name: "common: password", password: "password", code: CodeInvalidField},
		{name: "common: password1", password: "password1", code: CodeInvalidField},
		{name: "common: qwertyui", password: "qwertyui", code: CodeInvalidField},
		{name: "common: iloveyou", password: "iloveyou", code: CodeInvalidField},
		{name: "common: 11111111", password: "11111111", code: CodeInvalidField},
		{name: "common in another case", password: "PassWord123", code: CodeInvalidField},
		{name: "common with a year", password: "Summer2024!", code: CodeInvalidField},
		{name: "a passphrase", password: "correct horse"},
		{name: "a common word with more", password: "password-of-ours-7"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckPassword(tc.password)
			checkCode(t, err, tc.code)
			if e, ok := err.(*Error); ok && tc.code == CodeInvalidField {
				if e.Fields["field"] != "password" || e.Fields["invalidValue"] != nil || (tc.password != "password" && strings.Contains(e.Message, tc.password)) {
					t.Errorf("%+v: want field password, and the value never echoed", e)
				}
			}
		})
	}
}

func TestCommonPasswordList(t *testing.T) {
	if n := len(commonPasswords); n < 2000 {
		t.Fatalf("%d common passwords, want thousands", n)
	}
	for p := range commonPasswords {
		if p != strings.ToLower(p) || strings.TrimSpace(p) != p {
			t.Errorf("entry %q: entries are lower case without surrounding space", p)
		}
	}
}
