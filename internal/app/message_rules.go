package app

import (
	"encoding/json"
	"maps"
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
	created  []string // else the payload of the Created message, when set
	deleted  []string // the payload of the Deleted message; nil: the type records none
	rules    []messageRule
	// onCreation are rules read on a creation, as a change from nothing
	onCreation []messageRule
	// derived, when set, adds fields that the rules read to a resource's stored fields
	derived func(l *lookup, stored []byte, to map[string]json.RawMessage)
}

// withDerived are the top-level fields of a stored resource of the kind (read from stored), with
// the derived ones added to a copy.
func (k messageKind) withDerived(l *lookup, stored []byte, read map[string]json.RawMessage) map[string]json.RawMessage {
	if k.derived == nil || read == nil {
		return read
	}
	out := maps.Clone(read)
	k.derived(l, stored, out)
	return out
}

// messageRule makes messages of the change of one field (a dotted path). Payload fields are
// written "name" (the field's new value), "name=path" (a field's new value; "" the whole
// resource or element), "name=-path" (its old value) and, for a list, "name=@path" (the
// element's own value; "@" the whole element; "-@" as it was). A value that is absent is left
// out. "name=added:path:key" (likewise "removed:" and "changed:") is the list of the elements of
// the list at path that the change added, known by key (as list and key below).
// "name=!fact:path" is whether the transaction noted the fact of the id at path
// (recorder.note), "name=#JSON" that JSON. In the rules within a list, "name=^path" is a field
// of what holds the list (the resource, or the element of an outer list). Of addresses: "name=&path" is the address whose id is the value of path ("@":
// the element), and "name=%" the roles of the element's address (AddressRole).
type messageRule struct {
	msg   string
	field string
	// from and to, when set: only when the field's JSON was from, or becomes to ("null":
	// absent); "!" and a JSON: only when it was not, or does not become, that.
	from, to string
	// when are further conditions: "same path" (the JSON there did not change), "changed path",
	// "path is JSON" (the JSON there after the change)
	when []string
	// list, when set, makes one message per element of the list field "added", "removed" or
	// "changed", each element known by its value at the path key ("" for the element itself;
	// "*" takes an object's entries for its elements, {"name", "value"}).
	list, key string
	except    string // of a changed element: fields (comma-separated) whose changes are another rule's
	pay       []string
	// within, when set, are rules for each element of the list field that changed (known by
	// key), read on the element as on a resource.
	within []messageRule
	// computed, when set, adds payload fields that the change makes (the fields before and after
	// it) or, answering false, finds that the change makes no message of the rule.
	computed func(before, after map[string]json.RawMessage, pay map[string]json.RawMessage) bool
}

// set is a rule for a field that a message reports with its new value under the same name.
func set(msg, field string, pay ...string) messageRule {
	return messageRule{msg: msg, field: field, pay: append([]string{field}, pay...)}
}

// within makes rules for each changed element of a list field, known by key.
func within(field, key string, rules ...messageRule) messageRule {
	return messageRule{field: field, key: key, within: rules}
}

// each is a rule for the elements of a list field.
func each(msg, field, list, key string, pay ...string) messageRule {
	return messageRule{msg: msg, field: field, list: list, key: key, pay: pay}
}

