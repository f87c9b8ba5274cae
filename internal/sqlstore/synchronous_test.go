package sqlstore

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

// TestSQLiteSynchronousMode: the writer, which commits, and the checkpointer, which copies the
// log into the database file, run at FULL by default and at NORMAL when asked; anything else is
// refused.
func TestSQLiteSynchronousMode(t *testing.T) {
	for _, c := range []struct {
		mode string
		want int // PRAGMA synchronous: 1 NORMAL, 2 FULL
	}{{"", 2}, {SyncFull, 2}, {SyncNormal, 1}} {
		t.Run("mode="+c.mode, func(t *testing.T) {
			db, err := OpenWith(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "procura.db"), Options{Synchronous: c.mode})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			for name, conn := range map[string]*sql.DB{"writer": db.writer, "checkpointer": db.checkpoints.conn} {
				var got int
				if err := conn.QueryRow(`PRAGMA synchronous`).Scan(&got); err != nil {
					t.Fatal(err)
				}
				if got != c.want {
					t.Errorf("%s: synchronous = %d, want %d", name, got, c.want)
				}
			}
		})
	}
	_, err := OpenWith(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "procura.db"), Options{Synchronous: "off"})
	if err == nil || !strings.Contains(err.Error(), "use full or normal") {
		t.Fatalf("synchronous off: %v", err)
	}
}
