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
	rows, err := db.reader.QueryContext(ctx, `SELECT p.key, d.state, COUNT(*) FROM projects p
		JOIN documents d ON d.project_id = p.id AND d.type = 'approval-flow' AND d.state IS NOT NULL
		GROUP BY p.key, d.state ORDER BY p.key, d.state`)
	if err != nil {
		return g, err
	}
	defer rows.Close()
	for rows.Next() {
		var c store.StateCount
		if err := rows.Scan(&c.Project, &c.State, &c.Count); err != nil {
			return g, err
		}
		g.ApprovalFlows = append(g.ApprovalFlows, c)
	}
	return g, rows.Err()
}

// PoolStats returns the statistics of the connection pools by name: on SQLite the writer's one
// connection and the readers' pool, on PostgreSQL the one pool both use.
func (db *DB) PoolStats() map[string]sql.DBStats {
	if db.reader == db.writer {
		return map[string]sql.DBStats{"pool": db.writer.Stats()}
	}
	return map[string]sql.DBStats{"writer": db.writer.Stats(), "reader": db.reader.Stats()}
}

// Retries returns how many times Write ran a transaction again because the database aborted it
// (a serialization failure or a deadlock), since the store was opened.
func (db *DB) Retries() int64 { return db.retries.Load() }
