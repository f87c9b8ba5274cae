package sqlstore

import (
	"database/sql"
	"strings"

	"github.com/procura/procura/internal/store"
)

// docs implements store.Docs; every statement names the project.
type docs struct {
	*tx
	project string
}

// docColumns are the columns a Doc is read from; docColumnsNoData leaves out the data and, on
// SQLite, reads nothing stored after it in the row (the columns added later than the data).
const (
	docColumns       = `type, id, COALESCE(key, ''), COALESCE(uniq, ''), COALESCE(parent, ''), COALESCE(owner, ''), COALESCE(grp, ''), COALESCE(state, ''), version, created_at, COALESCE(modified_at, ''), amount, data`
	docColumnsNoData = `type, id, COALESCE(key, ''), COALESCE(uniq, ''), COALESCE(parent, ''), COALESCE(owner, ''), COALESCE(grp, ''), COALESCE(state, ''), version, created_at, '', CAST(NULL AS BIGINT), ''`
)

func scanDoc(s interface{ Scan(...any) error }, before ...any) (*store.Doc, error) {
	d := &store.Doc{}
	var data string
	var amount sql.NullInt64
	if err := s.Scan(append(before, &d.Type, &d.ID, &d.Key, &d.Unique, &d.Parent, &d.Owner, &d.Group, &d.State, &d.Version, &d.CreatedAt,
		&d.ModifiedAt, &amount, &data)...); err != nil {
		return nil, notFound(err)
	}
	if amount.Valid {
		d.Amount = &amount.Int64
	}
	d.Data = []byte(data)
	return d, nil
}

func (s *docs) one(where string, args ...any) (*store.Doc, error) {
	return scanDoc(s.row(`SELECT `+docColumns+` FROM documents WHERE project_id = ? AND `+where, append([]any{s.project}, args...)...))
}

func (s *docs) many(where string, args ...any) ([]*store.Doc, error) {
	rows, err := s.query(`SELECT `+docColumns+` FROM documents WHERE project_id = ? AND `+where+` ORDER BY `+s.d.insertOrder,
		append([]any{s.project}, args...)...)
	if err != nil {
		return nil, err
	}
	return scanDocs(rows)
}

