package procura

import "time"

// Business unit enumerations.
const (
	UnitTypeCompany  = "Company"
	UnitTypeDivision = "Division"

	StatusActive   = "Active"
	StatusInactive = "Inactive"

	ModeExplicit              = "Explicit"
	ModeExplicitAndFromParent = "ExplicitAndFromParent"
	StoreModeFromParent       = "FromParent"

	InheritanceEnabled  = "Enabled"
	InheritanceDisabled = "Disabled"
)

// Limits of the business-unit model.
const (
	MaxHierarchyDepth         = 5
	MaxAssociatesPerUnit      = 2000
	MaxAssignmentsByAssociate = 5
)

// BusinessUnit is a buyer company (unitType Company, the root of a tree) or one of its divisions.
// TopLevelUnit, InheritedAssociates and InheritedStores are derived from the unit's ancestors
// when the unit is read (see Derive); they are never stale.
type BusinessUnit struct {
	Base
	Key                 string               `json:"key"`
	Status              string               `json:"status"`
	UnitType            string               `json:"unitType"`
	Name                string               `json:"name"`
	ContactEmail        string               `json:"contactEmail,omitempty"`
	StoreMode           string               `json:"storeMode"`
	Stores              []KeyReference       `json:"stores,omitzero"`
	InheritedStores     []KeyReference       `json:"inheritedStores,omitzero"`
	AssociateMode       string               `json:"associateMode"`
	Associates          []Associate          `json:"associates"`
	InheritedAssociates []InheritedAssociate `json:"inheritedAssociates,omitzero"`
	ApprovalRuleMode    string               `json:"approvalRuleMode"`
	ParentUnit          *KeyReference        `json:"parentUnit,omitempty"`
	TopLevelUnit        KeyReference         `json:"topLevelUnit"`
	addressBook
	Custom *CustomFields `json:"custom,omitempty"`
	// CustomerGroupAssignments are the customer groups the unit is in (their prices apply to
	// its carts); the seller's alone to set (decision 0024).
	CustomerGroupAssignments List[CustomerGroupAssignment] `json:"customerGroupAssignments"`
	JoinSettings

	byCustomer map[string]int // associate index by customer id, built by IndexAssociates
}

// Associate is a customer acting for the unit, with the roles assigned to them there.
type Associate struct {
	Customer                 Reference                 `json:"customer"`
	AssociateRoleAssignments []AssociateRoleAssignment `json:"associateRoleAssignments"`
}

// AssociateRoleAssignment grants a role to an associate in a unit; Enabled passes it down to
// divisions that inherit associates.
type AssociateRoleAssignment struct {
	AssociateRole KeyReference `json:"associateRole"`
	Inheritance   string       `json:"inheritance"`
}

// InheritedAssociate is an associate of an ancestor whose roles reach this unit.
type InheritedAssociate struct {
	Customer                 Reference                          `json:"customer"`
	AssociateRoleAssignments []InheritedAssociateRoleAssignment `json:"associateRoleAssignments"`
}

// InheritedAssociateRoleAssignment is an inherited role and the unit that assigns it.
type InheritedAssociateRoleAssignment struct {
	AssociateRole KeyReference `json:"associateRole"`
	Source        KeyReference `json:"source"`
}

// AssociateDraft adds a customer to a unit.
type AssociateDraft struct {
	Customer                 *ResourceIdentifier `json:"customer"`
	AssociateRoleAssignments []AssignmentDraft   `json:"associateRoleAssignments"`
}

// AssignmentDraft assigns a role; inheritance defaults to Disabled.
type AssignmentDraft struct {
	AssociateRole *ResourceIdentifier `json:"associateRole"`
	Inheritance   string              `json:"inheritance,omitempty"`
}

