package sqlstore

import (
	"strings"

	"github.com/procura/procura/internal/store"
)

// messages implements store.Messages; every statement names the project.
type messages struct {
	*tx
	project string
}

func (t *tx) Messages(projectID string) store.Messages { return &messages{tx: t, project: projectID} }

// messageColumns are the columns of the messages table that a Filter's Conds and Sort name.
var messageColumns = map[string]string{store.ColumnID: "id", store.ColumnCreatedAt: "created_at",
	store.ColumnModifiedAt: "created_at", store.ColumnParent: "resource_id", store.ColumnGroup: "resource_type",
	store.ColumnState: "type", store.ColumnAmount: "sequence_number"}

// messageDoc reads a message as a Doc.
const messageDoc = `'message', id, '', '', resource_id, '', resource_type, type, 1, created_at, created_at, sequence_number, data`

func (m *messages) LastSequence(resourceID string) (int64, error) {
	var n int64
	err := m.row(`SELECT COALESCE(MAX(sequence_number), 0) FROM messages WHERE project_id = ? AND resource_id = ?`, m.project, resourceID).Scan(&n)
	return n, err
}

func (m *messages) Get(id string) (*store.Doc, error) {
	return scanDoc(m.row(`SELECT `+messageDoc+` FROM messages WHERE project_id = ? AND id = ?`, m.project, id))
}

func (m *messages) Find(f store.Filter) ([]*store.Doc, int, error) {
	cond, args := []string{"project_id = ?"}, []any{m.project}
	for _, c := range f.Conds {
		column := messageColumns[c.Column] // the column names are ours: never a caller's text
		sql, values := m.d.compare(column, column == "sequence_number", c)
		cond, args = append(cond, sql), append(args, values...)
	}
	// Messages that tie keep the order they were recorded in, in the direction of the first key.
	tie := m.d.insertOrder
	if len(f.Sort) > 0 && f.Sort[0].Desc {
		tie += " DESC"
	}
	var by []string
	for _, o := range f.Sort {
		column := messageColumns[o.Column]
		if o.Column == store.ColumnInserted || column == "" {
			column = m.d.insertOrder
		}
		column = m.d.bytewise(column)
		if o.Desc {
			column += " DESC"
		}
		by = append(by, column)
	}
	return m.findRows(messageDoc, `messages WHERE `+strings.Join(cond, " AND "), strings.Join(append(by, tie), ", "), args, f)
}

func (m *messages) DeleteBefore(createdAt string) (int64, error) {
	res, err := m.exec(`DELETE FROM messages WHERE project_id = ? AND created_at < ?`, m.project, createdAt)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
