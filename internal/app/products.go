package app

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// catalogLock is the named lock under which products and product types are written: SKUs stay
// unique, and a type changes under no product being written.
const catalogLock = "catalog"

// productTypeKind takes the catalog's lock: a type changes under no product being written.
var productTypeKind = kind[procura.ProductType, *procura.ProductType]{
	lock: catalogLock,
	typ:  procura.TypeProductType,
	afterSave: func(a *App, l *lookup, t *procura.ProductType) error {
		if err := checkTypeConflicts(l, t); err != nil {
			return err
		}
		return a.followType(l, t)
	},
	index: func(t *procura.ProductType) store.Doc { return store.Doc{Key: t.Key} },
}

// productKind indexes each product's SKUs as references, so that a SKU finds its product and
// stays unique in the project; every save keeps the product's search texts in step.
var productKind = kind[procura.Product, *procura.Product]{
	lock: catalogLock,
	typ:  procura.TypeProduct,
	afterSave: func(_ *App, l *lookup, p *procura.Product) error {
		if err := checkSKUs(l.docs, p); err != nil {
			return err
		}
		return indexProduct(l, p)
	},
	index: func(p *procura.Product) store.Doc {
		d := store.Doc{Key: p.Key, Refs: []store.Ref{{Type: procura.TypeProductType, ID: p.ProductType.ID}}}
		for _, sku := range p.SKUs() {
			d.Refs = append(d.Refs, store.Ref{Type: procura.TypeSKU, ID: sku})
		}
		for _, id := range p.CategoryIDs() {
			d.Refs = append(d.Refs, store.Ref{Type: procura.TypeCategory, ID: id})
		}
		if p.TaxCategory != nil {
			d.Refs = append(d.Refs, store.Ref{Type: procura.TypeTaxCategory, ID: p.TaxCategory.ID})
		}
		if p.State != nil {
			d.Refs = append(d.Refs, store.Ref{Type: procura.TypeState, ID: p.State.ID})
		}
		return d
	},
}

// CreateProductType creates a product type.
func (a *App) CreateProductType(ctx context.Context, c Caller, d procura.ProductTypeDraft) (*procura.ProductType, error) {
	t, err := procura.NewProductType(d, a.NewID(), a.Now())
	if err != nil {
		return nil, err
	}
	return t, a.write(ctx, c, func(l *lookup) error {
		if err := productTypeKind.locked(l.docs); err != nil {
			return err
		}
		if err := checkTypeConflicts(l, t); err != nil {
			return err
		}
		return productTypeKind.insert(l.docs, t)
	})
}

// GetProductType returns the product type r names.
func (a *App) GetProductType(ctx context.Context, c Caller, r Ref) (*procura.ProductType, error) {
	return productTypeKind.get(ctx, a, c, r)
}

// QueryProductTypes pages through the project's product types.
func (a *App) QueryProductTypes(ctx context.Context, c Caller, q Query) (*Page, error) {
	return productTypeKind.query(ctx, a, c, q)
}

// DeleteProductType deletes a product type no product uses.
func (a *App) DeleteProductType(ctx context.Context, c Caller, r Ref, version int64) (*procura.ProductType, error) {
	return productTypeKind.remove(ctx, a, c, r, version, func(l *lookup, t *procura.ProductType) error {
		return refuseIfReferenced(l.docs, procura.TypeProductType, t.ID)
	})
}

// CreateProduct creates a product; its SKUs must be new in the project.
func (a *App) CreateProduct(ctx context.Context, c Caller, d procura.ProductDraft) (*procura.Product, error) {
	var p *procura.Product
	err := a.write(ctx, c, func(l *lookup) error {
		docs := l.docs
		if err := docs.Lock(catalogLock); err != nil {
			return err
		}
		if err := d.ProductType.Check("productType", procura.TypeProductType); err != nil {
			return err
		}
		pt, _, err := productTypeKind.load(l, Ref{ID: d.ProductType.ID, Key: d.ProductType.Key})
		if procura.ErrorCode(err) == procura.CodeResourceNotFound {
			return procura.ReferencedNotFound(procura.TypeProductType, d.ProductType.ID, d.ProductType.Key)
		}
		if err != nil {
			return err
		}
		if p, err = procura.NewProduct(d, pt, a.NewID(), a.change(l)); err != nil {
			return err
		}
		if err := checkSKUs(docs, p); err != nil {
			return err
		}
		if err := productKind.insert(docs, p); err != nil {
			return err
		}
		return indexProduct(l, p)
	})
	return p, err
}

// checkSKUs fails with DuplicateField when another product has one of p's SKUs.
func checkSKUs(d store.Docs, p *procura.Product) error {
	for _, sku := range p.SKUs() {
		refs, err := d.ReferencedBy(store.Ref{Type: procura.TypeSKU, ID: sku}, 2)
		if err != nil {
			return err
		}
		for _, r := range refs {
			if r.Type == procura.TypeProduct && r.ID != p.ID {
				return procura.DuplicateField("sku", sku)
			}
		}
	}
	return nil
}

// GetProduct returns the product r names. A customer's token reads only what is published: an
// unpublished product is not found, and a published one shows its current data as staged too.
func (a *App) GetProduct(ctx context.Context, c Caller, r Ref) (*procura.Product, error) {
	p, err := productKind.get(ctx, a, c, r)
	if err != nil || c.CustomerID == "" {
		return p, err
	}
	if !p.MasterData.Published {
		return nil, procura.NotFound(r.String())
	}
	p.MasterData.Staged, p.MasterData.HasStagedChanges = p.MasterData.Current, false
	return p, nil
}

