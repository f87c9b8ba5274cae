package app

import (
	"context"
	"encoding/json"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// resourcePtr is a pointer to a resource type that embeds procura.Base.
type resourcePtr[T any] interface {
	*T
	Meta() *procura.Base
}

// kind says how one resource type is stored and read back.
type kind[T any, P resourcePtr[T]] struct {
	typ string
	// index returns the indexed columns of v (Key, Unique, Parent, Amount, Refs; doc adds those
	// of every resource: id, version, createdAt, lastModifiedAt).
	index func(v P) store.Doc
	// derive fills fields computed at read time (optional).
	derive func(l *lookup, v P) error
	// decode decodes a stored document (optional: json.Unmarshal into a new value).
	decode func(l *lookup, doc *store.Doc) (P, error)
	// shown makes a stored document's JSON as answers show it, for a kind that derives fields
	// (optional: decoded, derived and encoded).
	shown func(l *lookup, doc *store.Doc) (json.RawMessage, error)
	// stored returns what is saved of v, without derived fields (optional).
	stored func(v P) P
	// pages finds the pages of a query in a read (optional: the documents of the read).
	pages func(l *lookup) finder
	// private names stored fields that no answer shows (a customer's password hash).
	private []string
	// keyName and uniqueName name the fields behind Doc.Key and Doc.Unique in errors.
	keyName, uniqueName string
	// lock, when set, is the named lock updates and deletes take first (see store.Docs.Lock).
	lock string
	// afterSave, when set, runs after an update is saved, in the same transaction.
	afterSave func(a *App, l *lookup, v P) error
}

// locked takes the kind's lock, if it has one.
func (k kind[T, P]) locked(d store.Docs) error {
	if k.lock == "" {
		return nil
	}
	return d.Lock(k.lock)
}

func (k kind[T, P]) save(d store.Docs, v P, expected int64) error {
	data := v
	if k.stored != nil {
		data = k.stored(v)
	}
	return save(d, k.doc(v), data, expected, k.keyName, k.uniqueName)
}

func (k kind[T, P]) doc(v P) *store.Doc {
	d := k.index(v)
	b := v.Meta()
	d.Type, d.ID, d.Version, d.CreatedAt, d.ModifiedAt = k.typ, b.ID, b.Version, b.CreatedAt, b.LastModifiedAt
	return &d
}

// decoded decodes a stored document of the kind.
func (k kind[T, P]) decoded(l *lookup, doc *store.Doc) (P, error) {
	if k.decode != nil {
		return k.decode(l, doc)
	}
	var r *ahead
	if l != nil {
		r = l.ahead
	}
	if v, ok := r.take(doc); ok {
		if p, ok := v.(P); ok && k.derive == nil {
			return p, nil
		}
	}
	v := P(new(T))
	if err := json.Unmarshal(doc.Data, v); err != nil {
		return nil, err
	}
	if k.derive == nil { // a value derived ahead would be derived again
		r.keep(doc, v)
	}
	return v, nil
}

func (k kind[T, P]) load(l *lookup, r Ref) (P, *store.Doc, error) {
	doc, err := getDoc(l.docs, k.typ, r)
	if err != nil {
		return nil, nil, err
	}
	v, err := k.decoded(l, doc)
	if err != nil {
		return nil, nil, err
	}
	if k.derive != nil {
		if err := k.derive(l, v); err != nil {
			return nil, nil, err
		}
	}
	return v, doc, nil
}

// insert stores a new resource.
func (k kind[T, P]) insert(d store.Docs, v P) error { return k.save(d, v, 0) }

func (k kind[T, P]) get(ctx context.Context, a *App, c Caller, r Ref) (P, error) {
	var out P
	err := a.read(ctx, c.ProjectKey, func(l *lookup) error {
		v, _, err := k.load(l, r)
		out = v
		return err
	})
	return out, err
}

// all loads every resource of the kind in the project, oldest first.
func (k kind[T, P]) all(l *lookup) ([]P, error) {
	docs, err := l.docs.List(k.typ)
	if err != nil {
		return nil, err
	}
	out := make([]P, 0, len(docs))
	for _, doc := range docs {
		v := P(new(T))
		if err := json.Unmarshal(doc.Data, v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func (k kind[T, P]) query(ctx context.Context, a *App, c Caller, q Query) (*Page, error) {
	var page *Page
	err := a.read(ctx, c.ProjectKey, func(l *lookup) error {
		f := store.Filter{Type: k.typ, Sort: []store.SortBy{{Column: store.ColumnInserted}}} // oldest first
		var err error
		var d finder = l.docs
		if k.pages != nil {
			d = k.pages(l)
		}
		page, err = a.findPage(d, f, q, k.show(l))
		return err
	})
	return page, err
}

// show turns stored documents into what responses hold: with their derived fields, for a kind
// that has some, without its private fields (nil: as stored).
func (k kind[T, P]) show(l *lookup) show {
	if k.derive == nil {
		return without(k.private...)
	}
	return func(docs []*store.Doc) ([]json.RawMessage, error) {
		out := make([]json.RawMessage, 0, len(docs))
		for _, doc := range docs {
			if k.shown != nil {
				raw, err := k.shown(l, doc)
				if err != nil {
					return nil, err
				}
				out = append(out, raw)
				continue
			}
			v, err := k.decoded(l, doc)
			if err != nil {
				return nil, err
			}
			if err := k.derive(l, v); err != nil {
				return nil, err
			}
			raw, err := json.Marshal(v)
			if err != nil {
				return nil, err
			}
			out = append(out, raw)
		}
		return out, nil
	}
}

// update applies the update's actions to the resource r names, all or nothing.
func (k kind[T, P]) update(ctx context.Context, a *App, c Caller, r Ref, u procura.Update,
	apply func(l *lookup, v P, raw json.RawMessage) error) (P, error) {
	return k.updateAs(ctx, a, c, r, u, func(l *lookup, v P) (func(json.RawMessage) error, error) {
		return func(raw json.RawMessage) error { return apply(l, v, raw) }, nil
	})
}

// updateAs is update with a prepare step that sees the loaded resource first (to authorize the
// caller) and returns the function that applies one action.
func (k kind[T, P]) updateAs(ctx context.Context, a *App, c Caller, r Ref, u procura.Update,
	prepare func(l *lookup, v P) (func(json.RawMessage) error, error)) (P, error) {
	var out P
	err := a.write(ctx, c, func(l *lookup) error {
		d := l.docs
		if err := k.locked(d); err != nil {
			return err
		}
		v, doc, err := k.load(l, r)
		if err != nil {
			return err
		}
		apply, err := prepare(l, v)
		if err != nil {
			return err
		}
		if err := l.checkUpdate(doc, u); err != nil {
			return err
		}
		if err := applyActions(u, apply); err != nil {
			return err
		}
		v.Meta().Touch(a.Now())
		if err := k.save(d, v, doc.Version); err != nil {
			return err
		}
		if k.afterSave != nil {
			if err := k.afterSave(a, l, v); err != nil {
				return err
			}
		}
		if k.derive != nil {
			err = k.derive(l, v)
		}
		out = v
		return err
	})
	return out, err
}

// remove deletes the resource r names at version; check may refuse (references, children).
func (k kind[T, P]) remove(ctx context.Context, a *App, c Caller, r Ref, version int64,
	check func(l *lookup, v P) error) (P, error) {
	var out P
	err := a.write(ctx, c, func(l *lookup) error {
		var err error
		out, err = k.removeIn(l, r, version, check)
		return err
	})
	return out, err
}

// removeIn is remove within a transaction the caller runs.
func (k kind[T, P]) removeIn(l *lookup, r Ref, version int64, check func(l *lookup, v P) error) (P, error) {
	if err := k.locked(l.docs); err != nil {
		return nil, err
	}
	v, doc, err := k.load(l, r)
	if err != nil {
		return nil, err
	}
	if err := checkVersion(doc, version); err != nil {
		return nil, err
	}
	if check != nil {
		if err := check(l, v); err != nil {
			return nil, err
		}
	}
	return v, remove(l.docs, doc, version)
}
