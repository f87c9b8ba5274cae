package app

import (
	"slices"

	"github.com/procura/procura"
)

// The messages each resource type records (decision 0036): one on creation, one on deletion, and
// one per rule that the change of a stored field meets. A rule reads the resource's stored JSON
// before and after the change, so it holds whichever use case made the change: an update
// action, an approval, an order placed from a quote.
type messageKind struct {
	prefix   string   // of the message types: "Order" makes OrderCreated and OrderDeleted
	resource string   // the payload field of the whole resource in the Created message; "" for none
	deleted  []string // the payload of the Deleted message; nil: the type records none
	rules    []messageRule
}

// messageRule makes messages of the change of one top-level field. Payload fields are written
// "name" (the field's new value), "name=path" (a field's new value), "name=-path" (its old
// value) and, for a list, "name=@path" (the element's own value; "@" the whole element). A value
// that is absent is left out. Of addresses: "name=&path" is the address whose id is the value of
// path ("@": the element), and "name=%" the roles of the element's address (AddressRole).
type messageRule struct {
	msg      string
	field    string
	from, to string // when set: only when the field's JSON was from, or becomes to ("null": absent)
	// list, when set, makes one message per element of the list field "added", "removed" or
	// "changed", each element known by its value at the path key ("" for the element itself).
	list, key string
	pay       []string
}

// set is a rule for a field that a message reports with its new value under the same name.
func set(msg, field string, pay ...string) messageRule {
	return messageRule{msg: msg, field: field, pay: append([]string{field}, pay...)}
}

// each is a rule for the elements of a list field.
func each(msg, field, list, key string, pay ...string) messageRule {
	return messageRule{msg: msg, field: field, list: list, key: key, pay: pay}
}

var messageKinds = map[string]messageKind{
	procura.TypeOrder: {prefix: "Order", resource: "order", deleted: []string{"order=-"}, rules: []messageRule{
		set("OrderStateChanged", "orderState", "oldOrderState=-orderState"),
		set("OrderShipmentStateChanged", "shipmentState", "oldShipmentState=-shipmentState"),
		set("OrderPaymentStateChanged", "paymentState", "oldPaymentState=-paymentState"),
		set("OrderPurchaseOrderNumberSet", "purchaseOrderNumber", "oldPurchaseOrderNumber=-purchaseOrderNumber"),
		{msg: "OrderCustomerEmailSet", field: "customerEmail", pay: []string{"email=customerEmail", "oldEmail=-customerEmail"}},
		{msg: "OrderShippingAddressSet", field: "shippingAddress", pay: []string{"address=shippingAddress", "oldAddress=-shippingAddress"}},
		{msg: "OrderBillingAddressSet", field: "billingAddress", pay: []string{"address=billingAddress", "oldAddress=-billingAddress"}},
		set("OrderBusinessUnitSet", "businessUnit", "oldbusinessUnit=-businessUnit"), // the reference's spelling
	}},
	procura.TypeCart: {prefix: "Cart", rules: []messageRule{
		{msg: "CartFrozen", field: "cartState", to: `"Frozen"`},
		{msg: "CartUnfrozen", field: "cartState", from: `"Frozen"`, to: `"Active"`},
		{msg: "CartLocked", field: "lock", from: "null"}, {msg: "CartUnlocked", field: "lock", to: "null"},
		set("CartPurchaseOrderNumberSet", "purchaseOrderNumber", "oldPurchaseOrderNumber=-purchaseOrderNumber"),
	}},
	procura.TypeCustomer: {prefix: "Customer", resource: "customer", deleted: []string{"email=-email"}, rules: append([]messageRule{
		set("CustomerEmailChanged", "email", "oldEmail=-email"),
		set("CustomerFirstNameSet", "firstName"), set("CustomerLastNameSet", "lastName"), set("CustomerTitleSet", "title"),
		set("CustomerCompanyNameSet", "companyName"), set("CustomerDateOfBirthSet", "dateOfBirth"),
		set("CustomerExternalIdSet", "externalId"), set("CustomerGroupSet", "customerGroup"),
		{msg: "CustomerEmailVerified", field: "isEmailVerified", to: "true"},
	}, addressRules("Customer")...)},
	procura.TypeBusinessUnit: {prefix: "BusinessUnit", resource: "businessUnit", deleted: []string{}, rules: append([]messageRule{
		set("BusinessUnitNameChanged", "name"), set("BusinessUnitContactEmailSet", "contactEmail"),
		{msg: "BusinessUnitStatusChanged", field: "status", pay: []string{"active=status"}},
		{msg: "BusinessUnitParentChanged", field: "parentUnit", pay: []string{"newParentUnit=parentUnit", "oldParentUnit=-parentUnit"}},
		set("BusinessUnitAssociateModeChanged", "associateMode", "oldAssociateMode=-associateMode"),
		set("BusinessUnitApprovalRuleModeChanged", "approvalRuleMode", "oldApprovalRuleMode=-approvalRuleMode"),
		set("BusinessUnitStoreModeChanged", "storeMode", "oldStoreMode=-storeMode", "stores", "oldStores=-stores"),
		each("BusinessUnitAssociateAdded", "associates", "added", "customer.id", "associate=@"),
		each("BusinessUnitAssociateRemoved", "associates", "removed", "customer.id", "associate=@"),
		each("BusinessUnitAssociateChanged", "associates", "changed", "customer.id", "associate=@"),
		each("BusinessUnitStoreAdded", "stores", "added", "key", "store=@"),
		each("BusinessUnitStoreRemoved", "stores", "removed", "key", "store=@"),
	}, addressRules("BusinessUnit")...)},
	procura.TypeAssociateRole: {prefix: "AssociateRole", resource: "associateRole", deleted: []string{}, rules: []messageRule{
		set("AssociateRoleNameSet", "name"), set("AssociateRoleBuyerAssignableChanged", "buyerAssignable"),
		each("AssociateRolePermissionAdded", "permissions", "added", "", "permission=@"),
		each("AssociateRolePermissionRemoved", "permissions", "removed", "", "permission=@"),
	}},
	procura.TypeApprovalRule: {prefix: "ApprovalRule", resource: "approvalRule", rules: []messageRule{
		set("ApprovalRuleNameSet", "name", "oldName=-name"), set("ApprovalRuleDescriptionSet", "description", "oldDescription=-description"),
		set("ApprovalRuleKeySet", "key", "oldKey=-key"), set("ApprovalRuleStatusSet", "status", "oldStatus=-status"),
		set("ApprovalRulePredicateSet", "predicate", "oldPredicate=-predicate"),
		set("ApprovalRuleApproversSet", "approvers", "oldApprovers=-approvers"),
		set("ApprovalRuleRequestersSet", "requesters", "oldRequesters=-requesters"),
	}},
	procura.TypeApprovalFlow: {prefix: "ApprovalFlow", resource: "approvalFlow", rules: []messageRule{
		each("ApprovalFlowApproved", "approvals", "added", "approver.customer.id", "associate=@approver.customer", "order"),
		{msg: "ApprovalFlowRejected", field: "rejection", pay: []string{"associate=rejection.rejecter.customer", "rejectionReason=rejection.reason", "order"}},
		{msg: "ApprovalFlowCompleted", field: "status", to: `"Approved"`, pay: []string{"status", "order"}},
		{msg: "ApprovalFlowCompleted", field: "status", to: `"Rejected"`, pay: []string{"status", "order"}},
	}},
	procura.TypeQuoteRequest: {prefix: "QuoteRequest", resource: "quoteRequest", deleted: []string{}, rules: []messageRule{
		set("QuoteRequestStateChanged", "quoteRequestState", "oldQuoteRequestState=-quoteRequestState"),
		set("QuoteRequestCustomerChanged", "customer", "previousCustomer=-customer"),
	}},
	procura.TypeStagedQuote: {prefix: "StagedQuote", resource: "stagedQuote", deleted: []string{}, rules: []messageRule{
		set("StagedQuoteStateChanged", "stagedQuoteState", "oldStagedQuoteState=-stagedQuoteState"),
		set("StagedQuoteSellerCommentSet", "sellerComment"), set("StagedQuoteValidToSet", "validTo"),
	}},
	procura.TypeQuote: {prefix: "Quote", resource: "quote", deleted: []string{}, rules: []messageRule{
		set("QuoteStateChanged", "quoteState", "oldQuoteState=-quoteState"),
		{msg: "QuoteRenegotiationRequested", field: "quoteState", to: `"DeclinedForRenegotiation"`, pay: []string{"buyerComment"}},
		set("QuoteCustomerChanged", "customer", "previousCustomer=-customer"),
	}},
}

