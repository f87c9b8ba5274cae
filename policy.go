package procura

import (
	"encoding/json"
	"slices"
	"strings"
)

// Which kind of caller may use which update action of the buyer-facing resources: one table,
// asked before every action is applied, and shown in docs/security.md. An action not restricted
// here is open to every caller that reaches the resource's update route; the permissions an
// associate needs (Actor.Can) and the state rules of each resource apply on top.

// Callers is a set of caller kinds.
type Callers uint8

// The sets the table uses.
const (
	Seller     Callers = 1 << AsSeller
	Backend    Callers = 1 << AsBackend
	MeCustomer Callers = 1 << AsMe
	OwnToken   Callers = 1 << AsAssociate
	Anonymous  Callers = 1 << AsAnonymous
	// Everyone is every caller of a buyer company's resources; an anonymous session is none.
	Everyone = Seller | Backend | MeCustomer | OwnToken
	// Trusted is the seller and the backend it runs: never a customer's own token.
	Trusted = Seller | Backend
	// Associates act through the as-associate endpoints.
	Associates = Backend | OwnToken
)

// Has reports whether k is in the set.
func (s Callers) Has(k ActorKind) bool { return s&(1<<k) != 0 }

func (s Callers) String() string {
	var names []string
	for k := AsSeller; k <= AsAnonymous; k++ {
		if s.Has(k) {
			names = append(names, k.String())
		}
	}
	return strings.Join(names, ", ")
}

// resourcePolicy is who reaches a resource's update route, and the actions fewer may use.
type resourcePolicy struct {
	actions    ActionFields
	route      Callers
	restricted map[string]Callers
}

// policies: the buyer-facing resources by type.
var policies = map[string]resourcePolicy{
	TypeBusinessUnit: {businessUnitActions, Everyone, unitRestrictions()},
	// An anonymous session has the reference's MyCart actions, without a business unit.
	TypeCart: {cartActions, Everyone | Anonymous, withCallers(map[string]Callers{
		"setLineItemPrice":       Seller, // prices and discounts are the seller's
		"setDirectDiscounts":     Seller,
		"setAnonymousId":         Seller,
		"setBusinessUnit":        Seller | MeCustomer, // an associate's cart stays in the unit of the path
		"setKey":                 Everyone,
		"setPurchaseOrderNumber": Everyone,
		"freezeCart":             Everyone,
		"unfreezeCart":           Everyone,
		// the reference's MyCart has no custom fields of addresses
		"setShippingAddressCustomType": Trusted | OwnToken, "setShippingAddressCustomField": Trusted | OwnToken,
		"setBillingAddressCustomType": Trusted | OwnToken, "setBillingAddressCustomField": Trusted | OwnToken,
		// not MyCart actions: the customer, custom line items, locks, custom fields of item
		// shipping addresses and inventory are the seller's and its backend's; customer groups
		// and line totals select prices, the seller's alone (decision 0027)
		"setCustomerId": Trusted, "lockCart": Trusted, "unlockCart": Trusted, "setLineItemInventoryMode": Trusted,
		"addCustomLineItem": Trusted, "removeCustomLineItem": Trusted, "changeCustomLineItemQuantity": Trusted,
		"changeCustomLineItemMoney": Trusted, "changeCustomLineItemPriceMode": Trusted, "setCustomLineItemShippingDetails": Trusted,
		"setCustomLineItemCustomType": Trusted, "setCustomLineItemCustomField": Trusted, "setCustomLineItemRecurrenceInfo": Trusted,
		"setItemShippingAddressCustomType": Trusted, "setItemShippingAddressCustomField": Trusted,
		"setCustomerGroup": Seller, "setLineItemTotalPrice": Seller,
		// taxes are the seller's and its backend's (decision 0026)
		"changeTaxMode": Trusted, "changeTaxRoundingMode": Trusted, "changeTaxCalculationMode": Trusted,
		"setLineItemTaxRate": Trusted, "setLineItemTaxAmount": Trusted, "setShippingMethodTaxRate": Trusted,
		"setShippingMethodTaxAmount": Trusted, "setCartTotalTax": Trusted, "setCustomShippingMethod": Trusted,
		"changePriceRoundingMode": Trusted, "setCustomLineItemTaxRate": Trusted, "setCustomLineItemTaxAmount": Trusted,
		"applyDeltaToCustomLineItemShippingDetailsTargets": Trusted, "setReservationExpirationInMinutes": Trusted,
		// not a MyCart action: an associate adds a list they may see (the application checks it)
		"addShoppingList": Trusted | OwnToken,
	}, multiShippingCallers)},
	TypeOrder: {orderActions, Trusted | OwnToken, orderRestrictions()},
	TypeQuoteRequest: {quoteRequestActions, Everyone, map[string]Callers{
		"changeCustomer": Seller, "setCustomType": Seller, "setCustomField": Seller, "transitionState": Seller,
	}},
	// /me has changeMyQuoteState, as in the reference, and (an extension from the seeds)
	// requestQuoteRenegotiation, which needs RenegotiateMyQuotes.
	TypeQuote: {quoteActions, Everyone, map[string]Callers{
		"changeQuoteState": Trusted | OwnToken, "changeCustomer": Trusted | OwnToken,
		"setCustomType": Seller, "setCustomField": Seller, "transitionState": Seller,
	}},
	TypeApprovalRule: {approvalRuleActions, Trusted | OwnToken, nil},
	// /me and anonymous sessions have the reference's MyShoppingList actions; who owns a list and
	// which unit it is in are the seller's (an associate's list stays in the unit of the path).
	TypeShoppingList: {shoppingListActions, Everyone | Anonymous, listRestrictions()},
	// A customer's own token has the reference's MyCustomer actions; keys, numbers and custom
	// fields of addresses are the seller's.
	TypeCustomer:     {customerActions, Seller | MeCustomer, except(customerActions, Seller, myCustomerActions...)},
	TypeApprovalFlow: {approvalFlowActions, Associates, nil},
}

