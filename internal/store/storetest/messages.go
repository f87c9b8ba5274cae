package storetest

import (
	"errors"
	"fmt"
	"testing"

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
		return tx.AddEvents(a.ID, nil, []store.Message{msg("m1", "r1", 1, "Created", "2026-01-01T00:00:00.000Z"),
			msg("m2", "r1", 2, "Changed", "2026-01-02T00:00:00.000Z"), msg("m3", "r2", 1, "Created", "2026-01-03T00:00:00.000Z")})
	})
	err := s.Write(ctx, func(tx store.Tx) error {
		return tx.AddEvents(a.ID, nil, []store.Message{msg("m4", "r1", 2, "Changed", "2026-01-04T00:00:00.000Z")})
	})
	if dup := (*store.DuplicateError)(nil); !errors.As(err, &dup) {
		t.Fatalf("a sequence number taken twice: %v, want a DuplicateError", err)
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
