package sqlstore

import (
	"errors"
	"strings"

	"github.com/procura/procura/internal/store"
)

// where builds the condition of a filter and its arguments.
func (s *docs) where(f store.Filter) (string, []any) {
	cond := []string{"project_id = ?", "type = ?"}
	args := []any{s.project, f.Type}
	if f.Group != "" {
		cond = append(cond, "grp = ?")
		args = append(args, f.Group)
	}
	if f.NoParent {
		cond = append(cond, "parent IS NULL")
	}
	var either []string
	if len(f.Parents) > 0 {
		either = append(either, "parent IN ("+marks(len(f.Parents))+")")
		args = append(args, anys(f.Parents)...)
	}
	if len(f.OwnedParents) > 0 {
		either = append(either, "(parent IN ("+marks(len(f.OwnedParents))+") AND owner = ?)")
		args = append(args, anys(f.OwnedParents)...)
		args = append(args, f.Owner)
	}
	if len(f.OthersParents) > 0 {
		either = append(either, "(parent IN ("+marks(len(f.OthersParents))+") AND coalesce(owner, '') <> ?)")
		args = append(args, anys(f.OthersParents)...)
		args = append(args, f.Owner)
	}
	switch {
	case len(either) > 0:
		cond = append(cond, "("+strings.Join(either, " OR ")+")")
	case f.Parents != nil || f.OwnedParents != nil || f.OthersParents != nil:
		cond = append(cond, "1 = 0") // the caller may see no unit
	case f.Owner != "":
		cond = append(cond, "owner = ?")
		args = append(args, f.Owner)
	}
	// A filter by company, unit or customer is answered from that index, in created_at order,
	// testing the state and the modification time on the way; SQLite without statistics (a
	// database never analyzed) could otherwise take the state's or the modification time's index,
	// which span the whole project, for it. A unary + keeps a term from choosing an index.
	hint := func(column string) string { return column }
	if s.d.name == "sqlite" && narrowed(f) {
		hint = func(column string) string {
			if column == "state" || column == "modified_at" {
				return "+" + column
			}
			return column
		}
	}
	if len(f.States) > 0 {
		cond = append(cond, hint("state")+" IN ("+marks(len(f.States))+")")
		args = append(args, anys(f.States)...)
	}
	for _, c := range f.Conds {
		column := hint(columns[c.Column]) // the column names are ours: never a caller's text
		if to, ok := strings.CutPrefix(c.Column, "ref:"); ok && c.Op == "in" && len(c.Values) > 0 {
			cond = append(cond, "id IN (SELECT from_id FROM document_refs WHERE project_id = ? AND from_type = ? AND to_type = ? AND to_ref IN ("+marks(len(c.Values))+"))")
			args = append(append(args, s.project, f.Type, to), anys(c.Values)...)
			continue
		}
		sql, values := s.d.compare(column, column == "amount", c)
		cond, args = append(cond, sql), append(args, values...)
	}
	return strings.Join(cond, " AND "), args
}

// compare is the SQL of a Cond on column (numeric: it compares c.Numbers) and its arguments.
func (d dialect) compare(column string, numeric bool, c store.Cond) (string, []any) {
	values := anys(c.Values)
	if numeric {
		values = numbers(c.Numbers)
	}
	switch {
	case column == "" || len(values) == 0:
		return "1 = 0", nil
	case c.Op == "in":
		return column + " IN (" + marks(len(values)) + ")", values
	case c.Op == "<" || c.Op == "<=" || c.Op == ">" || c.Op == ">=":
		return d.bytewise(column) + " " + c.Op + " ?", values[:1]
	}
	return "1 = 0", nil
}

// narrowed reports whether a filter selects by company, unit or owner, whose indexes (in
// created_at order, holding the state and the amount) are narrower than the state's.
func narrowed(f store.Filter) bool {
	if f.Group != "" || f.Owner != "" || f.Parents != nil || f.OwnedParents != nil || f.OthersParents != nil {
		return true
	}
	for _, c := range f.Conds {
		if c.Op == "in" && (c.Column == store.ColumnParent || c.Column == store.ColumnOwner || c.Column == store.ColumnGroup) {
			return true
		}
	}
	return false
}

// columns are the indexed columns a filter's Conds and Sort may name.
var columns = map[string]string{store.ColumnID: "id", store.ColumnKey: "key", store.ColumnParent: "parent",
	store.ColumnOwner: "owner", store.ColumnGroup: "grp", store.ColumnState: "state", store.ColumnCreatedAt: "created_at",
	store.ColumnUnique: "uniq", store.ColumnModifiedAt: "modified_at", store.ColumnAmount: "amount"}

// orderBy is the ORDER BY of a filter: its Sort, then the newest first. A column is named once:
// a later mention orders nothing more, and SQLite did not see that ORDER BY created_at DESC,
// created_at DESC, rowid DESC follows an index on created_at, and sorted every document of the
// type for sort=createdAt desc (seconds at a million orders).
func (s *docs) orderBy(f store.Filter) string {
	var by []string
	seen := map[string]bool{}
	add := func(column string, desc bool) {
		if column == "" || seen[column] {
			return
		}
		seen[column] = true
		column = s.d.bytewise(column)
		if desc {
			column += " DESC"
		}
		by = append(by, column)
	}
	for _, o := range f.Sort {
		column := columns[o.Column]
		if o.Column == store.ColumnInserted {
			column = s.d.insertOrder
		}
		add(column, o.Desc)
	}
	add("created_at", true)
	add(s.d.insertOrder, true)
	return strings.Join(by, ", ")
}

