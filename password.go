package procura

import (
	_ "embed"
	"fmt"
	"strings"
	"unicode/utf8"
)

// commonPasswordList lists passwords that are common or known from breaches, one a line, in
// lower case; lines starting with # are comments.
//
//go:embed common_passwords.txt
var commonPasswordList string

// commonPasswords is commonPasswordList as a set.
var commonPasswords = func() map[string]bool {
	set := map[string]bool{}
	for _, line := range strings.Split(commonPasswordList, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			set[line] = true
		}
	}
	return set
}()

// CheckPassword enforces the password policy of NIST SP 800-63B: 8 to 256 characters (counted
// as characters, not bytes), not only white space, not one character repeated, and not one of
// the common or breached passwords (compared in lower case). Nothing else is demanded: no
// character classes, no periodic change.
func CheckPassword(p string) error {
	if p == "" {
		return RequiredField("password")
	}
	n := utf8.RuneCountInString(p)
	switch {
	case n < MinPasswordLength || n > MaxPasswordLength:
		return weakPassword("A password has %d to %d characters.", MinPasswordLength, MaxPasswordLength)
	case strings.TrimSpace(p) == "":
		return weakPassword("A password cannot be only white space.")
	case strings.Count(p, string([]rune(p)[0])) == n:
		return weakPassword("A password cannot be one character repeated.")
	case commonPasswords[strings.ToLower(p)]:
		return weakPassword("This password is among the most common ones and easy to guess. Choose another.")
	}
	return nil
}

// weakPassword reports a password the policy refuses, naming the field but never echoing the
// value.
func weakPassword(format string, args ...any) *Error {
	return newError(CodeInvalidField, fmt.Sprintf(format, args...), "field", "password")
}
