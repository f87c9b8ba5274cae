package procura

import (
	"encoding/json"
	"time"
)

// Order states.
const (
	OrderOpen      = "Open"
	OrderConfirmed = "Confirmed"
	OrderComplete  = "Complete"
	OrderCancelled = "Cancelled"
)

// Order is a placed cart.
type Order struct {
	Base
	OrderNumber               string        `json:"orderNumber,omitempty"`
	PurchaseOrderNumber       string        `json:"purchaseOrderNumber,omitempty"`
	CustomerID                string        `json:"customerId,omitempty"`
	CustomerEmail             string        `json:"customerEmail,omitempty"`
	BusinessUnit              *KeyReference `json:"businessUnit,omitempty"`
	RecurringOrder            *Reference    `json:"recurringOrder,omitempty"`
	Store                     *KeyReference `json:"store,omitempty"`
	LineItems                 []LineItem    `json:"lineItems"`
	TotalPrice                Money         `json:"totalPrice"`
	TaxMode                   string        `json:"taxMode"`
	TaxRoundingMode           string        `json:"taxRoundingMode"`
	TaxCalculationMode        string        `json:"taxCalculationMode"`
	InventoryMode             string        `json:"inventoryMode"`
	OrderState                string        `json:"orderState"`
	ShipmentState             string        `json:"shipmentState,omitempty"`
	PaymentState              string        `json:"paymentState,omitempty"`
	ShippingAddress           *Address      `json:"shippingAddress,omitempty"`
	BillingAddress            *Address      `json:"billingAddress,omitempty"`
	ShippingMode              string        `json:"shippingMode"`
	Shipping                  []Shipping    `json:"shipping"`
	ItemShippingAddresses     []Address     `json:"itemShippingAddresses"`
	RefusedGifts              []Reference   `json:"refusedGifts"`
	SyncInfo                  []any         `json:"syncInfo"`
	ReturnInfo                []ReturnInfo  `json:"returnInfo"`
	Cart                      *Reference    `json:"cart,omitempty"`
	Quote                     *Reference    `json:"quote,omitempty"`
	Origin                    string        `json:"origin"`
	Country                   string        `json:"country,omitempty"`
	Locale                    string        `json:"locale,omitempty"`
	Custom                    *CustomFields `json:"custom,omitempty"`
	LastMessageSequenceNumber int           `json:"lastMessageSequenceNumber"`
	// State is the order's step in the seller's own workflow (the States resource).
	State       *Reference   `json:"state,omitempty"`
	PaymentInfo *PaymentInfo `json:"paymentInfo,omitempty"`
	// CreatedBy says who placed the order, as the reference's ClientLogging: the API client, and
	// the customer whose token or the associate the client acted for.
	CreatedBy *ClientLogging `json:"createdBy,omitempty"`
	// ApprovalStatus is the status of the order's approval flow (Pending, Approved, Rejected), absent
	// when no approval rule matched: a read-only Procura extension, so that storefronts and the
	// seller can tell an order that awaits approval (its orderState stays Open meanwhile).
	ApprovalStatus string `json:"approvalStatus,omitempty"`
	// DirectDiscounts are the direct discounts of the cart or the quote the order was made from,
	// so that its total explains itself (absent without any).
	DirectDiscounts []any `json:"directDiscounts,omitempty"`
	// CustomLineItems are the cart's, with their states and custom fields (order_custom_line_items.go), and their
	// shipping details (order_item_shipping.go).
	CustomLineItems []CustomLineItem `json:"customLineItems"`
	ShippingAndTaxes
	OrderDiscounts
}

// ClientLogging names who made a change: the API client, and the customer of a customer's token
// or the associate a client acted for, or the anonymous session of the token.
type ClientLogging struct {
	ClientID    string     `json:"clientId,omitempty"`
	Customer    *Reference `json:"customer,omitempty"`
	Associate   *Reference `json:"associate,omitempty"`
	AnonymousID string     `json:"anonymousId,omitempty"`
	// ExternalUserID names the seller's staff member who made the change in the dashboard.
	ExternalUserID string `json:"externalUserId,omitempty"`
}

