package procura

import "encoding/json"

// List is a JSON array that is written as [] when empty, never as null. The reference's answers
// always carry their list fields, and storefronts read them without a guard; a document stored
// before a list field existed decodes it as nil, and still answers [].
type List[T any] []T

// MarshalJSON writes the list, [] when it is nil.
func (l List[T]) MarshalJSON() ([]byte, error) {
	if l == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]T(l))
}
