package app

import (
	"sync"
	"time"
)

// tokenCache keeps recently verified tokens in memory for a short time, so that most requests
// verify their token without a database read. A revocation on this node purges the cache at once;
// other nodes see it within the cache's TTL (a TTL of 0 turns the cache off).
type tokenCache struct {
	ttl     time.Duration
	max     int
	mu      sync.RWMutex
	entries map[string]cachedToken
}

type cachedToken struct {
	caller    Caller
	family    string
	expiresAt time.Time // the token's own expiry
	freshTill time.Time // when the entry must be read from the database again
}

func newTokenCache(ttl time.Duration) *tokenCache {
	return &tokenCache{ttl: ttl, max: 100_000, entries: map[string]cachedToken{}}
}

// get returns the caller of a cached token still fresh and unexpired at now.
func (tc *tokenCache) get(hash string, now time.Time) (Caller, bool) {
	if tc.ttl <= 0 {
		return Caller{}, false
	}
	tc.mu.RLock()
	e, ok := tc.entries[hash]
	tc.mu.RUnlock()
	if !ok || !now.Before(e.freshTill) || !now.Before(e.expiresAt) {
		return Caller{}, false
	}
	return e.caller, true
}

func (tc *tokenCache) put(hash string, c Caller, family string, expiresAt, now time.Time) {
	if tc.ttl <= 0 {
		return
	}
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if len(tc.entries) >= tc.max {
		tc.sweep(now)
	}
	if len(tc.entries) < tc.max {
		tc.entries[hash] = cachedToken{caller: c, family: family, expiresAt: expiresAt, freshTill: now.Add(tc.ttl)}
	}
}

// sweep drops stale entries; the caller holds the lock.
func (tc *tokenCache) sweep(now time.Time) {
	for h, e := range tc.entries {
		if !now.Before(e.freshTill) {
			delete(tc.entries, h)
		}
	}
}

// purge drops the entries that match.
func (tc *tokenCache) purge(match func(hash string, e cachedToken) bool) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	for h, e := range tc.entries {
		if match(h, e) {
			delete(tc.entries, h)
		}
	}
}

func (tc *tokenCache) purgeCustomer(project, customerID string) {
	tc.purge(func(_ string, e cachedToken) bool {
		return e.caller.ProjectKey == project && e.caller.CustomerID == customerID
	})
}
