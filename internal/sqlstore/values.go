package sqlstore

import (
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
	if s.d.name != "sqlite" {
		// One statement for many rows: one round trip, and the triggers of migration 0026 run
		// once for the document.
		for i := 0; i < len(values); i += valuesBatch {
			batch := values[i:min(i+valuesBatch, len(values))]
			args := make([]any, 0, 6*len(batch))
			for _, v := range batch {
				args = append(args, s.project, typ, id, v.Field, v.Text, v.Num)
			}
			if _, err := s.exec(`INSERT INTO document_values (project_id, type, id, field, text, num) VALUES `+rowMarks(6, len(batch)), args...); err != nil {
				return err
			}
		}
		return nil
	}
	// On SQLite a row a statement, as a statement of one row keeps no journal of its own (see
	// migration 0026), and the category rows beside them.
	for _, v := range values {
		if _, err := s.exec(`INSERT INTO document_values (project_id, type, id, field, text, num) VALUES (?, ?, ?, ?, ?, ?)`,
			s.project, typ, id, v.Field, v.Text, v.Num); err != nil {
			return err
		}
	}
	return s.setCategoryValues(typ, id, values)
}

// valuesBatch is how many values one INSERT carries on PostgreSQL.
const valuesBatch = 1000

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
	from, args, err := s.valuesOfMatches(ts, c.Field, c.Rows)
	if err != nil {
		return nil, err
	}
	if len(c.Ranges) > 0 {
		return s.countRanges(from, args, c)
	}
	if len(c.Includes) > 0 {
		from += ` AND v.text IN (?` + strings.Repeat(`, ?`, len(c.Includes)-1) + `)`
		for _, k := range c.Includes {
			args = append(args, k)
		}
	}
	order := `n DESC, v.text`
	switch {
	case c.ByKey && c.Desc:
		order = `v.text DESC`
	case c.ByKey:
		order = `v.text`
	case c.Desc:
		order = `n ASC, v.text`
	}
	count := `count(DISTINCT v.id)`
	if c.Rows {
		count = `count(*)`
	}
	rows, err := s.query(`SELECT v.text, `+count+` AS n FROM `+from+` GROUP BY v.text ORDER BY `+order+` LIMIT ?`,
		append(args, c.Limit)...)
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
			cols[i] = `count(DISTINCT CASE WHEN ` + strings.TrimPrefix(cond, " AND ") + ` THEN v.id END)`
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
	from, args, err := s.valuesOfMatches(ts, field, true)
	if err != nil {
		return store.ValueStats{}, err
	}
	var st store.ValueStats
	err = s.row(`SELECT min(v.num), max(v.num), sum(v.num), count(v.num) FROM `+from, args...).Scan(&st.Min, &st.Max, &st.Sum, &st.Count)
	return st, err
}