var messageKinds = map[string]messageKind{
	procura.TypeOrder: {prefix: "Order", resource: "order", deleted: []string{"order=-"}, derived: orderFields, onCreation: []messageRule{
		{msg: "OrderCreatedFromRecurringOrder", field: "recurringOrder", pay: []string{"order=", "recurringOrderRef=recurringOrder"}},
	}, rules: slices.Concat([]messageRule{
		set("OrderStateChanged", "orderState", "oldOrderState=-orderState"),
		set("OrderShipmentStateChanged", "shipmentState", "oldShipmentState=-shipmentState"),
		set("OrderPaymentStateChanged", "paymentState", "oldPaymentState=-paymentState"),
		set("OrderPurchaseOrderNumberSet", "purchaseOrderNumber", "oldPurchaseOrderNumber=-purchaseOrderNumber"),
		{msg: "OrderCustomerEmailSet", field: "customerEmail", pay: []string{"email=customerEmail", "oldEmail=-customerEmail"}},
		{msg: "OrderShippingAddressSet", field: "shippingAddress", pay: []string{"address=shippingAddress", "oldAddress=-shippingAddress"}},
		{msg: "OrderBillingAddressSet", field: "billingAddress", pay: []string{"address=billingAddress", "oldAddress=-billingAddress"}},
		set("OrderBusinessUnitSet", "businessUnit", "oldbusinessUnit=-businessUnit"), // the reference's spelling
		{msg: "OrderCustomerSet", field: "customer", pay: []string{"customer", "oldCustomer=-customer", "customerGroup", "oldCustomerGroup=-customerGroup"}},
		set("OrderStoreSet", "store"), transitionRule("OrderStateTransition", "state", "oldState=-state"),
		each("ReturnInfoAdded", "returnInfo", "added", "items.0.id", "returnInfo=@"),
		within("returnInfo", "items.0.id", within("items", "id", messageRule{msg: "OrderReturnShipmentStateChanged", field: "shipmentState",
			pay: []string{"returnItemId=id", "returnShipmentState=shipmentState"}})),
		within("lineItems", "id", itemStateTransition("LineItemStateTransition", "lineItem")),
		within("customLineItems", "id", itemStateTransition("CustomLineItemStateTransition", "customLineItem")),
		each("OrderPaymentAdded", "paymentInfo.payments", "added", "id", "paymentRef=@"),
		each("OrderPaymentRemoved", "paymentInfo.payments", "removed", "id", "paymentRef=@", "removedPaymentInfo=withoutPaymentInfo"),
	}, customRules("Order"), deliveryRules("shippingInfo"), []messageRule{within("shipping", "shippingKey", deliveryRules("shippingInfo")...)})},
	procura.TypeCart: {prefix: "Cart", rules: []messageRule{
		{msg: "CartFrozen", field: "cartState", to: `"Frozen"`},
		{msg: "CartUnfrozen", field: "cartState", from: `"Frozen"`, to: `"Active"`},
		{msg: "CartLocked", field: "lock", from: "null"}, {msg: "CartUnlocked", field: "lock", to: "null"},
		set("CartPurchaseOrderNumberSet", "purchaseOrderNumber", "oldPurchaseOrderNumber=-purchaseOrderNumber"),
	}},
	procura.TypeCustomer: {prefix: "Customer", resource: "customer", deleted: []string{"email=-email"}, rules: slices.Concat([]messageRule{
		set("CustomerEmailChanged", "email", "oldEmail=-email"),
		set("CustomerFirstNameSet", "firstName"), set("CustomerLastNameSet", "lastName"), set("CustomerTitleSet", "title"),
		set("CustomerCompanyNameSet", "companyName"), set("CustomerDateOfBirthSet", "dateOfBirth"),
		set("CustomerExternalIdSet", "externalId"), set("CustomerGroupSet", "customerGroup"), set("CustomerStoresSet", "stores", "oldStores=-stores"),
		{msg: "CustomerEmailVerified", field: "isEmailVerified", to: "true"},
		{msg: "CustomerPasswordUpdated", field: "passwordHash", pay: []string{"reset=!reset:id"}},
		each("CustomerGroupAssignmentAdded", "customerGroupAssignments", "added", "customerGroup.id", "customerGroupAssignment=@"),
		each("CustomerGroupAssignmentRemoved", "customerGroupAssignments", "removed", "customerGroup.id", "customerGroupAssignment=@"),
	}, addressRules("Customer"), customRules("Customer"))},
	procura.TypeBusinessUnit: {prefix: "BusinessUnit", resource: "businessUnit", deleted: []string{}, rules: slices.Concat([]messageRule{
		set("BusinessUnitNameChanged", "name"), set("BusinessUnitContactEmailSet", "contactEmail"),
		{msg: "BusinessUnitStatusChanged", field: "status", pay: []string{"active=status"}},
		{msg: "BusinessUnitParentChanged", field: "parentUnit", when: []string{"same unitType"}, pay: []string{"newParentUnit=parentUnit", "oldParentUnit=-parentUnit"}},
		set("BusinessUnitTypeSet", "unitType", "oldUnitType=-unitType", "parentUnit", "oldParentUnit=-parentUnit"),
		set("BusinessUnitAssociateModeChanged", "associateMode", "oldAssociateMode=-associateMode"),
		set("BusinessUnitApprovalRuleModeChanged", "approvalRuleMode", "oldApprovalRuleMode=-approvalRuleMode"),
		set("BusinessUnitStoreModeChanged", "storeMode", "oldStoreMode=-storeMode", "stores", "oldStores=-stores"),
		each("BusinessUnitAssociateAdded", "associates", "added", "customer.id", "associate=@"),
		each("BusinessUnitAssociateRemoved", "associates", "removed", "customer.id", "associate=@"),
		each("BusinessUnitAssociateChanged", "associates", "changed", "customer.id", "associate=@"),
		each("BusinessUnitStoreAdded", "stores", "added", "key", "store=@"),
		each("BusinessUnitStoreRemoved", "stores", "removed", "key", "store=@"),
	}, addressRules("BusinessUnit"), customRules("BusinessUnit"))},
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
		transitionRule("QuoteRequestStateTransition", "state", "oldState=-state"),
	}},
	procura.TypeStagedQuote: {prefix: "StagedQuote", resource: "stagedQuote", deleted: []string{}, rules: []messageRule{
		set("StagedQuoteStateChanged", "stagedQuoteState", "oldStagedQuoteState=-stagedQuoteState"),
		set("StagedQuoteSellerCommentSet", "sellerComment"), set("StagedQuoteValidToSet", "validTo"),
		transitionRule("StagedQuoteStateTransition", "state", "oldState=-state"),
	}},
	procura.TypeQuote: {prefix: "Quote", resource: "quote", deleted: []string{}, rules: []messageRule{
		set("QuoteStateChanged", "quoteState", "oldQuoteState=-quoteState"),
		{msg: "QuoteRenegotiationRequested", field: "quoteState", to: `"DeclinedForRenegotiation"`, pay: []string{"buyerComment"}},
		set("QuoteCustomerChanged", "customer", "previousCustomer=-customer"),
		transitionRule("QuoteStateTransition", "state", "oldState=-state"),
	}},
	procura.TypeRecurringOrder: {prefix: "RecurringOrder", resource: "recurringOrder", deleted: []string{"recurringOrder=-"}, rules: append([]messageRule{
		{msg: "RecurringOrderStateChanged", field: "recurringOrderState", pay: []string{"state=recurringOrderState", "oldState=-recurringOrderState"}},
		set("RecurringOrderKeySet", "key", "oldKey=-key"), set("RecurringOrderStartsAtSet", "startsAt", "oldStartsAt=-startsAt"),
		{msg: "RecurringOrderExpiresAtSet", field: "expiresAt", pay: []string{"newExpiresAt=expiresAt", "oldExpiresAt=-expiresAt"}},
		{msg: "RecurringOrderScheduleSet", field: "schedule", pay: []string{"recurrencePolicySchedule=schedule", "oldRecurrencePolicySchedule=-schedule"}},
	}, customRules("RecurringOrder")...)},
	procura.TypePayment: {prefix: "Payment", resource: "payment", rules: []messageRule{
		set("PaymentInterfaceIdSet", "interfaceId", "oldInterfaceId=-interfaceId"),
		each("PaymentTransactionAdded", "transactions", "added", "id", "transaction=@"),
		within("transactions", "id", messageRule{msg: "PaymentTransactionStateChanged", field: "state", pay: []string{"transactionId=id", "state"}}),
		each("PaymentInteractionAdded", "interfaceInteractions", "added", "", "interaction=@"),
		{msg: "PaymentStatusInterfaceCodeSet", field: "paymentStatus.interfaceCode", pay: []string{"paymentId=id", "interfaceCode=paymentStatus.interfaceCode"}},
		transitionRule("PaymentStatusStateTransition", "paymentStatus.state"),
	}},
	procura.TypeProduct: {prefix: "Product", created: []string{"productProjection=stagedProjection"},
		deleted: []string{"currentProjection=-currentProjection", "removedImageUrls=-imageUrls"}, derived: productFields, rules: slices.Concat([]messageRule{
			{msg: "ProductPublished", field: "masterData.published", to: "true", pay: productPublished},
			{msg: "ProductPublished", field: "masterData.current", when: []string{"same masterData.staged", "same masterData.published"}, pay: productPublished},
			{msg: "ProductUnpublished", field: "masterData.published", to: "false"},
			{msg: "ProductPriceModeSet", field: "priceMode", to: "!null", pay: []string{"to=priceMode"}},
		}, productDataRules(
			messageRule{msg: "ProductSlugChanged", field: "{data}.slug", pay: []string{"slug={data}.slug", "oldSlug=-{data}.slug"}},
			each("ProductAddedToCategory", "{data}.categories", "added", "id", "category=@", "staged=#{staged}"),
			each("ProductRemovedFromCategory", "{data}.categories", "removed", "id", "category=@", "staged=#{staged}"),
			each("ProductVariantAdded", "{data}.variants", "added", "id", "variant=@", "staged=#{staged}"),
			each("ProductVariantDeleted", "{data}.variants", "removed", "id", "variant=@", "staged=#{staged}", "removedImageUrls=removed:imageUrls"),
		), productDataRules(variantRules(append(priceRules(),
			each("ProductImageAdded", "images", "added", "url", "image=@", "variantId=id", "staged=#{staged}"))...)...), []messageRule{
			{msg: "ProductRevertedStagedChanges", field: "masterData.hasStagedChanges", to: "false", when: []string{"same masterData.current"}, pay: []string{"removedImageUrls=removed:imageUrls"}},
		})},
	procura.TypeCustomerGroup: {prefix: "CustomerGroup", rules: customRules("CustomerGroup")},
	procura.TypeCategory:      {prefix: "Category", resource: "category", rules: []messageRule{set("CategorySlugChanged", "slug", "oldSlug=-slug")}},
	procura.TypeStore: {prefix: "Store", created: []string{"name", "languages", "countries", "distributionChannels", "supplyChannels", "productSelections", "custom"},
		deleted: []string{}, rules: append([]messageRule{set("StoreNameSet", "name"), listSet("StoreLanguagesChanged", "Languages", ""),
			listSet("StoreCountriesChanged", "Countries", "code")}, storefrontRules()...)}, // channels and product selections: Procura has none
	procura.TypeDiscountGroup: {prefix: "DiscountGroup", resource: "discountGroup", deleted: []string{}, rules: []messageRule{
		set("DiscountGroupKeySet", "key", "oldKey=-key"), set("DiscountGroupSortOrderSet", "sortOrder", "oldSortOrder=-sortOrder"),
		set("DiscountGroupIsActiveSet", "isActive", "oldIsActive=-isActive"),
	}},
	procura.TypeShoppingList: {prefix: "ShoppingList", rules: []messageRule{
		each("ShoppingListLineItemAdded", "lineItems", "added", "id", "lineItem=@"),
		each("ShoppingListLineItemRemoved", "lineItems", "removed", "id", "lineItem=@"),
	}},
	procura.TypeDiscountCode: {prefix: "DiscountCode", resource: "discountCode", deleted: []string{}, rules: []messageRule{set("DiscountCodeKeySet", "key", "oldKey=-key")}},
	procura.TypeCartDiscount: {prefix: "CartDiscount", resource: "cartDiscount", deleted: []string{}, rules: []messageRule{
		each("CartDiscountStoreAdded", "stores", "added", "key", "store=@"),
		each("CartDiscountStoreRemoved", "stores", "removed", "key", "store=@"),
	}},
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
		if k.resource != "" || k.created != nil {
			add(k.prefix + "Created")
		}
		if k.deleted != nil {
			add(k.prefix + "Deleted")
		}
		var walk func(rules []messageRule)
		walk = func(rules []messageRule) {
			for _, r := range rules {
				if r.within != nil {
					walk(r.within)
				} else {
					add(r.msg)
				}
			}
		}
		walk(k.rules)
		walk(k.onCreation)
		out[typ] = append(list, saidTypes[typ]...)
	}
	return out
}

// saidTypes are the message types use cases make themselves (recorder.say), by resource type.
var saidTypes = map[string][]string{procura.TypeCustomer: {"CustomerPasswordTokenCreated", "CustomerEmailTokenCreated"}}
