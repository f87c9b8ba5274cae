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
// runs it as a read before the write reaches the writer. The write first checks, in
// one read, that every document read ahead is still stored at the version (and in the group) it
// was read at; if so, its first reads of the same documents are answered with what was read
// ahead, and the documents decoded there, until the write first writes or takes a lock, exactly
// as if it had read them itself. If one changed, the write reads everything itself. Reads that
// did not find all they asked for are not answered ahead: an absence has no version to check.

// ahead holds what one write read ahead: in the read it records, in the write it
// answers (each read and each decoded value once).
type ahead struct {
	reads   map[string]aheadRead
	docs    map[docKey]*store.Doc // every document read, to be checked by the write
	decoded map[*store.Doc]any
	serving bool // in the write
	checked bool // the write has checked the documents
	off     bool // a document changed, or the write has written or locked: it reads the database
}

type aheadRead struct {
	doc  *store.Doc
	docs []*store.Doc
	n    int
}

// writeAhead is write, with the reads of read made in a read beforehand when the store runs its
// writes one at a time (a.readsAhead).
func (a *App) writeAhead(ctx context.Context, c Caller, read, fn func(l *lookup) error) error {
	if !a.readsAhead {
		return a.writeWith(ctx, c, nil, fn)
	}
	r, err := a.readAheadFor(ctx, c, read)
	var refused *procura.Error
	if errors.As(err, &refused) {
		return err // what the write would answer at that moment, without waiting for the writer
	}
	return a.writeWith(ctx, c, r, fn)
}

