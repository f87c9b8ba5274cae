package app

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"github.com/procura/procura"
)

// The families of message rules that several resources, or several places in one, share
// (message_rules.go), and the fields that some kinds derive for their rules to read.

// listSet is a rule for a list field that a message reports with the elements added and those
// removed (known by key), as "added…" and "removed…" of the field's name (Name).
func listSet(msg, name, key string) messageRule {
	field := strings.ToLower(name[:1]) + name[1:]
	return messageRule{msg: msg, field: field, pay: []string{"added" + name + "=added:" + field + ":" + key, "removed" + name + "=removed:" + field + ":" + key}}
}

// orderFields adds the reference to an order's customer, which it stores as customerId, and
// whether it is without payment info (which goes with its last payment).
func orderFields(_ *lookup, _ []byte, to map[string]json.RawMessage) {
	var id string
	if json.Unmarshal(to["customerId"], &id) == nil && id != "" {
		to["customer"], _ = json.Marshal(procura.Reference{TypeID: procura.TypeCustomer, ID: id})
	}
	to["withoutPaymentInfo"], _ = json.Marshal(jsonOf(to["paymentInfo"]) == "null")
}

// productPublished is the payload of ProductPublished: the published projection, the images no
// longer in the product, and the scope (Prices when only the prices were published).
var productPublished = []string{"productProjection=currentProjection", "removedImageUrls=removed:imageUrls", "scope=publishScope"}

// productFields adds what a product's messages read and its stored JSON does not hold: its
// projections (without a price selection), the URLs of the images of either, and the scope its
// current data was last published with ("All" when it is the staged data).
func productFields(l *lookup, stored []byte, to map[string]json.RawMessage) {
	var p procura.Product
	if json.Unmarshal(stored, &p) != nil {
		return
	}
	to["currentProjection"], _ = json.Marshal(p.Projection(false, procura.PriceSelection{Now: l.now()}))
	to["stagedProjection"], _ = json.Marshal(p.Projection(true, procura.PriceSelection{Now: l.now()}))
	urls := []string{}
	for _, data := range []*procura.ProductData{&p.MasterData.Current, &p.MasterData.Staged} {
		for _, v := range data.AllVariants() {
			for _, img := range v.Images {
				if !slices.Contains(urls, img.URL) {
					urls = append(urls, img.URL)
				}
			}
		}
	}
	to["imageUrls"], _ = json.Marshal(urls)
	scope := "Prices"
	if bytes.Equal(at(to["masterData"], "current"), at(to["masterData"], "staged")) {
		scope = "All"
	}
	to["publishScope"], _ = json.Marshal(scope)
}

// storefrontRules are the messages of a store's storefront URLs, StoreCheckoutUrlTemplateSet and
// the like.
func storefrontRules() []messageRule {
	var out []messageRule
	for _, f := range procura.StorefrontFields {
		out = append(out, messageRule{msg: "Store" + strings.ToUpper(f[:1]) + f[1:] + "Set", field: "storefront." + f, pay: []string{f + "=storefront." + f}})
	}
	return out
}

// sameType is the condition of the custom fields' messages: their type stays.
var sameType = []string{"same custom.type.id"}

// customRules are the custom-field and custom-type messages of a resource, or of an element of
// one of its lists (prefix), with the payload fields that name the element (pay). A field set,
// changed or removed under the same type is a field's message; another type, or none, the
// type's.
func customRules(prefix string, pay ...string) []messageRule {
	return append([]messageRule{
		{msg: prefix + "CustomTypeSet", field: "custom.type.id", to: "!null", pay: append([]string{"customFields=custom", "previousTypeId=-custom.type.id"}, pay...)},
		{msg: prefix + "CustomTypeRemoved", field: "custom.type.id", to: "null", pay: append([]string{"previousTypeId=-custom.type.id"}, pay...)},
	}, customFieldRules(prefix, pay...)...)
}

