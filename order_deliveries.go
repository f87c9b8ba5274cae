package procura

import (
	"encoding/json"
	"slices"
	"time"
)

// This file holds an order's deliveries and parcels, which live in its shipping info as in the
// reference, and its item shipping addresses. order_actions.go dispatches to applyDelivery.

// EstimatedDelivery is when the shipment is expected.
type EstimatedDelivery struct {
	From  string `json:"from,omitempty"`
	Until string `json:"until,omitempty"`
}

// Delivery is one shipment of some of an order's items, in parcels.
type Delivery struct {
	ID        string         `json:"id"`
	Key       string         `json:"key,omitempty"`
	CreatedAt string         `json:"createdAt"`
	Items     []DeliveryItem `json:"items"`
	Parcels   []Parcel       `json:"parcels"`
	Address   *Address       `json:"address,omitempty"`
	Custom    *CustomFields  `json:"custom,omitempty"`
}

// DeliveryItem is a quantity of one line item (by its id).
type DeliveryItem struct {
	ID       string `json:"id"`
	Quantity int64  `json:"quantity"`
}

// Parcel is one package of a delivery.
type Parcel struct {
	ID           string              `json:"id"`
	Key          string              `json:"key,omitempty"`
	CreatedAt    string              `json:"createdAt"`
	Measurements *ParcelMeasurements `json:"measurements,omitempty"`
	TrackingData *TrackingData       `json:"trackingData,omitempty"`
	Items        []DeliveryItem      `json:"items"`
	Custom       *CustomFields       `json:"custom,omitempty"`
}

// ParcelMeasurements are a parcel's size and weight.
type ParcelMeasurements struct {
	HeightInMillimeter *int64 `json:"heightInMillimeter,omitempty"`
	LengthInMillimeter *int64 `json:"lengthInMillimeter,omitempty"`
	WidthInMillimeter  *int64 `json:"widthInMillimeter,omitempty"`
	WeightInGram       *int64 `json:"weightInGram,omitempty"`
}

// TrackingData is how a carrier tracks a parcel.
type TrackingData struct {
	TrackingID          string `json:"trackingId,omitempty"`
	Carrier             string `json:"carrier,omitempty"`
	Provider            string `json:"provider,omitempty"`
	ProviderTransaction string `json:"providerTransaction,omitempty"`
	IsReturn            bool   `json:"isReturn,omitempty"`
}

type parcelDraft struct {
	Key          string              `json:"key"`
	Measurements *ParcelMeasurements `json:"measurements"`
	TrackingData *TrackingData       `json:"trackingData"`
	Items        []DeliveryItem      `json:"items"`
	Custom       *CustomFieldsDraft  `json:"custom"`
}

// orderDelivery holds the fields of the delivery actions.
type orderDelivery struct {
	DeliveryID   string              `json:"deliveryId"`
	DeliveryKey  string              `json:"deliveryKey"`
	ShippingKey  string              `json:"shippingKey"`
	Parcels      []parcelDraft       `json:"parcels"`
	ParcelID     string              `json:"parcelId"`
	ParcelKey    string              `json:"parcelKey"`
	Measurements *ParcelMeasurements `json:"measurements"`
	TrackingData *TrackingData       `json:"trackingData"`
	AddressKey   string              `json:"addressKey"`
	Estimated    *EstimatedDelivery  `json:"estimatedDelivery"`
	Custom       *CustomFieldsDraft  `json:"custom"`
}

var deliveryRef = []string{"deliveryId", "deliveryKey"}
var parcelRef = []string{"parcelId", "parcelKey"}

