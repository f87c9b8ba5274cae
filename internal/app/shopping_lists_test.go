package app_test

import (
	"sync"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// listDraft is a list of customerID in unit (store main, which acme sells through), with one of
// each SKU.
func listDraft(customerID, unit string, skus ...string) procura.ShoppingListDraft {
	d := procura.ShoppingListDraft{Name: procura.LocalizedString{"en": "Office"}, Store: &procura.ResourceIdentifier{Key: "main"}}
	if customerID != "" {
		d.Customer = &procura.ResourceIdentifier{ID: customerID}
	}
	if unit != "" {
		d.BusinessUnit = &procura.ResourceIdentifier{Key: unit}
	}
	for _, s := range skus {
		d.LineItems = append(d.LineItems, procura.ShoppingListLineItemDraft{SKU: s, Quantity: qty(1)})
	}
	return d
}

// TestShoppingListPermissionMatrix: every shopping-list operation through as-associate, refused
// without its permission and allowed with it, for the associate's own list (My) and a
// colleague's (Others); and listing shows what the permissions allow.
func TestShoppingListPermissionMatrix(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		for _, p := range []procura.Permission{procura.ViewMyShoppingLists, procura.ViewOthersShoppingLists, procura.CreateMyShoppingLists,
			procura.CreateOthersShoppingLists, procura.UpdateMyShoppingLists, procura.UpdateOthersShoppingLists,
			procura.DeleteMyShoppingLists, procura.DeleteOthersShoppingLists} {
			w.role("only-"+string(p), true, p)
		}
		dan, bob := w.customers["dan@acme.example"], w.customers["bob@acme.example"]
		w.associate("acme", "dan@acme.example", "buyer", procura.InheritanceEnabled) // buyer: no shopping-list permission
		for kind, owner := range map[string]string{"My": dan, "Others": bob} {
			cases := []struct {
				perm procura.Permission
				run  func(id string, version int64) error
			}{
				{procura.Permission("View" + kind + "ShoppingLists"), func(id string, _ int64) error {
					_, err := a.GetShoppingList(ctx, c, inUnit(dan, "acme"), app.Ref{ID: id})
					return err
				}},
				{procura.Permission("Update" + kind + "ShoppingLists"), func(id string, v int64) error {
					_, err := a.UpdateShoppingList(ctx, c, inUnit(dan, "acme"), app.Ref{ID: id}, actions(v, `{"action":"addLineItem","sku":"G-1"}`))
					return err
				}},
				{procura.Permission("Delete" + kind + "ShoppingLists"), func(id string, v int64) error {
					_, err := a.DeleteShoppingList(ctx, c, inUnit(dan, "acme"), app.Ref{ID: id}, v)
					return err
				}},
				{procura.Permission("Create" + kind + "ShoppingLists"), func(string, int64) error {
					_, err := a.CreateShoppingList(ctx, c, inUnit(dan, "acme"), listDraft(owner, "", "W-1"))
					return err
				}},
			}
			for _, tc := range cases {
				t.Run(string(tc.perm), func(t *testing.T) {
					list := must[*procura.ShoppingList](t)(a.CreateShoppingList(ctx, c, app.Acting{}, listDraft(owner, "acme", "W-1")))
					w.grant("acme", "dan@acme.example", "buyer")
					wantCode(t, tc.run(list.ID, list.Version), procura.CodeAssociateMissingPermission)
					if got := must[*procura.ShoppingList](t)(a.GetShoppingList(ctx, c, app.Acting{}, app.Ref{ID: list.ID})); got.Version != list.Version {
						t.Fatalf("a refused request wrote version %d", got.Version)
					}
					w.grant("acme", "dan@acme.example", "only-"+string(tc.perm))
					if err := tc.run(list.ID, list.Version); err != nil {
						t.Fatalf("with %s: %v", tc.perm, err)
					}
				})
			}
		}

		// Listing: ViewMy shows dan's own only, ViewOthers his colleagues' only, neither is refused.
		for _, tc := range []struct {
			role, want string
		}{{"only-ViewMyShoppingLists", dan}, {"only-ViewOthersShoppingLists", bob}} {
			w.grant("acme", "dan@acme.example", tc.role)
			page := must[*app.Page](t)(a.QueryShoppingLists(ctx, c, inUnit(dan, "acme"), app.Query{Limit: 100}))
			if len(page.Items()) == 0 {
				all := must[*app.Page](t)(a.QueryShoppingLists(ctx, c, app.Acting{}, app.Query{Limit: 100}))
				t.Fatalf("%s: nothing listed of %v", tc.role, all.Items())
			}
			for _, it := range page.Items() {
				if id := it["customer"].(map[string]any)["id"]; id != tc.want {
					t.Fatalf("%s lists a list of %v", tc.role, id)
				}
			}
		}
		w.grant("acme", "dan@acme.example", "buyer")
		_, err := a.QueryShoppingLists(ctx, c, inUnit(dan, "acme"), app.Query{Limit: 100})
		wantCode(t, err, procura.CodeAssociateMissingPermission)
	})
}

