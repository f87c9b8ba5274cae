package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// In-store paths (/{project}/in-store/key={store}/…) and store-scoped scopes: a client holding
// only the scopes of one store reaches that store's in-store paths and nothing else; a customer
// of one store is not found in another; a global customer is found in every store.

// inStore is a project with the stores s1 and s2, the customers alice (of s1), bob (of s2) and
// gina (global), and a client holding only the customer scopes of s1.
type inStore struct {
	*world
	s1Client apiClient
	s1       *platform.ByProjectKeyRequestBuilder // the SDK of s1Client
}

func newInStore(t *testing.T, w *world) *inStore {
	t.Helper()
	s := w.s
	for _, key := range []string{"s1", "s2"} {
		if r := s.do(t, http.MethodPost, w.path("/stores"), w.admin, []byte(`{"key":"`+key+`","name":{"en":"`+key+`"}}`)); r.status != http.StatusCreated {
			t.Fatalf("create store %s: %d %s", key, r.status, clip(r.body))
		}
	}
	c := s.newAPIClient(t, s.project, "manage_customers:"+s.project+":s1", "manage_my_profile:"+s.project+":s1")
	st := &inStore{world: w, s1Client: c, s1: s.sdk(t, c, s.project)}
	ctx := context.Background()
	res, err := st.s1.InStoreKeyWithStoreKeyValue("s1").Customers().Post(platform.CustomerDraft{Email: emailOf("alice"), Password: ptr(passwordOf("alice")), Key: ptr("alice")}).Execute(ctx)
	if err != nil {
		t.Fatalf("create alice in s1: %v", err)
	}
	if got := storeKeys(res.Customer.Stores); len(got) != 1 || got[0] != "s1" {
		t.Fatalf("a customer created in s1 has the stores %v, want [s1]", got)
	}
	w.ids["alice"] = res.Customer.ID
	bob, err := w.c.Customers().Post(platform.CustomerDraft{Email: emailOf("bob"), Password: ptr(passwordOf("bob")), Key: ptr("bob"),
		Stores: []platform.StoreResourceIdentifier{{Key: ptr("s2")}}}).Execute(ctx)
	if err != nil {
		t.Fatalf("create bob in s2: %v", err)
	}
	w.ids["bob"] = bob.Customer.ID
	w.customer(t, "gina")
	return st
}

// inStorePath is the path of p in store.
func (st *inStore) inStorePath(store, p string) string { return st.path("/in-store/key=" + store + p) }

// storeToken is a customer's token from the in-store password flow of store.
func (st *inStore) storeToken(t *testing.T, store, name string) response {
	t.Helper()
	return st.s.postForm(t, "/oauth/"+st.s.project+"/in-store/key="+store+"/customers/token", st.s.admin,
		url.Values{"grant_type": {"password"}, "username": {emailOf(name)}, "password": {passwordOf(name)}})
}

