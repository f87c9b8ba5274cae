package loadtest_test

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/loadtest"
	"github.com/procura/procura/internal/sqlstore"
	"github.com/procura/procura/internal/sqlstore/sqltest"
)

// workers is the size of the pool of the parallel runs.
const workers = 8

// BenchmarkCreateOrders places orders from carts through app.CreateOrder as the carts' owners
// (the carts are made beforehand through app.CreateCart, outside the timer), one at a time and
// from a pool of 8 goroutines, on a fresh SQLite file and PostgreSQL schema holding 20 generated
// companies, and reports orders per second, and the process's CPU time and write calls and bytes
// per order (and PostgreSQL's CPU per order, when it runs on this machine). SQLite commits at
// the synchronous mode PROCURA_SQLITE_SYNCHRONOUS names, as the server's (full unless set to
// normal).
//
//	PROCURA_TEST_POSTGRES=postgres://… go test ./internal/loadtest/ -run '^$' -bench CreateOrders
func BenchmarkCreateOrders(b *testing.B) {
	opts := sqlstore.Options{Synchronous: os.Getenv(EnvSynchronous)}
	for _, be := range sqltest.Backends() {
		b.Run(be.Name, func(b *testing.B) {
			db, err := sqlstore.OpenWith(ctx, be.URL(b), opts)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { db.Close() })
			if be.Name == "sqlite" {
				b.Logf("synchronous mode: %s (%s)", cmp.Or(opts.Synchronous, sqlstore.SyncFull), EnvSynchronous)
			}
			res, err := loadtest.Generate(ctx, db, loadtest.Config{Project: "bench", Companies: 20, Divisions: 3, Orders: 2000, Seed: 1})
			if err != nil {
				b.Fatal(err)
			}
			if err := db.Analyze(ctx); err != nil {
				b.Fatal(err)
			}
			a := app.New(db)
			people := append(res.World.WithRole(loadtest.RoleBuyer), res.World.WithRole(loadtest.RoleManager)...)
			for _, n := range []int{1, workers} {
				b.Run(fmt.Sprintf("workers=%d", n), func(b *testing.B) {
					createOrders(b, db, a, "bench", people, n, be.Name == "postgres")
				})
			}
		})
	}
}

// placement is a cart ready to be ordered, and who orders it.
type placement struct {
	who  app.Acting
	cart *procura.Cart
}

// createOrders prepares b.N carts, then orders them with n goroutines and reports orders/s
// (and PostgreSQL's CPU, with postgres).
func createOrders(b *testing.B, db *sqlstore.DB, a *app.App, project string, people []loadtest.Associate, n int, postgres bool) {
	c := app.Caller{ProjectKey: project}
	r := rand.New(rand.NewPCG(2, uint64(b.N)))
	todo := make([]placement, b.N)
	for i := range todo {
		as := people[r.IntN(len(people))]
		todo[i].who = app.Acting{Kind: procura.AsBackend, CustomerID: as.CustomerID, UnitKey: as.Unit}
	}
	pool(b, n, len(todo), func(i int) error {
		cart, err := a.CreateCart(ctx, c, todo[i].who, loadtest.CartDraft(int64(1+i%7)))
		todo[i].cart = cart
		return err
	})
	if err := db.Analyze(ctx); err != nil { // what autovacuum does as the carts accumulate
		b.Fatal(err)
	}
	b.ResetTimer()
	var db0 serverCPU
	if postgres {
		db0 = databaseCPU() // before the process's own count, which its scan would add to
	}
	cpu, writes := processCPU(), processWrites()
	start := time.Now()
	pool(b, n, len(todo), func(i int) error {
		p := todo[i]
		_, err := a.CreateOrder(ctx, c, p.who, procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: p.cart.ID}, Version: &p.cart.Version})
		return err
	})
	el := time.Since(start)
	cpu = processCPU() - cpu
	b.StopTimer()
	b.ReportMetric(float64(b.N)/el.Seconds(), "orders/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/order")
	if db0.ok {
		b.ReportMetric(float64((databaseCPU().cpu-db0.cpu).Microseconds())/float64(b.N), "db-cpu-µs/order")
	}
	if writes.ok {
		w := processWrites()
		b.ReportMetric(float64(w.calls-writes.calls)/float64(b.N), "write-calls/order")
		b.ReportMetric(float64(w.bytes-writes.bytes)/1024/float64(b.N), "write-KB/order")
	}
}

// writeCounts are the write calls and bytes the process has made so far (Linux's
// /proc/self/io: syscw and wchar). Unlike time, they hardly vary from run to run: on SQLite they
// count the pages a commit writes to the log, and a checkpoint to the file; with PostgreSQL, the
// statements sent to the server.
type writeCounts struct {
	calls, bytes int64
	ok           bool
}

func processWrites() writeCounts {
	data, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return writeCounts{}
	}
	var w writeCounts
	for line := range strings.SplitSeq(string(data), "\n") {
		name, value, _ := strings.Cut(line, ": ")
		n, err := strconv.ParseInt(value, 10, 64)
		switch {
		case err != nil:
		case name == "syscw":
			w.calls, w.ok = n, true
		case name == "wchar":
			w.bytes = n
		}
	}
	return w
}

// processCPU is the CPU time the process has used so far, in user and system mode: on a machine
// other work shares, what an order costs is better seen in it than in orders per second. With
// PostgreSQL it leaves out the database server's own.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// pool runs fn(0…count-1) on n goroutines and fails b on the first error.
func pool(b *testing.B, n, count int, fn func(i int) error) {
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= count {
					return
				}
				if err := fn(i); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		b.Fatal(err)
	}
}

// serverCPU is the CPU time a database server on this machine has used so far.
type serverCPU struct {
	cpu time.Duration
	ok  bool
}

// databaseCPU is the CPU time the PostgreSQL processes on this machine have used so far, in
// user and system mode, with that of the ended ones their parent has waited for (Linux's
// /proc/<pid>/stat, in ticks of 10 ms): when the database runs here, the server's share of an
// order, which processCPU leaves out. Every PostgreSQL process counts, its background workers
// and other databases' backends too, so it is read on an otherwise idle server. Not ok when no
// such process is seen.
func databaseCPU() serverCPU {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	var s serverCPU
	for _, path := range stats {
		data, err := os.ReadFile(path)
		name, rest, found := strings.Cut(string(data), ") ")
		if err != nil || !found || !strings.HasSuffix(name, "(postgres") {
			continue
		}
		f := strings.Fields(rest) // from the state on: utime, stime, cutime and cstime at 11 to 14
		if len(f) < 15 {
			continue
		}
		for _, v := range f[11:15] {
			ticks, _ := strconv.ParseInt(v, 10, 64)
			s.cpu += time.Duration(ticks) * 10 * time.Millisecond
		}
		s.ok = true
	}
	return s
}
