package procura

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

type strictInner struct {
	Key   string `json:"key"`
	Count int64  `json:"count,omitempty"`
}

type strictEmbedded struct {
	Note string `json:"note"`
}

type strictDoc struct {
	strictEmbedded
	Name    string                 `json:"name"`
	Amount  *float64               `json:"amount"`
	Small   uint8                  `json:"small"`
	On      bool                   `json:"on"`
	Inner   *strictInner           `json:"inner"`
	List    []strictInner          `json:"list"`
	Labels  map[string]strictInner `json:"labels"`
	Any     any                    `json:"any"`
	Raw     json.RawMessage        `json:"raw"`
	Skipped string                 `json:"-"`
	hidden  string
}

const malformedHeadline = "Request body does not contain valid JSON."

func TestDecodeJSONStrict(t *testing.T) {
	tests := []struct {
		name, body string
		msg        string // "" means success; else the error message (InvalidJsonInput)
	}{
		{name: "every kind", body: `{"note":"n","name":"a","amount":1.5,"small":255,"on":true,"inner":{"key":"k","count":3},
			"list":[{"key":"a"}],"labels":{"x":{"key":"b"}},"any":{"Any":[1,{"k":"v"}]},"raw":{"Whatever":1}}`},
		{name: "nulls", body: `{"name":null,"inner":null,"list":null,"labels":null,"any":null}`},
		{name: "unknown field", body: `{"name":"a","colour":"red"}`, msg: `unknown field "colour"`},
		{name: "json:\"-\" field", body: `{"Skipped":"x"}`, msg: `unknown field "Skipped"`},
		{name: "unexported field", body: `{"hidden":"x"}`, msg: `unknown field "hidden"`},
		{name: "unknown nested field", body: `{"list":[{"key":"a"},{"key":"b","colour":"red"}]}`, msg: `list[1]: unknown field "colour"`},
		{name: "unknown field in map value", body: `{"labels":{"x":{"Key":"b"}}}`, msg: `labels.x: unknown field "Key" (field names are case-sensitive: "key")`},
		{name: "case variant", body: `{"NAME":"a"}`, msg: `unknown field "NAME" (field names are case-sensitive: "name")`},
		{name: "case variant of an embedded field", body: `{"Note":"a"}`, msg: `unknown field "Note" (field names are case-sensitive: "note")`},
		{name: "case variant nested", body: `{"inner":{"Key":"a"}}`, msg: `inner: unknown field "Key" (field names are case-sensitive: "key")`},
		{name: "duplicate key", body: `{"name":"a","name":"b"}`, msg: `duplicate field "name"`},
		{name: "duplicate key nested", body: `{"inner":{"key":"a","key":"b"}}`, msg: `inner: duplicate field "key"`},
		{name: "duplicate key in a map", body: `{"labels":{"x":{},"x":{}}}`, msg: `labels: duplicate field "x"`},
		{name: "duplicate key inside any", body: `{"any":{"a":1,"a":2}}`, msg: `any: duplicate field "a"`},
		{name: "duplicate key inside raw", body: `{"raw":[{"a":1,"a":2}]}`, msg: `raw[0]: duplicate field "a"`},
		{name: "case variants are distinct keys in any", body: `{"any":{"a":1,"A":2}}`},
		{name: "string for integer", body: `{"inner":{"count":"3"}}`, msg: `inner.count: expected an integer, got a string`},
		{name: "fraction for integer", body: `{"inner":{"count":1.5}}`, msg: `inner.count: expected an integer, got 1.5`},
		{name: "integer overflow", body: `{"inner":{"count":9223372036854775808}}`, msg: `inner.count: expected an integer, got 9223372036854775808`},
		{name: "negative for unsigned", body: `{"small":-1}`, msg: `small: expected a non-negative integer, got -1`},
		{name: "unsigned overflow", body: `{"small":256}`, msg: `small: expected a non-negative integer, got 256`},
		{name: "number for string", body: `{"name":5}`, msg: `name: expected a string, got a number`},
		{name: "string for bool", body: `{"on":"yes"}`, msg: `on: expected true or false, got a string`},
		{name: "string for float", body: `{"amount":"1"}`, msg: `amount: expected a number, got a string`},
		{name: "object for array", body: `{"list":{"key":"a"}}`, msg: `list: expected an array, got an object`},
		{name: "array for object", body: `{"inner":[]}`, msg: `inner: expected an object, got an array`},
		{name: "array at the top", body: `[]`, msg: `expected an object, got an array`},
		{name: "string at the top", body: `"x"`, msg: `expected an object, got a string`},
		{name: "malformed", body: `{"name":`, msg: malformedHeadline},
		{name: "malformed nested", body: `{"list":[{"key":"a"},]}`, msg: malformedHeadline},
		{name: "trailing data", body: `{"name":"a"} {}`, msg: malformedHeadline},
		{name: "empty", body: ``, msg: malformedHeadline},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var d strictDoc
			err := DecodeJSON([]byte(tc.body), &d)
			if tc.msg == "" {
				checkCode(t, err, "")
				return
			}
			checkCode(t, err, CodeInvalidJSONInput)
			var e *Error
			errors.As(err, &e)
			eq(t, "message", e.Message, tc.msg)
			if tc.msg != malformedHeadline && e.Fields["detailedErrorMessage"] != tc.msg {
				t.Errorf("detailedErrorMessage %v, want %q", e.Fields["detailedErrorMessage"], tc.msg)
			}
		})
	}
	var d strictDoc
	checkCode(t, DecodeJSON([]byte(`{"note":"n","name":"a","inner":{"key":"k"},"labels":{"x":{"key":"b"}}}`), &d), "")
	eq(t, "decoded", d, strictDoc{strictEmbedded: strictEmbedded{Note: "n"}, Name: "a", Inner: &strictInner{Key: "k"}, Labels: map[string]strictInner{"x": {Key: "b"}}})
}

