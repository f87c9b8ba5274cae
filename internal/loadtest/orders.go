package loadtest

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// storedOrder is an order as internal/app stores it: the order and the company (top-level unit)
// it is listed under. It must encode exactly as app's storedOrder does.
type storedOrder struct {
	procura.Order
	Company string `json:"-"` // a column only, as internal/app stores it
}

// OrderDoc returns the document internal/app would store for o in company: the indexed columns
// of app's orderKind (Key the order number, Unique the cart, Parent the unit, Owner the
// customer, Group the company, State the order state, Amount the total's cents, ModifiedAt its
// lastModifiedAt) and the JSON of the order.
func OrderDoc(o *procura.Order, company string) (*store.Doc, error) {
	data, err := json.Marshal(storedOrder{Order: *o, Company: company})
	if err != nil {
		return nil, err
	}
	amount := o.TotalPrice.CentAmount
	d := &store.Doc{Type: procura.TypeOrder, ID: o.ID, Key: o.OrderNumber, Owner: o.CustomerID, Group: company, State: o.OrderState,
		Version: o.Version, CreatedAt: o.CreatedAt, ModifiedAt: o.LastModifiedAt, Amount: &amount, Data: data}
	if o.BusinessUnit != nil {
		d.Parent = o.BusinessUnit.Key
	}
	if o.Cart != nil {
		d.Unique = o.Cart.ID
	}
	return d, nil
}

// states is how the bulk orders' states are spread: mostly complete, some open or cancelled.
var states = []string{procura.OrderComplete, procura.OrderComplete, procura.OrderComplete, procura.OrderComplete,
	procura.OrderComplete, procura.OrderComplete, procura.OrderConfirmed, procura.OrderConfirmed, procura.OrderOpen, procura.OrderCancelled}

// newOrders returns a function that yields the document of bulk order 0, 1, … in turn: created
// in the year before End in ascending order (as an application inserts them), in a random
// company, a random unit of it, by a random associate of that unit, with 1 to 3 line items
// copied from the template.
func newOrders(w *World, tpl *procura.Order, cfg Config) func() (*store.Doc, error) {
	r := rand.New(rand.NewPCG(cfg.Seed, 2))
	start := End.Add(-365 * 24 * time.Hour).UnixMilli()
	slot := max(1, (End.UnixMilli()-start)/int64(max(cfg.Orders, 1)))
	type unit struct {
		company string
		key     string
		people  []Associate
	}
	units := make([][]unit, len(w.Companies))
	for i, c := range w.Companies {
		for _, key := range c.Units() {
			units[i] = append(units[i], unit{c.Key, key, c.In(key)})
		}
	}
	i := 0
	return func() (*store.Doc, error) {
		us := units[r.IntN(len(units))]
		u := us[r.IntN(len(us))]
		if len(u.people) == 0 {
			return nil, fmt.Errorf("unit %s has no associates", u.key)
		}
		p := u.people[r.IntN(len(u.people))]
		created := procura.FormatTime(time.UnixMilli(start + int64(i)*slot + r.Int64N(slot)))
		o := *tpl
		o.ID, o.Version, o.CreatedAt, o.LastModifiedAt = newUUID(r), 1, created, created
		o.OrderNumber = fmt.Sprintf("LT%08d", i+1)
		o.PurchaseOrderNumber = fmt.Sprintf("PO-%s-%06d", u.company, r.IntN(1_000_000))
		o.CustomerID, o.CustomerEmail = p.CustomerID, p.Email
		o.BusinessUnit = &procura.KeyReference{TypeID: procura.TypeBusinessUnit, Key: u.key}
		o.Cart = &procura.Reference{TypeID: procura.TypeCart, ID: newUUID(r)}
		o.OrderState = states[r.IntN(len(states))]
		n := 1 + r.IntN(len(tpl.LineItems))
		first := r.IntN(len(tpl.LineItems))
		o.LineItems = make([]procura.LineItem, n)
		total := procura.NewMoney(tpl.TotalPrice.CurrencyCode, 0)
		for k := range n {
			li := tpl.LineItems[(first+k)%len(tpl.LineItems)]
			li.ID, li.Quantity, li.AddedAt, li.LastModifiedAt = newUUID(r), 1+r.Int64N(50), created, created
			li.TotalPrice = li.Price.Value.Times(li.Quantity)
			total.CentAmount += li.TotalPrice.CentAmount
			o.LineItems[k] = li
		}
		o.TotalPrice = total
		i++
		if cfg.Each != nil {
			cfg.Each(&o, u.company)
		}
		return OrderDoc(&o, u.company)
	}
}

// newUUID returns a random (version 4) UUID drawn from r, so that a seed gives the same ids.
func newUUID(r *rand.Rand) string {
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], r.Uint64())
	binary.LittleEndian.PutUint64(b[8:], r.Uint64())
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:], b[10:])
	return string(s[:])
}
