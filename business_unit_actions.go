package procura

import "encoding/json"

// businessUnitAction holds the payload fields of every business-unit update action.
type businessUnitAction struct {
	Action                          string               `json:"action"`
	Address                         *Address             `json:"address"`
	AddressID                       string               `json:"addressId"`
	AddressKey                      string               `json:"addressKey"`
	Associate                       *AssociateDraft      `json:"associate"`
	Associates                      []AssociateDraft     `json:"associates"`
	Customer                        *ResourceIdentifier  `json:"customer"`
	AssociateMode                   string               `json:"associateMode"`
	MakeInheritedAssociatesExplicit bool                 `json:"makeInheritedAssociatesExplicit"`
	ApprovalRuleMode                string               `json:"approvalRuleMode"`
	Name                            *string              `json:"name"`
	ContactEmail                    *string              `json:"contactEmail"`
	ParentUnit                      *ResourceIdentifier  `json:"parentUnit"`
	Status                          string               `json:"status"`
	Store                           *ResourceIdentifier  `json:"store"`
	Stores                          []ResourceIdentifier `json:"stores"`
	StoreMode                       string               `json:"storeMode"`
	UnitType                        string               `json:"unitType"`
	Type                            *ResourceIdentifier  `json:"type"`
	Fields                          map[string]any       `json:"fields"`
	Value                           any                  `json:"value"`
	JoinPolicy                      string               `json:"joinPolicy"`
	AllowedEmailDomains             []string             `json:"allowedEmailDomains"`
	DefaultAssociateRole            *ResourceIdentifier  `json:"defaultAssociateRole"`
	groupFields
}

func (a businessUnitAction) addressAction() addressAction {
	return addressAction{Action: a.Action, Address: a.Address, AddressID: a.AddressID, AddressKey: a.AddressKey,
		Type: a.Type, Fields: a.Fields, Name: a.Name, Value: a.Value}
}

// JoinRoleOf returns the defaultAssociateRole an encoded setJoinPolicy action names, if any.
func JoinRoleOf(raw []byte) *ResourceIdentifier {
	var a businessUnitAction
	if DecodeAction(raw, &a, businessUnitActions) != nil {
		return nil
	}
	return a.DefaultAssociateRole
}

// ActionName returns the name of an encoded update action ("" if it has none).
func ActionName(raw json.RawMessage) string {
	var a struct {
		Action string `json:"action"`
	}
	_ = json.Unmarshal(raw, &a)
	return a.Action
}

// UnitActionPermission returns the permission an associate needs for a business-unit update
// action, as the reference API assigns them.
func UnitActionPermission(action string) Permission {
	switch action {
	case "addAssociate", "removeAssociate", "changeAssociate", "setAssociates", "setJoinPolicy":
		return UpdateAssociates
	case "changeParentUnit":
		return UpdateParentUnit
	}
	return UpdateBusinessUnitDetails
}

// Apply applies one update action. Errors as for NewBusinessUnit, plus InvalidJsonInput for an
// unknown action.
func (u *BusinessUnit) Apply(raw json.RawMessage, c Change) error {
	var a businessUnitAction
	if err := DecodeAction(raw, &a, businessUnitActions); err != nil {
		return err
	}
	if err := u.applyAction(a, c); err != nil {
		return err
	}
	u.IndexAssociates()
	return nil
}

func (u *BusinessUnit) applyAction(a businessUnitAction, c Change) error {
	if handled, err := u.applyAddressAction(a.addressAction(), c.NewID); handled {
		return err
	}
	if handled, err := u.applyAssociateAction(a, c); handled {
		return err
	}
	if handled, err := applyGroupAction(&u.CustomerGroupAssignments, TypeBusinessUnit, a.Action, a.groupFields, c.Groups); handled {
		return err
	}
	switch a.Action {
	case "changeName":
		if deref(a.Name) == "" {
			return RequiredField("name")
		}
		u.Name = *a.Name
	case "setContactEmail":
		u.ContactEmail = deref(a.ContactEmail)
	case "changeStatus":
		if err := checkOneOf("status", a.Status, StatusActive, StatusInactive); err != nil {
			return err
		}
		u.Status = a.Status
	case "changeApprovalRuleMode":
		return u.changeMode("approvalRuleMode", a.ApprovalRuleMode, &u.ApprovalRuleMode, ModeExplicitAndFromParent)
	case "changeParentUnit":
		if u.UnitType == UnitTypeCompany {
			return InvalidOperation("A Company has no parent unit; use setUnitType to turn it into a Division.")
		}
		if a.ParentUnit == nil {
			return RequiredField("parentUnit")
		}
		return u.changeParent(*a.ParentUnit, c.Lookup)
	case "setUnitType":
		return u.setUnitType(a, c)
	case "addStore", "removeStore", "setStores", "setStoreMode":
		return u.applyStoreAction(a, c)
	case "setCustomType":
		custom, err := NewCustomFields("type", customDraft(a.Type, a.Fields))
		if err != nil {
			return err
		}
		u.Custom = custom
	case "setCustomField":
		return SetCustomField(u.Custom, deref(a.Name), a.Value)
	case "setJoinPolicy":
		return u.setJoinPolicy(a.JoinPolicy, a.AllowedEmailDomains, a.DefaultAssociateRole, c.Lookup)
	default:
		return UnknownAction(a.Action)
	}
	return nil
}

