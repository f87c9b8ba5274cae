package predicate

import (
	"fmt"
	"sort"
	"strings"

	"github.com/procura/procura/internal/scan"
)

// valType is the type of an identifier, checked against literals at parse
// time.
type valType uint8

const (
	tString valType = iota
	tNumber         // an integer field (known numbers are all integers)
	tMoney
	tDyn    // custom.<field> and attributes.<name>: typed at evaluation
	tObject // an address: only "is defined" and "is not defined"
)

func (t valType) String() string {
	switch t {
	case tString:
		return "a string"
	case tNumber:
		return "a number"
	case tMoney:
		return "money"
	case tObject:
		return "an address"
	}
	return "a custom value"
}

// field is a known identifier. get is a getter of the context type T
// (Order or LineItem): func(*T) string for tString (an empty string is
// missing), func(*T) (int64,
// bool) for tNumber, func(*T) (Money, bool) for tMoney, func(*T) (any, bool)
// for tDyn and func(*T) bool for tObject; the bool reports whether the value
// is defined.
type field struct {
	typ valType
	get any
}

// addressFields are the fields of Address, by their predicate names.
var addressFields = map[string]func(*Address) string{
	"key":                   func(a *Address) string { return a.Key },
	"title":                 func(a *Address) string { return a.Title },
	"salutation":            func(a *Address) string { return a.Salutation },
	"firstName":             func(a *Address) string { return a.FirstName },
	"lastName":              func(a *Address) string { return a.LastName },
	"streetName":            func(a *Address) string { return a.StreetName },
	"streetNumber":          func(a *Address) string { return a.StreetNumber },
	"additionalStreetInfo":  func(a *Address) string { return a.AdditionalStreetInfo },
	"postalCode":            func(a *Address) string { return a.PostalCode },
	"city":                  func(a *Address) string { return a.City },
	"region":                func(a *Address) string { return a.Region },
	"state":                 func(a *Address) string { return a.State },
	"country":               func(a *Address) string { return a.Country },
	"company":               func(a *Address) string { return a.Company },
	"department":            func(a *Address) string { return a.Department },
	"building":              func(a *Address) string { return a.Building },
	"apartment":             func(a *Address) string { return a.Apartment },
	"pOBox":                 func(a *Address) string { return a.POBox },
	"phone":                 func(a *Address) string { return a.Phone },
	"mobile":                func(a *Address) string { return a.Mobile },
	"email":                 func(a *Address) string { return a.Email },
	"fax":                   func(a *Address) string { return a.Fax },
	"additionalAddressInfo": func(a *Address) string { return a.AdditionalAddressInfo },
	"externalId":            func(a *Address) string { return a.ExternalID },
}

var orderFields, itemFields, customItemFields map[string]field

// itemKind is what the identifiers of a predicate refer to: the order, one of
// its line items (inside a line-item function) or one of its custom line
// items (inside a custom-line-item function).
type itemKind uint8

const (
	inOrder itemKind = iota
	inLineItem
	inCustomLineItem
)

func str[T any](get func(*T) string) field { return field{tString, get} }

// addMoney adds name (money) and its parts name.centAmount,
// name.currencyCode and name.fractionDigits. The parts are missing when the
// money is.
func addMoney[T any](m map[string]field, name string, get func(*T) *Money) {
	m[name] = field{tMoney, func(x *T) (Money, bool) { v := get(x); return *v, v.CurrencyCode != "" }}
	m[name+".centAmount"] = field{tNumber, func(x *T) (int64, bool) { v := get(x); return v.CentAmount, v.CurrencyCode != "" }}
	m[name+".currencyCode"] = str(func(x *T) string { return get(x).CurrencyCode })
	m[name+".fractionDigits"] = field{tNumber, func(x *T) (int64, bool) { v := get(x); return int64(v.digits()), v.CurrencyCode != "" }}
}

func addAddress(name string, get func(*Order) *Address) {
	orderFields[name] = field{tObject, func(o *Order) bool { return get(o) != nil }}
	for f, g := range addressFields {
		orderFields[name+"."+f] = str(func(o *Order) string {
			if a := get(o); a != nil {
				return g(a)
			}
			return ""
		})
	}
}

func init() {
	orderFields = map[string]field{
		"currency":            str((*Order).currency),
		"country":             str(func(o *Order) string { return o.Country }),
		"customer.id":         str(func(o *Order) string { return o.CustomerID }),
		"customerId":          str(func(o *Order) string { return o.CustomerID }),
		"customer.email":      str(func(o *Order) string { return o.CustomerEmail }),
		"customerEmail":       str(func(o *Order) string { return o.CustomerEmail }),
		"businessUnit.key":    str(func(o *Order) string { return o.BusinessUnitKey }),
		"store.key":           str(func(o *Order) string { return o.StoreKey }),
		"purchaseOrderNumber": str(func(o *Order) string { return o.PurchaseOrderNumber }),
		"lineItemCount":       {tNumber, func(o *Order) (int64, bool) { return int64(len(o.LineItems)), true }},
	}
	addMoney(orderFields, "totalPrice", func(o *Order) *Money { return &o.TotalPrice })
	addAddress("shippingAddress", func(o *Order) *Address { return o.ShippingAddress })
	addAddress("billingAddress", func(o *Order) *Address { return o.BillingAddress })

	itemFields = map[string]field{
		"sku":        str(func(li *LineItem) string { return li.SKU }),
		"productId":  str(func(li *LineItem) string { return li.ProductID }),
		"productKey": str(func(li *LineItem) string { return li.ProductKey }),
		"quantity":   {tNumber, func(li *LineItem) (int64, bool) { return li.Quantity, true }},
	}
	addMoney(itemFields, "price", func(li *LineItem) *Money { return &li.Price })
	addMoney(itemFields, "totalPrice", func(li *LineItem) *Money { return &li.TotalPrice })

	customItemFields = map[string]field{
		"slug":     str(func(x *CustomLineItem) string { return x.Slug }),
		"quantity": {tNumber, func(x *CustomLineItem) (int64, bool) { return x.Quantity, true }},
	}
	addMoney(customItemFields, "money", func(x *CustomLineItem) *Money { return &x.Money })
	addMoney(customItemFields, "totalPrice", func(x *CustomLineItem) *Money { return &x.TotalPrice })
}

