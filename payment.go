package procura

import "time"

// TypePayment is the type id of payments.
const TypePayment = "payment"

// Payment records what a payment integration reports of one payment: Procura talks to no payment
// provider, it keeps the planned amount, the method, the status and the transactions.
type Payment struct {
	Base
	Key                   string            `json:"key,omitempty"`
	Customer              *Reference        `json:"customer,omitempty"`
	AnonymousID           string            `json:"anonymousId,omitempty"`
	ExternalID            string            `json:"externalId,omitempty"`
	InterfaceID           string            `json:"interfaceId,omitempty"`
	AmountPlanned         Money             `json:"amountPlanned"`
	AmountAuthorized      *Money            `json:"amountAuthorized,omitempty"`
	AuthorizedUntil       string            `json:"authorizedUntil,omitempty"`
	AmountPaid            *Money            `json:"amountPaid,omitempty"`
	AmountRefunded        *Money            `json:"amountRefunded,omitempty"`
	PaymentMethodInfo     PaymentMethodInfo `json:"paymentMethodInfo"`
	PaymentStatus         PaymentStatus     `json:"paymentStatus"`
	Transactions          []Transaction     `json:"transactions"`
	InterfaceInteractions []*CustomFields   `json:"interfaceInteractions"`
	Custom                *CustomFields     `json:"custom,omitempty"`
}

// PaymentMethodInfo says how the customer pays.
type PaymentMethodInfo struct {
	PaymentInterface string          `json:"paymentInterface,omitempty"`
	Method           string          `json:"method,omitempty"`
	Name             LocalizedString `json:"name,omitempty"`
	InterfaceAccount string          `json:"interfaceAccount,omitempty"`
	Token            *PaymentToken   `json:"token,omitempty"`
	Custom           *CustomFields   `json:"custom,omitempty"`
}

// PaymentToken is the token a payment interface gave for the method.
type PaymentToken struct {
	Value string `json:"value"`
}

// PaymentStatus is what the payment interface last said, and the seller's workflow state.
type PaymentStatus struct {
	InterfaceCode string     `json:"interfaceCode,omitempty"`
	InterfaceText string     `json:"interfaceText,omitempty"`
	State         *Reference `json:"state,omitempty"`
}

// Transaction is one money movement of a payment.
type Transaction struct {
	ID            string        `json:"id"`
	Timestamp     string        `json:"timestamp,omitempty"`
	Type          string        `json:"type"`
	Amount        Money         `json:"amount"`
	InteractionID string        `json:"interactionId,omitempty"`
	InterfaceID   string        `json:"interfaceId,omitempty"`
	State         string        `json:"state"`
	Custom        *CustomFields `json:"custom,omitempty"`
}

var (
	transactionTypes  = []string{"Authorization", "CancelAuthorization", "Charge", "Refund", "ChargeBack"}
	transactionStates = []string{"Initial", "Pending", "Success", "Failure"}
)

// PaymentDraft creates a payment.
type PaymentDraft struct {
	Key                   string                  `json:"key,omitempty"`
	Customer              *ResourceIdentifier     `json:"customer,omitempty"`
	AnonymousID           string                  `json:"anonymousId,omitempty"`
	ExternalID            string                  `json:"externalId,omitempty"`
	InterfaceID           string                  `json:"interfaceId,omitempty"`
	AmountPlanned         *MoneyDraft             `json:"amountPlanned"`
	AmountAuthorized      *MoneyDraft             `json:"amountAuthorized,omitempty"`
	AuthorizedUntil       string                  `json:"authorizedUntil,omitempty"`
	AmountPaid            *MoneyDraft             `json:"amountPaid,omitempty"`
	AmountRefunded        *MoneyDraft             `json:"amountRefunded,omitempty"`
	PaymentMethodInfo     *PaymentMethodInfoDraft `json:"paymentMethodInfo,omitempty"`
	PaymentStatus         *PaymentStatusDraft     `json:"paymentStatus,omitempty"`
	Transactions          []TransactionDraft      `json:"transactions,omitempty"`
	InterfaceInteractions []CustomFieldsDraft     `json:"interfaceInteractions,omitempty"`
	Custom                *CustomFieldsDraft      `json:"custom,omitempty"`
}

// MyPaymentDraft is the payment a customer creates for themselves: the planned amount, the
// method, custom fields and at most one transaction.
type MyPaymentDraft struct {
	AmountPlanned     *MoneyDraft             `json:"amountPlanned"`
	PaymentMethodInfo *PaymentMethodInfoDraft `json:"paymentMethodInfo,omitempty"`
	Transaction       *MyTransactionDraft     `json:"transaction,omitempty"`
	Custom            *CustomFieldsDraft      `json:"custom,omitempty"`
}

