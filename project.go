package procura

import (
	"encoding/json"
	"slices"
	"time"
)

// Project is a tenant: every other resource belongs to exactly one project.
type Project struct {
	Key           string                     `json:"key"`
	Name          string                     `json:"name"`
	Version       int64                      `json:"version"`
	CreatedAt     string                     `json:"createdAt"`
	BusinessUnits BusinessUnitConfiguration  `json:"businessUnits"`
	Countries     []string                   `json:"countries"`
	Currencies    []string                   `json:"currencies"`
	Languages     []string                   `json:"languages"`
	Messages      MessagesConfiguration      `json:"messages"`
	Carts         CartsConfiguration         `json:"carts"`
	ShoppingLists ShoppingListsConfiguration `json:"shoppingLists"`
	Discounts     DiscountsConfiguration     `json:"discounts"`
	Inventory     InventoryConfiguration     `json:"inventory"`
	// SearchIndexing is always procuraSearch (project_features.go).
	SearchIndexing      SearchIndexing `json:"searchIndexing"`
	ProductCatalogModel string         `json:"productCatalogModel"`
	// ShippingRateInputType says what selects a tier of a shipping rate (nil: none).
	ShippingRateInputType *ShippingRateInputType `json:"shippingRateInputType,omitempty"`
	// Approvals holds Procura's approval settings (an extension).
	Approvals ApprovalSettings `json:"approvals"`
	// History is how long the change history keeps its records (an extension, history.go).
	History HistoryConfiguration `json:"history"`
	// Notifications holds Procura's email notification settings (an extension,
	// project_notifications.go).
	Notifications NotificationSettings `json:"notifications"`
	ID            string               `json:"-"`
}

// ApprovalSettings: whether the associate who placed an order may approve it (separation of
// duties; off by default).
type ApprovalSettings struct {
	RequesterMayApprove bool `json:"requesterMayApprove"`
}

// BusinessUnitConfiguration holds the project settings for units customers create themselves.
type BusinessUnitConfiguration struct {
	MyBusinessUnitStatusOnCreation        string        `json:"myBusinessUnitStatusOnCreation"`
	MyBusinessUnitAssociateRoleOnCreation *KeyReference `json:"myBusinessUnitAssociateRoleOnCreation,omitempty"`
	// CompanyCustomerGroups (an extension): each Company has a customer group holding every
	// associate of the company.
	CompanyCustomerGroups bool `json:"companyCustomerGroups"`
}

// ReservedProjectKeys are paths of the server itself, beside the projects' /{project}/…: probes,
// metrics, the API document, sign-in, and the web pages.
var ReservedProjectKeys = []string{"healthz", "readyz", "metrics", "openapi", "oauth", "debug", "admin", "portal", "dashboard", "docs", "static"}

// MessagesConfiguration says whether the project records messages (events), and for how long.
type MessagesConfiguration struct {
	Enabled                 bool `json:"enabled"`
	DeleteDaysAfterCreation *int `json:"deleteDaysAfterCreation,omitempty"`
}

// CartsConfiguration holds the cart settings.
type CartsConfiguration struct {
	DeleteDaysAfterLastModification int    `json:"deleteDaysAfterLastModification"`
	CountryTaxRateFallbackEnabled   bool   `json:"countryTaxRateFallbackEnabled"`
	PriceRoundingMode               string `json:"priceRoundingMode"`
	TaxRoundingMode                 string `json:"taxRoundingMode"`
	// FrozenPricesDays (an extension, decision 0031): how many days a frozen cart holds its
	// prices for an order; changeFrozenPricesDays sets it.
	FrozenPricesDays int `json:"frozenPricesDays"`
}

// ShoppingListsConfiguration holds the shopping-list settings.
type ShoppingListsConfiguration struct {
	DeleteDaysAfterLastModification int `json:"deleteDaysAfterLastModification"`
}

// DiscountsConfiguration says how cart and product discounts combine: Stacking or BestDeal.
type DiscountsConfiguration struct {
	DiscountCombinationMode string `json:"discountCombinationMode"`
}

// InventoryConfiguration holds the inventory-reservation settings.
type InventoryConfiguration struct {
	ReleaseExpiredReservations     bool `json:"releaseExpiredReservations"`
	ReservationExpirationInMinutes *int `json:"reservationExpirationInMinutes,omitempty"`
}

// The reference's defaults of the settings a new project starts with; a project stored before a
// setting existed reads it as its default.
const (
	defaultCartDays         = 90
	defaultShoppingListDays = 360
	combinationStacking     = "Stacking"
	combinationBestDeal     = "BestDeal"
)

func defaultSettings(p *Project) {
	p.Carts.DeleteDaysAfterLastModification = defaultCartDays
	p.Carts.FrozenPricesDays = DefaultFrozenPricesDays
	p.ShoppingLists.DeleteDaysAfterLastModification = defaultShoppingListDays
	p.Discounts.DiscountCombinationMode = combinationStacking
	p.Carts.PriceRoundingMode, p.Carts.TaxRoundingMode = roundingModes[0], roundingModes[0]
	p.SearchIndexing, p.ProductCatalogModel = procuraSearch, catalogClassic
	p.History.DeleteDaysAfterCreation = DefaultHistoryDays
	defaultNotifications(&p.Notifications)
}

// UnmarshalJSON reads a stored project over the defaults, so that settings added after it was
// stored read as their defaults.
func (p *Project) UnmarshalJSON(b []byte) error {
	type plain Project
	var v plain
	defaultSettings((*Project)(&v))
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*p = Project(v)
	return nil
}

