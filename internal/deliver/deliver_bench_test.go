package deliver_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/procura/procura/internal/sqlstore/sqltest"
)

// BenchmarkDeliveries: one node sends b.N message notifications, about 100 resources, to a
// webhook receiver on the same machine that checks every signature, and reports notifications
// per second. The outbox is filled before the timer starts, one write hook call each.
//
//	PROCURA_TEST_POSTGRES=postgres://… go test ./internal/deliver -run '^$' -bench Deliveries -benchtime=4000x
func BenchmarkDeliveries(b *testing.B) {
	for _, be := range sqltest.Backends() {
		b.Run(be.Name, func(b *testing.B) {
			clk := &clock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
			a := newApp(sqltest.Open(b, be), clk)
			if _, err := a.CreateProject(ctx, "acme", ""); err != nil {
				b.Fatal(err)
			}
			r, _ := webhook(b, a, false, `[{"resourceTypeId":"order"}]`)
			for i := range b.N {
				written(b, a, fmt.Sprint("o-", i%100), int64(i/100+1))
			}
			b.ResetTimer()
			for rounds := 0; len(r.ids()) < b.N; rounds++ {
				if rounds > b.N {
					b.Fatalf("%d of %d delivered", len(r.ids()), b.N)
				}
				if _, err := a.RunDeliveries(ctx, clk.Now()); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "deliveries/s")
			if len(r.bad) > 0 {
				b.Fatalf("signatures that do not verify: %v", r.bad)
			}
		})
	}
}
