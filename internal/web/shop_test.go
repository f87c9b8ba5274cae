package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/demo"
	"github.com/procura/procura/internal/httpapi"
)

// newCart has the browser create a cart named name and returns its id.
func (b *browser) newCart(name string) string {
	b.t.Helper()
	p := b.post("carts", url.Values{"name": {name}})
	id, ok := strings.CutPrefix(p.location, "/portal/demo/carts/")
	if p.status != http.StatusSeeOther || !ok {
		b.t.Fatalf("creating cart %q: %d %q %s", name, p.status, p.location, p.body)
	}
	return id
}

var versionRe = regexp.MustCompile(`name="version" value="(\d+)"`)

// cartVersion reads the cart's version from its page.
func (b *browser) cartVersion(id string) string {
	b.t.Helper()
	m := versionRe.FindStringSubmatch(b.get("carts/" + id).body)
	if m == nil {
		b.t.Fatalf("no version on the page of cart %s", id)
	}
	return m[1]
}

// cartOf reads a cart as the seller.
func (w *world) cartOf(t *testing.T, id string) *procura.Cart {
	t.Helper()
	c, err := w.a.GetCart(ctx, app.Caller{ProjectKey: "demo"}, app.Acting{}, app.Ref{ID: id})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestShopQuickOrderToOrder: bob names a cart, fills it by quick order rows and pasted lines (a
// bad line or an unknown SKU adds nothing), freezes it, chooses his unit's addresses, orders it
// with a purchase order number, and the order awaits approval; "order again" copies its items.
func TestShopQuickOrderToOrder(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		bob := w.browser(t).signIn("bob@acme.example")
		id := bob.newCart("office-supplies")
		if p := bob.get("carts"); !strings.Contains(p.body, "office-supplies") || !strings.Contains(p.body, "you") {
			t.Errorf("bob's carts: %s", p.body)
		}
		for _, bad := range []struct{ lines, want string }{
			{"CRATE-001,2\nBULK-WIDGET-001;x", "Pasted line 2 (BULK-WIDGET-001;x)"},
			{"CRATE-001,2\nNO-SUCH-SKU,3\nALSO-NOT,1", "No product has the SKU NO-SUCH-SKU, ALSO-NOT."},
			{"", "Nothing to add"},
		} {
			p := bob.post("carts/"+id+"/items", url.Values{"version": {"1"}, "lines": {bad.lines}})
			if p.status != http.StatusBadRequest || !strings.Contains(p.body, bad.want) {
				t.Errorf("quick order %q: %d %s", bad.lines, p.status, p.body)
			}
		}
		if c := w.cartOf(t, id); c.Version != 1 || len(c.LineItems) != 0 {
			t.Fatalf("the refused quick orders wrote: %+v", c)
		}
		form := url.Values{"version": {"1"}, "sku": {"BULK-WIDGET-001", "", ""}, "quantity": {"300", "", ""}, "lines": {"BULK-WIDGET-001\t200\r\nCRATE-001; 2\n"}}
		if p := bob.post("carts/"+id+"/items", form); p.status != http.StatusSeeOther {
			t.Fatalf("quick order: %d %s", p.status, p.body)
		}
		c := w.cartOf(t, id)
		if c.Key != "office-supplies" || c.TotalPrice.CentAmount != 500*250+2*4500 || c.Store == nil || c.Store.Key != "main" {
			t.Fatalf("the cart after the quick order: %+v", c)
		}
		if p := bob.post("carts/"+id+"/items", form); p.status != http.StatusConflict {
			t.Errorf("a quick order at an old version: %d", p.status)
		}
		v := bob.cartVersion(id)
		if p := bob.post("carts/"+id+"/freeze", url.Values{"version": {v}}); p.status != http.StatusSeeOther {
			t.Fatalf("freezing: %d %s", p.status, p.body)
		}
		v = bob.cartVersion(id)
		if p := bob.post("carts/"+id+"/items", url.Values{"version": {v}, "lines": {"CRATE-001,1"}}); p.status != http.StatusBadRequest {
			t.Errorf("adding to a frozen cart: %d", p.status)
		}
		p := bob.get("carts/" + id + "/checkout")
		if p.status != http.StatusOK || !strings.Contains(p.body, "eng-receiving") || !strings.Contains(p.body, "1,340.00 USD") {
			t.Fatalf("the checkout: %d %s", p.status, p.body)
		}
		unit, err := w.a.GetBusinessUnit(ctx, app.Caller{ProjectKey: "demo"}, app.Ref{Key: "acme-engineering"})
		if err != nil {
			t.Fatal(err)
		}
		ship, bill := unit.Addresses[0].ID, unit.Addresses[1].ID
		if p := bob.post("carts/"+id+"/addresses", url.Values{"version": {v}, "shipping": {"nope"}, "billing": {bill}}); p.status != http.StatusBadRequest {
			t.Errorf("an address not of the unit: %d", p.status)
		}
		if p := bob.post("carts/"+id+"/addresses", url.Values{"version": {v}, "shipping": {ship}, "billing": {bill}}); p.status != http.StatusSeeOther {
			t.Fatalf("choosing the addresses: %d %s", p.status, p.body)
		}
		c = w.cartOf(t, id)
		if c.CartState != procura.CartFrozen || c.ShippingAddress.City != "Austin" || c.BillingAddress.City != "San Francisco" {
			t.Fatalf("the cart's addresses: %+v", c)
		}
		p = bob.post("carts/"+id+"/order", url.Values{"version": {bob.cartVersion(id)}, "purchaseOrderNumber": {"PO-4711"}})
		orderPath, ok := strings.CutPrefix(p.location, "/portal/demo/orders/acme-engineering/")
		if p.status != http.StatusSeeOther || !ok {
			t.Fatalf("placing the order: %d %q %s", p.status, p.location, p.body)
		}
		o, err := w.a.GetOrder(ctx, app.Caller{ProjectKey: "demo"}, app.Acting{}, app.Ref{ID: orderPath})
		if err != nil || o.PurchaseOrderNumber != "PO-4711" || o.CustomerEmail != "bob@acme.example" || o.ApprovalStatus != procura.FlowPending || o.ShippingAddress.City != "Austin" {
			t.Fatalf("the order: %v %+v", err, o)
		}
		p = bob.get("orders/acme-engineering/" + o.ID)
		if !strings.Contains(p.body, "Purchase order number: PO-4711") || !strings.Contains(p.body, `id="reorder"`) {
			t.Errorf("the order page: %s", p.body)
		}
		p = bob.post("orders/acme-engineering/"+o.ID+"/reorder", url.Values{})
		again, ok := strings.CutPrefix(strings.TrimSuffix(p.location, "?done=reordered"), "/portal/demo/carts/")
		if p.status != http.StatusSeeOther || !ok {
			t.Fatalf("ordering again: %d %q %s", p.status, p.location, p.body)
		}
		if c := w.cartOf(t, again); c.CartState != procura.CartActive || c.TotalLineItemQuantity != 502 || c.CustomerID != w.bob {
			t.Errorf("the new cart: %+v", c)
		}
	})
}