func TestAStoreScopedClientReachesOnlyItsStore(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		st := newInStore(t, newWorld(t, s))
		ctx := context.Background()
		tok := s.token(t, st.s1Client)

		page, err := st.s1.InStoreKeyWithStoreKeyValue("s1").Customers().Get().Execute(ctx)
		if err != nil {
			t.Fatalf("query the customers of s1 with the scope of s1: %v", err)
		}
		var emails []string
		for _, c := range page.Results {
			emails = append(emails, c.Email)
		}
		if len(emails) != 2 || emails[0] != emailOf("alice") || emails[1] != emailOf("gina") {
			t.Errorf("the customers in s1: %v, want alice (of s1) and gina (global), not bob (of s2)", emails)
		}
		for _, c := range []struct{ what, method, path string }{
			{"another store's customers", http.MethodGet, st.inStorePath("s2", "/customers")},
			{"another store's customer", http.MethodGet, st.inStorePath("s2", "/customers/key=gina")},
			{"the general customers", http.MethodGet, st.path("/customers")},
			{"a general customer", http.MethodGet, st.path("/customers/key=alice")},
			{"another store's login", http.MethodPost, st.inStorePath("s2", "/login")},
			{"the general login", http.MethodPost, st.path("/login")},
			{"the stores", http.MethodGet, st.path("/stores")},
		} {
			expectErrorCode(t, s.do(t, c.method, c.path, tok, []byte(`{}`)), "insufficient_scope", http.StatusForbidden)
		}

		// In its store: found, changed; a customer of another store is not found there.
		alice, err := st.s1.InStoreKeyWithStoreKeyValue("s1").Customers().WithKey("alice").Post(platform.CustomerUpdate{Version: 1,
			Actions: []platform.CustomerUpdateAction{platform.CustomerSetFirstNameAction{FirstName: ptr("Alice")}}}).Execute(ctx)
		if err != nil || alice.FirstName == nil || *alice.FirstName != "Alice" {
			t.Fatalf("update alice in s1: %v %+v", err, alice)
		}
		if _, err := st.s1.InStoreKeyWithStoreKeyValue("s1").Customers().WithId(st.ids["gina"]).Get().Execute(ctx); err != nil {
			t.Errorf("a global customer in s1: %v", err)
		}
		for _, c := range []struct{ what, method, body string }{
			{"get", http.MethodGet, ""},
			{"update", http.MethodPost, `{"version":1,"actions":[{"action":"setFirstName","firstName":"Bo"}]}`},
			{"delete", http.MethodDelete, ""},
		} {
			path := st.inStorePath("s1", "/customers/"+st.ids["bob"])
			if c.method == http.MethodDelete {
				path += "?version=1"
			}
			var body []byte
			if c.body != "" {
				body = []byte(c.body)
			}
			if r := s.do(t, c.method, path, tok, body); r.status != http.StatusNotFound {
				t.Errorf("%s bob (of s2) in s1: %d %s, want 404", c.what, r.status, clip(r.body))
			}
		}
		// A customer's stores are the seller's to change, and not through an in-store path.
		r := s.do(t, http.MethodPost, st.inStorePath("s1", "/customers/key=alice"), tok,
			[]byte(`{"version":2,"actions":[{"action":"addStore","store":{"typeId":"store","key":"s2"}}]}`))
		expectErrorCode(t, r, "InvalidOperation", http.StatusBadRequest)
		r = s.do(t, http.MethodPost, st.inStorePath("s1", "/customers"), tok,
			[]byte(`{"email":"x@x.example","password":"Secret-x-123","stores":[{"typeId":"store","key":"s2"}]}`))
		expectErrorCode(t, r, "InvalidInput", http.StatusBadRequest)

		// The project-wide scope reaches every store.
		if _, err := st.c.InStoreKeyWithStoreKeyValue("s2").Customers().WithId(st.ids["bob"]).Get().Execute(ctx); err != nil {
			t.Errorf("bob in s2 with manage_project: %v", err)
		}
		if r := s.do(t, http.MethodGet, st.inStorePath("s1", "/customers/"+st.ids["bob"]), st.admin, nil); r.status != http.StatusNotFound {
			t.Errorf("bob (of s2) in s1 with manage_project: %d %s, want 404", r.status, clip(r.body))
		}
		// Delete in its store.
		if _, err := st.s1.InStoreKeyWithStoreKeyValue("s1").Customers().WithKey("alice").Delete().Version(2).Execute(ctx); err != nil {
			t.Errorf("delete alice in s1: %v", err)
		}
	})
}

