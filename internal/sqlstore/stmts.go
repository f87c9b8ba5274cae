package sqlstore

import (
	"database/sql"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/procura/procura"
)

// stmtCache keeps the statements prepared on one SQLite pool, so that a query is parsed once per
// connection instead of at every call (parsing SQL took a fifth of an order's time). Preparing
// needs a free connection, which the single writer connection never is during a transaction: a
// query met for the first time runs unprepared and is prepared after the transaction ends
// (prepareWanted). Past maxStmts distinct texts (long IN lists make many) the cache stops
// growing. PostgreSQL needs none of this: pgx caches prepared statements itself.
type stmtCache struct {
	pool   *sql.DB
	mu     sync.Mutex
	stmts  map[string]*sql.Stmt
	wanted map[string]bool

	preparing, closed bool
	running           sync.WaitGroup // the background preparer, which close waits for
}

const maxStmts = 512

func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, stmts: map[string]*sql.Stmt{}, wanted: map[string]bool{}}
}

// get returns the prepared statement of query, or nil (run it unprepared) when it is not
// prepared yet or the cache is off (nil).
func (c *stmtCache) get(query string) *sql.Stmt {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.stmts[query]; ok {
		return s
	}
	if !c.closed && len(c.stmts)+len(c.wanted) < maxStmts {
		c.wanted[query] = true
	}
	return nil
}

// prepareWanted prepares, in the background, the queries met since it last ran. It runs after a
// transaction ends; preparing waits for a free connection, so it never holds the lock meanwhile.
func (c *stmtCache) prepareWanted() {
	if c == nil {
		return
	}
	c.mu.Lock()
	if len(c.wanted) == 0 || c.preparing {
		c.mu.Unlock()
		return
	}
	queries := make([]string, 0, len(c.wanted))
	for q := range c.wanted {
		queries = append(queries, q)
	}
	c.preparing = true
	c.running.Add(1)
	c.mu.Unlock()
	go func() {
		defer c.running.Done()
		prepared := map[string]*sql.Stmt{}
		for _, q := range queries {
			if c.isClosed() {
				break
			}
			if s, err := c.pool.Prepare(q); err == nil {
				prepared[q] = s
			}
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		for _, q := range queries {
			delete(c.wanted, q)
		}
		for q, s := range prepared {
			if c.closed {
				s.Close()
				continue
			}
			c.stmts[q] = s
		}
		c.preparing = false
	}()
}

func (c *stmtCache) isClosed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}

// close closes the prepared statements once the background preparer is done, so that no
// connection outlives the pool's Close (a SQLite file would then change as it is deleted).
func (c *stmtCache) close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.running.Wait()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.stmts {
		s.Close()
	}
	c.stmts = map[string]*sql.Stmt{}
}

// stmt returns query prepared for the transaction, or for the pool a read runs on (nil: run it
// unprepared).
func (t *tx) stmt(query string) (*sql.Stmt, error) {
	s := t.cache.get(query)
	if s == nil {
		return nil, nil
	}
	if sqlTx, inTx := t.q.(*sql.Tx); inTx {
		return sqlTx.Stmt(s), nil
	}
	if t.q == querier(t.cache.pool) {
		return s, nil // a read on the pool the statement is prepared on
	}
	return nil, nil
}

// errUnstorable answers a statement whose text argument holds a NUL character or invalid UTF-8:
// PostgreSQL refuses such text (SQLite would store it), so both backends refuse it alike, as bad
// input rather than a database failure.
var errUnstorable = procura.InvalidInput("A value holds a NUL character or invalid UTF-8: it cannot be stored or looked up.")

// storable reports whether every text argument can be stored.
func storable(args []any) bool {
	for _, a := range args {
		if s, ok := a.(string); ok && (strings.IndexByte(s, 0) >= 0 || !utf8.ValidString(s)) {
			return false
		}
	}
	return true
}

func (t *tx) exec(query string, args ...any) (sql.Result, error) {
	if t.readOnly {
		return nil, errReadOnly
	}
	t.wrote = true
	if !storable(args) {
		return nil, errUnstorable
	}
	query = t.d.rebind(query)
	s, err := t.stmt(query)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return t.q.Exec(query, args...)
	}
	return s.Exec(args...)
}

// writeRow runs a statement that writes and answers one row, with exec's checks: a read may not
// run it, and unstorable text is refused rather than taken for a missing row.
func (t *tx) writeRow(query string, args ...any) rowScanner {
	if t.readOnly {
		return failedRow{errReadOnly}
	}
	if !storable(args) {
		return failedRow{errUnstorable}
	}
	t.wrote = true
	return t.row(query, args...)
}

// rowScanner is a row to scan: a *sql.Row, or failedRow.
type rowScanner interface{ Scan(dest ...any) error }

// failedRow is a row whose statement was refused before it ran.
type failedRow struct{ err error }

func (r failedRow) Scan(...any) error { return r.err }

// row runs a query of one row. Unstorable text names nothing stored: the row is then missing.
func (t *tx) row(query string, args ...any) *sql.Row {
	if !storable(args) {
		return t.q.QueryRow(`SELECT 1 WHERE 1 = 0`)
	}
	if !t.readOnly && !t.wrote {
		t.wrote = writes(query)
	}
	query = t.d.rebind(query)
	if s, err := t.stmt(query); err == nil && s != nil {
		return s.QueryRow(args...)
	}
	return t.q.QueryRow(query, args...)
}

func (t *tx) query(query string, args ...any) (*sql.Rows, error) {
	if !storable(args) {
		return nil, errUnstorable
	}
	if !t.readOnly && !t.wrote {
		t.wrote = writes(query)
	}
	query = t.d.rebind(query)
	s, err := t.stmt(query)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return t.q.Query(query, args...)
	}
	return s.Query(args...)
}

// writes reports whether a statement may write: all but a SELECT, and a WITH that names no
// INSERT, UPDATE or DELETE (a write counted where there was none only costs a batch's run again).
func writes(query string) bool {
	q := strings.TrimLeft(query, " \t\r\n(")
	switch {
	case len(q) >= 6 && strings.EqualFold(q[:6], "SELECT"):
		return false
	case len(q) >= 4 && strings.EqualFold(q[:4], "WITH"):
		u := strings.ToUpper(q)
		return strings.Contains(u, "INSERT") || strings.Contains(u, "UPDATE") || strings.Contains(u, "DELETE")
	}
	return true
}
