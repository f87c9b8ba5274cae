package app

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// The web pages' sessions (decision 0049): a customer signs in with the same check as the
// password grant (Login: the lockout and the password policy of the API), and the session acts
// like a customer token bound to a unit: Caller gives the use cases the same caller.

// SessionLimits are how long a session lives unused (Idle) and at most (Absolute).
type SessionLimits struct {
	Idle, Absolute time.Duration
}

// DefaultSessionLimits: two hours unused, twelve hours in all.
var DefaultSessionLimits = SessionLimits{Idle: 2 * time.Hour, Absolute: 12 * time.Hour}

// sessionTouchEvery is how stale a session's last use may be before a request records it anew:
// the idle expiry is that much less exact, and most requests write nothing.
const sessionTouchEvery = time.Minute

// Session is a signed-in customer's web session. Token is the secret the browser holds: set
// only when the session is opened.
type Session struct {
	ID, Token    string
	ProjectKey   string
	CustomerID   string
	BusinessUnit string
	UserAgent    string
	Address      string
	CreatedAt    time.Time
	LastSeenAt   time.Time
	hash         string
}

// Caller is who the session's requests act as: its customer, bound to its unit.
func (s *Session) Caller() Caller {
	return Caller{ProjectKey: s.ProjectKey, CustomerID: s.CustomerID, BusinessUnit: s.BusinessUnit}
}

func (a *App) sessionLimits() SessionLimits {
	l := a.SessionLimits
	if l.Idle <= 0 {
		l.Idle = DefaultSessionLimits.Idle
	}
	if l.Absolute <= 0 {
		l.Absolute = DefaultSessionLimits.Absolute
	}
	return l
}

