package app

import (
	"context"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// ToMap turns a resource into a JSON object.
func ToMap(v any) (map[string]any, error) { return toMap(v) }

// Expand fills "obj" into the references of m that the expansion paths name, such as
// "associates[*].customer". References to unknown resources, to resources the caller could not
// read by themselves (expansionAllowed), and paths that lead nowhere, are left as they are.
func (a *App) Expand(ctx context.Context, c Caller, m map[string]any, paths []string) error {
	if len(paths) == 0 {
		return nil
	}
	return a.read(ctx, c.ProjectKey, func(l *lookup) error {
		for _, p := range paths {
			if err := expandPath(l, c, m, strings.Split(strings.ReplaceAll(p, "[*]", ".*"), ".")); err != nil {
				return err
			}
		}
		return nil
	})
}

func expandPath(l *lookup, c Caller, v any, path []string) error {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			if err := expandPath(l, c, e, path); err != nil {
				return err
			}
		}
	case map[string]any:
		if len(path) == 0 {
			return expandReference(l, c, x)
		}
		if path[0] == "*" {
			return nil
		}
		next := x[path[0]]
		rest := path[1:]
		if len(rest) > 0 && rest[0] == "*" {
			rest = rest[1:]
		}
		return expandPath(l, c, next, rest)
	}
	return nil
}

// expansionAllowed: an API client expands what its scopes let it view; a customer expands their
// own record, roles and stores, but no colleague's record and no business unit (which lists
// its associates).
func expansionAllowed(c Caller, typ, id string) bool {
	if c.CustomerID != "" {
		return typ == procura.TypeCustomer && id == c.CustomerID || typ == procura.TypeAssociateRole || typ == procura.TypeStore
	}
	scope := viewScopes[typ]
	return scope != "" && c.Scopes.Allows(scope, c.ProjectKey)
}

// viewScopes names the scope that lets a client read each expandable type.
var viewScopes = map[string]string{procura.TypeCustomer: "view_customers", procura.TypeAssociateRole: "view_associate_roles",
	procura.TypeStore: "view_stores", procura.TypeBusinessUnit: "view_business_units"}

// expandReference loads the resource a reference names into its "obj". A reference with an id
// is resolved by its id alone: a key beside it (which a customer may have written into their
// own record's custom fields, next to their own id) is never followed. A key names only a
// reference without an id. Either way the permission is decided on the document loaded.
func expandReference(l *lookup, c Caller, ref map[string]any) error {
	typ, _ := ref["typeId"].(string)
	id, _ := ref["id"].(string)
	key, _ := ref["key"].(string)
	r := Ref{ID: id}
	if id == "" {
		if key == "" {
			return nil
		}
		r = Ref{Key: key}
	}
	var v any
	var doc *store.Doc
	var err error
	switch typ {
	case procura.TypeCustomer:
		var sc *storedCustomer
		sc, doc, err = customerKind.load(l, r)
		if sc != nil {
			v = &sc.Customer
		}
	case procura.TypeAssociateRole:
		v, doc, err = roleKind.load(l, r)
	case procura.TypeStore:
		v, doc, err = storeKind.load(l, r)
	case procura.TypeBusinessUnit:
		v, doc, err = unitKind.load(l, r)
	default:
		return nil
	}
	if procura.ErrorCode(err) == procura.CodeResourceNotFound {
		return nil
	}
	if err != nil {
		return err
	}
	if !expansionAllowed(c, typ, doc.ID) {
		return nil
	}
	obj, err := toMap(v)
	if err != nil {
		return err
	}
	ref["obj"] = obj
	return nil
}
