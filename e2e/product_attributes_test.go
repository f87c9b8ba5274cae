package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// Product types with attribute definitions and products with attributes, variants, images and
// assets, as a catalog manager builds them with the SDK: the new update actions reach the
// product projection and the product search; bad input is refused in the commercetools error
// shape and writes nothing; a product type's changes reach its products.
func TestProductTypesAndAttributes(t *testing.T) {
	ref := reference(t)
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		w := newWorld(t, s)
		pt := w.apparelType(t)
		tee := w.tee(t)
		if got, _ := json.Marshal(tee.MasterData.Current.MasterVariant.Attributes[0].Value); string(got) != `{"key":"red","label":"Red"}` {
			t.Errorf("an enum attribute is answered as %s, want {key, label}", got)
		}
		for _, c := range []struct{ typ, path string }{
			{"ProductType", "/product-types/key=apparel"}, {"Product", "/products/key=tee"}, {"ProductProjection", "/product-projections/key=tee"},
		} {
			r := s.do(t, http.MethodGet, w.path(c.path), w.admin, nil)
			expectShape(t, ref, c.typ, "GET "+c.path, r.body)
		}

		// The new actions, on the published data at once (staged: false), then published.
		now := ptr(false)
		tee, err := w.c.Products().WithKey("tee").Post(platform.ProductUpdate{Version: tee.Version, Actions: []platform.ProductUpdateAction{
			platform.ProductAddVariantAction{Sku: ptr("T-3"), Key: ptr("tee-red-l"), Staged: now,
				Attributes: []platform.Attribute{{Name: "color", Value: "red"}, {Name: "size", Value: "l"}, {Name: "brand", Value: "Acme"}}},
			platform.ProductSetAttributeInAllVariantsAction{Name: "brand", Value: "Acme Linen", Staged: now},
			platform.ProductChangeSlugAction{Slug: platform.LocalizedString{"en": "acme-linen-tee"}, Staged: now},
			platform.ProductSetSkuAction{VariantId: 2, Sku: ptr("T-2b"), Staged: now},
			platform.ProductAddExternalImageAction{Sku: ptr("T-3"), Image: platform.Image{Url: "https://img.example/red-l.png", Dimensions: platform.ImageDimensions{W: 10, H: 10}}, Staged: now},
			platform.ProductSetProductAttributeAction{Name: "origin", Value: "IT", Staged: now},
			platform.ProductChangeMasterVariantAction{Sku: ptr("T-3"), Staged: now},
			platform.ProductRemoveVariantAction{Sku: ptr("T-1"), Staged: now},
		}}).Execute(ctx)
		if err != nil {
			t.Fatalf("the new product actions: %v", err)
		}
		cur := tee.MasterData.Current
		if skus := variantSKUs(cur); !slices.Equal(skus, []string{"T-3", "T-2b"}) || cur.Slug["en"] != "acme-linen-tee" || len(cur.MasterVariant.Images) != 1 {
			t.Fatalf("current data after the actions: SKUs %v, slug %v, images %v", skus, cur.Slug, cur.MasterVariant.Images)
		}

		projection := s.getJSON(t, w.path("/product-projections/key=tee"), w.admin)
		if projection["slug"].(map[string]any)["en"] != "acme-linen-tee" || projection["masterVariant"].(map[string]any)["sku"] != "T-3" {
			t.Errorf("the projection does not show the change: %v", projection)
		}
		search := func(sku string) int {
			t.Helper()
			r := s.do(t, http.MethodPost, w.path("/products/search"), w.admin, []byte(`{"query":{"exact":{"field":"variants.sku","value":"`+sku+`"}}}`))
			if r.status != http.StatusOK {
				t.Fatalf("search %s: %d %s", sku, r.status, clip(r.body))
			}
			return int(decodeJSON(t, r.body)["total"].(float64))
		}
		for sku, want := range map[string]int{"T-3": 1, "T-2b": 1, "T-1": 0, "T-2": 0} {
			if got := search(sku); got != want {
				t.Errorf("search by SKU %s finds %d products, want %d", sku, got, want)
			}
		}

		// Bad input: 400 in the commercetools shape, and nothing written.
		other := w.c.Products().WithKey("tee")
		for _, c := range []struct{ what, body, code string }{
			{"an enum key the type lacks", `{"action":"setAttribute","sku":"T-3","name":"color","value":"green"}`, "InvalidField"},
			{"an attribute the type lacks", `{"action":"setAttribute","sku":"T-3","name":"fabric","value":"linen"}`, "AttributeNameDoesNotExist"},
			{"two variants of one combination", `{"action":"setAttribute","sku":"T-2b","name":"color","value":"red","staged":false},{"action":"setAttribute","sku":"T-2b","name":"size","value":"l"}`, "DuplicateAttributeValues"},
			{"a brand differing between variants", `{"action":"setAttribute","sku":"T-3","name":"brand","value":"Other"}`, "InvalidOperation"},
			{"a required attribute removed", `{"action":"setAttribute","sku":"T-3","name":"color"}`, "RequiredField"},
			{"a product attribute on a variant", `{"action":"setAttribute","sku":"T-3","name":"origin","value":"PT"}`, "InvalidOperation"},
			{"the master variant removed", `{"action":"removeVariant","id":3}`, "InvalidOperation"},
			{"a SKU another product has", `{"action":"addVariant","sku":"W-9","attributes":[{"name":"color","value":"blue"},{"name":"size","value":"l"},{"name":"brand","value":"Acme Linen"}]},{"action":"setSku","variantId":2,"sku":"X-1"}`, "DuplicateField"},
			{"a tax category that does not exist", `{"action":"setTaxCategory","taxCategory":{"key":"standard"}}`, "ReferencedResourceNotFound"},
			{"a money attribute without currency", `{"action":"setAttribute","sku":"T-3","name":"msrp","value":{"centAmount":1}}`, "RequiredField"},
			{"an attribute without a name", `{"action":"setAttribute","sku":"T-3","value":"linen"}`, "RequiredField"},
			{"two prices of one scope", `{"action":"setPrices","sku":"T-3","prices":[{"value":{"currencyCode":"EUR","centAmount":100}},{"value":{"currencyCode":"EUR","centAmount":200}}]}`, "DuplicatePriceScope"},
			{"two prices of one key", `{"action":"setPrices","sku":"T-3","prices":[{"key":"list","value":{"currencyCode":"EUR","centAmount":100}},{"key":"list","value":{"currencyCode":"USD","centAmount":200}}]}`, "DuplicatePriceKey"},
		} {
			if c.what == "a SKU another product has" {
				if _, err := w.c.Products().Post(platform.ProductDraft{ProductType: platform.ProductTypeResourceIdentifier{Key: ptr("apparel")},
					Name: platform.LocalizedString{"en": "Other"}, Slug: platform.LocalizedString{"en": "other"},
					MasterVariant: &platform.ProductVariantDraft{Sku: ptr("X-1"), Attributes: []platform.Attribute{{Name: "color", Value: "red"}}}}).Execute(ctx); err != nil {
					t.Fatal(err)
				}
			}
			before, err := other.Get().Execute(ctx)
			if err != nil {
				t.Fatal(err)
			}
			r := s.do(t, http.MethodPost, w.path("/products/key=tee"), w.admin, []byte(fmt.Sprintf(`{"version":%d,"actions":[%s]}`, before.Version, c.body)))
			first := expectErrorCode(t, r, c.code, http.StatusBadRequest)
			if c.code == "DuplicatePriceScope" || c.code == "DuplicatePriceKey" {
				body, _ := json.Marshal(first)
				expectShape(t, ref, c.code+"Error", c.what, body)
			}
			if after, _ := other.Get().Execute(ctx); after.Version != before.Version {
				t.Errorf("%s: refused, yet the product changed to version %d", c.what, after.Version)
			}
		}
		r := s.do(t, http.MethodPost, w.path("/products"), w.admin, []byte(`{"key":"bad","productType":{"key":"apparel"},"name":{"en":"Bad"},"slug":{"en":"bad"},
			"masterVariant":{"sku":"B-1","attributes":[{"name":"color","value":"red"},{"name":"fabric","value":"silk"}]}}`))
		expectErrorCode(t, r, "AttributeNameDoesNotExist", http.StatusBadRequest)
		if r := s.do(t, http.MethodGet, w.path("/products/key=bad"), w.admin, nil); r.status != http.StatusNotFound {
			t.Errorf("a refused product was written: %d %s", r.status, clip(r.body))
		}

		// The product type: its changes reach its products; what would break them is refused.
		pt, err = w.c.ProductTypes().WithKey("apparel").Post(platform.ProductTypeUpdate{Version: pt.Version, Actions: []platform.ProductTypeUpdateAction{
			platform.ProductTypeChangeEnumKeyAction{AttributeName: "color", Key: "red", NewKey: "crimson"},
			platform.ProductTypeChangePlainEnumValueLabelAction{AttributeName: "color", NewValue: platform.AttributePlainEnumValue{Key: "crimson", Label: "Crimson"}},
			platform.ProductTypeChangeAttributeNameAction{AttributeName: "brand", NewAttributeName: "label"},
			platform.ProductTypeRemoveAttributeDefinitionAction{Name: "tags"},
			platform.ProductTypeAddAttributeDefinitionAction{Attribute: platform.AttributeDefinitionDraft{Name: "fabric", Label: platform.LocalizedString{"en": "Fabric"}, Type: platform.AttributeTextType{}}},
			platform.ProductTypeChangeAttributeConstraintAction{AttributeName: "label", NewValue: platform.AttributeConstraintEnumDraftNone},
		}}).Execute(ctx)
		if err != nil {
			t.Fatalf("product type actions: %v", err)
		}
		expectShape(t, ref, "ProductType", "the updated product type", s.do(t, http.MethodGet, w.path("/product-types/key=apparel"), w.admin, nil).body)
		tee, err = other.Get().Execute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		master, _ := json.Marshal(tee.MasterData.Current.MasterVariant.Attributes)
		if want := `[{"name":"color","value":{"key":"crimson","label":"Crimson"}},{"name":"size","value":{"key":"l","label":{"en":"L"}}},{"name":"label","value":"Acme Linen"}]`; string(master) != want {
			t.Errorf("the product did not follow its type: %s, want %s", master, want)
		}
		for _, c := range []struct{ what, body, code string }{
			{"a required attribute its products lack", `{"action":"addAttributeDefinition","attribute":{"name":"gsm","label":{"en":"GSM"},"isRequired":true,"type":{"name":"number"}}}`, "InvalidOperation"},
			{"a stricter constraint", `{"action":"changeAttributeConstraint","attributeName":"fabric","newValue":"Unique"}`, "InvalidOperation"},
			{"the enum value a required attribute holds", `{"action":"removeEnumValues","attributeName":"color","keys":["crimson"]}`, "RequiredField"},
			{"a nested type", `{"action":"addAttributeDefinition","attribute":{"name":"parts","label":{"en":"Parts"},"isRequired":false,"type":{"name":"nested","typeReference":{"typeId":"product-type","id":"x"}}}}`, "InvalidField"},
		} {
			r := s.do(t, http.MethodPost, w.path("/product-types/key=apparel"), w.admin, []byte(fmt.Sprintf(`{"version":%d,"actions":[%s]}`, pt.Version, c.body)))
			expectErrorCode(t, r, c.code, http.StatusBadRequest)
		}
		if after, _ := other.Get().Execute(ctx); after.Version != tee.Version {
			t.Error("a refused product type update changed its product")
		}
		r = s.do(t, http.MethodPost, w.path("/product-types"), w.admin, []byte(`{"key":"shoes","name":"Shoes","description":"",
			"attributes":[{"name":"color","label":{"en":"Color"},"isRequired":false,"type":{"name":"text"}}]}`))
		expectErrorCode(t, r, "AttributeDefinitionTypeConflict", http.StatusBadRequest)
		r = s.do(t, http.MethodPost, w.path("/product-types"), w.admin, []byte(`{"key":"shoes","name":"Shoes","description":"",
			"attributes":[{"name":"color","label":{"en":"Color"},"isRequired":false,"type":{"name":"enum","values":[{"key":"black","label":"Black"}]}}]}`))
		if r.status != http.StatusCreated {
			t.Errorf("an enum of the same name with other values: %d %s", r.status, clip(r.body))
		}
		r = s.do(t, http.MethodDelete, w.path(fmt.Sprintf("/product-types/key=apparel?version=%d", pt.Version)), w.admin, nil)
		expectErrorCode(t, r, "ReferenceExists", http.StatusBadRequest)
	})
}

// variantSKUs lists the SKUs of a projection's variants, the master first.
func variantSKUs(d platform.ProductData) []string {
	var out []string
	for _, v := range append([]platform.ProductVariant{d.MasterVariant}, d.Variants...) {
		out = append(out, fmt.Sprint(deref(v.Sku)))
	}
	return out
}
