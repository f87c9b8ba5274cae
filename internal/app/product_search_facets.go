package app

import (
	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// The facets of a product search (decision 0022): counts over what the search's query matches
// (scope "query", the default) or over every product (scope "all"), narrowed by the facet's own
// filter, never by the post-filter; by distinct value, by range, in all, or the statistics of a
// field's numbers.

// SearchFacet is one of the reference's ProductSearchFacetExpressions.
type SearchFacet struct {
	Distinct *FacetDistinct `json:"distinct,omitempty"`
	Ranges   *FacetRanges   `json:"ranges,omitempty"`
	Count    *FacetCount    `json:"count,omitempty"`
	Stats    *FacetStats    `json:"stats,omitempty"`
}

// FacetCount counts the products (or variants) matched.
type FacetCount struct {
	Name   string      `json:"name"`
	Scope  string      `json:"scope,omitempty"`
	Filter *SearchExpr `json:"filter,omitempty"`
	Level  string      `json:"level,omitempty"`
}

// FacetDistinct counts the products with each value of a field.
type FacetDistinct struct {
	FacetCount
	Field     string      `json:"field"`
	Language  string      `json:"language,omitempty"`
	FieldType string      `json:"fieldType,omitempty"`
	Includes  []string    `json:"includes,omitempty"`
	Sort      *BucketSort `json:"sort,omitempty"`
	Limit     *int        `json:"limit,omitempty"`
	Missing   *string     `json:"missing,omitempty"`
}

// BucketSort orders a distinct facet's buckets: by count or by key.
type BucketSort struct {
	By    string `json:"by"`
	Order string `json:"order"`
}

// FacetRanges counts the products with a value of a field in each range.
type FacetRanges struct {
	FacetCount
	Field     string       `json:"field"`
	Language  string       `json:"language,omitempty"`
	FieldType string       `json:"fieldType,omitempty"`
	Ranges    []FacetRange `json:"ranges"`
}

// FacetRange is a range of a ranges facet: from (inclusive) to (exclusive), either open.
type FacetRange struct {
	From any    `json:"from,omitempty"`
	To   any    `json:"to,omitempty"`
	Key  string `json:"key,omitempty"`
}

// FacetStats sums up a field's numbers.
type FacetStats struct {
	Name      string      `json:"name"`
	Scope     string      `json:"scope,omitempty"`
	Filter    *SearchExpr `json:"filter,omitempty"`
	Field     string      `json:"field"`
	FieldType string      `json:"fieldType,omitempty"`
}

// BucketsResult is a distinct or ranges facet's answer.
type BucketsResult struct {
	Name    string        `json:"name"`
	Buckets []FacetBucket `json:"buckets"`
}

// FacetBucket is a value (or a range) and how many products (or variants) have it.
type FacetBucket struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

// bucketsResult is the answer of the buckets the store counted.
func bucketsResult(name string, buckets []store.Bucket) BucketsResult {
	out := BucketsResult{Name: name, Buckets: make([]FacetBucket, len(buckets))}
	for i, b := range buckets {
		out.Buckets[i] = FacetBucket(b)
	}
	return out
}

// CountResult is a count facet's answer.
type CountResult struct {
	Name  string `json:"name"`
	Value int    `json:"value"`
}

// StatsResult is a stats facet's answer.
type StatsResult struct {
	Name  string   `json:"name"`
	Min   *float64 `json:"min"`
	Max   *float64 `json:"max"`
	Mean  *float64 `json:"mean,omitempty"`
	Sum   *float64 `json:"sum,omitempty"`
	Count int      `json:"count"`
}

// Bounds of a distinct facet's buckets, as the reference's.
const (
	facetDefaultLimit = 10
	facetMaxLimit     = 200
)

// result computes a facet over what query matches; base is the search's translation, whose
// category subtrees the facets share. The node's count is the answer when it is current
// (facet_cache.go).
func (f SearchFacet) result(base *translation, query *SearchExpr) (any, error) {
	var c FacetCount
	switch {
	case f.Distinct != nil:
		c = f.Distinct.FacetCount
	case f.Ranges != nil:
		c = f.Ranges.FacetCount
	case f.Count != nil:
		c = *f.Count
	case f.Stats != nil:
		c = FacetCount{Name: f.Stats.Name, Scope: f.Stats.Scope, Filter: f.Stats.Filter}
	default:
		return nil, procura.InvalidInput("A facet is one of distinct, ranges, count and stats.")
	}
	s, err := c.search(base, query)
	if err != nil {
		return nil, err
	}
	l := base.l
	return l.facet(s, f, func() (any, error) {
		switch {
		case f.Distinct != nil:
			return f.Distinct.result(l.docs, s)
		case f.Ranges != nil:
			return f.Ranges.result(l.docs, s)
		case f.Stats != nil:
			return f.Stats.result(l.docs, s)
		}
		return f.Count.result(l.docs, s)
	})
}

// search is the store's search of the products a facet counts.
func (c FacetCount) search(base *translation, query *SearchExpr) (store.TextSearch, error) {
	if c.Name == "" {
		return store.TextSearch{}, procura.RequiredField("facets.name")
	}
	switch c.Scope {
	case "", "query":
	case "all":
		query = nil
	default:
		return store.TextSearch{}, procura.InvalidField("facets.scope", c.Scope)
	}
	if c.Level != "" && c.Level != "products" && c.Level != "variants" {
		return store.TextSearch{}, procura.InvalidField("facets.level", c.Level)
	}
	t := &translation{l: base.l, subtrees: base.subtrees}
	return t.search(query, c.Filter)
}

func (c FacetCount) result(docs store.Docs, s store.TextSearch) (any, error) {
	if c.Level == "variants" {
		st, err := docs.StatValues(s, fieldVariants)
		return CountResult{Name: c.Name, Value: st.Count}, err
	}
	_, total, err := docs.SearchTexts(s)
	return CountResult{Name: c.Name, Value: total}, err
}

func (d FacetDistinct) result(docs store.Docs, s store.TextSearch) (any, error) {
	field, err := searchField(SearchValue{Field: d.Field, Language: d.Language, FieldType: d.FieldType})
	if err != nil {
		return nil, err
	}
	c := store.ValueCount{Field: field, Includes: d.Includes, Limit: facetDefaultLimit, Rows: d.Level == "variants"}
	if d.Limit != nil {
		if c.Limit = *d.Limit; c.Limit < 1 || c.Limit > facetMaxLimit {
			return nil, procura.InvalidField("facets.limit", c.Limit)
		}
	}
	if d.Sort != nil {
		if (d.Sort.By != "count" && d.Sort.By != "key") || (d.Sort.Order != "asc" && d.Sort.Order != "desc") {
			return nil, procura.InvalidInput("A facet's buckets sort by count or key, asc or desc.")
		}
		c.ByKey = d.Sort.By == "key"
		// Buckets by count come most first unless asked otherwise; by key, in order.
		c.Desc = (d.Sort.Order == "desc") == c.ByKey
	}
	buckets, err := docs.CountValues(s, c)
	if err != nil {
		return nil, err
	}
	if d.Missing != nil {
		_, all, err := docs.SearchTexts(s)
		if err != nil {
			return nil, err
		}
		s.Ranges = append(s.Ranges, store.ValueRange{Field: field, Any: true})
		_, with, err := docs.SearchTexts(s)
		if err != nil {
			return nil, err
		}
		buckets = append(buckets, store.Bucket{Key: *d.Missing, Count: all - with})
	}
	return bucketsResult(d.Name, buckets), nil
}

func (r FacetRanges) result(docs store.Docs, s store.TextSearch) (any, error) {
	field, err := searchField(SearchValue{Field: r.Field, Language: r.Language, FieldType: r.FieldType})
	if err != nil {
		return nil, err
	}
	if len(r.Ranges) == 0 {
		return nil, procura.RequiredField("facets.ranges")
	}
	c := store.ValueCount{Field: field, Rows: r.Level == "variants"}
	for _, fr := range r.Ranges {
		vr := store.ValueRange{Field: field, MaxExcl: true}
		for _, b := range []struct {
			name  string
			value any
			bound **float64
		}{{"from", fr.From, &vr.Min}, {"to", fr.To, &vr.Max}} {
			if b.value != nil {
				n, ok := rangeNumber(b.value)
				if !ok {
					return nil, procura.InvalidField("facets.ranges."+b.name, b.value)
				}
				*b.bound = &n
			}
		}
		c.Ranges = append(c.Ranges, vr)
	}
	buckets, err := docs.CountValues(s, c)
	if err != nil {
		return nil, err
	}
	for i, fr := range r.Ranges {
		if fr.Key != "" {
			buckets[i].Key = fr.Key
		}
	}
	return bucketsResult(r.Name, buckets), nil
}

func (f FacetStats) result(docs store.Docs, s store.TextSearch) (any, error) {
	field, err := searchField(SearchValue{Field: f.Field, FieldType: f.FieldType})
	if err != nil {
		return nil, err
	}
	st, err := docs.StatValues(s, field)
	if err != nil {
		return nil, err
	}
	out := StatsResult{Name: f.Name, Min: st.Min, Max: st.Max, Sum: st.Sum, Count: st.Count}
	if st.Sum != nil && st.Count > 0 {
		mean := *st.Sum / float64(st.Count)
		out.Mean = &mean
	}
	return out, nil
}
