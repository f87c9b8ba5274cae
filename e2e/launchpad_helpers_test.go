package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
	"github.com/procura/procura"
	"github.com/procura/procura/internal/refshape"
)

// Helpers for the replays of the Store Launchpad's cart, checkout, order, quote and approval
// calls: its company (a unit selling through one store, whose admin holds every permission, as
// the storefront's default role does), the expansions it sends, and the fields its mappers read
// without a guard.

// cartExpands are the eleven expansions the storefront sends with every cart call; orders add
// two more.
var (
	cartExpands = []string{
		"lineItems[*].discountedPricePerQuantity[*].discountedPrice.includedDiscounts[*].discount",
		"lineItems[*].price.discounted.discount",
		"lineItems[*].variant.prices[*].recurrencePolicy",
		"lineItems[*].variant.recurrencePrices[*].recurrencePolicy",
		"lineItems[*].recurrenceInfo.recurrencePolicy",
		"discountCodes[*].discountCode",
		"discountOnTotalPrice.includedDiscounts[*].discount",
		"discountCodes[*].discountCode.cartDiscounts[*]",
		"paymentInfo.payments[*]",
		"shippingInfo.discountedPrice.includedDiscounts[*].discount",
		"customerGroup",
	}
	orderExpands = append(append([]string{}, cartExpands...), "orderState", "recurringOrder")
	flowExpands  = []string{"order", "approvals[*].approver.customer"}
)

// What the storefront's mappers read without a guard, as paths for reads: "[*]" walks every
// element of an array (which must be there), a "?" after a name lets it be absent.
var (
	launchpadLineReads = []string{
		"id", "productId", "quantity", "variant.assets", "variant.images",
		"discountedPricePerQuantity?[*].discountedPrice.includedDiscounts[*].discount.id",
	}
	launchpadCartReads = append(prefixed("lineItems[*].", launchpadLineReads),
		"id", "version", "totalPrice.currencyCode", "totalPrice.centAmount",
		"discountCodes?[*].discountCode.id", "discountCodes?[*].discountCode.obj?.cartDiscounts",
		"discountOnTotalPrice?.includedDiscounts?[*].discount.id",
		"shippingInfo?.shippingRate.price", "shippingInfo?.discountedPrice?.includedDiscounts[*].discount.id",
		"taxedPrice?.taxPortions", "paymentInfo?.payments?[*].obj?.paymentMethodInfo", "paymentInfo?.payments?[*].obj?.paymentStatus")
	launchpadOrderReads        = append(append([]string{}, launchpadCartReads...), "createdAt", "orderState", "returnInfo")
	launchpadQuoteRequestReads = append(prefixed("lineItems[*].", launchpadLineReads),
		"id", "version", "createdAt", "lastModifiedAt", "customer.id", "store.key", "businessUnit.key", "itemShippingAddresses", "quoteRequestState")
	launchpadQuoteReads = append(prefixed("lineItems[*].", launchpadLineReads),
		"id", "version", "createdAt", "lastModifiedAt", "customer.id", "quoteState", "taxedPrice?.taxPortions")
	launchpadRuleReads = []string{"id", "version", "name", "status", "predicate",
		"approvers.tiers[*].and[*].or[*].associateRole.key", "requesters[*].associateRole.key"}
	launchpadFlowReads = append(prefixed("rules[*].", launchpadRuleReads),
		"id", "version", "status", "order.id", "businessUnit.key", "approvals[*].approver.customer.id", "approvals[*].approvedAt",
		"eligibleApprovers[*].associateRole.key", "pendingApprovers[*].associateRole.key", "currentTierPendingApprovers[*].associateRole.key",
		"rejection?.rejecter.customer.id")
	launchpadCustomerReads       = []string{"id", "version", "email", "addresses", "billingAddressIds", "shippingAddressIds", "customerGroupAssignments"}
	launchpadShippingMethodReads = []string{"id", "zoneRates[*].zone.id", "zoneRates[*].shippingRates[*].price"}
)

func prefixed(prefix string, paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = prefix + p
	}
	return out
}

// reads fails unless every path is in doc (a decoded JSON value).
func reads(t *testing.T, what string, doc any, paths ...string) {
	t.Helper()
	for _, p := range paths {
		if missing := walk(doc, strings.Split(strings.ReplaceAll(p, "[*]", ".[*]"), "."), ""); missing != "" {
			t.Errorf("%s: the storefront reads %s, but %s is missing", what, p, missing)
		}
	}
}

// walk returns the first missing step of path in v, or "".
func walk(v any, path []string, at string) string {
	if len(path) == 0 {
		return ""
	}
	step := path[0]
	if step == "[*]" {
		arr, ok := v.([]any)
		if !ok {
			return at + " (not an array)"
		}
		for i, e := range arr {
			if m := walk(e, path[1:], fmt.Sprintf("%s[%d]", at, i)); m != "" {
				return m
			}
		}
		return ""
	}
	name, optional := strings.CutSuffix(step, "?")
	obj, _ := v.(map[string]any)
	next, ok := obj[name]
	if !ok || next == nil {
		if optional {
			return ""
		}
		return strings.TrimPrefix(at+"."+name, ".")
	}
	return walk(next, path[1:], strings.TrimPrefix(at+"."+name, "."))
}

