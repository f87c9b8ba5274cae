package sqlstore

import (
	"slices"
	"strconv"
	"strings"

	"github.com/procura/procura/internal/store"
)

// The values searches filter by range, sort by and count (migration 0015, decision 0022): each
// value of a document's field as text, and as a number when it is one.

// valuesOf joins the values v to the document t a search matched.
const valuesOf = `v.project_id = t.project_id AND v.type = t.type AND v.id = t.id`

func (s *docs) setValues(typ, id string, values []store.Value) error {
	if _, err := s.exec(`DELETE FROM document_values WHERE project_id = ? AND type = ? AND id = ?`, s.project, typ, id); err != nil {
		return err
	}
	for _, v := range values {
		if _, err := s.exec(`INSERT INTO document_values (project_id, type, id, field, text, num) VALUES (?, ?, ?, ?, ?, ?)`,
			s.project, typ, id, v.Field, v.Text, v.Num); err != nil {
			return err
		}
	}
	return nil
}

// within renders the condition that the number of the values named by alias is within r.
func within(r store.ValueRange, alias string) (string, []any) {
	var cond string
	var args []any
	for _, b := range []struct {
		bound      *float64
		excl       bool
		op, strict string
	}{{r.Min, r.MinExcl, " >= ?", " > ?"}, {r.Max, r.MaxExcl, " <= ?", " < ?"}} {
		if b.bound == nil {
			continue
		}
		op := b.op
		if b.excl {
			op = b.strict
		}
		cond += " AND " + alias + ".num" + op
		args = append(args, *b.bound)
	}
	if cond == "" && !r.Any {
		cond = " AND " + alias + ".num IS NOT NULL"
	}
	return cond, args
}

// joinValues is the matched documents joined to their values of a field (the field's argument
// first).
func joinValues(m matched, field string) (string, []any) {
	return m.from + ` JOIN document_values v ON ` + valuesOf + ` AND v.field = ? WHERE ` + m.where,
		append(append(append([]any{}, m.fromArgs...), field), m.args...)
}

