package sqlstore

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadyNeedsEveryMigration: a migrated database is ready; one that lacks the binary's last
// migration is not, and says so.
func TestReadyNeedsEveryMigration(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "procura.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Ready(ctx); err != nil {
		t.Fatalf("a migrated database: %v", err)
	}
	if _, err := db.writer.Exec(`DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)`); err != nil {
		t.Fatal(err)
	}
	if err := db.Ready(ctx); err == nil || !strings.Contains(err.Error(), "procura migrate") {
		t.Fatalf("a database a migration behind: %v", err)
	}
}
