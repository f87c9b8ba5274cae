package app

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// RunRecurringOrders places the orders due at now in every project, and reports how many it
// placed. Each occurrence is claimed in the transaction that places its order: the recurring
// order is saved at the version read, so of runners on several nodes one alone commits it, and a
// crash leaves the occurrence due. An order that cannot be placed marks its recurring order
// Failed.
func (a *App) RunRecurringOrders(ctx context.Context, now time.Time) (int, error) {
	placed, err := a.eachProject(ctx, func(key string) (int64, error) {
		n, err := a.runDue(ctx, Caller{ProjectKey: key}, now)
		return int64(n), err
	})
	return int(placed), err
}

// eachProject runs job for every project, one after the other, and adds up what each did; one
// project's trouble does not hold back the others, and all of it is reported.
func (a *App) eachProject(ctx context.Context, job func(key string) (int64, error)) (int64, error) {
	keys, err := a.projectKeys(ctx)
	if err != nil {
		return 0, err
	}
	var done int64
	var errs []error
	for _, key := range keys {
		n, err := job(key)
		done += n
		errs = append(errs, err)
	}
	return done, errors.Join(errs...)
}

// runPage is how many documents the background jobs read at once.
const runPage = 500

// eachFound calls fn for each document f selects, in the order they were inserted, a page at a
// time.
func eachFound(l *lookup, f store.Filter, fn func(*store.Doc) error) error {
	f.Sort, f.Limit = []store.SortBy{{Column: store.ColumnInserted}}, runPage
	for {
		docs, _, err := l.docs.Find(f)
		if err != nil {
			return err
		}
		for _, doc := range docs {
			if err := fn(doc); err != nil {
				return err
			}
		}
		if len(docs) < runPage {
			return nil
		}
		f.Offset += runPage
	}
}

// runDue runs the project's due recurring orders.
func (a *App) runDue(ctx context.Context, c Caller, now time.Time) (int, error) {
	var due []string
	err := a.read(ctx, c.ProjectKey, func(l *lookup) error {
		f := store.Filter{Type: procura.TypeRecurringOrder, States: []string{procura.RecurringActive, procura.RecurringPaused}}
		return eachFound(l, f, func(doc *store.Doc) error {
			var r procura.RecurringOrder
			if err := json.Unmarshal(doc.Data, &r); err != nil {
				return err
			}
			if _, changed := r.Tick(now); changed {
				due = append(due, doc.ID)
			}
			return nil
		})
	})
	if err != nil {
		return 0, err
	}
	placed, errs := 0, []error{}
	for _, id := range due {
		ok, err := a.runOne(ctx, c, id, now)
		if ok {
			placed++
		}
		if procura.ErrorCode(err) != procura.CodeConcurrentModification { // another node ran it
			errs = append(errs, err)
		}
	}
	return placed, errors.Join(errs...)
}

// runOne moves one recurring order to now, placing its order if one is due, in one
// transaction; a domain error placing it marks the recurring order Failed instead.
func (a *App) runOne(ctx context.Context, c Caller, id string, now time.Time) (bool, error) {
	placed := false
	err := a.acting(ctx, c, Acting{}, func(l *lookup, x *access) error {
		placed = false
		r, doc, err := recurringKind.load(l, Ref{ID: id})
		if err != nil {
			return err
		}
		what, changed := r.Tick(now)
		if !changed {
			return nil // another node ran it first
		}
		if what == procura.Place {
			if err := a.placeRecurring(l, c, x, r); err != nil {
				return err
			}
			placed = true
		}
		r.Touch(now)
		return recurringKind.save(l.docs, r, doc.Version)
	})
	var pe *procura.Error
	if err == nil || !errors.As(err, &pe) || pe.Code == procura.CodeConcurrentModification {
		return err == nil && placed, err
	}
	return false, a.write(ctx, c, func(l *lookup) error {
		r, doc, lerr := recurringKind.load(l, Ref{ID: id})
		if lerr != nil {
			return lerr
		}
		if !r.Due(now) {
			return nil // no longer due: another node placed it
		}
		r.Fail()
		r.Touch(now)
		return recurringKind.save(l.docs, r, doc.Version)
	})
}

// placeRecurring places a copy of r's cart at today's prices (Fixed lines at theirs), as an
// order of the cart's customer in its unit: the customer must still be allowed to order their
// carts there, and the unit's approval rules apply.
func (a *App) placeRecurring(l *lookup, c Caller, x *access, r *procura.RecurringOrder) error {
	doc, err := l.docs.Get(procura.TypeCart, r.Cart.ID)
	if err != nil {
		return procura.InvalidOperation("The cart '%s' of the recurring order is gone.", r.Cart.ID)
	}
	tmpl, err := cartKind.decoded(l, doc)
	if err != nil {
		return err
	}
	if unit := unitOf(tmpl.BusinessUnit); unit != "" && tmpl.CustomerID != "" {
		buyer, err := newAccess(l, Caller{ProjectKey: c.ProjectKey}, Acting{Kind: procura.AsBackend, CustomerID: tmpl.CustomerID, UnitKey: unit})
		if err != nil {
			return err
		}
		if err := buyer.check(procura.PlaceOrders, unit, tmpl.CustomerID); err != nil {
			return err
		}
	}
	cart, err := a.recurringCart(l, x, &tmpl.Cart, false)
	if err != nil {
		return err
	}
	cart.Origin = procura.OriginRecurringOrder
	_, err = a.placeCart(l, cart, 0, procura.OrderFromCartDraft{}, nil, &procura.Reference{TypeID: procura.TypeRecurringOrder, ID: r.ID})
	return err
}
