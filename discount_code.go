package procura

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// TypeDiscountCode is the resource type of discount codes.
const TypeDiscountCode = "discount-code"

// DiscountCode is a code a customer adds to a cart to unlock cart discounts that require one.
type DiscountCode struct {
	Base
	Key                        string          `json:"key,omitempty"`
	Code                       string          `json:"code"`
	Name                       LocalizedString `json:"name,omitempty"`
	Description                LocalizedString `json:"description,omitempty"`
	CartDiscounts              []Reference     `json:"cartDiscounts"`
	CartPredicate              string          `json:"cartPredicate,omitempty"`
	IsActive                   bool            `json:"isActive"`
	References                 []Reference     `json:"references"`
	MaxApplications            *int64          `json:"maxApplications,omitempty"`
	MaxApplicationsPerCustomer *int64          `json:"maxApplicationsPerCustomer,omitempty"`
	Groups                     []string        `json:"groups"`
	// Stores is always empty: the reference's drafts and actions set no stores of a code.
	Stores     []KeyReference `json:"stores"`
	ValidFrom  string         `json:"validFrom,omitempty"`
	ValidUntil string         `json:"validUntil,omitempty"`
	Custom     *CustomFields  `json:"custom,omitempty"`
}

// DiscountCodeDraft creates a discount code.
type DiscountCodeDraft struct {
	Key                        string               `json:"key,omitempty"`
	Code                       string               `json:"code"`
	Name                       LocalizedString      `json:"name,omitempty"`
	Description                LocalizedString      `json:"description,omitempty"`
	CartDiscounts              []ResourceIdentifier `json:"cartDiscounts"`
	CartPredicate              string               `json:"cartPredicate,omitempty"`
	IsActive                   *bool                `json:"isActive,omitempty"`
	MaxApplications            *int64               `json:"maxApplications,omitempty"`
	MaxApplicationsPerCustomer *int64               `json:"maxApplicationsPerCustomer,omitempty"`
	Groups                     []string             `json:"groups,omitempty"`
	ValidFrom                  string               `json:"validFrom,omitempty"`
	ValidUntil                 string               `json:"validUntil,omitempty"`
	Custom                     *CustomFieldsDraft   `json:"custom,omitempty"`
}

// CartDiscounts finds cart discounts for discount codes and carts.
type CartDiscounts interface {
	CartDiscount(field string, ri ResourceIdentifier) (*CartDiscount, error)
}

// Limits of a discount code.
const (
	MaxCodeLength          = 256
	MaxCodeCartDiscounts   = 100
	MaxDiscountCodeGroups  = 100
	MaxDiscountCodesInCart = 10
)

// NewDiscountCode validates d and builds the discount code.
func NewDiscountCode(d DiscountCodeDraft, id string, c Change, p Predicates, cds CartDiscounts) (*DiscountCode, error) {
	if d.Key != "" {
		if err := CheckKey("key", d.Key); err != nil {
			return nil, err
		}
	}
	if err := CheckCode(d.Code); err != nil {
		return nil, err
	}
	dc := &DiscountCode{Key: d.Key, Code: d.Code, Name: d.Name, Description: d.Description, IsActive: d.IsActive == nil || *d.IsActive,
		References: []Reference{}, Stores: []KeyReference{}}
	if err := dc.setCartDiscounts(d.CartDiscounts, cds); err != nil {
		return nil, err
	}
	if err := dc.setPredicate(d.CartPredicate, p); err != nil {
		return nil, err
	}
	if err := setMax("maxApplications", &dc.MaxApplications, d.MaxApplications); err != nil {
		return nil, err
	}
	if err := setMax("maxApplicationsPerCustomer", &dc.MaxApplicationsPerCustomer, d.MaxApplicationsPerCustomer); err != nil {
		return nil, err
	}
	if err := dc.setGroups(d.Groups); err != nil {
		return nil, err
	}
	if err := dc.setValidity(d.ValidFrom, d.ValidUntil); err != nil {
		return nil, err
	}
	custom, err := NewCustomFields("custom", d.Custom)
	if err != nil {
		return nil, err
	}
	dc.Custom = custom
	dc.Stamp(id, c.Now)
	return dc, nil
}

// CheckCode validates a discount code's code: printable, without spaces, at most MaxCodeLength.
func CheckCode(code string) error {
	if code == "" {
		return RequiredField("code")
	}
	if len(code) > MaxCodeLength || strings.ContainsFunc(code, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return InvalidField("code", code)
	}
	return nil
}

// setCartDiscounts sets the code's cart discounts: at least one, each requiring a discount code
// (a discount without that requirement applies without a code, so a code could not unlock it).
func (dc *DiscountCode) setCartDiscounts(ris []ResourceIdentifier, cds CartDiscounts) error {
	if len(ris) == 0 {
		return RequiredField("cartDiscounts")
	}
	if len(ris) > MaxCodeCartDiscounts {
		return LimitExceeded("discount-code", "A discount code unlocks at most %d cart discounts.", MaxCodeCartDiscounts)
	}
	refs := []Reference{}
	for i, ri := range ris {
		f := "cartDiscounts[" + itoa(i) + "]"
		if err := ri.Check(f, TypeCartDiscount); err != nil {
			return err
		}
		cd, err := cds.CartDiscount(f, ri)
		if err != nil {
			return err
		}
		if !cd.RequiresDiscountCode {
			return InvalidInput("The cart discount '%s' does not require a discount code: a code cannot unlock it.", cd.ID)
		}
		if !hasRef(refs, cd.ID) {
			refs = append(refs, Reference{TypeID: TypeCartDiscount, ID: cd.ID})
		}
	}
	dc.CartDiscounts = refs
	return nil
}

