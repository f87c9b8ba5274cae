package app

import (
	"fmt"
	"strings"
	"testing"

	"github.com/procura/procura/internal/store"
)

// A kept product's slices have no room past their length, so that an append to a line item's
// copy of them never writes into memory the product shares with every other cart; the same
// stored JSON gives the same product, other JSON a new one.
func TestKeptProductsAreClippedAndFollowTheirJSON(t *testing.T) {
	var c decodedProducts
	doc := &store.Doc{ID: "p1", Version: 1, Data: []byte(`{"id":"p1","version":1,"masterData":{"published":true,
		"current":{"masterVariant":{"id":1,"prices":[{"id":"a"},{"id":"b"},{"id":"c"}],"attributes":[{"name":"x"},{"name":"y"},{"name":"z"}]},
		"variants":[{"id":2,"prices":[{"id":"d"},{"id":"e"},{"id":"f"}]},{"id":3},{"id":4}]},"staged":{}}}`)}
	p, err := c.decoded("proj", doc)
	if err != nil {
		t.Fatal(err)
	}
	cur := p.MasterData.Current
	for name, s := range map[string][2]int{"prices": {len(cur.MasterVariant.Prices), cap(cur.MasterVariant.Prices)},
		"attributes": {len(cur.MasterVariant.Attributes), cap(cur.MasterVariant.Attributes)},
		"variants":   {len(cur.Variants), cap(cur.Variants)}, "a variant's prices": {len(cur.Variants[0].Prices), cap(cur.Variants[0].Prices)}} {
		if s[0] != 3 || s[1] != 3 {
			t.Errorf("%s: length %d, capacity %d; want 3 and 3", name, s[0], s[1])
		}
	}
	if again, _ := c.decoded("proj", &store.Doc{ID: "p1", Version: 1, Data: append([]byte(nil), doc.Data...)}); again != p {
		t.Error("the same JSON was decoded again")
	}
	changed := &store.Doc{ID: "p1", Version: 1, Data: []byte(`{"id":"p1","version":1,"key":"changed"}`)}
	if other, _ := c.decoded("proj", changed); other == p || other.Key != "changed" {
		t.Error("other JSON under the same id and version gave the kept product")
	}
	if other, _ := c.decoded("other-project", doc); other == p {
		t.Error("another project's product with the same id gave this project's")
	}
}

// The node keeps at most maxKeptProductBytes of products' JSON, and no product larger than a
// 64th of it; a product grown past that drops the copy kept of it before.
func TestKeptProductsStayWithinTheirBound(t *testing.T) {
	var c decodedProducts
	product := func(id string, size int) *store.Doc {
		pad := strings.Repeat("x", size)
		return &store.Doc{ID: id, Version: 1, Data: []byte(`{"id":"` + id + `","key":"` + pad + `"}`)}
	}
	small := maxKeptProductBytes/64 - 100
	for i := range 100 { // more than the bound holds
		if _, err := c.decoded("proj", product(fmt.Sprintf("p%d", i), small)); err != nil {
			t.Fatal(err)
		}
	}
	if c.bytes > maxKeptProductBytes || len(c.products) > 64 || len(c.products) < 60 {
		t.Fatalf("%d products, %d bytes kept; want at most %d bytes, about 64 products", len(c.products), c.bytes, maxKeptProductBytes)
	}
	kept := product("p99", small)
	if _, ok := c.products["proj/p99"]; !ok {
		t.Fatal("the last product decoded is not kept")
	}
	before := c.bytes
	if _, err := c.decoded("proj", product("p99", maxKeptProductBytes/64+1)); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.products["proj/p99"]; ok || c.bytes != before-len(kept.Data) {
		t.Fatalf("a product grown past the bound: kept %v, %d bytes (was %d)", ok, c.bytes, before)
	}
}
