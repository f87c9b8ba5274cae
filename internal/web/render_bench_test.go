package web_test

import (
	"net/http"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/procura/procura/internal/sqlstore/sqltest"
)

// BenchmarkPortalPages renders the portal's busiest pages as carol, the approver of the demo's
// company, with 50 orders of the company on her company orders page and 10 flows in her inbox:
// the time from request to the whole page read (p50 and p95; the issue asks p95 < 30 ms), the
// page's weight with its stylesheet (< 150 KB), on each backend.
//
//	go test ./internal/web -run '^$' -bench PortalPages -benchtime=200x
func BenchmarkPortalPages(b *testing.B) {
	for _, backend := range sqltest.Backends() {
		b.Run(backend.Name, func(b *testing.B) {
			w := newWorld(b, backend)
			var orderID string
			for i := range 50 {
				n := int64(2 + i) // a few dollars: no approval
				if i%5 == 0 {
					n = 500 + int64(i) // over the demo rule's 1,000 USD: awaits carol
				}
				_, o := w.order(b, []string{"bob@acme.example", "alice@acme.example"}[i%2], n)
				orderID = o.ID
			}
			carol := w.browser(b).signIn("carol@acme.example")
			css := len(carol.get("static/portal.css").body)
			for _, p := range []struct{ name, path, mustHave string }{
				{"company-orders", "orders?view=company", "data-order"},
				{"order", "orders/acme-engineering/" + orderID, orderID},
				{"approvals", "approvals", "data-order"},
			} {
				b.Run(p.name, func(b *testing.B) {
					first := carol.get(p.path)
					if first.status != http.StatusOK || !regexp.MustCompile(regexp.QuoteMeta(p.mustHave)).MatchString(first.body) {
						b.Fatalf("%s: %d %s", p.path, first.status, first.body)
					}
					if p.name == "company-orders" {
						if n := len(regexp.MustCompile(`<tr data-order=`).FindAllString(first.body, -1)); n != 50 {
							b.Fatalf("the company orders show %d orders, not 50", n)
						}
					}
					measure(b, carol, p.path, len(first.body)+css)
				})
			}
		})
	}
}

// measure reports the times of b.N reads of path by who (p50 and p95) and the page's weight.
func measure(b *testing.B, who *browser, path string, weight int) {
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		if got := who.get(path); got.status != http.StatusOK {
			b.Fatalf("%s: %d", path, got.status)
		}
		times = append(times, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(times)
	b.ReportMetric(ms(times[len(times)/2]), "p50-ms")
	b.ReportMetric(ms(times[len(times)*95/100]), "p95-ms")
	b.ReportMetric(float64(weight)/1000, "KB-with-css")
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
