package procura

// MyCustomerDraft is what a customer gives to sign up through /me/signup, or what an associate
// gives for a colleague's new account. Unlike CustomerDraft it cannot mark the email as verified
// or set seller-side fields.
type MyCustomerDraft struct {
	Email       string    `json:"email"`
	Password    string    `json:"password"`
	FirstName   string    `json:"firstName,omitempty"`
	LastName    string    `json:"lastName,omitempty"`
	MiddleName  string    `json:"middleName,omitempty"`
	Title       string    `json:"title,omitempty"`
	Salutation  string    `json:"salutation,omitempty"`
	CompanyName string    `json:"companyName,omitempty"`
	VatID       string    `json:"vatId,omitempty"`
	DateOfBirth string    `json:"dateOfBirth,omitempty"`
	Locale      string    `json:"locale,omitempty"`
	Addresses   []Address `json:"addresses,omitempty"`
	// The defaults among the addresses, by index.
	DefaultShippingAddress *int                 `json:"defaultShippingAddress,omitempty"`
	DefaultBillingAddress  *int                 `json:"defaultBillingAddress,omitempty"`
	Custom                 *CustomFieldsDraft   `json:"custom,omitempty"`
	Stores                 []ResourceIdentifier `json:"stores,omitempty"`
	// JoinBusinessUnit names the company the customer asks to join at sign-up (a Procura
	// extension; the company's joinPolicy decides).
	JoinBusinessUnit *ResourceIdentifier `json:"joinBusinessUnit,omitempty"`
}

// Draft returns the customer draft the seller would have written.
func (d MyCustomerDraft) Draft() CustomerDraft {
	return CustomerDraft{Email: d.Email, Password: d.Password, FirstName: d.FirstName, LastName: d.LastName,
		MiddleName: d.MiddleName, Title: d.Title, Salutation: d.Salutation, CompanyName: d.CompanyName,
		VatID: d.VatID, DateOfBirth: d.DateOfBirth, Locale: d.Locale, Addresses: d.Addresses,
		DefaultShippingAddress: d.DefaultShippingAddress, DefaultBillingAddress: d.DefaultBillingAddress, Custom: d.Custom, Stores: d.Stores}
}

// MyBusinessUnitAssociateDraft creates a colleague's account in the associate's unit.
type MyBusinessUnitAssociateDraft struct {
	Version                  *int64            `json:"version"`
	Customer                 *MyCustomerDraft  `json:"customer"`
	AssociateRoleAssignments []AssignmentDraft `json:"associateRoleAssignments"`
}

// PasswordChange is the body of POST /me/password.
type PasswordChange struct {
	Version         *int64 `json:"version"`
	CurrentPassword string `json:"currentPassword"`
	NewPassword     string `json:"newPassword"`
}
