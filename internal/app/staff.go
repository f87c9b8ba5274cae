package app

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// The seller's staff (decision 0053): people of the seller who sign in to the dashboard, apart
// from customers and API clients. A member's role names the scopes their caller holds in a
// project, so that the dashboard calls the use cases as an API client of those scopes would, and
// every change is filed under the member's email.

// StaffRoles are the roles a staff member may have.
var StaffRoles = []string{"admin", "sales", "support", "viewer"}

// readScopes are the scopes that read: every known scope named view_….
var readScopes = func() []string {
	var out []string
	for _, s := range KnownScopes {
		if strings.HasPrefix(s, "view_") {
			out = append(out, s)
		}
	}
	return out
}()

// roleScopes are the scope names each role holds in its projects: admin everything; sales
// manages companies, customers, quotes and orders and reads the rest; support reads, resets a
// customer's lockout and sends their verification mail again (customer_support.go); viewer reads.
var roleScopes = map[string][]string{
	"admin": {"manage_project"},
	"sales": append([]string{"manage_business_units", "manage_customers", "manage_quote_requests", "manage_staged_quotes",
		"manage_quotes", "manage_orders"}, readScopes...),
	"support": append([]string{ScopeSupportCustomers}, readScopes...),
	"viewer":  readScopes,
}

// StaffMember is a staff member as the dashboard and the CLI show them.
type StaffMember struct {
	ID         string    `json:"id"`
	Email      string    `json:"email"`
	Role       string    `json:"role"`
	ProjectKey string    `json:"project,omitempty"` // "": every project
	CreatedAt  time.Time `json:"createdAt"`
}

func staffOf(m *store.StaffMember) StaffMember {
	return StaffMember{ID: m.ID, Email: m.Email, Role: m.Role, ProjectKey: m.ProjectKey, CreatedAt: m.CreatedAt}
}

// Caller is who the member acts as in project: a caller of their role's scopes there, whose
// changes are theirs. A project not theirs is ResourceNotFound.
func (m StaffMember) Caller(project string) (Caller, error) {
	if m.ProjectKey != "" && m.ProjectKey != project {
		return Caller{}, procura.NotFound(project)
	}
	var scopes Scopes
	for _, s := range roleScopes[m.Role] {
		scopes = append(scopes, s+":"+project)
	}
	return Caller{ProjectKey: project, Scopes: scopes, Staff: m.Email}, nil
}

// StaffProjects lists the keys of the projects the member works in.
func (a *App) StaffProjects(ctx context.Context, m StaffMember) ([]string, error) {
	var keys []string
	err := a.Store.Read(ctx, func(tx store.Tx) error {
		var err error
		keys, err = tx.ProjectKeys()
		return err
	})
	if m.ProjectKey != "" {
		keys = slices.DeleteFunc(keys, func(k string) bool { return k != m.ProjectKey })
	}
	slices.Sort(keys)
	return keys, err
}

// NewStaffMember is a staff member as created, with the password generated for them (shown once).
type NewStaffMember struct {
	StaffMember
	Password string `json:"password,omitempty"`
}

// CreateStaff creates a staff member with a password of the customers' policy, hashed as theirs
// are; password "" generates one, which the answer holds. projectKey "" lets them work in every
// project.
func (a *App) CreateStaff(ctx context.Context, email, role, projectKey, password string) (*NewStaffMember, error) {
	out := &NewStaffMember{}
	if password == "" {
		password = randomToken(18)
		out.Password = password
	}
	email, err := procura.NormalizeEmail(email)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(StaffRoles, role) {
		return nil, procura.InvalidField("role", role, StaffRoles...)
	}
	if err := procura.CheckPassword(password); err != nil {
		return nil, err
	}
	hash, err := a.hashPassword(ctx, password)
	if err != nil {
		return nil, err
	}
	m := &store.StaffMember{ID: a.NewID(), Email: procura.EmailIdentity(email), PasswordHash: hash, Role: role, ProjectKey: projectKey, CreatedAt: a.Now()}
	err = a.Store.Write(ctx, func(tx store.Tx) error {
		if projectKey != "" {
			if _, err := tx.ProjectByKey(projectKey); err != nil {
				return err
			}
		}
		return tx.CreateStaff(m)
	})
	var dup *store.DuplicateError
	switch {
	case errors.As(err, &dup):
		return nil, procura.DuplicateField("email", email)
	case errors.Is(err, store.ErrNotFound):
		return nil, procura.NotFound(projectKey)
	case err != nil:
		return nil, err
	}
	out.StaffMember = staffOf(m)
	return out, nil
}

