package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// The Product Search API as storefronts call it (the Store Launchpad's search box, category
// pages and quick order): full text and prefixes by language, exact conditions on SKU,
// category (and its subtree), product type, id and key, and, or and not; published products
// only; pages, totals and projections with a selected price.
func TestProductSearch(t *testing.T) {
	ref := reference(t)
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		sh := newShop(t, s) // widget (W-1), gadget (G-1): published, in EUR
		tools, err := sh.c.Categories().Post(platform.CategoryDraft{Key: ptr("tools"), Name: platform.LocalizedString{"en": "Tools"}, Slug: platform.LocalizedString{"en": "tools"}}).Execute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		saws, err := sh.c.Categories().Post(platform.CategoryDraft{Key: ptr("saws"), Name: platform.LocalizedString{"en": "Saws"}, Slug: platform.LocalizedString{"en": "saws"},
			Parent: &platform.CategoryResourceIdentifier{ID: ptr(tools.ID)}}).Execute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		product := func(key, sku, en, de string, publish bool, cats ...string) {
			t.Helper()
			d := platform.ProductDraft{Key: ptr(key), ProductType: platform.ProductTypeResourceIdentifier{Key: ptr("tools")},
				Name: platform.LocalizedString{"en": en, "de": de}, Slug: platform.LocalizedString{"en": key},
				MasterVariant: &platform.ProductVariantDraft{Sku: ptr(sku), Prices: []platform.PriceDraft{{Value: platform.Money{CentAmount: 2500, CurrencyCode: "EUR"}}}},
				Publish:       ptr(publish)}
			for _, c := range cats {
				d.Categories = append(d.Categories, platform.CategoryResourceIdentifier{ID: ptr(c)})
			}
			if _, err := sh.c.Products().Post(d).Execute(ctx); err != nil {
				t.Fatalf("create %s: %v", key, err)
			}
		}
		product("hand-saw", "S-1", "Japanese hand saw", "Japanische Handsäge", true, saws.ID)
		product("hammer", "H-1", "Claw hammer", "Klauenhammer", true, tools.ID)
		product("hacksaw", "S-2", "Hacksaw for metal", "Metallsäge", false, saws.ID) // not published

		sh.customer(t, "sid")
		customer := sh.login(t, "sid", nil).AccessToken
		search := func(token, body string, want int) map[string]any {
			t.Helper()
			r := s.do(t, http.MethodPost, sh.path("/products/search"), token, []byte(body))
			if r.status != want {
				t.Fatalf("search %s: %d, want %d: %s", body, r.status, want, clip(r.body))
			}
			var m map[string]any
			_ = json.Unmarshal(r.body, &m)
			if want == http.StatusOK {
				expectShape(t, ref, "ProductPagedSearchResponse", "search "+body, r.body)
			}
			return m
		}
		keys := func(page map[string]any) []string {
			out := []string{}
			for _, r := range page["results"].([]any) {
				res := r.(map[string]any)
				if p, ok := res["productProjection"].(map[string]any); ok {
					out = append(out, p["key"].(string))
				} else {
					out = append(out, res["id"].(string))
				}
			}
			slices.Sort(out)
			return out
		}
		params := `,"productProjectionParameters":{"priceCurrency":"EUR"}`
		for _, c := range []struct {
			what, query string
			want        []string
		}{
			{"a word of the name", `{"fullText":{"field":"name","language":"en","value":"hammer"}}`, []string{"hammer"}},
			{"in another language", `{"fullText":{"field":"name","language":"de","value":"handsäge"}}`, []string{"hand-saw"}},
			{"a prefix, as the search box types", `{"fullTextPrefix":{"field":"name","language":"en","value":"japanese han"}}`, []string{"hand-saw"}},
			{"a wildcard", `{"wildcard":{"field":"name","language":"en","value":"*ham*"}}`, []string{"hammer"}},
			{"any of the words", `{"fullText":{"field":"name","language":"en","value":"claw japanese","mustMatch":"any"}}`, []string{"hammer", "hand-saw"}},
			{"by SKU, as quick order asks", `{"exact":{"field":"variants.sku","values":["S-1","H-1","S-2"]}}`, []string{"hammer", "hand-saw"}},
			{"a category's subtree", `{"exact":{"field":"categoriesSubTree","value":"` + tools.ID + `"}}`, []string{"hammer", "hand-saw"}},
			{"a category itself", `{"exact":{"field":"categories","value":"` + tools.ID + `"}}`, []string{"hammer"}},
			{"and, with not", `{"and":[{"exact":{"field":"categoriesSubTree","value":"` + tools.ID + `"}},{"not":[{"exact":{"field":"key","value":"hammer"}}]}]}`, []string{"hand-saw"}},
			{"or", `{"or":[{"exact":{"field":"key","value":"hammer"}},{"fullText":{"field":"name","language":"en","value":"widget"}}]}`, []string{"hammer", "widget"}},
		} {
			if got := keys(search(customer, `{"query":`+c.query+params+`}`, http.StatusOK)); !slices.Equal(got, c.want) {
				t.Errorf("%s: %v, want %v", c.what, got, c.want)
			}
		}

		all := search(customer, `{"limit":2,"offset":1}`, http.StatusOK)
		if all["total"].(float64) != 4 || len(all["results"].([]any)) != 2 || all["offset"].(float64) != 1 {
			t.Errorf("every published product, a page of two from the second: %v", all)
		}
		priced := search(customer, `{"query":{"exact":{"field":"key","value":"hammer"}},"markMatchingVariants":true`+params+`}`, http.StatusOK)
		res := priced["results"].([]any)[0].(map[string]any)
		price := res["productProjection"].(map[string]any)["masterVariant"].(map[string]any)["price"].(map[string]any)
		if price["value"].(map[string]any)["centAmount"].(float64) != 2500 || res["matchingVariants"].(map[string]any)["allMatched"] != true {
			t.Errorf("a result's projection and variants: %v", res)
		}

		// A product that changes is found by what it says now.
		hammer, err := sh.c.Products().WithKey("hammer").Get().Execute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sh.c.Products().WithId(hammer.ID).Post(platform.ProductUpdate{Version: hammer.Version, Actions: []platform.ProductUpdateAction{
			platform.ProductChangeNameAction{Name: platform.LocalizedString{"en": "Sledge hammer"}, Staged: ptr(false)}}}).Execute(ctx); err != nil {
			t.Fatal(err)
		}
		if got := keys(search(customer, `{"query":{"fullText":{"field":"name","language":"en","value":"sledge"}}`+params+`}`, http.StatusOK)); !slices.Equal(got, []string{"hammer"}) {
			t.Errorf("after the rename: %v", got)
		}
		if got := keys(search(customer, `{"query":{"fullText":{"field":"name","language":"en","value":"claw"}}`+params+`}`, http.StatusOK)); len(got) != 0 {
			t.Errorf("the old name still found: %v", got)
		}

		for _, bad := range []string{
			`{"query":{"or":[{"range":{"field":"variants.prices.centAmount","gte":100}},{"exact":{"field":"key","value":"hammer"}}]}}`,
			`{"query":{"fullText":{"field":"name","value":"saw"}}}`,
			`{"query":{"exact":{"field":"color","value":"red"}}}`,
			`{"query":{"or":[{"not":[{"exact":{"field":"key","value":"hammer"}}]}]}}`,
			`{"facets":[{"distinct":{"name":"cat","field":"color"}}]}`,
			`{"limit":101}`,
			`{"sort":[{"field":"name","order":"asc"}]}`,
			`{"query":{"fullText":{"field":"name","language":"en","value":"saw","fuzziness":2}}}`,
		} {
			expectError(t, s.do(t, http.MethodPost, sh.path("/products/search"), customer, []byte(bad)), http.StatusBadRequest)
		}
		viewer := s.newAPIClient(t, s.project, "view_orders:"+s.project)
		expectError(t, s.do(t, http.MethodPost, sh.path("/products/search"), s.token(t, viewer), []byte(`{}`)), http.StatusForbidden)
	})
}
