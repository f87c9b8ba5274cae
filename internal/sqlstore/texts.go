package sqlstore

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"unicode"

	"github.com/procura/procura/internal/store"
)

// Full-text search: each document's words per language, behind the database's own full-text
// index (SQLite FTS5, PostgreSQL tsvector with a GIN index; migration 0011, decision 0018). Every
// word is stored, and searched, behind a code of its project, type and language, so that a word's
// entries in the index are those of one project's documents of one type and language: a search
// reads no other project's entries (and the rows found are still checked by their columns, should
// two scopes' codes ever be the same).

// scoped returns word behind the code of the project, type and language.
func (s *docs) scoped(typ, lang, word string) string {
	sum := sha256.Sum256([]byte(s.project + "\x00" + typ + "\x00" + lang))
	return hex.EncodeToString(sum[:4]) + word
}

// scopedQuery is q with every word scoped.
func (s *docs) scopedQuery(typ, lang string, q store.TextQuery) store.TextQuery {
	if q.Word != "" {
		q.Word = s.scoped(typ, lang, q.Word)
	}
	scope := func(qs []store.TextQuery) []store.TextQuery {
		out := make([]store.TextQuery, len(qs))
		for i, x := range qs {
			out[i] = s.scopedQuery(typ, lang, x)
		}
		return out
	}
	q.And, q.Or = scope(q.And), scope(q.Or)
	return q
}

func (s *docs) SetTexts(typ, id string, texts map[string]string, values []store.Value) error {
	if err := s.setValues(typ, id, values); err != nil {
		return err
	}
	if s.d.name == "sqlite" {
		old, err := column[int64](s.query(`SELECT row FROM document_texts WHERE project_id = ? AND type = ? AND id = ?`, s.project, typ, id))
		if err != nil {
			return err
		}
		for _, r := range old {
			if _, err := s.exec(`DELETE FROM document_words WHERE rowid = ?`, r); err != nil {
				return err
			}
		}
	}
	if _, err := s.exec(`DELETE FROM document_texts WHERE project_id = ? AND type = ? AND id = ?`, s.project, typ, id); err != nil {
		return err
	}
	for lang, text := range texts {
		words := strings.Fields(text)
		for i, w := range words {
			words[i] = s.scoped(typ, lang, w)
		}
		body := strings.Join(words, " ")
		if s.d.name != "sqlite" {
			if _, err := s.exec(`INSERT INTO document_texts (project_id, type, id, lang, words) VALUES (?, ?, ?, ?, to_tsvector('simple', ?))`,
				s.project, typ, id, lang, body); err != nil {
				return err
			}
			continue
		}
		res, err := s.exec(`INSERT INTO document_texts (project_id, type, id, lang) VALUES (?, ?, ?, ?)`, s.project, typ, id, lang)
		if err != nil {
			return err
		}
		row, err := res.LastInsertId()
		if err != nil {
			return err
		}
		if _, err := s.exec(`INSERT INTO document_words (rowid, body) VALUES (?, ?)`, row, body); err != nil {
			return err
		}
	}
	return nil
}

func (s *docs) SearchTexts(ts store.TextSearch) ([]string, int, error) {
	if categories, ok := inCategories(ts); ok {
		return s.searchCategories(ts, categories)
	}
	m, err := s.match(ts)
	if err != nil {
		return nil, 0, err
	}
	// On PostgreSQL, where reading the matches' rows is most of a search's time, one pass over
	// them gives the page and their number; on SQLite, where the page alone is a top-N sort,
	// counting apart is quicker. A page past the last match (or of none) has no row to carry the
	// number, and counts apart too.
	together := s.d.name != "sqlite"
	var ids []string
	total := -1
	if ts.Limit > 0 {
		order, orderArgs := s.order(ts, m, func(agg, col string) string {
			return `(SELECT ` + agg + `(v.` + col + `) FROM document_values v WHERE ` + valuesOf + ` AND v.field = ?)`
		})
		args := append(append(m.all(), orderArgs...), ts.Limit, ts.Offset)
		cols := `t.id, -1`
		if together {
			cols = `t.id, count(*) OVER ()`
		}
		rows, err := s.query(`SELECT `+cols+` FROM `+m.from+` WHERE `+m.where+` ORDER BY `+order+` LIMIT ? OFFSET ?`, args...)
		if err != nil {
			return nil, 0, err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			if err := rows.Scan(&id, &total); err != nil {
				return nil, 0, err
			}
			ids = append(ids, id)
		}
		if err := rows.Err(); err != nil {
			return nil, 0, err
		}
	}
	if total < 0 {
		if err := s.row(`SELECT count(*) FROM `+m.from+` WHERE `+m.where, m.all()...).Scan(&total); err != nil {
			return nil, 0, err
		}
	}
	return ids, total, nil
}

// matched is the SQL of the documents a search matches: its tables (the texts as t, or the
// documents of values.go) and their arguments, its condition and its arguments, and the index's
// query (for ranking).
type matched struct {
	from, where    string
	fromArgs, args []any
	query          string
}