// TestShoppingListsBeyondReach: a list of another unit, another customer on /me, another
// anonymous session, is not found; a unit the associate does not act for is refused.
func TestShoppingListsBeyondReach(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		w.role("lister", true, procura.ViewMyShoppingLists, procura.ViewOthersShoppingLists, procura.UpdateMyShoppingLists,
			procura.UpdateOthersShoppingLists, procura.CreateMyShoppingLists, procura.DeleteMyShoppingLists)
		alice, bob, carol := w.customers["alice@acme.example"], w.customers["bob@acme.example"], w.customers["carol@globex.example"]
		w.grant("acme", "alice@acme.example", "lister")
		w.associate("eng", "bob@acme.example", "lister", procura.InheritanceEnabled)
		inEng := must[*procura.ShoppingList](t)(a.CreateShoppingList(ctx, c, app.Acting{}, listDraft(bob, "eng")))
		bobs := must[*procura.ShoppingList](t)(a.CreateShoppingList(ctx, c, asMe(bob), listDraft("", "")))
		session := must[*procura.ShoppingList](t)(a.CreateShoppingList(ctx, c, app.Acting{Kind: procura.AsAnonymous, AnonymousID: "s-1"},
			procura.ShoppingListDraft{Name: procura.LocalizedString{"en": "Guest"}}))
		if session.AnonymousID != "s-1" || session.Customer != nil || session.BusinessUnit != nil {
			t.Fatalf("a session's list: %+v", session)
		}

		// Allowed: alice (acting for acme, inherited in eng) reads eng's list in eng, bob his own on /me,
		// the session its own.
		must[*procura.ShoppingList](t)(a.GetShoppingList(ctx, c, inUnit(alice, "eng"), app.Ref{ID: inEng.ID}))
		must[*procura.ShoppingList](t)(a.GetShoppingList(ctx, c, asMe(bob), app.Ref{ID: bobs.ID}))
		must[*procura.ShoppingList](t)(a.GetShoppingList(ctx, c, app.Acting{Kind: procura.AsAnonymous, AnonymousID: "s-1"}, app.Ref{ID: session.ID}))

		// Denied.
		_, err := a.GetShoppingList(ctx, c, inUnit(alice, "acme"), app.Ref{ID: inEng.ID}) // another unit than the path's
		wantCode(t, err, procura.CodeResourceNotFound)
		_, err = a.GetShoppingList(ctx, c, inUnit(carol, "acme"), app.Ref{ID: inEng.ID}) // a unit carol does not act for
		wantCode(t, err, procura.CodeResourceNotFound)
		_, err = a.QueryShoppingLists(ctx, c, inUnit(carol, "acme"), app.Query{Limit: 100})
		wantCode(t, err, procura.CodeAssociateMissingPermission)
		_, err = a.GetShoppingList(ctx, c, asMe(alice), app.Ref{ID: bobs.ID}) // /me of another customer
		wantCode(t, err, procura.CodeResourceNotFound)
		_, err = a.UpdateShoppingList(ctx, c, asMe(alice), app.Ref{ID: bobs.ID}, actions(bobs.Version, `{"action":"setDescription"}`))
		wantCode(t, err, procura.CodeResourceNotFound)
		_, err = a.DeleteShoppingList(ctx, c, asMe(alice), app.Ref{ID: bobs.ID}, bobs.Version)
		wantCode(t, err, procura.CodeResourceNotFound)
		other := app.Acting{Kind: procura.AsAnonymous, AnonymousID: "s-2"}
		_, err = a.GetShoppingList(ctx, c, other, app.Ref{ID: session.ID}) // another session
		wantCode(t, err, procura.CodeResourceNotFound)
		_, err = a.GetShoppingList(ctx, c, other, app.Ref{ID: bobs.ID})
		wantCode(t, err, procura.CodeResourceNotFound)
		if page := must[*app.Page](t)(a.QueryShoppingLists(ctx, c, other, app.Query{Limit: 100})); len(page.Items()) != 0 {
			t.Fatalf("another session lists %d lists", len(page.Items()))
		}
		if page := must[*app.Page](t)(a.QueryShoppingLists(ctx, c, asMe(alice), app.Query{Limit: 100})); len(page.Items()) != 0 {
			t.Fatalf("alice lists %d lists of others on /me", len(page.Items()))
		}
		// A session names no customer and no unit; a customer on /me names no one else.
		_, err = a.CreateShoppingList(ctx, c, other, listDraft("", "acme"))
		wantCode(t, err, procura.CodeInvalidInput)
		_, err = a.CreateShoppingList(ctx, c, asMe(alice), listDraft(bob, ""))
		wantCode(t, err, procura.CodeInvalidInput)
		keyed := listDraft("", "")
		keyed.Key = "my-list" // no field of MyShoppingListDraft
		_, err = a.CreateShoppingList(ctx, c, asMe(alice), keyed)
		wantCode(t, err, procura.CodeInvalidJSONInput)
		keyed.AnonymousID = "s-9"
		_, err = a.CreateShoppingList(ctx, c, inUnit(alice, "acme"), keyed) // the seller alone names a session
		wantCode(t, err, procura.CodeInvalidInput)
		// The seller's: an anonymous session's list is in no unit.
		d := listDraft("", "acme")
		d.AnonymousID = "s-3"
		_, err = a.CreateShoppingList(ctx, c, app.Acting{}, d)
		wantCode(t, err, procura.CodeInvalidInput)
	})
}

