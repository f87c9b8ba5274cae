// Package refshape checks an answer of the API against the shape the commercetools API reference
// gives its type: every field the reference marks required is there, and every field that is
// there has the reference's JSON type (an array is an array, never null). Fields the reference
// does not know (Procura's documented extensions) are not judged.
//
// The reference's types are derived once from its RAML files by ./gen into
// reference-types.json, which records the reference's commit.
package refshape

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Types is the derived reference: every data type by name.
type Types struct {
	Source string           `json:"source"`
	Types  map[string]*Type `json:"types"`
}

// Type is one RAML data type: its base type (another type, a built-in such as "string" or
// "object", or a union "A | B"), the discriminator it declares, the discriminator value that
// selects it, and its own properties (a name beginning with "/" is a pattern for a map's keys).
type Type struct {
	Base          string           `json:"base,omitempty"`
	Discriminator string           `json:"discriminator,omitempty"`
	Value         string           `json:"value,omitempty"`
	Props         map[string]*Prop `json:"props,omitempty"`
}

// Prop is one property: its type expression ("Address", "string[]", "A | B") and whether the
// reference requires it.
type Prop struct {
	Type     string `json:"type"`
	Required bool   `json:"required,omitempty"`
}

//go:embed reference-types.json
var referenceJSON []byte

var (
	loadOnce  sync.Once
	reference *Types
	loadErr   error
)

// alwaysReturned are fields the reference leaves optional but commercetools returns in every
// answer (as [] when empty), and storefronts built on it read without a guard (the B2B Store
// Launchpad maps a line item's variant.assets and a quote request's itemShippingAddresses so).
// The check requires them too.
var alwaysReturned = map[string][]string{
	"ProductVariant": {"prices", "images", "attributes", "assets"},
	"QuoteRequest":   {"itemShippingAddresses"},
	"Quote":          {"itemShippingAddresses"},
}

// Reference is the embedded reference, with alwaysReturned required.
func Reference() (*Types, error) {
	loadOnce.Do(func() {
		reference = &Types{}
		if loadErr = json.Unmarshal(referenceJSON, reference); loadErr != nil {
			return
		}
		for typ, fields := range alwaysReturned {
			for _, f := range fields {
				p := reference.Types[typ].Props[f]
				if p == nil {
					loadErr = fmt.Errorf("refshape: the reference's %s has no field %s", typ, f)
					return
				}
				p.Required = true
			}
		}
	})
	return reference, loadErr
}

// Check compares a JSON answer with the reference type named typ and returns one line per
// difference, each naming the JSON path; none when the answer has the reference's shape.
func (ts *Types) Check(typ string, answer []byte) []string {
	var v any
	if err := json.Unmarshal(answer, &v); err != nil {
		return []string{"not JSON: " + err.Error()}
	}
	if ts.Types[typ] == nil {
		return []string{"the reference has no type " + typ}
	}
	c := &checker{ts: ts}
	c.value(v, typ, "$")
	sort.Strings(c.problems)
	return c.problems
}

type checker struct {
	ts       *Types
	problems []string
}

func (c *checker) fail(path, format string, args ...any) {
	c.problems = append(c.problems, path+": "+fmt.Sprintf(format, args...))
}

// value checks v against a type expression.
func (c *checker) value(v any, expr, path string) {
	expr = strings.TrimSpace(expr)
	if elem, ok := strings.CutSuffix(expr, "[]"); ok {
		items, isArray := v.([]any)
		if !isArray {
			c.fail(path, "want an array of %s, got %s", elem, jsonType(v))
			return
		}
		for i, item := range items {
			c.value(item, elem, fmt.Sprintf("%s[%d]", path, i))
		}
		return
	}
	if strings.Contains(expr, "|") {
		c.union(v, strings.Split(expr, "|"), path)
		return
	}
	if want, builtin := builtins[expr]; builtin {
		if want != "" && jsonType(v) != want {
			c.fail(path, "want %s (%s), got %s", want, expr, jsonType(v))
		}
		return
	}
	t := c.ts.Types[expr]
	if t == nil {
		return // a type the derived reference lacks: nothing to judge
	}
	if root := c.root(expr); root != "object" {
		c.value(v, root, path)
		return
	}
	obj, ok := v.(map[string]any)
	if !ok {
		c.fail(path, "want an object (%s), got %s", expr, jsonType(v))
		return
	}
	c.object(obj, c.concrete(expr, obj), path)
}

