// Package storetest is the conformance suite of store.Store: every implementation runs it.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// Run runs the suite against stores that open returns, a new empty one per call.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := map[string]func(*testing.T, store.Store){
		"Projects":              testProjects,
		"ClientsAndTokens":      testClientsAndTokens,
		"APIClientRemoval":      testAPIClientRemoval,
		"DocumentCRUD":          testDocumentCRUD,
		"UniqueIndexes":         testUniqueIndexes,
		"ProjectIsolation":      testProjectIsolation,
		"FailedWriteRollsBack":  testFailedWriteRollsBack,
		"References":            testReferences,
		"ConcurrentUpdates":     testConcurrentUpdates,
		"Lock":                  testLock,
		"RefreshTokens":         testRefreshTokens,
		"WebSessions":           testWebSessions,
		"Staff":                 testStaff,
		"LoginAttempts":         testLoginAttempts,
		"AddLoginAttempt":       testAddLoginAttempt,
		"LockedLoginAttempts":   testLockedLoginAttempts,
		"InsertionOrder":        testInsertionOrder,
		"Find":                  testFind,
		"FindReferencing":       testFindReferencing,
		"FindBytewise":          testFindBytewise,
		"FindModifiedAndAmount": testFindModifiedAndAmount,
		"Scan":                  testScan,
		"Hierarchy":             testHierarchy,
		"FindWithLineage":       testFindWithLineage,
		"Regroup":               testRegroup,
		"Unchanged":             testUnchanged,
		"UnstorableText":        testUnstorableText,
		"Texts":                 testTexts,
		"Values":                testValues,
		"CategoryValues":        testCategoryValues,
		"Outbox":                testOutbox,
		"History":               testHistory,
		"MailOutbox":            testMailOutbox,
		"Messages":              testMessages,
		"EventsReadAGeneration": testEventsReadAGeneration,
		"ReadsDoNotWrite":       testReadsDoNotWrite,
	}
	for name, fn := range tests {
		t.Run(name, func(t *testing.T) { fn(t, open(t)) })
	}
}

var ctx = context.Background()

func mustWrite(t *testing.T, s store.Store, fn func(store.Tx) error) {
	t.Helper()
	if err := s.Write(ctx, fn); err != nil {
		t.Fatal(err)
	}
}

func newProject(t *testing.T, s store.Store, key string) *procura.Project {
	t.Helper()
	p, err := procura.NewProject(key, "", "id-"+key, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, s, func(tx store.Tx) error { return tx.CreateProject(p) })
	return p
}

func testProjects(t *testing.T, s store.Store) {
	p := newProject(t, s, "acme")
	err := s.Write(ctx, func(tx store.Tx) error { return tx.CreateProject(&procura.Project{ID: "other", Key: "acme"}) })
	var dup *store.DuplicateError
	if !errors.As(err, &dup) {
		t.Fatalf("second project with key acme: got %v, want DuplicateError", err)
	}
	mustWrite(t, s, func(tx store.Tx) error {
		got, err := tx.ProjectByKey("acme")
		if err != nil || got.ID != p.ID || got.Key != "acme" {
			return fmt.Errorf("ProjectByKey: got %+v, %v", got, err)
		}
		got.Version++
		if err := tx.UpdateProject(got, 1); err != nil {
			return err
		}
		if err := tx.UpdateProject(got, 1); !errors.Is(err, store.ErrConflict) {
			return fmt.Errorf("stale project update: got %v, want ErrConflict", err)
		}
		if _, err := tx.ProjectByKey("nope"); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("unknown project: got %v, want ErrNotFound", err)
		}
		return nil
	})
}

func testClientsAndTokens(t *testing.T, s store.Store) {
	newProject(t, s, "acme")
	now := time.Now()
	mustWrite(t, s, func(tx store.Tx) error {
		if err := tx.CreateAPIClient(&procura.APIClient{ID: "c1", ProjectKey: "acme", Scope: "manage_project:acme", SecretHash: "h", CreatedAt: "t"}); err != nil {
			return err
		}
		c, err := tx.APIClient("c1")
		if err != nil || c.ProjectKey != "acme" || c.SecretHash != "h" {
			return fmt.Errorf("APIClient: got %+v, %v", c, err)
		}
		for _, tok := range []*procura.AccessToken{
			{Hash: "live", ProjectKey: "acme", ClientID: "c1", Scope: "s", CustomerID: "cu", ExpiresAt: now.Add(time.Hour)},
			{Hash: "old", ProjectKey: "acme", ClientID: "c1", Scope: "s", ExpiresAt: now.Add(-time.Hour)},
		} {
			if err := tx.SaveToken(tok); err != nil {
				return err
			}
		}
		n, err := tx.DeleteExpiredTokens(now)
		if err != nil || n != 1 {
			return fmt.Errorf("DeleteExpiredTokens: got %d, %v; want 1", n, err)
		}
		tok, err := tx.Token("live")
		if err != nil || tok.CustomerID != "cu" || tok.ProjectKey != "acme" || tok.ExpiresAt.UnixMilli() != now.Add(time.Hour).UnixMilli() {
			return fmt.Errorf("Token: got %+v, %v", tok, err)
		}
		if _, err := tx.Token("old"); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("expired token: got %v, want ErrNotFound", err)
		}
		return nil
	})
}

func doc(id, key string, version int64) *store.Doc {
	return &store.Doc{Type: "thing", ID: id, Key: key, Version: version, CreatedAt: id, Data: []byte(`{"id":"` + id + `"}`)}
}

func testDocumentCRUD(t *testing.T, s store.Store) {
	p := newProject(t, s, "acme")
	mustWrite(t, s, func(tx store.Tx) error {
		d := tx.Docs(p.ID)
		a, b := doc("a", "ka", 1), doc("b", "", 1)
		b.Parent = "ka"
		for _, x := range []*store.Doc{a, b} {
			if err := d.Insert(x); err != nil {
				return err
			}
		}
		got, err := d.GetByKey("thing", "ka")
		if err != nil || got.ID != "a" || string(got.Data) != `{"id":"a"}` {
			return fmt.Errorf("GetByKey: %+v %v", got, err)
		}
		kids, err := d.Children("thing", "ka")
		if err != nil || len(kids) != 1 || kids[0].ID != "b" {
			return fmt.Errorf("Children: %+v %v", kids, err)
		}
		a.Version, a.Data = 2, []byte(`{"v":2}`)
		if err := d.Update(a, 1); err != nil {
			return err
		}
		if v, err := d.VersionByKey("thing", "ka"); err != nil || v != 2 {
			return fmt.Errorf("VersionByKey after the update: %d %v, want 2", v, err)
		}
		if _, err := d.VersionByKey("other", "ka"); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("VersionByKey of another type: %v, want ErrNotFound", err)
		}
		if err := d.Insert(&store.Doc{Type: "gen", ID: "gen", Key: "gen", Version: 3, CreatedAt: "x", Data: []byte(`{}`)}); err != nil {
			return err
		}
		project, versions, err := d.Generations("gen", "ka", "none")
		if err != nil || project != p.Version || fmt.Sprint(versions) != "[3 0 0]" {
			return fmt.Errorf("Generations: project %d (want %d), %v %v; want [3 0 0]", project, p.Version, versions, err)
		}
		if err := d.Update(a, 1); !errors.Is(err, store.ErrConflict) {
			return fmt.Errorf("stale update: got %v, want ErrConflict", err)
		}
		if err := d.Delete("thing", "a", 1); !errors.Is(err, store.ErrConflict) {
			return fmt.Errorf("stale delete: got %v, want ErrConflict", err)
		}
		if err := d.Delete("thing", "a", 2); err != nil {
			return err
		}
		if _, err := d.Get("thing", "a"); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("deleted doc: got %v, want ErrNotFound", err)
		}
		all, err := d.List("thing")
		if err != nil || len(all) != 1 {
			return fmt.Errorf("List: %d docs, %v", len(all), err)
		}
		return nil
	})
}

