package app

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/sqlstore/sqltest"
	"github.com/procura/procura/internal/store"
)

// TestHistoryCommitsWithTheChange: the records are written in the change's own transaction: a
// change that rolls back after its records were written leaves neither; the writes of one
// resource in one transaction make one record; a resource created and deleted there, none.
func TestHistoryCommitsWithTheChange(t *testing.T) {
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			a := New(sqltest.Open(t, b))
			if _, err := a.CreateProject(ctx, "acme", ""); err != nil {
				t.Fatal(err)
			}
			c := Caller{ProjectKey: "acme", ClientID: "backoffice"}
			newStore := func(key string) *procura.Store {
				s, err := procura.NewStore(procura.StoreDraft{Key: key}, a.NewID(), a.Now())
				if err != nil {
					t.Fatal(err)
				}
				return s
			}
			rename := func(l *lookup, s *procura.Store, name string) error {
				s.Name = procura.LocalizedString{"en": name}
				s.Touch(a.Now())
				return storeKind.save(l.docs, s, s.Version-1)
			}
			boom := errors.New("boom")
			err := a.write(ctx, c, func(l *lookup) error {
				if err := storeKind.insert(l.docs, newStore("lost")); err != nil {
					return err
				}
				if err := a.events(l); err != nil { // the records are in the transaction…
					return err
				}
				return boom // …which fails
			})
			if !errors.Is(err, boom) {
				t.Fatalf("got %v, want boom", err)
			}
			kept := newStore("kept")
			err = a.write(ctx, c, func(l *lookup) error {
				gone := newStore("gone")
				for _, step := range []func() error{
					func() error { return storeKind.insert(l.docs, kept) },
					func() error { return rename(l, kept, "Kept") },
					func() error { return storeKind.insert(l.docs, gone) },
					func() error { return remove(l.docs, storeKind.doc(gone), 1) },
				} {
					if err := step(); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			err = a.write(ctx, c, func(l *lookup) error {
				if _, _, err := storeKind.load(l, Ref{Key: "kept"}); err != nil {
					return err
				}
				if err := rename(l, kept, "Kept twice"); err != nil {
					return err
				}
				return rename(l, kept, "Kept thrice")
			})
			if err != nil {
				t.Fatal(err)
			}
			var records []store.HistoryRecord
			err = a.read(ctx, "acme", func(l *lookup) error {
				var err error
				records, err = l.tx.FindHistory(l.projectID, store.HistoryFilter{Limit: 10, From: time.Unix(0, 0)})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(records) != 2 {
				t.Fatalf("%d records, want 2 (one per resource and transaction)", len(records))
			}
			var upd, created HistoryRecord
			if json.Unmarshal(records[0].Data, &upd) != nil || json.Unmarshal(records[1].Data, &created) != nil {
				t.Fatal("undecodable records")
			}
			if upd.Change != ResourceUpdated || upd.VersionBefore != 2 || upd.VersionAfter != 4 || string(upd.Diff) != `{"name":{"en":"Kept thrice"}}` {
				t.Errorf("two updates in one transaction: %+v (diff %s)", upd, upd.Diff)
			}
			if created.Change != ResourceCreated || created.VersionAfter != 2 || created.ResourceKey != "kept" || created.CreatedBy.ClientID != "backoffice" {
				t.Errorf("a creation and an update in one transaction: %+v", created)
			}
		})
	}
}

func TestMergePatch(t *testing.T) {
	for _, tc := range []struct{ before, after, want string }{
		{`{"a":1,"b":{"c":2,"d":3},"e":[1,2],"version":1}`, `{"a":1,"b":{"c":2,"d":4},"e":[1,2,3],"f":true,"version":2}`, `{"b":{"d":4},"e":[1,2,3],"f":true}`},
		{`{"a":1,"b":{"c":2}}`, `{"b":{}}`, `{"a":null,"b":{"c":null}}`},
		{`{"a":1.10,"lastModifiedAt":"x"}`, `{"a":1.10,"lastModifiedAt":"y"}`, ``},
		{`{"passwordHash":"old","a":1}`, `{"passwordHash":"new","a":1}`, ``},
		{``, `{"id":"x","passwordHash":"h","version":1}`, `{"id":"x","version":1}`},
	} {
		var before []byte
		if tc.before != "" {
			before = []byte(tc.before)
		}
		w := &docWrite{before: before, after: []byte(tc.after)}
		got, err := mergePatch(w, w, customerKind.private)
		if err != nil || string(got) != tc.want {
			t.Errorf("%s → %s: got %s (%v), want %s", tc.before, tc.after, got, err, tc.want)
		}
	}
}