// orderDeliveryActions are the actions of this file and their fields.
var orderDeliveryActions = ActionFields{
	"addDelivery":                       {"deliveryKey", "shippingKey", "items", "parcels", "address", "custom"},
	"removeDelivery":                    deliveryRef,
	"setDeliveryAddress":                append([]string{"address"}, deliveryRef...),
	"setDeliveryItems":                  append([]string{"items"}, deliveryRef...),
	"setDeliveryCustomType":             append([]string{"type", "fields"}, deliveryRef...),
	"setDeliveryCustomField":            append([]string{"name", "value"}, deliveryRef...),
	"setDeliveryAddressCustomType":      append([]string{"type", "fields"}, deliveryRef...),
	"setDeliveryAddressCustomField":     append([]string{"name", "value"}, deliveryRef...),
	"addParcelToDelivery":               append([]string{"parcelKey", "measurements", "trackingData", "items", "custom"}, deliveryRef...),
	"removeParcelFromDelivery":          parcelRef,
	"setParcelItems":                    append([]string{"items"}, parcelRef...),
	"setParcelMeasurements":             append([]string{"measurements"}, parcelRef...),
	"setParcelTrackingData":             append([]string{"trackingData"}, parcelRef...),
	"setParcelCustomType":               append([]string{"type", "fields"}, parcelRef...),
	"setParcelCustomField":              append([]string{"name", "value"}, parcelRef...),
	"addItemShippingAddress":            {"address"},
	"removeItemShippingAddress":         {"addressKey"},
	"updateItemShippingAddress":         {"address"},
	"setItemShippingAddressCustomType":  {"addressKey", "type", "fields"},
	"setItemShippingAddressCustomField": {"addressKey", "name", "value"},
	"setEstimatedDelivery":              {"estimatedDelivery", "shippingKey"},
	"setShippingCustomType":             {"shippingKey", "type", "fields"},
	"setShippingCustomField":            {"shippingKey", "name", "value"},
}

// applyDelivery applies the actions of this file; handled reports whether a was one of them.
func (o *Order) applyDelivery(a orderAction, c Change) (handled bool, err error) {
	if _, ok := orderDeliveryActions[a.Action]; !ok {
		return false, nil
	}
	if slices.Contains([]string{"addItemShippingAddress", "removeItemShippingAddress", "updateItemShippingAddress",
		"setItemShippingAddressCustomType", "setItemShippingAddressCustomField"}, a.Action) {
		return true, o.itemShippingAddress(a)
	}
	switch a.Action {
	case "setShippingCustomType", "setShippingCustomField":
		return true, o.shipView().setCustom(a.Action, a.ShippingKey, a.customAction)
	case "setEstimatedDelivery":
		info, err := o.shipView().info(a.ShippingKey)
		if err != nil {
			return true, err
		}
		return true, setEstimated(info, a.Estimated)
	}
	lists := o.deliveryLists()
	if len(lists) == 0 {
		return true, InvalidOperation("The order has no shipping info: its deliveries belong to the shipping methods its cart was priced with, and this order has none.")
	}
	// an action that fails leaves the deliveries as they were
	before, err := json.Marshal(lists)
	if err != nil {
		return true, err
	}
	if err := o.changeDeliveries(a, c); err != nil {
		var saved [][]Delivery
		_ = json.Unmarshal(before, &saved)
		for i, l := range lists {
			*l = saved[i]
		}
		return true, err
	}
	return true, nil
}

// deliveryLists are the deliveries of each of the order's shippings: of its one shipping info
// in shipping mode Single, of each shipping in mode Multiple.
func (o *Order) deliveryLists() []*[]Delivery {
	var out []*[]Delivery
	if o.ShippingMode == ShippingMultiple {
		for i := range o.Shipping {
			out = append(out, &o.Shipping[i].ShippingInfo.Deliveries)
		}
	} else if o.ShippingInfo != nil {
		out = append(out, &o.ShippingInfo.Deliveries)
	}
	return out
}

// deliveries are all the order's deliveries, of every shipping.
func (o *Order) deliveries() []*Delivery {
	var out []*Delivery
	for _, l := range o.deliveryLists() {
		for i := range *l {
			out = append(out, &(*l)[i])
		}
	}
	return out
}

