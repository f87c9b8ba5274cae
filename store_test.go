package procura

import (
	"encoding/json"
	"errors"
	"slices"
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
