package app_test

import (
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// TestAddShoppingListToCart: addShoppingList adds the lines of a list the caller may see: an
// associate needs the right to view it (their own or, with ViewOthersShoppingLists, a
// colleague's), a list of another unit is not found, /me has no such action, and a refused
// request writes nothing; the seller adds any list.
func TestAddShoppingListToCart(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		w.role("list-viewer", true, procura.ViewOthersShoppingLists)
		alice, bob, carol := w.customers["alice@acme.example"], w.customers["bob@acme.example"], w.customers["carol@globex.example"]
		bobs := listDraft(bob, "acme", "W-1", "G-1")
		bobs.LineItems[1].Quantity = qty(3)
		bobsList := must[*procura.ShoppingList](t)(a.CreateShoppingList(ctx, c, app.Acting{}, bobs))
		carols := listDraft(carol, "globex", "G-1")
		carols.Store = nil // globex sells without stores
		carolsList := must[*procura.ShoppingList](t)(a.CreateShoppingList(ctx, c, app.Acting{}, carols))
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, inUnit(alice, "acme"), cartDraft("W-1")))
		add := func(list string) string {
			return `{"action":"addShoppingList","shoppingList":{"typeId":"shopping-list","id":"` + list + `"}}`
		}
		own := w.as("alice@acme.example", "")
		ownAssociate := app.Acting{Kind: procura.AsAssociate, CustomerID: alice, UnitKey: "acme"}
		for _, tc := range []struct {
			name   string
			caller app.Caller
			who    app.Acting
			action string
			code   string
		}{
			{"a colleague's list without ViewOthersShoppingLists", c, inUnit(alice, "acme"), add(bobsList.ID), procura.CodeAssociateMissingPermission},
			{"the same through the associate's own token", own, ownAssociate, add(bobsList.ID), procura.CodeAssociateMissingPermission},
			{"through /me", own, asMe(alice), add(bobsList.ID), procura.CodeInvalidJSONInput},
			{"a list of another unit", c, inUnit(alice, "acme"), add(carolsList.ID), procura.CodeReferencedResourceNotFound},
			{"no list", c, app.Acting{}, add("nope"), procura.CodeReferencedResourceNotFound},
			{"a channel", c, app.Acting{}, `{"action":"addShoppingList","shoppingList":{"id":"` + bobsList.ID + `"},"supplyChannel":{"key":"dc"}}`, procura.CodeReferencedResourceNotFound},
		} {
			_, err := a.UpdateCart(ctx, tc.caller, tc.who, app.Ref{ID: cart.ID}, actions(cart.Version, tc.action))
			if procura.ErrorCode(err) != tc.code {
				t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
			}
		}
		if v := cartVersion(t, a, c, cart.ID); v != cart.Version {
			t.Fatalf("refused requests wrote the cart: version %d, want %d", v, cart.Version)
		}
		w.grant("acme", "alice@acme.example", "admin", "shopper", "list-viewer")
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, own, ownAssociate, app.Ref{ID: cart.ID}, actions(cart.Version, add(bobsList.ID))))
		if len(cart.LineItems) != 2 || cart.LineItems[0].Quantity != 2 || cart.LineItems[1].Quantity != 3 || cart.TotalPrice.CentAmount != 2*1999+3*500 {
			t.Fatalf("cart after the list: %d lines, total %s", len(cart.LineItems), cart.TotalPrice)
		}
		if got := must[*procura.ShoppingList](t)(a.GetShoppingList(ctx, c, app.Acting{}, app.Ref{ID: bobsList.ID})); got.Version != bobsList.Version {
			t.Fatal("adding a list to a cart changed the list")
		}
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}, actions(cart.Version, add(carolsList.ID))))
		if len(cart.LineItems) != 2 || cart.LineItems[1].Quantity != 4 {
			t.Fatalf("the seller's addition of another unit's list: %+v", cart.LineItems)
		}
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"freezeCart"}`)))
		_, err := a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}, actions(cart.Version, add(bobsList.ID)))
		wantCode(t, err, procura.CodeInvalidOperation)
	})
}
