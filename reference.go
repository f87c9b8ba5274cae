package procura

import (
	"encoding/json"
	"regexp"
	"time"
)

// Resource type ids, as used in references.
const (
	TypeBusinessUnit  = "business-unit"
	TypeAssociateRole = "associate-role"
	TypeCustomer      = "customer"
	TypeStore         = "store"
	TypeType          = "type"
)

// Base holds the fields every stored resource has.
type Base struct {
	ID             string `json:"id"`
	Version        int64  `json:"version"`
	CreatedAt      string `json:"createdAt"`
	LastModifiedAt string `json:"lastModifiedAt"`
}

// TimeFormat is how timestamps are written: ISO-8601 in UTC with milliseconds.
const TimeFormat = "2006-01-02T15:04:05.000Z"

// FormatTime writes t in TimeFormat.
func FormatTime(t time.Time) string { return t.UTC().Format(TimeFormat) }

// Stamp sets the base fields of a new resource.
func (b *Base) Stamp(id string, now time.Time) {
	b.ID, b.Version = id, 1
	b.CreatedAt = FormatTime(now)
	b.LastModifiedAt = b.CreatedAt
}

// Touch records one more modification.
func (b *Base) Touch(now time.Time) {
	b.Version++
	b.LastModifiedAt = FormatTime(now)
}

// Reference points to a resource by id.
type Reference struct {
	TypeID string `json:"typeId"`
	ID     string `json:"id"`
	Obj    any    `json:"obj,omitempty"`
}

// KeyReference points to a resource by key.
type KeyReference struct {
	TypeID string `json:"typeId"`
	Key    string `json:"key"`
}

// ResourceIdentifier names a resource in a draft or an action: by id or by key, not both.
type ResourceIdentifier struct {
	TypeID string `json:"typeId,omitempty"`
	ID     string `json:"id,omitempty"`
	Key    string `json:"key,omitempty"`
}

// Check validates the identifier for field, expecting typeID.
func (r *ResourceIdentifier) Check(field, typeID string) error {
	if r == nil {
		return RequiredField(field)
	}
	if r.TypeID != "" && r.TypeID != typeID {
		return InvalidField(field+".typeId", r.TypeID, typeID)
	}
	switch {
	case r.ID != "" && r.Key != "":
		return InvalidJSON(field + ": a resource identifier takes either 'id' or 'key', not both")
	case r.ID == "" && r.Key == "":
		return InvalidJSON(field + ": a resource identifier needs 'id' or 'key'")
	}
	return nil
}

// IDOrKey returns the id if set, else the key.
func (r ResourceIdentifier) IDOrKey() string {
	if r.ID != "" {
		return r.ID
	}
	return r.Key
}

var keyPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{2,256}$`)

// CheckKey validates a user-provided key.
func CheckKey(field, key string) error {
	if key == "" {
		return RequiredField(field)
	}
	if !keyPattern.MatchString(key) {
		return InvalidInput("The key '%s' is invalid: a key has 2 to 256 characters among A-Z, a-z, 0-9, '_' and '-'.", key)
	}
	return nil
}

// CustomFields holds a resource's custom type and the values of its fields.
type CustomFields struct {
	Type   ResourceIdentifier `json:"type"`
	Fields map[string]any     `json:"fields"`
	// written says what this request wrote, for the application to check against the type
	// (Type.CheckCustom): all of it (new custom fields) or the fields it names.
	written customWrite
}

// customWrite records what a request wrote of a resource's custom fields.
type customWrite struct {
	all    bool
	fields []string
}

// Written reports whether this request wrote any of the custom fields.
func (c *CustomFields) Written() bool {
	return c != nil && (c.written.all || len(c.written.fields) > 0)
}

// CustomFieldsDraft sets custom fields in a draft or a setCustomType action.
type CustomFieldsDraft struct {
	Type   *ResourceIdentifier `json:"type"`
	Fields map[string]any      `json:"fields,omitempty"`
}

// NewCustomFields validates a draft and returns the custom fields it describes (nil for none).
func NewCustomFields(field string, d *CustomFieldsDraft) (*CustomFields, error) {
	if d == nil {
		return nil, nil
	}
	if err := d.Type.Check(field+".type", TypeType); err != nil {
		return nil, err
	}
	c := &CustomFields{Type: ResourceIdentifier{TypeID: TypeType, ID: d.Type.ID, Key: d.Type.Key}, Fields: map[string]any{},
		written: customWrite{all: true}}
	for k, v := range d.Fields {
		if err := checkCustomValue(field+".fields."+k, v); err != nil {
			return nil, err
		}
		if v != nil {
			c.Fields[k] = v
		}
	}
	return c, nil
}

// SetCustomField sets (or with a nil value removes) one custom field. It fails with
// InvalidOperation when there is no custom type, or when removing a field that is not set.
func SetCustomField(c *CustomFields, name string, value any) error {
	if name == "" {
		return RequiredField("name")
	}
	if c == nil {
		return InvalidOperation("The resource has no custom type: set one with setCustomType first.")
	}
	if value == nil {
		if _, ok := c.Fields[name]; !ok {
			return InvalidOperation("The custom field '%s' is not set and cannot be removed.", name)
		}
		delete(c.Fields, name)
		c.written.fields = append(c.written.fields, name)
		return nil
	}
	if err := checkCustomValue(name, value); err != nil {
		return err
	}
	if c.Fields == nil {
		c.Fields = map[string]any{}
	}
	c.Fields[name] = value
	c.written.fields = append(c.written.fields, name)
	return nil
}

// Meta gives generic code access to the base fields of any resource.
func (b *Base) Meta() *Base { return b }

// customAction holds the fields of setCustomType and setCustomField, which every customizable
// resource's actions have.
type customAction struct {
	Type   *ResourceIdentifier `json:"type"`
	Fields map[string]any      `json:"fields"`
	Name   string              `json:"name"`
	Value  any                 `json:"value"`
}

// applyCustom applies setCustomType or setCustomField to custom; handled reports whether action
// was one of them.
func (a customAction) applyCustom(action string, custom **CustomFields) (handled bool, err error) {
	switch action {
	case "setCustomType":
		c, err := NewCustomFields("type", customDraft(a.Type, a.Fields))
		if err == nil {
			*custom = c
		}
		return true, err
	case "setCustomField":
		return true, SetCustomField(*custom, a.Name, a.Value)
	}
	return false, nil
}

// apply applies setCustomType or setCustomField, which the caller has recognized, to custom.
func (a customAction) apply(action string, custom **CustomFields) error {
	_, err := a.applyCustom(action, custom)
	return err
}

// MaxCustomFieldBytes bounds the JSON of one custom field's value.
const MaxCustomFieldBytes = 64 << 10

// checkCustomValue refuses a custom field value whose JSON is larger than MaxCustomFieldBytes.
func checkCustomValue(field string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return InvalidField(field, v)
	}
	if len(data) > MaxCustomFieldBytes {
		return InvalidInput("The custom field '%s' is %d bytes long; a custom field value may have at most %d.", field, len(data), MaxCustomFieldBytes)
	}
	return nil
}
