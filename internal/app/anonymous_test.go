package app_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// session opens an anonymous session (anonymousID "" for a generated one) with the world's
// client and returns its caller and its token.
func (w *world) session(anonymousID string) (app.Caller, *app.Token) {
	w.t.Helper()
	tok, err := w.a.AnonymousToken(ctx, w.client.ID, w.client.Secret, w.seller.ProjectKey, "", anonymousID, "")
	if err != nil {
		w.t.Fatal(err)
	}
	c, err := w.a.Authenticate(ctx, tok.AccessToken)
	if err != nil {
		w.t.Fatal(err)
	}
	return c, tok
}

// anonymousCart is a EUR cart of one of each SKU, outside every unit and store.
func anonymousCart(skus ...string) procura.CartDraft {
	d := cartDraft(skus...)
	d.Store = nil
	return d
}

func quantities(cart *procura.Cart) map[string]int64 {
	out := map[string]int64{}
	for _, li := range cart.LineItems {
		out[li.Variant.SKU] = li.Quantity
	}
	return out
}

func TestAnonymousTokens(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		s, tok := w.session("phone-123")
		if s.AnonymousID != "phone-123" || s.CustomerID != "" || !strings.Contains(tok.Scope, "anonymous_id:phone-123") || tok.RefreshToken == "" {
			t.Fatalf("session %+v, token scope %q", s, tok.Scope)
		}
		generated, _ := w.session("")
		if generated.AnonymousID == "" || generated.AnonymousID == s.AnonymousID {
			t.Fatalf("a generated anonymous id: %q", generated.AnonymousID)
		}
		_, err := a.AnonymousToken(ctx, w.client.ID, w.client.Secret, "acme", "", "phone-123", "")
		wantCode(t, err, procura.CodeInvalidRequest) // in use
		_, err = a.AnonymousToken(ctx, w.client.ID, w.client.Secret, "acme", "", "two words", "")
		wantCode(t, err, procura.CodeInvalidRequest)

		refreshed := must[*app.Token](t)(a.RefreshGrant(ctx, w.client.ID, w.client.Secret, tok.RefreshToken, app.UnitChoice{}))
		again := must[app.Caller](t)(a.Authenticate(ctx, refreshed.AccessToken))
		if again.AnonymousID != "phone-123" || again.CustomerID != "" {
			t.Fatalf("refreshed session: %+v", again)
		}
		_, err = a.RefreshGrant(ctx, w.client.ID, w.client.Secret, tok.RefreshToken, app.UnitChoice{Key: "acme"})
		wantCode(t, err, procura.CodeInvalidGrant)

		narrow := must[*app.NewClient](t)(a.CreateAPIClient(ctx, "acme", "manage_my_orders:acme view_products:acme", "", ""))
		_, err = a.AnonymousToken(ctx, narrow.ID, narrow.Secret, "acme", "", "", "")
		wantCode(t, err, procura.CodeInvalidScope) // no create_anonymous_token

		seer := must[*app.NewClient](t)(a.CreateAPIClient(ctx, "acme", "introspect_oauth_tokens:acme", "", ""))
		info := must[*app.Introspection](t)(a.Introspect(ctx, seer.ID, seer.Secret, tok.AccessToken))
		if !info.Active || !strings.Contains(info.Scope, "anonymous_id:phone-123") || strings.Contains(info.Scope, "customer_id") {
			t.Fatalf("introspection of an anonymous token: %+v", info)
		}
	})
}

