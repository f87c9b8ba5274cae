package app_test

import (
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

func cents(n int64) *procura.MoneyDraft {
	return &procura.MoneyDraft{CurrencyCode: "EUR", CentAmount: &n}
}

// A payment records what an integration reports; its amounts are in its currency, its
// transactions of the reference's types and states.
func TestPaymentRecordsTransactions(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		bob := &procura.ResourceIdentifier{ID: w.customers["bob@acme.example"]}
		charge := procura.TransactionDraft{Type: "Charge", Amount: cents(1999), State: "Pending"}
		_, err := a.CreatePayment(ctx, c, procura.PaymentDraft{Customer: bob})
		wantCode(t, err, procura.CodeRequiredField)
		_, err = a.CreatePayment(ctx, c, procura.PaymentDraft{AmountPlanned: cents(1999),
			Transactions: []procura.TransactionDraft{{Type: "Charge", Amount: &procura.MoneyDraft{CurrencyCode: "USD", CentAmount: qty(1)}}}})
		wantCode(t, err, procura.CodeInvalidInput)
		_, err = a.CreatePayment(ctx, c, procura.PaymentDraft{AmountPlanned: cents(1999), Transactions: []procura.TransactionDraft{{Type: "Gift", Amount: cents(1)}}})
		wantCode(t, err, procura.CodeInvalidField)
		_, err = a.CreatePayment(ctx, c, procura.PaymentDraft{AmountPlanned: cents(1999), Customer: &procura.ResourceIdentifier{ID: "nobody"}})
		wantCode(t, err, procura.CodeReferencedResourceNotFound)

		p := must[*procura.Payment](t)(a.CreatePayment(ctx, c, procura.PaymentDraft{Key: "inv-1", AmountPlanned: cents(1999), Customer: bob,
			PaymentMethodInfo: &procura.PaymentMethodInfoDraft{PaymentInterface: "invoice", Method: "purchase-order"},
			Transactions:      []procura.TransactionDraft{charge}}))
		if len(p.Transactions) != 1 || p.Transactions[0].ID == "" || p.Transactions[0].State != "Pending" || p.Customer.ID != bob.ID {
			t.Fatalf("payment %+v", p)
		}
		tx := p.Transactions[0].ID
		p = must[*procura.Payment](t)(a.UpdatePayment(ctx, c, app.Ref{Key: "inv-1"}, actions(p.Version,
			`{"action":"changeTransactionState","transactionId":"`+tx+`","state":"Success"}`,
			`{"action":"changeTransactionTimestamp","transactionId":"`+tx+`","timestamp":"2026-12-06T03:00:00.000Z"}`,
			`{"action":"changeTransactionInteractionId","transactionId":"`+tx+`","interactionId":"psp-42"}`,
			`{"action":"setStatusInterfaceCode","interfaceCode":"paid"}`,
			`{"action":"setMethodInfoName","name":{"en":"Invoice"}}`,
			`{"action":"addTransaction","transaction":{"type":"Refund","amount":{"currencyCode":"EUR","centAmount":500}}}`)))
		if got := p.Transactions[0]; got.State != "Success" || got.InteractionID != "psp-42" || got.Timestamp == "" || len(p.Transactions) != 2 ||
			p.Transactions[1].State != "Initial" || p.PaymentStatus.InterfaceCode != "paid" || p.PaymentMethodInfo.Name["en"] != "Invoice" {
			t.Fatalf("payment %+v", p)
		}
		// All or nothing: an unknown transaction fails the whole update.
		_, err = a.UpdatePayment(ctx, c, app.Ref{Key: "inv-1"}, actions(p.Version, `{"action":"setExternalId","externalId":"x"}`,
			`{"action":"changeTransactionState","transactionId":"nope","state":"Success"}`))
		wantCode(t, err, procura.CodeInvalidInput)
		_, err = a.UpdatePayment(ctx, c, app.Ref{Key: "inv-1"}, actions(p.Version, `{"action":"changeTransactionState","transactionId":"`+tx+`","state":"Done"}`))
		wantCode(t, err, procura.CodeInvalidField)
		_, err = a.UpdatePayment(ctx, c, app.Ref{Key: "inv-1"}, actions(p.Version-1, `{"action":"setExternalId","externalId":"x"}`))
		wantCode(t, err, procura.CodeConcurrentModification)
		if got := must[*procura.Payment](t)(a.GetPayment(ctx, c, app.Ref{Key: "inv-1"})); got.Version != p.Version || got.ExternalID != "" {
			t.Fatalf("a failed update wrote: %+v", got)
		}
		// The payment's workflow state is a PaymentState.
		w.state(procura.StateDraft{Key: "settled", Type: procura.StatePayment})
		w.state(procura.StateDraft{Key: "packed", Type: procura.StateOrder})
		_, err = a.UpdatePayment(ctx, c, app.Ref{Key: "inv-1"}, actions(p.Version, `{"action":"transitionState","state":{"key":"packed"}}`))
		wantCode(t, err, procura.CodeInvalidInput)
		p = must[*procura.Payment](t)(a.UpdatePayment(ctx, c, app.Ref{Key: "inv-1"}, actions(p.Version, `{"action":"transitionState","state":{"key":"settled"}}`)))
		settled := must[*procura.State](t)(a.GetState(ctx, c, app.Ref{Key: "settled"}))
		_, err = a.DeleteState(ctx, c, app.Ref{Key: "settled"}, settled.Version)
		wantCode(t, err, procura.CodeReferenceExists)
	})
}

