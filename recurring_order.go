package procura

import "time"

// TypeRecurringOrder is the type id of recurring orders.
const TypeRecurringOrder = "recurring-order"

// OriginRecurringOrder is the origin of a recurring order's cart and of the carts it orders.
const OriginRecurringOrder = "RecurringOrder"

// The states of a recurring order. Canceled and Expired are final; Failed waits for the seller
// to make it Active again once the cause (a product gone, a unit blocked) is mended.
const (
	RecurringActive   = "Active"
	RecurringPaused   = "Paused"
	RecurringExpired  = "Expired"
	RecurringCanceled = "Canceled"
	RecurringFailed   = "Failed"
)

// RecurringOrder orders its cart (a template of origin RecurringOrder) again on its schedule.
type RecurringOrder struct {
	Base
	Key                 string             `json:"key,omitempty"`
	Cart                Reference          `json:"cart"`
	OriginOrder         *Reference         `json:"originOrder,omitempty"`
	StartsAt            string             `json:"startsAt"`
	ResumesAt           string             `json:"resumesAt,omitempty"`
	ExpiresAt           string             `json:"expiresAt,omitempty"`
	LastOrderAt         string             `json:"lastOrderAt,omitempty"`
	NextOrderAt         string             `json:"nextOrderAt,omitempty"`
	SkipConfiguration   *SkipConfiguration `json:"skipConfiguration,omitempty"`
	Store               *KeyReference      `json:"store,omitempty"`
	BusinessUnit        *KeyReference      `json:"businessUnit,omitempty"`
	RecurringOrderState string             `json:"recurringOrderState"`
	Schedule            Schedule           `json:"schedule"`
	Customer            *Reference         `json:"customer,omitempty"`
	CustomerEmail       string             `json:"customerEmail,omitempty"`
	Custom              *CustomFields      `json:"custom,omitempty"`
}

// SkipConfiguration skips the next TotalToSkip orders ("Counter", the reference's one kind).
type SkipConfiguration struct {
	Type          string `json:"type"`
	TotalToSkip   int    `json:"totalToSkip"`
	Skipped       int    `json:"skipped"`
	LastSkippedAt string `json:"lastSkippedAt,omitempty"`
}

// SkipConfigurationDraft sets a SkipConfiguration.
type SkipConfigurationDraft struct {
	Type        string `json:"type"`
	TotalToSkip int    `json:"totalToSkip"`
}

// MaxSkips bounds how many orders one skip configuration skips.
const MaxSkips = 1000

// RecurringOrderDraft creates a recurring order from a cart whose items recur by one policy.
type RecurringOrderDraft struct {
	Cart        *ResourceIdentifier `json:"cart"`
	CartVersion *int64              `json:"cartVersion"`
	StartsAt    string              `json:"startsAt,omitempty"`
	ExpiresAt   string              `json:"expiresAt,omitempty"`
	Key         string              `json:"key,omitempty"`
	Custom      *CustomFieldsDraft  `json:"custom,omitempty"`
	State       *ResourceIdentifier `json:"state,omitempty"`
}

// CheckEnvelope validates what the draft says before its cart is read.
func (d RecurringOrderDraft) CheckEnvelope() error {
	if err := d.Cart.Check("cart", TypeCart); err != nil {
		return err
	}
	if d.Cart.ID == "" {
		return InvalidInput("cart: a recurring order names its cart by id.")
	}
	if d.CartVersion == nil {
		return RequiredField("cartVersion")
	}
	if d.State != nil {
		return Unsupported("state", d.State.IDOrKey(), "workflow states of recurring orders")
	}
	if d.Key != "" {
		return CheckKey("key", d.Key)
	}
	return nil
}

// NewRecurringOrder builds the recurring order of the template cart tmpl on schedule s at now:
// its first order is due at the schedule's first occurrence from startsAt (default now).
func NewRecurringOrder(d RecurringOrderDraft, tmpl *Cart, s Schedule, id string, now time.Time) (*RecurringOrder, error) {
	start, err := optionalTime("startsAt", d.StartsAt, now)
	if err != nil {
		return nil, err
	}
	custom, err := NewCustomFields("custom", d.Custom)
	if err != nil {
		return nil, err
	}
	r := &RecurringOrder{Key: d.Key, Cart: Reference{TypeID: TypeCart, ID: tmpl.ID}, StartsAt: FormatTime(start),
		RecurringOrderState: RecurringActive, Schedule: s, Store: tmpl.Store, BusinessUnit: tmpl.BusinessUnit,
		CustomerEmail: tmpl.CustomerEmail, Custom: custom}
	if tmpl.CustomerID != "" {
		r.Customer = &Reference{TypeID: TypeCustomer, ID: tmpl.CustomerID}
	}
	if err := r.setExpiresAt(d.ExpiresAt); err != nil {
		return nil, err
	}
	r.NextOrderAt = FormatTime(s.First(start))
	r.Stamp(id, now)
	return r, nil
}

