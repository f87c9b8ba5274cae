package procura

import (
	"encoding/json"
	"slices"
)

// This file holds the order update actions of fulfilment: workflow states, line item states,
// addresses, customer, locale, store, returns and payments. order.go dispatches to applyMore.

// PaymentInfo lists the payments of a cart or an order.
type PaymentInfo struct {
	Payments []Reference `json:"payments"`
}

// ItemState is how many of a line item are in one workflow state.
type ItemState struct {
	Quantity int64     `json:"quantity"`
	State    Reference `json:"state"`
}

// itemStateDraft names a state by id or key, for importLineItemState.
type itemStateDraft struct {
	Quantity int64              `json:"quantity"`
	State    ResourceIdentifier `json:"state"`
}

// orderFulfilment holds the fields of the actions of this file.
type orderFulfilment struct {
	State                json.RawMessage     `json:"state"`
	Force                bool                `json:"force"`
	FromState            *ResourceIdentifier `json:"fromState"`
	ToState              *ResourceIdentifier `json:"toState"`
	Quantity             int64               `json:"quantity"`
	ActualTransitionDate string              `json:"actualTransitionDate"`
	Address              *Address            `json:"address"`
	CustomerID           *string             `json:"customerId"`
	Locale               *string             `json:"locale"`
	Store                *ResourceIdentifier `json:"store"`
	ReturnItemID         string              `json:"returnItemId"`
	ReturnItemKey        string              `json:"returnItemKey"`
	Channel              *ResourceIdentifier `json:"channel"`
	ExternalID           string              `json:"externalId"`
	SyncedAt             string              `json:"syncedAt"`
	Payment              *ResourceIdentifier `json:"payment"`
}

// Payments finds the payment a cart or an order names: to attach it (attach true) once the
// caller may, or to take it out.
type Payments interface {
	Payment(ri ResourceIdentifier, attach bool) (*Payment, error)
}

// orderFulfilmentActions are the actions of this file and their fields.
var orderFulfilmentActions = ActionFields{
	"transitionState":         {"state", "force"},
	"transitionLineItemState": {"lineItemId", "lineItemKey", "quantity", "fromState", "toState", "actualTransitionDate"},
	"importLineItemState":     {"lineItemId", "lineItemKey", "state"},
	"setShippingAddress":      {"address"}, "setBillingAddress": {"address"},
	"setCustomerId": {"customerId"}, "setLocale": {"locale"}, "setStore": {"store"},
	"setReturnInfo":            {"items"},
	"setReturnShipmentState":   {"returnItemId", "returnItemKey", "shipmentState"},
	"setReturnPaymentState":    {"returnItemId", "returnItemKey", "paymentState"},
	"setReturnItemCustomType":  {"returnItemId", "returnItemKey", "type", "fields"},
	"setReturnItemCustomField": {"returnItemId", "returnItemKey", "name", "value"},
	"updateSyncInfo":           {"channel", "externalId", "syncedAt"},
	"addPayment":               {"payment"}, "removePayment": {"payment"},
}

var returnPaymentStates = []string{"NonRefundable", "Initial", "Refunded", "NotRefunded"}

// applyMore applies the actions of this file; handled reports whether a was one of them.
func (o *Order) applyMore(a orderAction, c Change) (handled bool, err error) {
	if _, ok := orderFulfilmentActions[a.Action]; !ok {
		return false, nil
	}
	switch a.Action {
	case "transitionState":
		var to ResourceIdentifier
		if len(a.State) == 0 || json.Unmarshal(a.State, &to) != nil {
			return true, RequiredField("state")
		}
		ref, err := c.Workflow.Transition(StateOrder, o.State, &to, a.Force)
		if err == nil {
			o.State = ref
		}
		return true, err
	case "transitionLineItemState":
		return true, o.transitionLineItemState(a, c)
	case "importLineItemState":
		return true, o.importLineItemState(a, c)
	case "setShippingAddress", "setBillingAddress":
		return true, o.setAddress(a)
	case "setCustomerId":
		return true, o.setCustomerID(deref(a.CustomerID), c)
	case "setLocale":
		if l := deref(a.Locale); l != "" {
			if err := checkLocale("locale", l); err != nil {
				return true, err
			}
		}
		o.Locale = deref(a.Locale)
	case "setStore":
		return true, o.setStore(a.Store, c)
	case "setReturnInfo":
		return true, o.setReturnInfo(a, c)
	case "setReturnShipmentState", "setReturnPaymentState", "setReturnItemCustomType", "setReturnItemCustomField":
		return true, o.changeReturnItem(a, c)
	case "updateSyncInfo":
		if err := a.Channel.Check("channel", "channel"); err != nil {
			return true, err
		}
		e := ReferencedNotFound("channel", a.Channel.ID, a.Channel.Key)
		e.Message += " Procura has no channels."
		return true, e
	case "addPayment", "removePayment":
		return true, changePayments(&o.PaymentInfo, a.Action, a.Payment, c)
	}
	return true, nil
}