func testUniqueIndexes(t *testing.T, s store.Store) {
	p := newProject(t, s, "acme")
	mustWrite(t, s, func(tx store.Tx) error {
		a := doc("a", "k", 1)
		a.Unique = "x@example.com"
		return tx.Docs(p.ID).Insert(a)
	})
	for _, c := range []struct {
		d     *store.Doc
		index string
	}{
		{doc("b", "k", 1), "key"},
		{&store.Doc{Type: "thing", ID: "c", Unique: "x@example.com", Version: 1, CreatedAt: "c", Data: []byte("{}")}, "unique"},
	} {
		err := s.Write(ctx, func(tx store.Tx) error { return tx.Docs(p.ID).Insert(c.d) })
		var dup *store.DuplicateError
		if !errors.As(err, &dup) || dup.Index != c.index {
			t.Errorf("insert %s: got %v, want DuplicateError on %s", c.d.ID, err, c.index)
		}
	}
	// The same key in another type, and documents without a key, do not collide.
	mustWrite(t, s, func(tx store.Tx) error {
		other := doc("z", "k", 1)
		other.Type = "other"
		if err := tx.Docs(p.ID).Insert(other); err != nil {
			return err
		}
		if err := tx.Docs(p.ID).Insert(doc("n1", "", 1)); err != nil {
			return err
		}
		return tx.Docs(p.ID).Insert(doc("n2", "", 1))
	})
}

func testProjectIsolation(t *testing.T, s store.Store) {
	a, b := newProject(t, s, "alpha"), newProject(t, s, "beta")
	mustWrite(t, s, func(tx store.Tx) error { return tx.Docs(a.ID).Insert(doc("x", "shared-key", 1)) })
	mustWrite(t, s, func(tx store.Tx) error {
		other := tx.Docs(b.ID)
		if _, err := other.Get("thing", "x"); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("project beta sees alpha's document: %v", err)
		}
		if all, _ := other.List("thing"); len(all) != 0 {
			return fmt.Errorf("project beta lists %d of alpha's documents", len(all))
		}
		if err := other.Update(doc("x", "", 2), 1); !errors.Is(err, store.ErrConflict) {
			return fmt.Errorf("project beta updated alpha's document: %v", err)
		}
		if err := other.Delete("thing", "x", 1); !errors.Is(err, store.ErrConflict) {
			return fmt.Errorf("project beta deleted alpha's document: %v", err)
		}
		return other.Insert(doc("y", "shared-key", 1)) // keys are unique per project only
	})
}

