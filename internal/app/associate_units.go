package app

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// The business units of an acting associate: /me/business-units (the customer of the token) and
// /as-associate/{id}/business-units (the customer in the path). Both check the associate's
// Business Unit permissions; a customer's own token gets the restricted draft and actions of /me
// on either route, a trusted backend the reference's full set; the company boundary is the
// seller's to cross.

// QueryAssociateUnits pages through the units the caller acts for (explicitly or by inheritance).
func (a *App) QueryAssociateUnits(ctx context.Context, c Caller, who Acting, q Query) (*Page, error) {
	var page *Page
	err := a.viewing(ctx, c, who, func(_ *lookup, x *access) error {
		units, err := x.visibleUnits()
		if err != nil {
			return err
		}
		page, err = runQuery(q, units)
		return err
	})
	return page, err
}

// visibleUnits returns every unit the caller acts for: those that name them as an associate
// (found through the references units keep of their customers), and the units below those, which
// may inherit them. The other units of the project are never read.
func (x *access) visibleUnits() ([]*procura.BusinessUnit, error) {
	refs, err := x.l.docs.ReferencedBy(store.Ref{Type: procura.TypeCustomer, ID: x.CustomerID}, DefaultQueryBudget)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, r := range refs {
		if r.Type != procura.TypeBusinessUnit || slices.Contains(ids, r.ID) {
			continue
		}
		doc, err := x.l.docs.Get(procura.TypeBusinessUnit, r.ID)
		if err != nil {
			return nil, err
		}
		below, err := x.l.docs.Descendants(procura.TypeBusinessUnit, doc.Key)
		if err != nil {
			return nil, err
		}
		ids = append(ids, doc.ID)
		for _, d := range below {
			if !slices.Contains(ids, d.ID) {
				ids = append(ids, d.ID)
			}
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	docs, _, err := x.l.docs.Find(store.Filter{Type: procura.TypeBusinessUnit, Limit: len(ids),
		Conds: []store.Cond{{Column: store.ColumnID, Op: "in", Values: ids}}, Sort: []store.SortBy{{Column: store.ColumnInserted}}})
	if err != nil {
		return nil, err
	}
	var out []*procura.BusinessUnit
	for _, doc := range docs {
		u, err := x.l.remember(doc)
		if err != nil {
			return nil, err
		}
		chain, err := x.l.chain(u)
		if err != nil {
			return nil, err
		}
		if x.ActsFor(chain) {
			procura.Derive(chain)
			out = append(out, u)
		}
	}
	return out, nil
}

// GetAssociateUnit returns a unit the caller acts for; any other is ResourceNotFound.
func (a *App) GetAssociateUnit(ctx context.Context, c Caller, who Acting, r Ref) (*procura.BusinessUnit, error) {
	var out *procura.BusinessUnit
	err := a.viewing(ctx, c, who, func(_ *lookup, x *access) error {
		ua, err := x.unit(r)
		if ua != nil {
			out = ua.unit
		}
		return err
	})
	return out, err
}

// UpdateAssociateUnit applies update actions as the caller, each needing its Business Unit
// permission (UpdateAssociates, UpdateParentUnit, UpdateBusinessUnitDetails). A customer's own
// token may use only the actions of /me; no buyer-side caller may move a unit out of its company.
// An Inactive unit can only be changed by the seller.
func (a *App) UpdateAssociateUnit(ctx context.Context, c Caller, who Acting, r Ref, u procura.Update) (*procura.BusinessUnit, error) {
	return unitKind.updateAs(ctx, a, c, r, u, func(l *lookup, bu *procura.BusinessUnit) (func(json.RawMessage) error, error) {
		x, err := newAccess(l, c, who)
		if err != nil {
			return nil, err
		}
		ua, err := x.unitOf(bu, r.String())
		if err != nil {
			return nil, err
		}
		if bu.Status != procura.StatusActive {
			return nil, procura.InvalidOperation("The business unit '%s' is Inactive: only the seller can change it.", bu.Key)
		}
		ch := a.change(l)
		return func(raw json.RawMessage) error {
			return x.applyToUnit(ua, raw, ch)
		}, nil
	})
}

// applyToUnit checks and applies one action.
func (x *access) applyToUnit(ua *unitAccess, raw json.RawMessage, ch procura.Change) error {
	if err := x.allowed(procura.TypeBusinessUnit, raw); err != nil {
		return err
	}
	name := procura.ActionName(raw)
	if err := x.checkMove(ua, name, raw); err != nil {
		return err
	}
	if role := procura.JoinRoleOf(raw); name == "setJoinPolicy" && role != nil {
		r, err := x.l.Role("defaultAssociateRole", *role)
		if err != nil {
			return err
		}
		if err := x.checkGrant(ua, r.Key); err != nil {
			return err
		}
	}
	before := append([]procura.Associate(nil), ua.unit.Associates...)
	if err := ua.unit.Apply(raw, ch); err != nil {
		return err
	}
	return x.checkGrants(ua, before, ua.unit)
}

// checkMove checks the permission an action needs; an action that changes where the unit stands
// (changeParentUnit, setUnitType) also needs AddChildUnits in the new parent, which must be in
// the same company: a unit never leaves its company but through the seller.
func (x *access) checkMove(ua *unitAccess, name string, raw json.RawMessage) error {
	move := procura.MoveOf(raw)
	perm := procura.UnitActionPermission(name)
	if move != nil {
		perm = procura.UpdateParentUnit
	}
	if err := x.Can(procura.UnitRight(name, perm), ua.chain, ""); err != nil || move == nil {
		return err
	}
	if move.UnitType == procura.UnitTypeCompany || move.UnitType == procura.UnitTypeDivision && ua.unit.UnitType == procura.UnitTypeCompany {
		return procura.InvalidOperation("Only the seller can turn a unit into a Company or a Company into a Division: it changes the company the unit belongs to.")
	}
	if move.ParentUnit == nil {
		return procura.RequiredField("parentUnit")
	}
	parent, err := x.parentAccess(*move.ParentUnit)
	if err != nil {
		return err
	}
	if err := x.Can(procura.UnitRight("move a unit under '"+parent.unit.Key+"'", procura.AddChildUnits), parent.chain, ""); err != nil {
		return err
	}
	if topLevel(parent.chain) != topLevel(ua.chain) {
		return procura.InvalidOperation("A unit can only move within its company '%s': only the seller can move it to another company.", topLevel(ua.chain))
	}
	return nil
}

// parentAccess resolves a parent named in a draft or action; a unit the caller does not act for
// is reported as not found, as one that does not exist.
func (x *access) parentAccess(ri procura.ResourceIdentifier) (*unitAccess, error) {
	if err := ri.Check("parentUnit", procura.TypeBusinessUnit); err != nil {
		return nil, err
	}
	ua, err := x.unit(Ref{ID: ri.ID, Key: ri.Key})
	if procura.ErrorCode(err) == procura.CodeResourceNotFound {
		return nil, procura.ReferencedNotFound(procura.TypeBusinessUnit, ri.ID, ri.Key)
	}
	return ua, err
}

// CreateMyBusinessUnit creates a unit through /me: the creator becomes its associate with the
// project's myBusinessUnitAssociateRoleOnCreation (none configured: InvalidOperation), and its
// status is the project's myBusinessUnitStatusOnCreation. A Division needs AddChildUnits in its
// parent, and there the creator gets the role only if they could have assigned it.
func (a *App) CreateMyBusinessUnit(ctx context.Context, c Caller, d procura.MyBusinessUnitDraft) (*procura.BusinessUnit, error) {
	return a.createAssociateUnit(ctx, c, Me(c), func(p *procura.Project) procura.BusinessUnitDraft {
		return d.Draft(p.BusinessUnits.MyBusinessUnitStatusOnCreation)
	})
}

// CreateAssociateUnit creates a unit as an associate. With a customer's own token the draft is a
// /me draft and the unit is made as through /me. A trusted backend gives the reference's full
// draft: a Division needs AddChildUnits in its parent, and the associates of the draft may only
// get roles the associate could assign there; a Company starts with the associate in it.
func (a *App) CreateAssociateUnit(ctx context.Context, c Caller, who Acting, d procura.BusinessUnitDraft) (*procura.BusinessUnit, error) {
	if d.CustomerGroupAssignments != nil { // groups select prices: the seller's alone (decision 0024)
		return nil, procura.InvalidInput("'customerGroupAssignments' is the seller's to set: an associate does not choose the unit's customer groups.")
	}
	if who.Kind == procura.AsAssociate {
		mine, err := d.Mine()
		if err != nil {
			return nil, err
		}
		return a.createAssociateUnit(ctx, c, who, func(p *procura.Project) procura.BusinessUnitDraft {
			return mine.Draft(p.BusinessUnits.MyBusinessUnitStatusOnCreation)
		})
	}
	return a.createAssociateUnit(ctx, c, who, func(*procura.Project) procura.BusinessUnitDraft { return d })
}

func (a *App) createAssociateUnit(ctx context.Context, c Caller, who Acting, draft func(*procura.Project) procura.BusinessUnitDraft) (*procura.BusinessUnit, error) {
	var u *procura.BusinessUnit
	err := a.write(ctx, c, func(l *lookup) error {
		p, err := l.project()
		if err != nil {
			return err
		}
		d := draft(p)
		if err := draftAddressesAllowed(who.Kind, procura.TypeBusinessUnit, d.Addresses); err != nil {
			return err
		}
		if err := l.docs.Lock(unitsLock); err != nil {
			return err
		}
		x, err := newAccess(l, c, who)
		if err != nil {
			return err
		}
		if err := x.checkDraft(&d, p); err != nil {
			return err
		}
		u, err = a.insertUnit(l, d)
		return err
	})
	return u, err
}

// checkCreatorOnly accepts, as the associates of a Company an associate creates, the creator
// alone with buyer-assignable roles: storefronts sign a new company up naming its first admin so
// (the Store Launchpad does). The creator holds nothing in the new company yet, so no other rule
// of who may grant what applies; the project's role for creators is then not needed.
func (x *access) checkCreatorOnly(drafts []procura.AssociateDraft) error {
	if len(drafts) != 1 || drafts[0].Customer == nil || drafts[0].Customer.ID != x.CustomerID {
		return procura.InvalidInput("A Company created by an associate starts with its creator (named by id) as its only associate; add others afterwards.")
	}
	for _, ra := range drafts[0].AssociateRoleAssignments {
		if ra.AssociateRole == nil {
			continue // reported by the draft's validation
		}
		role, err := x.l.Role("associateRoleAssignments.associateRole", *ra.AssociateRole)
		if err != nil {
			return err
		}
		if !role.BuyerAssignable {
			return procura.InvalidOperation("The associate role '%s' is not buyerAssignable: only the seller can assign it.", role.Key)
		}
	}
	return nil
}

// checkDraft authorizes a unit draft of the caller and adds the caller where the unit needs
// them: in a new Company always; in a new Division (customer tokens only, as /me does) with the
// project's role for creators when they could have assigned it there; else they act there by
// inheritance, if at all.
func (x *access) checkDraft(d *procura.BusinessUnitDraft, p *procura.Project) error {
	var parent *unitAccess
	if d.UnitType == procura.UnitTypeDivision && d.ParentUnit != nil {
		var err error
		if parent, err = x.parentAccess(*d.ParentUnit); err != nil {
			return err
		}
		if err := x.Can(procura.UnitRight("create a division of '"+parent.unit.Key+"'", procura.AddChildUnits), parent.chain, ""); err != nil {
			return err
		}
	}
	if parent == nil && len(d.Associates) > 0 {
		return x.checkCreatorOnly(d.Associates)
	}
	for _, as := range d.Associates {
		for _, ra := range as.AssociateRoleAssignments {
			if ra.AssociateRole == nil {
				continue // reported by the draft's validation
			}
			role, err := x.l.Role("associateRoleAssignments.associateRole", *ra.AssociateRole)
			if err != nil {
				return err
			}
			if err := x.checkGrant(parent, role.Key); err != nil {
				return err
			}
		}
	}
	if parent != nil && !x.Kind.CustomerToken() {
		return nil
	}
	role := p.BusinessUnits.MyBusinessUnitAssociateRoleOnCreation
	if role == nil {
		return procura.InvalidOperation("The project has no myBusinessUnitAssociateRoleOnCreation: customers cannot create business units until the seller sets one.")
	}
	if parent != nil {
		if ok, err := x.canGrant(parent, role.Key); err != nil || !ok {
			return err
		}
	}
	d.Associates = append(d.Associates, procura.AssociateDraft{
		Customer:                 &procura.ResourceIdentifier{TypeID: procura.TypeCustomer, ID: x.CustomerID},
		AssociateRoleAssignments: []procura.AssignmentDraft{{AssociateRole: &procura.ResourceIdentifier{Key: role.Key}, Inheritance: procura.InheritanceEnabled}},
	})
	return nil
}