func TestStoreSpecificCustomersSignInOnlyInTheirStores(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		st := newInStore(t, newWorld(t, s))
		ctx := context.Background()
		login := func(store, name string) (*platform.CustomerSignInResult, error) {
			signin := platform.CustomerSignin{Email: emailOf(name), Password: passwordOf(name)}
			if store == "" {
				return st.c.Login().Post(signin).Execute(ctx)
			}
			return st.c.InStoreKeyWithStoreKeyValue(store).Login().Post(signin).Execute(ctx)
		}
		for _, c := range []struct {
			store, name string
			ok          bool
		}{
			{"s1", "alice", true}, {"s2", "alice", false}, {"", "alice", false},
			{"s2", "bob", true}, {"s1", "bob", false},
			{"s1", "gina", true}, {"s2", "gina", true}, {"", "gina", true},
		} {
			res, err := login(c.store, c.name)
			switch {
			case c.ok && (err != nil || res.Customer.Email != emailOf(c.name)):
				t.Errorf("%s signs in in %q: %v", c.name, c.store, err)
			case !c.ok:
				if _, ok := sdkError(t, err, http.StatusBadRequest).Errors[0].(platform.InvalidCredentialsError); !ok {
					t.Errorf("%s signs in in %q: %v, want InvalidCredentials", c.name, c.store, err)
				}
			}
		}

		// The password flow: a store-specific customer only through their store's token endpoint,
		// whose token reaches only that store.
		oauthError(t, "alice's global password flow", s.passwordGrant(t, emailOf("alice"), passwordOf("alice"), nil), http.StatusBadRequest, "invalid_customer_account_credentials")
		oauthError(t, "alice's password flow in s2", st.storeToken(t, "s2", "alice"), http.StatusBadRequest, "invalid_customer_account_credentials")
		tr := decodeToken(t, "alice's password flow in s1", st.storeToken(t, "s1", "alice"))
		if !tr.has("manage_my_profile:"+s.project+":s1") || tr.has("manage_my_profile:"+s.project) {
			t.Errorf("alice's token from s1 has the scopes %q, want manage_my_profile narrowed to s1", tr.Scope)
		}
		me, err := s.tokenSDK(t, tr.AccessToken).InStoreKeyWithStoreKeyValue("s1").Me().Get().Execute(ctx)
		if err != nil || me.Email != emailOf("alice") {
			t.Fatalf("alice's /me in s1: %v", err)
		}
		expectErrorCode(t, s.do(t, http.MethodGet, st.path("/me"), tr.AccessToken, nil), "insufficient_scope", http.StatusForbidden)
		expectErrorCode(t, s.do(t, http.MethodGet, st.inStorePath("s2", "/me"), tr.AccessToken, nil), "insufficient_scope", http.StatusForbidden)

		// A global customer's token reaches /me in every store; a store-specific customer whose
		// token holds the project-wide scope is still not found in another store.
		gina := decodeToken(t, "gina's password flow", s.passwordGrant(t, emailOf("gina"), passwordOf("gina"), nil))
		for _, store := range []string{"s1", "s2"} {
			if r := s.do(t, http.MethodGet, st.inStorePath(store, "/me"), gina.AccessToken, nil); r.status != http.StatusOK {
				t.Errorf("gina's /me in %s: %d %s", store, r.status, clip(r.body))
			}
		}
		wide := st.s.newAPIClient(t, s.project, "manage_my_profile:"+s.project)
		bob := decodeToken(t, "bob's password flow in s2", s.postForm(t, "/oauth/"+s.project+"/in-store/key=s2/customers/token", wide,
			url.Values{"grant_type": {"password"}, "username": {emailOf("bob")}, "password": {passwordOf("bob")}}))
		if r := s.do(t, http.MethodGet, st.inStorePath("s1", "/me"), bob.AccessToken, nil); r.status != http.StatusForbidden && r.status != http.StatusNotFound {
			t.Errorf("bob's /me in s1: %d %s, want refused", r.status, clip(r.body))
		}
	})
}

func TestSigningUpInAStoreMakesAStoreCustomer(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		st := newInStore(t, newWorld(t, s))
		ctx := context.Background()
		res, err := st.s1.InStoreKeyWithStoreKeyValue("s1").Me().Signup().Post(platform.MyCustomerDraft{Email: emailOf("carol"), Password: passwordOf("carol")}).Execute(ctx)
		if err != nil {
			t.Fatalf("carol signs up in s1: %v", err)
		}
		if got := storeKeys(res.Customer.Stores); len(got) != 1 || got[0] != "s1" {
			t.Errorf("carol signed up in s1 has the stores %v, want [s1]", got)
		}
		if _, err := st.s1.InStoreKeyWithStoreKeyValue("s1").Me().Login().Post(platform.MyCustomerSignin{Email: emailOf("carol"), Password: passwordOf("carol")}).Execute(ctx); err != nil {
			t.Errorf("carol signs in in s1 through /me/login: %v", err)
		}
		r := s.do(t, http.MethodPost, st.inStorePath("s2", "/me/login"), st.admin, []byte(`{"email":"`+emailOf("carol")+`","password":"`+passwordOf("carol")+`"}`))
		expectErrorCode(t, r, "InvalidCredentials", http.StatusBadRequest)
		// One email per project: the same email cannot sign up in another store.
		r = s.do(t, http.MethodPost, st.inStorePath("s2", "/me/signup"), st.admin, []byte(`{"email":"`+emailOf("carol")+`","password":"`+passwordOf("carol")+`"}`))
		expectErrorCode(t, r, "DuplicateField", http.StatusBadRequest)
	})
}

