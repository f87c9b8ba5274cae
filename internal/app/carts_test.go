package app_test

import (
	"fmt"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// TestCartPermissionMatrix: every cart operation through as-associate, refused without its
// permission and allowed with it, for the associate's own cart (My) and a colleague's (Others).
func TestCartPermissionMatrix(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		perms := []procura.Permission{procura.ViewMyCarts, procura.ViewOthersCarts, procura.CreateMyCarts, procura.CreateOthersCarts,
			procura.UpdateMyCarts, procura.UpdateOthersCarts, procura.DeleteMyCarts, procura.DeleteOthersCarts}
		for _, p := range perms {
			w.role("only-"+string(p), true, p)
		}
		dan := w.customers["dan@acme.example"]
		bob := w.customers["bob@acme.example"] // bob owns the "Others" carts
		w.associate("acme", "dan@acme.example", "buyer", procura.InheritanceEnabled)
		owners := map[string]string{"My": dan, "Others": bob}
		for _, kind := range []string{"My", "Others"} {
			owner := owners[kind]
			cases := []struct {
				perm procura.Permission
				run  func(cartID string, version int64) error
			}{
				{procura.Permission("View" + kind + "Carts"), func(id string, _ int64) error {
					_, err := a.GetCart(ctx, c, inUnit(dan, "acme"), app.Ref{ID: id})
					return err
				}},
				{procura.Permission("Update" + kind + "Carts"), func(id string, v int64) error {
					_, err := a.UpdateCart(ctx, c, inUnit(dan, "acme"), app.Ref{ID: id}, actions(v, `{"action":"setPurchaseOrderNumber","purchaseOrderNumber":"PO-1"}`))
					return err
				}},
				{procura.Permission("Delete" + kind + "Carts"), func(id string, v int64) error {
					_, err := a.DeleteCart(ctx, c, inUnit(dan, "acme"), app.Ref{ID: id}, v)
					return err
				}},
				{procura.Permission("Create" + kind + "Carts"), func(string, int64) error {
					d := cartDraft("W-1")
					d.CustomerID = owner
					_, err := a.CreateCart(ctx, c, inUnit(dan, "acme"), d)
					return err
				}},
			}
			for _, tc := range cases {
				t.Run(string(tc.perm), func(t *testing.T) {
					cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, app.Acting{}, withCustomer(cartDraft("W-1"), owner, "acme")))
					w.grant("acme", "dan@acme.example", "buyer") // CreateMyCarts only, not tc.perm (unless it is)
					err := tc.run(cart.ID, cart.Version)
					if tc.perm == procura.CreateMyCarts {
						if err != nil {
							t.Fatalf("buyer creating their own cart: %v", err)
						}
						return
					}
					wantCode(t, err, procura.CodeAssociateMissingPermission)
					w.grant("acme", "dan@acme.example", "only-"+string(tc.perm))
					if err := tc.run(cart.ID, cart.Version); err != nil {
						t.Fatalf("with %s: %v", tc.perm, err)
					}
				})
			}
		}
	})
}

func withCustomer(d procura.CartDraft, customerID, unit string) procura.CartDraft {
	d.CustomerID, d.BusinessUnit = customerID, &procura.ResourceIdentifier{Key: unit}
	return d
}

// TestCartOfAnotherUnitIsNotFound: as an associate, a resource of another unit than the path's
// is not found there, whether or not the associate acts for its unit.
func TestCartOfAnotherUnitIsNotFound(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		alice := w.customers["alice@acme.example"]
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, inUnit(alice, "acme"), cartDraft("W-1")))
		_, err := a.GetCart(ctx, c, inUnit(alice, "eng"), app.Ref{ID: cart.ID})
		wantCode(t, err, procura.CodeResourceNotFound)
		_, err = a.CreateOrder(ctx, c, inUnit(alice, "eng"), procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}, Version: &cart.Version})
		wantCode(t, err, procura.CodeReferencedResourceNotFound)
	})
}

