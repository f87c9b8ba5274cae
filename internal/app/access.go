package app

import (
	"github.com/procura/procura"
)

// op is an operation on a B2B resource and the permissions it needs: one for the associate's own
// resources (My), one for their colleagues' (Others).
type op struct {
	name       string
	my, others procura.Permission
}

var (
	viewCarts    = op{"view carts", procura.ViewMyCarts, procura.ViewOthersCarts}
	createCarts  = op{"create carts", procura.CreateMyCarts, procura.CreateOthersCarts}
	updateCarts  = op{"update carts", procura.UpdateMyCarts, procura.UpdateOthersCarts}
	deleteCarts  = op{"delete carts", procura.DeleteMyCarts, procura.DeleteOthersCarts}
	viewOrders   = op{"view orders", procura.ViewMyOrders, procura.ViewOthersOrders}
	updateOrders = op{"update orders", procura.UpdateMyOrders, procura.UpdateOthersOrders}
	placeOrders  = op{"create orders from carts", procura.CreateMyOrdersFromMyCarts, procura.CreateOrdersFromOthersCarts}

	requestQuotes       = op{"request quotes", procura.CreateMyQuoteRequestsFromMyCarts, procura.CreateQuoteRequestsFromOthersCarts}
	viewQuoteRequests   = op{"view quote requests", procura.ViewMyQuoteRequests, procura.ViewOthersQuoteRequests}
	updateQuoteRequests = op{"update quote requests", procura.UpdateMyQuoteRequests, procura.UpdateOthersQuoteRequests}
	viewQuotes          = op{"view quotes", procura.ViewMyQuotes, procura.ViewOthersQuotes}
	acceptQuotes        = op{"accept quotes", procura.AcceptMyQuotes, procura.AcceptOthersQuotes}
	declineQuotes       = op{"decline quotes", procura.DeclineMyQuotes, procura.DeclineOthersQuotes}
	renegotiateQuotes   = op{"renegotiate quotes", procura.RenegotiateMyQuotes, procura.RenegotiateOthersQuotes}
	reassignQuotes      = op{"reassign quotes", procura.ReassignMyQuotes, procura.ReassignOthersQuotes}
	orderQuotes         = op{"create orders from quotes", procura.CreateMyOrdersFromMyQuotes, procura.CreateOrdersFromOthersQuotes}
)

// viewing reports whether o only reads.
func (o op) viewing() bool {
	return o == viewCarts || o == viewOrders || o == viewQuoteRequests || o == viewQuotes
}

// access decides what a caller may do with B2B resources (carts, orders): the seller through
// the general endpoints (everything), a customer through /me (their own resources; in a unit,
// the My permissions, except to view), or an associate through /as-associate/{id}/in-business-unit
// (resources of that unit, with the My or Others permission).
type access struct {
	actor   *actor // nil: the seller
	unitKey string // as-associate: the unit of the path
	me      bool
}

func sellerAccess() *access { return &access{} }

// check decides whether the caller may perform o on a resource of unitKey ("" for none) owned by
// owner.
func (x *access) check(o op, unitKey, owner string) error {
	switch {
	case x.actor == nil:
		return nil
	case x.me:
		return x.checkMine(o, unitKey, owner)
	case unitKey != x.unitKey:
		return procura.InvalidOperation("The resource belongs to business unit '%s', not '%s'.", unitKey, x.unitKey)
	}
	ua, err := x.actor.access(Ref{Key: unitKey})
	if procura.ErrorCode(err) == procura.CodeResourceNotFound {
		return procura.AssociateMissingPermission(x.actor.customerID, unitKey, o.name, o.my)
	}
	if err != nil {
		return err
	}
	return x.actor.requireFor(ua, o, owner)
}

// checkMine: through /me a customer reaches only their own resources; in a unit they must act for
// it and hold the My permission (viewing needs none, as in the reference).
func (x *access) checkMine(o op, unitKey, owner string) error {
	if owner != x.actor.customerID {
		return procura.NotFound(o.name)
	}
	if unitKey == "" {
		return nil
	}
	ua, err := x.actor.access(Ref{Key: unitKey})
	if err != nil || o.viewing() {
		return err
	}
	return x.actor.require(ua, o.my, o.name)
}

// requireFor checks the My permission for the actor's own resource, Others for a colleague's.
func (ac *actor) requireFor(ua *unitAccess, o op, owner string) error {
	if owner == ac.customerID {
		return ac.require(ua, o.my, o.name)
	}
	return ac.require(ua, o.others, o.name+" of other associates")
}
