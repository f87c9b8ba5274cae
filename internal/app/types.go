package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

var typeKind = kind[procura.Type, *procura.Type]{
	typ:   procura.TypeType,
	index: func(t *procura.Type) store.Doc { return store.Doc{Key: t.Key} },
	// a field name has one field type among the types of a resource type: the types are
	// compared under one lock
	lock: typesLock,
}

// typesLock is the named lock under which types are created, updated and deleted.
const typesLock = "types"

// checkAgainstOthers refuses t when it defines a field another type of the same resources
// defines with another field type.
func checkAgainstOthers(l *lookup, t *procura.Type) error {
	others, err := typeKind.all(l)
	if err != nil {
		return err
	}
	return t.CheckAgainst(others)
}

// CreateType creates a type.
func (a *App) CreateType(ctx context.Context, c Caller, d procura.TypeDraft) (*procura.Type, error) {
	t, err := procura.NewType(d, a.NewID(), a.Now())
	if err != nil {
		return nil, err
	}
	return t, a.write(ctx, c, func(l *lookup) error {
		if err := typeKind.locked(l.docs); err != nil {
			return err
		}
		if err := checkAgainstOthers(l, t); err != nil {
			return err
		}
		return typeKind.insert(l.docs, t)
	})
}

// GetType returns the type r names.
func (a *App) GetType(ctx context.Context, c Caller, r Ref) (*procura.Type, error) {
	return typeKind.get(ctx, a, c, r)
}

// QueryTypes pages through the project's types.
func (a *App) QueryTypes(ctx context.Context, c Caller, q Query) (*Page, error) {
	return typeKind.query(ctx, a, c, q)
}

// UpdateType applies type update actions.
func (a *App) UpdateType(ctx context.Context, c Caller, r Ref, u procura.Update) (*procura.Type, error) {
	var others []*procura.Type // read once, at the first action
	return typeKind.update(ctx, a, c, r, u, func(l *lookup, t *procura.Type, raw json.RawMessage) error {
		if err := t.Apply(raw); err != nil {
			return err
		}
		if others == nil {
			var err error
			if others, err = typeKind.all(l); err != nil {
				return err
			}
		}
		return t.CheckAgainst(others)
	})
}

// DeleteType deletes a type that no resource's custom fields use (else ReferenceExists).
func (a *App) DeleteType(ctx context.Context, c Caller, r Ref, version int64) (*procura.Type, error) {
	return typeKind.remove(ctx, a, c, r, version, func(l *lookup, t *procura.Type) error {
		return refuseIfCustomizedBy(l.docs, t)
	})
}

// refuseIfCustomizedBy fails with ReferenceExists while a document's custom fields name t. The
// references a document records are replaced only when it records some (store.Doc.Refs), so
// each one is confirmed in the document itself.
func refuseIfCustomizedBy(d store.Docs, t *procura.Type) error {
	for _, name := range []string{t.ID, t.Key} {
		refs, err := d.ReferencedBy(store.Ref{Type: procura.TypeType, ID: name}, 1000)
		if err != nil {
			return err
		}
		for _, r := range refs {
			doc, err := d.Get(r.Type, r.ID)
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			if bytes.Contains(doc.Data, []byte(`"`+name+`"`)) {
				return procura.ReferenceExists(r.Type, "The type '%s' is still used by the custom fields of %s '%s'.", t.Key, r.Type, r.ID)
			}
		}
	}
	return nil
}

// checkCustoms checks the custom fields of v that this request wrote against their types (by
// id or key: the slot then names it by id), and returns the references to the types v's custom
// fields use. Stored custom fields that this request did not write are left as they are
// (decision 0019).
func checkCustoms(d store.Docs, v any) ([]store.Ref, error) {
	c, ok := v.(procura.Customizable)
	if !ok {
		return nil, nil
	}
	var refs []store.Ref
	var loaded map[procura.ResourceIdentifier]*procura.Type // a cart's lines often share one
	for _, s := range c.CustomSlots() {
		if s.Custom.Written() {
			t, ok := loaded[s.Custom.Type]
			if !ok {
				var err error
				if t, err = customType(d, s); err != nil {
					return nil, err
				}
				if loaded == nil {
					loaded = map[procura.ResourceIdentifier]*procura.Type{}
				}
				loaded[s.Custom.Type] = t
			}
			if err := t.CheckCustom(s); err != nil {
				return nil, err
			}
		}
		if name := s.Custom.Type.IDOrKey(); name != "" {
			refs = append(refs, store.Ref{Type: procura.TypeType, ID: name})
		}
	}
	return refs, nil
}

// customType loads the type a slot's custom fields name.
func customType(d store.Docs, s procura.CustomSlot) (*procura.Type, error) {
	ri := s.Custom.Type
	if err := ri.Check(s.Field+".type", procura.TypeType); err != nil {
		return nil, err
	}
	doc, err := getDoc(d, procura.TypeType, Ref{ID: ri.ID, Key: ri.Key})
	if procura.ErrorCode(err) == procura.CodeResourceNotFound {
		return nil, procura.ReferencedNotFound(procura.TypeType, ri.ID, ri.Key)
	}
	if err != nil {
		return nil, err
	}
	t := &procura.Type{}
	return t, json.Unmarshal(doc.Data, t)
}
