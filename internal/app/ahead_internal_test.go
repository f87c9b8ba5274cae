package app

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/sqlstore/sqltest"
	"github.com/procura/procura/internal/store"
)

// aheadApp is an app that reads ahead on both backends (New turns it on where writes run one at
// a time), with a customer group "gg" to read and change.
func aheadApp(t *testing.T, b sqltest.Backend) (*App, Caller) {
	t.Helper()
	a, c := acmeApp(t, b)
	a.readsAhead = true
	if _, err := a.CreateCustomerGroup(context.Background(), c, procura.CustomerGroupDraft{Key: "gg", GroupName: "G"}); err != nil {
		t.Fatal(err)
	}
	return a, c
}

// renameGroup changes the group "gg" in a write of its own, as another request would.
func renameGroup(t *testing.T, a *App, c Caller, name string) {
	t.Helper()
	g, err := a.GetCustomerGroup(context.Background(), c, Ref{Key: "gg"})
	if err != nil {
		t.Fatal(err)
	}
	action, _ := json.Marshal(map[string]string{"action": "changeName", "name": name})
	u := procura.Update{Version: &g.Version, Actions: []json.RawMessage{action}}
	if _, err := a.UpdateCustomerGroup(context.Background(), c, Ref{Key: "gg"}, u); err != nil {
		t.Fatal(err)
	}
}

func loadGroup(l *lookup) (*procura.CustomerGroup, *store.Doc, error) {
	return customerGroupKind.load(l, Ref{Key: "gg"})
}

// A write's first reads are answered with what was read ahead, even when it changed meanwhile
// (as a statement at READ COMMITTED sees what was committed when it began), and the same value
// decoded; a read after the write's first write, and a second read, read the database.
func TestAWriteIsAnsweredWhatItReadAhead(t *testing.T) {
	ctx := context.Background()
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			a, c := aheadApp(t, b)
			var ahead *procura.CustomerGroup
			read := func(l *lookup) error {
				g, _, err := loadGroup(l)
				ahead = g
				renameGroup(t, a, c, "G2") // committed after the read, before the write
				return err
			}
			err := a.writeAhead(ctx, c, read, func(l *lookup) error {
				first, doc, err := loadGroup(l)
				if err != nil {
					return err
				}
				if first != ahead || first.Version != 1 || first.Name != "G" {
					t.Errorf("first read: %p version %d %q; want the value read ahead (%p, version 1)", first, first.Version, first.Name, ahead)
				}
				if again, err := customerGroupKind.decoded(l, doc); err != nil || again == first {
					t.Errorf("the document decoded again gave the value read ahead again (%v)", err)
				}
				second, _, err := loadGroup(l)
				if err != nil {
					return err
				}
				if second == ahead || second.Version != 2 || second.Name != "G2" {
					t.Errorf("second read: version %d %q; want the database's (version 2)", second.Version, second.Name)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}

			err = a.writeAhead(ctx, c, func(l *lookup) error {
				_, _, err := loadGroup(l)
				renameGroup(t, a, c, "G3")
				return err
			}, func(l *lookup) error {
				if err := customerGroupKind.insert(l.docs, &procura.CustomerGroup{Base: procura.Base{ID: a.NewID(), Version: 1}, Key: "hh", Name: "H"}); err != nil {
					return err
				}
				g, _, err := loadGroup(l)
				if err == nil && g.Name != "G3" {
					t.Errorf("a read after the write's first write: %q, want the database's G3", g.Name)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// A write that updates a document at the version it read ahead, changed meanwhile, runs again
// reading it in the write, and succeeds over the change.
func TestAWriteWhoseReadAheadChangedRunsAgain(t *testing.T) {
	ctx := context.Background()
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			a, c := aheadApp(t, b)
			runs := 0
			read := func(l *lookup) error {
				_, _, err := loadGroup(l)
				renameGroup(t, a, c, "G2")
				return err
			}
			err := a.writeAhead(ctx, c, read, func(l *lookup) error {
				runs++
				g, doc, err := loadGroup(l)
				if err != nil {
					return err
				}
				g.Name += "+"
				return customerGroupKind.save(l.docs, g, doc.Version)
			})
			if err != nil {
				t.Fatal(err)
			}
			g, err := a.GetCustomerGroup(ctx, c, Ref{Key: "gg"})
			if err != nil {
				t.Fatal(err)
			}
			if runs != 2 || g.Name != "G2+" {
				t.Fatalf("runs %d, name %q; want 2 runs, the second over the change (G2+)", runs, g.Name)
			}
		})
	}
}

// A write that its reads ahead refuse is answered without running: no writer's turn, nothing
// written.
func TestAWriteRefusedAheadDoesNotRun(t *testing.T) {
	ctx := context.Background()
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			a, c := aheadApp(t, b)
			ran := false
			err := a.writeAhead(ctx, c, func(l *lookup) error {
				_, _, err := customerGroupKind.load(l, Ref{Key: "missing"})
				return err
			}, func(l *lookup) error {
				ran = true
				return nil
			})
			if procura.ErrorCode(err) != procura.CodeResourceNotFound || ran {
				t.Fatalf("%v, ran %v; want ResourceNotFound without running the write", err, ran)
			}
		})
	}
}

// Business units decoded ahead are the write's, once: the write may change them.
func TestUnitsDecodedAheadAreTheWrites(t *testing.T) {
	ctx := context.Background()
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			a, c := aheadApp(t, b)
			if _, err := a.CreateBusinessUnit(ctx, c, procura.BusinessUnitDraft{Key: "co", Name: "Co", UnitType: procura.UnitTypeCompany}); err != nil {
				t.Fatal(err)
			}
			var ahead *procura.BusinessUnit
			read := func(l *lookup) error {
				u, err := l.unitAt("co")
				ahead = u
				return err
			}
			err := a.writeAhead(ctx, c, read, func(l *lookup) error {
				u, err := l.unitAt("co")
				if err == nil && u != ahead {
					t.Error("the write decoded the unit again")
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}