// QueryProducts pages through the project's products; a customer's token only through the
// published ones, as GetProduct shows them.
func (a *App) QueryProducts(ctx context.Context, c Caller, q Query) (*Page, error) {
	if c.CustomerID == "" {
		return productKind.query(ctx, a, c, q)
	}
	q = q.narrow("masterData(published = true)")
	page, err := productKind.query(ctx, a, c, q)
	if err != nil {
		return nil, err
	}
	return page, page.edit(publishedOnly)
}

// publishedOnly shows a product's current data as its staged data too, as customers see it.
func publishedOnly(raw json.RawMessage) (json.RawMessage, error) {
	start, end, err := fieldSpan(raw, "masterData")
	if err != nil || start < 0 {
		return raw, err
	}
	md := raw[start:end]
	cs, ce, err := fieldSpan(md, "current")
	if err != nil || cs < 0 {
		return raw, err
	}
	if md, err = withField(md, "staged", md[cs:ce]); err != nil {
		return nil, err
	}
	if md, err = withField(md, "hasStagedChanges", []byte("false")); err != nil {
		return nil, err
	}
	return splice(raw, start, end, md), nil
}

// UpdateProduct applies product update actions.
func (a *App) UpdateProduct(ctx context.Context, c Caller, r Ref, u procura.Update) (*procura.Product, error) {
	return productKind.updateAs(ctx, a, c, r, u, func(l *lookup, p *procura.Product) (func(json.RawMessage) error, error) {
		t, _, err := productTypeKind.load(l, Ref{ID: p.ProductType.ID})
		if err != nil {
			return nil, err
		}
		return func(raw json.RawMessage) error { return p.Apply(raw, t, a.change(l)) }, nil
	})
}

// DeleteProduct deletes a product.
func (a *App) DeleteProduct(ctx context.Context, c Caller, r Ref, version int64) (*procura.Product, error) {
	return productKind.remove(ctx, a, c, r, version, func(l *lookup, p *procura.Product) error {
		return setSearchTexts(l, p.ID, nil, nil)
	})
}

// catalog finds products for carts (procura.Catalog). The products of a draft's SKUs are read
// together, in one query, before the draft is priced (prefetch), and so are those of a cart's
// lines before it is repriced (prefetchLines); they are decoded once per node (product_cache.go).
type catalog struct {
	l     *lookup
	bySKU map[string]*procura.Product // read already; nil: no product has the SKU
	byID  map[string]*procura.Product // read already by id (pricing and taxing read each twice)
}

func newCatalog(l *lookup) *catalog {
	return &catalog{l: l, bySKU: map[string]*procura.Product{}, byID: map[string]*procura.Product{}}
}

// prefetch reads the products that hold skus, each once.
func (k *catalog) prefetch(skus []string) error {
	wanted := notRead(skus, k.bySKU)
	products, err := k.read(store.Referencing(procura.TypeSKU), wanted)
	if err != nil {
		return err
	}
	for _, s := range wanted {
		k.bySKU[s] = nil
	}
	for _, p := range products {
		k.byID[p.ID] = p // taxing reads it again by id
		for _, s := range p.SKUs() {
			if _, ok := k.bySKU[s]; ok {
				k.bySKU[s] = p
			}
		}
	}
	return nil
}

// prefetchLines reads the products of cart's line items, each once, before it is repriced.
func (k *catalog) prefetchLines(cart *procura.Cart) error {
	ids := make([]string, len(cart.LineItems))
	for i, li := range cart.LineItems {
		ids[i] = li.ProductID
	}
	wanted := notRead(ids, k.byID)
	products, err := k.read(store.ColumnID, wanted)
	if err != nil {
		return err
	}
	for _, id := range wanted {
		k.byID[id] = nil
	}
	for _, p := range products {
		k.byID[p.ID] = p
	}
	return nil
}

// notRead returns the keys, each once, that read holds nothing for yet.
func notRead(keys []string, read map[string]*procura.Product) []string {
	var out []string
	for _, key := range keys {
		if _, ok := read[key]; !ok && key != "" && !slices.Contains(out, key) {
			out = append(out, key)
		}
	}
	return out
}

// read reads the products whose column holds one of values, in one query. The list is padded
// to a power of two with its last value, so that carts of any size share a few statements.
func (k *catalog) read(column string, values []string) ([]*procura.Product, error) {
	if len(values) == 0 {
		return nil, nil
	}
	padded := slices.Clip(values)
	for n := len(values); n&(n-1) != 0; n++ {
		padded = append(padded, values[len(values)-1])
	}
	docs, _, err := k.l.docs.Find(store.Filter{Type: procura.TypeProduct, Limit: len(values),
		Conds: []store.Cond{{Column: column, Op: "in", Values: padded}}})
	if err != nil {
		return nil, err
	}
	out := make([]*procura.Product, len(docs))
	for i, doc := range docs {
		if out[i], err = k.l.cache.products.decoded(k.l.projectID, doc); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (k *catalog) ProductBySKU(sku string) (*procura.Product, error) {
	if p, ok := k.bySKU[sku]; ok {
		return p, nil
	}
	refs, err := k.l.docs.ReferencedBy(store.Ref{Type: procura.TypeSKU, ID: sku}, 1)
	if err != nil {
		return nil, err
	}
	if len(refs) == 0 {
		return nil, nil
	}
	return k.Product(refs[0].ID)
}

func (k *catalog) Product(id string) (*procura.Product, error) {
	if p, ok := k.byID[id]; ok {
		return p, nil
	}
	doc, err := getDoc(k.l.docs, procura.TypeProduct, Ref{ID: id})
	if procura.ErrorCode(err) == procura.CodeResourceNotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	p, err := k.l.cache.products.decoded(k.l.projectID, doc)
	if err == nil {
		k.byID[id] = p
	}
	return p, err
}