// MyTransactionDraft is a customer's transaction: it has no state, which is the payment
// integration's to report (it starts Initial).
type MyTransactionDraft struct {
	Timestamp     string             `json:"timestamp,omitempty"`
	Type          string             `json:"type"`
	Amount        *MoneyDraft        `json:"amount"`
	InteractionID string             `json:"interactionId,omitempty"`
	InterfaceID   string             `json:"interfaceId,omitempty"`
	Custom        *CustomFieldsDraft `json:"custom,omitempty"`
}

// PaymentDraft turns a customer's draft into a payment draft for that customer.
func (d MyPaymentDraft) PaymentDraft(customerID string) PaymentDraft {
	out := PaymentDraft{AmountPlanned: d.AmountPlanned, PaymentMethodInfo: d.PaymentMethodInfo, Custom: d.Custom,
		Customer: &ResourceIdentifier{TypeID: TypeCustomer, ID: customerID}}
	if d.Transaction != nil {
		t := d.Transaction
		out.Transactions = []TransactionDraft{{Timestamp: t.Timestamp, Type: t.Type, Amount: t.Amount, InteractionID: t.InteractionID,
			InterfaceID: t.InterfaceID, Custom: t.Custom}}
	}
	return out
}

// PaymentMethodInfoDraft sets a payment's method.
type PaymentMethodInfoDraft struct {
	PaymentInterface string             `json:"paymentInterface,omitempty"`
	Method           string             `json:"method,omitempty"`
	Name             LocalizedString    `json:"name,omitempty"`
	InterfaceAccount string             `json:"interfaceAccount,omitempty"`
	Token            *PaymentToken      `json:"token,omitempty"`
	Custom           *CustomFieldsDraft `json:"custom,omitempty"`
}

// PaymentStatusDraft sets a payment's status.
type PaymentStatusDraft struct {
	InterfaceCode string              `json:"interfaceCode,omitempty"`
	InterfaceText string              `json:"interfaceText,omitempty"`
	State         *ResourceIdentifier `json:"state,omitempty"`
}

// TransactionDraft records a transaction.
type TransactionDraft struct {
	Timestamp     string             `json:"timestamp,omitempty"`
	Type          string             `json:"type"`
	Amount        *MoneyDraft        `json:"amount"`
	InteractionID string             `json:"interactionId,omitempty"`
	InterfaceID   string             `json:"interfaceId,omitempty"`
	State         string             `json:"state,omitempty"`
	Custom        *CustomFieldsDraft `json:"custom,omitempty"`
}

// Workflow moves a resource's workflow state (the States resource): it resolves the state to
// and checks that a resource of state type typ in state from (nil: none) may move there.
type Workflow interface {
	Transition(typ string, from *Reference, to *ResourceIdentifier, force bool) (*Reference, error)
}

// NewPayment validates d and builds the payment.
func NewPayment(d PaymentDraft, c Change) (*Payment, error) {
	if d.Key != "" {
		if err := CheckKey("key", d.Key); err != nil {
			return nil, err
		}
	}
	if d.AmountPlanned == nil {
		return nil, RequiredField("amountPlanned")
	}
	planned, err := d.AmountPlanned.Money("amountPlanned")
	if err != nil {
		return nil, err
	}
	p := &Payment{Key: d.Key, AnonymousID: d.AnonymousID, ExternalID: d.ExternalID, InterfaceID: d.InterfaceID,
		AmountPlanned: planned, Transactions: []Transaction{}, InterfaceInteractions: []*CustomFields{}}
	p.Stamp(c.NewID(), c.Now)
	if d.Customer != nil {
		if err := d.Customer.Check("customer", TypeCustomer); err != nil {
			return nil, err
		}
		ref, err := c.Lookup.Customer("customer", *d.Customer)
		if err != nil {
			return nil, err
		}
		p.Customer = &ref
	}
	for _, m := range []struct {
		field string
		d     *MoneyDraft
		dst   **Money
	}{{"amountAuthorized", d.AmountAuthorized, &p.AmountAuthorized}, {"amountPaid", d.AmountPaid, &p.AmountPaid},
		{"amountRefunded", d.AmountRefunded, &p.AmountRefunded}} {
		if err := p.setAmount(m.field, m.d, m.dst); err != nil {
			return nil, err
		}
	}
	if d.AuthorizedUntil != "" {
		if err := checkTime("authorizedUntil", d.AuthorizedUntil); err != nil {
			return nil, err
		}
		p.AuthorizedUntil = d.AuthorizedUntil
	}
	if d.PaymentMethodInfo != nil {
		if p.PaymentMethodInfo, err = d.PaymentMethodInfo.info(); err != nil {
			return nil, err
		}
	}
	if s := d.PaymentStatus; s != nil {
		p.PaymentStatus = PaymentStatus{InterfaceCode: s.InterfaceCode, InterfaceText: s.InterfaceText}
		if s.State != nil {
			if p.PaymentStatus.State, err = c.Workflow.Transition(StatePayment, nil, s.State, true); err != nil {
				return nil, err
			}
		}
	}
	for _, t := range d.Transactions {
		if err := p.addTransaction(t, c.NewID()); err != nil {
			return nil, err
		}
	}
	for i := range d.InterfaceInteractions {
		c, err := NewCustomFields("interfaceInteractions", &d.InterfaceInteractions[i])
		if err != nil {
			return nil, err
		}
		p.InterfaceInteractions = append(p.InterfaceInteractions, c)
	}
	if p.Custom, err = NewCustomFields("custom", d.Custom); err != nil {
		return nil, err
	}
	return p, nil
}

