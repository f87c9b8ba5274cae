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
// "associates[*].customer". References to unknown resources, and paths that lead nowhere, are
// left as they are.
func (a *App) Expand(ctx context.Context, c Caller, m map[string]any, paths []string) error {
	if len(paths) == 0 {
		return nil
	}
	return a.read(ctx, c.ProjectKey, func(_ store.Tx, d store.Docs) error {
		l := &lookup{docs: d}
		for _, p := range paths {
			if err := expandPath(l, m, strings.Split(strings.ReplaceAll(p, "[*]", ".*"), ".")); err != nil {
				return err
			}
		}
		return nil
	})
}

func expandPath(l *lookup, v any, path []string) error {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			if err := expandPath(l, e, path); err != nil {
				return err
			}
		}
	case map[string]any:
		if len(path) == 0 {
			return expandReference(l, x)
		}
		if path[0] == "*" {
			return nil
		}
		next := x[path[0]]
		rest := path[1:]
		if len(rest) > 0 && rest[0] == "*" {
			rest = rest[1:]
		}
		return expandPath(l, next, rest)
	}
	return nil
}

// expandReference loads the resource a reference names into its "obj".
func expandReference(l *lookup, ref map[string]any) error {
	typ, _ := ref["typeId"].(string)
	id, _ := ref["id"].(string)
	key, _ := ref["key"].(string)
	r := Ref{ID: id, Key: key}
	var v any
	var err error
	switch typ {
	case procura.TypeCustomer:
		var sc *storedCustomer
		sc, _, err = customerKind.load(l, r)
		if sc != nil {
			v = &sc.Customer
		}
	case procura.TypeAssociateRole:
		v, _, err = roleKind.load(l, r)
	case procura.TypeStore:
		v, _, err = storeKind.load(l, r)
	case procura.TypeBusinessUnit:
		v, _, err = unitKind.load(l, r)
	default:
		return nil
	}
	if procura.ErrorCode(err) == procura.CodeResourceNotFound {
		return nil
	}
	if err != nil {
		return err
	}
	obj, err := toMap(v)
	if err != nil {
		return err
	}
	ref["obj"] = obj
	return nil
}
