package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// A category page as the Store Launchpad asks for it: a category's subtree, a post-filter of
// attribute terms and a price range in a currency, facets (distinct values, price ranges,
// counts, statistics) over the query but not the post-filter, and a sort by price or name.
func TestProductSearchFacets(t *testing.T) {
	ref := reference(t)
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		sh := newShop(t, s) // widget and gadget: published, in no category
		tools, err := sh.c.Categories().Post(platform.CategoryDraft{Key: ptr("tools"), Name: platform.LocalizedString{"en": "Tools"}, Slug: platform.LocalizedString{"en": "tools"}}).Execute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		label := func(s string) platform.LocalizedString { return platform.LocalizedString{"en": s} }
		if _, err := sh.c.ProductTypes().Post(platform.ProductTypeDraft{Key: ptr("machines"), Name: "Machines", Attributes: []platform.AttributeDefinitionDraft{
			{Name: "shade", Label: label("Shade"), Type: platform.AttributeTextType{}},
			{Name: "power", Label: label("Power"), Type: platform.AttributeNumberType{}}}}).Execute(ctx); err != nil {
			t.Fatal(err)
		}
		type variant struct {
			sku      string
			color    string
			power    float64
			eur, usd int
		}
		product := func(key, name string, vs ...variant) {
			t.Helper()
			d := platform.ProductDraft{Key: ptr(key), ProductType: platform.ProductTypeResourceIdentifier{Key: ptr("machines")},
				Name: platform.LocalizedString{"en": name}, Slug: platform.LocalizedString{"en": key}, Publish: ptr(true),
				Categories: []platform.CategoryResourceIdentifier{{ID: ptr(tools.ID)}}}
			for i, v := range vs {
				vd := platform.ProductVariantDraft{Sku: ptr(v.sku),
					Prices:     []platform.PriceDraft{{Value: platform.Money{CentAmount: v.eur, CurrencyCode: "EUR"}}, {Value: platform.Money{CentAmount: v.usd, CurrencyCode: "USD"}}},
					Attributes: []platform.Attribute{{Name: "shade", Value: v.color}, {Name: "power", Value: v.power}}}
				if i == 0 {
					d.MasterVariant = &vd
				} else {
					d.Variants = append(d.Variants, vd)
				}
			}
			if _, err := sh.c.Products().Post(d).Execute(ctx); err != nil {
				t.Fatalf("create %s: %v", key, err)
			}
		}
		product("drill", "Cordless drill", variant{"D-1", "red", 18, 9900, 10900}, variant{"D-2", "blue", 18, 10900, 11900})
		product("saw", "Circular saw", variant{"S-1", "red", 1200, 15900, 16900})
		product("sander", "Belt sander", variant{"B-1", "green", 800, 4900, 5900})

		search := func(body string) map[string]any {
			t.Helper()
			r := s.do(t, http.MethodPost, sh.path("/products/search"), sh.admin, []byte(body))
			if r.status != http.StatusOK {
				t.Fatalf("search %s: %d: %s", body, r.status, clip(r.body))
			}
			expectShape(t, ref, "ProductPagedSearchResponse", "search "+body, r.body)
			var m map[string]any
			_ = json.Unmarshal(r.body, &m)
			return m
		}
		keys := func(page map[string]any) []string {
			out := []string{}
			for _, r := range page["results"].([]any) {
				out = append(out, r.(map[string]any)["productProjection"].(map[string]any)["key"].(string))
			}
			return out
		}
		facet := func(page map[string]any, name string) map[string]any {
			t.Helper()
			for _, f := range page["facets"].([]any) {
				if m := f.(map[string]any); m["name"] == name {
					return m
				}
			}
			t.Fatalf("no facet %s in %v", name, page["facets"])
			return nil
		}
		buckets := func(f map[string]any) map[string]float64 {
			out := map[string]float64{}
			for _, b := range f["buckets"].([]any) {
				m := b.(map[string]any)
				out[m["key"].(string)] = m["count"].(float64)
			}
			return out
		}
		equal := func(what string, got, want map[string]float64) {
			t.Helper()
			if len(got) != len(want) {
				t.Errorf("%s: %v, want %v", what, got, want)
				return
			}
			for k, v := range want {
				if got[k] != v {
					t.Errorf("%s: %v, want %v", what, got, want)
					return
				}
			}
		}

		category := `{"and":[{"exact":{"field":"categoriesSubTree","value":"` + tools.ID + `"}}]}`
		euros := `{"and":[{"range":{"field":"variants.prices.centAmount","gte":5000,"lte":12000}},{"exact":{"field":"variants.prices.currencyCode","value":"EUR"}}]}`
		page := search(`{"query":` + category + `,
			"postFilter":{"and":[{"or":[{"exact":{"field":"variants.attributes.shade","fieldType":"text","value":"red"}}]},` + euros + `]},
			"facets":[
				{"distinct":{"name":"color","field":"variants.attributes.shade","fieldType":"text","level":"products","sort":{"by":"key","order":"asc"}}},
				{"ranges":{"name":"prices","field":"variants.prices.centAmount","level":"products","ranges":[{"from":0,"to":10000},{"from":10000,"key":"expensive"}]}},
				{"count":{"name":"all","scope":"all","level":"products"}},
				{"count":{"name":"variants","level":"variants"}},
				{"stats":{"name":"power","field":"variants.attributes.power","fieldType":"number"}}],
			"sort":[{"field":"score","order":"desc"},{"field":"id","order":"desc"}],
			"markMatchingVariants":true,"limit":24,"productProjectionParameters":{"priceCurrency":"EUR"}}`)
		if got := keys(page); !slices.Equal(got, []string{"drill"}) || page["total"].(float64) != 1 {
			t.Errorf("red, from 50 to 120 EUR: %v (total %v), want the drill", got, page["total"])
		}
		equal("colors of the category, the post-filter aside", buckets(facet(page, "color")), map[string]float64{"blue": 1, "green": 1, "red": 2})
		if first := facet(page, "color")["buckets"].([]any)[0].(map[string]any)["key"]; first != "blue" {
			t.Errorf("buckets by key: %v first, want blue", first)
		}
		// The drill's EUR prices are 99 and 109, the saw's 159 (and USD 169), the sander's 49 (59).
		equal("price ranges", buckets(facet(page, "prices")), map[string]float64{"0-10000": 2, "expensive": 2})
		if v := facet(page, "all")["value"]; v != 5.0 {
			t.Errorf("count over every product: %v, want 5 (the shop's widget and gadget too)", v)
		}
		if v := facet(page, "variants")["value"]; v != 4.0 {
			t.Errorf("variants of the category: %v, want 4", v)
		}
		if st := facet(page, "power"); st["min"] != 18.0 || st["max"] != 1200.0 || st["count"] != 4.0 {
			t.Errorf("power statistics: %v", st)
		}

		for _, c := range []struct {
			what, sort string
			want       []string
		}{
			{"cheapest first", `{"field":"variants.prices.centAmount","order":"asc"}`, []string{"sander", "drill", "saw"}},
			{"dearest first", `{"field":"variants.prices.centAmount","order":"desc"}`, []string{"saw", "drill", "sander"}},
			{"by name", `{"field":"name","language":"en","order":"asc"}`, []string{"sander", "saw", "drill"}},
			{"by key, descending", `{"field":"key","order":"desc"}`, []string{"saw", "sander", "drill"}},
			{"by an attribute", `{"field":"variants.attributes.power","fieldType":"number","order":"desc","mode":"min"}`, []string{"saw", "sander", "drill"}},
		} {
			got := keys(search(`{"query":` + category + `,"sort":[` + c.sort + `],"productProjectionParameters":{}}`))
			if !slices.Equal(got, c.want) {
				t.Errorf("%s: %v, want %v", c.what, got, c.want)
			}
		}

		// "*" lists a language's products, as the Launchpad asks when nothing is typed; exists
		// and exact on a number, case-insensitive exact on a SKU.
		for _, c := range []struct {
			what, query string
			total       float64
		}{
			{"wildcard *", `{"wildcard":{"field":"name","language":"en","value":"*"}}`, 5},
			{"exists", `{"exists":{"field":"variants.attributes.shade"}}`, 3},
			{"a number", `{"exact":{"field":"variants.attributes.power","fieldType":"number","value":800}}`, 1},
			{"a SKU in any case", `{"exact":{"field":"variants.sku","value":"d-2","caseInsensitive":true}}`, 1},
			{"a SKU in another case", `{"exact":{"field":"variants.sku","value":"d-2"}}`, 0},
			{"a time range", `{"range":{"field":"createdAt","gte":"2000-01-01T00:00:00.000Z"}}`, 5},
			{"a store", `{"exact":{"field":"stores","value":"no-such-store"}}`, 0},
		} {
			if got := search(`{"query":` + c.query + `}`)["total"]; got != c.total {
				t.Errorf("%s: %v products, want %v", c.what, got, c.total)
			}
		}

		// Enums count by key (or by label in a language), and an exact condition names the key.
		apparel := sh.apparelType(t)
		sh.tee(t) // T-1 red and m, T-2 blue and m
		ofType := `{"exact":{"field":"productType","value":"` + apparel.ID + `"}}`
		enums := search(`{"query":` + ofType + `,"facets":[{"distinct":{"name":"color","field":"variants.attributes.color","fieldType":"enum"}},
			{"distinct":{"name":"size","field":"variants.attributes.size.label","fieldType":"lenum","language":"en"}}]}`)
		equal("enum keys", buckets(facet(enums, "color")), map[string]float64{"red": 1, "blue": 1})
		equal("localized enum labels", buckets(facet(enums, "size")), map[string]float64{"M": 1})
		if got := search(`{"query":{"and":[` + ofType + `,{"exact":{"field":"variants.attributes.color","fieldType":"enum","value":"blue"}}]}}`)["total"]; got != 1.0 {
			t.Errorf("an enum by key: %v products, want 1", got)
		}

		// Larger than any storefront's: refused before any query runs.
		many := func(n int, item string) string { return strings.TrimSuffix(strings.Repeat(item+",", n), ",") }
		for _, big := range []string{
			`{"facets":[` + many(51, `{"count":{"name":"c"}}`) + `]}`,
			`{"sort":[` + many(11, `{"field":"id","order":"asc"}`) + `]}`,
			`{"query":{"exact":{"field":"variants.sku","values":[` + many(1001, `"S"`) + `]}}}`,
			`{"facets":[{"ranges":{"name":"p","field":"variants.prices.centAmount","ranges":[` + many(51, `{"from":1}`) + `]}}]}`,
			`{"facets":[{"distinct":{"name":"c","field":"key","includes":[` + many(201, `"k"`) + `]}}]}`,
		} {
			expectErrorCode(t, s.do(t, http.MethodPost, sh.path("/products/search"), sh.admin, []byte(big)), "InvalidInput", http.StatusBadRequest)
		}

		for _, bad := range []string{
			`{"query":{"not":[{"exists":{"field":"key"}}]}}`,
			`{"query":{"range":{"field":"variants.prices.centAmount"}}}`,
			`{"query":{"range":{"field":"variants.prices.centAmount","gte":"cheap"}}}`,
			`{"facets":[{"distinct":{"name":"c","field":"variants.attributes.color","limit":201}}]}`,
			`{"facets":[{"distinct":{"field":"variants.attributes.color"}}]}`,
			`{"facets":[{"ranges":{"name":"p","field":"variants.prices.centAmount","ranges":[]}}]}`,
			`{"facets":[{"count":{"name":"c","scope":"everything"}}]}`,
			`{"facets":[{"terms":{"name":"c"}}]}`,
			`{"sort":[{"field":"variants.prices.centAmount","order":"up"}]}`,
			`{"sort":[{"field":"variants.prices.centAmount","order":"asc","mode":"avg"}]}`,
		} {
			expectError(t, s.do(t, http.MethodPost, sh.path("/products/search"), sh.admin, []byte(bad)), http.StatusBadRequest)
		}
	})
}
