// Package mail sends the outbox's mails: over SMTP (github.com/wneessen/go-mail), or into a
// directory, a file per mail, for trying Procura without a mail server.
package mail

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/procura/procura/internal/store"
)

// The TLS modes of an SMTP server.
const (
	TLSStartTLS = "starttls" // STARTTLS required (port 587 by default)
	TLSImplicit = "tls"      // TLS from the first byte (port 465 by default)
	TLSNone     = "none"     // plain text, for a relay on the same host or network (port 25 by default)
)

// SMTP sends each mail to an SMTP server, as From; with a User, after authenticating with the
// strongest mechanism the server offers.
type SMTP struct {
	Host, User, Password, From, TLS string
	Port                            int
	Timeout                         time.Duration
}

// Send delivers one mail. Its error reports IsTemp() false for the server's permanent refusal
// alone.
func (s SMTP) Send(ctx context.Context, m *store.Mail) error {
	msg, err := message(s.From, m)
	if err != nil {
		return err
	}
	opts := []gomail.Option{gomail.WithTimeout(s.Timeout)}
	switch s.TLS {
	case TLSImplicit:
		opts = append(opts, gomail.WithSSLPort(false))
	case TLSNone:
		opts = append(opts, gomail.WithTLSPortPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPortPolicy(gomail.TLSMandatory))
	}
	if s.Port > 0 {
		opts = append(opts, gomail.WithPort(s.Port))
	}
	if s.User != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(s.User), gomail.WithPassword(s.Password))
	}
	c, err := gomail.NewClient(s.Host, opts...)
	if err != nil {
		return err
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		var se *gomail.SendError
		return &failure{err: err, permanent: errors.As(err, &se) && se.ErrorCode() >= 500 && se.ErrorCode() < 600}
	}
	return nil
}

// failure is a mail that did not go: refused for good by the server (5xx), or for now (4xx, or
// the network failed).
type failure struct {
	err       error
	permanent bool
}

func (f *failure) Error() string { return f.err.Error() }
func (f *failure) Unwrap() error { return f.err }

// IsTemp reports whether trying again later may succeed.
func (f *failure) IsTemp() bool { return !f.permanent }

// Dir writes each mail into a directory as a file NNN-id.eml (RFC 5322, readable with any mail
// program or a pager), named so that listing the directory lists the mails in order.
type Dir struct{ Path, From string }

// Send writes one mail.
func (d Dir) Send(_ context.Context, m *store.Mail) error {
	msg, err := message(d.From, m)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(d.Path, 0o700); err != nil {
		return err
	}
	name := fmt.Sprintf("%d-%s-%s.eml", m.CreatedAt.UnixMilli(), m.Kind, m.ID)
	return msg.WriteToFile(filepath.Join(d.Path, name))
}

// message builds the MIME message of a mail: its text, and its HTML as the alternative.
func message(from string, m *store.Mail) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	if err := msg.From(from); err != nil {
		return nil, fmt.Errorf("mail from %q: %w", from, err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, err
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(m.ID + "@procura")
	msg.SetDate()
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}
