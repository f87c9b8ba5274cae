package procura

import (
	"encoding/json"
	"fmt"
	"slices"
)

// Update is the body of every update request: the version the client last saw and the actions.
type Update struct {
	Version *int64            `json:"version"`
	Actions []json.RawMessage `json:"actions"`
}

// MaxActions is how many actions one update may carry.
const MaxActions = 500

// Check validates the update envelope.
func (u *Update) Check() error {
	if u.Version == nil {
		return RequiredField("version")
	}
	if u.Actions == nil {
		return RequiredField("actions")
	}
	if len(u.Actions) > MaxActions {
		return InvalidInput("An update may carry at most %d actions.", MaxActions)
	}
	return nil
}

// DecodeJSON decodes a request body strictly (strict_json.go): a key that is not a field of v's
// type in exactly that case, a key given twice, a value of the wrong kind and trailing data are
// errors, each naming the path of the offending value. Malformed JSON is InvalidJsonInput "Request
// body does not contain valid JSON."; well-formed JSON of the wrong shape is InvalidJsonInput
// with the path and the problem as its message.
func DecodeJSON(data []byte, v any) error {
	return decodeStrict(data, v, "")
}

// ActionFields lists, for each update action of a resource, the fields it has besides "action".
// It is the one place that says which actions a resource serves and what each one takes.
type ActionFields map[string][]string

// DecodeAction decodes one update action strictly (as DecodeJSON) into v, a payload struct that
// holds the fields of every action of a resource, and refuses an action that fields does not
// list and any field that the named action does not have. Errors name the path "actions.…";
// AtAction makes it "actions[i].…".
func DecodeAction(raw json.RawMessage, v any, fields ActionFields) error {
	if err := decodeStrict(raw, v, "actions"); err != nil {
		return err
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(raw, &keys); err != nil || keys == nil {
		return shapeError("actions", "expected an object")
	}
	var name string
	if err := json.Unmarshal(keys["action"], &name); err != nil || name == "" {
		return shapeError("actions", `every action needs a field "action"`)
	}
	allowed, ok := fields[name]
	if !ok {
		return UnknownAction(name)
	}
	for key := range keys {
		if key != "action" && !slices.Contains(allowed, key) {
			return shapeError("actions", fmt.Sprintf("unknown field %q for action %q", key, name))
		}
	}
	return nil
}

// withCustom adds setCustomType and setCustomField, which every customizable resource has.
func withCustom(f ActionFields) ActionFields {
	f["setCustomType"] = []string{"type", "fields"}
	f["setCustomField"] = []string{"name", "value"}
	return f
}

// setKey applies a setKey action: no key removes it; else it must be a valid key.
func setKey(dst *string, key *string) error {
	if k := deref(key); k != "" {
		if err := CheckKey("key", k); err != nil {
			return err
		}
	}
	*dst = deref(key)
	return nil
}

// withActions returns the actions of both lists.
func withActions(a, b ActionFields) ActionFields {
	all := ActionFields{}
	for _, f := range []ActionFields{a, b} {
		for name, fields := range f {
			all[name] = fields
		}
	}
	return all
}

// UnknownAction reports an action name the resource does not have.
func UnknownAction(name string) error {
	return shapeError("actions.action", fmt.Sprintf("unknown action %q", name))
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
