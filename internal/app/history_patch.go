package app

import (
	"bytes"
	"encoding/json"
	"slices"
)

// versionFields are the fields every change changes, which a record holds apart.
var versionFields = []string{"version", "lastModifiedAt"}

// mergePatch returns the JSON merge patch (RFC 7396) that turns a resource before its first
// write into the resource after its last, without the private fields and the version fields; nil
// when nothing else changed. A resource created has no state before: the patch is the whole of
// it, as stored (its version fields too), without its private fields.
func mergePatch(first, last *docWrite, private []string) (json.RawMessage, error) {
	if first.before == nil {
		if len(private) == 0 {
			return last.after, nil
		}
		return withoutFields(last.after, private...)
	}
	patch, changed, err := diffMembers(first.beforeFields(), last.afterFields(), append(slices.Clip(private), versionFields...))
	if err != nil || !changed {
		return nil, err
	}
	return patch, nil
}

// diffMembers returns the merge patch from the object of members b to that of members a, and
// whether there is one, leaving out the members skip names: a removed member is null, a changed
// member that is an object on both sides is diffed in turn, any other changed member is whole.
// Members are compared as the JSON they are stored as, which one encoder wrote on both sides.
func diffMembers(b, a map[string]json.RawMessage, skip []string) (json.RawMessage, bool, error) {
	patch := map[string]json.RawMessage{}
	for k := range b {
		if _, ok := a[k]; !ok && !slices.Contains(skip, k) {
			patch[k] = json.RawMessage("null")
		}
	}
	for k, av := range a {
		bv, ok := b[k]
		switch {
		case slices.Contains(skip, k), ok && bytes.Equal(bv, av):
		case !ok:
			patch[k] = av
		case isObject(bv) && isObject(av):
			p, changed, err := diffMembers(fields(bv), fields(av), nil)
			if err != nil {
				return nil, false, err
			}
			if changed {
				patch[k] = p
			}
		default:
			patch[k] = av
		}
	}
	if len(patch) == 0 {
		return nil, false, nil
	}
	return appendObject(nil, patch), true, nil
}

// isObject reports whether a JSON value is an object.
func isObject(v json.RawMessage) bool {
	v = bytes.TrimLeft(v, " \t\r\n")
	return len(v) > 0 && v[0] == '{'
}