// TestAnonymousSessionsAreIsolated: a session reaches its own carts only, and nothing of a
// company; no one else reaches them through /me.
func TestAnonymousSessionsAreIsolated(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		s1, _ := w.session("")
		s2, _ := w.session("")
		alice := w.as("alice@acme.example", "")
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, s1, app.Shopper(s1), anonymousCart("W-1")))
		if cart.AnonymousID != s1.AnonymousID || cart.CustomerID != "" || cart.BusinessUnit != nil {
			t.Fatalf("an anonymous cart: %+v", cart)
		}
		must[*procura.Cart](t)(a.GetCart(ctx, s1, app.Shopper(s1), app.Ref{ID: cart.ID}))
		for name, other := range map[string]app.Caller{"another session": s2, "a customer": alice} {
			_, err := a.GetCart(ctx, other, app.Shopper(other), app.Ref{ID: cart.ID})
			wantCode(t, err, procura.CodeResourceNotFound)
			_, err = a.UpdateCart(ctx, other, app.Shopper(other), app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"addLineItem","sku":"G-1"}`))
			wantCode(t, err, procura.CodeResourceNotFound)
			if p := must[*app.Page](t)(a.QueryCarts(ctx, other, app.Shopper(other), app.Query{Limit: 20})); len(p.Items()) != 0 {
				t.Errorf("%s lists %d carts of the session", name, len(p.Items()))
			}
		}
		if p := must[*app.Page](t)(a.QueryCarts(ctx, s1, app.Shopper(s1), app.Query{Limit: 20})); len(p.Items()) != 1 {
			t.Errorf("the session lists %d carts, want 1", len(p.Items()))
		}
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, s1, app.Shopper(s1), app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"addLineItem","sku":"G-1"}`)))
		_, err := a.UpdateCart(ctx, s1, app.Shopper(s1), app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"setBusinessUnit","businessUnit":{"key":"acme"}}`))
		wantCode(t, err, procura.CodeInvalidJSONInput) // not an action of an anonymous session's cart
		inUnit := anonymousCart("W-1")
		inUnit.BusinessUnit = &procura.ResourceIdentifier{Key: "acme"}
		_, err = a.CreateCart(ctx, s1, app.Shopper(s1), inUnit)
		wantCode(t, err, procura.CodeInvalidInput)
		_, err = a.CreateOrder(ctx, s1, app.Shopper(s1), procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}, Version: &cart.Version})
		wantCode(t, err, procura.CodeReferencedResourceNotFound) // ordering is a company's matter
		_, err = a.QueryOrders(ctx, s1, app.Shopper(s1), app.Query{Limit: 20})
		wantCode(t, err, procura.CodeResourceNotFound)
		_, err = a.QueryQuoteRequests(ctx, s1, app.Shopper(s1), app.Query{Limit: 20})
		wantCode(t, err, procura.CodeResourceNotFound)
		// The seller names a cart's session; a customer's cart has none.
		own := must[*procura.Cart](t)(a.CreateCart(ctx, alice, app.Me(alice), anonymousCart("W-1")))
		_, err = a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: own.ID}, actions(own.Version, `{"action":"setAnonymousId","anonymousId":"x"}`))
		wantCode(t, err, procura.CodeInvalidOperation)
		moved := must[*procura.Cart](t)(a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"setAnonymousId","anonymousId":"`+s2.AnonymousID+`"}`)))
		must[*procura.Cart](t)(a.GetCart(ctx, s2, app.Shopper(s2), app.Ref{ID: moved.ID}))
	})
}

func TestSignInMergesTheAnonymousCart(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		alice := w.as("alice@acme.example", "")
		mine := must[*procura.Cart](t)(a.CreateCart(ctx, alice, app.Me(alice), anonymousCart("W-1")))
		companyCart := cartDraft("G-1") // in store main, which acme sells through
		companyCart.BusinessUnit = &procura.ResourceIdentifier{Key: "acme"}
		company := must[*procura.Cart](t)(a.CreateCart(ctx, alice, app.Me(alice), companyCart)) // newer, but a company's
		s, _ := w.session("")
		anon := must[*procura.Cart](t)(a.CreateCart(ctx, s, app.Shopper(s), anonymousCart("W-1", "G-1")))
		res := must[*procura.CustomerSignInResult](t)(a.MyLogin(ctx, s, procura.CustomerSignIn{Email: "alice@acme.example", Password: "correct horse"}, "10.0.0.1"))
		active, ok := res.Cart.(*procura.Cart)
		if !ok || active.ID != mine.ID || quantities(active)["W-1"] != 2 || quantities(active)["G-1"] != 1 || active.TotalPrice.CentAmount != 2*1999+500 {
			t.Fatalf("the sign-in's cart: %+v", res.Cart)
		}
		merged := must[*procura.Cart](t)(a.GetCart(ctx, alice, app.Me(alice), app.Ref{ID: anon.ID}))
		if merged.CartState != procura.CartMerged || merged.CustomerID != alice.CustomerID || merged.AnonymousID != s.AnonymousID {
			t.Fatalf("the anonymous cart after the sign-in: %s customer %q session %q", merged.CartState, merged.CustomerID, merged.AnonymousID)
		}
		if kept := must[*procura.Cart](t)(a.GetCart(ctx, alice, app.Me(alice), app.Ref{ID: company.ID})); kept.Version != company.Version {
			t.Fatalf("the sign-in changed the company's cart: version %d, want %d", kept.Version, company.Version)
		}
		_, err := a.GetCart(ctx, s, app.Shopper(s), app.Ref{ID: anon.ID})
		wantCode(t, err, procura.CodeResourceNotFound) // the customer's now
		_, err = a.AnonymousToken(ctx, w.client.ID, w.client.Secret, "acme", "", s.AnonymousID, "")
		wantCode(t, err, procura.CodeInvalidRequest)
	})
}

