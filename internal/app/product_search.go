package app

import (
	"context"
	"encoding/json"
	"slices"

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
	Facets                      []SearchFacet     `json:"facets,omitempty"`
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
	ID                string            `json:"id"`
	ProductProjection json.RawMessage   `json:"productProjection,omitempty"`
	MatchingVariants  *MatchingVariants `json:"matchingVariants,omitempty"`
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

// SearchProducts runs a product search over the project's published products.
func (a *App) SearchProducts(ctx context.Context, c Caller, r SearchRequest) (*SearchResponse, error) {
	out, o, err := r.checked()
	if err != nil {
		return nil, err
	}
	err = a.read(ctx, c.ProjectKey, func(l *lookup) error {
		if r.ProductProjectionParameters != nil {
			if err := o.check(l, c); err != nil {
				return err
			}
		}
		t := &translation{l: l, subtrees: map[string][]string{}}
		s, err := t.search(r.Query, r.PostFilter)
		if err != nil {
			return err
		}
		if s.Sort, err = searchSort(r.Sort); err != nil {
			return err
		}
		s.Limit, s.Offset = out.Limit, out.Offset
		ids, total, err := l.docs.SearchTexts(s)
		if err != nil {
			return err
		}
		out.Total = total
		for _, f := range r.Facets {
			// Facets count what the query matches, not its post-filter.
			res, err := f.result(t, r.Query)
			if err != nil {
				return err
			}
			out.Facets = append(out.Facets, res)
		}
		return a.searchResults(l, c, out, ids, r, o, t.skus)
	})
	return out, err
}

// checked validates what a request asks beside its query: the page and the projection
// parameters; out is the empty response with the page.
func (r SearchRequest) checked() (out *SearchResponse, o ProjectionOptions, err error) {
	out = &SearchResponse{Limit: searchDefaultLimit, Facets: []any{}, Results: []SearchResult{}}
	if r.Limit != nil {
		out.Limit = *r.Limit
	}
	if r.Offset != nil {
		out.Offset = *r.Offset
	}
	switch {
	case out.Limit < 0 || out.Limit > searchMaxLimit:
		return nil, o, procura.InvalidField("limit", out.Limit)
	case out.Offset < 0 || out.Offset > searchMaxOffset:
		return nil, o, procura.InvalidField("offset", out.Offset)
	}
	if err := r.bounded(); err != nil {
		return nil, o, err
	}
	if p := r.ProductProjectionParameters; p != nil {
		if p.Staged != nil && *p.Staged {
			return nil, o, procura.InvalidInput("The product search finds published products: productProjectionParameters.staged must be false.")
		}
		o = ProjectionOptions{Currency: p.PriceCurrency, Country: p.PriceCountry, CustomerGroup: p.PriceCustomerGroup, Channel: p.PriceChannel, Store: p.StoreProjection}
	}
	return out, o, nil
}

// What one search may ask for: each facet, range, sort key and term is a query (or part of one)
// on the catalog, so a request of thousands would hold a node's database for seconds.
const (
	searchMaxFacets   = 50
	searchMaxRanges   = 50
	searchMaxIncludes = 200
	searchMaxSort     = 10
	searchMaxTerms    = 1000
)

// bounded refuses a request larger than a storefront's: too many facets, ranges, included keys,
// sort keys, or terms (expressions, values and words) in its query, post-filter and facet filters.
func (r SearchRequest) bounded() error {
	if len(r.Facets) > searchMaxFacets {
		return procura.InvalidInput("A search has at most %d facets.", searchMaxFacets)
	}
	if len(r.Sort) > searchMaxSort {
		return procura.InvalidInput("A search sorts by at most %d keys.", searchMaxSort)
	}
	terms := r.Query.terms() + r.PostFilter.terms()
	for _, f := range r.Facets {
		switch {
		case f.Distinct != nil:
			terms += f.Distinct.Filter.terms()
			if len(f.Distinct.Includes) > searchMaxIncludes {
				return procura.InvalidInput("A facet includes at most %d keys.", searchMaxIncludes)
			}
		case f.Ranges != nil:
			terms += f.Ranges.Filter.terms()
			if len(f.Ranges.Ranges) > searchMaxRanges {
				return procura.InvalidInput("A facet has at most %d ranges.", searchMaxRanges)
			}
		case f.Count != nil:
			terms += f.Count.Filter.terms()
		case f.Stats != nil:
			terms += f.Stats.Filter.terms()
		}
	}
	if terms > searchMaxTerms {
		return procura.InvalidInput("A search holds at most %d conditions, values and words in its query, post-filter and facet filters.", searchMaxTerms)
	}
	return nil
}

// terms counts an expression's nodes, the values of its exact conditions and the words of its
// texts.
func (e *SearchExpr) terms() int {
	if e == nil {
		return 0
	}
	n := 1
	for _, list := range [][]SearchExpr{e.And, e.Or, e.Not, e.Filter} {
		for i := range list {
			n += list[i].terms()
		}
	}
	for _, v := range []*SearchValue{e.FullText, e.FullTextPrefix, e.Prefix, e.Wildcard, e.Exact, e.Range, e.Exists, e.Fuzzy} {
		if v != nil {
			text, _ := v.Value.(string)
			n += len(v.Values) + len(textWords(text))
		}
	}
	return n
}

// searchSort translates a request's sort keys: score (best match first when descending), id,
// or a field's values (min: by each product's smallest value, max: its largest; by default the
// smallest ascending and the largest descending).
func searchSort(keys []SearchSort) ([]store.ValueSort, error) {
	var out []store.ValueSort
	for _, k := range keys {
		if k.Order != "asc" && k.Order != "desc" {
			return nil, procura.InvalidField("sort.order", k.Order)
		}
		s := store.ValueSort{Desc: k.Order == "desc"}
		switch k.Mode {
		case "":
			s.Max = s.Desc
		case "min", "max":
			s.Max = k.Mode == "max"
		default:
			return nil, procura.InvalidInput("The product search sorts by a field's smallest (min) or largest (max) value; mode '%s' is not supported yet.", k.Mode)
		}
		if k.Filter != nil {
			return nil, procura.InvalidInput("Sorting by the values a filter selects is not supported yet by Procura's product search.")
		}
		switch k.Field {
		case "score":
			s.Score = true
		case "id":
			s.ID = true
		default:
			v := SearchValue{Field: k.Field, Language: k.Language, FieldType: k.FieldType}
			var err error
			if s.Field, err = searchField(v); err != nil {
				return nil, err
			}
			s.Only = valueKind(v)
		}
		out = append(out, s)
	}
	return out, nil
}

// searchResults fills the results of the ids found, with projections (their references expanded
// as asked) and matching variants when asked for.
func (a *App) searchResults(l *lookup, c Caller, out *SearchResponse, ids []string, r SearchRequest, o ProjectionOptions, skus []string) error {
	for _, id := range ids {
		res := SearchResult{ID: id}
		if r.ProductProjectionParameters != nil || r.MarkMatchingVariants {
			p, _, err := productKind.load(l, Ref{ID: id})
			if err != nil {
				return err
			}
			if r.ProductProjectionParameters != nil {
				raw, err := json.Marshal(a.projectionOf(p, o))
				if err != nil {
					return err
				}
				if res.ProductProjection, err = expandAll(l, c, raw, r.ProductProjectionParameters.Expand); err != nil {
					return err
				}
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
