package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Backups and restores of SQLite databases (decision 0043). PostgreSQL has pg_dump and
// pg_restore; Procura does not copy it.

// ErrInUse is the error of Restore when a process still has the database it would replace open.
var ErrInUse = errors.New("the database is in use: stop the servers and commands using it, then restore again")

// sqlitePath returns the file of a sqlite: URL.
func sqlitePath(url string) (string, error) {
	path, ok := strings.CutPrefix(url, "sqlite:")
	if !ok || path == "" {
		return "", fmt.Errorf("database %q: backups and restores are for sqlite:PATH databases", url)
	}
	return path, nil
}

// Backup writes a consistent copy of the SQLite database of url into the file to, which must not
// exist, while servers may go on writing: VACUUM INTO reads one snapshot of the database and its
// log, so the copy holds every write committed before it began and none of a transaction under
// way. The copy is written beside to under a temporary name, synced, then linked to its name.
func Backup(ctx context.Context, url, to string) error {
	path, err := sqlitePath(url)
	if err != nil {
		return err
	}
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("no database to back up: %w", err)
	}
	if _, err := os.Lstat(to); err == nil {
		return fmt.Errorf("%s exists: a backup is written into a new file", to)
	}
	tmp, err := os.CreateTemp(filepath.Dir(to), filepath.Base(to)+".tmp-*")
	if err != nil {
		return fmt.Errorf("backup to %s: %w", to, err)
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	// mode=rw: never create the database; the connection writes nothing into it.
	conn, err := sql.Open("sqlite", "file:"+path+"?mode=rw&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := procuraDatabase(ctx, conn, path); err != nil {
		return err
	}
	// An empty file may be the target of VACUUM INTO; the temporary one is.
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, tmp.Name()); err != nil {
		return fmt.Errorf("backup of %s: %w", path, err)
	}
	if err := syncFile(tmp.Name()); err != nil {
		return err
	}
	if err := os.Link(tmp.Name(), to); err != nil { // unlike a rename, never replaces a file
		return fmt.Errorf("backup to %s: %w", to, err)
	}
	return syncFile(filepath.Dir(to))
}

// Restore replaces the SQLite database of url by a copy of the backup from, once the copy is
// found to be a sound Procura database holding every migration of this binary. A database
// already at url is replaced only when replace is set, and never while a process has it open
// (ErrInUse): a server would go on writing into the file that was replaced. The copy is made
// beside the database under a temporary name and renamed over it.
func Restore(ctx context.Context, url, from string, replace bool) error {
	path, err := sqlitePath(url)
	if err != nil {
		return err
	}
	_, err = os.Stat(path)
	exists := err == nil
	switch {
	case exists && !replace:
		return fmt.Errorf("%s exists: restore replaces a database only with --force", path)
	case !exists && !errors.Is(err, os.ErrNotExist):
		return err
	}
	tmp, err := copyBeside(from, path)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if err := checkBackup(ctx, tmp, from); err != nil {
		return err
	}
	if !exists {
		if err := os.Link(tmp, path); err != nil { // a database made meanwhile is not replaced
			return fmt.Errorf("restore into %s: %w", path, err)
		}
		return syncFile(filepath.Dir(path))
	}
	unlock, err := lockOut(ctx, path)
	if err != nil {
		return err
	}
	defer unlock()
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("restore into %s: %w", path, err)
	}
	return syncFile(filepath.Dir(path))
}

// copyBeside copies the file from into a new temporary file in the directory of path, synced,
// and returns its name.
func copyBeside(from, path string) (string, error) {
	src, err := os.Open(from)
	if err != nil {
		return "", fmt.Errorf("restore: %w", err)
	}
	defer src.Close()
	dst, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".restore-*")
	if err != nil {
		return "", fmt.Errorf("restore into %s: %w", path, err)
	}
	_, err = io.Copy(dst, src)
	if err == nil {
		err = dst.Sync()
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(dst.Name())
		return "", fmt.Errorf("restore: copying %s: %w", from, err)
	}
	return dst.Name(), nil
}

// checkBackup opens the copy at tmp of the backup from as a server would, checks every page of
// it and that it holds every migration of this binary, and closes it, which leaves no log beside
// it.
func checkBackup(ctx context.Context, tmp, from string) error {
	db, err := Connect("sqlite:" + tmp)
	if err != nil {
		return fmt.Errorf("%s is not a SQLite database: %w", from, err)
	}
	defer db.Close()
	var verdict string
	if err := db.reader.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&verdict); err != nil {
		return fmt.Errorf("%s is not a SQLite database: %w", from, err)
	}
	if verdict != "ok" {
		return fmt.Errorf("%s is damaged: %s", from, verdict)
	}
	if err := procuraDatabase(ctx, db.reader, from); err != nil {
		return err
	}
	if err := db.Ready(ctx); err != nil {
		return fmt.Errorf("%s: %w, e.g. procura migrate --db sqlite:%s, then restore it", from, err, from)
	}
	return nil
}

// procuraDatabase checks that the database q reads has Procura's table of migrations.
func procuraDatabase(ctx context.Context, q *sql.DB, name string) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE name IN ('schema_migrations', 'documents')`).Scan(&n); err != nil {
		return fmt.Errorf("%s is not a SQLite database: %w", name, err)
	}
	if n != 2 {
		return fmt.Errorf("%s is not a Procura database (it has no tables documents and schema_migrations)", name)
	}
	return nil
}

// lockOut takes the database at path for this process alone, or returns ErrInUse. In WAL mode
// every connection holds a shared lock on the database file as long as it is open, so the
// exclusive lock succeeds only when no other connection is. It then copies the log into the
// database file and removes it (journal_mode DELETE), so that no log is left to be applied to
// the file that replaces it. unlock releases the lock.
func lockOut(ctx context.Context, path string) (unlock func(), err error) {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=rw&_pragma=busy_timeout(0)&_pragma=locking_mode(EXCLUSIVE)")
	if err != nil {
		return nil, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	unlock = func() { conn.Close(); db.Close() }
	var mode string
	err = conn.QueryRowContext(ctx, `PRAGMA journal_mode = DELETE`).Scan(&mode)
	if err == nil {
		_, err = conn.ExecContext(ctx, `BEGIN EXCLUSIVE; COMMIT`) // the lock stays (locking_mode)
	}
	var lite *sqlite.Error
	switch {
	case errors.As(err, &lite) && lite.Code()&0xff == sqlite3.SQLITE_BUSY:
		unlock()
		return nil, ErrInUse
	case err != nil:
		unlock()
		return nil, fmt.Errorf("%s, the database to replace: %w", path, err)
	}
	return unlock, nil
}

// syncFile flushes a file, or a directory's entries, to disk.
func syncFile(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