func hasRef(refs []Reference, id string) bool {
	for _, r := range refs {
		if r.ID == id {
			return true
		}
	}
	return false
}

func (dc *DiscountCode) setPredicate(src string, p Predicates) error {
	if strings.TrimSpace(src) != "" {
		if err := p.CheckPredicate("cartPredicate", src); err != nil {
			return err
		}
	}
	dc.CartPredicate = src
	return nil
}

func setMax(field string, dst **int64, v *int64) error {
	if v != nil && *v < 0 {
		return InvalidField(field, *v)
	}
	*dst = v
	return nil
}

func (dc *DiscountCode) setGroups(groups []string) error {
	if len(groups) > MaxDiscountCodeGroups {
		return LimitExceeded("discount-code", "A discount code is in at most %d groups.", MaxDiscountCodeGroups)
	}
	out := []string{}
	for i, g := range groups {
		if g == "" {
			return InvalidField("groups["+itoa(i)+"]", g)
		}
		if indexOf(out, g) < 0 {
			out = append(out, g)
		}
	}
	dc.Groups = out
	return nil
}

func (dc *DiscountCode) setValidity(from, until string) error {
	cd := CartDiscount{}
	if err := cd.setValidity(from, until); err != nil {
		return err
	}
	dc.ValidFrom, dc.ValidUntil = from, until
	return nil
}

// ValidAt reports whether now is within the code's validity.
func (dc *DiscountCode) ValidAt(now time.Time) bool {
	return (Price{ValidFrom: dc.ValidFrom, ValidUntil: dc.ValidUntil}).validAt(now)
}

type discountCodeAction struct {
	Action                     string               `json:"action"`
	Key                        *string              `json:"key"`
	Name                       LocalizedString      `json:"name"`
	Description                LocalizedString      `json:"description"`
	CartPredicate              *string              `json:"cartPredicate"`
	IsActive                   *bool                `json:"isActive"`
	CartDiscounts              []ResourceIdentifier `json:"cartDiscounts"`
	MaxApplications            *int64               `json:"maxApplications"`
	MaxApplicationsPerCustomer *int64               `json:"maxApplicationsPerCustomer"`
	Groups                     []string             `json:"groups"`
	ValidFrom                  *string              `json:"validFrom"`
	ValidUntil                 *string              `json:"validUntil"`
}

// Apply applies one discount code update action (every action of the reference). The code
// itself never changes, as in the reference.
func (dc *DiscountCode) Apply(raw json.RawMessage, p Predicates, cds CartDiscounts) error {
	if handled, err := applyCustomAction(raw, discountCodeActions, &dc.Custom); handled {
		return err
	}
	var a discountCodeAction
	if err := DecodeAction(raw, &a, discountCodeActions); err != nil {
		return err
	}
	switch a.Action {
	case "setKey":
		return setKey(&dc.Key, a.Key)
	case "setName":
		dc.Name = a.Name
	case "setDescription":
		dc.Description = a.Description
	case "setCartPredicate":
		return dc.setPredicate(deref(a.CartPredicate), p)
	case "changeIsActive":
		if a.IsActive == nil {
			return RequiredField("isActive")
		}
		dc.IsActive = *a.IsActive
	case "changeCartDiscounts":
		return dc.setCartDiscounts(a.CartDiscounts, cds)
	case "setMaxApplications":
		return setMax("maxApplications", &dc.MaxApplications, a.MaxApplications)
	case "setMaxApplicationsPerCustomer":
		return setMax("maxApplicationsPerCustomer", &dc.MaxApplicationsPerCustomer, a.MaxApplicationsPerCustomer)
	case "changeGroups":
		return dc.setGroups(a.Groups)
	case "setValidFrom":
		return dc.setValidity(deref(a.ValidFrom), dc.ValidUntil)
	case "setValidUntil":
		return dc.setValidity(dc.ValidFrom, deref(a.ValidUntil))
	case "setValidFromAndUntil":
		return dc.setValidity(deref(a.ValidFrom), deref(a.ValidUntil))
	}
	return nil
}

var discountCodeActions = withCustom(ActionFields{
	"setKey":                        {"key"},
	"setName":                       {"name"},
	"setDescription":                {"description"},
	"setCartPredicate":              {"cartPredicate"},
	"changeIsActive":                {"isActive"},
	"changeCartDiscounts":           {"cartDiscounts"},
	"setMaxApplications":            {"maxApplications"},
	"setMaxApplicationsPerCustomer": {"maxApplicationsPerCustomer"},
	"changeGroups":                  {"groups"},
	"setValidFrom":                  {"validFrom"},
	"setValidUntil":                 {"validUntil"},
	"setValidFromAndUntil":          {"validFrom", "validUntil"},
})

// CustomSlots implements Customizable.
func (dc *DiscountCode) CustomSlots() []CustomSlot {
	return slot("custom", "discount-code", dc.Custom)
}

// DiscountCodeNonApplicable reports a discount code a cart cannot take, and why (reason).
func DiscountCodeNonApplicable(code, reason, format string, args ...any) *Error {
	return newError(CodeDiscountCodeNonApplicable, fmt.Sprintf(format, args...), "discountCode", code, "reason", reason)
}