func TestTheSellerManagesACustomersStores(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		st := newInStore(t, newWorld(t, s))
		ctx := context.Background()
		update := func(version int64, action platform.CustomerUpdateAction) (*platform.Customer, error) {
			return st.c.Customers().WithId(st.ids["gina"]).Post(platform.CustomerUpdate{Version: int(version), Actions: []platform.CustomerUpdateAction{action}}).Execute(ctx)
		}
		if r := s.do(t, http.MethodPost, st.path("/stores"), st.admin, []byte(`{"key":"s3"}`)); r.status != http.StatusCreated {
			t.Fatalf("create store s3: %d %s", r.status, clip(r.body))
		}
		s3 := platform.StoreResourceIdentifier{Key: ptr("s3")}
		cu, err := update(1, platform.CustomerAddStoreAction{Store: s3})
		if err != nil || len(storeKeys(cu.Stores)) != 1 {
			t.Fatalf("addStore: %v %+v", err, cu)
		}
		// s3 is in use: it cannot be deleted.
		r := s.do(t, http.MethodDelete, st.path("/stores/key=s3?version=1"), st.admin, nil)
		expectErrorCode(t, r, "ReferenceExists", http.StatusBadRequest)
		cu, err = update(int64(cu.Version), platform.CustomerSetStoresAction{Stores: []platform.StoreResourceIdentifier{{Key: ptr("s1")}, s3}})
		if got := storeKeys(cu.Stores); err != nil || len(got) != 2 || got[0] != "s1" || got[1] != "s3" {
			t.Fatalf("setStores: %v %v", err, got)
		}
		cu, err = update(int64(cu.Version), platform.CustomerRemoveStoreAction{Store: s3})
		if got := storeKeys(cu.Stores); err != nil || len(got) != 1 || got[0] != "s1" {
			t.Fatalf("removeStore: %v %v", err, got)
		}
		_, err = update(int64(cu.Version), platform.CustomerRemoveStoreAction{Store: s3})
		sdkError(t, err, http.StatusBadRequest)
		// Nothing references s3 now.
		if r := s.do(t, http.MethodDelete, st.path("/stores/key=s3?version=1"), st.admin, nil); r.status != http.StatusOK {
			t.Errorf("delete s3, unused: %d %s", r.status, clip(r.body))
		}
		_, err = update(int64(cu.Version), platform.CustomerSetAuthenticationModeAction{AuthMode: platform.AuthenticationModeExternalAuth})
		if _, ok := sdkError(t, err, http.StatusBadRequest).Errors[0].(platform.InvalidFieldError); !ok {
			t.Errorf("setAuthenticationMode ExternalAuth: %v, want InvalidField", err)
		}

		// A customer's token has no store actions on /me.
		tok := decodeToken(t, "gina's password flow in s1", st.storeToken(t, "s1", "gina"))
		body, _ := json.Marshal(map[string]any{"version": cu.Version, "actions": []any{map[string]any{"action": "setStores", "stores": []any{}}}})
		r = s.do(t, http.MethodPost, st.inStorePath("s1", "/me"), tok.AccessToken, body)
		expectErrorCode(t, r, "InvalidJsonInput", http.StatusBadRequest)
	})
}

