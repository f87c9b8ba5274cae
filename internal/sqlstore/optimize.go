package sqlstore

import (
	"context"
	"database/sql"
	"time"
)

// Optimize keeps the planner's statistics close to the data: without them a query can pick a
// scan over an index (a category's count did on SQLite). On SQLite (sqlite_stat1) it analyzes
// only the tables never analyzed or grown much since, reading a bounded sample of each index, so
// it takes milliseconds, and drops the samples an earlier full ANALYZE left (dropSamples). On
// PostgreSQL it analyzes the tables autovacuum would (analyzeChanged). `serve` runs it every
// OptimizeEvery.
func (db *DB) Optimize(ctx context.Context) error {
	if db.d.name != "sqlite" {
		return db.analyzeChanged(ctx)
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

// OptimizeEvery is how often Optimize is worth running: hourly on SQLite; on PostgreSQL every
// ten seconds, where it is a query of the tables' counters unless one changed much.
func (db *DB) OptimizeEvery() time.Duration {
	if db.d.name == "sqlite" {
		return time.Hour
	}
	return 10 * time.Second
}

// analyzeChanged analyzes, on PostgreSQL, each table of Procura's schema (the first of its
// search_path) changed by more rows since it was last analyzed than autovacuum's default
// threshold (50 and a tenth of the table), as autovacuum does where it is on (README), only
// checked more often. Each connection plans a statement once and keeps the plan until the
// table's statistics change (decision 0062): where autovacuum is off, or has not come by yet, a
// plan made while a table was nearly empty (a scan of it) would stay after the table grew.
func (db *DB) analyzeChanged(ctx context.Context) error {
	tables, err := column[string](db.writer.QueryContext(ctx, `SELECT format('%I.%I', s.schemaname, s.relname)
		FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
		WHERE s.schemaname = current_schema() AND s.n_mod_since_analyze > 50 + 0.1 * GREATEST(c.reltuples, 0)`))
	if err != nil {
		return err
	}
	for _, t := range tables {
		// SKIP_LOCKED: a table autovacuum (or another node) is working on is left to it, rather
		// than waited for, which would cancel autovacuum's vacuum after a second.
		if _, err := db.writer.ExecContext(ctx, `ANALYZE (SKIP_LOCKED) `+t); err != nil {
			return err
		}
	}
	return nil
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
