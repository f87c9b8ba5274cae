package app

import (
	"context"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// QueryCarts pages through the carts the caller may view, newest first.
func (a *App) QueryCarts(ctx context.Context, c Caller, who Acting, q Query) (*Page, error) {
	return a.queryB2B(ctx, c, who, q, procura.TypeCart, procura.ViewCarts)
}

// QueryOrders pages through the orders the caller may view, newest first. Through /me with a
// token bound to a unit, these are the company's orders the customer may see (their own, and
// their colleagues' in the units where they hold ViewOthersOrders); otherwise their own.
func (a *App) QueryOrders(ctx context.Context, c Caller, who Acting, q Query) (*Page, error) {
	if who.Kind == procura.AsMe && c.BusinessUnit != "" {
		return a.QueryCompanyOrders(ctx, c, MeIn(c, c.BusinessUnit), inStoreQuery(c, q), CompanyFilter{Company: true})
	}
	return a.queryB2B(ctx, c, who, q, procura.TypeOrder, procura.ViewOrders)
}

func (a *App) queryB2B(ctx context.Context, c Caller, who Acting, q Query, typ string, right procura.Right) (*Page, error) {
	q = inStoreQuery(c, q)
	var page *Page
	err := a.viewing(ctx, c, who, func(l *lookup, x *access) error {
		f, err := x.filter(typ, right)
		if err != nil {
			return err
		}
		page, err = a.findPage(l.docs, f, q, nil)
		return err
	})
	return page, err
}

// filter selects what the caller may view of a type, as a read of each result would decide: on
// /me their own; as an associate, in the path's unit, what procura.Actor.CanList allows.
func (x *access) filter(typ string, right procura.Right) (store.Filter, error) {
	f := store.Filter{Type: typ}
	switch {
	case x.seller():
	case x.Kind == procura.AsAnonymous:
		f.Owner, f.NoParent = x.Owner(), true  // as a read decides: outside every unit
		return f, x.Can(right, nil, x.Owner()) // its carts, and nothing else
	case x.Kind == procura.AsMe:
		f.Owner, f.Group = x.CustomerID, x.Company
	default:
		chain, err := x.chainOf(x.path)
		if err != nil {
			return f, err
		}
		if chain == nil {
			return f, procura.AssociateMissingPermission(x.CustomerID, x.path, right.Action, right.My, right.Others)
		}
		f.Parents = []string{}
		if err := x.visible(&f, chain, right); err != nil {
			return f, err
		}
	}
	return f, nil
}

// visible adds chain[0] to a filter with what the caller may list there: all of its resources,
// their own, or their colleagues'.
func (x *access) visible(f *store.Filter, chain []*procura.BusinessUnit, right procura.Right) error {
	mine, others, err := x.CanList(right, chain)
	if err != nil {
		return err
	}
	key := chain[0].Key
	f.Owner = x.CustomerID
	switch {
	case mine && others:
		f.Parents = append(f.Parents, key)
	case mine:
		f.OwnedParents = append(f.OwnedParents, key)
	default:
		f.OthersParents = append(f.OthersParents, key)
	}
	return nil
}

// CompanyFilter narrows the company orders: to one unit of the tree, to some states.
type CompanyFilter struct {
	Unit    string
	States  []string
	Company bool // the whole company of the unit, not only the unit and its divisions
}

// QueryCompanyOrders lists, newest first, every order the associate may see in a unit and its
// divisions (a Procura extension): in each unit, all its orders where the associate holds
// ViewOthersOrders there (inheritance honoured unit by unit), only their own where they hold
// ViewMyOrders, none elsewhere.
func (a *App) QueryCompanyOrders(ctx context.Context, c Caller, who Acting, q Query, cf CompanyFilter) (*Page, error) {
	var page *Page
	err := a.viewing(ctx, c, who, func(l *lookup, x *access) error {
		root, err := x.unit(Ref{Key: who.UnitKey})
		if err != nil {
			return err
		}
		if cf.Company {
			// The whole company, whether or not the associate acts for the Company itself.
			top := root.chain[len(root.chain)-1]
			root = &unitAccess{unit: top, chain: []*procura.BusinessUnit{top}}
		}
		f := store.Filter{Type: procura.TypeOrder, Group: topLevel(root.chain), States: cf.States}
		if err := x.visibleTree(&f, root, cf.Unit); err != nil {
			return err
		}
		page, err = a.findPage(l.docs, f, q, nil)
		return err
	})
	return page, err
}

// visibleTree adds root and every unit below it (or only the unit named only, if set) to the
// filter, each with what the actor may see there. The units below root are read in one query.
func (x *access) visibleTree(f *store.Filter, root *unitAccess, only string) error {
	below, err := x.l.docs.Descendants(procura.TypeBusinessUnit, root.unit.Key)
	if err != nil {
		return err
	}
	units := []*procura.BusinessUnit{root.unit}
	for _, doc := range below {
		u, err := x.l.remember(doc)
		if err != nil {
			return err
		}
		units = append(units, u)
	}
	f.Parents, f.OwnedParents, f.OthersParents = []string{}, []string{}, []string{}
	for _, u := range units {
		if only != "" && only != u.Key {
			continue
		}
		chain, err := x.l.chain(u)
		if err != nil {
			return err
		}
		err = x.visible(f, chain, procura.ViewOrders)
		if err != nil && procura.ErrorCode(err) != procura.CodeAssociateMissingPermission {
			return err
		}
	}
	return nil
}
