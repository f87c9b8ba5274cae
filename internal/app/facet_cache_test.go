package app

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/procura/procura"
)

// Two nodes over one database: the facets one node keeps are answered again, and counted anew
// as soon as the other node writes a product (created, changed, deleted) or moves a category.
func TestFacetCountsFollowEveryNodesWrites(t *testing.T) {
	inProject(t, func(t *testing.T, a *App, c Caller) {
		other := New(a.Store)
		typ := goodsType(t, a, c, "")
		ctx := context.Background()
		tools, err := other.CreateCategory(ctx, c, procura.CategoryDraft{Name: procura.LocalizedString{"en": "tools"}, Slug: procura.LocalizedString{"en": "tools"}})
		if err != nil {
			t.Fatal(err)
		}
		garden, err := other.CreateCategory(ctx, c, procura.CategoryDraft{Name: procura.LocalizedString{"en": "garden"}, Slug: procura.LocalizedString{"en": "garden"}})
		if err != nil {
			t.Fatal(err)
		}
		create := func(slug string, cents int64, cat *procura.Category) *procura.Product {
			t.Helper()
			p, err := other.CreateProduct(ctx, c, procura.ProductDraft{ProductType: &procura.ResourceIdentifier{ID: typ.ID}, Publish: true,
				Name: procura.LocalizedString{"en": slug}, Slug: procura.LocalizedString{"en": slug}, Categories: []procura.ResourceIdentifier{{ID: cat.ID}},
				MasterVariant: &procura.VariantDraft{Prices: []procura.PriceDraft{{Value: procura.MoneyDraft{CurrencyCode: "EUR", CentAmount: ptrTo(cents)}}}}})
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		// the facets of the tools page: how many products, and how many cost less than 10 EUR
		page := `{"query":{"exact":{"field":"categoriesSubTree","value":"` + tools.ID + `"}},"facets":[
			{"count":{"name":"all"}},
			{"ranges":{"name":"price","field":"variants.prices.centAmount","ranges":[{"to":1000},{"from":1000}]}}]}`
		counts := func(want string, n, cheap, dear int) {
			t.Helper()
			res := search(t, a, c, page)
			all, price := res.Facets[0].(CountResult), res.Facets[1].(BucketsResult)
			if all.Value != n || price.Buckets[0].Count != cheap || price.Buckets[1].Count != dear {
				t.Errorf("%s: %d products, %d cheap, %d dear; want %d, %d, %d", want, all.Value, price.Buckets[0].Count, price.Buckets[1].Count, n, cheap, dear)
			}
		}
		saw := create("saw", 900, tools)
		counts("one saw", 1, 1, 0)
		counts("one saw, again", 1, 1, 0)
		a.caches.facets.mu.Lock()
		kept := len(a.caches.facets.entries)
		a.caches.facets.mu.Unlock()
		if kept != 2 {
			t.Errorf("the node keeps %d facets, want the page's 2", kept)
		}
		drill := create("drill", 4900, tools)
		counts("a drill added", 2, 1, 1)
		if _, err := other.UpdateProduct(ctx, c, Ref{ID: saw.ID}, procura.Update{Version: &saw.Version, Actions: []json.RawMessage{
			json.RawMessage(`{"action":"setPrices","variantId":1,"prices":[{"value":{"currencyCode":"EUR","centAmount":1900}}],"staged":false}`)}}); err != nil {
			t.Fatal(err)
		}
		counts("the saw dearer", 2, 0, 2)
		if _, err := other.DeleteProduct(ctx, c, Ref{ID: drill.ID}, drill.Version); err != nil {
			t.Fatal(err)
		}
		counts("the drill deleted", 1, 0, 1)
		create("hose", 500, garden)
		counts("a hose in the garden", 1, 0, 1)
		if _, err := other.UpdateCategory(ctx, c, Ref{ID: garden.ID}, procura.Update{Version: &garden.Version,
			Actions: []json.RawMessage{json.RawMessage(`{"action":"changeParent","parent":{"id":"` + tools.ID + `"}}`)}}); err != nil {
			t.Fatal(err)
		}
		counts("the garden moved under tools", 2, 1, 1)
	})
}
