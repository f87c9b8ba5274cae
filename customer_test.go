package procura

import (
	"strings"
	"testing"
)

func TestCustomerNormalizeEmail(t *testing.T) {
	long := func(n int) string { return strings.Repeat("a", n-len("@example.com")) + "@example.com" }
	tests := []struct {
		in, want, code string
	}{
		{in: "ann@example.com", want: "ann@example.com"},
		{in: "  ann@example.com\t\n", want: "ann@example.com"},
		{in: "Ann.Lee+b2b@Example.COM", want: "Ann.Lee+b2b@Example.COM"}, // case kept; identity is lower-cased
		{in: "ann@localhost", want: "ann@localhost"},
		{in: long(256), want: long(256)},
		{in: long(257), code: CodeInvalidField},
		{in: "", code: CodeRequiredField},
		{in: "   ", code: CodeRequiredField},
		{in: "ann", code: CodeInvalidField},
		{in: "ann@", code: CodeInvalidField},
		{in: "@example.com", code: CodeInvalidField},
		{in: "ann@@example.com", code: CodeInvalidField},
		{in: "ann lee@example.com", code: CodeInvalidField},
		{in: "Ann <ann@example.com>", code: CodeInvalidField},
		{in: "<ann@example.com>", code: CodeInvalidField},
		{in: "ann@example.com, bob@example.com", code: CodeInvalidField},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := NormalizeEmail(tc.in)
			checkCode(t, err, tc.code)
			eq(t, "email", got, tc.want)
		})
	}
}

func TestCustomerEmailIdentity(t *testing.T) {
	for in, want := range map[string]string{
		"ann@example.com":             "ann@example.com",
		"Ann@Example.COM":             "ann@example.com",
		"  ANN@EXAMPLE.COM ":          "ann@example.com",
		"Ann.Lee+B2B@Sub.Example.org": "ann.lee+b2b@sub.example.org",
	} {
		eq(t, "EmailIdentity("+in+")", EmailIdentity(in), want)
	}
	a, _ := NormalizeEmail(" Ann@Example.com")
	b, _ := NormalizeEmail("ann@example.COM ")
	if EmailIdentity(a) != EmailIdentity(b) {
		t.Errorf("%q and %q should share an identity", a, b)
	}
}

func TestNewCustomer(t *testing.T) {
	draft := func(mod func(d *CustomerDraft)) CustomerDraft {
		d := CustomerDraft{Email: " Ann@Example.com ", Password: "correct horse"}
		if mod != nil {
			mod(&d)
		}
		return d
	}
	tests := []struct {
		name  string
		draft CustomerDraft
		code  string
		check func(t *testing.T, c *Customer)
	}{
		{name: "minimal", draft: draft(nil), check: func(t *testing.T, c *Customer) {
			eq(t, "base", c.Base, Base{ID: "cust-1", Version: 1, CreatedAt: "2026-08-01T12:00:00.000Z", LastModifiedAt: "2026-08-01T12:00:00.000Z"})
			eq(t, "email trimmed, case kept", c.Email, "Ann@Example.com")
			eq(t, "authenticationMode", c.AuthenticationMode, "Password")
			eq(t, "stores", c.Stores, []KeyReference{})
			eq(t, "addresses", c.addressBook, addressBook{Addresses: []Address{}, ShippingAddressIDs: []string{}, BillingAddressIDs: []string{}})
			eq(t, "isEmailVerified", c.IsEmailVerified, false)
		}},
		{name: "all fields", draft: draft(func(d *CustomerDraft) {
			d.Key, d.CustomerNumber, d.ExternalID = "ann-lee", "C-1", "ext-1"
			d.FirstName, d.MiddleName, d.LastName, d.Title, d.Salutation = "Ann", "M", "Lee", "Dr", "Dear"
			d.CompanyName, d.VatID, d.IsEmailVerified = "ACME", "DE123", true
			d.Addresses = []Address{{Key: "home", Country: "DE"}, {Country: "FR"}}
			d.Custom = &CustomFieldsDraft{Type: keyRI(TypeType, "cust-type"), Fields: map[string]any{"vip": true}}
		}), check: func(t *testing.T, c *Customer) {
			eq(t, "ids", []string{c.Key, c.CustomerNumber, c.ExternalID}, []string{"ann-lee", "C-1", "ext-1"})
			eq(t, "names", []string{c.FirstName, c.MiddleName, c.LastName, c.Title, c.Salutation}, []string{"Ann", "M", "Lee", "Dr", "Dear"})
			eq(t, "company", []string{c.CompanyName, c.VatID}, []string{"ACME", "DE123"})
			eq(t, "isEmailVerified", c.IsEmailVerified, true)
			eq(t, "addresses", c.Addresses, []Address{{ID: "addr-1", Key: "home", Country: "DE"}, {ID: "addr-2", Country: "FR"}})
			eq(t, "custom", c.Custom, &CustomFields{Type: ResourceIdentifier{TypeID: TypeType, Key: "cust-type"}, Fields: map[string]any{"vip": true}})
		}},
		{name: "missing email", draft: draft(func(d *CustomerDraft) { d.Email = "" }), code: CodeRequiredField},
		{name: "bad email", draft: draft(func(d *CustomerDraft) { d.Email = "ann.example.com" }), code: CodeInvalidField},
		{name: "missing password", draft: draft(func(d *CustomerDraft) { d.Password = "" }), code: CodeRequiredField},
		{name: "short password", draft: draft(func(d *CustomerDraft) { d.Password = "short" }), code: CodeInvalidField},
		{name: "long password", draft: draft(func(d *CustomerDraft) { d.Password = strings.Repeat("x", 257) }), code: CodeInvalidField},
		{name: "bad key", draft: draft(func(d *CustomerDraft) { d.Key = "ann lee" }), code: CodeInvalidInput},
		{name: "address without country", draft: draft(func(d *CustomerDraft) { d.Addresses = []Address{{City: "Berlin"}} }), code: CodeRequiredField},
		{name: "duplicate address key", draft: draft(func(d *CustomerDraft) {
			d.Addresses = []Address{{Key: "home", Country: "DE"}, {Key: "home", Country: "FR"}}
		}), code: CodeDuplicateField},
		{name: "custom without type", draft: draft(func(d *CustomerDraft) { d.Custom = &CustomFieldsDraft{} }), code: CodeRequiredField},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := newWorld()
			c, err := NewCustomer(tc.draft, "cust-1", l.change())
			checkCode(t, err, tc.code)
			if err == nil && tc.check != nil {
				tc.check(t, c)
			}
		})
	}
}

