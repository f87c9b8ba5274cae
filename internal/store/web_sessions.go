package store

import "time"

// WebSession is a signed-in customer's session of the web pages (decision 0049): the browser
// holds a random id whose hash is Hash; ID names the session on the security page.
type WebSession struct {
	Hash, ID     string
	ProjectKey   string
	CustomerID   string
	BusinessUnit string // the unit the customer acts for, "" before one is chosen
	UserAgent    string
	Address      string
	CreatedAt    time.Time
	LastSeenAt   time.Time // idle expiry counts from here
	ExpiresAt    time.Time // the absolute end
}

// WebSessions stores the web pages' sessions by the hash of their id. RevokeCustomerTokens
// deletes a customer's sessions too, and DeleteExpiredTokens those past their absolute end.
type WebSessions interface {
	SaveWebSession(s *WebSession) error
	WebSession(hash string) (*WebSession, error)
	// TouchWebSession sets the last use and the unit of the session of hash.
	TouchWebSession(hash string, lastSeen time.Time, businessUnit string) error
	// CustomerWebSessions lists a customer's sessions, newest first.
	CustomerWebSessions(projectKey, customerID string) ([]WebSession, error)
	// DeleteWebSession deletes the session of hash (signing out).
	DeleteWebSession(hash string) error
}
