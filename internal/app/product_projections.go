package app

import (
	"context"
	"encoding/json"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// Product projections: the catalog as storefronts read it, computed from the stored product at
// read time (current or staged, with each variant's selected price).

// ProjectionOptions are the parameters of a projection read: staged (the staged view, which
// needs view_products; else only published products, their current view), the price selection
// (priceCurrency, priceCountry; priceCustomerGroup and priceChannel select as without them, for
// Procura's prices have neither) and storeProjection (a store that must exist; Procura's stores
// hold no product selections, so it narrows nothing).
type ProjectionOptions struct {
	Staged                                    bool
	Currency, Country, CustomerGroup, Channel string
	Store                                     string
}

// check validates the options for the caller.
func (o ProjectionOptions) check(l *lookup, c Caller) error {
	if o.Staged && (c.CustomerID != "" || !c.Scopes.Allows("view_products", c.ProjectKey)) {
		return procura.Forbidden("The staged projection is the seller's: it needs an API client's token with the scope view_products.")
	}
	if o.Currency != "" {
		if err := procura.CheckCurrency("priceCurrency", o.Currency); err != nil {
			return err
		}
	} else if o.Country != "" || o.CustomerGroup != "" || o.Channel != "" {
		return procura.InvalidInput("Price selection needs priceCurrency beside priceCountry, priceCustomerGroup or priceChannel.")
	}
	if o.Store != "" {
		if _, err := getDoc(l.docs, procura.TypeStore, Ref{Key: o.Store}); err != nil {
			return procura.InvalidField("storeProjection", o.Store)
		}
	}
	return nil
}

func (a *App) projectionOf(p *procura.Product, o ProjectionOptions) *procura.ProductProjection {
	return p.Projection(o.Staged, procura.PriceSelection{Currency: o.Currency, Country: o.Country, Now: a.Now()})
}

// GetProductProjection returns the projection of the product r names; without staged, an
// unpublished product is not found.
func (a *App) GetProductProjection(ctx context.Context, c Caller, r Ref, o ProjectionOptions) (*procura.ProductProjection, error) {
	var out *procura.ProductProjection
	err := a.read(ctx, c.ProjectKey, func(l *lookup) error {
		if err := o.check(l, c); err != nil {
			return err
		}
		p, _, err := productKind.load(l, r)
		if err != nil {
			return err
		}
		if !o.Staged && !p.MasterData.Published {
			return procura.NotFound(r.String())
		}
		out = a.projectionOf(p, o)
		return nil
	})
	return out, err
}

// QueryProductProjections pages through the projections of the project's products (without
// staged, the published ones). Predicates and sort keys apply to the projections; id and key are
// answered from indexes, the rest within the query budget.
func (a *App) QueryProductProjections(ctx context.Context, c Caller, q Query, o ProjectionOptions) (*Page, error) {
	if !o.Staged {
		q = q.narrow("published = true")
	}
	var page *Page
	err := a.read(ctx, c.ProjectKey, func(l *lookup) error {
		if err := o.check(l, c); err != nil {
			return err
		}
		f := store.Filter{Type: procura.TypeProduct, Sort: []store.SortBy{{Column: store.ColumnInserted}}}
		var err error
		page, err = a.findPage(l.docs, f, q, func(docs []*store.Doc) ([]json.RawMessage, error) {
			out := make([]json.RawMessage, 0, len(docs))
			for _, doc := range docs {
				p, err := productKind.decoded(l, doc)
				if err != nil {
					return nil, err
				}
				raw, err := json.Marshal(a.projectionOf(p, o))
				if err != nil {
					return nil, err
				}
				out = append(out, raw)
			}
			return out, nil
		})
		return err
	})
	return page, err
}
