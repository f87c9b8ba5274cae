package store

import "time"

// Mail is one email in the outbox: written in the transaction of the change it tells of, sent
// later by a node's sender (never inside the request).
type Mail struct {
	ID        string
	ProjectID string
	// Kind is the notification it is (approvalPending, quoteSent, …).
	Kind string
	// Dedup, when set, is unique per project: a second mail with the same value is not added
	// (AddMail reports false), so a job several nodes run adds its mail once.
	Dedup   string
	To      string
	Subject string
	Text    string
	HTML    string
	// Status is MailPending, MailSending, MailSent or MailFailed.
	Status    string
	Attempts  int
	NextAt    time.Time // a pending mail is due then; a mail being sent is claimed until then
	LastError string
	CreatedAt time.Time
}

// The states of a mail.
const (
	MailPending = "pending"
	MailSending = "sending"
	MailSent    = "sent"
	MailFailed  = "failed"
)

// MailOutbox stores the mails to send.
type MailOutbox interface {
	// AddMail adds a pending mail due at m.NextAt; false when its Dedup is already taken.
	AddMail(m *Mail) (bool, error)
	// ClaimMails marks up to limit mails due at now (pending, or sending with a claim that ran
	// out) as being sent until leaseUntil and returns them. Concurrent transactions never
	// claim the same mail: each is sent by one node at a time.
	ClaimMails(now, leaseUntil time.Time, limit int) ([]*Mail, error)
	// SaveMailAttempt records the outcome of sending a claimed mail: its Status, Attempts,
	// NextAt, LastError and bodies (a sent mail keeps none).
	SaveMailAttempt(m *Mail) error
	// Mails lists the mails of a project, newest first, at most limit.
	Mails(projectID string, limit int) ([]*Mail, error)
}
