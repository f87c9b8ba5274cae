package e2e

import (
	"context"
	"net/http"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

var listPerms = []platform.Permission{
	platform.PermissionCreateMyShoppingLists, platform.PermissionViewMyShoppingLists,
	platform.PermissionUpdateMyShoppingLists, platform.PermissionDeleteMyShoppingLists,
}

// TestLaunchpadShoppingListCalls replays the purchase-list calls of commercetools' B2B storefront
// (W1-W5 of its call inventory) through the official SDK, as-associate in a business unit that
// sells through a store: create a list, add a line item by SKU, change its quantity, query with
// the storefront's where and expand parameters, read one, rename it, delete it. Then the same
// customer's /me/shopping-lists with their own token, and the cases that must be refused.
func TestLaunchpadShoppingListCalls(t *testing.T) {
	ref := reference(t)
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		sh := newShop(t, s)
		sh.customer(t, "alice")
		sh.customer(t, "bob")
		if r := s.do(t, http.MethodPost, sh.path("/stores"), sh.admin, []byte(`{"key":"b2b","name":{"en":"B2B"}}`)); r.status != http.StatusCreated {
			t.Fatalf("create the store: %d %s", r.status, clip(r.body))
		}
		sh.unit(t, "acme", "", `,"stores":[{"typeId":"store","key":"b2b"}]`)
		sh.unit(t, "globex", "", "")
		sh.grant(t, "acme", "alice", listPerms...)
		sh.grant(t, "acme", "bob", platform.PermissionViewMyShoppingLists)
		alice := sh.asAssociate("alice", "acme")

		// W3: the storefront's draft names the customer, the store and the unit.
		desc := platform.LocalizedString{"en": "every week"}
		list, err := alice.ShoppingLists().Post(platform.ShoppingListDraft{
			Name: platform.LocalizedString{"en": "Office"}, Description: &desc,
			Customer:     &platform.CustomerResourceIdentifier{ID: ptr(sh.ids["alice"])},
			Store:        &platform.StoreResourceIdentifier{Key: ptr("b2b")},
			BusinessUnit: &platform.BusinessUnitResourceIdentifier{Key: ptr("globex")}, // the path decides
		}).Execute(ctx)
		if err != nil {
			t.Fatalf("W3 create: %v", err)
		}
		if list.BusinessUnit == nil || list.BusinessUnit.Key != "acme" || list.Customer == nil || list.Customer.ID != sh.ids["alice"] ||
			list.Store == nil || list.Store.Key != "b2b" {
			t.Fatalf("W3 list: unit %+v customer %+v store %+v", list.BusinessUnit, list.Customer, list.Store)
		}

		// W5: add by SKU, change the quantity, rename.
		list, err = alice.ShoppingLists().WithId(list.ID).Post(platform.ShoppingListUpdate{Version: list.Version, Actions: []platform.ShoppingListUpdateAction{
			platform.ShoppingListAddLineItemAction{Sku: ptr(widgetSKU), Quantity: ptr(2)},
			platform.ShoppingListAddLineItemAction{Sku: ptr(gadgetSKU), Quantity: ptr(1)},
		}}).Execute(ctx)
		if err != nil {
			t.Fatalf("W5 addLineItem: %v", err)
		}
		if len(list.LineItems) != 2 || list.LineItems[0].Variant == nil || deref(list.LineItems[0].Variant.Sku) != widgetSKU || list.LineItems[0].Quantity != 2 {
			t.Fatalf("W5 line items: %+v", list.LineItems)
		}
		widgetItem, gadgetItem := list.LineItems[0].ID, list.LineItems[1].ID
		list, err = alice.ShoppingLists().WithId(list.ID).Post(platform.ShoppingListUpdate{Version: list.Version, Actions: []platform.ShoppingListUpdateAction{
			platform.ShoppingListChangeLineItemQuantityAction{LineItemId: ptr(widgetItem), Quantity: 5},
			platform.ShoppingListRemoveLineItemAction{LineItemId: ptr(gadgetItem)},
			platform.ShoppingListChangeNameAction{Name: platform.LocalizedString{"en": "Office supplies"}},
			platform.ShoppingListSetDescriptionAction{Description: &platform.LocalizedString{"en": "monthly"}},
		}}).Execute(ctx)
		if err != nil {
			t.Fatalf("W5 changes: %v", err)
		}
		if len(list.LineItems) != 1 || list.LineItems[0].Quantity != 5 || list.Name["en"] != "Office supplies" {
			t.Fatalf("W5 after the changes: %+v", list)
		}
		if list.LineItems[0].Name["en"] != "The widget" || (*list.LineItems[0].ProductSlug)["en"] != "widget" || !list.LineItems[0].Published {
			t.Fatalf("a line item shows its product: %+v", list.LineItems[0])
		}

		// W1: the purchase-list page's query, raw so that its parameters repeat as the storefront sends them.
		q := query("where", `store(key="b2b")`, "where", `businessUnit(key="acme")`, "where", `id in ("`+list.ID+`")`,
			"expand", "lineItems[*].variant", "expand", "store", "expand", "customer", "limit", "20", "offset", "0", "text.en", "widget")
		r := s.do(t, http.MethodGet, sh.inUnit("alice", "acme")+"/shopping-lists?"+q, sh.admin, nil)
		wantStatus(t, "W1 query", r, http.StatusOK) // text.{lang} (the search box) is ignored, not refused
		expectShape(t, ref, "ShoppingListPagedQueryResponse", "W1 page", r.body)
		page, err := alice.ShoppingLists().Get().Where([]string{`store(key="b2b")`, `businessUnit(key="acme")`}).
			Expand([]string{"lineItems[*].variant", "store", "customer"}).Limit(20).Offset(0).Execute(ctx)
		if err != nil {
			t.Fatalf("W1 query: %v", err)
		}
		if len(page.Results) != 1 || page.Results[0].ID != list.ID || page.Results[0].Store == nil ||
			page.Results[0].Customer == nil || page.Results[0].Customer.Obj == nil {
			t.Fatalf("W1 page: %+v", page.Results)
		}
		if page, err = alice.ShoppingLists().Get().Where([]string{`store(key="other")`}).Execute(ctx); err != nil || len(page.Results) != 0 {
			t.Fatalf("W1 of another store: %v %+v", err, page)
		}

		// W2: one list, expanded; its reference shape.
		got, err := alice.ShoppingLists().WithId(list.ID).Get().Expand([]string{"lineItems[*].variant"}).Execute(ctx)
		if err != nil || got.Version != list.Version {
			t.Fatalf("W2 get: %v %+v", err, got)
		}
		r = s.do(t, http.MethodGet, sh.inUnit("alice", "acme")+"/shopping-lists/"+list.ID+"?expand=customer", sh.admin, nil)
		wantStatus(t, "W2 get", r, http.StatusOK)
		expectShape(t, ref, "ShoppingList", "W2 list", r.body)
		if r := s.do(t, http.MethodHead, sh.inUnit("alice", "acme")+"/shopping-lists/"+list.ID, sh.admin, nil); r.status != http.StatusOK {
			t.Fatalf("HEAD: %d", r.status)
		}

		// Refused: bob may view only his own lists, and in another unit the list is not found.
		bob := sh.asAssociate("bob", "acme")
		_, err = bob.ShoppingLists().WithId(list.ID).Get().Execute(ctx)
		if e := sdkError(t, err, http.StatusForbidden).Errors[0]; !isCode(e, "AssociateMissingPermission") {
			t.Fatalf("bob reads alice's list: %+v", e)
		}
		if page, err := bob.ShoppingLists().Get().Execute(ctx); err != nil || len(page.Results) != 0 {
			t.Fatalf("bob lists: %v %+v", err, page)
		}
		sh.grant(t, "globex", "alice", listPerms...)
		_, err = sh.asAssociate("alice", "globex").ShoppingLists().WithId(list.ID).Get().Execute(ctx)
		notFound(t, "the list in another unit", err)
		_, err = alice.ShoppingLists().WithId(list.ID).Post(platform.ShoppingListUpdate{Version: list.Version - 1, Actions: []platform.ShoppingListUpdateAction{
			platform.ShoppingListSetDescriptionAction{}}}).Execute(ctx)
		if e := sdkError(t, err, http.StatusConflict).Errors[0]; !isCode(e, "ConcurrentModification") {
			t.Fatalf("an old version: %+v", e)
		}

		// W4: delete at the version the storefront holds.
		if _, err := alice.ShoppingLists().WithId(list.ID).Delete().Version(list.Version).Execute(ctx); err != nil {
			t.Fatalf("W4 delete: %v", err)
		}
		_, err = alice.ShoppingLists().WithId(list.ID).Get().Execute(ctx)
		notFound(t, "the deleted list", err)

		// /me/shopping-lists with the customer's own token: their own lists only.
		aliceMe, _ := s.passwordSDK(t, emailOf("alice"), passwordOf("alice"))
		bobMe, bobTok := s.passwordSDK(t, emailOf("bob"), passwordOf("bob"))
		mine, err := aliceMe.Me().ShoppingLists().Post(platform.MyShoppingListDraft{Name: platform.LocalizedString{"en": "Mine"},
			LineItems: []platform.ShoppingListLineItemDraft{{Sku: ptr(widgetSKU)}}}).Execute(ctx)
		if err != nil {
			t.Fatalf("/me create: %v", err)
		}
		if mine.Customer == nil || mine.Customer.ID != sh.ids["alice"] || mine.BusinessUnit != nil || len(mine.LineItems) != 1 {
			t.Fatalf("/me list: %+v", mine)
		}
		mine, err = aliceMe.Me().ShoppingLists().WithId(mine.ID).Post(platform.MyShoppingListUpdate{Version: mine.Version,
			Actions: []platform.MyShoppingListUpdateAction{platform.MyShoppingListAddTextLineItemAction{Name: platform.LocalizedString{"en": "paper"}}}}).Execute(ctx)
		if err != nil || len(mine.TextLineItems) != 1 {
			t.Fatalf("/me update: %v %+v", err, mine)
		}
		if page, err := aliceMe.Me().ShoppingLists().Get().Execute(ctx); err != nil || len(page.Results) != 1 {
			t.Fatalf("/me query: %v %+v", err, page)
		}
		_, err = bobMe.Me().ShoppingLists().WithId(mine.ID).Get().Execute(ctx)
		notFound(t, "bob reads alice's /me list", err)
		r = s.do(t, http.MethodPost, sh.path("/me/shopping-lists/"+mine.ID), bobTok.AccessToken, []byte(`{"version":3,"actions":[{"action":"changeName","name":{"en":"x"}}]}`))
		wantStatus(t, "bob updates alice's list", r, http.StatusNotFound)
		if page, err := bobMe.Me().ShoppingLists().Get().Execute(ctx); err != nil || len(page.Results) != 0 {
			t.Fatalf("bob's /me query: %v %+v", err, page)
		}
		if _, err := aliceMe.Me().ShoppingLists().WithId(mine.ID).Delete().Version(mine.Version).Execute(ctx); err != nil {
			t.Fatalf("/me delete: %v", err)
		}
	})
}