// obj is the expanded object of the reference at key in m, failing when it was not expanded.
func obj(t *testing.T, what string, m map[string]any, key string) map[string]any {
	t.Helper()
	ref, _ := m[key].(map[string]any)
	o, ok := ref["obj"].(map[string]any)
	if !ok {
		t.Fatalf("%s: %s is not expanded: %v", what, key, m[key])
	}
	return o
}

func results(t *testing.T, what string, page map[string]any) []map[string]any {
	t.Helper()
	rs, ok := page["results"].([]any)
	if !ok {
		t.Fatalf("%s: no results in %v", what, page)
	}
	out := make([]map[string]any, len(rs))
	for i, r := range rs {
		out[i] = r.(map[string]any)
	}
	return out
}

// expand is the query string of repeated expand parameters (the TypeScript SDK's way), with
// more parameters in kv.
func expand(paths []string, kv ...string) string {
	v := url.Values{}
	for _, p := range paths {
		v.Add("expand", p)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return "?" + v.Encode()
}

// launchpad is the storefront's company: the unit lena-gmbh selling through the store
// b2b-store in Germany and in euros, whose associate lena holds the role "admin" with every
// permission, with the API client's token for every call.
type launchpad struct {
	*shop
	ref *refshape.Types
}

const (
	lpUnit  = "lena-gmbh"
	lpStore = "b2b-store"
)

func newLaunchpad(t *testing.T, s *server) *launchpad {
	t.Helper()
	lp := &launchpad{shop: newShop(t, s), ref: reference(t)}
	lp.project(t, `{"action":"changeCountries","countries":["DE"]}`, `{"action":"changeCurrencies","currencies":["EUR"]}`)
	lp.call(t, "", http.MethodPost, "/stores", `{"key":"`+lpStore+`","name":{"en":"B2B"}}`, http.StatusCreated)
	all := make([]platform.Permission, len(procura.AllPermissions))
	for i, p := range procura.AllPermissions {
		all[i] = platform.Permission(p)
	}
	lp.role(t, "admin", true, all...)
	lp.unit(t, lpUnit, "", `,"stores":[{"typeId":"store","key":"`+lpStore+`"}]`)
	lp.customer(t, "lena")
	lp.associate(t, lpUnit, "lena", "admin", true)
	return lp
}

// as is the path prefix of name's associate calls in the company.
func (lp *launchpad) as(name string) string {
	return "/as-associate/" + lp.ids[name] + "/in-business-unit/key=" + lpUnit
}

// call sends a request with the API client's token (path below the project), wants the status,
// checks the answer against the reference's type typ (when given) and decodes it.
func (lp *launchpad) call(t *testing.T, typ, method, path, body string, want int) map[string]any {
	t.Helper()
	var b []byte
	if body != "" {
		b = []byte(body)
	}
	r := lp.s.do(t, method, lp.path(path), lp.admin, b)
	bare, _, _ := strings.Cut(path, "?")
	if r.status != want {
		t.Fatalf("%s %s: status %d, want %d: %s", method, bare, r.status, want, clip(r.body))
	}
	if typ != "" {
		expectShape(t, lp.ref, typ, method+" "+bare, r.body)
	}
	var m map[string]any
	_ = json.Unmarshal(r.body, &m)
	return m
}

// act posts actions (JSON objects) to the resource at path at version v.
func (lp *launchpad) act(t *testing.T, typ, path string, v any, actions ...string) map[string]any {
	t.Helper()
	return lp.call(t, typ, http.MethodPost, path, fmt.Sprintf(`{"version":%v,"actions":[%s]}`, v, strings.Join(actions, ",")), http.StatusOK)
}

// cartDraft is the storefront's CartDraft (C3) for the customer id.
func cartDraft(customer string) string {
	return `{"currency":"EUR","country":"DE","locale":"en","store":{"key":"` + lpStore + `","typeId":"store"},` +
		`"inventoryMode":"ReserveOnOrder","customerId":"` + customer + `"}`
}

// newCart is name's first "add to cart": C3, then C5 with qty of sku.
func (lp *launchpad) newCart(t *testing.T, name, sku string, qty int) map[string]any {
	t.Helper()
	c := lp.call(t, "Cart", http.MethodPost, lp.as(name)+"/carts"+expand(cartExpands), cartDraft(lp.ids[name]), http.StatusCreated)
	return lp.act(t, "Cart", lp.as(name)+"/carts/"+c["id"].(string)+expand(cartExpands), c["version"],
		fmt.Sprintf(`{"action":"addLineItem","sku":%q,"quantity":%d}`, sku, qty))
}
