package app

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// How a product search's query becomes one query on the products' words (product_texts.go).

// textFields maps the localized fields full-text expressions may name to their words' mark.
var textFields = map[string]string{"name": markName, "description": markDescription, "searchKeywords": markKeywords}

// translation turns a search query into a text query: the language its text expressions share,
// the ranges its conjunctions ask for (product_values.go), and the SKUs its exact conditions name.
type translation struct {
	l      *lookup
	lang   string
	ranges []store.ValueRange
	skus   []string
	// subtrees keeps the descendants of the categories read, for the search and its facets
	// (which translate its query again): one read per category and request.
	subtrees map[string][]string
}

// search is the store's search for what all of exprs (those not nil) match.
func (t *translation) search(exprs ...*SearchExpr) (store.TextSearch, error) {
	var parts []store.TextQuery
	for _, e := range exprs {
		if e != nil {
			q, err := t.expr(*e, true)
			if err != nil {
				return store.TextSearch{}, err
			}
			parts = append(parts, q)
		}
	}
	if !slices.ContainsFunc(parts, func(q store.TextQuery) bool { return !q.Not }) {
		// No query, or only "not that": of every product.
		parts = append(parts, every)
	}
	q := and(parts)
	if err := checkNegations(q); err != nil {
		return store.TextSearch{}, err
	}
	// Without words of a language the query is exact conditions: every match is as good.
	return store.TextSearch{Type: procura.TypeProduct, Lang: t.lang, Query: q, Ranges: t.ranges, Unranked: t.lang == ""}, nil
}

// every is the condition every published product meets.
var every = store.TextQuery{Word: wordOfEveryProduct}

// and is the conjunction of qs, without every beside another condition that does not negate:
// only published products have texts and values, so it adds nothing there, and a conjunction of
// exact conditions alone can be matched by the products' values (decision 0041).
func and(qs []store.TextQuery) store.TextQuery {
	var out []store.TextQuery
	for _, q := range qs {
		if q.Word != wordOfEveryProduct || q.Not {
			out = append(out, q)
		}
	}
	if !slices.ContainsFunc(out, func(q store.TextQuery) bool { return !q.Not }) {
		return store.TextQuery{And: qs}
	}
	return store.TextQuery{And: out}
}

// expr translates one expression; top says it is part of the query's conjunction, where ranges
// and exists conditions may be (they are conditions on values, beside the text query).
func (t *translation) expr(e SearchExpr, top bool) (store.TextQuery, error) {
	switch {
	case len(e.And) > 0 || len(e.Filter) > 0:
		qs, err := t.all(append(append([]SearchExpr{}, e.And...), e.Filter...), top)
		return and(qs), err
	case len(e.Or) > 0:
		qs, err := t.all(e.Or, false)
		return store.TextQuery{Or: qs}, err
	case len(e.Not) > 0:
		qs, err := t.all(e.Not, false)
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
	case e.Range != nil, e.Exists != nil:
		if !top {
			return store.TextQuery{}, procura.InvalidInput("Range and exists expressions are supported in the search's conjunction (and, filter), not under or or not.")
		}
		r, err := t.valueRange(e)
		if err != nil {
			return store.TextQuery{}, err
		}
		t.ranges = append(t.ranges, r)
		return every, nil
	case e.Fuzzy != nil:
		return store.TextQuery{}, procura.InvalidInput("Fuzzy expressions are not supported yet by Procura's product search.")
	}
	return store.TextQuery{}, procura.InvalidInput("An empty expression in the search query.")
}

