package app_test

import (
	"sync"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

var recurStart = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// recurringWorld is shopWorld with a weekly recurrence policy, bob allowed to order his carts in
// acme, and a clock the test moves.
func recurringWorld(t *testing.T, a *app.App, c app.Caller) (*world, *time.Time) {
	w := shopWorld(t, a, c)
	w.role("orders-own", true, procura.CreateMyOrdersFromMyCarts)
	w.grant("acme", "bob@acme.example", "buyer", "orders-own")
	clock := recurStart
	a.Now = func() time.Time { return clock }
	must[*procura.RecurrencePolicy](t)(a.CreateRecurrencePolicy(ctx, c, procura.RecurrencePolicyDraft{Key: "weekly",
		Schedule: &procura.Schedule{Type: "standard", Value: 1, IntervalUnit: "Weeks"}}))
	return w, &clock
}

// recurringCart is bob's cart in acme: W-1 recurring weekly (its price chosen by mode), G-1 once.
func (w *world) recurringCart(mode string) *procura.Cart {
	w.t.Helper()
	d := withCustomer(cartDraft("W-1", "G-1"), w.customers["bob@acme.example"], "acme")
	d.LineItems[0].RecurrenceInfo = &procura.RecurrenceInfoDraft{RecurrencePolicy: &procura.ResourceIdentifier{Key: "weekly"}, PriceSelectionMode: mode}
	return must[*procura.Cart](w.t)(w.a.CreateCart(ctx, w.seller, app.Acting{}, d))
}

func (w *world) recurringOrder(mode string) *procura.RecurringOrder {
	w.t.Helper()
	cart := w.recurringCart(mode)
	return must[*procura.RecurringOrder](w.t)(w.a.CreateRecurringOrder(ctx, w.seller, procura.RecurringOrderDraft{
		Cart: &procura.ResourceIdentifier{ID: cart.ID}, CartVersion: &cart.Version}))
}

// ordersOf returns the orders recurring order id placed, oldest first.
func (w *world) ordersOf(id string) []map[string]any {
	w.t.Helper()
	page := must[*app.Page](w.t)(w.a.QueryOrders(ctx, w.seller, app.Acting{}, app.Query{Where: []string{`recurringOrder(id = "` + id + `")`},
		Sort: []string{"createdAt asc"}, Limit: 100}))
	return page.Items()
}

// run runs the recurring orders due at, with the clock at that time.
func (w *world) run(at time.Time, want int) {
	w.t.Helper()
	now := w.a.Now
	w.a.Now = func() time.Time { return at }
	defer func() { w.a.Now = now }()
	if n := must[int](w.t)(w.a.RunRecurringOrders(ctx, at)); n != want {
		w.t.Fatalf("at %s the runner placed %d orders, want %d", at, n, want)
	}
}

func TestRecurringOrderSchedule(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w, clock := recurringWorld(t, a, c)
		r := w.recurringOrder(procura.PriceDynamic)
		if r.RecurringOrderState != procura.RecurringActive || r.NextOrderAt != procura.FormatTime(recurStart) || r.OriginOrder != nil ||
			r.Customer == nil || r.Customer.ID != w.customers["bob@acme.example"] || r.BusinessUnit.Key != "acme" {
			t.Fatalf("new recurring order: %+v", r)
		}
		tmpl := must[*procura.Cart](t)(a.GetCart(ctx, c, app.Acting{}, app.Ref{ID: r.Cart.ID}))
		if tmpl.Origin != "RecurringOrder" || len(tmpl.LineItems) != 1 || tmpl.LineItems[0].Variant.SKU != "W-1" || tmpl.LineItems[0].RecurrenceInfo == nil {
			t.Fatalf("the recurring order's cart holds the recurring items only: %+v", tmpl.LineItems)
		}

		w.run(recurStart.Add(-time.Minute), 0)
		w.run(recurStart, 1)
		w.run(recurStart.Add(time.Hour), 0) // the same occurrence is placed once
		orders := w.ordersOf(r.ID)
		if len(orders) != 1 || orders[0]["customerId"] != w.customers["bob@acme.example"] {
			t.Fatalf("orders placed: %v", orders)
		}
		r = must[*procura.RecurringOrder](t)(a.GetRecurringOrder(ctx, c, app.Ref{ID: r.ID}))
		week := 7 * 24 * time.Hour
		if r.LastOrderAt != procura.FormatTime(recurStart) || r.NextOrderAt != procura.FormatTime(recurStart.Add(week)) {
			t.Fatalf("after the first order: last %s next %s", r.LastOrderAt, r.NextOrderAt)
		}

		// today's prices: W-1 costs 29.99 from now on
		p := must[*procura.Product](t)(a.GetProduct(ctx, c, app.Ref{Key: "widget"}))
		must[*procura.Product](t)(a.UpdateProduct(ctx, c, app.Ref{Key: "widget"}, actions(p.Version,
			`{"action":"setPrices","variantId":1,"prices":[{"value":{"currencyCode":"EUR","centAmount":2999}}],"staged":false}`)))

		*clock = recurStart.Add(week)
		r = must[*procura.RecurringOrder](t)(a.UpdateRecurringOrder(ctx, c, app.Ref{ID: r.ID}, actions(r.Version,
			`{"action":"setOrderSkipConfiguration","skipConfigurationInputDraft":{"type":"Counter","totalToSkip":1}}`)))
		w.run(recurStart.Add(week), 0)
		r = must[*procura.RecurringOrder](t)(a.GetRecurringOrder(ctx, c, app.Ref{ID: r.ID}))
		if sc := r.SkipConfiguration; sc == nil || sc.Skipped != 1 || r.NextOrderAt != procura.FormatTime(recurStart.Add(2*week)) {
			t.Fatalf("a skipped occurrence: %+v next %s", sc, r.NextOrderAt)
		}
		w.run(recurStart.Add(2*week), 1)
		orders = w.ordersOf(r.ID)
		total := orders[len(orders)-1]["totalPrice"].(map[string]any)["centAmount"]
		if len(orders) != 2 || total != float64(2999) {
			t.Fatalf("the second order, at today's price: %d orders, total %v", len(orders), total)
		}

		r = must[*procura.RecurringOrder](t)(a.GetRecurringOrder(ctx, c, app.Ref{ID: r.ID}))
		r = must[*procura.RecurringOrder](t)(a.UpdateRecurringOrder(ctx, c, app.Ref{ID: r.ID}, actions(r.Version,
			`{"action":"setExpiresAt","expiresAt":"`+procura.FormatTime(recurStart.Add(20*24*time.Hour))+`"}`)))
		w.run(recurStart.Add(3*week), 0)
		r = must[*procura.RecurringOrder](t)(a.GetRecurringOrder(ctx, c, app.Ref{ID: r.ID}))
		if r.RecurringOrderState != procura.RecurringExpired || r.NextOrderAt != "" {
			t.Fatalf("past expiresAt: %s next %q", r.RecurringOrderState, r.NextOrderAt)
		}
		_, err := a.UpdateRecurringOrder(ctx, c, app.Ref{ID: r.ID}, actions(r.Version, `{"action":"setRecurringOrderState","recurringOrderState":{"type":"active"}}`))
		wantCode(t, err, procura.CodeInvalidOperation)
	})
}

