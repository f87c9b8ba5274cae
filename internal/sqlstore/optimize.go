package sqlstore

import "context"

// Optimize keeps SQLite's planner statistics (sqlite_stat1) close to the data, as PostgreSQL's
// autovacuum does by itself: without them a query can pick a scan over an index (a category's
// count did). It analyzes only the tables never analyzed or grown much since, reading a bounded
// sample of each index, so it takes milliseconds; `serve` runs it at start and hourly.
// PostgreSQL needs nothing here (keep autovacuum on: README).
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
	_, err = conn.ExecContext(ctx, `PRAGMA optimize = 0x10002`)
	return err
}
