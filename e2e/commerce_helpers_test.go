package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// Helpers for the cart and order tests: a world with a small catalog, roles made on demand from
// permission sets, and carts and orders placed by the seller for a customer.

const (
	widgetSKU   = "W-1" // widget: 19.99 EUR
	gadgetSKU   = "G-1" // gadget: 5.00 EUR
	widgetCents = 1999
	gadgetCents = 500
)

// shop is a world with the product type "tools" and two published products priced in EUR only.
type shop struct {
	*world
	widget, gadget string          // product ids
	roles          map[string]bool // role keys made by roleWith
	members        map[string]bool // "unit/name" of associates added by grant
}

func newShop(t *testing.T, s *server) *shop {
	t.Helper()
	sh := &shop{world: newWorld(t, s), roles: map[string]bool{}, members: map[string]bool{}}
	ctx := context.Background()
	if _, err := sh.c.ProductTypes().Post(platform.ProductTypeDraft{
		Key: ptr("tools"), Name: "Tools", Description: "Things to build with",
	}).Execute(ctx); err != nil {
		t.Fatalf("create product type: %v", err)
	}
	sh.widget = sh.product(t, "widget", widgetSKU, widgetCents)
	sh.gadget = sh.product(t, "gadget", gadgetSKU, gadgetCents)
	return sh
}

// product creates and publishes a product with one variant and one EUR price.
func (sh *shop) product(t *testing.T, key, sku string, cents int) string {
	t.Helper()
	p, err := sh.c.Products().Post(platform.ProductDraft{
		Key:         ptr(key),
		ProductType: platform.ProductTypeResourceIdentifier{Key: ptr("tools")},
		Name:        platform.LocalizedString{"en": "The " + key},
		Slug:        platform.LocalizedString{"en": key},
		MasterVariant: &platform.ProductVariantDraft{Sku: ptr(sku), Prices: []platform.PriceDraft{
			{Value: platform.Money{CentAmount: cents, CurrencyCode: "EUR"}},
		}},
		Publish: ptr(true),
	}).Execute(context.Background())
	if err != nil {
		t.Fatalf("create product %s: %v", key, err)
	}
	if !p.MasterData.Published || p.MasterData.Current.MasterVariant.Sku == nil || *p.MasterData.Current.MasterVariant.Sku != sku {
		t.Fatalf("product %s: published %v, current master variant %+v", key, p.MasterData.Published, p.MasterData.Current.MasterVariant)
	}
	return p.ID
}

// setPrice changes the current (published) EUR price of a product with staged=false.
func (sh *shop) setPrice(t *testing.T, productID string, cents int) {
	t.Helper()
	ctx := context.Background()
	p, err := sh.c.Products().WithId(productID).Get().Execute(ctx)
	if err != nil {
		t.Fatalf("get product: %v", err)
	}
	priceID := p.MasterData.Current.MasterVariant.Prices[0].ID
	p, err = sh.c.Products().WithId(productID).Post(platform.ProductUpdate{Version: p.Version, Actions: []platform.ProductUpdateAction{
		platform.ProductChangePriceAction{PriceId: priceID, Staged: ptr(false),
			Price: platform.PriceDraft{Value: platform.Money{CentAmount: cents, CurrencyCode: "EUR"}}},
	}}).Execute(ctx)
	if err != nil {
		t.Fatalf("change price: %v", err)
	}
	if got := centsOf(t, p.MasterData.Current.MasterVariant.Prices[0].Value); got != cents {
		t.Fatalf("current price after changePrice = %d, want %d", got, cents)
	}
}

// centsOf reads the cent amount of a price value, whatever money type the SDK decoded it into.
func centsOf(t *testing.T, v platform.TypedMoney) int {
	t.Helper()
	var m struct {
		CentAmount int `json:"centAmount"`
	}
	redecode(t, v, &m)
	return m.CentAmount
}

// roleWith returns the key of a role holding exactly perms, creating it the first time.
func (sh *shop) roleWith(t *testing.T, perms ...platform.Permission) string {
	t.Helper()
	names := []string{}
	for _, p := range perms {
		names = append(names, string(p))
	}
	key := "p-" + strings.Join(names, "-")
	if len(perms) == 0 {
		key = "p-none"
	}
	if !sh.roles[key] {
		sh.role(t, key, true, perms...)
		sh.roles[key] = true
	}
	return key
}

// grant makes name an associate of unit with exactly perms (through one role, inheritance
// Disabled), replacing what they held there.
func (sh *shop) grant(t *testing.T, unit, name string, perms ...platform.Permission) {
	t.Helper()
	role := sh.roleWith(t, perms...)
	if !sh.members[unit+"/"+name] {
		sh.update(t, unit, addAssociateJSON(sh.ids[name], role, false))
		sh.members[unit+"/"+name] = true
		return
	}
	sh.update(t, unit, fmt.Sprintf(`{"action":"changeAssociate","associate":{"customer":{"typeId":"customer","id":%q},`+
		`"associateRoleAssignments":[{"associateRole":{"typeId":"associate-role","key":%q},"inheritance":"Disabled"}]}}`, sh.ids[name], role))
}

// asAssociate is the SDK's as-associate builder for name in unit, with the admin client's token.
func (sh *shop) asAssociate(name, unit string) *platform.ByProjectKeyAsAssociateByAssociateIdInBusinessUnitKeyByBusinessUnitKeyRequestBuilder {
	return sh.c.AsAssociate().WithAssociateIdValue(sh.ids[name]).InBusinessUnitKeyWithBusinessUnitKeyValue(unit)
}