func TestSignInUsesTheAnonymousCartAsTheActiveCart(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		bob := w.as("bob@acme.example", "")
		mine := must[*procura.Cart](t)(a.CreateCart(ctx, bob, app.Me(bob), anonymousCart("W-1")))
		s, _ := w.session("")
		anon := must[*procura.Cart](t)(a.CreateCart(ctx, s, app.Shopper(s), anonymousCart("G-1")))
		signIn := procura.CustomerSignIn{Email: "bob@acme.example", Password: "correct horse", ActiveCartSignInMode: procura.UseAsNewActiveCustomerCart}
		res := must[*procura.CustomerSignInResult](t)(a.MyLogin(ctx, s, signIn, "10.0.0.1"))
		if active, ok := res.Cart.(*procura.Cart); !ok || active.ID != anon.ID || active.CustomerID != bob.CustomerID || active.CartState != procura.CartActive {
			t.Fatalf("the sign-in's cart: %+v", res.Cart)
		}
		raw := must[json.RawMessage](t)(a.ActiveCart(ctx, bob, app.Me(bob)))
		if !strings.Contains(string(raw), anon.ID) {
			t.Fatalf("bob's active cart: %s, want %s", raw, anon.ID)
		}
		kept := must[*procura.Cart](t)(a.GetCart(ctx, bob, app.Me(bob), app.Ref{ID: mine.ID}))
		if kept.CartState != procura.CartActive || len(kept.LineItems) != 1 {
			t.Fatalf("bob's own cart: %s with %d line items", kept.CartState, len(kept.LineItems))
		}
		// The cart taken over belongs to no company until bob moves it into a unit he may create
		// carts in.
		_, err := a.UpdateCart(ctx, bob, app.Me(bob), app.Ref{ID: anon.ID}, actions(anon.Version+1, `{"action":"setBusinessUnit","businessUnit":{"key":"globex"}}`))
		wantCode(t, err, procura.CodeInvalidOperation) // not an associate of globex
		w.associate("globex", "bob@acme.example", "buyer", procura.InheritanceEnabled)
		moved := must[*procura.Cart](t)(a.UpdateCart(ctx, bob, app.Me(bob), app.Ref{ID: anon.ID}, actions(anon.Version+1, `{"action":"setBusinessUnit","businessUnit":{"key":"globex"}}`)))
		if moved.BusinessUnit == nil || moved.BusinessUnit.Key != "globex" {
			t.Fatalf("the cart moved into globex: %+v", moved.BusinessUnit)
		}
		// /me/login names no session of its own; a bad mode is refused before the credentials.
		_, err = a.MyLogin(ctx, s, procura.CustomerSignIn{Email: "bob@acme.example", Password: "correct horse", AnonymousID: "x"}, "10.0.0.1")
		wantCode(t, err, procura.CodeInvalidJSONInput)
		_, err = a.MyLogin(ctx, s, procura.CustomerSignIn{Email: "bob@acme.example", Password: "correct horse", ActiveCartSignInMode: "Keep"}, "10.0.0.1")
		wantCode(t, err, procura.CodeInvalidField)
	})
}

