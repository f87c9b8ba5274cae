package sqlstore

import (
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// dialect holds everything that differs between SQLite and PostgreSQL.
type dialect struct {
	name        string
	numbered    bool   // placeholders $1, $2… instead of ?
	insertOrder string // the column that orders documents as they were inserted
	inProcess   bool   // SQLite: a query costs no round trip, and writes run one at a time on one connection
}

// bytewise orders a text column by its bytes, as SQLite and the query language in memory do:
// on PostgreSQL the database's collation could order keys otherwise (en_US puts "a" before
// "B"). Timestamps and the insertion order keep their index; modified_at is of collation "C"
// itself, and the amount is a number.
func (d dialect) bytewise(column string) string {
	switch {
	case d.name != "postgres", column == d.insertOrder:
		return column
	case column == "created_at", column == "modified_at", column == "amount", column == "sequence_number":
		return column
	}
	return column + ` COLLATE "C"`
}

// childStep is the recursive step of Descendants: the keys of the children of down.k, one level
// further down. PostgreSQL joins; SQLite plans a join inside a recursive query with a Bloom
// filter it builds by reading the whole table at every run (milliseconds at a few thousand
// documents), so it gathers each unit's children in a subquery and expands them with json_each.
func (d dialect) childStep() string {
	if d.name == "sqlite" {
		return `SELECT j.value, down.depth + 1 FROM down, json_each((SELECT json_group_array(key) FROM documents d
			WHERE d.project_id = ? AND d.type = ? AND d.parent = down.k)) j WHERE down.depth < ?`
	}
	return `SELECT d.key, down.depth + 1 FROM down JOIN documents d ON d.project_id = ? AND d.type = ? AND d.parent = down.k
		WHERE down.depth < ?`
}

// parentStep is the recursive step of Lineage: the document whose key is the parent of the last
// one found (up), with columns (docColumns or docColumnsNoData). PostgreSQL plans a join of up
// with the documents as a scan of the type's documents, and the lateral look-up as one read of
// the key; SQLite has no LATERAL and plans the join as that read.
func (d dialect) parentStep(columns string) string {
	if d.name == "sqlite" { // up's columns have names of their own (lineageColumns): columns are d's
		return `SELECT ` + columns + `, up.depth + 1 FROM up JOIN documents d ON d.project_id = ? AND d.type = ? AND d.key = up.up_parent
			WHERE up.depth < ?`
	}
	return `SELECT d.*, up.depth + 1 FROM up, LATERAL (SELECT ` + columns + ` FROM documents
			WHERE project_id = ? AND type = ? AND key = NULLIF(up.up_parent, '')) d
		WHERE up.depth < ?`
}

// writeOptions: PostgreSQL writes at READ COMMITTED. Serializable isolation was tried first: its
// predicate locks escalate to the whole documents table once a transaction reads a few dozen
// rows, so concurrent orders failed with serialization errors even after 20 retries. Lost updates
// are prevented by version checks instead (UPDATE … WHERE version = expected), uniqueness by
// unique indexes, and cross-document invariants by advisory locks (Docs.Lock).
func (d dialect) writeOptions() *sql.TxOptions {
	if d.name == "postgres" {
		return &sql.TxOptions{Isolation: sql.LevelReadCommitted}
	}
	return nil // SQLite: one writer connection, transactions begin IMMEDIATE
}

// skipLocked ends a subquery that selects rows to claim: PostgreSQL locks them and passes over
// those another transaction holds; SQLite, with one writer, needs nothing.
func (d dialect) skipLocked() string {
	if d.name == "postgres" {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// rebind turns ? placeholders into $n for PostgreSQL. The texts are few (those with long IN
// lists aside), so each is rewritten once per process and kept (rewriting every statement was 4%
// of an order's CPU on PostgreSQL); the rest are rewritten at each use.
func (d dialect) rebind(q string) string {
	if !d.numbered {
		return q
	}
	if r, ok := rebound.Load(q); ok {
		return r.(string)
	}
	b := make([]byte, 0, len(q)+16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] != '?' {
			b = append(b, q[i])
			continue
		}
		n++
		b = append(b, '$')
		b = strconv.AppendInt(b, int64(n), 10)
	}
	r := string(b)
	if len(q) <= maxReboundText && reboundCount.Load() < maxRebound {
		if _, loaded := rebound.LoadOrStore(q, r); !loaded {
			reboundCount.Add(1)
		}
	}
	return r
}

// rebound keeps rebind's answers, by text; reboundCount counts them.
var (
	rebound      sync.Map
	reboundCount atomic.Int64
)

// At most maxRebound texts are kept, none longer than maxReboundText: a statement's text grows
// with its IN lists and joined inserts, whose shapes are many and seldom met again.
const (
	maxRebound     = 4096
	maxReboundText = 2048
)

// retryable reports errors after which the whole transaction may simply run again.
func (d dialect) retryable(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "40001" || pg.Code == "40P01"
	}
	var lite *sqlite.Error
	if errors.As(err, &lite) {
		code := lite.Code() & 0xff
		return code == sqlite3.SQLITE_BUSY || code == sqlite3.SQLITE_LOCKED
	}
	return false
}

// duplicate translates a unique-constraint violation into a store.DuplicateError's index name.
func (d dialect) duplicate(err error) (string, bool) {
	var pg *pgconn.PgError
	if errors.As(err, &pg) && pg.Code == "23505" {
		return indexName(pg.ConstraintName), true
	}
	var lite *sqlite.Error
	if errors.As(err, &lite) && (lite.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || lite.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY) {
		return indexName(lite.Error()), true
	}
	return "", false
}

func indexName(s string) string {
	switch {
	case strings.Contains(s, "uniq"):
		return "unique"
	case strings.Contains(s, "documents_key"), strings.Contains(s, "documents.key"):
		return "key"
	case strings.Contains(s, "projects"):
		return "key"
	}
	return "id"
}

func openSQLite(path string, o Options) (*DB, error) {
	if path == "" {
		return nil, fmt.Errorf("sqlite: empty file name")
	}
	syncMode, err := o.synchronous()
	if err != nil {
		return nil, err
	}
	// A 64 MiB page cache per reader (the default is 2 MiB): loading a million orders slowed to a
	// third and spent most of its time in the system without it. The writer's depends on the
	// file's size (writer_cache.go), and starts small.
	pragmas := fmt.Sprintf("_pragma=busy_timeout(%d)&", busyTimeout.Milliseconds()) + "_pragma=foreign_keys(1)&" + syncMode + "&_pragma=temp_store(MEMORY)"
	if err := registerWALWrites(); err != nil {
		return nil, err
	}
	guard := &commitGuard{}
	conn, err := newGuardedConnector("file:"+path+"?"+pragmas+fmt.Sprintf("&_pragma=cache_size(-%d)", smallCacheKiB)+
		fmt.Sprintf("&_pragma=journal_mode(WAL)&_pragma=wal_autocheckpoint(0)&_pragma=journal_size_limit(%d)", journalSizeLimit)+
		"&_txlock=immediate&vfs="+walWritesVFS, guard)
	if err != nil {
		return nil, err
	}
	writer := sql.OpenDB(conn)
	writer.SetMaxOpenConns(1)
	if err := writer.Ping(); err != nil {
		writer.Close()
		return nil, fmt.Errorf("sqlite %s: %w", path, err)
	}
	reader, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+fmt.Sprintf("&_pragma=cache_size(-%d)", largeCacheKiB)+"&_pragma=query_only(1)")
	if err != nil {
		writer.Close()
		return nil, err
	}
	// The readers stay open: database/sql keeps 2 idle connections by default, so under load the
	// others were closed and reopened, each time with an empty page cache.
	reader.SetMaxOpenConns(8)
	reader.SetMaxIdleConns(8)
	writer.SetMaxIdleConns(1)
	// The checkpointer syncs the log before it copies it and the database file after, at
	// NORMAL as at FULL (never OFF: the writer reuses the log once it is copied).
	cp, err := sql.Open("sqlite", "file:"+path+fmt.Sprintf("?_pragma=busy_timeout(%d)&", busyTimeout.Milliseconds())+syncMode)
	if err != nil {
		writer.Close()
		reader.Close()
		return nil, err
	}
	cp.SetMaxOpenConns(1)
	db := newDB(dialect{name: "sqlite", insertOrder: "rowid", inProcess: true}, writer, reader, guard)
	db.checkpoints = startCheckpointer(cp)
	return db, nil
}

