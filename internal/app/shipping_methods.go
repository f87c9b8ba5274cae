package app

import (
	"context"
	"encoding/json"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
	"github.com/procura/procura/predicate"
)

// The seller's tax categories, zones and shipping methods, and what carts read of them
// (procura.Rates, over one transaction's lookup).

var taxCategoryKind = kind[procura.TaxCategory, *procura.TaxCategory]{
	typ:   procura.TypeTaxCategory,
	index: func(t *procura.TaxCategory) store.Doc { return store.Doc{Key: t.Key} },
}

var zoneKind = kind[procura.Zone, *procura.Zone]{
	typ:   procura.TypeZone,
	index: func(z *procura.Zone) store.Doc { return store.Doc{Key: z.Key} },
}

// defaultMethod is the unique value of the default shipping method: one per project, guarded by
// the unique index.
const defaultMethod = "default"

var shippingMethodKind = kind[procura.ShippingMethod, *procura.ShippingMethod]{
	typ:        procura.TypeShippingMethod,
	uniqueName: "isDefault",
	index: func(m *procura.ShippingMethod) store.Doc {
		d := store.Doc{Key: m.Key, Refs: []store.Ref{{Type: procura.TypeTaxCategory, ID: m.TaxCategory.ID}}}
		if m.IsDefault {
			d.Unique = defaultMethod
		}
		for _, zr := range m.ZoneRates {
			d.Refs = append(d.Refs, store.Ref{Type: procura.TypeZone, ID: zr.Zone.ID})
		}
		for _, s := range m.Stores {
			d.Refs = append(d.Refs, store.Ref{Type: procura.TypeStore, ID: s.Key})
		}
		return d
	},
}

// CreateTaxCategory creates a tax category.
func (a *App) CreateTaxCategory(ctx context.Context, c Caller, d procura.TaxCategoryDraft) (*procura.TaxCategory, error) {
	return create(ctx, a, c, taxCategoryKind, func(l *lookup) (*procura.TaxCategory, error) {
		return procura.NewTaxCategory(d, a.NewID(), a.change(l))
	})
}

// GetTaxCategory returns the tax category r names.
func (a *App) GetTaxCategory(ctx context.Context, c Caller, r Ref) (*procura.TaxCategory, error) {
	return taxCategoryKind.get(ctx, a, c, r)
}

// QueryTaxCategories pages through the project's tax categories.
func (a *App) QueryTaxCategories(ctx context.Context, c Caller, q Query) (*Page, error) {
	return taxCategoryKind.query(ctx, a, c, q)
}

// UpdateTaxCategory applies tax category update actions.
func (a *App) UpdateTaxCategory(ctx context.Context, c Caller, r Ref, u procura.Update) (*procura.TaxCategory, error) {
	return taxCategoryKind.update(ctx, a, c, r, u, func(l *lookup, t *procura.TaxCategory, raw json.RawMessage) error {
		return t.Apply(raw, a.change(l))
	})
}

// DeleteTaxCategory deletes a tax category no product or shipping method uses.
func (a *App) DeleteTaxCategory(ctx context.Context, c Caller, r Ref, version int64) (*procura.TaxCategory, error) {
	return taxCategoryKind.remove(ctx, a, c, r, version, func(l *lookup, t *procura.TaxCategory) error {
		return refuseIfReferenced(l.docs, procura.TypeTaxCategory, t.ID, procura.TypeProduct, procura.TypeShippingMethod)
	})
}

// CreateZone creates a zone.
func (a *App) CreateZone(ctx context.Context, c Caller, d procura.ZoneDraft) (*procura.Zone, error) {
	return create(ctx, a, c, zoneKind, func(l *lookup) (*procura.Zone, error) { return procura.NewZone(d, a.NewID(), a.change(l)) })
}

// GetZone returns the zone r names.
func (a *App) GetZone(ctx context.Context, c Caller, r Ref) (*procura.Zone, error) {
	return zoneKind.get(ctx, a, c, r)
}

// QueryZones pages through the project's zones.
func (a *App) QueryZones(ctx context.Context, c Caller, q Query) (*Page, error) {
	return zoneKind.query(ctx, a, c, q)
}

// UpdateZone applies zone update actions.
func (a *App) UpdateZone(ctx context.Context, c Caller, r Ref, u procura.Update) (*procura.Zone, error) {
	return zoneKind.update(ctx, a, c, r, u, func(_ *lookup, z *procura.Zone, raw json.RawMessage) error { return z.Apply(raw) })
}

// DeleteZone deletes a zone no shipping method uses.
func (a *App) DeleteZone(ctx context.Context, c Caller, r Ref, version int64) (*procura.Zone, error) {
	return zoneKind.remove(ctx, a, c, r, version, func(l *lookup, z *procura.Zone) error {
		return refuseIfReferenced(l.docs, procura.TypeZone, z.ID, procura.TypeShippingMethod)
	})
}

// CreateShippingMethod creates a shipping method.
func (a *App) CreateShippingMethod(ctx context.Context, c Caller, d procura.ShippingMethodDraft) (*procura.ShippingMethod, error) {
	return create(ctx, a, c, shippingMethodKind, func(l *lookup) (*procura.ShippingMethod, error) {
		return procura.NewShippingMethod(d, a.NewID(), a.change(l))
	})
}