// lookupPath looks up a dotted path in nested maps. A missing key, a nil
// value or a non-map on the way is missing.
func lookupPath(m map[string]any, path []string) (any, bool) {
	for i, seg := range path {
		v, ok := m[seg]
		if !ok || v == nil {
			return nil, false
		}
		if i == len(path)-1 {
			return v, true
		}
		if m, ok = v.(map[string]any); !ok {
			return nil, false
		}
	}
	return nil, false
}

// resolve finds the identifier name in the order context, or in the context
// of one line item or custom line item. The message is empty on success.
func resolve(name string, in itemKind) (field, string) {
	fields, dynPrefix := orderFields, "custom."
	switch in {
	case inLineItem:
		fields, dynPrefix = itemFields, "attributes."
	case inCustomLineItem:
		fields = customItemFields
	default:
		name = strings.TrimPrefix(name, "order.")
	}
	if f, ok := fields[name]; ok {
		return f, ""
	}
	if rest, ok := strings.CutPrefix(name, dynPrefix); ok {
		path := strings.Split(rest, ".")
		switch in {
		case inLineItem:
			return field{tDyn, func(li *LineItem) (any, bool) { return lookupPath(li.Attributes, path) }}, ""
		case inCustomLineItem:
			return field{tDyn, func(x *CustomLineItem) (any, bool) { return lookupPath(x.Custom, path) }}, ""
		}
		return field{tDyn, func(o *Order) (any, bool) { return lookupPath(o.Custom, path) }}, ""
	}
	if locale, ok := strings.CutPrefix(name, "name."); ok && in == inCustomLineItem && locale != "" {
		return str(func(x *CustomLineItem) string { return x.Name[locale] }), ""
	}
	var msg string
	switch in {
	case inLineItem:
		msg = fmt.Sprintf("unknown line-item identifier %q", scan.Clip(name))
	case inCustomLineItem:
		msg = fmt.Sprintf("unknown custom-line-item identifier %q", scan.Clip(name))
	default:
		msg = fmt.Sprintf("unknown identifier %q", scan.Clip(name))
	}
	if s := suggest(name, fields); s != "" {
		return field{}, msg + "; did you mean " + s + "?"
	}
	if in == inCustomLineItem {
		return field{}, msg + ": inside a custom-line-item function identifiers refer to one custom line item (slug, name.<locale>, quantity, money, totalPrice, custom.<name>)"
	}
	if in == inLineItem {
		if _, ok := orderFields[name]; ok {
			return field{}, msg + ": inside a line-item function identifiers refer to one line item (sku, quantity, price, totalPrice, productId, productKey, attributes.<name>)"
		}
		if strings.EqualFold(name, "custom") || strings.HasPrefix(name, "custom.") {
			return field{}, msg + ": inside a line-item function identifiers refer to one line item; product attributes are attributes.<name>"
		}
	}
	if in == inOrder && (strings.HasPrefix(name, "shippingAddress.") || strings.HasPrefix(name, "billingAddress.")) {
		return field{}, msg + "; address fields are country, city, postalCode, state, region, streetName, streetNumber, company, email, … (see the package documentation)"
	}
	if name == "custom" || name == "attributes" {
		return field{}, msg + fmt.Sprintf("; name a field: %s<name>", dynPrefix)
	}
	if _, ok := itemFields[name]; ok && in == inOrder {
		return field{}, msg + fmt.Sprintf(": line-item fields are used inside lineItemExists(...), forAllLineItems(...), lineItemCount(...) or lineItemTotal(...), as in lineItemExists(%s ...)", name)
	}
	return field{}, msg
}

// suggest returns the known identifier that differs from name only in case,
// or the known identifiers made of name, a dot and one more segment (as in
// "customer.email" or "customer.id" for "customer").
func suggest(name string, fields map[string]field) string {
	var dotted []string
	for k := range fields {
		if strings.EqualFold(k, name) {
			return fmt.Sprintf("%q", k)
		}
		if strings.HasPrefix(k, name+".") && !strings.Contains(k[len(name)+1:], ".") {
			dotted = append(dotted, fmt.Sprintf("%q", k))
		}
	}
	sort.Strings(dotted)
	if len(dotted) > 3 {
		dotted = append(dotted[:3], "…")
	}
	return strings.Join(dotted, ", ")
}
