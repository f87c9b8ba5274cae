package app_test

import (
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// TestEveryProductSaveKeepsTheSearchIndex: the product search finds a product by what each save
// path made of it: its creation, update actions that add variants and change SKUs, a change of
// its product type that its products follow, unpublishing and deletion.
func TestEveryProductSaveKeepsTheSearchIndex(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		found := func(sku string) int {
			t.Helper()
			var r app.SearchRequest
			if err := procura.DecodeJSON([]byte(`{"query":{"exact":{"field":"variants.sku","value":"`+sku+`"}}}`), &r); err != nil {
				t.Fatal(err)
			}
			return must[*app.SearchResponse](t)(a.SearchProducts(ctx, c, r)).Total
		}
		expect := func(when string, want map[string]int) {
			t.Helper()
			for sku, n := range want {
				if got := found(sku); got != n {
					t.Errorf("%s: the search finds %d products of SKU %s, want %d", when, got, sku, n)
				}
			}
		}
		var td procura.ProductTypeDraft
		if err := procura.DecodeJSON([]byte(`{"key":"paint","name":"Paint","attributes":[{"name":"shade","label":{"en":"Shade"},"isRequired":true,
			"attributeConstraint":"Unique","type":{"name":"enum","values":[{"key":"red","label":"Red"},{"key":"blue","label":"Blue"}]}}]}`), &td); err != nil {
			t.Fatal(err)
		}
		pt := must[*procura.ProductType](t)(a.CreateProductType(ctx, c, td))
		p := must[*procura.Product](t)(a.CreateProduct(ctx, c, procura.ProductDraft{Key: "paint", ProductType: &procura.ResourceIdentifier{Key: "paint"},
			Name: procura.LocalizedString{"en": "Paint"}, Slug: procura.LocalizedString{"en": "paint"}, Publish: true,
			MasterVariant: &procura.VariantDraft{SKU: "P-1", Attributes: []procura.Attribute{{Name: "shade", Value: "red"}}}}))
		expect("created", map[string]int{"P-1": 1})

		p = must[*procura.Product](t)(a.UpdateProduct(ctx, c, app.Ref{Key: "paint"}, actions(p.Version,
			`{"action":"addVariant","sku":"P-2","attributes":[{"name":"shade","value":"blue"}],"staged":false}`,
			`{"action":"setSku","variantId":1,"sku":"P-1b","staged":false}`)))
		expect("updated", map[string]int{"P-1": 0, "P-1b": 1, "P-2": 1})

		must[*procura.ProductType](t)(a.UpdateProductType(ctx, c, app.Ref{ID: pt.ID}, actions(pt.Version,
			`{"action":"changeEnumKey","attributeName":"shade","key":"blue","newKey":"navy"}`)))
		p = must[*procura.Product](t)(a.GetProduct(ctx, c, app.Ref{Key: "paint"}))
		if got := p.MasterData.Current.Variants[0].Attributes[0].Value.(map[string]any)["key"]; got != "navy" {
			t.Errorf("the product did not follow its type: shade %v", got)
		}
		expect("after its type changed", map[string]int{"P-1b": 1, "P-2": 1})

		p = must[*procura.Product](t)(a.UpdateProduct(ctx, c, app.Ref{Key: "paint"}, actions(p.Version, `{"action":"unpublish"}`)))
		expect("unpublished", map[string]int{"P-1b": 0})
		p = must[*procura.Product](t)(a.UpdateProduct(ctx, c, app.Ref{Key: "paint"}, actions(p.Version, `{"action":"publish"}`)))
		expect("published again", map[string]int{"P-1b": 1, "P-2": 1})
		must[*procura.Product](t)(a.DeleteProduct(ctx, c, app.Ref{Key: "paint"}, p.Version))
		expect("deleted", map[string]int{"P-1b": 0, "P-2": 0})
	})
}
