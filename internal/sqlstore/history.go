package sqlstore

import (
	"strings"
	"time"

	"github.com/procura/procura/internal/store"
)

func (t *tx) FindHistory(projectID string, f store.HistoryFilter) ([]store.HistoryRecord, error) {
	where := []string{"project_id = ?"}
	args := []any{projectID}
	for _, c := range []struct{ column, value string }{
		{"resource_type", f.ResourceType}, {"resource_id", f.ResourceID}, {"actor", f.Actor}, {"company", f.Company},
	} {
		if c.value != "" {
			where = append(where, c.column+" = ?")
			args = append(args, c.value)
		}
	}
	for _, in := range []struct {
		cond   string
		values []string
	}{{"unit IN", f.Units}, {"resource_type NOT IN", f.ExceptTypes}} {
		if len(in.values) > 0 {
			where = append(where, in.cond+" ("+marks(len(in.values))+")")
			for _, v := range in.values {
				args = append(args, v)
			}
		}
	}
	if !f.From.IsZero() {
		where = append(where, "at >= ?")
		args = append(args, f.From.UnixMilli())
	}
	if !f.To.IsZero() {
		where = append(where, "at < ?")
		args = append(args, f.To.UnixMilli())
	}
	args = append(args, f.Limit, f.Offset)
	rows, err := t.query(`SELECT id, at, resource_type, resource_id, actor, unit, company, data FROM history WHERE `+
		strings.Join(where, " AND ")+` ORDER BY at DESC, seq DESC LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []store.HistoryRecord{}
	for rows.Next() {
		var r store.HistoryRecord
		var at int64
		var data string
		if err := rows.Scan(&r.ID, &at, &r.ResourceType, &r.ResourceID, &r.Actor, &r.Unit, &r.Company, &data); err != nil {
			return nil, err
		}
		r.At, r.Data = time.UnixMilli(at).UTC(), []byte(data)
		out = append(out, r)
	}
	return out, rows.Err()
}

func (t *tx) DeleteHistory(projectID string, before time.Time) (int64, error) {
	res, err := t.exec(`DELETE FROM history WHERE project_id = ? AND at < ?`, projectID, before.UnixMilli())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
