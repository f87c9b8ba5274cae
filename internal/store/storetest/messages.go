package storetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// testMessages: messages are numbered per resource (a number taken twice is refused), found by
// resource, type and sequence number, deleted by age, and seen by their project only.
func testMessages(t *testing.T, s store.Store) {
	a, b := newProject(t, s, "alpha"), newProject(t, s, "beta")
	msg := func(id, resource string, seq int64, typ, at string) store.Message {
		return store.Message{ID: id, ResourceType: "thing", ResourceID: resource, SequenceNumber: seq, Type: typ,
			CreatedAt: at, Data: []byte(fmt.Sprintf(`{"id":%q}`, id))}
	}
	mustWrite(t, s, func(tx store.Tx) error {
		return addEvents(tx, a.ID, nil, []store.Message{msg("m1", "r1", 1, "Created", "2026-01-01T00:00:00.000Z"),
			msg("m2", "r1", 2, "Changed", "2026-01-02T00:00:00.000Z"), msg("m3", "r2", 1, "Created", "2026-01-03T00:00:00.000Z")})
	})
	for _, generation := range []string{"", "gen"} { // the inserts alone, and with the read after them
		err := s.Write(ctx, func(tx store.Tx) error {
			_, err := tx.AddEvents(a.ID, nil, []store.Message{msg("m4", "r1", 2, "Changed", "2026-01-04T00:00:00.000Z")}, generation)
			return err
		})
		if dup := (*store.DuplicateError)(nil); !errors.As(err, &dup) {
			t.Fatalf("a sequence number taken twice (generation %q): %v, want a DuplicateError", generation, err)
		}
	}
	mustWrite(t, s, func(tx store.Tx) error {
		m := tx.Messages(a.ID)
		if n, err := m.LastSequence("r1"); err != nil || n != 2 {
			return fmt.Errorf("last sequence of r1: %d %v", n, err)
		}
		if n, err := m.LastSequence("r9"); err != nil || n != 0 {
			return fmt.Errorf("last sequence of none: %d %v", n, err)
		}
		since, total, err := m.Find(store.Filter{Limit: 10, Count: true, Conds: []store.Cond{
			{Column: store.ColumnParent, Op: "in", Values: []string{"r1"}}, {Column: store.ColumnAmount, Op: ">", Numbers: []int64{1}}}})
		if err != nil || total != 1 || len(since) != 1 || since[0].ID != "m2" || string(since[0].Data) != `{"id":"m2"}` {
			return fmt.Errorf("r1 since 1: %v %d %v", fieldOf(since, func(d *store.Doc) string { return d.ID }), total, err)
		}
		created, _, err := m.Find(store.Filter{Limit: 10, Conds: []store.Cond{{Column: store.ColumnState, Op: "in", Values: []string{"Created"}}},
			Sort: []store.SortBy{{Column: store.ColumnCreatedAt, Desc: true}}})
		if got := fieldOf(created, func(d *store.Doc) string { return d.ID }); err != nil || fmt.Sprint(got) != "[m3 m1]" {
			return fmt.Errorf("Created, newest first: %v %v", got, err)
		}
		if got, err := m.Get("m3"); err != nil || got.CreatedAt != "2026-01-03T00:00:00.000Z" {
			return fmt.Errorf("get m3: %+v %v", got, err)
		}
		other := tx.Messages(b.ID)
		if _, err := other.Get("m1"); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("project beta sees alpha's message: %v", err)
		}
		if all, _, _ := other.Find(store.Filter{Limit: 10}); len(all) != 0 {
			return fmt.Errorf("project beta finds %d of alpha's messages", len(all))
		}
		if n, err := other.DeleteBefore("2027-01-01T00:00:00.000Z"); err != nil || n != 0 {
			return fmt.Errorf("project beta deleted %d of alpha's messages: %v", n, err)
		}
		if n, err := m.DeleteBefore("2026-01-03T00:00:00.000Z"); err != nil || n != 2 {
			return fmt.Errorf("deleted %d before the 3rd, want 2: %v", n, err)
		}
		left, _, err := m.Find(store.Filter{Limit: 10})
		if got := fieldOf(left, func(d *store.Doc) string { return d.ID }); err != nil || fmt.Sprint(got) != "[m3]" {
			return fmt.Errorf("left: %v %v", got, err)
		}
		return nil
	})
}

