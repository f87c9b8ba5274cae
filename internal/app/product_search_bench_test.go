package app

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/sqlstore"
	"github.com/procura/procura/internal/sqlstore/sqltest"
)

// BenchmarkProductSearch searches 100,000 published products (names of three words of a
// 500-word vocabulary in two languages, one of 50 categories each) the way storefronts do, and
// reports the median and p99 latency of each kind of search:
//
//	go test ./internal/app -run '^$' -bench BenchmarkProductSearch -benchtime=400x -timeout 60m
//
// (PROCURA_TEST_POSTGRES set for PostgreSQL too). Writing the products takes minutes: with
// PROCURA_BENCH_SQLITE or PROCURA_BENCH_POSTGRES naming a database (a URL as the server's), the
// first run writes them there and the next runs search them again.
func BenchmarkProductSearch(b *testing.B) {
	for _, backend := range sqltest.Backends() {
		b.Run(backend.Name, func(b *testing.B) {
			ctx := context.Background()
			var db *sqlstore.DB
			if url := os.Getenv("PROCURA_BENCH_" + strings.ToUpper(backend.Name)); url != "" {
				var err error
				if db, err = sqlstore.Open(ctx, url); err != nil {
					b.Fatal(err)
				}
				b.Cleanup(func() { db.Close() })
			} else {
				db = sqltest.Open(b, backend)
			}
			a := New(db)
			c := Caller{ProjectKey: "acme"}
			cats, vocabulary, err := benchCatalog(b, a, c)
			if err != nil {
				b.Fatal(err)
			}
			benchSearches(b, a, c, cats, vocabulary)
		})
	}
}

// benchProducts is how many products the benchmark searches.
const benchProducts = 100_000

