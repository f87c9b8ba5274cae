package app

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

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

// A write's first reads are answered with what was read ahead, and the same value decoded,
// while what was read is stored unchanged; reading a document again decodes it again.
func TestAWriteIsAnsweredWhatItReadAhead(t *testing.T) {
	ctx := context.Background()
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			a, c := aheadApp(t, b)
			var ahead *procura.CustomerGroup
			read := func(l *lookup) error {
				g, _, err := loadGroup(l)
				ahead = g
				return err
			}
			err := a.writeAhead(ctx, c, read, func(l *lookup) error {
				first, doc, err := loadGroup(l)
				if err != nil {
					return err
				}
				if first != ahead {
					t.Errorf("first read: %p, want the value read ahead (%p)", first, ahead)
				}
				if again, err := customerGroupKind.decoded(l, doc); err != nil || again == first {
					t.Errorf("the document decoded again gave the value read ahead again (%v)", err)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// A write whose document read ahead changed before it ran reads it itself: it sees the change,
// and updates over it at once.
func TestAWriteWhoseReadAheadChangedReadsItself(t *testing.T) {
	ctx := context.Background()
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			a, c := aheadApp(t, b)
			runs := 0
			read := func(l *lookup) error {
				_, _, err := loadGroup(l)
				renameGroup(t, a, c, "G2") // committed after the read, before the write
				return err
			}
			err := a.writeAhead(ctx, c, read, func(l *lookup) error {
				runs++
				g, doc, err := loadGroup(l)
				if err != nil {
					return err
				}
				g.Name += "+"
				g.Touch(a.Now())
				return customerGroupKind.save(l.docs, g, doc.Version)
			})
			if err != nil {
				t.Fatal(err)
			}
			g, err := a.GetCustomerGroup(ctx, c, Ref{Key: "gg"})
			if err != nil {
				t.Fatal(err)
			}
			if runs != 1 || g.Name != "G2+" {
				t.Fatalf("runs %d, name %q; want 1 run over the change (G2+)", runs, g.Name)
			}
		})
	}
}

// From its first write on, a write reads the database, not what was read ahead: a document it
// changed is read as changed.
func TestAWriteReadsItsOwnWrites(t *testing.T) {
	ctx := context.Background()
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			a, c := aheadApp(t, b)
			read := func(l *lookup) error {
				g, _, err := loadGroup(l) // by key
				if err == nil {
					_, err = l.docs.Get(procura.TypeCustomerGroup, g.ID)
				}
				return err
			}
			err := a.writeAhead(ctx, c, read, func(l *lookup) error {
				g, doc, err := loadGroup(l)
				if err != nil {
					return err
				}
				g.Name = "changed"
				g.Touch(a.Now())
				if err := customerGroupKind.save(l.docs, g, doc.Version); err != nil {
					return err
				}
				after, err := l.docs.Get(procura.TypeCustomerGroup, g.ID)
				if err == nil && after.Version != doc.Version+1 {
					t.Errorf("read after the write: version %d, want %d", after.Version, doc.Version+1)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
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

// Business units decoded ahead are handed to the write as decoded (its own copy, not decoded
// again), and what reading ahead derived on them is not.
func TestUnitsDecodedAheadAreTheWrites(t *testing.T) {
	ctx := context.Background()
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			a, c := aheadApp(t, b)
			d := procura.BusinessUnitDraft{Key: "co", Name: "Co", UnitType: procura.UnitTypeCompany,
				Addresses: []procura.Address{{Key: "hq", Country: "DE"}}}
			if _, err := a.CreateBusinessUnit(ctx, c, d); err != nil {
				t.Fatal(err)
			}
			var ahead *procura.BusinessUnit
			read := func(l *lookup) error {
				u, err := l.unitRef(Ref{Key: "co"}) // decoded, then derived
				ahead = u
				return err
			}
			err := a.writeAhead(ctx, c, read, func(l *lookup) error {
				u, err := l.unitAt("co")
				switch {
				case err != nil:
					return err
				case u == ahead || u.TopLevelUnit.Key != "":
					t.Error("the write was handed the unit reading ahead derived on")
				case &u.Addresses[0] != &ahead.Addresses[0]:
					t.Error("the write decoded the unit again")
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// After taking a lock a write reads the database: on PostgreSQL, where writes run side by side, a
// change committed while it waited for the lock is seen. (On SQLite the writes run one at a
// time, so the change commits before the write checks what it read ahead.)
func TestAWriteReadsTheDatabaseAfterALock(t *testing.T) {
	ctx := context.Background()
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			a, c := aheadApp(t, b)
			locked, release, first := make(chan struct{}), make(chan struct{}), make(chan error, 1)
			go func() {
				first <- a.write(ctx, c, func(l *lookup) error {
					if err := l.docs.Lock("groups"); err != nil {
						return err
					}
					g, doc, err := loadGroup(l)
					if err != nil {
						return err
					}
					g.Name = "changed under the lock"
					g.Touch(a.Now())
					err = customerGroupKind.save(l.docs, g, doc.Version)
					close(locked)
					<-release
					return err
				})
			}()
			<-locked
			var seen string
			second := make(chan error, 1)
			go func() {
				second <- a.writeAhead(ctx, c, func(l *lookup) error {
					g, _, err := loadGroup(l)
					if err == nil {
						_, err = l.docs.Get(procura.TypeCustomerGroup, g.ID)
					}
					return err
				}, func(l *lookup) error {
					g, _, err := loadGroup(l)
					if err != nil {
						return err
					}
					if err := l.docs.Lock("groups"); err != nil {
						return err
					}
					doc, err := l.docs.Get(procura.TypeCustomerGroup, g.ID)
					if err == nil {
						var after procura.CustomerGroup
						err = json.Unmarshal(doc.Data, &after)
						seen = after.Name
					}
					return err
				})
			}()
			time.Sleep(200 * time.Millisecond) // the second write waits for the lock
			close(release)
			if err := errors.Join(<-first, <-second); err != nil {
				t.Fatal(err)
			}
			if seen != "changed under the lock" {
				t.Fatalf("after the lock the write read %q, want the change committed while it waited", seen)
			}
		})
	}
}

// What a read ahead did not find is read again in the write: an absence has no version to check,
// nor has a query's set of documents (other than by their ids).
func TestAnAbsenceReadAheadIsReadAgain(t *testing.T) {
	ctx := context.Background()
	all := store.Filter{Type: procura.TypeCustomerGroup, Limit: 10}
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			a, c := aheadApp(t, b)
			first, err := a.GetCustomerGroup(ctx, c, Ref{Key: "gg"})
			if err != nil {
				t.Fatal(err)
			}
			byIDs := store.Filter{Type: procura.TypeCustomerGroup, Limit: 2,
				Conds: []store.Cond{{Column: store.ColumnID, Op: "in", Values: []string{first.ID, "later-id"}}}}
			reads := func(l *lookup) (byKey *store.Doc, n []int) {
				byKey, _ = l.docs.GetByKey(procura.TypeCustomerGroup, "later")
				found, _, _ := l.docs.Find(all)
				listed, _, _ := l.docs.Find(byIDs)
				keyed, _ := l.docs.GetByKeys(procura.TypeCustomerGroup, []string{"gg", "later"})
				return byKey, []int{len(found), len(listed), len(keyed)}
			}
			read := func(l *lookup) error {
				if doc, n := reads(l); doc != nil || !slices.Equal(n, []int{1, 1, 1}) {
					t.Errorf("read ahead: found by key %v, %v by the queries; want nothing by key, one group by each query", doc != nil, n)
				}
				return a.write(ctx, c, func(l *lookup) error {
					g := &procura.CustomerGroup{Key: "later", Name: "Later"}
					g.Stamp("later-id", a.Now())
					return customerGroupKind.insert(l.docs, g)
				})
			}
			err = a.writeAhead(ctx, c, read, func(l *lookup) error {
				if doc, n := reads(l); doc == nil || !slices.Equal(n, []int{2, 2, 2}) {
					t.Errorf("the write: found by key %v, %v by the queries; want the group created after the read ahead, two groups by each query", doc != nil, n)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// A document moved to another group (its company) without a new version, as a unit's carts and
// orders follow the unit to another company, is read again in the write.
func TestADocumentRegroupedMeanwhileIsReadAgain(t *testing.T) {
	ctx := context.Background()
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			a, c := aheadApp(t, b)
			regroup := func(group string) error {
				return a.write(ctx, c, func(l *lookup) error {
					return l.docs.Regroup([]string{procura.TypeCart}, []string{"unit-a"}, group)
				})
			}
			err := a.write(ctx, c, func(l *lookup) error {
				return l.docs.Insert(&store.Doc{Type: procura.TypeCart, ID: "cart-a", Parent: "unit-a", Group: "company-a",
					Version: 1, CreatedAt: "2026-12-07T00:00:00.000Z", Data: []byte(`{}`)})
			})
			if err != nil {
				t.Fatal(err)
			}
			err = a.writeAhead(ctx, c, func(l *lookup) error {
				_, err := l.docs.Get(procura.TypeCart, "cart-a")
				if err == nil {
					err = regroup("company-b")
				}
				return err
			}, func(l *lookup) error {
				doc, err := l.docs.Get(procura.TypeCart, "cart-a")
				if err == nil && doc.Group != "company-b" {
					t.Errorf("the write read the cart in %q, want company-b", doc.Group)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// A query by a reference other than a product's SKUs is read again in the write: another document
// may reference the same value without any document read ahead changing.
func TestAFindByAReferenceOtherThanSKUsIsReadAgain(t *testing.T) {
	ctx := context.Background()
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			a, c := aheadApp(t, b)
			insert := func(id string) error {
				return a.write(ctx, c, func(l *lookup) error {
					return l.docs.Insert(&store.Doc{Type: "thing", ID: id, Version: 1, CreatedAt: "2026-12-07T00:00:00.000Z",
						Data: []byte(`{}`), Refs: []store.Ref{{Type: procura.TypeCustomer, ID: "c1"}}})
				})
			}
			if err := insert("t1"); err != nil {
				t.Fatal(err)
			}
			f := store.Filter{Type: "thing", Limit: 10, Conds: []store.Cond{{Column: store.Referencing(procura.TypeCustomer), Op: "in", Values: []string{"c1"}}}}
			err := a.writeAhead(ctx, c, func(l *lookup) error {
				if docs, _, err := l.docs.Find(f); err != nil || len(docs) != 1 {
					t.Errorf("read ahead: %d documents (%v), want 1", len(docs), err)
				}
				return insert("t2")
			}, func(l *lookup) error {
				docs, _, err := l.docs.Find(f)
				if err == nil && len(docs) != 2 {
					t.Errorf("the write found %d documents referencing c1, want 2", len(docs))
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// On SQLite the check is made in the write's own transaction: a change made by an earlier write
// of the same group commit, not yet committed, is seen by it.
func TestTheCheckSeesAnEarlierWriteOfTheSameCommit(t *testing.T) {
	ctx := context.Background()
	a, c := aheadApp(t, sqltest.Backends()[0])
	started, queued, first := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		first <- a.write(ctx, c, func(l *lookup) error {
			g, doc, err := loadGroup(l)
			if err != nil {
				return err
			}
			g.Name = "changed in the same commit"
			g.Touch(a.Now())
			err = customerGroupKind.save(l.docs, g, doc.Version)
			close(started)
			<-queued // the next write waits for the writer: it joins this one's commit
			return err
		})
	}()
	<-started
	var seen string
	err := a.writeAhead(ctx, c, func(l *lookup) error {
		_, _, err := loadGroup(l) // before the change commits
		go func() { time.Sleep(200 * time.Millisecond); close(queued) }()
		return err
	}, func(l *lookup) error {
		g, _, err := loadGroup(l)
		if err == nil {
			seen = g.Name
		}
		return err
	})
	if err := errors.Join(err, <-first); err != nil {
		t.Fatal(err)
	}
	if seen != "changed in the same commit" {
		t.Fatalf("the write read %q, want the change of the write before it in its commit", seen)
	}
}
