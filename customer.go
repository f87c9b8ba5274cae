package procura

import "time"

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
	DateOfBirth        string         `json:"dateOfBirth,omitempty"`
	Locale             string         `json:"locale,omitempty"`
	IsEmailVerified    bool           `json:"isEmailVerified"`
	AuthenticationMode string         `json:"authenticationMode"`
	Stores             []KeyReference `json:"stores"`
	// CustomerGroup is the reference's single group (deprecated there in favour of
	// CustomerGroupAssignments, the groups the customer is in); both are kept as given.
	CustomerGroup            *Reference                    `json:"customerGroup,omitempty"`
	CustomerGroupAssignments List[CustomerGroupAssignment] `json:"customerGroupAssignments"`
	Custom                   *CustomFields                 `json:"custom,omitempty"`
	addressBook
}

// InStore reports whether the customer is reachable in the store of key: a global customer (no
// stores) is in every store, a store-specific one only in theirs.
func (c *Customer) InStore(key string) bool {
	if len(c.Stores) == 0 {
		return true
	}
	for _, s := range c.Stores {
		if s.Key == key {
			return true
		}
	}
	return false
}

// CustomerGroupAssignment puts a customer in a customer group.
type CustomerGroupAssignment struct {
	CustomerGroup Reference `json:"customerGroup"`
}

// CustomerDraft creates a customer.
type CustomerDraft struct {
	Key             string    `json:"key,omitempty"`
	CustomerNumber  string    `json:"customerNumber,omitempty"`
	ExternalID      string    `json:"externalId,omitempty"`
	Email           string    `json:"email"`
	Password        string    `json:"password"`
	FirstName       string    `json:"firstName,omitempty"`
	LastName        string    `json:"lastName,omitempty"`
	MiddleName      string    `json:"middleName,omitempty"`
	Title           string    `json:"title,omitempty"`
	Salutation      string    `json:"salutation,omitempty"`
	CompanyName     string    `json:"companyName,omitempty"`
	VatID           string    `json:"vatId,omitempty"`
	IsEmailVerified bool      `json:"isEmailVerified,omitempty"`
	DateOfBirth     string    `json:"dateOfBirth,omitempty"`
	Locale          string    `json:"locale,omitempty"`
	Addresses       []Address `json:"addresses,omitempty"`
	// Which addresses (by index in addresses) are shipping and billing ones, and the defaults.
	ShippingAddresses      []int              `json:"shippingAddresses,omitempty"`
	BillingAddresses       []int              `json:"billingAddresses,omitempty"`
	DefaultShippingAddress *int               `json:"defaultShippingAddress,omitempty"`
	DefaultBillingAddress  *int               `json:"defaultBillingAddress,omitempty"`
	Custom                 *CustomFieldsDraft `json:"custom,omitempty"`
	// The customer's groups: the reference's single one, and the assignments.
	CustomerGroup            *ResourceIdentifier            `json:"customerGroup,omitempty"`
	CustomerGroupAssignments []CustomerGroupAssignmentDraft `json:"customerGroupAssignments,omitempty"`
	// The anonymous session whose carts the new customer takes over.
	AnonymousCart           *ResourceIdentifier `json:"anonymousCart,omitempty"`
	AnonymousCartID         string              `json:"anonymousCartId,omitempty"`
	AnonymousCartSignInMode string              `json:"anonymousCartSignInMode,omitempty"`
	AnonymousID             string              `json:"anonymousId,omitempty"`
	// The stores the customer is specific to; none: a global customer, in every store.
	Stores []ResourceIdentifier `json:"stores,omitempty"`
	// Fields of features Procura does not have: refused when given (see lacking).
	AuthenticationMode string `json:"authenticationMode,omitempty"`
}

