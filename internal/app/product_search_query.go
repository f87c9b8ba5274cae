package app

import (
	"slices"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// How a product search's query becomes one query on the products' words (product_texts.go).

// textFields maps the localized fields full-text expressions may name to their words' mark.
var textFields = map[string]string{"name": markName, "description": markDescription, "searchKeywords": markKeywords}

// translation turns a search query into a text query: the language its text expressions share,
// and the SKUs its exact conditions name.
type translation struct {
	l    *lookup
	lang string
	skus []string
}

func (t *translation) expr(e SearchExpr) (store.TextQuery, error) {
	switch {
	case len(e.And) > 0 || len(e.Filter) > 0:
		qs, err := t.all(append(append([]SearchExpr{}, e.And...), e.Filter...))
		return store.TextQuery{And: qs}, err
	case len(e.Or) > 0:
		qs, err := t.all(e.Or)
		return store.TextQuery{Or: qs}, err
	case len(e.Not) > 0:
		qs, err := t.all(e.Not)
		if err != nil {
			return store.TextQuery{}, err
		}
		// Negated: must sit in an and beside a condition it does not negate (checked by the store's
		// rendering, answered as a bad request below).
		return store.TextQuery{Not: true, Or: qs}, nil
	case e.FullText != nil:
		return t.text("fullText", *e.FullText, wholeWords)
	case e.FullTextPrefix != nil:
		return t.text("fullTextPrefix", *e.FullTextPrefix, lastAsPrefix)
	case e.Prefix != nil:
		return t.text("prefix", *e.Prefix, lastAsPrefix)
	case e.Wildcard != nil:
		// A wildcard matches as prefixes of words: "*ham*" finds "hammer", not "sham".
		return t.text("wildcard", *e.Wildcard, allAsPrefixes)
	case e.Exact != nil:
		return t.exact(*e.Exact)
	case e.Range != nil, e.Exists != nil, e.Fuzzy != nil:
		return store.TextQuery{}, procura.InvalidInput("Range, exists and fuzzy expressions are not supported yet by Procura's product search.")
	}
	return store.TextQuery{}, procura.InvalidInput("An empty expression in the search query.")
}

func (t *translation) all(es []SearchExpr) ([]store.TextQuery, error) {
	out := make([]store.TextQuery, len(es))
	for i, e := range es {
		var err error
		if out[i], err = t.expr(e); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Which of an expression's n words match as prefixes of words (i counts from 0).
var (
	wholeWords    = func(i, n int) bool { return false }
	lastAsPrefix  = func(i, n int) bool { return i == n-1 }
	allAsPrefixes = func(i, n int) bool { return true }
)

// text translates a full-text expression on name, description or searchKeywords in a language.
func (t *translation) text(kind string, v SearchValue, prefix func(i, n int) bool) (store.TextQuery, error) {
	mark, ok := textFields[v.Field]
	if !ok {
		return store.TextQuery{}, procura.InvalidInput("A %s expression searches name, description or searchKeywords; '%s' is not supported yet.", kind, v.Field)
	}
	if v.Language == "" {
		return store.TextQuery{}, procura.RequiredField(kind + ".language")
	}
	if t.lang != "" && t.lang != v.Language {
		return store.TextQuery{}, procura.InvalidInput("The text expressions of one search are in one language.")
	}
	t.lang = v.Language
	text, _ := v.Value.(string)
	words := textWords(strings.NewReplacer("*", " ", "?", " ").Replace(text))
	if len(words) == 0 {
		return store.TextQuery{}, procura.InvalidField(kind+".value", v.Value)
	}
	for i := range words {
		words[i] = mark + words[i]
	}
	any := v.MustMatch == "any" || v.MustMatch == "ANY"
	return wordQuery(words, any, func(i int) bool { return prefix(i, len(words)) }), nil
}

// exact translates an exact expression on an id, key, product type, category (or its subtree)
// or SKU: any of its values.
func (t *translation) exact(v SearchValue) (store.TextQuery, error) {
	mark, ok := exactMarks[v.Field]
	if !ok {
		fields := make([]string, 0, len(exactMarks))
		for f := range exactMarks {
			fields = append(fields, f)
		}
		slices.Sort(fields)
		return store.TextQuery{}, procura.InvalidInput("An exact expression names one of %s; '%s' is not supported yet.", strings.Join(fields, ", "), v.Field)
	}
	values := v.Values
	if v.Value != nil {
		values = append(values, v.Value)
	}
	var qs []store.TextQuery
	for _, raw := range values {
		s, ok := raw.(string)
		if !ok || s == "" {
			return store.TextQuery{}, procura.InvalidField("exact.value", raw)
		}
		ids := []string{s}
		if v.Field == "categoriesSubTree" {
			below, err := categorySubtree(t.l, s)
			if err != nil {
				return store.TextQuery{}, err
			}
			ids = append(ids, below...)
		}
		if v.Field == "variants.sku" {
			t.skus = append(t.skus, s)
		}
		for _, id := range ids {
			qs = append(qs, store.TextQuery{Word: exactWord(mark, id)})
		}
	}
	if len(qs) == 0 {
		return store.TextQuery{}, procura.RequiredField("exact.value")
	}
	return store.TextQuery{Or: qs}, nil
}

// categorySubtree returns the ids of a category's descendants, which reference it.
func categorySubtree(l *lookup, id string) ([]string, error) {
	refs, err := l.docs.ReferencedBy(store.Ref{Type: procura.TypeCategory, ID: id}, DefaultQueryBudget)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, r := range refs {
		if r.Type == procura.TypeCategory {
			out = append(out, r.ID)
		}
	}
	return out, nil
}

// checkNegations refuses a not that is not beside a condition it does not negate, within an and
// (the index answers "this and not that", never "not that" alone).
func checkNegations(q store.TextQuery) error {
	bad := procura.InvalidInput("A not in a search query needs, beside it in an and, a condition it does not negate.")
	if len(q.And) > 0 {
		positive := false
		for _, a := range q.And {
			positive = positive || !a.Not
			if err := checkNegations(a); err != nil {
				return err
			}
		}
		if !positive {
			return bad
		}
	}
	for _, o := range q.Or {
		if o.Not {
			return bad
		}
		if err := checkNegations(o); err != nil {
			return err
		}
	}
	return nil
}
