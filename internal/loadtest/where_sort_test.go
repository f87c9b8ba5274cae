package loadtest_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/loadtest"
)

// The where= of the benchmarks is the open orders above an amount. One generated order in ten is
// Open, and its amount is 1 to 3 lines of 15, 25 or 35 cents, 1 to 50 of each.
const (
	whereAmount  = 1000 // about half the orders
	narrowAmount = 3650 // eight open orders of the million
	broadAmount  = 0    // every open order: about 100,000
)

func openAbove(cents int) string {
	return fmt.Sprintf(`orderState = "Open" and totalPrice(centAmount > %d)`, cents)
}

// whereCase is one query shape of the where+sort benchmarks, over random items of a kind.
type whereCase[T any] struct {
	name  string
	items []T
	app   func(T) (int, error)
	url   func(T) string // the GET a client sends for the same query
}

// BenchmarkWhereSort runs the queries a client sends for "the open orders above an amount,
// newest first" (limit 20, with the total, as the HTTP API answers by default) on the generated
// project, through the app and over HTTP, and reports their latency percentiles:
//
//   - seller-division: GET /orders?where=businessUnit(key="D") and orderState="Open" and
//     totalPrice(centAmount > 1000)&sort=createdAt desc, for a random division;
//   - seller-company: the same with businessUnit(key in (the company and its divisions));
//   - manager-company: the company-orders listing of a random company's manager (who sees every
//     order of the company tree) with the same where= and sort=;
//   - seller-project: the open orders above the amount among all 1,000,000 (and
//     seller-project-nototal: the same with withTotal=false, without counting the 59,000 matches);
//   - seller-changed: GET /orders?where=lastModifiedAt >= "a week before the end"&sort=
//     lastModifiedAt asc, how a client syncs what changed.
//
// Run it with -benchtime=1000x or more on databases procura-datagen filled:
//
//	PROCURA_LOADTEST_DB="sqlite:/tmp/lt/procura.db postgres://…&search_path=lt" \
//	  go test ./internal/loadtest/ -run '^$' -bench 'WhereSort$' -benchtime 1000x
func BenchmarkWhereSort(b *testing.B) {
	for _, big := range bigDatabases(b) {
		a, c, token, srv := big.serve(b)
		project := srv.URL + "/" + big.world.Project
		newest := []string{"createdAt desc"}
		sellerPage := func(where string, sort []string, total bool) (int, error) {
			p, err := a.QueryOrders(ctx, c, app.Acting{}, app.Query{Where: []string{where}, Sort: sort, Limit: app.DefaultLimit, WithTotal: total})
			if err != nil {
				return 0, err
			}
			return p.Count, nil
		}
		seller := func(where string, sort []string) (int, error) { return sellerPage(where, sort, true) }
		var divisions []string
		for _, co := range big.world.Companies {
			divisions = append(divisions, co.Divisions...)
		}
		byDivision := func(d string) string { return fmt.Sprintf(`businessUnit(key = %q) and %s`, d, openAbove(whereAmount)) }
		byCompany := func(co *loadtest.Company) string {
			return fmt.Sprintf(`businessUnit(key in ("%s")) and %s`, strings.Join(co.Units(), `", "`), openAbove(whereAmount))
		}
		changedSince := loadtest.End.Add(-7 * 24 * time.Hour).Format(procura.TimeFormat)
		changed := fmt.Sprintf(`lastModifiedAt >= %q`, changedSince)
		run(b, big.name, token, whereCase[string]{"seller-division", divisions,
			func(d string) (int, error) { return seller(byDivision(d), newest) },
			func(d string) string { return ordersURL(project+"/orders", byDivision(d), newest) }})
		run(b, big.name, token, whereCase[*loadtest.Company]{"seller-company", big.world.Companies,
			func(co *loadtest.Company) (int, error) { return seller(byCompany(co), newest) },
			func(co *loadtest.Company) string { return ordersURL(project+"/orders", byCompany(co), newest) }})
		run(b, big.name, token, whereCase[loadtest.Associate]{"manager-company", big.world.WithRole(loadtest.RoleManager),
			func(as loadtest.Associate) (int, error) {
				p, err := a.QueryCompanyOrders(ctx, c, app.Acting{Kind: procura.AsBackend, CustomerID: as.CustomerID, UnitKey: as.Unit},
					app.Query{Where: []string{openAbove(whereAmount)}, Sort: newest, Limit: app.DefaultLimit, WithTotal: true}, app.CompanyFilter{})
				if err != nil {
					return 0, err
				}
				return p.Count, nil
			},
			func(as loadtest.Associate) string {
				return ordersURL(project+"/as-associate/"+as.CustomerID+"/in-business-unit/key="+as.Unit+"/company-orders", openAbove(whereAmount), newest)
			}})
		run(b, big.name, token, whereCase[int]{"seller-project", []int{0},
			func(int) (int, error) { return seller(openAbove(whereAmount), newest) },
			func(int) string { return ordersURL(project+"/orders", openAbove(whereAmount), newest) }})
		run(b, big.name, token, whereCase[int]{"seller-project-nototal", []int{0},
			func(int) (int, error) { return sellerPage(openAbove(whereAmount), newest, false) },
			func(int) string {
				return ordersURL(project+"/orders", openAbove(whereAmount), newest) + "&withTotal=false"
			}})
		run(b, big.name, token, whereCase[int]{"seller-changed", []int{0},
			func(int) (int, error) { return seller(changed, []string{"lastModifiedAt asc"}) },
			func(int) string { return ordersURL(project+"/orders", changed, []string{"lastModifiedAt asc"}) }})
	}
}

