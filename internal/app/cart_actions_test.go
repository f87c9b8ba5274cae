package app_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// cartVersion reads a cart's stored version through the seller.
func cartVersion(t *testing.T, a *app.App, c app.Caller, id string) int64 {
	t.Helper()
	return must[*procura.Cart](t)(a.GetCart(ctx, c, app.Acting{}, app.Ref{ID: id})).Version
}

// TestCartLocaleIsAProjectLanguage: setLocale and a draft's locale take the project's languages
// only; a refused locale writes nothing.
func TestCartLocaleIsAProjectLanguage(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		alice := w.customers["alice@acme.example"]
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, asMe(alice), cartDraft("W-1")))
		_, err := a.UpdateCart(ctx, c, asMe(alice), app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"setLocale","locale":"de"}`))
		wantCode(t, err, procura.CodeInvalidField)
		if v := cartVersion(t, a, c, cart.ID); v != cart.Version {
			t.Fatalf("a refused locale wrote the cart: version %d, want %d", v, cart.Version)
		}
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, asMe(alice), app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"setLocale","locale":"en"}`)))
		if cart.Locale != "en" {
			t.Fatalf("locale %q", cart.Locale)
		}
		d := cartDraft("W-1")
		d.Locale = "fr"
		_, err = a.CreateCart(ctx, c, asMe(alice), d)
		wantCode(t, err, procura.CodeInvalidField)
	})
}

// TestCustomLineItemsAreTheSellers: the seller and its backend add custom line items, which
// count in the total; a customer's own token can neither add one nor give one in a draft.
func TestCustomLineItemsAreTheSellers(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		alice := w.customers["alice@acme.example"]
		own := w.as("alice@acme.example", "")
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, inUnit(alice, "acme"), cartDraft("W-1")))
		fee := `{"action":"addCustomLineItem","name":{"en":"Freight"},"slug":"freight","money":{"currencyCode":"EUR","centAmount":750},` +
			`"taxCategory":{"typeId":"tax-category","id":"standard"}}`
		_, err := a.UpdateCart(ctx, own, asMe(alice), app.Ref{ID: cart.ID}, actions(cart.Version, fee))
		wantCode(t, err, procura.CodeInvalidJSONInput)
		_, err = a.UpdateCart(ctx, own, app.AsAssociate(own, alice, "acme"), app.Ref{ID: cart.ID}, actions(cart.Version, fee))
		wantCode(t, err, procura.CodeInvalidOperation)
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, inUnit(alice, "acme"), app.Ref{ID: cart.ID}, actions(cart.Version, fee)))
		if cart.TotalPrice.CentAmount != 1999+750 || cart.CustomLineItems[0].TaxCategory.ID != "standard" {
			t.Fatalf("total %d, custom line items %+v", cart.TotalPrice.CentAmount, cart.CustomLineItems)
		}
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}, actions(cart.Version,
			`{"action":"changeCustomLineItemQuantity","customLineItemId":"`+cart.CustomLineItems[0].ID+`","quantity":2}`)))
		if cart.TotalPrice.CentAmount != 1999+1500 {
			t.Fatalf("total %d after the quantity changed", cart.TotalPrice.CentAmount)
		}
		stored := must[*procura.Cart](t)(a.GetCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}))
		if stored.TotalPrice.CentAmount != 1999+1500 || len(stored.CustomLineItems) != 1 {
			t.Fatalf("stored cart: total %d, %d custom line items", stored.TotalPrice.CentAmount, len(stored.CustomLineItems))
		}
		d := cartDraft("W-1")
		d.CustomLineItems = []procura.CustomLineItemDraft{{Name: procura.LocalizedString{"en": "Gift"}, Slug: "gift",
			Money: &procura.MoneyDraft{CurrencyCode: "EUR", CentAmount: qty(-100)}}}
		_, err = a.CreateCart(ctx, own, asMe(alice), d)
		wantCode(t, err, procura.CodeInvalidJSONInput)
		seller := must[*procura.Cart](t)(a.CreateCart(ctx, c, app.Acting{}, withCustomer(d, alice, "acme")))
		if seller.TotalPrice.CentAmount != 1899 {
			t.Fatalf("a rebate: total %d, want 1899", seller.TotalPrice.CentAmount)
		}
	})
}

