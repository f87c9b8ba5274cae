package app_test

import (
	"fmt"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// TestCartDiscountsInStore: on a store's paths, the discounts of that store are found and
// listed, others not; a discount created there gets the store; a client whose scope is the
// store's alone changes and deletes only discounts of that store alone and cannot widen one to
// other stores or to every store, while the project-wide scope may.
func TestCartDiscountsInStore(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		shopWorld(t, a, c)
		must[*procura.Store](t)(a.CreateStore(ctx, c, procura.StoreDraft{Key: "outlet"}))
		draft := func(key, order, stores string) procura.CartDiscountDraft {
			return decodeDraft[procura.CartDiscountDraft](t, fmt.Sprintf(`{"key":%q,"name":{"en":%q},"cartPredicate":"true","sortOrder":%q,
				"value":{"type":"relative","permyriad":1000},"target":{"type":"totalPrice"},"stores":[%s]}`, key, key, order, stores))
		}
		main := c
		main.Store, main.Scopes = "main", app.Scopes{"manage_project:" + c.ProjectKey}
		scoped := main
		scoped.Scopes = app.Scopes{"manage_cart_discounts:" + c.ProjectKey + ":main"}
		made := must[*procura.CartDiscount](t)(a.CreateCartDiscount(ctx, scoped, draft("made", "0.1", "")))
		if len(made.Stores) != 1 || made.Stores[0].Key != "main" {
			t.Fatalf("a discount made in-store: stores %+v", made.Stores)
		}
		for _, d := range []procura.CartDiscountDraft{draft("everywhere", "0.2", ""), draft("outlet", "0.3", `{"key":"outlet"}`),
			draft("both", "0.4", `{"key":"main"},{"key":"outlet"}`)} {
			must[*procura.CartDiscount](t)(a.CreateCartDiscount(ctx, c, d))
		}
		page := must[*app.Page](t)(a.QueryCartDiscounts(ctx, main, app.Query{Limit: 10}))
		if keys := keysOf(page); keys != "made,both" {
			t.Fatalf("in store main: %s", keys)
		}
		for _, key := range []string{"everywhere", "outlet"} {
			_, err := a.GetCartDiscount(ctx, main, app.Ref{Key: key})
			wantCode(t, err, procura.CodeResourceNotFound)
			_, err = a.UpdateCartDiscount(ctx, main, app.Ref{Key: key}, actions(1, `{"action":"setDescription"}`))
			wantCode(t, err, procura.CodeResourceNotFound)
		}
		both := must[*procura.CartDiscount](t)(a.GetCartDiscount(ctx, main, app.Ref{Key: "both"}))
		for _, tc := range []struct {
			name string
			run  func() error
		}{
			{"change a discount also of outlet", func() error {
				_, err := a.UpdateCartDiscount(ctx, scoped, app.Ref{Key: "both"}, actions(both.Version, `{"action":"setDescription"}`))
				return err
			}},
			{"delete a discount also of outlet", func() error {
				_, err := a.DeleteCartDiscount(ctx, scoped, app.Ref{Key: "both"}, both.Version)
				return err
			}},
			{"widen a discount to outlet", func() error {
				_, err := a.UpdateCartDiscount(ctx, scoped, app.Ref{Key: "made"}, actions(made.Version, `{"action":"addStore","store":{"key":"outlet"}}`))
				return err
			}},
			{"widen a discount to every store", func() error {
				_, err := a.UpdateCartDiscount(ctx, scoped, app.Ref{Key: "made"}, actions(made.Version, `{"action":"removeStore","store":{"key":"main"}}`))
				return err
			}},
			{"make a discount of outlet too", func() error {
				_, err := a.CreateCartDiscount(ctx, scoped, draft("other", "0.5", `{"key":"outlet"}`))
				return err
			}},
		} {
			if err := tc.run(); procura.ErrorCode(err) != procura.CodeInsufficientScope {
				t.Errorf("%s: %v, want insufficient_scope", tc.name, err)
			}
		}
		if got := must[*procura.CartDiscount](t)(a.GetCartDiscount(ctx, c, app.Ref{Key: "made"})); got.Version != made.Version || len(got.Stores) != 1 {
			t.Fatalf("refused changes wrote the discount: %+v", got)
		}
		must[*procura.CartDiscount](t)(a.UpdateCartDiscount(ctx, scoped, app.Ref{Key: "made"}, actions(made.Version, `{"action":"setDescription","description":{"en":"ours"}}`)))
		must[*procura.CartDiscount](t)(a.UpdateCartDiscount(ctx, main, app.Ref{Key: "both"}, actions(both.Version, `{"action":"removeStore","store":{"key":"outlet"}}`)))
	})
}