func scanDocs(rows *sql.Rows) ([]*store.Doc, error) {
	defer rows.Close()
	var out []*store.Doc
	for rows.Next() {
		d, err := scanDoc(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

func (s *docs) Get(typ, id string) (*store.Doc, error) { return s.one(`type = ? AND id = ?`, typ, id) }

func (s *docs) GetByKey(typ, key string) (*store.Doc, error) {
	return s.one(`type = ? AND key = ?`, typ, key)
}

func (s *docs) VersionByKey(typ, key string) (int64, error) {
	var v int64
	err := s.row(`SELECT version FROM documents WHERE project_id = ? AND type = ? AND key = ?`, s.project, typ, key).Scan(&v)
	return v, notFound(err)
}

// unchangedPerStatement bounds the documents one statement of Unchanged checks: SQLite nests a
// chain of ORs one level per term, and refuses a statement nested deeper than 1,000.
const unchangedPerStatement = 64

func (s *docs) Unchanged(docs []*store.Doc) (bool, error) {
	for len(docs) > 0 {
		part := docs[:min(len(docs), unchangedPerStatement)]
		docs = docs[len(part):]
		if same, err := s.unchanged(part); !same || err != nil {
			return false, err
		}
	}
	return true, nil
}

// unchanged is Unchanged for at most unchangedPerStatement documents, in one statement.
func (s *docs) unchanged(docs []*store.Doc) (bool, error) {
	n := len(docs) // padded with the last to a power of two: a few statements for every size
	for n&(n-1) != 0 {
		n++
	}
	terms := make([]string, n)
	var args []any
	for i := range terms {
		d := docs[min(i, len(docs)-1)]
		// each term names the whole primary key, so that each is one look-up of it
		terms[i] = `(project_id = ? AND type = ? AND id = ? AND version = ? AND COALESCE(grp, '') = ?)`
		args = append(args, s.project, d.Type, d.ID, d.Version, d.Group)
	}
	var found int
	err := s.row(`SELECT COUNT(*) FROM documents WHERE `+strings.Join(terms, " OR "), args...).Scan(&found)
	return found == len(docs), err
}

func (s *docs) Generations(names ...string) (int64, []int64, error) {
	q := `SELECT COALESCE((SELECT version FROM projects WHERE id = ?), 0)`
	args := []any{s.project}
	for _, n := range names {
		q += `, COALESCE((SELECT version FROM documents WHERE project_id = ? AND type = ? AND key = ?), 0)`
		args = append(args, s.project, n, n)
	}
	var project int64
	versions := make([]int64, len(names))
	dest := []any{&project}
	for i := range versions {
		dest = append(dest, &versions[i])
	}
	err := s.row(q, args...).Scan(dest...)
	return project, versions, err
}

func (s *docs) GetByUnique(typ, unique string) (*store.Doc, error) {
	return s.one(`type = ? AND uniq = ?`, typ, unique)
}

func (s *docs) List(typ string) ([]*store.Doc, error) { return s.many(`type = ?`, typ) }

func (s *docs) GetByKeys(typ string, keys []string) ([]*store.Doc, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	return s.many(`type = ? AND key IN (`+marks(len(keys))+`)`, append([]any{typ}, anys(keys)...)...)
}

func (s *docs) Children(typ, parentKey string) ([]*store.Doc, error) {
	return s.many(`type = ? AND parent = ?`, typ, parentKey)
}

// Lineage follows Parent upwards in a recursive query whose every step reads one document by its
// key, so that it costs the lineage's depth whatever the number of documents of the type. (A walk
// of the keys joined with the type's documents afterwards was planned, for any key, as a scan of
// them all.) Being one statement, it reads one state of the lineage also where a read's
// statements each see their own (decision 0068): read step by step, a unit moved meanwhile could
// show under its old parent with that parent's new ancestors, or in a cycle.
func (s *docs) Lineage(typ, key string) ([]*store.Doc, error) {
	return s.lineage(typ, key, docColumns)
}

// LineageWithoutData is Lineage without the documents' data, nor what SQLite stores after it.
func (s *docs) LineageWithoutData(typ, key string) ([]*store.Doc, error) {
	return s.lineage(typ, key, docColumnsNoData)
}

func (s *docs) lineage(typ, key, columns string) ([]*store.Doc, error) {
	docs, err := s.walk(s.lineageCTE(columns)+` SELECT `+lineageColumns+` FROM up ORDER BY depth`, s.lineageArgs(typ, key)...)
	if err != nil {
		return nil, err
	}
	return untilCycle(docs), nil
}

// lineageCTE is the recursive query "up" of a lineage with columns, with depth (1 for the document
// of the key): its arguments are lineageArgs.
func (s *docs) lineageCTE(columns string) string {
	return `WITH RECURSIVE up(` + lineageColumns + `, depth) AS (
		SELECT ` + columns + `, 1 FROM documents WHERE project_id = ? AND type = ? AND key = ?
		UNION ALL
		` + s.d.parentStep(columns) + `)`
}

// lineageArgs are the arguments of lineageCTE for the lineage of the document of typ with key.
func (s *docs) lineageArgs(typ, key string) []any {
	return []any{s.project, typ, key, s.project, typ, store.MaxLineage}
}

// untilCycle is a lineage up to the first key met twice (a cycle in the data).
func untilCycle(docs []*store.Doc) []*store.Doc {
	seen := map[string]bool{}
	for i, d := range docs {
		if seen[d.Key] {
			return docs[:i]
		}
		seen[d.Key] = true
	}
	return docs
}

// lineageColumns name the columns of docColumns in Lineage's recursive query: names of their own,
// so that a step's columns are the document's it reads.
const lineageColumns = `up_type, up_id, up_key, up_uniq, up_parent, up_owner, up_grp, up_state, up_version, up_created_at, up_modified_at, up_amount, up_data`

// Descendants follows Parent downwards in a recursive query (down holds the keys found), then
// reads those documents and puts them in breadth-first order.
func (s *docs) Descendants(typ, key string) ([]*store.Doc, error) {
	docs, err := s.walk(`WITH RECURSIVE down(k, depth) AS (
		SELECT CAST(? AS TEXT), 0
		UNION ALL
		`+s.d.childStep()+`)
	SELECT `+docColumns+` FROM documents WHERE project_id = ? AND type = ? AND key IN (SELECT k FROM down WHERE depth > 0)
	ORDER BY `+s.d.insertOrder, key, s.project, typ, store.MaxLineage, s.project, typ)
	if err != nil {
		return nil, err
	}
	children := map[string][]*store.Doc{}
	for _, d := range docs {
		children[d.Parent] = append(children[d.Parent], d)
	}
	seen := map[string]bool{key: true}
	var out []*store.Doc
	for level := []string{key}; len(level) > 0; {
		var next []string
		for _, k := range level {
			for _, d := range children[k] {
				if !seen[d.Key] {
					seen[d.Key] = true
					out = append(out, d)
					next = append(next, d.Key)
				}
			}
		}
		level = next
	}
	return out, nil
}

// walk reads the documents of a walk through a hierarchy; one from a key that cannot be stored
// finds nothing, as a look-up by such a key does.
func (s *docs) walk(q string, args ...any) ([]*store.Doc, error) {
	if !storable(args) {
		return nil, nil
	}
	rows, err := s.query(q, args...)
	if err != nil {
		return nil, err
	}
	return scanDocs(rows)
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// amountOf is the amount column's value: NULL for a type without one.
func amountOf(d *store.Doc) any {
	if d.Amount == nil {
		return nil
	}
	return *d.Amount
}

// fits refuses a document larger than the store keeps.
func (s *docs) fits(d *store.Doc) error {
	if len(d.Data) > s.maxBytes {
		return &store.TooLargeError{Type: d.Type, Size: len(d.Data), MaxBytes: s.maxBytes}
	}
	return nil
}

func (s *docs) Insert(d *store.Doc) error {
	if err := s.fits(d); err != nil {
		return err
	}
	_, err := s.exec(`INSERT INTO documents (project_id, type, id, key, uniq, parent, owner, grp, state, version, created_at, modified_at, amount, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.project, d.Type, d.ID, nullable(d.Key), nullable(d.Unique), nullable(d.Parent), nullable(d.Owner), nullable(d.Group), nullable(d.State),
		d.Version, d.CreatedAt, nullable(d.ModifiedAt), amountOf(d), string(d.Data))
	if err != nil {
		return s.dup(err)
	}
	return s.insertRefs(d)
}

// updateDoc updates a document at the version expected.
const updateDoc = `UPDATE documents SET key = ?, uniq = ?, parent = ?, owner = ?, grp = ?, state = ?, version = ?, modified_at = ?, amount = ?, data = ? WHERE project_id = ? AND type = ? AND id = ? AND version = ?`

// updateDocAndRefs is updateDoc and, when it updated the document, the delete of the document's
// references, in one PostgreSQL statement: one round trip where two were.
const updateDocAndRefs = `WITH u AS (` + updateDoc + ` RETURNING 1), r AS (DELETE FROM document_refs WHERE project_id = ? AND from_type = ? AND from_id = ? AND EXISTS (SELECT 1 FROM u)) SELECT count(*) FROM u`

func (s *docs) Update(d *store.Doc, expectedVersion int64) error {
	if err := s.fits(d); err != nil {
		return err
	}
	args := []any{nullable(d.Key), nullable(d.Unique), nullable(d.Parent), nullable(d.Owner), nullable(d.Group), nullable(d.State), d.Version,
		nullable(d.ModifiedAt), amountOf(d), string(d.Data), s.project, d.Type, d.ID, expectedVersion}
	if d.Refs != nil && !s.d.inProcess {
		var n int
		if err := s.writeRow(updateDocAndRefs, append(args, s.project, d.Type, d.ID)...).Scan(&n); err != nil {
			return s.dup(err)
		}
		if n != 1 {
			return store.ErrConflict
		}
		return s.insertRefs(d)
	}
	res, err := s.exec(updateDoc, args...)
	if err != nil {
		return s.dup(err)
	}
	if err := changedOne(res, nil); err != nil {
		return err
	}
	if d.Refs == nil {
		return nil // a type that references nothing: no round trips for references
	}
	if err := s.deleteRefs(d.Type, d.ID); err != nil {
		return err
	}
	return s.insertRefs(d)
}

func (s *docs) Delete(typ, id string, expectedVersion int64) error {
	res, err := s.exec(`DELETE FROM documents WHERE project_id = ? AND type = ? AND id = ? AND version = ?`, s.project, typ, id, expectedVersion)
	if err := changedOne(res, err); err != nil {
		return err
	}
	return s.deleteRefs(typ, id)
}

func (s *docs) Regroup(types, parents []string, group string) error {
	if len(types) == 0 || len(parents) == 0 {
		return nil
	}
	args := append(append([]any{group, s.project}, anys(types)...), anys(parents)...)
	_, err := s.exec(`UPDATE documents SET grp = ? WHERE project_id = ? AND type IN (`+marks(len(types))+`) AND parent IN (`+
		marks(len(parents))+`) AND grp IS NOT NULL`, args...)
	return err
}

func (s *docs) deleteRefs(typ, id string) error {
	_, err := s.exec(`DELETE FROM document_refs WHERE project_id = ? AND from_type = ? AND from_id = ?`, s.project, typ, id)
	return err
}

func (s *docs) insertRefs(d *store.Doc) error {
	seen := map[store.Ref]bool{}
	for _, r := range d.Refs {
		if seen[r] {
			continue
		}
		seen[r] = true
		if _, err := s.exec(`INSERT INTO document_refs (project_id, from_type, from_id, to_type, to_ref) VALUES (?, ?, ?, ?, ?)`,
			s.project, d.Type, d.ID, r.Type, r.ID); err != nil {
			return err
		}
	}
	return nil
}

func (s *docs) ReferencedBy(to store.Ref, limit int) ([]store.Ref, error) {
	rows, err := s.query(`SELECT from_type, from_id FROM document_refs WHERE project_id = ? AND to_type = ? AND to_ref = ? ORDER BY from_type, from_id LIMIT ?`,
		s.project, to.Type, to.ID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.Ref
	for rows.Next() {
		var r store.Ref
		if err := rows.Scan(&r.Type, &r.ID); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
