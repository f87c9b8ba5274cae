package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/sqlstore"
	"github.com/procura/procura/internal/store"
)

// TestSQLiteLogIsCheckpointedOffTheWriter: the writer never checkpoints, so the database file
// grows only because the checkpointer copies the log into it, soon after the commits.
func TestSQLiteLogIsCheckpointedOffTheWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "procura.db")
	db, err := sqlstore.Open(context.Background(), "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	time.Sleep(300 * time.Millisecond) // the migrations' checkpoint
	before := fileSize(t, path)
	data := []byte(`{"x":"` + strings.Repeat("a", 4000) + `"}`)
	err = db.Write(context.Background(), func(tx store.Tx) error {
		if err := tx.CreateProject(&procura.Project{ID: "p", Key: "p"}); err != nil {
			return err
		}
		for i := range 500 {
			if err := tx.Docs("p").Insert(&store.Doc{Type: "t", ID: fmt.Sprint(i), Version: 1, CreatedAt: "2026-01-01T00:00:00.000Z", Data: data}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); fileSize(t, path) < before+500*4000; {
		if time.Now().After(deadline) {
			t.Fatalf("the database file stayed at %d bytes (%d before 2 MB of writes): nothing checkpointed the log", fileSize(t, path), before)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func fileSize(t *testing.T, path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// TestSQLiteLogStartsOverUnderLoad: with readers always in the log and writes always coming, a
// PASSIVE checkpoint never lets the log start over, and the log file grew with every commit.
// The writer starts it over once it is longer than the limit, so the file stays near the limit
// and what the checkpointer's pace lets through, however much is written (here about 20 MiB, up
// to 64 MiB on a busy machine, where a reader held up a restart and it waited a second; 235 MiB
// without the restart).
func TestSQLiteLogStartsOverUnderLoad(t *testing.T) {
	db, path, insert := logTestDB(t, 256) // 1 MiB of 4 KiB pages
	ctx := context.Background()
	stop := make(chan struct{})
	var readers sync.WaitGroup
	for range 4 { // readers that are never all out of the log at once
		readers.Add(1)
		go func() {
			defer readers.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				_ = db.Read(ctx, func(tx store.Tx) error {
					_, err := tx.Docs("p").Get("t", "0")
					time.Sleep(time.Millisecond)
					return err
				})
			}
		}()
	}
	const written = 40 << 20 // bytes of documents, each a page or more of the log
	var writers sync.WaitGroup
	for w := range 4 {
		writers.Add(1)
		go func() {
			defer writers.Done()
			for i := range written / logTestDocBytes / 4 {
				if err := insert(fmt.Sprint(w, "-", i)); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	writers.Wait()
	close(stop)
	readers.Wait()
	if size := fileSize(t, path+"-wal"); size > 2*written {
		t.Errorf("the log file is %d MiB after %d MiB of documents written: it never started over", size>>20, written>>20)
	}
}

// TestSQLiteLogRestartDoesNotWaitForALongRead: a RESTART checkpoint waits for the readers still in
// the log; a read that lasts (a backup, a count over a million orders, another process reading
// the file) must not hold the writes up meanwhile. The restart gives up after a short wait and is
// tried again later. The read here is a transaction on a connection of its own, which stays in
// the log from its first statement to its end.
func TestSQLiteLogRestartDoesNotWaitForALongRead(t *testing.T) {
	db, path, insert := logTestDB(t, 64)
	if err := insert("first"); err != nil {
		t.Fatal(err)
	}
	reader, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { reader.Close() })
	reading := make(chan struct{})
	read := make(chan error, 1)
	var restarts int64 // tried while the read lasted
	go func() {
		read <- func() error {
			rtx, err := reader.Begin()
			if err != nil {
				return err
			}
			defer rtx.Rollback()
			var n int
			err = rtx.QueryRow(`SELECT count(*) FROM documents`).Scan(&n) // in the log from here on
			before := db.LogRestarts()
			close(reading)
			time.Sleep(2 * time.Second)
			restarts = db.LogRestarts() - before
			return err
		}()
	}()
	<-reading
	var slowest time.Duration
	for i := 0; ; i++ { // writes for as long as the read lasts
		select {
		case err := <-read:
			if err != nil {
				t.Fatal(err)
			}
			if slowest > 500*time.Millisecond {
				t.Errorf("a write waited %v for a read to leave the log", slowest)
			}
			if restarts > 4 {
				t.Errorf("the writer tried to start the log over %d times during a read of 2 s: once a second at most", restarts)
			}
			return
		default:
		}
		start := time.Now()
		if err := insert(fmt.Sprint(i)); err != nil {
			t.Fatal(err)
		}
		slowest = max(slowest, time.Since(start))
	}
}

// logTestDocBytes is the size of the documents logTestDB's insert writes: a page of the log.
const logTestDocBytes = 4008

// logTestDB opens a SQLite database whose writer starts its log over past frames, with a
// project "p", and returns it, its file's path and a function that inserts a document of
// logTestDocBytes into it.
func logTestDB(t *testing.T, frames int64) (*sqlstore.DB, string, func(id string) error) {
	t.Helper()
	t.Cleanup(sqlstore.SetRestartLogFrames(frames))
	path := filepath.Join(t.TempDir(), "procura.db")
	db, err := sqlstore.Open(context.Background(), "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ctx := context.Background()
	if err := db.Write(ctx, func(tx store.Tx) error { return tx.CreateProject(&procura.Project{ID: "p", Key: "p"}) }); err != nil {
		t.Fatal(err)
	}
	data := []byte(`{"x":"` + strings.Repeat("a", logTestDocBytes-8) + `"}`)
	return db, path, func(id string) error {
		return db.Write(ctx, func(tx store.Tx) error {
			return tx.Docs("p").Insert(&store.Doc{Type: "t", ID: id, Version: 1, CreatedAt: "2026-01-01T00:00:00.000Z", Data: data})
		})
	}
}
