package app

import (
	"context"
	"encoding/json"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// paymentKind stores payments by key, owned by their customer; a payment records its customer
// and its workflow state, which then cannot be deleted.
var paymentKind = kind[procura.Payment, *procura.Payment]{
	typ: procura.TypePayment,
	index: func(p *procura.Payment) store.Doc {
		d := store.Doc{Key: p.Key, Refs: []store.Ref{}}
		if p.Customer != nil {
			d.Owner = p.Customer.ID
			d.Refs = append(d.Refs, store.Ref{Type: procura.TypeCustomer, ID: p.Customer.ID})
		}
		if p.PaymentStatus.State != nil {
			d.Refs = append(d.Refs, store.Ref{Type: procura.TypeState, ID: p.PaymentStatus.State.ID})
		}
		return d
	},
}

// CreatePayment records a payment (the seller or its payment integration).
func (a *App) CreatePayment(ctx context.Context, c Caller, d procura.PaymentDraft) (*procura.Payment, error) {
	var out *procura.Payment
	err := a.write(ctx, c, func(l *lookup) error {
		p, err := procura.NewPayment(d, a.change(l))
		if err != nil {
			return err
		}
		out = p
		return paymentKind.insert(l.docs, p)
	})
	return out, err
}

// CreateMyPayment records a payment of the token's customer (/me/payments).
func (a *App) CreateMyPayment(ctx context.Context, c Caller, d procura.MyPaymentDraft) (*procura.Payment, error) {
	return a.CreatePayment(ctx, c, d.PaymentDraft(c.CustomerID))
}

// GetPayment returns the payment r names; a customer's token reaches only its customer's.
func (a *App) GetPayment(ctx context.Context, c Caller, r Ref) (*procura.Payment, error) {
	var out *procura.Payment
	err := a.read(ctx, c.ProjectKey, func(l *lookup) error {
		p, _, err := loadPayment(l, c, r)
		out = p
		return err
	})
	return out, err
}

// loadPayment loads a payment the caller may reach: through a customer's token, only that
// customer's (another's is not found).
func loadPayment(l *lookup, c Caller, r Ref) (*procura.Payment, *store.Doc, error) {
	p, doc, err := paymentKind.load(l, r)
	if err != nil {
		return nil, nil, err
	}
	if c.CustomerID != "" && doc.Owner != c.CustomerID {
		return nil, nil, procura.NotFound(r.String())
	}
	return p, doc, nil
}

// QueryPayments pages through the payments; a customer's token lists its customer's.
func (a *App) QueryPayments(ctx context.Context, c Caller, q Query) (*Page, error) {
	var page *Page
	err := a.read(ctx, c.ProjectKey, func(l *lookup) error {
		f := store.Filter{Type: procura.TypePayment, Sort: []store.SortBy{{Column: store.ColumnInserted}}}
		if c.CustomerID != "" {
			f.Owner = c.CustomerID
		}
		var err error
		page, err = a.findPage(l.docs, f, q, paymentKind.show(l))
		return err
	})
	return page, err
}

// UpdatePayment applies payment update actions; a customer's token only MyPayment's, on its
// customer's payments.
func (a *App) UpdatePayment(ctx context.Context, c Caller, r Ref, u procura.Update) (*procura.Payment, error) {
	var out *procura.Payment
	err := a.write(ctx, c, func(l *lookup) error {
		p, doc, err := loadPayment(l, c, r)
		if err != nil {
			return err
		}
		if err := checkUpdateVersion(doc, u); err != nil {
			return err
		}
		ch := a.change(l)
		err = applyActions(u, func(raw json.RawMessage) error {
			if c.CustomerID != "" {
				if err := procura.MyPaymentAction(raw); err != nil {
					return err
				}
			}
			return p.Apply(raw, ch)
		})
		if err != nil {
			return err
		}
		p.Touch(a.Now())
		out = p
		return paymentKind.save(l.docs, p, doc.Version)
	})
	return out, err
}

// DeletePayment deletes a payment no order holds (else ReferenceExists); a customer's token only
// its customer's.
func (a *App) DeletePayment(ctx context.Context, c Caller, r Ref, version int64) (*procura.Payment, error) {
	var out *procura.Payment
	err := a.write(ctx, c, func(l *lookup) error {
		p, doc, err := loadPayment(l, c, r)
		if err != nil {
			return err
		}
		if err := checkVersion(doc, version); err != nil {
			return err
		}
		if err := refuseIfReferenced(l.docs, procura.TypePayment, p.ID, procura.TypeOrder); err != nil {
			return err
		}
		out = p
		return remove(l.docs, doc, version)
	})
	return out, err
}

// attachable finds the payments a caller may put into a cart or an order: the seller any; every
// other caller only the payments of the customer it acts for (an anonymous session: of its own
// session), and a trusted backend also the payments of no one, which only an API client records
// (decision 0032). Another's payment is not found, so that no one learns of it. A payment
// another order holds is not attached again.
type attachable struct {
	l     *lookup
	who   Acting
	order string // the order being changed, if it is one
}

func (p attachable) Payment(ri procura.ResourceIdentifier, attach bool) (*procura.Payment, error) {
	doc, err := p.l.doc("payment", procura.TypePayment, ri)
	if err != nil {
		return nil, err
	}
	pay := &procura.Payment{}
	if err := json.Unmarshal(doc.Data, pay); err != nil {
		return nil, err
	}
	switch {
	case p.who.Kind == procura.AsSeller:
	case p.who.Kind == procura.AsAnonymous && pay.Customer == nil && pay.AnonymousID != "" && pay.AnonymousID == p.who.AnonymousID:
	case p.who.Kind != procura.AsAnonymous && pay.Customer != nil && pay.Customer.ID == p.who.CustomerID:
	case p.who.Kind == procura.AsBackend && pay.Customer == nil && pay.AnonymousID == "":
	default:
		return nil, procura.ReferencedNotFound(procura.TypePayment, ri.ID, ri.Key)
	}
	if !attach {
		return pay, nil
	}
	refs, err := p.l.docs.ReferencedBy(store.Ref{Type: procura.TypePayment, ID: pay.ID}, 10)
	if err != nil {
		return nil, err
	}
	for _, r := range refs {
		if r.Type == procura.TypeOrder && r.ID != p.order {
			return nil, procura.InvalidOperation("The payment '%s' belongs to order '%s' already.", pay.ID, r.ID)
		}
	}
	return pay, nil
}

// paymentsFree refuses a new order whose cart holds a payment another order holds already.
func paymentsFree(l *lookup, o *procura.Order) error {
	if o.PaymentInfo == nil {
		return nil
	}
	for _, p := range o.PaymentInfo.Payments {
		if _, err := (attachable{l: l, who: Acting{Kind: procura.AsSeller}, order: o.ID}).Payment(procura.ResourceIdentifier{ID: p.ID}, true); err != nil {
			return err
		}
	}
	return nil
}