// withCallers joins two tables of restricted actions.
func withCallers(a, b map[string]Callers) map[string]Callers {
	for action, c := range b {
		a[action] = c
	}
	return a
}

// unitRestrictions: a customer's token has the actions of /me/business-units; the rest (stores,
// modes, status, type) are the seller's and the trusted backend's, and the customer-group
// assignments the seller's alone.
func unitRestrictions() map[string]Callers {
	mine := make([]string, 0, len(myUnitActions))
	for a := range myUnitActions {
		mine = append(mine, a)
	}
	out := except(businessUnitActions, Trusted, mine...)
	// Customer groups select prices: no associate puts their own unit in one, not even through
	// the trusted backend that acts for them (decision 0024).
	for a := range groupActions {
		out[a] = Seller
	}
	return out
}

// listRestrictions: the actions MyShoppingList lacks are the associates' (key, slug, store) or
// the seller's alone (customer, anonymous session, unit).
func listRestrictions() map[string]Callers {
	out := except(shoppingListActions, Trusted|OwnToken, myShoppingListActions...)
	for _, a := range []string{"setCustomer", "setAnonymousId", "setBusinessUnit"} {
		out[a] = Seller
	}
	return out
}

// orderRestrictions: a buyer's own token has buyerOrderActions, the rest is the seller's and its
// backend's; moving an order to another unit the seller's alone (an associate's backend would
// move it out of the approvers' sight, decision 0035).
func orderRestrictions() map[string]Callers {
	out := except(orderActions, Trusted, buyerOrderActions...)
	out["setBusinessUnit"] = Seller
	return out
}

// except restricts every action of all but open to callers.
func except(all ActionFields, callers Callers, open ...string) map[string]Callers {
	out := map[string]Callers{}
	for a := range all {
		if !slices.Contains(open, a) {
			out[a] = callers
		}
	}
	return out
}