// readAheadFor runs read as a read of the caller's project and returns what it read,
// or read's error (and nil).
func (a *App) readAheadFor(ctx context.Context, c Caller, read func(l *lookup) error) (*ahead, error) {
	r := &ahead{reads: map[string]aheadRead{}, docs: map[docKey]*store.Doc{}, decoded: map[*store.Doc]any{}}
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

// checkOnce turns the record off unless every document read ahead is stored as it was read; d
// are the write's documents. An attempt after the first (the store retries a transaction the
// database aborted) reads everything itself.
func (r *ahead) checkOnce(d store.Docs) error {
	if r.checked {
		r.off = true
		return nil
	}
	r.checked = true
	docs := make([]*store.Doc, 0, len(r.docs))
	for _, doc := range r.docs {
		docs = append(docs, doc)
	}
	same, err := d.Unchanged(docs)
	if !same {
		r.off = true
	}
	return err
}

// take returns the value decoded ahead from doc, once; ok is false when there is none.
func (r *ahead) take(doc *store.Doc) (v any, ok bool) {
	if r == nil || !r.serving || r.off {
		return nil, false
	}
	v, ok = r.decoded[doc]
	delete(r.decoded, doc)
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

// read answers a read from what was read ahead, or makes it with get and records it when it
// found what it asked for (no error, and complete when given).
func (d aheadDocs) read(key string, get func() (aheadRead, error), complete func(aheadRead) bool) (aheadRead, error) {
	r := d.r
	if r.serving {
		res, ok := r.reads[key]
		if ok && !r.off {
			delete(r.reads, key)
			return res, nil
		}
		return get()
	}
	res, err := get()
	if err == nil && (complete == nil || complete(res)) {
		r.reads[key] = res
		if res.doc != nil {
			r.seen(res.doc)
		}
		for _, doc := range res.docs {
			r.seen(doc)
		}
	}
	return res, err
}

// seen adds a document read ahead to those the write checks; read twice at two versions (two
// statements of a read each see their own commits), it cannot be as read both times, and the
// check fails.
func (r *ahead) seen(doc *store.Doc) {
	k := docKey{doc.Type, doc.ID}
	if was, ok := r.docs[k]; ok && (was.Version != doc.Version || was.Group != doc.Group) {
		r.docs[k] = &store.Doc{Type: doc.Type, ID: doc.ID, Version: -1}
		return
	}
	r.docs[k] = doc
}

func callKey(parts ...string) string { return strings.Join(parts, "\x00") }

func (d aheadDocs) Get(typ, id string) (*store.Doc, error) {
	res, err := d.read(callKey("get", typ, id), func() (aheadRead, error) {
		doc, err := d.Docs.Get(typ, id)
		return aheadRead{doc: doc}, err
	}, nil)
	return res.doc, err
}

func (d aheadDocs) GetByKey(typ, key string) (*store.Doc, error) {
	res, err := d.read(callKey("key", typ, key), func() (aheadRead, error) {
		doc, err := d.Docs.GetByKey(typ, key)
		return aheadRead{doc: doc}, err
	}, nil)
	return res.doc, err
}

func (d aheadDocs) GetByKeys(typ string, keys []string) ([]*store.Doc, error) {
	res, err := d.read(callKey(append([]string{"keys", typ}, keys...)...), func() (aheadRead, error) {
		docs, err := d.Docs.GetByKeys(typ, keys)
		return aheadRead{docs: docs}, err
	}, func(res aheadRead) bool { return len(res.docs) == len(distinct(keys)) })
	return res.docs, err
}

func (d aheadDocs) Lineage(typ, key string) ([]*store.Doc, error) {
	res, err := d.read(callKey("lineage", typ, key), func() (aheadRead, error) {
		docs, err := d.Docs.Lineage(typ, key)
		return aheadRead{docs: docs}, err
	}, func(res aheadRead) bool { return len(res.docs) > 0 })
	return res.docs, err
}

// LineageWithoutData reads the data too: what is read ahead is decoded for the write.
func (d aheadDocs) LineageWithoutData(typ, key string) ([]*store.Doc, error) {
	return d.Lineage(typ, key)
}

// FindWithLineage is Find and Lineage, each answered or recorded ahead.
func (d aheadDocs) FindWithLineage(f store.Filter, key string) ([]*store.Doc, int, []*store.Doc, error) {
	return findWithLineage(d, f, key)
}

// findWithLineage is FindWithLineage by Find and Lineage, for the documents of a write.
func findWithLineage(d store.Docs, f store.Filter, key string) ([]*store.Doc, int, []*store.Doc, error) {
	page, total, err := d.Find(f)
	if err != nil {
		return nil, 0, nil, err
	}
	lineage, err := d.Lineage(f.Type, key)
	return page, total, lineage, err
}

// Find is answered ahead only when it selects documents by their ids, or products by their SKUs
// (each unique to one product), and found one for each.
func (d aheadDocs) Find(f store.Filter) ([]*store.Doc, int, error) {
	spec, err := json.Marshal(f)
	if err != nil {
		return nil, 0, err
	}
	res, err := d.read(callKey("find", string(spec)), func() (aheadRead, error) {
		docs, n, err := d.Docs.Find(f)
		return aheadRead{docs: docs, n: n}, err
	}, func(res aheadRead) bool { return oneForEach(f, res.docs) })
	return res.docs, res.n, err
}

// oneForEach reports whether f selects documents by id or products by SKU alone (one condition)
// and docs hold one for each value: a value that found nothing would make them fewer, since no
// two documents have the same id, nor do two products the same SKU. Other references are not
// unique to one document: one added meanwhile would change no document read.
func oneForEach(f store.Filter, docs []*store.Doc) bool {
	if len(f.Conds) != 1 || f.Parents != nil || f.OwnedParents != nil || f.OthersParents != nil || f.Owner != "" ||
		f.Group != "" || f.States != nil || f.NoParent || f.Offset != 0 || f.Count {
		return false
	}
	c := f.Conds[0]
	identity := c.Column == store.ColumnID || c.Column == store.Referencing(procura.TypeSKU) && f.Type == procura.TypeProduct
	return identity && c.Op == "in" && len(docs) == len(distinct(c.Values))
}

func distinct(values []string) map[string]bool {
	m := make(map[string]bool, len(values))
	for _, v := range values {
		m[v] = true
	}
	return m
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
