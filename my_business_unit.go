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

// myUnitActions are the update actions a customer may use through /me/business-units.
var myUnitActions = map[string]bool{
	"setContactEmail": true, "changeName": true, "addAddress": true, "changeAddress": true, "removeAddress": true,
	"addShippingAddressId": true, "removeShippingAddressId": true, "addBillingAddressId": true, "removeBillingAddressId": true,
	"setDefaultShippingAddress": true, "setDefaultBillingAddress": true, "setAddressCustomType": true, "setAddressCustomField": true,
	"setCustomType": true, "setCustomField": true, "changeAssociate": true, "removeAssociate": true, "changeParentUnit": true,
	"setJoinPolicy": true, // a Procura extension
}

// MyUnitActionAllowed reports whether /me/business-units accepts the action.
func MyUnitActionAllowed(action string) bool { return myUnitActions[action] }

// ParentOf returns the parent unit an encoded changeParentUnit action names, if any.
func ParentOf(raw []byte) *ResourceIdentifier {
	var a businessUnitAction
	if DecodeAction(raw, &a, businessUnitActions) != nil {
		return nil
	}
	return a.ParentUnit
}
