package e2e

import (
	"context"
	"net/http"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// tierFields are the fields of the types made by customTypes: a required enum and a string.
var tierFields = []platform.FieldDefinition{
	{Name: "tier", Label: platform.LocalizedString{"en": "Tier"}, Required: true, Type: platform.CustomFieldEnumType{
		Values: []platform.CustomFieldEnumValue{{Key: "gold", Label: "Gold"}, {Key: "silver", Label: "Silver"}}}},
	{Name: "note", Label: platform.LocalizedString{"en": "Note"}, Type: platform.CustomFieldStringType{}},
}

// customTypes makes, for each resource type id, a type "<id>-fields" with tierFields, and
// returns their ids by key.
func (w *world) customTypes(t *testing.T, resourceTypeIDs ...platform.ResourceTypeId) map[string]string {
	t.Helper()
	ids := map[string]string{}
	for _, r := range resourceTypeIDs {
		key := string(r) + "-fields"
		ty, err := w.c.Types().Post(platform.TypeDraft{Key: key, Name: platform.LocalizedString{"en": key},
			ResourceTypeIds: []platform.ResourceTypeId{r}, FieldDefinitions: tierFields}).Execute(context.Background())
		if err != nil {
			t.Fatalf("create type %s: %v", key, err)
		}
		ids[key] = ty.ID
	}
	return ids
}

// customDraft names a type by key.
func customDraft(typeKey string, fields platform.FieldContainer) *platform.CustomFieldsDraft {
	return &platform.CustomFieldsDraft{Type: platform.TypeResourceIdentifier{Key: ptr(typeKey)}, Fields: &fields}
}

// wantCustom checks that custom names the type by id and holds tier.
func wantCustom(t *testing.T, what string, custom *platform.CustomFields, typeID, tier string) {
	t.Helper()
	if custom == nil || custom.Type.ID != typeID || custom.Fields["tier"] != tier {
		t.Errorf("%s: custom %+v, want type %s and tier %s", what, custom, typeID, tier)
	}
}

// TestCustomFieldsFollowTheirTypes: through the SDK, a business unit, a customer, a store, a cart,
// its line item and its order get custom fields of types named by key, answered naming the type by id; a value
// of the wrong type, an undefined field, a missing required field, a type defined for other
// resources and a type that does not exist are refused and write nothing; a type in use cannot
// be deleted, and can once nothing uses it.
func TestCustomFieldsFollowTheirTypes(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		sh := newShop(t, s)
		ctx := context.Background()
		types := sh.customTypes(t, "business-unit", "customer", "order", "store", "line-item")
		gold := platform.FieldContainer{"tier": "gold", "note": "since 2020"}

		bu, err := sh.c.BusinessUnits().Post(platform.CompanyDraft{Key: "acme", Name: "Acme", Custom: customDraft("business-unit-fields", gold)}).Execute(ctx)
		if err != nil {
			t.Fatalf("create a unit with custom fields: %v", err)
		}
		wantCustom(t, "unit", asCompany(t, bu).Custom, types["business-unit-fields"], "gold")
		signUp, err := sh.c.Customers().Post(platform.CustomerDraft{Email: emailOf("ann"), Password: ptr(passwordOf("ann")),
			Custom: customDraft("customer-fields", gold)}).Execute(ctx)
		if err != nil {
			t.Fatalf("create a customer with custom fields: %v", err)
		}
		sh.ids["ann"] = signUp.Customer.ID
		wantCustom(t, "customer", signUp.Customer.Custom, types["customer-fields"], "gold")
		store, err := sh.c.Stores().Post(platform.StoreDraft{Key: "berlin", Custom: customDraft("store-fields", gold)}).Execute(ctx)
		if err != nil {
			t.Fatalf("create a store with custom fields: %v", err)
		}
		wantCustom(t, "store", store.Custom, types["store-fields"], "gold")
		lines := lineItems(item{widgetSKU, 1})
		lines[0].Custom = customDraft("line-item-fields", gold)
		cart, err := sh.c.Carts().Post(platform.CartDraft{Currency: "EUR", CustomerId: ptr(sh.ids["ann"]),
			LineItems: lines, Custom: customDraft("order-fields", gold)}).Execute(ctx)
		if err != nil {
			t.Fatalf("create a cart with custom fields: %v", err)
		}
		wantCustom(t, "cart", cart.Custom, types["order-fields"], "gold")
		_, err = sh.c.Carts().WithId(cart.ID).Post(platform.CartUpdate{Version: cart.Version, Actions: []platform.CartUpdateAction{
			platform.CartSetLineItemCustomFieldAction{LineItemId: ptr(cart.LineItems[0].ID), Name: "tier", Value: "bronze"}}}).Execute(ctx)
		if e := sdkError(t, err, http.StatusBadRequest).Errors[0]; !isCode(e, "InvalidField") {
			t.Errorf("a line item's tier set to bronze: %+v, want InvalidField", e)
		}
		cart, err = sh.c.Carts().WithId(cart.ID).Post(platform.CartUpdate{Version: cart.Version, Actions: []platform.CartUpdateAction{
			platform.CartSetLineItemCustomFieldAction{LineItemId: ptr(cart.LineItems[0].ID), Name: "tier", Value: "silver"}}}).Execute(ctx)
		if err != nil {
			t.Fatalf("set a line item's custom field: %v", err)
		}
		wantCustom(t, "line item", cart.LineItems[0].Custom, types["line-item-fields"], "silver")
		// An order draft's own custom fields are checked too, and its workflow state must exist;
		// neither refusal places the cart.
		bronze := platform.FieldContainer{"tier": "bronze"}
		for what, c := range map[string]struct {
			d    platform.OrderFromCartDraft
			code string
		}{
			"custom fields of a wrong value": {platform.OrderFromCartDraft{Custom: customDraft("order-fields", bronze)}, "InvalidField"},
			"a workflow state that does not exist": {platform.OrderFromCartDraft{State: &platform.StateResourceIdentifier{Key: ptr("placed")}},
				"ReferencedResourceNotFound"},
		} {
			d := c.d
			d.Cart, d.Version = &platform.CartResourceIdentifier{ID: ptr(cart.ID)}, cart.Version
			_, err := sh.c.Orders().Post(d).Execute(ctx)
			if e := sdkError(t, err, http.StatusBadRequest).Errors[0]; !isCode(e, c.code) {
				t.Errorf("an order draft with %s: %+v, want %s", what, e, c.code)
			}
		}
		order, err := sh.c.Orders().Post(platform.OrderFromCartDraft{Cart: &platform.CartResourceIdentifier{ID: ptr(cart.ID)}, Version: cart.Version}).Execute(ctx)
		if err != nil {
			t.Fatalf("order the cart: %v", err)
		}
		wantCustom(t, "order (from the cart)", order.Custom, types["order-fields"], "gold")
		order, err = sh.c.Orders().WithId(order.ID).Post(platform.OrderUpdate{Version: order.Version, Actions: []platform.OrderUpdateAction{
			platform.OrderSetCustomFieldAction{Name: "tier", Value: "silver"}}}).Execute(ctx)
		if err != nil {
			t.Fatalf("set an order's custom field: %v", err)
		}
		wantCustom(t, "order", order.Custom, types["order-fields"], "silver")
		other, err := sh.c.Carts().Post(platform.CartDraft{Currency: "EUR", CustomerId: ptr(sh.ids["ann"]), LineItems: lineItems(item{widgetSKU, 1}),
			Custom: customDraft("order-fields", gold)}).Execute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		silver := platform.FieldContainer{"tier": "silver"}
		placed, err := sh.c.Orders().Post(platform.OrderFromCartDraft{Cart: &platform.CartResourceIdentifier{ID: ptr(other.ID)}, Version: other.Version,
			Custom: customDraft("order-fields", silver)}).Execute(ctx)
		if err != nil {
			t.Fatalf("order a cart with the draft's custom fields: %v", err)
		}
		wantCustom(t, "order (from the draft)", placed.Custom, types["order-fields"], "silver")

		storeUpdate := func(actions ...platform.StoreUpdateAction) error {
			_, err := sh.c.Stores().WithKey("berlin").Post(platform.StoreUpdate{Version: store.Version, Actions: actions}).Execute(ctx)
			return err
		}
		for _, c := range []struct {
			what, code string
			err        error
		}{
			{"a value of the wrong type", "InvalidField", storeUpdate(platform.StoreSetCustomFieldAction{Name: "tier", Value: "bronze"})},
			{"an undefined field", "InvalidField", storeUpdate(platform.StoreSetCustomFieldAction{Name: "colour", Value: "red"})},
			{"a required field removed", "RequiredField", storeUpdate(platform.StoreSetCustomFieldAction{Name: "tier"})},
			{"a required field missing", "RequiredField", storeUpdate(platform.StoreSetCustomTypeAction{
				Type: &platform.TypeResourceIdentifier{Key: ptr("store-fields")}, Fields: &platform.FieldContainer{"note": "x"}})},
			{"a type for customers", "InvalidInput", storeUpdate(platform.StoreSetCustomTypeAction{
				Type: &platform.TypeResourceIdentifier{Key: ptr("customer-fields")}, Fields: &gold})},
			{"no such type", "ReferencedResourceNotFound", storeUpdate(platform.StoreSetCustomTypeAction{
				Type: &platform.TypeResourceIdentifier{Key: ptr("nope")}, Fields: &gold})},
		} {
			if e := sdkError(t, c.err, http.StatusBadRequest).Errors[0]; !isCode(e, c.code) {
				t.Errorf("%s: %+v, want %s", c.what, e, c.code)
			}
		}
		_, err = sh.c.Customers().WithId(sh.ids["ann"]).Post(platform.CustomerUpdate{Version: signUp.Customer.Version, Actions: []platform.CustomerUpdateAction{
			platform.CustomerSetCustomFieldAction{Name: "tier", Value: true}}}).Execute(ctx)
		if e := sdkError(t, err, http.StatusBadRequest).Errors[0]; !isCode(e, "InvalidField") {
			t.Errorf("a customer's tier set to true: %+v, want InvalidField", e)
		}
		if got, _ := sh.c.Stores().WithKey("berlin").Get().Execute(ctx); got == nil || got.Version != store.Version {
			t.Errorf("a refused update was written: %+v", got)
		}

		expanded := s.getJSON(t, sh.path("/stores/key=berlin?expand=custom.type"), sh.admin)
		if obj, _ := expanded["custom"].(map[string]any)["type"].(map[string]any)["obj"].(map[string]any); obj["key"] != "store-fields" {
			t.Errorf("expand=custom.type: %v", expanded["custom"])
		}

		ty, err := sh.c.Types().WithKey("store-fields").Get().Execute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		_, err = sh.c.Types().WithKey("store-fields").Delete().Version(ty.Version).Execute(ctx)
		if e := sdkError(t, err, http.StatusBadRequest).Errors[0]; !isCode(e, "ReferenceExists") {
			t.Errorf("deleting a type in use: %+v, want ReferenceExists", e)
		}
		if err := storeUpdate(platform.StoreSetCustomTypeAction{}); err != nil {
			t.Fatalf("remove the store's custom type: %v", err)
		}
		if _, err := sh.c.Types().WithKey("store-fields").Delete().Version(ty.Version).Execute(ctx); err != nil {
			t.Errorf("deleting a type no longer in use: %v", err)
		}
	})
}

