package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// anonymousToken opens an anonymous session with the admin client (anonymous_id "" for a
// generated one).
func (s *server) anonymousToken(t *testing.T, c apiClient, anonymousID string) response {
	t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}}
	if anonymousID != "" {
		form.Set("anonymous_id", anonymousID)
	}
	return s.postForm(t, "/oauth/"+s.project+"/anonymous/token", c, form)
}

// session opens an anonymous session and returns its token and anonymous id.
func (s *server) session(t *testing.T, anonymousID string) (tokenResp, string) {
	t.Helper()
	tr := decodeToken(t, "anonymous token", s.anonymousToken(t, s.admin, anonymousID))
	for _, sc := range strings.Fields(tr.Scope) {
		if id, ok := strings.CutPrefix(sc, "anonymous_id:"); ok && tr.RefreshToken != "" && !strings.Contains(tr.Scope, "customer_id") {
			return tr, id
		}
	}
	t.Fatalf("anonymous token: scope %q refresh %q, want an anonymous_id, a refresh token and no customer", tr.Scope, tr.RefreshToken)
	return tr, ""
}

// TestAnonymousTokenEndpoint: the anonymous session flow, its refresh, its refusals, and what
// introspection says of its tokens.
func TestAnonymousTokenEndpoint(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		p := s.project
		tok, id := s.session(t, "e2e-phone")
		if id != "e2e-phone" {
			t.Fatalf("anonymous_id %q, want e2e-phone", id)
		}
		if _, generated := s.session(t, ""); generated == "" || generated == id {
			t.Fatalf("a generated anonymous id: %q", generated)
		}
		oauthError(t, "an anonymous id in use", s.anonymousToken(t, s.admin, "e2e-phone"), http.StatusBadRequest, "invalid_request")
		oauthError(t, "an anonymous id with a space", s.anonymousToken(t, s.admin, "two words"), http.StatusBadRequest, "invalid_request")
		shopOnly := s.newAPIClient(t, p, "manage_my_orders:"+p, "view_published_products:"+p)
		oauthError(t, "a client without create_anonymous_token", s.anonymousToken(t, shopOnly, ""), http.StatusBadRequest, "invalid_scope")
		wrong := s.postForm(t, "/oauth/"+p+"/anonymous/token", s.admin, url.Values{"grant_type": {"password"}})
		oauthError(t, "another grant", wrong, http.StatusBadRequest, "unsupported_grant_type")

		refreshed := decodeToken(t, "refresh of an anonymous session", s.refreshGrant(t, tok.RefreshToken, nil))
		if !refreshed.has("anonymous_id:e2e-phone") || strings.Contains(refreshed.Scope, "customer_id") {
			t.Errorf("refreshed anonymous token: scope %q", refreshed.Scope)
		}
		oauthError(t, "an anonymous session bound to a unit", s.refreshGrant(t, tok.RefreshToken, url.Values{"business_unit": {"acme"}}), http.StatusBadRequest, "invalid_grant")

		inspector := s.newAPIClient(t, p, "introspect_oauth_tokens:"+p)
		r := s.postForm(t, "/oauth/introspect", inspector, url.Values{"token": {refreshed.AccessToken}})
		var info map[string]any
		if err := json.Unmarshal(r.body, &info); err != nil || info["active"] != true || info["scope"] != refreshed.Scope || info["client_id"] != s.admin.ID {
			t.Fatalf("introspection of an anonymous token: %d %s", r.status, clip(r.body))
		}
		s.revoke(t, tok.RefreshToken)
		r = s.postForm(t, "/oauth/introspect", inspector, url.Values{"token": {refreshed.AccessToken}})
		if !strings.Contains(string(r.body), `"active":false`) {
			t.Errorf("introspection of a revoked anonymous token: %s", clip(r.body))
		}
	})
}