func TestCustomerEmailDomains(t *testing.T) {
	// The identity of an email: NFC, local part lower-cased, domain in IDNA ASCII form.
	for in, want := range map[string]string{
		"Ann@Bücher.example":          "ann@xn--bcher-kva.example",
		"ann@xn--bcher-kva.example":   "ann@xn--bcher-kva.example",
		"ann@BU\u0308CHER.example":    "ann@xn--bcher-kva.example", // decomposed ü
		"Ren\u0065\u0301@example.com": "ren\u00e9@example.com",     // NFC
		"ann@fabr\u0130kam.example":   "ann@xn--fabrikam-s0e.example",
		"ann@ＥＸＡＭＰＬＥ.com":             "ann@example.com", // full-width letters fold to ASCII
		"ann@example.com":             "ann@example.com",
		"ann@not a domain!.example":   "ann@not a domain!.example", // invalid: lower-cased as it is
	} {
		eq(t, "EmailIdentity("+in+")", EmailIdentity(in), want)
	}
	if EmailIdentity("ann@fabrİkam.example") == EmailIdentity("ann@fabrikam.example") {
		t.Error("a dotted capital I must not fold to fabrikam")
	}

	tests := []struct {
		in, code string
	}{
		{in: "ann@bücher.example"},
		{in: "ann@xn--bcher-kva.example"},
		{in: "ann@παράδειγμα.example"},                              // Greek only
		{in: "ann@пример.example"},                                  // Cyrillic only
		{in: "ann@fаbrikam.example", code: CodeInvalidField},        // Cyrillic а among Latin letters
		{in: "ann@xn--fbrikam-2fg.example", code: CodeInvalidField}, // the same, in ASCII form
		{in: "ann@fabrіkam.example", code: CodeInvalidField},        // Cyrillic і
		{in: "ann@exαmple.com", code: CodeInvalidField},             // Greek α
		{in: "ann@a..example", code: CodeInvalidField},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			_, err := NormalizeEmail(tc.in)
			checkCode(t, err, tc.code)
		})
	}
	a, _ := NormalizeEmail("Ann@Bücher.example")
	b, _ := NormalizeEmail("ann@xn--bcher-kva.EXAMPLE")
	if a == "" || b == "" || EmailIdentity(a) != EmailIdentity(b) {
		t.Errorf("%q and %q should share an identity", a, b)
	}
}

func TestCanonicalDomain(t *testing.T) {
	tests := []struct {
		in, want string
		bad      bool
	}{
		{in: "Example.COM", want: "example.com"},
		{in: "bücher.example", want: "xn--bcher-kva.example"},
		{in: "XN--BCHER-KVA.example", want: "xn--bcher-kva.example"},
		{in: "example.com.", want: "example.com"},
		{in: "münchen-2.example", want: "xn--mnchen-2-65a.example"},
		{in: "fаbrikam.example", bad: true}, // Cyrillic а
		{in: "xn--fbrikam-2fg.example", bad: true},
		{in: "fabrikam.ехample", bad: true}, // Cyrillic е and х in the second label
		{in: "", bad: true},
		{in: "a..b", bad: true},
		{in: "-a.example", bad: true},
		{in: "a_b.example", bad: true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := CanonicalDomain(tc.in)
			if tc.bad {
				checkCode(t, err, CodeInvalidInput)
				return
			}
			checkCode(t, err, "")
			eq(t, "domain", got, tc.want)
		})
	}
}
