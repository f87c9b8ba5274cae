package procura

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestStoreDraftsAndActions(t *testing.T) {
	now := time.Now()
	s, err := NewStore(StoreDraft{Key: "main", Languages: []string{"de", "en-GB"}, Countries: []StoreCountry{{"DE"}}}, "s1", now)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []string{
		`{"action":"addCountry","country":{"code":"AT"}}`,
		`{"action":"addCountry","country":{"code":"AT"}}`, // already there: no change
		`{"action":"removeCountry","country":{"code":"DE"}}`,
		`{"action":"setLanguages","languages":["fr"]}`,
		`{"action":"setDistributionChannels","distributionChannels":[]}`,
	} {
		if err := s.Apply(json.RawMessage(a)); err != nil {
			t.Fatalf("%s: %v", a, err)
		}
	}
	if !slices.Equal(s.Countries, []StoreCountry{{"AT"}}) || !slices.Equal(s.Languages, []string{"fr"}) {
		t.Fatalf("after the actions: countries %v languages %v", s.Countries, s.Languages)
	}
	if err := s.Apply(json.RawMessage(`{"action":"setCountries","countries":[{"code":"CH"},{"code":"LI"}]}`)); err != nil || len(s.Countries) != 2 {
		t.Fatalf("setCountries: %v %v", err, s.Countries)
	}

	for _, c := range []struct {
		what  string
		draft StoreDraft
	}{
		{"a language that is no tag", StoreDraft{Key: "x1", Languages: []string{"Deutsch"}}},
		{"a country that is no code", StoreDraft{Key: "x2", Countries: []StoreCountry{{"Germany"}}}},
		{"channels", StoreDraft{Key: "x3", DistributionChannels: []any{map[string]any{"key": "eu"}}}},
		{"product selections", StoreDraft{Key: "x4", ProductSelections: []any{map[string]any{"active": true}}}},
	} {
		if _, err := NewStore(c.draft, "s2", now); !isInvalidField(err) {
			t.Errorf("%s: %v, want InvalidField", c.what, err)
		}
	}
	before, _ := json.Marshal(s)
	for _, a := range []string{
		`{"action":"removeCountry","country":{"code":"FR"}}`,
		`{"action":"addCountry","country":{"code":"fr"}}`,
		`{"action":"addCountry"}`,
		`{"action":"setLanguages","languages":["english"]}`,
		`{"action":"setSupplyChannels","supplyChannels":[{"key":"warehouse"}]}`,
		`{"action":"setProductSelections","productSelections":[{"productSelection":{"key":"x"}}]}`,
	} {
		var e *Error
		if err := s.Apply(json.RawMessage(a)); !errors.As(err, &e) {
			t.Errorf("%s: %v, want an error", a, err)
		}
	}
	if after, _ := json.Marshal(s); string(after) != string(before) {
		t.Errorf("refused actions changed the store: %s", after)
	}
}

func isInvalidField(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == CodeInvalidField
}