// TestShopRefusals: carol, an approver without CreateMyCarts or UpdateOthersCarts, sees bob's
// cart (ViewOthersCarts) but may neither create a cart nor add to his, as the API refuses; her
// refused requests write nothing.
func TestShopRefusals(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		bob := w.browser(t).signIn("bob@acme.example")
		id := bob.newCart("bobs-cart")
		carol := w.browser(t).signIn("carol@acme.example")
		if p := carol.get("carts/" + id); p.status != http.StatusNotFound {
			// carol acts for acme-corp: bob's cart of acme-engineering is not in her unit's carts
			t.Errorf("carol reading bob's cart from acme-corp: %d", p.status)
		}
		for _, path := range []string{"carts", "products"} {
			if p := carol.get(path); p.status != http.StatusOK || strings.Contains(p.body, `id="create-cart"`) {
				t.Errorf("carol's %s: %d %s", path, p.status, p.body)
			}
		}
		p := carol.post("carts", url.Values{"name": {"carols"}})
		c := app.Caller{ProjectKey: "demo", CustomerID: w.carol(t), BusinessUnit: "acme-corp"}
		_, apiErr := w.a.CreateCart(ctx, c, app.AsAssociate(c, c.CustomerID, "acme-corp"), procura.CartDraft{Currency: "USD"})
		if apiErr == nil || p.status != httpapi.Status(apiErr) || p.status != http.StatusForbidden || !strings.Contains(p.body, "CreateMyCarts") {
			t.Errorf("carol creating a cart: %d (the API: %v) %s", p.status, apiErr, p.body)
		}
		p = carol.post("products/add", url.Values{"sku": {"BULK-WIDGET-001"}, "quantity": {"1"}, "cart": {"new"}})
		if p.status != http.StatusForbidden {
			t.Errorf("carol adding to a new cart: %d", p.status)
		}
		if page, err := w.a.QueryCarts(ctx, app.Caller{ProjectKey: "demo"}, app.Acting{}, app.Query{Where: []string{`customerId = "` + c.CustomerID + `"`}}); err != nil || page.Count != 0 {
			t.Errorf("carol's refused requests made carts: %v %+v", err, page)
		}
		for _, name := range []string{"bobs-cart", "not a key"} {
			if p := bob.post("carts", url.Values{"name": {name}}); p.status != http.StatusBadRequest {
				t.Errorf("a cart named %q: %d %s", name, p.status, p.body)
			}
		}
		if p := bob.get("products/no-such-product"); p.status != http.StatusNotFound {
			t.Errorf("an unknown product: %d", p.status)
		}
		if p := bob.post("carts/"+id+"/items", url.Values{"version": {"x"}, "lines": {"CRATE-001,1"}}); p.status != http.StatusBadRequest {
			t.Errorf("a quick order without a version: %d", p.status)
		}
	})
}