// TestShoppingListPlacement: as an associate the path decides the unit, whatever the draft says;
// a list of a unit is in one of its stores, and its customer is an associate of it.
func TestShoppingListPlacement(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		w.role("lister", true, procura.CreateMyShoppingLists, procura.ViewMyShoppingLists, procura.UpdateMyShoppingLists)
		alice, carol := w.customers["alice@acme.example"], w.customers["carol@globex.example"]
		w.grant("acme", "alice@acme.example", "lister")
		list := must[*procura.ShoppingList](t)(a.CreateShoppingList(ctx, c, inUnit(alice, "acme"), listDraft("", "globex")))
		if list.BusinessUnit == nil || list.BusinessUnit.Key != "acme" || list.CustomerID() != alice {
			t.Fatalf("created in acme: unit %v, customer %s", list.BusinessUnit, list.CustomerID())
		}
		noStore := listDraft(alice, "acme")
		noStore.Store = nil
		_, err := a.CreateShoppingList(ctx, c, app.Acting{}, noStore)
		wantCode(t, err, procura.CodeInvalidOperation)
		_, err = a.CreateShoppingList(ctx, c, app.Acting{}, listDraft(alice, "globex")) // globex has no stores, and alice is not its associate
		wantCode(t, err, procura.CodeInvalidOperation)
		_, err = a.CreateShoppingList(ctx, c, app.Acting{}, listDraft(carol, "acme"))
		wantCode(t, err, procura.CodeInvalidOperation)
		// The seller moves a list; the store rule is checked again.
		_, err = a.UpdateShoppingList(ctx, c, app.Acting{}, app.Ref{ID: list.ID}, actions(list.Version, `{"action":"setStore"}`))
		wantCode(t, err, procura.CodeInvalidOperation)
		_, err = a.UpdateShoppingList(ctx, c, app.Acting{}, app.Ref{ID: list.ID}, actions(list.Version, `{"action":"setCustomer","customer":{"id":"`+carol+`"}}`))
		wantCode(t, err, procura.CodeInvalidOperation)
		// Who owns a list is the seller's: an associate does not hand it over.
		_, err = a.UpdateShoppingList(ctx, c, inUnit(alice, "acme"), app.Ref{ID: list.ID}, actions(list.Version, `{"action":"setCustomer"}`))
		wantCode(t, err, procura.CodeInvalidOperation)
	})
}

