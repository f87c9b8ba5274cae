package app

import (
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"unicode/utf8"
)

// Stored documents were written by one JSON encoder, so their members can be found by a scan that
// only follows the JSON's structure (strings, nesting) instead of decoding them: that is what
// the write path does for each change it records (history.go, messages.go), and what answers do
// when they edit a stored document (json_splice.go). A scan of what is no JSON object never
// reads out of bounds and mostly reports errNotObject, but it does not check everything a
// decoder checks (a misspelt literal passes): it is for JSON an encoder wrote.

var errNotObject = errors.New("not a JSON object")

// member is one member of a JSON object: its key's JSON (quoted, as written) and the span of
// its value, obj[start:end].
type member struct {
	key        []byte
	start, end int
}

// name is the member's key, unquoted.
func (m member) name() string {
	k := m.key[1 : len(m.key)-1]
	if slices.Contains(k, '\\') || !utf8.Valid(k) {
		var s string
		_ = json.Unmarshal(m.key, &s)
		return s
	}
	return string(k)
}

// eachMember calls fn with each member of the JSON object obj, in order, until fn returns false.
func eachMember(obj []byte, fn func(m member) bool) error {
	i := skipSpace(obj, 0)
	if i >= len(obj) || obj[i] != '{' {
		return errNotObject
	}
	i = skipSpace(obj, i+1)
	if i < len(obj) && obj[i] == '}' {
		return nil
	}
	for i < len(obj) {
		if obj[i] != '"' {
			return errNotObject
		}
		keyEnd := skipString(obj, i)
		if keyEnd < 0 {
			return errNotObject
		}
		j := skipSpace(obj, keyEnd)
		if j >= len(obj) || obj[j] != ':' {
			return errNotObject
		}
		start := skipSpace(obj, j+1)
		end := skipValue(obj, start)
		if end < 0 {
			return errNotObject
		}
		if !fn(member{key: obj[i:keyEnd], start: start, end: end}) {
			return nil
		}
		i = skipSpace(obj, end)
		if i >= len(obj) {
			break
		}
		switch obj[i] {
		case '}':
			return nil
		case ',':
			i = skipSpace(obj, i+1)
		default:
			return errNotObject
		}
	}
	return errNotObject
}

// fields are the top-level fields of a JSON object (nil for none, or for what is no object).
func fields(raw []byte) map[string]json.RawMessage {
	if len(raw) == 0 {
		return nil
	}
	m := map[string]json.RawMessage{}
	if err := eachMember(raw, func(f member) bool {
		m[f.name()] = raw[f.start:f.end:f.end]
		return true
	}); err != nil {
		return nil
	}
	return m
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the end of the string that starts at b[i] (a quote), -1 when it has none.
func skipString(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
}

// skipValue returns the end of the value that starts at b[i], -1 when it has none.
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				if i = skipString(b, i); i < 0 {
					return -1
				}
				i--
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
		return -1
	}
	start := i // a number, true, false or null
	for i < len(b) && b[i] != ',' && b[i] != '}' && b[i] != ']' && b[i] != ' ' && b[i] != '\n' && b[i] != '\t' && b[i] != '\r' {
		i++
	}
	if i == start {
		return -1
	}
	return i
}

// appendObject appends the JSON object of members, by name, their values as they are (null for
// a nil one, as the encoder writes it).
func appendObject(dst []byte, members map[string]json.RawMessage) []byte {
	dst = append(dst, '{')
	for i, name := range slices.Sorted(maps.Keys(members)) {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendMember(dst, name, members[name])
	}
	return append(dst, '}')
}

// appendMember appends "name":value (null for a nil value).
func appendMember(dst []byte, name string, value []byte) []byte {
	if value == nil {
		value = []byte("null")
	}
	return append(append(appendString(dst, name), ':'), value...)
}

// appendString appends s as a JSON string.
func appendString(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			quoted, _ := json.Marshal(s) // as the encoder writes it
			return append(dst, quoted...)
		}
	}
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"')
}
