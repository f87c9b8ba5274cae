// Command pointread is the reference of the load harness's get workload (bench/): a bare net/http
// handler that does the one database read Procura's store does to get a document by id, and
// nothing else. It answers GET /doc/{id} with the stored JSON of the document of -type with that
// id in project -project: no authentication, no routing beyond that one path, no decoding or
// encoding of the document. Comparing the harness's authorized as-associate GET of a cart with
// this handler's GET of the same cart, on the same database, shows what authorization, routing
// and the application cost above the point read itself.
//
// It opens the database as Procura does: on SQLite with the same pragmas and the same pool of 8
// read-only connections, kept open, the statement prepared once (Procura's store prepares its
// statements per pool); on PostgreSQL with pgx and the same pool of 32 connections, pgx caching
// the prepared statement. The SELECT is the store's Get: the same columns, the same WHERE on the
// primary key (project, type, id). With -tx each read runs in a transaction, as Procura's reads
// do on SQLite (on PostgreSQL they do not).
//
// It is a measuring tool, not shipped with Procura:
//
//	go build -o /tmp/pointread ./internal/loadtest/pointread
//	/tmp/pointread -db sqlite:/tmp/procura.db -project perf -addr 127.0.0.1:3999
//	/tmp/pointread -db 'postgres://postgres@127.0.0.1:5432/DB?sslmode=disable' -project perf
//
// The database must hold the project: bench/bench.sh seeds it through a Procura server, stops that
// server, and starts this one on the same database (SERVERS=pointread-sqlite, pointread-postgres).
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// getSQL is the store's Get by id (internal/sqlstore/docs.go: docColumns, one, Get).
const getSQL = `SELECT type, id, COALESCE(key, ''), COALESCE(uniq, ''), COALESCE(parent, ''), COALESCE(owner, ''), COALESCE(grp, ''), COALESCE(state, ''), version, created_at, data FROM documents WHERE project_id = ? AND type = ? AND id = ?`

func main() {
	addr := flag.String("addr", "127.0.0.1:3999", "listen address")
	dbURL := flag.String("db", "", "database: sqlite:PATH or postgres://…, as Procura's --db")
	project := flag.String("project", "perf", "project key")
	typ := flag.String("type", "cart", "document type that GET /doc/{id} reads")
	inTx := flag.Bool("tx", false, "run each read in a transaction (as Procura's reads on SQLite)")
	flag.Parse()
	if *dbURL == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: pointread -db sqlite:PATH|postgres://… [-project perf] [-type cart] [-addr 127.0.0.1:3999] [-tx]")
		os.Exit(2)
	}
	r, err := open(*dbURL)
	if err != nil {
		log.Fatal(err)
	}
	defer r.db.Close()
	if err := r.db.QueryRow(r.rebind(`SELECT id FROM projects WHERE key = ?`), *project).Scan(&r.projectID); err != nil {
		log.Fatalf("project %q: %v", *project, err)
	}
	r.typ, r.tx = *typ, *inTx
	if r.prepare {
		if r.stmt, err = r.db.Prepare(getSQL); err != nil {
			log.Fatal(err)
		}
		defer r.stmt.Close()
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /doc/{id}", r.serve)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}

// reader holds the pool and what every read needs.
type reader struct {
	db        *sql.DB
	numbered  bool // PostgreSQL: $1, $2… placeholders
	prepare   bool // SQLite: prepare the statement once
	stmt      *sql.Stmt
	projectID string
	typ       string
	tx        bool
}

// open connects as internal/sqlstore does for reads.
func open(url string) (*reader, error) {
	switch {
	case strings.HasPrefix(url, "sqlite:"):
		path := strings.TrimPrefix(url, "sqlite:")
		pragmas := "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=cache_size(-65536)&_pragma=temp_store(MEMORY)"
		db, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=query_only(1)")
		if err != nil {
			return nil, err
		}
		db.SetMaxOpenConns(8)
		db.SetMaxIdleConns(8)
		return &reader{db: db, prepare: true}, db.Ping()
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		db, err := sql.Open("pgx", url)
		if err != nil {
			return nil, err
		}
		db.SetMaxOpenConns(32)
		db.SetMaxIdleConns(32)
		return &reader{db: db, numbered: true}, db.Ping()
	}
	return nil, fmt.Errorf("database %q: use sqlite:PATH or a postgres:// URL", url)
}

// rebind turns ? placeholders into $n for PostgreSQL.
func (r *reader) rebind(q string) string {
	if !r.numbered {
		return q
	}
	var b strings.Builder
	n := 0
	for _, c := range q {
		if c == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// doc is what the store's scan reads of a document row.
type doc struct {
	typ, id, key, uniq, parent, owner, grp, state, createdAt, data string
	version                                                        int64
}

func (r *reader) get(ctx context.Context, id string) (*doc, error) {
	var d doc
	scan := func(row *sql.Row) error {
		return row.Scan(&d.typ, &d.id, &d.key, &d.uniq, &d.parent, &d.owner, &d.grp, &d.state, &d.version, &d.createdAt, &d.data)
	}
	args := []any{r.projectID, r.typ, id}
	if !r.tx {
		if r.stmt != nil {
			return &d, scan(r.stmt.QueryRowContext(ctx, args...))
		}
		return &d, scan(r.db.QueryRowContext(ctx, r.rebind(getSQL), args...))
	}
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var row *sql.Row
	if r.stmt != nil {
		row = tx.StmtContext(ctx, r.stmt).QueryRowContext(ctx, args...)
	} else {
		row = tx.QueryRowContext(ctx, r.rebind(getSQL), args...)
	}
	if err := scan(row); err != nil {
		return nil, err
	}
	return &d, tx.Commit()
}

func (r *reader) serve(w http.ResponseWriter, req *http.Request) {
	d, err := r.get(req.Context(), req.PathValue("id"))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		http.Error(w, `{"statusCode":404,"message":"not found"}`, http.StatusNotFound)
		return
	case err != nil:
		log.Print(err)
		http.Error(w, `{"statusCode":500}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(d.data))
}