// TestAnonymousSessionRoutes: what an anonymous session may call (its carts, the catalog, sign-up
// and sign-in) and everything of a buyer company it may not.
func TestAnonymousSessionRoutes(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		sh := newShop(t, s)
		sh.customer(t, "amy")
		anon, id := s.session(t, "")
		ctx := context.Background()
		sdk := s.tokenSDK(t, anon.AccessToken)
		cart, err := sdk.Me().Carts().Post(platform.MyCartDraft{Currency: "EUR"}).Execute(ctx)
		if err != nil {
			t.Fatalf("an anonymous session creates a cart: %v", err)
		}
		if deref(cart.AnonymousId) != id || cart.CustomerId != nil || cart.BusinessUnit != nil {
			t.Fatalf("an anonymous cart: anonymousId %v customerId %v businessUnit %v", deref(cart.AnonymousId), deref(cart.CustomerId), cart.BusinessUnit)
		}
		cart, err = sdk.Me().Carts().WithId(cart.ID).Post(platform.MyCartUpdate{Version: cart.Version, Actions: []platform.MyCartUpdateAction{
			platform.MyCartAddLineItemAction{Sku: ptr(widgetSKU), Quantity: ptr(2)},
		}}).Execute(ctx)
		if err != nil || len(cart.LineItems) != 1 {
			t.Fatalf("an anonymous session adds a line item: %v", err)
		}
		cartPath := "/me/carts/" + cart.ID
		for _, path := range []string{cartPath, "/me/carts", "/me/active-cart", "/product-projections", "/product-projections/" + sh.widget, "/categories", "/products"} {
			wantStatus(t, "GET "+path, s.do(t, http.MethodGet, sh.path(path), anon.AccessToken, nil), http.StatusOK)
		}
		wantStatus(t, "product search", s.do(t, http.MethodPost, sh.path("/products/search"), anon.AccessToken, []byte(`{}`)), http.StatusOK)
		r := s.do(t, http.MethodPost, sh.path("/me/carts/replicate"), anon.AccessToken, []byte(`{"reference":{"typeId":"cart","id":"`+cart.ID+`"}}`))
		wantStatus(t, "an anonymous session replicates its cart", r, http.StatusCreated)
		copied := decodeJSON(t, r.body)
		if copied["anonymousId"] != id || copied["customerId"] != nil {
			t.Errorf("the replica: anonymousId %v customerId %v", copied["anonymousId"], copied["customerId"])
		}
		r = s.do(t, http.MethodDelete, sh.path("/me/carts/"+copied["id"].(string)+"?version=1"), anon.AccessToken, nil)
		wantStatus(t, "an anonymous session deletes its cart", r, http.StatusOK)
		// The actions of a company's cart are not an anonymous session's.
		for _, action := range []string{`{"action":"setBusinessUnit","businessUnit":{"key":"acme"}}`, `{"action":"setPurchaseOrderNumber","purchaseOrderNumber":"PO-1"}`,
			`{"action":"setAnonymousId","anonymousId":"x"}`, `{"action":"freezeCart"}`} {
			r := s.do(t, http.MethodPost, sh.path(cartPath), anon.AccessToken, []byte(`{"version":`+strconv.Itoa(cart.Version)+`,"actions":[`+action+`]}`))
			expectErrorCode(t, r, "InvalidJsonInput", http.StatusBadRequest)
		}
		r = s.do(t, http.MethodPost, sh.path("/me/carts"), anon.AccessToken, []byte(`{"currency":"EUR","businessUnit":{"key":"acme"}}`))
		expectErrorCode(t, r, "InvalidInput", http.StatusBadRequest)

		// Every buyer-company route, and every route of a signed-in customer, is refused.
		const inUnit = "/as-associate/{who}/in-business-unit/key=acme"
		denied := []struct{ method, path string }{
			{"GET", "/me"}, {"POST", "/me/password"}, {"GET", "/me/companies"}, {"GET", "/me/join-requests"},
			{"GET", "/me/business-units"}, {"POST", "/me/business-units"}, {"GET", "/me/business-units/key=acme"},
			{"POST", "/in-business-unit/key=acme/me/customers"}, {"GET", "/in-business-unit/key=acme/me/join-requests"},
			{"GET", "/me/orders"}, {"POST", "/me/orders"}, {"GET", "/me/orders/" + fakeID},
			{"GET", "/me/quote-requests"}, {"POST", "/me/quote-requests"}, {"GET", "/me/quotes"}, {"POST", "/me/orders/quotes"},
			{"GET", "/as-associate/{who}/business-units"}, {"POST", "/as-associate/{who}/business-units"},
			{"GET", inUnit + "/carts"}, {"POST", inUnit + "/carts"}, {"GET", inUnit + "/orders"}, {"POST", inUnit + "/orders"},
			{"GET", inUnit + "/company-orders"}, {"GET", inUnit + "/quote-requests"}, {"GET", inUnit + "/quotes"},
			{"GET", inUnit + "/approval-rules"}, {"GET", inUnit + "/approval-flows"},
			{"GET", "/carts"}, {"GET", "/carts/" + cart.ID}, {"GET", "/orders"}, {"GET", "/business-units"}, {"GET", "/customers"},
			{"GET", "/quote-requests"}, {"GET", "/quotes"}, {"GET", "/associate-roles"}, {"GET", "/stores"},
		}
		for _, d := range denied {
			path := strings.ReplaceAll(d.path, "{who}", sh.ids["amy"])
			var body []byte
			if d.method == http.MethodPost {
				body = []byte(`{}`)
			}
			expectError(t, s.do(t, d.method, sh.path(path), anon.AccessToken, body), http.StatusForbidden)
		}
		if got := sh.sellerGet(t, "carts/"+cart.ID); got["version"] != float64(cart.Version) {
			t.Errorf("the refused calls changed the cart: version %v, want %d", got["version"], cart.Version)
		}

		// Another session and a customer do not reach the cart.
		other, _ := s.session(t, "")
		amy := sh.login(t, "amy", nil).AccessToken
		for who, token := range map[string]string{"another session": other.AccessToken, "a customer": amy} {
			expectErrorCode(t, s.do(t, http.MethodGet, sh.path(cartPath), token, nil), "ResourceNotFound", http.StatusNotFound)
			r := s.do(t, http.MethodPost, sh.path(cartPath), token, []byte(`{"version":`+strconv.Itoa(cart.Version)+`,"actions":[{"action":"setCountry","country":"DE"}]}`))
			expectErrorCode(t, r, "ResourceNotFound", http.StatusNotFound)
			if page := s.getJSON(t, sh.path("/me/carts"), token); len(idsOf(page)) != 0 {
				t.Errorf("%s lists the session's carts: %v", who, idsOf(page))
			}
		}
	})
}

