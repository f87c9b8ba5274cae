package store

import "time"

// StaffMember is a person of the seller who signs in to the dashboard (decision 0053): apart
// from customers and API clients. Email is unique, lower-cased; ProjectKey "" means every project.
type StaffMember struct {
	ID, Email, PasswordHash, Role string
	ProjectKey                    string
	CreatedAt                     time.Time
}

// StaffSession is a staff member's signed-in dashboard session, by the hash of the browser's
// random id, as the portal's WebSession.
type StaffSession struct {
	Hash, ID   string
	StaffID    string
	UserAgent  string
	Address    string
	CreatedAt  time.Time
	LastSeenAt time.Time // idle expiry counts from here
	ExpiresAt  time.Time // the absolute end
}

// Staff stores the staff and their sessions. DeleteExpiredTokens deletes the sessions past
// their absolute end too.
type Staff interface {
	// CreateStaff inserts a member; an email already used is a DuplicateError.
	CreateStaff(m *StaffMember) error
	StaffByEmail(email string) (*StaffMember, error)
	StaffByID(id string) (*StaffMember, error)
	// ListStaff lists every member by email.
	ListStaff() ([]StaffMember, error)
	SaveStaffSession(s *StaffSession) error
	StaffSession(hash string) (*StaffSession, error)
	// TouchStaffSession sets the session's last use.
	TouchStaffSession(hash string, lastSeen time.Time) error
	DeleteStaffSession(hash string) error
	// DeleteStaff removes a member and every session of theirs (ErrNotFound: no such member).
	DeleteStaff(id string) error
}
