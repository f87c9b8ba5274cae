package openapi

import (
	"slices"
	"strings"
)

// The types' JSON Schemas (OpenAPI 3.1's dialect is JSON Schema 2020-12), judging as
// refshape's checker does: required fields are there, present fields have their type, objects
// are open (a field the reference does not know is not judged), and a type with a discriminator
// is judged as the subtype the discriminator's value selects.

const schemaRef = "#/components/schemas/"

// schemas returns the schema of every type the operations use, and of every type those reach.
func (b *builder) schemas() map[string]any {
	out := map[string]any{}
	queue := make([]string, 0, len(b.used))
	for name := range b.used {
		queue = append(queue, name)
	}
	for len(queue) > 0 {
		name := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		if _, done := out[name]; done {
			continue
		}
		s, refs := b.schema(name)
		out[name] = s
		for _, r := range refs {
			if _, done := out[r]; !done {
				queue = append(queue, r)
			}
		}
	}
	return out
}

// schema is one type's schema, and the types it names.
func (b *builder) schema(name string) (map[string]any, []string) {
	ts := b.types
	var refs []string
	expr := func(e string) map[string]any {
		s, r := b.expr(e)
		refs = append(refs, r...)
		return s
	}
	var s map[string]any
	switch root := ts.root(name); root {
	case "object":
		s = b.object(name, expr)
	case "union":
		s = expr(ts.all[name].Base)
	default:
		s = builtin(root)
	}
	if ts.ext[name] {
		s["x-procura-extension"] = true
	}
	return s, refs
}

// object is a structure's schema: its properties with its bases', the required ones, a map's
// values (a property named by a pattern), and the subtypes its discriminator selects.
func (b *builder) object(name string, expr func(string) map[string]any) map[string]any {
	props, ext := b.types.props(name)
	s := map[string]any{"type": "object"}
	properties := map[string]any{}
	var required, patterns []string
	for p, prop := range props {
		if strings.HasPrefix(p, "/") {
			patterns = append(patterns, p)
			continue
		}
		ps := expr(prop.Type) // a new map: marking it marks this property alone
		if ext[p] {
			ps["x-procura-extension"] = true
		}
		properties[p] = ps
		if prop.Required {
			required = append(required, p)
		}
	}
	if len(properties) > 0 {
		s["properties"] = properties
	}
	if len(required) > 0 {
		slices.Sort(required)
		s["required"] = required
	}
	if len(patterns) == 1 {
		s["additionalProperties"] = expr(props[patterns[0]].Type)
	}
	disc := b.types.discriminator(name)
	subs := b.types.subtypes(name)
	if disc == "" || len(subs) == 0 {
		return s
	}
	values := make([]string, 0, len(subs))
	for v := range subs {
		values = append(values, v)
	}
	slices.Sort(values)
	var cases []any
	for _, v := range values {
		var then any
		if len(subs[v]) == 1 {
			then = expr(subs[v][0])
		} else { // the reference's key references share their values with the references
			var alts []any
			for _, sub := range subs[v] {
				alts = append(alts, expr(sub))
			}
			then = map[string]any{"anyOf": alts}
		}
		cases = append(cases, map[string]any{
			"if":   map[string]any{"properties": map[string]any{disc: map[string]any{"const": v}}, "required": []any{disc}},
			"then": then,
		})
	}
	s["allOf"] = cases
	return s
}

// expr is the schema of a type expression ("Address", "string[]", "A | B"), and the types it
// names.
func (b *builder) expr(e string) (map[string]any, []string) {
	e = strings.TrimSpace(e)
	if elem, ok := strings.CutSuffix(e, "[]"); ok {
		items, refs := b.expr(elem)
		return map[string]any{"type": "array", "items": items}, refs
	}
	if strings.Contains(e, "|") {
		var alts []any
		var refs []string
		for _, alt := range strings.Split(e, "|") {
			if strings.TrimSpace(alt) == "" {
				return map[string]any{}, nil // an open alternative: anything
			}
			s, r := b.expr(alt)
			alts, refs = append(alts, s), append(refs, r...)
		}
		return map[string]any{"anyOf": alts}, refs
	}
	if _, ok := builtins[e]; ok {
		return builtin(e), nil
	}
	if b.types.all[e] == nil {
		return map[string]any{}, nil // a type the derived reference lacks: not judged
	}
	return map[string]any{"$ref": schemaRef + e}, []string{e}
}

// builtins are RAML's built-in types as JSON Schemas.
var builtins = map[string]map[string]any{
	"string":    {"type": "string"},
	"datetime":  {"type": "string", "format": "date-time"},
	"date-only": {"type": "string", "format": "date"},
	"time-only": {"type": "string"},
	"number":    {"type": "number"},
	"integer":   {"type": "integer"},
	"boolean":   {"type": "boolean"},
	"object":    {"type": "object"},
	"any":       {},
	"file":      {},
}

func builtin(name string) map[string]any {
	out := map[string]any{}
	for k, v := range builtins[name] {
		out[k] = v
	}
	return out
}
