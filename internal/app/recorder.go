package app

import (
	"encoding/json"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// A write transaction records what it reads and writes (recordingDocs). Once its use case
// succeeded, the change history (history.go) and the messages with what the write hooks are told
// (messages.go) are both made from that one record, in the same transaction, so that a change
// that rolls back leaves neither.

// recorder is what one write transaction has changed so far, and who changes it.
type recorder struct {
	by     *procura.ClientLogging // the API client, the token's customer, the associate acted for
	actor  string                 // whom the history files the changes under (actingAs)
	loaded map[docKey]store.Doc   // the documents as the transaction last knew them
	writes []docWrite
	// said are the messages the use case made itself, about a resource it did not write (a
	// customer's token created): they follow those of the writes.
	said []saidMessage
	// locks counts the named locks the transaction has taken: what it read before one may have
	// changed while it waited (generations)
	locks int
	// facts are what the use case knew of its changes that the stored resources do not show, as
	// "fact id": a state reached by force ("force" and the state's id), a password set by a
	// reset ("reset" and the customer's id). The messages' payloads read them (message_rules.go).
	facts map[string]bool
}

// note records a fact of the transaction's changes (facts); nothing in a read.
func (r *recorder) note(fact, id string) {
	if r == nil {
		return
	}
	if r.facts == nil {
		r.facts = map[string]bool{}
	}
	r.facts[fact+" "+id] = true
}

// saidMessage is a message a use case made: about doc, as it is stored.
type saidMessage struct {
	doc     store.Doc
	typ     string
	payload map[string]json.RawMessage
}

// say records a message about doc, which the transaction does not write, once it holds back
// doc's writers (Docs.LockDocument): its sequence number counts on that.
func (r *recorder) say(doc store.Doc, typ string, payload map[string]json.RawMessage) {
	if r != nil {
		r.said = append(r.said, saidMessage{doc: doc, typ: typ, payload: payload})
	}
}

type docKey struct{ typ, id string }

// docWrite is one document inserted, updated or deleted.
type docWrite struct {
	change        string    // ResourceCreated, ResourceUpdated or ResourceDeleted
	doc           store.Doc // after the write (before it, for a deletion)
	expected      int64     // its version before the write (0 for a creation)
	before, after []byte    // its JSON: nil before a creation and after a deletion
	// the top-level members of before and after, read once for the history and the messages
	membersBefore, membersAfter map[string]json.RawMessage
}

// beforeFields are the top-level members of the document before the write (nil: none).
func (w *docWrite) beforeFields() map[string]json.RawMessage {
	if w.membersBefore == nil {
		w.membersBefore = fields(w.before)
	}
	return w.membersBefore
}

// afterFields are the top-level members of the document after the write (nil: none).
func (w *docWrite) afterFields() map[string]json.RawMessage {
	if w.membersAfter == nil {
		w.membersAfter = fields(w.after)
	}
	return w.membersAfter
}

// record starts recording what the transaction of l writes, by c until the use case says for whom
// it acts (actingAs).
func (l *lookup) record(c Caller) {
	l.rec = &recorder{loaded: map[docKey]store.Doc{}}
	l.rec.actingAs(c, Acting{})
	l.docs = recordingDocs{Docs: l.docs, rec: l.rec}
}

// actingAs names who the transaction's changes are by: the caller, and the associate it acts for.
func (r *recorder) actingAs(c Caller, who Acting) {
	if r == nil {
		return
	}
	r.by = createdBy(c, who)
	r.by.AnonymousID = c.AnonymousID
	switch {
	case r.by.Associate != nil:
		r.actor = r.by.Associate.ID
	case c.CustomerID != "":
		r.actor = c.CustomerID
	case c.AnonymousID != "":
		r.actor = c.AnonymousID
	case c.Staff != "":
		r.actor = c.Staff
	default:
		r.actor = c.ClientID
	}
}

// lockCount is how many named locks the transaction has taken (none, in a read).
func (r *recorder) lockCount() int {
	if r == nil {
		return 0
	}
	return r.locks
}

// wrote reports whether the transaction has written a document of typ (never, in a read).
func (r *recorder) wrote(typ string) bool {
	if r == nil {
		return false
	}
	for i := range r.writes {
		if r.writes[i].doc.Type == typ {
			return true
		}
	}
	return false
}

// recorded reports whether documents of typ are resources that the history, messages and changes
// name (not the node's own bookkeeping: rule sets, generations, tokens).
func recorded(typ string) bool {
	if _, ok := historyTypes[typ]; ok {
		return true
	}
	_, ok := queryColumns[typ]
	return ok && typ != typeMessage
}

// recordingDocs are the documents of a write transaction, remembering what it reads and writes.
type recordingDocs struct {
	store.Docs
	rec *recorder
}

func (r recordingDocs) seen(docs ...*store.Doc) {
	for _, d := range docs {
		if d != nil && len(d.Data) > 0 && recorded(d.Type) {
			r.rec.loaded[docKey{d.Type, d.ID}] = *d
		}
	}
}

func (r recordingDocs) one(d *store.Doc, err error) (*store.Doc, error) {
	r.seen(d)
	return d, err
}

func (r recordingDocs) many(docs []*store.Doc, err error) ([]*store.Doc, error) {
	r.seen(docs...)
	return docs, err
}

func (r recordingDocs) Get(typ, id string) (*store.Doc, error) { return r.one(r.Docs.Get(typ, id)) }

func (r recordingDocs) Lock(name string) error {
	r.rec.locks++
	return r.Docs.Lock(name)
}
func (r recordingDocs) GetByKey(typ, key string) (*store.Doc, error) {
	return r.one(r.Docs.GetByKey(typ, key))
}
func (r recordingDocs) GetByUnique(typ, u string) (*store.Doc, error) {
	return r.one(r.Docs.GetByUnique(typ, u))
}
func (r recordingDocs) List(typ string) ([]*store.Doc, error) { return r.many(r.Docs.List(typ)) }
func (r recordingDocs) GetByKeys(typ string, keys []string) ([]*store.Doc, error) {
	return r.many(r.Docs.GetByKeys(typ, keys))
}
func (r recordingDocs) Children(typ, parent string) ([]*store.Doc, error) {
	return r.many(r.Docs.Children(typ, parent))
}
func (r recordingDocs) Lineage(typ, key string) ([]*store.Doc, error) {
	return r.many(r.Docs.Lineage(typ, key))
}

// LineageWithoutData reads the data too: a write decodes what it reads afresh.
func (r recordingDocs) LineageWithoutData(typ, key string) ([]*store.Doc, error) {
	return r.Lineage(typ, key)
}

// FindWithLineage is Find and Lineage, each recorded, the lineage with its data.
func (r recordingDocs) FindWithLineage(f store.Filter, key string) ([]*store.Doc, int, []*store.Doc, error) {
	return findWithLineage(r, f, key)
}
func (r recordingDocs) Descendants(typ, key string) ([]*store.Doc, error) {
	return r.many(r.Docs.Descendants(typ, key))
}
func (r recordingDocs) Find(f store.Filter) ([]*store.Doc, int, error) {
	docs, n, err := r.Docs.Find(f)
	r.seen(docs...)
	return docs, n, err
}

// before returns a document as the transaction last knew it, reading it when it did not (an
// empty document when there is none: the write itself reports that).
func (r recordingDocs) before(typ, id string) store.Doc {
	if d, ok := r.rec.loaded[docKey{typ, id}]; ok {
		return d
	}
	if d, err := r.Docs.Get(typ, id); err == nil {
		return *d
	}
	return store.Doc{Type: typ, ID: id}
}

func (r recordingDocs) Insert(d *store.Doc) error {
	if err := r.Docs.Insert(d); err != nil || !recorded(d.Type) {
		return err
	}
	r.wrote(docWrite{change: ResourceCreated, doc: *d, after: d.Data})
	return nil
}

func (r recordingDocs) Update(d *store.Doc, expected int64) error {
	if !recorded(d.Type) {
		return r.Docs.Update(d, expected)
	}
	old := r.before(d.Type, d.ID)
	if err := r.Docs.Update(d, expected); err != nil {
		return err
	}
	r.wrote(docWrite{change: ResourceUpdated, doc: *d, expected: expected, before: old.Data, after: d.Data})
	return nil
}

func (r recordingDocs) Delete(typ, id string, expected int64) error {
	if !recorded(typ) {
		return r.Docs.Delete(typ, id, expected)
	}
	old := r.before(typ, id)
	if err := r.Docs.Delete(typ, id, expected); err != nil {
		return err
	}
	old.Version = expected
	r.wrote(docWrite{change: ResourceDeleted, doc: old, expected: expected, before: old.Data})
	return nil
}

func (r recordingDocs) wrote(w docWrite) {
	r.rec.writes = append(r.rec.writes, w)
	k := docKey{w.doc.Type, w.doc.ID}
	if w.after != nil {
		r.rec.loaded[k] = w.doc
	} else {
		delete(r.rec.loaded, k)
	}
}