// OpenSession signs a customer of the project in and opens a session, acting for their first
// company (by key) if they have one.
func (a *App) OpenSession(ctx context.Context, projectKey, email, password, address, userAgent string) (*Session, error) {
	res, err := a.Login(ctx, Caller{ProjectKey: projectKey}, procura.CustomerSignIn{Email: email, Password: password}, address)
	if err != nil {
		return nil, err
	}
	now := a.Now()
	token := randomToken(32)
	s := &Session{ID: a.NewID(), Token: token, ProjectKey: projectKey, CustomerID: res.Customer.ID, UserAgent: clip(userAgent, 200),
		Address: address, CreatedAt: now, LastSeenAt: now, hash: hashSecret(token)}
	companies, err := a.MyCompanies(ctx, s.Caller())
	if err != nil {
		return nil, err
	}
	err = a.Store.Write(ctx, func(tx store.Tx) error {
		if len(companies) > 0 {
			if s.BusinessUnit, err = a.actingUnit(tx, s, companies[0].Key); err != nil {
				return err
			}
		}
		return tx.SaveWebSession(&store.WebSession{Hash: s.hash, ID: s.ID, ProjectKey: projectKey, CustomerID: s.CustomerID,
			BusinessUnit: s.BusinessUnit, UserAgent: s.UserAgent, Address: address, CreatedAt: now, LastSeenAt: now,
			ExpiresAt: now.Add(a.sessionLimits().Absolute)})
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// errNoSession: the token names no live session of the project.
func errNoSession() error {
	return procura.InvalidToken("The session has ended. Please sign in again.")
}

// ResumeSession returns the live session of token in the project: InvalidToken when there is
// none, it is of another project, it ended or it was unused too long. A session whose customer is
// no longer an associate of its unit acts for no unit from then on.
func (a *App) ResumeSession(ctx context.Context, projectKey, token string) (*Session, error) {
	if token == "" {
		return nil, errNoSession()
	}
	hash := hashSecret(token)
	now := a.Now()
	var s *Session
	unit := ""
	err := a.Store.Read(ctx, func(tx store.Tx) error {
		w, err := tx.WebSession(hash)
		if errors.Is(err, store.ErrNotFound) {
			return errNoSession()
		}
		if err != nil {
			return err
		}
		if w.ProjectKey != projectKey || !now.Before(w.ExpiresAt) || !now.Before(w.LastSeenAt.Add(a.sessionLimits().Idle)) {
			return errNoSession()
		}
		s, unit = sessionOf(w), w.BusinessUnit
		if unit == "" {
			return nil
		}
		err = a.checkBinding(tx, s.Caller())
		if procura.ErrorCode(err) == procura.CodeInvalidToken {
			unit, err = "", nil
		}
		return err
	})
	if err != nil || unit == s.BusinessUnit && now.Sub(s.LastSeenAt) < sessionTouchEvery {
		return s, err
	}
	s.BusinessUnit, s.LastSeenAt = unit, now
	err = a.Store.Write(ctx, func(tx store.Tx) error { return tx.TouchWebSession(hash, now, unit) })
	if errors.Is(err, store.ErrNotFound) { // signed out meanwhile
		return nil, errNoSession()
	}
	return s, err
}

func sessionOf(w *store.WebSession) *Session {
	return &Session{ID: w.ID, ProjectKey: w.ProjectKey, CustomerID: w.CustomerID, BusinessUnit: w.BusinessUnit,
		UserAgent: w.UserAgent, Address: w.Address, CreatedAt: w.CreatedAt, LastSeenAt: w.LastSeenAt, hash: w.Hash}
}

// SwitchCompany makes the session act for the company of companyKey: the company itself when the
// customer is an associate there, else the first of its units (by key) they are an associate of.
// A company they are not in is ResourceNotFound.
func (a *App) SwitchCompany(ctx context.Context, s *Session, companyKey string) error {
	return a.Store.Write(ctx, func(tx store.Tx) error {
		unit, err := a.actingUnit(tx, s, companyKey)
		if err != nil {
			return err
		}
		s.BusinessUnit = unit
		return tx.TouchWebSession(s.hash, a.Now(), unit)
	})
}

func (a *App) actingUnit(tx store.Tx, s *Session, companyKey string) (string, error) {
	var units []string
	err := a.inProject(tx, s.ProjectKey, func(l *lookup) error {
		all, err := customerUnits(l, s.CustomerID)
		for _, u := range all {
			if u.TopLevelUnit.Key == companyKey && u.Associate(s.CustomerID) != nil {
				units = append(units, u.Key)
			}
		}
		return err
	})
	switch {
	case err != nil:
		return "", err
	case len(units) == 0:
		return "", procura.NotFound(companyKey)
	case slices.Contains(units, companyKey):
		return companyKey, nil
	}
	return slices.Min(units), nil
}

// Sessions lists the live sessions of the customer of s, newest first; s's own is marked by
// its ID.
func (a *App) Sessions(ctx context.Context, s *Session) ([]Session, error) {
	var out []Session
	now, idle := a.Now(), a.sessionLimits().Idle
	err := a.Store.Read(ctx, func(tx store.Tx) error {
		list, err := tx.CustomerWebSessions(s.ProjectKey, s.CustomerID)
		for _, w := range list {
			if now.Before(w.ExpiresAt) && now.Before(w.LastSeenAt.Add(idle)) {
				out = append(out, *sessionOf(&w))
			}
		}
		return err
	})
	return out, err
}

// CloseSession signs s out.
func (a *App) CloseSession(ctx context.Context, s *Session) error {
	return a.Store.Write(ctx, func(tx store.Tx) error { return tx.DeleteWebSession(s.hash) })
}

// CloseAllSessions signs the customer of s out everywhere: every web session and every token of
// theirs ends (as when their password changes).
func (a *App) CloseAllSessions(ctx context.Context, s *Session) error {
	err := a.Store.Write(ctx, func(tx store.Tx) error { return tx.RevokeCustomerTokens(s.ProjectKey, s.CustomerID) })
	if err == nil {
		a.tokens.purgeCustomer(s.ProjectKey, s.CustomerID)
	}
	return err
}

// clip cuts s to at most n bytes, at a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
