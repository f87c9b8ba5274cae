package procura

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// Strict decoding. encoding/json matches object keys case-insensitively and lets the last of two
// equal keys win, so a proxy and Procura could read one body differently. checkShape walks the
// tokens of a body against the Go type it is decoded into, before json.Unmarshal runs, and
// refuses: a key that is not a field of the type in exactly that case, a key given twice, and a
// value of the wrong JSON kind. Every error names the path of the offending value
// ("approvers.tiers[0].and[0]", "actions[2].quantity").

// shapeError reports well-formed JSON of the wrong shape at path. The code stays InvalidJsonInput
// (the reference's code for a body that "does not conform to the expected shape"); the message
// names the path instead of claiming the JSON is invalid (docs/decisions/0003).
func shapeError(path, detail string) *Error {
	msg := detail
	if path != "" {
		msg = path + ": " + detail
	}
	e := newError(CodeInvalidJSONInput, msg, "detailedErrorMessage", msg)
	e.jsonPath, e.jsonDetail = path, detail
	return e
}

// AtAction returns err with the path "actions…" of a shape error made concrete as
// "actions[i]…", so that the error of the third action says "actions[2].quantity". Other errors
// are returned as they are.
func AtAction(i int, err error) error {
	var e *Error
	if !errors.As(err, &e) || !strings.HasPrefix(e.jsonPath, "actions") || strings.HasPrefix(e.jsonPath, "actions[") {
		return err
	}
	return shapeError(fmt.Sprintf("actions[%d]%s", i, strings.TrimPrefix(e.jsonPath, "actions")), e.jsonDetail)
}

func malformed(err error) *Error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return InvalidJSON(fmt.Sprintf("malformed JSON at offset %d: %s", se.Offset, se.Error()))
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return InvalidJSON("unexpected end of JSON input")
	}
	return InvalidJSON(err.Error())
}

// decodeStrict checks data against v's type (see above), then decodes it. path prefixes the
// paths of errors.
func decodeStrict(data []byte, v any, path string) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := checkShape(dec, reflect.TypeOf(v), path); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		if err != nil {
			return malformed(err)
		}
		return InvalidJSON("unexpected data after the JSON value")
	}
	if err := json.Unmarshal(data, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return shapeError(joinPath(path, te.Field), "expected "+kindName(te.Type)+", got "+te.Value)
		}
		return shapeError(path, err.Error())
	}
	return nil
}

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	rawMessage      = reflect.TypeFor[json.RawMessage]()
)

// checkShape reads one value from dec and checks it against t (nil: any value).
func checkShape(dec *json.Decoder, t reflect.Type, path string) error {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t != nil && (t == rawMessage || t.Kind() == reflect.Interface || reflect.PointerTo(t).Implements(jsonUnmarshaler)) {
		t = nil // the type decodes itself: only the JSON's own rules (no duplicate keys) apply
	}
	tok, err := dec.Token()
	if err != nil {
		return malformed(err)
	}
	switch tok := tok.(type) {
	case nil:
		return nil // null leaves any Go value as it is
	case json.Delim:
		if tok == '[' {
			return checkArray(dec, t, path)
		}
		return checkObject(dec, t, path)
	case string:
		if t == nil || t.Kind() == reflect.String || reflect.PointerTo(t).Implements(textUnmarshaler) ||
			t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 {
			return nil
		}
	case bool:
		if t == nil || t.Kind() == reflect.Bool {
			return nil
		}
	case json.Number:
		if t == nil {
			return nil
		}
		switch t.Kind() {
		case reflect.Float32, reflect.Float64:
			return nil
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			if _, err := strconv.ParseInt(tok.String(), 10, t.Bits()); err != nil {
				return shapeError(path, "expected an integer, got "+tok.String())
			}
			return nil
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			if _, err := strconv.ParseUint(tok.String(), 10, t.Bits()); err != nil {
				return shapeError(path, "expected a non-negative integer, got "+tok.String())
			}
			return nil
		}
	}
	return shapeError(path, "expected "+kindName(t)+", got "+tokenName(tok))
}

func checkArray(dec *json.Decoder, t reflect.Type, path string) error {
	var elem reflect.Type
	if t != nil {
		if t.Kind() != reflect.Slice && t.Kind() != reflect.Array {
			return shapeError(path, "expected "+kindName(t)+", got an array")
		}
		elem = t.Elem()
	}
	for i := 0; dec.More(); i++ {
		if err := checkShape(dec, elem, fmt.Sprintf("%s[%d]", path, i)); err != nil {
			return err
		}
	}
	_, err := dec.Token() // ]
	if err != nil {
		return malformed(err)
	}
	return nil
}

func checkObject(dec *json.Decoder, t reflect.Type, path string) error {
	var fields map[string]reflect.Type
	var elem reflect.Type
	if t != nil {
		switch t.Kind() {
		case reflect.Struct:
			fields = jsonFields(t)
		case reflect.Map:
			elem = t.Elem()
		default:
			return shapeError(path, "expected "+kindName(t)+", got an object")
		}
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return malformed(err)
		}
		key := tok.(string)
		if seen[key] {
			return shapeError(path, fmt.Sprintf("duplicate field %q", key))
		}
		seen[key] = true
		vt := elem
		if fields != nil {
			ft, ok := fields[key]
			if !ok {
				for name := range fields {
					if strings.EqualFold(name, key) {
						return shapeError(path, fmt.Sprintf("unknown field %q (field names are case-sensitive: %q)", key, name))
					}
				}
				return shapeError(path, fmt.Sprintf("unknown field %q", key))
			}
			vt = ft
		}
		if err := checkShape(dec, vt, joinPath(path, key)); err != nil {
			return err
		}
	}
	_, err := dec.Token() // }
	if err != nil {
		return malformed(err)
	}
	return nil
}

var fieldCache sync.Map // reflect.Type -> map[string]reflect.Type

// jsonFields returns the JSON names of a struct's fields, as encoding/json sees them (embedded
// structs' fields promoted, the shallower one winning), with their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	if f, ok := fieldCache.Load(t); ok {
		return f.(map[string]reflect.Type)
	}
	fields := map[string]reflect.Type{}
	addFields(t, fields, map[reflect.Type]bool{})
	fieldCache.Store(t, fields)
	return fields
}

func addFields(t reflect.Type, fields map[string]reflect.Type, visited map[reflect.Type]bool) {
	if visited[t] {
		return
	}
	visited[t] = true
	var embedded []reflect.Type
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		ft := f.Type
		if f.Anonymous && name == "" {
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				embedded = append(embedded, ft)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if _, ok := fields[name]; !ok {
			fields[name] = f.Type
		}
	}
	for _, e := range embedded {
		addFields(e, fields, visited)
	}
}

func joinPath(path, key string) string {
	if path == "" || key == "" {
		return path + key
	}
	return path + "." + key
}

func kindName(t reflect.Type) string {
	if t == nil {
		return "a value"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "a " + t.String()
}

func tokenName(tok json.Token) string {
	switch tok.(type) {
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	}
	return fmt.Sprint(tok)
}