// changePayments adds or removes a payment of a cart's or an order's payment info.
func changePayments(info **PaymentInfo, action string, ri *ResourceIdentifier, c Change) error {
	if err := ri.Check("payment", TypePayment); err != nil {
		return err
	}
	p, err := c.Payments.Payment(*ri, action == "addPayment")
	if err != nil {
		return err
	}
	ref := Reference{TypeID: TypePayment, ID: p.ID}
	if *info == nil {
		*info = &PaymentInfo{Payments: []Reference{}}
	}
	i := slices.IndexFunc((*info).Payments, func(r Reference) bool { return r.ID == p.ID })
	switch {
	case action == "addPayment" && i >= 0:
		return InvalidOperation("The payment '%s' is already in the payment info.", p.ID)
	case action == "addPayment":
		(*info).Payments = append((*info).Payments, ref)
	case i < 0:
		return InvalidOperation("The payment '%s' is not in the payment info.", p.ID)
	default:
		(*info).Payments = slices.Delete((*info).Payments, i, i+1)
	}
	if len((*info).Payments) == 0 {
		*info = nil
	}
	return nil
}

func (o *Order) setAddress(a orderAction) error {
	if a.Address != nil {
		if err := checkAddress("address", a.Address); err != nil {
			return err
		}
	}
	if a.Action == "setShippingAddress" {
		o.ShippingAddress = a.Address
	} else {
		o.BillingAddress = a.Address
	}
	return nil
}

// setCustomerID moves the order to another customer, who must exist and, for an order of a
// business unit, be one of its associates (the order's owner decides who may see it there).
func (o *Order) setCustomerID(id string, c Change) error {
	if id == "" {
		o.CustomerID = ""
		return nil
	}
	ref, err := c.Lookup.Customer("customerId", ResourceIdentifier{TypeID: TypeCustomer, ID: id})
	if err != nil {
		return err
	}
	if o.BusinessUnit != nil {
		chain, err := o.unitChain(c)
		if err != nil {
			return err
		}
		if !IsAssociate(ref.ID, chain) {
			return InvalidOperation("The customer '%s' is not an associate of business unit '%s'.", ref.ID, o.BusinessUnit.Key)
		}
	}
	o.CustomerID = ref.ID
	return nil
}

func (o *Order) unitChain(c Change) ([]*BusinessUnit, error) {
	u, err := c.Lookup.Unit("businessUnit", ResourceIdentifier{TypeID: TypeBusinessUnit, Key: o.BusinessUnit.Key})
	if err != nil {
		return nil, err
	}
	ancestors, err := c.Lookup.Ancestors(u)
	if err != nil {
		return nil, err
	}
	return append([]*BusinessUnit{u}, ancestors...), nil
}

// setStore moves the order to another store (or none): an order of a business unit stays in one
// of its unit's stores, as its cart had to be.
func (o *Order) setStore(ri *ResourceIdentifier, c Change) error {
	var store *KeyReference
	if ri != nil {
		if err := ri.Check("store", TypeStore); err != nil {
			return err
		}
		ref, err := c.Lookup.Store("store", *ri)
		if err != nil {
			return err
		}
		store = &ref
	}
	if o.BusinessUnit != nil {
		chain, err := o.unitChain(c)
		if err != nil {
			return err
		}
		stores := EffectiveStores(chain)
		switch {
		case store == nil && len(stores) > 0:
			return InvalidOperation("The business unit '%s' sells through stores %s: its orders stay in one of them.", o.BusinessUnit.Key, storeKeys(stores))
		case store != nil && indexOfKey(stores, store.Key) < 0:
			return InvalidOperation("The store '%s' is not one of the stores of business unit '%s'.", store.Key, o.BusinessUnit.Key)
		}
	}
	o.Store = store
	return nil
}

// ItemStates reads the workflow states of a line item or a custom line item (its state field).
func ItemStates(state []any) ([]ItemState, error) {
	out := []ItemState{}
	if len(state) == 0 {
		return out, nil
	}
	data, err := json.Marshal(state)
	if err != nil {
		return nil, err
	}
	return out, json.Unmarshal(data, &out)
}

// setItemStates writes an item's states (those of no quantity left out).
func setItemStates(dst *[]any, states []ItemState) {
	*dst = []any{}
	for _, s := range states {
		if s.Quantity > 0 {
			*dst = append(*dst, s)
		}
	}
}

// stateItem is what the state actions change of a line item or a custom line item.
type stateItem struct {
	id       string
	quantity int64
	state    *[]any
}

// transitionLineItemState moves quantity of a line item from one state to another: no more than
// the line holds in the first, along the first's transitions.
func (o *Order) transitionLineItemState(a orderAction, c Change) error {
	i := lineItemIndex(o.LineItems, a.LineItemID, a.LineItemKey)
	if i < 0 {
		return lineItemNotFound(a.LineItemID, a.LineItemKey)
	}
	li := &o.LineItems[i]
	return transitionItemState(stateItem{li.ID, li.Quantity, &li.State}, a, c)
}