func TestRecurringOrderFixedPrice(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w, _ := recurringWorld(t, a, c)
		r := w.recurringOrder(procura.PriceFixed)
		p := must[*procura.Product](t)(a.GetProduct(ctx, c, app.Ref{Key: "widget"}))
		must[*procura.Product](t)(a.UpdateProduct(ctx, c, app.Ref{Key: "widget"}, actions(p.Version,
			`{"action":"setPrices","variantId":1,"prices":[{"value":{"currencyCode":"EUR","centAmount":2999}}],"staged":false}`)))
		w.run(recurStart, 1)
		orders := w.ordersOf(r.ID)
		if total := orders[0]["totalPrice"].(map[string]any)["centAmount"]; total != float64(1999) {
			t.Fatalf("a Fixed line keeps the price it had when the recurring order was made: total %v", total)
		}
	})
}

func TestRecurringOrderStates(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w, clock := recurringWorld(t, a, c)
		r := w.recurringOrder(procura.PriceDynamic)
		set := func(state string) {
			t.Helper()
			r = must[*procura.RecurringOrder](t)(a.UpdateRecurringOrder(ctx, c, app.Ref{ID: r.ID}, actions(r.Version,
				`{"action":"setRecurringOrderState","recurringOrderState":`+state+`}`)))
		}
		set(`{"type":"paused"}`)
		w.run(recurStart, 0)
		resume := recurStart.Add(10 * 24 * time.Hour)
		set(`{"type":"active","resumesAt":"` + procura.FormatTime(resume) + `"}`)
		if r.RecurringOrderState != procura.RecurringPaused || r.ResumesAt == "" {
			t.Fatalf("active from a later time stays paused until then: %s %q", r.RecurringOrderState, r.ResumesAt)
		}
		w.run(resume.Add(-time.Hour), 0)
		w.run(resume, 0) // resumed; the occurrences missed during the pause are not made up for
		r = must[*procura.RecurringOrder](t)(a.GetRecurringOrder(ctx, c, app.Ref{ID: r.ID}))
		if r.RecurringOrderState != procura.RecurringActive || r.NextOrderAt != procura.FormatTime(recurStart.Add(14*24*time.Hour)) {
			t.Fatalf("after resuming: %s next %s", r.RecurringOrderState, r.NextOrderAt)
		}
		w.run(recurStart.Add(14*24*time.Hour), 1)
		r = must[*procura.RecurringOrder](t)(a.GetRecurringOrder(ctx, c, app.Ref{ID: r.ID}))
		*clock = resume
		set(`{"type":"canceled","reason":"no longer needed"}`)
		w.run(resume.Add(30*24*time.Hour), 0)
		for _, bad := range []string{`{"type":"active"}`, `{"type":"paused"}`} {
			_, err := a.UpdateRecurringOrder(ctx, c, app.Ref{ID: r.ID}, actions(r.Version, `{"action":"setRecurringOrderState","recurringOrderState":`+bad+`}`))
			wantCode(t, err, procura.CodeInvalidOperation)
		}
		r = must[*procura.RecurringOrder](t)(a.UpdateRecurringOrder(ctx, c, app.Ref{ID: r.ID}, actions(r.Version, `{"action":"setKey","key":"old-one"}`)))
		if r.Key != "old-one" {
			t.Fatalf("a canceled recurring order keeps its key and custom fields changeable: %q", r.Key)
		}
	})
}