func (o *Order) changeDeliveries(a orderAction, c Change) error {
	switch a.Action {
	case "addDelivery":
		return o.addDelivery(a, c)
	case "addParcelToDelivery":
		d, err := o.delivery(a.DeliveryID, a.DeliveryKey)
		if err != nil {
			return err
		}
		return o.addParcel(d, parcelDraft{Key: a.ParcelKey, Measurements: a.Measurements, TrackingData: a.TrackingData,
			Items: deliveryItems(a.Items), Custom: a.Custom}, c)
	case "removeDelivery", "setDeliveryAddress", "setDeliveryItems", "setDeliveryCustomType", "setDeliveryCustomField",
		"setDeliveryAddressCustomType", "setDeliveryAddressCustomField":
		return o.changeDelivery(a)
	}
	return o.changeParcel(a)
}

// deliveryItems reads the items of a delivery action (the field is shared with returns).
func deliveryItems(raw json.RawMessage) []DeliveryItem {
	var items []DeliveryItem
	_ = json.Unmarshal(raw, &items) // checked by checkDeliveries
	return items
}

// addDelivery adds a delivery to the order's shipping (in shipping mode Multiple, the one
// shippingKey names).
func (o *Order) addDelivery(a orderAction, c Change) error {
	info, err := o.shipView().info(a.ShippingKey)
	if err != nil {
		return err
	}
	if a.DeliveryKey != "" {
		if err := CheckKey("deliveryKey", a.DeliveryKey); err != nil {
			return err
		}
		if _, err := o.delivery("", a.DeliveryKey); err == nil {
			return DuplicateField("deliveryKey", a.DeliveryKey)
		}
	}
	if a.Address != nil {
		if err := checkAddress("address", a.Address); err != nil {
			return err
		}
	}
	custom, err := NewCustomFields("custom", a.Custom)
	if err != nil {
		return err
	}
	var items []DeliveryItem
	if len(a.Items) > 0 && json.Unmarshal(a.Items, &items) != nil {
		return InvalidJSON("items: expected a list of delivery items")
	}
	d := Delivery{ID: c.NewID(), Key: a.DeliveryKey, CreatedAt: FormatTime(c.Now), Items: orEmpty(items), Parcels: []Parcel{},
		Address: a.Address, Custom: custom}
	info.Deliveries = append(info.Deliveries, d)
	added := &info.Deliveries[len(info.Deliveries)-1]
	for _, p := range a.Parcels {
		if err := o.addParcel(added, p, c); err != nil {
			return err
		}
	}
	return o.checkDeliveries()
}

// orEmpty returns items, or an empty list for none: what answers show as [] rather than null.
func orEmpty[T any](items []T) []T {
	if items == nil {
		return []T{}
	}
	return items
}

func (o *Order) addParcel(d *Delivery, p parcelDraft, c Change) error {
	if p.Key != "" {
		if err := CheckKey("parcelKey", p.Key); err != nil {
			return err
		}
		if _, _, err := o.parcel("", p.Key); err == nil {
			return DuplicateField("parcelKey", p.Key)
		}
	}
	custom, err := NewCustomFields("custom", p.Custom)
	if err != nil {
		return err
	}
	d.Parcels = append(d.Parcels, Parcel{ID: c.NewID(), Key: p.Key, CreatedAt: FormatTime(c.Now), Measurements: p.Measurements,
		TrackingData: p.TrackingData, Items: orEmpty(p.Items), Custom: custom})
	return o.checkDeliveries()
}

// delivery finds a delivery by id, else by key.
func (o *Order) delivery(id, key string) (*Delivery, error) {
	if id == "" && key == "" {
		return nil, RequiredField("deliveryId")
	}
	for _, d := range o.deliveries() {
		if id != "" && d.ID == id || id == "" && d.Key == key {
			return d, nil
		}
	}
	return nil, InvalidInput("The order has no delivery '%s'.", or(id, key))
}