// TestShoppingListItems: line items by SKU and by product and variant, merged when the same,
// refused beyond their limits; text line items; a failed update writes nothing; a deleted
// product's line item keeps the list readable.
func TestShoppingListItems(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		alice := w.customers["alice@acme.example"]
		me := asMe(alice)
		list := must[*procura.ShoppingList](t)(a.CreateShoppingList(ctx, c, me, procura.ShoppingListDraft{Name: procura.LocalizedString{"en": "Mine"},
			TextLineItems: []procura.TextLineItemDraft{{Name: procura.LocalizedString{"en": "blue pencils"}}}}))
		gadget := must[*procura.Product](t)(a.GetProduct(ctx, c, app.Ref{Key: "gadget"}))
		list = must[*procura.ShoppingList](t)(a.UpdateShoppingList(ctx, c, me, app.Ref{ID: list.ID}, actions(list.Version,
			`{"action":"addLineItem","sku":"W-1","quantity":2}`,
			`{"action":"addLineItem","productId":"`+gadget.ID+`","variantId":1}`,
			`{"action":"addLineItem","sku":"W-1"}`,
			`{"action":"addTextLineItem","name":{"en":"paper"},"key":"paper","quantity":3}`)))
		if len(list.LineItems) != 2 || list.LineItems[0].Quantity != 3 || list.LineItems[1].Name["en"] != "gadget" || !list.LineItems[1].Published {
			t.Fatalf("line items: %+v", list.LineItems)
		}
		if li := list.LineItems[0]; li.Variant == nil || li.Variant.SKU != "W-1" || li.ProductSlug["en"] != "widget" || li.ProductType.ID == "" {
			t.Fatalf("a line item shows its product: %+v", li)
		}
		w1, g1 := list.LineItems[0].ID, list.LineItems[1].ID
		list = must[*procura.ShoppingList](t)(a.UpdateShoppingList(ctx, c, me, app.Ref{ID: list.ID}, actions(list.Version,
			`{"action":"changeLineItemsOrder","lineItemOrder":["`+g1+`","`+w1+`"]}`,
			`{"action":"changeLineItemQuantity","lineItemId":"`+w1+`","quantity":5}`,
			`{"action":"removeLineItem","lineItemId":"`+w1+`","quantity":1}`,
			`{"action":"changeTextLineItemQuantity","textLineItemKey":"paper","quantity":4}`,
			`{"action":"changeTextLineItemName","textLineItemKey":"paper","name":{"en":"A4 paper"}}`,
			`{"action":"setTextLineItemDescription","textLineItemKey":"paper","description":{"en":"white"}}`,
			`{"action":"changeName","name":{"en":"Office"}}`, `{"action":"setDescription","description":{"en":"weekly"}}`,
			`{"action":"setDeleteDaysAfterLastModification","deleteDaysAfterLastModification":30}`)))
		if list.LineItems[0].ID != g1 || list.LineItems[1].Quantity != 4 || list.TextLineItems[1].Name["en"] != "A4 paper" ||
			list.TextLineItems[1].Quantity != 4 || list.Name["en"] != "Office" || *list.DeleteDaysAfterLastModification != 30 {
			t.Fatalf("after the changes: %+v", list)
		}
		tp := list.TextLineItems[0].ID
		list = must[*procura.ShoppingList](t)(a.UpdateShoppingList(ctx, c, me, app.Ref{ID: list.ID}, actions(list.Version,
			`{"action":"changeTextLineItemsOrder","textLineItemOrder":["`+list.TextLineItems[1].ID+`","`+tp+`"]}`,
			`{"action":"removeTextLineItem","textLineItemId":"`+tp+`"}`, `{"action":"changeLineItemQuantity","lineItemId":"`+g1+`","quantity":0}`)))
		if len(list.TextLineItems) != 1 || len(list.LineItems) != 1 || list.LineItems[0].ID != w1 {
			t.Fatalf("after removing: %+v", list)
		}

		// Refused, and nothing written.
		for _, bad := range []struct{ action, code string }{
			{`{"action":"addLineItem","sku":"NOPE"}`, procura.CodeReferencedResourceNotFound},
			{`{"action":"addLineItem","sku":"W-1","quantity":0}`, procura.CodeInvalidInput},
			{`{"action":"changeLineItemQuantity","lineItemId":"nope","quantity":1}`, procura.CodeInvalidInput},
			{`{"action":"changeLineItemsOrder","lineItemOrder":[]}`, procura.CodeInvalidInput},
			{`{"action":"changeName","name":{}}`, procura.CodeRequiredField},
			{`{"action":"addTextLineItem","name":{"en":"x"},"key":"paper"}`, procura.CodeDuplicateField},
			{`{"action":"setDeleteDaysAfterLastModification","deleteDaysAfterLastModification":0}`, procura.CodeInvalidField},
			{`{"action":"addLineItem","sku":"W-1","addedAt":"yesterday"}`, procura.CodeInvalidField},
			{`{"action":"setKey","key":"mine"}`, procura.CodeInvalidJSONInput}, // not an action of /me
		} {
			_, err := a.UpdateShoppingList(ctx, c, me, app.Ref{ID: list.ID}, actions(list.Version, `{"action":"setDescription"}`, bad.action))
			if procura.ErrorCode(err) != bad.code {
				t.Errorf("%s: %v, want %s", bad.action, err, bad.code)
			}
		}
		if got := must[*procura.ShoppingList](t)(a.GetShoppingList(ctx, c, me, app.Ref{ID: list.ID})); got.Version != list.Version {
			t.Fatalf("refused updates wrote version %d", got.Version)
		}

		// The line-item limit.
		many := procura.ShoppingListDraft{Name: procura.LocalizedString{"en": "Many"}}
		for range procura.MaxListItems + 1 {
			many.TextLineItems = append(many.TextLineItems, procura.TextLineItemDraft{Name: procura.LocalizedString{"en": "x"}})
		}
		_, err := a.CreateShoppingList(ctx, c, me, many)
		wantCode(t, err, procura.CodeMaxResourceLimitExceeded)

		// The widget is deleted: the list stays readable and changeable, its line item unpublished.
		widget := must[*procura.Product](t)(a.GetProduct(ctx, c, app.Ref{Key: "widget"}))
		widget = must[*procura.Product](t)(a.UpdateProduct(ctx, c, app.Ref{ID: widget.ID}, actions(widget.Version, `{"action":"unpublish"}`)))
		must[*procura.Product](t)(a.DeleteProduct(ctx, c, app.Ref{ID: widget.ID}, widget.Version))
		list = must[*procura.ShoppingList](t)(a.UpdateShoppingList(ctx, c, me, app.Ref{ID: list.ID}, actions(list.Version, `{"action":"setDescription"}`)))
		if li := list.LineItems[0]; li.Published || li.Name["en"] != "widget" {
			t.Fatalf("a deleted product's line item: %+v", li)
		}
		must[*procura.ShoppingList](t)(a.GetShoppingList(ctx, c, me, app.Ref{ID: list.ID}))
	})
}

