// Package predicate parses and evaluates commercetools-compatible order
// predicates: the predicate of an approval rule, written in the cart and
// discount predicate family of the reference API (for example
// `totalPrice >= "1000.00 EUR" and lineItemExists(sku = "SKU-1")`).
//
// A predicate is parsed once with [Parse], when the rule is saved, into a
// compiled [Predicate]: a tree of closures, which [Predicate.Eval] then
// evaluates against every order placed, given as an [Order] that the
// application fills from its own order type. Evaluation does not allocate
// (except to parse a non-integer json.Number in a custom field).
// This package is not the query-predicate dialect of where= parameters (see
// package query): fields are written with dots, not nested parentheses.
//
// # Grammar
//
//	predicate  = or EOF
//	or         = and { "or" and }
//	and        = unary { "and" unary }
//	unary      = "not" unary
//	           | "(" or ")"
//	           | "true" | "false"
//	           | ( "lineItemExists" | "forAllLineItems"
//	             | "customLineItemExists" | "forAllCustomLineItems" ) "(" or ")"
//	           | condition
//	condition  = operand cmpop value
//	           | operand [ "not" ] "in" list
//	           | operand "contains" ( value | ( "any" | "all" ) list )
//	           | operand "is" [ "not" ] ( "defined" | "empty" )
//	operand    = identifier
//	           | ( "lineItemCount" | "lineItemTotal"
//	             | "customLineItemCount" | "customLineItemTotal" ) "(" or ")"
//	cmpop      = "=" | "!=" | "<>" | "<" | "<=" | ">" | ">="
//	list       = "(" value { "," value } ")"
//	value      = string | number | "true" | "false"
//	identifier = segment { "." segment }     no spaces around the dots
//	segment    = ( letter | digit | "_" ) { letter | digit | "_" | "-" }   (the first starts with a letter or "_")
//	string     = `"` { char | `\"` | `\\` } `"`
//	number     = [ "-" ] digit { digit } [ "." digit { digit } ]
//
// Keywords (and, or, not, in, contains, any, all, is, empty, defined, true,
// false) are case-insensitive; identifiers and function names are
// case-sensitive. "and" binds tighter than "or". "not" is a prefix operator
// that binds tighter than both and applies to the next unary term, with or
// without parentheses: not sku = "A" and quantity > 1 means
// (not sku = "A") and quantity > 1; write not (… and …) to negate more.
// The constant predicates true and false match every / no order (so
// lineItemTotal(true) is the total of all line items).
//
// # Identifiers
//
// On the order (an optional "order." prefix is accepted, as in
// order.totalPrice.centAmount):
//
//	totalPrice                      money
//	totalPrice.centAmount           number (ignores the currency: prefer totalPrice)
//	totalPrice.currencyCode         string
//	totalPrice.fractionDigits       number
//	currency                        string (Order.Currency, else the total's currency)
//	country                         string
//	customer.id, customerId         string
//	customer.email, customerEmail   string
//	businessUnit.key                string
//	store.key                       string
//	purchaseOrderNumber             string
//	lineItemCount                   number: the number of line items
//	shippingAddress, billingAddress an address: only "is defined" / "is not defined"
//	shippingAddress.<f>, billingAddress.<f>   string, where <f> is one of key,
//	        title, salutation, firstName, lastName, streetName, streetNumber,
//	        additionalStreetInfo, postalCode, city, region, state, country,
//	        company, department, building, apartment, pOBox, phone, mobile,
//	        email, fax, additionalAddressInfo, externalId
//	custom.<name>[.<sub>…]          a custom field (Order.Custom), typed when evaluated
//
// Line-item functions take a line-item predicate, in which identifiers refer
// to one line item: sku, productId, productKey (strings), quantity (number),
// price and totalPrice (money) with their .centAmount, .currencyCode and
// .fractionDigits, and attributes.<name>[.<sub>…] (typed when evaluated).
//
//	lineItemExists(P)    true if some line item satisfies P
//	forAllLineItems(P)   true if every line item satisfies P; true for an
//	                     order without line items (the same as not lineItemExists(not P))
//	lineItemCount(P)     number: how many line items satisfy P
//	lineItemTotal(P)     money: the sum of the totalPrice of the line items
//	                     that satisfy P, in the order's currency (line items in
//	                     another currency are left out; no match is zero)
//
// Custom-line-item functions customLineItemExists, forAllCustomLineItems,
// customLineItemCount and customLineItemTotal are the same over the order's
// custom line items, whose predicate names one custom line item: slug
// (string), name.<locale> (string), quantity (number), money (its unit
// price) and totalPrice (money) with their .centAmount, .currencyCode and
// .fractionDigits, and custom.<name>[.<sub>…] (typed when evaluated).
//
// Item functions do not nest. Unknown identifiers and functions are parse
// errors.
//
// # Types
//
// Known identifiers are type-checked when parsing: strings compare with
// strings, numbers with numbers, money with money strings ("1000.00 EUR",
// never a number). Strings order byte-wise; booleans (in custom fields and
// attributes) compare with = and != only. "contains" and "is empty" apply
// only to custom fields and attributes, which are checked when evaluating: a
// comparison between values of different types is false.
//
// # Money
//
// A money string is a string literal of the form AMOUNT SPACE CURRENCY, such
// as "1000.00 EUR", "-5 USD" or "1500 JPY": an optional minus, digits,
// optionally a dot and at most as many decimals as the currency has fraction
// digits (2 by default, 0 for JPY, KRW, CLP, ISK, VND, UGX, XAF and XOF, 3 for
// BHD, KWD, OMR, JOD, TND, LYD and IQD), one space and a code of three
// capital letters. Compared with money, it is money; compared with a custom
// field holding a string, it is a string.
//
// Money compares only with money of the same currency, by amount after
// bringing both to the same fraction digits. A comparison between money of
// different currencies is false, whatever the operator (including != and not
// in); it is never an error. This makes the reference's documented currency
// trap safe: totalPrice > "1000.00 EUR" is false for an order in USD, whereas
// totalPrice.centAmount > 100000 ignores the currency and fires for 1000.00
// USD, 1000.00 AUD and 100000 JPY alike.
//
// # Missing values
//
// An empty string field of Order, Address or LineItem (Go cannot tell it from
// an unset one), money without a currency, a nil address (and its fields),
// and a custom field or attribute that is absent or nil are missing (an empty
// string in Custom or Attributes is a value: custom.x = "" can hold). Every
// condition on a missing value is false, including !=, not in and is not
// empty; "is not defined" is true for it. Only not (...) turns such a
// condition into a true one: not (country = "DE") matches an order without a
// country.
//
// # Limits
//
// A predicate may be at most [MaxLength] bytes long, contain at most
// [MaxNodes] nodes (conditions, literal values, line-item function calls,
// constant predicates and the keywords and, or and not) and nest at most
// [MaxDepth] levels deep (parentheses, not and line-item functions).
// Predicates over these limits are rejected with an [*Error], like any
// syntax error.
package predicate
