package storetest

import (
	"slices"
	"testing"

	"github.com/procura/procura/internal/store"
)

// testTexts: full-text search finds a project's documents of a type by the words of their text
// in a language (whole words, prefixes, and, or, and-not), best match first, pages and counts
// them, and forgets replaced texts; another project's, type's or language's words never match.
func testTexts(t *testing.T, s store.Store) {
	p, other := newProject(t, s, "acme"), newProject(t, s, "globex")
	texts := []struct {
		project, typ, id string
		texts            map[string]string
	}{
		{p.ID, "product", "hammer", map[string]string{"en": "nhammer nclaw dsteel", "de": "nhammer", "": "zc1"}},
		{p.ID, "product", "saw", map[string]string{"en": "nsaw nhand dsteel dsteel", "": "zc1 zc2"}},
		{p.ID, "product", "drill", map[string]string{"en": "ndrill ncordless", "": "zc2"}},
		{p.ID, "category", "tools", map[string]string{"en": "nhammer"}},
		{other.ID, "product", "g-hammer", map[string]string{"en": "nhammer"}},
	}
	mustWrite(t, s, func(tx store.Tx) error {
		for _, x := range texts {
			if err := tx.Docs(x.project).SetTexts(x.typ, x.id, x.texts, nil); err != nil {
				return err
			}
		}
		return nil
	})
	search := func(lang string, q store.TextQuery, limit, offset int) ([]string, int) {
		t.Helper()
		var ids []string
		var total int
		err := s.Read(ctx, func(tx store.Tx) error {
			var err error
			ids, total, err = tx.Docs(p.ID).SearchTexts(store.TextSearch{Type: "product", Lang: lang, Query: q, Limit: limit, Offset: offset})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return ids, total
	}
	word := func(w string) store.TextQuery { return store.TextQuery{Word: w} }
	for _, c := range []struct {
		what  string
		lang  string
		q     store.TextQuery
		want  []string
		total int
	}{
		{"a word", "en", word("nhammer"), []string{"hammer"}, 1},
		{"a word in another language", "de", word("nhammer"), []string{"hammer"}, 1},
		{"a word the language lacks", "de", word("nsaw"), nil, 0},
		{"a prefix", "en", store.TextQuery{Word: "nha", Prefix: true}, []string{"hammer", "saw"}, 2},
		{"and", "en", store.TextQuery{And: []store.TextQuery{word("dsteel"), word("nhand")}}, []string{"saw"}, 1},
		{"or, the better match first", "en", store.TextQuery{Or: []store.TextQuery{word("dsteel"), word("ndrill")}}, nil, 3},
		{"and not", "en", store.TextQuery{And: []store.TextQuery{word("dsteel"), {Word: "nclaw", Not: true}}}, []string{"saw"}, 1},
		{"the text of no language", "", store.TextQuery{Or: []store.TextQuery{word("zc2"), word("zc9")}}, []string{"drill", "saw"}, 2},
	} {
		got, total := search(c.lang, c.q, 20, 0)
		if c.want != nil {
			slices.Sort(got)
			if !slices.Equal(got, c.want) {
				t.Errorf("%s: %v, want %v", c.what, got, c.want)
			}
		}
		if total != c.total || len(got) != c.total {
			t.Errorf("%s: %d results, total %d, want %d", c.what, len(got), total, c.total)
		}
	}
	if got, _ := search("en", word("dsteel"), 20, 0); len(got) != 2 || got[0] != "saw" {
		t.Errorf("best match first: %v, want saw (steel twice) before hammer", got)
	}
	var unranked []string
	if err := s.Read(ctx, func(tx store.Tx) error {
		var err error
		unranked, _, err = tx.Docs(p.ID).SearchTexts(store.TextSearch{Type: "product", Query: store.TextQuery{Or: []store.TextQuery{word("zc1"), word("zc2")}},
			Limit: 20, Unranked: true})
		return err
	}); err != nil || !slices.Equal(unranked, []string{"drill", "hammer", "saw"}) {
		t.Errorf("unranked: %v %v, want by id", unranked, err)
	}
	if got, total := search("en", store.TextQuery{Word: "n", Prefix: true}, 1, 1); len(got) != 1 || total != 3 {
		t.Errorf("a page: %v of %d, want 1 of 3", got, total)
	}
	if _, _, err := readErr(t, s, p.ID, store.TextQuery{Word: `x" OR "y`}); err == nil {
		t.Error("a word that is not letters and digits was searched")
	}
	mustWrite(t, s, func(tx store.Tx) error {
		if err := tx.Docs(p.ID).SetTexts("product", "hammer", map[string]string{"en": "nmallet"}, nil); err != nil {
			return err
		}
		return tx.Docs(p.ID).SetTexts("product", "drill", nil, nil)
	})
	if got, _ := search("en", word("nhammer"), 20, 0); len(got) != 0 {
		t.Errorf("a replaced text still matches: %v", got)
	}
	if got, _ := search("en", word("nmallet"), 20, 0); !slices.Equal(got, []string{"hammer"}) {
		t.Errorf("the new text: %v", got)
	}
	if got, _ := search("", word("zc2"), 20, 0); !slices.Equal(got, []string{"saw"}) {
		t.Errorf("a removed text still matches: %v", got)
	}
}

func readErr(t *testing.T, s store.Store, project string, q store.TextQuery) ([]string, int, error) {
	t.Helper()
	var ids []string
	var total int
	err := s.Read(ctx, func(tx store.Tx) error {
		var err error
		ids, total, err = tx.Docs(project).SearchTexts(store.TextSearch{Type: "product", Lang: "en", Query: q, Limit: 20})
		return err
	})
	return ids, total, err
}