// TestRecurringOrderFailure: an order that cannot be placed (the unit is inactive) marks the
// recurring order Failed, without an order; active again, it places the next occurrence.
func TestRecurringOrderFailure(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w, clock := recurringWorld(t, a, c)
		r := w.recurringOrder(procura.PriceDynamic)
		status := func(s string) {
			must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "acme"}, actions(w.version("acme"), `{"action":"changeStatus","status":"`+s+`"}`)))
		}
		status("Inactive")
		w.run(recurStart, 0)
		r = must[*procura.RecurringOrder](t)(a.GetRecurringOrder(ctx, c, app.Ref{ID: r.ID}))
		if r.RecurringOrderState != procura.RecurringFailed || r.LastOrderAt != "" || len(w.ordersOf(r.ID)) != 0 {
			t.Fatalf("a failed occurrence: %s last %q", r.RecurringOrderState, r.LastOrderAt)
		}
		status("Active")
		*clock = recurStart.Add(time.Hour)
		r = must[*procura.RecurringOrder](t)(a.UpdateRecurringOrder(ctx, c, app.Ref{ID: r.ID}, actions(r.Version,
			`{"action":"setRecurringOrderState","recurringOrderState":{"type":"active"}}`)))
		week := recurStart.Add(7 * 24 * time.Hour)
		if r.NextOrderAt != procura.FormatTime(week) {
			t.Fatalf("active again, the next occurrence is %s, want %s", r.NextOrderAt, week)
		}
		w.run(week, 1)
	})
}

