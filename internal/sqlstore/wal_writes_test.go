package sqlstore

import (
	"cmp"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
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
// reader sees them. At synchronous=FULL the commit syncs the log, which writes what is
// gathered; at NORMAL it does not, and the commit's last frame must.
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
		copied := filepath.Join(t.TempDir(), "copy.db")
		for _, suffix := range []string{"", "-wal"} {
			data, err := os.ReadFile(filepath.Join(dir, "procura.db") + suffix)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(copied+suffix, data, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		db, err := sql.Open("sqlite", "file:"+copied)
		if err != nil {
			t.Fatal(err)
		}
		var check string
		err = db.QueryRow(`PRAGMA integrity_check`).Scan(&check)
		got := countRows(t, db)
		db.Close()
		if err != nil || check != "ok" {
			t.Fatalf("step %d: the copied files: %v %s", step, err, check)
		}
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

// TestAWriterRollsBackWhatItSpilled: a transaction larger than the writer's page cache writes
// frames before its commit; rolled back, they are not part of the log, and the next commits
// write over them.
func TestAWriterRollsBackWhatItSpilled(t *testing.T) {
	writer, reader := openGathering(t, t.TempDir(), "&_pragma=synchronous(FULL)&_pragma=cache_size(10)")
	insertPages(t, writer, 0, 5)
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
	insertPages(t, writer, 5, 3)
	if got := countRows(t, reader); got != 8 {
		t.Fatalf("a reader sees %d rows of 8", got)
	}
	var check string
	if err := reader.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity: %v %s", err, check)
	}
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
