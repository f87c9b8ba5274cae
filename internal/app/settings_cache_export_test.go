package app

import (
	"context"
	"fmt"
	"reflect"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// KeptSettings checks the project settings and the cart discounts a's node keeps (lookup.project,
// AllCartDiscounts): each kept at the version the database is at must be what it holds, since
// every request shares it.
func KeptSettings(a *App) error {
	return a.Store.Read(context.Background(), func(tx store.Tx) error {
		var err error
		a.caches.projects.m.Range(func(_, v any) bool {
			kept := v.(atVersion[*procura.Project])
			var fresh *procura.Project
			if fresh, err = tx.ProjectByKey(kept.value.Key); err == nil && fresh.Version == kept.version && !reflect.DeepEqual(fresh, kept.value) {
				err = fmt.Errorf("the kept project %s was changed by a use: %+v", kept.value.Key, kept.value)
			}
			return err == nil
		})
		a.caches.cartDiscounts.m.Range(func(id, v any) bool {
			kept, l := v.(atVersion[[]*procura.CartDiscount]), &lookup{docs: tx.Docs(id.(string)), tx: tx, projectID: id.(string), reading: true}
			var g int64
			var fresh []*procura.CartDiscount
			if g, err = generation(l.docs, cartDiscountGeneration); err == nil && g == kept.version {
				if fresh, err = cartDiscountKind.all(l); err == nil && !reflect.DeepEqual(fresh, kept.value) {
					err = fmt.Errorf("the kept cart discounts of %s were changed by a use: %+v", id, kept.value)
				}
			}
			return err == nil
		})
		return err
	})
}