// TestRecurringOrderApproval: a recurring order's order is an order of its unit: the unit's
// approval rules apply to it.
func TestRecurringOrderApproval(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := approvalWorld(t, a, c)
		clock := recurStart
		a.Now = func() time.Time { return clock }
		must[*procura.RecurrencePolicy](t)(a.CreateRecurrencePolicy(ctx, c, procura.RecurrencePolicyDraft{Key: "weekly",
			Schedule: &procura.Schedule{Type: "standard", Value: 1, IntervalUnit: "Weeks"}}))
		w.rule("acme", "any-widget", `totalPrice.centAmount >= 1000`, seedApprovers, "buyer-r")
		r := w.recurringOrder(procura.PriceDynamic)
		w.run(recurStart, 1)
		orders := w.ordersOf(r.ID)
		if len(orders) != 1 || orders[0]["approvalStatus"] != procura.FlowPending {
			t.Fatalf("the recurring order's order: %v", orders)
		}
	})
}

// TestRecurringOrderRunnersPlaceEachOccurrenceOnce: two runners, as two nodes over one
// database, run at the same time; each occurrence is placed once.
func TestRecurringOrderRunnersPlaceEachOccurrenceOnce(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w, _ := recurringWorld(t, a, c)
		other := app.New(a.Store)
		other.Now = a.Now
		const n = 4
		ids := make([]string, n)
		for i := range ids {
			ids[i] = w.recurringOrder(procura.PriceDynamic).ID
		}
		for week := 0; week < 2; week++ {
			at := recurStart.Add(time.Duration(week) * 7 * 24 * time.Hour)
			var wg sync.WaitGroup
			placed := make([]int, 2)
			for i, node := range []*app.App{a, other} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					var err error
					if placed[i], err = node.RunRecurringOrders(ctx, at); err != nil {
						t.Error(err)
					}
				}()
			}
			wg.Wait()
			if placed[0]+placed[1] != n {
				t.Fatalf("week %d: the runners placed %v orders, want %d in all", week, placed, n)
			}
			for _, id := range ids {
				if got := len(w.ordersOf(id)); got != week+1 {
					t.Fatalf("week %d: recurring order %s has %d orders", week, id, got)
				}
			}
		}
	})
}

