package procura

import "strings"

// Permission is one of the fine-grained rights an AssociateRole can grant: the reference's 47,
// and Procura's ViewCompanyHistory.
type Permission string

// The permissions, grouped as the reference API groups them.
const (
	// Business Unit
	AddChildUnits             Permission = "AddChildUnits"
	UpdateAssociates          Permission = "UpdateAssociates"
	UpdateBusinessUnitDetails Permission = "UpdateBusinessUnitDetails"
	UpdateParentUnit          Permission = "UpdateParentUnit"
	// Cart
	ViewMyCarts       Permission = "ViewMyCarts"
	ViewOthersCarts   Permission = "ViewOthersCarts"
	UpdateMyCarts     Permission = "UpdateMyCarts"
	UpdateOthersCarts Permission = "UpdateOthersCarts"
	CreateMyCarts     Permission = "CreateMyCarts"
	CreateOthersCarts Permission = "CreateOthersCarts"
	DeleteMyCarts     Permission = "DeleteMyCarts"
	DeleteOthersCarts Permission = "DeleteOthersCarts"
	// Order
	ViewMyOrders                 Permission = "ViewMyOrders"
	ViewOthersOrders             Permission = "ViewOthersOrders"
	UpdateMyOrders               Permission = "UpdateMyOrders"
	UpdateOthersOrders           Permission = "UpdateOthersOrders"
	CreateMyOrdersFromMyCarts    Permission = "CreateMyOrdersFromMyCarts"
	CreateMyOrdersFromMyQuotes   Permission = "CreateMyOrdersFromMyQuotes"
	CreateOrdersFromOthersCarts  Permission = "CreateOrdersFromOthersCarts"
	CreateOrdersFromOthersQuotes Permission = "CreateOrdersFromOthersQuotes"
	// Quote
	ViewMyQuotes            Permission = "ViewMyQuotes"
	ViewOthersQuotes        Permission = "ViewOthersQuotes"
	AcceptMyQuotes          Permission = "AcceptMyQuotes"
	AcceptOthersQuotes      Permission = "AcceptOthersQuotes"
	DeclineMyQuotes         Permission = "DeclineMyQuotes"
	DeclineOthersQuotes     Permission = "DeclineOthersQuotes"
	RenegotiateMyQuotes     Permission = "RenegotiateMyQuotes"
	RenegotiateOthersQuotes Permission = "RenegotiateOthersQuotes"
	ReassignMyQuotes        Permission = "ReassignMyQuotes"
	ReassignOthersQuotes    Permission = "ReassignOthersQuotes"
	// Quote Request
	ViewMyQuoteRequests                Permission = "ViewMyQuoteRequests"
	ViewOthersQuoteRequests            Permission = "ViewOthersQuoteRequests"
	UpdateMyQuoteRequests              Permission = "UpdateMyQuoteRequests"
	UpdateOthersQuoteRequests          Permission = "UpdateOthersQuoteRequests"
	CreateMyQuoteRequestsFromMyCarts   Permission = "CreateMyQuoteRequestsFromMyCarts"
	CreateQuoteRequestsFromOthersCarts Permission = "CreateQuoteRequestsFromOthersCarts"
	// Approval Rule
	CreateApprovalRules Permission = "CreateApprovalRules"
	UpdateApprovalRules Permission = "UpdateApprovalRules"
	// Approval Flow
	UpdateApprovalFlows Permission = "UpdateApprovalFlows"
	// Shopping List
	ViewMyShoppingLists       Permission = "ViewMyShoppingLists"
	ViewOthersShoppingLists   Permission = "ViewOthersShoppingLists"
	UpdateMyShoppingLists     Permission = "UpdateMyShoppingLists"
	UpdateOthersShoppingLists Permission = "UpdateOthersShoppingLists"
	CreateMyShoppingLists     Permission = "CreateMyShoppingLists"
	CreateOthersShoppingLists Permission = "CreateOthersShoppingLists"
	DeleteMyShoppingLists     Permission = "DeleteMyShoppingLists"
	DeleteOthersShoppingLists Permission = "DeleteOthersShoppingLists"
	// History: a Procura extension (decision 0039), the right to read the change history of a
	// unit and the units below it.
	ViewCompanyHistory Permission = "ViewCompanyHistory"
)

