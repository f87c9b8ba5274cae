package procura

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

func TestProjectSettings(t *testing.T) {
	apply := func(t *testing.T, p *Project, action string) error {
		t.Helper()
		return p.Apply(json.RawMessage(action), nil)
	}
	t.Run("a new project has the reference's defaults", func(t *testing.T) {
		p, _ := NewProject("shop", "", "p1", time.Now())
		if p.Carts.DeleteDaysAfterLastModification != 90 || p.ShoppingLists.DeleteDaysAfterLastModification != 360 ||
			p.Discounts.DiscountCombinationMode != "Stacking" || p.Messages.Enabled || p.Carts.FrozenPricesDays != 30 {
			t.Fatalf("defaults: %+v", p)
		}
	})
	t.Run("a project stored before the settings existed reads their defaults", func(t *testing.T) {
		var p Project
		if err := json.Unmarshal([]byte(`{"key":"old","countries":["DE"]}`), &p); err != nil {
			t.Fatal(err)
		}
		if p.Carts.DeleteDaysAfterLastModification != 90 || p.Discounts.DiscountCombinationMode != "Stacking" || p.Countries[0] != "DE" ||
			p.Carts.FrozenPricesDays != 30 {
			t.Fatalf("old project: %+v", p)
		}
	})
	t.Run("allowed", func(t *testing.T) {
		p, _ := NewProject("shop", "", "p1", time.Now())
		for _, a := range []string{
			`{"action":"changeCountries","countries":["DE","AT"]}`,
			`{"action":"changeCurrencies","currencies":["EUR","USD"]}`,
			`{"action":"changeLanguages","languages":["de","en-US"]}`,
			`{"action":"changeMessagesConfiguration","messagesConfiguration":{"enabled":true}}`,
			`{"action":"changeCartsConfiguration","cartsConfiguration":{"deleteDaysAfterLastModification":30}}`,
			`{"action":"changeCountryTaxRateFallbackEnabled","countryTaxRateFallbackEnabled":true}`,
			`{"action":"changeShoppingListsConfiguration","shoppingListsConfiguration":{"deleteDaysAfterLastModification":7}}`,
			`{"action":"changeFrozenPricesDays","frozenPricesDays":7}`,
			`{"action":"changeCartsConfiguration","cartsConfiguration":{"deleteDaysAfterLastModification":30}}`,
		} {
			if err := apply(t, p, a); err != nil {
				t.Fatalf("%s: %v", a, err)
			}
		}
		if p.Countries[1] != "AT" || p.Currencies[0] != "EUR" || p.Languages[1] != "en-US" || !p.Messages.Enabled ||
			*p.Messages.DeleteDaysAfterCreation != 15 || p.Carts.DeleteDaysAfterLastModification != 30 ||
			!p.Carts.CountryTaxRateFallbackEnabled || p.ShoppingLists.DeleteDaysAfterLastModification != 7 || p.Carts.FrozenPricesDays != 7 {
			t.Fatalf("after the actions: %+v", p)
		}
		if err := apply(t, p, `{"action":"changeMessagesEnabled","messagesEnabled":false}`); err != nil || p.Messages.Enabled {
			t.Fatalf("changeMessagesEnabled: %v %+v", err, p.Messages)
		}
	})
	t.Run("refused", func(t *testing.T) {
		for _, a := range []string{
			`{"action":"changeCountries","countries":[]}`,
			`{"action":"changeCountries","countries":["de"]}`,
			`{"action":"changeCountries","countries":["DE","DE"]}`,
			`{"action":"changeCurrencies","currencies":["euro"]}`,
			`{"action":"changeLanguages","languages":["German"]}`,
			`{"action":"changeMessagesConfiguration","messagesConfiguration":{}}`,
			`{"action":"changeMessagesConfiguration","messagesConfiguration":{"enabled":true,"deleteDaysAfterCreation":91}}`,
			`{"action":"changeMessagesConfiguration","messagesConfiguration":{"enabled":true,"retention":3}}`,
			`{"action":"changeCartsConfiguration","cartsConfiguration":{"deleteDaysAfterLastModification":0}}`,
			`{"action":"changeShoppingListsConfiguration","shoppingListsConfiguration":{}}`,
			`{"action":"changeCountryTaxRateFallbackEnabled"}`,
			`{"action":"changeFrozenPricesDays"}`,
			`{"action":"changeFrozenPricesDays","frozenPricesDays":0}`,
			`{"action":"changeFrozenPricesDays","frozenPricesDays":366}`,
			`{"action":"changeFrozenPricesDays","frozenPricesDays":"7"}`,
		} {
			p, _ := NewProject("shop", "", "p1", time.Now())
			before, _ := json.Marshal(p)
			err := apply(t, p, a)
			var e *Error
			if !errors.As(err, &e) || e.Code != "InvalidInput" && e.Code != "InvalidField" && e.Code != "RequiredField" && e.Code != "InvalidJsonInput" {
				t.Errorf("%s: got %v, want a field error", a, err)
			}
			if after, _ := json.Marshal(p); string(after) != string(before) {
				t.Errorf("%s changed the project though refused", a)
			}
		}
	})
}
