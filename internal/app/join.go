package app

import (
	"context"
	"encoding/json"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// Joining a company at sign-up: a customer names a Company, whose joinPolicy decides.

var joinKind = kind[procura.JoinRequest, *procura.JoinRequest]{
	typ: procura.TypeJoinRequest,
	index: func(j *procura.JoinRequest) store.Doc {
		return store.Doc{Parent: j.BusinessUnit.Key, Refs: []store.Ref{{Type: procura.TypeCustomer, ID: j.Customer.ID}}}
	},
}

// askToJoin records the new customer's request to join the company ri names.
func (a *App) askToJoin(l *lookup, cu *procura.Customer, ri procura.ResourceIdentifier) error {
	if err := ri.Check("joinBusinessUnit", procura.TypeBusinessUnit); err != nil {
		return err
	}
	u, err := l.Unit("joinBusinessUnit", ri)
	if err != nil {
		return err
	}
	jr, err := procura.NewJoinRequest(u, procura.Reference{TypeID: procura.TypeCustomer, ID: cu.ID}, cu.Email, a.NewID(), a.Now())
	if err != nil {
		return err
	}
	return joinKind.insert(l.docs, jr)
}

// QueryJoinRequests lists the join requests of a company, for an associate holding
// UpdateAssociates there.
func (a *App) QueryJoinRequests(ctx context.Context, c Caller, who Acting, q Query) (*Page, error) {
	var page *Page
	err := a.read(ctx, c.ProjectKey, func(l *lookup) error {
		d := l.docs
		if _, _, err := inUnit(l, c, who, procura.ManageMembers); err != nil {
			return err
		}
		var err error
		page, err = a.findPage(d, joinRequests(store.Filter{Parents: []string{who.UnitKey}}), q, nil)
		return err
	})
	return page, err
}

// QueryMyJoinRequests lists the token's customer's own join requests.
func (a *App) QueryMyJoinRequests(ctx context.Context, c Caller, q Query) (*Page, error) {
	var page *Page
	err := a.read(ctx, c.ProjectKey, func(l *lookup) error {
		mine := store.Cond{Column: store.Referencing(procura.TypeCustomer), Op: "in", Values: []string{c.CustomerID}}
		var err error
		page, err = a.findPage(l.docs, joinRequests(store.Filter{Conds: []store.Cond{mine}}), q, nil)
		return err
	})
	return page, err
}

// joinRequests selects join requests, oldest first.
func joinRequests(f store.Filter) store.Filter {
	f.Type, f.Sort = procura.TypeJoinRequest, []store.SortBy{{Column: store.ColumnInserted}}
	return f
}

// DecideJoinRequest accepts or declines a Pending join request of the company of the path as
// an associate, who needs UpdateAssociates there and may give only roles they could assign.
func (a *App) DecideJoinRequest(ctx context.Context, c Caller, who Acting, r Ref, u procura.Update) (*procura.JoinRequest, error) {
	var out *procura.JoinRequest
	err := a.write(ctx, c, func(l *lookup) error {
		d := l.docs
		if err := d.Lock(unitsLock); err != nil {
			return err
		}
		x, ua, err := inUnit(l, c, who, procura.ManageMembers)
		if err != nil {
			return err
		}
		jr, doc, err := joinKind.load(l, r)
		if err != nil {
			return err
		}
		if jr.BusinessUnit.Key != who.UnitKey {
			return procura.NotFound(r.String())
		}
		if err := checkUpdateVersion(doc, u); err != nil {
			return err
		}
		decider := procura.Reference{TypeID: procura.TypeCustomer, ID: who.CustomerID}
		err = applyActions(u, func(raw json.RawMessage) error {
			add, err := jr.Decide(raw, ua.unit, decider)
			if err != nil || add == nil {
				return err
			}
			return a.addJoined(l, ua, *add, x)
		})
		if err != nil {
			return err
		}
		jr.Touch(a.Now())
		out = jr
		return joinKind.save(d, jr, doc.Version)
	})
	return out, err
}

// addJoined adds the associate of a granted join request; decided by an associate, only with
// roles they could assign.
func (a *App) addJoined(l *lookup, ua *unitAccess, add procura.AssociateDraft, x *access) error {
	raw, _ := json.Marshal(map[string]any{"action": "addAssociate", "associate": add})
	return a.changeUnit(l, ua, ua.unit.Version, func(u *procura.BusinessUnit) error {
		before := append([]procura.Associate(nil), u.Associates...)
		if err := u.Apply(raw, a.change(l)); err != nil {
			return err
		}
		return x.checkGrants(ua, before, u)
	})
}

// settleJoinRequests runs when a customer's email is verified: requests awaiting it are accepted
// (the customer joins with the company's default role) when the verified email is of the
// company's domain, else declined.
func (a *App) settleJoinRequests(l *lookup, customerID, verified string) error {
	if err := l.docs.Lock(unitsLock); err != nil {
		return err
	}
	refs, err := l.docs.ReferencedBy(store.Ref{Type: procura.TypeCustomer, ID: customerID}, 1000)
	if err != nil {
		return err
	}
	for _, ref := range refs {
		if ref.Type != procura.TypeJoinRequest {
			continue
		}
		jr, doc, err := joinKind.load(l, Ref{ID: ref.ID})
		if err != nil {
			return err
		}
		u, _, err := unitKind.load(l, Ref{Key: jr.BusinessUnit.Key})
		if err != nil {
			return err
		}
		add, err := jr.EmailVerified(u, verified)
		if err != nil {
			return err
		}
		if add != nil {
			chain, err := l.chain(u)
			if err != nil {
				return err
			}
			// The company's policy admits them, not an associate.
			if err := a.addJoined(l, &unitAccess{unit: u, chain: chain}, *add, sellerAccess(l)); err != nil {
				return err
			}
		}
		jr.Touch(a.Now())
		if err := joinKind.save(l.docs, jr, doc.Version); err != nil {
			return err
		}
	}
	return nil
}