// run measures one case through the app and over HTTP.
func run[T any](b *testing.B, backend, token string, wc whereCase[T]) {
	b.Run(backend+"/"+wc.name+"/app", func(b *testing.B) { measure(b, wc.items, wc.app) })
	b.Run(backend+"/"+wc.name+"/http", func(b *testing.B) {
		measure(b, wc.items, func(it T) (int, error) { return httpList(wc.url(it), token) })
	})
}

// ordersURL is a GET of a listing with where=, sort= and limit=20.
func ordersURL(base, where string, sort []string) string {
	v := url.Values{"where": {where}, "sort": sort, "limit": {"20"}}
	return base + "?" + v.Encode()
}

// BenchmarkWhereSortMemory runs "open orders above an amount, newest first" (limit 20, with the
// total) with an amount that few open orders exceed (narrow) and with one that every open order
// exceeds (broad), and reports the bytes allocated per request (B/op), which must not grow with
// the number of matches: the store pages and counts, and only the page's documents reach the
// process. The seller's query runs over the whole project (about ten matches against about
// 100,000 of the million); the manager's over the company-orders listing of the first company
// (none or one against about a hundred of its thousand).
//
//	PROCURA_LOADTEST_DB="…" go test ./internal/loadtest/ -run '^$' -bench WhereSortMemory -benchtime 200x
func BenchmarkWhereSortMemory(b *testing.B) {
	for _, big := range bigDatabases(b) {
		a, c, token, srv := big.serve(b)
		newest := []string{"createdAt desc"}
		for _, m := range []struct {
			name  string
			cents int
		}{{"narrow", narrowAmount}, {"broad", broadAmount}} {
			where := openAbove(m.cents)
			b.Run(fmt.Sprintf("%s/%s/app", big.name, m.name), func(b *testing.B) {
				perRequest(b, func() (int, int, error) {
					p, err := a.QueryOrders(ctx, c, app.Acting{}, app.Query{Where: []string{where}, Sort: newest, Limit: app.DefaultLimit, WithTotal: true})
					if err != nil {
						return 0, 0, err
					}
					return p.Count, *p.Total, nil
				})
			})
			u := ordersURL(srv.URL+"/"+big.world.Project+"/orders", where, newest)
			b.Run(fmt.Sprintf("%s/%s/http", big.name, m.name), func(b *testing.B) {
				perRequest(b, func() (int, int, error) { return httpPage(u, token) })
			})
			co := big.world.Companies[0]
			manager := co.In(co.Key)[0]
			b.Run(fmt.Sprintf("%s/company-%s/app", big.name, m.name), func(b *testing.B) {
				perRequest(b, func() (int, int, error) {
					p, err := a.QueryCompanyOrders(ctx, c, app.Acting{Kind: procura.AsBackend, CustomerID: manager.CustomerID, UnitKey: co.Key},
						app.Query{Where: []string{where}, Sort: newest, Limit: app.DefaultLimit, WithTotal: true}, app.CompanyFilter{})
					if err != nil {
						return 0, 0, err
					}
					return p.Count, *p.Total, nil
				})
			})
			u = ordersURL(srv.URL+"/"+big.world.Project+"/as-associate/"+manager.CustomerID+"/in-business-unit/key="+co.Key+"/company-orders", where, newest)
			b.Run(fmt.Sprintf("%s/company-%s/http", big.name, m.name), func(b *testing.B) {
				perRequest(b, func() (int, int, error) { return httpPage(u, token) })
			})
		}
	}
}

// perRequest runs query b.N times after a warm-up and reports its allocations, its latencies,
// and how many documents it matched.
func perRequest(b *testing.B, query func() (count, total int, err error)) {
	b.ReportAllocs()
	total := 0
	for range 10 {
		var err error
		if _, total, err = query(); err != nil {
			b.Fatal(err)
		}
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		if _, _, err := query(); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	reportLatencies(b, lat)
	b.ReportMetric(float64(total), "matches")
}

// BenchmarkWhereAmountAlone runs the seller's "orders above an amount, newest first" across the
// whole project, with and without the total: no index leads with the amount (decision 0014), so
// the page reads orders newest first until 20 match, and the total counts every order. Run it
// with few iterations (-benchtime 20x): it measures what that costs, not a target.
func BenchmarkWhereAmountAlone(b *testing.B) {
	for _, big := range bigDatabases(b) {
		a := app.New(big.db)
		c := app.Caller{ProjectKey: big.world.Project}
		for _, total := range []bool{false, true} {
			b.Run(fmt.Sprintf("%s/total=%v", big.name, total), func(b *testing.B) {
				perRequest(b, func() (int, int, error) {
					p, err := a.QueryOrders(ctx, c, app.Acting{}, app.Query{Where: []string{fmt.Sprintf(`totalPrice(centAmount > %d)`, whereAmount)},
						Sort: []string{"createdAt desc"}, Limit: app.DefaultLimit, WithTotal: total})
					if err != nil || p.Total == nil {
						return 0, 0, err
					}
					return p.Count, *p.Total, nil
				})
			})
		}
	}
}
