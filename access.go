package procura

// Who may do what with a buyer company's resources: the one decision every use case asks. The
// application loads what the decision needs (the actor's roles, the resource's unit chain and
// owner); the functions here decide, purely.

import "slices"

// ActorKind is a kind of caller. Each is defined here once; the route table names the kind of
// every endpoint, and nothing else decides it.
type ActorKind int

const (
	// AsSeller is an API client on the general endpoints: it may do everything, and it alone
	// may move a unit across a company's boundary.
	AsSeller ActorKind = iota
	// AsBackend is an API client with the manage scope acting for an associate on
	// /as-associate/{id}/… (the reference's trusted middleware): the associate's permissions, and
	// every action the reference offers there, except crossing a company's boundary.
	AsBackend
	// AsMe is a customer's own token on /me: their own resources, and the actions of /me.
	AsMe
	// AsAssociate is a customer's own token on /as-associate/{own id}/…: their permissions over
	// their own and their colleagues' resources, and on business units exactly what /me allows.
	AsAssociate
	// AsAnonymous is an anonymous session's token on /me/carts and /me/shopping-lists (a shopper
	// not signed in): the carts and lists of its session only, outside every business unit, and
	// nothing of a buyer company.
	AsAnonymous
)

var actorKindNames = [...]string{"seller", "trusted backend", "customer on /me", "customer as associate", "anonymous session"}

func (k ActorKind) String() string { return actorKindNames[k] }

// CustomerToken reports whether the caller holds a customer's own token (a buyer's browser or
// app, never trusted with the seller's or the backend's powers).
func (k ActorKind) CustomerToken() bool { return k == AsMe || k == AsAssociate }

// Right is what an operation needs: My for the associate's own resource, Others for a
// colleague's (the reference's pairs). A right over the unit itself (its details, associates,
// approval rules and flows) has one permission and no owner.
type Right struct {
	Action     string     // what the operation does, for the error: "view carts"
	My, Others Permission // My == Others for a right over the unit
	View       bool       // it only reads: on /me a customer views their own without a permission
	Unit       bool       // a right over the unit itself
}

// UnitRight is the right to act on the unit itself with permission p.
func UnitRight(action string, p Permission) Right {
	return Right{Action: action, My: p, Others: p, Unit: true}
}

// The rights over buyers' resources.
var (
	ViewCarts    = Right{Action: "view carts", My: ViewMyCarts, Others: ViewOthersCarts, View: true}
	CreateCarts  = Right{Action: "create carts", My: CreateMyCarts, Others: CreateOthersCarts}
	UpdateCarts  = Right{Action: "update carts", My: UpdateMyCarts, Others: UpdateOthersCarts}
	DeleteCarts  = Right{Action: "delete carts", My: DeleteMyCarts, Others: DeleteOthersCarts}
	ViewOrders   = Right{Action: "view orders", My: ViewMyOrders, Others: ViewOthersOrders, View: true}
	UpdateOrders = Right{Action: "update orders", My: UpdateMyOrders, Others: UpdateOthersOrders}
	PlaceOrders  = Right{Action: "create orders from carts", My: CreateMyOrdersFromMyCarts, Others: CreateOrdersFromOthersCarts}

	RequestQuotes       = Right{Action: "request quotes", My: CreateMyQuoteRequestsFromMyCarts, Others: CreateQuoteRequestsFromOthersCarts}
	ViewQuoteRequests   = Right{Action: "view quote requests", My: ViewMyQuoteRequests, Others: ViewOthersQuoteRequests, View: true}
	UpdateQuoteRequests = Right{Action: "update quote requests", My: UpdateMyQuoteRequests, Others: UpdateOthersQuoteRequests}
	ViewQuotes          = Right{Action: "view quotes", My: ViewMyQuotes, Others: ViewOthersQuotes, View: true}
	AcceptQuotes        = Right{Action: "accept quotes", My: AcceptMyQuotes, Others: AcceptOthersQuotes}
	DeclineQuotes       = Right{Action: "decline quotes", My: DeclineMyQuotes, Others: DeclineOthersQuotes}
	RenegotiateQuotes   = Right{Action: "renegotiate quotes", My: RenegotiateMyQuotes, Others: RenegotiateOthersQuotes}
	ReassignQuotes      = Right{Action: "reassign quotes", My: ReassignMyQuotes, Others: ReassignOthersQuotes}
	OrderQuotes         = Right{Action: "create orders from quotes", My: CreateMyOrdersFromMyQuotes, Others: CreateOrdersFromOthersQuotes}

	ViewShoppingLists   = Right{Action: "view shopping lists", My: ViewMyShoppingLists, Others: ViewOthersShoppingLists, View: true}
	CreateShoppingLists = Right{Action: "create shopping lists", My: CreateMyShoppingLists, Others: CreateOthersShoppingLists}
	UpdateShoppingLists = Right{Action: "update shopping lists", My: UpdateMyShoppingLists, Others: UpdateOthersShoppingLists}
	DeleteShoppingLists = Right{Action: "delete shopping lists", My: DeleteMyShoppingLists, Others: DeleteOthersShoppingLists}

	CreateRules   = UnitRight("create approval rules", CreateApprovalRules)
	UpdateRules   = UnitRight("update approval rules", UpdateApprovalRules)
	UpdateFlows   = UnitRight("approve or reject approval flows", UpdateApprovalFlows)
	ViewUnit      = Right{Action: "view the business unit", View: true, Unit: true}
	AddChildUnit  = UnitRight("add child units", AddChildUnits)
	ManageMembers = UnitRight("manage associates", UpdateAssociates)
	ViewHistory   = UnitRight("view the change history", ViewCompanyHistory)
)

