package app_test

import (
	"fmt"
	"testing"

	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/sqlstore/sqltest"
)

// BenchmarkMyBusinessUnits lists alice's units (acme and its division eng) in a project with
// 1,000 other companies: the cost must not grow with the project.
func BenchmarkMyBusinessUnits(b *testing.B) {
	for _, backend := range sqltest.Backends() {
		b.Run(backend.Name, func(b *testing.B) {
			a, c := benchApp(b, backend)
			t := &testing.T{}
			w := acmeWorld(t, a, c)
			for i := range 1000 {
				w.unit(fmt.Sprint("other-", i), "-")
			}
			if t.Failed() {
				b.Fatal("setting up the world failed")
			}
			alice := w.customers["alice@acme.example"]
			b.ResetTimer()
			for b.Loop() {
				page, err := a.QueryAssociateUnits(ctx, c, app.AsAssociate(c, alice, ""), app.Query{Limit: 20})
				if err != nil || len(page.Items()) != 2 {
					b.Fatalf("%v %v", err, page)
				}
			}
		})
	}
}
