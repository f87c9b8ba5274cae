package app

import (
	"bytes"
	"encoding/json"
	"sync"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// Creating a cart prices and taxes its lines from their products, and ordering it prices them
// again (decision 0031): decoding the same products at every cart was a tenth of the order
// path's CPU, inside SQLite's one writer. Carts therefore take their products from the ones the
// node has decoded, by id, while the stored JSON is byte for byte the same as what was decoded:
// no reasoning about versions, so a product read inside a write that later rolled back is never
// mistaken for a committed one. What is kept is shared by every cart priced from it: nothing
// that prices, taxes or copies from a product changes it (TestCartsLeaveKeptProductsAsStored).

// maxKeptProductBytes bounds the stored JSON of the products a node keeps decoded.
const maxKeptProductBytes = 16 << 20

type keptProduct struct {
	stored  []byte // the JSON it was decoded from
	product *procura.Product
}

type decodedProducts struct {
	mu       sync.RWMutex
	products map[string]keptProduct // by project id and product id
	bytes    int                    // of their stored JSON
}

// decoded returns the product doc holds: the node's, when it was decoded from the same JSON,
// else decoded now and kept. The caller must not change it.
func (c *decodedProducts) decoded(project string, doc *store.Doc) (*procura.Product, error) {
	key := project + "/" + doc.ID
	c.mu.RLock()
	kept, ok := c.products[key]
	c.mu.RUnlock()
	if ok && bytes.Equal(kept.stored, doc.Data) {
		return kept.product, nil
	}
	p := &procura.Product{}
	if err := json.Unmarshal(doc.Data, p); err != nil {
		return nil, err
	}
	c.keep(key, keptProduct{stored: bytes.Clone(doc.Data), product: p})
	return p, nil
}

// keep keeps a decoded product in place of the one kept under key, dropping others at random
// while the stored JSON kept would be over maxKeptProductBytes.
func (c *decodedProducts) keep(key string, kp keptProduct) {
	if len(kp.stored) > maxKeptProductBytes/64 {
		return // a product this large is decoded at each use rather than crowd out the others
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.products == nil {
		c.products = map[string]keptProduct{}
	}
	if old, ok := c.products[key]; ok {
		c.bytes -= len(old.stored)
		delete(c.products, key)
	}
	for k, old := range c.products {
		if c.bytes+len(kp.stored) <= maxKeptProductBytes {
			break
		}
		c.bytes -= len(old.stored)
		delete(c.products, k)
	}
	c.products[key] = kp
	c.bytes += len(kp.stored)
}