// all is the arguments of the tables, then of the condition.
func (m matched) all() []any { return append(append([]any{}, m.fromArgs...), m.args...) }

// match renders what a search matches: its text query, in its project, type and language, and
// its ranges.
func (s *docs) match(ts store.TextSearch) (matched, error) {
	q, err := render(s.d.name, s.scopedQuery(ts.Type, ts.Lang, ts.Query))
	if err != nil {
		return matched{}, err
	}
	m := matched{args: []any{q, s.project, ts.Type, ts.Lang}, query: q}
	if byValues, ok := s.matchValues(ts); ok {
		m = byValues
	} else if s.d.name == "sqlite" {
		m.from = `document_words JOIN document_texts t ON t.row = document_words.rowid`
		m.where = `document_words MATCH ? AND t.project_id = ? AND t.type = ? AND t.lang = ?`
	} else {
		m.from = `document_texts t`
		m.where = `t.words @@ to_tsquery('simple', ?) AND t.project_id = ? AND t.type = ? AND t.lang = ?`
	}
	for _, r := range ts.Ranges {
		cond, args := within(r, "v")
		m.where += ` AND EXISTS (SELECT 1 FROM document_values v WHERE ` + valuesOf + ` AND v.field = ?` + cond + `)`
		m.args = append(append(m.args, r.Field), args...)
	}
	return m, nil
}

// order renders a search's order and its arguments: its sort keys, then the ids. key renders a
// document's smallest or largest (agg) number or text (col) of a field, the field's argument
// its one parameter.
func (s *docs) order(ts store.TextSearch, m matched, key func(agg, col string) string) (string, []any) {
	keys := ts.Sort
	if len(keys) == 0 && !ts.Unranked {
		keys = []store.ValueSort{{Score: true, Desc: true}}
	}
	var parts []string
	var args []any
	dir := func(desc bool) string {
		if desc {
			return " DESC"
		}
		return " ASC"
	}
	for _, k := range keys {
		switch {
		case k.Score && ts.Unranked:
			// Every match is as good: no score to order by.
		case k.Score && s.d.name == "sqlite":
			// FTS5's rank is smaller for better matches.
			parts = append(parts, `document_words.rank`+dir(!k.Desc))
		case k.Score:
			parts = append(parts, `ts_rank(t.words, to_tsquery('simple', ?))`+dir(k.Desc))
			args = append(args, m.query)
		case k.ID:
			parts = append(parts, s.d.bytewise(`t.id`)+dir(k.Desc))
		default:
			agg := "min"
			if k.Max {
				agg = "max"
			}
			cols := []string{"num", "text"}
			if k.Only != "" {
				cols = []string{k.Only}
			}
			for _, col := range cols {
				parts = append(parts, key(agg, col)+dir(k.Desc)+` NULLS LAST`)
				args = append(args, k.Field)
			}
		}
	}
	return strings.Join(append(parts, s.d.bytewise(`t.id`)), ", "), args
}

// errTextQuery reports a text query the index cannot answer.
var errTextQuery = errors.New("sqlstore: a text query needs words of letters and digits, and an and with a word it does not negate")

// render writes a text query in the index's language: FTS5's query syntax, or a tsquery.
func render(dialect string, q store.TextQuery) (string, error) {
	fts := dialect == "sqlite"
	switch {
	case q.Word != "":
		for _, r := range q.Word {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				return "", errTextQuery
			}
		}
		switch {
		case fts && q.Prefix:
			return `"` + q.Word + `"*`, nil
		case fts:
			return `"` + q.Word + `"`, nil
		case q.Prefix:
			return q.Word + ":*", nil
		}
		return q.Word, nil
	case len(q.Or) > 0:
		parts, err := renderAll(dialect, q.Or)
		if err != nil {
			return "", err
		}
		sep := " | "
		if fts {
			sep = " OR "
		}
		return "(" + strings.Join(parts, sep) + ")", nil
	case len(q.And) > 0:
		var pos, neg []store.TextQuery
		for _, a := range q.And {
			if a.Not {
				a.Not = false
				neg = append(neg, a)
			} else {
				pos = append(pos, a)
			}
		}
		if len(pos) == 0 {
			return "", errTextQuery
		}
		ps, err := renderAll(dialect, pos)
		if err != nil {
			return "", err
		}
		ns, err := renderAll(dialect, neg)
		if err != nil {
			return "", err
		}
		if fts {
			out := "(" + strings.Join(ps, " AND ") + ")"
			for _, n := range ns {
				out += " NOT " + n
			}
			return "(" + out + ")", nil
		}
		for _, n := range ns {
			ps = append(ps, "!"+n)
		}
		return "(" + strings.Join(ps, " & ") + ")", nil
	}
	return "", errTextQuery
}

func renderAll(dialect string, qs []store.TextQuery) ([]string, error) {
	out := make([]string, len(qs))
	for i, q := range qs {
		var err error
		if out[i], err = render(dialect, q); err != nil {
			return nil, err
		}
	}
	return out, nil
}
