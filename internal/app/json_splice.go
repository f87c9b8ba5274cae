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
	start, end = -1, -1
	err = eachMember(obj, func(m member) bool {
		if m.name() != name {
			return true
		}
		start, end = m.start, m.end
		return false
	})
	return start, end, err
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
	prevEnd := -1 // the end of the member before it
	var found *member
	err := eachMember(obj, func(m member) bool {
		if m.name() == name {
			found = &m
			return false
		}
		prevEnd = m.end
		return true
	})
	switch {
	case err != nil:
		return nil, err
	case found == nil:
		return obj, nil
	case prevEnd >= 0: // ,"name":value
		return splice(obj, prevEnd, found.end, nil), nil
	}
	// the first member: through the comma after it when others follow
	start, end := bytes.IndexByte(obj, '{')+1, skipSpace(obj, found.end)
	if end < len(obj) && obj[end] == ',' {
		return splice(obj, start, end+1, nil), nil
	}
	return splice(obj, start, found.end, nil), nil
}