// PlacedBy returns the customer who placed the order ("" when the seller did).
func (o *Order) PlacedBy() string {
	switch {
	case o.CreatedBy == nil:
		return ""
	case o.CreatedBy.Associate != nil:
		return o.CreatedBy.Associate.ID
	case o.CreatedBy.Customer != nil:
		return o.CreatedBy.Customer.ID
	}
	return ""
}

// ReturnInfo records items a customer sends back.
type ReturnInfo struct {
	Items            []ReturnItem `json:"items"`
	ReturnTrackingID string       `json:"returnTrackingId,omitempty"`
	ReturnDate       string       `json:"returnDate,omitempty"`
}

// ReturnItem is one returned quantity of a line item.
type ReturnItem struct {
	ID             string        `json:"id"`
	Key            string        `json:"key,omitempty"`
	Type           string        `json:"type"`
	LineItemID     string        `json:"lineItemId"`
	Quantity       int64         `json:"quantity"`
	Comment        string        `json:"comment,omitempty"`
	ShipmentState  string        `json:"shipmentState"`
	PaymentState   string        `json:"paymentState"`
	CreatedAt      string        `json:"createdAt"`
	LastModifiedAt string        `json:"lastModifiedAt"`
	Custom         *CustomFields `json:"custom,omitempty"`
}

// OrderFromCartDraft places a cart: the cart by id (or the reference's older "id" field) at the
// version the client saw.
type OrderFromCartDraft struct {
	ID                  string              `json:"id,omitempty"`
	Cart                *ResourceIdentifier `json:"cart,omitempty"`
	Version             *int64              `json:"version"`
	OrderNumber         string              `json:"orderNumber,omitempty"`
	PurchaseOrderNumber string              `json:"purchaseOrderNumber,omitempty"`
	OrderState          string              `json:"orderState,omitempty"`
	ShipmentState       string              `json:"shipmentState,omitempty"`
	PaymentState        string              `json:"paymentState,omitempty"`
	Custom              *CustomFieldsDraft  `json:"custom,omitempty"`
	State               *ResourceIdentifier `json:"state,omitempty"`
}

// CartID returns the id of the cart the draft places.
func (d OrderFromCartDraft) CartID() (string, error) {
	if d.Version == nil {
		return "", RequiredField("version")
	}
	switch {
	case d.Cart != nil && d.Cart.ID != "":
		return d.Cart.ID, nil
	case d.ID != "":
		return d.ID, nil
	}
	return "", RequiredField("cart")
}

// The states an order, its shipment and its payment may be in: the reference's enumerations.
var (
	orderStates    = []string{OrderOpen, OrderConfirmed, OrderComplete, OrderCancelled}
	shipmentStates = []string{"Shipped", "Delivered", "Ready", "Pending", "Delayed", "Partial", "Backorder", "Canceled"}
	paymentStates  = []string{"BalanceDue", "Failed", "Pending", "CreditOwed", "Paid"}
)

// checkOptionalState checks a shipment or payment state, which an order may also lack.
func checkOptionalState(field, value string, allowed []string) error {
	if value == "" {
		return nil
	}
	return checkOneOf(field, value, allowed...)
}

// checkOrderNumber refuses an order number longer than the reference's 256 characters.
func checkOrderNumber(n string) error {
	if len(n) > 256 {
		return InvalidField("orderNumber", n)
	}
	return nil
}

