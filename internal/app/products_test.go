package app_test

import (
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// TestPriceCustomFieldsAreCheckedAgainstTheirType: a price's custom fields (and an asset's) are
// checked like any resource's: a missing type, a type for other resources and an undefined field
// are refused; a good type is stored by id, in both projections, and cannot then be deleted.
func TestPriceCustomFieldsAreCheckedAgainstTheirType(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := newWorld(t, a, c)
		ty := w.customType("price-fields", "product-price", "note:String")
		w.customType("store-fields", "store", "note:String")
		pt := must[*procura.ProductType](t)(a.CreateProductType(ctx, c, procura.ProductTypeDraft{Key: "thing", Name: "Thing"}))
		w.product(pt.ID, "widget", "W-1", price("EUR", 1999, ""))
		p := must[*procura.Product](t)(a.GetProduct(ctx, c, app.Ref{Key: "widget"}))
		priceID := p.MasterData.Staged.MasterVariant.Prices[0].ID
		for _, tc := range []struct{ name, action, code string }{
			{"no such type", `{"action":"setProductPriceCustomType","priceId":"` + priceID + `","type":{"key":"nope"}}`, procura.CodeReferencedResourceNotFound},
			{"type of stores", `{"action":"setProductPriceCustomType","priceId":"` + priceID + `","type":{"key":"store-fields"}}`, procura.CodeInvalidInput},
			{"undefined field", `{"action":"setProductPriceCustomType","priceId":"` + priceID + `","type":{"key":"price-fields"},"fields":{"colour":"red"}}`, procura.CodeInvalidField},
			{"asset of no such type", `{"action":"addAsset","variantId":1,"asset":{"name":{"en":"Manual"},"sources":[{"uri":"https://example.com/m.pdf"}],"custom":{"type":{"key":"nope"}}}}`, procura.CodeReferencedResourceNotFound},
		} {
			_, err := a.UpdateProduct(ctx, c, app.Ref{ID: p.ID}, actions(p.Version, tc.action))
			if procura.ErrorCode(err) != tc.code {
				t.Errorf("%s: got %v, want %s", tc.name, err, tc.code)
			}
		}
		p = must[*procura.Product](t)(a.UpdateProduct(ctx, c, app.Ref{ID: p.ID}, actions(p.Version,
			`{"action":"setProductPriceCustomType","priceId":"`+priceID+`","type":{"key":"price-fields"},"fields":{"note":"list"},"staged":false}`)))
		for _, d := range []procura.ProductData{p.MasterData.Current, p.MasterData.Staged} {
			got := d.MasterVariant.Prices[0].Custom
			if got == nil || got.Type != (procura.ResourceIdentifier{TypeID: procura.TypeType, ID: ty.ID}) || got.Fields["note"] != "list" {
				t.Fatalf("price custom = %+v, want the type by id and note", got)
			}
		}
		_, err := a.DeleteType(ctx, c, app.Ref{Key: "price-fields"}, ty.Version)
		wantCode(t, err, procura.CodeReferenceExists)
	})
}
