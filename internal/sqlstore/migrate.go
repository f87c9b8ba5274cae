package sqlstore

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations
var migrations embed.FS

// migration is one numbered SQL file.
type migration struct {
	version int
	name    string
	sql     string
}

func (d dialect) migrations() ([]migration, error) {
	dir := "migrations/" + d.name
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("migration %s: name it NNNN_title.sql", e.Name())
		}
		body, err := fs.ReadFile(migrations, dir+"/"+e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// Migrate applies, in order, each embedded migration the database has not recorded yet, each in
// its own transaction together with its record. On PostgreSQL an advisory lock keeps nodes that
// start at the same time from applying a migration twice.
func (db *DB) Migrate(ctx context.Context) error {
	list, err := db.d.migrations()
	if err != nil {
		return err
	}
	create := `CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`
	if _, err := db.writer.ExecContext(ctx, create); err != nil && !db.d.retryable(err) {
		if _, ok := db.d.duplicate(err); !ok { // two nodes creating the table at once
			return fmt.Errorf("migrate: %w", err)
		}
	}
	if db.d.name == "sqlite" {
		// A migration that rewrites every row (0008) keeps the rows' former pages in a statement
		// journal until it commits: in memory, as temp_store says for the connection's queries,
		// that was 8 GB at a million orders. During migrations it is a temporary file.
		if _, err := db.writer.ExecContext(ctx, `PRAGMA temp_store = FILE`); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		defer db.writer.ExecContext(ctx, `PRAGMA temp_store = MEMORY`)
	}
	for _, m := range list {
		if err := db.apply(ctx, m); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	if db.d.name == "sqlite" {
		if err := db.mendCategoryValues(ctx); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		// Before any reader loads the statistics, which it keeps while it is open.
		if err := dropSamples(ctx, db.writer); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
	}
	return nil
}

// Ready reports whether the database answers and has every migration this binary embeds (a
// database ahead of the binary, migrated by a newer node, is ready: migrations stay compatible
// with the release before them).
func (db *DB) Ready(ctx context.Context) error {
	list, err := db.d.migrations()
	if err != nil {
		return err
	}
	var applied int
	if err := db.reader.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&applied); err != nil {
		return fmt.Errorf("database: %w", err)
	}
	if want := list[len(list)-1].version; applied < want {
		return fmt.Errorf("database: migrated to %d, this binary needs %d (run procura migrate)", applied, want)
	}
	return nil
}

func (db *DB) apply(ctx context.Context, m migration) error {
	t, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer t.Rollback()
	if db.d.name == "postgres" {
		if _, err := t.ExecContext(ctx, `SELECT pg_advisory_xact_lock(8123001)`); err != nil {
			return err
		}
	}
	var n int
	if err := t.QueryRowContext(ctx, db.d.rebind(`SELECT count(*) FROM schema_migrations WHERE version = ?`), m.version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if _, err := t.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	if _, err := t.ExecContext(ctx, db.d.rebind(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`),
		m.version, m.name, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return err
	}
	return t.Commit()
}

// Analyze refreshes the planner's statistics of the documents, their references and their
// searchable texts and, on PostgreSQL, their visibility maps (VACUUM), without which the planner
// avoids index-only scans. PostgreSQL's autovacuum does this by itself when it is on; a table
// whose statistics describe it as empty lets the planner look documents up by scanning a whole
// type. SQLite keeps no samples (dropSamples), as a serving node's Optimize writes none.
func (db *DB) Analyze(ctx context.Context) error {
	if db.d.name == "sqlite" {
		conn, err := db.writer.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, `ANALYZE`); err != nil {
			return err
		}
		return dropSamples(ctx, conn)
	}
	_, err := db.writer.ExecContext(ctx, `VACUUM (ANALYZE) documents, document_refs, document_texts, document_values, category_values`)
	return err
}