// addEvents stores a transaction's events without reading a generation.
func addEvents(tx store.Tx, projectID string, records []store.HistoryRecord, messages []store.Message) error {
	_, err := tx.AddEvents(projectID, records, messages, "")
	return err
}

// testEventsReadAGeneration: storing a transaction's events reads the version of the
// generation it names in the same statement, as the transaction sees it (its own bump
// included), 0 for none; with more events than one statement holds, too.
func testEventsReadAGeneration(t *testing.T, s store.Store) {
	p := newProject(t, s, "gen")
	other := newProject(t, s, "gen-other")
	record := func(i int) store.HistoryRecord {
		return store.HistoryRecord{ID: fmt.Sprintf("g%04d", i), At: time.Now(), ResourceType: "cart", ResourceID: "c1", Actor: "ann", Data: []byte(`{}`)}
	}
	generation := func(tx store.Tx, projectID string, version int64) error {
		doc := &store.Doc{Type: "gen", ID: "gen", Key: "gen", Version: version, CreatedAt: "2026-01-01T00:00:00.000Z", Data: []byte("{}")}
		if version == 1 {
			return tx.Docs(projectID).Insert(doc)
		}
		return tx.Docs(projectID).Update(doc, version-1)
	}
	want := func(tx store.Tx, records int, version int64) error {
		var batch []store.HistoryRecord
		for i := range records {
			batch = append(batch, record(i+records*10))
		}
		got, err := tx.AddEvents(p.ID, batch, nil, "gen")
		if err != nil || got != version {
			return fmt.Errorf("%d records: generation %d %v, want %d", records, got, err, version)
		}
		return nil
	}
	mustWrite(t, s, func(tx store.Tx) error { return want(tx, 1, 0) })
	mustWrite(t, s, func(tx store.Tx) error {
		if err := generation(tx, other.ID, 1); err != nil { // another project's generation is not this one's
			return err
		}
		return want(tx, 1, 0)
	})
	mustWrite(t, s, func(tx store.Tx) error {
		if err := generation(tx, p.ID, 1); err != nil {
			return err
		}
		if err := want(tx, 2, 1); err != nil {
			return err
		}
		if err := generation(tx, p.ID, 2); err != nil {
			return err
		}
		return want(tx, 3000, 2) // several INSERTs, joined on PostgreSQL
	})
	mustWrite(t, s, func(tx store.Tx) error {
		if v, err := tx.AddEvents(p.ID, nil, nil, "gen"); err != nil || v != 2 {
			return fmt.Errorf("no events: generation %d %v, want 2", v, err)
		}
		if v, err := tx.AddEvents(p.ID, []store.HistoryRecord{record(1)}, nil, ""); err != nil || v != 0 {
			return fmt.Errorf("no generation named: %d %v, want 0", v, err)
		}
		return nil
	})
	inRead := record(3)
	inRead.ResourceID = "c-read"
	if err := s.Read(ctx, func(tx store.Tx) error {
		_, err := tx.AddEvents(p.ID, []store.HistoryRecord{inRead}, nil, "gen")
		return err
	}); err == nil {
		t.Fatal("a read stored events")
	}
	mustWrite(t, s, func(tx store.Tx) error {
		if found, err := tx.FindHistory(p.ID, store.HistoryFilter{ResourceID: "c-read", Limit: 10}); err != nil || len(found) != 0 {
			return fmt.Errorf("after a read's events: %d records %v, want none", len(found), err)
		}
		return nil
	})
	unstorable := record(2)
	unstorable.Actor = "a\x00b"
	err := s.Write(ctx, func(tx store.Tx) error {
		_, err := tx.AddEvents(p.ID, []store.HistoryRecord{unstorable}, nil, "gen")
		return err
	})
	if procura.ErrorCode(err) != procura.CodeInvalidInput {
		t.Fatalf("a NUL character in a record: %v, want InvalidInput on both backends", err)
	}
}