// NewOrder places cart (which the caller marks Ordered): the order copies its line items,
// prices, addresses, unit, store and purchase order number.
func NewOrder(cart *Cart, d OrderFromCartDraft, id string, now time.Time) (*Order, error) {
	if err := checkOrderNumber(d.OrderNumber); err != nil {
		return nil, err
	}
	state := or(d.OrderState, OrderOpen)
	if err := checkOneOf("orderState", state, orderStates...); err != nil {
		return nil, err
	}
	if err := checkOptionalState("shipmentState", d.ShipmentState, shipmentStates); err != nil {
		return nil, err
	}
	if err := checkOptionalState("paymentState", d.PaymentState, paymentStates); err != nil {
		return nil, err
	}
	o := &Order{OrderNumber: d.OrderNumber, PurchaseOrderNumber: or(d.PurchaseOrderNumber, cart.PurchaseOrderNumber),
		CustomerID: cart.CustomerID, CustomerEmail: cart.CustomerEmail, BusinessUnit: cart.BusinessUnit, Store: cart.Store,
		LineItems: cart.LineItems, CustomLineItems: append([]CustomLineItem{}, cart.CustomLineItems...), TotalPrice: cart.TotalPrice, TaxMode: cart.TaxMode,
		TaxRoundingMode: cart.TaxRoundingMode, TaxCalculationMode: cart.TaxCalculationMode, InventoryMode: cart.InventoryMode,
		OrderState: state, ShipmentState: d.ShipmentState, PaymentState: d.PaymentState,
		ShippingAddress: cart.ShippingAddress, BillingAddress: cart.BillingAddress, ShippingMode: cart.ShippingMode,
		Shipping: append([]Shipping{}, cart.Shipping...), ItemShippingAddresses: append([]Address{}, cart.ItemShippingAddresses...), RefusedGifts: append([]Reference{}, cart.RefusedGifts...), SyncInfo: []any{}, ReturnInfo: []ReturnInfo{},
		Cart: &Reference{TypeID: TypeCart, ID: cart.ID}, Origin: cart.Origin, Country: cart.Country, Locale: cart.Locale, PaymentInfo: cart.PaymentInfo}
	var err error
	if o.Custom, err = customOrCopy(d.Custom, cart.Custom); err != nil {
		return nil, err
	}
	o.ShippingAndTaxes = cart.ShippingAndTaxes
	o.OrderDiscounts = OrderDiscounts(cart.Discounted)
	o.DirectDiscounts = cart.DirectDiscounts
	o.Stamp(id, now)
	return o, nil
}

type orderAction struct {
	Action              string          `json:"action"`
	OrderState          string          `json:"orderState"`
	ShipmentState       string          `json:"shipmentState"`
	PaymentState        string          `json:"paymentState"`
	PurchaseOrderNumber *string         `json:"purchaseOrderNumber"`
	OrderNumber         *string         `json:"orderNumber"`
	Items               json.RawMessage `json:"items"`
	ReturnTrackingID    string          `json:"returnTrackingId"`
	ReturnDate          string          `json:"returnDate"`
	Email               *string         `json:"email"`
	LineItemID          string          `json:"lineItemId"`
	LineItemKey         string          `json:"lineItemKey"`
	customAction
	orderFulfilment
	orderDelivery
	orderItemFields
	orderItemShippingFields
}

type returnItemDraft struct {
	Key           string             `json:"key"`
	Custom        *CustomFieldsDraft `json:"custom"`
	LineItemID    string             `json:"lineItemId"`
	Quantity      int64              `json:"quantity"`
	Comment       string             `json:"comment"`
	ShipmentState string             `json:"shipmentState"`
}

var returnShipmentStates = []string{"Advised", "Returned", "BackInStock", "Unusable"}

// Apply applies one order update action: changeOrderState, changeShipmentState,
// changePaymentState, setPurchaseOrderNumber, setOrderNumber, setCustomerEmail, addReturnInfo,
// setCustomType, setCustomField. Which of them a buyer may use is BuyerOrderAction's to say.
func (o *Order) Apply(raw json.RawMessage, c Change) error {
	var a orderAction
	if err := DecodeAction(raw, &a, orderActions); err != nil {
		return err
	}
	switch a.Action {
	case "changeOrderState":
		if err := checkOneOf("orderState", a.OrderState, orderStates...); err != nil {
			return err
		}
		o.OrderState = a.OrderState
	case "changeShipmentState":
		if err := checkOptionalState("shipmentState", a.ShipmentState, shipmentStates); err != nil {
			return err
		}
		o.ShipmentState = a.ShipmentState
	case "changePaymentState":
		if err := checkOptionalState("paymentState", a.PaymentState, paymentStates); err != nil {
			return err
		}
		o.PaymentState = a.PaymentState
	case "setPurchaseOrderNumber":
		o.PurchaseOrderNumber = deref(a.PurchaseOrderNumber)
	case "setOrderNumber":
		if err := checkOrderNumber(deref(a.OrderNumber)); err != nil {
			return err
		}
		o.OrderNumber = deref(a.OrderNumber)
	case "setCustomerEmail":
		email, err := NormalizeEmail(deref(a.Email))
		if err != nil {
			return err
		}
		o.CustomerEmail = email
	case "addReturnInfo":
		return o.addReturnInfo(a, c)
	default:
		if handled, err := o.applyDelivery(a, c); handled {
			return err
		}
		if handled, err := o.applyMore(a, c); handled {
			return err
		}
		if handled, err := o.applyCustomLineItem(a, c); handled {
			return err
		}
		if handled, err := o.applyItemShipping(a); handled {
			return err
		}
		if handled, err := a.applyCustom(a.Action, &o.Custom); handled {
			return err
		}
		if handled, err := a.applyNested(a.Action, a.LineItemID, a.LineItemKey, o.LineItems, o.ShippingAddress, o.BillingAddress); handled {
			return err
		}
		return UnknownAction(a.Action)
	}
	return nil
}