// TestShoppingListConcurrentWriters: two updates at the same version, one wins, the other is a
// ConcurrentModification; neither update is lost.
func TestShoppingListConcurrentWriters(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		me := asMe(w.customers["alice@acme.example"])
		list := must[*procura.ShoppingList](t)(a.CreateShoppingList(ctx, c, me, procura.ShoppingListDraft{Name: procura.LocalizedString{"en": "L"}}))
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = a.UpdateShoppingList(ctx, c, me, app.Ref{ID: list.ID}, actions(list.Version, `{"action":"addTextLineItem","name":{"en":"x"}}`))
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else if procura.ErrorCode(err) != procura.CodeConcurrentModification {
				t.Fatalf("a concurrent writer: %v", err)
			}
		}
		got := must[*procura.ShoppingList](t)(a.GetShoppingList(ctx, c, me, app.Ref{ID: list.ID}))
		if ok != 1 || len(got.TextLineItems) != 1 || got.Version != list.Version+1 {
			t.Fatalf("%d writers won, %d text line items at version %d", ok, len(got.TextLineItems), got.Version)
		}
	})
}

// TestShoppingListsInAStore: on a store's path a list gets the store and may name no other, and
// only that store's lists are found and listed there.
func TestShoppingListsInAStore(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		must[*procura.Store](t)(a.CreateStore(ctx, c, procura.StoreDraft{Key: "other"}))
		alice := w.customers["alice@acme.example"]
		inMain := c
		inMain.Store = "main"
		draft := listDraft("", "")
		draft.Store = nil
		list := must[*procura.ShoppingList](t)(a.CreateShoppingList(ctx, inMain, asMe(alice), draft))
		if list.Store == nil || list.Store.Key != "main" {
			t.Fatalf("a list made in store main: store %+v", list.Store)
		}
		elsewhere := must[*procura.ShoppingList](t)(a.CreateShoppingList(ctx, c, asMe(alice), draft))
		draft.Store = &procura.ResourceIdentifier{Key: "other"}
		_, err := a.CreateShoppingList(ctx, inMain, asMe(alice), draft)
		wantCode(t, err, procura.CodeInvalidInput)
		_, err = a.GetShoppingList(ctx, inMain, asMe(alice), app.Ref{ID: elsewhere.ID})
		wantCode(t, err, procura.CodeResourceNotFound)
		_, err = a.UpdateShoppingList(ctx, inMain, app.Acting{}, app.Ref{ID: list.ID}, actions(list.Version, `{"action":"setStore","store":{"key":"other"}}`))
		wantCode(t, err, procura.CodeInvalidInput)
		page := must[*app.Page](t)(a.QueryShoppingLists(ctx, inMain, asMe(alice), app.Query{Limit: 100}))
		if len(page.Items()) != 1 || page.Items()[0]["id"] != list.ID {
			t.Fatalf("lists in store main: %v", page.Items())
		}
		must[*procura.ShoppingList](t)(a.GetShoppingList(ctx, inMain, asMe(alice), app.Ref{ID: list.ID}))
	})
}

