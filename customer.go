package procura

// Customer is a person who buys; as an associate of business units they act for companies.
// The password hash never leaves the store: it is not part of this type.
type Customer struct {
	Base
	Key                string         `json:"key,omitempty"`
	CustomerNumber     string         `json:"customerNumber,omitempty"`
	ExternalID         string         `json:"externalId,omitempty"`
	Email              string         `json:"email"`
	FirstName          string         `json:"firstName,omitempty"`
	LastName           string         `json:"lastName,omitempty"`
	MiddleName         string         `json:"middleName,omitempty"`
	Title              string         `json:"title,omitempty"`
	Salutation         string         `json:"salutation,omitempty"`
	CompanyName        string         `json:"companyName,omitempty"`
	VatID              string         `json:"vatId,omitempty"`
	IsEmailVerified    bool           `json:"isEmailVerified"`
	AuthenticationMode string         `json:"authenticationMode"`
	Stores             []KeyReference `json:"stores"`
	Custom             *CustomFields  `json:"custom,omitempty"`
	addressBook
}

// CustomerDraft creates a customer.
type CustomerDraft struct {
	Key             string             `json:"key,omitempty"`
	CustomerNumber  string             `json:"customerNumber,omitempty"`
	ExternalID      string             `json:"externalId,omitempty"`
	Email           string             `json:"email"`
	Password        string             `json:"password"`
	FirstName       string             `json:"firstName,omitempty"`
	LastName        string             `json:"lastName,omitempty"`
	MiddleName      string             `json:"middleName,omitempty"`
	Title           string             `json:"title,omitempty"`
	Salutation      string             `json:"salutation,omitempty"`
	CompanyName     string             `json:"companyName,omitempty"`
	VatID           string             `json:"vatId,omitempty"`
	IsEmailVerified bool               `json:"isEmailVerified,omitempty"`
	Addresses       []Address          `json:"addresses,omitempty"`
	Custom          *CustomFieldsDraft `json:"custom,omitempty"`
}

// Password length limits, in characters; the upper one bounds the work of hashing.
const (
	MinPasswordLength = 8
	MaxPasswordLength = 256
)

// NewCustomer validates d and builds the customer (the caller hashes d.Password).
func NewCustomer(d CustomerDraft, id string, c Change) (*Customer, error) {
	email, err := NormalizeEmail(d.Email)
	if err != nil {
		return nil, err
	}
	if err := CheckPassword(d.Password); err != nil {
		return nil, err
	}
	if d.Key != "" {
		if err := CheckKey("key", d.Key); err != nil {
			return nil, err
		}
	}
	custom, err := NewCustomFields("custom", d.Custom)
	if err != nil {
		return nil, err
	}
	cu := &Customer{Key: d.Key, CustomerNumber: d.CustomerNumber, ExternalID: d.ExternalID, Email: email,
		FirstName: d.FirstName, LastName: d.LastName, MiddleName: d.MiddleName, Title: d.Title,
		Salutation: d.Salutation, CompanyName: d.CompanyName, VatID: d.VatID, IsEmailVerified: d.IsEmailVerified,
		AuthenticationMode: "Password", Stores: []KeyReference{}, Custom: custom}
	cu.Addresses, cu.ShippingAddressIDs, cu.BillingAddressIDs = []Address{}, []string{}, []string{}
	for _, a := range d.Addresses {
		if _, err := cu.add("addresses", a, c.NewID); err != nil {
			return nil, err
		}
	}
	cu.Stamp(id, c.Now)
	return cu, nil
}

// CustomerSignInResult is the answer to a customer creation or sign-in.
type CustomerSignInResult struct {
	Customer *Customer `json:"customer"`
	Cart     any       `json:"cart,omitempty"`
}

// CustomerSignIn is the body of POST /login.
type CustomerSignIn struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}
