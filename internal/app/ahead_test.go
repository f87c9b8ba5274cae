package app_test

import (
	"context"
	"sync"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/store"
)

// afterRead runs then once, as another request committing a change would: right after the next
// read transaction ends (between a write's reads ahead and the write, decision 0065), or else
// right before the next write is handed to the store (where nothing is read ahead).
type afterRead struct {
	store.Store
	mu   sync.Mutex
	then func()
}

func (s *afterRead) fire() {
	s.mu.Lock()
	f := s.then
	s.then = nil
	s.mu.Unlock()
	if f != nil {
		f()
	}
}

func (s *afterRead) Read(ctx context.Context, fn func(store.Tx) error) error {
	err := s.Store.Read(ctx, fn)
	s.fire()
	return err
}

func (s *afterRead) Write(ctx context.Context, fn func(store.Tx) error) error {
	s.fire()
	return s.Store.Write(ctx, fn)
}

// orderWithChangeBetween orders alice's cart W-1 in eng as her associate, with change committed
// between the order's reads ahead and its write.
func orderWithChangeBetween(t *testing.T, a *app.App, c app.Caller, w *world, change func()) (*procura.Order, error) {
	t.Helper()
	alice := w.customers["alice@acme.example"]
	cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, app.Acting{}, withCustomer(cartDraft("W-1"), alice, "eng")))
	must[*procura.Cart](t)(a.GetCart(ctx, c, inUnit(alice, "eng"), app.Ref{ID: cart.ID})) // the node keeps the role table
	a.Store = &afterRead{Store: a.Store, then: change}
	return a.CreateOrder(ctx, c, inUnit(alice, "eng"),
		procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}, Version: &cart.Version})
}

// An order placed in a division that moved to another company after the order's read ahead,
// before its write, must be listed under the new company (as Regroup keeps every other order),
// not the old one. Alice is an associate of both companies, so either way she may order.
func TestAnOrderWhoseUnitMovedMeanwhileIsListedUnderItsNewCompany(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		w.role("viewer", true, procura.ViewMyOrders, procura.ViewOthersOrders)
		w.grant("acme", "bob@acme.example", "viewer")
		w.grant("globex", "carol@globex.example", "admin", "viewer")
		w.associate("globex", "alice@acme.example", "shopper", procura.InheritanceEnabled)
		must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "globex"}, actions(w.version("globex"), `{"action":"addStore","store":{"key":"main"}}`)))
		order := must[*procura.Order](t)(orderWithChangeBetween(t, a, c, w, func() {
			must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "eng"}, actions(w.version("eng"), `{"action":"changeParentUnit","parentUnit":{"key":"globex"}}`)))
		}))

		listed := func(email, unit string) bool {
			p := must[*app.Page](t)(a.QueryCompanyOrders(ctx, c, inUnit(w.customers[email], unit), app.Query{Limit: 20}, app.CompanyFilter{Company: true}))
			for _, m := range p.Items() {
				if m["id"] == order.ID {
					return true
				}
			}
			return false
		}
		if !listed("carol@globex.example", "globex") {
			t.Errorf("the order of eng (now globex's) is not in globex's company orders")
		}
		if listed("bob@acme.example", "acme") {
			t.Errorf("the order of eng (now globex's) is in acme's company orders: acme's associates see it")
		}
	})
}

// A unit made Inactive after an order's read ahead, before its write, is still re-checked at
// order time (checkPlacement): the order is refused, as it is without reading ahead.
func TestAnOrderInAUnitMadeInactiveMeanwhileIsRefused(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		_, err := orderWithChangeBetween(t, a, c, w, func() {
			must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "eng"}, actions(w.version("eng"), `{"action":"changeStatus","status":"Inactive"}`)))
		})
		if err == nil {
			t.Fatal("an order was placed in the Inactive unit eng (the write checked the unit read ahead)")
		}
	})
}

// A permission removed from the associate's role after the order's read ahead, before its write,
// is refused as it is without reading ahead, though the node keeps the role table as it was.
func TestAnOrderWhosePermissionWasRemovedMeanwhileIsRefused(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		_, err := orderWithChangeBetween(t, a, c, w, func() {
			r := must[*procura.AssociateRole](t)(a.GetAssociateRole(ctx, c, app.Ref{Key: "shopper"}))
			must[*procura.AssociateRole](t)(a.UpdateAssociateRole(ctx, c, app.Ref{Key: "shopper"}, actions(r.Version,
				`{"action":"removePermission","permission":"CreateMyOrdersFromMyCarts"}`)))
		})
		wantCode(t, err, procura.CodeAssociateMissingPermission)
	})
}
