// Package sqlstore implements store.Store on SQLite (modernc.org/sqlite, pure Go) and on
// PostgreSQL (pgx). The two share every query; what differs between them is in dialect.go.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/procura/procura/internal/store"
)

// DB is a store.Store over one database.
type DB struct {
	d      dialect
	writer *sql.DB // SQLite: one connection, so writers queue instead of failing
	reader *sql.DB // SQLite: a pool of read-only connections; PostgreSQL: the same pool as writer

	writeStmts, readStmts *stmtCache
	maxDocumentBytes      int
	batch                 *batcher      // SQLite: gathers concurrent writes into one transaction
	checkpoints           *checkpointer // SQLite: copies the log into the database file
	retries               atomic.Int64  // transactions run again (Retries)
}

// SetMaxDocumentBytes bounds the JSON of a stored document (store.DefaultMaxDocumentBytes
// unless set); a larger one is refused with a *store.TooLargeError.
func (db *DB) SetMaxDocumentBytes(n int) { db.maxDocumentBytes = n }

var _ store.Store = (*DB)(nil)

// Open connects to the database that url names ("sqlite:PATH" or "postgres://…") and migrates it.
func Open(ctx context.Context, url string) (*DB, error) {
	return OpenWith(ctx, url, Options{})
}

// OpenWith is Open with options.
func OpenWith(ctx context.Context, url string, o Options) (*DB, error) {
	db, err := connect(url, o)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Connect connects without migrating.
func Connect(url string) (*DB, error) { return connect(url, Options{}) }

func connect(url string, o Options) (*DB, error) {
	switch {
	case strings.HasPrefix(url, "sqlite:"):
		return openSQLite(strings.TrimPrefix(url, "sqlite:"), o)
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		return openPostgres(url)
	}
	return nil, fmt.Errorf("database %q: use sqlite:PATH or a postgres:// URL", url)
}

// Close closes the connections.
func (db *DB) Close() error {
	db.stopBatcher()
	if db.checkpoints != nil {
		db.checkpoints.close()
	}
	db.writeStmts.close()
	db.readStmts.close()
	err := db.writer.Close()
	if db.reader != db.writer {
		err = errors.Join(err, db.reader.Close())
	}
	return err
}

// SerialWrites reports whether the writes run one after the other on one connection (SQLite),
// so that what a write can read before it reaches that connection is worth reading there.
func (db *DB) SerialWrites() bool { return db.d.inProcess }

// Read runs fn as a read, on the pool and without a transaction: each statement sees what was
// committed when it began, on PostgreSQL (READ COMMITTED, as its writes run: decision 0007) as
// on SQLite, where a transaction's BEGIN and COMMIT cost more of a read than its statements
// (decision 0068). Two statements of one read may see different commits.
func (db *DB) Read(ctx context.Context, fn func(store.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	defer db.readStmts.prepareWanted()
	return fn(&tx{d: db.d, q: db.reader, cache: db.readStmts, maxBytes: db.maxBytes(), readOnly: true})
}

// maxAttempts bounds how often Write retries a transaction the database chose to abort.
const maxAttempts = 20

// Write runs fn in a write transaction, retrying it when the database reports a serialization
// failure or a deadlock.
func (db *DB) Write(ctx context.Context, fn func(store.Tx) error) error {
	for attempt := 1; ; attempt++ {
		err := db.writeOnce(ctx, fn)
		if err == nil || !db.d.retryable(err) || attempt == maxAttempts {
			return err
		}
		db.retries.Add(1)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(attempt) * time.Millisecond):
		}
	}
}

func (db *DB) writeOnce(ctx context.Context, fn func(store.Tx) error) error {
	if db.batch != nil {
		return db.writeBatched(ctx, fn)
	}
	sqlTx, err := db.writer.BeginTx(ctx, db.d.writeOptions())
	if err != nil {
		return err
	}
	defer db.writeStmts.prepareWanted()
	defer sqlTx.Rollback()
	if err := fn(&tx{d: db.d, q: sqlTx, cache: db.writeStmts, maxBytes: db.maxBytes()}); err != nil {
		return err
	}
	return sqlTx.Commit()
}

func (db *DB) maxBytes() int {
	if db.maxDocumentBytes > 0 {
		return db.maxDocumentBytes
	}
	return store.DefaultMaxDocumentBytes
}
