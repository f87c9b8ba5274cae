package app

import (
	"bytes"
	"encoding/json"
	"slices"
	"sync"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// Creating a cart prices and taxes its lines from their products, and ordering it prices them
// again (decision 0031): decoding the same products at every cart was 7.5% of the server's CPU
// in the order workload over HTTP, inside SQLite's one writer. Carts therefore take their
// products from the ones the node has decoded, by id, while the stored JSON is byte for byte the
// same as what was decoded: no reasoning about versions, so a product read inside a write that
// later rolled back is never mistaken for a committed one. What is kept is shared by every cart
// priced from it: nothing that prices, taxes or copies from a product changes it (every
// internal/app test ends by checking the kept products: KeptProducts), and its slices are
// clipped, so that an append to a line item's copy of them never writes into the product's.

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
	clipProduct(p)
	c.keep(key, keptProduct{stored: bytes.Clone(doc.Data), product: p})
	return p, nil
}

// clipProduct clips the slices of p's variants and data that line items copy, so that an append
// to a copy allocates anew.
func clipProduct(p *procura.Product) {
	for _, d := range []*procura.ProductData{&p.MasterData.Current, &p.MasterData.Staged} {
		d.Variants = slices.Clip(d.Variants)
		d.Categories = slices.Clip(d.Categories)
		for i := -1; i < len(d.Variants); i++ {
			v := &d.MasterVariant
			if i >= 0 {
				v = &d.Variants[i]
			}
			v.Prices, v.Attributes = slices.Clip(v.Prices), slices.Clip(v.Attributes)
			v.Images, v.Assets = slices.Clip(v.Images), slices.Clip(v.Assets)
		}
	}
}

// keep keeps a decoded product in place of the one kept under key, dropping others at random
// while the stored JSON kept would be over maxKeptProductBytes.
func (c *decodedProducts) keep(key string, kp keptProduct) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.products == nil {
		c.products = map[string]keptProduct{}
	}
	if old, ok := c.products[key]; ok {
		c.bytes -= len(old.stored)
		delete(c.products, key)
	}
	if len(kp.stored) > maxKeptProductBytes/64 {
		return // a product this large is decoded at each use rather than crowd out the others
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
