package procura

import "encoding/json"

// customerAction holds the payload fields of the customer update actions.
type customerAction struct {
	Action         string               `json:"action"`
	Email          string               `json:"email"`
	Value          any                  `json:"value"`
	Name           *string              `json:"name"`
	FirstName      *string              `json:"firstName"`
	LastName       *string              `json:"lastName"`
	MiddleName     *string              `json:"middleName"`
	Title          *string              `json:"title"`
	Salutation     *string              `json:"salutation"`
	Company        *string              `json:"companyName"`
	VatID          *string              `json:"vatId"`
	Key            *string              `json:"key"`
	DateOfBirth    *string              `json:"dateOfBirth"`
	Locale         *string              `json:"locale"`
	ExternalID     *string              `json:"externalId"`
	CustomerNumber *string              `json:"customerNumber"`
	Address        *Address             `json:"address"`
	AddressID      string               `json:"addressId"`
	AddressKey     string               `json:"addressKey"`
	Type           *ResourceIdentifier  `json:"type"`
	Fields         map[string]any       `json:"fields"`
	Store          *ResourceIdentifier  `json:"store"`
	Stores         []ResourceIdentifier `json:"stores"`
	AuthMode       string               `json:"authMode"`
	Password       *string              `json:"password"`
	groupFields
}

// Apply applies one customer update action: changeEmail, the set* actions of the profile,
// the address actions, setCustomType and setCustomField. Changing the email clears
// isEmailVerified. Errors as for NewCustomer, plus InvalidJsonInput for an unknown action.
func (c *Customer) Apply(raw json.RawMessage, ch Change) error {
	var a customerAction
	if err := DecodeAction(raw, &a, customerActions); err != nil {
		return err
	}
	if field, ok := c.profileField(a.Action); ok {
		*field = deref(a.profileValue(a.Action))
		return nil
	}
	if handled, err := c.applyAddressAction(addressAction{Action: a.Action, Address: a.Address, AddressID: a.AddressID,
		AddressKey: a.AddressKey, Type: a.Type, Fields: a.Fields, Name: a.Name, Value: a.Value}, ch.NewID); handled {
		return err
	}
	if handled, err := applyGroupAction(&c.CustomerGroupAssignments, TypeCustomer, a.Action, a.groupFields, ch.Groups); handled {
		return err
	}
	switch a.Action {
	case "setDateOfBirth":
		if err := checkDateOfBirth("dateOfBirth", deref(a.DateOfBirth)); err != nil {
			return err
		}
		c.DateOfBirth = deref(a.DateOfBirth)
	case "setLocale":
		if err := checkLocale("locale", deref(a.Locale)); err != nil {
			return err
		}
		c.Locale = deref(a.Locale)
	case "setExternalId":
		c.ExternalID = deref(a.ExternalID)
	case "setCustomerGroup":
		group, err := customerGroupOf(a.CustomerGroup, ch.Groups)
		if err != nil {
			return err
		}
		c.CustomerGroup = group
	case "setCustomerNumber":
		// As in the reference, a customer number, once set, stays: orders and invoices name it.
		if c.CustomerNumber != "" {
			return InvalidOperation("The customer number is set ('%s') and cannot be changed.", c.CustomerNumber)
		}
		c.CustomerNumber = deref(a.CustomerNumber)
	case "changeEmail":
		email, err := NormalizeEmail(a.Email)
		if err != nil {
			return err
		}
		if EmailIdentity(email) != EmailIdentity(c.Email) {
			c.IsEmailVerified = false
		}
		c.Email = email
	case "setKey":
		return setKey(&c.Key, a.Key)
	case "addStore", "removeStore", "setStores":
		return changeStores(a.Action, a.Store, a.Stores, &c.Stores, ch.Lookup, "customer '"+c.ID+"'")
	case "setAuthenticationMode":
		return c.setAuthenticationMode(a.AuthMode, a.Password)
	case "setCustomType", "setCustomField":
		return customAction{Type: a.Type, Fields: a.Fields, Name: deref(a.Name), Value: a.Value}.apply(a.Action, &c.Custom)
	default:
		return UnknownAction(a.Action)
	}
	return nil
}

// profileField returns the field a set* profile action changes.
func (c *Customer) profileField(action string) (*string, bool) {
	fields := map[string]*string{
		"setFirstName": &c.FirstName, "setLastName": &c.LastName, "setMiddleName": &c.MiddleName,
		"setTitle": &c.Title, "setSalutation": &c.Salutation, "setCompanyName": &c.CompanyName,
		"setVatId": &c.VatID,
	}
	f, ok := fields[action]
	return f, ok
}

func (a customerAction) profileValue(action string) *string {
	switch action {
	case "setFirstName":
		return a.FirstName
	case "setLastName":
		return a.LastName
	case "setMiddleName":
		return a.MiddleName
	case "setTitle":
		return a.Title
	case "setSalutation":
		return a.Salutation
	case "setCompanyName":
		return a.Company
	}
	return a.VatID
}

// myCustomerActions are the actions a customer may use on their own account (/me).
var myCustomerActions = []string{
	"changeEmail", "setFirstName", "setLastName", "setMiddleName", "setTitle", "setSalutation", "setCompanyName",
	"setVatId", "setDateOfBirth", "setLocale", "setCustomType", "setCustomField",
	"addAddress", "changeAddress", "removeAddress", "setDefaultShippingAddress", "setDefaultBillingAddress",
	"addShippingAddressId", "removeShippingAddressId", "addBillingAddressId", "removeBillingAddressId",
}

// customerActions are the customer update actions and their fields.
var customerActions = withCustom(withActions(withActions(addressActions, groupActions), ActionFields{
	"changeEmail": {"email"}, "setKey": {"key"},
	"setDateOfBirth": {"dateOfBirth"}, "setLocale": {"locale"}, "setExternalId": {"externalId"}, "setCustomerNumber": {"customerNumber"},
	"setCustomerGroup": {"customerGroup"}, "setAuthenticationMode": {"authMode", "password"},
	"setFirstName": {"firstName"}, "setLastName": {"lastName"}, "setMiddleName": {"middleName"},
	"setTitle": {"title"}, "setSalutation": {"salutation"}, "setCompanyName": {"companyName"}, "setVatId": {"vatId"},
	"addStore": {"store"}, "removeStore": {"store"}, "setStores": {"stores"},
}))

// setAuthenticationMode keeps every customer on passwords (decision 0024): Procura has no
// external authentication (it accepts no other issuer's tokens), so a customer without a
// password could never sign in. Password is what every customer has; it sets no password (POST
// /customers/password does, with the current one).
func (c *Customer) setAuthenticationMode(mode string, password *string) error {
	switch mode {
	case "Password":
		if password != nil {
			return InvalidOperation("The customer signs in with a password already; change it through /customers/password.")
		}
		return nil
	case "ExternalAuth":
		return Unsupported("authMode", mode, "external authentication")
	case "":
		return RequiredField("authMode")
	}
	return InvalidField("authMode", mode, "Password", "ExternalAuth")
}