// addReturnInfo records a return; no line item can be returned more often than it was ordered.
func (o *Order) addReturnInfo(a orderAction, c Change) error {
	var items []returnItemDraft
	if len(a.Items) > 0 && json.Unmarshal(a.Items, &items) != nil {
		return InvalidJSON("items: expected a list of return items")
	}
	return o.addReturn(returnInfoDraft{Items: items, ReturnTrackingID: a.ReturnTrackingID, ReturnDate: a.ReturnDate}, c)
}

// addReturn records one return (see addReturnInfo).
func (o *Order) addReturn(a returnInfoDraft, c Change) error {
	if len(a.Items) == 0 {
		return RequiredField("items")
	}
	if a.ReturnDate != "" {
		if err := checkTime("returnDate", a.ReturnDate); err != nil {
			return err
		}
	}
	info := ReturnInfo{ReturnTrackingID: a.ReturnTrackingID, ReturnDate: a.ReturnDate}
	returned := o.returned()
	for _, d := range a.Items {
		li := o.lineItem(d.LineItemID)
		if li == nil {
			return InvalidInput("The order has no line item '%s'.", d.LineItemID)
		}
		if d.Quantity < 1 {
			return InvalidInput("A returned quantity is at least 1; it is %d.", d.Quantity)
		}
		state := or(d.ShipmentState, "Advised")
		if err := checkOneOf("shipmentState", state, returnShipmentStates...); err != nil {
			return err
		}
		returned[li.ID] += d.Quantity
		if returned[li.ID] > li.Quantity {
			return InvalidOperation("Line item '%s' was ordered %d times; %d would be returned.", li.ID, li.Quantity, returned[li.ID])
		}
		if d.Key != "" {
			if err := CheckKey("items.key", d.Key); err != nil {
				return err
			}
		}
		custom, err := NewCustomFields("items.custom", d.Custom)
		if err != nil {
			return err
		}
		now := FormatTime(c.Now)
		info.Items = append(info.Items, ReturnItem{ID: c.NewID(), Key: d.Key, Type: "LineItemReturnItem", LineItemID: li.ID, Quantity: d.Quantity,
			Comment: d.Comment, ShipmentState: state, PaymentState: "Initial", CreatedAt: now, LastModifiedAt: now, Custom: custom})
	}
	o.ReturnInfo = append(o.ReturnInfo, info)
	return nil
}

func (o *Order) returned() map[string]int64 {
	n := map[string]int64{}
	for _, ri := range o.ReturnInfo {
		for _, it := range ri.Items {
			n[it.LineItemID] += it.Quantity
		}
	}
	return n
}

func (o *Order) lineItem(id string) *LineItem {
	for i := range o.LineItems {
		if o.LineItems[i].ID == id {
			return &o.LineItems[i]
		}
	}
	return nil
}

// orderActions are the order update actions and their fields.
var orderActions = withCustom(withActions(withActions(withActions(withActions(withActions(nestedCustomActions, orderFulfilmentActions), orderDeliveryActions),
	orderCustomLineItemActions), orderItemShippingActions), ActionFields{
	"changeOrderState": {"orderState"}, "changeShipmentState": {"shipmentState"}, "changePaymentState": {"paymentState"},
	"setPurchaseOrderNumber": {"purchaseOrderNumber"}, "setOrderNumber": {"orderNumber"}, "setCustomerEmail": {"email"},
	"addReturnInfo": {"items", "returnTrackingId", "returnDate"},
}))