// TestShopCatalog: the catalog finds the widget by name and by SKU at the store's price in the
// project's currency; its page adds it to one of bob's carts or to a new one.
func TestShopCatalog(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		bob := w.browser(t).signIn("bob@acme.example")
		for _, q := range []string{"widg", "BULK-WIDGET-001"} {
			p := bob.get("products?q=" + url.QueryEscape(q))
			if p.status != http.StatusOK || !strings.Contains(p.body, "Bulk widget") || !strings.Contains(p.body, "2.50 USD") || strings.Contains(p.body, "Shipping crate") {
				t.Errorf("searching %q: %d %s", q, p.status, p.body)
			}
		}
		if p := bob.get("products"); !strings.Contains(p.body, "Bulk widget") || !strings.Contains(p.body, "45.00 USD") || strings.Contains(p.body, "next-page") {
			t.Errorf("every product: %s", p.body)
		}
		m := regexp.MustCompile(`href="/portal/demo/(products/[^"]+)">Bulk widget`).FindStringSubmatch(bob.get("products?q=widget").body)
		if m == nil {
			t.Fatal("no link to the widget")
		}
		id := bob.newCart("spares")
		p := bob.get(m[1])
		if p.status != http.StatusOK || !strings.Contains(p.body, `<option value="`+id+`">spares</option>`) {
			t.Fatalf("the widget's page: %d %s", p.status, p.body)
		}
		if p := bob.post("products/add", url.Values{"sku": {"BULK-WIDGET-001"}, "quantity": {"0"}, "cart": {id}}); p.status != http.StatusBadRequest {
			t.Errorf("adding 0: %d", p.status)
		}
		if p := bob.post("products/add", url.Values{"sku": {"BULK-WIDGET-001"}, "quantity": {"4"}, "cart": {id}}); p.status != http.StatusSeeOther || p.location != "/portal/demo/carts/"+id+"?done=added" {
			t.Fatalf("adding to spares: %d %q %s", p.status, p.location, p.body)
		}
		c := w.cartOf(t, id)
		if c.TotalPrice.CentAmount != 1000 {
			t.Fatalf("spares: %+v", c)
		}
		line := "carts/" + id + "/lines/" + c.LineItems[0].ID
		for _, q := range []string{"-1", "x"} {
			if p := bob.post(line, url.Values{"version": {fmt.Sprint(c.Version)}, "quantity": {q}}); p.status != http.StatusBadRequest {
				t.Errorf("quantity %s: %d", q, p.status)
			}
		}
		if p := bob.post(line, url.Values{"version": {fmt.Sprint(c.Version)}, "quantity": {"0"}}); p.status != http.StatusSeeOther {
			t.Errorf("quantity 0: %d %s", p.status, p.body)
		}
		if c := w.cartOf(t, id); len(c.LineItems) != 0 {
			t.Errorf("spares after removing its line: %+v", c.LineItems)
		}
		p = bob.post("products/add", url.Values{"sku": {"BULK-WIDGET-001"}, "quantity": {"2"}, "cart": {"new"}})
		if p.status != http.StatusSeeOther || strings.Contains(p.location, id) {
			t.Fatalf("adding to a new cart: %d %q", p.status, p.location)
		}
	})
}