func testFailedWriteRollsBack(t *testing.T, s store.Store) {
	p := newProject(t, s, "acme")
	boom := errors.New("boom")
	err := s.Write(ctx, func(tx store.Tx) error {
		if err := tx.Docs(p.ID).Insert(doc("a", "ka", 1)); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want boom", err)
	}
	_ = s.Read(ctx, func(tx store.Tx) error {
		if _, err := tx.Docs(p.ID).Get("thing", "a"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a failed write left its document behind: %v", err)
		}
		return nil
	})
}

func testReferences(t *testing.T, s store.Store) {
	p := newProject(t, s, "acme")
	role := store.Ref{Type: "associate-role", ID: "buyer"}
	mustWrite(t, s, func(tx store.Tx) error {
		a := doc("a", "", 1)
		a.Refs = []store.Ref{role, role, {Type: "customer", ID: "c1"}}
		return tx.Docs(p.ID).Insert(a)
	})
	mustWrite(t, s, func(tx store.Tx) error {
		d := tx.Docs(p.ID)
		refs, err := d.ReferencedBy(role, 10)
		if err != nil || len(refs) != 1 || refs[0].ID != "a" {
			return fmt.Errorf("ReferencedBy: %+v %v", refs, err)
		}
		a := doc("a", "", 2)
		a.Refs = []store.Ref{{Type: "customer", ID: "c1"}}
		if err := d.Update(a, 1); err != nil {
			return err
		}
		if refs, _ := d.ReferencedBy(role, 10); len(refs) != 0 {
			return fmt.Errorf("update kept a dropped reference: %+v", refs)
		}
		a.Version, a.Refs = 3, []store.Ref{}
		if err := d.Update(a, 2); err != nil {
			return err
		}
		if refs, _ := d.ReferencedBy(store.Ref{Type: "customer", ID: "c1"}, 10); len(refs) != 0 {
			return fmt.Errorf("an update with no references kept %+v", refs)
		}
		a.Version, a.Refs = 4, []store.Ref{role}
		if err := d.Update(a, 3); err != nil {
			return err
		}
		stale := doc("a", "", 9)
		stale.Refs = []store.Ref{}
		if err := d.Update(stale, 2); !errors.Is(err, store.ErrConflict) {
			return fmt.Errorf("an update at a stale version: %v, want a conflict", err)
		}
		if refs, _ := d.ReferencedBy(role, 10); len(refs) != 1 {
			return fmt.Errorf("an update at a stale version changed the references: %+v", refs)
		}
		a.Version, a.Refs = 5, nil // a type without references: the stored ones are left alone
		if err := d.Update(a, 4); err != nil {
			return err
		}
		if refs, _ := d.ReferencedBy(role, 10); len(refs) != 1 {
			return fmt.Errorf("an update with nil Refs changed the references: %+v", refs)
		}
		if err := d.Delete("thing", "a", 5); err != nil {
			return err
		}
		if refs, _ := d.ReferencedBy(role, 10); len(refs) != 0 {
			return fmt.Errorf("delete kept references: %+v", refs)
		}
		return nil
	})
}

// testConcurrentUpdates has many writers increment one counter document with read-modify-write
// transactions that name the version they read: a writer either wins (the version moves by one)
// or gets ErrConflict; no increment is ever lost, and the winners account for the final version.
func testConcurrentUpdates(t *testing.T, s store.Store) {
	p := newProject(t, s, "acme")
	mustWrite(t, s, func(tx store.Tx) error { return tx.Docs(p.ID).Insert(doc("n", "", 1)) })
	const writers, each = 8, 10
	var wg sync.WaitGroup
	var won, conflicts atomic.Int64
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				err := s.Write(ctx, func(tx store.Tx) error {
					d := tx.Docs(p.ID)
					cur, err := d.Get("thing", "n")
					if err != nil {
						return err
					}
					next := *cur
					next.Version++
					return d.Update(&next, cur.Version)
				})
				switch {
				case err == nil:
					won.Add(1)
				case errors.Is(err, store.ErrConflict):
					conflicts.Add(1)
				default:
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	_ = s.Read(ctx, func(tx store.Tx) error {
		cur, err := tx.Docs(p.ID).Get("thing", "n")
		if err != nil {
			t.Fatal(err)
		}
		if cur.Version != 1+won.Load() || won.Load()+conflicts.Load() != writers*each || won.Load() == 0 {
			t.Errorf("version %d after %d wins and %d conflicts of %d writes", cur.Version, won.Load(), conflicts.Load(), writers*each)
		}
		return nil
	})
}

// testLock: transactions that take the same named lock run one after the other, so a
// check-then-write under the lock is never interleaved.
func testLock(t *testing.T, s store.Store) {
	p := newProject(t, s, "acme")
	const writers = 6
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := s.Write(ctx, func(tx store.Tx) error {
				d := tx.Docs(p.ID)
				if err := d.Lock("counter"); err != nil {
					return err
				}
				all, err := d.List("slot")
				if err != nil {
					return err
				}
				time.Sleep(5 * time.Millisecond) // widen the window a missing lock would leave
				return d.Insert(&store.Doc{Type: "slot", ID: fmt.Sprint("s", len(all)), Version: 1, CreatedAt: "x", Data: []byte("{}")})
			})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	_ = s.Read(ctx, func(tx store.Tx) error {
		all, _ := tx.Docs(p.ID).List("slot")
		if len(all) != writers {
			t.Errorf("%d slots written by %d locked writers", len(all), writers)
		}
		return nil
	})
}

func testRefreshTokens(t *testing.T, s store.Store) {
	newProject(t, s, "acme")
	now := time.Now()
	hour := now.Add(time.Hour)
	mustWrite(t, s, func(tx store.Tx) error {
		for _, r := range []*procura.RefreshToken{
			{ID: "r1", Hash: "rh1", ProjectKey: "acme", ClientID: "c", CustomerID: "alice", Scope: "s", BusinessUnit: "acme", ExpiresAt: hour},
			{ID: "r2", Hash: "rh2", ProjectKey: "acme", ClientID: "c", CustomerID: "bob", Scope: "s", ExpiresAt: hour},
		} {
			if err := tx.SaveRefreshToken(r); err != nil {
				return err
			}
		}
		for _, a := range []*procura.AccessToken{
			{Hash: "a1", ProjectKey: "acme", ClientID: "c", Scope: "s", CustomerID: "alice", Family: "r1", BusinessUnit: "acme", ExpiresAt: hour},
			{Hash: "a2", ProjectKey: "acme", ClientID: "c", Scope: "s", CustomerID: "alice", ExpiresAt: hour},
			{Hash: "b1", ProjectKey: "acme", ClientID: "c", Scope: "s", CustomerID: "bob", Family: "r2", ExpiresAt: hour},
		} {
			if err := tx.SaveToken(a); err != nil {
				return err
			}
		}
		r, err := tx.RefreshToken("rh1")
		if err != nil || r.ID != "r1" || r.CustomerID != "alice" || r.BusinessUnit != "acme" {
			return fmt.Errorf("RefreshToken: %+v %v", r, err)
		}
		if a, err := tx.Token("a1"); err != nil || a.BusinessUnit != "acme" || a.Family != "r1" {
			return fmt.Errorf("Token: %+v %v", a, err)
		}
		if err := tx.RevokeRefreshToken("r1"); err != nil {
			return err
		}
		for _, h := range []string{"a1"} {
			if _, err := tx.Token(h); !errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("access token %s survived the revocation of its refresh token: %v", h, err)
			}
		}
		if _, err := tx.Token("a2"); err != nil {
			return fmt.Errorf("a token of another family was revoked: %v", err)
		}
		access, refresh, err := tx.CustomerTokens("acme", "bob", hour.Add(-time.Minute))
		if err != nil || len(access) != 1 || access[0].ClientID != "c" || access[0].Hash != "" || len(refresh) != 1 || refresh[0].Hash != "" {
			return fmt.Errorf("bob's tokens: %+v %+v %v", access, refresh, err)
		}
		if access, refresh, err := tx.CustomerTokens("acme", "bob", hour); err != nil || len(access)+len(refresh) != 0 {
			return fmt.Errorf("bob's tokens once expired: %+v %+v %v", access, refresh, err)
		}
		if err := tx.RevokeCustomerTokens("acme", "bob"); err != nil {
			return err
		}
		if _, err := tx.RefreshToken("rh2"); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("bob's refresh token survived: %v", err)
		}
		if _, err := tx.Token("b1"); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("bob's access token survived: %v", err)
		}
		if err := tx.DeleteToken("a2"); err != nil {
			return err
		}
		_, err = tx.Token("a2")
		if !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("deleted token: %v", err)
		}
		return nil
	})
}

func testLoginAttempts(t *testing.T, s store.Store) {
	now := time.UnixMilli(time.Now().UnixMilli())
	mustWrite(t, s, func(tx store.Tx) error {
		if _, err := tx.LoginAttempt("k"); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("no attempt yet: %v", err)
		}
		for i := 1; i <= 2; i++ {
			if err := tx.SaveLoginAttempt(&procura.LoginAttempt{Key: "k", Failures: i, WindowStart: now, LockedUntil: now.Add(time.Minute)}); err != nil {
				return err
			}
		}
		a, err := tx.LoginAttempt("k")
		if err != nil || a.Failures != 2 || !a.WindowStart.Equal(now) || !a.LockedUntil.Equal(now.Add(time.Minute)) {
			return fmt.Errorf("LoginAttempt: %+v %v", a, err)
		}
		if err := tx.DeleteLoginAttempt("k"); err != nil {
			return err
		}
		_, err = tx.LoginAttempt("k")
		if !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("deleted attempt: %v", err)
		}
		return nil
	})
}

// testLockedLoginAttempts: the counters of a prefix whose lock lasts past now, most recently
// locked first; not another prefix's, not an expired lock, not an unlocked count.
func testLockedLoginAttempts(t *testing.T, s store.Store) {
	now := time.UnixMilli(time.Now().UnixMilli())
	mustWrite(t, s, func(tx store.Tx) error {
		for key, until := range map[string]time.Time{"account:p:a": now.Add(time.Minute), "account:p:b": now.Add(2 * time.Minute),
			"account:p:old": now.Add(-time.Minute), "account:p:open": {}, "account:q:c": now.Add(time.Minute), "address:p": now.Add(time.Hour)} {
			if err := tx.SaveLoginAttempt(&procura.LoginAttempt{Key: key, Failures: 5, WindowStart: now, LockedUntil: until}); err != nil {
				return err
			}
		}
		got, err := tx.LockedLoginAttempts("account:p:", now, 10)
		if err != nil {
			return err
		}
		var keys []string
		for _, a := range got {
			keys = append(keys, a.Key)
		}
		if strings.Join(keys, " ") != "account:p:b account:p:a" || !got[0].LockedUntil.Equal(now.Add(2*time.Minute)) || got[0].Failures != 5 {
			return fmt.Errorf("locked of account:p: %v %+v", keys, got)
		}
		if got, err := tx.LockedLoginAttempts("account:p:", now, 1); err != nil || len(got) != 1 {
			return fmt.Errorf("the limit: %+v %v", got, err)
		}
		return nil
	})
}