// TestSignUpAndSellerSignInTakeOver: /me/signup with a session's token, and the seller's
// POST /customers and POST /login naming a session or a cart.
func TestSignUpAndSellerSignInTakeOver(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		s, _ := w.session("")
		anon := must[*procura.Cart](t)(a.CreateCart(ctx, s, app.Shopper(s), anonymousCart("W-1")))
		res := must[*procura.CustomerSignInResult](t)(a.SignUp(ctx, s, procura.MyCustomerDraft{Email: "eve@shop.example", Password: "correct horse"}))
		if active, ok := res.Cart.(*procura.Cart); !ok || active.ID != anon.ID || active.CustomerID != res.Customer.ID {
			t.Fatalf("the sign-up's cart: %+v", res.Cart)
		}

		other := must[*procura.Cart](t)(a.CreateCart(ctx, c, app.Acting{}, procura.CartDraft{Currency: "EUR", AnonymousID: "kiosk-7"}))
		res = must[*procura.CustomerSignInResult](t)(a.CreateCustomer(ctx, c, procura.CustomerDraft{Email: "fay@shop.example", Password: "correct horse", AnonymousID: "kiosk-7"}))
		if active, ok := res.Cart.(*procura.Cart); !ok || active.ID != other.ID || active.CustomerID != res.Customer.ID {
			t.Fatalf("the new customer's cart: %+v", res.Cart)
		}

		named := must[*procura.Cart](t)(a.CreateCart(ctx, c, app.Acting{}, anonymousCart("G-1")))
		signIn := procura.CustomerSignIn{Email: "dan@acme.example", Password: "correct horse", AnonymousCart: &procura.ResourceIdentifier{ID: named.ID}}
		res = must[*procura.CustomerSignInResult](t)(a.Login(ctx, c, signIn, "10.0.0.1"))
		if active, ok := res.Cart.(*procura.Cart); !ok || active.ID != named.ID || active.CustomerID != res.Customer.ID {
			t.Fatalf("the signed-in customer's cart: %+v", res.Cart)
		}
		signIn.AnonymousCart = &procura.ResourceIdentifier{ID: named.ID} // now dan's: no anonymous cart
		_, err := a.Login(ctx, c, signIn, "10.0.0.1")
		wantCode(t, err, procura.CodeInvalidOperation)
		// A cart of a unit is no session's.
		unitCart := cartDraft("W-1")
		unitCart.BusinessUnit = &procura.ResourceIdentifier{Key: "acme"}
		inUnit := must[*procura.Cart](t)(a.CreateCart(ctx, c, app.Acting{}, unitCart))
		signIn = procura.CustomerSignIn{Email: "dan@acme.example", Password: "correct horse", AnonymousID: "kiosk-9", AnonymousCart: &procura.ResourceIdentifier{ID: inUnit.ID}}
		_, err = a.Login(ctx, c, signIn, "10.0.0.1")
		wantCode(t, err, procura.CodeInvalidOperation)
		_, err = a.Login(ctx, c, procura.CustomerSignIn{Email: "dan@acme.example", Password: "correct horse", ActiveCartSignInMode: procura.MergeWithExistingCustomerCart}, "10.0.0.1")
		wantCode(t, err, procura.CodeInvalidJSONInput) // a field of /me/login
	})
}

// TestSignInMergesALineItemWhoseKeyIsTakenWithoutIt: keys stay unique in the customer's cart.
func TestSignInMergesALineItemWhoseKeyIsTakenWithoutIt(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		alice := w.as("alice@acme.example", "")
		mine := anonymousCart("W-1")
		mine.LineItems[0].Key = "gift"
		must[*procura.Cart](t)(a.CreateCart(ctx, alice, app.Me(alice), mine))
		s, _ := w.session("")
		anon := anonymousCart("G-1")
		anon.LineItems[0].Key = "gift"
		must[*procura.Cart](t)(a.CreateCart(ctx, s, app.Shopper(s), anon))
		res := must[*procura.CustomerSignInResult](t)(a.MyLogin(ctx, s, procura.CustomerSignIn{Email: "alice@acme.example", Password: "correct horse"}, "10.0.0.1"))
		active, ok := res.Cart.(*procura.Cart)
		if !ok || len(active.LineItems) != 2 || active.LineItems[0].Key != "gift" || active.LineItems[1].Key != "" || active.LineItems[1].Variant.SKU != "G-1" {
			t.Fatalf("the sign-in's cart: %+v", res.Cart)
		}
	})
}

