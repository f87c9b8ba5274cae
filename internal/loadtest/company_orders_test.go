package loadtest_test

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/loadtest"
)

// warmup is how many requests run before each measurement.
const warmup = 100

// BenchmarkCompanyOrdersFirstPage lists the first page (20, with the total, as the HTTP API asks
// by default; and, as app-nototal, without it) of the company orders of random associates: managers, who hold ViewOthersOrders in
// their company and inherit it in its divisions, and buyers, who hold only ViewMyOrders in their
// unit. It reports the percentiles of the latencies: run it with -benchtime=2000x or more.
//
//	PROCURA_LOADTEST_DB="sqlite:/tmp/lt/procura.db postgres://…&search_path=lt" \
//	  go test ./internal/loadtest/ -run '^$' -bench CompanyOrdersFirstPage -benchtime 2000x
func BenchmarkCompanyOrdersFirstPage(b *testing.B) {
	for _, big := range bigDatabases(b) {
		a, c, token, srv := big.serve(b)
		for _, role := range []string{loadtest.RoleManager, loadtest.RoleBuyer} {
			people := big.world.WithRole(role)
			for _, total := range []bool{true, false} {
				name := fmt.Sprintf("%s/%s/app", big.name, role)
				if !total {
					name += "-nototal"
				}
				b.Run(name, func(b *testing.B) {
					measure(b, people, func(as loadtest.Associate) (int, error) {
						p, err := a.QueryCompanyOrders(ctx, c, app.Acting{Kind: procura.AsBackend, CustomerID: as.CustomerID, UnitKey: as.Unit}, app.Query{Limit: app.DefaultLimit, WithTotal: total}, app.CompanyFilter{})
						if err != nil {
							return 0, err
						}
						return p.Count, nil
					})
				})
			}
			b.Run(fmt.Sprintf("%s/%s/http", big.name, role), func(b *testing.B) {
				measure(b, people, func(as loadtest.Associate) (int, error) {
					return httpList(srv.URL+"/"+big.world.Project+"/as-associate/"+as.CustomerID+"/in-business-unit/key="+as.Unit+"/company-orders", token)
				})
			})
		}
	}
}

// measure runs list for random items (associates, units) b.N times (after a warm-up) and
// reports the latencies.
func measure[T any](b *testing.B, items []T, list func(T) (int, error)) {
	if len(items) == 0 {
		b.Skip("nothing to measure on")
	}
	r := rand.New(rand.NewPCG(1, uint64(len(items))))
	empty := 0
	for range warmup {
		if _, err := list(items[r.IntN(len(items))]); err != nil {
			b.Fatal(err)
		}
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		it := items[r.IntN(len(items))]
		start := time.Now()
		n, err := list(it)
		lat = append(lat, time.Since(start))
		if err != nil {
			b.Fatalf("%+v: %v", it, err)
		}
		if n == 0 {
			empty++
		}
	}
	b.StopTimer()
	reportLatencies(b, lat)
	b.ReportMetric(float64(empty)/float64(b.N), "empty/op")
}

// clientToken returns a token of a new API client with every scope of the project.
func clientToken(b *testing.B, a *app.App, project string) string {
	b.Helper()
	cl, err := a.CreateAPIClient(ctx, project, "manage_project:"+project, "", "")
	if err != nil {
		b.Fatal(err)
	}
	tok, err := a.ClientCredentials(ctx, cl.ID, cl.Secret, "")
	if err != nil {
		b.Fatal(err)
	}
	return tok.AccessToken
}

// httpList GETs a listing and returns its count.
func httpList(url, token string) (int, error) {
	count, _, err := httpPage(url, token)
	return count, err
}

// httpPage GETs a listing and returns its count and its total (0 without one).
func httpPage(url, token string) (count, total int, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, 0, fmt.Errorf("GET %s: %s: %s", url, resp.Status, body)
	}
	var page struct{ Count, Total int }
	err = json.Unmarshal(body, &page)
	return page.Count, page.Total, err
}