// testAddLoginAttempt: AddLoginAttempt counts atomically, so that concurrent sign-ins each see
// a count of their own; it keeps the window and the lock, and takes negative steps.
func testAddLoginAttempt(t *testing.T, s store.Store) {
	now := time.UnixMilli(time.Now().UnixMilli())
	add := func(n int) *procura.LoginAttempt {
		var a *procura.LoginAttempt
		mustWrite(t, s, func(tx store.Tx) (err error) {
			a, err = tx.AddLoginAttempt("k", n, now.Add(time.Duration(n)*time.Hour))
			return err
		})
		return a
	}
	if a := add(1); a.Failures != 1 || !a.WindowStart.Equal(now.Add(time.Hour)) {
		t.Fatalf("first attempt: %+v", a)
	}
	mustWrite(t, s, func(tx store.Tx) error {
		return tx.SaveLoginAttempt(&procura.LoginAttempt{Key: "k", Failures: 1, WindowStart: now, LockedUntil: now.Add(time.Minute)})
	})
	if a := add(2); a.Failures != 3 || !a.WindowStart.Equal(now) || !a.LockedUntil.Equal(now.Add(time.Minute)) {
		t.Fatalf("second add keeps the window and the lock: %+v", a)
	}
	if a := add(-1); a.Failures != 2 {
		t.Fatalf("taking one back: %+v", a)
	}
	const n = 20
	seen := make([]int32, n+3)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var a *procura.LoginAttempt
			err := s.Write(ctx, func(tx store.Tx) (err error) {
				a, err = tx.AddLoginAttempt("k", 1, now)
				return err
			})
			if err != nil {
				t.Error(err)
				return
			}
			if a.Failures < 0 || a.Failures >= len(seen) {
				t.Errorf("concurrent add: count %d", a.Failures)
				return
			}
			atomic.AddInt32(&seen[a.Failures], 1)
		}()
	}
	wg.Wait()
	for c := 3; c < n+3; c++ {
		if seen[c] != 1 {
			t.Fatalf("concurrent adds: count %d seen %d times, want once each; %v", c, seen[c], seen)
		}
	}
}

// testInsertionOrder: List returns documents in the order they were inserted, whatever their
// ids and creation times.
func testInsertionOrder(t *testing.T, s store.Store) {
	p := newProject(t, s, "acme")
	ids := []string{"m", "z", "a", "k"}
	mustWrite(t, s, func(tx store.Tx) error {
		for _, id := range ids {
			d := doc(id, "", 1)
			d.CreatedAt = "same instant"
			if err := tx.Docs(p.ID).Insert(d); err != nil {
				return err
			}
		}
		return nil
	})
	_ = s.Read(ctx, func(tx store.Tx) error {
		all, err := tx.Docs(p.ID).List("thing")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range all {
			got = append(got, d.ID)
		}
		if fmt.Sprint(got) != fmt.Sprint(ids) {
			t.Errorf("List order %v, want %v", got, ids)
		}
		return nil
	})
}

// testFind: the company-orders filter, newest first, paged and counted.
func testFind(t *testing.T, s store.Store) {
	p := newProject(t, s, "acme")
	// (id, group, parent, owner, state, created)
	rows := [][6]string{
		{"o1", "acme", "acme", "alice", "Open", "2026-01-01T00:00:01.000Z"},
		{"o2", "acme", "eng", "bob", "Open", "2026-01-01T00:00:02.000Z"},
		{"o3", "acme", "eng", "alice", "Cancelled", "2026-01-01T00:00:03.000Z"},
		{"o4", "acme", "ops", "bob", "Open", "2026-01-01T00:00:04.000Z"},
		{"o5", "globex", "globex", "alice", "Open", "2026-01-01T00:00:05.000Z"},
		{"o6", "acme", "acme", "carol", "Open", "2026-01-01T00:00:06.000Z"},
	}
	mustWrite(t, s, func(tx store.Tx) error {
		for _, r := range rows {
			d := &store.Doc{Type: "order", ID: r[0], Group: r[1], Parent: r[2], Owner: r[3], State: r[4], CreatedAt: r[5], Version: 1, Data: []byte("{}")}
			if err := tx.Docs(p.ID).Insert(d); err != nil {
				return err
			}
		}
		return nil
	})
	tests := []struct {
		f     store.Filter
		want  string
		total int
	}{
		{store.Filter{Group: "acme", Parents: []string{"acme", "eng", "ops"}}, "[o6 o4 o3 o2 o1]", 5},
		{store.Filter{Group: "acme", Parents: []string{"eng"}, OwnedParents: []string{"acme", "ops"}, Owner: "alice"}, "[o3 o2 o1]", 3},
		{store.Filter{Group: "acme", OwnedParents: []string{"acme", "eng", "ops"}, Owner: "alice", States: []string{"Open"}}, "[o1]", 1},
		{store.Filter{Group: "acme", OthersParents: []string{"acme", "eng"}, Owner: "alice"}, "[o6 o2]", 2},
		{store.Filter{Group: "acme", OthersParents: []string{"eng"}, OwnedParents: []string{"acme"}, Owner: "alice"}, "[o2 o1]", 2},
		{store.Filter{Group: "acme", OthersParents: []string{}, Owner: "alice"}, "[]", 0},
		{store.Filter{Group: "acme", Parents: []string{"acme", "eng", "ops"}, Limit: 2, Offset: 1}, "[o4 o3]", 5},
		{store.Filter{Group: "acme", Parents: []string{}}, "[]", 0},
		{store.Filter{Conds: []store.Cond{{Column: store.ColumnParent, Op: "in", Values: []string{"eng"}}}}, "[o3 o2]", 2},
		{store.Filter{Conds: []store.Cond{{Column: store.ColumnCreatedAt, Op: ">=", Values: []string{"2026-01-01T00:00:04.000Z"}}}}, "[o6 o5 o4]", 3},
		{store.Filter{Conds: []store.Cond{{Column: store.ColumnCreatedAt, Op: "<", Values: []string{"2026-01-01T00:00:02.000Z"}},
			{Column: store.ColumnOwner, Op: "in", Values: []string{"alice"}}}}, "[o1]", 1},
		{store.Filter{Group: "acme", Conds: []store.Cond{{Column: store.ColumnOwner, Op: "in", Values: []string{"alice", "bob"}}},
			Sort: []store.SortBy{{Column: store.ColumnID}}}, "[o1 o2 o3 o4]", 4},
		{store.Filter{Sort: []store.SortBy{{Column: store.ColumnState, Desc: true}, {Column: store.ColumnCreatedAt}}, Limit: 3}, "[o1 o2 o4]", 6},
		{store.Filter{Conds: []store.Cond{{Column: "data", Op: "in", Values: []string{"{}"}}}}, "[]", 0}, // no such column
		{store.Filter{Sort: []store.SortBy{{Column: store.ColumnInserted}}, Limit: 2}, "[o1 o2]", 6},
		{store.Filter{Conds: []store.Cond{{Column: store.ColumnKey, Op: "in", Values: []string{"x"}}}}, "[]", 0},
		{store.Filter{}, "[o6 o5 o4 o3 o2 o1]", 6},
		{store.Filter{Owner: "alice"}, "[o5 o3 o1]", 3},
		{store.Filter{Owner: "alice", NoParent: true}, "[]", 0}, // each of alice's has a parent
		// The total of a page that ends before its limit, of one that fills it, of one past the end.
		{store.Filter{Limit: 4, Offset: 4}, "[o2 o1]", 6},
		{store.Filter{Limit: 3, Offset: 3}, "[o3 o2 o1]", 6},
		{store.Filter{Limit: 6}, "[o6 o5 o4 o3 o2 o1]", 6},
		{store.Filter{Limit: 2, Offset: 10}, "[]", 6},
		{store.Filter{Owner: "alice", Limit: 2, Offset: 3}, "[]", 3},
		// Counted up to a limit: by a count that stops there, by the page itself, past the end.
		{store.Filter{Limit: 2, CountUpTo: 4}, "[o6 o5]", 4},
		{store.Filter{Limit: 2, CountUpTo: 6}, "[o6 o5]", 6},
		{store.Filter{Limit: 2, CountUpTo: 7}, "[o6 o5]", 6},
		{store.Filter{Limit: 4, Offset: 4, CountUpTo: 5}, "[o2 o1]", 5},
		{store.Filter{Owner: "alice", Limit: 2, CountUpTo: 2}, "[o5 o3]", 2},
		{store.Filter{Limit: 2, Offset: 10, CountUpTo: 3}, "[]", 3},
	}
	_ = s.Read(ctx, func(tx store.Tx) error {
		for _, tt := range tests {
			tt.f.Type, tt.f.Count = "order", true
			if tt.f.Limit == 0 {
				tt.f.Limit = 20
			}
			docs, total, err := tx.Docs(p.ID).Find(tt.f)
			if err != nil {
				t.Fatal(err)
			}
			got := fieldOf(docs, func(d *store.Doc) string { return d.ID })
			if fmt.Sprint(got) != tt.want || total != tt.total {
				t.Errorf("Find(%+v) = %v (total %d), want %s (total %d)", tt.f, got, total, tt.want, tt.total)
			}
		}
		return nil
	})
}