// inUnit is the raw path prefix of name acting as an associate in unit.
func (sh *shop) inUnit(name, unit string) string {
	return sh.path("/as-associate/" + sh.ids[name] + "/in-business-unit/key=" + unit)
}

// item is a line item by SKU.
type item struct {
	sku string
	qty int
}

func lineItems(items ...item) []platform.LineItemDraft {
	out := []platform.LineItemDraft{}
	for _, it := range items {
		out = append(out, platform.LineItemDraft{Sku: ptr(it.sku), Quantity: ptr(it.qty)})
	}
	return out
}

// sellerCart creates, through the general endpoint, a EUR cart of owner in unit.
func (sh *shop) sellerCart(t *testing.T, owner, unit string, items ...item) *platform.Cart {
	t.Helper()
	d := platform.CartDraft{Currency: "EUR", CustomerId: ptr(sh.ids[owner]), LineItems: lineItems(items...)}
	if unit != "" {
		d.BusinessUnit = &platform.BusinessUnitResourceIdentifier{Key: ptr(unit)}
	}
	cart, err := sh.c.Carts().Post(d).Execute(context.Background())
	if err != nil {
		t.Fatalf("seller creates a cart of %s in %s: %v", owner, unit, err)
	}
	return cart
}

// sellerOrder creates and orders, through the general endpoints, a cart of one widget of owner
// in unit.
func (sh *shop) sellerOrder(t *testing.T, owner, unit string) *platform.Order {
	t.Helper()
	cart := sh.sellerCart(t, owner, unit, item{widgetSKU, 1})
	o, err := sh.c.Orders().Post(platform.OrderFromCartDraft{
		Cart: &platform.CartResourceIdentifier{ID: ptr(cart.ID)}, Version: cart.Version,
	}).Execute(context.Background())
	if err != nil {
		t.Fatalf("seller orders the cart of %s in %s: %v", owner, unit, err)
	}
	return o
}

// total is the number of carts or orders ("carts", "orders") in the project.
func (sh *shop) total(t *testing.T, resource string) int {
	t.Helper()
	m := sh.s.getJSON(t, sh.path("/"+resource+"?limit=0"), sh.admin)
	n, ok := m["total"].(float64)
	if !ok {
		t.Fatalf("GET /%s: no total in %v", resource, m)
	}
	return int(n)
}

// raw sends a request with the admin token and decodes a successful answer into a map.
func (sh *shop) raw(t *testing.T, method, path, body string) (response, map[string]any) {
	t.Helper()
	var b []byte
	if body != "" {
		b = []byte(body)
	}
	r := sh.s.do(t, method, path, sh.admin, b)
	var m map[string]any
	if r.status < 300 {
		if err := json.Unmarshal(r.body, &m); err != nil {
			t.Fatalf("%s %s: body is not JSON (%v): %s", method, path, err, clip(r.body))
		}
	}
	return r, m
}

// sellerGet reads a cart or an order ("carts/ID", "orders/ID") through the general endpoint.
func (sh *shop) sellerGet(t *testing.T, what string) map[string]any {
	t.Helper()
	return sh.s.getJSON(t, sh.path("/"+what), sh.admin)
}

// idsOf lists the ids of a raw query answer, sorted.
func idsOf(page map[string]any) []string {
	out := []string{}
	res, _ := page["results"].([]any)
	for _, r := range res {
		m, _ := r.(map[string]any)
		id, _ := m["id"].(string)
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// sorted returns the ids sorted, for comparison with idsOf.
func sorted(ids ...string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

// orderIDs lists the ids of SDK orders, sorted.
func orderIDs(os []platform.Order) []string {
	out := []string{}
	for _, o := range os {
		out = append(out, o.ID)
	}
	slices.Sort(out)
	return out
}

// skuQuantities summarises line items as "SKU×quantity", sorted.
func skuQuantities(lis []platform.LineItem) []string {
	out := []string{}
	for _, li := range lis {
		out = append(out, fmt.Sprintf("%s×%d", deref(li.Variant.Sku), li.Quantity))
	}
	slices.Sort(out)
	return out
}

// query is url.Values encoded, for raw query strings.
func query(kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return "?" + v.Encode()
}

func wantStatus(t *testing.T, what string, r response, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("%s: status %d, want %d; body %s", what, r.status, status, clip(r.body))
	}
}

// taxWidget creates the tax category "std" (19% in Germany, not included in prices) and gives
// it to the widget.
func (sh *shop) taxWidget(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	std, err := sh.c.TaxCategories().Post(platform.TaxCategoryDraft{Key: ptr("std"), Name: "Standard",
		Rates: []platform.TaxRateDraft{{Name: "19% MwSt", Amount: ptr(0.19), IncludedInPrice: false, Country: "DE"}}}).Execute(ctx)
	if err != nil {
		t.Fatalf("create the tax category: %v", err)
	}
	p, err := sh.c.Products().WithId(sh.widget).Get().Execute(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sh.c.Products().WithId(sh.widget).Post(platform.ProductUpdate{Version: p.Version, Actions: []platform.ProductUpdateAction{
		platform.ProductSetTaxCategoryAction{TaxCategory: &platform.TaxCategoryResourceIdentifier{ID: &std.ID}}}}).Execute(ctx); err != nil {
		t.Fatalf("tax the widget: %v", err)
	}
}