func TestCartBadInput(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		alice := w.customers["alice@acme.example"]
		as := inUnit(alice, "acme")
		draft := func(mutate func(*procura.CartDraft)) procura.CartDraft {
			d := cartDraft("W-1")
			mutate(&d)
			return d
		}
		tests := []struct {
			name string
			d    procura.CartDraft
			code string
		}{
			{"unknown SKU", draft(func(d *procura.CartDraft) { d.LineItems[0].SKU = "NOPE" }), procura.CodeReferencedResourceNotFound},
			{"an unknown SKU among known ones", cartDraft("W-1", "G-1", "NOPE", "W-1"), procura.CodeReferencedResourceNotFound},
			{"quantity 0", draft(func(d *procura.CartDraft) { d.LineItems[0].Quantity = qty(0) }), procura.CodeInvalidInput},
			{"negative quantity", draft(func(d *procura.CartDraft) { d.LineItems[0].Quantity = qty(-2) }), procura.CodeInvalidInput},
			{"quantity over 1,000,000", draft(func(d *procura.CartDraft) { d.LineItems[0].Quantity = qty(1_000_001) }), procura.CodeInvalidInput},
			{"a currency without a price", draft(func(d *procura.CartDraft) { d.Currency = "GBP" }), procura.CodeMatchingPriceNotFound},
			{"USD where the product is priced for US only", draft(func(d *procura.CartDraft) { d.Currency = "USD" }), procura.CodeMatchingPriceNotFound},
			{"a malformed currency", draft(func(d *procura.CartDraft) { d.Currency = "euro" }), procura.CodeInvalidField},
			{"a store the unit lacks", draft(func(d *procura.CartDraft) { d.Store = &procura.ResourceIdentifier{Key: "outlet"} }), procura.CodeReferencedResourceNotFound},
			{"no store for a unit with stores", draft(func(d *procura.CartDraft) { d.Store = nil }), procura.CodeInvalidOperation},
		}
		must[*procura.Store](t)(a.CreateStore(ctx, c, procura.StoreDraft{Key: "outlet-2"}))
		tests = append(tests, struct {
			name string
			d    procura.CartDraft
			code string
		}{"an existing store the unit lacks", draft(func(d *procura.CartDraft) { d.Store = &procura.ResourceIdentifier{Key: "outlet-2"} }), procura.CodeInvalidOperation})
		before := must[*app.Page](t)(a.QueryCarts(ctx, c, app.Acting{}, app.Query{Limit: 1, WithTotal: true}))
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := a.CreateCart(ctx, c, as, tt.d)
				wantCode(t, err, tt.code)
			})
		}
		after := must[*app.Page](t)(a.QueryCarts(ctx, c, app.Acting{}, app.Query{Limit: 1, WithTotal: true}))
		if *after.Total != *before.Total {
			t.Fatalf("refused carts were written: %d carts, want %d", *after.Total, *before.Total)
		}
		// A USD cart shipped to the US finds the US price; a EUR cart with line items of two
		// products adds them up in cents.
		us := cartDraft("W-1")
		us.Currency, us.Country = "USD", "US"
		if cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, as, us)); cart.TotalPrice.CentAmount != 2500 {
			t.Fatalf("US cart total %v", cart.TotalPrice)
		}
		two := cartDraft("W-1", "G-1")
		two.LineItems[0].Quantity = qty(3)
		if cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, as, two)); cart.TotalPrice.CentAmount != 3*1999+500 {
			t.Fatalf("two-product cart total %v", cart.TotalPrice)
		}
	})
}

func TestFrozenCartKeepsItsPrices(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		as := inUnit(w.customers["alice@acme.example"], "acme")
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, as, cartDraft("W-1")))
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, as, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"freezeCart"}`)))
		setWidgetPrice(t, a, c, 2999)
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, as, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"setPurchaseOrderNumber","purchaseOrderNumber":"PO-7"}`)))
		if cart.TotalPrice.CentAmount != 1999 || cart.CartState != procura.CartFrozen {
			t.Fatalf("frozen cart after a price change: %v %s", cart.TotalPrice, cart.CartState)
		}
		_, err := a.UpdateCart(ctx, c, as, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"addLineItem","sku":"G-1"}`))
		wantCode(t, err, procura.CodeInvalidOperation)
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, as, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"unfreezeCart"}`)))
		if cart.TotalPrice.CentAmount != 2999 || cart.CartState != procura.CartActive {
			t.Fatalf("unfrozen cart: %v %s", cart.TotalPrice, cart.CartState)
		}
		empty := must[*procura.Cart](t)(a.CreateCart(ctx, c, as, cartDraft()))
		_, err = a.UpdateCart(ctx, c, as, app.Ref{ID: empty.ID}, actions(empty.Version, `{"action":"freezeCart"}`))
		wantCode(t, err, procura.CodeInvalidOperation)
	})
}