// parcel finds a parcel by id, else by key, with its delivery.
func (o *Order) parcel(id, key string) (*Delivery, int, error) {
	if id == "" && key == "" {
		return nil, -1, RequiredField("parcelId")
	}
	for _, d := range o.deliveries() {
		for j, p := range d.Parcels {
			if id != "" && p.ID == id || id == "" && p.Key == key {
				return d, j, nil
			}
		}
	}
	return nil, -1, InvalidInput("The order has no parcel '%s'.", or(id, key))
}

func (o *Order) changeDelivery(a orderAction) error {
	d, err := o.delivery(a.DeliveryID, a.DeliveryKey)
	if err != nil {
		return err
	}
	switch a.Action {
	case "removeDelivery":
		for _, l := range o.deliveryLists() {
			if i := slices.IndexFunc(*l, func(x Delivery) bool { return x.ID == d.ID }); i >= 0 {
				*l = slices.Delete(*l, i, i+1)
				return nil
			}
		}
	case "setDeliveryAddress":
		if a.Address != nil {
			if err := checkAddress("address", a.Address); err != nil {
				return err
			}
		}
		d.Address = a.Address
	case "setDeliveryItems":
		if a.Items == nil {
			return RequiredField("items")
		}
		var items []DeliveryItem
		if json.Unmarshal(a.Items, &items) != nil {
			return InvalidJSON("items: expected a list of delivery items")
		}
		d.Items = orEmpty(items)
		return o.checkDeliveries()
	case "setDeliveryCustomType", "setDeliveryCustomField":
		return a.customAction.apply(customName(a.Action, "setDelivery"), &d.Custom)
	default:
		if d.Address == nil {
			return InvalidOperation("The delivery '%s' has no address to give custom fields.", d.ID)
		}
		return a.customAction.apply(customName(a.Action, "setDeliveryAddress"), &d.Address.Custom)
	}
	return nil
}

func (o *Order) changeParcel(a orderAction) error {
	d, i, err := o.parcel(a.ParcelID, a.ParcelKey)
	if err != nil {
		return err
	}
	p := &d.Parcels[i]
	switch a.Action {
	case "removeParcelFromDelivery":
		d.Parcels = slices.Delete(d.Parcels, i, i+1)
	case "setParcelItems":
		if a.Items == nil {
			return RequiredField("items")
		}
		var items []DeliveryItem
		if json.Unmarshal(a.Items, &items) != nil {
			return InvalidJSON("items: expected a list of delivery items")
		}
		p.Items = orEmpty(items)
		return o.checkDeliveries()
	case "setParcelMeasurements":
		p.Measurements = a.Measurements
		return checkMeasurements(p.Measurements)
	case "setParcelTrackingData":
		p.TrackingData = a.TrackingData
	default:
		return a.customAction.apply(customName(a.Action, "setParcel"), &p.Custom)
	}
	return nil
}

// checkDeliveries keeps the deliveries within the order: each item a line item, all deliveries
// together at most the quantity ordered of each, each delivery's parcels at most what it holds.
func (o *Order) checkDeliveries() error {
	delivered := map[string]int64{}
	for _, d := range o.deliveries() {
		inDelivery, err := o.countItems(d.Items, nil)
		if err != nil {
			return err
		}
		for id, n := range inDelivery {
			delivered[id] += n
			if li := o.lineItem(id); delivered[id] > li.Quantity {
				return InvalidOperation("Line item '%s' was ordered %d times; the deliveries hold %d.", id, li.Quantity, delivered[id])
			}
		}
		inParcels := map[string]int64{}
		for _, p := range d.Parcels {
			if err := checkMeasurements(p.Measurements); err != nil {
				return err
			}
			if _, err := o.countItems(p.Items, inParcels); err != nil {
				return err
			}
		}
		for id, n := range inParcels {
			if n > inDelivery[id] {
				return InvalidOperation("The parcels of delivery '%s' hold %d of line item '%s'; the delivery holds %d.", d.ID, n, id, inDelivery[id])
			}
		}
	}
	return nil
}