// Actor is a customer acting for business units, as one kind of caller. The seller is the
// zero Actor.
type Actor struct {
	Kind        ActorKind
	CustomerID  string
	AnonymousID string // the session of an AsAnonymous actor
	Company     string // a token bound to a unit confines the actor to its company ("" for none)
	Roles       Roles  // the project's roles and the permissions each grants
}

// ActsFor reports whether the actor acts for chain[0], explicitly or by inheritance, within
// the company their token is bound to.
func (a Actor) ActsFor(chain []*BusinessUnit) bool {
	if a.Company != "" && chain[len(chain)-1].Key != a.Company {
		return false
	}
	return IsAssociate(a.CustomerID, chain)
}

// Can decides whether the actor may use r on a resource of chain[0] (nil: of no unit) owned by
// owner (ignored for a right over the unit). The seller may do everything. Otherwise:
//   - on /me, a resource of someone else is ResourceNotFound, as is a unit the customer does not
//     act for, and with a token bound to a company their own outside every unit (as /me lists
//     it); viewing their own needs no permission (nor acting for its unit still, as /me
//     lists it, but within the company a bound token names), anything else the My permission;
//   - as an associate (backend or own token), a unit they do not act for is
//     AssociateMissingPermission, whether or not it exists; their own resource needs My, a
//     colleague's Others.
func (a Actor) Can(r Right, chain []*BusinessUnit, owner string) error {
	switch {
	case a.Kind == AsSeller:
		return nil
	case a.Kind == AsMe:
		return a.canMine(r, chain, owner)
	case a.Kind == AsAnonymous:
		return a.canAnonymous(r, chain, owner)
	case chain == nil:
		return a.missing(r, "", r.My)
	case !a.ActsFor(chain):
		return a.missing(r, chain[0].Key, r.My)
	}
	mine := r.Unit || owner == a.CustomerID
	need := r.Others
	if mine {
		need = r.My
	}
	if need == "" || Permissions(a.CustomerID, chain, a.Roles).Has(need) {
		return nil
	}
	action := r.Action
	if !mine {
		action += " of other associates"
	}
	return AssociateMissingPermission(a.CustomerID, chain[0].Key, action, need)
}

func (a Actor) canMine(r Right, chain []*BusinessUnit, owner string) error {
	if !r.Unit && owner != a.CustomerID {
		return NotFound(r.Action)
	}
	switch {
	case chain == nil && (r.Unit || a.Company != ""):
		return NotFound(r.Action) // a token bound to a company acts for it: nothing outside every unit
	case chain == nil:
		return nil
	case r.View && !r.Unit && (a.Company == "" || chain[len(chain)-1].Key == a.Company):
		return nil // their own, also in a unit they have left: as /me lists it
	case !a.ActsFor(chain):
		return NotFound(chain[0].Key)
	case r.My == "" || Permissions(a.CustomerID, chain, a.Roles).Has(r.My):
		return nil // a right that needs no permission (viewing the unit), or one they hold
	}
	return a.missing(r, chain[0].Key, r.My)
}

// AnonymousOwner is the owner an anonymous session's carts are indexed under: never a
// customer's id, whatever id the session chose.
func AnonymousOwner(anonymousID string) string { return "anonymous:" + anonymousID }

// Owner is what the actor's own resources are owned by: their customer, or their session.
func (a Actor) Owner() string {
	if a.Kind == AsAnonymous {
		return AnonymousOwner(a.AnonymousID)
	}
	return a.CustomerID
}

// anonymousRights are the rights of an anonymous session, over its own carts and shopping lists.
var anonymousRights = []Right{ViewCarts, CreateCarts, UpdateCarts, DeleteCarts,
	ViewShoppingLists, CreateShoppingLists, UpdateShoppingLists, DeleteShoppingLists}

// canAnonymous: an anonymous session reaches its own carts outside every unit; anything else
// is not found, as on /me.
func (a Actor) canAnonymous(r Right, chain []*BusinessUnit, owner string) error {
	if !slices.Contains(anonymousRights, r) || chain != nil || owner != a.Owner() {
		return NotFound(r.Action)
	}
	return nil
}

// CanList returns what the actor may list of r's resources in chain[0]: all of them, their own
// only, or (Others without My) only their colleagues'. Viewing none is AssociateMissingPermission
// naming both permissions, of which one is enough.
func (a Actor) CanList(r Right, chain []*BusinessUnit) (mine, others bool, err error) {
	if a.Kind == AsSeller {
		return true, true, nil
	}
	if a.ActsFor(chain) {
		perms := Permissions(a.CustomerID, chain, a.Roles)
		mine, others = perms.Has(r.My), perms.Has(r.Others)
	}
	if !mine && !others {
		return false, false, a.missing(r, chain[0].Key, r.My, r.Others)
	}
	return mine, others, nil
}

func (a Actor) missing(r Right, unitKey string, needs ...Permission) *Error {
	return AssociateMissingPermission(a.CustomerID, unitKey, r.Action, needs...)
}
