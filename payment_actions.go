package procura

import "encoding/json"

type paymentAction struct {
	Action           string              `json:"action"`
	Key              *string             `json:"key"`
	Customer         *ResourceIdentifier `json:"customer"`
	AnonymousID      *string             `json:"anonymousId"`
	ExternalID       *string             `json:"externalId"`
	InterfaceID      *string             `json:"interfaceId"`
	Amount           *MoneyDraft         `json:"amount"`
	Until            *string             `json:"until"`
	Transaction      *TransactionDraft   `json:"transaction"`
	TransactionID    string              `json:"transactionId"`
	State            json.RawMessage     `json:"state"`
	Timestamp        *string             `json:"timestamp"`
	InteractionID    *string             `json:"interactionId"`
	InterfaceCode    *string             `json:"interfaceCode"`
	InterfaceText    *string             `json:"interfaceText"`
	Interface        *string             `json:"interface"`
	InterfaceAccount *string             `json:"interfaceAccount"`
	PaymentInterface string              `json:"paymentInterface"`
	Method           *string             `json:"method"`
	Name             json.RawMessage     `json:"name"`
	Token            *PaymentToken       `json:"token"`
	Custom           *CustomFieldsDraft  `json:"custom"`
	Force            bool                `json:"force"`
	Type             *ResourceIdentifier `json:"type"`
	Fields           map[string]any      `json:"fields"`
	Value            any                 `json:"value"`
}

// custom is the action's setCustomType/setCustomField payload (name is a string there).
func (a paymentAction) custom() customAction {
	var name string
	_ = json.Unmarshal(a.Name, &name)
	return customAction{Type: a.Type, Fields: a.Fields, Name: name, Value: a.Value}
}

// Apply applies one payment update action: every PaymentUpdateAction of the reference.
func (p *Payment) Apply(raw json.RawMessage, c Change) error {
	var a paymentAction
	if err := DecodeAction(raw, &a, paymentActions); err != nil {
		return err
	}
	switch a.Action {
	case "setKey":
		return setKey(&p.Key, a.Key)
	case "setCustomer":
		return p.setCustomer(a.Customer, c)
	case "setAnonymousId":
		p.AnonymousID = deref(a.AnonymousID)
	case "setExternalId":
		p.ExternalID = deref(a.ExternalID)
	case "setInterfaceId":
		if deref(a.InterfaceID) == "" {
			return RequiredField("interfaceId")
		}
		p.InterfaceID = *a.InterfaceID
	case "changeAmountPlanned":
		if a.Amount == nil {
			return RequiredField("amount")
		}
		m, err := a.Amount.Money("amount")
		if err != nil {
			return err
		}
		p.AmountPlanned = m
	case "setAmountPaid":
		return p.setAmount("amount", a.Amount, &p.AmountPaid)
	case "setAmountRefunded":
		return p.setAmount("amount", a.Amount, &p.AmountRefunded)
	case "setAuthorization":
		if a.Until != nil {
			if err := checkTime("until", *a.Until); err != nil {
				return err
			}
		}
		if err := p.setAmount("amount", a.Amount, &p.AmountAuthorized); err != nil {
			return err
		}
		p.AuthorizedUntil = deref(a.Until)
	case "addTransaction":
		if a.Transaction == nil {
			return RequiredField("transaction")
		}
		return p.addTransaction(*a.Transaction, c.NewID())
	case "addInterfaceInteraction":
		ci, err := NewCustomFields("interfaceInteraction", customDraft(a.Type, a.Fields))
		if err != nil {
			return err
		}
		p.InterfaceInteractions = append(p.InterfaceInteractions, ci)
	case "setStatusInterfaceCode":
		p.PaymentStatus.InterfaceCode = deref(a.InterfaceCode)
	case "setStatusInterfaceText":
		if deref(a.InterfaceText) == "" {
			return RequiredField("interfaceText")
		}
		p.PaymentStatus.InterfaceText = *a.InterfaceText
	case "transitionState":
		var to ResourceIdentifier
		if len(a.State) == 0 || json.Unmarshal(a.State, &to) != nil {
			return RequiredField("state")
		}
		ref, err := c.Workflow.Transition(StatePayment, p.PaymentStatus.State, &to, a.Force)
		if err != nil {
			return err
		}
		p.PaymentStatus.State = ref
	case "setCustomType", "setCustomField":
		return a.custom().apply(a.Action, &p.Custom)
	default:
		if handled, err := p.applyTransaction(a); handled {
			return err
		}
		return p.applyMethodInfo(a)
	}
	return nil
}

func (p *Payment) setCustomer(ri *ResourceIdentifier, c Change) error {
	if ri == nil {
		p.Customer = nil
		return nil
	}
	if err := ri.Check("customer", TypeCustomer); err != nil {
		return err
	}
	ref, err := c.Lookup.Customer("customer", *ri)
	if err != nil {
		return err
	}
	p.Customer = &ref
	return nil
}