// TestTypesNeedTheirScopes: view_types reads types (GET, HEAD) and cannot create them;
// manage_types can; another view scope cannot read them.
func TestTypesNeedTheirScopes(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		draft := platform.TypeDraft{Key: "fields", Name: platform.LocalizedString{"en": "Fields"}, ResourceTypeIds: []platform.ResourceTypeId{"store"}}
		_, err := s.scopedSDK(t, "view_types:"+s.project).Types().Post(draft).Execute(ctx)
		sdkErr(t, err, http.StatusForbidden)
		if _, err := s.scopedSDK(t, "manage_types:"+s.project).Types().Post(draft).Execute(ctx); err != nil {
			t.Fatalf("manage_types creates a type: %v", err)
		}
		page, err := s.scopedSDK(t, "view_types:"+s.project).Types().Get().Execute(ctx)
		if err != nil || page.Total == nil || *page.Total != 1 {
			t.Fatalf("view_types lists types: %+v %v", page, err)
		}
		if err := s.scopedSDK(t, "view_types:"+s.project).Types().WithKey("fields").Head().Execute(ctx); err != nil {
			t.Errorf("HEAD of a type: %v", err)
		}
		if err := s.scopedSDK(t, "view_types:"+s.project).Types().WithKey("nope").Head().Execute(ctx); err == nil {
			t.Error("HEAD of a type that does not exist succeeded")
		}
		_, err = s.scopedSDK(t, "view_stores:"+s.project).Types().Get().Execute(ctx)
		sdkErr(t, err, http.StatusForbidden)
	})
}

