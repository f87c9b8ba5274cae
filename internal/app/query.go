package app

import (
	"encoding/json"
	"regexp"
	"sort"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/query"
)

// Query is a paged query of a collection, as the reference API's GET parameters describe it.
type Query struct {
	Where     []string
	Vars      map[string][]string
	Sort      []string
	Limit     int
	Offset    int
	WithTotal bool
	Expand    []string

	narrowing []string // predicates the use case adds to the client's (narrow)
}

// narrow adds a predicate of the use case's own to the query (the caller's slices are left as
// they are): it selects like the client's, but does not make the query one with a predicate.
func (q Query) narrow(cond string) Query {
	q.narrowing = append(q.narrowing[:len(q.narrowing):len(q.narrowing)], cond)
	return q
}

// Query limits of the reference API.
const (
	DefaultLimit = 20
	MaxLimit     = 500
	MaxOffset    = 10000
)

// totalUpTo is the highest total of a query with a predicate (where): as the reference does, a
// total past the maximum offset is not counted (decision 0067). A variable for the tests.
var totalUpTo = MaxOffset

// countUpTo is how far a query's total is counted: up to totalUpTo with a predicate of the
// client's, else all (0).
func (q Query) countUpTo() int {
	if len(q.Where) > 0 {
		return totalUpTo
	}
	return 0
}

// Page is a PagedQueryResponse. Its results are JSON objects (Items), or the stored documents
// themselves when they need no change on their way out (a page of orders is sent as stored,
// without decoding and encoding each one again).
type Page struct {
	Limit   int              `json:"limit"`
	Offset  int              `json:"offset"`
	Count   int              `json:"count"`
	Total   *int             `json:"total,omitempty"`
	Results []map[string]any `json:"results"`

	raw []json.RawMessage
}

// Items returns the results as JSON objects.
func (p *Page) Items() []map[string]any {
	if p.Results == nil && p.raw != nil {
		p.Results = make([]map[string]any, 0, len(p.raw))
		for _, r := range p.raw {
			var m map[string]any
			if json.Unmarshal(r, &m) == nil {
				p.Results = append(p.Results, m)
			}
		}
		p.raw = nil
	}
	return p.Results
}

// edit replaces each result with what fn makes of its JSON.
func (p *Page) edit(fn func(json.RawMessage) (json.RawMessage, error)) error {
	if p.Results != nil {
		p.raw = make([]json.RawMessage, len(p.Results))
		for i, m := range p.Results {
			var err error
			if p.raw[i], err = json.Marshal(m); err != nil {
				return err
			}
		}
		p.Results = nil
	}
	for i, r := range p.raw {
		var err error
		if p.raw[i], err = fn(r); err != nil {
			return err
		}
	}
	return nil
}

// MarshalJSON writes the page with its results as they are held. Stored documents are spliced in
// as they are: they were written by encoding/json, so they need no second validation.
func (p *Page) MarshalJSON() ([]byte, error) {
	type page Page // without this method
	if p.Results != nil || p.raw == nil {
		return json.Marshal((*page)(p))
	}
	head, err := json.Marshal(struct {
		*page
		Results []json.RawMessage `json:"results"`
	}{(*page)(p), []json.RawMessage{}})
	if err != nil {
		return nil, err
	}
	size := len(head)
	for _, r := range p.raw {
		size += len(r) + 1
	}
	out := make([]byte, 0, size)
	out = append(out, head[:len(head)-2]...) // up to the "[" of the empty results' "[]}"
	for i, r := range p.raw {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, r...)
	}
	return append(out, ']', '}'), nil
}