// TestAnonymousCartTakenOverAtSignIn: /me/login with an anonymous session's token merges its
// cart into the customer's active cart; /me/signup makes it the new customer's; the seller's
// POST /login and POST /customers name a session or a cart.
func TestAnonymousCartTakenOverAtSignIn(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		sh := newShop(t, s)
		ctx := context.Background()
		sh.customer(t, "amy")
		amy, _ := s.passwordSDK(t, emailOf("amy"), passwordOf("amy"))
		mine, err := amy.Me().Carts().Post(platform.MyCartDraft{Currency: "EUR", LineItems: []platform.MyLineItemDraft{{Sku: ptr(widgetSKU), Quantity: ptr(1)}}}).Execute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		anon, _ := s.session(t, "")
		anonSDK := s.tokenSDK(t, anon.AccessToken)
		cart, err := anonSDK.Me().Carts().Post(platform.MyCartDraft{Currency: "EUR", LineItems: []platform.MyLineItemDraft{
			{Sku: ptr(widgetSKU), Quantity: ptr(1)}, {Sku: ptr(gadgetSKU), Quantity: ptr(1)}}}).Execute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		res, err := anonSDK.Me().Login().Post(platform.MyCustomerSignin{Email: emailOf("amy"), Password: passwordOf("amy")}).Execute(ctx)
		if err != nil {
			t.Fatalf("/me/login with an anonymous session: %v", err)
		}
		if res.Cart == nil || res.Cart.ID != mine.ID || centsOf(t, res.Cart.TotalPrice) != 2*widgetCents+gadgetCents {
			t.Fatalf("the sign-in's cart: %+v, want amy's cart %s merged", res.Cart, mine.ID)
		}
		merged := sh.sellerGet(t, "carts/"+cart.ID)
		if merged["cartState"] != "Merged" || merged["customerId"] != sh.ids["amy"] {
			t.Errorf("the anonymous cart after the sign-in: %v %v", merged["cartState"], merged["customerId"])
		}
		expectErrorCode(t, s.do(t, http.MethodGet, sh.path("/me/carts/"+cart.ID), anon.AccessToken, nil), "ResourceNotFound", http.StatusNotFound)
		wantStatus(t, "amy reads the merged cart", s.do(t, http.MethodGet, sh.path("/me/carts/"+cart.ID), sh.login(t, "amy", nil).AccessToken, nil), http.StatusOK)

		// /me/signup: the session's cart is the new customer's active cart.
		anon, _ = s.session(t, "")
		r := s.do(t, http.MethodPost, sh.path("/me/carts"), anon.AccessToken, []byte(`{"currency":"EUR","lineItems":[{"sku":"`+gadgetSKU+`"}]}`))
		wantStatus(t, "an anonymous cart", r, http.StatusCreated)
		signupCart := decodeJSON(t, r.body)["id"]
		r = s.do(t, http.MethodPost, sh.path("/me/signup"), anon.AccessToken, []byte(`{"email":"`+emailOf("bea")+`","password":"`+passwordOf("bea")+`"}`))
		wantStatus(t, "/me/signup with an anonymous session", r, http.StatusCreated)
		signed := decodeJSON(t, r.body)
		if c, _ := signed["cart"].(map[string]any); c["id"] != signupCart || c["customerId"] != signed["customer"].(map[string]any)["id"] {
			t.Fatalf("the sign-up's cart: %v", signed["cart"])
		}
		bea := decodeToken(t, "bea signs in", s.passwordGrant(t, emailOf("bea"), passwordOf("bea"), nil))
		if active := s.getJSON(t, sh.path("/me/active-cart"), bea.AccessToken); active["id"] != signupCart {
			t.Errorf("bea's active cart: %v, want %v", active["id"], signupCart)
		}

		// The seller names the session (POST /customers) or the cart (POST /login).
		kiosk, err := sh.c.Carts().Post(platform.CartDraft{Currency: "EUR", AnonymousId: ptr("kiosk-7")}).Execute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		created, err := sh.c.Customers().Post(platform.CustomerDraft{Email: emailOf("cid"), Password: ptr(passwordOf("cid")), AnonymousId: ptr("kiosk-7")}).Execute(ctx)
		if err != nil || created.Cart == nil || created.Cart.ID != kiosk.ID || deref(created.Cart.CustomerId) != created.Customer.ID {
			t.Fatalf("POST /customers with anonymousId: %v %+v", err, created)
		}
		loose, err := sh.c.Carts().Post(platform.CartDraft{Currency: "EUR"}).Execute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		mode := platform.AnonymousCartSignInModeUseAsNewActiveCustomerCart
		signin, err := sh.c.Login().Post(platform.CustomerSignin{Email: emailOf("amy"), Password: passwordOf("amy"),
			AnonymousCart: &platform.CartResourceIdentifier{ID: ptr(loose.ID)}, AnonymousCartSignInMode: &mode}).Execute(ctx)
		if err != nil || signin.Cart == nil || signin.Cart.ID != loose.ID || deref(signin.Cart.CustomerId) != sh.ids["amy"] {
			t.Fatalf("POST /login with anonymousCart: %v %+v", err, signin)
		}
		_, err = sh.c.Login().Post(platform.CustomerSignin{Email: emailOf("amy"), Password: passwordOf("amy"),
			AnonymousCart: &platform.CartResourceIdentifier{ID: ptr(loose.ID)}}).Execute(ctx)
		if _, ok := sdkError(t, err, http.StatusBadRequest).Errors[0].(platform.InvalidOperationError); !ok {
			t.Errorf("a cart taken over twice: %v, want InvalidOperation", err)
		}
	})
}

