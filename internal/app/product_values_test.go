package app

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// The values of attribute values of every JSON shape, and the fields a search names for them.
func TestAttributeValues(t *testing.T) {
	var got []string
	for _, v := range appendValue(nil, "a", []any{
		"text", 2.5, true,
		map[string]any{"key": "red", "label": "Red"},                                       // enum
		map[string]any{"key": "blue", "label": map[string]any{"en": "Blue", "de": "Blau"}}, // lenum
		map[string]any{"en": "Hello", "de-CH": "Grüezi"},                                   // ltext
		map[string]any{"type": "centPrecision", "currencyCode": "EUR", "centAmount": 995.0, "fractionDigits": 2.0},
		map[string]any{"typeId": "product", "id": "p-1"},
		"2026-12-06", "10:30:00", "2026-12-06T10:30:00.000Z",
	}) {
		s := v.Field + "=" + v.Text
		if v.Num != nil {
			s += "#" + number(*v.Num)
		}
		got = append(got, s)
	}
	slices.Sort(got)
	want := []string{
		"a.centAmount=995#995", "a.currencyCode=EUR", "a.fractionDigits=2#2", "a.id=p-1", "a.key=blue", "a.key=red",
		"a.label:de=Blau", "a.label:en=Blue", "a.label=Red", "a.type=centPrecision", "a.typeId=product",
		"a:de-CH=Grüezi", "a:en=Hello", "a=10:30:00#37800000", "a=2.5#2.5", "a=2026-12-06#1796515200000",
		"a=2026-12-06T10:30:00.000Z#1796553000000", "a=text", "a=true",
	}
	if !slices.Equal(got, want) {
		t.Errorf("values:\n got %q\nwant %q", got, want)
	}

	for _, c := range []struct {
		v    SearchValue
		want string
	}{
		{SearchValue{Field: "variants.attributes.color", FieldType: "enum"}, "variants.attributes.color.key"},
		{SearchValue{Field: "variants.attributes.color.label", FieldType: "lenum", Language: "en"}, "variants.attributes.color.label:en"},
		{SearchValue{Field: "attributes.weight", FieldType: "money"}, "attributes.weight.centAmount"},
		{SearchValue{Field: "variants.attributes.maker", FieldType: "reference"}, "variants.attributes.maker.id"},
		{SearchValue{Field: "variants.attributes.title", FieldType: "ltext", Language: "de"}, "variants.attributes.title:de"},
		{SearchValue{Field: "name", Language: "en"}, "name:en"},
		{SearchValue{Field: "variants.prices.centAmount"}, "variants.prices.centAmount"},
	} {
		if got, err := searchField(c.v); err != nil || got != c.want {
			t.Errorf("%+v: %q %v, want %q", c.v, got, err, c.want)
		}
	}
	for _, bad := range []SearchValue{{Field: "name"}, {Field: "variants.attributes.title", FieldType: "ltext"}, {Field: "color"}, {Field: "stores"}} {
		if _, err := searchField(bad); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
	if _, ok := instant("yesterday"); ok {
		t.Error("a word read as a date")
	}
	if w := valueWords([]store.Value{{Field: fieldVariants, Text: "1"}}); len(w) != 0 {
		t.Errorf("variant ids have words: %v", w)
	}
}

// A database whose products have texts but no values (from before the values) gets them at
// start, and its products are then found by range.
func TestIndexProductsAddsMissingValues(t *testing.T) {
	inProject(t, func(t *testing.T, a *App, c Caller) {
		typ := goodsType(t, a, c, "")
		ctx := context.Background()
		p, err := a.CreateProduct(ctx, c, procura.ProductDraft{ProductType: &procura.ResourceIdentifier{ID: typ.ID},
			Name: procura.LocalizedString{"en": "drill"}, Slug: procura.LocalizedString{"en": "drill"}, Publish: true,
			MasterVariant: &procura.VariantDraft{Prices: []procura.PriceDraft{{Value: procura.MoneyDraft{CurrencyCode: "EUR", CentAmount: ptrTo(int64(900))}}}}})
		if err != nil {
			t.Fatal(err)
		}
		cheap := func() int {
			t.Helper()
			return search(t, a, c, `{"query":{"range":{"field":"variants.prices.centAmount","lt":1000}}}`).Total
		}
		if n := cheap(); n != 1 {
			t.Fatalf("before: %d cheap products, want 1", n)
		}
		if err := a.write(ctx, Caller{ProjectKey: "acme"}, func(l *lookup) error {
			return l.docs.SetTexts(procura.TypeProduct, p.ID, productTexts(p, nil), nil)
		}); err != nil {
			t.Fatal(err)
		}
		if n := cheap(); n != 0 {
			t.Fatalf("without values: %d cheap products, want 0", n)
		}
		if err := a.IndexProducts(ctx); err != nil {
			t.Fatal(err)
		}
		if n := cheap(); n != 1 {
			t.Errorf("after indexing: %d cheap products, want 1", n)
		}
	})
}

// A product is in the subtrees of its categories and their ancestors, and moves with them.
func TestCategorySubtreesFollowMoves(t *testing.T) {
	inProject(t, func(t *testing.T, a *App, c Caller) {
		typ := goodsType(t, a, c, "")
		ctx := context.Background()
		category := func(slug string, parent *procura.ResourceIdentifier) *procura.Category {
			t.Helper()
			cat, err := a.CreateCategory(ctx, c, procura.CategoryDraft{Name: procura.LocalizedString{"en": slug}, Slug: procura.LocalizedString{"en": slug}, Parent: parent})
			if err != nil {
				t.Fatal(err)
			}
			return cat
		}
		tools, garden := category("tools", nil), category("garden", nil)
		saws := category("saws", &procura.ResourceIdentifier{ID: tools.ID})
		if _, err := a.CreateProduct(ctx, c, procura.ProductDraft{ProductType: &procura.ResourceIdentifier{ID: typ.ID}, Publish: true,
			Name: procura.LocalizedString{"en": "saw"}, Slug: procura.LocalizedString{"en": "saw"}, Categories: []procura.ResourceIdentifier{{ID: saws.ID}}}); err != nil {
			t.Fatal(err)
		}
		subtrees := func() []string {
			t.Helper()
			res := search(t, a, c, `{"facets":[{"distinct":{"name":"s","field":"categoriesSubTree"}}]}`)
			var out []string
			for _, b := range res.Facets[0].(BucketsResult).Buckets {
				out = append(out, b.Key)
			}
			slices.Sort(out)
			return out
		}
		want := []string{saws.ID, tools.ID}
		slices.Sort(want)
		if got := subtrees(); !slices.Equal(got, want) {
			t.Fatalf("before the move: %v, want saws and tools %v", got, want)
		}
		if _, err := a.UpdateCategory(ctx, c, Ref{ID: saws.ID}, procura.Update{Version: &saws.Version,
			Actions: []json.RawMessage{json.RawMessage(`{"action":"changeParent","parent":{"id":"` + garden.ID + `"}}`)}}); err != nil {
			t.Fatal(err)
		}
		want = []string{saws.ID, garden.ID}
		slices.Sort(want)
		if got := subtrees(); !slices.Equal(got, want) {
			t.Errorf("after the move: %v, want saws and garden %v", got, want)
		}
	})
}

// search runs the product search the JSON request body asks for.
func search(t *testing.T, a *App, c Caller, body string) *SearchResponse {
	t.Helper()
	var r SearchRequest
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatal(err)
	}
	res, err := a.SearchProducts(context.Background(), c, r)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// A name sorts by its letters, even one that reads as a date; prices sort by their amounts.
func TestSearchSortsTextsAsTexts(t *testing.T) {
	inProject(t, func(t *testing.T, a *App, c Caller) {
		typ := goodsType(t, a, c, "")
		for i, name := range []string{"apple", "2026-12-06", "zebra"} {
			_, err := a.CreateProduct(context.Background(), c, procura.ProductDraft{ProductType: &procura.ResourceIdentifier{ID: typ.ID}, Publish: true,
				Name: procura.LocalizedString{"en": name}, Slug: procura.LocalizedString{"en": name},
				MasterVariant: &procura.VariantDraft{Prices: []procura.PriceDraft{{Value: procura.MoneyDraft{CurrencyCode: "EUR", CentAmount: ptrTo(int64(1000 - 300*i))}}}}})
			if err != nil {
				t.Fatal(err)
			}
		}
		names := func(sort string) []string {
			t.Helper()
			res := search(t, a, c, `{"sort":[`+sort+`],"productProjectionParameters":{}}`)
			var out []string
			for _, r := range res.Results {
				var p struct{ Name map[string]string }
				if err := json.Unmarshal(r.ProductProjection, &p); err != nil {
					t.Fatal(err)
				}
				out = append(out, p.Name["en"])
			}
			return out
		}
		for sort, want := range map[string][]string{
			`{"field":"name","language":"en","order":"desc"}`:      {"zebra", "apple", "2026-12-06"},
			`{"field":"name","language":"en","order":"asc"}`:       {"2026-12-06", "apple", "zebra"},
			`{"field":"variants.prices.centAmount","order":"asc"}`: {"zebra", "2026-12-06", "apple"},
		} {
			if got := names(sort); !slices.Equal(got, want) {
				t.Errorf("%s: %v, want %v", sort, got, want)
			}
		}
	})
}