// everyFieldType is a type for stores with a field of each field type of the reference, and
// everyFieldValue a value for each.
const (
	everyFieldType = `{"key":"every-field","name":{"en":"Every field"},"description":{"en":"One of each"},"resourceTypeIds":["store"],"fieldDefinitions":[` +
		`{"name":"bool","label":{"en":"b"},"required":true,"type":{"name":"Boolean"}},` +
		`{"name":"text","label":{"en":"t"},"required":false,"inputHint":"MultiLine","type":{"name":"String"}},` +
		`{"name":"ltext","label":{"en":"l"},"required":false,"type":{"name":"LocalizedString"}},` +
		`{"name":"enum","label":{"en":"e"},"required":false,"type":{"name":"Enum","values":[{"key":"a","label":"A"}]}},` +
		`{"name":"lenum","label":{"en":"le"},"required":false,"type":{"name":"LocalizedEnum","values":[{"key":"a","label":{"en":"A"}}]}},` +
		`{"name":"number","label":{"en":"n"},"required":false,"type":{"name":"Number"}},` +
		`{"name":"money","label":{"en":"m"},"required":false,"type":{"name":"Money"}},` +
		`{"name":"date","label":{"en":"d"},"required":false,"type":{"name":"Date"}},` +
		`{"name":"time","label":{"en":"ti"},"required":false,"type":{"name":"Time"}},` +
		`{"name":"datetime","label":{"en":"dt"},"required":false,"type":{"name":"DateTime"}},` +
		`{"name":"ref","label":{"en":"r"},"required":false,"type":{"name":"Reference","referenceTypeId":"customer"}},` +
		`{"name":"set","label":{"en":"s"},"required":false,"type":{"name":"Set","elementType":{"name":"Enum","values":[{"key":"x","label":"X"}]}}}]}`
	everyFieldValue = `{"bool":true,"text":"t","ltext":{"en":"l"},"enum":"a","lenum":"a","number":1.5,` +
		`"money":{"currencyCode":"EUR","centAmount":100},"date":"2026-12-06","time":"10:00:00","datetime":"2026-12-06T10:00:00.000Z",` +
		`"ref":{"typeId":"customer","id":"c-1"},"set":["x","x"]}`
)
