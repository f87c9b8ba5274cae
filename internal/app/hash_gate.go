package app

import (
	"context"
	"runtime"
	"time"

	"github.com/procura/procura"
)

// hashGate bounds how many password hashes are computed at once: each takes a CPU for tens of
// milliseconds and 19 MiB, so a flood of sign-ins must queue, not exhaust the node. A caller
// that finds no slot within wait is answered ServiceUnavailable.
type hashGate struct {
	slots chan struct{}
	wait  time.Duration
}

func newHashGate(slots int, wait time.Duration) *hashGate {
	return &hashGate{slots: make(chan struct{}, max(slots, 1)), wait: wait}
}

// defaultHashGate has a slot per CPU and lets a caller wait up to 2 seconds for one.
func defaultHashGate() *hashGate { return newHashGate(runtime.NumCPU(), 2*time.Second) }

// SetHashLimit sets how many password hashes run at once on this node and how long a request
// waits for a slot before it is answered ServiceUnavailable.
func (a *App) SetHashLimit(slots int, wait time.Duration) { a.hashing = newHashGate(slots, wait) }

// run runs fn once a slot is free.
func (g *hashGate) run(ctx context.Context, fn func()) error {
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
	case <-t.C:
		return procura.ServiceUnavailable(time.Second, "The server is busy checking passwords. Try again in a second.")
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-g.slots }()
	fn()
	return nil
}

// hashPassword hashes a new password under the gate.
func (a *App) hashPassword(ctx context.Context, password string) (hash string, err error) {
	if gateErr := a.hashing.run(ctx, func() { hash, err = a.Passwords.Hash(password) }); gateErr != nil {
		return "", gateErr
	}
	return hash, err
}

// verifyPassword checks a password against its hash under the gate.
func (a *App) verifyPassword(ctx context.Context, hash, password string) (ok bool, err error) {
	err = a.hashing.run(ctx, func() { ok = a.Passwords.Verify(hash, password) })
	return ok, err
}