// ActionCallers returns who may use action on resources of typ (false for an action the type
// does not have, or a type the table does not govern).
func ActionCallers(typ, action string) (Callers, bool) {
	p, ok := policies[typ]
	if _, has := p.actions[action]; !ok || !has {
		return 0, false
	}
	if c, ok := p.restricted[action]; ok {
		return c & p.route, true
	}
	return p.route, true
}

// ActionAllowed decides whether a caller of kind k may use the update action of resources of
// typ. Refused through /me, the action is no action of that endpoint (InvalidJsonInput, as the
// reference's My… actions answer); refused elsewhere, it is another caller's (InvalidOperation).
// An action the type does not have is left to the resource, which reports it as unknown.
func ActionAllowed(k ActorKind, typ, action string) error {
	callers, ok := ActionCallers(typ, action)
	if !ok || callers.Has(k) {
		return nil
	}
	return ActionRefusal(k, typ, action)
}

// addressWriters are the update actions that write a whole address, by type, each with the
// action that sets that address's custom fields: an address given with custom fields is that
// action too, so only its callers may give one (the reference's My… endpoints take BaseAddress,
// which has no custom fields).
var addressWriters = map[string]map[string]string{
	TypeCart: {"setShippingAddress": "setShippingAddressCustomType", "setBillingAddress": "setBillingAddressCustomType",
		"addItemShippingAddress": "setItemShippingAddressCustomType", "updateItemShippingAddress": "setItemShippingAddressCustomType"},
	TypeCustomer:     {"addAddress": "setAddressCustomType", "changeAddress": "setAddressCustomType"},
	TypeBusinessUnit: {"addAddress": "setAddressCustomType", "changeAddress": "setAddressCustomType"},
}

// ActionAddressAllowed refuses an update action of typ whose address carries custom fields when
// a caller of kind k may not set that address's custom fields (see AddressCustomAllowed).
func ActionAddressAllowed(k ActorKind, typ string, raw json.RawMessage) error {
	customAction, ok := addressWriters[typ][ActionName(raw)]
	if !ok {
		return nil
	}
	var a struct {
		Address *Address `json:"address"`
	}
	if json.Unmarshal(raw, &a) != nil {
		return nil // the action reports its own bad input
	}
	return AddressCustomAllowed(k, typ, customAction, "address", a.Address)
}

// AddressCustomAllowed refuses (InvalidJsonInput naming field.custom) an address with custom
// fields, given in a draft or an action, when a caller of kind k may not use customAction (the
// action setting that address's custom fields) on typ.
func AddressCustomAllowed(k ActorKind, typ, customAction, field string, addrs ...*Address) error {
	callers, ok := ActionCallers(typ, customAction)
	if !ok || callers.Has(k) {
		return nil
	}
	for _, a := range addrs {
		if a != nil && a.Custom != nil {
			return shapeError(field+".custom", "an address of "+typ+" takes no custom fields from a "+k.String()+
				" (who may set them: "+callers.String()+")")
		}
	}
	return nil
}

// ActionRefusal is the error ActionAllowed gives when k may not use action.
func ActionRefusal(k ActorKind, typ, action string) *Error {
	callers, _ := ActionCallers(typ, action)
	if k == AsMe || k == AsAnonymous {
		return shapeError("actions.action", "'"+action+"' is not an action of /me for "+typ+" (who may use it: "+callers.String()+")")
	}
	return InvalidOperation("'%s' on %s is not for a %s (who may use it: %s).", action, typ, k, callers)
}

// PolicyRow is one line of the table: an action of a resource and who may use it.
type PolicyRow struct {
	Resource, Action string
	Callers          Callers
	Route            Callers // who reaches the resource's update route
}

// ActionPolicy returns the whole table, by resource and action.
func ActionPolicy() []PolicyRow {
	var rows []PolicyRow
	for typ, p := range policies {
		for action := range p.actions {
			c, _ := ActionCallers(typ, action)
			rows = append(rows, PolicyRow{typ, action, c, p.route})
		}
	}
	slices.SortFunc(rows, func(a, b PolicyRow) int {
		return strings.Compare(a.Resource+" "+a.Action, b.Resource+" "+b.Action)
	})
	return rows
}