// benchCatalog writes the benchmark's products, or finds them written before, and returns the ids
// of their categories and the words of their names.
func benchCatalog(b *testing.B, a *App, c Caller) (cats, vocabulary []string, err error) {
	ctx := context.Background()
	vocabulary = make([]string, 500)
	for i := range vocabulary {
		vocabulary[i] = fmt.Sprintf("w%03dx%s", i, strings.Repeat(string(rune('a'+i%26)), 3))
	}
	if _, err := a.CreateProject(ctx, "acme", ""); procura.ErrorCode(err) == procura.CodeDuplicateField {
		// Written before: the categories are the project's.
		page, err := a.QueryCategories(ctx, c, Query{Limit: 500})
		if err != nil {
			return nil, nil, err
		}
		for _, raw := range page.raw {
			var cat procura.Category
			if err := json.Unmarshal(raw, &cat); err != nil {
				return nil, nil, err
			}
			cats = append(cats, cat.ID)
		}
		return cats, vocabulary, nil
	} else if err != nil {
		return nil, nil, err
	}
	colors := benchColors
	var colorValues []procura.EnumValue
	for _, c := range colors {
		colorValues = append(colorValues, procura.EnumValue{Key: c, Label: c})
	}
	typ, err := a.CreateProductType(ctx, c, procura.ProductTypeDraft{Key: "goods", Name: "Goods", Attributes: []procura.AttributeDefinitionDraft{
		{Name: "color", Type: &procura.AttributeType{Name: "enum", Values: colorValues}, Label: procura.LocalizedString{"en": "Color"}, IsRequired: ptrTo(false)},
		{Name: "power", Type: &procura.AttributeType{Name: "number"}, Label: procura.LocalizedString{"en": "Power"}, IsRequired: ptrTo(false)}}})
	if err != nil {
		return nil, nil, err
	}
	for i := range 50 {
		cat, err := a.CreateCategory(ctx, c, procura.CategoryDraft{Name: procura.LocalizedString{"en": "c"}, Slug: procura.LocalizedString{"en": fmt.Sprint("cat-", i)}})
		if err != nil {
			return nil, nil, err
		}
		cats = append(cats, cat.ID)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Now()
	const batch = 5000
	for from := 0; from < benchProducts; from += batch {
		err := a.write(ctx, Caller{ProjectKey: "acme"}, func(l *lookup) error {
			for i := from; i < from+batch; i++ {
				name := vocabulary[rng.IntN(500)] + " " + vocabulary[rng.IntN(500)] + " " + vocabulary[rng.IntN(500)]
				p, err := procura.NewProduct(procura.ProductDraft{
					Name: procura.LocalizedString{"en": name, "de": name + " de"}, Slug: procura.LocalizedString{"en": fmt.Sprint("p-", i)},
					MasterVariant: &procura.VariantDraft{SKU: fmt.Sprint("SKU-", i), Prices: []procura.PriceDraft{{Value: procura.MoneyDraft{CurrencyCode: "EUR", CentAmount: ptrTo(int64(100 + i%5000))}}},
						Attributes: []procura.Attribute{{Name: "color", Value: colors[rng.IntN(len(colors))]}, {Name: "power", Value: float64(rng.IntN(2000))}}},
					Categories: []procura.ResourceIdentifier{{ID: cats[i%len(cats)]}}, Publish: true,
				}, typ, a.NewID(), a.change(l))
				if err != nil {
					return err
				}
				if err := productKind.insert(l.docs, p); err != nil {
					return err
				}
				if err := indexProduct(l, p); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
		// As a database's own statistics collection would (this machine's PostgreSQL runs
		// without autovacuum): plans made on a near-empty table are not kept for a full one.
		if err := a.Store.(interface{ Analyze(context.Context) error }).Analyze(ctx); err != nil {
			return nil, nil, err
		}
	}
	b.Logf("%d products written and indexed in %s", benchProducts, time.Since(start).Round(time.Second))
	return cats, vocabulary, nil
}

// benchColors are the values of the products' color.
var benchColors = []string{"red", "green", "blue", "black", "white", "yellow", "grey", "orange"}

// benchSearches measures each kind of search over the products of benchCatalog.
func benchSearches(b *testing.B, a *App, c Caller, cats, vocabulary []string) {
	ctx := context.Background()
	colors := benchColors
	rng := rand.New(rand.NewPCG(3, 4))
	word := func() string { return vocabulary[rng.IntN(500)] }
	category := func() string { return `{"exact":{"field":"categories","value":"` + cats[rng.IntN(len(cats))] + `"}}` }
	// A storefront's category page: facets of colors and price ranges, the post-filter of a
	// chosen color and price range, cheapest first.
	facets := `"facets":[{"distinct":{"name":"color","field":"variants.attributes.color","fieldType":"enum"}},
		{"ranges":{"name":"price","field":"variants.prices.centAmount","ranges":[{"to":1000},{"from":1000,"to":3000},{"from":3000}]}}]`
	// A search with facets runs cold (the node keeps no facet count: each is counted) and
	// warm (every category's facets already counted, as a storefront's steady state).
	searches := []struct {
		name string
		body func() string
	}{
		{"word", func() string { return `"query":{"fullText":{"field":"name","language":"en","value":"` + word() + `"}}` }},
		{"prefix", func() string {
			return `"query":{"fullTextPrefix":{"field":"name","language":"en","value":"` + word() + " " + word()[:3] + `"}}`
		}},
		{"sku", func() string {
			return fmt.Sprintf(`"query":{"exact":{"field":"variants.sku","value":"SKU-%d"}}`, rng.IntN(benchProducts))
		}},
		{"category+word", func() string {
			return `"query":{"and":[` + category() + `,{"fullText":{"field":"name","language":"en","value":"` + word() + `"}}]}`
		}},
		{"category", func() string { return `"query":` + category() }},
		{"category+facets", func() string { return `"query":` + category() + `,` + facets }},
		{"category+facets+filter+sort", func() string {
			return `"query":` + category() + `,` + facets + `,"postFilter":{"and":[{"exact":{"field":"variants.attributes.color","fieldType":"enum","value":"` + colors[rng.IntN(len(colors))] + `"}},
				{"range":{"field":"variants.prices.centAmount","gte":1000,"lt":3000}}]},"sort":[{"field":"variants.prices.centAmount","order":"asc"}]`
		}},
		{"category+sort-by-name", func() string {
			return `"query":` + category() + `,"sort":[{"field":"name","language":"en","order":"asc"}]`
		}},
	}
	search := func(b *testing.B, body string) time.Duration {
		var r SearchRequest
		if err := json.Unmarshal([]byte(`{"limit":24,`+body+`}`), &r); err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		if _, err := a.SearchProducts(ctx, c, r); err != nil {
			b.Fatal(err)
		}
		return time.Since(t0)
	}
	for _, s := range searches { // warm the database's caches after the bulk write
		for range 50 {
			search(b, s.body())
		}
	}
	forget := func() {
		a.caches.facets.mu.Lock()
		a.caches.facets.entries = nil
		a.caches.facets.mu.Unlock()
	}
	measure := func(b *testing.B, body func() string, before func()) {
		times := make([]time.Duration, 0, b.N)
		for range b.N {
			before()
			times = append(times, search(b, body()))
		}
		slices.Sort(times)
		b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1000, "p99-ms")
	}
	for _, s := range searches {
		if !strings.Contains(s.name, "facets") {
			b.Run(s.name, func(b *testing.B) { measure(b, s.body, func() {}) })
			continue
		}
		b.Run(s.name+"/cold", func(b *testing.B) { measure(b, s.body, forget) })
		b.Run(s.name+"/warm", func(b *testing.B) {
			for range 20 * len(cats) { // every category, most likely
				search(b, s.body())
			}
			measure(b, s.body, func() {})
		})
	}
}

func ptrTo[T any](v T) *T { return &v }