// GetShippingMethod returns the shipping method r names.
func (a *App) GetShippingMethod(ctx context.Context, c Caller, r Ref) (*procura.ShippingMethod, error) {
	return shippingMethodKind.get(ctx, a, c, r)
}

// QueryShippingMethods pages through the project's shipping methods.
func (a *App) QueryShippingMethods(ctx context.Context, c Caller, q Query) (*Page, error) {
	return shippingMethodKind.query(ctx, a, c, q)
}

// UpdateShippingMethod applies shipping method update actions.
func (a *App) UpdateShippingMethod(ctx context.Context, c Caller, r Ref, u procura.Update) (*procura.ShippingMethod, error) {
	return shippingMethodKind.update(ctx, a, c, r, u, func(l *lookup, m *procura.ShippingMethod, raw json.RawMessage) error {
		return m.Apply(raw, a.change(l))
	})
}

// DeleteShippingMethod deletes a shipping method; carts that ship by it keep their shipping
// info, which no longer matches them.
func (a *App) DeleteShippingMethod(ctx context.Context, c Caller, r Ref, version int64) (*procura.ShippingMethod, error) {
	return shippingMethodKind.remove(ctx, a, c, r, version, func(*lookup, *procura.ShippingMethod) error { return nil })
}

// create builds a resource in a write transaction and inserts it.
func create[T any, P resourcePtr[T]](ctx context.Context, a *App, c Caller, k kind[T, P], build func(l *lookup) (P, error)) (P, error) {
	var out P
	err := a.write(ctx, c, func(l *lookup) error {
		v, err := build(l)
		if err != nil {
			return err
		}
		out = v
		return k.insert(l.docs, v)
	})
	return out, err
}

// TaxCategory resolves a reference to a tax category (procura.Rates).
func (l *lookup) TaxCategory(field string, ri procura.ResourceIdentifier) (*procura.TaxCategory, error) {
	return decodedRef[procura.TaxCategory](l, field, procura.TypeTaxCategory, ri)
}

// Zone resolves a reference to a zone (procura.Rates).
func (l *lookup) Zone(field string, ri procura.ResourceIdentifier) (*procura.Zone, error) {
	return decodedRef[procura.Zone](l, field, procura.TypeZone, ri)
}

// ShippingMethod resolves a reference to a shipping method (procura.Rates).
func (l *lookup) ShippingMethod(field string, ri procura.ResourceIdentifier) (*procura.ShippingMethod, error) {
	return decodedRef[procura.ShippingMethod](l, field, procura.TypeShippingMethod, ri)
}

func decodedRef[T any](l *lookup, field, typ string, ri procura.ResourceIdentifier) (*T, error) {
	doc, err := l.doc(field, typ, ri)
	if err != nil {
		return nil, err
	}
	v := new(T)
	return v, json.Unmarshal(doc.Data, v)
}

// CheckPredicate validates a shipping method's predicate: a cart predicate, in the dialect of
// approval rules (procura.Rates).
func (l *lookup) CheckPredicate(field, src string) error { return checkPredicate(src) }

// ShippingRateInputType is the project's (procura.Rates).
func (l *lookup) ShippingRateInputType() (*procura.ShippingRateInputType, error) {
	p, err := l.project()
	if err != nil {
		return nil, err
	}
	return p.ShippingRateInputType, nil
}

// Matches evaluates a cart predicate against a cart (procura.Rates).
func (l *lookup) Matches(src string, c *procura.Cart) (bool, error) {
	p, err := parsePredicate(src)
	if err != nil {
		return false, err
	}
	return p.Eval(orderView(&procura.Order{TotalPrice: c.TotalPrice, Country: c.Country, CustomerID: c.CustomerID,
		CustomerEmail: c.CustomerEmail, PurchaseOrderNumber: c.PurchaseOrderNumber, ShippingAddress: c.ShippingAddress,
		BillingAddress: c.BillingAddress, BusinessUnit: c.BusinessUnit, Store: c.Store, Custom: c.Custom, LineItems: c.LineItems, CustomLineItems: c.CustomLineItems})), nil
}

// parsePredicate parses a shipping method's predicate (checked when it was set).
func parsePredicate(src string) (*predicate.Predicate, error) {
	if err := checkPredicate(src); err != nil {
		return nil, err
	}
	return predicate.Parse(src)
}

// projectRounding gives a draft without a taxRoundingMode or a priceRoundingMode the project's
// (carts.taxRoundingMode, carts.priceRoundingMode), as the reference does.
func projectRounding(l *lookup, d *procura.CartDraft) error {
	if d.TaxRoundingMode != "" && d.PriceRoundingMode != "" {
		return nil
	}
	p, err := l.project()
	if err != nil {
		return err
	}
	d.TaxRoundingMode = or(d.TaxRoundingMode, p.Carts.TaxRoundingMode)
	d.PriceRoundingMode = or(d.PriceRoundingMode, p.Carts.PriceRoundingMode)
	return nil
}