// TestAnonymousCartsAreInNoUnit: the seller cannot give a company's cart to a session (draft,
// setAnonymousId, setBusinessUnit), so a session never lists or reads one; a session's cart
// without a unit it does.
func TestAnonymousCartsAreInNoUnit(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		kiosk, _ := w.session("kiosk-9")
		unitCart := cartDraft("W-1")
		unitCart.AnonymousID, unitCart.BusinessUnit = "kiosk-9", &procura.ResourceIdentifier{Key: "acme"}
		_, err := a.CreateCart(ctx, c, app.Acting{}, unitCart)
		wantCode(t, err, procura.CodeInvalidInput)
		unitCart.AnonymousID = ""
		company := must[*procura.Cart](t)(a.CreateCart(ctx, c, app.Acting{}, unitCart))
		_, err = a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: company.ID}, actions(company.Version, `{"action":"setAnonymousId","anonymousId":"kiosk-9"}`))
		wantCode(t, err, procura.CodeInvalidInput)
		if p := must[*app.Page](t)(a.QueryCarts(ctx, kiosk, app.Shopper(kiosk), app.Query{Limit: 20})); len(p.Items()) != 0 {
			t.Fatalf("the session lists %d carts, want none", len(p.Items()))
		}
		_, err = a.ActiveCart(ctx, kiosk, app.Shopper(kiosk))
		wantCode(t, err, procura.CodeResourceNotFound)

		// The seller's cart of the session, in no unit: the session reads and lists it, and it
		// cannot move into a unit while it is a session's.
		own := anonymousCart("W-1")
		own.AnonymousID = "kiosk-9"
		mine := must[*procura.Cart](t)(a.CreateCart(ctx, c, app.Acting{}, own))
		must[*procura.Cart](t)(a.GetCart(ctx, kiosk, app.Shopper(kiosk), app.Ref{ID: mine.ID}))
		if p := must[*app.Page](t)(a.QueryCarts(ctx, kiosk, app.Shopper(kiosk), app.Query{Limit: 20})); len(p.Items()) != 1 {
			t.Fatalf("the session lists %d carts, want 1", len(p.Items()))
		}
		must[json.RawMessage](t)(a.ActiveCart(ctx, kiosk, app.Shopper(kiosk)))
		_, err = a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: mine.ID}, actions(mine.Version, `{"action":"setBusinessUnit","businessUnit":{"key":"acme"}}`))
		wantCode(t, err, procura.CodeInvalidInput)
		cleared := must[*procura.Cart](t)(a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: company.ID}, actions(company.Version, `{"action":"setAnonymousId","anonymousId":""}`)))
		if cleared.AnonymousID != "" {
			t.Fatalf("anonymousId %q", cleared.AnonymousID)
		}
	})
}