func setWidgetPrice(t *testing.T, a *app.App, c app.Caller, cents int64) {
	t.Helper()
	p := must[*procura.Product](t)(a.GetProduct(ctx, c, app.Ref{Key: "widget"}))
	priceID := p.MasterData.Current.MasterVariant.Prices[0].ID
	must[*procura.Product](t)(a.UpdateProduct(ctx, c, app.Ref{Key: "widget"}, actions(p.Version,
		fmt.Sprintf(`{"action":"changePrice","priceId":%q,"price":{"value":{"currencyCode":"EUR","centAmount":%d}},"staged":false}`, priceID, cents))))
}

// orderAtOnce orders each cart at the same time, one goroutine per cart, and checks that exactly
// one order was placed and stored, every other attempt refused with one of the codes given; it
// returns each attempt's error.
func orderAtOnce(t *testing.T, a *app.App, c app.Caller, as app.Acting, carts []*procura.Cart, refusals ...string) []error {
	t.Helper()
	placed, errs := atOnce(t, len(carts), func(i int) error {
		_, err := a.CreateOrder(ctx, c, as, procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: carts[i].ID}, Version: &carts[i].Version})
		return err
	}, refusals...)
	page := must[*app.Page](t)(a.QueryOrders(ctx, c, app.Acting{}, app.Query{Limit: 10, WithTotal: true}))
	if placed != 1 || *page.Total != 1 {
		t.Fatalf("%d orders placed, %d stored; want 1", placed, *page.Total)
	}
	return errs
}

func TestACartIsOrderedOnce(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		as := inUnit(w.customers["alice@acme.example"], "acme")
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, as, cartDraft("W-1")))
		same := make([]*procura.Cart, 6)
		for i := range same {
			same[i] = cart
		}
		orderAtOnce(t, a, c, as, same, procura.CodeConcurrentModification, procura.CodeInvalidOperation)
		latest := must[*procura.Cart](t)(a.GetCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}))
		_, err := a.CreateOrder(ctx, c, as, procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}, Version: &latest.Version})
		wantCode(t, err, procura.CodeInvalidOperation)
		empty := must[*procura.Cart](t)(a.CreateCart(ctx, c, as, cartDraft()))
		_, err = a.CreateOrder(ctx, c, as, procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: empty.ID}, Version: &empty.Version})
		wantCode(t, err, procura.CodeInvalidOperation)
	})
}

// TestLineItemKeysAreUniqueInACart: a key names one line item of a cart, in a draft and by
// addLineItem (DuplicateField key); the same variant under its key adds to its quantity.
func TestLineItemKeysAreUniqueInACart(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := shopWorld(t, a, c)
		as := inUnit(w.customers["alice@acme.example"], "acme")
		d := cartDraft("W-1", "G-1")
		d.LineItems[0].Key, d.LineItems[1].Key = "first", "first"
		_, err := a.CreateCart(ctx, c, as, d)
		wantCode(t, err, procura.CodeDuplicateField)
		d.LineItems[1].Key = "second"
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, as, d))
		_, err = a.UpdateCart(ctx, c, as, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"addLineItem","sku":"G-1","key":"first"}`))
		wantCode(t, err, procura.CodeDuplicateField)
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, as, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"addLineItem","sku":"W-1","key":"first"}`)))
		if len(cart.LineItems) != 2 || cart.LineItems[0].Key != "first" || cart.LineItems[0].Quantity != 2 {
			t.Errorf("line items %+v, want first with quantity 2 and second", cart.LineItems)
		}
	})
}
