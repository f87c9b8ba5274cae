package e2e

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// TestLaunchpadCheckoutCalls replays the cart, checkout and order calls of commercetools' B2B
// storefront (the Store Launchpad, C1-C17, S1-S5 and D1-D5 of its call inventory) in the shape
// its CartApi builds them, with its API client's token: the header's cart lookup, a new cart in
// the store, the locale check every read makes, line items, the checkout's addresses, the
// shipping methods matching the cart, a discount code, a payment by invoice, the order with a
// date-based number and a purchase order number, the orders page, cancel and return, and
// "order again". Every answer is checked against the reference and for the fields the
// storefront's mappers read without a guard.
func TestLaunchpadCheckoutCalls(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		lp := newLaunchpad(t, s)
		lp.checkoutCatalog(t)
		as := lp.as("lena")
		cart := func(what string, m map[string]any) map[string]any {
			t.Helper()
			reads(t, what, m, launchpadCartReads...)
			if m["locale"] != "en" || m["country"] != "DE" {
				t.Errorf("%s: locale %v country %v; the storefront then sets both on every read", what, m["locale"], m["country"])
			}
			return m
		}

		// C1: the header's active cart in the store; none yet. C3: the first "add to cart" makes one.
		active := expand(cartExpands, "where", `cartState="Active"`, "where", `store(key="`+lpStore+`")`, "where", `customerId="`+lp.ids["lena"]+`"`,
			"where", `origin in ("Customer", "Merchant")`, "limit", "15", "sort", "createdAt desc")
		if page := lp.call(t, "CartPagedQueryResponse", http.MethodGet, as+"/carts"+active, "", http.StatusOK); page["count"] != 0.0 {
			t.Fatalf("C1 before any cart: %v", page)
		}
		c := cart("C3", lp.call(t, "Cart", http.MethodPost, as+"/carts"+expand(cartExpands), cartDraft(lp.ids["lena"]), http.StatusCreated))
		id := c["id"].(string)
		one := as + "/carts/" + id + expand(cartExpands)
		if page := lp.call(t, "CartPagedQueryResponse", http.MethodGet, as+"/carts"+active, "", http.StatusOK); len(results(t, "C1", page)) != 1 {
			t.Fatalf("C1 after C3: %v", page)
		}
		c = cart("C2", lp.call(t, "Cart", http.MethodGet, as+"/carts/"+id+expand(cartExpands, "limit", "1"), "", http.StatusOK))
		// C4 (a locale the cart already has), C5, C6, C8.
		c = cart("C4", lp.act(t, "Cart", one, c["version"], `{"action":"setCountry","country":"DE"}`, `{"action":"setLocale","locale":"en"}`))
		c = cart("C5", lp.act(t, "Cart", one, c["version"], `{"action":"addLineItem","sku":"`+widgetSKU+`","quantity":2}`))
		c = cart("C5", lp.act(t, "Cart", one, c["version"], `{"action":"addLineItem","sku":"`+gadgetSKU+`","quantity":1}`))
		lines := c["lineItems"].([]any)
		widgetLine, gadgetLine := lines[0].(map[string]any)["id"], lines[1].(map[string]any)["id"]
		c = cart("C6", lp.act(t, "Cart", one, c["version"], fmt.Sprintf(`{"action":"changeLineItemQuantity","lineItemId":%q,"quantity":5}`, widgetLine)))
		c = cart("C8", lp.act(t, "Cart", one, c["version"], fmt.Sprintf(`{"action":"removeLineItem","lineItemId":%q}`, gadgetLine)))
		if lines = c["lineItems"].([]any); len(lines) != 1 || lines[0].(map[string]any)["quantity"] != 5.0 || c["totalPrice"].(map[string]any)["centAmount"] != float64(5*widgetCents) {
			t.Fatalf("the cart of five widgets: %v %v", lines, c["totalPrice"])
		}

		// Checkout: C9, C10 with a company address as the storefront maps it (its id as addressId).
		unit := lp.act(t, "BusinessUnit", "/as-associate/"+lp.ids["lena"]+"/business-units/key="+lpUnit, version(t, lp.get(t, lpUnit)),
			`{"action":"addAddress","address":{"key":"hq","firstName":"Lena","lastName":"Berg","streetName":"Elbchaussee","postalCode":"22763","city":"Hamburg","country":"DE"}}`)
		hq := unit["addresses"].([]any)[0].(map[string]any)["id"].(string)
		address := `{"addressId":"` + hq + `","firstName":"Lena","lastName":"Berg","streetName":"Elbchaussee","streetNumber":"","additionalAddressInfo":"",` +
			`"building":"","apartment":"","postalCode":"22763","city":"Hamburg","country":"DE"}`
		c = cart("C9", lp.act(t, "Cart", one, c["version"], `{"action":"setCustomerEmail","email":"`+emailOf("lena")+`"}`))
		c = cart("C10", lp.act(t, "Cart", one, c["version"], `{"action":"setShippingAddress","address":`+address+`}`))
		c = cart("C10", lp.act(t, "Cart", one, c["version"], `{"action":"setBillingAddress","address":`+address+`}`))
		if c["shippingAddress"].(map[string]any)["city"] != "Hamburg" || c["billingAddress"].(map[string]any)["postalCode"] != "22763" {
			t.Fatalf("C10 addresses: %v %v", c["shippingAddress"], c["billingAddress"])
		}

		// S1 (every cart read once it has an address), S3 (the header), S2; C11.
		methods := expand([]string{"zoneRates[*].zone"})
		matching := results(t, "S1", lp.call(t, "ShippingMethodPagedQueryResponse", http.MethodGet, "/shipping-methods/matching-cart"+methods+"&cartId="+id, "", http.StatusOK))
		if len(matching) != 1 || matching[0]["key"] != "standard" {
			t.Fatalf("S1 the methods matching the cart: %v", matching)
		}
		reads(t, "S1", matching[0], launchpadShippingMethodReads...)
		if obj(t, "S1", matching[0]["zoneRates"].([]any)[0].(map[string]any), "zone")["locations"] == nil {
			t.Fatalf("S1 the zone's locations: %v", matching[0]["zoneRates"])
		}
		for _, q := range []string{"/shipping-methods/matching-location" + methods + "&country=DE", "/shipping-methods" + methods} {
			ms := results(t, q, lp.call(t, "ShippingMethodPagedQueryResponse", http.MethodGet, q, "", http.StatusOK))
			if len(ms) != 1 {
				t.Fatalf("%s: %v", q, ms)
			}
			reads(t, q, ms[0], launchpadShippingMethodReads...)
		}
		c = cart("C11", lp.act(t, "Cart", one, c["version"], `{"action":"setShippingMethod","shippingMethod":{"typeId":"shipping-method","id":"`+matching[0]["id"].(string)+`"}}`))
		if info := c["shippingInfo"].(map[string]any); info["shippingMethodName"] != "standard" || info["price"].(map[string]any)["centAmount"] != 490.0 {
			t.Fatalf("C11 shipping info: %v", info)
		}

		// C13: the code is read back through the expansion; a code that does not match is removed again.
		before := c["totalPrice"].(map[string]any)["centAmount"].(float64)
		c = cart("C13", lp.act(t, "Cart", one, c["version"], `{"action":"addDiscountCode","code":"LENA10"}`))
		codes := c["discountCodes"].([]any)
		code := obj(t, "C13", codes[0].(map[string]any), "discountCode")
		if len(codes) != 1 || code["code"] != "LENA10" || codes[0].(map[string]any)["state"] != "MatchesCart" {
			t.Fatalf("C13 the cart's codes: %v", codes)
		}
		if cd := code["cartDiscounts"].([]any)[0].(map[string]any); cd["obj"] == nil {
			t.Fatalf("C13 the code's cart discounts are not expanded: %v", cd)
		}
		// 5 × 19.99 and 4.90 shipping; 10% off the total, 104.85 with its shipping
		total := c["totalPrice"].(map[string]any)["centAmount"].(float64)
		off, _ := c["discountOnTotalPrice"].(map[string]any)
		if before != float64(5*widgetCents+490) || off == nil || off["discountedAmount"].(map[string]any)["centAmount"] != before-total || before-total != 1048 {
			t.Fatalf("C13 the discounted total: %v before %v, discount %v", total, before, off)
		}
		reads(t, "C13", c, "taxedPrice.taxPortions")
		c = cart("C13", lp.act(t, "Cart", one, c["version"], `{"action":"addDiscountCode","code":"BIG50"}`))
		var big any
		for _, dc := range c["discountCodes"].([]any) {
			if o := obj(t, "C13", dc.(map[string]any), "discountCode"); o["code"] == "BIG50" {
				big = dc
			}
		}
		if big == nil || big.(map[string]any)["state"] != "DoesNotMatchCart" {
			t.Fatalf("C13 a code for big carts: %v", c["discountCodes"])
		}
		c = cart("C13", lp.act(t, "Cart", one, c["version"], `{"action":"removeDiscountCode","discountCode":{"typeId":"discount-code","id":"`+
			big.(map[string]any)["discountCode"].(map[string]any)["id"].(string)+`"}}`))

		// S4, C12, S5: a payment by invoice, its status written back by its key.
		payment := lp.call(t, "Payment", http.MethodPost, "/payments", `{"key":"invoice-1","amountPlanned":{"centAmount":`+fmt.Sprint(total)+`,"currencyCode":"EUR"},`+
			`"interfaceId":"inv-1","paymentMethodInfo":{"paymentInterface":"invoice","method":"invoice"},"paymentStatus":{"interfaceCode":"pending","interfaceText":"{}"}}`, http.StatusCreated)
		c = cart("C12", lp.act(t, "Cart", one, c["version"], `{"action":"addPayment","payment":{"typeId":"payment","id":"`+payment["id"].(string)+`"}}`))
		paid, _ := c["paymentInfo"].(map[string]any)["payments"].([]any)[0].(map[string]any)["obj"].(map[string]any)
		if paid["key"] != "invoice-1" {
			t.Fatalf("C12 the cart's payment: %v", paid)
		}
		payment = lp.act(t, "Payment", "/payments/key=invoice-1", payment["version"], `{"action":"setStatusInterfaceCode","interfaceCode":"paid"}`,
			`{"action":"setStatusInterfaceText","interfaceText":"ok"}`, `{"action":"setInterfaceId","interfaceId":"inv-1b"}`)
		if payment["paymentStatus"].(map[string]any)["interfaceCode"] != "paid" || payment["interfaceId"] != "inv-1b" {
			t.Fatalf("S5: %v", payment)
		}

		// D1: the order, numbered by date, with the purchase order number; the thank-you page's D2.
		order := lp.call(t, "Order", http.MethodPost, as+"/orders"+expand(orderExpands), fmt.Sprintf(`{"cart":{"typeId":"cart","id":%q},"version":%v,`+
			`"orderNumber":"2026-12-6-12345","purchaseOrderNumber":"PO-77"}`, id, c["version"]), http.StatusCreated)
		reads(t, "D1", order, launchpadOrderReads...)
		if order["orderNumber"] != "2026-12-6-12345" || order["purchaseOrderNumber"] != "PO-77" || len(order["discountCodes"].([]any)) != 1 ||
			order["totalPrice"].(map[string]any)["centAmount"] != total {
			t.Fatalf("D1 the order: %v %v %v %v", order["orderNumber"], order["purchaseOrderNumber"], order["discountCodes"], order["totalPrice"])
		}
		orderID := order["id"].(string)
		byNumber := expand(orderExpands, "where", `orderNumber in ("2026-12-6-12345")`, "where", `businessUnit(key="`+lpUnit+`")`, "sort", "lastModifiedAt desc", "limit", "1")
		if got := results(t, "D2", lp.call(t, "OrderPagedQueryResponse", http.MethodGet, as+"/orders"+byNumber, "", http.StatusOK)); len(got) != 1 || got[0]["id"] != orderID {
			t.Fatalf("D2 by number: %v", got)
		}
		// The orders page: by customer, states and creation, with the search box's text.
		page := []string{"where", `customerId="` + lp.ids["lena"] + `"`, "where", `orderState in ("Open","Confirmed")`, "where", `createdAt > "2020-01-01T00:00:00.000Z"`,
			"where", `id in ("` + orderID + `")`, "sort", "lastModifiedAt desc", "limit", "10", "offset", "0", "text.en", "widget"}
		listed := results(t, "D2", lp.call(t, "OrderPagedQueryResponse", http.MethodGet, as+"/orders"+expand(orderExpands, page...), "", http.StatusOK))
		if len(listed) != 1 {
			t.Fatalf("D2 the orders page: %v", listed)
		}
		reads(t, "D2", listed[0], launchpadOrderReads...)
		// a new order has no shipment state yet
		shipped := expand(orderExpands, append(page, "where", `shipmentState in ("Shipped","Delivered")`)...)
		if got := results(t, "D2", lp.call(t, "OrderPagedQueryResponse", http.MethodGet, as+"/orders"+shipped, "", http.StatusOK)); len(got) != 0 {
			t.Fatalf("D2 the shipped orders: %v", got)
		}

		// C16 then D1 again: order the same again; D5 returns a widget; D3 + D4 cancel the reorder.
		again := lp.call(t, "Cart", http.MethodPost, as+"/carts/replicate", `{"reference":{"id":"`+orderID+`","typeId":"order"}}`, http.StatusCreated)
		reads(t, "C16", again, launchpadCartReads...)
		// the replica has the order's locale but no country: the storefront's next read sets both (C4)
		again = cart("C4", lp.act(t, "Cart", as+"/carts/"+again["id"].(string)+expand(cartExpands), again["version"],
			`{"action":"setCountry","country":"DE"}`, `{"action":"setLocale","locale":"en"}`))
		if again["lineItems"].([]any)[0].(map[string]any)["quantity"] != 5.0 || again["store"].(map[string]any)["key"] != lpStore {
			t.Fatalf("C16 the reorder cart: %v %v", again["lineItems"], again["store"])
		}
		line := order["lineItems"].([]any)[0].(map[string]any)["id"]
		returned := lp.act(t, "Order", as+"/orders/"+orderID+expand(orderExpands), order["version"], fmt.Sprintf(`{"action":"addReturnInfo",`+
			`"items":[{"quantity":1,"lineItemId":%q,"shipmentState":"Returned","comment":"scratched"}],"returnDate":"2026-12-06T10:00:00.000Z","returnTrackingId":"1765015200000"}`, line))
		reads(t, "D5", returned, launchpadOrderReads...)
		reads(t, "D5", returned, "returnInfo[*].items[*].id", "returnInfo[*].items[*].createdAt", "returnInfo[*].returnDate")
		lp.cancel(t, "lena", lp.placeOrder(t, "lena", again))

		// C14 (reassign to the signed-in customer), C15 (split a line over two company addresses;
		// the storefront names the target by the address's id as its addressKey, so here the
		// company address's key is its id's stand-in), C17: the cart is deleted at its version.
		left := lp.newCart(t, "lena", widgetSKU, 3)
		leftPath := as + "/carts/" + left["id"].(string) + expand(cartExpands)
		left = cart("C14", lp.act(t, "Cart", leftPath, left["version"], `{"action":"setCustomerId","customerId":"`+lp.ids["lena"]+`"}`))
		split := fmt.Sprintf(`{"action":"setLineItemShippingDetails","lineItemId":%q,"shippingDetails":{"targets":[{"addressKey":"hq","quantity":2},{"addressKey":"depot","quantity":1}]}}`,
			left["lineItems"].([]any)[0].(map[string]any)["id"])
		left = cart("C15", lp.act(t, "Cart", leftPath, left["version"],
			`{"action":"addItemShippingAddress","address":{"id":"`+hq+`","key":"hq","firstName":"Lena","lastName":"Berg","postalCode":"22763","city":"Hamburg","country":"DE"}}`,
			`{"action":"addItemShippingAddress","address":{"key":"depot","postalCode":"20457","city":"Hamburg","country":"DE"}}`, split))
		if targets := left["lineItems"].([]any)[0].(map[string]any)["shippingDetails"].(map[string]any)["targets"].([]any); len(targets) != 2 ||
			len(left["itemShippingAddresses"].([]any)) != 2 {
			t.Fatalf("C15 the split line: %v %v", targets, left["itemShippingAddresses"])
		}
		lp.call(t, "Cart", http.MethodDelete, as+"/carts/"+left["id"].(string)+"?version="+fmt.Sprint(left["version"]), "", http.StatusOK)
		lp.call(t, "", http.MethodGet, as+"/carts/"+left["id"].(string), "", http.StatusNotFound)
	})
}

