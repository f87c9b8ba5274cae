package app

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// Reading ahead (decision 0065). Where the store runs its writes one after the other on one
// connection (SQLite), what a write reads there is time every other write waits. A use case
// whose first reads are known names them in a function of its own that only reads; writeAhead
// runs it in a read transaction before the write reaches the writer, and the write's first
// reads of the same documents are then answered with what it read there, and the documents it
// decoded, until the write first writes or takes a lock. What is read ahead may be older than
// the writer's view by the time the write runs: as a statement of PostgreSQL's READ COMMITTED
// sees what was committed when it began. A document the write then changes is version-checked
// by its update; when one changed meanwhile, the write runs again without reading ahead.

// ahead holds what one write read ahead: in the read transaction it records, in the write it
// answers (each read and each decoded value once).
type ahead struct {
	reads   map[string]aheadRead
	decoded map[*store.Doc]any
	serving bool // in the write
	off     bool // the write has written or locked: it reads the database
	used    bool // the write took something read ahead
}

type aheadRead struct {
	doc      *store.Doc
	docs     []*store.Doc
	n        int
	project  int64 // Generations'
	versions []int64
	err      error // store.ErrNotFound or nil
}

// writeAhead is write, with the reads of read made in a read transaction beforehand when the
// store runs its writes one at a time (a.readsAhead).
func (a *App) writeAhead(ctx context.Context, c Caller, read, fn func(l *lookup) error) error {
	if !a.readsAhead || read == nil {
		return a.writeWith(ctx, c, nil, fn)
	}
	r, err := a.readAheadFor(ctx, c, read)
	var refused *procura.Error
	if errors.As(err, &refused) {
		return err // what the write would answer at that moment, without waiting for the writer
	}
	err = a.writeWith(ctx, c, r, fn)
	if r != nil && r.used && conflicted(err) {
		// A document read ahead changed before the write could use it: read it in the write.
		err = a.writeWith(ctx, c, nil, fn)
	}
	return err
}

// readAheadFor runs read in a read transaction of the caller's project and returns what it read,
// or read's error (and nil).
func (a *App) readAheadFor(ctx context.Context, c Caller, read func(l *lookup) error) (*ahead, error) {
	r := &ahead{reads: map[string]aheadRead{}, decoded: map[*store.Doc]any{}}
	err := a.Store.Read(ctx, func(tx store.Tx) error {
		return a.inProject(tx, c.ProjectKey, func(l *lookup) error {
			// reading stays false: business units are decoded afresh, not taken from the
			// node's copies, so that the write may have them
			l.ahead = r
			l.docs = aheadDocs{Docs: l.docs, r: r}
			return read(l)
		})
	})
	if err != nil {
		return nil, err
	}
	r.serving = true
	return r, nil
}

// conflicted reports whether err is a version conflict.
func conflicted(err error) bool {
	return errors.Is(err, store.ErrConflict) || procura.ErrorCode(err) == procura.CodeConcurrentModification
}

// take returns the value decoded ahead from doc, once; ok is false when there is none.
func (r *ahead) take(doc *store.Doc) (v any, ok bool) {
	if r == nil || !r.serving || r.off {
		return nil, false
	}
	v, ok = r.decoded[doc]
	if ok {
		delete(r.decoded, doc)
		r.used = true
	}
	return v, ok
}

// keep records v, decoded from doc while reading ahead, for the write.
func (r *ahead) keep(doc *store.Doc, v any) {
	if r != nil && !r.serving {
		r.decoded[doc] = v
	}
}

// aheadDocs are a transaction's documents that record their reads (reading ahead) or answer
// them from what was read ahead (in the write).
type aheadDocs struct {
	store.Docs
	r *ahead
}

// read answers a read from what was read ahead, or makes it with get and records it.
func (d aheadDocs) read(key string, get func() aheadRead) aheadRead {
	r := d.r
	if r.serving {
		if res, ok := r.reads[key]; ok && !r.off {
			delete(r.reads, key)
			r.used = true
			return res
		}
		return get()
	}
	res := get()
	if res.err == nil || errors.Is(res.err, store.ErrNotFound) {
		r.reads[key] = res
	}
	return res
}

func callKey(parts ...string) string { return strings.Join(parts, "\x00") }

func (d aheadDocs) Get(typ, id string) (*store.Doc, error) {
	res := d.read(callKey("get", typ, id), func() aheadRead {
		doc, err := d.Docs.Get(typ, id)
		return aheadRead{doc: doc, err: err}
	})
	return res.doc, res.err
}

func (d aheadDocs) GetByKey(typ, key string) (*store.Doc, error) {
	res := d.read(callKey("key", typ, key), func() aheadRead {
		doc, err := d.Docs.GetByKey(typ, key)
		return aheadRead{doc: doc, err: err}
	})
	return res.doc, res.err
}

func (d aheadDocs) GetByKeys(typ string, keys []string) ([]*store.Doc, error) {
	res := d.read(callKey(append([]string{"keys", typ}, keys...)...), func() aheadRead {
		docs, err := d.Docs.GetByKeys(typ, keys)
		return aheadRead{docs: docs, err: err}
	})
	return res.docs, res.err
}

func (d aheadDocs) Lineage(typ, key string) ([]*store.Doc, error) {
	res := d.read(callKey("lineage", typ, key), func() aheadRead {
		docs, err := d.Docs.Lineage(typ, key)
		return aheadRead{docs: docs, err: err}
	})
	return res.docs, res.err
}

func (d aheadDocs) Find(f store.Filter) ([]*store.Doc, int, error) {
	spec, err := json.Marshal(f)
	if err != nil {
		return nil, 0, err
	}
	res := d.read(callKey("find", string(spec)), func() aheadRead {
		docs, n, err := d.Docs.Find(f)
		return aheadRead{docs: docs, n: n, err: err}
	})
	return res.docs, res.n, res.err
}

func (d aheadDocs) Generations(names ...string) (int64, []int64, error) {
	res := d.read(callKey(append([]string{"generations"}, names...)...), func() aheadRead {
		project, versions, err := d.Docs.Generations(names...)
		return aheadRead{project: project, versions: versions, err: err}
	})
	return res.project, res.versions, res.err
}

// The writes and the locks: from the first on, the write reads the database.

func (d aheadDocs) Insert(doc *store.Doc) error {
	d.r.off = true
	return d.Docs.Insert(doc)
}

func (d aheadDocs) Update(doc *store.Doc, expected int64) error {
	d.r.off = true
	return d.Docs.Update(doc, expected)
}

func (d aheadDocs) Delete(typ, id string, expected int64) error {
	d.r.off = true
	return d.Docs.Delete(typ, id, expected)
}

func (d aheadDocs) Regroup(types, parents []string, group string) error {
	d.r.off = true
	return d.Docs.Regroup(types, parents, group)
}

func (d aheadDocs) SetTexts(typ, id string, texts map[string]string, values []store.Value) error {
	d.r.off = true
	return d.Docs.SetTexts(typ, id, texts, values)
}

func (d aheadDocs) Lock(name string) error {
	d.r.off = true
	return d.Docs.Lock(name)
}

func (d aheadDocs) LockDocument(typ, id string) error {
	d.r.off = true
	return d.Docs.LockDocument(typ, id)
}
