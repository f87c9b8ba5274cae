package httpapi

import (
	"fmt"
	"sync"

	"github.com/procura/procura/internal/app"
)

// scopeOfRoute holds each general route's scope by its pattern, e.g.
// "POST /{project}/associate-roles/{ref}".
var scopeOfRoute = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, rt := range (&Server{}).routes() {
		if rt.token == general {
			m[rt.pattern] = rt.scope
		}
	}
	return m
})

// Permit checks that c may call the seller's route of pattern in c's project, as the API checks
// it before the route's use case runs: the route's scope (InsufficientScope otherwise). The
// dashboard asks it before it calls the route's use case, so that its refusals are the API's.
func Permit(c app.Caller, pattern string) error {
	scope, ok := scopeOfRoute()[pattern]
	if !ok {
		return fmt.Errorf("httpapi: no seller's route %q", pattern)
	}
	return checkScope(c, c.ProjectKey, scope)
}
