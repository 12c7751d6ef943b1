package mockgoto

import (
	"time"
)

// record is the server's view of an issued code, access or refresh token.
type record struct {
	typ       string // typeAccess, typeRefresh, typeCode
	clientID  string
	principal string
	scope     string
	issuedAt  time.Time
	expiresAt time.Time
	revoked   bool

	// codes
	used                bool
	redirectURI         string
	codeChallenge       string
	codeChallengeMethod string

	// seeded refresh tokens are re-stamped when a new clock is installed
	seeded bool
	age    time.Duration

	// account fields carried from a user login to later refreshes
	organizerKey string
	accountKey   string
}

func (r *record) live(now time.Time) bool {
	return !r.revoked && now.Before(r.expiresAt)
}

// mintLocked issues a token of type typ and stores it. s.mu must be held.
func (s *Server) mintLocked(typ, clientID, principal, scope string, ttl time.Duration) (string, *record) {
	now := s.nowLocked()
	rec := &record{
		typ:       typ,
		clientID:  clientID,
		principal: principal,
		scope:     scope,
		issuedAt:  now,
		expiresAt: now.Add(ttl),
	}
	tok := newJWT(typ, clientID, principal, scope, now, rec.expiresAt)
	s.tokens[tok] = rec
	return tok, rec
}

// restampSeededLocked dates seeded refresh tokens from the current clock, so a
// test that installs a fake clock starts them fresh (minus their Age).
func (s *Server) restampSeededLocked() {
	now := s.nowLocked()
	for _, rec := range s.tokens {
		if rec.seeded {
			rec.issuedAt = now.Add(-rec.age)
			rec.expiresAt = rec.issuedAt.Add(time.Duration(s.cfg.RefreshTTL))
		}
	}
}

// revokeClientTokensLocked revokes every access and refresh token issued to
// clientID, as GoTo does on each direct login.
func (s *Server) revokeClientTokensLocked(clientID string) {
	for _, rec := range s.tokens {
		if rec.clientID == clientID && (rec.typ == typeAccess || rec.typ == typeRefresh) {
			rec.revoked = true
		}
	}
}
