package sqlstore

import (
	"cmp"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// openGathering opens a SQLite file whose log is written as the store's writer writes it, and
// a connection of the operating system's VFS beside it, as the store's readers are. The writer
// commits at synchronous=FULL unless pragmas say otherwise.
func openGathering(t *testing.T, dir, pragmas string) (writer, reader *sql.DB) {
	t.Helper()
	if err := registerWALWrites(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "procura.db")
	writer, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=wal_autocheckpoint(0)"+cmp.Or(pragmas, "&_pragma=synchronous(FULL)")+"&vfs="+walWritesVFS)
	if err != nil {
		t.Fatal(err)
	}
	writer.SetMaxOpenConns(1)
	t.Cleanup(func() { writer.Close() })
	if _, err := writer.Exec(`CREATE TABLE t (i INTEGER PRIMARY KEY, data TEXT)`); err != nil {
		t.Fatal(err)
	}
	reader, err = sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { reader.Close() })
	return writer, reader
}

// insertPages adds n rows of about a page each in one transaction.
func insertPages(t *testing.T, db *sql.DB, from, n int) {
	t.Helper()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for i := from; i < from+n; i++ {
		if _, err := tx.Exec(`INSERT INTO t VALUES (?, ?)`, i, strings.Repeat(strconv.Itoa(i%10), 3000)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func countRows(t *testing.T, db *sql.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM t`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestAWriterCommitIsInTheLogFileAtOnce: once a commit returns, its frames are in the log file,
// for a transaction of one page, of a few and of more than one gathering holds: the files copied
// right then (as a crash of the process would leave them) hold every row committed, and a
// reader sees them. (TestAWriterPublishesNoCommitBeforeItsFrames checks the moment before.)
func TestAWriterCommitIsInTheLogFileAtOnce(t *testing.T) {
	for _, mode := range []string{"FULL", "NORMAL"} {
		t.Run(mode, func(t *testing.T) {
			committedRowsAreInTheFiles(t, "&_pragma=synchronous("+mode+")")
		})
	}
}

func committedRowsAreInTheFiles(t *testing.T, pragmas string) {
	dir := t.TempDir()
	writer, reader := openGathering(t, dir, pragmas)
	rows := 0
	for step, n := range []int{1, 3, 1, 60, 2, 200, 1} {
		insertPages(t, writer, rows, n)
		rows += n
		if got := countRows(t, reader); got != rows {
			t.Fatalf("step %d: a reader sees %d rows of %d committed", step, got, rows)
		}
		db := copyFiles(t, dir)
		got := countRows(t, db)
		db.Close()
		if got != rows {
			t.Fatalf("step %d: the files copied after the commit hold %d rows of %d", step, got, rows)
		}
	}
}

// TestAWriterWritesItsFramesInFewCalls: a commit of about 40 pages (80 write calls when each
// frame's header and page are written apart) takes a few.
func TestAWriterWritesItsFramesInFewCalls(t *testing.T) {
	writer, _ := openGathering(t, t.TempDir(), "")
	insertPages(t, writer, 0, 1)
	before := writeCalls(t)
	insertPages(t, writer, 1, 40)
	if calls := writeCalls(t) - before; calls > 10 {
		t.Fatalf("a commit of 40 rows of a page each made %d write calls", calls)
	}
}

// TestAWriterReadsBackWhatItSpilled: a transaction larger than the writer's page cache writes
// frames before its commit, and reads them back before it commits.
func TestAWriterReadsBackWhatItSpilled(t *testing.T) {
	writer, reader := openGathering(t, t.TempDir(), "&_pragma=synchronous(FULL)&_pragma=cache_size(10)")
	tx, err := writer.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for i := range 60 {
		if _, err := tx.Exec(`INSERT INTO t VALUES (?, ?)`, i, strings.Repeat(strconv.Itoa(i%10), 3000)); err != nil {
			t.Fatal(err)
		}
	}
	var sum, length int
	if err := tx.QueryRow(`SELECT sum(i), sum(length(data)) FROM t`).Scan(&sum, &length); err != nil {
		t.Fatal(err)
	}
	if sum != 59*60/2 || length != 60*3000 {
		t.Fatalf("the transaction reads back %d and %d bytes, want %d and %d", sum, length, 59*60/2, 60*3000)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := countRows(t, reader); got != 60 {
		t.Fatalf("a reader sees %d rows of 60", got)
	}
}

// TestAWriterCommitsWhatItChangedAfterSpilling: a transaction that spilled a page and changes it
// again reads the page back, overwrites its frame and, at commit, rewrites the checksums of the
// frames from there on. The files copied right after the commit, with or without a checkpoint
// between (which copies the commit into the database file), hold it whole.
func TestAWriterCommitsWhatItChangedAfterSpilling(t *testing.T) {
	for _, checkpoint := range []bool{false, true} {
		t.Run(fmt.Sprintf("checkpoint=%v", checkpoint), func(t *testing.T) {
			dir := t.TempDir()
			writer, reader := openGathering(t, dir, "&_pragma=synchronous(NORMAL)&_pragma=cache_size(10)")
			insertPages(t, writer, 0, 20)
			tx, err := writer.Begin()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tx.Exec(`UPDATE t SET data = ?`, strings.Repeat("c", 3000)); err != nil {
				t.Fatal(err)
			}
			if _, err := tx.Exec(`UPDATE t SET data = ? WHERE i < 5`, strings.Repeat("d", 3000)); err != nil {
				t.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			if checkpoint {
				if _, err := reader.Exec(`PRAGMA wal_checkpoint(PASSIVE)`); err != nil {
					t.Fatal(err)
				}
			}
			copied := copyFiles(t, dir)
			defer copied.Close()
			var cs, ds int
			if err := copied.QueryRow(`SELECT count(*) FILTER (WHERE data LIKE 'c%'), count(*) FILTER (WHERE data LIKE 'd%') FROM t`).Scan(&cs, &ds); err != nil {
				t.Fatal(err)
			}
			if cs != 15 || ds != 5 {
				t.Fatalf("the files copied after the commit hold %d rows of c and %d of d, want 15 and 5", cs, ds)
			}
		})
	}
}

// TestAWriterLeavesNothingGatheredWhenItLetsGoOfTheLog: a transaction that spilled and rolled
// back leaves frames past the log's end; another connection (a second process, during a
// restart that overlaps) then appends its commit there, and the writer's next commit follows
// it. The first transaction's frames must not land over the other's.
func TestAWriterLeavesNothingGatheredWhenItLetsGoOfTheLog(t *testing.T) {
	dir := t.TempDir()
	writer, reader := openGathering(t, dir, "&_pragma=synchronous(FULL)&_pragma=cache_size(10)")
	insertPages(t, writer, 0, 5)
	if _, err := reader.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	tx, err := writer.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for i := 5; i < 30; i++ {
		if _, err := tx.Exec(`INSERT INTO t VALUES (?, ?)`, i, strings.Repeat("x", 3000)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	other, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "procura.db")+"?_pragma=synchronous(FULL)&_pragma=busy_timeout(1000)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	other.SetMaxOpenConns(1)
	insertPages(t, other, 100, 40)
	insertPages(t, writer, 200, 1)
	var check string
	if err := reader.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity: %v %s", err, check)
	}
	if got := countRows(t, reader); got != 46 {
		t.Fatalf("a reader sees %d rows of 46", got)
	}
}

// TestAWriterPublishesNoCommitBeforeItsFrames: SQLite makes a commit visible to readers (in
// the log's index) before the writer lets go of the log's write lock; at that moment a reader
// of the operating system's VFS must already read it whole, and so must a copy of the files (a
// crash then), which checks the frames' checksums. At NORMAL nothing syncs the log at commit,
// and the gathering fills up at some commit sizes between a frame's header and its page; a
// transaction that changes a page it spilled rewrites frames and checksums at commit; without
// powersafe overwrite SQLite pads the commit and splits a frame.
func TestAWriterPublishesNoCommitBeforeItsFrames(t *testing.T) {
	every := make([]int, 70)
	for i := range every {
		every[i] = i + 1
	}
	for _, c := range []struct {
		name, pragmas string
		sizes         []int
		copies        bool // check a copy of the files too, not only a reader
	}{
		{"normal", "&_pragma=synchronous(NORMAL)", []int{1, 3, 60}, true},
		{"normal, every size", "&_pragma=synchronous(NORMAL)", every, false},
		{"normal, spilling", "&_pragma=synchronous(NORMAL)&_pragma=cache_size(10)", []int{1, 3, 60}, true},
		{"full, without powersafe overwrite", "&_pragma=synchronous(FULL)&psow=0", []int{1, 3, 60}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			writer, reader := openGathering(t, dir, c.pragmas)
			rows, checked := 0, 0
			hook := func(tls *libc.TLS, pFile uintptr, offset, n, flags int32) int32 {
				if flags == sqlite3.SQLITE_SHM_UNLOCK|sqlite3.SQLITE_SHM_EXCLUSIVE && offset == walWriteLock {
					var got int
					if err := reader.QueryRow(`SELECT count(*) FROM t WHERE length(data) > 0`).Scan(&got); err != nil || got != rows {
						t.Errorf("a reader, as the writer lets go of the log: %d rows of %d (%v)", got, rows, err)
					}
					if c.copies {
						if got, err := rowsInCopy(t, dir); err != nil || got != rows {
							t.Errorf("the files, as the writer lets go of the log: %d rows of %d (%v)", got, rows, err)
						}
					}
					checked++
				}
				return dbShmLock(tls, pFile, offset, n, flags)
			}
			setFunc(&dbMethods.FxShmLock, hook)
			t.Cleanup(func() {
				setFunc(&dbMethods.FxShmLock, dbShmLock)
				runtime.KeepAlive(hook) // SQLite holds it where the collector does not look
			})
			for _, n := range c.sizes {
				tx, err := writer.Begin()
				if err != nil {
					t.Fatal(err)
				}
				for i := rows; i < rows+n; i++ {
					if _, err := tx.Exec(`INSERT INTO t VALUES (?, ?)`, i, strings.Repeat("x", 3000)); err != nil {
						t.Fatal(err)
					}
				}
				if _, err := tx.Exec(`UPDATE t SET data = ? WHERE i < ?`, strings.Repeat("y", 3000), rows+n/2); err != nil {
					t.Fatal(err)
				}
				rows += n
				if err := tx.Commit(); err != nil {
					t.Fatal(err)
				}
			}
			if checked < len(c.sizes) {
				t.Fatalf("the write lock was let go of %d times in %d commits", checked, len(c.sizes))
			}
		})
	}
}

// failWALWrites is how many of the log's next writes fail as with a full disk.
var failWALWrites int

// failingWALWrite is the operating system's log write, but failing while failWALWrites says so.
func failingWALWrite(tls *libc.TLS, pFile, buf uintptr, n int32, off int64) int32 {
	if failWALWrites > 0 {
		failWALWrites--
		return sqlite3.SQLITE_FULL
	}
	return (*(*func(*libc.TLS, uintptr, uintptr, int32, int64) int32)(unsafe.Pointer(&failingWALWriteOf)))(tls, pFile, buf, n, off)
}

var failingWALWriteOf uintptr // the write failingWALWrite replaces

// TestAWriterFailsTheCommitWhoseFramesItCouldNotWrite: as the store runs a batch, a first write
// spills frames that stay gathered; a second write's statement reads a spilled page back, and
// writing the gathered frames fails (the disk is full). SQLite undoes that statement only, and
// the store rolls back the second write's savepoint; the first write's frames are lost all the
// same, so the batch must not commit. After it the writer writes again.
func TestAWriterFailsTheCommitWhoseFramesItCouldNotWrite(t *testing.T) {
	writer, reader := openGathering(t, t.TempDir(), "&_pragma=synchronous(FULL)&_pragma=cache_size(10)")
	insertPages(t, writer, 0, 30)
	if _, err := reader.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	failingWALWriteOf = osWALMethods.FxWrite
	setFunc(&osWALMethods.FxWrite, failingWALWrite)
	t.Cleanup(func() { osWALMethods.FxWrite = failingWALWriteOf })
	tx, err := writer.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, q := range []string{`SAVEPOINT write`, `UPDATE t SET data = 'n' || data WHERE i >= 10`, `RELEASE write`, `SAVEPOINT write`} {
		if _, err := tx.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	failWALWrites = 1
	if _, err := tx.Exec(`INSERT INTO t SELECT i + 1000, data FROM t WHERE i >= 10`); err == nil {
		t.Fatal("the statement that read a spilled page back succeeded though its frames could not be written")
	}
	for _, q := range []string{`ROLLBACK TO write`, `RELEASE write`} {
		if _, err := tx.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err == nil {
		t.Fatal("the batch committed without the frames of its first write")
	}
	var check string
	if err := reader.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity: %v %s", err, check)
	}
	var changed int
	if err := reader.QueryRow(`SELECT count(*) FROM t WHERE data LIKE 'n%'`).Scan(&changed); err != nil || changed != 0 {
		t.Fatalf("%d rows of the failed batch are in the database (%v)", changed, err)
	}
	insertPages(t, writer, 100, 3)
	if got := countRows(t, reader); got != 33 {
		t.Fatalf("after the failed batch the writer's next commit leaves %d rows of 33", got)
	}
}

// copyFiles copies the database file and its log as a crash would leave them, and opens the
// copy after checking it is sound.
func copyFiles(t *testing.T, dir string) *sql.DB {
	t.Helper()
	db, err := copyOf(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// rowsInCopy counts the rows of a copy of the files; it reports failures as errors, for it runs
// inside SQLite's calls.
func rowsInCopy(t *testing.T, dir string) (int, error) {
	db, err := copyOf(t, dir)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int
	err = db.QueryRow(`SELECT count(*) FROM t`).Scan(&n)
	return n, err
}

func copyOf(t *testing.T, dir string) (*sql.DB, error) {
	copied := filepath.Join(t.TempDir(), "copy.db")
	for _, suffix := range []string{"", "-wal"} {
		data, err := os.ReadFile(filepath.Join(dir, "procura.db") + suffix)
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(copied+suffix, data, 0o600); err != nil {
			return nil, err
		}
	}
	db, err := sql.Open("sqlite", "file:"+copied)
	if err != nil {
		return nil, err
	}
	var check string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		db.Close()
		return nil, fmt.Errorf("the copied files: %v %s", err, check)
	}
	return db, nil
}

// writeCalls is the number of write calls the process has made (Linux's /proc/self/io).
func writeCalls(t *testing.T) int64 {
	t.Helper()
	data, err := os.ReadFile("/proc/self/io")
	if err != nil {
		t.Skip("no /proc/self/io here")
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "syscw: "); ok {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatal(fmt.Errorf("no syscw in /proc/self/io"))
	return 0
}
