package procura

import (
	"encoding/json"
	"testing"
)

// TestProductPricesInBothProjections: a price added to the current and staged data at once
// (staged: false) has one id in both, so that later actions find it in both; and an earlier
// staged-only change stays marked as unpublished.
func TestProductPricesInBothProjections(t *testing.T) {
	l := newWorld()
	cents := int64(1000)
	p, err := NewProduct(ProductDraft{Name: LocalizedString{"en": "w"}, Slug: LocalizedString{"en": "w1"},
		MasterVariant: &VariantDraft{SKU: "W-1"}, Publish: true}, &ProductType{Base: Base{ID: "pt"}}, "p1", l.change())
	if err != nil {
		t.Fatal(err)
	}
	apply := func(action string) {
		t.Helper()
		if err := p.Apply(json.RawMessage(action), nil, l.change()); err != nil {
			t.Fatalf("%s: %v", action, err)
		}
	}
	apply(`{"action":"changeName","name":{"en":"staged name"}}`) // staged only
	apply(`{"action":"addPrice","sku":"W-1","staged":false,"price":{"value":{"currencyCode":"EUR","centAmount":1000}}}`)
	staged, current := p.MasterData.Staged.MasterVariant.Prices, p.MasterData.Current.MasterVariant.Prices
	if len(staged) != 1 || len(current) != 1 || staged[0].ID != current[0].ID {
		t.Fatalf("prices: staged %+v, current %+v; want one price with one id", staged, current)
	}
	if !p.MasterData.HasStagedChanges {
		t.Error("the staged name change is no longer marked unpublished")
	}
	apply(`{"action":"changePrice","priceId":"` + staged[0].ID + `","staged":false,"price":{"value":{"currencyCode":"EUR","centAmount":1200}}}`)
	if got := p.MasterData.Current.MasterVariant.Prices[0].Value.CentAmount; got != cents+200 {
		t.Errorf("current price %d after changePrice, want %d", got, cents+200)
	}
}