func TestRecurrencePolicies(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w, _ := recurringWorld(t, a, c)
		for _, s := range []string{`{"type":"standard","value":0,"intervalUnit":"Days"}`, `{"type":"standard","value":1,"intervalUnit":"Years"}`,
			`{"type":"dayOfMonth","day":32}`, `{"type":"dayOfMonth","day":3,"value":1}`, `{"type":"hourly"}`} {
			var d procura.RecurrencePolicyDraft
			if err := procura.DecodeJSON([]byte(`{"key":"bad","schedule":`+s+`}`), &d); err != nil {
				t.Fatal(err)
			}
			_, err := a.CreateRecurrencePolicy(ctx, c, d)
			if code := procura.ErrorCode(err); code != procura.CodeInvalidInput && code != procura.CodeInvalidField {
				t.Errorf("schedule %s: %v", s, err)
			}
		}
		monthly := must[*procura.RecurrencePolicy](t)(a.CreateRecurrencePolicy(ctx, c, procura.RecurrencePolicyDraft{Key: "monthly",
			Schedule: &procura.Schedule{Type: "dayOfMonth", Day: 31}}))
		monthly = must[*procura.RecurrencePolicy](t)(a.UpdateRecurrencePolicy(ctx, c, app.Ref{Key: "monthly"}, actions(monthly.Version,
			`{"action":"setName","name":{"en":"Monthly"}}`, `{"action":"setKey","key":"month-end"}`)))
		if monthly.Key != "month-end" || monthly.Name["en"] != "Monthly" {
			t.Fatalf("updated: %+v", monthly)
		}
		_, err := a.UpdateRecurrencePolicy(ctx, c, app.Ref{ID: monthly.ID}, actions(monthly.Version, `{"action":"setKey"}`))
		wantCode(t, err, procura.CodeRequiredField)

		// a line item names an existing policy
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, app.Acting{}, withCustomer(cartDraft("W-1"), w.customers["bob@acme.example"], "acme")))
		_, err = a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}, actions(cart.Version,
			`{"action":"setLineItemRecurrenceInfo","lineItemId":"`+cart.LineItems[0].ID+`","recurrenceInfo":{"recurrencePolicy":{"key":"none"},"priceSelectionMode":"Dynamic"}}`))
		wantCode(t, err, procura.CodeReferencedResourceNotFound)
		_, err = a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}, actions(cart.Version,
			`{"action":"setLineItemRecurrenceInfo","lineItemId":"`+cart.LineItems[0].ID+`","recurrenceInfo":{"recurrencePolicy":{"key":"month-end"},"priceSelectionMode":"Sometimes"}}`))
		wantCode(t, err, procura.CodeInvalidField)
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}, actions(cart.Version,
			`{"action":"setLineItemRecurrenceInfo","lineItemId":"`+cart.LineItems[0].ID+`","recurrenceInfo":{"recurrencePolicy":{"key":"month-end"},"priceSelectionMode":"Fixed"}}`)))
		if info := cart.LineItems[0].RecurrenceInfo; info == nil || info.RecurrencePolicy.ID != monthly.ID {
			t.Fatalf("recurrence info: %+v", info)
		}

		// a policy a cart recurs by stays
		monthly = must[*procura.RecurrencePolicy](t)(a.GetRecurrencePolicy(ctx, c, app.Ref{ID: monthly.ID}))
		_, err = a.DeleteRecurrencePolicy(ctx, c, app.Ref{ID: monthly.ID}, monthly.Version)
		wantCode(t, err, procura.CodeReferenceExists)
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}, actions(cart.Version,
			`{"action":"setLineItemRecurrenceInfo","lineItemId":"`+cart.LineItems[0].ID+`"}`)))
		must[*procura.RecurrencePolicy](t)(a.DeleteRecurrencePolicy(ctx, c, app.Ref{ID: monthly.ID}, monthly.Version))

		// a recurring order needs an Active cart with recurring items, at the version seen
		for _, tt := range []struct {
			d    procura.RecurringOrderDraft
			code string
		}{
			{procura.RecurringOrderDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}, CartVersion: &cart.Version}, procura.CodeInvalidOperation},
			{procura.RecurringOrderDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}}, procura.CodeRequiredField},
			{procura.RecurringOrderDraft{Cart: &procura.ResourceIdentifier{ID: "nope"}, CartVersion: &cart.Version}, procura.CodeReferencedResourceNotFound},
		} {
			_, err := a.CreateRecurringOrder(ctx, c, tt.d)
			wantCode(t, err, tt.code)
		}
		rc := w.recurringCart(procura.PriceDynamic)
		stale := rc.Version - 1
		_, err = a.CreateRecurringOrder(ctx, c, procura.RecurringOrderDraft{Cart: &procura.ResourceIdentifier{ID: rc.ID}, CartVersion: &stale})
		wantCode(t, err, procura.CodeConcurrentModification)
		_, err = a.CreateRecurringOrder(ctx, c, procura.RecurringOrderDraft{Cart: &procura.ResourceIdentifier{ID: rc.ID}, CartVersion: &rc.Version,
			StartsAt: "2026-04-01T00:00:00Z", ExpiresAt: "2026-03-01T00:00:00Z"})
		wantCode(t, err, procura.CodeInvalidInput)
	})
}

