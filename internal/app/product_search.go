package app

import (
	"context"
	"slices"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// The Product Search API (POST /products/search) over the products' texts (product_texts.go):
// the reference's query shape, answered by the database's full-text index (decision 0018).

// SearchRequest is the reference's ProductSearchRequest.
type SearchRequest struct {
	Query                       *SearchExpr       `json:"query,omitempty"`
	PostFilter                  *SearchExpr       `json:"postFilter,omitempty"`
	Sort                        []SearchSort      `json:"sort,omitempty"`
	Limit                       *int              `json:"limit,omitempty"`
	Offset                      *int              `json:"offset,omitempty"`
	MarkMatchingVariants        bool              `json:"markMatchingVariants,omitempty"`
	ProductProjectionParameters *SearchProjection `json:"productProjectionParameters,omitempty"`
	Facets                      []any             `json:"facets,omitempty"`
}

// SearchExpr is one node of a search query: a compound (and, or, not, filter) or an expression.
type SearchExpr struct {
	And            []SearchExpr `json:"and,omitempty"`
	Or             []SearchExpr `json:"or,omitempty"`
	Not            []SearchExpr `json:"not,omitempty"`
	Filter         []SearchExpr `json:"filter,omitempty"`
	FullText       *SearchValue `json:"fullText,omitempty"`
	FullTextPrefix *SearchValue `json:"fullTextPrefix,omitempty"`
	Prefix         *SearchValue `json:"prefix,omitempty"`
	Wildcard       *SearchValue `json:"wildcard,omitempty"`
	Exact          *SearchValue `json:"exact,omitempty"`
	Range          *SearchValue `json:"range,omitempty"`
	Exists         *SearchValue `json:"exists,omitempty"`
	Fuzzy          *SearchValue `json:"fuzzy,omitempty"`
}

// SearchValue holds the fields of every kind of expression.
type SearchValue struct {
	Field           string   `json:"field"`
	Language        string   `json:"language,omitempty"`
	Value           any      `json:"value,omitempty"`
	Values          []any    `json:"values,omitempty"`
	MustMatch       string   `json:"mustMatch,omitempty"`
	CaseInsensitive *bool    `json:"caseInsensitive,omitempty"`
	Boost           *float64 `json:"boost,omitempty"`
	FieldType       string   `json:"fieldType,omitempty"`
	Level           *int     `json:"level,omitempty"`
	Gte             any      `json:"gte,omitempty"`
	Gt              any      `json:"gt,omitempty"`
	Lte             any      `json:"lte,omitempty"`
	Lt              any      `json:"lt,omitempty"`
}

// SearchSort is one sort key.
type SearchSort struct {
	Field     string      `json:"field"`
	Order     string      `json:"order"`
	Language  string      `json:"language,omitempty"`
	Mode      string      `json:"mode,omitempty"`
	FieldType string      `json:"fieldType,omitempty"`
	Filter    *SearchExpr `json:"filter,omitempty"`
}

// SearchProjection asks for each result's product projection, as /product-projections would give
// it (current data; a price selection).
type SearchProjection struct {
	Expand                        []string `json:"expand,omitempty"`
	Staged                        *bool    `json:"staged,omitempty"`
	PriceCurrency                 string   `json:"priceCurrency,omitempty"`
	PriceCountry                  string   `json:"priceCountry,omitempty"`
	PriceCustomerGroup            string   `json:"priceCustomerGroup,omitempty"`
	PriceCustomerGroupAssignments []string `json:"priceCustomerGroupAssignments,omitempty"`
	PriceChannel                  string   `json:"priceChannel,omitempty"`
	LocaleProjection              []string `json:"localeProjection,omitempty"`
	StoreProjection               string   `json:"storeProjection,omitempty"`
}

// SearchResponse is the reference's ProductPagedSearchResponse.
type SearchResponse struct {
	Total   int            `json:"total"`
	Offset  int            `json:"offset"`
	Limit   int            `json:"limit"`
	Facets  []any          `json:"facets"`
	Results []SearchResult `json:"results"`
}

// SearchResult is one product found.
type SearchResult struct {
	ID                string                     `json:"id"`
	ProductProjection *procura.ProductProjection `json:"productProjection,omitempty"`
	MatchingVariants  *MatchingVariants          `json:"matchingVariants,omitempty"`
}

// MatchingVariants says which variants of a product the query's SKU conditions name.
type MatchingVariants struct {
	AllMatched      bool             `json:"allMatched"`
	MatchedVariants []MatchedVariant `json:"matchedVariants"`
}

// MatchedVariant is a variant a query matched.
type MatchedVariant struct {
	ID  int    `json:"id"`
	SKU string `json:"sku,omitempty"`
}

// Search bounds, as the reference's.
const (
	searchDefaultLimit = 20
	searchMaxLimit     = 100
	searchMaxOffset    = 10000
)

// textFields maps the localized fields full-text expressions may name to their words' mark.
var textFields = map[string]string{"name": markName, "description": markDescription, "searchKeywords": markKeywords}

// SearchProducts runs a product search over the project's published products.
func (a *App) SearchProducts(ctx context.Context, c Caller, r SearchRequest) (*SearchResponse, error) {
	out := &SearchResponse{Limit: searchDefaultLimit, Facets: []any{}, Results: []SearchResult{}}
	if r.Limit != nil {
		out.Limit = *r.Limit
	}
	if r.Offset != nil {
		out.Offset = *r.Offset
	}
	if out.Limit < 0 || out.Limit > searchMaxLimit {
		return nil, procura.InvalidField("limit", out.Limit)
	}
	if out.Offset < 0 || out.Offset > searchMaxOffset {
		return nil, procura.InvalidField("offset", out.Offset)
	}
	if len(r.Facets) > 0 {
		return nil, procura.InvalidInput("Facets are not supported yet by Procura's product search.")
	}
	for _, s := range r.Sort {
		if s.Field != "score" {
			return nil, procura.InvalidInput("The product search sorts by score only (best match first); '%s' is not supported yet.", s.Field)
		}
	}
	var o ProjectionOptions
	if p := r.ProductProjectionParameters; p != nil {
		if p.Staged != nil && *p.Staged {
			return nil, procura.InvalidInput("The product search finds published products: productProjectionParameters.staged must be false.")
		}
		o = ProjectionOptions{Currency: p.PriceCurrency, Country: p.PriceCountry, CustomerGroup: p.PriceCustomerGroup, Channel: p.PriceChannel, Store: p.StoreProjection}
	}
	err := a.read(ctx, c.ProjectKey, func(l *lookup) error {
		if r.ProductProjectionParameters != nil {
			if err := o.check(l, c); err != nil {
				return err
			}
		}
		t := &translation{l: l}
		var parts []store.TextQuery
		for _, e := range []*SearchExpr{r.Query, r.PostFilter} {
			if e != nil {
				q, err := t.expr(*e)
				if err != nil {
					return err
				}
				parts = append(parts, q)
			}
		}
		if len(parts) == 0 {
			parts = append(parts, store.TextQuery{Word: wordOfEveryProduct})
		}
		if err := checkNegations(store.TextQuery{And: parts}, true); err != nil {
			return err
		}
		ids, total, err := l.docs.SearchTexts(store.TextSearch{Type: procura.TypeProduct, Lang: t.lang,
			Query: store.TextQuery{And: parts}, Limit: out.Limit, Offset: out.Offset})
		if err != nil {
			return err
		}
		out.Total = total
		return a.searchResults(l, out, ids, r, o, t.skus)
	})
	return out, err
}

// searchResults fills the results of the ids found, with projections and matching variants
// when asked for.
func (a *App) searchResults(l *lookup, out *SearchResponse, ids []string, r SearchRequest, o ProjectionOptions, skus []string) error {
	for _, id := range ids {
		res := SearchResult{ID: id}
		if r.ProductProjectionParameters != nil || r.MarkMatchingVariants {
			p, _, err := productKind.load(l, Ref{ID: id})
			if err != nil {
				return err
			}
			if r.ProductProjectionParameters != nil {
				res.ProductProjection = a.projectionOf(p, o)
			}
			if r.MarkMatchingVariants {
				res.MatchingVariants = matching(p, skus)
			}
		}
		out.Results = append(out.Results, res)
	}
	return nil
}

// matching names the variants whose SKU a query's conditions named; all, when they named none.
func matching(p *procura.Product, skus []string) *MatchingVariants {
	m := &MatchingVariants{AllMatched: len(skus) == 0, MatchedVariants: []MatchedVariant{}}
	for _, v := range p.MasterData.Current.AllVariants() {
		if m.AllMatched || slices.Contains(skus, v.SKU) {
			m.MatchedVariants = append(m.MatchedVariants, MatchedVariant{ID: v.ID, SKU: v.SKU})
		}
	}
	return m
}

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
		return t.text("fullText", *e.FullText, func(words []string) func(int) bool { return func(int) bool { return false } })
	case e.FullTextPrefix != nil, e.Prefix != nil:
		v := e.FullTextPrefix
		if v == nil {
			v = e.Prefix
		}
		return t.text("fullTextPrefix", *v, func(words []string) func(int) bool { return func(i int) bool { return i == len(words)-1 } })
	case e.Wildcard != nil:
		// A wildcard matches as prefixes of words: "*ham*" finds "hammer", not "sham".
		return t.text("wildcard", *e.Wildcard, func([]string) func(int) bool { return func(int) bool { return true } })
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

// text translates a full-text expression on name, description or searchKeywords in a language.
func (t *translation) text(kind string, v SearchValue, prefix func([]string) func(int) bool) (store.TextQuery, error) {
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
	return wordQuery(words, any, prefix(words)), nil
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
// (the index answers "this and not that", never "not that" alone): at the top of the query the
// search's own scope is that condition.
func checkNegations(q store.TextQuery, top bool) error {
	bad := procura.InvalidInput("A not in a search query needs, beside it in an and, a condition it does not negate.")
	if len(q.And) > 0 {
		positive := top
		for _, a := range q.And {
			positive = positive || !a.Not
			if err := checkNegations(a, false); err != nil {
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
		if err := checkNegations(o, false); err != nil {
			return err
		}
	}
	return nil
}
