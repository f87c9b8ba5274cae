package sqlstore

import (
	"strconv"
	"strings"

	"github.com/procura/procura/internal/store"
)

// The events of a write transaction are its history records and its messages (decisions 0036,
// 0039), written together before it commits. On PostgreSQL they go in one statement, so that
// recording a change costs one round trip, which also reads the generation the write hooks need
// (the subscriptions'); SQLite runs in process and takes them one by one.

// eventBatch is how many rows of one table an INSERT carries, and maxEventArgs how many bound
// values one statement may hold, well within both databases' limits.
const (
	eventBatch   = 100
	maxEventArgs = 20000
)

// historyColumns are the columns of a history row, in the order of its values.
const historyColumns = `project_id, id, at, resource_type, resource_id, actor, unit, company, data`

// messageRowColumns are the columns of a message row, in the order of its values.
const messageRowColumns = `project_id, id, resource_type, resource_id, sequence_number, type, created_at, data`

// insert is one INSERT statement and its values.
type insert struct {
	sql  string
	args []any
}

func (t *tx) AddEvents(projectID string, records []store.HistoryRecord, messages []store.Message, generation string) (int64, error) {
	if t.readOnly {
		return 0, errReadOnly
	}
	var inserts []insert
	for i := 0; i < len(records); i += eventBatch {
		batch := records[i:min(i+eventBatch, len(records))]
		in := insert{args: make([]any, 0, 9*len(batch))}
		for _, r := range batch {
			in.args = append(in.args, projectID, r.ID, r.At.UnixMilli(), r.ResourceType, r.ResourceID, r.Actor, r.Unit, r.Company, string(r.Data))
		}
		in.sql = `INSERT INTO history (` + historyColumns + `) VALUES ` + rowMarks(9, len(batch))
		inserts = append(inserts, in)
	}
	for i := 0; i < len(messages); i += eventBatch {
		batch := messages[i:min(i+eventBatch, len(messages))]
		in := insert{args: make([]any, 0, 8*len(batch))}
		for _, m := range batch {
			in.args = append(in.args, projectID, m.ID, m.ResourceType, m.ResourceID, m.SequenceNumber, m.Type, m.CreatedAt, string(m.Data))
		}
		in.sql = `INSERT INTO messages (` + messageRowColumns + `) VALUES ` + rowMarks(8, len(batch))
		inserts = append(inserts, in)
	}
	if generation != "" {
		inserts = append(inserts, insert{sql: generationVersion, args: []any{projectID, generation, generation}})
	}
	if t.d.name == "postgres" {
		inserts = joined(inserts)
	}
	for i, in := range inserts {
		if generation != "" && i == len(inserts)-1 { // a row, and on PostgreSQL the inserts joined before it
			var version int64
			err := t.writeRow(in.sql, in.args...).Scan(&version)
			return version, t.dup(err)
		}
		if _, err := t.exec(in.sql, in.args...); err != nil {
			return 0, t.dup(err) // a resource's sequence number taken twice
		}
	}
	return 0, nil
}

// generationVersion reads the version of a project's generation document (its type and key
// the generation's name), 0 when it has none.
const generationVersion = `SELECT COALESCE((SELECT version FROM documents WHERE project_id = ? AND type = ? AND key = ?), 0)`

// joined makes one statement of consecutive inserts while their values stay within
// maxEventArgs: all but the last become the data-modifying WITH queries of the last.
func joined(inserts []insert) []insert {
	var out []insert
	for len(inserts) > 0 {
		n, args := 1, len(inserts[0].args)
		for n < len(inserts) && args+len(inserts[n].args) <= maxEventArgs {
			args += len(inserts[n].args)
			n++
		}
		group, last := inserts[:n-1], inserts[n-1]
		one := insert{args: make([]any, 0, args)}
		var with []string
		for i, in := range group {
			with = append(with, "e"+strconv.Itoa(i)+" AS ("+in.sql+")")
			one.args = append(one.args, in.args...)
		}
		one.sql = last.sql
		if len(with) > 0 {
			one.sql = "WITH " + strings.Join(with, ", ") + " " + last.sql
		}
		one.args = append(one.args, last.args...)
		out = append(out, one)
		inserts = inserts[n:]
	}
	return out
}

// rowMarks is the placeholders of n rows of columns values each.
func rowMarks(columns, n int) string {
	row := "(" + marks(columns) + ")"
	return strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
}
