package openapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/openapi"
)

// The examples of the document: requests of each main resource family (associate roles,
// customers, business units, products, carts, orders, approval rules and flows, quotes, and a
// customer's own /me) sent to the real server, and its answers, captured as they are. The
// seller's API client, ACME's buyer Bob and its approver Ada.

// recorder sends the examples' requests and keeps them with their answers.
type recorder struct {
	s        *server
	examples []openapi.Example
	admin    string // the seller's token: manage_project
}

// do sends one request of the route of pattern, wants the status, records the pair and returns
// the decoded answer.
func (r *recorder) do(t *testing.T, name, pattern, path, token, body string, status int) map[string]any {
	t.Helper()
	method, _, _ := strings.Cut(pattern, " ")
	req, err := http.NewRequest(method, r.s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != status {
		t.Fatalf("example %s: %s %s: %d %s", name, method, path, resp.StatusCode, answer)
	}
	ex := openapi.Example{Pattern: pattern, Name: name, Path: path, Status: status, Response: compact(t, answer)}
	if body != "" {
		ex.Request = compact(t, []byte(body))
	}
	r.examples = append(r.examples, ex)
	var out map[string]any
	_ = json.Unmarshal(answer, &out)
	return out
}

func compact(t *testing.T, b []byte) json.RawMessage {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		t.Fatalf("not JSON: %v: %s", err, b)
	}
	return buf.Bytes()
}

func runExamples(t *testing.T) []openapi.Example {
	s := newServer(t)
	ctx := context.Background()
	client, err := s.app.CreateAPIClient(ctx, "demo", "manage_project:demo", "seller-backend", "seller-backend-secret-0123456789")
	if err != nil {
		t.Fatal(err)
	}
	tok, err := s.app.ClientCredentials(ctx, client.ID, client.Secret, "")
	if err != nil {
		t.Fatal(err)
	}
	r := &recorder{s: s, admin: tok.AccessToken}
	ids := r.roles(t)
	r.units(t, ids)
	r.catalog(t)
	r.commerce(t, ids)
	r.mine(t)
	return r.examples
}

