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

func (s *docs) SetTexts(typ, id string, texts map[string]string) error {
	if s.d.name == "sqlite" {
		rows, err := s.query(`SELECT row FROM document_texts WHERE project_id = ? AND type = ? AND id = ?`, s.project, typ, id)
		if err != nil {
			return err
		}
		var old []int64
		for rows.Next() {
			var r int64
			if err := rows.Scan(&r); err != nil {
				rows.Close()
				return err
			}
			old = append(old, r)
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
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
			if _, err := s.exec(`INSERT INTO document_texts (project_id, type, id, lang, body) VALUES (?, ?, ?, ?, ?)`,
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
	match, err := render(s.d.name, s.scopedQuery(ts.Type, ts.Lang, ts.Query))
	if err != nil {
		return nil, 0, err
	}
	var from, order string
	args := []any{match, s.project, ts.Type, ts.Lang}
	if s.d.name == "sqlite" {
		from = ` FROM document_words JOIN document_texts t ON t.row = document_words.rowid
			WHERE document_words MATCH ? AND t.project_id = ? AND t.type = ? AND t.lang = ?`
		order = ` ORDER BY document_words.rank, t.id`
	} else {
		from = ` FROM document_texts t WHERE words @@ to_tsquery('simple', ?) AND project_id = ? AND type = ? AND lang = ?`
		order = ` ORDER BY ts_rank(words, to_tsquery('simple', ?)) DESC, id`
	}
	var total int
	if err := s.row(`SELECT count(*)`+from, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	switch {
	case ts.Unranked:
		order = ` ORDER BY t.id`
	case s.d.name != "sqlite":
		args = append(args, match)
	}
	page := `SELECT t.id` + from + order + ` LIMIT ? OFFSET ?`
	rows, err := s.query(page, append(args, ts.Limit, ts.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, 0, err
		}
		ids = append(ids, id)
	}
	return ids, total, rows.Err()
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