// A customer's own payments: created for them through /me, invisible to others, changed only
// with MyPayment's actions; a cart or an order takes only the payments of whom it acts for.
func TestPaymentsOfCustomers(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		alice, bob := w.as("alice@acme.example", ""), w.as("bob@acme.example", "")
		mine := must[*procura.Payment](t)(a.CreateMyPayment(ctx, alice, procura.MyPaymentDraft{AmountPlanned: cents(1999),
			Transaction: &procura.MyTransactionDraft{Type: "Authorization", Amount: cents(1999)}}))
		if mine.Customer == nil || mine.Customer.ID != alice.CustomerID {
			t.Fatalf("customer %+v", mine.Customer)
		}
		bobs := must[*procura.Payment](t)(a.CreateMyPayment(ctx, bob, procura.MyPaymentDraft{AmountPlanned: cents(1999)}))
		_, err := a.GetPayment(ctx, bob, app.Ref{ID: mine.ID})
		wantCode(t, err, procura.CodeResourceNotFound)
		_, err = a.UpdatePayment(ctx, bob, app.Ref{ID: mine.ID}, actions(mine.Version, `{"action":"setMethodInfoMethod","method":"card"}`))
		wantCode(t, err, procura.CodeResourceNotFound)
		_, err = a.DeletePayment(ctx, bob, app.Ref{ID: mine.ID}, mine.Version)
		wantCode(t, err, procura.CodeResourceNotFound)
		page := must[*app.Page](t)(a.QueryPayments(ctx, bob, app.Query{Limit: 20, WithTotal: true}))
		if items := page.Items(); len(items) != 1 || items[0]["id"] != bobs.ID {
			t.Fatalf("bob lists %v", items)
		}
		_, err = a.UpdatePayment(ctx, alice, app.Ref{ID: mine.ID}, actions(mine.Version, `{"action":"setStatusInterfaceCode","interfaceCode":"paid"}`))
		wantCode(t, err, procura.CodeInvalidJSONInput)
		mine = must[*procura.Payment](t)(a.UpdatePayment(ctx, alice, app.Ref{ID: mine.ID}, actions(mine.Version, `{"action":"setMethodInfoMethod","method":"card"}`)))
		// Whether money moved is the integration's to say, not the customer's.
		_, err = a.UpdatePayment(ctx, alice, app.Ref{ID: mine.ID}, actions(mine.Version,
			`{"action":"addTransaction","transaction":{"type":"Charge","amount":{"currencyCode":"EUR","centAmount":1999},"state":"Success"}}`))
		wantCode(t, err, procura.CodeInvalidOperation)
		mine = must[*procura.Payment](t)(a.UpdatePayment(ctx, alice, app.Ref{ID: mine.ID}, actions(mine.Version,
			`{"action":"addTransaction","transaction":{"type":"Charge","amount":{"currencyCode":"EUR","centAmount":1999}}}`)))
		if got := mine.Transactions[len(mine.Transactions)-1]; got.State != "Initial" {
			t.Fatalf("a customer's transaction is %s", got.State)
		}

		cart := must[*procura.Cart](t)(a.CreateCart(ctx, alice, app.Me(alice), cartDraft("W-1")))
		add := func(id string) string {
			return `{"action":"addPayment","payment":{"typeId":"payment","id":"` + id + `"}}`
		}
		_, err = a.UpdateCart(ctx, alice, app.Me(alice), app.Ref{ID: cart.ID}, actions(cart.Version, add(mine.ID), add(bobs.ID)))
		wantCode(t, err, procura.CodeReferencedResourceNotFound)
		if got := must[*procura.Cart](t)(a.GetCart(ctx, alice, app.Me(alice), app.Ref{ID: cart.ID})); got.PaymentInfo != nil || got.Version != cart.Version {
			t.Fatalf("a refused update wrote: %+v", got.PaymentInfo)
		}
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, alice, app.Me(alice), app.Ref{ID: cart.ID}, actions(cart.Version, add(mine.ID))))
		_, err = a.UpdateCart(ctx, alice, app.Me(alice), app.Ref{ID: cart.ID}, actions(cart.Version, add(mine.ID)))
		wantCode(t, err, procura.CodeInvalidOperation)
		o := must[*procura.Order](t)(a.CreateOrder(ctx, alice, app.Me(alice), procura.OrderFromCartDraft{ID: cart.ID, Version: &cart.Version}))
		if o.PaymentInfo == nil || len(o.PaymentInfo.Payments) != 1 || o.PaymentInfo.Payments[0].ID != mine.ID {
			t.Fatalf("the order's payment info %+v", o.PaymentInfo)
		}
		// The order holds the payment: it stays until the seller takes it out.
		mine = must[*procura.Payment](t)(a.GetPayment(ctx, c, app.Ref{ID: mine.ID}))
		_, err = a.DeletePayment(ctx, alice, app.Ref{ID: mine.ID}, mine.Version)
		wantCode(t, err, procura.CodeReferenceExists)
		o = must[*procura.Order](t)(a.UpdateOrder(ctx, c, app.Acting{}, app.Ref{ID: o.ID}, actions(o.Version,
			`{"action":"removePayment","payment":{"id":"`+mine.ID+`"}}`, add(bobs.ID))))
		if len(o.PaymentInfo.Payments) != 1 || o.PaymentInfo.Payments[0].ID != bobs.ID {
			t.Fatalf("the order's payment info %+v", o.PaymentInfo)
		}
		must[*procura.Payment](t)(a.DeletePayment(ctx, alice, app.Ref{ID: mine.ID}, mine.Version))
		// A payment one order holds goes into no other.
		other := w.placeOrder("bob@acme.example", "acme")
		_, err = a.UpdateOrder(ctx, c, app.Acting{}, app.Ref{ID: other.ID}, actions(other.Version, add(bobs.ID)))
		wantCode(t, err, procura.CodeInvalidOperation)
		bobCart := must[*procura.Cart](t)(a.CreateCart(ctx, bob, app.Me(bob), cartDraft("W-1")))
		_, err = a.UpdateCart(ctx, bob, app.Me(bob), app.Ref{ID: bobCart.ID}, actions(bobCart.Version, add(bobs.ID)))
		wantCode(t, err, procura.CodeInvalidOperation)
		// Nor does a cart's payment that an order took meanwhile go into the cart's order.
		later := must[*procura.Payment](t)(a.CreateMyPayment(ctx, bob, procura.MyPaymentDraft{AmountPlanned: cents(1999)}))
		bobCart = must[*procura.Cart](t)(a.UpdateCart(ctx, bob, app.Me(bob), app.Ref{ID: bobCart.ID}, actions(bobCart.Version, add(later.ID))))
		must[*procura.Order](t)(a.UpdateOrder(ctx, c, app.Acting{}, app.Ref{ID: other.ID}, actions(other.Version, add(later.ID))))
		_, err = a.CreateOrder(ctx, bob, app.Me(bob), procura.OrderFromCartDraft{ID: bobCart.ID, Version: &bobCart.Version})
		wantCode(t, err, procura.CodeInvalidOperation)
		// A trusted backend acting for alice attaches only alice's payments.
		theirs := must[*procura.Payment](t)(a.CreatePayment(ctx, c, procura.PaymentDraft{AmountPlanned: cents(5), Customer: &procura.ResourceIdentifier{ID: bob.CustomerID}}))
		b2b := must[*procura.Cart](t)(a.CreateCart(ctx, c, inUnit(alice.CustomerID, "acme"), cartDraft("W-1")))
		_, err = a.UpdateCart(ctx, c, inUnit(alice.CustomerID, "acme"), app.Ref{ID: b2b.ID}, actions(b2b.Version, add(theirs.ID)))
		wantCode(t, err, procura.CodeReferencedResourceNotFound)
		// A payment of no customer, which the backend recorded itself (the Store Launchpad's
		// invoice), goes into the associate's cart through the backend, never through a
		// customer's own token.
		invoice := must[*procura.Payment](t)(a.CreatePayment(ctx, c, procura.PaymentDraft{AmountPlanned: cents(1999)}))
		aliceCart := must[*procura.Cart](t)(a.CreateCart(ctx, alice, app.Me(alice), cartDraft("W-1")))
		_, err = a.UpdateCart(ctx, alice, app.Me(alice), app.Ref{ID: aliceCart.ID}, actions(aliceCart.Version, add(invoice.ID)))
		wantCode(t, err, procura.CodeReferencedResourceNotFound)
		b2b = must[*procura.Cart](t)(a.UpdateCart(ctx, c, inUnit(alice.CustomerID, "acme"), app.Ref{ID: b2b.ID}, actions(b2b.Version, add(invoice.ID))))
		if b2b.PaymentInfo == nil || len(b2b.PaymentInfo.Payments) != 1 || b2b.PaymentInfo.Payments[0].ID != invoice.ID {
			t.Fatalf("the backend's invoice in alice's cart: %+v", b2b.PaymentInfo)
		}
	})
}
