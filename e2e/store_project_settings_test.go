package e2e

import (
	"context"
	"net/http"
	"strconv"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// TestStoreStorefrontAndChannels: a store's storefront links are stored and answered (the SDK
// v1.9.0 has no storefront actions: raw HTTP); an action naming a channel or a product selection
// is answered as for one that does not exist, since Procura has neither.
func TestStoreStorefrontAndChannels(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		w := newWorld(t, s)
		r := s.do(t, http.MethodPost, w.path("/stores"), w.admin, []byte(`{"key":"web","storefront":{"faqUrl":"https://shop.example/faq"}}`))
		wantStatus(t, "a store with a storefront", r, http.StatusCreated)
		update := func(actions string) response {
			st := s.getJSON(t, w.path("/stores/key=web"), w.admin)
			return s.do(t, http.MethodPost, w.path("/stores/key=web"), w.admin, []byte(`{"version":`+strconv.Itoa(version(t, st))+`,"actions":[`+actions+`]}`))
		}
		r = update(`{"action":"setContactUrl","contactUrl":"https://shop.example/contact"},` +
			`{"action":"setOrderUrlTemplate","orderUrlTemplate":"https://shop.example/orders/{orderId}"},{"action":"setFaqUrl"}`)
		wantStatus(t, "the storefront actions", r, http.StatusOK)
		sf, _ := decodeJSON(t, r.body)["storefront"].(map[string]any)
		if len(sf) != 2 || sf["contactUrl"] != "https://shop.example/contact" || sf["orderUrlTemplate"] != "https://shop.example/orders/{orderId}" {
			t.Errorf("storefront after the actions: %v", sf)
		}
		for _, bad := range []string{
			`{"action":"setPrivacyPolicyUrl","privacyPolicyUrl":"http://shop.example/privacy"}`,
			`{"action":"setCheckoutUrlTemplate","checkoutUrlTemplate":"https://shop.example/checkout"}`,
		} {
			expectErrorCode(t, update(bad), "InvalidField", http.StatusBadRequest)
		}

		st, err := w.c.Stores().WithKey("web").Get().Execute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range []platform.StoreUpdateAction{
			platform.StoreAddDistributionChannelAction{DistributionChannel: platform.ChannelResourceIdentifier{Key: ptr("eu")}},
			platform.StoreRemoveSupplyChannelAction{SupplyChannel: platform.ChannelResourceIdentifier{Key: ptr("warehouse")}},
			platform.StoreAddProductSelectionAction{ProductSelection: platform.ProductSelectionResourceIdentifier{Key: ptr("spring")}, Active: ptr(true)},
			platform.StoreChangeProductSelectionAction{ProductSelection: platform.ProductSelectionResourceIdentifier{Key: ptr("spring")}},
		} {
			_, err := w.c.Stores().WithId(st.ID).Post(platform.StoreUpdate{Version: st.Version, Actions: []platform.StoreUpdateAction{a}}).Execute(ctx)
			sdkErrCode(t, "an action naming a channel or a selection", err, http.StatusBadRequest, "ReferencedResourceNotFound")
		}
	})
}

// TestProjectSettingsOfFeatures: through the SDK, the settings are stored and answered; a value
// that would switch on what Procura lacks (another issuer's tokens, a search it does not have)
// is refused, naming it.
func TestProjectSettingsOfFeatures(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		w := newWorld(t, s)
		p, err := w.c.Get().Execute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		update := func(actions ...platform.ProjectUpdateAction) (*platform.Project, error) {
			return w.c.Post(platform.ProjectUpdate{Version: p.Version, Actions: actions}).Execute(ctx)
		}
		p, err = update(platform.ProjectChangePriceRoundingModeAction{PriceRoundingMode: platform.RoundingModeHalfUp},
			platform.ProjectChangeCustomerSearchStatusAction{Status: platform.CustomerSearchStatusDeactivated},
			platform.ProjectSetDiscountsConfigurationAction{DiscountsConfiguration: platform.DiscountsConfiguration{DiscountCombinationMode: platform.DiscountCombinationModeBestDeal}},
			platform.ProjectChangeProductSearchIndexingEnabledAction{Enabled: true, Mode: ptr(platform.ProductSearchIndexingModeProductsSearch)})
		if err != nil {
			t.Fatalf("the settings: %v", err)
		}
		if deref(p.Carts.PriceRoundingMode) != platform.RoundingModeHalfUp || p.Discounts.DiscountCombinationMode != platform.DiscountCombinationModeBestDeal ||
			p.SearchIndexing == nil || p.SearchIndexing.ProductsSearch == nil || deref(p.SearchIndexing.ProductsSearch.Status) != platform.SearchIndexingConfigurationStatusActivated {
			t.Errorf("project after the settings: carts %+v discounts %+v search %+v", p.Carts, p.Discounts, p.SearchIndexing)
		}
		for _, bad := range []struct {
			what   string
			action platform.ProjectUpdateAction
		}{
			{"an external OAuth server", platform.ProjectSetExternalOAuthAction{ExternalOAuth: &platform.ExternalOAuth{
				Url: "https://idp.example/introspect", AuthorizationHeader: "Bearer secret"}}},
			{"customer search", platform.ProjectChangeCustomerSearchStatusAction{Status: platform.CustomerSearchStatusActivated}},
			{"product search disabled", platform.ProjectChangeProductSearchIndexingEnabledAction{Enabled: false, Mode: ptr(platform.ProductSearchIndexingModeProductsSearch)}},
		} {
			_, err := update(bad.action)
			sdkErrCode(t, bad.what, err, http.StatusBadRequest, "InvalidField")
		}
		if now, _ := w.c.Get().Execute(ctx); now == nil || now.Version != p.Version {
			t.Errorf("refused actions changed the project: %+v", now)
		}
	})
}
