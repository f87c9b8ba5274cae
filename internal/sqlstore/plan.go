package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// SQLite has one writer. So that a use case's reads, checks and JSON work do not hold it, Write
// first runs the use case on a reader (a snapshot), recording each read with what it returned
// and holding back each write; then, in a short write transaction, it reads again what the use
// case read and, when every answer is the same, applies the writes. The result is what running
// the use case in that write transaction would have given. A use case that reads after it has
// written, or uses what this does not record (tokens, sign-in counts, clients), a read that
// answers otherwise the second time, or a write that fails: the use case runs again, whole, in a
// write transaction, as before.

// errReplan ends a first pass that cannot stand for the write transaction.
var errReplan = errors.New("sqlstore: run the use case in a write transaction")

// plan is what a first pass read (to read again) and would write.
type plan struct {
	reads   []func(store.Tx) (string, error) // each reads again and answers the digest of what it found
	digests []string
	locks   []func(store.Tx) error // taken first in the write transaction
	writes  []func(store.Tx) error
	written map[string]bool // "project/type/id" of the documents written
	invalid bool
}

// read records one read and its digest; after a write it invalidates the pass.
func (p *plan) read(again func(store.Tx) (string, error), digest string, err error) error {
	if len(p.writes) > 0 || (err != nil && !errors.Is(err, store.ErrNotFound)) {
		return p.fail()
	}
	p.reads, p.digests = append(p.reads, again), append(p.digests, digest)
	return err
}

func (p *plan) fail() error {
	p.invalid = true
	return errReplan
}

// planned runs fn on a snapshot, then applies its writes if the snapshot still holds. ok is
// false when fn must run again in a write transaction.
func (db *DB) planned(ctx context.Context, fn func(store.Tx) error) (ok bool, err error) {
	p := &plan{}
	err = db.Read(ctx, func(tx store.Tx) error { return fn(&planTx{Tx: tx, p: p}) })
	switch {
	case p.invalid:
		ok = false
	case err != nil || len(p.writes) == 0:
		ok = true // the answer of a consistent snapshot, or nothing to write
	default:
		if db.beforeApply != nil {
			db.beforeApply()
		}
		ok, err = db.applyPlan(ctx, p)
	}
	if ok {
		db.plans.applied.Add(1)
	} else {
		db.plans.rerun.Add(1)
	}
	return ok, err
}

// planCounts counts the writes that ran as planned and those that ran again in a write
// transaction.
type planCounts struct{ applied, rerun atomic.Int64 }

// Plans reports how many writes ran as planned on a reader and how many ran again, whole, in a
// write transaction (SQLite; both stay 0 on PostgreSQL).
func (db *DB) Plans() (applied, rerun int64) { return db.plans.applied.Load(), db.plans.rerun.Load() }

// applyPlan reads again in a write transaction and, when nothing changed, writes.
func (db *DB) applyPlan(ctx context.Context, p *plan) (bool, error) {
	sqlTx, err := db.writer.BeginTx(ctx, db.d.writeOptions())
	if err != nil {
		return false, err
	}
	defer db.writeStmts.prepareWanted()
	defer sqlTx.Rollback()
	t := &tx{d: db.d, q: sqlTx, cache: db.writeStmts, maxBytes: db.maxBytes()}
	for _, lock := range p.locks {
		if lock(t) != nil {
			return false, nil
		}
	}
	for i, again := range p.reads {
		if d, err := again(t); err != nil || d != p.digests[i] {
			return false, nil
		}
	}
	for _, w := range p.writes {
		if w(t) != nil {
			return false, nil // the write transaction reports it, in the use case's own terms
		}
	}
	return true, sqlTx.Commit()
}

// planTx is the transaction a first pass sees: the snapshot's documents and projects, recorded.
type planTx struct {
	store.Tx
	p *plan
}

func (t *planTx) Docs(projectID string) store.Docs {
	return &planDocs{real: t.Tx.Docs(projectID), project: projectID, p: t.p}
}

func (t *planTx) ProjectByKey(key string) (*procura.Project, error) {
	digest := func(p *procura.Project, err error) string {
		if err != nil {
			return "-"
		}
		return fmt.Sprint(p.ID, "|", p.Version)
	}
	pr, err := t.Tx.ProjectByKey(key)
	again := func(x store.Tx) (string, error) {
		pr, err := x.ProjectByKey(key)
		return digest(pr, err), ignoreNotFound(err)
	}
	return pr, t.p.read(again, digest(pr, err), err)
}