// Originated records the order the recurring order was made with, placed at now: its first
// occurrence.
func (r *RecurringOrder) Originated(orderID string, now time.Time) {
	r.OriginOrder = &Reference{TypeID: TypeOrder, ID: orderID}
	r.LastOrderAt = FormatTime(now)
	r.NextOrderAt = FormatTime(r.Schedule.Next(at(r.NextOrderAt), at(r.StartsAt)))
}

// optionalTime parses an RFC 3339 time of field; empty is def.
func optionalTime(field, v string, def time.Time) (time.Time, error) {
	if v == "" {
		return def, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, InvalidField(field, v)
	}
	return t, nil
}

// at parses a time the recurring order holds (written by FormatTime).
func at(v string) time.Time {
	t, _ := time.Parse(time.RFC3339, v)
	return t
}

func (r *RecurringOrder) setExpiresAt(v string) error {
	if v == "" {
		r.ExpiresAt = ""
		return nil
	}
	t, err := optionalTime("expiresAt", v, time.Time{})
	if err != nil {
		return err
	}
	if !t.After(at(r.StartsAt)) {
		return InvalidInput("expiresAt (%s) must be after startsAt (%s).", v, r.StartsAt)
	}
	r.ExpiresAt = FormatTime(t)
	return nil
}

// final reports whether the recurring order makes no more orders, whatever is done to it.
func (r *RecurringOrder) final() bool {
	return r.RecurringOrderState == RecurringCanceled || r.RecurringOrderState == RecurringExpired
}

// upcoming sets the next order to the schedule's first occurrence from now on: after the last
// order (or from startsAt before the first), missed occurrences not made up for.
func (r *RecurringOrder) upcoming(now time.Time) {
	start := at(r.StartsAt)
	next := r.Schedule.First(start)
	if r.LastOrderAt != "" {
		next = r.Schedule.Next(at(r.LastOrderAt), start)
	}
	for next.Before(now) {
		next = r.Schedule.Next(next, start)
	}
	r.NextOrderAt = FormatTime(next)
}

// Occurrence is what Tick decided at a due occurrence.
type Occurrence int

// What a tick does.
const (
	Nothing Occurrence = iota // not due, or only resumed or expired
	Skip                      // the occurrence is skipped (its counter counts it)
	Place                     // an order is placed now
)

// Tick moves the recurring order to now: a pause whose resumesAt has come ends; an occurrence
// due is placed or skipped, and the next one set, the first after now (so that a runner that
// was down does not place a burst of orders); past expiresAt, the order expires. It reports
// what to do and whether the recurring order changed.
func (r *RecurringOrder) Tick(now time.Time) (Occurrence, bool) {
	changed := false
	if r.RecurringOrderState == RecurringPaused && r.ResumesAt != "" && !now.Before(at(r.ResumesAt)) {
		r.RecurringOrderState, r.ResumesAt, changed = RecurringActive, "", true
		r.upcoming(now)
	}
	if !r.Due(now) {
		return Nothing, changed
	}
	due := at(r.NextOrderAt)
	if r.expiresBy(due) {
		r.RecurringOrderState, r.NextOrderAt = RecurringExpired, ""
		return Nothing, true
	}
	what := Place
	if sc := r.SkipConfiguration; sc != nil && sc.Skipped < sc.TotalToSkip {
		sc.Skipped++
		sc.LastSkippedAt = FormatTime(now)
		what = Skip
	} else {
		r.LastOrderAt = FormatTime(now)
	}
	start, next := at(r.StartsAt), due
	for !next.After(now) {
		next = r.Schedule.Next(next, start)
	}
	r.NextOrderAt = FormatTime(next)
	if r.expiresBy(next) {
		r.RecurringOrderState, r.NextOrderAt = RecurringExpired, ""
	}
	return what, true
}

// expiresBy reports whether the recurring order has expired at t.
func (r *RecurringOrder) expiresBy(t time.Time) bool {
	return r.ExpiresAt != "" && !t.Before(at(r.ExpiresAt))
}

// Due reports whether an order is due at now.
func (r *RecurringOrder) Due(now time.Time) bool {
	return r.RecurringOrderState == RecurringActive && r.NextOrderAt != "" && !now.Before(at(r.NextOrderAt))
}

// Fail records that the order due could not be placed: no order is made until the seller makes
// the recurring order Active again.
func (r *RecurringOrder) Fail() { r.RecurringOrderState = RecurringFailed }

// CustomSlots implements Customizable.
func (r *RecurringOrder) CustomSlots() []CustomSlot {
	return slot("custom", TypeRecurringOrder, r.Custom)
}