// planCacheMode is how PostgreSQL plans the statements each connection keeps prepared, unless
// the URL names another, as a parameter or in its options (decision 0062): sent when the
// connection starts, it wins over a setting of the role or the database. PostgreSQL's default
// plans a statement anew at each execution for as long as a plan for its values looks cheaper
// than one for any values, and for the statements every request runs (a unit's lineage,
// documents by ids, a type's few documents) it always did: planning was a fifth of the
// database's CPU per order. They are look-ups on the indexes their conditions name, which a
// plan for any values finds as well; a condition of a partial index is written into the
// statement's text (ClaimMails).
const planCacheMode = "force_generic_plan"

func openPostgres(url string) (*DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	if _, set := cfg.RuntimeParams["plan_cache_mode"]; !set && !strings.Contains(cfg.RuntimeParams["options"], "plan_cache_mode") {
		cfg.RuntimeParams["plan_cache_mode"] = planCacheMode
	}
	pool := stdlib.OpenDB(*cfg)
	pool.SetMaxOpenConns(32)
	pool.SetMaxIdleConns(32)
	if err := pool.Ping(); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return newDB(dialect{name: "postgres", numbered: true, insertOrder: "seq"}, pool, pool, nil), nil
}

// newDB makes the DB; on SQLite, with the writer's commit guard, its writes batched.
func newDB(d dialect, writer, reader *sql.DB, guard *commitGuard) *DB {
	db := &DB{d: d, writer: writer, reader: reader}
	if d.name == "sqlite" {
		db.writeStmts, db.readStmts = newStmtCache(writer), newStmtCache(reader)
		db.startBatcher(guard)
	}
	return db
}