// TestSignInMergeLeavesOutWhatCannotBeAdded: a line item of the session's cart whose product was
// unpublished since, or whose quantity would pass the limit, is left out of the merge; the
// others are added with their custom fields, and the sign-in succeeds.
func TestSignInMergeLeavesOutWhatCannotBeAdded(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		w.customType("line-fields", "line-item", "!gift:Boolean")
		pt := must[*procura.ProductType](t)(a.CreateProductType(ctx, c, procura.ProductTypeDraft{Key: "seasonal", Name: "Seasonal"}))
		w.product(pt.ID, "sleigh", "S-1", price("EUR", 900, ""))
		alice := w.as("alice@acme.example", "")
		mine := must[*procura.Cart](t)(a.CreateCart(ctx, alice, app.Me(alice), anonymousCart("W-1")))
		mine = must[*procura.Cart](t)(a.UpdateCart(ctx, alice, app.Me(alice), app.Ref{ID: mine.ID}, actions(mine.Version,
			fmt.Sprintf(`{"action":"changeLineItemQuantity","lineItemId":"%s","quantity":%d}`, mine.LineItems[0].ID, procura.MaxQuantity))))
		s, _ := w.session("")
		d := anonymousCart("W-1", "S-1")
		d.LineItems = append(d.LineItems, procura.LineItemDraft{SKU: "G-1", Custom: &procura.CustomFieldsDraft{
			Type: &procura.ResourceIdentifier{Key: "line-fields"}, Fields: map[string]any{"gift": true}}})
		anon := must[*procura.Cart](t)(a.CreateCart(ctx, s, app.Shopper(s), d))
		sleigh := must[*procura.Product](t)(a.GetProduct(ctx, c, app.Ref{Key: "sleigh"}))
		must[*procura.Product](t)(a.UpdateProduct(ctx, c, app.Ref{Key: "sleigh"}, actions(sleigh.Version, `{"action":"unpublish"}`)))

		res := must[*procura.CustomerSignInResult](t)(a.MyLogin(ctx, s, procura.CustomerSignIn{Email: "alice@acme.example", Password: "correct horse"}, "10.0.0.1"))
		active, ok := res.Cart.(*procura.Cart)
		if !ok || active.ID != mine.ID || len(active.LineItems) != 2 || quantities(active)["W-1"] != procura.MaxQuantity {
			t.Fatalf("the sign-in's cart: %+v", res.Cart)
		}
		gift := active.LineItems[1]
		if gift.Variant.SKU != "G-1" || gift.Custom == nil || gift.Custom.Fields["gift"] != true {
			t.Fatalf("the merged line item: %s with custom %+v", gift.Variant.SKU, gift.Custom)
		}
		merged := must[*procura.Cart](t)(a.GetCart(ctx, alice, app.Me(alice), app.Ref{ID: anon.ID}))
		if merged.CartState != procura.CartMerged {
			t.Fatalf("the session's cart is %s", merged.CartState)
		}
	})
}

// TestTakenOverCartsAndBoundTokens: a cart taken over belongs to no unit; a token bound to a
// company neither reads nor lists it (nor takes it as active cart), an unbound token does both.
func TestTakenOverCartsAndBoundTokens(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		s, _ := w.session("")
		anon := must[*procura.Cart](t)(a.CreateCart(ctx, s, app.Shopper(s), anonymousCart("W-1")))
		must[*procura.CustomerSignInResult](t)(a.MyLogin(ctx, s, procura.CustomerSignIn{Email: "alice@acme.example", Password: "correct horse"}, "10.0.0.1"))
		alice, bound := w.as("alice@acme.example", ""), w.as("alice@acme.example", "acme")

		must[*procura.Cart](t)(a.GetCart(ctx, alice, app.Me(alice), app.Ref{ID: anon.ID}))
		if p := must[*app.Page](t)(a.QueryCarts(ctx, alice, app.Me(alice), app.Query{Limit: 20})); len(p.Items()) != 1 {
			t.Fatalf("unbound, alice lists %d carts, want 1", len(p.Items()))
		}
		if raw := must[json.RawMessage](t)(a.ActiveCart(ctx, alice, app.Me(alice))); !strings.Contains(string(raw), anon.ID) {
			t.Fatalf("unbound, alice's active cart: %s", raw)
		}

		_, err := a.GetCart(ctx, bound, app.Me(bound), app.Ref{ID: anon.ID})
		wantCode(t, err, procura.CodeResourceNotFound)
		_, err = a.UpdateCart(ctx, bound, app.Me(bound), app.Ref{ID: anon.ID}, actions(anon.Version+1, `{"action":"addLineItem","sku":"G-1"}`))
		wantCode(t, err, procura.CodeResourceNotFound)
		if p := must[*app.Page](t)(a.QueryCarts(ctx, bound, app.Me(bound), app.Query{Limit: 20})); len(p.Items()) != 0 {
			t.Fatalf("bound to acme, alice lists %d carts, want none", len(p.Items()))
		}
		_, err = a.ActiveCart(ctx, bound, app.Me(bound))
		wantCode(t, err, procura.CodeResourceNotFound)
	})
}
