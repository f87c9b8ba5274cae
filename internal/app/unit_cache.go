package app

import (
	"encoding/json"
	"sync"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// Every buyer-side request reads the unit it acts in with its ancestors to decide access, and
// every unit shown derives its inherited fields from its ancestors: decoding the same few
// companies again and again was a third of a unit's read. Reads therefore keep the units they
// decode, per node, by id and version: a unit is decoded again only once it has changed, and a
// change is seen at once, since the version comes with the row each read still reads.

// maxDecodedUnits bounds the units a node keeps decoded.
const maxDecodedUnits = 4096

type decodedUnits struct {
	mu    sync.RWMutex
	units map[string]procura.BusinessUnit // by project id and unit id; Version says which
}

func unitCacheKey(project, id string) string { return project + "/" + id }

// get returns a copy of the unit doc holds, if it is kept at doc's version. The copy shares the
// kept unit's slices and index, which nothing that reads changes in place.
func (c *decodedUnits) get(project string, doc *store.Doc) (*procura.BusinessUnit, bool) {
	c.mu.RLock()
	u, ok := c.units[unitCacheKey(project, doc.ID)]
	c.mu.RUnlock()
	if !ok || u.Version != doc.Version {
		return nil, false
	}
	return &u, true
}

// put keeps a copy of u, as decoded and indexed, before anything derives fields on it.
func (c *decodedUnits) put(project string, u *procura.BusinessUnit) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.units == nil {
		c.units = map[string]procura.BusinessUnit{}
	}
	if len(c.units) >= maxDecodedUnits {
		for k := range c.units { // drop one at random
			delete(c.units, k)
			break
		}
	}
	c.units[unitCacheKey(project, u.ID)] = *u
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
