package app

import (
	"bytes"
	"encoding/json"
)

// Stored documents are answered as they are; these edit a JSON object in place of a decode and
// encode: what expansion adds, and what must not leave the server (a customer's password hash).

// fieldSpan finds the value of field name in the JSON object obj: obj[start:end] (start -1
// when it has none).
func fieldSpan(obj []byte, name string) (start, end int, err error) {
	dec := json.NewDecoder(bytes.NewReader(obj))
	if _, err := dec.Token(); err != nil { // {
		return -1, -1, err
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return -1, -1, err
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return -1, -1, err
		}
		if key == name {
			end := int(dec.InputOffset())
			return end - len(v), end, nil
		}
	}
	return -1, -1, nil
}

// splice returns raw with raw[start:end] replaced by v.
func splice(raw []byte, start, end int, v []byte) []byte {
	out := make([]byte, 0, len(raw)-(end-start)+len(v))
	out = append(out, raw[:start]...)
	out = append(out, v...)
	return append(out, raw[end:]...)
}

// withField returns the JSON object obj with field name set to v.
func withField(obj []byte, name string, v []byte) ([]byte, error) {
	start, end, err := fieldSpan(obj, name)
	if err != nil {
		return nil, err
	}
	if start >= 0 {
		return splice(obj, start, end, v), nil
	}
	last := bytes.LastIndexByte(obj, '}')
	head := bytes.TrimRight(obj[:last], " \t\r\n")
	field, _ := json.Marshal(name)
	out := append([]byte{}, head...)
	if head[len(head)-1] != '{' {
		out = append(out, ',')
	}
	out = append(append(append(out, field...), ':'), v...)
	return append(out, '}'), nil
}

// withoutFields returns the JSON object obj without the fields names (and their values).
func withoutFields(obj []byte, names ...string) ([]byte, error) {
	for _, name := range names {
		var err error
		if obj, err = withoutField(obj, name); err != nil {
			return nil, err
		}
	}
	return obj, nil
}

func withoutField(obj []byte, name string) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(obj))
	if _, err := dec.Token(); err != nil { // {
		return nil, err
	}
	prevEnd := int(dec.InputOffset()) // the end of the previous member, or of "{"
	for first := true; dec.More(); first = false {
		key, err := dec.Token()
		if err != nil {
			return nil, err
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		end := int(dec.InputOffset())
		if key != name {
			prevEnd = end
			continue
		}
		if !first || !dec.More() { // ,"name":value (or the only member): from the previous end
			return splice(obj, prevEnd, end, nil), nil
		}
		// the first of several: through the comma after it
		comma := end + bytes.IndexByte(obj[end:], ',') + 1
		return splice(obj, prevEnd, comma, nil), nil
	}
	return obj, nil
}
