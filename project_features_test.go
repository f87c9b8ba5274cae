package procura

import (
	"encoding/json"
	"testing"
	"time"
)

// TestProjectFeatures: the settings are stored; a value that would switch on a feature Procura
// lacks is refused with InvalidField, and a refused action changes nothing.
func TestProjectFeatures(t *testing.T) {
	p, _ := NewProject("shop", "", "p1", time.Now())
	if p.SearchIndexing.ProductsSearch.Status != "Activated" || p.SearchIndexing.Customers.Status != "Deactivated" ||
		p.Carts.PriceRoundingMode != "HalfEven" || p.ProductCatalogModel != "Classic" {
		t.Fatalf("defaults: %+v", p)
	}
	for _, a := range []string{
		`{"action":"changeBusinessUnitSearchStatus","status":"Deactivated"}`,
		`{"action":"changeCustomerSearchStatus","status":"Deactivated"}`,
		`{"action":"changeOrderSearchStatus","status":"Deactivated"}`,
		`{"action":"changeProductSearchIndexingEnabled","enabled":true,"mode":"ProductsSearch"}`,
		`{"action":"changeProductSearchIndexingEnabled","enabled":false}`,
		`{"action":"changePriceRoundingMode","priceRoundingMode":"HalfUp"}`,
		`{"action":"changeTaxRoundingMode","taxRoundingMode":"HalfDown"}`,
		`{"action":"setDiscountsConfiguration","discountsConfiguration":{"discountCombinationMode":"BestDeal"}}`,
		`{"action":"setExternalOAuth"}`,
		`{"action":"setProductCatalogModel","productCatalogModel":"Classic"}`,
		`{"action":"setReleaseExpiredReservations","releaseExpiredReservations":true}`,
		`{"action":"setReservationExpirationInMinutes","reservationExpirationInMinutes":30}`,
		`{"action":"setShippingRateInputType"}`,
		`{"action":"setShippingRateInputType","shippingRateInputType":{"type":"CartClassification","values":[{"key":"small","label":{"en":"Small"}}]}}`,
	} {
		if err := p.Apply(json.RawMessage(a), nil); err != nil {
			t.Fatalf("%s: %v", a, err)
		}
	}
	if p.Carts.PriceRoundingMode != "HalfUp" || p.Carts.TaxRoundingMode != "HalfDown" || p.Discounts.DiscountCombinationMode != "BestDeal" ||
		!p.Inventory.ReleaseExpiredReservations || *p.Inventory.ReservationExpirationInMinutes != 30 ||
		p.ShippingRateInputType.Values[0].Key != "small" {
		t.Fatalf("after the actions: %+v", p)
	}
	before, _ := json.Marshal(p)
	for _, c := range []struct{ action, code string }{
		{`{"action":"changeCustomerSearchStatus","status":"Activated"}`, CodeInvalidField},
		{`{"action":"changeBusinessUnitSearchStatus","status":"Paused"}`, CodeInvalidField},
		{`{"action":"changeOrderSearchStatus"}`, CodeRequiredField},
		{`{"action":"changeProductSearchIndexingEnabled","enabled":false,"mode":"ProductsSearch"}`, CodeInvalidField},
		{`{"action":"changeProductSearchIndexingEnabled","enabled":true}`, CodeInvalidField},
		{`{"action":"changeProductSearchIndexingEnabled","mode":"ProductsSearch"}`, CodeRequiredField},
		{`{"action":"changePriceRoundingMode","priceRoundingMode":"Up"}`, CodeInvalidField},
		{`{"action":"setDiscountsConfiguration","discountsConfiguration":{"discountCombinationMode":"Most"}}`, CodeInvalidField},
		{`{"action":"setExternalOAuth","externalOAuth":{"url":"https://idp.example/introspect","authorizationHeader":"Bearer x"}}`, CodeInvalidField},
		{`{"action":"setProductCatalogModel","productCatalogModel":"Modular"}`, CodeInvalidField},
		{`{"action":"setReservationExpirationInMinutes","reservationExpirationInMinutes":0}`, CodeInvalidField},
		{`{"action":"setShippingRateInputType","shippingRateInputType":{"type":"CartWeight"}}`, CodeInvalidField},
		{`{"action":"setShippingRateInputType","shippingRateInputType":{"type":"CartClassification"}}`, CodeInvalidInput},
		{`{"action":"setShippingRateInputType","shippingRateInputType":{"type":"CartScore","values":[]}}`, CodeInvalidField},
		{`{"action":"setShippingRateInputType","shippingRateInputType":{"type":"CartClassification","values":[{"key":"s","label":{"en":"S"}},{"key":"s","label":{"en":"S"}}]}}`, CodeDuplicateField},
	} {
		if err := p.Apply(json.RawMessage(c.action), nil); ErrorCode(err) != c.code {
			t.Errorf("%s: %v, want %s", c.action, err, c.code)
		}
	}
	if after, _ := json.Marshal(p); string(after) != string(before) {
		t.Errorf("refused actions changed the project: %s", after)
	}
}