// TestShoppingListCustomFields: the list's, its line items' and its text line items' custom fields
// follow their types ("shopping-list", "line-item", "shopping-list-text-line-item"); a type for
// other resources, or a wrong value, is refused and writes nothing.
func TestShoppingListCustomFields(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		w.customType("list-fields", "shopping-list", "note:String")
		w.customType("line-fields", "line-item", "!gift:Boolean")
		w.customType("text-fields", "shopping-list-text-line-item", "urgent:Boolean")
		me := asMe(w.customers["alice@acme.example"])
		list := must[*procura.ShoppingList](t)(a.CreateShoppingList(ctx, c, me, procura.ShoppingListDraft{Name: procura.LocalizedString{"en": "L"},
			Custom:        &procura.CustomFieldsDraft{Type: &procura.ResourceIdentifier{Key: "list-fields"}, Fields: map[string]any{"note": "n"}},
			LineItems:     []procura.ShoppingListLineItemDraft{{SKU: "W-1"}},
			TextLineItems: []procura.TextLineItemDraft{{Name: procura.LocalizedString{"en": "t"}, Key: "tt"}}}))
		line := list.LineItems[0].ID
		for _, tc := range []struct{ name, action, code string }{
			{"a list field of the wrong type", `{"action":"setCustomField","name":"note","value":1}`, procura.CodeInvalidField},
			{"a line item without its required field", `{"action":"setLineItemCustomType","lineItemId":"` + line + `","type":{"key":"line-fields"}}`, procura.CodeRequiredField},
			{"a text line item with a line item type", `{"action":"setTextLineItemCustomType","textLineItemKey":"tt","type":{"key":"line-fields"},"fields":{"gift":true}}`, procura.CodeInvalidInput},
			{"a list with a text line item type", `{"action":"setCustomType","type":{"key":"text-fields"}}`, procura.CodeInvalidInput},
		} {
			_, err := a.UpdateShoppingList(ctx, c, me, app.Ref{ID: list.ID}, actions(list.Version, tc.action))
			if procura.ErrorCode(err) != tc.code {
				t.Errorf("%s: got %v, want %s", tc.name, err, tc.code)
			}
		}
		list = must[*procura.ShoppingList](t)(a.UpdateShoppingList(ctx, c, me, app.Ref{ID: list.ID}, actions(list.Version,
			`{"action":"setLineItemCustomType","lineItemId":"`+line+`","type":{"key":"line-fields"},"fields":{"gift":true}}`,
			`{"action":"setTextLineItemCustomType","textLineItemKey":"tt","type":{"key":"text-fields"}}`,
			`{"action":"setTextLineItemCustomField","textLineItemKey":"tt","name":"urgent","value":true}`,
			`{"action":"setCustomField","name":"note","value":"m"}`)))
		if list.Version != 2 || list.LineItems[0].Custom.Fields["gift"] != true || list.TextLineItems[0].Custom.Fields["urgent"] != true ||
			list.Custom.Fields["note"] != "m" {
			t.Fatalf("after the custom actions: %+v", list)
		}
	})
}

