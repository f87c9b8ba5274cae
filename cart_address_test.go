package procura

import (
	"encoding/json"
	"strings"
	"testing"
)

// The Store Launchpad copies a company address into the cart with its id as "addressId": the
// field is taken and dropped (decision 0032); any other unknown field is still refused.
func TestCartAddressIgnoresTheLaunchpadsAddressID(t *testing.T) {
	ch := cartChange(&fakeLookup{})
	c := newTestCart(t, ch, `{"currency":"EUR"}`)
	if err := update(c, ch, `{"action":"setShippingAddress","address":{"addressId":"bu-addr-1","firstName":"Lena","city":"Hamburg","country":"DE"}}`,
		`{"action":"setBillingAddress","address":{"addressId":"bu-addr-1","postalCode":"22763","country":"DE"}}`); err != nil {
		t.Fatal(err)
	}
	if c.ShippingAddress.City != "Hamburg" || c.ShippingAddress.ID != "" || c.BillingAddress.PostalCode != "22763" {
		t.Fatalf("the addresses: %+v %+v", c.ShippingAddress, c.BillingAddress)
	}
	if b, _ := json.Marshal(c); strings.Contains(string(b), "addressId") || strings.Contains(string(b), "bu-addr-1") {
		t.Fatalf("the cart keeps the storefront's addressId: %s", b)
	}
	err := update(c, ch, `{"action":"setShippingAddress","address":{"addressID":"x","country":"DE"}}`)
	if ErrorCode(err) != CodeInvalidJSONInput {
		t.Fatalf("another unknown field: %v", err)
	}
}
