package procura

import "encoding/json"

// customerAction holds the payload fields of the customer update actions.
type customerAction struct {
	Action     string              `json:"action"`
	Email      string              `json:"email"`
	Value      any                 `json:"value"`
	Name       *string             `json:"name"`
	FirstName  *string             `json:"firstName"`
	LastName   *string             `json:"lastName"`
	MiddleName *string             `json:"middleName"`
	Title      *string             `json:"title"`
	Salutation *string             `json:"salutation"`
	Company    *string             `json:"companyName"`
	VatID      *string             `json:"vatId"`
	Key        *string             `json:"key"`
	Address    *Address            `json:"address"`
	AddressID  string              `json:"addressId"`
	AddressKey string              `json:"addressKey"`
	Type       *ResourceIdentifier `json:"type"`
	Fields     map[string]any      `json:"fields"`
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
	switch a.Action {
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
		if k := deref(a.Key); k != "" {
			if err := CheckKey("key", k); err != nil {
				return err
			}
		}
		c.Key = deref(a.Key)
	case "addAddress":
		if a.Address == nil {
			return RequiredField("address")
		}
		_, err := c.add("address", *a.Address, ch.NewID)
		return err
	case "removeAddress", "addShippingAddressId", "removeShippingAddressId", "addBillingAddressId", "removeBillingAddressId":
		id, err := c.find(a.AddressID, a.AddressKey)
		if err != nil {
			return err
		}
		c.applyAddressRole(a.Action, id)
	case "setCustomType":
		custom, err := NewCustomFields("type", customDraft(a.Type, a.Fields))
		if err != nil {
			return err
		}
		c.Custom = custom
	case "setCustomField":
		return SetCustomField(c.Custom, deref(a.Name), a.Value)
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

// customerActions are the customer update actions and their fields.
var customerActions = withCustom(ActionFields{
	"changeEmail": {"email"}, "setKey": {"key"}, "addAddress": {"address"},
	"removeAddress": {"addressId", "addressKey"}, "addShippingAddressId": {"addressId", "addressKey"},
	"removeShippingAddressId": {"addressId", "addressKey"}, "addBillingAddressId": {"addressId", "addressKey"},
	"removeBillingAddressId": {"addressId", "addressKey"},
	"setFirstName":           {"firstName"}, "setLastName": {"lastName"}, "setMiddleName": {"middleName"},
	"setTitle": {"title"}, "setSalutation": {"salutation"}, "setCompanyName": {"companyName"}, "setVatId": {"vatId"},
})
