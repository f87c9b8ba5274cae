package app_test

import (
	"strings"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// customType creates a type for resourceTypeIDs (comma-separated) whose fields are given as
// "name:FieldTypeName", a leading '!' making one required.
func (w *world) customType(key, resourceTypeIDs string, fields ...string) *procura.Type {
	w.t.Helper()
	d := procura.TypeDraft{Key: key, Name: procura.LocalizedString{"en": key}, ResourceTypeIDs: strings.Split(resourceTypeIDs, ",")}
	for _, f := range fields {
		name, typ, _ := strings.Cut(f, ":")
		required := strings.HasPrefix(name, "!")
		d.FieldDefinitions = append(d.FieldDefinitions, procura.FieldDefinition{Name: strings.TrimPrefix(name, "!"),
			Label: procura.LocalizedString{"en": name}, Required: required, Type: &procura.FieldType{Name: typ}})
	}
	ty, err := w.a.CreateType(ctx, w.seller, d)
	if err != nil {
		w.t.Fatal(err)
	}
	return ty
}

// TestCustomFieldsAreCheckedAgainstTheirType: a store's custom fields name their type by key and
// are stored naming it by id; a value of the wrong type, an undefined field, a missing required
// one, a type for other resources and a missing type are refused and write nothing; the type
// cannot be deleted while the store uses it, and can once the store no longer does.
func TestCustomFieldsAreCheckedAgainstTheirType(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := newWorld(t, a, c)
		ty := w.customType("store-fields", "store", "!region:String", "open:Boolean")
		w.customType("unit-fields", "business-unit", "region:String")
		s := must[*procura.Store](t)(a.CreateStore(ctx, c, procura.StoreDraft{Key: "berlin", Custom: &procura.CustomFieldsDraft{
			Type: &procura.ResourceIdentifier{Key: "store-fields"}, Fields: map[string]any{"region": "north"}}}))
		if s.Custom.Type != (procura.ResourceIdentifier{TypeID: procura.TypeType, ID: ty.ID}) {
			t.Fatalf("custom.type = %+v, want a reference by id", s.Custom.Type)
		}
		for _, tc := range []struct{ name, action, code string }{
			{"wrong value type", `{"action":"setCustomField","name":"open","value":"yes"}`, procura.CodeInvalidField},
			{"undefined field", `{"action":"setCustomField","name":"colour","value":"red"}`, procura.CodeInvalidField},
			{"required removed", `{"action":"setCustomField","name":"region"}`, procura.CodeRequiredField},
			{"required missing", `{"action":"setCustomType","type":{"key":"store-fields"},"fields":{"open":true}}`, procura.CodeRequiredField},
			{"type of units", `{"action":"setCustomType","type":{"key":"unit-fields"}}`, procura.CodeInvalidInput},
			{"no such type", `{"action":"setCustomType","type":{"key":"nope"}}`, procura.CodeReferencedResourceNotFound},
		} {
			_, err := a.UpdateStore(ctx, c, app.Ref{Key: "berlin"}, actions(s.Version, tc.action))
			if procura.ErrorCode(err) != tc.code {
				t.Errorf("%s: got %v, want %s", tc.name, err, tc.code)
			}
		}
		s = must[*procura.Store](t)(a.UpdateStore(ctx, c, app.Ref{Key: "berlin"}, actions(s.Version, `{"action":"setCustomField","name":"open","value":true}`)))
		if s.Version != 2 || s.Custom.Fields["open"] != true || s.Custom.Fields["region"] != "north" {
			t.Fatalf("after setCustomField: %+v", s.Custom)
		}
		_, err := a.DeleteType(ctx, c, app.Ref{Key: "store-fields"}, ty.Version)
		wantCode(t, err, procura.CodeReferenceExists)
		s = must[*procura.Store](t)(a.UpdateStore(ctx, c, app.Ref{Key: "berlin"}, actions(s.Version, `{"action":"setCustomType"}`)))
		must[*procura.Type](t)(a.DeleteType(ctx, c, app.Ref{Key: "store-fields"}, ty.Version))
	})
}

