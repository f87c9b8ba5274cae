package app

import (
	"context"
	"encoding/json"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// The business units of an acting associate: /me/business-units (the customer of the token) and
// /as-associate/{id}/business-units (the customer in the path). Both check the associate's
// Business Unit permissions; /me accepts a restricted draft and a restricted set of actions.

// QueryAssociateUnits pages through the units customerID acts for (explicitly or by inheritance).
func (a *App) QueryAssociateUnits(ctx context.Context, c Caller, customerID string, q Query) (*Page, error) {
	var page *Page
	err := a.read(ctx, c.ProjectKey, func(_ store.Tx, d store.Docs) error {
		ac, err := newActor(&lookup{docs: d}, c, customerID)
		if err != nil {
			return err
		}
		units, err := ac.visibleUnits()
		if err != nil {
			return err
		}
		page, err = runQuery(q, units)
		return err
	})
	return page, err
}

// GetAssociateUnit returns a unit customerID acts for; any other is ResourceNotFound.
func (a *App) GetAssociateUnit(ctx context.Context, c Caller, customerID string, r Ref) (*procura.BusinessUnit, error) {
	var out *procura.BusinessUnit
	err := a.read(ctx, c.ProjectKey, func(_ store.Tx, d store.Docs) error {
		ac, err := newActor(&lookup{docs: d}, c, customerID)
		if err != nil {
			return err
		}
		ua, err := ac.access(r)
		if ua != nil {
			out = ua.unit
		}
		return err
	})
	return out, err
}

// UpdateAssociateUnit applies update actions as customerID, each needing its Business Unit
// permission (UpdateAssociates, UpdateParentUnit, UpdateBusinessUnitDetails). With me, only the
// actions of MyBusinessUnitUpdateAction are accepted, and a new parent must be in the same
// company. An Inactive unit can only be changed by the seller.
func (a *App) UpdateAssociateUnit(ctx context.Context, c Caller, customerID string, r Ref, u procura.Update, me bool) (*procura.BusinessUnit, error) {
	return unitKind.updateAs(ctx, a, c, r, u, func(l *lookup, bu *procura.BusinessUnit) (func(json.RawMessage) error, error) {
		ac, err := newActor(l, c, customerID)
		if err != nil {
			return nil, err
		}
		ua, err := ac.accessTo(bu, r.String())
		if err != nil {
			return nil, err
		}
		if bu.Status != procura.StatusActive {
			return nil, procura.InvalidOperation("The business unit '%s' is Inactive: only the seller can change it.", bu.Key)
		}
		ch := procura.Change{Now: a.Now(), NewID: a.NewID, Lookup: l}
		return func(raw json.RawMessage) error {
			return ac.applyToUnit(ua, raw, ch, me)
		}, nil
	})
}

// applyToUnit checks and applies one action.
func (ac *actor) applyToUnit(ua *unitAccess, raw json.RawMessage, ch procura.Change, me bool) error {
	name := procura.ActionName(raw)
	if me && !procura.MyUnitActionAllowed(name) {
		return procura.InvalidJSON("actions -> action: '" + name + "' is not an action of /me/business-units")
	}
	if err := ac.require(ua, procura.UnitActionPermission(name), name); err != nil {
		return err
	}
	if name == "changeParentUnit" {
		if err := ac.checkNewParent(ua, procura.ParentOf(raw), me); err != nil {
			return err
		}
	}
	if role := procura.JoinRoleOf(raw); name == "setJoinPolicy" && role != nil {
		r, err := ac.l.Role("defaultAssociateRole", *role)
		if err != nil {
			return err
		}
		if err := ac.checkGrant(ua, r.Key); err != nil {
			return err
		}
	}
	before := append([]procura.Associate(nil), ua.unit.Associates...)
	if err := ua.unit.Apply(raw, ch); err != nil {
		return err
	}
	return ac.checkGrants(ua, before, ua.unit)
}

// checkNewParent: the actor needs AddChildUnits in the new parent; through /me the new parent
// must belong to the same company.
func (ac *actor) checkNewParent(ua *unitAccess, ri *procura.ResourceIdentifier, me bool) error {
	if ri == nil {
		return procura.RequiredField("parentUnit")
	}
	parent, err := ac.parentAccess(*ri)
	if err != nil {
		return err
	}
	if err := ac.require(parent, procura.AddChildUnits, "move a unit under '"+parent.unit.Key+"'"); err != nil {
		return err
	}
	if me && topLevel(parent.chain) != topLevel(ua.chain) {
		return procura.InvalidOperation("Through /me a unit can only move within its company '%s'.", topLevel(ua.chain))
	}
	return nil
}

// parentAccess resolves a parent named in a draft or action; a unit the actor does not see is
// reported as not found.
func (ac *actor) parentAccess(ri procura.ResourceIdentifier) (*unitAccess, error) {
	if err := ri.Check("parentUnit", procura.TypeBusinessUnit); err != nil {
		return nil, err
	}
	ua, err := ac.access(Ref{ID: ri.ID, Key: ri.Key})
	if procura.ErrorCode(err) == procura.CodeResourceNotFound {
		return nil, procura.ReferencedNotFound(procura.TypeBusinessUnit, ri.ID, ri.Key)
	}
	return ua, err
}

func topLevel(chain []*procura.BusinessUnit) string { return chain[len(chain)-1].Key }

// CreateMyBusinessUnit creates a unit through /me: the creator becomes its associate with the
// project's myBusinessUnitAssociateRoleOnCreation (none configured: InvalidOperation), and its
// status is the project's myBusinessUnitStatusOnCreation. A Division needs AddChildUnits in its
// parent.
func (a *App) CreateMyBusinessUnit(ctx context.Context, c Caller, d procura.MyBusinessUnitDraft) (*procura.BusinessUnit, error) {
	return a.createAssociateUnit(ctx, c, c.CustomerID, func(p *procura.Project) procura.BusinessUnitDraft {
		return d.Draft(p.BusinessUnits.MyBusinessUnitStatusOnCreation)
	}, true)
}

// CreateAssociateUnit creates a unit as customerID (as-associate). A Division needs AddChildUnits
// in its parent, and the associates of the draft may only get roles the actor could assign there.
// A Company starts with the actor as its associate, as through /me.
func (a *App) CreateAssociateUnit(ctx context.Context, c Caller, customerID string, d procura.BusinessUnitDraft) (*procura.BusinessUnit, error) {
	return a.createAssociateUnit(ctx, c, customerID, func(*procura.Project) procura.BusinessUnitDraft { return d }, false)
}

func (a *App) createAssociateUnit(ctx context.Context, c Caller, customerID string, draft func(*procura.Project) procura.BusinessUnitDraft, me bool) (*procura.BusinessUnit, error) {
	var u *procura.BusinessUnit
	err := a.Store.Write(ctx, func(tx store.Tx) error {
		p, err := tx.ProjectByKey(c.ProjectKey)
		if err != nil {
			return projectErr(c.ProjectKey, err)
		}
		d := draft(p)
		l := &lookup{docs: tx.Docs(p.ID)}
		if err := l.docs.Lock(unitsLock); err != nil {
			return err
		}
		ac, err := newActor(l, c, customerID)
		if err != nil {
			return err
		}
		if err := ac.checkDraft(&d, p, me); err != nil {
			return err
		}
		u, err = a.insertUnit(l, d)
		return err
	})
	return u, err
}

// checkDraft authorizes a unit draft of the actor and adds the actor where the unit needs them.
func (ac *actor) checkDraft(d *procura.BusinessUnitDraft, p *procura.Project, me bool) error {
	var parent *unitAccess
	if d.UnitType == procura.UnitTypeDivision && d.ParentUnit != nil {
		var err error
		if parent, err = ac.parentAccess(*d.ParentUnit); err != nil {
			return err
		}
		if err := ac.require(parent, procura.AddChildUnits, "create a division of '"+parent.unit.Key+"'"); err != nil {
			return err
		}
	}
	if parent == nil && len(d.Associates) > 0 {
		return procura.InvalidInput("A Company created by an associate starts with its creator as its only associate; add others afterwards.")
	}
	for _, as := range d.Associates {
		for _, ra := range as.AssociateRoleAssignments {
			if ra.AssociateRole == nil {
				continue // reported by the draft's validation
			}
			role, err := ac.l.Role("associateRoleAssignments.associateRole", *ra.AssociateRole)
			if err != nil {
				return err
			}
			if err := ac.checkGrant(parent, role.Key); err != nil {
				return err
			}
		}
	}
	if parent != nil && !me {
		return nil
	}
	role := p.BusinessUnits.MyBusinessUnitAssociateRoleOnCreation
	if role == nil {
		return procura.InvalidOperation("The project has no myBusinessUnitAssociateRoleOnCreation: customers cannot create business units until the seller sets one.")
	}
	d.Associates = append(d.Associates, procura.AssociateDraft{
		Customer:                 &procura.ResourceIdentifier{TypeID: procura.TypeCustomer, ID: ac.customerID},
		AssociateRoleAssignments: []procura.AssignmentDraft{{AssociateRole: &procura.ResourceIdentifier{Key: role.Key}, Inheritance: procura.InheritanceEnabled}},
	})
	return nil
}