// checkoutCatalog adds what the checkout needs: the widget taxed at 19% in Germany, the shipping
// method "standard" (4.90 EUR in the zone Germany), the code LENA10 (10% off the total) and
// the code BIG50 (for carts of 1,000 EUR and more).
func (lp *launchpad) checkoutCatalog(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	lp.taxWidget(t)
	zone, err := lp.c.Zones().Post(platform.ZoneDraft{Key: ptr("de"), Name: "Germany", Locations: []platform.Location{{Country: "DE"}}}).Execute(ctx)
	if err != nil {
		t.Fatalf("create the zone: %v", err)
	}
	if _, err := lp.c.ShippingMethods().Post(platform.ShippingMethodDraft{Key: ptr("standard"), Name: "standard", IsDefault: true,
		LocalizedName: &platform.LocalizedString{"en": "Standard"}, TaxCategory: platform.TaxCategoryResourceIdentifier{Key: ptr("std")},
		ZoneRates: []platform.ZoneRateDraft{{Zone: platform.ZoneResourceIdentifier{ID: &zone.ID},
			ShippingRates: []platform.ShippingRateDraft{{Price: platform.Money{CurrencyCode: "EUR", CentAmount: 490}}}}}}).Execute(ctx); err != nil {
		t.Fatalf("create the shipping method: %v", err)
	}
	for _, d := range []struct{ code, predicate, sortOrder string }{{"LENA10", "true", "0.2"}, {"BIG50", `totalPrice >= "1000.00 EUR"`, "0.3"}} {
		discount, err := lp.c.CartDiscounts().Post(platform.CartDiscountDraft{Name: platform.LocalizedString{"en": d.code},
			CartPredicate: d.predicate, SortOrder: ptr(d.sortOrder), RequiresDiscountCode: ptr(true),
			Value: platform.CartDiscountValueRelativeDraft{Permyriad: 1000}, Target: platform.CartDiscountTotalPriceTarget{}}).Execute(ctx)
		if err != nil {
			t.Fatalf("create the cart discount %s: %v", d.code, err)
		}
		if _, err := lp.c.DiscountCodes().Post(platform.DiscountCodeDraft{Code: d.code, Name: &platform.LocalizedString{"en": d.code},
			CartDiscounts: []platform.CartDiscountResourceIdentifier{{ID: &discount.ID}}}).Execute(ctx); err != nil {
			t.Fatalf("create the discount code %s: %v", d.code, err)
		}
	}
}