// TestStoreStorefront: the storefront's URLs are set, answered and removed; a URL that is not
// absolute https, and a template without its variable, are refused, in drafts and actions.
func TestStoreStorefront(t *testing.T) {
	s, err := NewStore(StoreDraft{Key: "web", Storefront: &Storefront{ContactURL: "https://shop.example/contact",
		OrderURLTemplate: "https://shop.example/orders/{orderId}"}}, "s1", time.Now())
	if err != nil || s.Storefront == nil || s.Storefront.ContactURL != "https://shop.example/contact" {
		t.Fatalf("draft with a storefront: %v %+v", err, s)
	}
	for _, a := range []string{
		`{"action":"setCheckoutUrlTemplate","checkoutUrlTemplate":"https://shop.example/checkout{?checkoutId,lang}"}`,
		`{"action":"setTermsOfServiceUrl","termsOfServiceUrl":"https://shop.example/terms"}`,
		`{"action":"setPrivacyPolicyUrl","privacyPolicyUrl":"https://shop.example/privacy"}`,
		`{"action":"setRefundPolicyUrl","refundPolicyUrl":"https://shop.example/refunds"}`,
		`{"action":"setShippingPolicyUrl","shippingPolicyUrl":"https://shop.example/shipping"}`,
		`{"action":"setCookiePolicyUrl","cookiePolicyUrl":"https://shop.example/cookies"}`,
		`{"action":"setImprintUrl","imprintUrl":"https://shop.example/imprint"}`,
		`{"action":"setFaqUrl","faqUrl":"https://shop.example/faq"}`,
		`{"action":"setContactUrl"}`,
	} {
		if err := s.Apply(json.RawMessage(a)); err != nil {
			t.Fatalf("%s: %v", a, err)
		}
	}
	want := Storefront{CheckoutURLTemplate: "https://shop.example/checkout{?checkoutId,lang}", OrderURLTemplate: "https://shop.example/orders/{orderId}",
		TermsOfServiceURL: "https://shop.example/terms", PrivacyPolicyURL: "https://shop.example/privacy", RefundPolicyURL: "https://shop.example/refunds",
		ShippingPolicyURL: "https://shop.example/shipping", CookiePolicyURL: "https://shop.example/cookies", ImprintURL: "https://shop.example/imprint",
		FaqURL: "https://shop.example/faq"}
	if *s.Storefront != want {
		t.Fatalf("storefront after the actions: %+v", *s.Storefront)
	}
	before, _ := json.Marshal(s)
	for _, a := range []string{
		`{"action":"setFaqUrl","faqUrl":"http://shop.example/faq"}`,
		`{"action":"setFaqUrl","faqUrl":"/faq"}`,
		`{"action":"setFaqUrl","faqUrl":"https://user:pw@shop.example/faq"}`,
		`{"action":"setFaqUrl","faqUrl":"javascript:alert(1)"}`,
		`{"action":"setOrderUrlTemplate","orderUrlTemplate":"https://shop.example/orders/{id}"}`,
		`{"action":"setOrderUrlTemplate","orderUrlTemplate":"https://shop.example/orders/{orderId"}`,
		`{"action":"setCheckoutUrlTemplate","checkoutUrlTemplate":"https://shop.example/checkout"}`,
		`{"action":"setFaqUrl","contactUrl":"https://shop.example/c"}`,
	} {
		if err := s.Apply(json.RawMessage(a)); err == nil {
			t.Errorf("%s: accepted", a)
		}
	}
	if after, _ := json.Marshal(s); string(after) != string(before) {
		t.Errorf("refused actions changed the store: %s", after)
	}
	if _, err := NewStore(StoreDraft{Key: "bad", Storefront: &Storefront{ImprintURL: "ftp://shop.example/i"}}, "s2", time.Now()); !isInvalidField(err) {
		t.Errorf("a draft's storefront with an ftp URL: %v, want InvalidField", err)
	}
	for _, f := range StorefrontFields {
		_ = s.Apply(json.RawMessage(`{"action":"` + storefrontAction(f) + `","` + f + `":""}`))
	}
	if s.Storefront != nil {
		t.Errorf("every URL removed, the storefront stays: %+v", s.Storefront)
	}
}

// TestStoreChannelsAndSelectionsAreNeverFound: Procura has no channels and no product
// selections, so an action naming one is answered as for one that does not exist.
func TestStoreChannelsAndSelectionsAreNeverFound(t *testing.T) {
	s, _ := NewStore(StoreDraft{Key: "main"}, "s1", time.Now())
	for _, a := range []string{
		`{"action":"addDistributionChannel","distributionChannel":{"key":"eu"}}`,
		`{"action":"removeDistributionChannel","distributionChannel":{"id":"c1"}}`,
		`{"action":"addSupplyChannel","supplyChannel":{"key":"warehouse"}}`,
		`{"action":"removeSupplyChannel","supplyChannel":{"key":"warehouse"}}`,
		`{"action":"addProductSelection","productSelection":{"key":"spring"},"active":true}`,
		`{"action":"removeProductSelection","productSelection":{"key":"spring"}}`,
		`{"action":"changeProductSelectionActive","productSelection":{"key":"spring"},"active":false}`,
	} {
		var e *Error
		if err := s.Apply(json.RawMessage(a)); !errors.As(err, &e) || e.Code != CodeReferencedResourceNotFound || !strings.Contains(e.Message, "Procura has no") {
			t.Errorf("%s: %v, want ReferencedResourceNotFound naming the feature", a, err)
		}
	}
	if err := s.Apply(json.RawMessage(`{"action":"addSupplyChannel"}`)); ErrorCode(err) != CodeRequiredField {
		t.Errorf("addSupplyChannel without a channel: %v, want RequiredField", err)
	}
}