// TestLockedCartRefusesCustomers: a locked cart takes no change from a customer's own token
// (update, delete, order) until the seller unlocks it; trusted callers still change it, and
// locking is not the customer's.
func TestLockedCartRefusesCustomers(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		alice := w.customers["alice@acme.example"]
		own := w.as("alice@acme.example", "")
		me := asMe(alice)
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, inUnit(alice, "acme"), cartDraft("W-1")))
		_, err := a.UpdateCart(ctx, own, me, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"lockCart"}`))
		wantCode(t, err, procura.CodeInvalidJSONInput)
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"lockCart"}`)))
		if cart.Lock == nil || cart.Lock.ClientID != c.ClientID || cart.Lock.CreatedAt == "" {
			t.Fatalf("lock %+v, want the client %q", cart.Lock, c.ClientID)
		}
		_, err = a.UpdateCart(ctx, own, me, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"setPurchaseOrderNumber","purchaseOrderNumber":"PO-1"}`))
		wantCode(t, err, procura.CodeInvalidOperation)
		_, err = a.UpdateCart(ctx, own, app.AsAssociate(own, alice, "acme"), app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"addLineItem","sku":"G-1"}`))
		wantCode(t, err, procura.CodeInvalidOperation)
		_, err = a.DeleteCart(ctx, own, me, app.Ref{ID: cart.ID}, cart.Version)
		wantCode(t, err, procura.CodeInvalidOperation)
		_, err = a.CreateOrder(ctx, own, me, procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}, Version: &cart.Version})
		wantCode(t, err, procura.CodeInvalidOperation)
		if v := cartVersion(t, a, c, cart.ID); v != cart.Version {
			t.Fatalf("refused changes wrote the locked cart: version %d, want %d", v, cart.Version)
		}
		must[*procura.Cart](t)(a.GetCart(ctx, own, me, app.Ref{ID: cart.ID})) // reading stays open
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, inUnit(alice, "acme"), app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"addLineItem","sku":"G-1"}`)))
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"unlockCart"}`)))
		if cart.Lock != nil {
			t.Fatalf("still locked: %+v", cart.Lock)
		}
		must[*procura.Cart](t)(a.UpdateCart(ctx, own, me, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"setPurchaseOrderNumber","purchaseOrderNumber":"PO-1"}`)))

		// an anonymous session's cart, locked by the seller
		s1, _ := w.session("")
		anon := must[*procura.Cart](t)(a.CreateCart(ctx, s1, app.Shopper(s1), anonymousCart("W-1")))
		_, err = a.UpdateCart(ctx, s1, app.Shopper(s1), app.Ref{ID: anon.ID}, actions(anon.Version, `{"action":"lockCart"}`))
		wantCode(t, err, procura.CodeInvalidJSONInput)
		anon = must[*procura.Cart](t)(a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: anon.ID}, actions(anon.Version, `{"action":"lockCart"}`)))
		_, err = a.UpdateCart(ctx, s1, app.Shopper(s1), app.Ref{ID: anon.ID}, actions(anon.Version, `{"action":"setLocale","locale":"en"}`))
		wantCode(t, err, procura.CodeInvalidOperation)
		anon = must[*procura.Cart](t)(a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: anon.ID}, actions(anon.Version, `{"action":"unlockCart"}`)))
		must[*procura.Cart](t)(a.UpdateCart(ctx, s1, app.Shopper(s1), app.Ref{ID: anon.ID}, actions(anon.Version, `{"action":"setLocale","locale":"en"}`)))
	})
}

// TestSetCustomerIdKeepsTheUnitsAssociates: the seller gives a unit's cart to another of its
// associates, never to a customer outside the unit or to one that does not exist; a customer's
// own token cannot.
func TestSetCustomerIdKeepsTheUnitsAssociates(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		alice, bob, carol := w.customers["alice@acme.example"], w.customers["bob@acme.example"], w.customers["carol@globex.example"]
		own := w.as("alice@acme.example", "")
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, inUnit(alice, "acme"), cartDraft("W-1")))
		for _, tc := range []struct {
			caller app.Caller
			who    app.Acting
			body   string
			code   string
		}{
			{c, app.Acting{}, `{"action":"setCustomerId","customerId":"` + carol + `"}`, procura.CodeInvalidOperation},
			{c, app.Acting{}, `{"action":"setCustomerId","customerId":"no-such-customer"}`, procura.CodeReferencedResourceNotFound},
			{own, asMe(alice), `{"action":"setCustomerId","customerId":"` + bob + `"}`, procura.CodeInvalidJSONInput},
			{own, app.AsAssociate(own, alice, "acme"), `{"action":"setCustomerId","customerId":"` + bob + `"}`, procura.CodeInvalidOperation},
			// a backend acting for alice, who may not create carts for colleagues
			{c, inUnit(alice, "acme"), `{"action":"setCustomerId","customerId":"` + bob + `"}`, procura.CodeAssociateMissingPermission},
		} {
			_, err := a.UpdateCart(ctx, tc.caller, tc.who, app.Ref{ID: cart.ID}, actions(cart.Version, tc.body))
			wantCode(t, err, tc.code)
		}
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"setCustomerId","customerId":"`+bob+`"}`)))
		if cart.CustomerID != bob {
			t.Fatalf("customer %q, want bob", cart.CustomerID)
		}
		if _, err := a.GetCart(ctx, own, asMe(alice), app.Ref{ID: cart.ID}); procura.ErrorCode(err) != procura.CodeResourceNotFound {
			t.Fatalf("alice still reaches bob's cart through /me: %v", err)
		}
	})
}