// testScan reads every document of a type, across batches, and stops when asked.
func testScan(t *testing.T, s store.Store) {
	p := newProject(t, s, "acme")
	const n = 1234
	mustWrite(t, s, func(tx store.Tx) error {
		for i := 0; i < n; i++ {
			if err := tx.Docs(p.ID).Insert(doc(fmt.Sprintf("d%04d", i), "", 1)); err != nil {
				return err
			}
		}
		return nil
	})
	_ = s.Read(ctx, func(tx store.Tx) error {
		seen := 0
		err := tx.Docs(p.ID).Scan("thing", func(d *store.Doc) error {
			if want := fmt.Sprintf("d%04d", seen); d.ID != want {
				return fmt.Errorf("document %d is %s, want %s", seen, d.ID, want)
			}
			seen++
			return nil
		})
		if err != nil || seen != n {
			t.Errorf("Scan saw %d documents (%v), want %d", seen, err, n)
		}
		seen = 0
		err = tx.Docs(p.ID).Scan("thing", func(*store.Doc) error {
			seen++
			if seen == 3 {
				return store.ErrStop
			}
			return nil
		})
		if err != nil || seen != 3 {
			t.Errorf("a stopped Scan saw %d documents (%v), want 3", seen, err)
		}
		return nil
	})
}

// testFindWithLineage: the page, total and lineage of FindWithLineage are Find's and
// LineageWithoutData's, whole documents compared, for pages cut by any limit and offset, counted
// or not, up to a bound or not, with and without their data (children made newest first, so that
// their creation and insertion orders differ).
func testFindWithLineage(t *testing.T, s store.Store) {
	p := newProject(t, s, "acme")
	amount := int64(42)
	mustWrite(t, s, func(tx store.Tx) error {
		d := tx.Docs(p.ID)
		add := func(key, parent, created string) error {
			return d.Insert(&store.Doc{Type: "thing", ID: "id-" + key, Key: key, Parent: parent, Version: 1, CreatedAt: created, ModifiedAt: created,
				Amount: &amount, Data: []byte(`{"key":"` + key + `"}`)})
		}
		if err := errors.Join(add("root", "", "2020"), add("a", "root", "2021")); err != nil {
			return err
		}
		for i := range 7 {
			if err := add(fmt.Sprint("c", i), "a", fmt.Sprint(2030-i)); err != nil {
				return err
			}
		}
		return nil
	})
	_ = s.Read(ctx, func(tx store.Tx) error {
		d := tx.Docs(p.ID)
		for _, limit := range []int{0, 1, 3, 7, 20} {
			for _, offset := range []int{0, 2, 7, 9} {
				for _, count := range []bool{false, true} {
					for _, noData := range []bool{false, true} {
						for _, upTo := range []int{0, 4} {
							f := store.Filter{Type: "thing", Conds: []store.Cond{{Column: store.ColumnParent, Op: "in", Values: []string{"a"}}},
								Sort: []store.SortBy{{Column: store.ColumnInserted}}, Limit: limit, Offset: offset, Count: count, NoData: noData, CountUpTo: upTo}
							page, total, lineage, err := d.FindWithLineage(f, "a")
							wantPage, wantTotal, err2 := d.Find(f)
							wantLineage, err3 := d.LineageWithoutData("thing", "a")
							if err := errors.Join(err, err2, err3); err != nil {
								t.Fatalf("%+v: %v", f, err)
							}
							if !reflect.DeepEqual(page, wantPage) || total != wantTotal || !reflect.DeepEqual(lineage, wantLineage) {
								t.Errorf("limit %d, offset %d, count %v, no data %v, up to %d: %d documents, total %d, lineage of %d; want %d, %d, %d",
									limit, offset, count, noData, upTo, len(page), total, len(lineage), len(wantPage), wantTotal, len(wantLineage))
							}
						}
					}
				}
			}
		}
		return nil
	})
}

