package storetest

import (
	"slices"
	"testing"

	"github.com/procura/procura/internal/store"
)

// testValues: a search keeps the documents with a value in its ranges, orders them by their
// values (smallest or largest, those without last), counts them per value and per range, and
// sums a field's numbers up; replaced values are forgotten, and another project's never count.
func testValues(t *testing.T, s store.Store) {
	p, other := newProject(t, s, "acme"), newProject(t, s, "globex")
	num := func(f float64) *float64 { return &f }
	val := func(field, text string, n *float64) store.Value { return store.Value{Field: field, Text: text, Num: n} }
	docs := []struct {
		project, id string
		values      []store.Value
	}{
		{p.ID, "drill", []store.Value{val("price", "900", num(900)), val("price", "1900", num(1900)), val("color", "red", nil), val("color", "blue", nil), val("word", "apple", nil)}},
		{p.ID, "saw", []store.Value{val("price", "1500", num(1500)), val("color", "red", nil), val("word", "Banana", nil)}},
		{p.ID, "sander", []store.Value{val("color", "green", nil)}},
		{other.ID, "g-drill", []store.Value{val("price", "100", num(100)), val("color", "red", nil)}},
	}
	mustWrite(t, s, func(tx store.Tx) error {
		for _, d := range docs {
			if err := tx.Docs(d.project).SetTexts("product", d.id, map[string]string{"": "zall"}, d.values); err != nil {
				return err
			}
		}
		return nil
	})
	all := store.TextSearch{Type: "product", Query: store.TextQuery{Word: "zall"}, Limit: 20, Unranked: true}
	read := func(fn func(d store.Docs) error) {
		t.Helper()
		if err := s.Read(ctx, func(tx store.Tx) error { return fn(tx.Docs(p.ID)) }); err != nil {
			t.Fatal(err)
		}
	}
	find := func(what string, ts store.TextSearch, want ...string) {
		t.Helper()
		read(func(d store.Docs) error {
			got, total, err := d.SearchTexts(ts)
			if err == nil && (!slices.Equal(got, want) || total != len(want)) {
				t.Errorf("%s: %v (total %d), want %v", what, got, total, want)
			}
			return err
		})
	}
	with := func(ranges []store.ValueRange, sort ...store.ValueSort) store.TextSearch {
		ts := all
		ts.Ranges, ts.Sort = ranges, sort
		return ts
	}
	find("a range", with([]store.ValueRange{{Field: "price", Min: num(900), Max: num(1500)}}), "drill", "saw")
	find("exclusive bounds", with([]store.ValueRange{{Field: "price", Min: num(900), Max: num(1500), MinExcl: true}}), "saw")
	find("an exclusive upper bound", with([]store.ValueRange{{Field: "price", Min: num(900), Max: num(1500), MaxExcl: true}}), "drill")
	find("any value", with([]store.ValueRange{{Field: "price", Any: true}}), "drill", "saw")
	find("two ranges", with([]store.ValueRange{{Field: "price", Max: num(1000)}, {Field: "price", Min: num(1800)}}), "drill")
	find("cheapest first, none last", with(nil, store.ValueSort{Field: "price"}), "drill", "saw", "sander")
	find("by the largest, descending", with(nil, store.ValueSort{Field: "price", Desc: true, Max: true}), "drill", "saw", "sander")
	find("by the smallest, descending", with(nil, store.ValueSort{Field: "price", Desc: true}), "saw", "drill", "sander")
	find("by text", with(nil, store.ValueSort{Field: "color"}), "drill", "sander", "saw")
	find("by text, byte by byte on both backends", with(nil, store.ValueSort{Field: "word"}), "saw", "drill", "sander")
	find("by id, descending", with(nil, store.ValueSort{ID: true, Desc: true}), "saw", "sander", "drill")

	count := func(what string, c store.ValueCount, want ...store.Bucket) {
		t.Helper()
		read(func(d store.Docs) error {
			got, err := d.CountValues(all, c)
			if err == nil && !slices.Equal(got, want) {
				t.Errorf("%s: %v, want %v", what, got, want)
			}
			return err
		})
	}
	b := func(key string, n int) store.Bucket { return store.Bucket{Key: key, Count: n} }
	count("distinct, most first", store.ValueCount{Field: "color", Limit: 10}, b("red", 2), b("blue", 1), b("green", 1))
	count("distinct, by key", store.ValueCount{Field: "color", Limit: 2, ByKey: true}, b("blue", 1), b("green", 1))
	count("distinct, some", store.ValueCount{Field: "color", Limit: 10, Includes: []string{"green", "pink"}}, b("green", 1))
	count("ranges", store.ValueCount{Field: "price", Ranges: []store.ValueRange{{Field: "price", Max: num(1000), MaxExcl: true}, {Field: "price", Min: num(1000)}}},
		b("*-1000", 1), b("1000-*", 2))
	count("ranges of values, not documents", store.ValueCount{Field: "price", Rows: true, Ranges: []store.ValueRange{{Field: "price", Min: num(0)}}}, b("0-*", 3))
	read(func(d store.Docs) error {
		st, err := d.StatValues(all, "price")
		if err == nil && (*st.Min != 900 || *st.Max != 1900 || *st.Sum != 4300 || st.Count != 3) {
			t.Errorf("statistics: %+v", st)
		}
		if err != nil {
			return err
		}
		st, err = d.StatValues(all, "color")
		if err == nil && (st.Min != nil || st.Count != 0) {
			t.Errorf("statistics of texts: %+v, want no numbers", st)
		}
		return err
	})

	mustWrite(t, s, func(tx store.Tx) error {
		return tx.Docs(p.ID).SetTexts("product", "drill", map[string]string{"": "zall"}, []store.Value{val("color", "black", nil)})
	})
	count("replaced values", store.ValueCount{Field: "color", Limit: 10, ByKey: true}, b("black", 1), b("green", 1), b("red", 1))
	find("replaced numbers", with([]store.ValueRange{{Field: "price", Any: true}}), "saw")
}