func (t *translation) all(es []SearchExpr, top bool) ([]store.TextQuery, error) {
	out := make([]store.TextQuery, len(es))
	for i, e := range es {
		var err error
		if out[i], err = t.expr(e, top); err != nil {
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
	if len(words) == 0 && kind == "wildcard" && strings.Trim(text, "*") == "" {
		// "*" matches any text: every product with a text in the language (storefronts list a
		// category so).
		return every, nil
	}
	if len(words) == 0 {
		return store.TextQuery{}, procura.InvalidField(kind+".value", v.Value)
	}
	for i := range words {
		words[i] = mark + words[i]
	}
	any := v.MustMatch == "any" || v.MustMatch == "ANY"
	return wordQuery(words, any, func(i int) bool { return prefix(i, len(words)) }), nil
}

// exactValueFields names the values (product_values.go) of the fields whose exact conditions
// match by words of their own: a category's subtree is its descendants' categories.
var exactValueFields = map[string]string{
	"key": "key", "productType": "productType", "categories": "categories", "categoriesSubTree": "categories", "variants.sku": "variants.sku",
}

// exact translates an exact expression: any of its values. Ids, keys, product types,
// categories (or their subtrees) and SKUs have words of their own; stores hold every product
// (their product selections are not supported); any other field is matched by the words of its
// values.
func (t *translation) exact(v SearchValue) (store.TextQuery, error) {
	values := v.Values
	if v.Value != nil {
		values = append(values, v.Value)
	}
	if len(values) == 0 {
		return store.TextQuery{}, procura.RequiredField("exact.value")
	}
	folded := v.CaseInsensitive != nil && *v.CaseInsensitive
	mark, marked := exactMarks[v.Field]
	field := ""
	if v.Field != "stores" && (!marked || folded) {
		var err error
		if field, err = searchField(v); err != nil {
			return store.TextQuery{}, err
		}
	}
	var qs []store.TextQuery
	for _, raw := range values {
		s, ok := valueText(raw)
		if !ok || s == "" {
			return store.TextQuery{}, procura.InvalidField("exact.value", raw)
		}
		if v.Field == "variants.sku" {
			t.skus = append(t.skus, s)
		}
		switch {
		case v.Field == "stores":
			q, err := t.store(s)
			if err != nil {
				return store.TextQuery{}, err
			}
			qs = append(qs, q)
		case marked && !folded:
			ids := []string{s}
			if v.Field == "categoriesSubTree" {
				below, err := t.subtree(s)
				if err != nil {
					return store.TextQuery{}, err
				}
				ids = append(ids, below...)
			}
			for _, id := range ids {
				q := store.TextQuery{Word: exactWord(mark, id)}
				if f, ok := exactValueFields[v.Field]; ok {
					q.Value = &store.Value{Field: f, Text: id}
				}
				qs = append(qs, q)
			}
		default:
			q := store.TextQuery{Word: valueWord(field, s, folded)}
			if !folded {
				q.Value = &store.Value{Field: field, Text: s}
			}
			qs = append(qs, q)
		}
	}
	return store.TextQuery{Or: qs}, nil
}

// nothing is a condition no product meets.
var nothing = store.TextQuery{Word: "znone"}

// store is the condition that a product is in a store: every product is in every store, as
// Procura's stores have no product selections; none is in a store that does not exist.
func (t *translation) store(id string) (store.TextQuery, error) {
	_, _, err := storeKind.load(t.l, Ref{ID: id})
	if procura.ErrorCode(err) == procura.CodeResourceNotFound {
		return nothing, nil
	}
	return every, err
}

// valueText is an exact value's text, as values hold it: a string, a number or a boolean.
func valueText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case float64:
		return number(x), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false
}

// valueRange translates a range or an exists expression on a field's values.
func (t *translation) valueRange(e SearchExpr) (store.ValueRange, error) {
	if e.Exists != nil {
		field, err := searchField(*e.Exists)
		return store.ValueRange{Field: field, Any: true}, err
	}
	v := *e.Range
	field, err := searchField(v)
	if err != nil {
		return store.ValueRange{}, err
	}
	r := store.ValueRange{Field: field}
	for _, b := range []struct {
		name  string
		value any
		bound **float64
		excl  *bool
		open  bool
	}{{"gte", v.Gte, &r.Min, &r.MinExcl, false}, {"gt", v.Gt, &r.Min, &r.MinExcl, true}, {"lte", v.Lte, &r.Max, &r.MaxExcl, false}, {"lt", v.Lt, &r.Max, &r.MaxExcl, true}} {
		if b.value == nil {
			continue
		}
		n, ok := rangeNumber(b.value)
		if !ok || *b.bound != nil {
			return store.ValueRange{}, procura.InvalidField("range."+b.name, b.value)
		}
		*b.bound, *b.excl = &n, b.open
	}
	if r.Min == nil && r.Max == nil {
		return store.ValueRange{}, procura.InvalidInput("A range expression needs gte, gt, lte or lt.")
	}
	return r, nil
}

// rangeNumber reads a range's bound: a number, or a date, time or date and time.
func rangeNumber(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case string:
		return instant(x)
	}
	return 0, false
}