// TestOrderOfRecurringItemsStartsARecurringOrder: an associate who orders a cart whose items
// recur starts a recurring order, its origin that order, its next order one period later.
func TestOrderOfRecurringItemsStartsARecurringOrder(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w, _ := recurringWorld(t, a, c)
		alice := w.customers["alice@acme.example"]
		d := cartDraft("W-1", "G-1")
		d.LineItems[1].RecurrenceInfo = &procura.RecurrenceInfoDraft{RecurrencePolicy: &procura.ResourceIdentifier{Key: "weekly"}, PriceSelectionMode: procura.PriceDynamic}
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, inUnit(alice, "acme"), d))
		o := must[*procura.Order](t)(a.CreateOrder(ctx, c, inUnit(alice, "acme"), procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}, Version: &cart.Version}))
		if o.RecurringOrder == nil {
			t.Fatal("the order names no recurring order")
		}
		r := must[*procura.RecurringOrder](t)(a.GetRecurringOrder(ctx, c, app.Ref{ID: o.RecurringOrder.ID}))
		if r.OriginOrder == nil || r.OriginOrder.ID != o.ID || r.LastOrderAt != procura.FormatTime(recurStart) ||
			r.NextOrderAt != procura.FormatTime(recurStart.Add(7*24*time.Hour)) || r.Customer.ID != alice {
			t.Fatalf("recurring order: %+v", r)
		}
		w.run(recurStart.Add(time.Hour), 0)

		// the recurring order's cart: alice views it, and changes, orders or deletes it only
		// through the recurring order; the seller may change it
		tmpl := must[*procura.Cart](t)(a.GetCart(ctx, c, inUnit(alice, "acme"), app.Ref{ID: r.Cart.ID}))
		_, err := a.UpdateCart(ctx, c, inUnit(alice, "acme"), app.Ref{ID: tmpl.ID}, actions(tmpl.Version, `{"action":"addLineItem","sku":"W-1"}`))
		wantCode(t, err, procura.CodeInvalidOperation)
		_, err = a.DeleteCart(ctx, c, inUnit(alice, "acme"), app.Ref{ID: tmpl.ID}, tmpl.Version)
		wantCode(t, err, procura.CodeInvalidOperation)
		_, err = a.CreateOrder(ctx, c, inUnit(alice, "acme"), procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: tmpl.ID}, Version: &tmpl.Version})
		wantCode(t, err, procura.CodeInvalidOperation)
		must[*procura.Cart](t)(a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: tmpl.ID}, actions(tmpl.Version,
			`{"action":"changeLineItemQuantity","lineItemId":"`+tmpl.LineItems[0].ID+`","quantity":3}`)))

		w.run(recurStart.Add(7*24*time.Hour), 1)
		orders := w.ordersOf(r.ID)
		if items := orders[len(orders)-1]["lineItems"].([]any); len(orders) != 2 || len(items) != 1 || items[0].(map[string]any)["quantity"] != float64(3) {
			t.Fatalf("the origin order and one more, of the recurring item only, as the seller changed it: %d orders", len(orders))
		}
	})
}

// TestRecurringOrderOfABuyerWhoMayNoLongerOrder: the runner orders as the cart's customer would:
// once their role no longer lets them order their carts in the unit, the recurring order fails.
func TestRecurringOrderOfABuyerWhoMayNoLongerOrder(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w, _ := recurringWorld(t, a, c)
		r := w.recurringOrder(procura.PriceDynamic)
		w.run(recurStart, 1)
		w.grant("acme", "bob@acme.example", "buyer")
		w.run(recurStart.Add(7*24*time.Hour), 0)
		r = must[*procura.RecurringOrder](t)(a.GetRecurringOrder(ctx, c, app.Ref{ID: r.ID}))
		if r.RecurringOrderState != procura.RecurringFailed || len(w.ordersOf(r.ID)) != 1 {
			t.Fatalf("without CreateMyOrdersFromMyCarts: %s, %d orders", r.RecurringOrderState, len(w.ordersOf(r.ID)))
		}
	})
}

