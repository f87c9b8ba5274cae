package app

import (
	"encoding/json"
	"sync"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// A search's facets are counts over every product its query matches, and a storefront asks the
// same ones over and over (a category page's colors and price ranges): each node keeps the
// facets it counted, by what they counted, for as long as the search's index is of the same
// generation (generation.go). Every write of a product's texts and values bumps it, once per
// transaction, under the catalog's lock (which product writes hold anyway), so a count is never
// answered from before a change a search could already see.

const searchGeneration = "product-search-generation"

// facetCacheSize bounds the facets a node keeps (a few hundred bytes each): beyond it, an entry
// gives way to the new one.
const facetCacheSize = 4096

// searchState is what a transaction knows of the search index's generation.
type searchState struct {
	read, bumped bool
	generation   int64
}

// setSearchTexts replaces a product's texts and values (none: it is deleted), and counts the
// change.
func setSearchTexts(l *lookup, id string, texts map[string]string, values []store.Value) error {
	if !l.search.bumped {
		if err := bump(l.docs, searchGeneration, catalogLock, l.now()); err != nil {
			return err
		}
		l.search.bumped = true
	}
	return l.docs.SetTexts(procura.TypeProduct, id, texts, values)
}

// facetCache is a node's facet counts, by project, search and facet.
type facetCache struct {
	mu      sync.Mutex
	entries map[string]cachedFacet
}

type cachedFacet struct {
	generation int64
	result     any
}

// facet answers the facet f over what s matches from the node's counts when they are of the
// current generation, else counts it and keeps the count. A transaction that changed the index
// counts anew and keeps nothing.
func (l *lookup) facet(s store.TextSearch, f SearchFacet, count func() (any, error)) (any, error) {
	if l.cache == nil || l.search.bumped {
		return count()
	}
	if !l.search.read {
		g, err := generation(l.docs, searchGeneration)
		if err != nil {
			return nil, err
		}
		l.search = searchState{read: true, generation: g}
	}
	raw, err := json.Marshal(struct {
		Search store.TextSearch
		Facet  SearchFacet
	}{s, f})
	if err != nil {
		return nil, err
	}
	key := l.projectID + "\x00" + string(raw)
	c := &l.cache.facets
	c.mu.Lock()
	e, ok := c.entries[key]
	c.mu.Unlock()
	if ok && e.generation == l.search.generation {
		return e.result, nil
	}
	res, err := count()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string]cachedFacet{}
	}
	if _, ok := c.entries[key]; !ok && len(c.entries) >= facetCacheSize {
		for k := range c.entries { // a map's order is random: any entry gives way
			delete(c.entries, k)
			break
		}
	}
	c.entries[key] = cachedFacet{l.search.generation, res}
	return res, nil
}
