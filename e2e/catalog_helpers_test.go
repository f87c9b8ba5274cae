package e2e

import (
	"context"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// Helpers for the catalog tests: a product type with attribute definitions of several kinds, and
// a product of it with attributes, variants, images and assets, both made with the SDK.

// apparelType creates the product type "apparel": color (enum, required) and size (lenum) whose
// combination differs per variant, brand (text, the same in every variant), msrp (money),
// related (a product reference), tags (a set of text) and origin (a product-level text).
func (w *world) apparelType(t *testing.T) *platform.ProductType {
	t.Helper()
	combination, same := platform.AttributeConstraintEnumCombinationUnique, platform.AttributeConstraintEnumSameForAll
	productLevel := platform.AttributeLevelEnumProduct
	label := func(s string) platform.LocalizedString { return platform.LocalizedString{"en": s} }
	pt, err := w.c.ProductTypes().Post(platform.ProductTypeDraft{Key: ptr("apparel"), Name: "Apparel", Description: "Things to wear",
		Attributes: []platform.AttributeDefinitionDraft{
			{Name: "color", Label: label("Color"), IsRequired: true, AttributeConstraint: &combination,
				Type: platform.AttributeEnumType{Values: []platform.AttributePlainEnumValue{{Key: "red", Label: "Red"}, {Key: "blue", Label: "Blue"}}}},
			{Name: "size", Label: label("Size"), AttributeConstraint: &combination,
				Type: platform.AttributeLocalizedEnumType{Values: []platform.AttributeLocalizedEnumValue{{Key: "m", Label: label("M")}, {Key: "l", Label: label("L")}}}},
			{Name: "brand", Label: label("Brand"), AttributeConstraint: &same, Type: platform.AttributeTextType{}},
			{Name: "msrp", Label: label("MSRP"), Type: platform.AttributeMoneyType{}},
			{Name: "related", Label: label("Related"), Type: platform.AttributeReferenceType{ReferenceTypeId: platform.AttributeReferenceTypeIdProduct}},
			{Name: "tags", Label: label("Tags"), Type: platform.AttributeSetType{ElementType: platform.AttributeTextType{}}},
			{Name: "origin", Label: label("Origin"), Level: &productLevel, Type: platform.AttributeTextType{}},
		}}).Execute(context.Background())
	if err != nil {
		t.Fatalf("create the product type apparel: %v", err)
	}
	return pt
}

// tee creates and publishes the product "tee" of apparelType: T-1 (red, m) with an image and an
// asset, and T-2 (blue, m), both of the brand Acme, made in PT.
func (w *world) tee(t *testing.T) *platform.Product {
	t.Helper()
	attrs := func(color string) []platform.Attribute {
		return []platform.Attribute{{Name: "color", Value: color}, {Name: "size", Value: "m"}, {Name: "brand", Value: "Acme"}}
	}
	p, err := w.c.Products().Post(platform.ProductDraft{Key: ptr("tee"), ProductType: platform.ProductTypeResourceIdentifier{Key: ptr("apparel")},
		Name: platform.LocalizedString{"en": "Linen tee"}, Slug: platform.LocalizedString{"en": "linen-tee"},
		Attributes: []platform.Attribute{{Name: "origin", Value: "PT"}},
		MasterVariant: &platform.ProductVariantDraft{Sku: ptr("T-1"), Attributes: append(attrs("red"),
			platform.Attribute{Name: "msrp", Value: map[string]any{"currencyCode": "EUR", "centAmount": 2900}},
			platform.Attribute{Name: "tags", Value: []string{"summer", "linen"}}),
			Prices: []platform.PriceDraft{{Value: platform.Money{CentAmount: 1900, CurrencyCode: "EUR"}}},
			Images: []platform.Image{{Url: "https://img.example/tee.png", Dimensions: platform.ImageDimensions{W: 600, H: 800}}},
			Assets: []platform.AssetDraft{{Key: ptr("care"), Name: platform.LocalizedString{"en": "Care"}, Sources: []platform.AssetSource{{Uri: "https://img.example/care.pdf"}}}}},
		Variants: []platform.ProductVariantDraft{{Sku: ptr("T-2"), Attributes: attrs("blue")}},
		Publish:  ptr(true)}).Execute(context.Background())
	if err != nil {
		t.Fatalf("create the product tee: %v", err)
	}
	return p
}