// AllPermissions lists every permission in the reference API's order, then Procura's. A permission's index in
// this list is its bit in a PermissionSet.
var AllPermissions = []Permission{
	AddChildUnits, UpdateAssociates, UpdateBusinessUnitDetails, UpdateParentUnit,
	ViewMyCarts, ViewOthersCarts, UpdateMyCarts, UpdateOthersCarts,
	CreateMyCarts, CreateOthersCarts, DeleteMyCarts, DeleteOthersCarts,
	ViewMyOrders, ViewOthersOrders, UpdateMyOrders, UpdateOthersOrders,
	CreateMyOrdersFromMyCarts, CreateMyOrdersFromMyQuotes, CreateOrdersFromOthersCarts, CreateOrdersFromOthersQuotes,
	ViewMyQuotes, ViewOthersQuotes, AcceptMyQuotes, AcceptOthersQuotes,
	DeclineMyQuotes, DeclineOthersQuotes, RenegotiateMyQuotes, RenegotiateOthersQuotes,
	ReassignMyQuotes, ReassignOthersQuotes,
	ViewMyQuoteRequests, ViewOthersQuoteRequests, UpdateMyQuoteRequests, UpdateOthersQuoteRequests,
	CreateMyQuoteRequestsFromMyCarts, CreateQuoteRequestsFromOthersCarts,
	CreateApprovalRules, UpdateApprovalRules,
	UpdateApprovalFlows,
	ViewMyShoppingLists, ViewOthersShoppingLists, UpdateMyShoppingLists, UpdateOthersShoppingLists,
	CreateMyShoppingLists, CreateOthersShoppingLists, DeleteMyShoppingLists, DeleteOthersShoppingLists,
	ViewCompanyHistory,
}

var permissionBits = func() map[Permission]PermissionSet {
	m := make(map[Permission]PermissionSet, len(AllPermissions))
	for i, p := range AllPermissions {
		m[p] = 1 << uint(i)
	}
	return m
}()

// ParsePermission returns the permission named s, or an InvalidField error.
func ParsePermission(field, s string) (Permission, error) {
	if _, ok := permissionBits[Permission(s)]; !ok {
		names := make([]string, len(AllPermissions))
		for i, p := range AllPermissions {
			names[i] = string(p)
		}
		return "", InvalidField(field, s, names...)
	}
	return Permission(s), nil
}

// PermissionSet is a set of permissions as a bit mask: cheap to combine and to test.
type PermissionSet uint64

// NewPermissionSet returns the set holding ps; unknown names are ignored.
func NewPermissionSet(ps ...Permission) PermissionSet {
	var s PermissionSet
	for _, p := range ps {
		s |= permissionBits[p]
	}
	return s
}

// Has reports whether the set holds p.
func (s PermissionSet) Has(p Permission) bool {
	b := permissionBits[p]
	return b != 0 && s&b == b
}

// HasAny reports whether the set holds at least one of ps.
func (s PermissionSet) HasAny(ps ...Permission) bool {
	for _, p := range ps {
		if s.Has(p) {
			return true
		}
	}
	return false
}

// List returns the permissions of the set in the reference order.
func (s PermissionSet) List() []Permission {
	out := []Permission{}
	for i, p := range AllPermissions {
		if s&(1<<uint(i)) != 0 {
			out = append(out, p)
		}
	}
	return out
}

// String lists the set's permissions separated by commas.
func (s PermissionSet) String() string {
	var b strings.Builder
	for i, p := range s.List() {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(string(p))
	}
	return b.String()
}
