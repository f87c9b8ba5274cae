package e2e

import (
	"bytes"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver, for a reader beside the server
)

// TestBackupUnderLoadAndRestore: `procura backup`, a process of its own, copies the SQLite
// database of a running server while four writers create categories through the API and a
// reader holds back its checkpoints. The backup, restored and served, holds every category
// answered before the backup began and none requested after it ended; restoring over the
// database the server has open is refused.
func TestBackupUnderLoadAndRestore(t *testing.T) {
	s := startServer(t, sqliteURL(t))
	token := s.token(t, s.admin)
	// A reader of another process holds a snapshot from before the writes, as a long read
	// would: the server's checkpoints can copy none of them into the database file, so the
	// backup must read them from the log.
	reader, err := sql.Open("sqlite", "file:"+strings.TrimPrefix(s.db, "sqlite:")+"?_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	snapshot, err := reader.Begin()
	if err != nil {
		t.Fatal(err)
	}
	var docs int
	if err := snapshot.QueryRow(`SELECT count(*) FROM documents`).Scan(&docs); err != nil {
		t.Fatal(err)
	}

	var (
		mu          sync.Mutex
		acked       []string
		late        []string // requested after the backup ended
		n           atomic.Int64
		stop, ended atomic.Bool
		wg          sync.WaitGroup
	)
	hc := &http.Client{Timeout: 30 * time.Second}
	for range 4 {
		wg.Go(func() {
			for !stop.Load() {
				key := fmt.Sprint("c-", n.Add(1))
				after := ended.Load()
				body := fmt.Sprintf(`{"key":%q,"name":{"en":"Category"},"slug":{"en":%q}}`, key, key)
				req, _ := http.NewRequest(http.MethodPost, s.base+"/"+s.project+"/categories", strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+token)
				req.Header.Set("Content-Type", "application/json")
				resp, err := hc.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusCreated {
					t.Errorf("POST category %s: %d", key, resp.StatusCode)
					return
				}
				mu.Lock()
				acked = append(acked, key)
				if after {
					late = append(late, key)
				}
				mu.Unlock()
			}
		})
	}
	time.Sleep(time.Second)
	mu.Lock()
	before := append([]string(nil), acked...)
	mu.Unlock()
	file := filepath.Join(t.TempDir(), "backup.db")
	s.cli(t, "backup", "--to", file)
	snapshot.Rollback()
	reader.Close()
	mu.Lock()
	during := len(acked) - len(before)
	mu.Unlock()
	ended.Store(true)
	time.Sleep(500 * time.Millisecond)
	stop.Store(true)
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	if len(before) < 20 || during == 0 || len(late) == 0 {
		t.Fatalf("too few writes to tell: %d before the backup, %d during it, %d after it", len(before), during, len(late))
	}
	t.Logf("categories answered: %d before the backup, %d during it, %d after it", len(before), during, len(late))

	code, stderr := runProcura("restore", "--from", file, "--force", "--db", s.db)
	if code != 1 || !strings.Contains(stderr, "in use") {
		t.Errorf("restore over the database a server has open: exit %d, %q; want 1 and a message saying it is in use", code, stderr)
	}

	r := &server{db: sqliteURL(t), project: s.project, admin: s.admin}
	r.cli(t, "restore", "--from", file)
	if err := r.serve(t); err != nil {
		t.Fatal(err)
	}
	rtoken := r.token(t, r.admin)
	missing := 0
	for _, key := range before {
		if st := r.do(t, http.MethodGet, "/"+r.project+"/categories/key="+key, rtoken, nil).status; st != http.StatusOK {
			missing++
		}
	}
	if missing > 0 {
		t.Errorf("%d of the %d categories answered before the backup began are not in it", missing, len(before))
	}
	for _, key := range late {
		if st := r.do(t, http.MethodGet, "/"+r.project+"/categories/key="+key, rtoken, nil).status; st != http.StatusNotFound {
			t.Fatalf("category %s, requested after the backup ended: %d, want 404", key, st)
		}
	}
	// The restored database takes writes.
	if st := r.do(t, http.MethodPost, "/"+r.project+"/categories", rtoken, []byte(`{"key":"after-restore","name":{"en":"x"},"slug":{"en":"after-restore"}}`)).status; st != http.StatusCreated {
		t.Fatalf("POST after the restore: %d", st)
	}
}

// runProcura runs the binary and returns its exit code and standard error.
func runProcura(args ...string) (int, string) {
	cmd := exec.Command(procuraBin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), stderr.String()
	} else if err != nil {
		return -1, err.Error()
	}
	return 0, stderr.String()
}

// TestBackupOfPostgreSQLPrintsPgDump: on PostgreSQL `procura backup` copies nothing, exits 1 and
// prints a pg_dump command that, run as printed, dumps the server's schema.
func TestBackupOfPostgreSQLPrintsPgDump(t *testing.T) {
	s := startServer(t, postgresURL(t))
	file := filepath.Join(t.TempDir(), "procura.dump")
	cmd := exec.Command(procuraBin, "backup", "--to", file, "--db", s.db)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || !strings.Contains(stderr.String(), "has not copied this PostgreSQL database") {
		t.Fatalf("backup on PostgreSQL: %v, %q; want exit 1 and a message that nothing was copied", err, stderr.String())
	}
	line := strings.TrimSpace(stdout.String())
	if !strings.HasPrefix(line, "pg_dump ") {
		t.Fatalf("printed %q, want a pg_dump command", line)
	}
	if _, err := exec.LookPath("pg_dump"); err != nil {
		t.Skipf("pg_dump is not installed, the printed command %q is not run", line)
	}
	if out, err := exec.Command("sh", "-c", line).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", line, err, out)
	}
	u, err := url.Parse(s.db)
	if err != nil {
		t.Fatal(err)
	}
	schema := u.Query().Get("search_path")
	out, err := exec.Command("pg_restore", "--list", file).CombinedOutput()
	if err != nil {
		t.Fatalf("pg_restore --list: %v\n%s", err, out)
	}
	for _, table := range []string{"documents", "schema_migrations"} {
		if want := "TABLE DATA " + schema + " " + table; !strings.Contains(string(out), want) {
			t.Errorf("the dump has no %q:\n%s", want, out)
		}
	}
}