// ListStaff lists the staff by email.
func (a *App) ListStaff(ctx context.Context) ([]StaffMember, error) {
	var out []StaffMember
	err := a.Store.Read(ctx, func(tx store.Tx) error {
		list, err := tx.ListStaff()
		for i := range list {
			out = append(out, staffOf(&list[i]))
		}
		return err
	})
	return out, err
}

// StaffSession is a staff member's signed-in dashboard session. Token is the secret the
// browser holds: set only when the session is opened.
type StaffSession struct {
	ID, Token string
	Member    StaffMember
	hash      string
}

// OpenStaffSession signs a staff member in, under the login limit of the customers' sign-in
// (per account and per client address), and opens a session of the portal's limits.
func (a *App) OpenStaffSession(ctx context.Context, email, password, address, userAgent string) (*StaffSession, error) {
	identity := procura.EmailIdentity(email)
	var m *store.StaffMember
	err := a.authenticate(ctx, a.limitKeysOf("staff:"+identity, address), password, func() (string, error) {
		err := a.Store.Read(ctx, func(tx store.Tx) error {
			var err error
			if m, err = tx.StaffByEmail(identity); errors.Is(err, store.ErrNotFound) {
				m, err = nil, nil
			}
			return err
		})
		if m == nil {
			return "", err
		}
		return m.PasswordHash, err
	})
	if err != nil {
		return nil, err
	}
	return a.openStaffSession(ctx, m, address, userAgent)
}

func (a *App) openStaffSession(ctx context.Context, m *store.StaffMember, address, userAgent string) (*StaffSession, error) {
	now := a.Now()
	token := randomToken(32)
	s := &StaffSession{ID: a.NewID(), Token: token, Member: staffOf(m), hash: hashSecret(token)}
	err := a.Store.Write(ctx, func(tx store.Tx) error {
		return tx.SaveStaffSession(&store.StaffSession{Hash: s.hash, ID: s.ID, StaffID: m.ID, UserAgent: clip(userAgent, 200),
			Address: address, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(a.sessionLimits().Absolute)})
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// RemoveStaff removes the member with email and ends every session of theirs at once: a person
// who leaves the seller loses the dashboard with their next request.
func (a *App) RemoveStaff(ctx context.Context, email string) error {
	email, err := procura.NormalizeEmail(email)
	if err != nil {
		return err
	}
	return a.Store.Write(ctx, func(tx store.Tx) error {
		m, err := tx.StaffByEmail(procura.EmailIdentity(email))
		if errors.Is(err, store.ErrNotFound) {
			return procura.NotFound(email)
		}
		if err != nil {
			return err
		}
		return tx.DeleteStaff(m.ID)
	})
}

// ResumeStaffSession returns the live session of token: InvalidToken when there is none, it
// ended or it was unused too long.
func (a *App) ResumeStaffSession(ctx context.Context, token string) (*StaffSession, error) {
	if token == "" {
		return nil, errNoSession()
	}
	hash := hashSecret(token)
	now := a.Now()
	var w *store.StaffSession
	var m *store.StaffMember
	err := a.Store.Read(ctx, func(tx store.Tx) error {
		var err error
		w, err = tx.StaffSession(hash)
		if errors.Is(err, store.ErrNotFound) {
			return errNoSession()
		}
		if err != nil {
			return err
		}
		if !now.Before(w.ExpiresAt) || !now.Before(w.LastSeenAt.Add(a.sessionLimits().Idle)) {
			return errNoSession()
		}
		m, err = tx.StaffByID(w.StaffID)
		return err
	})
	if err != nil {
		return nil, err
	}
	s := &StaffSession{ID: w.ID, Member: staffOf(m), hash: hash}
	if now.Sub(w.LastSeenAt) < sessionTouchEvery {
		return s, nil
	}
	err = a.Store.Write(ctx, func(tx store.Tx) error { return tx.TouchStaffSession(hash, now) })
	if errors.Is(err, store.ErrNotFound) { // signed out meanwhile
		return nil, errNoSession()
	}
	return s, err
}

// CloseStaffSession signs s out.
func (a *App) CloseStaffSession(ctx context.Context, s *StaffSession) error {
	return a.Store.Write(ctx, func(tx store.Tx) error { return tx.DeleteStaffSession(s.hash) })
}
