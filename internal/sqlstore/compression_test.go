package sqlstore_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/sqlstore/sqltest"
	"github.com/procura/procura/internal/store"
)

// TestPostgresCompressesJSONWithLZ4: where the server has LZ4, a document's, a history record's,
// a message's and a delivery's JSON too long to stay in its row are stored compressed with it,
// not with pglz (decision 0069).
func TestPostgresCompressesJSONWithLZ4(t *testing.T) {
	ctx := context.Background()
	db := oneSession(t, sqltest.PostgresURL(t))
	lz4, err := db.QueryInt(ctx, `SELECT count(*) FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)`)
	if err != nil {
		t.Fatal(err)
	}
	if lz4 == 0 {
		t.Skip("this PostgreSQL has no LZ4: values stay compressed with pglz")
	}
	p, _ := procura.NewProject("lz4", "", "lz4", time.Now())
	long := []byte(`{"lines":"` + strings.Repeat("a line of an order, ", 1000) + `"}`)
	err = db.Write(ctx, func(tx store.Tx) error {
		if err := tx.CreateProject(p); err != nil {
			return err
		}
		if err := tx.Docs(p.ID).Insert(&store.Doc{Type: "order", ID: "o", Version: 1, CreatedAt: "2026-12-07T00:00:00.000Z", Data: long}); err != nil {
			return err
		}
		_, err := tx.AddEvents(p.ID, []store.HistoryRecord{{ID: "h", At: time.Now(), ResourceType: "order", ResourceID: "o", Data: long}},
			[]store.Message{{ID: "m", ResourceType: "order", ResourceID: "o", SequenceNumber: 1, Type: "OrderCreated", CreatedAt: "2026-12-07T00:00:00.000Z", Data: long}}, "")
		if err != nil {
			return err
		}
		return tx.EnqueueDeliveries([]store.Delivery{{ID: "d", ProjectID: p.ID, SubscriptionID: "s", ResourceTypeID: "order", ResourceID: "o",
			ResourceSeq: 1, Payload: long, DueAt: time.Now()}})
	})
	if err != nil {
		t.Fatal(err)
	}
	for table, column := range map[string]string{"documents": "data", "history": "data", "messages": "data", "deliveries": "payload"} {
		n, err := db.QueryInt(ctx, `SELECT count(*) FROM `+table+` WHERE project_id = $1 AND pg_column_compression(`+column+`) = 'lz4'`, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("%s: %d rows compressed with LZ4, want 1", table, n)
		}
	}
}
