package app

import (
	"encoding/json"
	"errors"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// lookup resolves references for the domain (procura.Lookup) within one project, and caches
// the business units it loads for the length of one transaction.
type lookup struct {
	docs       store.Docs
	tx         store.Tx // the transaction, for what is not a document of the project
	projectKey string
	projectID  string
	cache      *caches                          // the node's copies of what rarely changes
	reading    bool                             // a read: nothing it loads is changed
	units      map[string]*procura.BusinessUnit // by key
	now        func() time.Time                 // the app's clock
	search     searchState                      // the search index's generation, as this transaction knows it
	gens       *generations                     // read by the transaction (generation.go); nil before
	// cartDiscounts are the project's cart discounts, taken once per transaction
	cartDiscounts []*procura.CartDiscount
	// kept are the copies to keep in the node's caches once the transaction has committed
	kept    []func()
	history *historyLog // a write's change history (history.go); nil in a read
	// rec records what a write changes (nil in a read)
	rec *recorder
	// ahead is what the write read ahead, or what is being read ahead for it (ahead.go); nil
	// for most transactions
	ahead *ahead
}

// project returns the project's settings: the node's copy when it is of the version the
// transaction read (generations), else read anew. The copy is shared: never change it (an update
// reads its own, projectToChange).
func (l *lookup) project() (*procura.Project, error) {
	gens, err := l.generations()
	if err != nil {
		return nil, err
	}
	if l.cache != nil {
		if p, ok := l.cache.projects.at(l.projectID, gens.project); ok {
			return p, nil
		}
	}
	p, err := l.projectToChange()
	if err == nil {
		l.keepOnCommit(func() { l.cache.projects.keep(l.projectID, p.Version, p) })
	}
	return p, err
}

// projectToChange reads the project's settings in the transaction, as a copy of its own.
func (l *lookup) projectToChange() (*procura.Project, error) {
	p, err := l.tx.ProjectByKey(l.projectKey)
	if err != nil {
		return nil, projectErr(l.projectKey, err)
	}
	return p, nil
}

var _ procura.Lookup = (*lookup)(nil)

func (l *lookup) doc(field, typ string, ri procura.ResourceIdentifier) (*store.Doc, error) {
	doc, err := getDoc(l.docs, typ, Ref{ID: ri.ID, Key: ri.Key})
	if procura.ErrorCode(err) == procura.CodeResourceNotFound {
		return nil, procura.ReferencedNotFound(typ, ri.ID, ri.Key)
	}
	return doc, err
}

func (l *lookup) Store(field string, ri procura.ResourceIdentifier) (procura.KeyReference, error) {
	doc, err := l.doc(field, procura.TypeStore, ri)
	if err != nil {
		return procura.KeyReference{}, err
	}
	return procura.KeyReference{TypeID: procura.TypeStore, Key: doc.Key}, nil
}

func (l *lookup) Role(field string, ri procura.ResourceIdentifier) (*procura.AssociateRole, error) {
	doc, err := l.doc(field, procura.TypeAssociateRole, ri)
	if err != nil {
		return nil, err
	}
	r := &procura.AssociateRole{}
	return r, json.Unmarshal(doc.Data, r)
}

func (l *lookup) Customer(field string, ri procura.ResourceIdentifier) (procura.Reference, error) {
	doc, err := l.doc(field, procura.TypeCustomer, ri)
	if err != nil {
		return procura.Reference{}, err
	}
	return procura.Reference{TypeID: procura.TypeCustomer, ID: doc.ID}, nil
}

func (l *lookup) Unit(field string, ri procura.ResourceIdentifier) (*procura.BusinessUnit, error) {
	if ri.Key != "" {
		u, err := l.unitAt(ri.Key)
		if errors.Is(err, store.ErrNotFound) {
			return nil, procura.ReferencedNotFound(procura.TypeBusinessUnit, "", ri.Key)
		}
		return u, err
	}
	doc, err := l.doc(field, procura.TypeBusinessUnit, ri)
	if err != nil {
		return nil, err
	}
	return l.remember(doc)
}

// unitAt returns the unit with key, reading it with its ancestors in one query unless it is
// cached already (store.ErrNotFound when there is none): its chain then needs no more reads. A
// read asks for the lineage without the units' data first (keptLineage).
func (l *lookup) unitAt(key string) (*procura.BusinessUnit, error) {
	if u, ok := l.units[key]; ok {
		return u, nil
	}
	if l.reading {
		if u, kept, err := l.keptLineage(key); kept || err != nil {
			return u, err
		}
	}
	return l.readLineage(key)
}

// readLineage reads the unit with key and its ancestors, whole, and keeps them for the
// transaction (store.ErrNotFound when there is none).
func (l *lookup) readLineage(key string) (*procura.BusinessUnit, error) {
	docs, err := l.docs.Lineage(procura.TypeBusinessUnit, key)
	if err != nil {
		return nil, err
	}
	if len(docs) == 0 {
		return nil, store.ErrNotFound
	}
	for _, doc := range docs[1:] {
		if _, ok := l.units[doc.Key]; !ok {
			if _, err := l.remember(doc); err != nil {
				return nil, err
			}
		}
	}
	return l.remember(docs[0])
}

// keptLineage answers unitAt in a read from the units the node keeps decoded (unit_cache.go)
// when the lineage, read without the units' data, names only units kept at their versions: the
// data, most of what the lineage weighs, is then read only after a unit changed, by the lineage
// read again whole. kept is false when one of them is not kept.
func (l *lookup) keptLineage(key string) (u *procura.BusinessUnit, kept bool, err error) {
	docs, err := l.docs.LineageWithoutData(procura.TypeBusinessUnit, key)
	if err != nil {
		return nil, false, err
	}
	if len(docs) == 0 {
		return nil, false, store.ErrNotFound
	}
	u = l.keepLineage(docs)
	return u, u != nil, nil
}

// keepLineage takes the units of a lineage read without their data from those the node keeps
// decoded, when it keeps each at the version read, and returns the first (nil when one is not
// kept, or the lineage is empty).
func (l *lookup) keepLineage(docs []*store.Doc) *procura.BusinessUnit {
	if len(docs) == 0 {
		return nil
	}
	units := make([]*procura.BusinessUnit, len(docs))
	for i, doc := range docs {
		var kept bool
		if units[i], kept = l.cache.units.get(l.projectID, doc); !kept {
			return nil
		}
	}
	for _, u := range units {
		l.keep(u) // a unit read before keeps its copy
	}
	return units[0]
}

// keep caches a unit loaded elsewhere unless one with its key is cached already.
func (l *lookup) keep(u *procura.BusinessUnit) {
	if l.units == nil {
		l.units = map[string]*procura.BusinessUnit{}
	}
	if _, ok := l.units[u.Key]; !ok {
		l.units[u.Key] = u
	}
}

func (l *lookup) remember(doc *store.Doc) (*procura.BusinessUnit, error) {
	u, err := l.decodeUnit(doc)
	if err != nil {
		return nil, err
	}
	if l.units == nil {
		l.units = map[string]*procura.BusinessUnit{}
	}
	l.units[u.Key] = u
	return u, nil
}

// unitRef returns the unit r names with its derived fields (ResourceNotFound when there is
// none), cached for the rest of the transaction.
func (l *lookup) unitRef(r Ref) (*procura.BusinessUnit, error) {
	u, err := l.unitNamed(r)
	if err != nil {
		return nil, err
	}
	return u, deriveUnit(l, u)
}

// unitNamed is unitRef without the derived fields.
func (l *lookup) unitNamed(r Ref) (*procura.BusinessUnit, error) {
	if r.Key == "" {
		doc, err := getDoc(l.docs, procura.TypeBusinessUnit, r)
		if err != nil {
			return nil, err
		}
		u, err := l.decodeUnit(doc)
		if err != nil {
			return nil, err
		}
		l.keep(u)
		return u, nil
	}
	u, err := l.unitAt(r.Key) // by key: the unit and its ancestors in one query
	if errors.Is(err, store.ErrNotFound) {
		return nil, procura.NotFound(r.String())
	}
	return u, err
}

// unitByKey loads a unit that must exist (a parent named by a stored unit).
func (l *lookup) unitByKey(key string) (*procura.BusinessUnit, error) {
	u, err := l.Unit("parentUnit", procura.ResourceIdentifier{Key: key})
	if procura.ErrorCode(err) == procura.CodeReferencedResourceNotFound {
		return nil, errors.New("store: business unit " + key + " names a parent that does not exist")
	}
	return u, err
}

func (l *lookup) Ancestors(u *procura.BusinessUnit) ([]*procura.BusinessUnit, error) {
	var out []*procura.BusinessUnit
	for p := u.ParentUnit; p != nil; {
		if len(out) > procura.MaxHierarchyDepth { // a loop, of units read around a move
			return nil, procura.TreeChangedWhileRead(u.Key)
		}
		parent, err := l.unitByKey(p.Key)
		if err != nil {
			return nil, err
		}
		out = append(out, parent)
		p = parent.ParentUnit
	}
	return out, nil
}

// chain returns u followed by its ancestors.
func (l *lookup) chain(u *procura.BusinessUnit) ([]*procura.BusinessUnit, error) {
	ancestors, err := l.Ancestors(u)
	if err != nil {
		return nil, err
	}
	return append([]*procura.BusinessUnit{u}, ancestors...), nil
}

func (l *lookup) Height(u *procura.BusinessUnit) (int, error) {
	kids, err := l.docs.Children(procura.TypeBusinessUnit, u.Key)
	if err != nil {
		return 0, err
	}
	height := 0
	for _, k := range kids {
		child, err := l.remember(k)
		if err != nil {
			return 0, err
		}
		h, err := l.Height(child)
		if err != nil {
			return 0, err
		}
		height = max(height, h+1)
	}
	return height, nil
}