// addressRules are the address messages of customers and business units (prefix), which keep
// their addresses alike: the addresses, the ids of those for shipping and billing, and the
// defaults.
func addressRules(prefix string) []messageRule {
	return []messageRule{
		each(prefix+"AddressAdded", "addresses", "added", "id", "address=@"),
		each(prefix+"AddressChanged", "addresses", "changed", "id", "address=@", "addressRoles=%"),
		each(prefix+"AddressRemoved", "addresses", "removed", "id", "address=@", "addressRoles=%"),
		each(prefix+"ShippingAddressAdded", "shippingAddressIds", "added", "", "address=&@"),
		each(prefix+"ShippingAddressRemoved", "shippingAddressIds", "removed", "", "address=&@"),
		each(prefix+"BillingAddressAdded", "billingAddressIds", "added", "", "address=&@"),
		each(prefix+"BillingAddressRemoved", "billingAddressIds", "removed", "", "address=&@"),
		{msg: prefix + "DefaultShippingAddressSet", field: "defaultShippingAddressId", pay: []string{"address=&defaultShippingAddressId"}},
		{msg: prefix + "DefaultBillingAddressSet", field: "defaultBillingAddressId", pay: []string{"address=&defaultBillingAddressId"}},
	}
}

// MessageTypes lists the message types recorded of each resource type, in the table's order.
func MessageTypes() map[string][]string {
	out := map[string][]string{}
	for typ, k := range messageKinds {
		var list []string
		add := func(msg string) {
			if !slices.Contains(list, msg) {
				list = append(list, msg)
			}
		}
		if k.resource != "" {
			add(k.prefix + "Created")
		}
		if k.deleted != nil {
			add(k.prefix + "Deleted")
		}
		for _, r := range k.rules {
			add(r.msg)
		}
		out[typ] = list
	}
	return out
}
