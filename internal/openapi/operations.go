package openapi

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// op is what the document says of one route beyond the route table: the body it takes, the
// status and type of its answer, its own query parameters, and whether commercetools lacks it.
type op struct {
	body   string // the JSON body's type; "" for none
	form   bool   // the body is a form (the OAuth endpoints)
	status int    // 200 unless given
	answer string
	params []string // query parameters of the route's own
	ext    bool
}

// resources names, per collection segment, the reference type of its resources. Their routes
// take and answer the reference's types by their names (TDraft, TUpdate, TPagedQueryResponse;
// under /me the My… variant where the reference has one). sellerExt: the reference has the
// routes as an associate only, the seller's are Procura's.
var resources = map[string]struct {
	typ, draft, created string
	sellerExt           bool
}{
	"associate-roles":     {typ: "AssociateRole"},
	"stores":              {typ: "Store"},
	"customer-groups":     {typ: "CustomerGroup"},
	"types":               {typ: "Type"},
	"messages":            {typ: "Message"},
	"states":              {typ: "State"},
	"subscriptions":       {typ: "Subscription"},
	"payments":            {typ: "Payment"},
	"customers":           {typ: "Customer", created: "CustomerSignInResult"},
	"business-units":      {typ: "BusinessUnit"},
	"product-projections": {typ: "ProductProjection"},
	"categories":          {typ: "Category"},
	"product-types":       {typ: "ProductType"},
	"products":            {typ: "Product"},
	"tax-categories":      {typ: "TaxCategory"},
	"zones":               {typ: "Zone"},
	"shipping-methods":    {typ: "ShippingMethod"},
	"cart-discounts":      {typ: "CartDiscount"},
	"discount-groups":     {typ: "DiscountGroup"},
	"discount-codes":      {typ: "DiscountCode"},
	"carts":               {typ: "Cart"},
	"orders":              {typ: "Order", draft: "OrderFromCartDraft"},
	"quote-requests":      {typ: "QuoteRequest"},
	"staged-quotes":       {typ: "StagedQuote"},
	"quotes":              {typ: "Quote"},
	"shopping-lists":      {typ: "ShoppingList"},
	"recurrence-policies": {typ: "RecurrencePolicy"},
	"recurring-orders":    {typ: "RecurringOrder"},
	"approval-rules":      {typ: "ApprovalRule", sellerExt: true},
	"approval-flows":      {typ: "ApprovalFlow", sellerExt: true},
}

// special describes the routes that are not a collection's or a resource's, by method and path
// after the project's prefix (/{project}, its in-store, in-business-unit and as-associate forms).
var special = map[string]op{
	"GET ":                           {answer: "Project"},
	"POST ":                          {body: "ProjectUpdate", answer: "Project"},
	"POST /login":                    {body: "CustomerSignin", answer: "CustomerSignInResult"},
	"POST /customers/email-token":    {body: "CustomerCreateEmailToken", answer: "CustomerToken"},
	"POST /customers/email/confirm":  {body: "CustomerEmailVerify", answer: "Customer"},
	"POST /customers/password-token": {body: "CustomerCreatePasswordResetToken", answer: "CustomerToken"},
	"POST /customers/password/reset": {body: "CustomerResetPassword", answer: "Customer"},
	"POST /customers/password":       {body: "CustomerChangePassword", answer: "Customer"},
	"GET /business-units/{ref}/associates/{customer}": {answer: "BusinessUnitAssociateResponse"},
	"GET /me":                                      {answer: "Customer"},
	"POST /me":                                     {body: "MyCustomerUpdate", answer: "Customer"},
	"DELETE /me":                                   {answer: "Customer", params: []string{"version"}},
	"POST /me/password":                            {body: "MyCustomerChangePassword", answer: "Customer"},
	"POST /me/password/reset":                      {body: "MyCustomerResetPassword", answer: "Customer"},
	"POST /me/email/confirm":                       {body: "MyCustomerEmailVerify", answer: "Customer"},
	"POST /me/signup":                              {body: "MyCustomerDraft", status: http.StatusCreated, answer: "CustomerSignInResult"},
	"POST /me/login":                               {body: "MyCustomerSignin", answer: "CustomerSignInResult"},
	"GET /me/companies":                            {answer: "AssociateCompanyPagedQueryResponse", ext: true},
	"POST /me/customers":                           {body: "MyBusinessUnitAssociateDraft", status: http.StatusCreated, answer: "BusinessUnit"},
	"GET /me/join-requests":                        {answer: "JoinRequestPagedQueryResponse", ext: true, params: queryParams},
	"POST /me/join-requests/{ref}":                 {body: "JoinRequestUpdate", answer: "JoinRequest", ext: true},
	"GET /join-requests":                           {answer: "JoinRequestPagedQueryResponse", ext: true, params: queryParams},
	"POST /join-requests/{ref}":                    {body: "JoinRequestUpdate", answer: "JoinRequest", ext: true},
	"GET /history":                                 {answer: "HistoryPagedQueryResponse", ext: true, params: historyParams},
	"GET /history/{typeId}/{id}":                   {answer: "HistoryPagedQueryResponse", ext: true, params: historyParams},
	"POST /subscriptions/redeliveries":             {body: "Redelivery", answer: "Redelivered", ext: true},
	"POST /products/search":                        {body: "ProductSearchRequest", answer: "ProductPagedSearchResponse"},
	"GET /shipping-methods/matching-cart":          {answer: "ShippingMethodPagedQueryResponse", params: []string{"cartId", "expand"}},
	"GET /shipping-methods/matching-location":      {answer: "ShippingMethodPagedQueryResponse", params: []string{"country", "state", "currency", "expand"}},
	"GET /shipping-methods/matching-cart-location": {answer: "ShippingMethodPagedQueryResponse", params: []string{"cartId", "country", "state", "expand"}},
	"POST /carts/replicate":                        {body: "ReplicaCartDraft", status: http.StatusCreated, answer: "Cart"},
	"POST /me/carts/replicate":                     {body: "ReplicaMyCartDraft", status: http.StatusCreated, answer: "Cart"},
	"GET /me/active-cart":                          {answer: "Cart", params: []string{"expand"}},
	"POST /orders/quotes":                          {body: "OrderFromQuoteDraft", status: http.StatusCreated, answer: "Order"},
	"POST /me/orders/quotes":                       {body: "MyOrderFromQuoteDraft", status: http.StatusCreated, answer: "Order"},
	"GET /company-orders":                          {answer: "OrderPagedQueryResponse", ext: true, params: append([]string{"unit", "state"}, queryParams...)},
}