// searchFields are the fields values are kept of (product_values.go), beside the attributes.
var searchFields = map[string]bool{
	"key": true, "productType": true, "categories": true, "categoriesSubTree": true, "createdAt": true, "lastModifiedAt": true,
	"name": true, "slug": true, "variants.sku": true, "variants.key": true, "variants.prices.centAmount": true,
	"variants.prices.currencyCode": true, "variants.prices.country": true,
}

// searchField names the values an expression's field, language and field type point at: an
// enum's key, a money attribute's amount and a reference's id when the field names the
// attribute alone, and a localized field's text in the expression's language.
func searchField(v SearchValue) (string, error) {
	f := v.Field
	attribute := strings.HasPrefix(f, "variants.attributes.") || strings.HasPrefix(f, "attributes.")
	if !attribute && !searchFields[f] {
		return "", procura.InvalidInput("The product search cannot filter, sort or count by '%s' yet: it knows %s and the attributes (variants.attributes.NAME, attributes.NAME).", f, strings.Join(slices.Sorted(maps.Keys(searchFields)), ", "))
	}
	suffix := map[string]string{"enum": ".key", "lenum": ".key", "money": ".centAmount", "reference": ".id"}[v.FieldType]
	if _, name, _ := strings.Cut(f, "attributes."); attribute && suffix != "" && !strings.Contains(name, ".") {
		f += suffix
	}
	switch {
	case v.Language != "":
		f += ":" + v.Language
	case f == "name" || f == "slug" || v.FieldType == "ltext" || (v.FieldType == "lenum" && strings.HasSuffix(f, ".label")):
		return "", procura.RequiredField("language")
	}
	return f, nil
}

// valueKind says whether the values of an expression's field are all numbers ("num") or all
// texts ("text"), so that they sort by that alone; "" when its field type does not say. A text
// that reads as a number or a date is still a text: a name sorts by its letters.
func valueKind(v SearchValue) string {
	switch {
	case v.Field == "createdAt" || v.Field == "lastModifiedAt" || v.Field == "variants.prices.centAmount":
		return "num"
	case searchFields[v.Field]:
		return "text"
	case strings.HasSuffix(v.Field, ".label") || strings.HasSuffix(v.Field, ".key") || strings.HasSuffix(v.Field, ".currencyCode") || strings.HasSuffix(v.Field, ".id"):
		return "text"
	case strings.HasSuffix(v.Field, ".centAmount"):
		return "num"
	}
	switch v.FieldType {
	case "text", "ltext", "enum", "lenum", "reference", "boolean":
		return "text"
	case "number", "money", "date", "time", "datetime":
		return "num"
	}
	return ""
}

// subtree returns the descendants of a category, read once per request.
func (t *translation) subtree(id string) ([]string, error) {
	if below, ok := t.subtrees[id]; ok {
		return below, nil
	}
	below, err := categorySubtree(t.l, id)
	if err == nil && t.subtrees != nil {
		t.subtrees[id] = below
	}
	return below, err
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
