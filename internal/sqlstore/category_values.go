package sqlstore

import (
	"context"
	"strings"

	"github.com/procura/procura/internal/store"
)

// A search whose query is a category, or any of several (a category's subtree), and nothing
// else reads what it counts, sums and sorts by from category_values (migration 0026, decision
// 0057): each value of a document again under each of its categories, so that a category's
// colors, say, are adjacent entries of one index, where document_values would be looked up once
// per product of the category. On PostgreSQL the database's triggers keep the table; on SQLite
// a trigger drops a document's rows with its values and the store writes them (setValues), as
// the migration says why.

// categoryField is the field of the values that name a document's categories.
const categoryField = "categories"

// inCategories returns the categories a search's query asks a document to be in one of, when
// that is all it asks: no word of a language, no range, no negation, no other condition.
func inCategories(ts store.TextSearch) ([]any, bool) {
	if ts.Lang != "" || !ts.Unranked || len(ts.Ranges) > 0 {
		return nil, false
	}
	qs := conjuncts(ts.Query)
	if len(qs) != 1 || qs[0].Not {
		return nil, false
	}
	values, ok := valuesOfQuery(qs[0])
	if !ok {
		return nil, false
	}
	seen := map[string]bool{}
	var out []any
	for _, v := range values {
		if v.Field != categoryField {
			return nil, false
		}
		if !seen[v.Text] {
			seen[v.Text] = true
			out = append(out, v.Text)
		}
	}
	return out, len(out) > 0
}

// categoryRows renders the category rows, as alias, of the documents in any of categories, of
// the fields given. SQLite is told the index to read them by: a database that never ran ANALYZE
// gives its planner no statistics, and a GROUP BY of ids could lead it to the index by document,
// which holds every row of the project's type.
func (s *docs) categoryRows(alias, typ string, categories []any, fields ...string) (string, []any) {
	args := append([]any{s.project, typ}, categories...)
	for _, f := range fields {
		args = append(args, f)
	}
	indexed := ""
	if s.d.name == "sqlite" {
		indexed = ` INDEXED BY category_values_by_field`
	}
	return `category_values ` + alias + indexed + ` WHERE ` + alias + `.project_id = ? AND ` + alias + `.type = ? AND ` +
		alias + `.category IN (?` + strings.Repeat(`, ?`, len(categories)-1) + `) AND ` +
		alias + `.field IN (?` + strings.Repeat(`, ?`, len(fields)-1) + `)`, args
}

// valuesOfMatches renders the values of a field, as v, of the documents a search matches, each
// document's id as v.id. Its values are read from the category rows when the search is of
// categories; perValue (a count of values, not of documents, or a sum) asks that no value be
// read twice, which a document in two of several categories would be.
func (s *docs) valuesOfMatches(ts store.TextSearch, field string, perValue bool) (string, []any, error) {
	if categories, ok := inCategories(ts); ok && (!perValue || len(categories) == 1) {
		from, args := s.categoryRows("v", ts.Type, categories, field)
		return from, args, nil
	}
	m, err := s.match(ts)
	if err != nil {
		return "", nil, err
	}
	from, args := joinValues(m, field)
	return from, args, nil
}

// searchCategories answers a page of a search of categories, and its total, from the category
// rows: the page's sort keys are among the rows of its documents read side by side.
func (s *docs) searchCategories(ts store.TextSearch, categories []any) ([]string, int, error) {
	var ids []string
	if ts.Limit > 0 {
		fields := []string{categoryField}
		for _, k := range ts.Sort {
			if k.Field != "" && !k.Score && !k.ID {
				fields = append(fields, k.Field)
			}
		}
		from, args := s.categoryRows("t", ts.Type, categories, fields...)
		order, orderArgs := s.order(ts, matched{}, func(agg, col string) string {
			return agg + `(CASE WHEN t.field = ? THEN t.` + col + ` END)`
		})
		var err error
		ids, err = column[string](s.query(`SELECT t.id FROM `+from+` GROUP BY t.id ORDER BY `+order+` LIMIT ? OFFSET ?`,
			append(append(args, orderArgs...), ts.Limit, ts.Offset)...))
		if err != nil {
			return nil, 0, err
		}
	}
	from, args := s.categoryRows("t", ts.Type, categories, categoryField)
	var total int
	err := s.row(`SELECT count(DISTINCT t.id) FROM `+from, args...).Scan(&total)
	return ids, total, err
}

// setCategoryValues writes a document's values under each of its categories (SQLite: its rows
// from before went with its values), and notes that every value has its category rows.
func (s *docs) setCategoryValues(typ, id string, values []store.Value) error {
	seen := map[string]bool{}
	for _, c := range values {
		if c.Field != categoryField || seen[c.Text] {
			continue
		}
		seen[c.Text] = true
		for _, v := range values {
			if _, err := s.exec(`INSERT INTO category_values (project_id, type, category, id, field, text, num) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				s.project, typ, c.Text, id, v.Field, v.Text, v.Num); err != nil {
				return err
			}
		}
	}
	_, err := s.exec(valuesSeen)
	return err
}

// valuesSeen notes that the category rows of every value are written (SQLite, migration 0026).
const valuesSeen = `UPDATE category_values_state SET values_seen = (SELECT coalesce(max(rowid), 0) FROM document_values) WHERE id = 1`

// mendCategoryValues writes the category rows of the documents that have categories and no
// category row (SQLite), when values were written or deleted without them since the store last
// noted every value's rows: by a node of the release before, which writes none. A document
// whose values it replaced lost its rows to the trigger, so no row is stale, and a document with
// rows has all of them. It reads every value when it has to mend, nothing otherwise.
func (db *DB) mendCategoryValues(ctx context.Context) error {
	var seen, last int64
	err := db.writer.QueryRowContext(ctx, `SELECT values_seen, (SELECT coalesce(max(rowid), 0) FROM document_values) FROM category_values_state WHERE id = 1`).Scan(&seen, &last)
	if err != nil || seen == last {
		return err
	}
	t, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer t.Rollback()
	_, err = t.ExecContext(ctx, `INSERT INTO category_values (project_id, type, category, id, field, text, num)
		SELECT c.project_id, c.type, c.text, v.id, v.field, v.text, v.num
		FROM (SELECT DISTINCT project_id, type, id, text FROM document_values WHERE field = ?) c
		JOIN document_values v INDEXED BY document_values_of ON v.project_id = c.project_id AND v.type = c.type AND v.id = c.id
		WHERE NOT EXISTS (SELECT 1 FROM category_values x INDEXED BY category_values_of
			WHERE x.project_id = c.project_id AND x.type = c.type AND x.id = c.id)`, categoryField)
	if err == nil {
		_, err = t.ExecContext(ctx, valuesSeen)
	}
	if err != nil {
		return err
	}
	return t.Commit()
}