// own describes the routes outside every project: the OAuth endpoints and the server's paths.
var own = map[string]op{
	"POST /oauth/token":                                      {body: "TokenRequest", form: true, answer: "TokenResponse"},
	"POST /oauth/{project}/customers/token":                  {body: "PasswordTokenRequest", form: true, answer: "TokenResponse"},
	"POST /oauth/{project}/in-store/{store}/customers/token": {body: "PasswordTokenRequest", form: true, answer: "TokenResponse"},
	"POST /oauth/{project}/anonymous/token":                  {body: "AnonymousTokenRequest", form: true, answer: "TokenResponse"},
	"POST /oauth/token/revoke":                               {body: "TokenRevocationRequest", form: true, answer: ""},
	"POST /oauth/introspect":                                 {body: "TokenIntrospectionRequest", form: true, answer: "TokenIntrospection"},
	"GET /healthz":                                           {answer: "Health", ext: true},
	"GET /readyz":                                            {answer: "Health", ext: true},
	"GET /openapi.json":                                      {answer: "", ext: true},
}

var (
	queryParams   = []string{"where", "sort", "limit", "offset", "withTotal", "expand"}
	historyParams = []string{"resourceType", "resourceId", "actor", "company", "from", "to", "limit", "offset"}
)

// prefixes are the forms of a project's paths, longest first; what follows is described alike.
var prefixes = []string{
	"/{project}/as-associate/{associate}/in-business-unit/{unit}",
	"/{project}/as-associate/{associate}",
	"/{project}/in-business-unit/{unit}",
	"/{project}/in-store/{store}",
	"/{project}",
}