// testHierarchy: Lineage, Descendants and GetByKeys follow keys and parents within one type and
// project, and a cycle in the data cannot make them run on.
func testHierarchy(t *testing.T, s store.Store) {
	p := newProject(t, s, "acme")
	other := newProject(t, s, "other")
	// a ← b ← c ← e, a ← d; then x ↔ y, a cycle.
	tree := [][2]string{{"a", ""}, {"b", "a"}, {"d", "a"}, {"c", "b"}, {"e", "c"}, {"x", "y"}, {"y", "x"}}
	mustWrite(t, s, func(tx store.Tx) error {
		for _, n := range tree {
			d := doc("id-"+n[0], n[0], 1)
			d.Parent = n[1]
			if err := tx.Docs(p.ID).Insert(d); err != nil {
				return err
			}
			d.Type = "other-thing" // same keys in another type
			if err := tx.Docs(p.ID).Insert(d); err != nil {
				return err
			}
		}
		stray := doc("id-f", "f", 1) // a child of a in another project
		stray.Parent = "a"
		return tx.Docs(other.ID).Insert(stray)
	})
	keys := func(docs []*store.Doc) string {
		var out []string
		for _, d := range docs {
			if d.Type != "thing" {
				return "wrong type " + d.Type
			}
			out = append(out, d.Key)
		}
		return fmt.Sprint(out)
	}
	_ = s.Read(ctx, func(tx store.Tx) error {
		d := tx.Docs(p.ID)
		for _, c := range []struct {
			name string
			fn   func() ([]*store.Doc, error)
			want string
		}{
			{"Lineage(e)", func() ([]*store.Doc, error) { return d.Lineage("thing", "e") }, "[e c b a]"},
			{"Lineage(a)", func() ([]*store.Doc, error) { return d.Lineage("thing", "a") }, "[a]"},
			{"Lineage(none)", func() ([]*store.Doc, error) { return d.Lineage("thing", "zz") }, "[]"},
			{"LineageWithoutData(e)", func() ([]*store.Doc, error) { return d.LineageWithoutData("thing", "e") }, "[e c b a]"},
			{"LineageWithoutData(none)", func() ([]*store.Doc, error) { return d.LineageWithoutData("thing", "zz") }, "[]"},
			{"Descendants(a)", func() ([]*store.Doc, error) { return d.Descendants("thing", "a") }, "[b d c e]"},
			{"Descendants(c)", func() ([]*store.Doc, error) { return d.Descendants("thing", "c") }, "[e]"},
			{"Descendants(e)", func() ([]*store.Doc, error) { return d.Descendants("thing", "e") }, "[]"},
			{"GetByKeys", func() ([]*store.Doc, error) { return d.GetByKeys("thing", []string{"e", "zz", "a"}) }, "[a e]"},
			{"GetByKeys(none)", func() ([]*store.Doc, error) { return d.GetByKeys("thing", nil) }, "[]"},
		} {
			got, err := c.fn()
			if err != nil || keys(got) != c.want {
				t.Errorf("%s = %s, %v; want %s", c.name, keys(got), err, c.want)
			}
		}
		if got, err := d.Lineage("thing", "x"); err != nil || keys(got) != "[x y]" {
			t.Errorf("Lineage in a cycle = %s, %v; want [x y]", keys(got), err)
		}
		// FindWithLineage: Find's page and total, and LineageWithoutData's lineage, in insertion
		// order (one statement) and in another (two)
		children := store.Filter{Type: "thing", Conds: []store.Cond{{Column: store.ColumnParent, Op: "in", Values: []string{"a"}}}, Limit: 20, Count: true}
		for _, sort := range [][]store.SortBy{{{Column: store.ColumnInserted}}, {{Column: store.ColumnKey, Desc: true}}} {
			for _, lineageOf := range []string{"c", "a", "x", "zz"} {
				f := children
				f.Sort = sort
				page, total, lineage, err := d.FindWithLineage(f, lineageOf)
				wantPage, wantTotal, err2 := d.Find(f)
				wantLineage, err3 := d.LineageWithoutData("thing", lineageOf)
				if err := errors.Join(err, err2, err3); err != nil {
					t.Fatal(err)
				}
				if keys(page) != keys(wantPage) || total != wantTotal || !reflect.DeepEqual(lineage, wantLineage) {
					t.Errorf("FindWithLineage(%v, %s) = %s %d %s, want %s %d %s", sort, lineageOf, keys(page), total, keys(lineage),
						keys(wantPage), wantTotal, keys(wantLineage))
				}
			}
		}
		whole, err := d.Lineage("thing", "e")
		bare, err2 := d.LineageWithoutData("thing", "e")
		if err != nil || err2 != nil || len(whole) != len(bare) {
			t.Fatalf("Lineage(e) %d documents, %v; LineageWithoutData(e) %d, %v", len(whole), err, len(bare), err2)
		}
		for i, w := range whole {
			b := *bare[i]
			if len(b.Data) != 0 || len(w.Data) == 0 {
				t.Errorf("%s: data %q without data, %q with it", w.Key, b.Data, w.Data)
			}
			b.Data, b.ModifiedAt, b.Amount = w.Data, w.ModifiedAt, w.Amount
			if !reflect.DeepEqual(&b, w) {
				t.Errorf("%s without data: %+v, want %+v", w.Key, b, *w)
			}
		}
		if got, err := d.Descendants("thing", "x"); err != nil || keys(got) != "[y]" {
			t.Errorf("Descendants in a cycle = %s, %v; want [y]", keys(got), err)
		}
		return nil
	})
}

// testRegroup: Regroup moves the grouped documents of some types and parents to another group
// and leaves the rest, their data and their versions alone.
func testRegroup(t *testing.T, s store.Store) {
	p := newProject(t, s, "acme")
	// (id, parent, group)
	rows := [][4]string{{"o1", "eng", "acme", "thing"}, {"o2", "tools", "acme", "thing"}, {"o3", "acme", "acme", "thing"},
		{"u1", "eng", "", "thing"}, {"o4", "eng", "other", "thing"}, {"x1", "eng", "acme", "other-thing"}}
	mustWrite(t, s, func(tx store.Tx) error {
		for _, r := range rows {
			d := doc(r[0], "", 3)
			d.Parent, d.Group, d.Type = r[1], r[2], r[3]
			if err := tx.Docs(p.ID).Insert(d); err != nil {
				return err
			}
		}
		return tx.Docs(p.ID).Regroup([]string{"thing", "third-thing"}, []string{"eng", "tools"}, "globex")
	})
	want := map[string]string{"o1": "globex", "o2": "globex", "o3": "acme", "u1": "", "o4": "globex", "x1": "acme"}
	_ = s.Read(ctx, func(tx store.Tx) error {
		for id, group := range want {
			typ := "thing"
			if id == "x1" {
				typ = "other-thing"
			}
			d, err := tx.Docs(p.ID).Get(typ, id)
			if err != nil || d.Group != group || d.Version != 3 || string(d.Data) != `{"id":"`+id+`"}` {
				t.Errorf("%s after Regroup: %+v %v; want group %q, version 3, data unchanged", id, d, err, group)
			}
		}
		return nil
	})
}