var sortPattern = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)*)(?:\s+(asc|desc))?$`)

type sortKey struct {
	path []string
	desc bool
}

// compile validates the query's parameters and parses its predicates.
func (q Query) compile() ([]*query.Predicate, []sortKey, error) {
	if q.Limit < 0 || q.Limit > MaxLimit {
		return nil, nil, procura.InvalidInput("limit must be between 0 and %d.", MaxLimit)
	}
	if q.Offset < 0 || q.Offset > MaxOffset {
		return nil, nil, procura.InvalidInput("offset must be between 0 and %d.", MaxOffset)
	}
	var preds []*query.Predicate
	for _, w := range append(q.Where[:len(q.Where):len(q.Where)], q.narrowing...) {
		p, err := query.Parse(w, q.Vars)
		if err != nil {
			return nil, nil, procura.InvalidInput("Malformed parameter: where: %s", strings.TrimPrefix(err.Error(), "where: "))
		}
		preds = append(preds, p)
	}
	var keys []sortKey
	for _, s := range q.Sort {
		m := sortPattern.FindStringSubmatch(strings.TrimSpace(s))
		if m == nil {
			return nil, nil, procura.InvalidInput("Malformed parameter: sort: '%s' is not 'field asc' or 'field desc'.", s)
		}
		keys = append(keys, sortKey{path: strings.Split(m[1], "."), desc: m[2] == "desc"})
	}
	return preds, keys, nil
}

// runQuery runs q over resources (oldest first), in memory.
func runQuery[T any](q Query, resources []T) (*Page, error) {
	preds, keys, err := q.compile()
	if err != nil {
		return nil, err
	}
	raws := make([]json.RawMessage, len(resources))
	for i, v := range resources {
		if raws[i], err = json.Marshal(v); err != nil {
			return nil, err
		}
	}
	return memoryPage(raws, preds, keys, q), nil
}

// memoryPage tests and sorts JSON documents one by one, decoding them only when a predicate or a
// sort key needs it, and pages through those that match: as they came, not encoded again.
func memoryPage(raws []json.RawMessage, preds []*query.Predicate, keys []sortKey, q Query) *Page {
	type item struct {
		raw json.RawMessage
		m   map[string]any
	}
	matched := make([]item, 0, len(raws))
	for _, r := range raws {
		it := item{raw: r}
		if len(preds) > 0 || len(keys) > 0 {
			if json.Unmarshal(r, &it.m) != nil {
				continue
			}
		}
		if matchesAll(preds, it.m) {
			matched = append(matched, it)
		}
	}
	if len(keys) > 0 {
		sort.SliceStable(matched, func(i, j int) bool { return less(keys, matched[i].m, matched[j].m) })
	}
	page := &Page{Limit: q.Limit, Offset: q.Offset, raw: []json.RawMessage{}}
	if q.WithTotal {
		total := len(matched)
		if upTo := q.countUpTo(); upTo > 0 {
			total = min(total, upTo)
		}
		page.Total = &total
	}
	if q.Offset < len(matched) {
		for _, it := range matched[q.Offset:min(len(matched), q.Offset+q.Limit)] {
			page.raw = append(page.raw, it.raw)
		}
	}
	page.Count = len(page.raw)
	return page
}

func matchesAll(preds []*query.Predicate, it map[string]any) bool {
	for _, p := range preds {
		if !p.Match(it) {
			return false
		}
	}
	return true
}

func less(keys []sortKey, a, b map[string]any) bool {
	for _, k := range keys {
		c := compareValues(valueAt(a, k.path), valueAt(b, k.path))
		if c == 0 {
			continue
		}
		if k.desc {
			return c > 0
		}
		return c < 0
	}
	return false
}

func valueAt(m map[string]any, path []string) any {
	var v any = m
	for _, p := range path {
		obj, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = obj[p]
	}
	return v
}

// compareValues orders numbers, strings and booleans; missing values sort last.
func compareValues(a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	switch x := a.(type) {
	case float64:
		if y, ok := b.(float64); ok {
			return cmp3(x < y, x > y)
		}
	case string:
		if y, ok := b.(string); ok {
			return strings.Compare(x, y)
		}
	case bool:
		if y, ok := b.(bool); ok {
			return cmp3(!x && y, x && !y)
		}
	}
	return 0
}

func cmp3(lt, gt bool) int {
	switch {
	case lt:
		return -1
	case gt:
		return 1
	}
	return 0
}