// describe finds what the document says of a route.
func (b *builder) describe(rt Route) (op, error) {
	if o, ok := own[rt.Pattern()]; ok {
		return o, nil
	}
	prefix, rest := splitPrefix(rt.Path)
	if o, ok := special[rt.Method+" "+rest]; ok {
		return o, nil
	}
	mine := strings.HasPrefix(rest, "/me/")
	if mine {
		rest = rest[len("/me"):]
	}
	segs := strings.Split(strings.TrimPrefix(rest, "/"), "/")
	res, known := resources[segs[0]]
	if !known || len(segs) > 2 || (len(segs) == 2 && segs[1] != "{ref}") {
		return op{}, fmt.Errorf("no description of the route %s: add it to operations.go", rt.Pattern())
	}
	named := func(name string) string {
		if my := "My" + name; mine && b.types.all[my] != nil {
			return my
		}
		return name
	}
	draft, created := res.draft, res.created
	if draft == "" {
		draft = res.typ + "Draft"
	}
	if created == "" {
		created = res.typ
	}
	var o op
	switch item := len(segs) == 2; {
	case rt.Method == http.MethodGet && !item:
		o = op{answer: res.typ + "PagedQueryResponse", params: queryParams}
	case rt.Method == http.MethodPost && !item:
		o = op{body: named(draft), status: http.StatusCreated, answer: created, params: []string{"expand"}}
	case rt.Method == http.MethodGet:
		o = op{answer: res.typ, params: []string{"expand"}}
	case rt.Method == http.MethodPost:
		o = op{body: named(res.typ + "Update"), answer: res.typ, params: []string{"expand"}}
	case rt.Method == http.MethodDelete:
		o = op{answer: res.typ, params: []string{"version", "expand"}}
	default:
		return op{}, fmt.Errorf("no description of the route %s: add it to operations.go", rt.Pattern())
	}
	for _, t := range []string{o.body, o.answer} {
		if t != "" && b.types.all[t] == nil {
			return op{}, fmt.Errorf("the route %s would take or answer %s, which no type defines", rt.Pattern(), t)
		}
	}
	o.ext = b.types.ext[res.typ] || (res.sellerExt && prefix == "/{project}")
	return o, nil
}

// splitPrefix parts a project's path into its prefix and what follows.
func splitPrefix(path string) (prefix, rest string) {
	for _, p := range prefixes {
		if r, ok := strings.CutPrefix(path, p); ok && (r == "" || r[0] == '/') {
			return p, r
		}
	}
	return "", path
}

// tag names the resource family of a path: its first segment that is not a prefix's or /me.
func tag(rt Route) string {
	if strings.HasPrefix(rt.Path, "/oauth/") {
		return "oauth"
	}
	if _, ok := own[rt.Pattern()]; ok {
		return "server"
	}
	_, rest := splitPrefix(rt.Path)
	for _, s := range strings.Split(rest, "/") {
		if s != "" && s != "me" && !strings.HasPrefix(s, "{") {
			if s == "login" {
				return "customers"
			}
			return s
		}
	}
	if rest == "/me" {
		return "customers"
	}
	return "project"
}

// pathParams lists a pattern's {name} segments.
func pathParams(path string) []string {
	var out []string
	for _, s := range strings.Split(path, "/") {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			out = append(out, strings.Trim(s, "{}"))
		}
	}
	return out
}

var paramDescriptions = map[string]string{
	"project":      "The project's key.",
	"ref":          "The resource's id, or key={key}.",
	"store":        "key={storeKey}: the store the request acts in.",
	"unit":         "key={businessUnitKey}: the business unit the request acts in.",
	"associate":    "The id of the customer acting as an associate.",
	"customer":     "The customer's id.",
	"typeId":       "The resource's type id (e.g. order, business-unit).",
	"id":           "The resource's id.",
	"where":        "A query predicate; repeatable, the predicates are joined with and.",
	"sort":         "A field and asc or desc; repeatable.",
	"limit":        "How many results a page holds (0 to 500; 20 by default).",
	"offset":       "How many results to skip (at most 10,000).",
	"withTotal":    "Whether to count the total (true by default).",
	"expand":       "A reference path to expand; repeatable (at most 20).",
	"version":      "The resource's current version.",
	"cartId":       "The cart's id.",
	"country":      "A country code (ISO 3166-1 alpha-2).",
	"state":        "A state of the country, or of the orders (repeatable).",
	"currency":     "A currency code (ISO 4217).",
	"resourceType": "The type id of the resources whose history to list.",
	"resourceId":   "The id of the resource whose history to list.",
	"actor":        "The id of the customer or API client who wrote.",
	"company":      "The key of the company whose history to list.",
	"from":         "The earliest time of a change (ISO 8601).",
	"to":           "The latest time of a change (ISO 8601).",
}

// intParams and boolParams are the query parameters that are not strings.
var (
	intParams  = []string{"limit", "offset", "version"}
	boolParams = []string{"withTotal"}
	manyParams = []string{"where", "sort", "expand", "state"}
)

func queryParam(name string) map[string]any {
	schema := map[string]any{"type": "string"}
	switch {
	case slices.Contains(intParams, name):
		schema = map[string]any{"type": "integer"}
	case slices.Contains(boolParams, name):
		schema = map[string]any{"type": "boolean"}
	case slices.Contains(manyParams, name):
		schema = map[string]any{"type": "array", "items": map[string]any{"type": "string"}}
	}
	desc := paramDescriptions[name]
	if name == "unit" {
		desc = "The key of a unit of the company: its orders and its descendants' only."
	}
	p := map[string]any{"name": name, "in": "query", "schema": schema, "description": desc}
	if name == "version" {
		p["required"] = true
	}
	return p
}