func (d PaymentMethodInfoDraft) info() (PaymentMethodInfo, error) {
	custom, err := NewCustomFields("paymentMethodInfo.custom", d.Custom)
	return PaymentMethodInfo{PaymentInterface: d.PaymentInterface, Method: d.Method, Name: d.Name,
		InterfaceAccount: d.InterfaceAccount, Token: d.Token, Custom: custom}, err
}

// setAmount sets one of the optional amounts, which are in the planned amount's currency.
func (p *Payment) setAmount(field string, d *MoneyDraft, dst **Money) error {
	if d == nil {
		*dst = nil
		return nil
	}
	m, err := p.money(field, *d)
	if err != nil {
		return err
	}
	*dst = &m
	return nil
}

// money validates an amount of the payment: in the planned amount's currency.
func (p *Payment) money(field string, d MoneyDraft) (Money, error) {
	m, err := d.Money(field)
	if err != nil {
		return Money{}, err
	}
	if m.CurrencyCode != p.AmountPlanned.CurrencyCode {
		return Money{}, InvalidInput("%s is in %s; the payment is in %s.", field, m.CurrencyCode, p.AmountPlanned.CurrencyCode)
	}
	return m, nil
}

// addTransaction validates and records a transaction (its state defaults to Initial).
func (p *Payment) addTransaction(d TransactionDraft, id string) error {
	if d.Type == "" {
		return RequiredField("transaction.type")
	}
	if err := checkOneOf("transaction.type", d.Type, transactionTypes...); err != nil {
		return err
	}
	state := or(d.State, "Initial")
	if err := checkOneOf("transaction.state", state, transactionStates...); err != nil {
		return err
	}
	if d.Amount == nil {
		return RequiredField("transaction.amount")
	}
	amount, err := p.money("transaction.amount", *d.Amount)
	if err != nil {
		return err
	}
	if d.Timestamp != "" {
		if err := checkTime("transaction.timestamp", d.Timestamp); err != nil {
			return err
		}
	}
	custom, err := NewCustomFields("transaction.custom", d.Custom)
	if err != nil {
		return err
	}
	p.Transactions = append(p.Transactions, Transaction{ID: id, Timestamp: d.Timestamp, Type: d.Type, Amount: amount,
		InteractionID: d.InteractionID, InterfaceID: d.InterfaceID, State: state, Custom: custom})
	return nil
}

// transaction finds a transaction by id.
func (p *Payment) transaction(id string) (*Transaction, error) {
	if id == "" {
		return nil, RequiredField("transactionId")
	}
	for i := range p.Transactions {
		if p.Transactions[i].ID == id {
			return &p.Transactions[i], nil
		}
	}
	return nil, InvalidInput("The payment has no transaction '%s'.", id)
}

// checkTime validates a date-time of the reference (RFC 3339).
func checkTime(field, value string) error {
	if _, err := time.Parse(time.RFC3339Nano, value); err != nil {
		return InvalidField(field, value)
	}
	return nil
}

// CustomSlots implements Customizable.
func (p *Payment) CustomSlots() []CustomSlot {
	out := append(slot("custom", "payment", p.Custom), slot("paymentMethodInfo.custom", "payment-method-info", p.PaymentMethodInfo.Custom)...)
	for i := range p.Transactions {
		out = append(out, slot("transactions.custom", "transaction", p.Transactions[i].Custom)...)
	}
	for _, c := range p.InterfaceInteractions {
		out = append(out, slot("interfaceInteractions", "payment-interface-interaction", c)...)
	}
	return out
}