// mine: what Bob reads with his own token, from the password flow.
func (r *recorder) mine(t *testing.T) {
	ctx := context.Background()
	store, err := r.s.app.CreateAPIClient(ctx, "demo", "manage_my_profile:demo manage_my_business_units:demo manage_my_orders:demo",
		"storefront", "storefront-secret-0123456789abcdef")
	if err != nil {
		t.Fatal(err)
	}
	tok, err := r.s.app.PasswordGrant(ctx, store.ID, store.Secret, "demo", "bob@acme.example", "correct horse battery", "", app.UnitChoice{}, "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	const p = "/demo"
	r.do(t, "my-profile", "GET /{project}/me", p+"/me", tok.AccessToken, "", http.StatusOK)
	r.do(t, "my-companies", "GET /{project}/me/companies", p+"/me/companies", tok.AccessToken, "", http.StatusOK)
	r.do(t, "my-business-units", "GET /{project}/me/business-units", p+"/me/business-units", tok.AccessToken, "", http.StatusOK)
	r.do(t, "my-orders", "GET /{project}/me/orders", p+"/me/orders?sort=createdAt%20desc&limit=1", tok.AccessToken, "", http.StatusOK)
}

// roles creates the roles and the customers, and returns the customers' ids by name.
func (r *recorder) roles(t *testing.T) map[string]string {
	const p = "/demo"
	r.do(t, "create-buyer-role", "POST /{project}/associate-roles", p+"/associate-roles", r.admin,
		`{"key":"buyer","name":"Buyer","buyerAssignable":true,"permissions":["CreateMyCarts","UpdateMyCarts","ViewMyCarts","CreateMyOrdersFromMyCarts","ViewMyOrders",`+
			`"CreateMyQuoteRequestsFromMyCarts","ViewMyQuoteRequests","ViewMyQuotes","AcceptMyQuotes","DeclineMyQuotes","CreateMyOrdersFromMyQuotes"]}`, http.StatusCreated)
	r.do(t, "create-approver-role", "POST /{project}/associate-roles", p+"/associate-roles", r.admin,
		`{"key":"approver","name":"Approver","permissions":["ViewOthersOrders","UpdateApprovalFlows","CreateApprovalRules"]}`, http.StatusCreated)
	r.do(t, "add-permission", "POST /{project}/associate-roles/{ref}", p+"/associate-roles/key=approver", r.admin,
		`{"version":1,"actions":[{"action":"addPermission","permission":"ViewOthersCarts"}]}`, http.StatusOK)
	r.do(t, "query-roles", "GET /{project}/associate-roles", p+"/associate-roles?sort=key%20asc", r.admin, "", http.StatusOK)

	ids := map[string]string{}
	for _, c := range []struct{ key, first, last string }{{"bob", "Bob", "Buyer"}, {"ada", "Ada", "Approver"}} {
		res := r.do(t, "create-customer-"+c.key, "POST /{project}/customers", p+"/customers", r.admin,
			fmt.Sprintf(`{"key":%q,"email":"%s@acme.example","password":"correct horse battery","firstName":%q,"lastName":%q}`, c.key, c.key, c.first, c.last), http.StatusCreated)
		ids[c.key] = res["customer"].(map[string]any)["id"].(string)
	}
	r.do(t, "get-customer", "GET /{project}/customers/{ref}", p+"/customers/key=bob", r.admin, "", http.StatusOK)
	r.do(t, "update-customer", "POST /{project}/customers/{ref}", p+"/customers/key=bob", r.admin,
		`{"version":1,"actions":[{"action":"setCompanyName","companyName":"ACME Corporation"}]}`, http.StatusOK)
	r.do(t, "query-customers", "GET /{project}/customers", p+"/customers?where="+escape(`email = "ada@acme.example"`), r.admin, "", http.StatusOK)
	return ids
}

// units creates ACME with a division, Bob its buyer and Ada its approver.
func (r *recorder) units(t *testing.T, ids map[string]string) {
	const p = "/demo"
	r.do(t, "create-company", "POST /{project}/business-units", p+"/business-units", r.admin, fmt.Sprintf(
		`{"key":"acme","name":"ACME Corporation","unitType":"Company","contactEmail":"purchasing@acme.example",`+
			`"addresses":[{"key":"hq","country":"DE","city":"Berlin","streetName":"Hauptstraße","streetNumber":"1","postalCode":"10115"}],`+
			`"associates":[{"customer":{"typeId":"customer","id":%q},"associateRoleAssignments":[{"associateRole":{"typeId":"associate-role","key":"buyer"}}]},`+
			`{"customer":{"typeId":"customer","id":%q},"associateRoleAssignments":[{"associateRole":{"typeId":"associate-role","key":"approver"}}]}]}`, ids["bob"], ids["ada"]), http.StatusCreated)
	r.do(t, "create-division", "POST /{project}/business-units", p+"/business-units", r.admin,
		`{"key":"acme-eng","name":"ACME Engineering","unitType":"Division","parentUnit":{"typeId":"business-unit","key":"acme"}}`, http.StatusCreated)
	r.do(t, "get-division", "GET /{project}/business-units/{ref}", p+"/business-units/key=acme-eng", r.admin, "", http.StatusOK)
	r.do(t, "rename-division", "POST /{project}/business-units/{ref}", p+"/business-units/key=acme-eng", r.admin,
		`{"version":1,"actions":[{"action":"changeName","name":"ACME Engineering Berlin"}]}`, http.StatusOK)
	r.do(t, "associate-access", "GET /{project}/business-units/{ref}/associates/{customer}", p+"/business-units/key=acme/associates/"+ids["bob"], r.admin, "", http.StatusOK)
	r.do(t, "query-companies", "GET /{project}/business-units", p+"/business-units?where="+escape(`unitType = "Company"`), r.admin, "", http.StatusOK)
}

// catalog creates a product type and a published product.
func (r *recorder) catalog(t *testing.T) {
	const p = "/demo"
	r.do(t, "create-product-type", "POST /{project}/product-types", p+"/product-types", r.admin,
		`{"key":"tools","name":"Tools","description":"Things to build with"}`, http.StatusCreated)
	r.do(t, "create-product", "POST /{project}/products", p+"/products", r.admin,
		`{"key":"widget","productType":{"typeId":"product-type","key":"tools"},"name":{"en":"Widget"},"slug":{"en":"widget"},`+
			`"masterVariant":{"sku":"W-1","prices":[{"value":{"currencyCode":"EUR","centAmount":1999}}]},"publish":true}`, http.StatusCreated)
	r.do(t, "get-product", "GET /{project}/products/{ref}", p+"/products/key=widget", r.admin, "", http.StatusOK)
	r.do(t, "describe-product", "POST /{project}/products/{ref}", p+"/products/key=widget", r.admin,
		`{"version":1,"actions":[{"action":"setDescription","description":{"en":"A widget for every workshop."}},{"action":"publish"}]}`, http.StatusOK)
	r.do(t, "query-projections", "GET /{project}/product-projections", p+"/product-projections?where="+escape(`key = "widget"`), r.admin, "", http.StatusOK)
	r.do(t, "search-products", "POST /{project}/products/search", p+"/products/search", r.admin,
		`{"query":{"fullText":{"field":"name","language":"en","value":"widget"}},"productProjectionParameters":{}}`, http.StatusOK)
}

// commerce: Bob's carts and orders, an approval, and a quote.
func (r *recorder) commerce(t *testing.T, ids map[string]string) {
	const p = "/demo"
	bob := p + "/as-associate/" + ids["bob"] + "/in-business-unit/key=acme"
	ada := p + "/as-associate/" + ids["ada"] + "/in-business-unit/key=acme"
	const inUnit = "/{project}/as-associate/{associate}/in-business-unit/{unit}"
	cart := r.do(t, "create-cart", "POST "+inUnit+"/carts", bob+"/carts", r.admin,
		`{"currency":"EUR","country":"DE","shippingAddress":{"country":"DE","city":"Berlin"},"lineItems":[{"sku":"W-1","quantity":2}]}`, http.StatusCreated)
	cartID := cart["id"].(string)
	cart = r.do(t, "add-line-item", "POST "+inUnit+"/carts/{ref}", bob+"/carts/"+cartID, r.admin,
		`{"version":1,"actions":[{"action":"addLineItem","sku":"W-1","quantity":1}]}`, http.StatusOK)
	r.do(t, "get-cart", "GET /{project}/carts/{ref}", p+"/carts/"+cartID, r.admin, "", http.StatusOK)
	r.do(t, "query-carts", "GET /{project}/carts", p+"/carts", r.admin, "", http.StatusOK)
	order := r.do(t, "create-order", "POST "+inUnit+"/orders", bob+"/orders", r.admin,
		fmt.Sprintf(`{"cart":{"typeId":"cart","id":%q},"version":%v}`, cartID, cart["version"]), http.StatusCreated)
	orderID := order["id"].(string)
	r.do(t, "get-order", "GET /{project}/orders/{ref}", p+"/orders/"+orderID, r.admin, "", http.StatusOK)
	r.do(t, "purchase-order-number", "POST /{project}/orders/{ref}", p+"/orders/"+orderID, r.admin,
		fmt.Sprintf(`{"version":%v,"actions":[{"action":"setPurchaseOrderNumber","purchaseOrderNumber":"PO-1001"}]}`, order["version"]), http.StatusOK)
	r.do(t, "company-orders", "GET "+inUnit+"/company-orders", ada+"/company-orders", r.admin, "", http.StatusOK)

	r.do(t, "create-approval-rule", "POST "+inUnit+"/approval-rules", ada+"/approval-rules", r.admin,
		`{"key":"large-orders","name":"Large orders","status":"Active","predicate":"totalPrice.centAmount > 10000",`+
			`"approvers":{"tiers":[{"and":[{"or":[{"associateRole":{"typeId":"associate-role","key":"approver"}}]}]}]},`+
			`"requesters":[{"associateRole":{"typeId":"associate-role","key":"buyer"}}]}`, http.StatusCreated)
	r.do(t, "query-approval-rules", "GET /{project}/approval-rules", p+"/approval-rules", r.admin, "", http.StatusOK)
	big := r.do(t, "create-large-cart", "POST "+inUnit+"/carts", bob+"/carts", r.admin,
		`{"currency":"EUR","country":"DE","shippingAddress":{"country":"DE","city":"Berlin"},"lineItems":[{"sku":"W-1","quantity":10}]}`, http.StatusCreated)
	large := r.do(t, "create-order-needing-approval", "POST "+inUnit+"/orders", bob+"/orders", r.admin,
		fmt.Sprintf(`{"cart":{"typeId":"cart","id":%q},"version":%v}`, big["id"], big["version"]), http.StatusCreated)
	flows := r.do(t, "query-approval-flows", "GET "+inUnit+"/approval-flows", ada+"/approval-flows?where="+escape(fmt.Sprintf(`order(id = %q)`, large["id"])), r.admin, "", http.StatusOK)
	flow := flows["results"].([]any)[0].(map[string]any)
	r.do(t, "approve", "POST "+inUnit+"/approval-flows/{ref}", ada+"/approval-flows/"+flow["id"].(string), r.admin,
		fmt.Sprintf(`{"version":%v,"actions":[{"action":"approve"}]}`, flow["version"]), http.StatusOK)

	qc := r.do(t, "create-cart-to-quote", "POST "+inUnit+"/carts", bob+"/carts", r.admin,
		`{"currency":"EUR","country":"DE","shippingAddress":{"country":"DE","city":"Berlin"},"lineItems":[{"sku":"W-1","quantity":50}]}`, http.StatusCreated)
	request := r.do(t, "request-quote", "POST "+inUnit+"/quote-requests", bob+"/quote-requests", r.admin,
		fmt.Sprintf(`{"cart":{"typeId":"cart","id":%q},"cartVersion":%v,"comment":"50 widgets: a better price, please?"}`, qc["id"], qc["version"]), http.StatusCreated)
	staged := r.do(t, "create-staged-quote", "POST /{project}/staged-quotes", p+"/staged-quotes", r.admin,
		fmt.Sprintf(`{"quoteRequest":{"typeId":"quote-request","id":%q},"quoteRequestVersion":%v}`, request["id"], request["version"]), http.StatusCreated)
	staged = r.do(t, "seller-comment", "POST /{project}/staged-quotes/{ref}", p+"/staged-quotes/"+staged["id"].(string), r.admin,
		fmt.Sprintf(`{"version":%v,"actions":[{"action":"setSellerComment","sellerComment":"5%% off for 50."}]}`, staged["version"]), http.StatusOK)
	quote := r.do(t, "create-quote", "POST /{project}/quotes", p+"/quotes", r.admin,
		fmt.Sprintf(`{"stagedQuote":{"typeId":"staged-quote","id":%q},"stagedQuoteVersion":%v}`, staged["id"], staged["version"]), http.StatusCreated)
	quote = r.do(t, "accept-quote", "POST "+inUnit+"/quotes/{ref}", bob+"/quotes/"+quote["id"].(string), r.admin,
		fmt.Sprintf(`{"version":%v,"actions":[{"action":"changeMyQuoteState","quoteState":"Accepted"}]}`, quote["version"]), http.StatusOK)
	r.do(t, "order-quote", "POST "+inUnit+"/orders/quotes", bob+"/orders/quotes", r.admin,
		fmt.Sprintf(`{"quote":{"typeId":"quote","id":%q},"version":%v}`, quote["id"], quote["version"]), http.StatusCreated)
}

func escape(s string) string {
	return strings.NewReplacer(" ", "%20", `"`, "%22", "=", "%3D", "(", "%28", ")", "%29").Replace(s)
}
