package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/procura/procura/internal/store"
)

// MigrateTo applies the migrations up to version only: tests of a later migration fill the
// database as it was before it.
func (db *DB) MigrateTo(ctx context.Context, version int) error {
	list, err := db.d.migrations()
	if err != nil {
		return err
	}
	if _, err := db.writer.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	for _, m := range list {
		if m.version <= version {
			if err := db.apply(ctx, m); err != nil {
				return err
			}
		}
	}
	return nil
}

// Exec runs a statement on the writer, with ? placeholders on both databases.
func (db *DB) Exec(ctx context.Context, q string, args ...any) error {
	_, err := db.writer.ExecContext(ctx, db.d.rebind(q), args...)
	return err
}

// QueryInt runs a query of one number on the writer's connection.
func (db *DB) QueryInt(ctx context.Context, q string, args ...any) (int, error) {
	return queryInt(ctx, db.writer, db.d.rebind(q), args...)
}

// QueryReaderInt runs a query of one number on a reader's connection.
func (db *DB) QueryReaderInt(ctx context.Context, q string, args ...any) (int, error) {
	return queryInt(ctx, db.reader, db.d.rebind(q), args...)
}

func queryInt(ctx context.Context, conn *sql.DB, q string, args ...any) (int, error) {
	var n int
	err := conn.QueryRowContext(ctx, q, args...).Scan(&n)
	return n, err
}

// QueryPlan returns SQLite's plan of the page query of f (EXPLAIN QUERY PLAN, one line per step).
func (db *DB) QueryPlan(ctx context.Context, project string, f store.Filter) (string, error) {
	var plan []string
	err := db.Read(ctx, func(t store.Tx) error {
		d := t.Docs(project).(*docs)
		cond, args := d.where(f)
		rows, err := d.query(`EXPLAIN QUERY PLAN SELECT `+docColumns+` FROM documents WHERE `+cond+` ORDER BY `+d.orderBy(f)+` LIMIT 20`, args...)
		if err != nil {
			return err
		}
		plan, err = planSteps(rows)
		return err
	})
	return strings.Join(plan, "\n"), err
}

// WriterPlan returns SQLite's plan of a query on the writer's connection (EXPLAIN QUERY PLAN,
// one line per step).
func (db *DB) WriterPlan(ctx context.Context, q string) (string, error) {
	rows, err := db.writer.QueryContext(ctx, `EXPLAIN QUERY PLAN `+q)
	if err != nil {
		return "", err
	}
	plan, err := planSteps(rows)
	return strings.Join(plan, "\n"), err
}

// planSteps reads the steps of an EXPLAIN QUERY PLAN and closes its rows.
func planSteps(rows *sql.Rows) ([]string, error) {
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			return nil, err
		}
		plan = append(plan, detail)
	}
	return plan, rows.Err()
}

// SetWriterCacheRule sets the file size past which the writer's page cache is large, and how
// often the writer checks it, until restore is called.
func SetWriterCacheRule(above int64, every time.Duration) (restore func()) {
	oldAbove, oldEvery := largeCacheAbove, writerCacheEvery
	largeCacheAbove, writerCacheEvery = above, every
	return func() { largeCacheAbove, writerCacheEvery = oldAbove, oldEvery }
}

// OneConnection makes PostgreSQL's pool keep a single connection, so that what a session holds
// (its prepared statements) can be read after the statements ran.
func (db *DB) OneConnection() {
	db.writer.SetMaxOpenConns(1)
	db.reader.SetMaxOpenConns(1)
}

// SetRestartLogFrames sets how long the log grows before the writer starts it over, and returns
// a function that sets it back.
func SetRestartLogFrames(n int64) (reset func()) {
	was := restartLogFrames
	restartLogFrames = n
	return func() { restartLogFrames = was }
}

// LogRestarts is how many times the writer has tried to start the log over.
func (db *DB) LogRestarts() int64 { return db.checkpoints.restarts.Load() }

// WriteTogether runs fns as one batch of SQLite's writer, in their order, each with the context
// ctx names (context.Background when ctx is nil or names none), and returns the outcome of each
// (its error, or what it panicked with) once the batch has ended.
func (db *DB) WriteTogether(ctx func(i int) context.Context, fns ...func(store.Tx) error) []any {
	db.stopBatcher()
	defer db.startBatcher(db.batch.guard)
	jobs := make([]*writeJob, len(fns))
	for i, fn := range fns {
		c := context.Background()
		if ctx != nil && ctx(i) != nil {
			c = ctx(i)
		}
		jobs[i] = &writeJob{ctx: c, fn: fn, done: make(chan struct{})}
	}
	db.runBatch(jobs[0], func(n int) *writeJob {
		if n < len(jobs) {
			return jobs[n]
		}
		return nil
	})
	out := make([]any, len(jobs))
	for i, j := range jobs {
		if out[i] = j.pan; j.err != nil {
			out[i] = j.err
		}
	}
	return out
}

// EndTransaction ends the transaction of a write on SQLite as SQLite does by itself after an I/O
// error, unseen by database/sql.
func EndTransaction(t store.Tx) error {
	_, err := t.(*tx).q.Exec("ROLLBACK")
	return err
}