// applyTransaction applies the actions on one transaction; handled reports whether it was one.
func (p *Payment) applyTransaction(a paymentAction) (handled bool, err error) {
	switch a.Action {
	case "changeTransactionState", "changeTransactionTimestamp", "changeTransactionInteractionId",
		"setTransactionInterfaceId", "setTransactionCustomType", "setTransactionCustomField":
	default:
		return false, nil
	}
	t, err := p.transaction(a.TransactionID)
	if err != nil {
		return true, err
	}
	switch a.Action {
	case "changeTransactionState":
		var state string
		if len(a.State) == 0 || json.Unmarshal(a.State, &state) != nil || state == "" {
			return true, RequiredField("state")
		}
		if err := checkOneOf("state", state, transactionStates...); err != nil {
			return true, err
		}
		t.State = state
	case "changeTransactionTimestamp":
		if deref(a.Timestamp) == "" {
			return true, RequiredField("timestamp")
		}
		if err := checkTime("timestamp", *a.Timestamp); err != nil {
			return true, err
		}
		t.Timestamp = *a.Timestamp
	case "changeTransactionInteractionId":
		if deref(a.InteractionID) == "" {
			return true, RequiredField("interactionId")
		}
		t.InteractionID = *a.InteractionID
	case "setTransactionInterfaceId":
		t.InterfaceID = deref(a.InterfaceID)
	default:
		return true, a.custom().apply(customName(a.Action, "setTransaction"), &t.Custom)
	}
	return true, nil
}

// customName turns setXCustomType/setXCustomField into setCustomType/setCustomField.
func customName(action, prefix string) string {
	return "set" + action[len(prefix):]
}

// applyMethodInfo applies the setMethodInfo… actions.
func (p *Payment) applyMethodInfo(a paymentAction) error {
	m := &p.PaymentMethodInfo
	switch a.Action {
	case "setMethodInfo":
		var name LocalizedString
		if len(a.Name) > 0 && json.Unmarshal(a.Name, &name) != nil {
			return InvalidJSON("name: expected a localized string")
		}
		info, err := PaymentMethodInfoDraft{PaymentInterface: a.PaymentInterface, Method: deref(a.Method), Name: name,
			InterfaceAccount: deref(a.InterfaceAccount), Token: a.Token, Custom: a.Custom}.info()
		if err != nil {
			return err
		}
		*m = info
	case "setMethodInfoInterface":
		if deref(a.Interface) == "" {
			return RequiredField("interface")
		}
		m.PaymentInterface = *a.Interface
	case "setMethodInfoMethod":
		m.Method = deref(a.Method)
	case "setMethodInfoName":
		var name LocalizedString
		if len(a.Name) > 0 && json.Unmarshal(a.Name, &name) != nil {
			return InvalidJSON("name: expected a localized string")
		}
		m.Name = name
	case "setMethodInfoInterfaceAccount":
		m.InterfaceAccount = deref(a.InterfaceAccount)
	case "setMethodInfoToken":
		m.Token = a.Token
	case "setMethodInfoCustomType", "setMethodInfoCustomField":
		return a.custom().apply(customName(a.Action, "setMethodInfo"), &m.Custom)
	default:
		return UnknownAction(a.Action)
	}
	return nil
}

// paymentActions are the payment update actions and their fields.
var paymentActions = withCustom(ActionFields{
	"setKey": {"key"}, "setCustomer": {"customer"}, "setAnonymousId": {"anonymousId"}, "setExternalId": {"externalId"},
	"setInterfaceId": {"interfaceId"}, "changeAmountPlanned": {"amount"}, "setAmountPaid": {"amount"},
	"setAmountRefunded": {"amount"}, "setAuthorization": {"amount", "until"}, "addTransaction": {"transaction"},
	"addInterfaceInteraction": {"type", "fields"}, "setStatusInterfaceCode": {"interfaceCode"},
	"setStatusInterfaceText": {"interfaceText"}, "transitionState": {"state", "force"},
	"changeTransactionState": {"transactionId", "state"}, "changeTransactionTimestamp": {"transactionId", "timestamp"},
	"changeTransactionInteractionId": {"transactionId", "interactionId"},
	"setTransactionInterfaceId":      {"transactionId", "interfaceId"},
	"setTransactionCustomType":       {"transactionId", "type", "fields"},
	"setTransactionCustomField":      {"transactionId", "name", "value"},
	"setMethodInfo":                  {"paymentInterface", "method", "name", "interfaceAccount", "token", "custom"},
	"setMethodInfoInterface":         {"interface"}, "setMethodInfoMethod": {"method"}, "setMethodInfoName": {"name"},
	"setMethodInfoInterfaceAccount": {"interfaceAccount"}, "setMethodInfoToken": {"token"},
	"setMethodInfoCustomType": {"type", "fields"}, "setMethodInfoCustomField": {"name", "value"},
})

// myPaymentActions are the actions of the reference's MyPayment, which a customer may use on
// their own payments. The reference's MyPayment setTransactionCustomField names no
// transaction: Procura needs its transactionId, as the general action does.
var myPaymentActions = []string{"addTransaction", "changeAmountPlanned", "setCustomField", "setMethodInfoCustomField",
	"setMethodInfoCustomType", "setMethodInfoInterfaceAccount", "setMethodInfoInterface", "setMethodInfoMethod",
	"setMethodInfoName", "setTransactionCustomField"}

// MyPaymentAction refuses, for a customer's own token, an action MyPayment does not have, and a
// transaction added in another state than Initial: whether money moved is the payment
// integration's to report, never the customer's.
func MyPaymentAction(raw json.RawMessage) error {
	name := ActionName(raw)
	for _, m := range myPaymentActions {
		if m != name {
			continue
		}
		var a struct {
			Transaction *struct {
				State string `json:"state"`
			} `json:"transaction"`
		}
		if name == "addTransaction" && json.Unmarshal(raw, &a) == nil && a.Transaction != nil && or(a.Transaction.State, "Initial") != "Initial" {
			return InvalidOperation("A customer's transaction starts Initial: its state is the payment integration's to report.")
		}
		return nil
	}
	return shapeError("actions.action", "'"+name+"' is not an action of /me/payments")
}
