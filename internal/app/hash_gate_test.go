package app_test

import (
	"errors"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// blockingHasher holds its caller in Verify while password is "hold the line".
type blockingHasher struct {
	app.PasswordHasher
	entered, release chan struct{}
}

func (h *blockingHasher) Verify(hash, password string) bool {
	if password == "hold the line" {
		h.entered <- struct{}{}
		<-h.release
	}
	return h.PasswordHasher.Verify(hash, password)
}

// TestHashLimit: while every hashing slot is busy, sign-ins and new passwords wait briefly and
// are then answered ServiceUnavailable with a wait; such attempts do not count toward the lock.
// Once a slot is free they go through.
func TestHashLimit(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := newWorld(t, a, c)
		w.customer("alice@a.example")
		h := &blockingHasher{PasswordHasher: a.Passwords, entered: make(chan struct{}), release: make(chan struct{})}
		a.Passwords = h
		a.SetHashLimit(1, 50*time.Millisecond)
		login := func(password, address string) error {
			_, err := a.Login(ctx, c, procura.CustomerSignIn{Email: "alice@a.example", Password: password}, address)
			return err
		}
		held := make(chan error)
		go func() { held <- login("hold the line", "10.0.0.1") }()
		<-h.entered // the only slot is taken

		for i := 0; i < 2*a.LoginLimit.MaxFailures; i++ {
			err := login("correct horse", "10.0.0.2")
			wantCode(t, err, procura.CodeServiceUnavailable)
			if pe := (*procura.Error)(nil); !errors.As(err, &pe) || pe.RetryAfter <= 0 {
				t.Fatalf("busy answer without a wait: %+v", pe)
			}
		}
		_, err := a.CreateCustomer(ctx, c, procura.CustomerDraft{Email: "bob@b.example", Password: "correct horse"})
		wantCode(t, err, procura.CodeServiceUnavailable)

		close(h.release)
		wantCode(t, <-held, procura.CodeInvalidCredentials)
		if err := login("correct horse", "10.0.0.2"); err != nil {
			t.Fatalf("with a free slot, after %d busy answers: %v", 2*a.LoginLimit.MaxFailures, err)
		}
		if _, err := a.CreateCustomer(ctx, c, procura.CustomerDraft{Email: "bob@b.example", Password: "correct horse"}); err != nil {
			t.Fatalf("sign-up with a free slot: %v", err)
		}
	})
}
