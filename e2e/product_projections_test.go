package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// The catalog as storefronts read it: product projections by id, key and query (the Store
// Launchpad's product pages look products up by SKU and by id), with price selection, products
// in categories, and what a customer's token may see.
func TestProductProjections(t *testing.T) {
	ref := reference(t)
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		sh := newShop(t, s)
		cat, err := sh.c.Categories().Post(platform.CategoryDraft{Key: ptr("hand-tools"), Name: platform.LocalizedString{"en": "Hand tools"},
			Slug: platform.LocalizedString{"en": "hand-tools"}}).Execute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		drill, err := sh.c.Products().Post(platform.ProductDraft{Key: ptr("drill"), ProductType: platform.ProductTypeResourceIdentifier{Key: ptr("tools")},
			Name: platform.LocalizedString{"en": "Drill"}, Slug: platform.LocalizedString{"en": "drill"},
			MasterVariant: &platform.ProductVariantDraft{Sku: ptr("D-1"), Prices: []platform.PriceDraft{{Value: platform.Money{CentAmount: 9900, CurrencyCode: "EUR"}}}},
			Categories:    []platform.CategoryResourceIdentifier{{Key: ptr("hand-tools")}},
		}).Execute(ctx) // not published
		if err != nil {
			t.Fatal(err)
		}
		gadget, err := sh.c.Products().WithId(sh.gadget).Get().Execute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sh.c.Products().WithId(sh.gadget).Post(platform.ProductUpdate{Version: gadget.Version, Actions: []platform.ProductUpdateAction{
			platform.ProductAddToCategoryAction{Category: platform.CategoryResourceIdentifier{ID: ptr(cat.ID)}, OrderHint: ptr("0.4"), Staged: ptr(false)},
		}}).Execute(ctx); err != nil {
			t.Fatalf("add the gadget to the category: %v", err)
		}
		sh.customer(t, "pia")
		customer := sh.login(t, "pia", nil).AccessToken

		read := func(path, token string, status int) map[string]any {
			t.Helper()
			r := s.do(t, http.MethodGet, sh.path(path), token, nil)
			if r.status != status {
				t.Fatalf("GET %s: %d, want %d: %s", path, r.status, status, clip(r.body))
			}
			m := map[string]any{}
			if status == http.StatusOK {
				typ := "ProductProjection"
				if _, paged := decodeJSON(t, r.body)["results"]; paged {
					typ = "ProductProjectionPagedQueryResponse"
				}
				expectShape(t, ref, typ, "GET "+path, r.body)
				m = decodeJSON(t, r.body)
			}
			return m
		}
		q := func(kv ...string) string { return "/product-projections" + query(kv...) }
		for _, c := range []struct {
			what, path string
			want       []string
		}{
			{"the published products", q("sort", "key asc"), []string{"gadget", "widget"}},
			{"by SKU, as the product page asks", q("where", `masterVariant(sku="W-1") or variants(sku="W-1")`), []string{"widget"}},
			{"by ids", q("where", `id in ("`+sh.widget+`", "`+drill.ID+`")`), []string{"widget"}},
			{"in a category", q("where", `categories(id="`+cat.ID+`")`), []string{"gadget"}},
		} {
			if got := keysInOrder(read(c.path, customer, http.StatusOK)); !slices.Equal(got, c.want) {
				t.Errorf("%s: %v, want %v", c.what, got, c.want)
			}
		}
		if got := keysInOrder(read(q("staged", "true", "where", `categories(id="`+cat.ID+`")`, "sort", "key asc"), sh.admin, http.StatusOK)); !slices.Equal(got, []string{"drill", "gadget"}) {
			t.Errorf("the staged projections in the category: %v", got)
		}
		read(q("staged", "true"), customer, http.StatusForbidden)
		read("/product-projections/"+drill.ID, customer, http.StatusNotFound)
		read("/product-projections/"+drill.ID+"?staged=true", sh.admin, http.StatusOK)

		priced := read("/product-projections/key=widget?priceCurrency=EUR&priceCountry=DE", customer, http.StatusOK)
		price, _ := priced["masterVariant"].(map[string]any)["price"].(map[string]any)
		if price == nil || price["value"].(map[string]any)["centAmount"].(float64) != widgetCents {
			t.Errorf("the selected EUR price: %v", priced["masterVariant"])
		}
		unpriced := read("/product-projections/key=widget?priceCurrency=USD", customer, http.StatusOK)
		if _, has := unpriced["masterVariant"].(map[string]any)["price"]; has {
			t.Errorf("a USD selection found a price: %v", unpriced["masterVariant"])
		}
		if hints := read("/product-projections/"+sh.gadget, customer, http.StatusOK)["categoryOrderHints"].(map[string]any); hints[cat.ID] != "0.4" {
			t.Errorf("the gadget's order hint in the category: %v", hints)
		}
		read("/product-projections/key=widget?priceCountry=DE", customer, http.StatusBadRequest)
		read("/product-projections/key=widget?storeProjection=nowhere", customer, http.StatusBadRequest)
		read("/product-projections/key=widget?staged=maybe", customer, http.StatusBadRequest)

		// A category products are in stays.
		_, err = sh.c.Categories().WithId(cat.ID).Delete().Version(cat.Version).Execute(ctx)
		sdkErr(t, err, http.StatusBadRequest)
	})
}

func decodeJSON(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", clip(b), err)
	}
	return m
}