// TestSellerFieldsOfCarts: customer groups and line totals are the seller's; item shipping
// addresses and shipping details are every buyer's.
func TestSellerFieldsOfCarts(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		alice := w.customers["alice@acme.example"]
		own := w.as("alice@acme.example", "")
		must[*procura.CustomerGroup](t)(a.CreateCustomerGroup(ctx, c, procura.CustomerGroupDraft{Key: "gold", GroupName: "Gold"}))
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, inUnit(alice, "acme"), cartDraft("W-1")))
		li := cart.LineItems[0].ID
		total := `{"action":"setLineItemTotalPrice","lineItemId":"` + li + `","externalTotalPrice":{"price":{"currencyCode":"EUR","centAmount":1000},"totalPrice":{"currencyCode":"EUR","centAmount":900}}}`
		for _, tc := range []struct {
			who  app.Acting
			body string
		}{
			{inUnit(alice, "acme"), total},
			{inUnit(alice, "acme"), `{"action":"setCustomerGroup","customerGroup":{"key":"gold"}}`},
		} {
			_, err := a.UpdateCart(ctx, c, tc.who, app.Ref{ID: cart.ID}, actions(cart.Version, tc.body))
			wantCode(t, err, procura.CodeInvalidOperation)
		}
		_, err := a.UpdateCart(ctx, own, asMe(alice), app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"addLineItem","sku":"G-1","externalPrice":{"currencyCode":"EUR","centAmount":1}}`))
		wantCode(t, err, procura.CodeInvalidJSONInput)
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}, actions(cart.Version, total,
			`{"action":"setCustomerGroup","customerGroup":{"key":"gold"}}`)))
		if cart.TotalPrice.CentAmount != 900 || cart.CustomerGroup == nil {
			t.Fatalf("total %d, group %+v", cart.TotalPrice.CentAmount, cart.CustomerGroup)
		}
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, own, asMe(alice), app.Ref{ID: cart.ID}, actions(cart.Version,
			`{"action":"addItemShippingAddress","address":{"key":"plant","country":"DE"}}`,
			`{"action":"setLineItemShippingDetails","lineItemId":"`+li+`","shippingDetails":{"targets":[{"addressKey":"plant","quantity":1}]}}`)))
		if d := cart.LineItems[0].ShippingDetails; d == nil || !d.Valid {
			t.Fatalf("shipping details %+v", d)
		}
		_, err = a.UpdateCart(ctx, own, asMe(alice), app.Ref{ID: cart.ID}, actions(cart.Version,
			`{"action":"addItemShippingAddress","address":{"key":"depot","country":"DE","custom":{"type":{"key":"t"}}}}`))
		wantCode(t, err, procura.CodeInvalidJSONInput)
	})
}

// TestCustomerCartAndReplica: /carts/customer-id= answers the customer's most recently changed
// Active cart (in-store, of that store); a replica and an order carry the locale, the custom line
// items and the item shipping addresses.
func TestCustomerCartAndReplica(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		alice, bob := w.customers["alice@acme.example"], w.customers["bob@acme.example"]
		_, err := a.CustomerCart(ctx, c, app.Acting{}, alice)
		wantCode(t, err, procura.CodeResourceNotFound)
		d := withCustomer(cartDraft("W-1"), alice, "acme")
		d.Locale, d.Country = "en", "DE"
		d.ItemShippingAddresses = []procura.Address{{Key: "plant", Country: "DE"}}
		d.LineItems[0].ShippingDetails = &procura.ItemShippingDetailsDraft{Targets: []procura.ItemShippingTarget{{AddressKey: "plant", Quantity: 1}}}
		d.CustomLineItems = []procura.CustomLineItemDraft{{Name: procura.LocalizedString{"en": "Fee"}, Slug: "fee",
			Money: &procura.MoneyDraft{CurrencyCode: "EUR", CentAmount: qty(100)}}}
		older := must[*procura.Cart](t)(a.CreateCart(ctx, c, app.Acting{}, d))
		time.Sleep(2 * time.Millisecond) // the customer's cart is the one changed last, to the millisecond
		newer := must[*procura.Cart](t)(a.CreateCart(ctx, c, app.Acting{}, withCustomer(cartDraft("G-1"), alice, "acme")))
		must[*procura.Cart](t)(a.CreateCart(ctx, c, app.Acting{}, withCustomer(cartDraft("G-1"), bob, "acme")))
		var got procura.Cart
		raw := must[json.RawMessage](t)(a.CustomerCart(ctx, c, app.Acting{}, alice))
		_ = json.Unmarshal(raw, &got)
		if got.ID != newer.ID {
			t.Fatalf("customer cart %s, want the newer %s", got.ID, newer.ID)
		}
		time.Sleep(2 * time.Millisecond)
		must[*procura.Cart](t)(a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: older.ID}, actions(older.Version, `{"action":"setLocale","locale":"en"}`)))
		raw = must[json.RawMessage](t)(a.CustomerCart(ctx, c, app.Acting{}, alice))
		_ = json.Unmarshal(raw, &got)
		if got.ID != older.ID {
			t.Fatalf("customer cart %s, want the most recently changed %s", got.ID, older.ID)
		}
		elsewhere := c
		elsewhere.Store = "outlet"
		_, err = a.CustomerCart(ctx, elsewhere, app.Acting{}, alice)
		wantCode(t, err, procura.CodeResourceNotFound)
		_, err = a.CustomerCart(ctx, c, app.Acting{}, `x" or customerId != "`)
		wantCode(t, err, procura.CodeResourceNotFound)

		replica := must[*procura.Cart](t)(a.ReplicateCart(ctx, c, app.Acting{}, app.ReplicaCartDraft{Reference: &procura.Reference{TypeID: "cart", ID: older.ID}}))
		if replica.Locale != "en" || replica.Country != "DE" || len(replica.CustomLineItems) != 1 || len(replica.ItemShippingAddresses) != 1 ||
			replica.LineItems[0].ShippingDetails == nil || replica.TotalPrice.CentAmount != 1999+100 {
			t.Fatalf("replica %+v", replica)
		}
		cart := must[*procura.Cart](t)(a.GetCart(ctx, c, app.Acting{}, app.Ref{ID: older.ID}))
		order := must[*procura.Order](t)(a.CreateOrder(ctx, c, app.Acting{}, procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}, Version: &cart.Version}))
		if order.Locale != "en" || len(order.CustomLineItems) != 1 || len(order.ItemShippingAddresses) != 1 || order.TotalPrice.CentAmount != 2099 {
			t.Fatalf("order %+v", order)
		}
		again := must[*procura.Cart](t)(a.ReplicateCart(ctx, c, app.Acting{}, app.ReplicaCartDraft{Reference: &procura.Reference{TypeID: "order", ID: order.ID}}))
		if again.Locale != "en" || again.Country != "DE" || len(again.CustomLineItems) != 1 || again.CustomLineItems[0].Slug != "fee" || len(again.ItemShippingAddresses) != 1 {
			t.Fatalf("replica of the order %+v", again)
		}
	})
}

// TestCustomFieldsOfCustomLineItemsAndItemAddresses: a custom line item's custom fields follow a
// type for custom-line-item, an item shipping address's a type for address; others are refused
// and write nothing.
func TestCustomFieldsOfCustomLineItemsAndItemAddresses(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		w.customType("fee-fields", "custom-line-item", "!reason:String")
		w.customType("address-fields", "address", "door:String")
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, inUnit(w.customers["alice@acme.example"], "acme"), cartDraft("W-1")))
		add := func(typ string, fields string) string {
			return `{"action":"addCustomLineItem","name":{"en":"Fee"},"slug":"fee","money":{"currencyCode":"EUR","centAmount":100},` +
				`"custom":{"type":{"key":"` + typ + `"},"fields":` + fields + `}}`
		}
		for _, bad := range []string{add("address-fields", `{"door":"A"}`), add("fee-fields", `{}`), add("fee-fields", `{"reason":7}`)} {
			_, err := a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}, actions(cart.Version, bad))
			if err == nil {
				t.Fatalf("%s: accepted", bad)
			}
		}
		if v := cartVersion(t, a, c, cart.ID); v != cart.Version {
			t.Fatalf("refused custom fields wrote the cart")
		}
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}, actions(cart.Version, add("fee-fields", `{"reason":"rush"}`),
			`{"action":"addItemShippingAddress","address":{"key":"plant","country":"DE"}}`,
			`{"action":"setItemShippingAddressCustomType","addressKey":"plant","type":{"key":"address-fields"},"fields":{"door":"B"}}`)))
		if cart.CustomLineItems[0].Custom == nil || cart.ItemShippingAddresses[0].Custom == nil {
			t.Fatalf("custom fields: %+v %+v", cart.CustomLineItems[0].Custom, cart.ItemShippingAddresses[0].Custom)
		}
		_, err := a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}, actions(cart.Version,
			`{"action":"setItemShippingAddressCustomField","addressKey":"plant","name":"door","value":3}`))
		if err == nil {
			t.Fatal("a number for a String field of an item shipping address: accepted")
		}
	})
}