// TestRemovedFieldDefinitionsAreDroppedWhenWritten: a stored value whose definition was removed
// stays until the resource's custom fields are next written, which drops it; a required field
// added later is asked for at that write.
func TestRemovedFieldDefinitionsAreDroppedWhenWritten(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := newWorld(t, a, c)
		ty := w.customType("fields", "customer-group", "old:String", "note:String")
		g := must[*procura.CustomerGroup](t)(a.CreateCustomerGroup(ctx, c, procura.CustomerGroupDraft{GroupName: "gold",
			Custom: &procura.CustomFieldsDraft{Type: &procura.ResourceIdentifier{ID: ty.ID}, Fields: map[string]any{"old": "x"}}}))
		ty = must[*procura.Type](t)(a.UpdateType(ctx, c, app.Ref{ID: ty.ID}, actions(ty.Version,
			`{"action":"removeFieldDefinition","fieldName":"old"}`,
			`{"action":"addFieldDefinition","fieldDefinition":{"name":"tier","label":{"en":"Tier"},"required":true,"type":{"name":"Number"}}}`)))
		if got := must[*procura.CustomerGroup](t)(a.GetCustomerGroup(ctx, c, app.Ref{ID: g.ID})); got.Custom.Fields["old"] != "x" {
			t.Fatalf("the stored value went before the next write: %+v", got.Custom)
		}
		_, err := a.UpdateCustomerGroup(ctx, c, app.Ref{ID: g.ID}, actions(g.Version, `{"action":"setCustomField","name":"note","value":"n"}`))
		wantCode(t, err, procura.CodeRequiredField)
		g = must[*procura.CustomerGroup](t)(a.UpdateCustomerGroup(ctx, c, app.Ref{ID: g.ID}, actions(g.Version, `{"action":"setCustomField","name":"tier","value":2}`)))
		if _, kept := g.Custom.Fields["old"]; kept || g.Custom.Fields["tier"] != 2.0 {
			t.Fatalf("after the write: %+v", g.Custom.Fields)
		}
	})
}

