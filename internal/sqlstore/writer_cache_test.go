package sqlstore_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/sqlstore"
	"github.com/procura/procura/internal/store"
)

// TestSQLiteWriterCacheFollowsTheFileSize: the writer's page cache is 16 MiB while the file is
// below SQLite's lock page, 64 MiB once it is past it, and small again below it; a write checks
// at most as often as the rule says; the readers' cache is 64 MiB throughout.
func TestSQLiteWriterCacheFollowsTheFileSize(t *testing.T) {
	ctx := context.Background()
	restore := sqlstore.SetWriterCacheRule(1<<30, 0)
	defer restore()
	db, err := sqlstore.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "procura.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n := 0
	writerCacheAfterAWrite := func() int {
		t.Helper()
		n++
		err := db.Write(ctx, func(tx store.Tx) error {
			return tx.CreateProject(&procura.Project{ID: "p" + string(rune('a'+n)), Key: "p" + string(rune('a'+n))})
		})
		if err != nil {
			t.Fatal(err)
		}
		kib, err := db.QueryInt(ctx, `SELECT -cache_size FROM pragma_cache_size()`)
		if err != nil {
			t.Fatal(err)
		}
		return kib
	}
	if kib := writerCacheAfterAWrite(); kib != 16<<10 {
		t.Errorf("writer's cache below 1 GiB: %d KiB, want 16 MiB", kib)
	}
	sqlstore.SetWriterCacheRule(4096, time.Hour)
	if kib := writerCacheAfterAWrite(); kib != 16<<10 {
		t.Errorf("writer's cache checked again within the hour: %d KiB, want 16 MiB as last checked", kib)
	}
	sqlstore.SetWriterCacheRule(4096, 0)
	if kib := writerCacheAfterAWrite(); kib != 64<<10 {
		t.Errorf("writer's cache past the size: %d KiB, want 64 MiB", kib)
	}
	sqlstore.SetWriterCacheRule(1<<30, 0)
	if kib := writerCacheAfterAWrite(); kib != 16<<10 {
		t.Errorf("writer's cache below the size again: %d KiB, want 16 MiB", kib)
	}
	readers, err := db.QueryReaderInt(ctx, `SELECT -cache_size FROM pragma_cache_size()`)
	if err != nil {
		t.Fatal(err)
	}
	if readers != 64<<10 {
		t.Errorf("a reader's cache: %d KiB, want 64 MiB", readers)
	}
}
