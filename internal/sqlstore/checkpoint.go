package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// SQLite copies its write-ahead log back into the database file at checkpoints. By default the
// writer runs one itself after the commit that grows the log past 1,000 pages, and every write
// waits meanwhile: 7% of the writer's time under an order load, with an fsync. The writer
// therefore never checkpoints (wal_autocheckpoint=0); a connection of its own does, after
// commits, at most every checkpointEvery, while the writer goes on (a PASSIVE checkpoint copies
// what no reader still needs and blocks no one).
//
// A PASSIVE checkpoint never starts the log again from its beginning: SQLite does that when a
// write begins with the whole log copied and no reader using it. Under a steady load there is
// always a commit the checkpointer has not copied yet, or a reader in the log, so the log file
// grew with every commit for as long as the load lasted: 600 MB in 12 seconds of orders
// (decision 0066). Once the checkpointer finds the log longer than restartLogFrames, the writer,
// between two transactions, runs a RESTART checkpoint: it copies what is left, waits for the
// readers still in the log, and the next write starts the log over. It waits for them at most
// restartWait, so that a long read (an export, a count over a million orders) never holds the
// writes up; a restart that could not wait is tried again restartBackoff later, so that a read
// of minutes costs the writes 20 ms a second, not at every checkpoint.

const (
	checkpointEvery = 100 * time.Millisecond
	restartWait     = 20 * time.Millisecond
	restartBackoff  = time.Second
	busyTimeout     = 10 * time.Second // how long a connection waits for the locks it needs
	// journalSizeLimit is the size to which the log file is cut when it starts over, should it
	// have grown past it (journal_size_limit).
	journalSizeLimit = 64 << 20
)

// restartLogFrames is how many frames the log holds before the writer starts it over: 64 MiB
// of 4 KiB pages. A variable for the tests.
var restartLogFrames int64 = 16384

type checkpointer struct {
	conn    *sql.DB
	kick    chan struct{}
	stop    chan struct{}
	stopped sync.WaitGroup
	restart atomic.Bool // the log is long: the writer should start it over
	// the writer's: when it may try again after a restart that a reader held up, and how many
	// times it has tried
	restartAfter time.Time
	restarts     atomic.Int64
}

func startCheckpointer(conn *sql.DB) *checkpointer {
	c := &checkpointer{conn: conn, kick: make(chan struct{}, 1), stop: make(chan struct{})}
	c.stopped.Add(1)
	go c.run()
	return c
}

// committed tells the checkpointer that the log has grown.
func (c *checkpointer) committed() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

func (c *checkpointer) run() {
	defer c.stopped.Done()
	for {
		select {
		case <-c.kick:
			var busy, frames, copied int64 // a failed checkpoint is retried at the next
			if c.conn.QueryRow("PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &frames, &copied) == nil && frames >= restartLogFrames {
				c.restart.Store(true)
			}
		case <-c.stop:
			return
		}
		select {
		case <-time.After(checkpointEvery):
		case <-c.stop:
			return
		}
	}
}

// restartLog starts the log over, if the checkpointer found it long, with the writer's
// connection, which must be in no transaction.
func (c *checkpointer) restartLog(writer *sql.DB) error {
	if time.Now().Before(c.restartAfter) || !c.restart.CompareAndSwap(true, false) {
		return nil
	}
	c.restarts.Add(1)
	conn, err := writer.Conn(context.Background())
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), fmt.Sprintf("PRAGMA busy_timeout = %d", restartWait.Milliseconds())); err != nil {
		return err
	}
	var busy, frames, copied int64
	err = conn.QueryRowContext(context.Background(), "PRAGMA wal_checkpoint(RESTART)").Scan(&busy, &frames, &copied)
	if busy != 0 {
		c.restartAfter = time.Now().Add(restartBackoff)
	}
	_, errBack := conn.ExecContext(context.Background(), fmt.Sprintf("PRAGMA busy_timeout = %d", busyTimeout.Milliseconds()))
	if errBack != nil { // the connection would give up on a busy database too soon
		conn.Raw(func(any) error { return driver.ErrBadConn })
	}
	return err
}

// close stops checkpointing; closing the last connection checkpoints what is left.
func (c *checkpointer) close() error {
	close(c.stop)
	c.stopped.Wait()
	return c.conn.Close()
}
