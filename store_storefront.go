package procura

import (
	"net/url"
	"strings"
)

// Storefront holds a store's customer-facing URLs and policy links, each absent until set.
type Storefront struct {
	CheckoutURLTemplate string `json:"checkoutUrlTemplate,omitempty"`
	OrderURLTemplate    string `json:"orderUrlTemplate,omitempty"`
	TermsOfServiceURL   string `json:"termsOfServiceUrl,omitempty"`
	PrivacyPolicyURL    string `json:"privacyPolicyUrl,omitempty"`
	RefundPolicyURL     string `json:"refundPolicyUrl,omitempty"`
	ShippingPolicyURL   string `json:"shippingPolicyUrl,omitempty"`
	CookiePolicyURL     string `json:"cookiePolicyUrl,omitempty"`
	ImprintURL          string `json:"imprintUrl,omitempty"`
	FaqURL              string `json:"faqUrl,omitempty"`
	ContactURL          string `json:"contactUrl,omitempty"`
}

// storefrontTemplates are the storefront's URI templates and the variable each must contain.
var storefrontTemplates = map[string]string{"checkoutUrlTemplate": "checkoutId", "orderUrlTemplate": "orderId"}

// StorefrontFields are the storefront's fields, each set by the action "set" + its name.
var StorefrontFields = []string{"checkoutUrlTemplate", "orderUrlTemplate", "termsOfServiceUrl", "privacyPolicyUrl",
	"refundPolicyUrl", "shippingPolicyUrl", "cookiePolicyUrl", "imprintUrl", "faqUrl", "contactUrl"}

// storefrontActions are the store's actions that set one storefront field each.
func storefrontActions() ActionFields {
	out := ActionFields{}
	for _, f := range StorefrontFields {
		out[storefrontAction(f)] = []string{f}
	}
	return out
}

func storefrontAction(field string) string { return "set" + strings.ToUpper(field[:1]) + field[1:] }

// field returns the storefront's field of that JSON name.
func (s *Storefront) field(name string) *string {
	return map[string]*string{"checkoutUrlTemplate": &s.CheckoutURLTemplate, "orderUrlTemplate": &s.OrderURLTemplate,
		"termsOfServiceUrl": &s.TermsOfServiceURL, "privacyPolicyUrl": &s.PrivacyPolicyURL, "refundPolicyUrl": &s.RefundPolicyURL,
		"shippingPolicyUrl": &s.ShippingPolicyURL, "cookiePolicyUrl": &s.CookiePolicyURL, "imprintUrl": &s.ImprintURL,
		"faqUrl": &s.FaqURL, "contactUrl": &s.ContactURL}[name]
}

// check validates every field of a storefront a draft gives.
func (s *Storefront) check(prefix string) error {
	for _, f := range StorefrontFields {
		if v := *s.field(f); v != "" {
			if err := checkStorefrontValue(prefix+f, f, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkStorefrontValue accepts an absolute https URL with a host, no credentials and no
// fragment; a template must contain its variable, and is checked with its expressions filled.
func checkStorefrontValue(path, field, v string) error {
	bad := InvalidField(path, v)
	u := v
	if variable, ok := storefrontTemplates[field]; ok {
		filled, vars, ok := fillTemplate(v)
		if !ok || !vars[variable] {
			bad.Message = "The field '" + path + "' must be an RFC 6570 URI template with the variable '" + variable + "', as https://shop.example/" + variable + "/{" + variable + "}."
			return bad
		}
		u = filled
	}
	p, err := url.Parse(u)
	if err != nil || p.Scheme != "https" || p.Host == "" || p.User != nil || p.Fragment != "" || len(v) > 2048 ||
		strings.ContainsAny(u, " \t\r\n") {
		bad.Message = "The field '" + path + "' must be an absolute https URL."
		return bad
	}
	return nil
}

// fillTemplate replaces each {expression} of an RFC 6570 template by "x" and returns the
// variables the expressions name; ok is false for an unbalanced brace or an empty expression.
func fillTemplate(t string) (filled string, vars map[string]bool, ok bool) {
	var b strings.Builder
	vars = map[string]bool{}
	for {
		i := strings.IndexAny(t, "{}")
		if i < 0 {
			b.WriteString(t)
			return b.String(), vars, true
		}
		if t[i] == '}' {
			return "", nil, false
		}
		j := strings.IndexByte(t[i:], '}')
		expr := strings.TrimLeft(t[i+1:i+max(j, 1)], "+#./;?&")
		if j < 0 || expr == "" || strings.ContainsAny(expr, "{ ") {
			return "", nil, false
		}
		for _, name := range strings.Split(expr, ",") {
			vars[strings.TrimRight(strings.SplitN(name, ":", 2)[0], "*")] = true
		}
		b.WriteString(t[:i] + "x")
		t = t[i+j+1:]
	}
}

// setStorefront applies a storefront action: the field's new value, or none (an empty one)
// removes it.
func (s *Store) setStorefront(field, value string) error {
	if value != "" {
		if err := checkStorefrontValue(field, field, value); err != nil {
			return err
		}
	}
	if s.Storefront == nil {
		s.Storefront = &Storefront{}
	}
	*s.Storefront.field(field) = value
	if *s.Storefront == (Storefront{}) {
		s.Storefront = nil
	}
	return nil
}
