package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/procura/procura/internal/refshape"
)

// Every answer has the shape the commercetools API reference gives its type: each field the
// reference marks required is there, and each field there has the reference's JSON type (arrays
// are arrays, never null). Storefronts built on the reference map these fields without guards.
func TestAnswersHaveTheReferenceShape(t *testing.T) {
	ref := reference(t)
	forEachBackend(t, func(t *testing.T, s *server) {
		q := newQuotes(t, s)
		if r := s.do(t, http.MethodPost, q.path("/types"), q.admin, []byte(everyFieldType)); r.status != http.StatusCreated {
			t.Fatalf("create a type: %d %s", r.status, clip(r.body))
		}
		for _, c := range []struct{ path, body string }{
			{"/stores", `{"key":"main","name":{"en":"Main"},"custom":{"type":{"key":"every-field"},"fields":` + everyFieldValue + `},` +
				`"storefront":{"contactUrl":"https://shop.example/contact","orderUrlTemplate":"https://shop.example/orders/{orderId}"}}`},
			{"/customer-groups", `{"key":"gold","groupName":"Gold"}`},
			{"/categories", `{"key":"tools","name":{"en":"Tools"},"slug":{"en":"tools"},"assets":[{"key":"catalogue","name":{"en":"Catalogue"},` +
				`"sources":[{"uri":"https://files.example/catalogue.pdf","contentType":"application/pdf"}],"tags":["print"]}]}`},
		} {
			if r := s.do(t, http.MethodPost, q.path(c.path), q.admin, []byte(c.body)); r.status != http.StatusCreated {
				t.Fatalf("POST %s: %d %s", c.path, r.status, clip(r.body))
			}
		}
		q.unit(t, "initech", "", `,"storeMode":"Explicit","stores":[{"typeId":"store","key":"main"}],`+
			`"addresses":[{"key":"hq","country":"DE","city":"Berlin"}],"contactEmail":"hq@initech.example",`+
			`"customerGroupAssignments":[{"customerGroup":{"typeId":"customer-group","key":"gold"}}]`)
		q.update(t, "acme", `{"action":"addAddress","address":{"key":"plant","country":"DE","city":"Bonn"}}`)

		cart := q.buyerCart(t, "quinn", 2)
		quote := q.send(t, q.stage(t, q.request(t, "quinn", q.buyerCart(t, "quinn", 1), "a better price, please")))
		staged := q.sellerGet(t, "quotes/"+quote.ID)["stagedQuote"].(map[string]any)["id"].(string)
		request := quote.QuoteRequest.ID
		rule := q.createRule(t, "ruth", "acme", bigOrders("big"))
		order := q.order(t, "bob", "acme", "EUR", 12) // 1,200 EUR: needs approval
		flows := q.flowsOf(t, order.ID)
		if len(flows) != 1 {
			t.Fatalf("the big order has %d approval flows, want 1", len(flows))
		}
		q.apparelType(t) // attribute definitions of several types
		q.tee(t)         // attributes, variants, images, assets
		bob := q.login(t, "bob", nil)
		quinn := q.ids["quinn"]
		r := s.do(t, http.MethodPost, q.path("/shopping-lists"), q.admin, []byte(fmt.Sprintf(`{"name":{"en":"List"},"customer":{"id":%q},`+
			`"lineItems":[{"sku":"T-2","quantity":2}],"textLineItems":[{"name":{"en":"paper"},"description":{"en":"A4"}}]}`, quinn)))
		wantStatus(t, "a shopping list", r, http.StatusCreated)
		expectShape(t, ref, "ShoppingList", "POST /shopping-lists", r.body)
		var list struct{ ID string }
		_ = json.Unmarshal(r.body, &list)
		as := "/as-associate/" + q.ids["bob"] + "/in-business-unit/key=acme"

		for _, c := range []struct{ typ, path, token string }{
			{"Project", "", q.admin},
			{"Customer", "/customers/" + quinn, q.admin},
			{"CustomerPagedQueryResponse", "/customers", q.admin},
			{"CustomerPagedQueryResponse", "/in-store/key=main/customers", q.admin},
			{"BusinessUnitPagedQueryResponse", "/in-store/key=main/business-units", q.admin},
			{"Customer", "/me", bob.AccessToken},
			{"BusinessUnit", "/business-units/key=acme", q.admin},
			{"BusinessUnit", "/business-units/key=acme-eng", q.admin},
			{"BusinessUnit", "/business-units/key=initech", q.admin},
			{"BusinessUnitPagedQueryResponse", "/business-units?expand=associates[*].customer&expand=inheritedAssociates[*].customer", q.admin},
			{"BusinessUnitPagedQueryResponse", "/as-associate/" + q.ids["bob"] + "/business-units?expand=associates[*].customer&limit=50", q.admin},
			{"BusinessUnitPagedQueryResponse", "/me/business-units", bob.AccessToken},
			{"BusinessUnitAssociateResponse", "/business-units/key=acme/associates/" + q.ids["bob"], q.admin},
			{"AssociateRole", "/associate-roles/key=buyer", q.admin},
			{"AssociateRolePagedQueryResponse", "/associate-roles", q.admin},
			{"Store", "/stores/key=main", q.admin},
			{"StorePagedQueryResponse", "/stores?where=" + url.QueryEscape(`key in ("main")`), q.admin},
			{"Category", "/categories/key=tools", q.admin},
			{"Type", "/types/key=every-field", q.admin},
			{"TypePagedQueryResponse", "/types", q.admin},
			{"ProductType", "/product-types/key=tools", q.admin},
			{"ProductTypePagedQueryResponse", "/product-types", q.admin},
			{"ProductType", "/product-types/key=apparel", q.admin},
			{"Product", "/products/key=crate", q.admin},
			{"Product", "/products/key=tee", q.admin},
			{"ProductProjection", "/product-projections/key=tee?staged=true", q.admin},
			{"ProductPagedQueryResponse", "/products", q.admin},
			{"Cart", "/carts/" + cart.ID, q.admin},
			{"CartPagedQueryResponse", "/carts", q.admin},
			{"CartPagedQueryResponse", as + "/carts", q.admin},
			{"Order", "/orders/" + order.ID, q.admin},
			{"OrderPagedQueryResponse", "/orders", q.admin},
			{"OrderPagedQueryResponse", "/me/orders", bob.AccessToken},
			{"QuoteRequest", "/quote-requests/" + request, q.admin},
			{"QuoteRequestPagedQueryResponse", "/quote-requests?expand=customer", q.admin},
			{"StagedQuote", "/staged-quotes/" + staged + "?expand=quotationCart", q.admin},
			{"StagedQuotePagedQueryResponse", "/staged-quotes", q.admin},
			{"Quote", "/quotes/" + quote.ID + "?expand=customer", q.admin},
			{"QuotePagedQueryResponse", "/quotes", q.admin},
			{"ShoppingList", "/shopping-lists/" + list.ID + "?expand=" + url.QueryEscape("lineItems[*].variant"), q.admin},
			{"ShoppingListPagedQueryResponse", "/shopping-lists?expand=customer", q.admin},
			{"ShoppingListPagedQueryResponse", "/me/shopping-lists", bob.AccessToken},
			{"ApprovalRule", "/approval-rules/" + rule.ID, q.admin},
			{"ApprovalRulePagedQueryResponse", "/approval-rules", q.admin},
			{"ApprovalFlow", "/approval-flows/" + flows[0], q.admin},
			{"ApprovalFlowPagedQueryResponse", as + "/approval-flows?expand=" + url.QueryEscape("approvals[*].approver.customer"), q.admin},
		} {
			r := s.do(t, http.MethodGet, q.path(c.path), c.token, nil)
			if r.status != http.StatusOK {
				t.Errorf("GET %s: status %d %s", c.path, r.status, clip(r.body))
				continue
			}
			expectShape(t, ref, c.typ, "GET "+c.path, r.body)
		}

		for _, c := range []struct{ typ, path, body string }{
			{"CustomerSignInResult", "/login", fmt.Sprintf(`{"email":%q,"password":%q}`, emailOf("quinn"), passwordOf("quinn"))},
			{"CustomerToken", "/customers/email-token", fmt.Sprintf(`{"id":%q,"ttlMinutes":60}`, quinn)},
			{"CustomerToken", "/customers/password-token", fmt.Sprintf(`{"email":%q}`, emailOf("quinn"))},
			{"Project", "", `{"version":1,"actions":[{"action":"changeCountries","countries":["DE"]},{"action":"changeCurrencies","currencies":["EUR"]},` +
				`{"action":"changeMessagesConfiguration","messagesConfiguration":{"enabled":true,"deleteDaysAfterCreation":30}},` +
				`{"action":"changePriceRoundingMode","priceRoundingMode":"HalfUp"},{"action":"setReservationExpirationInMinutes","reservationExpirationInMinutes":30},` +
				`{"action":"changeCustomerSearchStatus","status":"Deactivated"}]}`},
		} {
			r := s.do(t, http.MethodPost, q.path(c.path), q.admin, []byte(c.body))
			if r.status != http.StatusOK {
				t.Errorf("POST %s: status %d %s", c.path, r.status, clip(r.body))
				continue
			}
			expectShape(t, ref, c.typ, "POST "+c.path, r.body)
		}

		// The messages of every change above (recorded all along; the project update just made
		// enables the Messages Query API).
		r = s.do(t, http.MethodGet, q.path("/messages?limit=500"), q.admin, nil)
		wantStatus(t, "the messages", r, http.StatusOK)
		expectShape(t, ref, "MessagePagedQueryResponse", "GET /messages", r.body)

		// An anonymous session's cart, and the sign-in that takes it over.
		anon, _ := s.session(t, "")
		r = s.do(t, http.MethodPost, q.path("/me/shopping-lists"), anon.AccessToken, []byte(`{"name":{"en":"Guest"},"lineItems":[{"sku":"T-1"}]}`))
		wantStatus(t, "an anonymous shopping list", r, http.StatusCreated)
		expectShape(t, ref, "ShoppingList", "POST /me/shopping-lists (anonymous)", r.body)
		r = s.do(t, http.MethodPost, q.path("/me/carts"), anon.AccessToken, []byte(`{"currency":"EUR"}`))
		wantStatus(t, "an anonymous cart", r, http.StatusCreated)
		expectShape(t, ref, "Cart", "POST /me/carts (anonymous)", r.body)
		r = s.do(t, http.MethodPost, q.path("/me/login"), anon.AccessToken, []byte(fmt.Sprintf(`{"email":%q,"password":%q}`, emailOf("quinn"), passwordOf("quinn"))))
		wantStatus(t, "/me/login with an anonymous session", r, http.StatusOK)
		expectShape(t, ref, "CustomerSignInResult", "POST /me/login (anonymous)", r.body)
		if !strings.Contains(string(r.body), `"cart":{`) {
			t.Errorf("/me/login with an anonymous session answers no cart: %s", clip(r.body))
		}
	})
}

// reference is the commercetools API reference's types, for expectShape.
func reference(t *testing.T) *refshape.Types {
	t.Helper()
	ref, err := refshape.Reference()
	if err != nil {
		t.Fatalf("the derived reference: %v", err)
	}
	return ref
}

func expectShape(t *testing.T, ref *refshape.Types, typ, what string, body []byte) {
	t.Helper()
	if problems := ref.Check(typ, body); len(problems) > 0 {
		t.Errorf("%s is not a %s of the reference:\n  %s", what, typ, strings.Join(problems, "\n  "))
	}
}
