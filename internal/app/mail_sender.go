package app

import (
	"context"
	"errors"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// Mailer sends one mail: over SMTP, or into a directory (internal/mail). An error whose
// IsTemp() reports false (an SMTP server's permanent refusal) is not retried.
type Mailer interface {
	Send(ctx context.Context, m *store.Mail) error
}

// The sender's defaults: how many mails a claim takes, how long a claim holds them (a node that
// dies while sending leaves them to another after it), how often a mail is tried, and the first
// and longest waits between tries.
const (
	mailBatch = 50
	mailLease = 5 * time.Minute
	// mailSendLimit is the longest one mail may take to send (its context's deadline): a sender
	// starts no mail when less than this is left of its claim, so that no other node can claim a
	// mail while it is sent.
	mailSendLimit       = time.Minute
	DefaultMailAttempts = 8
	firstMailRetry      = time.Minute
	longestMailRetry    = time.Hour
)

// SendMails claims the mails due at now (of every project) and sends them with m, until none is
// left or ctx ends, and reports how many it sent. Each claim is committed before the mails are
// sent, so that nodes sending at once never take the same mail, and no mail is started so late
// in its claim that the claim could run out while it is sent; a mail that fails is tried
// again later, waiting twice as long each time, and is Failed after MailAttempts tries.
func (a *App) SendMails(ctx context.Context, m Mailer, now time.Time) (int, error) {
	sent := 0
	for ctx.Err() == nil {
		var claimed []*store.Mail
		err := a.Store.Write(ctx, func(tx store.Tx) error {
			var err error
			claimed, err = tx.ClaimMails(now, now.Add(mailLease), mailBatch)
			return err
		})
		if err != nil || len(claimed) == 0 {
			return sent, err
		}
		claimedAt := a.Now()
		for _, mail := range claimed {
			if a.Now().Sub(claimedAt) > mailLease-mailSendLimit {
				return sent, nil // the rest wait for their claim to run out, and another sender
			}
			sending, cancel := context.WithTimeout(ctx, mailSendLimit)
			err := m.Send(sending, mail)
			cancel()
			if err == nil {
				sent++
			}
			a.attempted(mail, err)
			if err := a.Store.Write(ctx, func(tx store.Tx) error { return tx.SaveMailAttempt(mail) }); err != nil {
				return sent, err
			}
		}
	}
	return sent, ctx.Err()
}

// attempted records the outcome of one try: sent (keeping no body: the recipient has it), failed
// for good, or pending again after a wait.
func (a *App) attempted(m *store.Mail, err error) {
	m.Attempts++
	if err == nil {
		m.Status, m.LastError, m.Text, m.HTML = store.MailSent, "", "", ""
		return
	}
	m.LastError = err.Error()
	var temp interface{ IsTemp() bool }
	attempts := a.MailAttempts
	if attempts <= 0 {
		attempts = DefaultMailAttempts
	}
	if m.Attempts >= attempts || errors.As(err, &temp) && !temp.IsTemp() {
		m.Status = store.MailFailed
		return
	}
	wait := firstMailRetry << (m.Attempts - 1)
	if wait > longestMailRetry || wait <= 0 {
		wait = longestMailRetry
	}
	m.Status, m.NextAt = store.MailPending, a.Now().Add(wait)
}

// OutboxMail is a mail of the outbox as an operator sees it (procura mails): what, to whom, and
// how its sending went.
type OutboxMail struct {
	ID        string `json:"id"`
	Kind      string `json:"kind"`
	To        string `json:"to"`
	Subject   string `json:"subject"`
	Status    string `json:"status"`
	Attempts  int    `json:"attempts"`
	NextAt    string `json:"nextAt,omitempty"`
	LastError string `json:"lastError,omitempty"`
	CreatedAt string `json:"createdAt"`
}

// Outbox lists the project's latest mails, newest first, at most limit (1 to 500).
func (a *App) Outbox(ctx context.Context, c Caller, limit int) ([]OutboxMail, error) {
	if limit < 1 || limit > MaxLimit {
		return nil, procura.InvalidField("limit", limit)
	}
	out := []OutboxMail{}
	err := a.read(ctx, c.ProjectKey, func(l *lookup) error {
		mails, err := l.tx.Mails(l.projectID, limit)
		for _, m := range mails {
			om := OutboxMail{ID: m.ID, Kind: m.Kind, To: m.To, Subject: m.Subject, Status: m.Status, Attempts: m.Attempts,
				LastError: m.LastError, CreatedAt: procura.FormatTime(m.CreatedAt)}
			if m.Status == store.MailPending {
				om.NextAt = procura.FormatTime(m.NextAt)
			}
			out = append(out, om)
		}
		return err
	})
	return out, err
}
