package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// The catalog calls of commercetools' B2B storefront (the Store Launchpad), replayed in the shape
// its code builds them, with its API client's token: the facet definitions from the product types
// (K7), the category tree and a category page's category by slug (K6), the categories of the
// store's products (a categoriesSubTree facet), a category page's search with its facets,
// post-filter and sort (K1), and the product page's projections by id, SKU and key (K2-K5). Each
// answer is checked for the fields the storefront's mappers read without a guard, by the
// reference's shape and by value.
func TestLaunchpadCatalogCalls(t *testing.T) {
	ref := reference(t)
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		w := newWorld(t, s)
		if r := s.do(t, http.MethodPost, w.path("/stores"), w.admin, []byte(`{"key":"b2b-store","name":{"en":"B2B"}}`)); r.status != http.StatusCreated {
			t.Fatalf("create the store: %d %s", r.status, clip(r.body))
		}
		storeID := w.s.getJSON(t, w.path("/stores/key=b2b-store"), w.admin)["id"].(string)
		category := func(key, parent string) string {
			t.Helper()
			d := platform.CategoryDraft{Key: ptr(key), Name: platform.LocalizedString{"en": strings.ToUpper(key[:1]) + key[1:]}, Slug: platform.LocalizedString{"en": key}, OrderHint: ptr("0.5")}
			if parent != "" {
				d.Parent = &platform.CategoryResourceIdentifier{ID: ptr(parent)}
			}
			c, err := w.c.Categories().Post(d).Execute(ctx)
			if err != nil {
				t.Fatalf("create the category %s: %v", key, err)
			}
			return c.ID
		}
		workwear := category("workwear", "")
		shirts := category("shirts", workwear)
		w.apparelType(t)
		tee := w.tee(t) // T-1 red and m, T-2 blue and m; 19 EUR
		if _, err := w.c.Products().WithId(tee.ID).Post(platform.ProductUpdate{Version: tee.Version, Actions: []platform.ProductUpdateAction{
			platform.ProductAddToCategoryAction{Category: platform.CategoryResourceIdentifier{ID: ptr(shirts)}, Staged: ptr(false)}}}).Execute(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := w.c.Products().Post(platform.ProductDraft{Key: ptr("apron"), ProductType: platform.ProductTypeResourceIdentifier{Key: ptr("apparel")},
			Name: platform.LocalizedString{"en": "Canvas apron"}, Slug: platform.LocalizedString{"en": "canvas-apron"}, Publish: ptr(true),
			Categories: []platform.CategoryResourceIdentifier{{ID: ptr(workwear)}},
			MasterVariant: &platform.ProductVariantDraft{Sku: ptr("A-1"), Attributes: []platform.Attribute{{Name: "color", Value: "blue"}, {Name: "brand", Value: "Acme"}},
				Prices: []platform.PriceDraft{{Value: platform.Money{CentAmount: 4500, CurrencyCode: "EUR"}}}}}).Execute(ctx); err != nil {
			t.Fatal(err)
		}

		call := func(typ, method, path, body string) map[string]any {
			t.Helper()
			var b []byte
			if body != "" {
				b = []byte(body)
			}
			r := s.do(t, method, w.path(path), w.admin, b)
			if r.status != http.StatusOK {
				t.Fatalf("%s %s: status %d: %s", method, path, r.status, clip(r.body))
			}
			expectShape(t, ref, typ, method+" "+path, r.body)
			var m map[string]any
			_ = json.Unmarshal(r.body, &m)
			return m
		}
		results := func(m map[string]any) []map[string]any {
			var out []map[string]any
			for _, r := range m["results"].([]any) {
				out = append(out, r.(map[string]any))
			}
			return out
		}

		// K7: the facet definitions are the product types' searchable attributes.
		types := results(call("ProductTypePagedQueryResponse", http.MethodGet, "/product-types", ""))
		if len(types) != 1 || len(types[0]["attributes"].([]any)) == 0 {
			t.Fatalf("product types: %v", types)
		}
		for _, a := range types[0]["attributes"].([]any) {
			def := a.(map[string]any)
			if def["name"] == nil || def["type"].(map[string]any)["name"] == nil || def["isSearchable"] == nil || def["label"] == nil {
				t.Errorf("an attribute definition lacks what the facet definitions read: %v", def)
			}
		}

		// K6: the tree (flat, by order hint, with ancestors and parent expanded), a category by slug.
		expand := "&expand=" + url.QueryEscape("ancestors[*]") + "&expand=parent&sort=orderHint"
		tree := results(call("CategoryPagedQueryResponse", http.MethodGet, "/categories?limit=500"+expand, ""))
		if len(tree) != 2 {
			t.Fatalf("the category tree: %v", tree)
		}
		bySlug := results(call("CategoryPagedQueryResponse", http.MethodGet, "/categories?limit=24&where="+url.QueryEscape(`slug(en="shirts")`)+expand, ""))
		if len(bySlug) != 1 || bySlug[0]["parent"].(map[string]any)["obj"].(map[string]any)["key"] != "workwear" ||
			bySlug[0]["ancestors"].([]any)[0].(map[string]any)["obj"].(map[string]any)["slug"].(map[string]any)["en"] != "workwear" {
			t.Fatalf("a category by slug, its parent and ancestors expanded: %v", bySlug)
		}
		children := results(call("CategoryPagedQueryResponse", http.MethodGet, "/categories?where="+url.QueryEscape(`parent(id="`+workwear+`")`)+expand, ""))
		if len(children) != 1 || children[0]["id"] != shirts {
			t.Fatalf("the children of workwear: %v", children)
		}

		// The categories the store's products are in, with those above them.
		subtrees := call("ProductPagedSearchResponse", http.MethodPost, "/products/search",
			`{"query":{"exact":{"field":"stores","value":"`+storeID+`"}},"facets":[{"distinct":{"name":"categoriesSubTree","field":"categoriesSubTree","level":"products","limit":200}}]}`)
		counts := map[string]float64{}
		for _, b := range subtrees["facets"].([]any)[0].(map[string]any)["buckets"].([]any) {
			counts[b.(map[string]any)["key"].(string)] = b.(map[string]any)["count"].(float64)
		}
		if len(counts) != 2 || counts[workwear] != 2 || counts[shirts] != 1 {
			t.Fatalf("categoriesSubTree buckets: %v, want workwear 2, shirts 1", counts)
		}

		// K1: the shirts page filtered by the color Red, as ProductSearchFactory builds it.
		colorFilter := `{"exact":{"field":"variants.attributes.color.label","fieldType":"enum","value":"Red"}}`
		page := call("ProductPagedSearchResponse", http.MethodPost, "/products/search", `{
			"query":{"and":[{"exact":{"field":"categoriesSubTree","value":"`+workwear+`"}}]},
			"productProjectionParameters":{"priceCountry":"DE","priceCurrency":"EUR","expand":["categories[*].ancestors[*]","categories[*].parent",
				"masterVariant.price.discounted.discount","masterVariant.prices[*].discounted.discount","variants[*].price.discounted.discount","variants[*].prices[*].discounted.discount"]},
			"markMatchingVariants":true,
			"postFilter":`+colorFilter+`,
			"limit":24,"offset":0,
			"facets":[
				{"distinct":{"name":"variants.attributes.color","field":"variants.attributes.color.label","fieldType":"enum","level":"products","sort":{"by":"key","order":"asc"}}},
				{"distinct":{"name":"variants.attributes.size","field":"variants.attributes.size.label","fieldType":"lenum","language":"en","level":"products","sort":{"by":"key","order":"asc"},"filter":`+colorFilter+`}},
				{"distinct":{"name":"variants.attributes.brand","field":"variants.attributes.brand","fieldType":"text","level":"products","sort":{"by":"key","order":"asc"},"filter":`+colorFilter+`}},
				{"ranges":{"name":"variants.prices","field":"variants.prices.centAmount","level":"products","ranges":[{"from":0}],"filter":`+colorFilter+`}}],
			"sort":[{"field":"score","order":"desc"},{"field":"id","order":"desc"}]}`)
		hits := results(page)
		if page["total"] != 1.0 || len(hits) != 1 || hits[0]["id"] != tee.ID {
			t.Fatalf("the red things of workwear: %v", page)
		}
		projection := hits[0]["productProjection"].(map[string]any)
		if projection["masterVariant"].(map[string]any)["price"].(map[string]any)["value"].(map[string]any)["centAmount"] != 1900.0 ||
			projection["categories"].([]any)[0].(map[string]any)["obj"] == nil || hits[0]["matchingVariants"] == nil {
			t.Errorf("a hit's projection (price, expanded categories) and matching variants: %v", hits[0])
		}
		buckets := map[string]string{}
		for _, f := range page["facets"].([]any) {
			m := f.(map[string]any)
			var parts []string
			for _, b := range m["buckets"].([]any) {
				parts = append(parts, b.(map[string]any)["key"].(string)+"="+jsonText(b.(map[string]any)["count"]))
			}
			buckets[m["name"].(string)] = strings.Join(parts, " ")
		}
		for name, want := range map[string]string{
			"variants.attributes.color": "Blue=2 Red=1", // not narrowed by the post-filter
			"variants.attributes.size":  "M=1",
			"variants.attributes.brand": "Acme=1",
			"variants.prices":           "0-*=1",
		} {
			if buckets[name] != want {
				t.Errorf("facet %s: %q, want %q", name, buckets[name], want)
			}
		}

		// K2-K5: the product page's projections by ids, by SKU, by id and by key.
		params := "priceCurrency=EUR&priceCountry=DE&expand=" + url.QueryEscape("categories[*].ancestors[*]")
		byIDs := results(call("ProductProjectionPagedQueryResponse", http.MethodGet, "/product-projections?"+params+"&where="+url.QueryEscape(`id in ("`+tee.ID+`")`), ""))
		bySKU := results(call("ProductProjectionPagedQueryResponse", http.MethodGet, "/product-projections?"+params+"&limit=1&where="+url.QueryEscape(`masterVariant(sku="T-2") or variants(sku="T-2")`), ""))
		if len(byIDs) != 1 || len(bySKU) != 1 || bySKU[0]["id"] != tee.ID {
			t.Fatalf("projections by ids and by SKU: %v %v", byIDs, bySKU)
		}
		for _, p := range []map[string]any{
			call("ProductProjection", http.MethodGet, "/product-projections/"+tee.ID+"?"+params, ""),
			call("ProductProjection", http.MethodGet, "/product-projections/key=tee?"+params, ""),
		} {
			v := p["masterVariant"].(map[string]any)
			if p["slug"].(map[string]any)["en"] != "linen-tee" || v["price"] == nil || len(v["attributes"].([]any)) == 0 || len(v["images"].([]any)) != 1 {
				t.Errorf("the product page's projection: %v", p)
			}
		}
	})
}

// jsonText writes a JSON value as its text.
func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