func TestPasswordAndEmailTokensInAStore(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		st := newInStore(t, newWorld(t, s))
		tok := s.token(t, st.s1Client)
		post := func(token, path string, body any) response {
			b, _ := json.Marshal(body)
			return s.do(t, http.MethodPost, path, token, b)
		}
		tokenValue := func(r response) string {
			var v struct {
				Value string `json:"value"`
			}
			if err := json.Unmarshal(r.body, &v); err != nil || v.Value == "" {
				t.Fatalf("a customer token: %d %s", r.status, clip(r.body))
			}
			return v.Value
		}
		// A password token in s1: for alice (of s1), not for bob (of s2).
		alice := tokenValue(post(tok, st.inStorePath("s1", "/customers/password-token"), map[string]any{"email": emailOf("alice")}))
		expectErrorCode(t, post(tok, st.inStorePath("s1", "/customers/password-token"), map[string]any{"email": emailOf("bob")}), "ResourceNotFound", http.StatusNotFound)
		expectErrorCode(t, post(tok, st.inStorePath("s2", "/customers/password-token"), map[string]any{"email": emailOf("bob")}), "insufficient_scope", http.StatusForbidden)
		if r := post(tok, st.inStorePath("s1", "/customers/password/reset"), map[string]any{"tokenValue": alice, "newPassword": "Another-alice-123"}); r.status != http.StatusOK {
			t.Errorf("reset alice's password in s1: %d %s", r.status, clip(r.body))
		}
		// bob's token, made in s2, does not reset his password through s1.
		bob := tokenValue(post(st.admin, st.inStorePath("s2", "/customers/password-token"), map[string]any{"email": emailOf("bob")}))
		r := post(tok, st.inStorePath("s1", "/customers/password/reset"), map[string]any{"tokenValue": bob, "newPassword": "Another-bob-123"})
		expectErrorCode(t, r, "InvalidOperation", http.StatusBadRequest)
		if r := post(st.admin, st.inStorePath("s2", "/customers/password/reset"), map[string]any{"tokenValue": bob, "newPassword": "Another-bob-123"}); r.status != http.StatusOK {
			t.Errorf("reset bob's password in s2 after a refused try in s1: %d %s", r.status, clip(r.body))
		}
		// An email token in s1: for alice, not for bob.
		if r := post(tok, st.inStorePath("s1", "/customers/email-token"), map[string]any{"id": st.ids["alice"], "ttlMinutes": 60}); r.status != http.StatusOK {
			t.Errorf("an email token for alice in s1: %d %s", r.status, clip(r.body))
		}
		r = post(tok, st.inStorePath("s1", "/customers/email-token"), map[string]any{"id": st.ids["bob"], "ttlMinutes": 60})
		if r.status != http.StatusBadRequest && r.status != http.StatusNotFound {
			t.Errorf("an email token for bob in s1: %d %s, want refused", r.status, clip(r.body))
		}
	})
}