// customFieldRules are the custom-field messages of customRules alone, for the prices, whose
// type's messages are named otherwise.
func customFieldRules(prefix string, pay ...string) []messageRule {
	return []messageRule{
		{msg: prefix + "CustomFieldAdded", field: "custom.fields", when: sameType, list: "added", key: "*", pay: append([]string{"name=@name", "value=@value"}, pay...)},
		{msg: prefix + "CustomFieldChanged", field: "custom.fields", when: sameType, list: "changed", key: "*", pay: append([]string{"name=@name", "value=@value", "previousValue=-@value"}, pay...)},
		{msg: prefix + "CustomFieldRemoved", field: "custom.fields", when: sameType, list: "removed", key: "*", pay: append([]string{"name=@name"}, pay...)},
	}
}

// transitionRule is the message of a workflow state (the States resource) reached: whether by
// force, the transition noted (lookup.Transition).
func transitionRule(msg, field string, pay ...string) messageRule {
	return messageRule{msg: msg, field: field, to: "!null", pay: append([]string{"state=" + field, "force=!force:" + field + ".id"}, pay...)}
}

// deliveryRules are the messages of the deliveries and parcels in an order's shipping info
// (info): the order's one, or that of each of its shippings, whose shippingKey they then name.
func deliveryRules(info string) []messageRule {
	deliveries := info + ".deliveries"
	in := []string{"deliveryId=id", "shippingKey=^shippingKey"} // read on a delivery
	return []messageRule{
		each("DeliveryAdded", deliveries, "added", "id", "delivery=@", "shippingKey"),
		each("DeliveryRemoved", deliveries, "removed", "id", "delivery=@", "shippingKey"),
		within(deliveries, "id", slices.Concat([]messageRule{
			{msg: "DeliveryAddressSet", field: "address", pay: append([]string{"address", "oldAddress=-address"}, in...)},
			{msg: "DeliveryItemsUpdated", field: "items", pay: append([]string{"items", "oldItems=-items"}, in...)},
			each("ParcelAddedToDelivery", "parcels", "added", "id", "delivery=", "parcel=@", "shippingKey=^shippingKey"),
			each("ParcelRemovedFromDelivery", "parcels", "removed", "id", append([]string{"parcel=@"}, in...)...),
		}, customRules("Delivery", "deliveryId=id"))...),
	}
}

// addressRules are the address messages of customers and business units (prefix), which keep
// their addresses alike: the addresses, the ids of those for shipping and billing, and the
// defaults.
func addressRules(prefix string) []messageRule {
	return []messageRule{
		each(prefix+"AddressAdded", "addresses", "added", "id", "address=@"),
		{msg: prefix + "AddressChanged", field: "addresses", list: "changed", key: "id", except: "custom", pay: []string{"address=@", "addressRoles=%"}},
		each(prefix+"AddressRemoved", "addresses", "removed", "id", "address=@", "addressRoles=%"),
		each(prefix+"ShippingAddressAdded", "shippingAddressIds", "added", "", "address=&@"),
		each(prefix+"ShippingAddressRemoved", "shippingAddressIds", "removed", "", "address=&@"),
		each(prefix+"BillingAddressAdded", "billingAddressIds", "added", "", "address=&@"),
		each(prefix+"BillingAddressRemoved", "billingAddressIds", "removed", "", "address=&@"),
		{msg: prefix + "DefaultShippingAddressSet", field: "defaultShippingAddressId", pay: []string{"address=&defaultShippingAddressId"}},
		{msg: prefix + "DefaultBillingAddressSet", field: "defaultBillingAddressId", pay: []string{"address=&defaultBillingAddressId"}},
		within("addresses", "id", customRules(prefix+"Address", "addressId=id")...),
	}
}

// itemStateTransition is the message of a quantity of an order's (custom) line item moved from
// one state to another (item: "lineItem" or "customLineItem"), at the order's change. A change of
// the item's states that is no one such move (an import of states) makes none.
func itemStateTransition(msg, item string) messageRule {
	return messageRule{msg: msg, field: "state", computed: stateMove,
		pay: []string{item + "Id=id", item + "Key=key", "transitionDate=^lastModifiedAt"}}
}

