package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"github.com/procura/procura/internal/store"
)

// SQLite writes run on its one writer connection, one after the other, and a commit writes every
// page the transaction changed to the WAL: about 30% of an order's CPU, most of it for the index
// pages that every insert touches. Writes that arrive while another runs are therefore gathered
// into one transaction (group commit), and all of them commit together. None is answered before
// the commit, so each is as durable as if it had committed alone (docs/decisions/0013).
//
// Each write runs in the transaction as it stands, without a savepoint of its own: a savepoint
// has SQLite copy every page the write then changes aside first, which cost the writer a tenth of
// its time (decision 0070). A write that fails before it wrote anything leaves the transaction as
// it found it. One that fails after it wrote, or panics, has the batch rolled back and run again
// from its start without it: every write before it runs again, whatever it answered and whether
// or not its caller still waits, so that each answer is given from the state the batch commits,
// and each write then runs in a savepoint of its own, so that its failure undoes only its own
// statements. A write may therefore run twice, as store.Store.Write allows.

// maxBatch bounds how many writes share a commit, and so how long the first of them waits.
const maxBatch = 16

// writeJob is one Write waiting for the writer.
type writeJob struct {
	ctx  context.Context
	fn   func(store.Tx) error
	ran  bool // fn was called
	err  error
	pan  any // what fn panicked with, raised again in the caller
	done chan struct{}
}

// batcher owns the writer connection's transactions.
type batcher struct {
	guard   *commitGuard // the writer's commit hook (commit_guard.go)
	jobs    chan *writeJob
	stop    chan struct{}
	stopped sync.WaitGroup
	cache   writerCache
}

func (db *DB) startBatcher(g *commitGuard) {
	db.batch = &batcher{guard: g, jobs: make(chan *writeJob), stop: make(chan struct{})}
	db.batch.stopped.Add(1)
	go db.runBatches()
}

// stopBatcher ends the batcher after the batch it runs.
func (db *DB) stopBatcher() {
	if db.batch != nil {
		close(db.batch.stop)
		db.batch.stopped.Wait()
	}
}

// writeBatched hands fn to the batcher and waits for its batch to commit.
func (db *DB) writeBatched(ctx context.Context, fn func(store.Tx) error) error {
	j := &writeJob{ctx: ctx, fn: fn, done: make(chan struct{})}
	select {
	case db.batch.jobs <- j:
	case <-ctx.Done():
		return ctx.Err()
	case <-db.batch.stop:
		return fmt.Errorf("sqlstore: closed")
	}
	<-j.done
	if j.pan != nil {
		panic(j.pan)
	}
	return j.err
}

func (db *DB) runBatches() {
	defer db.batch.stopped.Done()
	for {
		select {
		case j := <-db.batch.jobs:
			db.runBatch(j, db.next)
		case <-db.batch.stop:
			return
		}
	}
}

// runBatch runs first and the writes next hands it meanwhile (up to maxBatch) in one
// transaction.
func (db *DB) runBatch(first *writeJob, next func(n int) *writeJob) {
	ran := []*writeJob{}
	finish := func(err error) { // err: the batch committed nothing, whatever a write answered
		for _, j := range ran {
			if err != nil && j.pan == nil && (j.ran || j.err == nil) {
				j.err = err
			}
			close(j.done)
		}
	}
	defer db.writeStmts.prepareWanted()
	db.sizeWriterCache()
	if db.checkpoints != nil {
		_ = db.checkpoints.restartLog(db.writer) // a log not started over is started over later
	}
	g := db.batch.guard
	var sqlTx *sql.Tx
	begin := func() (err error) {
		if sqlTx, err = db.writer.BeginTx(context.Background(), nil); err == nil {
			g.state.Store(guardBatch)
		}
		return err
	}
	rollback := func() { // the guard first: the connection goes back to the writer's pool
		g.state.Store(guardIdle)
		if sqlTx != nil {
			sqlTx.Rollback()
		}
	}
	if err := begin(); err != nil {
		ran = append(ran, first)
		finish(err)
		return
	}
	t := &tx{d: db.d, q: sqlTx, cache: db.writeStmts, maxBytes: db.maxBytes()}
	savepoints := false
	for j := first; j != nil; j = next(len(ran)) {
		ran = append(ran, j)
		var err error
		switch {
		case cancelled(j):
		case savepoints:
			err = runInSavepoint(sqlTx, t, j)
		case !runAlone(t, j):
			// j failed after it wrote: the batch runs again, each write in a savepoint.
			db.retries.Add(1)
			rollback()
			savepoints, err = true, begin()
			t.q = sqlTx
			for _, k := range ran {
				// j runs again only if the guard refused its commit: SQLite had ended the
				// transaction before it.
				if again := k.ran && (k != j || refusedByGuard(k.err)); err == nil && again {
					err = runInSavepoint(sqlTx, t, k)
				}
			}
		}
		if err != nil {
			rollback()
			finish(err)
			return
		}
	}
	g.state.Store(guardCommitting)
	err := sqlTx.Commit()
	g.state.Store(guardIdle)
	finish(err)
	if db.checkpoints != nil {
		db.checkpoints.committed()
	}
}

// cancelled answers j with its context's error, without running it, when its caller no longer
// waits for it.
func cancelled(j *writeJob) bool {
	j.err = j.ctx.Err()
	return j.err != nil
}

// runAlone runs j's fn in the transaction as it stands. It reports false when fn failed or
// panicked after a statement that writes: the transaction may then hold some of its writes.
func runAlone(t *tx, j *writeJob) bool {
	t.wrote = false
	j.ran = true
	j.err, j.pan = call(j.fn, t)
	return !t.wrote || (j.err == nil && j.pan == nil)
}

// next returns a write that is waiting, if the batch may grow.
func (db *DB) next(n int) *writeJob {
	if n >= maxBatch {
		return nil
	}
	select {
	case j := <-db.batch.jobs:
		return j
	default:
		return nil
	}
}

// runInSavepoint runs j's fn in a savepoint, and rolls the savepoint back when fn fails or
// panics (j.err, j.pan). The error it returns is the transaction's: it can no longer commit.
func runInSavepoint(sqlTx *sql.Tx, t *tx, j *writeJob) error {
	if _, err := sqlTx.Exec("SAVEPOINT write"); err != nil {
		return err
	}
	j.ran = true
	j.err, j.pan = call(j.fn, t)
	if j.err != nil || j.pan != nil {
		if _, err := sqlTx.Exec("ROLLBACK TO write"); err != nil {
			return err
		}
	}
	_, err := sqlTx.Exec("RELEASE write")
	return err
}

// call runs fn, turning a panic into a value.
func call(fn func(store.Tx) error, t store.Tx) (err error, pan any) {
	defer func() {
		if p := recover(); p != nil {
			pan = p
		}
	}()
	return fn(t), nil
}
