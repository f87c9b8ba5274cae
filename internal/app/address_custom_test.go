package app_test

import (
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// TestAddressCustomFieldsFollowThePolicy: an address given with custom fields (in an action or a
// draft) is allowed to the callers who may set that address's custom fields, and refused to the
// others (a customer on /me, an anonymous session), as the reference's
// BaseAddress of the My… endpoints has no custom fields.
func TestAddressCustomFieldsFollowThePolicy(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		w.customType("address-fields", "address", "door:String")
		const custom = `"custom":{"type":{"key":"address-fields"},"fields":{"door":"blue"}}`
		withCustom := `{"action":"setShippingAddress","address":{"country":"DE",` + custom + `}}`
		door := &procura.Address{Country: "DE", Custom: &procura.CustomFields{Type: procura.ResourceIdentifier{Key: "address-fields"}, Fields: map[string]any{"door": "blue"}}}
		alice := w.as("alice@acme.example", "")
		s, _ := w.session("")

		// Carts: the seller and an associate's own token may; /me and a session may not.
		sellers := must[*procura.Cart](t)(a.CreateCart(ctx, c, app.Acting{}, anonymousCart("W-1")))
		sellers = must[*procura.Cart](t)(a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: sellers.ID}, actions(sellers.Version, withCustom)))
		if sellers.ShippingAddress.Custom == nil {
			t.Fatal("the seller's address lost its custom fields")
		}
		own := app.AsAssociate(alice, alice.CustomerID, "acme")
		associates := must[*procura.Cart](t)(a.CreateCart(ctx, alice, own, cartDraft("W-1")))
		must[*procura.Cart](t)(a.UpdateCart(ctx, alice, own, app.Ref{ID: associates.ID}, actions(associates.Version, withCustom)))
		for name, who := range map[string]struct {
			c app.Caller
			a app.Acting
		}{"a customer on /me": {alice, app.Me(alice)}, "an anonymous session": {s, app.Shopper(s)}} {
			cart := must[*procura.Cart](t)(a.CreateCart(ctx, who.c, who.a, anonymousCart("W-1")))
			_, err := a.UpdateCart(ctx, who.c, who.a, app.Ref{ID: cart.ID}, actions(cart.Version, withCustom))
			if procura.ErrorCode(err) != procura.CodeInvalidJSONInput {
				t.Errorf("%s: setShippingAddress with custom fields: %v", name, err)
			}
			must[*procura.Cart](t)(a.UpdateCart(ctx, who.c, who.a, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"setShippingAddress","address":{"country":"DE"}}`)))
			d := anonymousCart("W-1")
			d.BillingAddress = door
			_, err = a.CreateCart(ctx, who.c, who.a, d)
			if procura.ErrorCode(err) != procura.CodeInvalidJSONInput {
				t.Errorf("%s: a cart draft's address with custom fields: %v", name, err)
			}
		}
		d := anonymousCart("W-1")
		d.BillingAddress = door
		must[*procura.Cart](t)(a.CreateCart(ctx, c, app.Acting{}, d))

		// Customers: the seller may; the customer on /me (addAddress, sign-up) may not.
		add := `{"action":"addAddress","address":{"country":"DE",` + custom + `}}`
		cu := must[*procura.Customer](t)(a.GetCustomer(ctx, c, app.Ref{ID: alice.CustomerID}))
		_, err := a.UpdateMe(ctx, alice, actions(cu.Version, add))
		wantCode(t, err, procura.CodeInvalidJSONInput)
		cu = must[*procura.Customer](t)(a.UpdateMe(ctx, alice, actions(cu.Version, `{"action":"addAddress","address":{"country":"DE"}}`)))
		must[*procura.Customer](t)(a.UpdateCustomer(ctx, c, app.Ref{ID: alice.CustomerID}, actions(cu.Version, add)))
		_, err = a.SignUp(ctx, s, procura.MyCustomerDraft{Email: "gus@shop.example", Password: "correct horse", Addresses: []procura.Address{*door}})
		wantCode(t, err, procura.CodeInvalidJSONInput)
		must[*procura.CustomerSignInResult](t)(a.SignUp(ctx, s, procura.MyCustomerDraft{Email: "gus@shop.example", Password: "correct horse", Addresses: []procura.Address{{Country: "DE"}}}))

	})
}
