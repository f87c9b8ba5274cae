package e2e

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// A storefront's checkout through the SDK: the shopper sets the cart's locale and splits a line
// item between item shipping addresses; the seller adds a custom line item, locks the cart while
// the shopper is kept out, unlocks it, finds it by the customer's id (also in its store); the
// shopper replicates it.
func TestCartActionsThroughTheSDK(t *testing.T) {
	ref := reference(t)
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		sh := newShop(t, s)
		amyID := sh.customer(t, "amy")
		for _, key := range []string{"main", "outlet"} {
			if _, err := sh.c.Stores().Post(platform.StoreDraft{Key: key}).Execute(ctx); err != nil {
				t.Fatalf("create store %s: %v", key, err)
			}
		}
		token := sh.login(t, "amy", nil).AccessToken
		amy := s.tokenSDK(t, token)

		cart, err := amy.Me().Carts().Post(platform.MyCartDraft{Currency: "EUR", Locale: ptr("en"), InventoryMode: ptr(platform.InventoryModeReserveOnOrder),
			Store:     &platform.StoreResourceIdentifier{Key: ptr("main")},
			LineItems: []platform.MyLineItemDraft{{Sku: ptr(widgetSKU), Quantity: ptr(3), Key: ptr("widgets")}}}).Execute(ctx)
		if err != nil {
			t.Fatalf("create a cart with a locale: %v", err)
		}
		if cart.Locale == nil || *cart.Locale != "en" || cart.InventoryMode != platform.InventoryModeReserveOnOrder {
			t.Fatalf("cart locale %v, inventory mode %v", cart.Locale, cart.InventoryMode)
		}
		_, err = amy.Me().Carts().WithId(cart.ID).Post(platform.MyCartUpdate{Version: cart.Version, Actions: []platform.MyCartUpdateAction{
			platform.MyCartSetLocaleAction{Locale: ptr("xx")}}}).Execute(ctx)
		sdkError(t, err, http.StatusBadRequest)

		cart, err = amy.Me().Carts().WithId(cart.ID).Post(platform.MyCartUpdate{Version: cart.Version, Actions: []platform.MyCartUpdateAction{
			platform.MyCartSetLocaleAction{Locale: ptr("en")},
			platform.MyCartAddItemShippingAddressAction{Address: platform.BaseAddress{Key: ptr("berlin"), Country: "DE", City: ptr("Berlin")}},
			platform.MyCartAddItemShippingAddressAction{Address: platform.BaseAddress{Key: ptr("bonn"), Country: "DE", City: ptr("Bonn")}},
			platform.MyCartSetLineItemShippingDetailsAction{LineItemKey: ptr("widgets"), ShippingDetails: &platform.ItemShippingDetailsDraft{
				Targets: []platform.ItemShippingTarget{{AddressKey: "berlin", Quantity: 1}}}},
			platform.MyCartApplyDeltaToLineItemShippingDetailsTargetsAction{LineItemKey: ptr("widgets"),
				TargetsDelta: []platform.ItemShippingTarget{{AddressKey: "bonn", Quantity: 2}}},
		}}).Execute(ctx)
		if err != nil {
			t.Fatalf("the shopper's item shipping: %v", err)
		}
		details := cart.LineItems[0].ShippingDetails
		if len(cart.ItemShippingAddresses) != 2 || details == nil || len(details.Targets) != 2 || !details.Valid {
			t.Fatalf("item shipping addresses %d, shipping details %+v", len(cart.ItemShippingAddresses), details)
		}
		_, err = amy.Me().Carts().WithId(cart.ID).Post(platform.MyCartUpdate{Version: cart.Version, Actions: []platform.MyCartUpdateAction{
			platform.MyCartSetLineItemShippingDetailsAction{LineItemKey: ptr("widgets"), ShippingDetails: &platform.ItemShippingDetailsDraft{
				Targets: []platform.ItemShippingTarget{{AddressKey: "berlin", Quantity: 4}}}}}}).Execute(ctx)
		sdkError(t, err, http.StatusBadRequest) // more than the line's quantity

		// a custom line item is the seller's: not an action of /me
		r := s.do(t, http.MethodPost, sh.path("/me/carts/"+cart.ID), token, []byte(`{"version":`+strconv.Itoa(cart.Version)+
			`,"actions":[{"action":"addCustomLineItem","name":{"en":"Freight"},"slug":"freight","money":{"currencyCode":"EUR","centAmount":900}}]}`))
		expectErrorCode(t, r, "InvalidJsonInput", http.StatusBadRequest)
		cart, err = sh.c.Carts().WithId(cart.ID).Post(platform.CartUpdate{Version: cart.Version, Actions: []platform.CartUpdateAction{
			platform.CartAddCustomLineItemAction{Name: platform.LocalizedString{"en": "Freight"}, Slug: "freight",
				Money: platform.Money{CurrencyCode: "EUR", CentAmount: 900}, Key: ptr("freight"),
				TaxCategory: &platform.TaxCategoryResourceIdentifier{ID: ptr("standard-rate")}}}}).Execute(ctx)
		if err != nil {
			t.Fatalf("the seller adds a custom line item: %v", err)
		}
		if want := 3*widgetCents + 900; len(cart.CustomLineItems) != 1 || cart.TotalPrice.CentAmount != want {
			t.Fatalf("total %d with %d custom line items, want %d", cart.TotalPrice.CentAmount, len(cart.CustomLineItems), want)
		}
		cart, err = sh.c.Carts().WithId(cart.ID).Post(platform.CartUpdate{Version: cart.Version, Actions: []platform.CartUpdateAction{
			platform.CartChangePriceRoundingModeAction{PriceRoundingMode: platform.RoundingModeHalfUp},
			platform.CartApplyDeltaToCustomLineItemShippingDetailsTargetsAction{CustomLineItemKey: ptr("freight"),
				TargetsDelta: []platform.ItemShippingTarget{{AddressKey: "bonn", Quantity: 1}}}}}).Execute(ctx)
		if err != nil || cart.PriceRoundingMode != platform.RoundingModeHalfUp || cart.CustomLineItems[0].ShippingDetails == nil {
			t.Fatalf("the seller's rounding and custom line item targets: %v", err)
		}

		// locked by the seller, the cart refuses the shopper until it is unlocked
		cart, err = sh.c.Carts().WithId(cart.ID).Post(platform.CartUpdate{Version: cart.Version,
			Actions: []platform.CartUpdateAction{platform.CartLockCartAction{}}}).Execute(ctx)
		if err != nil || cart.Lock == nil || cart.Lock.ClientId == "" {
			t.Fatalf("lock the cart: %v (%+v)", err, cart)
		}
		_, err = amy.Me().Carts().WithId(cart.ID).Post(platform.MyCartUpdate{Version: cart.Version, Actions: []platform.MyCartUpdateAction{
			platform.MyCartSetLocaleAction{Locale: ptr("en")}}}).Execute(ctx)
		if er := sdkError(t, err, http.StatusBadRequest); !strings.Contains(er.Message, "locked") {
			t.Fatalf("the refusal of a locked cart: %+v", er)
		}
		cart, err = sh.c.Carts().WithId(cart.ID).Post(platform.CartUpdate{Version: cart.Version,
			Actions: []platform.CartUpdateAction{platform.CartUnlockCartAction{}}}).Execute(ctx)
		if err != nil || cart.Lock != nil {
			t.Fatalf("unlock the cart: %v", err)
		}
		cart, err = amy.Me().Carts().WithId(cart.ID).Post(platform.MyCartUpdate{Version: cart.Version, Actions: []platform.MyCartUpdateAction{
			platform.MyCartSetLocaleAction{Locale: ptr("en")}}}).Execute(ctx)
		if err != nil {
			t.Fatalf("the shopper after the unlock: %v", err)
		}

		// the customer's active cart, by customer id: in general, in its store, not in another
		byCustomer, err := sh.c.Carts().WithCustomerId(amyID).Get().Execute(ctx)
		if err != nil || byCustomer.ID != cart.ID {
			t.Fatalf("the cart by customer id: %v (%v)", err, byCustomer)
		}
		inStore, err := sh.c.InStoreKeyWithStoreKeyValue("main").Carts().WithCustomerId(amyID).Get().Execute(ctx)
		if err != nil || inStore.ID != cart.ID {
			t.Fatalf("the cart by customer id in its store: %v", err)
		}
		_, err = sh.c.InStoreKeyWithStoreKeyValue("outlet").Carts().WithCustomerId(amyID).Get().Execute(ctx)
		if err == nil {
			t.Fatal("another store's path found the cart by customer id")
		}
		raw := s.do(t, http.MethodGet, sh.path("/carts/customer-id="+amyID), sh.admin, nil)
		wantStatus(t, "the raw cart by customer id", raw, http.StatusOK)
		expectShape(t, ref, "Cart", "the cart by customer id", raw.body)

		replica, err := amy.Me().Carts().Replicate().Post(platform.ReplicaMyCartDraft{Reference: platform.CartReference{ID: cart.ID}}).Execute(ctx)
		if err != nil {
			t.Fatalf("replicate the cart: %v", err)
		}
		if replica.ID == cart.ID || replica.Locale == nil || *replica.Locale != "en" || len(replica.CustomLineItems) != 1 ||
			len(replica.ItemShippingAddresses) != 2 || replica.TotalPrice.CentAmount != cart.TotalPrice.CentAmount {
			t.Fatalf("the replica: %+v", replica)
		}
		inStoreReplica, err := sh.c.InStoreKeyWithStoreKeyValue("main").Carts().Replicate().Post(platform.ReplicaCartDraft{
			Reference: platform.CartReference{ID: cart.ID}}).Execute(ctx)
		if err != nil || inStoreReplica.Store == nil || inStoreReplica.Store.Key != "main" {
			t.Fatalf("replicate in the cart's store: %v", err)
		}
		_, err = sh.c.InStoreKeyWithStoreKeyValue("outlet").Carts().Replicate().Post(platform.ReplicaCartDraft{
			Reference: platform.CartReference{ID: cart.ID}}).Execute(ctx)
		sdkError(t, err, http.StatusBadRequest)
	})
}
