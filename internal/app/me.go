package app

import (
	"context"
	"encoding/json"

	"github.com/procura/procura"
)

// The customer's own account: /me.

func me(c Caller) Ref { return Ref{ID: c.CustomerID} }

// UpdateMe applies customer update actions to the customer of the token.
func (a *App) UpdateMe(ctx context.Context, c Caller, u procura.Update) (*procura.Customer, error) {
	return a.updateCustomer(ctx, c, procura.AsMe, me(c), u)
}

// DeleteMe deletes the customer of the token, like DeleteCustomer.
func (a *App) DeleteMe(ctx context.Context, c Caller, version int64) (*procura.Customer, error) {
	return a.DeleteCustomer(ctx, c, me(c), version)
}

// UpdateCustomer applies customer update actions; a new email must be free.
func (a *App) UpdateCustomer(ctx context.Context, c Caller, r Ref, u procura.Update) (*procura.Customer, error) {
	return a.updateCustomer(ctx, c, procura.AsSeller, r, u)
}

// updateCustomer applies the actions a caller of kind k may use (actionAllowed).
func (a *App) updateCustomer(ctx context.Context, c Caller, k procura.ActorKind, r Ref, u procura.Update) (*procura.Customer, error) {
	sc, err := customerKind.updateAs(ctx, a, c, r, u, func(l *lookup, sc *storedCustomer) (func(json.RawMessage) error, error) {
		if err := customerInStore(c, &sc.Customer, r); err != nil {
			return nil, err
		}
		return func(raw json.RawMessage) error {
			if err := actionAllowed(k, procura.TypeCustomer, raw); err != nil {
				return err
			}
			if err := checkInStoreAction(c, procura.ActionName(raw)); err != nil {
				return err
			}
			return sc.Apply(raw, a.change(l))
		}, nil
	})
	if err != nil {
		return nil, err
	}
	return &sc.Customer, nil
}

// ChangeMyPassword replaces the password of the token's customer after checking the current one;
// every other token of the customer is revoked.
func (a *App) ChangeMyPassword(ctx context.Context, c Caller, pc procura.PasswordChange, address string) (*procura.Customer, error) {
	return a.changePassword(ctx, c, me(c), pc, address)
}

// SignUp creates a customer account through /me/signup. With joinBusinessUnit the customer asks
// to join a company, which its joinPolicy decides.
// With an anonymous session's token, the new customer takes its carts over.
func (a *App) SignUp(ctx context.Context, c Caller, d procura.MyCustomerDraft) (*procura.CustomerSignInResult, error) {
	t := procura.Takeover{AnonymousID: c.AnonymousID, Mode: procura.MergeWithExistingCustomerCart}
	if err := draftAddressesAllowed(procura.AsMe, procura.TypeCustomer, d.Addresses); err != nil {
		return nil, err
	}
	return a.createCustomer(ctx, c, d.Draft(), t, func(l *lookup, cu *procura.Customer) error {
		if d.JoinBusinessUnit == nil {
			return nil
		}
		return a.askToJoin(l, cu, *d.JoinBusinessUnit)
	})
}

// MyLogin checks the credentials of a customer through /me/login; with an anonymous session's
// token, the customer takes its carts over (activeCartSignInMode).
func (a *App) MyLogin(ctx context.Context, c Caller, s procura.CustomerSignIn, address string) (*procura.CustomerSignInResult, error) {
	t, err := s.MyTakeover(c.AnonymousID)
	if err != nil {
		return nil, err
	}
	return a.signIn(ctx, c, s, t, address)
}

// CreateColleague creates a new customer and adds them to the unit of the path as the token's
// customer (POST /in-business-unit/key={key}/me/customers): they need UpdateAssociates, and may
// only assign buyerAssignable roles whose permissions they hold there.
func (a *App) CreateColleague(ctx context.Context, c Caller, who Acting, d procura.MyBusinessUnitAssociateDraft) (*procura.CustomerSignInResult, error) {
	if d.Version == nil {
		return nil, procura.RequiredField("version")
	}
	if d.Customer == nil {
		return nil, procura.RequiredField("customer")
	}
	if err := draftAddressesAllowed(who.Kind, procura.TypeCustomer, d.Customer.Addresses); err != nil {
		return nil, err
	}
	return a.createCustomer(ctx, c, d.Customer.Draft(), procura.Takeover{}, func(l *lookup, cu *procura.Customer) error {
		if err := l.docs.Lock(unitsLock); err != nil {
			return err
		}
		x, ua, err := inUnit(l, c, who, procura.ManageMembers)
		if err != nil {
			return err
		}
		if ua.unit.Status != procura.StatusActive {
			return procura.InvalidOperation("The business unit '%s' is Inactive: only the seller can change it.", who.UnitKey)
		}
		add, _ := json.Marshal(map[string]any{"action": "addAssociate", "associate": procura.AssociateDraft{
			Customer: &procura.ResourceIdentifier{TypeID: procura.TypeCustomer, ID: cu.ID}, AssociateRoleAssignments: d.AssociateRoleAssignments}})
		return a.changeUnit(l, ua, *d.Version, func(u *procura.BusinessUnit) error {
			before := append([]procura.Associate(nil), u.Associates...)
			if err := u.Apply(add, a.change(l)); err != nil {
				return err
			}
			return x.checkGrants(ua, before, u)
		})
	})
}

// changeUnit applies fn to a loaded unit at the expected version and saves it. The caller took
// the units lock before loading what fn relies on.
func (a *App) changeUnit(l *lookup, ua *unitAccess, version int64, fn func(u *procura.BusinessUnit) error) error {
	doc, err := getDoc(l.docs, procura.TypeBusinessUnit, Ref{ID: ua.unit.ID})
	if err != nil {
		return err
	}
	if err := checkVersion(doc, version); err != nil {
		return err
	}
	if err := fn(ua.unit); err != nil {
		return err
	}
	ua.unit.Touch(a.Now())
	if err := unitKind.save(l.docs, ua.unit, doc.Version); err != nil {
		return err
	}
	return a.syncCompanyGroups(l, "", ua.unit.TopLevelUnit.Key)
}