// stateMove adds fromState, toState and quantity of the one move between an item's states
// (procura.ItemState) that the change made; false for none.
func stateMove(before, after map[string]json.RawMessage, pay map[string]json.RawMessage) bool {
	quantities := func(raw json.RawMessage) map[procura.Reference]int64 {
		var states []procura.ItemState
		_ = json.Unmarshal(raw, &states)
		out := map[procura.Reference]int64{}
		for _, s := range states {
			out[s.State] += s.Quantity
		}
		return out
	}
	was, is := quantities(before["state"]), quantities(after["state"])
	var from, to []procura.Reference
	var moved int64
	states := maps.Clone(was)
	maps.Copy(states, is) // every state, before or after
	for state := range states {
		switch d := is[state] - was[state]; {
		case d < 0:
			from = append(from, state)
		case d > 0:
			to, moved = append(to, state), d
		}
	}
	if len(from) != 1 || len(to) != 1 || was[from[0]]-is[from[0]] != moved {
		return false
	}
	pay["fromState"], _ = json.Marshal(from[0])
	pay["toState"], _ = json.Marshal(to[0])
	pay["quantity"], _ = json.Marshal(moved)
	return true
}

// productDataRules makes each rule twice: of a product's staged data, for a change of the staged
// data alone, and of its current data, for a change of both (not a publish, which changes the
// current data alone). "{data}" in a rule's field and payload names the data, "{staged}" in the
// payload of the rule or of its rules within says which ("true" or "false").
func productDataRules(rules ...messageRule) []messageRule {
	var out []messageRule
	for _, data := range []struct {
		path, staged string
		when         []string
	}{
		{"masterData.staged", "true", []string{"same masterData.current", "masterData.hasStagedChanges is true"}},
		{"masterData.current", "false", []string{"changed masterData.staged"}},
	} {
		names := strings.NewReplacer("{data}", data.path, "{staged}", data.staged)
		var name func(r messageRule) messageRule // r with the data named, and its rules within
		name = func(r messageRule) messageRule {
			r.field, r.pay, r.within = names.Replace(r.field), slices.Clone(r.pay), slices.Clone(r.within)
			for i := range r.pay {
				r.pay[i] = names.Replace(r.pay[i])
			}
			for i := range r.within {
				r.within[i] = name(r.within[i])
			}
			return r
		}
		for _, r := range rules {
			r = name(r)
			r.when = data.when
			out = append(out, r)
		}
	}
	return out
}

// variantRules are rules within each variant of a product's data, the master variant and the
// others ("{data}": see productDataRules).
func variantRules(rules ...messageRule) []messageRule {
	return []messageRule{within("{data}.masterVariant", "id", rules...), within("{data}.variants", "id", rules...)}
}

// priceRules are the messages of the prices of a product's variant ("{data}" and "{staged}": see
// productDataRules): a price added, removed, changed (but for its key and custom fields, which
// have messages of their own). Procura has no product discounts: no discount is set.
func priceRules() []messageRule {
	in := []string{"priceId=id", "variantId=^id", "staged=#{staged}"} // read on a price
	return []messageRule{
		each("ProductPriceAdded", "prices", "added", "id", "price=@", "variantId=id", "staged=#{staged}"),
		each("ProductPriceRemoved", "prices", "removed", "id", "price=@", "variantId=id", "staged=#{staged}"),
		{msg: "ProductPriceChanged", field: "prices", list: "changed", key: "id", except: "key,custom",
			pay: []string{"newPrice=@", "oldPrice=-@", "variantId=id", "staged=#{staged}"}},
		within("prices", "id", append([]messageRule{
			set("ProductPriceKeySet", "key", append([]string{"oldKey=-key"}, in...)...),
			{msg: "ProductPriceCustomFieldsSet", field: "custom.type.id", to: "!null", pay: append([]string{"customField=custom", "oldTypeId=-custom.type.id"}, in...)},
			{msg: "ProductPriceCustomFieldsRemoved", field: "custom.type.id", to: "null", pay: in},
		}, customFieldRules("ProductPrice", in...)...)...),
	}
}