// TestLineItemsAndAddressesOfCartsHaveCustomFields: a cart's line items take custom fields of
// "line-item" types (in the draft, addLineItem and setLineItemCustomType/Field) and its addresses
// those of "address" types; each is checked against its type, and the order keeps them.
func TestLineItemsAndAddressesOfCartsHaveCustomFields(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		w.customType("line-fields", "line-item", "!gift:Boolean")
		w.customType("address-fields", "address", "door:String")
		gift := &procura.CustomFieldsDraft{Type: &procura.ResourceIdentifier{Key: "line-fields"}, Fields: map[string]any{"gift": true}}
		d := cartDraft()
		d.LineItems = []procura.LineItemDraft{{SKU: "W-1", Custom: gift}}
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, app.Acting{}, d))
		line := cart.LineItems[0].ID
		for _, tc := range []struct{ name, action, code string }{
			{"a line item without its required field", `{"action":"setLineItemCustomType","lineItemId":"` + line + `","type":{"key":"line-fields"}}`, procura.CodeRequiredField},
			{"a line item with an address type", `{"action":"setLineItemCustomType","lineItemId":"` + line + `","type":{"key":"address-fields"}}`, procura.CodeInvalidInput},
			{"a line item field of the wrong type", `{"action":"setLineItemCustomField","lineItemId":"` + line + `","name":"gift","value":"yes"}`, procura.CodeInvalidField},
			{"no such line item", `{"action":"setLineItemCustomField","lineItemId":"nope","name":"gift","value":false}`, procura.CodeInvalidInput},
			{"no shipping address", `{"action":"setShippingAddressCustomType","type":{"key":"address-fields"}}`, procura.CodeInvalidOperation},
			{"an address with a line item type", `{"action":"setShippingAddress","address":{"country":"DE","custom":{"type":{"key":"line-fields"},"fields":{"gift":true}}}}`, procura.CodeInvalidInput},
			{"an added line item without its required field", `{"action":"addLineItem","sku":"G-1","custom":{"type":{"key":"line-fields"}}}`, procura.CodeRequiredField},
		} {
			_, err := a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}, actions(cart.Version, tc.action))
			if procura.ErrorCode(err) != tc.code {
				t.Errorf("%s: got %v, want %s", tc.name, err, tc.code)
			}
		}
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}, actions(cart.Version,
			`{"action":"setLineItemCustomField","lineItemId":"`+line+`","name":"gift","value":false}`,
			`{"action":"setShippingAddress","address":{"country":"DE","custom":{"type":{"key":"address-fields"},"fields":{"door":"blue"}}}}`,
			`{"action":"setBillingAddress","address":{"country":"DE"}}`,
			`{"action":"setBillingAddressCustomType","type":{"key":"address-fields"},"fields":{"door":"red"}}`)))
		if cart.Version != 2 || cart.LineItems[0].Custom.Fields["gift"] != false || cart.ShippingAddress.Custom.Fields["door"] != "blue" ||
			cart.BillingAddress.Custom.Fields["door"] != "red" || cart.BillingAddress.Custom.Type.ID == "" {
			t.Fatalf("after the custom actions: %+v", cart)
		}
		o := must[*procura.Order](t)(a.CreateOrder(ctx, c, app.Acting{}, procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}, Version: &cart.Version}))
		o = must[*procura.Order](t)(a.UpdateOrder(ctx, c, app.Acting{}, app.Ref{ID: o.ID}, actions(o.Version,
			`{"action":"setLineItemCustomField","lineItemId":"`+line+`","name":"gift","value":true}`,
			`{"action":"setShippingAddressCustomField","name":"door","value":"green"}`)))
		if o.LineItems[0].Custom.Fields["gift"] != true || o.ShippingAddress.Custom.Fields["door"] != "green" {
			t.Fatalf("the order's custom fields: %+v %+v", o.LineItems[0].Custom, o.ShippingAddress.Custom)
		}
		_, err := a.UpdateOrder(ctx, c, app.Acting{}, app.Ref{ID: o.ID}, actions(o.Version, `{"action":"setBillingAddressCustomField","name":"door","value":1}`))
		wantCode(t, err, procura.CodeInvalidField)
	})
}

// TestQuotesCarryTheRequestsCustomFields: a quote request's custom fields are of a "quote" type
// (one of orders is refused) and given by the seller, who alone may set them; the staged quote
// and the quote copy them, as in the reference.
func TestQuotesCarryTheRequestsCustomFields(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := quoteWorld(t, a, c)
		ty := w.customType("quote-fields", "quote", "!ref:String")
		w.customType("order-fields", "order", "ref:String")
		quinn := w.customers["quinn@acme.example"]
		d := requestDraft(w.quoteCart(app.Acting{}, quinn, "acme", 1), "please")
		d.Custom = &procura.CustomFieldsDraft{Type: &procura.ResourceIdentifier{Key: "order-fields"}, Fields: map[string]any{"ref": "R-1"}}
		_, err := a.CreateQuoteRequest(ctx, c, app.Acting{}, d)
		wantCode(t, err, procura.CodeInvalidInput)
		d.Custom.Type = &procura.ResourceIdentifier{Key: "quote-fields"}
		_, err = a.CreateQuoteRequest(ctx, c, inUnit(quinn, "acme"), d) // setCustomType is the seller's
		wantCode(t, err, procura.CodeInvalidOperation)
		qr := must[*procura.QuoteRequest](t)(a.CreateQuoteRequest(ctx, c, app.Acting{}, d))
		q := w.send(w.stage(qr))
		if q.Custom == nil || q.Custom.Type.ID != ty.ID || q.Custom.Fields["ref"] != "R-1" {
			t.Fatalf("the quote's custom fields: %+v", q.Custom)
		}
	})
}

