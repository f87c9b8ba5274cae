package app

import (
	"context"
	"encoding/json"

	"github.com/procura/procura"
)

// MaxShippingMethods bounds the shipping methods the matching endpoints look through.
const MaxShippingMethods = 1000

// Location is where matching-location looks for shipping methods, and in which currency.
type Location struct {
	Country, State, Currency string
}

// MatchingCart lists the shipping methods that match the cart cartID names (see
// procura.Cart.MatchRate), each with only the zones and the rate that match it. The caller must
// be able to view the cart.
func (a *App) MatchingCart(ctx context.Context, c Caller, who Acting, cartID string) (*Page, error) {
	return a.matchingCart(ctx, c, who, cartID, nil)
}

// MatchingCartLocation is MatchingCart for the cart shipped to loc instead of its shipping
// address (loc's currency is the cart's).
func (a *App) MatchingCartLocation(ctx context.Context, c Caller, who Acting, cartID string, loc Location) (*Page, error) {
	if loc.Country == "" {
		return nil, procura.RequiredField("country")
	}
	return a.matchingCart(ctx, c, who, cartID, &loc)
}

func (a *App) matchingCart(ctx context.Context, c Caller, who Acting, cartID string, loc *Location) (*Page, error) {
	if cartID == "" {
		return nil, procura.RequiredField("cartId")
	}
	var page *Page
	err := a.viewing(ctx, c, who, func(l *lookup, x *access) error {
		doc, err := x.loadDoc(l, procura.TypeCart, procura.ViewCarts, Ref{ID: cartID})
		if err != nil {
			return err
		}
		cart := &procura.Cart{}
		if err := json.Unmarshal(doc.Data, cart); err != nil {
			return err
		}
		if loc != nil {
			cart.ShippingAddress = &procura.Address{Country: loc.Country, State: loc.State}
		}
		if cart.ShippingAddress == nil {
			return procura.InvalidOperation("The cart '%s' has no shipping address: no shipping method can match it.", cart.ID)
		}
		ch := a.cartChange(l)
		page, err = a.matching(l, c, func(m *procura.ShippingMethod) (*procura.ShippingRate, []string, error) {
			r, err := cart.MatchRate(m, ch)
			if procura.ErrorCode(err) == procura.CodeInvalidOperation {
				return nil, nil, nil
			}
			if err != nil {
				return nil, nil, err
			}
			zones, err := zonesContaining(l, m, cart.ShippingAddress.Country, cart.ShippingAddress.State)
			return r, zones, err
		}, cart.MarkTiers)
		return err
	})
	return page, err
}

// MatchingLocation lists the active shipping methods with a zone holding the location (and a
// rate in its currency, when it names one), each with only those zones and rates.
func (a *App) MatchingLocation(ctx context.Context, c Caller, loc Location) (*Page, error) {
	if loc.Country == "" {
		return nil, procura.RequiredField("country")
	}
	if loc.Currency != "" {
		if err := procura.CheckCurrency("currency", loc.Currency); err != nil {
			return nil, err
		}
	}
	var page *Page
	err := a.read(ctx, c.ProjectKey, func(l *lookup) error {
		var err error
		page, err = a.matching(l, c, func(m *procura.ShippingMethod) (*procura.ShippingRate, []string, error) {
			if !m.Active {
				return nil, nil, nil
			}
			zones, err := zonesContaining(l, m, loc.Country, loc.State)
			if err != nil || len(zones) == 0 {
				return nil, nil, err
			}
			if loc.Currency == "" {
				return &procura.ShippingRate{}, zones, nil
			}
			return m.RateFor(zones, loc.Currency), zones, nil
		}, nil)
		return err
	})
	return page, err
}

// matching pages the shipping methods of the project (in the caller's store, on an in-store
// path) that match says a rate of, with their zone rates narrowed to the zones matching names and
// to that rate's currency (every currency for a rate without one), flagged isMatching, their
// tiers marked by mark (nil: not marked).
func (a *App) matching(l *lookup, c Caller, match func(m *procura.ShippingMethod) (*procura.ShippingRate, []string, error),
	mark func(*procura.ShippingRate)) (*Page, error) {
	all, err := shippingMethodKind.all(l)
	if err != nil {
		return nil, err
	}
	if len(all) > MaxShippingMethods {
		return nil, procura.LimitExceeded("shipping-method", "Procura matches at most %d shipping methods.", MaxShippingMethods)
	}
	page := &Page{Results: []map[string]any{}}
	for _, m := range all {
		if c.Store != "" && !m.InStore(c.Store) {
			continue // an in-store path lists the store's methods
		}
		r, zones, err := match(m)
		if err != nil {
			return nil, err
		}
		if r == nil {
			continue
		}
		narrow(m, zones, r.Price.CurrencyCode, mark)
		raw, err := json.Marshal(m)
		if err != nil {
			return nil, err
		}
		var obj map[string]any
		if err := json.Unmarshal(raw, &obj); err != nil {
			return nil, err
		}
		page.Results = append(page.Results, obj)
	}
	page.Count, page.Limit = len(page.Results), max(len(page.Results), DefaultLimit)
	total := page.Count
	page.Total = &total
	return page, nil
}

// narrow keeps the zone rates of zones, and their rates in currency ("": all), flagged
// isMatching, their tiers marked by mark (if any).
func narrow(m *procura.ShippingMethod, zones []string, currency string, mark func(*procura.ShippingRate)) {
	yes := true
	kept := []procura.ZoneRate{}
	for _, zr := range m.ZoneRates {
		if !contains(zones, zr.Zone.ID) {
			continue
		}
		rates := []procura.ShippingRate{}
		for _, r := range zr.ShippingRates {
			if currency == "" || r.Price.CurrencyCode == currency {
				r.IsMatching = &yes
				if mark != nil {
					mark(&r)
				}
				rates = append(rates, r)
			}
		}
		zr.ShippingRates = rates
		kept = append(kept, zr)
	}
	m.ZoneRates = kept
}

// zonesContaining lists the zones of m that hold country and state.
func zonesContaining(l *lookup, m *procura.ShippingMethod, country, state string) ([]string, error) {
	var ids []string
	for _, zr := range m.ZoneRates {
		z, err := l.Zone("zone", procura.ResourceIdentifier{ID: zr.Zone.ID})
		if procura.ErrorCode(err) == procura.CodeReferencedResourceNotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		if z.Contains(country, state) {
			ids = append(ids, z.ID)
		}
	}
	return ids, nil
}
