package app

import (
	"encoding/json"
	"strconv"
	"sync"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// Every buyer-side request reads the unit it acts in with its ancestors to decide access, and
// every unit shown derives its inherited fields from its ancestors: decoding the same few
// companies again and again was a third of a unit's read. Reads therefore keep the units they
// decode, per node, by id and version: a unit is decoded again only once it has changed, and a
// change is seen at once, since the version comes with the row each read still reads. A read
// therefore asks for a lineage without the units' data first, and reads the data (the lineage
// again, whole) only when a unit of it is not kept at the version read (lookup.keptLineage).

// A unit is shown with the fields it derives from its ancestors (procura.Derive), and deriving
// and encoding them was most of a unit query's time. The node therefore also keeps, beside a
// decoded unit, its JSON as last shown and the chain of ancestors it was derived over, by their
// ids and versions: a read whose chain is the same answers that JSON again (showUnit).

// maxDecodedUnits bounds the units a node keeps decoded.
const maxDecodedUnits = 4096

// maxShownBytes bounds the JSON kept of one unit shown: a unit with a few thousand associates,
// directly or inherited, is derived again at each read rather than kept.
const maxShownBytes = 32 << 10

type decodedUnits struct {
	mu    sync.RWMutex
	units map[string]keptUnit // by project id and unit id; Version says which
}

type keptUnit struct {
	procura.BusinessUnit
	shown json.RawMessage // as answers show it, derived over the chain named by chain
	chain string
}

func unitCacheKey(project, id string) string { return project + "/" + id }

// get returns a copy of the unit doc holds, if it is kept at doc's version. The copy shares the
// kept unit's slices and index, which nothing that reads changes in place.
func (c *decodedUnits) get(project string, doc *store.Doc) (*procura.BusinessUnit, bool) {
	c.mu.RLock()
	k, ok := c.units[unitCacheKey(project, doc.ID)]
	c.mu.RUnlock()
	if !ok || k.Version != doc.Version {
		return nil, false
	}
	u := k.BusinessUnit
	return &u, true
}

// shown returns the JSON of u as shown over chain, if it is kept.
func (c *decodedUnits) shown(project string, u *procura.BusinessUnit, chain string) (json.RawMessage, bool) {
	c.mu.RLock()
	k, ok := c.units[unitCacheKey(project, u.ID)]
	c.mu.RUnlock()
	if !ok || k.Version != u.Version || k.shown == nil || k.chain != chain {
		return nil, false
	}
	return k.shown, true
}

// keepShown keeps the JSON of u as shown over chain, beside u decoded; full, so that a caller
// that appends to it appends to a copy.
func (c *decodedUnits) keepShown(project string, u *procura.BusinessUnit, chain string, shown json.RawMessage) {
	if len(shown) > maxShownBytes {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	key := unitCacheKey(project, u.ID)
	if k, ok := c.units[key]; ok && k.Version == u.Version {
		k.shown, k.chain = shown[:len(shown):len(shown)], chain
		c.units[key] = k
	}
}

// put keeps a copy of u, as decoded and indexed, before anything derives fields on it.
func (c *decodedUnits) put(project string, u *procura.BusinessUnit) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.units == nil {
		c.units = map[string]keptUnit{}
	}
	if len(c.units) >= maxDecodedUnits {
		for k := range c.units { // drop one at random
			delete(c.units, k)
			break
		}
	}
	c.units[unitCacheKey(project, u.ID)] = keptUnit{BusinessUnit: *u}
}

// decodeUnit decodes a stored unit and indexes its associates; in a read, through the node's
// decoded units. A write always has its own copy, which it may change: decoded for it, here or
// while reading ahead for it (ahead.go).
func (l *lookup) decodeUnit(doc *store.Doc) (*procura.BusinessUnit, error) {
	if v, ok := l.ahead.take(doc); ok {
		if u, ok := v.(*procura.BusinessUnit); ok {
			return u, nil
		}
	}
	if l.reading {
		if u, ok := l.cache.units.get(l.projectID, doc); ok {
			return u, nil
		}
	}
	u := &procura.BusinessUnit{}
	if err := json.Unmarshal(doc.Data, u); err != nil {
		return nil, err
	}
	u.IndexAssociates()
	if l.ahead != nil {
		handed := *u // as decoded: what reading ahead derives on u is not the write's
		l.ahead.keep(doc, &handed)
	}
	if l.reading {
		l.cache.units.put(l.projectID, u)
	}
	return u, nil
}

// showUnit is the unit doc holds as answers show it (shownUnit).
func showUnit(l *lookup, doc *store.Doc) (json.RawMessage, error) {
	u, err := l.decodeUnit(doc)
	if err != nil {
		return nil, err
	}
	return l.shownUnit(u)
}

// shownUnit is u, as decoded, with the fields derived over its ancestors, encoded; in a read,
// the JSON the node keeps of it for the same chain of ancestors.
func (l *lookup) shownUnit(u *procura.BusinessUnit) (json.RawMessage, error) {
	chain, err := l.chain(u)
	if err != nil {
		return nil, err
	}
	var named []byte
	if l.reading {
		for _, c := range chain {
			named = strconv.AppendInt(append(append(named, c.ID...), ':'), c.Version, 10)
			named = append(named, ' ')
		}
		if raw, ok := l.cache.units.shown(l.projectID, u, string(named)); ok {
			return raw, nil
		}
	}
	procura.Derive(chain)
	raw, err := json.Marshal(u)
	if err == nil && l.reading {
		l.cache.units.keepShown(l.projectID, u, string(named), raw)
	}
	return raw, err
}

// unitPages finds the pages of a read's queries of units. A page of one unit's children (the
// query of a company's divisions), in the order they were made (a query's when it names none),
// comes with that unit's lineage, read in the same round trip without its data: the children's
// derived fields need it, and the node keeps its units decoded.
type unitPages struct{ l *lookup }

func (p unitPages) Find(f store.Filter) ([]*store.Doc, int, error) {
	parent := onlyParent(f)
	_, known := p.l.units[parent]
	if parent == "" || known || !f.InInsertionOrder() {
		return p.l.docs.Find(f)
	}
	page, total, lineage, err := p.l.docs.FindWithLineage(f, parent)
	if err == nil && len(page) > 0 && p.l.keepLineage(lineage) == nil {
		_, err = p.l.readLineage(parent) // a unit of it changed: whole, as the children need it
	}
	return page, total, err
}

// onlyParent is the one parent f selects documents of, if a condition names one ("" if none).
func onlyParent(f store.Filter) string {
	for _, c := range f.Conds {
		if c.Column == store.ColumnParent && c.Op == "in" && len(c.Values) == 1 {
			return c.Values[0]
		}
	}
	return ""
}