func TestCartsAndOrdersInAStore(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		sh := newShop(t, s)
		st := newInStore(t, sh.world)
		ctx := context.Background()
		orders := s.newAPIClient(t, s.project, "manage_orders:"+s.project+":s1")
		s1 := s.sdk(t, orders, s.project).InStoreKeyWithStoreKeyValue("s1")
		tok := s.token(t, orders)

		// A cart created in s1 belongs to s1, and is found only there.
		cart, err := s1.Carts().Post(platform.CartDraft{Currency: "EUR", CustomerId: ptr(st.ids["gina"]), LineItems: lineItems(item{widgetSKU, 1})}).Execute(ctx)
		if err != nil {
			t.Fatalf("create a cart in s1: %v", err)
		}
		if cart.Store == nil || cart.Store.Key != "s1" {
			t.Fatalf("a cart created in s1 has the store %+v, want s1", cart.Store)
		}
		general := sh.sellerCart(t, "gina", "", item{gadgetSKU, 1}) // no store
		if r := s.do(t, http.MethodGet, st.inStorePath("s1", "/carts/"+cart.ID), tok, nil); r.status != http.StatusOK {
			t.Errorf("the cart of s1 in s1: %d %s", r.status, clip(r.body))
		}
		for _, c := range []struct{ what, path, token string }{
			{"the cart of s1 in s2", st.inStorePath("s2", "/carts/"+cart.ID), st.admin},
			{"a cart of no store in s1", st.inStorePath("s1", "/carts/"+general.ID), tok},
		} {
			if r := s.do(t, http.MethodGet, c.path, c.token, nil); r.status != http.StatusNotFound {
				t.Errorf("%s: %d %s, want 404", c.what, r.status, clip(r.body))
			}
		}
		for _, path := range []string{st.inStorePath("s2", "/carts/"+cart.ID), st.path("/carts/" + cart.ID), st.path("/carts"), st.inStorePath("s2", "/orders")} {
			expectErrorCode(t, s.do(t, http.MethodGet, path, tok, nil), "insufficient_scope", http.StatusForbidden)
		}
		page, err := s1.Carts().Get().Execute(ctx)
		if err != nil || len(page.Results) != 1 || page.Results[0].ID != cart.ID {
			t.Errorf("the carts of s1: %v %+v, want only the cart of s1", err, page)
		}
		r := s.do(t, http.MethodPost, st.inStorePath("s1", "/carts"), tok, []byte(`{"currency":"EUR","store":{"typeId":"store","key":"s2"}}`))
		expectErrorCode(t, r, "InvalidInput", http.StatusBadRequest)

		// Ordered in s1, the order belongs to s1; the cart of no store cannot be ordered there.
		order, err := s1.Orders().Post(platform.OrderFromCartDraft{Cart: &platform.CartResourceIdentifier{ID: ptr(cart.ID)}, Version: cart.Version}).Execute(ctx)
		if err != nil || order.Store == nil || order.Store.Key != "s1" {
			t.Fatalf("order the cart of s1 in s1: %v %+v", err, order)
		}
		body, _ := json.Marshal(map[string]any{"cart": map[string]any{"typeId": "cart", "id": general.ID}, "version": general.Version})
		if r := s.do(t, http.MethodPost, st.inStorePath("s1", "/orders"), tok, body); r.status != http.StatusNotFound && r.status != http.StatusBadRequest {
			t.Errorf("order a cart of no store in s1: %d %s, want refused", r.status, clip(r.body))
		}
		if r := s.do(t, http.MethodDelete, st.inStorePath("s2", "/orders/"+order.ID+"?version=1"), st.admin, nil); r.status != http.StatusNotFound {
			t.Errorf("delete the order of s1 in s2: %d %s, want 404", r.status, clip(r.body))
		}
		if _, err := s1.Orders().WithId(order.ID).Get().Execute(ctx); err != nil {
			t.Errorf("the order of s1 in s1: %v", err)
		}

		// A customer's carts in the store: /me/carts in s1 makes a cart of s1, the active cart
		// there; the token of the store does not reach the general /me/active-cart.
		alice := decodeToken(t, "alice's password flow in s1", st.storeToken(t, "s1", "alice"))
		mine, err := s.tokenSDK(t, alice.AccessToken).InStoreKeyWithStoreKeyValue("s1").Me().Carts().Post(platform.MyCartDraft{Currency: "EUR"}).Execute(ctx)
		if err != nil || mine.Store == nil || mine.Store.Key != "s1" {
			t.Fatalf("alice's cart in s1: %v %+v", err, mine)
		}
		active := s.getJSON(t, st.inStorePath("s1", "/me/active-cart"), alice.AccessToken)
		if active["id"] != mine.ID {
			t.Errorf("alice's active cart in s1: %v, want %s", active["id"], mine.ID)
		}
		expectErrorCode(t, s.do(t, http.MethodGet, st.path("/me/active-cart"), alice.AccessToken, nil), "insufficient_scope", http.StatusForbidden)
		if r := s.do(t, http.MethodGet, st.inStorePath("s2", "/me/orders"), alice.AccessToken, nil); r.status != http.StatusForbidden {
			t.Errorf("alice's orders in s2 with the token of s1: %d, want 403", r.status)
		}
	})
}

