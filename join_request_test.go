package procura

import "testing"

// TestJoinEmailDomains: allowed domains are compared in IDNA ASCII form; a look-alike in another
// script is refused as an allowed domain and matches none.
func TestJoinEmailDomains(t *testing.T) {
	setDomains := func(domains ...any) (*BusinessUnit, error) {
		l := newWorld()
		u := l.company(t, "fabrikam")
		err := u.Apply(act("setJoinPolicy", "joinPolicy", JoinEmailDomain, "allowedEmailDomains", domains,
			"defaultAssociateRole", map[string]string{"key": "buyer"}), l.change())
		return u, err
	}
	tests := []struct {
		domain, code string
		stored       []string
	}{
		{domain: "Fabrikam.Example", stored: []string{"fabrikam.example"}},
		{domain: "bücher.example", stored: []string{"xn--bcher-kva.example"}},
		{domain: "xn--bcher-kva.example", stored: []string{"xn--bcher-kva.example"}},
		{domain: "fаbrikam.example", code: CodeInvalidField}, // Cyrillic а
		{domain: "xn--fbrikam-2fg.example", code: CodeInvalidField},
		{domain: "fabrikam.εxample", code: CodeInvalidField}, // Greek ε
		{domain: "localhost", code: CodeInvalidField},
		{domain: "ann@fabrikam.example", code: CodeInvalidField},
		{domain: "a..example", code: CodeInvalidField},
	}
	for _, tc := range tests {
		t.Run(tc.domain, func(t *testing.T) {
			u, err := setDomains(tc.domain)
			checkCode(t, err, tc.code)
			if tc.code == "" {
				eq(t, "allowedEmailDomains", u.AllowedEmailDomains, tc.stored)
			}
		})
	}
	u, err := setDomains("bücher.example", "xn--bcher-kva.example", "fabrikam.example")
	checkCode(t, err, "")
	eq(t, "one entry per domain", u.AllowedEmailDomains, []string{"xn--bcher-kva.example", "fabrikam.example"})

	for email, want := range map[string]bool{
		"ann@fabrikam.example":           true,
		"Ann@FABRIKAM.example":           true,
		"ann@bücher.example":             true,
		"ann@BÜCHER.example":             true,
		"ann@xn--bcher-kva.example":      true,
		"ann@bu\u0308cher.example":       true,  // decomposed ü
		"ann@fabr\u0130kam.example":      false, // dotted capital I: not an i
		"ann@fаbrikam.example":           false, // Cyrillic а
		"ann@xn--fbrikam-2fg.example":    false,
		"ann@bucher.example":             false,
		"ann@sub.fabrikam.example":       false,
		"ann@fabrikam.example.evil.test": false,
		"fabrikam.example":               false,
	} {
		if got := u.AllowsEmail(email); got != want {
			t.Errorf("AllowsEmail(%q) = %v, want %v", email, got, want)
		}
	}
	// Domains stored before these checks, in Unicode form, still match.
	old := &BusinessUnit{JoinSettings: JoinSettings{AllowedEmailDomains: []string{"bücher.example"}}}
	if !old.AllowsEmail("ann@xn--bcher-kva.example") || old.AllowsEmail("ann@fabrikam.example") {
		t.Error("a stored Unicode domain is compared in ASCII form")
	}
}