// BusinessUnitDraft creates a Company or a Division (discriminated by unitType).
type BusinessUnitDraft struct {
	Key                    string               `json:"key"`
	UnitType               string               `json:"unitType"`
	Name                   string               `json:"name"`
	Status                 string               `json:"status,omitempty"`
	ContactEmail           string               `json:"contactEmail,omitempty"`
	StoreMode              string               `json:"storeMode,omitempty"`
	Stores                 []ResourceIdentifier `json:"stores,omitempty"`
	AssociateMode          string               `json:"associateMode,omitempty"`
	Associates             []AssociateDraft     `json:"associates,omitempty"`
	ApprovalRuleMode       string               `json:"approvalRuleMode,omitempty"`
	ParentUnit             *ResourceIdentifier  `json:"parentUnit,omitempty"`
	Addresses              []Address            `json:"addresses,omitempty"`
	ShippingAddresses      []int                `json:"shippingAddresses,omitempty"`
	BillingAddresses       []int                `json:"billingAddresses,omitempty"`
	DefaultShippingAddress *int                 `json:"defaultShippingAddress,omitempty"`
	DefaultBillingAddress  *int                 `json:"defaultBillingAddress,omitempty"`
	Custom                 *CustomFieldsDraft   `json:"custom,omitempty"`
	// CustomerGroupAssignments are the seller's alone to give.
	CustomerGroupAssignments []CustomerGroupAssignmentDraft `json:"customerGroupAssignments,omitempty"`
	// The join policy of a Company (a Procura extension).
	JoinPolicy           string              `json:"joinPolicy,omitempty"`
	AllowedEmailDomains  []string            `json:"allowedEmailDomains,omitempty"`
	DefaultAssociateRole *ResourceIdentifier `json:"defaultAssociateRole,omitempty"`
}

// Lookup resolves the references of drafts and actions; the application implements it over the
// store of one project. Each method fails with ReferencedResourceNotFound naming field.
type Lookup interface {
	Store(field string, ri ResourceIdentifier) (KeyReference, error)
	Role(field string, ri ResourceIdentifier) (*AssociateRole, error)
	Customer(field string, ri ResourceIdentifier) (Reference, error)
	Unit(field string, ri ResourceIdentifier) (*BusinessUnit, error)
	// Ancestors returns u's parent, its parent and so on up to the Company.
	Ancestors(u *BusinessUnit) ([]*BusinessUnit, error)
	// Height returns the number of levels below u (0 for a unit without divisions).
	Height(u *BusinessUnit) (int, error)
}

// Change is what a draft or an action needs besides its payload.
type Change struct {
	Now        time.Time
	NewID      func() string
	Lookup     Lookup
	Catalog    Catalog    // for carts
	Categories Categories // for products
	Groups     CustomerGroups
	Workflow   Workflow // for workflow states
	Payments   Payments // for carts and orders
	// for carts: the project's languages (a locale must be one; nil: none checked), and the API
	// client that changes (a lock records it)
	Languages func() ([]string, error)
	ClientID  string
	Rates     Rates          // for carts: tax categories, shipping methods, zones
	Discounts DiscountSource // for carts: cart discounts and discount codes
	// for cart discounts: the discount group a discount joins
	DiscountGroups DiscountGroups
	Lists          ShoppingLists      // for carts: the shopping lists the caller may see
	Policies       RecurrencePolicies // for carts: the recurrence policies of line items
}

// Catalog finds products for carts; a nil product with a nil error means there is none.
type Catalog interface {
	ProductBySKU(sku string) (*Product, error)
	Product(id string) (*Product, error)
}

// NewBusinessUnit validates d and builds the unit. Errors: RequiredField, InvalidField,
// InvalidInput, InvalidOperation, DuplicateField (address keys), ReferencedResourceNotFound,
// MaxResourceLimitExceeded.
func NewBusinessUnit(d BusinessUnitDraft, id string, c Change) (*BusinessUnit, error) {
	if err := CheckKey("key", d.Key); err != nil {
		return nil, err
	}
	if d.Name == "" {
		return nil, RequiredField("name")
	}
	u := &BusinessUnit{Key: d.Key, Name: d.Name, UnitType: d.UnitType, ContactEmail: d.ContactEmail,
		Status: or(d.Status, StatusActive), Associates: []Associate{}}
	if err := checkOneOf("status", u.Status, StatusActive, StatusInactive); err != nil {
		return nil, err
	}
	if err := u.placeFromDraft(d, c); err != nil {
		return nil, err
	}
	if err := u.storesFromDraft(d, c); err != nil {
		return nil, err
	}
	associates, err := newAssociates(d.Associates, c.Lookup)
	if err != nil {
		return nil, err
	}
	u.Associates = associates
	if err := u.addressesFromDraft(d, c.NewID); err != nil {
		return nil, err
	}
	if u.Custom, err = NewCustomFields("custom", d.Custom); err != nil {
		return nil, err
	}
	if err := setGroups(&u.CustomerGroupAssignments, TypeBusinessUnit, d.CustomerGroupAssignments, c.Groups); err != nil {
		return nil, err
	}
	if d.JoinPolicy != "" || d.DefaultAssociateRole != nil || len(d.AllowedEmailDomains) > 0 {
		if err := u.setJoinPolicy(d.JoinPolicy, d.AllowedEmailDomains, d.DefaultAssociateRole, c.Lookup); err != nil {
			return nil, err
		}
	}
	u.Stamp(id, c.Now)
	return u, nil
}