// countItems adds the quantities of items, per line item, to into (a new map when nil).
func (o *Order) countItems(items []DeliveryItem, into map[string]int64) (map[string]int64, error) {
	if into == nil {
		into = map[string]int64{}
	}
	for _, it := range items {
		if o.lineItem(it.ID) == nil {
			return nil, InvalidInput("The order has no line item '%s'.", it.ID)
		}
		if it.Quantity < 1 {
			return nil, InvalidInput("A delivered quantity is at least 1; it is %d.", it.Quantity)
		}
		into[it.ID] += it.Quantity
	}
	return into, nil
}

func checkMeasurements(m *ParcelMeasurements) error {
	if m == nil {
		return nil
	}
	for _, v := range []*int64{m.HeightInMillimeter, m.LengthInMillimeter, m.WidthInMillimeter, m.WeightInGram} {
		if v != nil && *v < 0 {
			return InvalidInput("A parcel's measurements are not negative; one is %d.", *v)
		}
	}
	return nil
}

// itemShippingAddress applies the actions on the order's item shipping addresses, each named by
// its key.
func (o *Order) itemShippingAddress(a orderAction) error {
	key := a.AddressKey
	if a.Address != nil {
		if err := checkAddress("address", a.Address); err != nil {
			return err
		}
		if a.Address.Key == "" {
			return RequiredField("address.key")
		}
		key = a.Address.Key
	}
	if key == "" {
		return RequiredField("addressKey")
	}
	i := addressIndex(o.ItemShippingAddresses, key)
	switch {
	case a.Action == "addItemShippingAddress" && i >= 0:
		return DuplicateField("address.key", key)
	case a.Action == "addItemShippingAddress":
		o.ItemShippingAddresses = append(o.ItemShippingAddresses, *a.Address)
		return nil
	case i < 0:
		return InvalidInput("The order has no item shipping address '%s'.", key)
	}
	switch a.Action {
	case "removeItemShippingAddress":
		if err := stillTargeted(o.shippingDetailsAll(), key); err != nil {
			return err
		}
		o.ItemShippingAddresses = slices.Delete(o.ItemShippingAddresses, i, i+1)
	case "updateItemShippingAddress":
		o.ItemShippingAddresses[i] = *a.Address
	default:
		return a.customAction.apply(customName(a.Action, "setItemShippingAddress"), &o.ItemShippingAddresses[i].Custom)
	}
	return nil
}

// slots are the custom fields of the deliveries, their addresses and parcels, and of the item
// shipping addresses.
func (o *Order) deliverySlots() []CustomSlot {
	var out []CustomSlot
	for i := range o.ItemShippingAddresses {
		out = append(out, addressSlots("itemShippingAddresses", &o.ItemShippingAddresses[i])...)
	}
	for _, d := range o.deliveries() {
		out = append(append(out, slot("shippingInfo.deliveries.custom", "order-delivery", d.Custom)...), addressSlots("shippingInfo.deliveries.address", d.Address)...)
		for _, p := range d.Parcels {
			out = append(out, slot("shippingInfo.deliveries.parcels.custom", "order-parcel", p.Custom)...)
		}
	}
	return out
}

// setEstimated sets when a shipping is expected (nil for unknown): times, the end not before the
// beginning.
func setEstimated(info *ShippingInfo, e *EstimatedDelivery) error {
	if e != nil {
		for field, v := range map[string]string{"estimatedDelivery.from": e.From, "estimatedDelivery.until": e.Until} {
			if v != "" {
				if err := checkTime(field, v); err != nil {
					return err
				}
			}
		}
		if e.From != "" && e.Until != "" && parseTime(e.Until).Before(parseTime(e.From)) {
			return InvalidInput("The estimated delivery ends (%s) before it begins (%s).", e.Until, e.From)
		}
	}
	info.EstimatedDelivery = e
	return nil
}

func parseTime(v string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, v)
	return t
}
