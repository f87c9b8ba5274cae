package app

import (
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/procura/procura"
)

// KeptProducts checks the products a's node keeps decoded (product_cache.go): each must still
// be what its stored JSON decodes to, since every cart priced from it shares it. It returns how
// many there are.
func KeptProducts(a *App) (int, error) {
	c := &a.caches.products
	c.mu.RLock()
	defer c.mu.RUnlock()
	for key, kept := range c.products {
		fresh := &procura.Product{}
		if err := json.Unmarshal(kept.stored, fresh); err != nil {
			return 0, err
		}
		if !reflect.DeepEqual(fresh, kept.product) {
			return 0, fmt.Errorf("the kept product %s was changed by a use: %+v", key, kept.product)
		}
	}
	return len(c.products), nil
}
