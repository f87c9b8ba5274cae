package mail_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/procura/procura/internal/mail"
	"github.com/procura/procura/internal/mail/mailtest"
	"github.com/procura/procura/internal/store"
)

func testMail(to string) *store.Mail {
	return &store.Mail{ID: "m-1", Kind: "quoteSent", To: to, Subject: "Your quote is ready", Text: "Hello,\n\na quote.",
		HTML: "<p>Hello,</p><p>a quote.</p>", CreatedAt: time.Now()}
}

func TestSMTPDeliversTextAndHTML(t *testing.T) {
	srv := mailtest.Start(t)
	s := mail.SMTP{Host: srv.Host, Port: srv.Port, TLS: mail.TLSNone, From: "orders@seller.example", Timeout: 5 * time.Second}
	if err := s.Send(context.Background(), testMail("bob@acme.example")); err != nil {
		t.Fatal(err)
	}
	got := srv.Take()
	if len(got) != 1 || got[0].From != "orders@seller.example" || strings.Join(got[0].To, ",") != "bob@acme.example" {
		t.Fatalf("received %+v", got)
	}
	for _, want := range []string{"Subject: Your quote is ready", "text/plain", "a quote.", "text/html", "<p>Hello,</p>", "Message-ID: <m-1@procura>"} {
		if !strings.Contains(got[0].Data, want) {
			t.Errorf("the mail lacks %q:\n%s", want, got[0].Data)
		}
	}
}

// The server's refusals tell a mail to try again (451) from one never to send (550).
func TestSMTPRefusalsAreTemporaryOrPermanent(t *testing.T) {
	srv := mailtest.Start(t)
	s := mail.SMTP{Host: srv.Host, Port: srv.Port, TLS: mail.TLSNone, From: "orders@seller.example", Timeout: 5 * time.Second}
	srv.Refuse("nobody@acme.example")
	err := s.Send(context.Background(), testMail("nobody@acme.example"))
	var temp interface{ IsTemp() bool }
	if err == nil || !errors.As(err, &temp) || temp.IsTemp() {
		t.Fatalf("a refused mailbox: %v", err)
	}
	srv.SetBusy(true)
	err = s.Send(context.Background(), testMail("bob@acme.example"))
	if err == nil || !errors.As(err, &temp) || !temp.IsTemp() {
		t.Fatalf("a busy server: %v", err)
	}
	if got := srv.Take(); len(got) != 0 {
		t.Fatalf("received %+v", got)
	}
}

func TestDirWritesAFilePerMail(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mail")
	d := mail.Dir{Path: dir, From: "demo@procura.localhost"}
	if err := d.Send(context.Background(), testMail("bob@acme.example")); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*-quoteSent-m-1.eml"))
	if err != nil || len(files) != 1 {
		t.Fatalf("files %v %v", files, err)
	}
	b, err := os.ReadFile(files[0])
	if err != nil || !strings.Contains(string(b), "To: <bob@acme.example>") || !strings.Contains(string(b), "a quote.") {
		t.Fatalf("file:\n%s %v", b, err)
	}
}

// A server that does not answer is a failure for now.
func TestSMTPWithoutAServerIsTemporary(t *testing.T) {
	s := mail.SMTP{Host: "127.0.0.1", Port: 1, TLS: mail.TLSNone, From: "orders@seller.example", Timeout: time.Second}
	err := s.Send(context.Background(), testMail("bob@acme.example"))
	var temp interface{ IsTemp() bool }
	if err == nil || !errors.As(err, &temp) || !temp.IsTemp() {
		t.Fatalf("no server: %v", err)
	}
}
