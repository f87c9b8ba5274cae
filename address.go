package procura

import "regexp"

// Address is a postal address of a business unit or a customer.
type Address struct {
	ID                    string        `json:"id,omitempty"`
	Key                   string        `json:"key,omitempty"`
	Title                 string        `json:"title,omitempty"`
	Salutation            string        `json:"salutation,omitempty"`
	FirstName             string        `json:"firstName,omitempty"`
	LastName              string        `json:"lastName,omitempty"`
	StreetName            string        `json:"streetName,omitempty"`
	StreetNumber          string        `json:"streetNumber,omitempty"`
	AdditionalStreetInfo  string        `json:"additionalStreetInfo,omitempty"`
	PostalCode            string        `json:"postalCode,omitempty"`
	City                  string        `json:"city,omitempty"`
	Region                string        `json:"region,omitempty"`
	State                 string        `json:"state,omitempty"`
	Country               string        `json:"country"`
	Company               string        `json:"company,omitempty"`
	Department            string        `json:"department,omitempty"`
	Building              string        `json:"building,omitempty"`
	Apartment             string        `json:"apartment,omitempty"`
	POBox                 string        `json:"pOBox,omitempty"`
	Phone                 string        `json:"phone,omitempty"`
	Mobile                string        `json:"mobile,omitempty"`
	Email                 string        `json:"email,omitempty"`
	Fax                   string        `json:"fax,omitempty"`
	AdditionalAddressInfo string        `json:"additionalAddressInfo,omitempty"`
	ExternalID            string        `json:"externalId,omitempty"`
	Custom                *CustomFields `json:"custom,omitempty"`
}

// CartAddress is an address as a cart's actions take it. The Store Launchpad copies a company
// address into the cart with that address's id as "addressId", a field the reference's
// BaseAddress does not have and commercetools ignores; Procura ignores it too (decision 0032).
type CartAddress struct {
	Address
	AddressID string `json:"addressId"`
}

// address is the address given, or nil.
func (d *CartAddress) address() *Address {
	if d == nil {
		return nil
	}
	return &d.Address
}

var countryPattern = regexp.MustCompile(`^[A-Z]{2}(-[A-Z0-9]{1,3})?$`)

// checkAddress validates an address given in a draft or an action.
func checkAddress(field string, a *Address) error {
	if a.Country == "" {
		return RequiredField(field + ".country")
	}
	if !countryPattern.MatchString(a.Country) {
		return InvalidField(field+".country", a.Country)
	}
	if a.Key != "" {
		if err := CheckKey(field+".key", a.Key); err != nil {
			return err
		}
	}
	if a.Custom != nil { // given in the draft: checked against its type before it is saved
		a.Custom.written = customWrite{all: true}
	}
	return nil
}

// addressBook is the part of a resource that holds addresses and their roles.
type addressBook struct {
	Addresses                []Address `json:"addresses"`
	ShippingAddressIDs       []string  `json:"shippingAddressIds"`
	BillingAddressIDs        []string  `json:"billingAddressIds"`
	DefaultShippingAddressID string    `json:"defaultShippingAddressId,omitempty"`
	DefaultBillingAddressID  string    `json:"defaultBillingAddressId,omitempty"`
}

// add appends a validated address with a new id; keys are unique within the book.
func (b *addressBook) add(field string, a Address, newID func() string) (string, error) {
	if err := checkAddress(field, &a); err != nil {
		return "", err
	}
	if a.Key != "" && b.index("", a.Key) >= 0 {
		return "", DuplicateField(field+".key", a.Key)
	}
	a.ID = newID()
	b.Addresses = append(b.Addresses, a)
	return a.ID, nil
}

// addressesDraft is the address book of a draft: the addresses, and which of them (by index)
// are shipping and billing addresses and the defaults.
type addressesDraft struct {
	addresses                       []Address
	shipping, billing               []int
	defaultShipping, defaultBilling *int
}

// fromDraft fills the book from a draft's addresses; a default is also in its list.
func (b *addressBook) fromDraft(d addressesDraft, newID func() string) error {
	b.Addresses, b.ShippingAddressIDs, b.BillingAddressIDs = []Address{}, []string{}, []string{}
	for _, a := range d.addresses {
		if _, err := b.add("addresses", a, newID); err != nil {
			return err
		}
	}
	var err error
	if b.ShippingAddressIDs, err = b.fromIndexes("shippingAddresses", d.shipping); err != nil {
		return err
	}
	if b.BillingAddressIDs, err = b.fromIndexes("billingAddresses", d.billing); err != nil {
		return err
	}
	for _, def := range []struct {
		field, action string
		index         *int
	}{
		{"defaultShippingAddress", "setDefaultShippingAddress", d.defaultShipping},
		{"defaultBillingAddress", "setDefaultBillingAddress", d.defaultBilling},
	} {
		if def.index == nil {
			continue
		}
		ids, err := b.fromIndexes(def.field, []int{*def.index})
		if err != nil {
			return err
		}
		b.setDefault(def.action, ids[0])
	}
	return nil
}

// index finds an address by id or key; -1 when absent.
func (b *addressBook) index(id, key string) int {
	for i, a := range b.Addresses {
		if (id != "" && a.ID == id) || (id == "" && key != "" && a.Key == key) {
			return i
		}
	}
	return -1
}

// find resolves an action's addressId/addressKey to an address id.
func (b *addressBook) find(id, key string) (string, error) {
	if id == "" && key == "" {
		return "", RequiredField("addressId")
	}
	i := b.index(id, key)
	if i < 0 {
		if id == "" {
			id = key
		}
		return "", InvalidInput("The address '%s' does not exist.", id)
	}
	return b.Addresses[i].ID, nil
}

// fromIndexes turns the address indexes of a draft into ids.
func (b *addressBook) fromIndexes(field string, idx []int) ([]string, error) {
	ids := []string{}
	for _, i := range idx {
		if i < 0 || i >= len(b.Addresses) {
			return nil, InvalidField(field, i)
		}
		ids = appendUnique(ids, b.Addresses[i].ID)
	}
	return ids, nil
}

func (b *addressBook) remove(id string) {
	i := b.index(id, "")
	b.Addresses = append(b.Addresses[:i], b.Addresses[i+1:]...)
	b.ShippingAddressIDs = without(b.ShippingAddressIDs, id)
	b.BillingAddressIDs = without(b.BillingAddressIDs, id)
	if b.DefaultShippingAddressID == id {
		b.DefaultShippingAddressID = ""
	}
	if b.DefaultBillingAddressID == id {
		b.DefaultBillingAddressID = ""
	}
}

// applyAddressRole applies an address action that names an existing address.
func (b *addressBook) applyAddressRole(action, id string) {
	switch action {
	case "removeAddress":
		b.remove(id)
	case "addShippingAddressId":
		b.ShippingAddressIDs = appendUnique(b.ShippingAddressIDs, id)
	case "removeShippingAddressId":
		b.ShippingAddressIDs = without(b.ShippingAddressIDs, id)
		if b.DefaultShippingAddressID == id {
			b.DefaultShippingAddressID = ""
		}
	case "addBillingAddressId":
		b.BillingAddressIDs = appendUnique(b.BillingAddressIDs, id)
	case "removeBillingAddressId":
		b.BillingAddressIDs = without(b.BillingAddressIDs, id)
		if b.DefaultBillingAddressID == id {
			b.DefaultBillingAddressID = ""
		}
	}
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

func without(list []string, s string) []string {
	out := []string{}
	for _, x := range list {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}