// testUnstorableText: text PostgreSQL cannot hold (NUL, invalid UTF-8) names nothing on a
// look-up and is refused as bad input on a write, by every backend alike.
func testUnstorableText(t *testing.T, s store.Store) {
	p := newProject(t, s, "acme")
	for _, bad := range []string{"a\x00b", "\xff"} {
		_ = s.Read(ctx, func(tx store.Tx) error {
			d := tx.Docs(p.ID)
			if _, err := d.Get("thing", bad); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("Get(%q): %v, want ErrNotFound", bad, err)
			}
			if _, err := d.GetByKey("thing", bad); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("GetByKey(%q): %v, want ErrNotFound", bad, err)
			}
			if _, err := d.VersionByKey("thing", bad); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("VersionByKey(%q): %v, want ErrNotFound", bad, err)
			}
			if _, err := tx.ProjectByKey(bad); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("ProjectByKey(%q): %v, want ErrNotFound", bad, err)
			}
			if docs, err := d.Lineage("thing", bad); err != nil || len(docs) != 0 {
				t.Errorf("Lineage(%q): %v %v, want nothing", bad, docs, err)
			}
			if docs, err := d.Descendants("thing", bad); err != nil || len(docs) != 0 {
				t.Errorf("Descendants(%q): %v %v, want nothing", bad, docs, err)
			}
			return nil
		})
		err := s.Write(ctx, func(tx store.Tx) error { return tx.Docs(p.ID).Insert(doc("x", bad, 1)) })
		if procura.ErrorCode(err) != procura.CodeInvalidInput {
			t.Errorf("Insert with key %q: %v, want InvalidInput", bad, err)
		}
	}
}

// testFindReferencing: a filter selects the documents that reference a value, in this project
// and type only.
func testFindReferencing(t *testing.T, s store.Store) {
	p, other := newProject(t, s, "acme"), newProject(t, s, "globex")
	mustWrite(t, s, func(tx store.Tx) error {
		for _, d := range []struct {
			project, typ, id string
			refs             []store.Ref
		}{
			{p.ID, "unit", "u1", []store.Ref{{Type: "customer", ID: "ann"}, {Type: "role", ID: "admin"}}},
			{p.ID, "unit", "u2", []store.Ref{{Type: "customer", ID: "bob"}, {Type: "role", ID: "admin"}}},
			{p.ID, "unit", "u3", []store.Ref{{Type: "customer", ID: "ann"}}},
			{p.ID, "cart", "c1", []store.Ref{{Type: "customer", ID: "ann"}}},
			{other.ID, "unit", "g1", []store.Ref{{Type: "customer", ID: "ann"}}},
		} {
			doc := &store.Doc{Type: d.typ, ID: d.id, Version: 1, CreatedAt: "2026-01-01T00:00:00.000Z", Data: []byte("{}"), Refs: d.refs}
			if err := tx.Docs(d.project).Insert(doc); err != nil {
				return err
			}
		}
		return nil
	})
	tests := []struct {
		conds []store.Cond
		want  string
	}{
		{[]store.Cond{{Column: store.Referencing("customer"), Op: "in", Values: []string{"ann"}}}, "[u1 u3]"},
		{[]store.Cond{{Column: store.Referencing("customer"), Op: "in", Values: []string{"ann", "bob"}}}, "[u1 u2 u3]"},
		{[]store.Cond{{Column: store.Referencing("customer"), Op: "in", Values: []string{"ann"}},
			{Column: store.Referencing("role"), Op: "in", Values: []string{"admin"}}}, "[u1]"},
		{[]store.Cond{{Column: store.Referencing("customer"), Op: "in", Values: []string{"eve"}}}, "[]"},
		{[]store.Cond{{Column: store.Referencing("customer"), Op: "<", Values: []string{"b"}}}, "[]"}, // in only
	}
	_ = s.Read(ctx, func(tx store.Tx) error {
		for _, tt := range tests {
			docs, _, err := tx.Docs(p.ID).Find(store.Filter{Type: "unit", Conds: tt.conds, Limit: 10, Sort: []store.SortBy{{Column: store.ColumnID}}})
			if err != nil {
				t.Fatal(err)
			}
			got := fieldOf(docs, func(d *store.Doc) string { return d.ID })
			if fmt.Sprint(got) != tt.want {
				t.Errorf("%+v: %v, want %s", tt.conds, got, tt.want)
			}
		}
		return nil
	})
}

// testFindBytewise: keys sort and compare by their bytes, as the query language does in memory,
// whatever the database's collation.
func testFindBytewise(t *testing.T, s store.Store) {
	p := newProject(t, s, "acme")
	mustWrite(t, s, func(tx store.Tx) error {
		for i, key := range []string{"a", "B", "c", "_x"} {
			d := &store.Doc{Type: "unit", ID: fmt.Sprint("u", i), Key: key, Version: 1, CreatedAt: "2026-01-01T00:00:00.000Z", Data: []byte("{}")}
			if err := tx.Docs(p.ID).Insert(d); err != nil {
				return err
			}
		}
		return nil
	})
	_ = s.Read(ctx, func(tx store.Tx) error {
		for _, tt := range []struct {
			f    store.Filter
			want string
		}{
			{store.Filter{Sort: []store.SortBy{{Column: store.ColumnKey}}}, "[B _x a c]"},
			{store.Filter{Conds: []store.Cond{{Column: store.ColumnKey, Op: ">", Values: []string{"Z"}}}, Sort: []store.SortBy{{Column: store.ColumnKey, Desc: true}}}, "[c a _x]"},
		} {
			tt.f.Type, tt.f.Limit = "unit", 10
			docs, _, err := tx.Docs(p.ID).Find(tt.f)
			if err != nil {
				t.Fatal(err)
			}
			got := fieldOf(docs, func(d *store.Doc) string { return d.Key })
			if fmt.Sprint(got) != tt.want {
				t.Errorf("%+v: %v, want %s", tt.f, got, tt.want)
			}
		}
		return nil
	})
}

