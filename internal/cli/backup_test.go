package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runArgs runs the command line with no environment and returns its exit code and output.
func runArgs(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = Main(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestBackupAndRestoreCommands: the commands' successes and their refusals, each with its exit
// code and a message that says what to do.
func TestBackupAndRestoreCommands(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "procura.db")
	if code, _, stderr := runArgs("project", "create", "shop", "--db", db); code != 0 {
		t.Fatalf("project create: %d %s", code, stderr)
	}
	backupFile := filepath.Join(dir, "backup.db")
	if code, stdout, stderr := runArgs("backup", "--to", backupFile, "--db", db); code != 0 || !strings.Contains(stdout, "backed up") {
		t.Fatalf("backup: %d %s %s", code, stdout, stderr)
	}
	restored := "sqlite:" + filepath.Join(dir, "restored.db")
	if code, stdout, stderr := runArgs("restore", "--from", backupFile, "--db", restored); code != 0 || !strings.Contains(stdout, "restored") {
		t.Fatalf("restore: %d %s %s", code, stdout, stderr)
	}
	if code, stdout, stderr := runArgs("project", "create", "shop", "--db", restored); code != 1 || !strings.Contains(stderr, "DuplicateField") {
		t.Fatalf("the restored database lacks the project: %d %s %s", code, stdout, stderr)
	}

	textFile := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(textFile, []byte(strings.Repeat("not a database\n", 300)), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"backup to an existing file", []string{"backup", "--to", backupFile, "--db", db}, 1, "exists"},
		{"backup to an unwritable path", []string{"backup", "--to", filepath.Join(textFile, "b.db"), "--db", db}, 1, "not a directory"},
		{"backup without --to", []string{"backup", "--db", db}, 2, "needs --to"},
		{"restore of a file that is no database", []string{"restore", "--from", textFile, "--db", "sqlite:" + filepath.Join(dir, "new.db")}, 1, "is not a SQLite database"},
		{"restore over a database", []string{"restore", "--from", backupFile, "--db", restored}, 1, "only with --force"},
		{"restore without --from", []string{"restore", "--db", restored}, 2, "needs --from"},
		{"restore into PostgreSQL", []string{"restore", "--from", backupFile, "--db", "postgres://u:pw@127.0.0.1/db"}, 1, "pg_restore"},
	} {
		code, _, stderr := runArgs(c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: exit %d, %q; want %d and a message saying %q", c.name, code, stderr, c.code, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "new.db")); err == nil {
		t.Error("a refused restore created the database")
	}
}

// TestBackupOfPostgreSQL prints the pg_dump command, without the password and with the schema
// of search_path, and fails saying that nothing was copied.
func TestBackupOfPostgreSQL(t *testing.T) {
	code, stdout, stderr := runArgs("backup", "--to", "/backups/shop 1.dump",
		"--db", "postgres://procura:s3cret@db.example:5433/shop?sslmode=require&search_path=tenant1&pool_max_conns=5&password=other")
	want := `pg_dump --format=custom --file='/backups/shop 1.dump' --schema=tenant1 'postgres://procura@db.example:5433/shop?sslmode=require'`
	if code != 1 || strings.TrimSpace(stdout) != want {
		t.Fatalf("exit %d, printed %q; want 1 and %q", code, stdout, want)
	}
	if !strings.Contains(stderr, "has not copied this PostgreSQL database") || strings.Contains(stdout+stderr, "s3cret") || strings.Contains(stdout+stderr, "other") {
		t.Fatalf("message %q", stderr)
	}
}
