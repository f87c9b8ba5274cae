package procura

// MyBusinessUnitDraft is what a customer may give when creating a unit through /me: no
// associates, stores, status or modes (the unit takes the defaults, and its creator becomes its
// associate with the project's role for that).
type MyBusinessUnitDraft struct {
	Key                    string              `json:"key"`
	UnitType               string              `json:"unitType"`
	Name                   string              `json:"name"`
	ContactEmail           string              `json:"contactEmail,omitempty"`
	ParentUnit             *ResourceIdentifier `json:"parentUnit,omitempty"`
	Addresses              []Address           `json:"addresses,omitempty"`
	ShippingAddresses      []int               `json:"shippingAddresses,omitempty"`
	BillingAddresses       []int               `json:"billingAddresses,omitempty"`
	DefaultShippingAddress *int                `json:"defaultShippingAddress,omitempty"`
	DefaultBillingAddress  *int                `json:"defaultBillingAddress,omitempty"`
	Custom                 *CustomFieldsDraft  `json:"custom,omitempty"`
}

// Draft turns the /me draft into a full draft with the given status.
func (d MyBusinessUnitDraft) Draft(status string) BusinessUnitDraft {
	return BusinessUnitDraft{Key: d.Key, UnitType: d.UnitType, Name: d.Name, ContactEmail: d.ContactEmail, Status: status,
		ParentUnit: d.ParentUnit, Addresses: d.Addresses, ShippingAddresses: d.ShippingAddresses, BillingAddresses: d.BillingAddresses,
		DefaultShippingAddress: d.DefaultShippingAddress, DefaultBillingAddress: d.DefaultBillingAddress, Custom: d.Custom}
}

// Mine returns the /me draft that d is, for a customer's own token on the as-associate
// endpoints: a field /me does not take (status, stores, modes, associates, join settings) is
// InvalidInput, as it would be refused on /me.
func (d BusinessUnitDraft) Mine() (MyBusinessUnitDraft, error) {
	sellers := []struct {
		field string
		set   bool
	}{{"status", d.Status != ""}, {"storeMode", d.StoreMode != ""}, {"stores", d.Stores != nil},
		{"associateMode", d.AssociateMode != ""}, {"associates", d.Associates != nil}, {"approvalRuleMode", d.ApprovalRuleMode != ""},
		{"customerGroupAssignments", d.CustomerGroupAssignments != nil}, {"joinPolicy", d.JoinPolicy != ""}, {"allowedEmailDomains", d.AllowedEmailDomains != nil}, {"defaultAssociateRole", d.DefaultAssociateRole != nil}}
	for _, f := range sellers {
		if f.set {
			return MyBusinessUnitDraft{}, InvalidInput("'%s' is the seller's to set: a customer's token creates units with the fields of /me/business-units.", f.field)
		}
	}
	return MyBusinessUnitDraft{Key: d.Key, UnitType: d.UnitType, Name: d.Name, ContactEmail: d.ContactEmail, ParentUnit: d.ParentUnit,
		Addresses: d.Addresses, ShippingAddresses: d.ShippingAddresses, BillingAddresses: d.BillingAddresses,
		DefaultShippingAddress: d.DefaultShippingAddress, DefaultBillingAddress: d.DefaultBillingAddress, Custom: d.Custom}, nil
}

// myUnitActions are the update actions a customer may use through /me/business-units.
var myUnitActions = map[string]bool{
	"setContactEmail": true, "changeName": true, "addAddress": true, "changeAddress": true, "removeAddress": true,
	"addShippingAddressId": true, "removeShippingAddressId": true, "addBillingAddressId": true, "removeBillingAddressId": true,
	"setDefaultShippingAddress": true, "setDefaultBillingAddress": true, "setAddressCustomType": true, "setAddressCustomField": true,
	"setCustomType": true, "setCustomField": true, "changeAssociate": true, "removeAssociate": true, "changeParentUnit": true,
	"setJoinPolicy": true, // a Procura extension
}

// Move is what an encoded action that places a unit in the tree asks: changeParentUnit (no
// UnitType) or setUnitType.
type Move struct {
	UnitType   string
	ParentUnit *ResourceIdentifier
}

// MoveOf returns the move an encoded action asks, or nil for any other action.
func MoveOf(raw []byte) *Move {
	var a businessUnitAction
	if DecodeAction(raw, &a, businessUnitActions) != nil || (a.Action != "changeParentUnit" && a.Action != "setUnitType") {
		return nil
	}
	return &Move{UnitType: a.UnitType, ParentUnit: a.ParentUnit}
}