// checkoutAddresses is the checkout's (and the quote checkout's) first step for name's cart c:
// C9 and C10.
func (lp *launchpad) checkoutAddresses(t *testing.T, name string, c map[string]any) map[string]any {
	t.Helper()
	path := lp.as(name) + "/carts/" + c["id"].(string) + expand(cartExpands)
	address := `{"firstName":"Lena","lastName":"Berg","postalCode":"22763","city":"Hamburg","country":"DE"}`
	return lp.act(t, "Cart", path, c["version"], `{"action":"setCustomerEmail","email":"`+emailOf(name)+`"}`,
		`{"action":"setShippingAddress","address":`+address+`}`, `{"action":"setBillingAddress","address":`+address+`}`)
}

// placeOrder runs the checkout of the cart c as name does (C9, C10, D1) and returns the order.
func (lp *launchpad) placeOrder(t *testing.T, name string, c map[string]any) map[string]any {
	t.Helper()
	c = lp.checkoutAddresses(t, name, c)
	order := lp.call(t, "Order", http.MethodPost, lp.as(name)+"/orders"+expand(orderExpands), fmt.Sprintf(`{"cart":{"typeId":"cart","id":%q},"version":%v,`+
		`"orderNumber":%q}`, c["id"], c["version"], "2026-12-6-"+c["id"].(string)[:5]), http.StatusCreated)
	reads(t, "D1", order, launchpadOrderReads...)
	return order
}

// cancel is the storefront's cancel: D3 reads the order's version, D4 cancels it.
func (lp *launchpad) cancel(t *testing.T, name string, order map[string]any) map[string]any {
	t.Helper()
	path := lp.as(name) + "/orders/" + order["id"].(string) + expand(orderExpands)
	current := lp.call(t, "Order", http.MethodGet, path, "", http.StatusOK)
	reads(t, "D3", current, launchpadOrderReads...)
	cancelled := lp.act(t, "Order", path, current["version"], `{"action":"changeOrderState","orderState":"Cancelled"}`)
	reads(t, "D4", cancelled, launchpadOrderReads...)
	if cancelled["orderState"] != "Cancelled" {
		t.Fatalf("D4 the cancelled order: %v", cancelled["orderState"])
	}
	return cancelled
}