// TestAFieldNameHasOneFieldType: two types for the same resource type may both define a field
// only with the same field type, at creation and when a field is added (even after removing
// it in the same update); types for other resources may differ.
func TestAFieldNameHasOneFieldType(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := newWorld(t, a, c)
		w.customType("first", "store,customer", "code:String")
		w.customType("same", "store", "code:String")
		w.customType("elsewhere", "order", "code:Number")
		_, err := a.CreateType(ctx, c, procura.TypeDraft{Key: "clash", Name: procura.LocalizedString{"en": "c"}, ResourceTypeIDs: []string{"customer"},
			FieldDefinitions: []procura.FieldDefinition{{Name: "code", Label: procura.LocalizedString{"en": "c"}, Type: &procura.FieldType{Name: "Boolean"}}}})
		wantCode(t, err, procura.CodeInvalidInput)
		_, err = a.UpdateType(ctx, c, app.Ref{Key: "same"}, actions(1,
			`{"action":"removeFieldDefinition","fieldName":"code"}`,
			`{"action":"addFieldDefinition","fieldDefinition":{"name":"code","label":{"en":"c"},"required":false,"type":{"name":"Number"}}}`))
		wantCode(t, err, procura.CodeInvalidInput)
		ty := must[*procura.Type](t)(a.UpdateType(ctx, c, app.Ref{Key: "same"}, actions(1,
			`{"action":"addFieldDefinition","fieldDefinition":{"name":"size","label":{"en":"s"},"required":false,"type":{"name":"Number"}}}`)))
		if ty.Version != 2 || ty.Field("size") == nil {
			t.Fatalf("after adding a field no other type defines: %+v", ty)
		}
	})
}

// TestAddressesOfUnitsHaveCustomFields: a unit's addresses take custom fields of "address" types,
// in the draft and through setAddressCustomField, each checked; after the type gains a required
// field, an update that does not write the address's custom fields succeeds, and the next write
// of them asks for it (decision 0019).
func TestAddressesOfUnitsHaveCustomFields(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := newWorld(t, a, c)
		ty := w.customType("address-fields", "address", "!door:String")
		w.customType("unit-fields", "business-unit", "door:String")
		d := procura.BusinessUnitDraft{Key: "acme", Name: "Acme", UnitType: procura.UnitTypeCompany, Addresses: []procura.Address{{Key: "hq", Country: "DE",
			Custom: &procura.CustomFields{Type: procura.ResourceIdentifier{Key: "unit-fields"}, Fields: map[string]any{"door": "a"}}}}}
		_, err := a.CreateBusinessUnit(ctx, c, d)
		wantCode(t, err, procura.CodeInvalidInput)
		d.Addresses[0].Custom.Type.Key = "address-fields"
		u := must[*procura.BusinessUnit](t)(a.CreateBusinessUnit(ctx, c, d))
		if got := u.Addresses[0].Custom.Type; got.ID != ty.ID || got.Key != "" {
			t.Fatalf("the address's custom type: %+v", got)
		}
		_, err = a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "acme"}, actions(u.Version, `{"action":"setAddressCustomField","addressKey":"hq","name":"door"}`))
		wantCode(t, err, procura.CodeRequiredField)
		u = must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "acme"}, actions(u.Version,
			`{"action":"setAddressCustomField","addressKey":"hq","name":"door","value":"b"}`)))
		must[*procura.Type](t)(a.UpdateType(ctx, c, app.Ref{ID: ty.ID}, actions(ty.Version,
			`{"action":"addFieldDefinition","fieldDefinition":{"name":"floor","label":{"en":"f"},"required":true,"type":{"name":"Number"}}}`)))
		u = must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "acme"}, actions(u.Version, `{"action":"changeName","name":"Acme AG"}`)))
		_, err = a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "acme"}, actions(u.Version, `{"action":"setAddressCustomField","addressKey":"hq","name":"door","value":"c"}`))
		wantCode(t, err, procura.CodeRequiredField)
		u = must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "acme"}, actions(u.Version,
			`{"action":"setAddressCustomField","addressKey":"hq","name":"floor","value":3}`)))
		if u.Addresses[0].Custom.Fields["door"] != "b" || u.Addresses[0].Custom.Fields["floor"] != 3.0 {
			t.Fatalf("the address's custom fields: %+v", u.Addresses[0].Custom)
		}
	})
}
