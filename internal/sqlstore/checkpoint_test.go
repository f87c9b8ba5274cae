package sqlstore_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
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