func TestBusinessUnitsInAStore(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		st := newInStore(t, newWorld(t, s))
		ctx := context.Background()
		st.unit(t, "acme", "", `,"stores":[{"typeId":"store","key":"s1"}]`)
		st.unit(t, "acme-eng", "acme", "") // inherits s1
		st.unit(t, "initech", "", `,"stores":[{"typeId":"store","key":"s2"}]`)
		st.unit(t, "globex", "", "")
		units := s.newAPIClient(t, s.project, "manage_business_units:"+s.project+":s1")
		s1 := s.sdk(t, units, s.project).InStoreKeyWithStoreKeyValue("s1")
		tok := s.token(t, units)

		page, err := s1.BusinessUnits().Get().Execute(ctx)
		if err != nil {
			t.Fatalf("query the units of s1: %v", err)
		}
		if got := sortedKeys(t, page.Results); len(got) != 2 || got[0] != "acme" || got[1] != "acme-eng" {
			t.Errorf("the units of s1: %v, want acme and acme-eng (inherited)", got)
		}
		if _, err := s1.BusinessUnits().WithKey("acme-eng").Get().Execute(ctx); err != nil {
			t.Errorf("acme-eng (s1 inherited) in s1: %v", err)
		}
		for _, key := range []string{"initech", "globex"} {
			if r := s.do(t, http.MethodGet, st.inStorePath("s1", "/business-units/key="+key), tok, nil); r.status != http.StatusNotFound {
				t.Errorf("%s in s1: %d %s, want 404", key, r.status, clip(r.body))
			}
		}
		for _, path := range []string{st.inStorePath("s2", "/business-units"), st.path("/business-units"), st.path("/business-units/key=acme")} {
			expectErrorCode(t, s.do(t, http.MethodGet, path, tok, nil), "insufficient_scope", http.StatusForbidden)
		}
		if r := s.do(t, http.MethodDelete, st.inStorePath("s1", "/business-units/key=initech?version=1"), st.admin, nil); r.status != http.StatusNotFound {
			t.Errorf("delete initech (s2) in s1: %d %s, want 404", r.status, clip(r.body))
		}
		r := s.do(t, http.MethodPost, st.inStorePath("s1", "/business-units/key=initech"), tok, []byte(`{"version":1,"actions":[{"action":"changeName","name":"Mine"}]}`))
		if r.status != http.StatusNotFound {
			t.Errorf("update initech (s2) in s1: %d %s, want 404", r.status, clip(r.body))
		}
		if r := s.do(t, http.MethodPost, st.inStorePath("s1", "/business-units/key=acme"), tok, []byte(`{"version":1,"actions":[{"action":"changeName","name":"Acme s1"}]}`)); r.status != http.StatusOK {
			t.Errorf("update acme in s1: %d %s", r.status, clip(r.body))
		}

		// A company created in s1 gets s1; one naming only another store is refused.
		bu, err := s1.BusinessUnits().Post(platform.CompanyDraft{Key: "hooli", Name: "Hooli"}).Execute(ctx)
		if err != nil {
			t.Fatalf("create hooli in s1: %v", err)
		}
		if got := storeKeys(asCompany(t, bu).Stores); len(got) != 1 || got[0] != "s1" {
			t.Errorf("hooli created in s1 has the stores %v, want [s1]", got)
		}
		r = s.do(t, http.MethodPost, st.inStorePath("s1", "/business-units"), tok,
			[]byte(`{"unitType":"Company","key":"umbrella","name":"Umbrella","stores":[{"typeId":"store","key":"s2"}]}`))
		expectErrorCode(t, r, "InvalidInput", http.StatusBadRequest)
		if r := s.do(t, http.MethodGet, st.path("/business-units/key=umbrella"), st.admin, nil); r.status != http.StatusNotFound {
			t.Errorf("the refused unit was created: %d", r.status)
		}
	})
}

func TestQuotesInAStore(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		q := newQuotes(t, s)
		if r := s.do(t, http.MethodPost, q.path("/stores"), q.admin, []byte(`{"key":"s1"}`)); r.status != http.StatusCreated {
			t.Fatalf("create store s1: %d %s", r.status, clip(r.body))
		}
		// A quote of no store, made before acme sells through s1.
		other := q.send(t, q.stage(t, q.request(t, "quinn", q.buyerCart(t, "quinn", 1), "no store")))
		q.update(t, "acme", `{"action":"addStore","store":{"typeId":"store","key":"s1"}}`)
		p := s.project + ":s1"
		tok := s.token(t, s.newAPIClient(t, s.project, "manage_orders:"+p, "manage_quote_requests:"+p, "manage_staged_quotes:"+p, "manage_quotes:"+p))
		in := func(path string) string { return q.path("/in-store/key=s1" + path) }
		create := func(what, path string, body any) map[string]any {
			b, _ := json.Marshal(body)
			r := s.do(t, http.MethodPost, in(path), tok, b)
			var v map[string]any
			if err := json.Unmarshal(r.body, &v); err != nil || r.status != http.StatusCreated {
				t.Fatalf("%s in s1: %d %s", what, r.status, clip(r.body))
			}
			if st, _ := v["store"].(map[string]any); st["key"] != "s1" {
				t.Errorf("%s in s1 has the store %v, want s1", what, v["store"])
			}
			return v
		}
		ref := func(typ string, v map[string]any) map[string]any { return map[string]any{"typeId": typ, "id": v["id"]} }

		cart := create("a cart", "/carts", map[string]any{"currency": "EUR", "customerId": q.ids["quinn"],
			"businessUnit": map[string]any{"typeId": "business-unit", "key": "acme"},
			"lineItems":    []any{map[string]any{"sku": widgetSKU, "quantity": 2}}, "shippingAddress": berlin()})
		request := create("a quote request", "/quote-requests", map[string]any{"cart": ref("cart", cart), "cartVersion": cart["version"]})
		staged := create("a staged quote", "/staged-quotes", map[string]any{"quoteRequest": ref("quote-request", request),
			"quoteRequestVersion": request["version"], "quoteRequestStateToAccepted": true})
		quote := create("a quote", "/quotes", map[string]any{"stagedQuote": ref("staged-quote", staged),
			"stagedQuoteVersion": q.sellerGet(t, "staged-quotes/"+staged["id"].(string))["version"], "stagedQuoteStateToSent": true})

		// The quote of no store is not found in s1, nor listed there.
		for _, path := range []string{"/quotes/" + other.ID, "/quote-requests/" + other.QuoteRequest.ID, "/staged-quotes/" + other.StagedQuote.ID} {
			if r := s.do(t, http.MethodGet, in(path), tok, nil); r.status != http.StatusNotFound {
				t.Errorf("%s (no store) in s1: %d %s, want 404", path, r.status, clip(r.body))
			}
		}
		for _, kind := range []string{"quotes", "quote-requests", "staged-quotes"} {
			page := s.getJSON(t, in("/"+kind), tok)
			if ids := idsOf(page); len(ids) != 1 {
				t.Errorf("the %s of s1: %v, want the one made in s1", kind, ids)
			}
			expectErrorCode(t, s.do(t, http.MethodGet, q.path("/"+kind), tok, nil), "insufficient_scope", http.StatusForbidden)
		}
		if r := s.do(t, http.MethodGet, in("/quotes/"+quote["id"].(string)), tok, nil); r.status != http.StatusOK {
			t.Errorf("the quote of s1 in s1: %d %s", r.status, clip(r.body))
		}
		if r := s.do(t, http.MethodDelete, in("/quotes/"+other.ID+"?version="+strconv.Itoa(other.Version)), tok, nil); r.status != http.StatusNotFound {
			t.Errorf("delete a quote of no store in s1: %d %s, want 404", r.status, clip(r.body))
		}
	})
}

