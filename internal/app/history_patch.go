package app

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
)

// versionFields are the fields every change changes, which a record holds apart.
var versionFields = []string{"version", "lastModifiedAt"}

// mergePatch returns the JSON merge patch (RFC 7396) that turns the object before into after
// (before nil: the whole of after, as stored), without the private fields and the version fields;
// nil when nothing else changed.
func mergePatch(before, after []byte, private []string) (json.RawMessage, error) {
	if before == nil {
		return withoutFields(after, append(slices.Clip(private), versionFields...)...)
	}
	var b, a map[string]any
	if err := decodeNumbers(before, &b); err != nil {
		return nil, err
	}
	if err := decodeNumbers(after, &a); err != nil {
		return nil, err
	}
	for _, fields := range [][]string{private, versionFields} {
		for _, f := range fields {
			delete(a, f)
			delete(b, f)
		}
	}
	patch, changed := diffValues(b, a)
	if !changed {
		return nil, nil
	}
	return json.Marshal(patch)
}

func decodeNumbers(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return dec.Decode(v)
}

// diffValues returns the merge patch from b to a, and whether there is one: objects member by
// member (a removed member is null), any other value whole.
func diffValues(b, a any) (any, bool) {
	bm, bok := b.(map[string]any)
	am, aok := a.(map[string]any)
	if !bok || !aok {
		return a, !reflect.DeepEqual(b, a)
	}
	patch := map[string]any{}
	for k := range bm {
		if _, ok := am[k]; !ok {
			patch[k] = nil
		}
	}
	for k, av := range am {
		bv, ok := bm[k]
		if !ok {
			patch[k] = av
		} else if p, changed := diffValues(bv, av); changed {
			patch[k] = p
		}
	}
	return patch, len(patch) > 0
}
