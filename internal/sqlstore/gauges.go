package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/procura/procura/internal/store"
)

// Gauges counts, for the metrics, what waits in the outboxes and the approval flows by project
// and state. Each count reads an index range: deliveries by (state, due_at), mails by their
// partial index of those not yet sent, and the flows of each project by (project_id, type,
// state), so that a scrape costs in proportion to what it counts.
func (db *DB) Gauges(ctx context.Context, now time.Time) (store.Gauges, error) {
	var g store.Gauges
	row := db.reader.QueryRowContext(ctx, db.d.rebind(`SELECT
		(SELECT COUNT(*) FROM deliveries WHERE state = 'pending' AND due_at <= ?),
		(SELECT COUNT(*) FROM deliveries WHERE state = 'dead'),
		(SELECT COUNT(*) FROM mail_outbox WHERE status IN ('pending', 'sending'))`), now.UnixMilli())
	if err := row.Scan(&g.DeliveriesDue, &g.DeliveriesDead, &g.MailsPending); err != nil {
		return g, err
	}
	projects, err := db.projectIDs(ctx)
	if err != nil {
		return g, err
	}
	for _, p := range projects { // one index range each: (project_id, type) then state, in order
		rows, err := db.reader.QueryContext(ctx, db.d.rebind(`SELECT state, COUNT(*) FROM documents
			WHERE project_id = ? AND type = 'approval-flow' AND state IS NOT NULL GROUP BY state ORDER BY state`), p[0])
		if err != nil {
			return g, err
		}
		for rows.Next() {
			c := store.StateCount{Project: p[1]}
			if err := rows.Scan(&c.State, &c.Count); err != nil {
				rows.Close()
				return g, err
			}
			g.ApprovalFlows = append(g.ApprovalFlows, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return g, err
		}
	}
	return g, nil
}

// projectIDs returns the id and key of every project, by key.
func (db *DB) projectIDs(ctx context.Context) ([][2]string, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT id, key FROM projects ORDER BY key`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][2]string
	for rows.Next() {
		var p [2]string
		if err := rows.Scan(&p[0], &p[1]); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// PoolStats returns the statistics of the connection pools by name: on SQLite the writer's one
// connection and the readers' pool, on PostgreSQL the one pool both use.
func (db *DB) PoolStats() map[string]sql.DBStats {
	if db.reader == db.writer {
		return map[string]sql.DBStats{"pool": db.writer.Stats()}
	}
	return map[string]sql.DBStats{"writer": db.writer.Stats(), "reader": db.reader.Stats()}
}

// Retries returns how many times Write ran a transaction again, since the store was opened:
// because the database aborted it (a serialization failure or a deadlock), or, on SQLite, a
// batch in which a write failed after it wrote (decision 0070).
func (db *DB) Retries() int64 { return db.retries.Load() }
