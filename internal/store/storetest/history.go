package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/procura/procura/internal/store"
)

func testHistory(t *testing.T, s store.Store) {
	p := newProject(t, s, "acme")
	other := newProject(t, s, "other")
	t0 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	rec := func(i int, typ, id, actor, unit, company string) store.HistoryRecord {
		return store.HistoryRecord{ID: fmt.Sprintf("h%03d", i), At: t0.Add(time.Duration(i) * time.Minute), ResourceType: typ,
			ResourceID: id, Actor: actor, Unit: unit, Company: company, Data: []byte(fmt.Sprintf(`{"n":%d}`, i))}
	}
	var batch []store.HistoryRecord
	for i := 0; i < 230; i++ { // more than one INSERT's batch
		batch = append(batch, rec(i, "cart", "c1", "ann", "acme-hq", "acme"))
	}
	batch = append(batch, rec(300, "order", "o1", "bob", "acme-east", "acme"), rec(301, "order", "o2", "client-1", "", ""))
	mustWrite(t, s, func(tx store.Tx) error {
		if err := addEvents(tx, other.ID, []store.HistoryRecord{rec(302, "order", "o1", "bob", "acme-east", "acme")}, nil); err != nil {
			return err
		}
		return addEvents(tx, p.ID, batch, nil)
	})
	ids := func(f store.HistoryFilter) []string {
		t.Helper()
		var out []string
		err := s.Read(ctx, func(tx store.Tx) error {
			rs, err := tx.FindHistory(p.ID, f)
			for _, r := range rs {
				out = append(out, r.ID)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	check := func(name string, f store.HistoryFilter, want ...string) {
		t.Helper()
		if f.Limit == 0 {
			f.Limit = 3
		}
		if got := ids(f); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %v, want %v", name, got, want)
		}
	}
	check("newest first", store.HistoryFilter{}, "h301", "h300", "h229")
	check("paged", store.HistoryFilter{Offset: 2, Limit: 2}, "h229", "h228")
	check("by resource", store.HistoryFilter{ResourceID: "o1"}, "h300")
	check("by type", store.HistoryFilter{ResourceType: "order"}, "h301", "h300")
	check("by actor", store.HistoryFilter{Actor: "client-1"}, "h301")
	check("by company", store.HistoryFilter{Company: "acme", ResourceType: "order"}, "h300")
	check("by units", store.HistoryFilter{Units: []string{"acme-east", "nowhere"}}, "h300")
	check("but types", store.HistoryFilter{ExceptTypes: []string{"order"}}, "h229", "h228", "h227")
	check("by time", store.HistoryFilter{From: t0.Add(time.Minute), To: t0.Add(3 * time.Minute), Limit: 10}, "h002", "h001")
	err := s.Read(ctx, func(tx store.Tx) error {
		rs, err := tx.FindHistory(p.ID, store.HistoryFilter{ResourceID: "o1", Limit: 1})
		if err == nil && (len(rs) != 1 || !rs[0].At.Equal(t0.Add(300*time.Minute)) || string(rs[0].Data) != `{"n":300}` || rs[0].Company != "acme") {
			t.Errorf("record read back as %+v", rs)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	boom := errors.New("boom")
	if err := s.Write(ctx, func(tx store.Tx) error {
		if err := addEvents(tx, p.ID, []store.HistoryRecord{rec(400, "cart", "c9", "ann", "", "")}, nil); err != nil {
			return err
		}
		return boom
	}); !errors.Is(err, boom) {
		t.Fatalf("got %v, want boom", err)
	}
	check("rolled back", store.HistoryFilter{ResourceID: "c9"})

	var n int64
	mustWrite(t, s, func(tx store.Tx) error {
		var err error
		n, err = tx.DeleteHistory(p.ID, t0.Add(229*time.Minute))
		return err
	})
	if n != 229 {
		t.Errorf("deleted %d records, want 229", n)
	}
	check("after retention", store.HistoryFilter{Limit: 5}, "h301", "h300", "h229")
	err = s.Read(ctx, func(tx store.Tx) error {
		rs, err := tx.FindHistory(other.ID, store.HistoryFilter{Limit: 5})
		if err == nil && len(rs) != 1 {
			t.Errorf("the other project has %d records, want 1", len(rs))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