// TestShopQuoteRequest: a cart without a shipping address is refused a quote as the API refuses
// it; with the unit's addresses, bob's request is made from his cart. Unfreezing opens a frozen
// cart again.
func TestShopQuoteRequest(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		bob := w.browser(t).signIn("bob@acme.example")
		id := bob.newCart("")
		if p := bob.post("carts/"+id+"/items", url.Values{"version": {"1"}, "sku": {"CRATE-001"}, "quantity": {"3"}}); p.status != http.StatusSeeOther {
			t.Fatalf("adding crates: %d %s", p.status, p.body)
		}
		if p := bob.post("carts/"+id+"/freeze", url.Values{"version": {"2"}}); p.status != http.StatusSeeOther {
			t.Fatalf("freezing: %d %s", p.status, p.body)
		}
		if p := bob.post("carts/"+id+"/unfreeze", url.Values{"version": {"3"}}); p.status != http.StatusSeeOther || w.cartOf(t, id).CartState != procura.CartActive {
			t.Fatalf("unfreezing: %d %s", p.status, p.body)
		}
		if p := bob.post("carts/"+id+"/quote", url.Values{"version": {"4"}, "comment": {"Volume price?"}}); p.status != http.StatusBadRequest || !strings.Contains(p.body, "shipping") {
			t.Errorf("a quote without a shipping address: %d %s", p.status, p.body)
		}
		unit, err := w.a.GetBusinessUnit(ctx, app.Caller{ProjectKey: "demo"}, app.Ref{Key: "acme-engineering"})
		if err != nil {
			t.Fatal(err)
		}
		a := unit.Addresses[0].ID
		if p := bob.post("carts/"+id+"/addresses", url.Values{"version": {"4"}, "shipping": {a}, "billing": {a}}); p.status != http.StatusSeeOther {
			t.Fatalf("the addresses: %d %s", p.status, p.body)
		}
		if p := bob.post("carts/"+id+"/quote", url.Values{"version": {"5"}, "comment": {"Volume price?"}}); p.status != http.StatusSeeOther || p.location != "/portal/demo/quotes?done=requested" {
			t.Fatalf("requesting a quote: %d %q %s", p.status, p.location, p.body)
		}
		page, err := w.a.QueryQuoteRequests(ctx, app.Caller{ProjectKey: "demo"}, app.Acting{}, app.Query{Limit: 10})
		if err != nil || page.Count != 1 || page.Items()[0]["comment"] != "Volume price?" || page.Items()[0]["customer"].(map[string]any)["id"] != w.bob {
			t.Errorf("the quote request: %v %+v", err, page)
		}
	})
}