func (s *docs) CountValues(ts store.TextSearch, c store.ValueCount) ([]store.Bucket, error) {
	m, err := s.match(ts)
	if err != nil {
		return nil, err
	}
	from, args := joinValues(m, c.Field)
	if len(c.Ranges) > 0 {
		return s.countRanges(from, args, c)
	}
	q, qargs := s.distinctQuery(counted{from: from, args: args, id: "t.id", text: "v.text"}, c)
	rows, err := s.query(q, qargs...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []store.Bucket{}
	for rows.Next() {
		var b store.Bucket
		if err := rows.Scan(&b.Key, &b.Count); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// counted is the rows a count reads: FROM and WHERE, their arguments, and the columns of a
// row's document id and value (text).
type counted struct {
	from     string
	args     []any
	id, text string
}

// distinctQuery is the query of the buckets of a distinct count: its values with how many
// documents (or rows) have each, in the count's order (values byte by byte, as bucketOrder), at
// most its limit.
func (s *docs) distinctQuery(src counted, c store.ValueCount) (string, []any) {
	from, args := src.from, append([]any{}, src.args...)
	if len(c.Includes) > 0 {
		from += ` AND ` + src.text + ` IN (?` + strings.Repeat(`, ?`, len(c.Includes)-1) + `)`
		for _, k := range c.Includes {
			args = append(args, k)
		}
	}
	text := s.d.bytewise(src.text)
	order := `n DESC, ` + text
	switch {
	case c.ByKey && c.Desc:
		order = text + ` DESC`
	case c.ByKey:
		order = text
	case c.Desc:
		order = `n ASC, ` + text
	}
	count := `count(DISTINCT ` + src.id + `)`
	if c.Rows {
		count = `count(*)`
	}
	return `SELECT ` + src.text + ` AS k, ` + count + ` AS n FROM ` + from + ` GROUP BY ` + src.text + ` ORDER BY ` + order + ` LIMIT ?`,
		append(args, c.Limit)
}

// CountFacets makes several counts of what one search matches in one statement: the matches and
// their values of the counts' fields are read once (j), and each count reads them from there,
// where counting each apart would look every match's values up again. Counts of one field
// apart, or with ranges, are rows of their own: (count, key, n).
func (s *docs) CountFacets(ts store.TextSearch, counts []store.ValueCount) ([][]store.Bucket, error) {
	m, err := s.match(ts)
	if err != nil {
		return nil, err
	}
	var fields []string
	for _, c := range counts {
		if !slices.Contains(fields, c.Field) {
			fields = append(fields, c.Field)
		}
	}
	args := append([]any{}, m.fromArgs...)
	for _, f := range fields {
		args = append(args, f)
	}
	args = append(args, m.args...)
	q := `WITH j AS MATERIALIZED (SELECT t.id AS id, v.field AS field, v.text AS text, v.num AS num FROM ` + m.from +
		` JOIN document_values v ON ` + valuesOf + ` AND v.field IN (?` + strings.Repeat(`, ?`, len(fields)-1) + `) WHERE ` + m.where + `) `
	var branches []string
	for i, c := range counts {
		src := counted{from: `j WHERE j.field = ?`, args: []any{c.Field}, id: "j.id", text: "j.text"}
		if len(c.Ranges) == 0 {
			sql, a := s.distinctQuery(src, c)
			branches = append(branches, `SELECT `+strconv.Itoa(i)+` AS facet, 0 AS r, k, n FROM (`+sql+`) AS f`+strconv.Itoa(i))
			args = append(args, a...)
			continue
		}
		for ri, r := range c.Ranges {
			r.Any = false
			cond, a := within(r, "j")
			count := `count(DISTINCT CASE WHEN ` + strings.TrimPrefix(cond, " AND ") + ` THEN j.id END)`
			if c.Rows {
				count = `count(CASE WHEN ` + strings.TrimPrefix(cond, " AND ") + ` THEN 1 END)`
			}
			branches = append(branches, `SELECT `+strconv.Itoa(i)+` AS facet, `+strconv.Itoa(ri)+` AS r, CAST(? AS TEXT) AS k, `+count+` AS n FROM j WHERE j.field = ?`)
			args = append(append(append(args, rangeKey(r)), a...), c.Field)
		}
	}
	rows, err := s.query(q+strings.Join(branches, ` UNION ALL `), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([][]store.Bucket, len(counts))
	ranks := make([][]int, len(counts))
	for i := range out {
		out[i] = []store.Bucket{}
	}
	for rows.Next() {
		var i, r int
		var b store.Bucket
		if err := rows.Scan(&i, &r, &b.Key, &b.Count); err != nil {
			return nil, err
		}
		out[i], ranks[i] = append(out[i], b), append(ranks[i], r)
	}
	for i, c := range counts { // a union's rows come in no promised order
		sortBuckets(out[i], ranks[i], c)
	}
	return out, rows.Err()
}

// sortBuckets puts a count's buckets in its order: ranges as asked (rank), values as
// distinctQuery orders them.
func sortBuckets(b []store.Bucket, rank []int, c store.ValueCount) {
	idx := make([]int, len(b))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(x, y int) int {
		bx, by := b[x], b[y]
		switch {
		case len(c.Ranges) > 0:
			return rank[x] - rank[y]
		case c.ByKey && c.Desc:
			return strings.Compare(by.Key, bx.Key)
		case c.ByKey:
			return strings.Compare(bx.Key, by.Key)
		case bx.Count != by.Count && c.Desc:
			return bx.Count - by.Count
		case bx.Count != by.Count:
			return by.Count - bx.Count
		}
		return strings.Compare(bx.Key, by.Key)
	})
	sorted := make([]store.Bucket, len(b))
	for i, j := range idx {
		sorted[i] = b[j]
	}
	copy(b, sorted)
}

// countRanges counts the documents with a value in each range, in one pass over the values.
func (s *docs) countRanges(from string, args []any, c store.ValueCount) ([]store.Bucket, error) {
	ranges := c.Ranges
	cols := make([]string, len(ranges))
	var colArgs []any
	for i, r := range ranges {
		r.Any = false
		cond, a := within(r, "v")
		if c.Rows {
			cols[i] = `count(CASE WHEN ` + strings.TrimPrefix(cond, " AND ") + ` THEN 1 END)`
		} else {
			cols[i] = `count(DISTINCT CASE WHEN ` + strings.TrimPrefix(cond, " AND ") + ` THEN t.id END)`
		}
		colArgs = append(colArgs, a...)
	}
	counts := make([]int, len(ranges))
	dest := make([]any, len(ranges))
	for i := range counts {
		dest[i] = &counts[i]
	}
	if err := s.row(`SELECT `+strings.Join(cols, ", ")+` FROM `+from, append(colArgs, args...)...).Scan(dest...); err != nil {
		return nil, err
	}
	out := make([]store.Bucket, len(ranges))
	for i, r := range ranges {
		out[i] = store.Bucket{Key: rangeKey(r), Count: counts[i]}
	}
	return out, nil
}

// rangeKey names a range by its bounds, "*" for an open end: "0-100", "*-100", "100-*".
func rangeKey(r store.ValueRange) string {
	bound := func(f *float64) string {
		if f == nil {
			return "*"
		}
		return strconv.FormatFloat(*f, 'f', -1, 64)
	}
	return bound(r.Min) + "-" + bound(r.Max)
}

func (s *docs) StatValues(ts store.TextSearch, field string) (store.ValueStats, error) {
	m, err := s.match(ts)
	if err != nil {
		return store.ValueStats{}, err
	}
	from, args := joinValues(m, field)
	var st store.ValueStats
	err = s.row(`SELECT min(v.num), max(v.num), sum(v.num), count(v.num) FROM `+from, args...).Scan(&st.Min, &st.Max, &st.Sum, &st.Count)
	return st, err
}
