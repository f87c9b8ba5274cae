package e2e

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// TestOrderAfterPlacement drives an order after placement through the official SDK: the
// seller's workflow states and their transitions, a payment with a charge transaction recorded
// and attached to the order, and a delivery, which an order placed without a shipping method
// cannot have. Every answer has the reference's shape.
func TestOrderAfterPlacement(t *testing.T) {
	ref := reference(t)
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		sh := newShop(t, s)
		sh.customer(t, "alice")
		sh.unit(t, "acme", "", "")
		sh.grant(t, "acme", "alice", purchaserPerms...)
		order := sh.sellerOrder(t, "alice", "acme")

		// The seller's workflow: packed leads to shipped only; shipped is no first state.
		shipped, err := sh.c.States().Post(platform.StateDraft{Key: "shipped", Type: platform.StateTypeEnumOrderState,
			Initial: ptr(false), Name: &platform.LocalizedString{"en": "Shipped"}}).Execute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		packed, err := sh.c.States().Post(platform.StateDraft{Key: "packed", Type: platform.StateTypeEnumOrderState,
			Transitions: []platform.StateResourceIdentifier{{Key: ptr("shipped")}}}).Execute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !packed.Initial || len(packed.Transitions) != 1 || packed.Transitions[0].ID != shipped.ID {
			t.Fatalf("packed: initial %v transitions %+v", packed.Initial, packed.Transitions)
		}
		transition := func(key string) (*platform.Order, error) {
			return sh.c.Orders().WithId(order.ID).Post(platform.OrderUpdate{Version: order.Version, Actions: []platform.OrderUpdateAction{
				platform.OrderTransitionStateAction{State: platform.StateResourceIdentifier{Key: ptr(key)}}}}).Execute(ctx)
		}
		_, err = transition("shipped")
		if er := sdkError(t, err, http.StatusBadRequest); er.Errors[0].(platform.InvalidOperationError).Message == "" {
			t.Fatalf("a first state that is not initial: %+v", er)
		}
		for _, key := range []string{"packed", "shipped"} {
			if order, err = transition(key); err != nil {
				t.Fatalf("transition to %s: %v", key, err)
			}
		}
		if order.State == nil || order.State.ID != shipped.ID {
			t.Fatalf("order state %+v, want shipped", order.State)
		}

		// A payment an integration reports: invoiced and charged.
		payment, err := sh.c.Payments().Post(platform.PaymentDraft{Key: ptr("invoice-1"),
			Customer:          &platform.CustomerResourceIdentifier{ID: ptr(sh.ids["alice"])},
			AmountPlanned:     platform.Money{CurrencyCode: "EUR", CentAmount: widgetCents},
			PaymentMethodInfo: &platform.PaymentMethodInfoDraft{PaymentInterface: ptr("invoice"), Method: ptr("purchase-order")},
			Transactions: []platform.TransactionDraft{{Type: platform.TransactionTypeCharge,
				Amount: platform.Money{CurrencyCode: "EUR", CentAmount: widgetCents}}}}).Execute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		payment, err = sh.c.Payments().WithKey("invoice-1").Post(platform.PaymentUpdate{Version: payment.Version, Actions: []platform.PaymentUpdateAction{
			platform.PaymentChangeTransactionStateAction{TransactionId: payment.Transactions[0].ID, State: platform.TransactionStateSuccess},
			platform.PaymentSetStatusInterfaceCodeAction{InterfaceCode: ptr("charged")}}}).Execute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if payment.Transactions[0].State != platform.TransactionStateSuccess || deref(payment.PaymentStatus.InterfaceCode) != "charged" {
			t.Fatalf("payment %+v", payment)
		}
		order, err = sh.c.Orders().WithId(order.ID).Post(platform.OrderUpdate{Version: order.Version, Actions: []platform.OrderUpdateAction{
			platform.OrderAddPaymentAction{Payment: platform.PaymentResourceIdentifier{ID: ptr(payment.ID)}},
			platform.OrderChangePaymentStateAction{PaymentState: platform.PaymentStatePaid}}}).Execute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if order.PaymentInfo == nil || len(order.PaymentInfo.Payments) != 1 || order.PaymentInfo.Payments[0].ID != payment.ID {
			t.Fatalf("payment info %+v", order.PaymentInfo)
		}

		// A delivery belongs to the order's shipping info, which an order without a shipping
		// method lacks: refused, and nothing written.
		_, err = sh.c.Orders().WithId(order.ID).Post(platform.OrderUpdate{Version: order.Version, Actions: []platform.OrderUpdateAction{
			platform.OrderAddDeliveryAction{Items: []platform.DeliveryItem{{ID: order.LineItems[0].ID, Quantity: 1}},
				Parcels: []platform.ParcelDraft{{TrackingData: &platform.TrackingData{TrackingId: ptr("T-1")}}}}}}).Execute(ctx)
		er := sdkError(t, err, http.StatusBadRequest)
		if e, ok := er.Errors[0].(platform.InvalidOperationError); !ok || !strings.Contains(e.Message, "shipping info") {
			t.Fatalf("a delivery without shipping info: %+v", er.Errors[0])
		}

		for _, c := range []struct{ typ, path string }{
			{"State", "/states/key=packed"},
			{"StatePagedQueryResponse", "/states"},
			{"Payment", "/payments/key=invoice-1"},
			{"PaymentPagedQueryResponse", "/payments"},
			{"Order", "/orders/" + order.ID},
		} {
			r := s.do(t, http.MethodGet, sh.path(c.path), sh.admin, nil)
			if r.status != http.StatusOK {
				t.Fatalf("GET %s: %d %s", c.path, r.status, clip(r.body))
			}
			expectShape(t, ref, c.typ, "GET "+c.path, r.body)
		}
		got := sh.sellerGet(t, "orders/"+order.ID)
		if got["version"].(float64) != float64(order.Version) || got["shippingInfo"] != nil {
			t.Fatalf("the refused delivery wrote: version %v, shippingInfo %v", got["version"], got["shippingInfo"])
		}
	})
}
