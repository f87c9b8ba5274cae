package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/sqlstore"
	"github.com/procura/procura/internal/store"
)

// insertDoc writes one document of type t with id in its own write.
func insertDoc(ctx context.Context, db *sqlstore.DB, id string) error {
	return db.Write(ctx, func(tx store.Tx) error {
		return tx.Docs("p").Insert(&store.Doc{Type: "t", ID: id, Version: 1, CreatedAt: "2026-01-01T00:00:00.000Z", Data: []byte(`{"id":"` + id + `"}`)})
	})
}

// hasDoc reports whether db holds the document id.
func hasDoc(t *testing.T, db *sqlstore.DB, id string) bool {
	t.Helper()
	var found bool
	err := db.Read(context.Background(), func(tx store.Tx) error {
		_, err := tx.Docs("p").Get("t", id)
		found = err == nil
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

func openProject(t *testing.T, url string) *sqlstore.DB {
	t.Helper()
	db, err := sqlstore.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Write(context.Background(), func(tx store.Tx) error { return tx.CreateProject(&procura.Project{ID: "p", Key: "p"}) }); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestBackupUnderWritesHoldsEveryAcknowledgedWrite: writers go on while Backup copies the
// database; the restored copy holds every write answered before the backup began, and none
// begun after it ended.
func TestBackupUnderWritesHoldsEveryAcknowledgedWrite(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := openProject(t, "sqlite:"+filepath.Join(dir, "procura.db"))
	defer db.Close()

	var mu sync.Mutex
	acked := map[string]bool{}
	var stop atomic.Bool
	var backupDone atomic.Bool
	late := map[string]bool{} // begun after the backup ended
	var n atomic.Int64
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for !stop.Load() {
				id := fmt.Sprint("d", n.Add(1))
				after := backupDone.Load()
				if err := insertDoc(ctx, db, id); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				acked[id] = true
				if after {
					late[id] = true
				}
				mu.Unlock()
			}
		})
	}
	time.Sleep(300 * time.Millisecond)
	mu.Lock()
	before := make([]string, 0, len(acked))
	for id := range acked {
		before = append(before, id)
	}
	mu.Unlock()
	backup := filepath.Join(dir, "backup.db")
	if err := sqlstore.Backup(ctx, "sqlite:"+filepath.Join(dir, "procura.db"), backup); err != nil {
		t.Fatal(err)
	}
	backupDone.Store(true)
	time.Sleep(100 * time.Millisecond)
	stop.Store(true)
	wg.Wait()
	if len(before) < 10 || len(late) == 0 {
		t.Fatalf("too few writes to tell: %d before the backup, %d after", len(before), len(late))
	}

	restored := "sqlite:" + filepath.Join(dir, "restored.db")
	if err := sqlstore.Restore(ctx, restored, backup, false); err != nil {
		t.Fatal(err)
	}
	rdb, err := sqlstore.Open(ctx, restored)
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	missing := 0
	for _, id := range before {
		if !hasDoc(t, rdb, id) {
			missing++
		}
	}
	if missing > 0 {
		t.Errorf("%d of the %d writes answered before the backup began are not in it", missing, len(before))
	}
	for id := range late {
		if hasDoc(t, rdb, id) {
			t.Fatalf("%s, written after the backup ended, is in it", id)
		}
	}
	t.Logf("%d writes before the backup, %d in all, %d after it", len(before), len(acked), len(late))
}

// TestBackupRefuses: an existing file, a path that cannot be written, a database that is missing
// or not Procura's, a PostgreSQL URL.
func TestBackupRefuses(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	url := "sqlite:" + filepath.Join(dir, "procura.db")
	db := openProject(t, url)
	db.Close()
	existing := filepath.Join(dir, "existing.db")
	if err := os.WriteFile(existing, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "plain.db")
	execSQL(t, plain, `CREATE TABLE notes (x TEXT)`)
	for _, c := range []struct{ name, url, to, want string }{
		{"existing file", url, existing, "exists"},
		{"unwritable path", url, filepath.Join(existing, "backup.db"), "not a directory"},
		{"missing database", "sqlite:" + filepath.Join(dir, "none.db"), filepath.Join(dir, "b1.db"), "no database to back up"},
		{"not Procura's", "sqlite:" + plain, filepath.Join(dir, "b2.db"), "not a Procura database"},
		{"postgres", "postgres://u@h/db", filepath.Join(dir, "b3.db"), "sqlite:PATH"},
	} {
		err := sqlstore.Backup(ctx, c.url, c.to)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error saying %q", c.name, err, c.want)
		}
	}
	if b, _ := os.ReadFile(existing); string(b) != "keep me" {
		t.Errorf("the existing file now holds %q", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "none.db")); err == nil {
		t.Error("backing up a missing database created it")
	}
	left, _ := filepath.Glob(filepath.Join(dir, "*.tmp-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestRestore: a backup replaces a database only with replace, never while it is open, and
// nothing of the replaced database (its log) survives; files that are not a Procura database
// with every migration are refused before anything is replaced.
func TestRestore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := "sqlite:" + filepath.Join(dir, "src.db")
	db := openProject(t, src)
	if err := insertDoc(ctx, db, "from-backup"); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "backup.db")
	if err := sqlstore.Backup(ctx, src, backup); err != nil {
		t.Fatal(err)
	}
	db.Close()

	target := "sqlite:" + filepath.Join(dir, "target.db")
	live := openProject(t, target)
	if err := insertDoc(ctx, live, "replaced"); err != nil {
		t.Fatal(err)
	}
	if err := sqlstore.Restore(ctx, target, backup, false); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("restore over a database without replace: %v", err)
	}
	if err := sqlstore.Restore(ctx, target, backup, true); !errors.Is(err, sqlstore.ErrInUse) {
		t.Fatalf("restore over a database in use: %v", err)
	}
	if !hasDoc(t, live, "replaced") {
		t.Fatal("the refused restore changed the database in use")
	}
	// Leave the log behind, as a crashed server would: it must not be applied to the backup.
	if _, err := os.Stat(filepath.Join(dir, "target.db-wal")); err != nil {
		t.Fatalf("the live database has no log: %v", err)
	}
	crashed := filepath.Join(dir, "crashed")
	if err := os.Mkdir(crashed, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"target.db", "target.db-wal"} {
		copyFile(t, filepath.Join(dir, f), filepath.Join(crashed, f))
	}
	live.Close()
	target = "sqlite:" + filepath.Join(crashed, "target.db")
	if err := sqlstore.Restore(ctx, target, backup, true); err != nil {
		t.Fatal(err)
	}
	rdb, err := sqlstore.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	if !hasDoc(t, rdb, "from-backup") || hasDoc(t, rdb, "replaced") {
		t.Error("the restored database is not the backup")
	}
	rdb.Close()

	notDB := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notDB, []byte(strings.Repeat("not a database\n", 300)), 0o600); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "plain.db")
	execSQL(t, plain, `CREATE TABLE notes (x TEXT)`)
	behind := filepath.Join(dir, "behind.db")
	copyFile(t, backup, behind)
	execSQL(t, behind, `DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)`)
	for _, c := range []struct{ name, from, want string }{
		{"a text file", notDB, "not a SQLite database"},
		{"a database of something else", plain, "not a Procura database"},
		{"a backup a migration behind", behind, "procura migrate"},
		{"a missing file", filepath.Join(dir, "none.db"), "no such file"},
	} {
		err := sqlstore.Restore(ctx, target, c.from, true)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error saying %q", c.name, err, c.want)
		}
	}
	rdb, err = sqlstore.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	if !hasDoc(t, rdb, "from-backup") {
		t.Error("a refused restore changed the database")
	}
	left, _ := filepath.Glob(filepath.Join(crashed, "*.restore-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// execSQL runs stmt on the SQLite file path, which it creates if missing.
func execSQL(t *testing.T, path, stmt string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(stmt); err != nil {
		t.Fatal(err)
	}
}
