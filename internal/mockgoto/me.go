package mockgoto

import (
	"fmt"
	"hash/fnv"
	"net/http"
	"strconv"
	"strings"
)

// bearer returns the live access token record for the request, or writes 401.
func (s *Server) bearer(w http.ResponseWriter, r *http.Request) (*record, bool) {
	h := r.Header.Get("Authorization")
	scheme, tok, _ := strings.Cut(h, " ")
	tok = strings.TrimSpace(tok)
	if strings.EqualFold(scheme, "Bearer") && tok != "" {
		s.mu.Lock()
		rec, ok := s.tokens[tok]
		live := ok && rec.typ == typeAccess && rec.live(s.nowLocked())
		var cp record
		if live {
			cp = *rec
		}
		s.mu.Unlock()
		if live {
			return &cp, true
		}
	}
	w.Header().Set("WWW-Authenticate", `Bearer realm="goto", error="invalid_token"`)
	legacyError(w, http.StatusUnauthorized, "InvalidToken", "Invalid token passed")
	return nil, false
}

// userByPrincipal finds the configured user behind a token, if any.
func (s *Server) userByPrincipal(p string) User {
	for _, u := range s.cfg.Users {
		if strings.EqualFold(userPrincipal(u), p) {
			return u
		}
	}
	return User{}
}

// numericKey is a stable GoTo-style numeric key: the configured one when it is
// numeric, else derived from seed. Keys can exceed int64 (DemoAccountKey
// does), hence uint64.
func numericKey(configured, seed string) uint64 {
	if n, err := strconv.ParseUint(configured, 10, 64); err == nil {
		return n
	}
	h := fnv.New64a()
	_, _ = h.Write([]byte(seed))
	return h.Sum64() >> 2
}

// handleAdminMe serves GET /admin/rest/v1/me.
func (s *Server) handleAdminMe(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.bearer(w, r)
	if !ok {
		return
	}
	u := s.userByPrincipal(rec.principal)
	writeJSON(w, http.StatusOK, map[string]any{
		"key":        numericKey(u.OrganizerKey, "user:"+rec.principal),
		"accountKey": numericKey(u.AccountKey, "account:"+rec.principal),
		"email":      rec.principal,
		"firstName":  u.FirstName,
		"lastName":   u.LastName,
		"locale":     "en_US",
		"timeZone":   "UTC",
		"adminRoles": []string{"SUPER_USER"},
	})
}

// handleIdentityMe serves GET /identity/v1/Users/me (SCIM shaped).
func (s *Server) handleIdentityMe(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.bearer(w, r)
	if !ok {
		return
	}
	u := s.userByPrincipal(rec.principal)
	display := strings.TrimSpace(u.FirstName + " " + u.LastName)
	if display == "" {
		display = rec.principal
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"schemas":     []string{"urn:ietf:params:scim:schemas:core:2.0:User"},
		"id":          fmt.Sprint(numericKey(u.OrganizerKey, "user:"+rec.principal)),
		"userName":    rec.principal,
		"displayName": display,
		"name":        map[string]string{"givenName": u.FirstName, "familyName": u.LastName},
		"emails":      []map[string]any{{"value": rec.principal, "type": "work", "primary": true}},
		"active":      true,
		"meta":        map[string]string{"resourceType": "User"},
	})
}
