package procura

import (
	"bytes"
	"encoding/json"
	"fmt"
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

// DecodeJSON decodes a request body strictly: unknown fields and trailing data are errors, reported
// as InvalidJsonInput with the decoder's detail.
func DecodeJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return InvalidJSON(jsonDetail(err))
	}
	if dec.More() {
		return InvalidJSON("unexpected data after the JSON value")
	}
	return nil
}

// DecodeAction decodes one update action into a payload struct that holds the fields of every
// action of a resource; the action's name must be present.
func DecodeAction(raw json.RawMessage, v any) error {
	if err := json.Unmarshal(raw, v); err != nil {
		return InvalidJSON("actions: " + jsonDetail(err))
	}
	var head struct {
		Action string `json:"action"`
	}
	_ = json.Unmarshal(raw, &head)
	if head.Action == "" {
		return InvalidJSON("actions: every action needs a field 'action'")
	}
	return nil
}

// UnknownAction reports an action name the resource does not have.
func UnknownAction(name string) error {
	return InvalidJSON(fmt.Sprintf("actions -> action: unknown action '%s'", name))
}

func jsonDetail(err error) string {
	switch e := err.(type) {
	case *json.UnmarshalTypeError:
		return fmt.Sprintf("%s: expected a value of type %s, got %s", e.Field, e.Type, e.Value)
	case *json.SyntaxError:
		return fmt.Sprintf("malformed JSON at offset %d: %s", e.Offset, e.Error())
	}
	return err.Error()
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