// union accepts v when one of the alternatives accepts it, and reports the first alternative's
// problems otherwise.
func (c *checker) union(v any, alternatives []string, path string) {
	var first []string
	for i, alt := range alternatives {
		sub := &checker{ts: c.ts}
		sub.value(v, alt, path)
		if len(sub.problems) == 0 {
			return
		}
		if i == 0 {
			first = sub.problems
		}
	}
	c.problems = append(c.problems, first...)
}

// object checks an object's properties against typ and its base types.
func (c *checker) object(obj map[string]any, typ, path string) {
	props := c.props(typ)
	var patterns []*Prop
	for name, p := range props {
		if strings.HasPrefix(name, "/") {
			patterns = append(patterns, p)
			continue
		}
		v, present := obj[name]
		switch {
		case !present && p.Required:
			c.fail(path+"."+name, "missing (required by %s)", typ)
		case present && v == nil && p.Required:
			c.fail(path+"."+name, "null (required by %s)", typ)
		case present && v != nil:
			c.value(v, p.Type, path+"."+name)
		}
	}
	if len(patterns) == 1 {
		for name, v := range obj {
			if _, named := props[name]; !named {
				c.value(v, patterns[0].Type, path+"."+name)
			}
		}
	}
}

// props collects a type's properties with its bases', the type's own winning.
func (c *checker) props(typ string) map[string]*Prop {
	all := map[string]*Prop{}
	for name := typ; ; {
		t := c.ts.Types[name]
		if t == nil {
			return all
		}
		for k, p := range t.Props {
			if _, seen := all[k]; !seen {
				all[k] = p
			}
		}
		name = t.Base
	}
}

// root follows a type's bases to the built-in it rests on.
func (c *checker) root(typ string) string {
	for seen := 0; seen < 32; seen++ {
		t := c.ts.Types[typ]
		if t == nil {
			if _, builtin := builtins[typ]; builtin {
				return typ
			}
			return "any"
		}
		if t.Base == "" {
			return "object"
		}
		if strings.Contains(t.Base, "|") {
			return "any"
		}
		typ = t.Base
	}
	return "any"
}

// concrete picks, for a type with a discriminator, the subtype the object's discriminator value
// selects, e.g. CustomerReference for a Reference with "typeId": "customer".
func (c *checker) concrete(typ string, obj map[string]any) string {
	disc := ""
	for name := typ; name != "" && disc == ""; {
		t := c.ts.Types[name]
		if t == nil {
			break
		}
		disc, name = t.Discriminator, t.Base
	}
	value, ok := obj[disc].(string)
	if disc == "" || !ok {
		return typ
	}
	for name, t := range c.ts.Types {
		if t.Value == value && c.extends(name, typ) {
			return name
		}
	}
	return typ
}

// extends says whether sub is typ or has it among its bases.
func (c *checker) extends(sub, typ string) bool {
	for seen := 0; sub != "" && seen < 32; seen++ {
		if sub == typ {
			return true
		}
		t := c.ts.Types[sub]
		if t == nil {
			return false
		}
		sub = t.Base
	}
	return false
}

// builtins maps RAML's built-in types to the JSON type they are written as ("" = any).
var builtins = map[string]string{
	"string": "string", "datetime": "string", "date-only": "string", "time-only": "string",
	"number": "number", "integer": "number", "boolean": "boolean",
	"object": "object", "any": "", "file": "",
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}
