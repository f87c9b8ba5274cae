package app

import (
	"context"
	"encoding/json"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

var unitKind = kind[procura.BusinessUnit, *procura.BusinessUnit]{
	lock:   unitsLock,
	typ:    procura.TypeBusinessUnit,
	index:  unitIndex,
	derive: deriveUnit,
	decode: (*lookup).decodeUnit,
	shown:  showUnit,
	stored: stored,
	pages:  func(l *lookup) finder { return unitPages{l} },
	afterSave: func(a *App, l *lookup, u *procura.BusinessUnit) error {
		if err := regroupMoved(a, l, u); err != nil {
			return err
		}
		chain, err := l.chain(u)
		if err != nil {
			return err
		}
		return a.syncCompanyGroups(l, "", topLevel(chain), u.TopLevelUnit.Key) // now, and before a move
	},
}

// regroupMoved: a unit that changed company (a new parent in another company, or a Division
// become a Company) takes its carts, orders and quotes, and those of its divisions, into the new
// company's listings. TopLevelUnit still holds the company it was loaded in.
func regroupMoved(_ *App, l *lookup, u *procura.BusinessUnit) error {
	chain, err := l.chain(u)
	if err != nil {
		return err
	}
	company := topLevel(chain)
	if u.TopLevelUnit.Key == "" || u.TopLevelUnit.Key == company {
		return nil
	}
	below, err := l.docs.Descendants(procura.TypeBusinessUnit, u.Key)
	if err != nil {
		return err
	}
	units := []string{u.Key}
	for _, d := range below {
		units = append(units, d.Key)
	}
	return l.docs.Regroup(groupedTypes, units, company)
}

// groupedTypes are the types listed under their company (Doc.Group). Approval flows keep a
// company too, but are listed by unit only.
var groupedTypes = []string{procura.TypeCart, procura.TypeOrder, procura.TypeQuoteRequest, procura.TypeQuote, procura.TypeShoppingList}

// unitIndex stores a unit's parent and what it references: its customers, roles and stores.
func unitIndex(u *procura.BusinessUnit) store.Doc {
	d := store.Doc{Key: u.Key, Refs: []store.Ref{}}
	if u.ParentUnit != nil {
		d.Parent = u.ParentUnit.Key
	}
	for _, as := range u.Associates {
		d.Refs = append(d.Refs, store.Ref{Type: procura.TypeCustomer, ID: as.Customer.ID})
		for _, ra := range as.AssociateRoleAssignments {
			d.Refs = append(d.Refs, store.Ref{Type: procura.TypeAssociateRole, ID: ra.AssociateRole.Key})
		}
	}
	for _, s := range u.Stores {
		d.Refs = append(d.Refs, store.Ref{Type: procura.TypeStore, ID: s.Key})
	}
	for _, g := range u.CustomerGroupAssignments { // a group still in use is not deleted
		d.Refs = append(d.Refs, store.Ref{Type: procura.TypeCustomerGroup, ID: g.CustomerGroup.ID})
	}
	return d
}

// deriveUnit computes the fields that follow from the unit's ancestors, so that every read shows
// the hierarchy as it is now.
func deriveUnit(l *lookup, u *procura.BusinessUnit) error {
	u.IndexAssociates()
	chain, err := l.chain(u)
	if err != nil {
		return err
	}
	procura.Derive(chain)
	return nil
}

// stored returns the unit as it is stored: without the derived fields.
func stored(u *procura.BusinessUnit) *procura.BusinessUnit {
	c := *u
	c.InheritedAssociates, c.InheritedStores = nil, nil
	return &c
}

// CreateBusinessUnit creates a Company or a Division.
func (a *App) CreateBusinessUnit(ctx context.Context, c Caller, d procura.BusinessUnitDraft) (*procura.BusinessUnit, error) {
	var u *procura.BusinessUnit
	err := a.write(ctx, c, func(l *lookup) error {
		var err error
		if u, err = a.insertUnit(l, inStoreUnit(c, d)); err != nil {
			return err
		}
		if unitInStore(c.Store, u, Ref{}) != nil {
			return procura.InvalidInput("A business unit created in the store '%s' must have that store among its stores.", c.Store)
		}
		return nil
	})
	return u, err
}

// unitsLock serializes the writes that could break the business-unit tree or leave a deleted
// role, store or customer referenced by a unit.
const unitsLock = "business-units"

// insertUnit validates a draft and stores the unit.
func (a *App) insertUnit(l *lookup, d procura.BusinessUnitDraft) (*procura.BusinessUnit, error) {
	if err := l.docs.Lock(unitsLock); err != nil {
		return nil, err
	}
	if _, err := l.docs.GetByKey(procura.TypeBusinessUnit, d.Key); err == nil {
		return nil, procura.DuplicateField("key", d.Key)
	}
	u, err := procura.NewBusinessUnit(d, a.NewID(), a.change(l))
	if err != nil {
		return nil, err
	}
	if err := unitKind.insert(l.docs, u); err != nil {
		return nil, err
	}
	if err := deriveUnit(l, u); err != nil {
		return nil, err
	}
	return u, a.syncCompanyGroups(l, "", u.TopLevelUnit.Key)
}

// GetBusinessUnit returns the unit r names.
func (a *App) GetBusinessUnit(ctx context.Context, c Caller, r Ref) (*procura.BusinessUnit, error) {
	var u *procura.BusinessUnit
	err := a.read(ctx, c.ProjectKey, func(l *lookup) error {
		var err error
		u, err = l.unitRef(r) // by key: the unit and its ancestors in one query
		return err
	})
	if err != nil {
		return nil, err
	}
	return u, unitInStore(c.Store, u, r)
}

// ShowBusinessUnit is the unit r names as answers show it: GetBusinessUnit encoded, or the JSON
// the node keeps of it while it and its ancestors are unchanged (showUnit).
func (a *App) ShowBusinessUnit(ctx context.Context, c Caller, r Ref) (json.RawMessage, error) {
	if c.Store != "" { // whether the unit is in the store follows from its derived stores
		u, err := a.GetBusinessUnit(ctx, c, r)
		if err != nil {
			return nil, err
		}
		return json.Marshal(u)
	}
	var out json.RawMessage
	err := a.read(ctx, c.ProjectKey, func(l *lookup) error {
		u, err := l.unitNamed(r)
		if err == nil {
			out, err = l.shownUnit(u)
		}
		return err
	})
	return out, err
}

// QueryBusinessUnits pages through the project's units; predicates see the derived fields.
func (a *App) QueryBusinessUnits(ctx context.Context, c Caller, q Query) (*Page, error) {
	return unitKind.query(ctx, a, c, narrowed(c, q, inStoreUnitWhere(c.Store)))
}

// UpdateBusinessUnit applies update actions, all or nothing.
func (a *App) UpdateBusinessUnit(ctx context.Context, c Caller, r Ref, u procura.Update) (*procura.BusinessUnit, error) {
	return unitKind.updateAs(ctx, a, c, r, u, func(l *lookup, bu *procura.BusinessUnit) (func(json.RawMessage) error, error) {
		if err := unitInStore(c.Store, bu, r); err != nil {
			return nil, err
		}
		return func(raw json.RawMessage) error { return bu.Apply(raw, a.change(l)) }, nil
	})
}

// DeleteBusinessUnit deletes a unit without divisions (else ReferenceExists).
func (a *App) DeleteBusinessUnit(ctx context.Context, c Caller, r Ref, version int64) (*procura.BusinessUnit, error) {
	return unitKind.remove(ctx, a, c, r, version, func(l *lookup, u *procura.BusinessUnit) error {
		if err := unitInStore(c.Store, u, r); err != nil {
			return err
		}
		kids, err := l.docs.Children(procura.TypeBusinessUnit, u.Key)
		if err != nil {
			return err
		}
		if len(kids) > 0 {
			return procura.ReferenceExists(procura.TypeBusinessUnit, "The business unit '%s' has divisions; delete or move them first.", u.Key)
		}
		if u.ParentUnit == nil {
			return a.emptyCompanyGroup(l, u)
		}
		// The division's associates leave the company's group unless they are in it elsewhere.
		return a.syncCompanyGroups(l, u.ID, u.TopLevelUnit.Key)
	})
}

// AssociateAccess is the BusinessUnitAssociateResponse: a customer's roles and permissions in a unit.
type AssociateAccess struct {
	Customer                procura.Reference        `json:"customer"`
	AssociateRoles          []*procura.AssociateRole `json:"associateRoles"`
	InheritedAssociateRoles []*procura.AssociateRole `json:"inheritedAssociateRoles"`
	Permissions             []procura.Permission     `json:"permissions"`
}

// AssociateAccess returns the explicit and inherited roles of customerID in the unit r names and
// the union of their permissions. A customer who is no associate there gets ResourceNotFound.
func (a *App) AssociateAccess(ctx context.Context, c Caller, r Ref, customerID string) (*AssociateAccess, error) {
	var out *AssociateAccess
	err := a.read(ctx, c.ProjectKey, func(l *lookup) error {
		u, _, err := unitKind.load(l, r)
		if err == nil {
			err = unitInStore(c.Store, u, r)
		}
		if err != nil {
			return err
		}
		chain, err := l.chain(u)
		if err != nil {
			return err
		}
		if !procura.IsAssociate(customerID, chain) {
			return procura.NotFound(customerID)
		}
		out, err = associateAccess(l, u, customerID, chain)
		return err
	})
	return out, err
}

func associateAccess(l *lookup, u *procura.BusinessUnit, customerID string, chain []*procura.BusinessUnit) (*AssociateAccess, error) {
	roles, err := rolePermissions(l)
	if err != nil {
		return nil, err
	}
	out := &AssociateAccess{Customer: procura.Reference{TypeID: procura.TypeCustomer, ID: customerID},
		AssociateRoles: []*procura.AssociateRole{}, InheritedAssociateRoles: []*procura.AssociateRole{},
		Permissions: procura.Permissions(customerID, chain, roles).List()}
	if as := u.Associate(customerID); as != nil {
		for _, ra := range as.AssociateRoleAssignments {
			role, err := l.Role("associateRole", procura.ResourceIdentifier{Key: ra.AssociateRole.Key})
			if err != nil {
				return nil, err
			}
			out.AssociateRoles = append(out.AssociateRoles, role)
		}
	}
	seen := map[string]bool{}
	for _, ia := range u.InheritedAssociates {
		if ia.Customer.ID != customerID {
			continue
		}
		for _, ra := range ia.AssociateRoleAssignments {
			if seen[ra.AssociateRole.Key] {
				continue
			}
			seen[ra.AssociateRole.Key] = true
			role, err := l.Role("associateRole", procura.ResourceIdentifier{Key: ra.AssociateRole.Key})
			if err != nil {
				return nil, err
			}
			out.InheritedAssociateRoles = append(out.InheritedAssociateRoles, role)
		}
	}
	return out, nil
}