// changeParent moves a Division below another unit, which must be associated with the same
// Stores as the old parent (own Stores, or inherited ones for storeMode FromParent).
func (u *BusinessUnit) changeParent(ri ResourceIdentifier, l Lookup) error {
	before, err := l.Ancestors(u)
	if err != nil {
		return err
	}
	old := u.ParentUnit
	if err := u.setParent(ri, l); err != nil {
		return err
	}
	after, err := l.Ancestors(u)
	if err != nil {
		u.ParentUnit = old
		return err
	}
	if len(before) > 0 && !sameStores(EffectiveStores(before), EffectiveStores(after)) {
		u.ParentUnit = old
		return InvalidOperation("The new parent unit '%s' must be associated with the same stores as the old parent unit '%s'.", after[0].Key, before[0].Key)
	}
	return nil
}

// sameStores reports whether a and b name the same set of stores.
func sameStores(a, b []KeyReference) bool {
	for _, r := range a {
		if indexOfKey(b, r.Key) < 0 {
			return false
		}
	}
	for _, r := range b {
		if indexOfKey(a, r.Key) < 0 {
			return false
		}
	}
	return true
}

// changeMode sets one of the inheritance modes; a Company keeps them all Explicit.
func (u *BusinessUnit) changeMode(field, mode string, target *string, inherit string) error {
	if err := checkOneOf(field, mode, ModeExplicit, inherit); err != nil {
		return err
	}
	if u.UnitType == UnitTypeCompany && mode != ModeExplicit {
		return InvalidOperation("A Company cannot inherit from a parent: its %s stays Explicit.", field)
	}
	*target = mode
	return nil
}

func (u *BusinessUnit) setUnitType(a businessUnitAction, c Change) error {
	switch a.UnitType {
	case UnitTypeCompany:
		if u.StoreMode != ModeExplicit || u.AssociateMode != ModeExplicit || u.ApprovalRuleMode != ModeExplicit {
			return InvalidOperation("A unit becomes a Company only when its storeMode, associateMode and approvalRuleMode are all Explicit.")
		}
		if a.ParentUnit != nil {
			return InvalidInput("A Company is always a top-level unit: it cannot have a parentUnit.")
		}
		u.UnitType, u.ParentUnit = UnitTypeCompany, nil
		if u.Stores == nil {
			u.Stores = []KeyReference{}
		}
		return nil
	case UnitTypeDivision:
		if a.ParentUnit == nil {
			return RequiredField("parentUnit")
		}
		if err := u.setParent(*a.ParentUnit, c.Lookup); err != nil {
			return err
		}
		u.UnitType = UnitTypeDivision
		return nil
	case "":
		return RequiredField("unitType")
	}
	return InvalidField("unitType", a.UnitType, UnitTypeCompany, UnitTypeDivision)
}

func (u *BusinessUnit) applyStoreAction(a businessUnitAction, c Change) error {
	if a.Action == "setStoreMode" {
		if err := u.changeMode("storeMode", a.StoreMode, &u.StoreMode, StoreModeFromParent); err != nil {
			return err
		}
		if u.StoreMode == StoreModeFromParent {
			if len(a.Stores) > 0 {
				return InvalidInput("Stores can only be set on a business unit whose storeMode is Explicit.")
			}
			u.Stores = nil
			return nil
		}
		stores, err := resolveStores("stores", a.Stores, c.Lookup)
		u.Stores = stores
		return err
	}
	if u.StoreMode != ModeExplicit {
		return InvalidOperation("The stores of business unit '%s' come from its parent (storeMode FromParent); set storeMode Explicit first.", u.Key)
	}
	return changeStores(a.Action, a.Store, a.Stores, &u.Stores, c.Lookup, "business unit '"+u.Key+"'")
}

func indexOfKey(refs []KeyReference, key string) int {
	for i, r := range refs {
		if r.Key == key {
			return i
		}
	}
	return -1
}

// businessUnitActions are the business-unit update actions and their fields.
var businessUnitActions = withCustom(withActions(withActions(addressActions, groupActions), ActionFields{
	"changeName": {"name"}, "setContactEmail": {"contactEmail"}, "changeStatus": {"status"},
	"changeApprovalRuleMode": {"approvalRuleMode"}, "changeParentUnit": {"parentUnit"},
	"setUnitType": {"unitType", "parentUnit"},
	"addStore":    {"store"}, "removeStore": {"store"}, "setStores": {"stores"}, "setStoreMode": {"storeMode", "stores"},
	"setJoinPolicy": {"joinPolicy", "allowedEmailDomains", "defaultAssociateRole"}, // a Procura extension
	"addAssociate":  {"associate"}, "changeAssociate": {"associate"}, "removeAssociate": {"customer"},
	"setAssociates": {"associates"}, "changeAssociateMode": {"associateMode", "makeInheritedAssociatesExplicit"},
}))
