package httpapi

import (
	"slices"
	"strings"

	"github.com/procura/procura"
)

// inStorePaths are the paths (after /{project}) also served under
// /{project}/in-store/key={store}/…, by the same handlers: the caller's Store then narrows what
// the use cases reach to that store (decision 0023).
var inStorePaths = []string{
	"/customers", "/customers/{ref}", "/login",
	"/customers/email-token", "/customers/email/confirm",
	"/customers/password-token", "/customers/password/reset", "/customers/password",
	"/me", "/me/password", "/me/signup", "/me/login", "/me/password/reset", "/me/email/confirm",
	"/business-units", "/business-units/{ref}", "/business-units/{ref}/associates/{customer}",
	"/carts", "/carts/{ref}", "/orders", "/orders/{ref}", "/orders/quotes",
	"/quote-requests", "/quote-requests/{ref}", "/staged-quotes", "/staged-quotes/{ref}", "/quotes", "/quotes/{ref}",
	"/me/carts", "/me/carts/{ref}", "/me/active-cart", "/me/orders", "/me/orders/{ref}",
	"/shopping-lists", "/shopping-lists/{ref}", "/me/shopping-lists", "/me/shopping-lists/{ref}",
	"/carts/replicate", "/me/carts/replicate",
	"/shipping-methods/matching-cart",
	"/cart-discounts", "/cart-discounts/{ref}",
}

// inStorePrefix begins the pattern of every in-store route.
const inStorePrefix = "/{project}/in-store/{store}"

// inStore reports whether rt is an in-store route.
func (rt route) inStore() bool { return strings.Contains(rt.pattern, " "+inStorePrefix+"/") }

// inStoreRoutes returns the in-store twin of each route of all whose path is in inStorePaths.
func inStoreRoutes(all []route) []route {
	var out []route
	for _, rt := range all {
		method, path, _ := strings.Cut(rt.pattern, " ")
		rest, _ := strings.CutPrefix(path, "/{project}")
		if slices.Contains(inStorePaths, rest) {
			rt.pattern = method + " " + inStorePrefix + rest
			out = append(out, rt)
		}
	}
	return out
}

// StoreKey reads an in-store path segment, "key=KEY"; anything else names no store.
func StoreKey(segment string) (string, error) {
	k, ok := strings.CutPrefix(segment, "key=")
	if !ok || procura.CheckKey("key", k) != nil {
		return "", procura.NotFound(segment)
	}
	return k, nil
}
