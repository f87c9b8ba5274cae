package sqlstore

import (
	"strings"

	"github.com/procura/procura/internal/store"
)

// On PostgreSQL, a search of exact conditions alone (a category page, a SKU, a product type)
// finds its matches in the btree of the values (migration 0022, decision 0041): a category's
// 2,000 products are 2,000 narrow index entries side by side, where their texts' rows are 2,000
// heap pages of a table many times the size of the server's buffers. SQLite's full-text index
// answers them as quickly, and keeps them. A search of categories alone is read from the
// category rows before either (category_values.go).

// matchValues renders a search whose query is an exact condition (one of one or more values),
// maybe beside negated ones, all of them values, as the documents that have those values and
// not the negated ones; ok is
// false for any other search. Two conditions that are not negated (a category and a color) are
// left to the text index, which intersects their words' entries before it reads a row: read
// from the values, each of the first condition's matches would be looked up for the second.
func (s *docs) matchValues(ts store.TextSearch) (m matched, ok bool) {
	if s.d.name == "sqlite" || ts.Lang != "" || !ts.Unranked {
		return matched{}, false
	}
	qs := conjuncts(ts.Query)
	if positive := len(qs) - countNegated(qs); positive != 1 {
		return matched{}, false
	}
	m.where = `TRUE`
	for _, q := range qs {
		values, ok := valuesOfQuery(q)
		if !ok {
			return matched{}, false
		}
		cond, args := anyValue(values)
		if !q.Not {
			m.from = `(SELECT DISTINCT x.project_id, x.type, x.id FROM document_values x WHERE x.project_id = ? AND x.type = ? AND (` + cond + `)) t`
			m.fromArgs = append([]any{s.project, ts.Type}, args...)
			continue
		}
		m.where += ` AND NOT EXISTS (SELECT 1 FROM document_values x WHERE x.project_id = t.project_id AND x.type = t.type AND x.id = t.id AND (` + cond + `))`
		m.args = append(m.args, args...)
	}
	return m, true
}

// conjuncts returns the queries q is the conjunction of.
func conjuncts(q store.TextQuery) []store.TextQuery {
	if len(q.And) == 0 || q.Not {
		return []store.TextQuery{q}
	}
	var out []store.TextQuery
	for _, a := range q.And {
		out = append(out, conjuncts(a)...)
	}
	return out
}

// countNegated counts the negated queries of qs.
func countNegated(qs []store.TextQuery) int {
	n := 0
	for _, q := range qs {
		if q.Not {
			n++
		}
	}
	return n
}

// valuesOfQuery returns the values a query (a word, or one of several) stands for, one of which
// a document matching it has; ok is false when a word of it stands for none.
func valuesOfQuery(q store.TextQuery) ([]store.Value, bool) {
	switch {
	case len(q.And) > 0:
		return nil, false
	case len(q.Or) > 0:
		var out []store.Value
		for _, o := range q.Or {
			values, ok := valuesOfQuery(o)
			if !ok || o.Not {
				return nil, false
			}
			out = append(out, values...)
		}
		return out, true
	case q.Value == nil || q.Prefix:
		return nil, false
	}
	return []store.Value{*q.Value}, true
}

// anyValue renders the condition that a value row x is one of values, by field.
func anyValue(values []store.Value) (string, []any) {
	var fields []string
	texts := map[string][]any{}
	for _, v := range values {
		if texts[v.Field] == nil {
			fields = append(fields, v.Field)
		}
		texts[v.Field] = append(texts[v.Field], v.Text)
	}
	var conds []string
	var args []any
	for _, f := range fields {
		conds = append(conds, `(x.field = ? AND x.text IN (?`+strings.Repeat(`, ?`, len(texts[f])-1)+`))`)
		args = append(append(args, f), texts[f]...)
	}
	return strings.Join(conds, ` OR `), args
}