// TestShopWithoutUpdateMyCarts: dave may create carts in ACME Engineering but not change them
// (no UpdateMyCarts): his quick order is refused as the API refuses it, and adds nothing.
func TestShopWithoutUpdateMyCarts(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		seller := app.Caller{ProjectKey: "demo"}
		if _, err := w.a.CreateAssociateRole(ctx, seller, procura.AssociateRoleDraft{Key: "starter", Permissions: []string{"CreateMyCarts", "ViewMyCarts"}}); err != nil {
			t.Fatal(err)
		}
		dave, err := w.a.CreateCustomer(ctx, seller, procura.CustomerDraft{Email: "dave@acme.example", Password: demo.Password})
		if err != nil {
			t.Fatal(err)
		}
		unit, err := w.a.GetBusinessUnit(ctx, seller, app.Ref{Key: "acme-engineering"})
		if err != nil {
			t.Fatal(err)
		}
		add := []byte(`{"action":"addAssociate","associate":{"customer":{"id":"` + dave.Customer.ID + `"},"associateRoleAssignments":[{"associateRole":{"key":"starter"}}]}}`)
		if _, err := w.a.UpdateBusinessUnit(ctx, seller, app.Ref{Key: "acme-engineering"}, procura.Update{Version: &unit.Version, Actions: []json.RawMessage{add}}); err != nil {
			t.Fatal(err)
		}
		b := w.browser(t).signIn("dave@acme.example")
		id := b.newCart("daves")
		p := b.post("carts/"+id+"/items", url.Values{"version": {"1"}, "lines": {"CRATE-001,1"}})
		c := app.Caller{ProjectKey: "demo", CustomerID: dave.Customer.ID, BusinessUnit: "acme-engineering"}
		v := int64(1)
		_, apiErr := w.a.UpdateCart(ctx, c, app.AsAssociate(c, c.CustomerID, "acme-engineering"), app.Ref{ID: id},
			procura.Update{Version: &v, Actions: []json.RawMessage{[]byte(`{"action":"addLineItem","sku":"CRATE-001","quantity":1}`)}})
		if apiErr == nil || p.status != httpapi.Status(apiErr) || p.status != http.StatusForbidden || !strings.Contains(p.body, "UpdateMyCarts") {
			t.Errorf("dave's quick order: %d (the API: %v) %s", p.status, apiErr, p.body)
		}
		if c := w.cartOf(t, id); c.Version != 1 || len(c.LineItems) != 0 {
			t.Errorf("dave's refused quick order wrote: %+v", c)
		}
	})
}

// TestShopCatalogPages: 26 products are listed 24 to a page, with links between the pages.
func TestShopCatalogPages(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		seller := app.Caller{ProjectKey: "demo"}
		widget, err := w.a.GetProduct(ctx, seller, app.Ref{Key: "widget"})
		if err != nil {
			t.Fatal(err)
		}
		for i := range 24 {
			cents := int64(100 + i)
			if _, err := w.a.CreateProduct(ctx, seller, procura.ProductDraft{Key: fmt.Sprint("gadget-", i), Publish: true,
				ProductType: &procura.ResourceIdentifier{ID: widget.ProductType.ID}, Name: procura.LocalizedString{"en": fmt.Sprint("Gadget ", i)},
				Slug: procura.LocalizedString{"en": fmt.Sprint("gadget-", i)}, MasterVariant: &procura.VariantDraft{SKU: fmt.Sprint("GADGET-", i),
					Prices: []procura.PriceDraft{{Value: procura.MoneyDraft{CurrencyCode: "USD", CentAmount: &cents}}}}}); err != nil {
				t.Fatal(err)
			}
		}
		bob := w.browser(t).signIn("bob@acme.example")
		one, two := bob.get("products"), bob.get("products?page=2")
		if n := strings.Count(one.body, "<tr data-product="); n != 24 || !strings.Contains(one.body, `page=2" rel="next"`) || strings.Contains(one.body, `rel="prev"`) {
			t.Errorf("page 1: %d products %s", n, one.body)
		}
		if n := strings.Count(two.body, "<tr data-product="); n != 2 || !strings.Contains(two.body, `page=1" rel="prev"`) || strings.Contains(two.body, `rel="next"`) {
			t.Errorf("page 2: %d products %s", n, two.body)
		}
	})
}