// What a first pass does not record sends the use case to a write transaction.
func (t *planTx) CreateProject(*procura.Project) error               { return t.p.fail() }
func (t *planTx) UpdateProject(*procura.Project, int64) error        { return t.p.fail() }
func (t *planTx) CreateAPIClient(*procura.APIClient) error           { return t.p.fail() }
func (t *planTx) APIClient(string) (*procura.APIClient, error)       { return nil, t.p.fail() }
func (t *planTx) SaveToken(*procura.AccessToken) error               { return t.p.fail() }
func (t *planTx) Token(string) (*procura.AccessToken, error)         { return nil, t.p.fail() }
func (t *planTx) DeleteToken(string) error                           { return t.p.fail() }
func (t *planTx) DeleteExpiredTokens(time.Time) (int64, error)       { return 0, t.p.fail() }
func (t *planTx) SaveRefreshToken(*procura.RefreshToken) error       { return t.p.fail() }
func (t *planTx) RefreshToken(string) (*procura.RefreshToken, error) { return nil, t.p.fail() }
func (t *planTx) RevokeRefreshToken(string) error                    { return t.p.fail() }
func (t *planTx) RevokeCustomerTokens(string, string) error          { return t.p.fail() }
func (t *planTx) LoginAttempt(string) (*procura.LoginAttempt, error) { return nil, t.p.fail() }
func (t *planTx) AddLoginAttempt(string, int, time.Time) (*procura.LoginAttempt, error) {
	return nil, t.p.fail()
}
func (t *planTx) SaveLoginAttempt(*procura.LoginAttempt) error { return t.p.fail() }
func (t *planTx) DeleteLoginAttempt(string) error              { return t.p.fail() }

func ignoreNotFound(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	return err
}

// planDocs records the reads of one project's documents and holds its writes back.
type planDocs struct {
	real    store.Docs
	project string
	p       *plan
}

// docsRead records a read that answers documents.
func docsRead[R any](d *planDocs, read func(store.Docs) (R, error), digest func(R) string) (R, error) {
	r, err := read(d.real)
	again := func(x store.Tx) (string, error) {
		r, err := read(x.Docs(d.project))
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return "", err
		}
		return digestOr(r, err, digest), nil
	}
	return r, d.p.read(again, digestOr(r, err, digest), err)
}

func digestOr[R any](r R, err error, digest func(R) string) string {
	if err != nil {
		return "-"
	}
	return digest(r)
}

// docDigest names what a read found of a document: every column but its data, which changes
// only with its version.
func docDigest(d *store.Doc) string {
	if d == nil {
		return "-"
	}
	return strings.Join([]string{d.Type, d.ID, d.Key, d.Unique, d.Parent, d.Owner, d.Group, d.State, fmt.Sprint(d.Version)}, "|")
}

func docsDigest(docs []*store.Doc) string {
	parts := make([]string, len(docs))
	for i, d := range docs {
		parts[i] = docDigest(d)
	}
	return strings.Join(parts, ";")
}

func (d *planDocs) Get(typ, id string) (*store.Doc, error) {
	return docsRead(d, func(x store.Docs) (*store.Doc, error) { return x.Get(typ, id) }, docDigest)
}

func (d *planDocs) GetByKey(typ, key string) (*store.Doc, error) {
	return docsRead(d, func(x store.Docs) (*store.Doc, error) { return x.GetByKey(typ, key) }, docDigest)
}

func (d *planDocs) GetByUnique(typ, unique string) (*store.Doc, error) {
	return docsRead(d, func(x store.Docs) (*store.Doc, error) { return x.GetByUnique(typ, unique) }, docDigest)
}

func (d *planDocs) List(typ string) ([]*store.Doc, error) {
	return docsRead(d, func(x store.Docs) ([]*store.Doc, error) { return x.List(typ) }, docsDigest)
}

func (d *planDocs) GetByKeys(typ string, keys []string) ([]*store.Doc, error) {
	return docsRead(d, func(x store.Docs) ([]*store.Doc, error) { return x.GetByKeys(typ, keys) }, docsDigest)
}

func (d *planDocs) Children(typ, parentKey string) ([]*store.Doc, error) {
	return docsRead(d, func(x store.Docs) ([]*store.Doc, error) { return x.Children(typ, parentKey) }, docsDigest)
}