// NewProject validates the key and builds a project with the reference defaults.
func NewProject(key, name, id string, now time.Time) (*Project, error) {
	if err := CheckKey("key", key); err != nil {
		return nil, err
	}
	if slices.Contains(ReservedProjectKeys, key) {
		e := InvalidField("key", key)
		e.Message = "The key '" + key + "' is reserved for the server's own paths (/" + key + ")."
		return nil, e
	}
	if name == "" {
		name = key
	}
	p := &Project{ID: id, Key: key, Name: name, Version: 1, CreatedAt: FormatTime(now),
		BusinessUnits: BusinessUnitConfiguration{MyBusinessUnitStatusOnCreation: StatusInactive},
		Countries:     []string{}, Currencies: []string{}, Languages: []string{"en"}}
	defaultSettings(p)
	return p, nil
}

// APIClient is a program that obtains tokens with the client-credentials grant.
type APIClient struct {
	ID         string `json:"id"`
	ProjectKey string `json:"projectKey"`
	Scope      string `json:"scope"`
	SecretHash string `json:"-"`
	CreatedAt  string `json:"createdAt"`
}

// AccessToken is an issued bearer token; only its hash is stored. A customer's token may be
// bound to a business unit (the company the customer acts for) and belongs to the family of the
// refresh token it was issued with.
type AccessToken struct {
	Hash         string
	ProjectKey   string
	ClientID     string
	Scope        string
	CustomerID   string
	BusinessUnit string
	Family       string
	ExpiresAt    time.Time
}

// RefreshToken lets a client get new access tokens for a customer without the password.
type RefreshToken struct {
	ID           string
	Hash         string
	ProjectKey   string
	ClientID     string
	CustomerID   string
	Scope        string
	BusinessUnit string
	ExpiresAt    time.Time
}

// LoginAttempt counts the failed sign-ins of one account or one client address.
type LoginAttempt struct {
	Key         string
	Failures    int
	WindowStart time.Time
	LockedUntil time.Time
}

type projectAction struct {
	Action        string              `json:"action"`
	Allow         *bool               `json:"allow"`
	Enabled       *bool               `json:"enabled"`
	Name          string              `json:"name"`
	Status        string              `json:"status"`
	AssociateRole *ResourceIdentifier `json:"associateRole"`
	// FrozenPricesDays is changeFrozenPricesDays's
	FrozenPricesDays *int `json:"frozenPricesDays"`
	settingsAction
	featureAction
	historyAction
	notificationAction
}

// Apply applies a project update action: changeName, changeMyBusinessUnitStatusOnCreation,
// setMyBusinessUnitAssociateRoleOnCreation (the role is resolved through l), and the extension
// changeRequesterMayApprove {allow}, changeCompanyCustomerGroups {enabled} and
// changeFrozenPricesDays {frozenPricesDays}, changeHistoryConfiguration (history.go); and the
// settings' actions (project_settings.go, project_features.go, project_notifications.go).
func (p *Project) Apply(raw json.RawMessage, l Lookup) error {
	var a projectAction
	if err := DecodeAction(raw, &a, projectActions); err != nil {
		return err
	}
	switch a.Action {
	case "changeName":
		if a.Name == "" {
			return RequiredField("name")
		}
		p.Name = a.Name
	case "changeMyBusinessUnitStatusOnCreation":
		if err := checkOneOf("status", a.Status, StatusActive, StatusInactive); err != nil {
			return err
		}
		p.BusinessUnits.MyBusinessUnitStatusOnCreation = a.Status
	case "setMyBusinessUnitAssociateRoleOnCreation":
		if err := a.AssociateRole.Check("associateRole", TypeAssociateRole); err != nil {
			return err
		}
		role, err := l.Role("associateRole", *a.AssociateRole)
		if err != nil {
			return err
		}
		p.BusinessUnits.MyBusinessUnitAssociateRoleOnCreation = &KeyReference{TypeID: TypeAssociateRole, Key: role.Key}
	case "changeCompanyCustomerGroups":
		return setFlag(&p.BusinessUnits.CompanyCustomerGroups, "enabled", a.Enabled)
	case "changeRequesterMayApprove":
		return setFlag(&p.Approvals.RequesterMayApprove, "allow", a.Allow)
	case "changeFrozenPricesDays":
		if a.FrozenPricesDays == nil {
			return RequiredField("frozenPricesDays")
		}
		if err := checkBetween("frozenPricesDays", *a.FrozenPricesDays, 1, maxFrozenPricesDays); err != nil {
			return err
		}
		p.Carts.FrozenPricesDays = *a.FrozenPricesDays
	case "changeHistoryConfiguration":
		return p.History.apply(a.historyAction)
	default:
		if _, ok := notificationActions[a.Action]; ok {
			return p.applyNotification(a.Action, a.Enabled, a.notificationAction)
		}
		if _, ok := featureActions[a.Action]; ok {
			return p.applyFeature(a.Action, a.Status, a.Enabled, a.featureAction)
		}
		return p.applySetting(a.Action, a.settingsAction)
	}
	return nil
}

// projectActions are the project's update actions and their fields.
var projectActions = withActions(withActions(withActions(withActions(settingsActions, featureActions), historyActions), notificationActions), ActionFields{
	"changeName":                               {"name"},
	"changeMyBusinessUnitStatusOnCreation":     {"status"},
	"setMyBusinessUnitAssociateRoleOnCreation": {"associateRole"},
	"changeRequesterMayApprove":                {"allow"},
	"changeCompanyCustomerGroups":              {"enabled"},
	"changeFrozenPricesDays":                   {"frozenPricesDays"},
})
