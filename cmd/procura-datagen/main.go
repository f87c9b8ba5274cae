// Command procura-datagen fills a Procura database with a load-test data set: associate roles,
// companies with divisions and associates, and many orders (see internal/loadtest).
//
//	procura-datagen --db URL --project KEY --companies 1000 --orders 1000000 [--divisions-per-company 3] [--seed 1]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/procura/procura/internal/loadtest"
	"github.com/procura/procura/internal/sqlstore"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "procura-datagen:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("procura-datagen", flag.ContinueOnError)
	db := fs.String("db", "", "database URL: sqlite:PATH or postgres://… (migrated first)")
	cfg := loadtest.Config{Log: out}
	fs.StringVar(&cfg.Project, "project", "load", "key of the project to create")
	fs.IntVar(&cfg.Companies, "companies", 1000, "companies (top-level units)")
	fs.IntVar(&cfg.Divisions, "divisions-per-company", 3, "divisions under each company")
	fs.IntVar(&cfg.Orders, "orders", 1_000_000, "orders inserted in bulk")
	fs.Uint64Var(&cfg.Seed, "seed", 1, "seed: the same seed makes the same data")
	fs.IntVar(&cfg.Batch, "batch", 2000, "orders per transaction")
	fs.IntVar(&cfg.Workers, "workers", 1, "transactions inserting at once (PostgreSQL gains from 2-4; SQLite has one writer)")
	analyze := fs.Bool("analyze", false, "vacuum and analyze the documents table afterwards (what autovacuum soon does by itself on PostgreSQL)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *db == "" || fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("--db is required, and no arguments besides the flags")
	}
	start := time.Now()
	s, err := sqlstore.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := loadtest.Generate(ctx, s, cfg)
	if err != nil {
		return err
	}
	if *analyze {
		t := time.Now()
		if err := s.Analyze(ctx); err != nil {
			return fmt.Errorf("analyze: %w", err)
		}
		fmt.Fprintf(out, "analyze: %s\n", time.Since(t).Round(time.Millisecond))
	}
	fmt.Fprintf(out, "done: project %q, %d companies, %d orders (+1 template order %s) in %s (setup %s, orders %s)\n",
		cfg.Project, len(res.World.Companies), res.Orders, res.Template.ID, time.Since(start).Round(time.Millisecond),
		res.Setup.Round(time.Millisecond), res.Load.Round(time.Millisecond))
	return nil
}