// TestAnonymousSessionsPerAddress: beyond the sessions one client address may open in the
// window, the anonymous token endpoint answers 429 TooManyRequests with Retry-After; sign-ins
// from that address are not affected.
func TestAnonymousSessionsPerAddress(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		w := newWorld(t, s)
		w.customer(t, "shopper")
		s.session(t, "")
		s.session(t, "")
		r := s.anonymousToken(t, s.admin, "")
		expectErrorCode(t, r, "TooManyRequests", http.StatusTooManyRequests)
		if ra, err := strconv.Atoi(r.header.Get("Retry-After")); err != nil || ra < 1 || ra > 15*60 {
			t.Errorf("Retry-After %q, want seconds in 1..900", r.header.Get("Retry-After"))
		}
		w.login(t, "shopper", nil)
	}, "--anonymous-sessions-per-address", "2")
}

// TestAnonymousSessionSeesNoCompanyCart: the seller cannot give a company's cart to a session
// (400), so a session naming that id lists no cart and has no active cart; the seller's cart of
// the session outside every unit is listed, read and active, and does not move into a unit. An
// address with custom fields is refused to the session (400), as its reads and lists agree.
func TestAnonymousSessionSeesNoCompanyCart(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		w := newWorld(t, s)
		w.unit(t, "acme", "", "")
		r := s.do(t, http.MethodPost, w.path("/carts"), w.admin, []byte(`{"currency":"EUR","anonymousId":"kiosk-9","businessUnit":{"key":"acme"}}`))
		expectErrorCode(t, r, "InvalidInput", http.StatusBadRequest)
		anon, _ := s.session(t, "kiosk-9")
		wantStatus(t, "GET /me/active-cart without a cart", s.do(t, http.MethodGet, w.path("/me/active-cart"), anon.AccessToken, nil), http.StatusNotFound)
		if list := s.getJSON(t, w.path("/me/carts"), anon.AccessToken); list["count"] != float64(0) {
			t.Fatalf("the session lists %v carts, want none", list["count"])
		}

		r = s.do(t, http.MethodPost, w.path("/carts"), w.admin, []byte(`{"currency":"EUR","anonymousId":"kiosk-9"}`))
		wantStatus(t, "the seller's cart of the session", r, http.StatusCreated)
		cart := decodeJSON(t, r.body)
		id, version := cart["id"].(string), cart["version"].(float64)
		if list := s.getJSON(t, w.path("/me/carts"), anon.AccessToken); list["count"] != float64(1) {
			t.Fatalf("the session lists %v carts, want 1", list["count"])
		}
		if active := s.getJSON(t, w.path("/me/active-cart"), anon.AccessToken); active["id"] != id {
			t.Fatalf("the session's active cart: %v, want %s", active["id"], id)
		}
		move := fmt.Sprintf(`{"version":%v,"actions":[{"action":"setBusinessUnit","businessUnit":{"key":"acme"}}]}`, version)
		expectErrorCode(t, s.do(t, http.MethodPost, w.path("/carts/"+id), w.admin, []byte(move)), "InvalidInput", http.StatusBadRequest)

		custom := fmt.Sprintf(`{"version":%v,"actions":[{"action":"setShippingAddress","address":{"country":"DE","custom":{"type":{"key":"x"},"fields":{}}}}]}`, version)
		expectErrorCode(t, s.do(t, http.MethodPost, w.path("/me/carts/"+id), anon.AccessToken, []byte(custom)), "InvalidJsonInput", http.StatusBadRequest)
		plain := fmt.Sprintf(`{"version":%v,"actions":[{"action":"setShippingAddress","address":{"country":"DE"}}]}`, version)
		wantStatus(t, "an address without custom fields", s.do(t, http.MethodPost, w.path("/me/carts/"+id), anon.AccessToken, []byte(plain)), http.StatusOK)
	})
}
