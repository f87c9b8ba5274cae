package app

import (
	"context"
	"encoding/json"
	"math"
	"slices"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// QueryCarts pages through the carts the caller may view, newest first.
func (a *App) QueryCarts(ctx context.Context, c Caller, who Acting, q Query) (*Page, error) {
	return a.queryB2B(ctx, c, who, q, procura.TypeCart, viewCarts)
}

// QueryOrders pages through the orders the caller may view, newest first. Through /me with a
// token bound to a unit, these are the company's orders the customer may see (their own, and
// their colleagues' in the units where they hold ViewOthersOrders); otherwise their own.
func (a *App) QueryOrders(ctx context.Context, c Caller, who Acting, q Query) (*Page, error) {
	if who.Me && c.BusinessUnit != "" {
		return a.QueryCompanyOrders(ctx, c, Acting{CustomerID: c.CustomerID, UnitKey: c.BusinessUnit}, q, CompanyFilter{Company: true})
	}
	return a.queryB2B(ctx, c, who, q, procura.TypeOrder, viewOrders)
}

func (a *App) queryB2B(ctx context.Context, c Caller, who Acting, q Query, typ string, o op) (*Page, error) {
	var page *Page
	err := a.acting(ctx, c, who, false, func(l *lookup, x *access) error {
		f, err := x.filter(typ, o)
		if err != nil {
			return err
		}
		page, err = findPage(l.docs, f, q)
		return err
	})
	return page, err
}

// filter selects what the caller may view of a type. An associate who may view none of them in
// the unit is refused (403) rather than shown an empty list.
func (x *access) filter(typ string, o op) (store.Filter, error) {
	f := store.Filter{Type: typ}
	switch {
	case x.actor == nil:
	case x.me:
		f.Owner, f.Group = x.actor.customerID, x.actor.company
	default:
		ua, err := x.actor.access(Ref{Key: x.unitKey})
		if procura.ErrorCode(err) == procura.CodeResourceNotFound {
			return f, procura.AssociateMissingPermission(x.actor.customerID, x.unitKey, o.name, o.my, o.others)
		}
		if err != nil {
			return f, err
		}
		if !ua.perms.HasAny(o.my, o.others) {
			return f, procura.AssociateMissingPermission(x.actor.customerID, x.unitKey, o.name, o.my, o.others)
		}
		x.actor.visible(&f, ua, o)
	}
	return f, nil
}

// visible adds a unit to a filter: all of it with the Others permission, the actor's own with
// the My permission, nothing without.
func (ac *actor) visible(f *store.Filter, ua *unitAccess, o op) {
	if f.Parents == nil {
		f.Parents, f.OwnedParents = []string{}, []string{}
	}
	switch {
	case ua.perms.Has(o.others):
		f.Parents = append(f.Parents, ua.unit.Key)
	case ua.perms.Has(o.my):
		f.OwnedParents = append(f.OwnedParents, ua.unit.Key)
		f.Owner = ac.customerID
	}
}

// findPage pages through the documents f selects, newest first: in the database when q has no
// where or sort, else by filtering and sorting them in memory. private names stored fields that
// responses leave out; without any, a database page is sent as stored.
func findPage(d store.Docs, f store.Filter, q Query, private ...string) (*Page, error) {
	if _, _, err := q.compile(); err != nil {
		return nil, err
	}
	if len(q.Where) == 0 && len(q.Sort) == 0 {
		f.Limit, f.Offset, f.Count = q.Limit, q.Offset, q.WithTotal
		docs, total, err := d.Find(f)
		if err != nil {
			return nil, err
		}
		page := &Page{Limit: q.Limit, Offset: q.Offset, Count: len(docs)}
		if len(private) == 0 {
			page.raw = make([]json.RawMessage, len(docs))
			for i, doc := range docs {
				page.raw[i] = doc.Data
			}
		} else {
			page.Results = publicMaps(docs, private)
		}
		if q.WithTotal {
			page.Total = &total
		}
		return page, nil
	}
	f.Limit = math.MaxInt32
	var docs []*store.Doc
	var err error
	if f.Group == "" && f.Parents == nil && f.Owner == "" {
		err = d.Scan(f.Type, func(doc *store.Doc) error { docs = append(docs, doc); return nil })
		slices.Reverse(docs)
	} else {
		docs, _, err = d.Find(f)
	}
	if err != nil {
		return nil, err
	}
	return q.run(publicMaps(docs, private))
}

// publicMaps decodes documents as responses show them: without their private fields.
func publicMaps(docs []*store.Doc, private []string) []map[string]any {
	out := docMaps(docs)
	for _, m := range out {
		for _, field := range private {
			delete(m, field)
		}
	}
	return out
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
	err := a.read(ctx, c.ProjectKey, func(_ store.Tx, d store.Docs) error {
		l := &lookup{docs: d}
		ac, err := newActor(l, c, who.CustomerID)
		if err != nil {
			return err
		}
		root, err := ac.access(Ref{Key: who.UnitKey})
		if err != nil {
			return err
		}
		if cf.Company {
			// The whole company, whether or not the associate acts for the Company itself.
			top := root.chain[len(root.chain)-1]
			root = &unitAccess{unit: top, chain: []*procura.BusinessUnit{top}}
		}
		f := store.Filter{Type: procura.TypeOrder, Group: topLevel(root.chain), States: cf.States}
		if err := ac.visibleTree(&f, root, cf.Unit); err != nil {
			return err
		}
		page, err = findPage(d, f, q)
		return err
	})
	return page, err
}

// visibleTree adds root and every unit below it (or only the unit named only, if set) to the
// filter, each with what the actor may see there. The units below root are read in one query.
func (ac *actor) visibleTree(f *store.Filter, root *unitAccess, only string) error {
	below, err := ac.l.docs.Descendants(procura.TypeBusinessUnit, root.unit.Key)
	if err != nil {
		return err
	}
	units := []*procura.BusinessUnit{root.unit}
	for _, doc := range below {
		u, err := ac.l.remember(doc)
		if err != nil {
			return err
		}
		units = append(units, u)
	}
	f.Parents, f.OwnedParents = []string{}, []string{}
	for _, u := range units {
		if only != "" && only != u.Key {
			continue
		}
		ua, err := ac.accessTo(u, u.Key)
		if err == nil {
			ac.visible(f, ua, viewOrders)
		} else if procura.ErrorCode(err) != procura.CodeResourceNotFound {
			return err
		}
	}
	return nil
}
