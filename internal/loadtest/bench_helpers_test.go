package loadtest_test

import (
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/httpapi"
	"github.com/procura/procura/internal/loadtest"
	"github.com/procura/procura/internal/sqlstore"
	"github.com/procura/procura/internal/sqlstore/sqltest"
)

// The environment of the big benchmarks.
const (
	// EnvDB names databases the generator filled, separated by spaces: sqlite:PATH or
	// postgres://…&search_path=SCHEMA. They are reused as they are.
	EnvDB = "PROCURA_LOADTEST_DB"
	// EnvProject is the generated project's key in those databases (default "load").
	EnvProject = "PROCURA_LOADTEST_PROJECT"
	// EnvOrders, without EnvDB, generates that many orders into fresh databases (SQLite, and
	// PostgreSQL when PROCURA_TEST_POSTGRES is set) before measuring: slow for a million.
	EnvOrders = "PROCURA_LOADTEST_ORDERS"
	// EnvCompanies is how many companies EnvOrders spreads the orders over (default orders/1000).
	EnvCompanies = "PROCURA_LOADTEST_COMPANIES"
	// EnvSynchronous is SQLite's synchronous mode in BenchmarkCreateOrders: full (the default)
	// or normal; the server's variable.
	EnvSynchronous = "PROCURA_SQLITE_SYNCHRONOUS"
)

// bigDB is a database holding a generated project.
type bigDB struct {
	name  string
	db    *sqlstore.DB
	world *loadtest.World
}

// serve returns the app over the database, the seller's caller, a client token and the HTTP API
// over the same app (closed when the benchmark ends).
func (big bigDB) serve(b *testing.B) (*app.App, app.Caller, string, *httptest.Server) {
	a := app.New(big.db)
	srv := httptest.NewServer((&httpapi.Server{App: a, Log: slog.New(slog.DiscardHandler), MaxBody: 1 << 20}).Handler(nil))
	b.Cleanup(srv.Close)
	return a, app.Caller{ProjectKey: big.world.Project}, clientToken(b, a, big.world.Project), srv
}

// bigDatabases opens the databases EnvDB names, or generates EnvOrders orders into fresh ones;
// without either (or with -short) the benchmark is skipped.
func bigDatabases(b *testing.B) []bigDB {
	b.Helper()
	if testing.Short() {
		b.Skip("load benchmark skipped in -short mode")
	}
	project := os.Getenv(EnvProject)
	if project == "" {
		project = "load"
	}
	var out []bigDB
	if urls := strings.Fields(os.Getenv(EnvDB)); len(urls) > 0 {
		for _, url := range urls {
			db, err := sqlstore.Open(ctx, url)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { db.Close() })
			w, err := loadtest.LoadWorld(ctx, db, project)
			if err != nil {
				b.Fatalf("%s: %v (fill it first with procura-datagen --db URL --project %s)", url, err, project)
			}
			out = append(out, bigDB{name: backendName(url), db: db, world: w})
		}
		return out
	}
	orders, _ := strconv.Atoi(os.Getenv(EnvOrders))
	if orders <= 0 {
		b.Skipf("load benchmark skipped: set %s to databases procura-datagen filled, or %s to a number of orders to generate (e.g. 1000000)", EnvDB, EnvOrders)
	}
	companies, _ := strconv.Atoi(os.Getenv(EnvCompanies))
	if companies <= 0 {
		companies = max(1, orders/1000)
	}
	for _, be := range sqltest.Backends() {
		if be.Name == "postgres" && os.Getenv(sqltest.EnvPostgres) == "" {
			continue
		}
		db := sqltest.Open(b, be)
		start := time.Now()
		res, err := loadtest.Generate(ctx, db, loadtest.Config{Project: project, Companies: companies, Divisions: 3, Orders: orders, Seed: 1, Workers: 2})
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("%s: generated %d orders over %d companies in %s", be.Name, orders, companies, time.Since(start).Round(time.Millisecond))
		out = append(out, bigDB{name: be.Name, db: db, world: res.World})
	}
	return out
}

func backendName(url string) string {
	if strings.HasPrefix(url, "sqlite:") {
		return "sqlite"
	}
	return "postgres"
}

// reportLatencies reports the median, 95th and 99th percentiles of the latencies in ms.
func reportLatencies(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	s := slices.Clone(lat)
	slices.Sort(s)
	for _, p := range []float64{50, 95, 99} {
		b.ReportMetric(ms(percentile(s, p)), fmt.Sprintf("p%.0f-ms", p))
	}
	b.ReportMetric(ms(s[len(s)-1]), "max-ms")
}

// percentile returns the p-th percentile of sorted (nearest rank).
func percentile(sorted []time.Duration, p float64) time.Duration {
	i := int(float64(len(sorted))*p/100+0.999999) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
