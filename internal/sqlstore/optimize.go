package sqlstore

import (
	"context"
	"database/sql"
)

// Optimize keeps SQLite's planner statistics (sqlite_stat1) close to the data, as PostgreSQL's
// autovacuum does by itself: without them a query can pick a scan over an index (a category's
// count did). It analyzes only the tables never analyzed or grown much since, reading a bounded
// sample of each index, so it takes milliseconds; `serve` runs it at start and hourly. It also
// drops the samples an earlier full ANALYZE left (dropSamples). PostgreSQL needs nothing here
// (keep autovacuum on: README).
func (db *DB) Optimize(ctx context.Context) error {
	if db.d.name != "sqlite" {
		return nil
	}
	conn, err := db.writer.Conn(ctx) // the one writer connection, between write transactions
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA analysis_limit = 1000`); err != nil {
		return err
	}
	defer conn.ExecContext(ctx, `PRAGMA analysis_limit = 0`) // Analyze reads every row
	if _, err = conn.ExecContext(ctx, `PRAGMA optimize = 0x10002`); err != nil {
		return err
	}
	return dropSamples(ctx, conn)
}

// statsExec is a connection or pool that statistics are kept through.
type statsExec interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// dropSamples empties SQLite's sampled statistics (sqlite_stat4, which a full ANALYZE writes: the
// SQLite Procura embeds is built with them) and has the connection read its statistics again.
// With samples, a statement whose plan could depend on a bound value is prepared again whenever
// that value changes: every look-up by key or SKU was parsed and planned anew (decision 0060).
// The row counts of sqlite_stat1 stay. Another connection keeps what it loaded until it closes:
// Migrate drops the samples before the readers open.
func dropSamples(ctx context.Context, ex statsExec) error {
	var samples bool
	err := ex.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat4')`).Scan(&samples)
	if err == nil && samples {
		err = ex.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM sqlite_stat4)`).Scan(&samples)
	}
	if err != nil || !samples {
		return err
	}
	if _, err := ex.ExecContext(ctx, `DELETE FROM sqlite_stat4`); err != nil {
		return err
	}
	_, err = ex.ExecContext(ctx, `ANALYZE sqlite_schema`)
	return err
}