func (d *planDocs) Lineage(typ, key string) ([]*store.Doc, error) {
	return docsRead(d, func(x store.Docs) ([]*store.Doc, error) { return x.Lineage(typ, key) }, docsDigest)
}

func (d *planDocs) Descendants(typ, key string) ([]*store.Doc, error) {
	return docsRead(d, func(x store.Docs) ([]*store.Doc, error) { return x.Descendants(typ, key) }, docsDigest)
}

func (d *planDocs) ReferencedBy(to store.Ref, limit int) ([]store.Ref, error) {
	return docsRead(d, func(x store.Docs) ([]store.Ref, error) { return x.ReferencedBy(to, limit) }, func(refs []store.Ref) string {
		return fmt.Sprint(refs)
	})
}

// found is a page of documents and their number.
type found struct {
	docs  []*store.Doc
	total int
}

func (d *planDocs) Find(f store.Filter) ([]*store.Doc, int, error) {
	r, err := docsRead(d, func(x store.Docs) (found, error) {
		docs, total, err := x.Find(f)
		return found{docs, total}, err
	}, func(r found) string { return fmt.Sprint(docsDigest(r.docs), "#", r.total) })
	return r.docs, r.total, err
}

// Scan visits documents for a callback that may stop it anywhere: not recorded.
func (d *planDocs) Scan(string, func(*store.Doc) error) error { return d.p.fail() }

func (d *planDocs) write(w func(store.Docs) error) error {
	d.p.writes = append(d.p.writes, func(x store.Tx) error { return w(x.Docs(d.project)) })
	return nil
}

// A write that would fail on the snapshot is left to the write transaction, which reports it in
// full (a duplicate key, a conflicting version, a document too large).

func (d *planDocs) Insert(doc *store.Doc) error {
	if len(doc.Data) > d.real.(*docs).maxBytes || d.exists(doc.Type, doc.ID, doc.Key, doc.Unique) || d.written(doc.Type, doc.ID) {
		return d.p.fail()
	}
	d.mark(doc.Type, doc.ID)
	return d.write(func(x store.Docs) error { return x.Insert(doc) })
}

func (d *planDocs) Update(doc *store.Doc, expectedVersion int64) error {
	if len(doc.Data) > d.real.(*docs).maxBytes || !d.at(doc.Type, doc.ID, expectedVersion) {
		return d.p.fail()
	}
	d.mark(doc.Type, doc.ID)
	return d.write(func(x store.Docs) error { return x.Update(doc, expectedVersion) })
}

func (d *planDocs) Delete(typ, id string, expectedVersion int64) error {
	if !d.at(typ, id, expectedVersion) {
		return d.p.fail()
	}
	d.mark(typ, id)
	return d.write(func(x store.Docs) error { return x.Delete(typ, id, expectedVersion) })
}

// exists reports whether the snapshot has a document of typ with the id, key or unique value.
func (d *planDocs) exists(typ, id, key, unique string) bool {
	if _, err := d.real.Get(typ, id); !errors.Is(err, store.ErrNotFound) {
		return true
	}
	if _, err := d.real.GetByKey(typ, key); key != "" && !errors.Is(err, store.ErrNotFound) {
		return true
	}
	_, err := d.real.GetByUnique(typ, unique)
	return unique != "" && !errors.Is(err, store.ErrNotFound)
}

// at reports whether the snapshot has the document at version, and this pass did not write it.
func (d *planDocs) at(typ, id string, version int64) bool {
	cur, err := d.real.Get(typ, id)
	return err == nil && cur.Version == version && !d.written(typ, id)
}

func (d *planDocs) written(typ, id string) bool { return d.p.written[d.project+"/"+typ+"/"+id] }

func (d *planDocs) mark(typ, id string) {
	if d.p.written == nil {
		d.p.written = map[string]bool{}
	}
	d.p.written[d.project+"/"+typ+"/"+id] = true
}

func (d *planDocs) Regroup(types, parents []string, group string) error {
	return d.write(func(x store.Docs) error { return x.Regroup(types, parents, group) })
}

// Lock is taken first in the write transaction: what the first pass read under it is read again
// under it there.
func (d *planDocs) Lock(name string) error {
	d.p.locks = append(d.p.locks, func(x store.Tx) error { return x.Docs(d.project).Lock(name) })
	return nil
}