// TestDecodeJSONDrafts: the paths of the drafts' own nested types.
func TestDecodeJSONDrafts(t *testing.T) {
	var rule ApprovalRuleDraft
	err := DecodeJSON([]byte(`{"name":"r","status":"Active","predicate":"true","requesters":[],
		"approvers":{"tiers":[{"and":[{"associateRole":{"key":"boss"}}]}]}}`), &rule)
	checkCode(t, err, CodeInvalidJSONInput)
	eq(t, "message", err.(*Error).Message, `approvers.tiers[0].and[0]: unknown field "associateRole"`)
	err = DecodeJSON([]byte(`{"name":"r","status":"Active","predicate":"true","requesters":[],
		"approvers":{"tiers":[{"and":[{"or":[{"associateRole":{"key":"boss"}}]}]}]}}`), &rule)
	checkCode(t, err, "")
	err = DecodeJSON([]byte(`{"key":"acme","unitType":"Company","name":"Acme","stores":[{"Key":"s1"}]}`), &BusinessUnitDraft{})
	checkCode(t, err, CodeInvalidJSONInput)
	eq(t, "message", err.(*Error).Message, `stores[0]: unknown field "Key" (field names are case-sensitive: "key")`)
}

func TestDecodeAction(t *testing.T) {
	tests := []struct {
		name, action, msg string
	}{
		{name: "addLineItem", action: `{"action":"addLineItem","sku":"A-1","quantity":2,"key":"li"}`},
		{name: "addLineItem with every field", action: `{"action":"addLineItem","productId":"p","variantId":1,"sku":"A-1","quantity":2,"key":"li"}`},
		{name: "externalPrice on addLineItem", action: `{"action":"addLineItem","sku":"A-1","externalPrice":{"currencyCode":"EUR","centAmount":1}}`},
		{name: "externalPrice on setLineItemPrice", action: `{"action":"setLineItemPrice","lineItemId":"l","externalPrice":{"currencyCode":"EUR","centAmount":1}}`},
		{name: "custom on addLineItem", action: `{"action":"addLineItem","sku":"A-1","custom":{"type":{"key":"t"}}}`},
		{name: "a field Procura lacks on addLineItem", action: `{"action":"addLineItem","sku":"A-1","perMethodExternalTaxRate":[]}`, msg: `actions: unknown field "perMethodExternalTaxRate"`},
		{name: "a field of another action", action: `{"action":"unfreezeCart","strategy":"HardFreeze"}`, msg: `actions: unknown field "strategy" for action "unfreezeCart"`},
		{name: "custom actions", action: `{"action":"setCustomField","name":"n","value":[1]}`},
		{name: "case-variant action key", action: `{"ACTION":"addLineItem","sku":"A-1"}`, msg: `actions: unknown field "ACTION" (field names are case-sensitive: "action")`},
		{name: "case-variant field", action: `{"action":"addLineItem","SKU":"A-1"}`, msg: `actions: unknown field "SKU" (field names are case-sensitive: "sku")`},
		{name: "duplicate action", action: `{"action":"addLineItem","action":"setKey","key":"x"}`, msg: `actions: duplicate field "action"`},
		{name: "duplicate field", action: `{"action":"changeLineItemQuantity","lineItemId":"l","quantity":1,"quantity":9}`, msg: `actions: duplicate field "quantity"`},
		{name: "wrong type", action: `{"action":"changeLineItemQuantity","lineItemId":"l","quantity":"2"}`, msg: `actions.quantity: expected an integer, got a string`},
		{name: "nested wrong shape", action: `{"action":"setShippingAddress","address":{"country":"DE","Country":"FR"}}`,
			msg: `actions.address: unknown field "Country" (field names are case-sensitive: "country")`},
		{name: "unknown action", action: `{"action":"fly"}`, msg: `actions.action: unknown action "fly"`},
		{name: "case-variant action name", action: `{"action":"AddLineItem","sku":"A-1"}`, msg: `actions.action: unknown action "AddLineItem"`},
		{name: "no action", action: `{"sku":"A-1"}`, msg: `actions: every action needs a field "action"`},
		{name: "null action", action: `{"action":null}`, msg: `actions: every action needs a field "action"`},
		{name: "not an object", action: `"addLineItem"`, msg: `actions: expected an object, got a string`},
		{name: "malformed", action: `{"action":`, msg: malformedHeadline},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var a cartAction
			err := DecodeAction(json.RawMessage(tc.action), &a, cartActions)
			if tc.msg == "" {
				checkCode(t, err, "")
				return
			}
			checkCode(t, err, CodeInvalidJSONInput)
			eq(t, "message", err.(*Error).Message, tc.msg)
		})
	}
}