// TestCartDiscountsInAStore: a client with the cart-discount scope of s1 makes a discount of s1
// on s1's path, reads and changes it there, and reaches neither the general path, another
// store's path, nor a discount it would widen to s2.
func TestCartDiscountsInAStore(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		st := newInStore(t, newWorld(t, s))
		tok := s.token(t, s.newAPIClient(t, s.project, "manage_cart_discounts:"+s.project+":s1"))
		draft := []byte(`{"key":"s1-ten","name":{"en":"10%"},"cartPredicate":"true","sortOrder":"0.5",` +
			`"value":{"type":"relative","permyriad":1000},"target":{"type":"totalPrice"}}`)
		r := s.do(t, http.MethodPost, st.inStorePath("s1", "/cart-discounts"), tok, draft)
		var made platform.CartDiscount
		if r.status != http.StatusCreated || json.Unmarshal(r.body, &made) != nil || len(made.Stores) != 1 || made.Stores[0].Key != "s1" {
			t.Fatalf("create in s1: %d %s", r.status, clip(r.body))
		}
		if r := s.do(t, http.MethodGet, st.inStorePath("s1", "/cart-discounts/key=s1-ten"), tok, nil); r.status != http.StatusOK {
			t.Errorf("get in s1: %d %s", r.status, clip(r.body))
		}
		for _, c := range []struct{ what, method, path string }{
			{"the general path", http.MethodGet, st.path("/cart-discounts")},
			{"another store's path", http.MethodGet, st.inStorePath("s2", "/cart-discounts")},
		} {
			expectErrorCode(t, s.do(t, c.method, c.path, tok, nil), "insufficient_scope", http.StatusForbidden)
		}
		widen := []byte(`{"version":1,"actions":[{"action":"addStore","store":{"typeId":"store","key":"s2"}}]}`)
		expectErrorCode(t, s.do(t, http.MethodPost, st.inStorePath("s1", "/cart-discounts/key=s1-ten"), tok, widen), "insufficient_scope", http.StatusForbidden)
		if r := s.do(t, http.MethodPost, st.inStorePath("s1", "/cart-discounts/key=s1-ten"), st.admin, widen); r.status != http.StatusOK {
			t.Errorf("the project-wide scope widens it: %d %s", r.status, clip(r.body))
		}
		if r := s.do(t, http.MethodDelete, st.inStorePath("s1", "/cart-discounts/key=s1-ten?version=2"), tok, nil); r.status != http.StatusForbidden {
			t.Errorf("delete a discount also of s2 with the scope of s1: %d %s", r.status, clip(r.body))
		}
	})
}