// testFindModifiedAndAmount: the time a document last changed and its amount are columns that
// conditions and sorts name, written by Insert and Update and read back; an amount compares as a
// number, and a document without one satisfies no condition on it.
func testFindModifiedAndAmount(t *testing.T, s store.Store) {
	p := newProject(t, s, "acme")
	amount := func(n int64) *int64 { return &n }
	// (id, modified, amount)
	rows := []struct {
		id, modified string
		amount       *int64
	}{
		{"o1", "2026-01-02T00:00:00.000Z", amount(900)},
		{"o2", "2026-01-05T00:00:00.000Z", amount(10000)},
		{"o3", "2026-01-03T00:00:00.000Z", amount(0)},
		{"o4", "2026-01-04T00:00:00.000Z", amount(-50)},
		{"o5", "2026-01-01T00:00:00.000Z", nil},
	}
	mustWrite(t, s, func(tx store.Tx) error {
		for i, r := range rows {
			d := &store.Doc{Type: "order", ID: r.id, ModifiedAt: r.modified, Amount: r.amount, Version: 1,
				CreatedAt: fmt.Sprintf("2026-01-01T00:00:0%d.000Z", i), Data: []byte("{}")}
			if err := tx.Docs(p.ID).Insert(d); err != nil {
				return err
			}
		}
		return nil
	})
	amountIs := func(op string, n ...int64) []store.Cond {
		return []store.Cond{{Column: store.ColumnAmount, Op: op, Numbers: n}}
	}
	tests := []struct {
		f     store.Filter
		want  string
		total int
	}{
		{store.Filter{Conds: amountIs(">", 900)}, "[o2]", 1},
		{store.Filter{Conds: amountIs(">=", 900)}, "[o2 o1]", 2},
		{store.Filter{Conds: amountIs("<", 900)}, "[o4 o3]", 2},
		{store.Filter{Conds: amountIs("<=", 0)}, "[o4 o3]", 2},
		{store.Filter{Conds: amountIs("in", 0, 10000, 7)}, "[o3 o2]", 2},
		{store.Filter{Conds: amountIs("in")}, "[]", 0},
		{store.Filter{Conds: amountIs(">", -1000)}, "[o4 o3 o2 o1]", 4}, // o5 has none
		// 10000 > 900 as numbers, though not as text.
		{store.Filter{Sort: []store.SortBy{{Column: store.ColumnAmount, Desc: true}}, Conds: amountIs(">", -1000)}, "[o2 o1 o3 o4]", 4},
		{store.Filter{Sort: []store.SortBy{{Column: store.ColumnAmount}}, Conds: amountIs(">", -1000)}, "[o4 o3 o1 o2]", 4},
		{store.Filter{Conds: []store.Cond{{Column: store.ColumnAmount, Op: ">", Values: []string{"1"}}}}, "[]", 0}, // text is no amount
		{store.Filter{Conds: []store.Cond{{Column: store.ColumnModifiedAt, Op: ">", Values: []string{"2026-01-03T00:00:00.000Z"}}}}, "[o4 o2]", 2},
		{store.Filter{Conds: []store.Cond{{Column: store.ColumnModifiedAt, Op: "in", Values: []string{"2026-01-01T00:00:00.000Z"}}}}, "[o5]", 1},
		{store.Filter{Sort: []store.SortBy{{Column: store.ColumnModifiedAt, Desc: true}}}, "[o2 o4 o3 o1 o5]", 5},
		{store.Filter{Sort: []store.SortBy{{Column: store.ColumnModifiedAt}}, Limit: 2}, "[o5 o1]", 5},
		{store.Filter{Conds: append(amountIs(">", 0), store.Cond{Column: store.ColumnModifiedAt, Op: "<", Values: []string{"2026-01-03"}})}, "[o1]", 1},
	}
	check := func() {
		_ = s.Read(ctx, func(tx store.Tx) error {
			for _, tt := range tests {
				tt.f.Type, tt.f.Count = "order", true
				if tt.f.Limit == 0 {
					tt.f.Limit = 20
				}
				docs, total, err := tx.Docs(p.ID).Find(tt.f)
				if err != nil {
					t.Fatal(err)
				}
				got := fieldOf(docs, func(d *store.Doc) string { return d.ID })
				if fmt.Sprint(got) != tt.want || total != tt.total {
					t.Errorf("Find(%+v) = %v (total %d), want %s (total %d)", tt.f, got, total, tt.want, tt.total)
				}
			}
			return nil
		})
	}
	check()
	// Read back, and replaced by Update (o5 gains an amount, o1 loses its own).
	mustWrite(t, s, func(tx store.Tx) error {
		d := tx.Docs(p.ID)
		for _, r := range rows {
			got, err := d.Get("order", r.id)
			if err != nil {
				return err
			}
			if got.ModifiedAt != r.modified || (got.Amount == nil) != (r.amount == nil) || (got.Amount != nil && *got.Amount != *r.amount) {
				t.Errorf("%s read back: modified %q amount %v, want %q %v", r.id, got.ModifiedAt, got.Amount, r.modified, r.amount)
			}
		}
		o5, _ := d.Get("order", "o5")
		o5.Version, o5.Amount, o5.ModifiedAt = 2, amount(950), "2026-02-01T00:00:00.000Z"
		if err := d.Update(o5, 1); err != nil {
			return err
		}
		o1, _ := d.Get("order", "o1")
		o1.Version, o1.Amount = 2, nil
		return d.Update(o1, 1)
	})
	tests = []struct {
		f     store.Filter
		want  string
		total int
	}{
		{store.Filter{Conds: amountIs(">=", 900)}, "[o5 o2]", 2},
		{store.Filter{Sort: []store.SortBy{{Column: store.ColumnModifiedAt, Desc: true}}, Limit: 1}, "[o5]", 5},
	}
	check()
}

// fieldOf lists one field of each document, in order.
func fieldOf(docs []*store.Doc, field func(*store.Doc) string) []string {
	out := []string{}
	for _, d := range docs {
		out = append(out, field(d))
	}
	return out
}

// testUnchanged: Unchanged holds while every document given is stored at its version and in its
// group (none included), whatever their number (SQLite refuses a statement of more than about
// 500 of them), and fails for a newer version, another group, a document of another type or
// another project, or one that is gone.
func testUnchanged(t *testing.T, s store.Store) {
	p, q := newProject(t, s, "acme"), newProject(t, s, "globex")
	mustWrite(t, s, func(tx store.Tx) error {
		for i := range 600 {
			d := doc(fmt.Sprint(i), "", 1)
			d.Group = "acme"
			if i == 0 {
				d.Group = "" // stored as none
			}
			if err := tx.Docs(p.ID).Insert(d); err != nil {
				return err
			}
		}
		return tx.Docs(q.ID).Insert(doc("q", "", 1))
	})
	var all []*store.Doc
	var other *store.Doc
	_ = s.Read(ctx, func(tx store.Tx) error {
		all, _ = tx.Docs(p.ID).List("thing")
		other, _ = tx.Docs(q.ID).Get("thing", "q")
		return nil
	})
	if len(all) != 600 || other == nil {
		t.Fatalf("%d documents, other %v", len(all), other)
	}
	a, b, c := all[0], all[1], all[2]
	stale, moved, typed := *a, *b, *c
	stale.Version, moved.Group, typed.Type = 2, "globex", "other-thing"
	cases := []struct {
		docs []*store.Doc
		want bool
	}{
		{nil, true}, {[]*store.Doc{a}, true}, {[]*store.Doc{a, b, c}, true}, {all, true},
		{[]*store.Doc{a, b, &stale}, false}, {[]*store.Doc{&moved}, false}, {[]*store.Doc{a, &typed}, false},
		{[]*store.Doc{a, other}, false}, {[]*store.Doc{{Type: "thing", ID: "gone", Version: 1}}, false},
		{append(slices.Clone(all[1:]), &stale), false},
	}
	_ = s.Read(ctx, func(tx store.Tx) error {
		for i, tc := range cases {
			if got, err := tx.Docs(p.ID).Unchanged(tc.docs); err != nil || got != tc.want {
				t.Errorf("case %d: Unchanged %v (%v), want %v", i, got, err, tc.want)
			}
		}
		return nil
	})
}
