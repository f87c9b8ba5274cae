package app

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// Expand returns the JSON of a resource with "obj" filled into the references that the expansion
// paths name, such as "associates[*].customer". Only the objects along the paths are read; the
// rest of the JSON is kept as it is, byte for byte. References to unknown resources, to resources
// the caller could not read by themselves (expansionAllowed), and paths that lead nowhere, are
// left as they are.
func (a *App) Expand(ctx context.Context, c Caller, raw json.RawMessage, paths []string) (json.RawMessage, error) {
	if len(paths) == 0 {
		return raw, nil
	}
	err := a.read(ctx, c.ProjectKey, func(l *lookup) error {
		var err error
		raw, err = expandAll(l, c, raw, paths)
		return err
	})
	return raw, err
}

// ExpandPage expands every result of a page.
func (a *App) ExpandPage(ctx context.Context, c Caller, p *Page, paths []string) error {
	if len(paths) == 0 {
		return nil
	}
	return a.read(ctx, c.ProjectKey, func(l *lookup) error {
		return p.edit(func(raw json.RawMessage) (json.RawMessage, error) { return expandAll(l, c, raw, paths) })
	})
}

func expandAll(l *lookup, c Caller, raw []byte, paths []string) ([]byte, error) {
	for _, p := range paths {
		var err error
		if raw, err = expandPath(l, c, raw, strings.Split(strings.ReplaceAll(p, "[*]", ".*"), ".")); err != nil {
			return nil, err
		}
	}
	return raw, nil
}

// expandPath expands the references at path in the JSON value raw: in each element of an array,
// in the field path[0] of an object, or the object itself at the end of the path.
func expandPath(l *lookup, c Caller, raw []byte, path []string) ([]byte, error) {
	if len(raw) == 0 {
		return raw, nil
	}
	switch raw[0] {
	case '[':
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, err
		}
		out := []byte{'['}
		for i, item := range items {
			e, err := expandPath(l, c, item, path)
			if err != nil {
				return nil, err
			}
			if i > 0 {
				out = append(out, ',')
			}
			out = append(out, e...)
		}
		return append(out, ']'), nil
	case '{':
		if len(path) == 0 {
			return expandReference(l, c, raw)
		}
		if path[0] == "*" {
			return raw, nil
		}
		start, end, err := fieldSpan(raw, path[0])
		if err == nil && start < 0 {
			// A reference's object holds the rest of the path: quoteRequest.customer expands the
			// quote request, then the customer in quoteRequest.obj.
			if start, _, err = fieldSpan(raw, "obj"); err == nil && start < 0 {
				raw, err = expandReference(l, c, raw)
			}
			if err != nil {
				return nil, err
			}
			start, end, err = fieldSpan(raw, "obj")
			if err != nil || start < 0 {
				return raw, err
			}
			v, err := expandPath(l, c, raw[start:end], path)
			if err != nil {
				return nil, err
			}
			return splice(raw, start, end, v), nil
		}
		if err != nil {
			return raw, err
		}
		rest := path[1:]
		if len(rest) > 0 && rest[0] == "*" {
			rest = rest[1:]
		}
		v, err := expandPath(l, c, raw[start:end], rest)
		if err != nil {
			return nil, err
		}
		return splice(raw, start, end, v), nil
	}
	return raw, nil
}

// expansionAllowed: an API client expands what its scopes let it view (an approval flow's order,
// a quote's request and staged quote, a staged quote's quotation cart); a customer expands their
// own record, roles, stores and categories, but no colleague's record, no business unit (which
// lists its associates) and no cart, order or quote (whose access is decided per unit).
func expansionAllowed(c Caller, typ, id string) bool {
	if c.CustomerID != "" {
		// a discount code is reached only from a cart or order the customer reads, which holds it
		return typ == procura.TypeCustomer && id == c.CustomerID || typ == procura.TypeAssociateRole || typ == procura.TypeStore ||
			typ == procura.TypeCategory || typ == procura.TypeDiscountCode
	}
	scope := viewScopes[typ]
	return scope != "" && c.Scopes.Allows(scope, c.ProjectKey)
}

// viewScopes names the scope that lets a client read each expandable type.
var viewScopes = map[string]string{procura.TypeCustomer: "view_customers", procura.TypeAssociateRole: "view_associate_roles",
	procura.TypeStore: "view_stores", procura.TypeBusinessUnit: "view_business_units", procura.TypeCategory: "view_categories",
	procura.TypeCart: "view_orders", procura.TypeOrder: "view_orders", procura.TypeQuoteRequest: "view_quote_requests",
	procura.TypeStagedQuote: "view_staged_quotes", procura.TypeQuote: "view_quotes", procura.TypeType: "view_types",
	procura.TypeState: "view_states", procura.TypePayment: "view_payments",
	procura.TypeZone: "view_shipping_methods", procura.TypeShippingMethod: "view_shipping_methods", procura.TypeTaxCategory: "view_tax_categories",
	procura.TypeCartDiscount: "view_cart_discounts", procura.TypeDiscountCode: "view_discount_codes"}

// expandReference returns the reference ref with the resource it names in its "obj". A
// reference with an id is resolved by its id alone: a key beside it (which a customer may have
// written into their own record's custom fields, next to their own id) is never followed. A key
// names only a reference without an id. Either way the permission is decided on the document
// loaded.
func expandReference(l *lookup, c Caller, ref []byte) ([]byte, error) {
	var named struct {
		TypeID string `json:"typeId"`
		ID     string `json:"id"`
		Key    string `json:"key"`
	}
	if json.Unmarshal(ref, &named) != nil {
		return ref, nil // not a reference
	}
	r := Ref{ID: named.ID}
	if named.ID == "" {
		if named.Key == "" {
			return ref, nil
		}
		r = Ref{Key: named.Key}
	}
	var obj []byte
	var doc *store.Doc
	var err error
	switch named.TypeID {
	case procura.TypeCustomer:
		var sc *storedCustomer
		if sc, doc, err = customerKind.load(l, r); err == nil {
			obj, err = json.Marshal(&sc.Customer)
		}
	case procura.TypeAssociateRole:
		if doc, err = getDoc(l.docs, procura.TypeAssociateRole, r); err == nil {
			obj = doc.Data
		}
	case procura.TypeStore, procura.TypeCategory, procura.TypeCart, procura.TypeOrder, procura.TypeQuoteRequest,
		procura.TypeStagedQuote, procura.TypeQuote, procura.TypeType, procura.TypeZone, procura.TypeShippingMethod, procura.TypeTaxCategory,
		procura.TypeCartDiscount, procura.TypeDiscountCode, procura.TypePayment:
		// Stored as answered: a cart, order or quote is read whole by its view scope.
		if doc, err = getDoc(l.docs, named.TypeID, r); err == nil {
			obj = doc.Data
		}
	case procura.TypeBusinessUnit:
		var u *procura.BusinessUnit
		if u, doc, err = unitKind.load(l, r); err == nil {
			obj, err = json.Marshal(u)
		}
	default:
		return ref, nil
	}
	if procura.ErrorCode(err) == procura.CodeResourceNotFound {
		return ref, nil
	}
	if err != nil {
		return nil, err
	}
	if !expansionAllowed(c, named.TypeID, doc.ID) {
		return ref, nil
	}
	return withField(ref, "obj", obj)
}
