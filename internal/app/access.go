package app

import (
	"context"
	"encoding/json"

	"github.com/procura/procura"
)

// Acting says who calls a buyer-facing use case: the kind of caller, the customer acting, and on
// the as-associate endpoints the unit of the path. The zero value is the seller.
type Acting struct {
	Kind        procura.ActorKind
	CustomerID  string
	UnitKey     string
	AnonymousID string // of an anonymous session
}

// Me is the Acting of /me calls: the token's customer.
func Me(c Caller) Acting { return Acting{Kind: procura.AsMe, CustomerID: c.CustomerID} }

// Shopper is the Acting of the /me calls an anonymous session makes too (its carts): the
// token's anonymous session, or else its customer.
func Shopper(c Caller) Acting {
	if c.CustomerID == "" && c.AnonymousID != "" {
		return Acting{Kind: procura.AsAnonymous, AnonymousID: c.AnonymousID}
	}
	return Me(c)
}

// MeIn is the Acting of /in-business-unit/key={unitKey}/me calls.
func MeIn(c Caller, unitKey string) Acting {
	return Acting{Kind: procura.AsMe, CustomerID: c.CustomerID, UnitKey: unitKey}
}

// AsAssociate is the Acting of /as-associate/{customerID}/… calls: a customer's own token, or
// an API client (the trusted backend) acting for any associate.
func AsAssociate(c Caller, customerID, unitKey string) Acting {
	kind := procura.AsBackend
	if c.CustomerID != "" {
		kind = procura.AsAssociate
	}
	return Acting{Kind: kind, CustomerID: customerID, UnitKey: unitKey}
}

// access is the one place where the application asks the domain's decision (procura.Actor):
// it loads what the decision needs (the project's roles, the units' chains) through the
// transaction's lookup.
type access struct {
	procura.Actor
	path  string // as an associate: the unit of the path
	store string // on an in-store path: its store (Caller.Store)
	l     *lookup
}

// newAccess prepares the decisions for who within a transaction.
func newAccess(l *lookup, c Caller, who Acting) (*access, error) {
	l.rec.actingAs(c, who)
	x := &access{Actor: procura.Actor{Kind: who.Kind, CustomerID: who.CustomerID, AnonymousID: who.AnonymousID}, path: who.UnitKey, store: c.Store, l: l}
	if who.Kind == procura.AsSeller || who.Kind == procura.AsAnonymous {
		return x, nil
	}
	roles, err := rolePermissions(l)
	if err != nil {
		return nil, err
	}
	x.Roles = roles
	if c.BusinessUnit != "" {
		bound, err := l.Unit("business_unit", procura.ResourceIdentifier{Key: c.BusinessUnit})
		if err != nil {
			return nil, err
		}
		chain, err := l.chain(bound)
		if err != nil {
			return nil, err
		}
		x.Company = topLevel(chain)
	}
	return x, nil
}

// sellerAccess is the access of the seller, who may do everything.
func sellerAccess(l *lookup) *access { return &access{l: l} }

// sellerAccessIn is the seller's access on the path of c: in-store, narrowed to its store.
func sellerAccessIn(l *lookup, c Caller) *access { return &access{l: l, store: c.Store} }

func (x *access) seller() bool { return x.Kind == procura.AsSeller }

// onMe reports whether the caller acts through /me: a customer, or an anonymous session.
func (x *access) onMe() bool { return x.Kind == procura.AsMe || x.Kind == procura.AsAnonymous }

// unitAccess is a unit with its chain (the unit, then its ancestors).
type unitAccess struct {
	unit  *procura.BusinessUnit
	chain []*procura.BusinessUnit
}

// unit loads the unit r names for the caller. A unit they do not act for is ResourceNotFound:
// its existence is not disclosed.
func (x *access) unit(r Ref) (*unitAccess, error) {
	u, err := x.l.unitRef(r)
	if err != nil {
		return nil, err
	}
	return x.unitOf(u, r.String())
}

func (x *access) unitOf(u *procura.BusinessUnit, name string) (*unitAccess, error) {
	chain, err := x.l.chain(u)
	if err != nil {
		return nil, err
	}
	if !x.seller() && !x.ActsFor(chain) {
		return nil, procura.NotFound(name)
	}
	return &unitAccess{unit: u, chain: chain}, nil
}

// chainOf returns the chain of unitKey ("" or a unit that does not exist: nil).
func (x *access) chainOf(unitKey string) ([]*procura.BusinessUnit, error) {
	if unitKey == "" {
		return nil, nil
	}
	u, err := x.l.Unit("businessUnit", procura.ResourceIdentifier{Key: unitKey})
	if procura.ErrorCode(err) == procura.CodeReferencedResourceNotFound {
		return nil, nil // decided as a unit the caller does not act for
	}
	if err != nil {
		return nil, err
	}
	return x.l.chain(u)
}