func TestAtAction(t *testing.T) {
	var a cartAction
	err := AtAction(2, DecodeAction(json.RawMessage(`{"action":"changeLineItemQuantity","lineItemId":"l","quantity":true}`), &a, cartActions))
	checkCode(t, err, CodeInvalidJSONInput)
	e := err.(*Error)
	eq(t, "message", e.Message, `actions[2].quantity: expected an integer, got a boolean`)
	eq(t, "detail", e.Fields["detailedErrorMessage"], `actions[2].quantity: expected an integer, got a boolean`)
	eq(t, "twice", AtAction(5, err).(*Error).Message, e.Message)
	eq(t, "unknown action", AtAction(0, UnknownAction("fly")).(*Error).Message, `actions[0].action: unknown action "fly"`)
	other := InvalidInput("no")
	if AtAction(1, other) != error(other) {
		t.Error("AtAction changed an error that is not about the JSON's shape")
	}
	if AtAction(1, nil) != nil {
		t.Error("AtAction(nil) is not nil")
	}
}

// TestActionTables: every field an action table lists is a field of the resource's payload
// struct, in that case, so that no listed field is refused by the strict decoding of the struct.
func TestActionTables(t *testing.T) {
	tables := []struct {
		name    string
		payload any
		fields  ActionFields
	}{
		{"cart", cartAction{}, actionsBut(cartActions, cartPaymentActions)}, {"cart payment", cartPaymentAction{}, cartPaymentActions},
		{"state", stateAction{}, stateActions}, {"payment", paymentAction{}, paymentActions}, {"approval rule", approvalRuleAction{}, approvalRuleActions},
		{"product", productAction{}, productActions}, {"store", storeAction{}, storeActions},
		{"join request", JoinDecision{}, joinDecisionActions}, {"project", projectAction{}, projectActions},
		{"approval flow", approvalFlowAction{}, approvalFlowActions}, {"associate role", associateRoleAction{}, associateRoleActions},
		{"customer", customerAction{}, customerActions}, {"order", orderAction{}, orderActions},
		{"business unit", businessUnitAction{}, businessUnitActions}, {"quote request", quoteAction{}, quoteRequestActions},
		{"staged quote", quoteAction{}, stagedQuoteActions}, {"quote", quoteAction{}, quoteActions},
	}
	for _, tc := range tables {
		known := jsonFields(reflect.TypeOf(tc.payload))
		if _, ok := known["action"]; !ok {
			t.Errorf("%s: the payload has no field action", tc.name)
		}
		for action, fields := range tc.fields {
			for _, f := range fields {
				if _, ok := known[f]; !ok {
					t.Errorf("%s: %s lists %q, which the payload struct does not have", tc.name, action, f)
				}
			}
		}
	}
	for action := range myUnitActions {
		if _, ok := businessUnitActions[action]; !ok {
			t.Errorf("/me/business-units allows %s, which business units do not have", action)
		}
	}
	if !strings.Contains(UnknownAction("x").Error(), `"x"`) {
		t.Error("UnknownAction does not name the action")
	}
}

// actionsBut is all without the actions of but (decoded by a payload of their own).
func actionsBut(all, but ActionFields) ActionFields {
	out := ActionFields{}
	for a, f := range all {
		if _, ok := but[a]; !ok {
			out[a] = f
		}
	}
	return out
}