// transitionItemState moves a.quantity of an item from a.fromState to a.toState.
func transitionItemState(it stateItem, a orderAction, c Change) error {
	if a.Quantity < 1 {
		return InvalidInput("A transitioned quantity is at least 1; it is %d.", a.Quantity)
	}
	if a.ActualTransitionDate != "" {
		if err := checkTime("actualTransitionDate", a.ActualTransitionDate); err != nil {
			return err
		}
	}
	if err := a.FromState.Check("fromState", TypeState); err != nil {
		return err
	}
	if err := a.ToState.Check("toState", TypeState); err != nil {
		return err
	}
	from, err := c.Workflow.Transition(StateLineItem, nil, a.FromState, true)
	if err != nil {
		return err
	}
	to, err := c.Workflow.Transition(StateLineItem, from, a.ToState, false)
	if err != nil {
		return err
	}
	states, err := ItemStates(*it.state)
	if err != nil {
		return err
	}
	j := slices.IndexFunc(states, func(s ItemState) bool { return s.State.ID == from.ID })
	if j < 0 || states[j].Quantity < a.Quantity {
		held := int64(0)
		if j >= 0 {
			held = states[j].Quantity
		}
		return InvalidOperation("Item '%s' has %d in the state '%s'; %d cannot move.", it.id, held, from.ID, a.Quantity)
	}
	states[j].Quantity -= a.Quantity
	if k := slices.IndexFunc(states, func(s ItemState) bool { return s.State.ID == to.ID }); k >= 0 {
		states[k].Quantity += a.Quantity
	} else {
		states = append(states, ItemState{Quantity: a.Quantity, State: *to})
	}
	setItemStates(it.state, states)
	return nil
}

// importLineItemState sets a line item's states: line item states of quantities that add up to
// no more than the line's.
func (o *Order) importLineItemState(a orderAction, c Change) error {
	i := lineItemIndex(o.LineItems, a.LineItemID, a.LineItemKey)
	if i < 0 {
		return lineItemNotFound(a.LineItemID, a.LineItemKey)
	}
	li := &o.LineItems[i]
	return importItemState(stateItem{li.ID, li.Quantity, &li.State}, a, c)
}

// importItemState replaces an item's states with a.state.
func importItemState(it stateItem, a orderAction, c Change) error {
	var drafts []itemStateDraft
	if len(a.State) == 0 || json.Unmarshal(a.State, &drafts) != nil {
		return RequiredField("state")
	}
	var states []ItemState
	sum := int64(0)
	for _, d := range drafts {
		if d.Quantity < 1 {
			return InvalidInput("An item state's quantity is at least 1; it is %d.", d.Quantity)
		}
		ref, err := c.Workflow.Transition(StateLineItem, nil, &d.State, true)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(states, func(s ItemState) bool { return s.State.ID == ref.ID }) {
			return InvalidInput("The state '%s' is named twice.", ref.ID)
		}
		sum += d.Quantity
		states = append(states, ItemState{Quantity: d.Quantity, State: *ref})
	}
	if sum > it.quantity {
		return InvalidOperation("Item '%s' was ordered %d times; its states hold %d.", it.id, it.quantity, sum)
	}
	setItemStates(it.state, states)
	return nil
}

// returnInfoDraft is one return of setReturnInfo.
type returnInfoDraft struct {
	Items            []returnItemDraft `json:"items"`
	ReturnTrackingID string            `json:"returnTrackingId"`
	ReturnDate       string            `json:"returnDate"`
}

// setReturnInfo replaces the order's returns; every quantity is checked as by addReturnInfo.
func (o *Order) setReturnInfo(a orderAction, c Change) error {
	var drafts []returnInfoDraft
	if len(a.Items) > 0 && json.Unmarshal(a.Items, &drafts) != nil {
		return InvalidJSON("items: expected a list of return infos")
	}
	o.ReturnInfo = []ReturnInfo{}
	for _, d := range drafts {
		if err := o.addReturn(d, c); err != nil {
			return err
		}
	}
	return nil
}

// returnItem finds a return item by id, else by key.
func (o *Order) returnItem(id, key string) (*ReturnItem, error) {
	if id == "" && key == "" {
		return nil, RequiredField("returnItemId")
	}
	for i := range o.ReturnInfo {
		for j := range o.ReturnInfo[i].Items {
			it := &o.ReturnInfo[i].Items[j]
			if id != "" && it.ID == id || id == "" && it.Key == key {
				return it, nil
			}
		}
	}
	return nil, InvalidInput("The order has no return item '%s'.", or(id, key))
}

func (o *Order) changeReturnItem(a orderAction, c Change) error {
	it, err := o.returnItem(a.ReturnItemID, a.ReturnItemKey)
	if err != nil {
		return err
	}
	switch a.Action {
	case "setReturnShipmentState":
		if err := checkOneOf("shipmentState", a.ShipmentState, returnShipmentStates...); err != nil {
			return err
		}
		it.ShipmentState = a.ShipmentState
	case "setReturnPaymentState":
		if err := checkOneOf("paymentState", a.PaymentState, returnPaymentStates...); err != nil {
			return err
		}
		it.PaymentState = a.PaymentState
	default:
		if err := a.customAction.apply(customName(a.Action, "setReturnItem"), &it.Custom); err != nil {
			return err
		}
	}
	it.LastModifiedAt = FormatTime(c.Now)
	return nil
}