// lacking refuses the draft's fields of features Procura does not have, naming the feature.
func (d CustomerDraft) lacking() error {
	for _, f := range []struct {
		given   bool
		field   string
		value   any
		feature string
	}{
		{d.AuthenticationMode != "" && d.AuthenticationMode != "Password", "authenticationMode", d.AuthenticationMode, "external authentication"},
	} {
		if f.given {
			return Unsupported(f.field, f.value, f.feature)
		}
	}
	return nil
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
	if err := d.lacking(); err != nil {
		return nil, err
	}
	if err := checkDateOfBirth("dateOfBirth", d.DateOfBirth); err != nil {
		return nil, err
	}
	if err := checkLocale("locale", d.Locale); err != nil {
		return nil, err
	}
	custom, err := NewCustomFields("custom", d.Custom)
	if err != nil {
		return nil, err
	}
	cu := &Customer{DateOfBirth: d.DateOfBirth, Locale: d.Locale, Key: d.Key, CustomerNumber: d.CustomerNumber, ExternalID: d.ExternalID, Email: email,
		FirstName: d.FirstName, LastName: d.LastName, MiddleName: d.MiddleName, Title: d.Title,
		Salutation: d.Salutation, CompanyName: d.CompanyName, VatID: d.VatID, IsEmailVerified: d.IsEmailVerified,
		AuthenticationMode: "Password", Stores: []KeyReference{}, Custom: custom}
	if err := cu.fromDraft(addressesDraft{d.Addresses, d.ShippingAddresses, d.BillingAddresses, d.DefaultShippingAddress, d.DefaultBillingAddress}, c.NewID); err != nil {
		return nil, err
	}
	if cu.CustomerGroup, err = customerGroupOf(d.CustomerGroup, c.Groups); err != nil {
		return nil, err
	}
	if err := setGroups(&cu.CustomerGroupAssignments, TypeCustomer, d.CustomerGroupAssignments, c.Groups); err != nil {
		return nil, err
	}
	if cu.Stores, err = resolveStores("stores", d.Stores, c.Lookup); err != nil {
		return nil, err
	}
	cu.Stamp(id, c.Now)
	return cu, nil
}

// CustomerSignInResult is the answer to a customer creation or sign-in.
type CustomerSignInResult struct {
	Customer *Customer `json:"customer"`
	Cart     any       `json:"cart,omitempty"`
}

// Takeover is what the new customer takes over of an anonymous session.
func (d CustomerDraft) Takeover() (Takeover, error) {
	return NewTakeover(d.AnonymousID, d.AnonymousCart, d.AnonymousCartID, d.AnonymousCartSignInMode, "anonymousCartSignInMode")
}

// CustomerSignIn is the body of POST /login and (without the anonymous fields, with
// activeCartSignInMode) of POST /me/login.
type CustomerSignIn struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	// POST /login: the anonymous session whose carts the customer takes over.
	AnonymousCart           *ResourceIdentifier `json:"anonymousCart,omitempty"`
	AnonymousCartID         string              `json:"anonymousCartId,omitempty"`
	AnonymousID             string              `json:"anonymousId,omitempty"`
	AnonymousCartSignInMode string              `json:"anonymousCartSignInMode,omitempty"`
	// POST /me/login: the mode of taking over the token's anonymous session.
	ActiveCartSignInMode string `json:"activeCartSignInMode,omitempty"`
}

// Takeover is what a sign-in through POST /login takes over of an anonymous session.
func (s CustomerSignIn) Takeover() (Takeover, error) {
	if s.ActiveCartSignInMode != "" {
		return Takeover{}, shapeError("activeCartSignInMode", "'activeCartSignInMode' is a field of /me/login; POST /login takes anonymousCartSignInMode")
	}
	return NewTakeover(s.AnonymousID, s.AnonymousCart, s.AnonymousCartID, s.AnonymousCartSignInMode, "anonymousCartSignInMode")
}

// MyTakeover is what a sign-in through POST /me/login takes over: the token's anonymous session
// (anonymousID, "" for none).
func (s CustomerSignIn) MyTakeover(anonymousID string) (Takeover, error) {
	for _, f := range []struct {
		given bool
		name  string
	}{{s.AnonymousCart != nil, "anonymousCart"}, {s.AnonymousCartID != "", "anonymousCartId"}, {s.AnonymousID != "", "anonymousId"}, {s.AnonymousCartSignInMode != "", "anonymousCartSignInMode"}} {
		if f.given {
			return Takeover{}, shapeError(f.name, "'"+f.name+"' is not a field of /me/login: the token names the anonymous session")
		}
	}
	return NewTakeover(anonymousID, nil, "", s.ActiveCartSignInMode, "activeCartSignInMode")
}

// checkDateOfBirth accepts "" or a calendar date YYYY-MM-DD.
func checkDateOfBirth(field, date string) error {
	if date == "" {
		return nil
	}
	if _, err := time.Parse(time.DateOnly, date); err != nil {
		return InvalidField(field, date)
	}
	return nil
}

// checkLocale accepts "" or an IETF language tag.
func checkLocale(field, locale string) error {
	if locale != "" && !languagePattern.MatchString(locale) {
		return InvalidField(field, locale)
	}
	return nil
}