// check decides whether the caller may use right on a resource of unitKey ("" for none) owned by
// owner. As an associate the resource must be in the path's unit.
func (x *access) check(right procura.Right, unitKey, owner string) error {
	if x.seller() {
		return nil
	}
	if !x.onMe() && unitKey != x.path {
		// Drafts take the path's unit and loaded resources pass checkLoaded first, so this
		// guards the invariant rather than answering a request.
		return procura.InvalidOperation("The resource belongs to another business unit than '%s'.", x.path)
	}
	chain, err := x.chainOf(unitKey)
	if err != nil {
		return err
	}
	if chain == nil && unitKey != "" && x.onMe() {
		return procura.NotFound(unitKey)
	}
	return x.Can(right, chain, owner)
}

// checkLoaded is check for a resource that r named: one in another unit than the path's, and on
// /me one the customer may not reach, is not found under the name the caller used.
func (x *access) checkLoaded(right procura.Right, unitKey, owner string, r Ref) error {
	if !x.seller() && !x.onMe() && unitKey != x.path {
		return procura.NotFound(r.String())
	}
	err := x.check(right, unitKey, owner)
	if x.onMe() && procura.ErrorCode(err) == procura.CodeResourceNotFound {
		return procura.NotFound(r.String())
	}
	return err
}

// inPath returns the path's unit once the caller is known to hold right there; as for every
// right, a unit they do not act for (or that does not exist) is AssociateMissingPermission.
func (x *access) inPath(right procura.Right) (*unitAccess, error) {
	chain, err := x.chainOf(x.path)
	if err != nil {
		return nil, err
	}
	if err := x.Can(right, chain, ""); err != nil {
		return nil, err
	}
	return &unitAccess{unit: chain[0], chain: chain}, nil
}

// acting runs fn in a write transaction of the caller's project, with the decisions for who.
func (a *App) acting(ctx context.Context, c Caller, who Acting, fn func(l *lookup, x *access) error) error {
	return a.write(ctx, c, func(l *lookup) error { return withAccess(l, c, who, fn) })
}

// actingAhead is acting, where read, which only makes the reads fn begins with, runs with the same
// decisions in a read transaction before the write, and answers fn's same reads (ahead.go).
func (a *App) actingAhead(ctx context.Context, c Caller, who Acting, read, fn func(l *lookup, x *access) error) error {
	return a.writeAhead(ctx, c,
		func(l *lookup) error { return withAccess(l, c, who, read) },
		func(l *lookup) error { return withAccess(l, c, who, fn) })
}

// viewing runs fn in a read transaction of the caller's project, with the decisions for who.
func (a *App) viewing(ctx context.Context, c Caller, who Acting, fn func(l *lookup, x *access) error) error {
	return a.read(ctx, c.ProjectKey, func(l *lookup) error { return withAccess(l, c, who, fn) })
}

func withAccess(l *lookup, c Caller, who Acting, fn func(l *lookup, x *access) error) error {
	x, err := newAccess(l, c, who)
	if err != nil {
		return err
	}
	return fn(l, x)
}

func topLevel(chain []*procura.BusinessUnit) string { return chain[len(chain)-1].Key }

// inUnit prepares the decisions for who and returns the path's unit once they hold right there.
func inUnit(l *lookup, c Caller, who Acting, right procura.Right) (*access, *unitAccess, error) {
	x, err := newAccess(l, c, who)
	if err != nil {
		return nil, nil, err
	}
	ua, err := x.inPath(right)
	return x, ua, err
}

// allowed checks, before an action of a resource of typ is applied, that the caller's kind may
// use it (procura.ActionAllowed, the one table of who may use which action), custom fields of
// the address it writes included.
func (x *access) allowed(typ string, raw json.RawMessage) error {
	return actionAllowed(x.Kind, typ, raw)
}

// draftAddressesAllowed checks the addresses of a draft of typ given by a caller of kind k: custom
// fields only from those who may set them (setAddressCustomType).
func draftAddressesAllowed(k procura.ActorKind, typ string, list []procura.Address) error {
	addrs := make([]*procura.Address, len(list))
	for i := range list {
		addrs[i] = &list[i]
	}
	return procura.AddressCustomAllowed(k, typ, "setAddressCustomType", "addresses", addrs...)
}

func actionAllowed(k procura.ActorKind, typ string, raw json.RawMessage) error {
	if err := procura.ActionAllowed(k, typ, procura.ActionName(raw)); err != nil {
		return err
	}
	return procura.ActionAddressAllowed(k, typ, raw)
}

// apply applies each action of u once the caller's kind may use it.
func (x *access) apply(typ string, u procura.Update, fn func(raw json.RawMessage) error) error {
	return applyActions(u, func(raw json.RawMessage) error {
		if err := x.allowed(typ, raw); err != nil {
			return err
		}
		return fn(raw)
	})
}
