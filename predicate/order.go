package predicate

// Money is an amount in the smallest unit of its currency. A FractionDigits
// of 0 (or less) stands for the currency's default number of fraction digits
// (see [CurrencyFractionDigits]), so Money{CurrencyCode: "EUR", CentAmount:
// 1999} is 19.99 EUR and Money{CurrencyCode: "JPY", CentAmount: 500} is 500
// JPY. Money with an empty CurrencyCode is missing (not defined).
type Money struct {
	CurrencyCode   string
	CentAmount     int64
	FractionDigits int
}

// Address is an address as predicates see it: shippingAddress.<field> and
// billingAddress.<field> name these fields, in the reference's JSON spelling
// (country, city, postalCode, ...; see the package documentation for the
// list). An empty field is missing (not defined).
type Address struct {
	Key                   string
	Title                 string
	Salutation            string
	FirstName             string
	LastName              string
	StreetName            string
	StreetNumber          string
	AdditionalStreetInfo  string
	PostalCode            string
	City                  string
	Region                string
	State                 string
	Country               string
	Company               string
	Department            string
	Building              string
	Apartment             string
	POBox                 string
	Phone                 string
	Mobile                string
	Email                 string
	Fax                   string
	AdditionalAddressInfo string
	ExternalID            string
}

// LineItem is one line item of an Order. Attributes holds the product
// variant's attributes by name (values as for [Order.Custom]).
type LineItem struct {
	SKU        string
	ProductID  string
	ProductKey string
	Quantity   int64
	Price      Money // the unit price
	TotalPrice Money // the line total
	Attributes map[string]any
}

// CustomLineItem is one custom line item of an Order: name.<locale> names
// its Name in a locale; Custom holds its custom fields (values as for
// [Order.Custom]).
type CustomLineItem struct {
	Slug       string
	Name       map[string]string
	Quantity   int64
	Money      Money // the unit price
	TotalPrice Money // the item's total
	Custom     map[string]any
}

// Order is an order as predicates see it; the application fills it from its
// own order type.
//
// Currency is the order's currency; when it is empty, TotalPrice.CurrencyCode
// is used. Empty strings and nil addresses are missing values.
//
// Custom holds the order's custom fields by name. Values may be string,
// bool, any Go integer or float type, json.Number, [Money] or *Money, a
// map[string]any (a nested object, addressed as custom.field.sub; one with
// "currencyCode" and "centAmount" entries, as encoding/json decodes money, is
// also money), and lists: []any, []string, []bool, []int, []int64, []float64
// and []Money. A nil value is missing.
type Order struct {
	TotalPrice          Money
	Currency            string
	Country             string
	CustomerID          string
	CustomerEmail       string
	BusinessUnitKey     string
	StoreKey            string
	PurchaseOrderNumber string
	ShippingAddress     *Address
	BillingAddress      *Address
	Custom              map[string]any
	LineItems           []LineItem
	CustomLineItems     []CustomLineItem
}

// currency returns the order's currency.
func (o *Order) currency() string {
	if o.Currency != "" {
		return o.Currency
	}
	return o.TotalPrice.CurrencyCode
}
