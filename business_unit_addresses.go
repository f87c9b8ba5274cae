package procura

// applyAddressAction handles the address actions of a business unit.
func (u *BusinessUnit) applyAddressAction(a businessUnitAction, c Change) (bool, error) {
	switch a.Action {
	case "addAddress":
		if a.Address == nil {
			return true, RequiredField("address")
		}
		_, err := u.add("address", *a.Address, c.NewID)
		return true, err
	case "changeAddress":
		id, err := u.find(a.AddressID, a.AddressKey)
		if err != nil {
			return true, err
		}
		if a.Address == nil {
			return true, RequiredField("address")
		}
		next := *a.Address
		if err := checkAddress("address", &next); err != nil {
			return true, err
		}
		if i := u.index("", next.Key); next.Key != "" && i >= 0 && u.Addresses[i].ID != id {
			return true, DuplicateField("address.key", next.Key)
		}
		next.ID = id
		u.Addresses[u.index(id, "")] = next
		return true, nil
	case "setDefaultShippingAddress", "setDefaultBillingAddress":
		return true, u.setDefaultAddress(a)
	case "removeAddress", "addShippingAddressId", "removeShippingAddressId", "addBillingAddressId", "removeBillingAddressId":
		id, err := u.find(a.AddressID, a.AddressKey)
		if err != nil {
			return true, err
		}
		u.applyAddressRole(a.Action, id)
		return true, nil
	case "setAddressCustomType", "setAddressCustomField":
		return true, u.setAddressCustom(a)
	}
	return false, nil
}

// setDefaultAddress sets (or, with neither addressId nor addressKey, unsets) a default address;
// the address also joins the matching list.
func (u *BusinessUnit) setDefaultAddress(a businessUnitAction) error {
	ids, def := &u.ShippingAddressIDs, &u.DefaultShippingAddressID
	if a.Action == "setDefaultBillingAddress" {
		ids, def = &u.BillingAddressIDs, &u.DefaultBillingAddressID
	}
	if a.AddressID == "" && a.AddressKey == "" {
		*def = ""
		return nil
	}
	id, err := u.find(a.AddressID, a.AddressKey)
	if err != nil {
		return err
	}
	*def = id
	*ids = appendUnique(*ids, id)
	return nil
}

func (u *BusinessUnit) setAddressCustom(a businessUnitAction) error {
	id, err := u.find(a.AddressID, "")
	if err != nil {
		return err
	}
	addr := &u.Addresses[u.index(id, "")]
	if a.Action == "setAddressCustomType" {
		custom, err := NewCustomFields("type", customDraft(a.Type, a.Fields))
		if err == nil {
			addr.Custom = custom
		}
		return err
	}
	return SetCustomField(addr.Custom, deref(a.Name), a.Value)
}
