package app_test

import (
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// shopWorld extends acmeWorld (alice also gets "shopper": every My cart and order permission)
// with a catalog: widget W-1 at 19.99 EUR (and 25.00 USD for US),
// gadget G-1 at 5.00 EUR only, and a store "main" that acme sells through.
func shopWorld(t *testing.T, a *app.App, c app.Caller) *world {
	w := acmeWorld(t, a, c)
	pt := must[*procura.ProductType](t)(a.CreateProductType(ctx, c, procura.ProductTypeDraft{Key: "thing", Name: "Thing"}))
	w.product(pt.ID, "widget", "W-1", price("EUR", 1999, ""), price("USD", 2500, "US"))
	w.product(pt.ID, "gadget", "G-1", price("EUR", 500, ""))
	w.role("shopper", true, procura.CreateMyCarts, procura.UpdateMyCarts, procura.ViewMyCarts, procura.DeleteMyCarts,
		procura.CreateMyOrdersFromMyCarts, procura.ViewMyOrders, procura.UpdateMyOrders)
	w.grant("acme", "alice@acme.example", "admin", "shopper")
	must[*procura.Store](t)(a.CreateStore(ctx, c, procura.StoreDraft{Key: "main"}))
	must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "acme"}, actions(w.version("acme"), `{"action":"addStore","store":{"key":"main"}}`)))
	return w
}

func price(currency string, cents int64, country string) procura.PriceDraft {
	return procura.PriceDraft{Value: procura.MoneyDraft{CurrencyCode: currency, CentAmount: &cents}, Country: country}
}

func (w *world) product(typeID, key, sku string, prices ...procura.PriceDraft) {
	w.t.Helper()
	_, err := w.a.CreateProduct(ctx, w.seller, procura.ProductDraft{Key: key, ProductType: &procura.ResourceIdentifier{ID: typeID},
		Name: procura.LocalizedString{"en": key}, Slug: procura.LocalizedString{"en": key},
		MasterVariant: &procura.VariantDraft{SKU: sku, Prices: prices}, Publish: true})
	if err != nil {
		w.t.Fatal(err)
	}
}

// grant gives email an extra role in unit through the seller.
func (w *world) grant(unit, email string, roles ...string) {
	w.t.Helper()
	assignments := ""
	for i, r := range roles {
		if i > 0 {
			assignments += ","
		}
		assignments += `{"associateRole":{"key":"` + r + `"},"inheritance":"Enabled"}`
	}
	_, err := w.a.UpdateBusinessUnit(ctx, w.seller, app.Ref{Key: unit}, actions(w.version(unit),
		`{"action":"changeAssociate","associate":{"customer":{"id":"`+w.customers[email]+`"},"associateRoleAssignments":[`+assignments+`]}}`))
	if err != nil {
		w.t.Fatal(err)
	}
}

func qty(n int64) *int64 { return &n }

// cartDraft is a EUR cart of the given SKUs, one of each, in store main.
func cartDraft(skus ...string) procura.CartDraft {
	d := procura.CartDraft{Currency: "EUR", Store: &procura.ResourceIdentifier{Key: "main"}}
	for _, s := range skus {
		d.LineItems = append(d.LineItems, procura.LineItemDraft{SKU: s, Quantity: qty(1)})
	}
	return d
}

// inUnit acts as a trusted backend for customerID in unit.
func inUnit(customerID, unit string) app.Acting {
	return app.Acting{Kind: procura.AsBackend, CustomerID: customerID, UnitKey: unit}
}

// asMe acts as customerID through /me.
func asMe(customerID string) app.Acting {
	return app.Acting{Kind: procura.AsMe, CustomerID: customerID}
}
