package procura

import (
	"net/mail"
	"strings"
	"unicode"

	"golang.org/x/net/idna"
	"golang.org/x/text/unicode/norm"
)

// NormalizeEmail validates an email address and returns it trimmed and in Unicode NFC; the case
// the customer typed is kept. Its domain must be a valid domain name that does not mix scripts
// (see CanonicalDomain). Uniqueness is checked on its identity (EmailIdentity).
func NormalizeEmail(s string) (string, error) {
	s = norm.NFC.String(strings.TrimSpace(s))
	if s == "" {
		return "", RequiredField("email")
	}
	if a, err := mail.ParseAddress(s); err != nil || a.Address != s || len(s) > 256 {
		return "", InvalidField("email", s)
	}
	at := strings.LastIndexByte(s, '@')
	if _, err := CanonicalDomain(s[at+1:]); err != nil {
		return "", InvalidField("email", s)
	}
	return s, nil
}

// EmailIdentity is the form of an email under which it is unique in a project: trimmed, in NFC,
// the local part lower-cased and the domain in its IDNA ASCII form (lower-case), so that
// "Ann@Bücher.example" and "ann@xn--bcher-kva.example" are one address. A domain that is not a
// valid IDNA name (only in data older than these checks) is lower-cased as it is.
func EmailIdentity(email string) string {
	email = norm.NFC.String(strings.TrimSpace(email))
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return strings.ToLower(email)
	}
	local, domain := strings.ToLower(email[:at]), email[at+1:]
	if ascii, err := CanonicalDomain(domain); err == nil {
		return local + "@" + ascii
	}
	return local + "@" + strings.ToLower(domain)
}

// CanonicalDomain returns a domain name in its IDNA ASCII form (UTS #46 lookup mapping, so
// lower-case), refusing what is not a valid name and any label that mixes Latin, Cyrillic and
// Greek letters: "fаbrikam.example" with a Cyrillic "а" is a look-alike of "fabrikam.example",
// not a second company's domain. A label given in ASCII ("xn--…") is checked in its Unicode form.
func CanonicalDomain(domain string) (string, error) {
	domain = strings.TrimSuffix(domain, ".")
	ascii, err := idna.Lookup.ToASCII(domain)
	if err != nil || ascii == "" {
		return "", InvalidInput("'%s' is not a valid domain name.", domain)
	}
	uni, err := idna.Lookup.ToUnicode(ascii)
	if err != nil {
		return "", InvalidInput("'%s' is not a valid domain name.", domain)
	}
	for _, label := range strings.Split(uni, ".") {
		if label == "" {
			return "", InvalidInput("'%s' is not a valid domain name: it has an empty label.", domain)
		}
		if mixesScripts(label) {
			return "", InvalidInput("'%s' is not a valid domain name: the label '%s' mixes scripts.", domain, label)
		}
	}
	return ascii, nil
}

// confusableScripts are the scripts whose letters look alike; one label may use only one of them.
var confusableScripts = []*unicode.RangeTable{unicode.Latin, unicode.Cyrillic, unicode.Greek}

func mixesScripts(label string) bool {
	seen := -1
	for _, r := range label {
		if r < 0x80 && !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') {
			continue // digits and hyphens belong to every script
		}
		for i, t := range confusableScripts {
			if unicode.Is(t, r) {
				if seen >= 0 && seen != i {
					return true
				}
				seen = i
			}
		}
	}
	return false
}