// placeFromDraft sets the unit type, the parent and the three modes.
func (u *BusinessUnit) placeFromDraft(d BusinessUnitDraft, c Change) error {
	switch d.UnitType {
	case UnitTypeCompany:
		if d.ParentUnit != nil {
			return InvalidInput("A Company is always a top-level unit: it cannot have a parentUnit.")
		}
		for _, m := range [][2]string{{"storeMode", d.StoreMode}, {"associateMode", d.AssociateMode}, {"approvalRuleMode", d.ApprovalRuleMode}} {
			if m[1] != "" && m[1] != ModeExplicit {
				return InvalidField(m[0], m[1], ModeExplicit)
			}
		}
		u.StoreMode, u.AssociateMode, u.ApprovalRuleMode = ModeExplicit, ModeExplicit, ModeExplicit
		return nil
	case UnitTypeDivision:
		if d.ParentUnit == nil {
			return RequiredField("parentUnit")
		}
		u.StoreMode = or(d.StoreMode, StoreModeFromParent)
		u.AssociateMode = or(d.AssociateMode, ModeExplicitAndFromParent)
		u.ApprovalRuleMode = or(d.ApprovalRuleMode, ModeExplicitAndFromParent)
		if err := u.checkModes(); err != nil {
			return err
		}
		return u.setParent(*d.ParentUnit, c.Lookup)
	case "":
		return RequiredField("unitType")
	default:
		return InvalidField("unitType", d.UnitType, UnitTypeCompany, UnitTypeDivision)
	}
}

func (u *BusinessUnit) checkModes() error {
	if err := checkOneOf("storeMode", u.StoreMode, ModeExplicit, StoreModeFromParent); err != nil {
		return err
	}
	if err := checkOneOf("associateMode", u.AssociateMode, ModeExplicit, ModeExplicitAndFromParent); err != nil {
		return err
	}
	return checkOneOf("approvalRuleMode", u.ApprovalRuleMode, ModeExplicit, ModeExplicitAndFromParent)
}

// setParent makes the unit a child of the unit ri names, keeping the tree acyclic and at most
// MaxHierarchyDepth levels deep.
func (u *BusinessUnit) setParent(ri ResourceIdentifier, l Lookup) error {
	if err := ri.Check("parentUnit", TypeBusinessUnit); err != nil {
		return err
	}
	parent, err := l.Unit("parentUnit", ri)
	if err != nil {
		return err
	}
	if parent.Key == u.Key {
		return InvalidOperation("A business unit cannot be its own parent.")
	}
	ancestors, err := l.Ancestors(parent)
	if err != nil {
		return err
	}
	for _, a := range ancestors {
		if a.Key == u.Key {
			return InvalidOperation("The business unit '%s' is below '%s': making it the parent would create a cycle.", parent.Key, u.Key)
		}
	}
	height := 0
	if u.ID != "" {
		if height, err = l.Height(u); err != nil {
			return err
		}
	}
	if depth := len(ancestors) + 2 + height; depth > MaxHierarchyDepth {
		return LimitExceeded("business-unit", "A business-unit hierarchy has at most %d levels; this change would make it %d levels deep.", MaxHierarchyDepth, depth)
	}
	u.ParentUnit = &KeyReference{TypeID: TypeBusinessUnit, Key: parent.Key}
	return nil
}

func (u *BusinessUnit) storesFromDraft(d BusinessUnitDraft, c Change) error {
	if u.StoreMode != ModeExplicit {
		if len(d.Stores) > 0 {
			return InvalidInput("Stores can only be set on a business unit whose storeMode is Explicit.")
		}
		return nil
	}
	stores, err := resolveStores("stores", d.Stores, c.Lookup)
	u.Stores = stores
	return err
}