// TestShoppingListSlugsAreUniqueInTheProject: a slug is one list's in its language, whether the
// lists are made at once or a slug is set later; a list may use one slug in several languages,
// and a slug removed is free again.
func TestShoppingListSlugsAreUniqueInTheProject(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		alice := w.customers["alice@acme.example"]
		withSlug := func(slug procura.LocalizedString) procura.ShoppingListDraft {
			d := listDraft(alice, "acme")
			d.Slug = slug
			return d
		}
		created, _ := atOnce(t, 4, func(int) error {
			_, err := a.CreateShoppingList(ctx, c, app.Acting{}, withSlug(procura.LocalizedString{"en": "office"}))
			return err
		}, procura.CodeDuplicateField)
		page := must[*app.Page](t)(a.QueryShoppingLists(ctx, c, app.Acting{}, app.Query{Limit: 10, WithTotal: true}))
		if created != 1 || *page.Total != 1 {
			t.Fatalf("%d lists created, %d stored; want 1", created, *page.Total)
		}
		office := page.Items()[0]["id"].(string)
		other := must[*procura.ShoppingList](t)(a.CreateShoppingList(ctx, c, app.Acting{}, withSlug(procura.LocalizedString{"de": "office", "en": "other"})))
		_, err := a.UpdateShoppingList(ctx, c, app.Acting{}, app.Ref{ID: other.ID}, actions(other.Version, `{"action":"setSlug","slug":{"en":"office"}}`))
		wantCode(t, err, procura.CodeDuplicateField)
		other = must[*procura.ShoppingList](t)(a.UpdateShoppingList(ctx, c, app.Acting{}, app.Ref{ID: other.ID}, actions(other.Version,
			`{"action":"setSlug","slug":{"en":"other","fr":"other"}}`)))
		list := must[*procura.ShoppingList](t)(a.GetShoppingList(ctx, c, app.Acting{}, app.Ref{ID: office}))
		must[*procura.ShoppingList](t)(a.UpdateShoppingList(ctx, c, app.Acting{}, app.Ref{ID: office}, actions(list.Version, `{"action":"setSlug"}`)))
		must[*procura.ShoppingList](t)(a.UpdateShoppingList(ctx, c, app.Acting{}, app.Ref{ID: other.ID}, actions(other.Version, `{"action":"setSlug","slug":{"en":"office"}}`)))
	})
}