// TestRecurringCustomLineItem: the seller's custom line items recur too, when the seller says so.
func TestRecurringCustomLineItem(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w, _ := recurringWorld(t, a, c)
		alice := w.customers["alice@acme.example"]
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, app.Acting{}, withCustomer(cartDraft("W-1"), alice, "acme")))
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}, actions(cart.Version,
			`{"action":"setLineItemRecurrenceInfo","lineItemId":"`+cart.LineItems[0].ID+`","recurrenceInfo":{"recurrencePolicy":{"key":"weekly"},"priceSelectionMode":"Dynamic"}}`,
			`{"action":"addCustomLineItem","key":"service","name":{"en":"Service"},"slug":"service","money":{"currencyCode":"EUR","centAmount":500}}`,
			`{"action":"addCustomLineItem","key":"setup","name":{"en":"Setup"},"slug":"setup","money":{"currencyCode":"EUR","centAmount":900}}`)))
		set := func(who app.Acting, info string) error {
			_, err := a.UpdateCart(ctx, c, who, app.Ref{ID: cart.ID}, actions(cart.Version,
				`{"action":"setCustomLineItemRecurrenceInfo","customLineItemKey":"service","recurrenceInfo":`+info+`}`))
			return err
		}
		if err := set(asMe(alice), `{"recurrencePolicy":{"key":"weekly"}}`); err == nil {
			t.Fatal("a customer set the recurrence of the seller's custom line item")
		}
		wantCode(t, set(app.Acting{}, `{"recurrencePolicy":{"key":"weekly"},"priceSelectionMode":"Fixed"}`), procura.CodeInvalidInput)
		if err := set(app.Acting{}, `{"recurrencePolicy":{"key":"weekly"}}`); err != nil {
			t.Fatal(err)
		}
		cart = must[*procura.Cart](t)(a.GetCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}))
		r := must[*procura.RecurringOrder](t)(a.CreateRecurringOrder(ctx, c, procura.RecurringOrderDraft{
			Cart: &procura.ResourceIdentifier{ID: cart.ID}, CartVersion: &cart.Version}))
		tmpl := must[*procura.Cart](t)(a.GetCart(ctx, c, app.Acting{}, app.Ref{ID: r.Cart.ID}))
		if len(tmpl.CustomLineItems) != 1 || tmpl.CustomLineItems[0].Key != "service" || tmpl.CustomLineItems[0].RecurrenceInfo == nil {
			t.Fatalf("the recurring order's custom line items: %+v", tmpl.CustomLineItems)
		}
		w.run(recurStart, 1)
		o := w.ordersOf(r.ID)[0]
		if cl := o["customLineItems"].([]any); len(cl) != 1 || o["totalPrice"].(map[string]any)["centAmount"] != float64(1999+500) {
			t.Fatalf("the order: %d custom line items, total %v", len(cl), o["totalPrice"])
		}
	})
}

// TestRecurringOrderCustomFields: a recurring order's custom fields are checked against a type
// for recurring orders, from its draft and from its actions.
func TestRecurringOrderCustomFields(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w, _ := recurringWorld(t, a, c)
		w.customType("delivery", "recurring-order", "note:String")
		w.customType("order-only", "order", "note:String")
		cart := w.recurringCart(procura.PriceDynamic)
		draft := func(typ string) procura.RecurringOrderDraft {
			return procura.RecurringOrderDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}, CartVersion: &cart.Version, Key: "with-note",
				Custom: &procura.CustomFieldsDraft{Type: &procura.ResourceIdentifier{Key: typ}, Fields: map[string]any{"note": "back door"}}}
		}
		_, err := a.CreateRecurringOrder(ctx, c, draft("order-only"))
		wantCode(t, err, procura.CodeInvalidInput)
		r := must[*procura.RecurringOrder](t)(a.CreateRecurringOrder(ctx, c, draft("delivery")))
		if r.Custom == nil || r.Custom.Fields["note"] != "back door" {
			t.Fatalf("custom fields: %+v", r.Custom)
		}
		_, err = a.UpdateRecurringOrder(ctx, c, app.Ref{Key: "with-note"}, actions(r.Version, `{"action":"setCustomField","name":"note","value":7}`))
		wantCode(t, err, procura.CodeInvalidField)
		r = must[*procura.RecurringOrder](t)(a.UpdateRecurringOrder(ctx, c, app.Ref{Key: "with-note"}, actions(r.Version,
			`{"action":"setCustomField","name":"note","value":"front door"}`)))
		if r.Custom.Fields["note"] != "front door" {
			t.Fatalf("custom fields after setCustomField: %+v", r.Custom)
		}
	})
}