func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

func numbers(list []int64) []any {
	out := make([]any, len(list))
	for i, n := range list {
		out[i] = n
	}
	return out
}

func anys(list []string) []any {
	out := make([]any, len(list))
	for i, s := range list {
		out[i] = s
	}
	return out
}

func (s *docs) Find(f store.Filter) ([]*store.Doc, int, error) {
	cond, args := s.where(f)
	return s.findRows(selectedColumns(f), `documents WHERE `+cond, s.orderBy(f), args, f)
}

// selectedColumns are the columns a Find reads of each document.
func selectedColumns(f store.Filter) string {
	if f.NoData {
		return docColumnsNoData
	}
	return docColumns
}

// FindWithLineage reads the page and the lineage in one statement when the page is in insertion
// order (the order of a query that names none), the page's rows first in that order, then the
// lineage's by depth; in two otherwise.
func (s *docs) FindWithLineage(f store.Filter, key string) ([]*store.Doc, int, []*store.Doc, error) {
	if !f.InInsertionOrder() || !storable([]any{key}) {
		page, total, err := s.Find(f)
		if err != nil {
			return nil, 0, nil, err
		}
		lineage, err := s.LineageWithoutData(f.Type, key)
		return page, total, lineage, err
	}
	cond, args := s.where(f)
	rows, err := s.query(s.lineageCTE(docColumnsNoData)+`
	SELECT * FROM (SELECT 0, `+s.d.insertOrder+`, `+selectedColumns(f)+` FROM documents WHERE `+cond+` ORDER BY `+s.orderBy(f)+` LIMIT ? OFFSET ?) page
	UNION ALL
	SELECT 1, depth, `+lineageColumns+` FROM up
	ORDER BY 1, 2`, append(append(s.lineageArgs(f.Type, key), args...), f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, nil, err
	}
	var page, lineage []*store.Doc
	defer rows.Close()
	for rows.Next() {
		var part, n int64
		d, err := scanDoc(rows, &part, &n)
		if err != nil {
			return nil, 0, nil, err
		}
		if part == 0 {
			page = append(page, d)
		} else {
			lineage = append(lineage, d)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, 0, nil, err
	}
	total, err := s.total(page, `documents WHERE `+cond, args, f)
	return page, total, untilCycle(lineage), err
}

// findRows reads the page of a Find, "SELECT selected FROM from ORDER BY order" with args, and
// its total (total).
func (t *tx) findRows(selected, from, order string, args []any, f store.Filter) ([]*store.Doc, int, error) {
	rows, err := t.query(`SELECT `+selected+` FROM `+from+` ORDER BY `+order+` LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	out, err := scanDocs(rows)
	if err != nil {
		return nil, 0, err
	}
	total, err := t.total(out, from, args, f)
	return out, total, err
}

// total counts the rows "SELECT … FROM from" selects with args when f asks for it, or up to
// f.CountUpTo (0 when it does not). A page that ends before its limit tells the count itself
// (offset plus its rows, unless it is empty past an offset): most pages of small lists do, and
// are then read in one query.
func (t *tx) total(page []*store.Doc, from string, args []any, f store.Filter) (int, error) {
	if !f.Count {
		return 0, nil
	}
	if len(page) < f.Limit && f.Offset >= 0 && (len(page) > 0 || f.Offset == 0) {
		return upTo(f.Offset+len(page), f.CountUpTo), nil
	}
	count := `SELECT count(*) FROM ` + from
	if f.CountUpTo > 0 { // the index entries past the limit are never read
		count = `SELECT count(*) FROM (SELECT 1 FROM ` + from + ` LIMIT ?) AS counted`
		args = append(args[:len(args):len(args)], f.CountUpTo)
	}
	total := 0
	err := t.row(count, args...).Scan(&total)
	return total, err
}

// upTo is n, or limit when it is lower (0: no limit).
func upTo(n, limit int) int {
	if limit > 0 {
		return min(n, limit)
	}
	return n
}

// scanBatch is how many documents Scan reads per query.
const scanBatch = 500

func (s *docs) Scan(typ string, fn func(*store.Doc) error) error {
	order := s.d.insertOrder
	var after int64 = -1
	for {
		rows, err := s.query((`SELECT ` + order + `, ` + docColumns + ` FROM documents WHERE project_id = ? AND type = ? AND ` + order +
			` > ? ORDER BY ` + order + ` LIMIT ?`), s.project, typ, after, scanBatch)
		if err != nil {
			return err
		}
		var batch []*store.Doc
		for rows.Next() {
			d, err := scanDoc(rows, &after)
			if err != nil {
				rows.Close()
				return err
			}
			batch = append(batch, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, d := range batch {
			if err := fn(d); err != nil {
				if errors.Is(err, store.ErrStop) {
					return nil
				}
				return err
			}
		}
		if len(batch) < scanBatch {
			return nil
		}
	}
}

func (s *docs) Lock(name string) error {
	if s.d.name != "postgres" {
		return nil // SQLite runs one write transaction at a time
	}
	_, err := s.exec(`SELECT pg_advisory_xact_lock(hashtextextended(?, 0))`, s.project+"/"+name)
	return err
}

func (s *docs) LockDocument(typ, id string) error {
	if s.d.name != "postgres" {
		return nil // SQLite runs one write transaction at a time
	}
	_, err := s.exec(`SELECT 1 FROM documents WHERE project_id = ? AND type = ? AND id = ? FOR UPDATE`, s.project, typ, id)
	return err
}
