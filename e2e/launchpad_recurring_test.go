package e2e

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/labd/commercetools-go-sdk/platform"
)

var recurringBuyerPerms = []platform.Permission{
	platform.PermissionCreateMyCarts, platform.PermissionUpdateMyCarts, platform.PermissionViewMyCarts,
	platform.PermissionCreateMyOrdersFromMyCarts, platform.PermissionViewMyOrders,
}

// TestLaunchpadRecurringCalls replays the recurring-order calls of commercetools' B2B storefront
// (C5, C7 and D1 with recurrence info, then M1-M3 of its call inventory) through the official
// SDK: an associate orders a cart whose items recur, which starts a recurring order; the
// backend reads the policies and the recurring orders with the storefront's parameters, pauses,
// resumes, skips and reschedules. Then a recurring order made through the API, placed by the
// server's own runner; the scopes that allow and refuse; and the buyer routes the reference
// does not have.
func TestLaunchpadRecurringCalls(t *testing.T) {
	ref := reference(t)
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		sh := newShop(t, s)
		sh.customer(t, "alice")
		sh.unit(t, "acme", "", "")
		sh.grant(t, "acme", "alice", recurringBuyerPerms...)
		alice := sh.asAssociate("alice", "acme")
		weekly, err := sh.c.RecurrencePolicies().Post(platform.RecurrencePolicyDraft{Key: "weekly", Name: &platform.LocalizedString{"en": "Every week"},
			Schedule: platform.StandardScheduleDraft{Value: 1, IntervalUnit: platform.IntervalUnitWeeks}}).Execute(ctx)
		if err != nil {
			t.Fatalf("create a policy: %v", err)
		}
		if _, err := sh.c.RecurrencePolicies().Post(platform.RecurrencePolicyDraft{Key: "monthly",
			Schedule: platform.DayOfMonthScheduleDraft{Day: 1}}).Execute(ctx); err != nil {
			t.Fatalf("create a monthly policy: %v", err)
		}
		weeklyRI := platform.RecurrencePolicyResourceIdentifier{Key: ptr("weekly")}

		// C5, C7: the widget recurs from addLineItem, the gadget from setLineItemRecurrenceInfo.
		cart, err := alice.Carts().Post(platform.CartDraft{Currency: "EUR"}).Execute(ctx)
		if err != nil {
			t.Fatalf("create a cart: %v", err)
		}
		cart, err = alice.Carts().WithId(cart.ID).Post(platform.CartUpdate{Version: cart.Version, Actions: []platform.CartUpdateAction{
			platform.CartAddLineItemAction{Sku: ptr(widgetSKU), Quantity: ptr(2),
				RecurrenceInfo: &platform.LineItemRecurrenceInfoDraft{RecurrencePolicy: weeklyRI, PriceSelectionMode: platform.PriceSelectionModeDynamic}},
			platform.CartAddLineItemAction{Sku: ptr(gadgetSKU), Quantity: ptr(1)},
		}}).Execute(ctx)
		if err != nil {
			t.Fatalf("C5 addLineItem with recurrenceInfo: %v", err)
		}
		cart, err = alice.Carts().WithId(cart.ID).Post(platform.CartUpdate{Version: cart.Version, Actions: []platform.CartUpdateAction{
			platform.CartSetLineItemRecurrenceInfoAction{LineItemId: ptr(cart.LineItems[1].ID),
				RecurrenceInfo: &platform.LineItemRecurrenceInfoDraft{RecurrencePolicy: weeklyRI, PriceSelectionMode: platform.PriceSelectionModeFixed}},
		}}).Execute(ctx)
		if err != nil {
			t.Fatalf("C7 setLineItemRecurrenceInfo: %v", err)
		}
		for _, li := range cart.LineItems {
			if li.RecurrenceInfo == nil || li.RecurrenceInfo.RecurrencePolicy.ID != weekly.ID {
				t.Fatalf("C5/C7 line item %s: recurrence %+v", deref(li.Variant.Sku), li.RecurrenceInfo)
			}
		}
		_, err = alice.Carts().WithId(cart.ID).Post(platform.CartUpdate{Version: cart.Version, Actions: []platform.CartUpdateAction{
			platform.CartSetLineItemRecurrenceInfoAction{LineItemId: ptr(cart.LineItems[0].ID),
				RecurrenceInfo: &platform.LineItemRecurrenceInfoDraft{RecurrencePolicy: platform.RecurrencePolicyResourceIdentifier{Key: ptr("yearly")}, PriceSelectionMode: platform.PriceSelectionModeFixed}},
		}}).Execute(ctx)
		if e := sdkError(t, err, http.StatusBadRequest).Errors[0]; !isCode(e, "ReferencedResourceNotFound") {
			t.Fatalf("C7 with a policy that does not exist: %+v", e)
		}

		// D1: the order starts a recurring order.
		order, err := alice.Orders().Post(platform.OrderFromCartDraft{Cart: &platform.CartResourceIdentifier{ID: ptr(cart.ID)}, Version: cart.Version}).Execute(ctx)
		if err != nil {
			t.Fatalf("D1 order: %v", err)
		}
		if order.RecurringOrder == nil {
			t.Fatal("D1: the order of recurring items names no recurring order")
		}
		recurringID := order.RecurringOrder.ID

		// M1: the policies of the cart's line items.
		q := query("where", `id in ("`+weekly.ID+`")`, "where", `key in ("weekly", "monthly")`, "limit", "20", "offset", "0")
		r := s.do(t, http.MethodGet, sh.path("/recurrence-policies"+q), sh.admin, nil)
		wantStatus(t, "M1 query", r, http.StatusOK)
		expectShape(t, ref, "RecurrencePolicyPagedQueryResponse", "M1 page", r.body)
		policies, err := sh.c.RecurrencePolicies().Get().Where([]string{`key in ("weekly", "monthly")`}).Limit(20).Offset(0).Execute(ctx)
		if err != nil || len(policies.Results) != 2 {
			t.Fatalf("M1 policies: %v %+v", err, policies)
		}

		// M2: the recurring orders of the customer, as the storefront asks for them.
		ro, err := sh.c.RecurringOrders().WithId(recurringID).Get().Execute(ctx)
		if err != nil {
			t.Fatalf("M2 get: %v", err)
		}
		if ro.OriginOrder.ID != order.ID || ro.RecurringOrderState != platform.RecurringOrderStateActive || ro.NextOrderAt == nil ||
			ro.Customer == nil || ro.Customer.ID != sh.ids["alice"] || ro.BusinessUnit == nil || ro.BusinessUnit.Key != "acme" {
			t.Fatalf("M2 recurring order: %+v", ro)
		}
		r = s.do(t, http.MethodGet, sh.path("/recurring-orders/"+recurringID), sh.admin, nil)
		wantStatus(t, "M2 get", r, http.StatusOK)
		expectShape(t, ref, "RecurringOrder", "M2 recurring order", r.body)
		q = query("where", `customer(id="`+sh.ids["alice"]+`")`, "where", `id in ("`+recurringID+`")`,
			"where", `recurringOrderState in ("Active", "Paused")`, "where", `businessUnit(key="acme")`,
			"where", `startsAt = "`+ro.StartsAt.UTC().Format("2006-01-02T15:04:05.000Z")+`"`, "where", `createdAt > "2020-01-01T00:00:00.000Z"`,
			"sort", "createdAt desc", "limit", "10", "offset", "0",
			"expand", "customer", "expand", "cart", "expand", "cart.lineItems[*].recurrenceInfo.recurrencePolicy")
		r = s.do(t, http.MethodGet, sh.path("/recurring-orders"+q), sh.admin, nil)
		wantStatus(t, "M2 query", r, http.StatusOK)
		expectShape(t, ref, "RecurringOrderPagedQueryResponse", "M2 page", r.body)
		page, err := sh.c.RecurringOrders().Get().Where([]string{`customer(id="` + sh.ids["alice"] + `")`, `recurringOrderState in ("Active")`}).
			Sort([]string{"createdAt desc"}).Execute(ctx)
		if err != nil || len(page.Results) != 1 || page.Results[0].ID != recurringID {
			t.Fatalf("M2 page: %v %+v", err, page)
		}

		// M3: pause, resume, skip the next order, reschedule; cancel.
		for _, step := range []struct {
			what   string
			action platform.RecurringOrderUpdateAction
			check  func(*platform.RecurringOrder) bool
		}{
			{"pause", platform.RecurringOrderSetStateAction{RecurringOrderState: platform.RecurringOrderPaused{}},
				func(ro *platform.RecurringOrder) bool {
					return ro.RecurringOrderState == platform.RecurringOrderStatePaused
				}},
			{"resume", platform.RecurringOrderSetStateAction{RecurringOrderState: platform.RecurringOrderActive{}},
				func(ro *platform.RecurringOrder) bool {
					return ro.RecurringOrderState == platform.RecurringOrderStateActive
				}},
			{"skip", platform.RecurringOrderSetOrderSkipConfigurationAction{SkipConfigurationInputDraft: platform.CounterDraft{TotalToSkip: 1}},
				func(ro *platform.RecurringOrder) bool {
					c, ok := ro.SkipConfiguration.(platform.Counter)
					return ok && c.TotalToSkip == 1 && c.Skipped == 0
				}},
			{"reschedule", platform.RecurringOrderSetScheduleAction{RecurrencePolicy: platform.RecurrencePolicyResourceIdentifier{Key: ptr("monthly")}},
				func(ro *platform.RecurringOrder) bool {
					s, ok := ro.Schedule.(platform.DayOfMonthSchedule)
					return ok && s.Day == 1 && ro.NextOrderAt != nil && ro.NextOrderAt.Day() == 1
				}},
			{"cancel", platform.RecurringOrderSetStateAction{RecurringOrderState: platform.RecurringOrderCanceled{Reason: ptr("no longer needed")}},
				func(ro *platform.RecurringOrder) bool {
					return ro.RecurringOrderState == platform.RecurringOrderStateCanceled && ro.NextOrderAt == nil
				}},
		} {
			if ro, err = sh.c.RecurringOrders().WithId(recurringID).Post(platform.RecurringOrderUpdate{Version: ro.Version,
				Actions: []platform.RecurringOrderUpdateAction{step.action}}).Execute(ctx); err != nil {
				t.Fatalf("M3 %s: %v", step.what, err)
			}
			if !step.check(ro) {
				t.Fatalf("M3 %s: %+v", step.what, ro)
			}
		}
		_, err = sh.c.RecurringOrders().WithId(recurringID).Post(platform.RecurringOrderUpdate{Version: ro.Version,
			Actions: []platform.RecurringOrderUpdateAction{platform.RecurringOrderSetStateAction{RecurringOrderState: platform.RecurringOrderActive{}}}}).Execute(ctx)
		if e := sdkError(t, err, http.StatusBadRequest).Errors[0]; !isCode(e, "InvalidOperation") {
			t.Fatalf("M3 resume a canceled recurring order: %+v", e)
		}

		// The runner of the server (every second here) places a recurring order made through
		// the API once its first order is due.
		src := sh.sellerCart(t, "alice", "acme", item{widgetSKU, 1})
		src, err = sh.c.Carts().WithId(src.ID).Post(platform.CartUpdate{Version: src.Version, Actions: []platform.CartUpdateAction{
			platform.CartSetLineItemRecurrenceInfoAction{LineItemId: ptr(src.LineItems[0].ID),
				RecurrenceInfo: &platform.LineItemRecurrenceInfoDraft{RecurrencePolicy: weeklyRI, PriceSelectionMode: platform.PriceSelectionModeDynamic}},
		}}).Execute(ctx)
		if err != nil {
			t.Fatalf("the seller's cart recurs: %v", err)
		}
		made, err := sh.c.RecurringOrders().Post(platform.RecurringOrderDraft{Key: ptr("office-weekly"),
			Cart: platform.CartResourceIdentifier{ID: ptr(src.ID)}, CartVersion: src.Version}).Execute(ctx)
		if err != nil {
			t.Fatalf("create a recurring order: %v", err)
		}
		deadline := time.Now().Add(15 * time.Second)
		for {
			placed := sh.s.getJSON(t, sh.path("/orders"+query("where", `recurringOrder(id="`+made.ID+`")`)), sh.admin)
			if n := placed["total"].(float64); n == 1 {
				break
			} else if n > 1 || time.Now().After(deadline) {
				t.Fatalf("the runner placed %v orders of the recurring order", n)
			}
			time.Sleep(200 * time.Millisecond)
		}
		if made, err = sh.c.RecurringOrders().WithKey("office-weekly").Get().Execute(ctx); err != nil || made.LastOrderAt == nil {
			t.Fatalf("after the runner: %v %+v", err, made)
		}

		// Scopes: view_recurring_orders reads and does not write; manage_orders does neither.
		viewer := s.scopedSDK(t, "view_recurring_orders:"+s.project)
		if _, err := viewer.RecurringOrders().WithId(recurringID).Get().Execute(ctx); err != nil {
			t.Fatalf("view_recurring_orders reads: %v", err)
		}
		if _, err := viewer.RecurrencePolicies().WithKey("weekly").Get().Execute(ctx); err != nil {
			t.Fatalf("view_recurring_orders reads a policy: %v", err)
		}
		_, err = viewer.RecurrencePolicies().Post(platform.RecurrencePolicyDraft{Key: "daily",
			Schedule: platform.StandardScheduleDraft{Value: 1, IntervalUnit: platform.IntervalUnitDays}}).Execute(ctx)
		sdkError(t, err, http.StatusForbidden)
		_, err = viewer.RecurringOrders().WithKey("office-weekly").Post(platform.RecurringOrderUpdate{Version: made.Version,
			Actions: []platform.RecurringOrderUpdateAction{platform.RecurringOrderSetKeyAction{Key: ptr("other")}}}).Execute(ctx)
		sdkError(t, err, http.StatusForbidden)
		orders := s.scopedSDK(t, "manage_orders:"+s.project)
		_, err = orders.RecurringOrders().Get().Execute(ctx)
		sdkError(t, err, http.StatusForbidden)
		manager := s.scopedSDK(t, "manage_recurring_orders:"+s.project)
		if _, err := manager.RecurrencePolicies().Post(platform.RecurrencePolicyDraft{Key: "daily",
			Schedule: platform.StandardScheduleDraft{Value: 1, IntervalUnit: platform.IntervalUnitDays}}).Execute(ctx); err != nil {
			t.Fatalf("manage_recurring_orders creates a policy: %v", err)
		}

		// The reference has no buyer routes for recurring orders: neither as an associate nor
		// through /me.
		for _, path := range []string{sh.inUnit("alice", "acme") + "/recurring-orders", sh.path("/me/recurring-orders")} {
			if r := s.do(t, http.MethodGet, path, sh.admin, nil); r.status != http.StatusNotFound {
				t.Fatalf("GET %s: %d, want 404", path, r.status)
			}
		}

		// A policy in use stays; a recurring order is deleted with its cart.
		_, err = sh.c.RecurrencePolicies().WithKey("weekly").Delete().Version(weekly.Version).Execute(ctx)
		if e := sdkError(t, err, http.StatusBadRequest).Errors[0]; !isCode(e, "ReferenceExists") {
			t.Fatalf("delete a policy in use: %+v", e)
		}
		if _, err := sh.c.RecurringOrders().WithKey("office-weekly").Delete().Version(made.Version).Execute(ctx); err != nil {
			t.Fatalf("delete a recurring order: %v", err)
		}
		if r := s.do(t, http.MethodGet, sh.path("/carts/"+made.Cart.ID), sh.admin, nil); r.status != http.StatusNotFound {
			t.Fatalf("the deleted recurring order's cart: %d", r.status)
		}
	}, "--recurring-interval", "1s")
}