func resolveStores(field string, ris []ResourceIdentifier, l Lookup) ([]KeyReference, error) {
	out := []KeyReference{}
	seen := map[string]bool{}
	for _, ri := range ris {
		if err := ri.Check(field, TypeStore); err != nil {
			return nil, err
		}
		ref, err := l.Store(field, ri)
		if err != nil {
			return nil, err
		}
		if !seen[ref.Key] {
			seen[ref.Key] = true
			out = append(out, ref)
		}
	}
	return out, nil
}

func (u *BusinessUnit) addressesFromDraft(d BusinessUnitDraft, newID func() string) error {
	return u.fromDraft(addressesDraft{d.Addresses, d.ShippingAddresses, d.BillingAddresses, d.DefaultShippingAddress, d.DefaultBillingAddress}, newID)
}

// newAssociates validates associate drafts: at most MaxAssociatesPerUnit, each customer once.
func newAssociates(drafts []AssociateDraft, l Lookup) ([]Associate, error) {
	if len(drafts) > MaxAssociatesPerUnit {
		return nil, LimitExceeded("business-unit", "A business unit has at most %d associates.", MaxAssociatesPerUnit)
	}
	out := make([]Associate, 0, len(drafts))
	seen := map[string]bool{}
	for _, d := range drafts {
		a, err := newAssociate(d, l)
		if err != nil {
			return nil, err
		}
		if seen[a.Customer.ID] {
			return nil, DuplicateField("associates.customer", a.Customer.ID)
		}
		seen[a.Customer.ID] = true
		out = append(out, a)
	}
	return out, nil
}

// newAssociate validates one draft: the customer exists, 1 to 5 distinct existing roles.
func newAssociate(d AssociateDraft, l Lookup) (Associate, error) {
	if err := d.Customer.Check("associate.customer", TypeCustomer); err != nil {
		return Associate{}, err
	}
	customer, err := l.Customer("associate.customer", *d.Customer)
	if err != nil {
		return Associate{}, err
	}
	n := len(d.AssociateRoleAssignments)
	if n < 1 || n > MaxAssignmentsByAssociate {
		return Associate{}, InvalidInput("An associate has 1 to %d role assignments; %d were given.", MaxAssignmentsByAssociate, n)
	}
	a := Associate{Customer: customer, AssociateRoleAssignments: make([]AssociateRoleAssignment, 0, n)}
	for _, ad := range d.AssociateRoleAssignments {
		if err := ad.AssociateRole.Check("associateRoleAssignments.associateRole", TypeAssociateRole); err != nil {
			return Associate{}, err
		}
		role, err := l.Role("associateRoleAssignments.associateRole", *ad.AssociateRole)
		if err != nil {
			return Associate{}, err
		}
		inh := or(ad.Inheritance, InheritanceDisabled)
		if err := checkOneOf("associateRoleAssignments.inheritance", inh, InheritanceEnabled, InheritanceDisabled); err != nil {
			return Associate{}, err
		}
		for _, x := range a.AssociateRoleAssignments {
			if x.AssociateRole.Key == role.Key {
				return Associate{}, DuplicateField("associateRoleAssignments.associateRole", role.Key)
			}
		}
		a.AssociateRoleAssignments = append(a.AssociateRoleAssignments,
			AssociateRoleAssignment{AssociateRole: KeyReference{TypeID: TypeAssociateRole, Key: role.Key}, Inheritance: inh})
	}
	return a, nil
}

// IndexAssociates builds the customer index that Associate and the permission engine use.
// Call it once after loading or changing the unit.
func (u *BusinessUnit) IndexAssociates() {
	u.byCustomer = make(map[string]int, len(u.Associates))
	for i, a := range u.Associates {
		u.byCustomer[a.Customer.ID] = i
	}
}

// Associate returns the explicit associate for customerID, or nil.
func (u *BusinessUnit) Associate(customerID string) *Associate {
	if u.byCustomer != nil {
		if i, ok := u.byCustomer[customerID]; ok {
			return &u.Associates[i]
		}
		return nil
	}
	for i := range u.Associates {
		if u.Associates[i].Customer.ID == customerID {
			return &u.Associates[i]
		}
	}
	return nil
}

func checkOneOf(field, value string, allowed ...string) error {
	for _, a := range allowed {
		if value == a {
			return nil
		}
	}
	return InvalidField(field, value, allowed...)
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
