package storetest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/procura/procura/internal/store"
)

// testCategoryValues: a search of a category, or of several, pages, sorts, counts and sums as the
// same search with one more condition that every document meets (which a store answers the
// general way) does, over documents in one, two or no categories whose values are written,
// replaced and dropped; another project's documents never count.
func testCategoryValues(t *testing.T, s store.Store) {
	p, other := newProject(t, s, "acme"), newProject(t, s, "globex")
	rng := rand.New(rand.NewPCG(7, 57))
	num := func(f float64) *float64 { return &f }
	colors := []string{"red", "blue", "green", "Black"}
	values := func(i int) []store.Value {
		var out []store.Value
		switch i % 5 {
		case 0, 1:
			out = append(out, store.Value{Field: "categories", Text: "tools"})
		case 2:
			out = append(out, store.Value{Field: "categories", Text: "saws"})
		case 3:
			out = append(out, store.Value{Field: "categories", Text: "tools"}, store.Value{Field: "categories", Text: "saws"})
		}
		for range rng.IntN(3) { // variants: a color and a price each, maybe the same again
			price := float64(100 * rng.IntN(30))
			out = append(out, store.Value{Field: "color", Text: colors[rng.IntN(len(colors))]},
				store.Value{Field: "price", Text: fmt.Sprint(price), Num: num(price)})
		}
		if rng.IntN(4) > 0 {
			out = append(out, store.Value{Field: "name", Text: fmt.Sprintf("%c-name", 'a'+rng.IntN(26))})
		}
		rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] }) // categories anywhere
		return out
	}
	write := func(project string, from, to int) {
		mustWrite(t, s, func(tx store.Tx) error {
			for i := from; i < to; i++ {
				vs := values(i + rng.IntN(2))
				text := "zall"
				for _, v := range vs {
					if v.Field == "categories" {
						text += " c" + v.Text
					}
				}
				if err := tx.Docs(project).SetTexts("product", fmt.Sprintf("p%03d", i), map[string]string{"": text}, vs); err != nil {
					return err
				}
			}
			return nil
		})
	}
	write(p.ID, 0, 60)
	write(other.ID, 0, 20)
	write(p.ID, 20, 40)                       // replaced: other categories and values
	mustWrite(t, s, func(tx store.Tx) error { // dropped, as an unpublished product's
		return tx.Docs(p.ID).SetTexts("product", "p007", nil, nil)
	})

	category := func(name string) store.TextQuery {
		return store.TextQuery{Word: "c" + name, Value: &store.Value{Field: "categories", Text: name}}
	}
	// generally is a search answered the general way, by its words: and a word every document
	// has.
	generally := func(ts store.TextSearch) store.TextSearch {
		ts.Query = store.TextQuery{And: []store.TextQuery{{Word: "zall"}, ts.Query}}
		return ts
	}
	searches := map[string]store.TextQuery{
		"a category":     category("tools"),
		"two categories": {Or: []store.TextQuery{category("tools"), category("saws")}},
		"an empty one":   category("hammers"),
	}
	sorts := map[string][]store.ValueSort{
		"by id":                     nil,
		"by id, descending":         {{ID: true, Desc: true}},
		"cheapest first":            {{Field: "price"}},
		"dearest first, by largest": {{Field: "price", Desc: true, Max: true}},
		"by name, descending":       {{Field: "name", Desc: true, Only: "text"}},
		"by color, then price":      {{Field: "color"}, {Field: "price", Desc: true}},
	}
	read := func(fn func(d store.Docs) error) {
		t.Helper()
		if err := s.Read(ctx, func(tx store.Tx) error { return fn(tx.Docs(p.ID)) }); err != nil {
			t.Fatal(err)
		}
	}
	for name, q := range searches {
		ts := store.TextSearch{Type: "product", Query: q, Unranked: true}
		for sname, sort := range sorts {
			for _, page := range [][2]int{{5, 0}, {7, 9}, {100, 0}, {0, 0}} {
				ts.Sort, ts.Limit, ts.Offset = sort, page[0], page[1]
				read(func(d store.Docs) error {
					got, total, err := d.SearchTexts(ts)
					if err != nil {
						return err
					}
					want, wantTotal, err := d.SearchTexts(generally(ts))
					if err == nil && (!slices.Equal(got, want) || total != wantTotal) {
						t.Errorf("%s, %s, page %v: %v (%d), want %v (%d)", name, sname, page, got, total, want, wantTotal)
					}
					return err
				})
			}
		}
		ts.Sort, ts.Limit, ts.Offset = nil, 0, 0
		for _, c := range []store.ValueCount{
			{Field: "color", Limit: 10},
			{Field: "color", Limit: 2, ByKey: true, Desc: true},
			{Field: "color", Limit: 10, Includes: []string{"red", "Black"}},
			{Field: "color", Limit: 10, Rows: true},
			{Field: "price", Ranges: []store.ValueRange{{Max: num(1000), MaxExcl: true}, {Min: num(1000)}, {Min: num(500), Max: num(1500)}}},
			{Field: "price", Rows: true, Ranges: []store.ValueRange{{Min: num(0)}}},
		} {
			read(func(d store.Docs) error {
				got, err := d.CountValues(ts, c)
				if err != nil {
					return err
				}
				want, err := d.CountValues(generally(ts), c)
				if err == nil && !slices.Equal(got, want) {
					t.Errorf("%s, count %+v: %v, want %v", name, c, got, want)
				}
				return err
			})
		}
		read(func(d store.Docs) error {
			got, err := d.StatValues(ts, "price")
			if err != nil {
				return err
			}
			want, err := d.StatValues(generally(ts), "price")
			if err == nil && fmt.Sprint(deref(got)) != fmt.Sprint(deref(want)) {
				t.Errorf("%s, statistics: %v, want %v", name, deref(got), deref(want))
			}
			return err
		})
	}
	read(func(d store.Docs) error { // the dropped product is in no category
		ids, _, err := d.SearchTexts(store.TextSearch{Type: "product", Query: category("tools"), Unranked: true, Limit: 100})
		if slices.Contains(ids, "p007") || len(ids) == 0 {
			t.Errorf("tools: %v", ids)
		}
		return err
	})
}

// deref is a statistics' numbers, for printing.
func deref(st store.ValueStats) []any {
	out := []any{st.Count}
	for _, f := range []*float64{st.Min, st.Max, st.Sum} {
		if f == nil {
			out = append(out, nil)
			continue
		}
		out = append(out, *f)
	}
	return out
}
