package procura

// The address actions of a resource with an address book (business units and customers): add,
// change and remove addresses, name the shipping and billing ones and their defaults, and set an
// address's custom fields.

// addressActions are the address actions and their fields.
var addressActions = ActionFields{
	"addAddress": {"address"}, "changeAddress": {"addressId", "addressKey", "address"},
	"removeAddress":             {"addressId", "addressKey"},
	"setDefaultShippingAddress": {"addressId", "addressKey"}, "setDefaultBillingAddress": {"addressId", "addressKey"},
	"addShippingAddressId": {"addressId", "addressKey"}, "removeShippingAddressId": {"addressId", "addressKey"},
	"addBillingAddressId": {"addressId", "addressKey"}, "removeBillingAddressId": {"addressId", "addressKey"},
	"setAddressCustomType":  {"addressId", "addressKey", "type", "fields"},
	"setAddressCustomField": {"addressId", "addressKey", "name", "value"},
}

// addressAction is what an address action carries: the address, the one it names, and for the
// custom-field actions the type and fields or the field's name and value.
type addressAction struct {
	Action     string
	Address    *Address
	AddressID  string
	AddressKey string
	Type       *ResourceIdentifier
	Fields     map[string]any
	Name       *string
	Value      any
}

// applyAddressAction applies a of addressActions; handled is false for another action.
func (b *addressBook) applyAddressAction(a addressAction, newID func() string) (handled bool, err error) {
	if _, ok := addressActions[a.Action]; !ok {
		return false, nil
	}
	if a.Action == "addAddress" {
		if a.Address == nil {
			return true, RequiredField("address")
		}
		_, err := b.add("address", *a.Address, newID)
		return true, err
	}
	if (a.Action == "setDefaultShippingAddress" || a.Action == "setDefaultBillingAddress") && a.AddressID == "" && a.AddressKey == "" {
		b.setDefault(a.Action, "") // neither: unset the default
		return true, nil
	}
	id, err := b.find(a.AddressID, a.AddressKey)
	if err != nil {
		return true, err
	}
	switch a.Action {
	case "changeAddress":
		return true, b.change(id, a.Address)
	case "setDefaultShippingAddress", "setDefaultBillingAddress":
		b.setDefault(a.Action, id)
	case "setAddressCustomType":
		custom, err := NewCustomFields("type", customDraft(a.Type, a.Fields))
		if err != nil {
			return true, err
		}
		b.Addresses[b.index(id, "")].Custom = custom
	case "setAddressCustomField":
		return true, SetCustomField(b.Addresses[b.index(id, "")].Custom, deref(a.Name), a.Value)
	default:
		b.applyAddressRole(a.Action, id)
	}
	return true, nil
}

// change replaces the address with this id, keeping the id; keys stay unique within the book.
func (b *addressBook) change(id string, address *Address) error {
	if address == nil {
		return RequiredField("address")
	}
	next := *address
	if err := checkAddress("address", &next); err != nil {
		return err
	}
	if i := b.index("", next.Key); next.Key != "" && i >= 0 && b.Addresses[i].ID != id {
		return DuplicateField("address.key", next.Key)
	}
	next.ID = id
	b.Addresses[b.index(id, "")] = next
	return nil
}

// setDefault sets (id "": unsets) the default shipping or billing address; the address also
// joins the matching list.
func (b *addressBook) setDefault(action, id string) {
	ids, def := &b.ShippingAddressIDs, &b.DefaultShippingAddressID
	if action == "setDefaultBillingAddress" {
		ids, def = &b.BillingAddressIDs, &b.DefaultBillingAddressID
	}
	*def = id
	if id != "" {
		*ids = appendUnique(*ids, id)
	}
}
