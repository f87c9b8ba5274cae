package app

import (
	"strconv"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// Notifications by email (decision 0038): each use case that has someone to tell writes their
// mails into the outbox in its own transaction, so a change that rolls back mails no one; the
// sender (mail_sender.go) sends them later.

// recipient is a customer a mail goes to.
type recipient struct{ email, name, locale string }

// customersToMail loads the customers of ids, skipping those no longer there.
func customersToMail(l *lookup, ids ...string) ([]recipient, error) {
	var out []recipient
	for _, id := range ids {
		cu, _, err := customerKind.load(l, Ref{ID: id})
		if procura.ErrorCode(err) == procura.CodeResourceNotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		name := strings.TrimSpace(cu.FirstName + " " + cu.LastName)
		if name == "" {
			name = cu.Email
		}
		out = append(out, recipient{email: cu.Email, name: name, locale: cu.Locale})
	}
	return out, nil
}

// notify writes a mail of kind to each recipient, unless the project turned the kind off. With
// dedup set, a mail already written under it (for the same recipient) is not written again.
func (a *App) notify(l *lookup, kind string, to []recipient, d procura.NotificationData, dedup string) error {
	if len(to) == 0 {
		return nil
	}
	p, err := l.project()
	if err != nil || !p.Notifications.Enabled(kind) {
		return err
	}
	d.Project = p.Name
	for _, r := range to {
		d.Name, d.Email = r.name, r.email
		locale := r.locale
		if locale == "" && len(p.Languages) > 0 {
			locale = p.Languages[0]
		}
		subject, text, html, err := p.Notifications.Template(kind, locale).Render(d)
		if err != nil { // a project's template that fails on these data: the built-in one
			subject, text, html, err = procura.NotificationSettings{}.Template(kind, "").Render(d)
			if err != nil {
				return err
			}
		}
		m := &store.Mail{ID: a.NewID(), ProjectID: l.projectID, Kind: kind, To: r.email, Subject: subject, Text: text, HTML: html,
			NextAt: a.Now(), CreatedAt: a.Now()}
		if dedup != "" {
			m.Dedup = dedup + ":" + r.email
		}
		if _, err := l.tx.AddMail(m); err != nil {
			return err
		}
	}
	return nil
}

// notifyCustomers mails kind to the customers of ids.
func (a *App) notifyCustomers(l *lookup, kind string, d procura.NotificationData, dedup string, ids ...string) error {
	to, err := customersToMail(l, ids...)
	if err != nil {
		return err
	}
	return a.notify(l, kind, to, d, dedup)
}

// shownMoney writes an amount as people read it: "1250.00 USD".
func shownMoney(m procura.Money) string {
	s := strconv.FormatInt(m.CentAmount, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if m.FractionDigits > 0 {
		s = strings.Repeat("0", max(0, m.FractionDigits+1-len(s))) + s
		s = s[:len(s)-m.FractionDigits] + "." + s[len(s)-m.FractionDigits:]
	}
	if neg {
		s = "-" + s
	}
	return s + " " + m.CurrencyCode
}

// notifyToken mails a customer their new token as the link the project set for kind; without
// one, nothing (the project's own backend mails the token, as the reference has it).
func (a *App) notifyToken(l *lookup, kind string, t *CustomerToken, value string) error {
	p, err := l.project()
	if err != nil {
		return err
	}
	link := p.Notifications.Link(kind, value)
	if link == "" {
		return nil
	}
	return a.notifyCustomers(l, kind, procura.NotificationData{Link: link, ExpiresAt: t.ExpiresAt}, "", t.CustomerID)
}
