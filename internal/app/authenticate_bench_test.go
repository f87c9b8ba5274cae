package app_test

import (
	"testing"
	"time"

	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/sqlstore/sqltest"
)

// BenchmarkAuthenticate measures the verification of a bearer token, which every request does:
// from the in-memory cache (the hot path) and from the database.
func BenchmarkAuthenticate(b *testing.B) {
	for _, backend := range sqltest.Backends() {
		b.Run(backend.Name, func(b *testing.B) {
			a := app.New(sqltest.Open(b, backend))
			if _, err := a.CreateProject(ctx, "acme", ""); err != nil {
				b.Fatal(err)
			}
			cl, err := a.CreateAPIClient(ctx, "acme", "manage_project:acme", "", "")
			if err != nil {
				b.Fatal(err)
			}
			tok, err := a.ClientCredentials(ctx, cl.ID, cl.Secret, "")
			if err != nil {
				b.Fatal(err)
			}
			for _, mode := range []struct {
				name string
				ttl  time.Duration
			}{{"cached", time.Second}, {"database", 0}} {
				b.Run(mode.name, func(b *testing.B) {
					a.SetTokenCacheTTL(mode.ttl)
					b.ReportAllocs()
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						if _, err := a.Authenticate(ctx, tok.AccessToken); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}
